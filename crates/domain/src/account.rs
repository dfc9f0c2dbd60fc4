//! Accounts: e-mail addresses, passwords, display names, roles and languages.
//!
//! Input is parsed once at the boundary into these types, so deeper code cannot hold an
//! invalid value ("parse, don't validate").

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a piece of account input was refused. The message is meant for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountRuleError {
    /// The e-mail address is not a plausible address.
    #[error("must be a valid e-mail address")]
    InvalidEmail,
    /// The password breaks the password policy.
    #[error(
        "must be {min} to {max} characters long and contain at least one letter and one digit",
        min = Password::MIN_CHARS,
        max = Password::MAX_CHARS
    )]
    WeakPassword,
    /// The display name is empty, too long or contains control characters.
    #[error("must be 1 to {max} characters, without control characters", max = DisplayName::MAX_CHARS)]
    InvalidName,
}

/// A normalized e-mail address: trimmed and lower-cased, so that uniqueness is
/// case-insensitive by construction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses and normalizes an address. Deliberately permissive about exotic-but-valid
    /// local parts; strict about the overall shape (one `@`, a dotted domain, no spaces).
    pub fn parse(input: &str) -> Result<Self, AccountRuleError> {
        let normalized = input.trim().to_lowercase();
        if normalized.len() > Self::MAX_LEN || normalized.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AccountRuleError::InvalidEmail);
        }
        let (local, domain) = normalized.split_once('@').ok_or(AccountRuleError::InvalidEmail)?;
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        if domain_ok && local_ok { Ok(Self(normalized)) } else { Err(AccountRuleError::InvalidEmail) }
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that satisfies the policy. Never printed: `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Minimum length in characters.
    pub const MIN_CHARS: usize = 10;
    /// Maximum length in characters (keeps hashing cost bounded).
    pub const MAX_CHARS: usize = 128;

    /// Checks the policy: 10 to 128 characters, at least one letter and one digit.
    pub fn parse(input: &str) -> Result<Self, AccountRuleError> {
        let chars = input.chars().count();
        let has_letter = input.chars().any(char::is_alphabetic);
        let has_digit = input.chars().any(|c| c.is_ascii_digit());
        if (Self::MIN_CHARS..=Self::MAX_CHARS).contains(&chars) && has_letter && has_digit {
            Ok(Self(input.to_owned()))
        } else {
            Err(AccountRuleError::WeakPassword)
        }
    }

    /// The clear text, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The name shown to other people: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Maximum length in characters.
    pub const MAX_CHARS: usize = 100;

    /// Parses a display name.
    pub fn parse(input: &str) -> Result<Self, AccountRuleError> {
        let trimmed = input.trim();
        let chars = trimmed.chars().count();
        if (1..=Self::MAX_CHARS).contains(&chars) && !trimmed.chars().any(char::is_control) {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(AccountRuleError::InvalidName)
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

stored_enum! {
    /// What an account may do. Admins are only created by operators (`callstar create-admin`).
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Role {
        /// A guest: books and joins calls.
        User = "user",
        /// A host: publishes offers and runs calls.
        Creator = "creator",
        /// An operator.
        Admin = "admin",
    }
}

impl Role {
    /// Whether someone may pick this role when registering themselves.
    pub fn is_self_registrable(self) -> bool {
        matches!(self, Self::User | Self::Creator)
    }
}

stored_enum! {
    /// The languages Callstar speaks (BCP 47 primary language tags).
    #[derive(Default, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Locale {
        /// English, the default.
        #[default]
        En = "en",
        /// French.
        Fr = "fr",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        let email = EmailAddress::parse("  Alice.Smith@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "alice.smith@example.com");
    }

    #[test]
    fn implausible_emails_are_refused() {
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@example",
            "alice@@example.com",
            "al ice@example.com",
            "alice@exa_mple.com",
            "alice@-example.com",
            ".alice@example.com",
            "al..ice@example.com",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(AccountRuleError::InvalidEmail), "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(EmailAddress::parse(&long).is_err());
    }

    #[test]
    fn password_policy() {
        assert!(Password::parse("correct horse 1").is_ok());
        assert_eq!(Password::parse("short1"), Err(AccountRuleError::WeakPassword));
        assert_eq!(Password::parse("onlyletterslong"), Err(AccountRuleError::WeakPassword));
        assert_eq!(Password::parse("1234567890123"), Err(AccountRuleError::WeakPassword));
        assert!(Password::parse(&format!("a1{}", "x".repeat(127))).is_err());
        assert!(Password::parse(&format!("a1{}", "x".repeat(126))).is_ok());
    }

    #[test]
    fn password_debug_is_redacted() {
        let password = Password::parse("secret-password-1").unwrap();
        assert!(!format!("{password:?}").contains("secret"));
    }

    #[test]
    fn display_names() {
        assert_eq!(DisplayName::parse("  Ada  ").unwrap().as_str(), "Ada");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("a\u{0007}b").is_err());
        assert!(DisplayName::parse(&"é".repeat(100)).is_ok());
        assert!(DisplayName::parse(&"é".repeat(101)).is_err());
    }

    #[test]
    fn roles_round_trip_and_admin_is_not_self_registrable() {
        for role in [Role::User, Role::Creator, Role::Admin] {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!(Role::User.is_self_registrable());
        assert!(Role::Creator.is_self_registrable());
        assert!(!Role::Admin.is_self_registrable());
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn locales_round_trip() {
        assert_eq!("fr".parse::<Locale>().unwrap(), Locale::Fr);
        assert_eq!(Locale::default(), Locale::En);
        assert!("de".parse::<Locale>().is_err());
    }

    proptest! {
        #[test]
        fn parsed_email_is_a_fixed_point(input in "\\PC{0,40}@?\\PC{0,40}") {
            if let Ok(email) = EmailAddress::parse(&input) {
                let again = EmailAddress::parse(email.as_str()).unwrap();
                prop_assert_eq!(&again, &email);
                prop_assert_eq!(email.as_str(), email.as_str().to_lowercase());
                prop_assert_eq!(email.as_str().matches('@').count(), 1);
            }
        }

        #[test]
        fn generated_addresses_are_accepted(local in "[a-z0-9]{1,20}(\\.[a-z0-9]{1,10})?", domain in "[a-z0-9]{1,20}\\.[a-z]{2,6}") {
            let input = format!("{local}@{domain}");
            let parsed = EmailAddress::parse(&input).unwrap();
            prop_assert_eq!(parsed.as_str(), input.as_str());
        }

        #[test]
        fn accepted_passwords_satisfy_the_policy(input in "\\PC{0,140}") {
            if Password::parse(&input).is_ok() {
                let n = input.chars().count();
                prop_assert!((Password::MIN_CHARS..=Password::MAX_CHARS).contains(&n));
                prop_assert!(input.chars().any(|c| c.is_ascii_digit()));
                prop_assert!(input.chars().any(char::is_alphabetic));
            }
        }
    }
}
