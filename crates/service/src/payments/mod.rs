//! Paying for bookings: PaymentIntents (Stripe Connect destination charges), test-mode
//! confirmation, and applying a succeeded payment to its booking once — confirming it, or
//! refunding a payment the booking can no longer take (queued, with the reason). Stripe's
//! events are in [`events`], the reconciliation of lost webhooks in [`reconcile`], the
//! admins' views of payments and disputes in [`admin`].

pub mod admin;
pub mod events;
pub mod reconcile;

use std::collections::BTreeMap;

use api_types::ErrorCode;
use chrono::{DateTime, Utc};
use domain::Locale;
use domain::booking::{
    BookingState, BookingStatus, LateCheck, LateRefusal, OfferStatus, Transition, check_late_payment,
};
use domain::ledger::EntryKind;
use domain::money::{Money, Price, split_fee};
use domain::notification::{NotificationType, both};
use domain::operations::LogLevel;
use domain::payment::{PaymentStatus, RefundReason};
use entity::{booking, call_offer, creator, payment};
use providers::payments::PaymentIntentRequest;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::bookings::{self, Booking, Details};
use crate::email_templates::EmailContent;
use crate::error::{is_exclusion_violation, is_unique_violation};
use crate::events::Outgoing;
use crate::ledger::{self, NewEntry};
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, outbox, refunds};

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
        confirm_test_payment(ctx, booking_id).await?;
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
        /// What Stripe received, in minor units (0 when it did not say).
        amount_received: i64,
    },
}

/// What a payment did to its booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Confirmed now.
    Confirmed,
    /// It already was (a replay, or another delivery of the same payment).
    AlreadyConfirmed,
    /// This payment was already recorded (and refunded): nothing to do.
    AlreadyApplied,
    /// The booking could not take the payment: it is refunded (queued), and the fan told why.
    Refunded(RefundReason),
}

/// Takes the booking's row for the rest of the transaction (a write that changes nothing:
/// on PostgreSQL a row lock, on SQLite the write lock), so a cancellation and a payment of the
/// same booking are applied one after the other, each seeing what the other did.
pub(crate) async fn lock_booking(db: &impl ConnectionTrait, booking_id: Uuid) -> Result<(), ServiceError> {
    booking::Entity::update_many()
        .col_expr(booking::Column::UpdatedAt, Expr::col(booking::Column::UpdatedAt))
        .filter(booking::Column::Id.eq(booking_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Applies a succeeded payment to its booking inside the caller's transaction (a webhook's,
/// the reconciliation's, or test mode's), once: a payment already recorded changes nothing.
/// A booking that still holds its offer is confirmed. A payment that arrives after the hold
/// expired is checked like a new booking (the call has not started, the offer is still the
/// one booked and open, nobody else took it, the host is free then: the offer's unique index
/// and, on PostgreSQL, the host's exclusion constraint decide, inside a savepoint) and either
/// revives the booking or is refunded. A payment for a booking a participant cancelled is
/// refunded. A refund is a queued row with the fan's notification and e-mail saying why.
pub(crate) async fn apply_payment(
    db: &DatabaseTransaction,
    ctx: &Context,
    booking_id: Uuid,
    paid: PaidWith,
    now: DateTime<Utc>,
) -> Result<Confirmation, ServiceError> {
    lock_booking(db, booking_id).await?;
    if payment::Entity::find().filter(payment::Column::BookingId.eq(booking_id)).one(db).await?.is_some() {
        return Ok(Confirmation::AlreadyApplied);
    }
    let row = booking::Entity::find_by_id(booking_id).one(db).await?.ok_or(ServiceError::NotFound("booking"))?;
    let state =
        BookingState { status: row.status, hold_expires_at: row.hold_expires_at, cancelled_by: row.cancelled_by };
    let refusal = match state.status {
        BookingStatus::Confirmed => return Ok(Confirmation::AlreadyConfirmed),
        BookingStatus::Completed | BookingStatus::NoShow => Some(RefundReason::BookingCancelled),
        BookingStatus::Cancelled if !state.payment_is_late(now) => Some(RefundReason::BookingCancelled),
        _ if state.payment_is_late(now) => late_refusal(db, &row, now).await?,
        _ => None,
    };
    let refusal = match refusal {
        Some(reason) => Some(reason),
        None => match try_confirm(db, &row, paid == PaidWith::Test, now).await? {
            Tried::Confirmed => None,
            Tried::AlreadyConfirmed => return Ok(Confirmation::AlreadyConfirmed),
            Tried::Refused(reason) => Some(reason),
        },
    };
    match refusal {
        None => {
            record_confirmed(db, ctx, booking_id, &paid, now).await?;
            Ok(Confirmation::Confirmed)
        }
        Some(reason) => record_refused(db, ctx, &row, &paid, reason, now).await,
    }
}

/// Whether a late payment can still revive its booking: the checks that need no race.
async fn late_refusal(
    db: &impl ConnectionTrait,
    row: &booking::Model,
    now: DateTime<Utc>,
) -> Result<Option<RefundReason>, ServiceError> {
    let offer =
        call_offer::Entity::find_by_id(row.call_offer_id).one(db).await?.ok_or(ServiceError::NotFound("call offer"))?;
    let duration = domain::offer::CallDuration::stored(offer.duration_minutes);
    let check = LateCheck {
        offer_status: offer.status,
        offer_times: (offer.date_time, duration.ends_at(offer.date_time)),
        offer_price: Money::from_minor(offer.price_minor, offer.currency),
        booked_times: (row.starts_at, row.ends_at),
        booked_price: Money::from_minor(row.total_price_minor, row.currency),
    };
    Ok(check_late_payment(check, now).err().map(late_reason))
}

fn late_reason(refusal: LateRefusal) -> RefundReason {
    match refusal {
        LateRefusal::OfferTaken => RefundReason::LateOfferTaken,
        LateRefusal::HostBusy => RefundReason::LateHostBusy,
        LateRefusal::CallStarted => RefundReason::LateCallStarted,
        LateRefusal::OfferChanged => RefundReason::LateOfferChanged,
    }
}

enum Tried {
    Confirmed,
    AlreadyConfirmed,
    Refused(RefundReason),
}

/// The confirming UPDATE, in a savepoint: the database refuses it when someone else holds the
/// offer or (PostgreSQL) the host is busy then; SQLite checks the host inside its write lock.
async fn try_confirm(
    db: &DatabaseTransaction,
    row: &booking::Model,
    is_test: bool,
    now: DateTime<Utc>,
) -> Result<Tried, ServiceError> {
    let savepoint = db.begin().await?;
    let which = Condition::all().add(booking::Column::Id.eq(row.id));
    let details = Details { is_test, ..Details::default() };
    let changed = match bookings::transition(&savepoint, which, Transition::Confirm, now, details).await {
        Ok(changed) => changed,
        Err(err) if is_unique_violation(&err) => {
            savepoint.rollback().await?;
            return Ok(Tried::Refused(RefundReason::LateOfferTaken));
        }
        Err(err) if is_exclusion_violation(&err, migration::HOST_NO_OVERLAP) => {
            savepoint.rollback().await?;
            return Ok(Tried::Refused(RefundReason::LateHostBusy));
        }
        Err(err) => return Err(err.into()),
    };
    if changed == 0 {
        savepoint.rollback().await?;
        let now_stored = booking::Entity::find_by_id(row.id).one(db).await?.map(|r| r.status);
        return Ok(if now_stored == Some(BookingStatus::Confirmed) {
            Tried::AlreadyConfirmed
        } else {
            Tried::Refused(RefundReason::BookingCancelled)
        });
    }
    let sqlite = db.get_database_backend() == sea_orm::DbBackend::Sqlite;
    if sqlite && bookings::host_is_busy(&savepoint, row.host_id, row.starts_at, row.ends_at, now, Some(row.id)).await? {
        savepoint.rollback().await?;
        return Ok(Tried::Refused(RefundReason::LateHostBusy));
    }
    savepoint.commit().await?;
    Ok(Tried::Confirmed)
}

/// The payment row of a booking: what Stripe received, the fee that was asked for, the rest
/// for the creator. `None` when one exists already.
async fn insert_payment(
    db: &impl ConnectionTrait,
    ctx: &Context,
    booking: &Booking,
    paid: &PaidWith,
    now: DateTime<Utc>,
) -> Result<Option<payment::Model>, ServiceError> {
    let split = split_fee(frozen_price(booking)?, ctx.settings.platform_fee_percent);
    let (payment_intent_id, charge_id, received) = match paid {
        PaidWith::Test => (None, None, split.total_minor),
        PaidWith::Stripe { payment_intent_id, charge_id, amount_received } => {
            let received = if *amount_received > 0 { *amount_received } else { split.total_minor };
            if received != split.total_minor {
                tracing::warn!(booking_id = %booking.id, received, price = split.total_minor, "Stripe received another amount than the booking's price");
            }
            (Some(payment_intent_id.clone()), charge_id.clone(), received)
        }
    };
    let row = payment::ActiveModel {
        id: Set(Uuid::new_v4()),
        booking_id: Set(booking.id),
        amount_minor: Set(received),
        currency: Set(booking.price.currency()),
        platform_fee_minor: Set(split.platform_fee_minor.min(received)),
        creator_amount_minor: Set((received - split.platform_fee_minor).max(0)),
        refunded_amount_minor: Set(0),
        stripe_payment_intent_id: Set(payment_intent_id),
        stripe_charge_id: Set(charge_id),
        status: Set(PaymentStatus::Succeeded),
        payout_release_date: Set(now + ctx.settings.payout_holding),
        is_test: Set(*paid == PaidWith::Test),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let inserted = payment::Entity::insert(row.clone())
        .on_conflict(OnConflict::column(payment::Column::BookingId).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted == 0 {
        return Ok(None);
    }
    Ok(payment::Entity::find().filter(payment::Column::BookingId.eq(booking.id)).one(db).await?)
}

/// A confirmed booking's effects: offer BOOKED, the payment, the creator's earning (payable
/// after the holding period), both sides notified and e-mailed.
async fn record_confirmed(
    db: &impl ConnectionTrait,
    ctx: &Context,
    booking_id: Uuid,
    paid: &PaidWith,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let booking = bookings::by_id(db, booking_id).await?;
    let is_test = *paid == PaidWith::Test;
    call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Booked))
        .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
        .filter(call_offer::Column::Id.eq(booking.offer.id))
        .exec(db)
        .await?;
    let Some(payment) = insert_payment(db, ctx, &booking, paid, now).await? else {
        return Err(ServiceError::corrupt(format!(
            "booking {booking_id} was confirmed with a payment already recorded"
        )));
    };
    let share = Money::from_minor(payment.creator_amount_minor, payment.currency);
    let earning = NewEntry {
        release_at: Some(payment.payout_release_date),
        booking_id: Some(booking_id),
        ..NewEntry::new(booking.offer.creator_id, EntryKind::Earning, share, Some(format!("earning:{booking_id}")))
    };
    ledger::append(db, earning, now).await?;
    // In this order on every socket: the booking changed, then the notifications.
    let people = [booking.guest.user_id, booking.host.user_id];
    let mut outgoing = Outgoing::booking(booking_id, BookingStatus::Confirmed, &people);
    let link = Some(api_types::Route::Booking(booking_id));
    outgoing.add(
        notifications::notify(
            db,
            booking.guest.user_id,
            NotificationType::BookingConfirmed,
            params([("title", booking.offer.title.clone()), ("with", booking.host.name.clone())]),
            link.clone(),
        )
        .await?,
    );
    let mut host_params = params([("title", booking.offer.title.clone()), ("with", booking.guest.name.clone())]);
    host_params.insert("amount".into(), domain::notification::money(share));
    outgoing.add(
        notifications::notify(db, booking.host.user_id, NotificationType::PaymentReceived, host_params, link).await?,
    );
    ctx.events.publish_when_committed(&ctx.db, outgoing);
    outbox::booking_confirmed(db, &booking, &ctx.settings).await?;
    system_logs::record(
        db,
        LogLevel::Info,
        "BOOKING_CONFIRMED",
        Actor::User(booking.guest.user_id),
        format!("Booking {booking_id} confirmed ({})", if is_test { "test mode" } else { "paid" }),
        serde_json::json!({"bookingId": booking_id, "amountMinor": payment.amount_minor, "currency": payment.currency}),
    )
    .await?;
    tracing::info!(%booking_id, is_test, "booking confirmed");
    Ok(())
}

/// A payment the booking cannot take: recorded, refunded in full (queued), the fan told why.
/// The booking stays as it is.
async fn record_refused(
    db: &impl ConnectionTrait,
    ctx: &Context,
    row: &booking::Model,
    paid: &PaidWith,
    reason: RefundReason,
    now: DateTime<Utc>,
) -> Result<Confirmation, ServiceError> {
    let booking = bookings::by_id(db, row.id).await?;
    let Some(payment) = insert_payment(db, ctx, &booking, paid, now).await? else {
        return Ok(Confirmation::AlreadyApplied);
    };
    let decision =
        refunds::Decision { creator_id: None, amount: payment.amount_minor, reason, already_refunded: false };
    refunds::decide(db, ctx, &payment, decision, now).await?;
    let amount = Money::from_minor(payment.amount_minor, payment.currency);
    notify_refund(db, ctx, &booking, amount, reason).await?;
    system_logs::record(
        db,
        LogLevel::Warning,
        "PAYMENT_REFUNDED",
        Actor::System,
        format!("Payment of booking {} refunded ({reason}): {amount}", row.id),
        serde_json::json!({"bookingId": row.id, "reason": reason.as_str(), "amountMinor": amount.minor()}),
    )
    .await?;
    tracing::warn!(booking_id = %row.id, %reason, "payment refunded: the booking could not take it");
    Ok(Confirmation::Refunded(reason))
}

/// Tells the fan that money goes back to them, and why (in-app and by e-mail).
pub(crate) async fn notify_refund(
    db: &impl ConnectionTrait,
    ctx: &Context,
    booking: &Booking,
    amount: Money,
    reason: RefundReason,
) -> Result<(), ServiceError> {
    let mut p = params([("title", booking.offer.title.clone())]);
    p.insert("amount".into(), domain::notification::money(amount));
    p.insert("why".into(), both(reason.explain(Locale::En), reason.explain(Locale::Fr)));
    ctx.events.publish_when_committed(
        &ctx.db,
        notifications::notify(
            db,
            booking.guest.user_id,
            NotificationType::RefundCreated,
            p,
            Some(api_types::Route::Booking(booking.id)),
        )
        .await?,
    );
    let to = outbox::recipient(db, booking.guest.user_id).await?;
    let content = EmailContent::PaymentRefunded { title: booking.offer.title.clone(), amount, why: reason };
    outbox::enqueue(db, &to, &content, &ctx.settings.public_url, serde_json::json!({"bookingId": booking.id})).await?;
    Ok(())
}

/// Confirms a booking paid in test mode (no Stripe key): the same path as a Stripe payment,
/// in its own transaction; then wakes the runner (room, e-mails).
async fn confirm_test_payment(ctx: &Context, booking_id: Uuid) -> Result<Confirmation, ServiceError> {
    let txn = ctx.db.begin().await?;
    let confirmation = apply_payment(&txn, ctx, booking_id, PaidWith::Test, Utc::now()).await?;
    txn.commit().await?;
    ctx.waker.wake();
    Ok(confirmation)
}
