//! What admins see of the money fans paid: payments (with their refunded part) and disputes.
//! Refunds and their queue are in `crate::refunds`.

use chrono::{DateTime, Utc};
use domain::money::Money;
use domain::payment::{DisputeStatus, PaymentStatus};
use entity::{dispute, payment};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::ServiceError;

/// A payment, for admins.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// Identifier.
    pub id: Uuid,
    /// The booking paid.
    pub booking_id: Uuid,
    /// What Stripe received.
    pub amount: Money,
    /// The platform's fee.
    pub platform_fee: Money,
    /// The creator's share.
    pub creator_amount: Money,
    /// Refunded so far (queued refunds included).
    pub refunded: Money,
    /// Where it stands.
    pub status: PaymentStatus,
    /// A test-mode payment.
    pub is_test: bool,
    /// The PaymentIntent.
    pub payment_intent_id: Option<String>,
    /// When the creator's share becomes payable.
    pub release_at: DateTime<Utc>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

impl From<payment::Model> for Payment {
    fn from(row: payment::Model) -> Self {
        let money = |minor| Money::from_minor(minor, row.currency);
        Self {
            id: row.id,
            booking_id: row.booking_id,
            amount: money(row.amount_minor),
            platform_fee: money(row.platform_fee_minor),
            creator_amount: money(row.creator_amount_minor),
            refunded: money(row.refunded_amount_minor),
            status: row.status,
            is_test: row.is_test,
            payment_intent_id: row.stripe_payment_intent_id,
            release_at: row.payout_release_date,
            created_at: row.created_at,
        }
    }
}

/// A dispute, for admins.
#[derive(Debug, Clone, PartialEq)]
pub struct Dispute {
    /// Identifier.
    pub id: Uuid,
    /// The payment disputed, when known.
    pub payment_id: Option<Uuid>,
    /// Stripe's dispute.
    pub stripe_dispute_id: String,
    /// Disputed amount.
    pub amount: Money,
    /// Stripe's reason.
    pub reason: Option<String>,
    /// Stripe's status.
    pub status: DisputeStatus,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

impl From<dispute::Model> for Dispute {
    fn from(row: dispute::Model) -> Self {
        Self {
            id: row.id,
            payment_id: row.payment_id,
            stripe_dispute_id: row.stripe_dispute_id,
            amount: Money::from_minor(row.amount_minor, row.currency),
            reason: row.reason,
            status: row.status,
            created_at: row.created_at,
        }
    }
}

/// Payments, newest first, optionally of one status.
pub async fn payments(
    db: &DatabaseConnection,
    status: Option<PaymentStatus>,
    page: domain::PageRequest,
) -> Result<(Vec<Payment>, u64), ServiceError> {
    let mut query = payment::Entity::find();
    if let Some(status) = status {
        query = query.filter(payment::Column::Status.eq(status));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(payment::Column::CreatedAt)
        .order_by_desc(payment::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(Payment::from).collect(), total))
}

/// Disputes, newest first, optionally of one status.
pub async fn disputes(
    db: &DatabaseConnection,
    status: Option<DisputeStatus>,
    page: domain::PageRequest,
) -> Result<(Vec<Dispute>, u64), ServiceError> {
    let mut query = dispute::Entity::find();
    if let Some(status) = status {
        query = query.filter(dispute::Column::Status.eq(status));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(dispute::Column::CreatedAt)
        .order_by_desc(dispute::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(Dispute::from).collect(), total))
}

/// One dispute (the dispute notification's link opens it).
pub async fn dispute(db: &DatabaseConnection, id: Uuid) -> Result<Dispute, ServiceError> {
    let row = dispute::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("dispute"))?;
    Ok(row.into())
}
