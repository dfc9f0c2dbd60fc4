//! Paying for bookings: PaymentIntents (Stripe Connect destination charges), test-mode
//! confirmation, and the Stripe events that confirm, fail, refund or dispute payments.
//! Confirming is idempotent: the first success wins, replays change nothing.

use api_types::ErrorCode;
use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use domain::booking::{BookingStatus, OfferStatus};
use domain::money::{Currency, from_minor_units, split_fee};
use domain::notification::NotificationType;
use entity::{booking, call_offer, creator, dispute, payment, stripe_event, user};
use providers::payments::{PaymentGateway, PaymentIntentRequest};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, SqlErr,
    TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use crate::bookings::{self, HOLD_EXPIRED};
use crate::notifications::{self, params};
use crate::{ServiceError, offers};

pub use providers::payments::AccountStatus;

/// Payment settings.
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    /// Platform fee, percent of the price (PLATFORM_FEE_PERCENT).
    pub platform_fee_percent: Decimal,
    /// Days before a creator's share is payable (PAYOUT_HOLDING_DAYS).
    pub payout_holding_days: i64,
    /// The app's address, for links in the e-mails these changes send.
    pub public_url: String,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            platform_fee_percent: Decimal::from(15),
            payout_holding_days: 7,
            public_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// What `create-intent` answers.
#[derive(Debug, Clone, PartialEq)]
pub struct IntentOutcome {
    /// For Stripe.js; `None` in test mode.
    pub client_secret: Option<String>,
    /// Stripe.js key; `None` in test mode.
    pub publishable_key: Option<String>,
    /// Total, minor units.
    pub amount_minor: i64,
    /// Currency.
    pub currency: String,
    /// Confirmed at once without a real payment.
    pub is_test_booking: bool,
    /// The booking after the call.
    pub booking: bookings::BookingView,
}

/// "12.34 EUR": amounts in notifications, which are rendered in several languages.
pub fn display_amount(minor: i64, currency: &str) -> String {
    let decimal = currency.parse::<Currency>().map_or_else(|_| Decimal::new(minor, 2), |c| from_minor_units(minor, c));
    format!("{decimal} {currency}")
}

/// Prepares payment of a pending booking: re-checks on the server that it still holds its
/// offer, then creates the PaymentIntent, or in test mode confirms at once.
pub async fn create_intent(
    db: &DatabaseConnection,
    gateway: &dyn PaymentGateway,
    settings: &PaymentSettings,
    guest_id: Uuid,
    booking_id: Uuid,
) -> Result<IntentOutcome, ServiceError> {
    let now = Utc::now();
    let row = booking::Entity::find_by_id(booking_id).one(db).await?;
    let row = row.filter(|b| b.user_id == guest_id).ok_or(ServiceError::NotFound("booking"))?;
    if row.status == BookingStatus::Confirmed.as_str() {
        return Err(ServiceError::refused(ErrorCode::AlreadyPaid, "This booking is already paid."));
    }
    let holds = row.status == BookingStatus::Pending.as_str() && row.hold_expires_at.is_some_and(|t| t > now);
    if !holds {
        return Err(ServiceError::refused(
            ErrorCode::HoldExpired,
            "This booking no longer holds the call offer (the payment window expired or it was cancelled). Book again if the offer is still available.",
        ));
    }
    let offer =
        call_offer::Entity::find_by_id(row.call_offer_id).one(db).await?.ok_or(ServiceError::NotFound("call offer"))?;
    if offer.date_time <= now {
        return Err(ServiceError::refused(ErrorCode::OfferPast, "This call offer is in the past."));
    }

    if gateway.is_test_mode() {
        confirm_paid(db, settings, booking_id, PaidWith::Test).await?;
        let view = bookings::view(db, reload(db, booking_id).await?).await?;
        return Ok(IntentOutcome {
            client_secret: None,
            publishable_key: None,
            amount_minor: row.total_price_minor,
            currency: row.currency.clone(),
            is_test_booking: true,
            booking: view,
        });
    }

    let host = creator::Entity::find_by_id(offer.creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    let destination =
        host.stripe_account_id.clone().filter(|_| host.charges_enabled).ok_or_else(|| {
            ServiceError::refused(ErrorCode::PaymentsNotReady, "This creator cannot take payments yet.")
        })?;
    let price = offers::price_of(&offer)?;
    let split = split_fee(price, settings.platform_fee_percent);
    let request = PaymentIntentRequest {
        amount_minor: split.total_minor,
        currency: price.currency().code().to_ascii_lowercase(),
        destination,
        application_fee_minor: split.platform_fee_minor,
        metadata: BTreeMap::from([("booking_id".to_owned(), booking_id.to_string())]),
        description: offer.title.clone(),
        idempotency_key: format!("callstar-booking-{booking_id}"),
    };
    let intent = gateway.create_payment_intent(&request).await.map_err(provider_error)?;
    let mut active: booking::ActiveModel = row.clone().into();
    active.stripe_payment_intent_id = Set(Some(intent.id.clone()));
    active.updated_at = Set(now);
    active.update(db).await?;
    let view = bookings::view(db, reload(db, booking_id).await?).await?;
    Ok(IntentOutcome {
        client_secret: Some(intent.client_secret),
        publishable_key: gateway.publishable_key(),
        amount_minor: split.total_minor,
        currency: price.currency().code().to_owned(),
        is_test_booking: false,
        booking: view,
    })
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> Result<booking::Model, ServiceError> {
    booking::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("booking"))
}

fn provider_error(err: providers::ProviderError) -> ServiceError {
    tracing::error!(error = %err, "payment provider call failed");
    ServiceError::Internal(format!("payment provider: {err}"))
}

/// How a booking was paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaidWith {
    /// Test mode.
    Test,
    /// A succeeded PaymentIntent.
    Stripe {
        /// `pi_…`.
        payment_intent_id: String,
        /// `ch_…`, when known.
        charge_id: Option<String>,
    },
}

/// The result of confirming a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Confirmed now.
    Confirmed,
    /// It already was (a replay).
    AlreadyConfirmed,
    /// Paid too late: someone else holds the offer now. The payment must be refunded.
    OfferTaken,
}

/// Confirms a paid booking once: booking `confirmed`, offer `BOOKED`, payment row with the
/// split and payout release date, notifications for both sides, all in one transaction.
pub async fn confirm_paid(
    db: &DatabaseConnection,
    settings: &PaymentSettings,
    booking_id: Uuid,
    paid: PaidWith,
) -> Result<Confirmation, ServiceError> {
    let now = Utc::now();
    let txn = db.begin().await?;
    let is_test = paid == PaidWith::Test;
    let pending_or_late_expired =
        sea_orm::Condition::any().add(booking::Column::Status.eq(BookingStatus::Pending.as_str())).add(
            sea_orm::Condition::all()
                .add(booking::Column::Status.eq(BookingStatus::Cancelled.as_str()))
                .add(booking::Column::CancelReason.eq(HOLD_EXPIRED)),
        );
    // A payment that arrives after its hold expired still wins if nobody took the offer
    // meanwhile; the unique index refuses it otherwise.
    let update = booking::Entity::update_many()
        .col_expr(booking::Column::Status, Expr::value(BookingStatus::Confirmed.as_str()))
        .col_expr(booking::Column::ConfirmedAt, Expr::value(now))
        .col_expr(booking::Column::HoldExpiresAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .col_expr(booking::Column::IsTestBooking, Expr::value(is_test))
        .col_expr(booking::Column::CancelledAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .col_expr(booking::Column::CancelledBy, Expr::value(Option::<String>::None))
        .col_expr(booking::Column::CancelReason, Expr::value(Option::<String>::None))
        .col_expr(booking::Column::CalendarSequence, crate::db::plus_one(booking::Column::CalendarSequence))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(booking_id))
        .filter(pending_or_late_expired)
        .exec(&txn)
        .await;
    let changed = match update {
        Ok(result) => result.rows_affected,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(Confirmation::OfferTaken);
        }
        Err(err) => return Err(err.into()),
    };
    if changed == 0 {
        let row = reload(&txn, booking_id).await?;
        return if row.status == BookingStatus::Confirmed.as_str() {
            Ok(Confirmation::AlreadyConfirmed)
        } else {
            Ok(Confirmation::OfferTaken)
        };
    }
    let row = reload(&txn, booking_id).await?;
    let offer = call_offer::Entity::find_by_id(row.call_offer_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("call offer"))?;
    call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Booked.as_str()))
        .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
        .filter(call_offer::Column::Id.eq(offer.id))
        .exec(&txn)
        .await?;
    let price = offers::price_of(&offer)?;
    let split = split_fee(price, settings.platform_fee_percent);
    let (payment_intent_id, charge_id) = match &paid {
        PaidWith::Test => (None, None),
        PaidWith::Stripe { payment_intent_id, charge_id } => (Some(payment_intent_id.clone()), charge_id.clone()),
    };
    payment::ActiveModel {
        id: Set(Uuid::new_v4()),
        booking_id: Set(booking_id),
        amount_minor: Set(split.total_minor),
        currency: Set(row.currency.clone()),
        platform_fee_minor: Set(split.platform_fee_minor),
        creator_amount_minor: Set(split.host_minor),
        refunded_amount_minor: Set(0),
        stripe_payment_intent_id: Set(payment_intent_id),
        stripe_charge_id: Set(charge_id),
        status: Set("succeeded".to_owned()),
        payout_status: Set("held".to_owned()),
        payout_release_date: Set(now + Duration::days(settings.payout_holding_days)),
        is_test: Set(is_test),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;

    let (host, host_user) = creator::Entity::find_by_id(offer.creator_id)
        .find_also_related(user::Entity)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("creator"))?;
    let guest = user::Entity::find_by_id(row.user_id).one(&txn).await?;
    let link = Some(format!("/bookings/{booking_id}"));
    notifications::notify(
        &txn,
        row.user_id,
        NotificationType::BookingConfirmed,
        params([("title", offer.title.clone()), ("with", host_user.map(|u| u.name).unwrap_or_default())]),
        link.clone(),
    )
    .await?;
    notifications::notify(
        &txn,
        host.user_id,
        NotificationType::PaymentReceived,
        params([
            ("title", offer.title.clone()),
            ("with", guest.map(|u| u.name).unwrap_or_default()),
            ("amount", display_amount(split.host_minor, &row.currency)),
        ]),
        link,
    )
    .await?;
    let view = bookings::view(&txn, reload(&txn, booking_id).await?).await?;
    crate::outbox::booking_confirmed(&txn, &view, &settings.public_url).await?;
    crate::system_logs::record(
        &txn,
        domain::operations::LogLevel::Info,
        "BOOKING_CONFIRMED",
        crate::system_logs::Actor::User(row.user_id),
        format!("Booking {booking_id} confirmed ({})", if is_test { "test mode" } else { "paid" }),
        serde_json::json!({"bookingId": booking_id, "amountMinor": split.total_minor, "currency": row.currency}),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(%booking_id, is_test, "booking confirmed");
    Ok(Confirmation::Confirmed)
}

/// A verified Stripe event, reduced to what Callstar reads.
#[derive(Debug, Clone)]
pub struct StripeEvent {
    /// `evt_…`.
    pub id: String,
    /// `payment_intent.succeeded`, …
    pub event_type: String,
    /// `data.object`.
    pub object: Value,
}

/// What processing an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// Applied.
    Processed,
    /// Seen before: nothing changed.
    Duplicate,
    /// A type Callstar does not use.
    Ignored,
}

/// Applies a verified Stripe event exactly once (its id is recorded first; a failure
/// forgets it again so Stripe's retry is processed).
pub async fn handle_event(
    db: &DatabaseConnection,
    gateway: &dyn PaymentGateway,
    settings: &PaymentSettings,
    event: StripeEvent,
) -> Result<EventOutcome, ServiceError> {
    let recorded = stripe_event::ActiveModel {
        id: Set(event.id.clone()),
        event_type: Set(event.event_type.clone()),
        received_at: Set(Utc::now()),
    }
    .insert(db)
    .await;
    match recorded {
        Ok(_) => {}
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(EventOutcome::Duplicate);
        }
        Err(err) => return Err(err.into()),
    }
    let result = apply(db, gateway, settings, &event).await;
    if result.is_err() {
        let _ = stripe_event::Entity::delete_by_id(event.id.clone()).exec(db).await;
    }
    result
}

async fn apply(
    db: &DatabaseConnection,
    gateway: &dyn PaymentGateway,
    settings: &PaymentSettings,
    event: &StripeEvent,
) -> Result<EventOutcome, ServiceError> {
    let object = &event.object;
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    match event.event_type.as_str() {
        "payment_intent.succeeded" => {
            let Some(booking) = booking_of_intent(db, object).await? else {
                tracing::warn!(event_id = %event.id, "payment_intent.succeeded for an unknown booking");
                return Ok(EventOutcome::Ignored);
            };
            let pi = text("id").unwrap_or_default();
            let paid = PaidWith::Stripe { payment_intent_id: pi.clone(), charge_id: text("latest_charge") };
            if confirm_paid(db, settings, booking.id, paid).await? == Confirmation::OfferTaken {
                // Paid after the hold expired and someone else booked meanwhile: give it back.
                let amount = object.get("amount_received").and_then(Value::as_i64).unwrap_or(booking.total_price_minor);
                gateway.refund(&pi, amount, &format!("callstar-late-{}", booking.id)).await.map_err(provider_error)?;
                notifications::notify(
                    db,
                    booking.user_id,
                    NotificationType::RefundCreated,
                    params([
                        ("title", offer_title(db, booking.call_offer_id).await?),
                        ("amount", display_amount(amount, &booking.currency)),
                    ]),
                    Some(format!("/bookings/{}", booking.id)),
                )
                .await?;
                tracing::warn!(booking_id = %booking.id, "late payment for a taken offer refunded");
            }
            Ok(EventOutcome::Processed)
        }
        "payment_intent.payment_failed" => {
            let Some(booking) = booking_of_intent(db, object).await? else { return Ok(EventOutcome::Ignored) };
            let reason = object
                .pointer("/last_payment_error/message")
                .and_then(Value::as_str)
                .unwrap_or("payment failed")
                .to_owned();
            let now = Utc::now();
            let txn = db.begin().await?;
            let changed = booking::Entity::update_many()
                .col_expr(booking::Column::Status, Expr::value(BookingStatus::Cancelled.as_str()))
                .col_expr(booking::Column::CancelledAt, Expr::value(now))
                .col_expr(booking::Column::CancelledBy, Expr::value("payment"))
                .col_expr(booking::Column::CancelReason, Expr::value(reason.clone()))
                .col_expr(booking::Column::UpdatedAt, Expr::value(now))
                .filter(booking::Column::Id.eq(booking.id))
                .filter(booking::Column::Status.eq(BookingStatus::Pending.as_str()))
                .exec(&txn)
                .await?;
            if changed.rows_affected == 1 {
                notifications::notify(
                    &txn,
                    booking.user_id,
                    NotificationType::BookingCancelled,
                    params([("title", offer_title(&txn, booking.call_offer_id).await?), ("refund", reason.clone())]),
                    Some(format!("/bookings/{}", booking.id)),
                )
                .await?;
                let view = bookings::view(&txn, reload(&txn, booking.id).await?).await?;
                crate::outbox::payment_failed(&txn, &view, &settings.public_url).await?;
                crate::system_logs::record(
                    &txn,
                    domain::operations::LogLevel::Warning,
                    "PAYMENT_FAILED",
                    crate::system_logs::Actor::User(booking.user_id),
                    format!("Payment of booking {} failed: {reason}", booking.id),
                    serde_json::json!({"bookingId": booking.id}),
                )
                .await?;
            }
            txn.commit().await?;
            Ok(EventOutcome::Processed)
        }
        "charge.refunded" => {
            let found = match (text("payment_intent"), text("id")) {
                (Some(pi), _) => {
                    payment::Entity::find().filter(payment::Column::StripePaymentIntentId.eq(pi)).one(db).await?
                }
                (None, Some(ch)) => {
                    payment::Entity::find().filter(payment::Column::StripeChargeId.eq(ch)).one(db).await?
                }
                _ => None,
            };
            let Some(paid) = found else { return Ok(EventOutcome::Ignored) };
            let refunded = object.get("amount_refunded").and_then(Value::as_i64).unwrap_or(0).min(paid.amount_minor);
            let status = if refunded >= paid.amount_minor { "refunded" } else { "partially_refunded" };
            let mut active: payment::ActiveModel = paid.into();
            active.refunded_amount_minor = Set(refunded);
            active.status = Set(status.to_owned());
            active.updated_at = Set(Utc::now());
            active.update(db).await?;
            Ok(EventOutcome::Processed)
        }
        "charge.dispute.created" => {
            let charge = text("charge");
            let paid = match (text("payment_intent"), charge.clone()) {
                (Some(pi), _) => {
                    payment::Entity::find().filter(payment::Column::StripePaymentIntentId.eq(pi)).one(db).await?
                }
                (None, Some(ch)) => {
                    payment::Entity::find().filter(payment::Column::StripeChargeId.eq(ch)).one(db).await?
                }
                _ => None,
            };
            let amount = object.get("amount").and_then(Value::as_i64).unwrap_or(0);
            let currency = text("currency").unwrap_or_default().to_ascii_uppercase();
            let reason = text("reason");
            let txn = db.begin().await?;
            dispute::ActiveModel {
                id: Set(Uuid::new_v4()),
                payment_id: Set(paid.as_ref().map(|p| p.id)),
                stripe_dispute_id: Set(text("id").unwrap_or_else(|| event.id.clone())),
                stripe_charge_id: Set(charge),
                amount_minor: Set(amount),
                currency: Set(currency.clone()),
                reason: Set(reason.clone()),
                status: Set(text("status").unwrap_or_else(|| "needs_response".to_owned())),
                created_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await?;
            if let Some(paid) = paid {
                let mut active: payment::ActiveModel = paid.into();
                active.status = Set("disputed".to_owned());
                active.updated_at = Set(Utc::now());
                active.update(&txn).await?;
            }
            let admins =
                user::Entity::find().filter(user::Column::Role.eq(domain::Role::Admin.as_str())).all(&txn).await?;
            for admin in admins {
                notifications::notify(
                    &txn,
                    admin.id,
                    NotificationType::DisputeCreated,
                    params([
                        ("amount", display_amount(amount, &currency)),
                        ("reason", reason.clone().unwrap_or_default()),
                    ]),
                    Some("/admin/payments".to_owned()),
                )
                .await?;
            }
            txn.commit().await?;
            Ok(EventOutcome::Processed)
        }
        _ => Ok(EventOutcome::Ignored),
    }
}

async fn booking_of_intent(db: &impl ConnectionTrait, object: &Value) -> Result<Option<booking::Model>, ServiceError> {
    if let Some(pi) = object.get("id").and_then(Value::as_str)
        && let Some(found) =
            booking::Entity::find().filter(booking::Column::StripePaymentIntentId.eq(pi)).one(db).await?
    {
        return Ok(Some(found));
    }
    let by_metadata =
        object.pointer("/metadata/booking_id").and_then(Value::as_str).and_then(|id| Uuid::parse_str(id).ok());
    match by_metadata {
        Some(id) => Ok(booking::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}

async fn offer_title(db: &impl ConnectionTrait, offer_id: Uuid) -> Result<String, ServiceError> {
    Ok(call_offer::Entity::find_by_id(offer_id).one(db).await?.map(|o| o.title).unwrap_or_default())
}

/// Refunds a payment through the provider (test payments need no call).
pub async fn refund(gateway: &dyn PaymentGateway, paid: &payment::Model, amount: i64) -> Result<(), ServiceError> {
    if paid.is_test {
        return Ok(());
    }
    let Some(pi) = &paid.stripe_payment_intent_id else {
        return Err(ServiceError::Internal(format!("payment {} has no PaymentIntent", paid.id)));
    };
    gateway
        .refund(pi, amount, &format!("callstar-refund-{}-{amount}", paid.booking_id))
        .await
        .map_err(provider_error)?;
    Ok(())
}
