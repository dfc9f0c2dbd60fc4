//! `payout_audit`: every change of a payout — who, when, from which status to which, why.

use domain::ledger::{PayoutActor, PayoutStatus};
use sea_orm::entity::prelude::*;

/// A row of `payout_audit`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payout_audit")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The payout.
    pub payout_id: Uuid,
    /// Who.
    pub actor: PayoutActor,
    /// Their account (creator or admin).
    pub actor_id: Option<Uuid>,
    /// The status before (none when it was created).
    pub from_status: Option<PayoutStatus>,
    /// The status after (the same as before for a note, such as a skip).
    pub to_status: PayoutStatus,
    /// Why.
    pub reason: Option<String>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `payout_audit`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
