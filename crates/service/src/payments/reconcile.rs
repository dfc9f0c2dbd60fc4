//! Reconciliation of payments whose webhook never came: the `reconcile-payments` job asks
//! Stripe about the PaymentIntents of recent bookings that have none recorded, applies what
//! Stripe says (a succeeded payment confirms or is refunded, exactly as its event would), and
//! remembers each PaymentIntent's status, so the daily summary reports payments stuck at
//! Stripe.

use chrono::{DateTime, Duration, Utc};
use domain::booking::{BookingStatus, CancelledBy};
use domain::payment::IntentStatus;
use entity::{booking, payment};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

use super::{Confirmation, PaidWith, apply_payment, lock_booking};
use crate::{Context, ServiceError};

/// How long a webhook gets before the job asks Stripe.
const GRACE: Duration = Duration::minutes(5);
/// How far back bookings are checked.
const WINDOW: Duration = Duration::days(3);
/// How often one PaymentIntent is asked about.
const RECHECK: Duration = Duration::minutes(10);
/// PaymentIntents asked about per run.
const BATCH: u64 = 100;
/// A PaymentIntent Stripe has not settled this long after its booking is stuck.
pub const STUCK_AFTER: Duration = Duration::hours(1);

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// PaymentIntents Stripe was asked about.
    pub checked: u64,
    /// Succeeded payments whose webhook never came, now confirmed.
    pub confirmed: u64,
    /// Succeeded payments the booking could not take, now refunded.
    pub refunded: u64,
    /// PaymentIntents Stripe has not settled (processing, or authorized and not captured).
    pub stuck: u64,
    /// PaymentIntents Stripe could not tell about (tried again next run).
    pub errors: u64,
}

/// Bookings whose payment may have succeeded without Callstar hearing of it: a PaymentIntent,
/// no payment recorded, pending or released by the hold's expiry, recent, not asked lately.
fn candidates(now: DateTime<Utc>) -> Condition {
    let paid = Query::select().column(payment::Column::BookingId).from(payment::Entity).to_owned();
    Condition::all()
        .add(booking::Column::StripePaymentIntentId.is_not_null())
        .add(booking::Column::Id.not_in_subquery(paid))
        .add(
            Condition::any().add(booking::Column::Status.eq(BookingStatus::Pending)).add(
                Condition::all()
                    .add(booking::Column::Status.eq(BookingStatus::Cancelled))
                    .add(booking::Column::CancelledBy.eq(CancelledBy::System)),
            ),
        )
        .add(booking::Column::CreatedAt.gte(now - WINDOW))
        .add(booking::Column::CreatedAt.lte(now - GRACE))
        .add(
            Condition::any()
                .add(booking::Column::IntentCheckedAt.is_null())
                .add(booking::Column::IntentCheckedAt.lte(now - RECHECK)),
        )
        .add(
            Condition::any()
                .add(booking::Column::IntentStatus.is_null())
                .add(booking::Column::IntentStatus.ne(IntentStatus::Canceled)),
        )
}

/// The `reconcile-payments` job (nothing to do in test mode, where payments confirm at once).
pub async fn run(ctx: &Context, now: DateTime<Utc>) -> Result<Report, ServiceError> {
    let mut report = Report::default();
    if ctx.payments.is_test_mode() {
        return Ok(report);
    }
    let rows = booking::Entity::find()
        .filter(candidates(now))
        .order_by_asc(booking::Column::CreatedAt)
        .limit(BATCH)
        .all(&ctx.db)
        .await?;
    for row in rows {
        let Some(pi) = row.stripe_payment_intent_id.clone() else { continue };
        report.checked += 1;
        let state = match ctx.payments.retrieve_payment_intent(&pi).await {
            Ok(state) => state,
            Err(err) => {
                tracing::warn!(booking_id = %row.id, payment_intent = %pi, error = %err, "cannot ask Stripe about a payment");
                report.errors += 1;
                continue;
            }
        };
        let Ok(status) = state.status.parse::<IntentStatus>() else {
            tracing::warn!(booking_id = %row.id, status = %state.status, "unknown PaymentIntent status");
            report.errors += 1;
            continue;
        };
        let txn = ctx.db.begin().await?;
        lock_booking(&txn, row.id).await?;
        booking::Entity::update_many()
            .col_expr(booking::Column::IntentStatus, Expr::value(status))
            .col_expr(booking::Column::IntentCheckedAt, Expr::value(now))
            .filter(booking::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        if status == IntentStatus::Succeeded {
            let paid = PaidWith::Stripe {
                payment_intent_id: state.intent.id.clone(),
                charge_id: state.intent.latest_charge.clone(),
                amount_received: state.intent.amount_received,
            };
            match apply_payment(&txn, ctx, row.id, paid, Utc::now()).await? {
                Confirmation::Confirmed => report.confirmed += 1,
                Confirmation::Refunded(_) => report.refunded += 1,
                Confirmation::AlreadyApplied | Confirmation::AlreadyConfirmed => {}
            }
            tracing::warn!(booking_id = %row.id, payment_intent = %pi, "a succeeded payment's webhook never came: applied");
        }
        if status.is_stuck() && row.created_at + STUCK_AFTER <= now {
            report.stuck += 1;
        }
        txn.commit().await?;
    }
    ctx.waker.wake();
    Ok(report)
}

/// Payments stuck at Stripe: bookings whose PaymentIntent was last seen processing (or
/// authorized, not captured) an hour or more after the booking, with no payment recorded.
pub async fn stuck(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    let paid = Query::select().column(payment::Column::BookingId).from(payment::Entity).to_owned();
    let stuck: Vec<IntentStatus> = IntentStatus::ALL.into_iter().filter(|s| s.is_stuck()).collect();
    Ok(booking::Entity::find()
        .filter(booking::Column::IntentStatus.is_in(stuck))
        .filter(booking::Column::Id.not_in_subquery(paid))
        .filter(booking::Column::CreatedAt.lte(now - STUCK_AFTER))
        .count(db)
        .await?)
}
