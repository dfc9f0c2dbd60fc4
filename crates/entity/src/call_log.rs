//! `call_logs`: events of a call.

use domain::call::{CallEvent, LogActor};
use sea_orm::entity::prelude::*;

/// A row of `call_logs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_logs")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The booking (the call).
    pub booking_id: Uuid,
    /// What happened.
    pub event: CallEvent,
    /// Who recorded it.
    pub actor: LogActor,
    /// The reporting account (none for SYSTEM).
    pub actor_id: Option<Uuid>,
    /// Free text.
    pub message: String,
    /// Reporter-supplied details.
    pub metadata: Json,
    /// Id of the webhook event it came from (deduplication).
    pub external_id: Option<String>,
    /// When it happened.
    pub occurred_at: DateTimeUtc,
    /// When it was recorded.
    pub created_at: DateTimeUtc,
}

/// Relations of `call_logs`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
