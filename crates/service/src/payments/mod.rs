//! Paying for bookings: PaymentIntents (Stripe Connect destination charges), test-mode
//! confirmation, confirming a paid booking once, refunds. Stripe's events are in [`events`].

pub mod events;

use std::collections::BTreeMap;

use api_types::ErrorCode;
use chrono::{Duration, Utc};
use domain::booking::{BookingStatus, OfferStatus, Transition};
use domain::money::{Money, Price, split_fee};
use domain::notification::NotificationType;
use domain::operations::LogLevel;
use domain::payment::{PaymentStatus, PayoutHold};
use entity::{booking, call_offer, creator, payment};
use providers::payments::{PaymentGateway, PaymentIntentRequest};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

use crate::bookings::{self, Booking, Details};
use crate::error::is_unique_violation;
use crate::events::Outgoing;
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, outbox};

pub use providers::payments::AccountStatus;

/// What `create-intent` answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Intent {
    /// For Stripe.js; `None` in test mode.
    pub client_secret: Option<String>,
    /// Stripe.js key; `None` in test mode.
    pub publishable_key: Option<String>,
    /// What is charged.
    pub amount: Money,
    /// Confirmed at once without a real payment.
    pub is_test_booking: bool,
    /// The booking after the call.
    pub booking: Booking,
}

/// How this server takes payments.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentConfig {
    /// No Stripe key: bookings confirm at once as test bookings.
    pub test_mode: bool,
    /// Stripe.js key.
    pub publishable_key: Option<String>,
    /// The platform's share, percent.
    pub platform_fee_percent: rust_decimal::Decimal,
    /// How long an unpaid booking holds its offer, in minutes.
    pub booking_hold_minutes: i64,
}

/// How this server takes payments.
pub fn config(ctx: &Context) -> PaymentConfig {
    PaymentConfig {
        test_mode: ctx.payments.is_test_mode(),
        publishable_key: ctx.payments.publishable_key(),
        platform_fee_percent: ctx.settings.platform_fee_percent,
        booking_hold_minutes: ctx.settings.booking_hold.num_minutes(),
    }
}

/// Prepares payment of a pending booking: re-checks on the server that it still holds its
/// offer, then creates the PaymentIntent, or in test mode confirms at once.
pub async fn create_intent(ctx: &Context, guest_id: Uuid, booking_id: Uuid) -> Result<Intent, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let booking = bookings::by_id(db, booking_id).await?;
    if booking.guest.user_id != guest_id {
        return Err(ServiceError::NotFound("booking"));
    }
    if booking.state.status == BookingStatus::Confirmed {
        return Err(ServiceError::refused(ErrorCode::AlreadyPaid, "This booking is already paid."));
    }
    if !booking.state.holds_offer(now) {
        return Err(ServiceError::refused(
            ErrorCode::HoldExpired,
            "This booking no longer holds the call offer (the payment window expired or it was cancelled). Book again if the offer is still available.",
        ));
    }
    if booking.starts_at <= now {
        return Err(ServiceError::refused(ErrorCode::OfferPast, "This call offer is in the past."));
    }
    if ctx.payments.is_test_mode() {
        confirm_paid(ctx, booking_id, PaidWith::Test).await?;
        return Ok(Intent {
            client_secret: None,
            publishable_key: None,
            amount: booking.price,
            is_test_booking: true,
            booking: bookings::by_id(db, booking_id).await?,
        });
    }
    let host = creator::Entity::find_by_id(booking.offer.creator_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("creator"))?;
    let destination =
        host.stripe_account_id.clone().filter(|_| host.charges_enabled).ok_or_else(|| {
            ServiceError::refused(ErrorCode::PaymentsNotReady, "This creator cannot take payments yet.")
        })?;
    let price = frozen_price(&booking)?;
    let split = split_fee(price, ctx.settings.platform_fee_percent);
    let request = PaymentIntentRequest {
        amount_minor: split.total_minor,
        currency: price.currency().code().to_ascii_lowercase(),
        destination,
        application_fee_minor: split.platform_fee_minor,
        metadata: BTreeMap::from([("booking_id".to_owned(), booking_id.to_string())]),
        description: booking.offer.title.clone(),
        idempotency_key: format!("callstar-booking-{booking_id}"),
    };
    let intent = ctx.payments.create_payment_intent(&request).await?;
    booking::Entity::update_many()
        .col_expr(booking::Column::StripePaymentIntentId, Expr::value(intent.id.clone()))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(booking_id))
        .exec(db)
        .await?;
    Ok(Intent {
        client_secret: Some(intent.client_secret),
        publishable_key: ctx.payments.publishable_key(),
        amount: price.money(),
        is_test_booking: false,
        booking: bookings::by_id(db, booking_id).await?,
    })
}

/// The booking's price as it was when booked, checked again.
fn frozen_price(booking: &Booking) -> Result<Price, ServiceError> {
    Price::from_money(booking.price)
        .ok_or_else(|| ServiceError::corrupt(format!("booking {} has an invalid price", booking.id)))
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
/// split and payout release date, notifications and e-mails for both sides, all in one
/// transaction; then wakes the runner (room, e-mails).
pub async fn confirm_paid(ctx: &Context, booking_id: Uuid, paid: PaidWith) -> Result<Confirmation, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let is_test = paid == PaidWith::Test;
    let txn = db.begin().await?;
    // A payment that arrives after its hold expired still wins if nobody took the offer
    // meanwhile (the transition admits it); the unique index refuses it otherwise.
    let which = Condition::all().add(booking::Column::Id.eq(booking_id));
    let changed =
        match bookings::transition(&txn, which, Transition::Confirm, now, Details { is_test, ..Details::default() })
            .await
        {
            Ok(changed) => changed,
            Err(err) if is_unique_violation(&err) => return Ok(Confirmation::OfferTaken),
            Err(err) => return Err(err.into()),
        };
    let booking = bookings::by_id(&txn, booking_id).await?;
    if changed == 0 {
        return Ok(if booking.state.status == BookingStatus::Confirmed {
            Confirmation::AlreadyConfirmed
        } else {
            Confirmation::OfferTaken
        });
    }
    call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Booked))
        .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
        .filter(call_offer::Column::Id.eq(booking.offer.id))
        .exec(&txn)
        .await?;
    let split = split_fee(frozen_price(&booking)?, ctx.settings.platform_fee_percent);
    let (payment_intent_id, charge_id) = match &paid {
        PaidWith::Test => (None, None),
        PaidWith::Stripe { payment_intent_id, charge_id } => (Some(payment_intent_id.clone()), charge_id.clone()),
    };
    let currency = booking.price.currency();
    payment::ActiveModel {
        id: Set(Uuid::new_v4()),
        booking_id: Set(booking_id),
        amount_minor: Set(split.total_minor),
        currency: Set(currency),
        platform_fee_minor: Set(split.platform_fee_minor),
        creator_amount_minor: Set(split.host_minor),
        refunded_amount_minor: Set(0),
        stripe_payment_intent_id: Set(payment_intent_id),
        stripe_charge_id: Set(charge_id),
        status: Set(PaymentStatus::Succeeded),
        payout_status: Set(PayoutHold::Held),
        payout_release_date: Set(now + Duration::days(ctx.settings.payout_holding_days)),
        is_test: Set(is_test),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let link = Some(format!("/bookings/{booking_id}"));
    let mut outgoing =
        Outgoing::booking(booking_id, BookingStatus::Confirmed, &[booking.guest.user_id, booking.host.user_id]);
    outgoing.add(
        notifications::notify(
            &txn,
            booking.guest.user_id,
            NotificationType::BookingConfirmed,
            params([("title", booking.offer.title.clone()), ("with", booking.host.name.clone())]),
            link.clone(),
        )
        .await?,
    );
    outgoing.add(
        notifications::notify(
            &txn,
            booking.host.user_id,
            NotificationType::PaymentReceived,
            params([
                ("title", booking.offer.title.clone()),
                ("with", booking.guest.name.clone()),
                ("amount", Money::from_minor(split.host_minor, currency).to_string()),
            ]),
            link,
        )
        .await?,
    );
    outbox::booking_confirmed(&txn, &booking, &ctx.settings).await?;
    system_logs::record(
        &txn,
        LogLevel::Info,
        "BOOKING_CONFIRMED",
        Actor::User(booking.guest.user_id),
        format!("Booking {booking_id} confirmed ({})", if is_test { "test mode" } else { "paid" }),
        serde_json::json!({"bookingId": booking_id, "amountMinor": split.total_minor, "currency": currency}),
    )
    .await?;
    txn.commit().await?;
    ctx.events.publish(outgoing).await;
    ctx.waker.wake();
    tracing::info!(%booking_id, is_test, "booking confirmed");
    Ok(Confirmation::Confirmed)
}

/// Refunds a payment through the provider (test payments need no call).
pub async fn refund(gateway: &dyn PaymentGateway, paid: &payment::Model, amount: i64) -> Result<(), ServiceError> {
    if paid.is_test {
        return Ok(());
    }
    let Some(pi) = &paid.stripe_payment_intent_id else {
        return Err(ServiceError::corrupt(format!("payment {} has no PaymentIntent", paid.id)));
    };
    gateway.refund(pi, amount, &format!("callstar-refund-{}-{amount}", paid.booking_id)).await?;
    Ok(())
}
