//! `invitations`: an e-mail invitation to join an organization, with its single-use token
//! (stored as its SHA-256).

use domain::organization::MemberRole;
use sea_orm::entity::prelude::*;

/// A row of `invitations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// The invitee's lower-cased e-mail.
    pub email: String,
    /// As staff or client.
    pub role: MemberRole,
    /// A client's company.
    pub company: Option<String>,
    /// Hex SHA-256 of the link's token.
    pub token_hash: String,
    /// Who invited.
    pub invited_by: Uuid,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// The link works until then.
    pub expires_at: DateTimeUtc,
    /// When it was accepted.
    pub accepted_at: Option<DateTimeUtc>,
    /// The account that accepted it.
    pub accepted_by: Option<Uuid>,
}

/// Relations of `invitations`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
