//! Paid creator calls: creator profiles, call offers, bookings, payments, notifications.
//! Prices are exact decimal strings (`"100.00"`) with an ISO currency code.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A creator's public profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatorProfile {
    /// Creator id.
    pub id: Uuid,
    /// The creator's account id.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// About.
    pub bio: Option<String>,
    /// Topics.
    pub expertise: Option<String>,
    /// Picture URL.
    pub profile_image: Option<String>,
    /// Links by network (`instagram`, `tiktok`, `twitter`, `website`…).
    pub social_links: BTreeMap<String, String>,
    /// Payout currency: EUR, CHF, USD or GBP.
    pub currency: String,
    /// IANA time zone.
    pub timezone: String,
    /// Upcoming offers open for booking.
    pub available_offers: u64,
    /// Stripe Connect state; only shown to the creator themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stripe: Option<StripeAccountStatus>,
}

/// The Stripe Connect state of a creator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StripeAccountStatus {
    /// A connected account exists.
    pub connected: bool,
    /// It can take charges.
    pub charges_enabled: bool,
    /// It can receive payouts.
    pub payouts_enabled: bool,
    /// Onboarding was submitted.
    pub details_submitted: bool,
    /// Its default currency.
    pub default_currency: Option<String>,
    /// Payments are simulated on this server (no Stripe key configured).
    pub test_mode: bool,
}

/// `PUT /api/creators/me`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateCreatorRequest {
    /// About (up to 5,000 characters).
    #[serde(default)]
    pub bio: Option<String>,
    /// Topics (up to 200 characters).
    #[serde(default)]
    pub expertise: Option<String>,
    /// An http(s) picture URL.
    #[serde(default)]
    pub profile_image: Option<String>,
    /// Links by network; each an http(s) URL.
    #[serde(default)]
    pub social_links: BTreeMap<String, String>,
    /// EUR, CHF, USD or GBP.
    pub currency: String,
    /// IANA time zone.
    pub timezone: String,
}

/// Filters of `GET /api/creators`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CreatorQuery {
    /// Name or expertise contains this (case-insensitive).
    #[serde(default)]
    pub q: Option<String>,
}

/// An onboarding link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OnboardingLink {
    /// Where to send the creator.
    pub url: String,
}

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OfferStatus {
    /// Open for booking.
    Available,
    /// Taken (paid, or held by an unpaid booking for a few minutes).
    Booked,
    /// The call happened.
    Completed,
    /// Withdrawn or expired.
    Cancelled,
}

/// A call offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallOffer {
    /// Identifier.
    pub id: Uuid,
    /// The creator.
    pub creator_id: Uuid,
    /// The creator's name.
    pub creator_name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Price, e.g. "49.00".
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "49.00"))]
    pub price: Decimal,
    /// Currency code.
    pub currency: String,
    /// Start (UTC).
    pub date_time: DateTime<Utc>,
    /// Length in minutes.
    pub duration: i32,
    /// Status.
    pub status: OfferStatus,
}

/// `POST /api/call-offers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateOfferRequest {
    /// 1 to 200 characters.
    pub title: String,
    /// Up to 5,000 characters.
    #[serde(default)]
    pub description: String,
    /// At least the card minimum (0.50; 0.30 in GBP), at most 2 decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "49.00"))]
    pub price: Decimal,
    /// EUR, CHF, USD or GBP.
    pub currency: String,
    /// Start, in the future.
    pub date_time: DateTime<Utc>,
    /// 5 to 480 minutes.
    pub duration: i32,
}

/// `PATCH /api/call-offers/{id}`: fields present are changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateOfferRequest {
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Price (with `currency` when it changes too).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub price: Option<Decimal>,
    /// Currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// Start.
    #[serde(default)]
    pub date_time: Option<DateTime<Utc>>,
    /// Minutes.
    #[serde(default)]
    pub duration: Option<i32>,
}

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Awaiting payment; holds the offer until `holdExpiresAt`.
    Pending,
    /// Paid.
    Confirmed,
    /// The call happened.
    Completed,
    /// Cancelled.
    Cancelled,
    /// The other participant never joined.
    NoShow,
}

/// Someone in a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    /// Account id (for the creator: the creator id).
    pub id: Uuid,
    /// Display name.
    pub name: String,
}

/// A booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    /// Identifier.
    pub id: Uuid,
    /// Status.
    pub status: BookingStatus,
    /// The offer booked.
    pub call_offer: CallOffer,
    /// The guest.
    pub user: Participant,
    /// The host.
    pub creator: Participant,
    /// Price.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "49.00"))]
    pub total_price: Decimal,
    /// Currency.
    pub currency: String,
    /// Until when an unpaid booking holds the offer.
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// Confirmed in test mode, without a real payment.
    pub is_test_booking: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
}

/// `POST /api/bookings`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateBookingRequest {
    /// The offer to book.
    pub call_offer_id: Uuid,
}

/// `POST /api/bookings/{id}/cancel`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CancelBookingRequest {
    /// Shown to the other participant.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The answer of a cancellation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CancelBookingResponse {
    /// The cancelled booking.
    pub booking: Booking,
    /// What was refunded ("0.00" when nothing).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "49.00"))]
    pub refunded_amount: Decimal,
}

/// Filters of `GET /api/bookings`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct BookingQuery {
    /// `creator` for the calls I host; my own bookings otherwise.
    #[serde(default, rename = "as")]
    pub perspective: Option<String>,
    /// Only this status.
    #[serde(default)]
    pub status: Option<BookingStatus>,
    /// `upcoming` or `past`.
    #[serde(default)]
    pub when: Option<String>,
}

/// `POST /api/payments/create-intent`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateIntentRequest {
    /// The pending booking to pay.
    pub booking_id: Uuid,
}

/// What the payment form needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateIntentResponse {
    /// For Stripe.js (`null` in test mode).
    pub client_secret: Option<String>,
    /// Stripe.js key (`null` in test mode).
    pub publishable_key: Option<String>,
    /// Total.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "49.00"))]
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// Test mode: the booking was confirmed at once without a payment.
    pub is_test_booking: bool,
    /// The booking.
    pub booking: Booking,
}

/// An in-app notification, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// Identifier.
    pub id: Uuid,
    /// BOOKING_CONFIRMED, BOOKING_CANCELLED, CALL_REQUEST, REVIEW_RECEIVED, PAYOUT_COMPLETED, SYSTEM,
    /// PAYMENT_RECEIVED, PAYOUT_REQUEST, PAYOUT_APPROVED, PAYOUT_FAILED, REFUND_CREATED,
    /// DISPUTE_CREATED, DEBT_DEDUCTED, TRANSFER_FAILED or DEBT_THRESHOLD_EXCEEDED.
    #[serde(rename = "type")]
    pub notification_type: String,
    /// Title.
    pub title: String,
    /// Message.
    pub message: String,
    /// Where it leads (an app path).
    pub link: Option<String>,
    /// Read?
    pub read: bool,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A page of notifications: unread first, then newest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    /// This page.
    pub items: Vec<Notification>,
    /// Page number.
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// All notifications.
    pub total: u64,
    /// Unread notifications.
    pub unread_count: u64,
}

/// Answer of "mark all read".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MarkedRead {
    /// How many changed.
    pub updated: u64,
}

/// How this server takes payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PaymentConfig {
    /// No Stripe key: bookings are confirmed at once as test bookings.
    pub test_mode: bool,
    /// The Stripe.js key, when Stripe is configured.
    pub publishable_key: Option<String>,
    /// Platform fee, percent.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "15"))]
    pub platform_fee_percent: Decimal,
    /// Minutes an unpaid booking holds its offer.
    pub booking_hold_minutes: i64,
}
