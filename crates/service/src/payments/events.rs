//! Stripe's webhook events, each applied once by its id: one function per event type.
//! A failure forgets the id again, so Stripe's retry is processed.

use chrono::Utc;
use domain::booking::{BookingStatus, CancelledBy, Transition};
use domain::money::{Currency, Money};
use domain::notification::NotificationType;
use domain::operations::LogLevel;
use domain::payment::{DisputeStatus, PaymentStatus};
use entity::{booking, dispute, payment, stripe_event, user};
use providers::stripe_events::{ChargeRefund, Dispute, Event, EventKind, PaymentIntent};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{Confirmation, PaidWith, confirm_paid};
use crate::bookings::{self, Details};
use crate::error::OnUniqueViolation as _;
use crate::events::Outgoing;
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, outbox};

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

/// Applies a verified Stripe event exactly once (its id is recorded first; a failure
/// forgets it again so Stripe's retry is processed), then wakes the runner.
pub async fn handle(ctx: &Context, event: Event) -> Result<EventOutcome, ServiceError> {
    let db = &ctx.db;
    let recorded = stripe_event::ActiveModel {
        id: Set(event.id.clone()),
        event_type: Set(type_name(&event.kind).to_owned()),
        received_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .unless_duplicate()?;
    if recorded.is_none() {
        return Ok(EventOutcome::Duplicate);
    }
    let result = match event.kind {
        EventKind::PaymentSucceeded(intent) => payment_succeeded(ctx, intent).await,
        EventKind::PaymentFailed(intent, reason) => payment_failed(ctx, intent, reason).await,
        EventKind::ChargeRefunded(refund) => charge_refunded(ctx, refund).await,
        EventKind::DisputeCreated(dispute) => dispute_created(ctx, dispute).await,
        EventKind::Other(_) => Ok(EventOutcome::Ignored),
    };
    if result.is_err() {
        let _ = stripe_event::Entity::delete_by_id(event.id.clone()).exec(db).await;
    }
    ctx.waker.wake();
    result
}

fn type_name(kind: &EventKind) -> &str {
    match kind {
        EventKind::PaymentSucceeded(_) => "payment_intent.succeeded",
        EventKind::PaymentFailed(..) => "payment_intent.payment_failed",
        EventKind::ChargeRefunded(_) => "charge.refunded",
        EventKind::DisputeCreated(_) => "charge.dispute.created",
        EventKind::Other(name) => name,
    }
}

/// `payment_intent.succeeded`: confirms the booking; a payment too late for an offer
/// someone else took is refunded.
async fn payment_succeeded(ctx: &Context, intent: PaymentIntent) -> Result<EventOutcome, ServiceError> {
    let Some(row) = booking_of_intent(&ctx.db, &intent).await? else {
        tracing::warn!(payment_intent = %intent.id, "payment_intent.succeeded for an unknown booking");
        return Ok(EventOutcome::Ignored);
    };
    let paid = PaidWith::Stripe { payment_intent_id: intent.id.clone(), charge_id: intent.latest_charge.clone() };
    if confirm_paid(ctx, row.id, paid).await? == Confirmation::OfferTaken {
        let amount = if intent.amount_received > 0 { intent.amount_received } else { row.total_price_minor };
        ctx.payments.refund(&intent.id, amount, &format!("callstar-late-{}", row.id)).await?;
        let booking = bookings::by_id(&ctx.db, row.id).await?;
        let refunded = notifications::notify(
            &ctx.db,
            booking.guest.user_id,
            NotificationType::RefundCreated,
            params([
                ("title", booking.offer.title.clone()),
                ("amount", Money::from_minor(amount, row.currency).to_string()),
            ]),
            Some(format!("/bookings/{}", row.id)),
        )
        .await?;
        ctx.events.publish(refunded).await;
        tracing::warn!(booking_id = %row.id, "late payment for a taken offer refunded");
    }
    Ok(EventOutcome::Processed)
}

/// `payment_intent.payment_failed`: cancels the pending booking and tells the guest.
async fn payment_failed(ctx: &Context, intent: PaymentIntent, reason: String) -> Result<EventOutcome, ServiceError> {
    let Some(row) = booking_of_intent(&ctx.db, &intent).await? else { return Ok(EventOutcome::Ignored) };
    let now = Utc::now();
    let txn = ctx.db.begin().await?;
    let which = Condition::all().add(booking::Column::Id.eq(row.id));
    let details = Details { cancel_reason: Some(reason.clone()), ..Details::default() };
    let changed = bookings::transition(&txn, which, Transition::Cancel(CancelledBy::Payment), now, details).await?;
    let mut outgoing = Outgoing::new();
    if changed == 1 {
        let booking = bookings::by_id(&txn, row.id).await?;
        let people = [booking.guest.user_id, booking.host.user_id];
        outgoing.add(Outgoing::booking(row.id, BookingStatus::Cancelled, &people));
        outgoing.add(
            notifications::notify(
                &txn,
                booking.guest.user_id,
                NotificationType::BookingCancelled,
                params([("title", booking.offer.title.clone()), ("refund", reason.clone())]),
                Some(format!("/bookings/{}", row.id)),
            )
            .await?,
        );
        outbox::payment_failed(&txn, &booking, &ctx.settings).await?;
        system_logs::record(
            &txn,
            LogLevel::Warning,
            "PAYMENT_FAILED",
            Actor::User(booking.guest.user_id),
            format!("Payment of booking {} failed: {reason}", row.id),
            serde_json::json!({"bookingId": row.id}),
        )
        .await?;
    }
    txn.commit().await?;
    ctx.events.publish(outgoing).await;
    Ok(EventOutcome::Processed)
}

/// `charge.refunded`: records what Stripe says went back.
async fn charge_refunded(ctx: &Context, refund: ChargeRefund) -> Result<EventOutcome, ServiceError> {
    let Some(paid) = payment_of(&ctx.db, refund.payment_intent_id.as_deref(), Some(&refund.charge_id)).await? else {
        return Ok(EventOutcome::Ignored);
    };
    let refunded = refund.amount_refunded.min(paid.amount_minor);
    let amount = paid.amount_minor;
    let mut active: payment::ActiveModel = paid.into();
    active.refunded_amount_minor = Set(refunded);
    active.status = Set(PaymentStatus::after_refund(refunded, amount));
    active.updated_at = Set(Utc::now());
    active.update(&ctx.db).await?;
    Ok(EventOutcome::Processed)
}

/// `charge.dispute.created`: records the dispute, marks the payment and tells the admins.
async fn dispute_created(ctx: &Context, d: Dispute) -> Result<EventOutcome, ServiceError> {
    let db = &ctx.db;
    let paid = payment_of(db, d.payment_intent_id.as_deref(), d.charge_id.as_deref()).await?;
    let currency = Currency::parse_code(&d.currency)
        .map_err(|_| ServiceError::corrupt(format!("dispute {} in an unsupported currency {}", d.id, d.currency)))?;
    let status: DisputeStatus = d
        .status
        .parse()
        .map_err(|_| ServiceError::corrupt(format!("dispute {} has an unknown status {}", d.id, d.status)))?;
    let amount = Money::from_minor(d.amount, currency);
    let txn = db.begin().await?;
    dispute::ActiveModel {
        id: Set(Uuid::new_v4()),
        payment_id: Set(paid.as_ref().map(|p| p.id)),
        stripe_dispute_id: Set(d.id.clone()),
        stripe_charge_id: Set(d.charge_id.clone()),
        amount_minor: Set(d.amount),
        currency: Set(currency),
        reason: Set(d.reason.clone()),
        status: Set(status),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    if let Some(paid) = paid {
        let mut active: payment::ActiveModel = paid.into();
        active.status = Set(PaymentStatus::Disputed);
        active.updated_at = Set(Utc::now());
        active.update(&txn).await?;
    }
    let admins = user::Entity::find().filter(user::Column::Role.eq(domain::Role::Admin)).all(&txn).await?;
    let mut outgoing = Outgoing::new();
    for admin in admins {
        outgoing.add(
            notifications::notify(
                &txn,
                admin.id,
                NotificationType::DisputeCreated,
                params([("amount", amount.to_string()), ("reason", d.reason.clone().unwrap_or_default())]),
                Some("/admin/payments".to_owned()),
            )
            .await?,
        );
    }
    txn.commit().await?;
    ctx.events.publish(outgoing).await;
    Ok(EventOutcome::Processed)
}

async fn booking_of_intent(
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
