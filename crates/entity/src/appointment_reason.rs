//! `appointment_reasons`: why a client books, as the host words it, in the host's order.

use sea_orm::entity::prelude::*;

/// A row of `appointment_reasons`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointment_reasons")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The host's account.
    pub host_id: Uuid,
    /// Label.
    pub label: String,
    /// Display order (ascending).
    pub position: i32,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Deleted by the host (kept for the appointments that gave it).
    pub deleted_at: Option<DateTimeUtc>,
}

/// Relations of `appointment_reasons`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
