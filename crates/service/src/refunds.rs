//! The refund queue, shaped like the e-mail outbox: a refund is a row written in the
//! transaction that decides it (with the payment's refunded amount and the creator's ledger
//! entry), and no Stripe call happens before that commits. The `send-refunds` worker claims
//! each due row atomically and sends it with the idempotency key `callstar-refund-<id>`;
//! temporary failures back off and are retried, a refusal marks it failed and tells admins,
//! who see every refund and may queue a failed one again.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::ledger::{EntryKind, refund_share};
use domain::money::Money;
use domain::notification::NotificationType;
use domain::operations::{LogLevel, email_retry_delay};
use domain::payment::{PaymentStatus, RefundReason, RefundStatus};
use entity::{payment, refund, user};
use providers::ProviderError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use crate::ledger::{self, NewEntry};
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError};

/// Attempts before a refund Stripe keeps failing to answer is marked failed.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed refund is reserved for the runner sending it.
const CLAIM: Duration = Duration::minutes(2);
/// Due refunds read at a time.
const PAGE: u64 = 100;

/// A refund, for admins.
#[derive(Debug, Clone, PartialEq)]
pub struct Refund {
    /// Identifier.
    pub id: Uuid,
    /// The payment.
    pub payment_id: Uuid,
    /// Its booking.
    pub booking_id: Uuid,
    /// What goes back.
    pub amount: Money,
    /// The creator's part of it.
    pub creator_share: Money,
    /// Why.
    pub reason: RefundReason,
    /// Where it stands in the queue.
    pub status: RefundStatus,
    /// A test payment's refund (nothing sent to Stripe).
    pub is_test: bool,
    /// Attempts so far.
    pub attempts: i32,
    /// Next attempt, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Stripe's refund.
    pub stripe_refund_id: Option<String>,
    /// The last failure.
    pub error: Option<String>,
    /// Decided.
    pub created_at: DateTime<Utc>,
    /// Accepted by Stripe.
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<refund::Model> for Refund {
    fn from(row: refund::Model) -> Self {
        Self {
            id: row.id,
            payment_id: row.payment_id,
            booking_id: row.booking_id,
            amount: Money::from_minor(row.amount_minor, row.currency),
            creator_share: Money::from_minor(row.creator_share_minor, row.currency),
            reason: row.reason,
            status: row.status,
            is_test: row.is_test,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            stripe_refund_id: row.stripe_refund_id,
            error: row.error,
            created_at: row.created_at,
            sent_at: row.sent_at,
        }
    }
}

/// A refund decided inside a transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decision {
    /// The creator (`creators.id`) whose earning it takes back, when they had one.
    pub creator_id: Option<Uuid>,
    /// How much (minor units; at most what is left of the payment).
    pub amount: i64,
    /// Why.
    pub reason: RefundReason,
    /// Already done at Stripe (seen in its event): recorded as sent, never sent again.
    pub already_refunded: bool,
}

/// Records a refund in the deciding transaction: the queued row, the payment's refunded
/// amount and status, and — when the creator had earned the payment — the ledger entry taking
/// their share back (with the earning's release date while it is still held, so it cancels
/// it; otherwise at once, which may leave debt). Returns the row (none when nothing is left
/// to refund).
pub(crate) async fn decide(
    db: &impl ConnectionTrait,
    ctx: &Context,
    paid: &payment::Model,
    decision: Decision,
    now: DateTime<Utc>,
) -> Result<Option<refund::Model>, ServiceError> {
    let amount = decision.amount.min(paid.amount_minor - paid.refunded_amount_minor);
    if amount <= 0 {
        return Ok(None);
    }
    let refunded = paid.refunded_amount_minor + amount;
    let share = refund_share(paid.creator_amount_minor, paid.amount_minor, paid.refunded_amount_minor, refunded);
    let status = if decision.already_refunded { RefundStatus::Sent } else { RefundStatus::Pending };
    let row = refund::ActiveModel {
        id: Set(Uuid::new_v4()),
        payment_id: Set(paid.id),
        booking_id: Set(paid.booking_id),
        amount_minor: Set(amount),
        currency: Set(paid.currency),
        creator_share_minor: Set(share),
        reason: Set(decision.reason),
        status: Set(status),
        is_test: Set(paid.is_test),
        attempts: Set(0),
        next_attempt_at: Set((!decision.already_refunded).then_some(now)),
        stripe_refund_id: Set(None),
        error: Set(None),
        created_at: Set(now),
        sent_at: Set(decision.already_refunded.then_some(now)),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    let status = if paid.status == PaymentStatus::Disputed {
        paid.status
    } else {
        PaymentStatus::after_refund(refunded, paid.amount_minor)
    };
    payment::Entity::update_many()
        .col_expr(payment::Column::RefundedAmountMinor, Expr::value(refunded))
        .col_expr(payment::Column::Status, Expr::value(status))
        .col_expr(payment::Column::UpdatedAt, Expr::value(now))
        .filter(payment::Column::Id.eq(paid.id))
        .exec(db)
        .await?;
    if let Some(creator_id) = decision.creator_id
        && share > 0
        && ledger::has(db, &format!("earning:{}", paid.booking_id)).await?
    {
        let held = paid.payout_release_date > now;
        let entry = NewEntry {
            release_at: held.then_some(paid.payout_release_date),
            booking_id: Some(paid.booking_id),
            ..NewEntry::new(
                creator_id,
                EntryKind::Refund,
                Money::from_minor(-share, paid.currency),
                Some(format!("refund:{}", row.id)),
            )
        };
        ledger::append(db, entry, now).await?;
        if !held {
            ledger::after_debit(db, ctx, creator_id, now).await?;
        }
    }
    Ok(Some(row))
}

/// What a delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Sent {
    /// Accepted by Stripe (or test refunds, nothing to send).
    pub sent: u64,
    /// Will be retried.
    pub retrying: u64,
    /// Given up (admins were told).
    pub failed: u64,
}

fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(refund::Column::Status.eq(RefundStatus::Pending))
        .add(Condition::any().add(refund::Column::NextAttemptAt.is_null()).add(refund::Column::NextAttemptAt.lte(now)))
}

/// Reserves one due refund for this runner: the UPDATE matches only while it is still due
/// with the same next attempt, so two runners never both send it.
async fn claim(db: &DatabaseConnection, row: &refund::Model, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let mut update = refund::Entity::update_many()
        .col_expr(refund::Column::NextAttemptAt, Expr::value(now + CLAIM))
        .filter(refund::Column::Id.eq(row.id))
        .filter(due(now));
    update = match row.next_attempt_at {
        Some(at) => update.filter(refund::Column::NextAttemptAt.eq(at)),
        None => update.filter(refund::Column::NextAttemptAt.is_null()),
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}

async fn set(db: &DatabaseConnection, id: Uuid, changes: Vec<(refund::Column, Expr)>) -> Result<(), ServiceError> {
    let mut update = refund::Entity::update_many().col_expr(refund::Column::UpdatedAt, Expr::value(Utc::now()));
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    update.filter(refund::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// Sends every refund due at `now`: test payments need no call; the others go to Stripe with
/// their idempotency key, so a refund whose answer was lost is sent again without refunding
/// twice.
pub async fn deliver_due(ctx: &Context, now: DateTime<Utc>) -> Result<Sent, ServiceError> {
    let db = &ctx.db;
    let mut done = Sent::default();
    loop {
        let page =
            refund::Entity::find().filter(due(now)).order_by_asc(refund::Column::CreatedAt).limit(PAGE).all(db).await?;
        if page.is_empty() {
            return Ok(done);
        }
        for row in page {
            if !claim(db, &row, now).await? {
                continue;
            }
            send_claimed(ctx, &row, now, &mut done).await?;
        }
    }
}

async fn send_claimed(
    ctx: &Context,
    row: &refund::Model,
    now: DateTime<Utc>,
    done: &mut Sent,
) -> Result<(), ServiceError> {
    let db = &ctx.db;
    let attempts = row.attempts + 1;
    let result = if row.is_test {
        Ok(None)
    } else {
        let paid =
            payment::Entity::find_by_id(row.payment_id).one(db).await?.ok_or(ServiceError::NotFound("payment"))?;
        match paid.stripe_payment_intent_id {
            Some(pi) => {
                ctx.payments.refund(&pi, row.amount_minor, &format!("callstar-refund-{}", row.id)).await.map(Some)
            }
            None => Err(ProviderError::Refused {
                provider: "Stripe",
                status: 0,
                code: None,
                message: format!("payment {} has no PaymentIntent", paid.id),
            }),
        }
    };
    match result {
        Ok(stripe_id) => {
            set(
                db,
                row.id,
                vec![
                    (refund::Column::Status, Expr::value(RefundStatus::Sent)),
                    (refund::Column::Attempts, Expr::value(attempts)),
                    (refund::Column::StripeRefundId, Expr::value(stripe_id)),
                    (refund::Column::SentAt, Expr::value(Utc::now())),
                    (refund::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
                    (refund::Column::Error, Expr::value(Option::<String>::None)),
                ],
            )
            .await?;
            done.sent += 1;
        }
        Err(err @ ProviderError::Refused { status, .. }) if status != 409 => {
            give_up(db, &ctx.events, row, &err.to_string(), attempts).await?;
            done.failed += 1;
        }
        Err(err) if attempts >= MAX_ATTEMPTS => {
            give_up(db, &ctx.events, row, &err.to_string(), attempts).await?;
            done.failed += 1;
        }
        Err(err) => {
            set(
                db,
                row.id,
                vec![
                    (refund::Column::Attempts, Expr::value(attempts)),
                    (refund::Column::NextAttemptAt, Expr::value(now + email_retry_delay(attempts))),
                    (refund::Column::Error, Expr::value(err.to_string())),
                ],
            )
            .await?;
            done.retrying += 1;
        }
    }
    Ok(())
}

async fn give_up(
    db: &DatabaseConnection,
    events: &crate::events::Events,
    row: &refund::Model,
    error: &str,
    attempts: i32,
) -> Result<(), ServiceError> {
    set(
        db,
        row.id,
        vec![
            (refund::Column::Status, Expr::value(RefundStatus::Failed)),
            (refund::Column::Attempts, Expr::value(attempts)),
            (refund::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
            (refund::Column::Error, Expr::value(error.to_owned())),
        ],
    )
    .await?;
    let amount = Money::from_minor(row.amount_minor, row.currency);
    system_logs::note(
        db,
        LogLevel::Error,
        "REFUND_FAILED",
        Actor::System,
        format!(
            "Refund {} of {amount} for booking {} failed after {attempts} attempts: {error}",
            row.id, row.booking_id
        ),
        json!({"refundId": row.id, "bookingId": row.booking_id}),
    )
    .await;
    let admins = user::Entity::find().filter(user::Column::Role.eq(domain::Role::Admin)).all(db).await?;
    let mut outgoing = crate::events::Outgoing::new();
    for admin in admins {
        outgoing.add(
            notifications::notify(
                db,
                admin.id,
                NotificationType::System,
                params([("message", format!("A refund of {amount} could not be sent: {error}."))]),
                Some(api_types::Route::AdminPayments { refund: Some(row.id), dispute: None }),
            )
            .await?,
        );
    }
    events.publish(outgoing).await;
    Ok(())
}

/// Puts a failed refund back in the queue (admins); it is sent at once.
pub async fn retry(ctx: &Context, id: Uuid) -> Result<Refund, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let changed = refund::Entity::update_many()
        .col_expr(refund::Column::Status, Expr::value(RefundStatus::Pending))
        .col_expr(refund::Column::Attempts, Expr::value(0))
        .col_expr(refund::Column::NextAttemptAt, Expr::value(now))
        .col_expr(refund::Column::UpdatedAt, Expr::value(now))
        .filter(refund::Column::Id.eq(id))
        .filter(refund::Column::Status.eq(RefundStatus::Failed))
        .exec(db)
        .await?
        .rows_affected;
    let row = refund::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("refund"))?;
    if changed == 0 {
        return Err(ServiceError::refused(
            ErrorCode::RefundNotFailed,
            format!("Only failed refunds can be retried; this one is {}.", row.status),
        ));
    }
    ctx.waker.wake();
    Ok(row.into())
}

/// One refund and its state in the queue (admins; a failed refund's notification links to it).
pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Refund, ServiceError> {
    let row = refund::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("refund"))?;
    Ok(row.into())
}

/// Refunds, newest first, optionally of one status and one booking.
pub async fn list(
    db: &DatabaseConnection,
    status: Option<RefundStatus>,
    booking_id: Option<Uuid>,
    page: domain::PageRequest,
) -> Result<(Vec<Refund>, u64), ServiceError> {
    let mut query = refund::Entity::find();
    if let Some(status) = status {
        query = query.filter(refund::Column::Status.eq(status));
    }
    if let Some(booking_id) = booking_id {
        query = query.filter(refund::Column::BookingId.eq(booking_id));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(refund::Column::CreatedAt)
        .order_by_desc(refund::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(Refund::from).collect(), total))
}
