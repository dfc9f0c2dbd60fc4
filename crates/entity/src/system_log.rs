//! `system_logs`: security and business events, kept by level (see the cleanup-logs job).

use domain::operations::{LogLevel, SystemActor};
use sea_orm::entity::prelude::*;

/// A row of `system_logs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "system_logs")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Severity.
    pub level: LogLevel,
    /// USER_LOGIN_FAILED, BOOKING_CREATED…
    #[sea_orm(column_name = "type")]
    pub log_type: String,
    /// Who did it.
    pub actor: SystemActor,
    /// The account, when known.
    pub actor_id: Option<Uuid>,
    /// Message.
    pub message: String,
    /// Details.
    pub metadata: Json,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `system_logs`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
