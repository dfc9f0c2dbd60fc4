//! `payments`: the money of a confirmed booking and its split.

use domain::money::Currency;
use domain::payment::PaymentStatus;
use sea_orm::entity::prelude::*;

/// A row of `payments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The booking.
    #[sea_orm(unique)]
    pub booking_id: Uuid,
    /// Received, in minor units (Stripe's `amount_received`).
    pub amount_minor: i64,
    /// Currency.
    pub currency: Currency,
    /// Platform fee, in minor units.
    pub platform_fee_minor: i64,
    /// The creator's share, in minor units.
    pub creator_amount_minor: i64,
    /// Refunded so far, in minor units.
    pub refunded_amount_minor: i64,
    /// The PaymentIntent.
    pub stripe_payment_intent_id: Option<String>,
    /// The charge.
    pub stripe_charge_id: Option<String>,
    /// Where the payment stands.
    pub status: PaymentStatus,
    /// When the creator's share becomes payable (its earning's release date).
    pub payout_release_date: DateTimeUtc,
    /// A test-mode payment.
    pub is_test: bool,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `payments`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
