//! Organizations (a company, a coaching practice): who may create one, its name, the roles
//! of its members (staff or client), and invitations by e-mail, parsed with every field
//! error at once.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::account::{AccountRuleError, EmailAddress, Role};
use crate::input::FieldErrors;

stored_enum! {
    /// A member's place in an organization. Instant calls go between staff and clients.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum MemberRole {
        /// Works for the organization (the owner is staff too).
        Staff = "staff",
        /// A client of the organization.
        Client = "client",
    }
}

impl MemberRole {
    /// The role on the other end of an instant call: staff call clients and clients call staff.
    pub fn counterpart(self) -> Self {
        match self {
            Self::Staff => Self::Client,
            Self::Client => Self::Staff,
        }
    }
}

/// Whether an account with this role may create an organization: hosts (creators) and admins.
pub fn may_create_organization(role: Role) -> bool {
    matches!(role, Role::Creator | Role::Admin)
}

/// Why a piece of organization input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganizationRuleError {
    /// Empty, too long or with control characters.
    #[error("must be 1 to {max} characters, without control characters", max = OrganizationName::MAX_CHARS)]
    InvalidName,
    /// Not `staff` or `client`.
    #[error("must be staff or client")]
    InvalidRole,
}

/// An organization's (or a client's company's) name: trimmed, 1 to 100 characters, no
/// control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationName(String);

impl OrganizationName {
    /// Longest name.
    pub const MAX_CHARS: usize = 100;

    /// Parses a name.
    pub fn parse(input: &str) -> Result<Self, OrganizationRuleError> {
        let name = input.trim();
        let chars = name.chars().count();
        if (1..=Self::MAX_CHARS).contains(&chars) && !name.chars().any(char::is_control) {
            Ok(Self(name.to_owned()))
        } else {
            Err(OrganizationRuleError::InvalidName)
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// How long an invitation's link works.
pub const INVITATION_TTL: Duration = Duration::days(7);

/// An invitation to join an organization, every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    /// Who is invited (the link goes there).
    pub email: EmailAddress,
    /// As staff or as a client.
    pub role: MemberRole,
    /// A client's own company, shown and searched in the staff's client list.
    pub company: Option<OrganizationName>,
}

impl NewInvitation {
    /// Checks the e-mail, the role (`staff` or `client`) and the optional company name.
    pub fn parse(email: &str, role: &str, company: Option<&str>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", EmailAddress::parse(email).map_err(|_| AccountRuleError::InvalidEmail));
        let role =
            errors.check("role", role.trim().parse::<MemberRole>().map_err(|_| OrganizationRuleError::InvalidRole));
        let company = company.map(str::trim).filter(|c| !c.is_empty());
        let company = errors.check_opt("company", company.map(OrganizationName::parse));
        let invitation = match (email, role, company) {
            (Some(email), Some(role), Some(company)) => Some(Self { email, role, company }),
            _ => None,
        };
        errors.finish(invitation)
    }
}

/// Where an invitation stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InvitationStatus {
    /// Waiting for its invitee.
    Pending,
    /// Accepted (its link works no more).
    Accepted,
    /// Its link is past its lifetime.
    Expired,
}

impl InvitationStatus {
    /// The status of an invitation accepted (or not) and expiring at `expires_at`, at `now`.
    pub fn at(accepted_at: Option<DateTime<Utc>>, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        match accepted_at {
            Some(_) => Self::Accepted,
            None if expires_at <= now => Self::Expired,
            None => Self::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_and_clients_call_each_other() {
        assert_eq!(MemberRole::Staff.counterpart(), MemberRole::Client);
        assert_eq!(MemberRole::Client.counterpart(), MemberRole::Staff);
        assert_eq!("client".parse::<MemberRole>(), Ok(MemberRole::Client));
        assert!("Staff".parse::<MemberRole>().is_err(), "stored spellings are exact");
    }

    #[test]
    fn hosts_and_admins_create_organizations() {
        assert!(may_create_organization(Role::Creator));
        assert!(may_create_organization(Role::Admin));
        assert!(!may_create_organization(Role::User));
    }

    #[test]
    fn names_are_bounded() {
        assert_eq!(OrganizationName::parse("  Shore Agents ").unwrap().as_str(), "Shore Agents");
        assert_eq!(OrganizationName::parse(" "), Err(OrganizationRuleError::InvalidName));
        assert!(OrganizationName::parse(&"é".repeat(100)).is_ok());
        assert!(OrganizationName::parse(&"é".repeat(101)).is_err());
        assert!(OrganizationName::parse("a\u{7}b").is_err());
    }

    #[test]
    fn invitations_answer_every_field_error_at_once() {
        let ok = NewInvitation::parse(" Jane@Example.com ", "client", Some(" Acme Corp ")).unwrap();
        assert_eq!(ok.email.as_str(), "jane@example.com");
        assert_eq!(ok.role, MemberRole::Client);
        assert_eq!(ok.company.map(OrganizationName::into_string).as_deref(), Some("Acme Corp"));
        assert_eq!(NewInvitation::parse("a@b.co", "staff", Some("  ")).unwrap().company, None);
        let errors = NewInvitation::parse("nope", "boss", Some(&"x".repeat(101))).unwrap_err().into_vec();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["email", "role", "company"]);
        assert_eq!(errors[1].1, "must be staff or client");
    }

    #[test]
    fn invitation_status_at_a_moment() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(InvitationStatus::at(None, now + Duration::seconds(1), now), InvitationStatus::Pending);
        assert_eq!(InvitationStatus::at(None, now, now), InvitationStatus::Expired, "expires at the instant");
        assert_eq!(InvitationStatus::at(Some(now), now - Duration::days(1), now), InvitationStatus::Accepted);
    }
}
