//! `ledger_entries`: the append-only record of what Callstar owes each creator.

use domain::ledger::EntryKind;
use domain::money::Currency;
use sea_orm::entity::prelude::*;

/// A row of `ledger_entries`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The creator (`creators.id`).
    pub creator_id: Uuid,
    /// What it records.
    pub kind: EntryKind,
    /// Signed amount in minor units: + owed to the creator, − owed by them or sent out.
    pub amount_minor: i64,
    /// The creator's payout currency.
    pub currency: Currency,
    /// When it becomes payable (earnings, and refunds or disputes of earnings still held).
    pub release_at: Option<DateTimeUtc>,
    /// The booking it is about.
    pub booking_id: Option<Uuid>,
    /// The payout it is about.
    pub payout_id: Option<Uuid>,
    /// Why (admin adjustments).
    pub reason: Option<String>,
    /// Who wrote it (the admin of an adjustment).
    pub actor_id: Option<Uuid>,
    /// The fact it records, once: `earning:<booking>`, `payout_failed:<payout>`…
    #[sea_orm(unique)]
    pub dedup_key: Option<String>,
    /// When it was written.
    pub created_at: DateTimeUtc,
}

/// Relations of `ledger_entries`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
