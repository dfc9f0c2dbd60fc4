//! The no-show refund: the one place money moves because of a no-show. When settling a call
//! (`video::settle_finished_calls`) records a no-show the policy refunds
//! ([`domain::no_show::refund`]: the host was absent, or both), the same transaction queues a
//! full refund of what is left of the payment in the refund queue ([`crate::refunds`]: the
//! refund row, the payment's refunded amount, the creator's ledger entry) and tells the fan
//! (REFUND_CREATED and an e-mail, with the reason). The `send-refunds` worker sends it to
//! Stripe with its idempotency key and retries while Stripe fails, like every other refund;
//! admins see it in the refund queue.
//!
//! Exactly once: only the run whose conditional transition settled the booking decides the
//! refund, inside that transaction; and the queue never refunds more than is left of a payment.

use chrono::{DateTime, Utc};
use domain::booking::Refund;
use domain::money::Money;
use domain::no_show::{self, Absent};
use domain::operations::LogLevel;
use domain::payment::RefundReason;
use entity::payment;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, bookings, payments, refunds};

/// Queues the full refund of a paid no-show the policy refunds, in the settling transaction,
/// and tells the fan. Returns 1 when a refund was queued, 0 when there is nothing to refund
/// (the fan missed the call, the call was free, or it was refunded already).
pub(crate) async fn queue_refund(
    db: &impl ConnectionTrait,
    ctx: &Context,
    view: &bookings::Booking,
    absent: Absent,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    if no_show::refund(absent) != Refund::Full {
        return Ok(0);
    }
    let Some(paid) = payment::Entity::find().filter(payment::Column::BookingId.eq(view.id)).one(db).await? else {
        return Ok(0);
    };
    let decision = refunds::Decision {
        creator_id: Some(view.offer.creator_id),
        amount: paid.amount_minor - paid.refunded_amount_minor,
        reason: RefundReason::NoShow,
        already_refunded: false,
    };
    let Some(row) = refunds::decide(db, ctx, &paid, decision, now).await? else { return Ok(0) };
    let refunded = Money::from_minor(row.amount_minor, row.currency);
    payments::notify_refund(db, ctx, view, refunded, RefundReason::NoShow).await?;
    system_logs::record(
        db,
        LogLevel::Info,
        "NO_SHOW_REFUNDED",
        Actor::System,
        format!("No-show booking {} ({absent} absent): refund of {refunded} queued", view.id),
        serde_json::json!({"bookingId": view.id, "refundId": row.id, "amountMinor": row.amount_minor, "absent": absent.as_str()}),
    )
    .await?;
    tracing::info!(booking_id = %view.id, refund_id = %row.id, %refunded, "no-show refund queued");
    Ok(1)
}
