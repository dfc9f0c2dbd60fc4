//! The no-show refund: the one place money moves because of a no-show. Settling a call
//! (`video::settle_finished_calls`) records who was absent; [`refund_due`] then refunds in
//! full every paid no-show the policy refunds ([`domain::no_show::refund`]: the host was
//! absent, or both) and that is not refunded yet. It runs in the `settle-calls` job after the
//! settling, so a refund that failed (the provider was down) is tried again at the next run.
//!
//! Exactly once: a payment is refunded only while `refunded_amount_minor < amount_minor`, the
//! provider call carries the idempotency key `callstar-refund-<booking>-<amount>` (a retry after
//! a crash between the provider and the commit gets the same refund back), and the payment row
//! is updated only from the amount it was read with.

use api_types::Route;
use chrono::{DateTime, Utc};
use domain::booking::{BookingStatus, Refund};
use domain::money::Money;
use domain::no_show::{self, Absent};
use domain::notification::NotificationType;
use domain::operations::LogLevel;
use domain::payment::PaymentStatus;
use entity::{booking, payment};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use uuid::Uuid;

use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, bookings};

/// Payments read at a time; a run pages on (by id) until nothing is left.
const PAGE: u64 = 200;

/// Refunds in full the paid no-shows the policy refunds and that are not refunded yet; tells
/// the fan (REFUND_CREATED). Returns (refunded, failed): a failed refund (the provider
/// refused or could not be reached, or the payment lacks what a refund needs) is logged as an
/// ERROR and tried again at the next run.
pub async fn refund_due(ctx: &Context, now: DateTime<Utc>) -> Result<(u64, u64), ServiceError> {
    let db = &ctx.db;
    let refunded_absences: Vec<Absent> =
        Absent::ALL.into_iter().filter(|absent| no_show::refund(*absent) == Refund::Full).collect();
    let (mut refunded, mut failed, mut after) = (0, 0, None::<Uuid>);
    loop {
        let mut query = payment::Entity::find()
            .join(
                JoinType::InnerJoin,
                payment::Entity::belongs_to(booking::Entity)
                    .from(payment::Column::BookingId)
                    .to(booking::Column::Id)
                    .into(),
            )
            .filter(booking::Column::Status.eq(BookingStatus::NoShow))
            .filter(booking::Column::Absent.is_in(refunded_absences.clone()))
            .filter(Expr::col(payment::Column::RefundedAmountMinor).lt(Expr::col(payment::Column::AmountMinor)));
        if let Some(id) = after {
            query = query.filter(payment::Column::Id.gt(id));
        }
        let due = query.order_by_asc(payment::Column::Id).limit(PAGE).all(db).await?;
        let Some(last) = due.last().map(|row| row.id) else { return Ok((refunded, failed)) };
        after = Some(last);
        for paid in due {
            let amount = paid.amount_minor - paid.refunded_amount_minor;
            if let Err(err) = crate::payments::refund(ctx.payments.as_ref(), &paid, amount).await {
                // The provider failed (or the payment cannot be refunded): this one waits for
                // the next run; the others go on.
                if let ServiceError::Database(_) = err {
                    return Err(err);
                }
                tracing::warn!(booking_id = %paid.booking_id, error = %err, "no-show refund failed; next run retries");
                system_logs::note(
                    db,
                    LogLevel::Error,
                    "NO_SHOW_REFUND_FAILED",
                    Actor::System,
                    format!("Refund of no-show booking {} failed: {err}", paid.booking_id),
                    serde_json::json!({"bookingId": paid.booking_id, "amountMinor": amount}),
                )
                .await;
                failed += 1;
                continue;
            }
            refunded += record(ctx, paid, amount, now).await?;
        }
    }
}

/// Records a refund made through the provider on its payment (from the amount it was read
/// with) and tells the fan, in one transaction; 1 when recorded by this call.
async fn record(ctx: &Context, paid: payment::Model, amount: i64, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    let total = paid.refunded_amount_minor + amount;
    let txn = ctx.db.begin().await?;
    let changed = payment::Entity::update_many()
        .col_expr(payment::Column::RefundedAmountMinor, Expr::value(total))
        .col_expr(payment::Column::Status, Expr::value(PaymentStatus::after_refund(total, paid.amount_minor)))
        .col_expr(payment::Column::UpdatedAt, Expr::value(now))
        .filter(payment::Column::Id.eq(paid.id))
        .filter(payment::Column::RefundedAmountMinor.eq(paid.refunded_amount_minor))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Ok(0);
    }
    let booking = bookings::by_id(&txn, paid.booking_id).await?;
    let money = Money::from_minor(amount, paid.currency);
    notifications::notify(
        &txn,
        booking.guest.user_id,
        NotificationType::RefundCreated,
        params([("title", booking.offer.title.clone()), ("amount", money.to_string())]),
        Some(Route::CallSummary(booking.id)),
    )
    .await?;
    system_logs::record(
        &txn,
        LogLevel::Info,
        "NO_SHOW_REFUNDED",
        Actor::System,
        format!("No-show booking {} refunded: {money}", booking.id),
        serde_json::json!({"bookingId": booking.id, "amountMinor": amount, "currency": paid.currency}),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(booking_id = %booking.id, %money, "no-show refunded");
    Ok(1)
}
