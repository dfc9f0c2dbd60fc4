//! `refunds`: money going back to a fan, queued in the transaction that decides it and sent
//! to Stripe by the worker.

use domain::money::Currency;
use domain::payment::{RefundReason, RefundStatus};
use sea_orm::entity::prelude::*;

/// A row of `refunds`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    /// Identifier (the idempotency key at Stripe is `callstar-refund-<id>`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The payment refunded.
    pub payment_id: Uuid,
    /// Its booking.
    pub booking_id: Uuid,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: Currency,
    /// The creator's part of it (reversed from their transfer), minor units.
    pub creator_share_minor: i64,
    /// Why.
    pub reason: RefundReason,
    /// Where it stands.
    pub status: RefundStatus,
    /// A test-mode payment: nothing is sent to Stripe.
    pub is_test: bool,
    /// Attempts so far.
    pub attempts: i32,
    /// When it is tried next (while pending).
    pub next_attempt_at: Option<DateTimeUtc>,
    /// Stripe's refund (`re_…`), once sent.
    pub stripe_refund_id: Option<String>,
    /// The last failure.
    pub error: Option<String>,
    /// When it was decided.
    pub created_at: DateTimeUtc,
    /// When Stripe accepted it.
    pub sent_at: Option<DateTimeUtc>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `refunds`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
