//! Organizations: their members (staff and clients), and invitations by e-mail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::User;

/// A member's place in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    /// Works for the organization (the owner is staff).
    Staff,
    /// A client of the organization.
    Client,
}

/// `POST /api/organizations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Shore Agents"})))]
pub struct CreateOrganizationRequest {
    /// 1 to 100 characters.
    pub name: String,
}

/// An organization, as one of its members sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// Identifier.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The owner's account.
    pub owner_id: Uuid,
    /// The reader's role in it.
    pub my_role: MemberRole,
    /// Whether the reader owns it (the owner invites and removes members).
    pub is_owner: bool,
    /// Staff members, the owner included.
    pub staff_count: u64,
    /// Clients.
    pub client_count: u64,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A member of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// The member's account.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Staff or client.
    pub role: MemberRole,
    /// A client's own company.
    pub company: Option<String>,
    /// Whether this member owns the organization.
    pub is_owner: bool,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
}

/// Query of the member list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct MemberQuery {
    /// Only `staff` or only `client`.
    #[serde(default)]
    pub role: Option<String>,
}

/// `POST /api/organizations/{id}/invitations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "jane@acme.example", "role": "client", "company": "Acme Corp"})))]
pub struct CreateInvitationRequest {
    /// Who to invite; the link is e-mailed there.
    pub email: String,
    /// `staff` or `client`.
    pub role: String,
    /// A client's own company (shown and searched in the staff's client list).
    #[serde(default)]
    pub company: Option<String>,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum InvitationStatus {
    /// Waiting for its invitee.
    Pending,
    /// Accepted.
    Accepted,
    /// Its link expired.
    Expired,
}

/// An invitation. Its token is never part of an answer: it travels only in the e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    /// Identifier.
    pub id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// The invitee's e-mail.
    pub email: String,
    /// As staff or client.
    pub role: MemberRole,
    /// A client's company.
    pub company: Option<String>,
    /// Who invited.
    pub invited_by: String,
    /// Where it stands.
    pub status: InvitationStatus,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// The link works until then.
    pub expires_at: DateTime<Utc>,
}

/// `GET /api/invitations`: the pending invitations addressed to my e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvitationList {
    /// Newest first.
    pub invitations: Vec<Invitation>,
}

/// `POST /api/invitations/{id}/accept`.
///
/// Signed in: accepts for the signed-in account; `token` (from the e-mailed link) is needed
/// only when the account's e-mail is not the invited one. Not signed in: `token`, `name` and
/// `password` create an account with the invited e-mail, which joins at once.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptInvitationRequest {
    /// The token of the e-mailed link (`/invitations/{id}#token=…`).
    #[serde(default)]
    pub token: Option<String>,
    /// For a new account: the name shown to others.
    #[serde(default)]
    pub name: Option<String>,
    /// For a new account: 10 to 128 characters with a letter and a digit.
    #[serde(default)]
    pub password: Option<String>,
}

/// The answer of an accepted invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptedInvitation {
    /// The organization joined.
    pub organization: Organization,
    /// The account that joined (new when the invitation created it; sign in with it).
    pub user: User,
    /// Whether the account was created by this acceptance.
    pub account_created: bool,
}
