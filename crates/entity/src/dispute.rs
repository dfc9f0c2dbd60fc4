//! `disputes`: chargebacks reported by Stripe.

use domain::money::Currency;
use domain::payment::DisputeStatus;
use sea_orm::entity::prelude::*;

/// A row of `disputes`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disputes")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The payment, when known.
    pub payment_id: Option<Uuid>,
    /// Stripe's dispute id.
    #[sea_orm(unique)]
    pub stripe_dispute_id: String,
    /// The disputed charge.
    pub stripe_charge_id: Option<String>,
    /// Disputed amount, minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: Currency,
    /// Stripe's reason.
    pub reason: Option<String>,
    /// Stripe's status.
    pub status: DisputeStatus,
    /// When it was recorded.
    pub created_at: DateTimeUtc,
}

/// Relations of `disputes`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
