//! `payouts`: money sent (or to be sent) from a creator's Stripe balance to their bank.

use domain::ledger::{PayoutOrigin, PayoutStatus, SkipReason};
use domain::money::Currency;
use sea_orm::entity::prelude::*;

/// A row of `payouts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payouts")]
pub struct Model {
    /// Identifier (the idempotency key at Stripe is `callstar-payout-<id>`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The creator (`creators.id`).
    pub creator_id: Uuid,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: Currency,
    /// Where it stands.
    pub status: PayoutStatus,
    /// Scheduled or requested.
    pub origin: PayoutOrigin,
    /// A test-mode payout (no Stripe key): it went through every status at once.
    pub is_test: bool,
    /// The connected account it was sent from.
    pub stripe_account_id: Option<String>,
    /// Stripe's payout (`po_…`), once created.
    #[sea_orm(unique)]
    pub stripe_payout_id: Option<String>,
    /// When it was requested (or created by the schedule).
    pub requested_at: DateTimeUtc,
    /// The creator's account that requested it.
    pub requested_by: Option<Uuid>,
    /// When it was approved (a scheduled payout: when it was created).
    pub approved_at: Option<DateTimeUtc>,
    /// The admin who approved it.
    pub approved_by: Option<Uuid>,
    /// When Stripe accepted it.
    pub sent_at: Option<DateTimeUtc>,
    /// When the bank received it.
    pub paid_at: Option<DateTimeUtc>,
    /// When it failed.
    pub failed_at: Option<DateTimeUtc>,
    /// When an admin rejected it.
    pub rejected_at: Option<DateTimeUtc>,
    /// Stripe's (or the job's) reason for the failure.
    pub failure_reason: Option<String>,
    /// The admin's reason for the rejection.
    pub rejection_reason: Option<String>,
    /// Why the job is holding it back, while it is.
    pub skip_reason: Option<SkipReason>,
    /// Attempts to send it so far.
    pub attempts: i32,
    /// The first attempt (Stripe keeps idempotency keys for 24 h).
    pub first_attempt_at: Option<DateTimeUtc>,
    /// When to try again after a temporary failure.
    pub next_attempt_at: Option<DateTimeUtc>,
    /// Reserved for the runner sending it until then.
    pub claimed_until: Option<DateTimeUtc>,
    /// The last temporary failure.
    pub last_error: Option<String>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `payouts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
