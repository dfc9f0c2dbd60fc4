//! A creator's public profile: bio, expertise, picture and social links, each bounded, and
//! URLs that are web addresses. Parsed once with every field's error at once.

use std::collections::BTreeMap;

use crate::input::FieldErrors;
use crate::money::Currency;
use crate::time_zone::TimeZone;

/// Why a profile field was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileRuleError {
    /// Text too long.
    #[error("must be at most {0} characters")]
    TooLong(usize),
    /// Not an http(s) URL.
    #[error("must be an http(s) URL")]
    NotWebUrl,
    /// Too many links.
    #[error("must have at most {} links", SocialLinks::MAX)]
    TooManyLinks,
}

/// An absolute `http(s)` URL without whitespace, at most 2,048 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// Checks the scheme and length.
    pub fn parse(input: &str) -> Result<Self, ProfileRuleError> {
        let url = input.trim();
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web || url.len() > 2048 || url.contains(char::is_whitespace) || url.len() <= "https://".len() {
            return Err(ProfileRuleError::NotWebUrl);
        }
        Ok(Self(url.to_owned()))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Optional text, trimmed (empty is none), at most `max` characters.
pub fn optional_text(input: Option<&str>, max: usize) -> Result<Option<String>, ProfileRuleError> {
    let text = input.map(str::trim).filter(|t| !t.is_empty());
    match text {
        Some(t) if t.chars().count() > max => Err(ProfileRuleError::TooLong(max)),
        other => Ok(other.map(str::to_owned)),
    }
}

/// Social networks and their URLs: at most ten, names of 1 to 30 characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SocialLinks(BTreeMap<String, String>);

impl SocialLinks {
    /// Most links.
    pub const MAX: usize = 10;

    /// The links.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }
}

/// A creator's profile, every field checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatorProfile {
    /// About (at most 5,000 characters).
    pub bio: Option<String>,
    /// Topics (at most 200 characters).
    pub expertise: Option<String>,
    /// Picture.
    pub profile_image: Option<WebUrl>,
    /// Links.
    pub social_links: SocialLinks,
    /// Payout currency.
    pub currency: Currency,
    /// Time zone.
    pub timezone: TimeZone,
}

/// The raw fields of a profile.
#[derive(Debug, Clone, Copy)]
pub struct ProfileFields<'a> {
    /// About.
    pub bio: Option<&'a str>,
    /// Topics.
    pub expertise: Option<&'a str>,
    /// Picture URL.
    pub profile_image: Option<&'a str>,
    /// Network → URL.
    pub social_links: &'a BTreeMap<String, String>,
    /// Currency code.
    pub currency: &'a str,
    /// IANA zone.
    pub timezone: &'a str,
}

impl CreatorProfile {
    /// Checks every field; answers all the errors at once.
    pub fn parse(fields: ProfileFields<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let bio = errors.check("bio", optional_text(fields.bio, 5000));
        let expertise = errors.check("expertise", optional_text(fields.expertise, 200));
        let image = fields.profile_image.map(str::trim).filter(|u| !u.is_empty());
        let profile_image = errors.check_opt("profileImage", image.map(WebUrl::parse));
        let mut links = BTreeMap::new();
        if fields.social_links.len() > SocialLinks::MAX {
            errors.add("socialLinks", ProfileRuleError::TooManyLinks.to_string());
        }
        for (network, url) in fields.social_links {
            let name_ok = !network.is_empty() && network.chars().count() <= 30;
            match WebUrl::parse(url) {
                Ok(url) if name_ok => {
                    links.insert(network.clone(), url.0);
                }
                _ => errors.add("socialLinks", format!("{network}: {}", ProfileRuleError::NotWebUrl)),
            }
        }
        let currency = errors.check("currency", Currency::parse_code(fields.currency));
        let timezone = errors.check("timezone", TimeZone::parse(fields.timezone));
        let profile = match (bio, expertise, profile_image, currency, timezone) {
            (Some(bio), Some(expertise), Some(profile_image), Some(currency), Some(timezone)) => {
                Some(Self { bio, expertise, profile_image, social_links: SocialLinks(links), currency, timezone })
            }
            _ => None,
        };
        errors.finish(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_web_addresses() {
        assert!(WebUrl::parse("https://example.com/me.png").is_ok());
        for bad in ["ftp://x", "https://", "javascript:alert(1)", "https://a b"] {
            assert!(WebUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_field_error_at_once() {
        let links = BTreeMap::from([("insta".to_owned(), "nope".to_owned())]);
        let long = "x".repeat(201);
        let fields = ProfileFields {
            bio: Some("  "),
            expertise: Some(&long),
            profile_image: Some("data:x"),
            social_links: &links,
            currency: "JPY",
            timezone: "Mars/Base",
        };
        let errors = CreatorProfile::parse(fields).unwrap_err().into_vec();
        let names: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, ["expertise", "profileImage", "socialLinks", "currency", "timezone"]);
        let ok = ProfileFields { expertise: None, profile_image: None, currency: "eur", timezone: "UTC", ..fields };
        let links = BTreeMap::new();
        let profile = CreatorProfile::parse(ProfileFields { social_links: &links, ..ok }).unwrap();
        assert_eq!((profile.bio, profile.currency), (None, Currency::Eur));
    }
}
