//! Stripe's webhook events, each applied exactly once: the event's id is inserted in the same
//! transaction as its effect. A second delivery of an event still being applied waits for the
//! first (the id's primary key) and is answered only after it committed; an effect that fails
//! rolls the id back with it, so the error reaches Stripe, which delivers the event again.
//! One function per event type; refunds are queued, never sent from here.

use api_types::Route;
use chrono::{DateTime, Utc};
use domain::booking::BookingStatus;
use domain::ledger::EntryKind;
use domain::money::{Currency, Money};
use domain::notification::NotificationType;
use domain::operations::LogLevel;
use domain::payment::{DisputeStatus, PaymentStatus, RefundReason};
use entity::{booking, call_offer, dispute, payment, stripe_event, user};
use providers::stripe_events::{ChargeRefund, Dispute, Event, EventKind, PaymentIntent};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use super::{Confirmation, PaidWith, apply_payment};
use crate::ledger::{self, NewEntry};
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, bookings, creators, outbox, payouts, refunds};

/// What processing an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// Applied.
    Processed,
    /// Seen before: nothing changed.
    Duplicate,
    /// A type (or an object) Callstar does not use.
    Ignored,
}

/// Which of Stripe's two webhook endpoints an event arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Events on the platform account: payments, refunds, disputes.
    Platform,
    /// Events on connected accounts (they carry `account`): payouts, account changes.
    Connect,
}

/// An event sent to the endpoint it does not belong to: a webhook configuration error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Misrouted {
    /// A connected account's event on the platform endpoint.
    #[error(
        "a Connect event (it names an account) arrived on the platform endpoint; send it to /api/payments/connect-webhook"
    )]
    ConnectOnPlatform,
    /// A platform event on the Connect endpoint.
    #[error("a platform event (it names no account) arrived on the Connect endpoint; send it to /api/payments/webhook")]
    PlatformOnConnect,
}

/// Checks that an event arrived on its endpoint.
pub fn check_endpoint(event: &Event, endpoint: Endpoint) -> Result<(), Misrouted> {
    match (endpoint, event.account.is_some()) {
        (Endpoint::Platform, true) => Err(Misrouted::ConnectOnPlatform),
        (Endpoint::Connect, false) => Err(Misrouted::PlatformOnConnect),
        _ => Ok(()),
    }
}

/// Applies a verified Stripe event exactly once, then wakes the runner.
pub async fn handle(ctx: &Context, event: Event) -> Result<EventOutcome, ServiceError> {
    if ctx.payments.livemode().is_some_and(|live| live != event.livemode) {
        tracing::info!(event_id = %event.id, livemode = event.livemode, "Stripe event of the other mode ignored");
        return Ok(EventOutcome::Ignored);
    }
    let now = Utc::now();
    let txn = ctx.db.begin().await?;
    // The first statement writes: concurrent deliveries of this id queue here until the
    // first one's transaction ends, then find it recorded (or not, if it failed).
    let recorded = stripe_event::Entity::insert(stripe_event::ActiveModel {
        id: Set(event.id.clone()),
        event_type: Set(event.kind.type_name().to_owned()),
        received_at: Set(now),
    })
    .on_conflict(OnConflict::column(stripe_event::Column::Id).do_nothing().to_owned())
    .exec_without_returning(&txn)
    .await?;
    if recorded == 0 {
        txn.rollback().await?;
        return Ok(EventOutcome::Duplicate);
    }
    let account = event.account.clone();
    let outcome = match event.kind {
        EventKind::PaymentSucceeded(intent) => payment_succeeded(&txn, ctx, intent, now).await?,
        EventKind::PaymentFailed(intent, reason) => payment_failed(&txn, ctx, intent, reason).await?,
        EventKind::ChargeRefunded(refund) => charge_refunded(&txn, ctx, refund, now).await?,
        EventKind::DisputeCreated(d) => dispute_created(&txn, ctx, d, now).await?,
        EventKind::DisputeClosed(d) => dispute_closed(&txn, d, now).await?,
        EventKind::PayoutPaid(p) => payouts::on_stripe_payout(&txn, ctx, account.as_deref(), &p, true, now).await?,
        EventKind::PayoutFailed(p) => payouts::on_stripe_payout(&txn, ctx, account.as_deref(), &p, false, now).await?,
        EventKind::AccountUpdated(a) => creators::on_account_updated(&txn, &a, now).await?,
        EventKind::Other(_) => EventOutcome::Ignored,
    };
    txn.commit().await?;
    ctx.waker.wake();
    Ok(outcome)
}

/// `payment_intent.succeeded`: confirms the booking, or refunds a payment it cannot take.
async fn payment_succeeded(
    db: &DatabaseTransaction,
    ctx: &Context,
    intent: PaymentIntent,
    now: DateTime<Utc>,
) -> Result<EventOutcome, ServiceError> {
    let Some(row) = booking_of_intent(db, &intent).await? else {
        tracing::warn!(payment_intent = %intent.id, "payment_intent.succeeded for an unknown booking");
        return Ok(EventOutcome::Ignored);
    };
    let paid = PaidWith::Stripe {
        payment_intent_id: intent.id.clone(),
        charge_id: intent.latest_charge.clone(),
        amount_received: intent.amount_received,
    };
    let outcome = apply_payment(db, ctx, row.id, paid, now).await?;
    tracing::info!(booking_id = %row.id, ?outcome, "payment applied");
    Ok(match outcome {
        Confirmation::AlreadyApplied | Confirmation::AlreadyConfirmed => EventOutcome::Duplicate,
        Confirmation::Confirmed | Confirmation::Refunded(_) => EventOutcome::Processed,
    })
}

/// `payment_intent.payment_failed`: informs the fan, who may try again with the same
/// PaymentIntent while the booking holds the call; nothing is cancelled (the hold expires on
/// its own).
async fn payment_failed(
    db: &DatabaseTransaction,
    ctx: &Context,
    intent: PaymentIntent,
    reason: String,
) -> Result<EventOutcome, ServiceError> {
    let Some(row) = booking_of_intent(db, &intent).await? else { return Ok(EventOutcome::Ignored) };
    if row.status != BookingStatus::Pending {
        return Ok(EventOutcome::Ignored);
    }
    let booking = bookings::by_id(db, row.id).await?;
    ctx.events.publish_when_committed(
        &ctx.db,
        notifications::notify(
            db,
            booking.guest.user_id,
            NotificationType::PaymentFailed,
            params([("title", booking.offer.title.clone()), ("reason", reason.clone())]),
            Some(Route::Book(booking.offer.id)),
        )
        .await?,
    );
    outbox::payment_failed(db, &booking, &ctx.settings).await?;
    system_logs::record(
        db,
        LogLevel::Warning,
        "PAYMENT_FAILED",
        Actor::User(booking.guest.user_id),
        format!("A payment attempt for booking {} failed: {reason}", row.id),
        serde_json::json!({"bookingId": row.id, "paymentIntent": intent.id}),
    )
    .await?;
    Ok(EventOutcome::Processed)
}

/// `charge.refunded`: Stripe's total refunded so far. A refund Callstar queued is already
/// counted; more than that was refunded outside Callstar (the dashboard), and is recorded as
/// such, with the creator's share taken back.
async fn charge_refunded(
    db: &DatabaseTransaction,
    ctx: &Context,
    refund: ChargeRefund,
    now: DateTime<Utc>,
) -> Result<EventOutcome, ServiceError> {
    let Some(paid) = payment_of(db, refund.payment_intent_id.as_deref(), Some(&refund.charge_id)).await? else {
        return Ok(EventOutcome::Ignored);
    };
    payments_lock(db, &paid).await?;
    let paid = payment::Entity::find_by_id(paid.id).one(db).await?.ok_or(ServiceError::NotFound("payment"))?;
    let outside = refund.amount_refunded.min(paid.amount_minor) - paid.refunded_amount_minor;
    if outside <= 0 {
        return Ok(EventOutcome::Duplicate);
    }
    let creator_id = creator_of_booking(db, paid.booking_id).await?;
    let decision = refunds::Decision {
        creator_id: Some(creator_id),
        amount: outside,
        reason: RefundReason::External,
        already_refunded: true,
    };
    refunds::decide(db, ctx, &paid, decision, now).await?;
    let booking = bookings::by_id(db, paid.booking_id).await?;
    super::notify_refund(db, ctx, &booking, Money::from_minor(outside, paid.currency), RefundReason::External).await?;
    Ok(EventOutcome::Processed)
}

/// Serializes changes of one payment (the booking's row lock).
async fn payments_lock(db: &DatabaseTransaction, paid: &payment::Model) -> Result<(), ServiceError> {
    super::lock_booking(db, paid.booking_id).await
}

/// The creator (`creators.id`) of a booking.
async fn creator_of_booking(db: &impl ConnectionTrait, booking_id: Uuid) -> Result<Uuid, ServiceError> {
    let row = booking::Entity::find_by_id(booking_id).one(db).await?.ok_or(ServiceError::NotFound("booking"))?;
    let offer =
        call_offer::Entity::find_by_id(row.call_offer_id).one(db).await?.ok_or(ServiceError::NotFound("call offer"))?;
    Ok(offer.creator_id)
}

/// `charge.dispute.created`: records the dispute, marks the payment, holds the creator's share
/// of the disputed amount until it is decided, and tells the admins.
async fn dispute_created(
    db: &DatabaseTransaction,
    ctx: &Context,
    d: Dispute,
    now: DateTime<Utc>,
) -> Result<EventOutcome, ServiceError> {
    let paid = payment_of(db, d.payment_intent_id.as_deref(), d.charge_id.as_deref()).await?;
    let currency = Currency::parse_code(&d.currency)
        .map_err(|_| ServiceError::corrupt(format!("dispute {} in an unsupported currency {}", d.id, d.currency)))?;
    let status: DisputeStatus = d
        .status
        .parse()
        .map_err(|_| ServiceError::corrupt(format!("dispute {} has an unknown status {}", d.id, d.status)))?;
    let amount = Money::from_minor(d.amount, currency);
    let id = Uuid::new_v4();
    let inserted = dispute::Entity::insert(dispute::ActiveModel {
        id: Set(id),
        payment_id: Set(paid.as_ref().map(|p| p.id)),
        stripe_dispute_id: Set(d.id.clone()),
        stripe_charge_id: Set(d.charge_id.clone()),
        amount_minor: Set(d.amount),
        currency: Set(currency),
        reason: Set(d.reason.clone()),
        status: Set(status),
        created_at: Set(now),
    })
    .on_conflict(OnConflict::column(dispute::Column::StripeDisputeId).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    if inserted == 0 {
        return Ok(EventOutcome::Duplicate);
    }
    if let Some(paid) = paid {
        payment::Entity::update_many()
            .col_expr(payment::Column::Status, Expr::value(PaymentStatus::Disputed))
            .col_expr(payment::Column::UpdatedAt, Expr::value(now))
            .filter(payment::Column::Id.eq(paid.id))
            .exec(db)
            .await?;
        hold_disputed_share(db, ctx, &paid, &d, now).await?;
    }
    let admins = user::Entity::find().filter(user::Column::Role.eq(domain::Role::Admin)).all(db).await?;
    for admin in admins {
        let mut p = params([("reason", d.reason.clone().unwrap_or_default())]);
        p.insert("amount".into(), domain::notification::money(amount));
        ctx.events.publish_when_committed(
            &ctx.db,
            notifications::notify(
                db,
                admin.id,
                NotificationType::DisputeCreated,
                p,
                Some(Route::AdminPayments { refund: None, dispute: Some(id) }),
            )
            .await?,
        );
    }
    Ok(EventOutcome::Processed)
}

/// The creator's share of a disputed amount, held from their balance while the dispute is
/// open (with the earning's release date while it is still held).
async fn hold_disputed_share(
    db: &DatabaseTransaction,
    ctx: &Context,
    paid: &payment::Model,
    d: &Dispute,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if !ledger::has(db, &format!("earning:{}", paid.booking_id)).await? {
        return Ok(());
    }
    let share = domain::ledger::refund_share(paid.creator_amount_minor, paid.amount_minor, 0, d.amount);
    if share <= 0 {
        return Ok(());
    }
    let creator_id = creator_of_booking(db, paid.booking_id).await?;
    let held = paid.payout_release_date > now;
    let entry = NewEntry {
        release_at: held.then_some(paid.payout_release_date),
        booking_id: Some(paid.booking_id),
        ..NewEntry::new(
            creator_id,
            EntryKind::DisputeOpened,
            Money::from_minor(-share, paid.currency),
            Some(format!("dispute_opened:{}", d.id)),
        )
    };
    ledger::append(db, entry, now).await?;
    if !held {
        ledger::after_debit(db, ctx, creator_id, now).await?;
    }
    Ok(())
}

/// `charge.dispute.closed`: won (or an inquiry closed) gives the creator's held share back;
/// lost keeps it as a loss.
async fn dispute_closed(
    db: &DatabaseTransaction,
    d: Dispute,
    now: DateTime<Utc>,
) -> Result<EventOutcome, ServiceError> {
    let status: DisputeStatus = d
        .status
        .parse()
        .map_err(|_| ServiceError::corrupt(format!("dispute {} has an unknown status {}", d.id, d.status)))?;
    let Some(row) = dispute::Entity::find().filter(dispute::Column::StripeDisputeId.eq(&d.id)).one(db).await? else {
        return Ok(EventOutcome::Ignored);
    };
    dispute::Entity::update_many()
        .col_expr(dispute::Column::Status, Expr::value(status))
        .filter(dispute::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    let opened = format!("dispute_opened:{}", d.id);
    let Some(paid_id) = row.payment_id else { return Ok(EventOutcome::Processed) };
    let paid = payment::Entity::find_by_id(paid_id).one(db).await?.ok_or(ServiceError::NotFound("payment"))?;
    let won = matches!(status, DisputeStatus::Won | DisputeStatus::WarningClosed | DisputeStatus::Prevented);
    if won {
        let after = if paid.refunded_amount_minor > 0 {
            PaymentStatus::after_refund(paid.refunded_amount_minor, paid.amount_minor)
        } else {
            PaymentStatus::Succeeded
        };
        payment::Entity::update_many()
            .col_expr(payment::Column::Status, Expr::value(after))
            .col_expr(payment::Column::UpdatedAt, Expr::value(now))
            .filter(payment::Column::Id.eq(paid.id))
            .exec(db)
            .await?;
    }
    if !ledger::has(db, &opened).await? {
        return Ok(EventOutcome::Processed);
    }
    let creator_id = creator_of_booking(db, paid.booking_id).await?;
    let share = domain::ledger::refund_share(paid.creator_amount_minor, paid.amount_minor, 0, row.amount_minor);
    let (kind, amount, key) = if won {
        (EntryKind::DisputeWon, share, format!("dispute_won:{}", d.id))
    } else if status == DisputeStatus::Lost {
        (EntryKind::DisputeLost, 0, format!("dispute_lost:{}", d.id))
    } else {
        return Ok(EventOutcome::Processed);
    };
    let held = paid.payout_release_date > now;
    let entry = NewEntry {
        release_at: held.then_some(paid.payout_release_date),
        booking_id: Some(paid.booking_id),
        ..NewEntry::new(creator_id, kind, Money::from_minor(amount, paid.currency), Some(key))
    };
    ledger::append(db, entry, now).await?;
    Ok(EventOutcome::Processed)
}

pub(crate) async fn booking_of_intent(
    db: &impl ConnectionTrait,
    intent: &PaymentIntent,
) -> Result<Option<booking::Model>, ServiceError> {
    if let Some(found) =
        booking::Entity::find().filter(booking::Column::StripePaymentIntentId.eq(&intent.id)).one(db).await?
    {
        return Ok(Some(found));
    }
    match intent.booking_id.as_deref().and_then(|id| Uuid::parse_str(id).ok()) {
        Some(id) => Ok(booking::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}

async fn payment_of(
    db: &impl ConnectionTrait,
    payment_intent_id: Option<&str>,
    charge_id: Option<&str>,
) -> Result<Option<payment::Model>, ServiceError> {
    let column = match (payment_intent_id, charge_id) {
        (Some(pi), _) => payment::Column::StripePaymentIntentId.eq(pi),
        (None, Some(ch)) => payment::Column::StripeChargeId.eq(ch),
        (None, None) => return Ok(None),
    };
    Ok(payment::Entity::find().filter(column).one(db).await?)
}
