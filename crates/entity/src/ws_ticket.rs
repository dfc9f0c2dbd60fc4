//! `ws_tickets`: single-use tickets that open a WebSocket, stored as their SHA-256.

use sea_orm::entity::prelude::*;

/// A row of `ws_tickets`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ws_tickets")]
pub struct Model {
    /// Hex SHA-256 of the ticket.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    /// Whose socket it opens.
    pub user_id: Uuid,
    /// When it was issued.
    pub created_at: DateTimeUtc,
    /// It opens nothing after this.
    pub expires_at: DateTimeUtc,
    /// When it opened a socket (a ticket works once).
    pub used_at: Option<DateTimeUtc>,
}

/// Relations of `ws_tickets`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
