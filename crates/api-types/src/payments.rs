//! Payments: preparing the payment of a booking, how this server takes payments, and the
//! admins' views of payments, refunds (with their queue state) and disputes.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Booking;

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

/// A payment, for admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminPayment {
    /// Identifier.
    pub id: Uuid,
    /// The booking paid.
    pub booking_id: Uuid,
    /// What Stripe received.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "80.00"))]
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// The platform's fee.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12.00"))]
    pub platform_fee: Decimal,
    /// The creator's share.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "68.00"))]
    pub creator_amount: Decimal,
    /// Refunded so far (queued refunds included).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.00"))]
    pub refunded_amount: Decimal,
    /// succeeded, partially_refunded, refunded or disputed.
    pub status: String,
    /// A test-mode payment.
    pub is_test: bool,
    /// The PaymentIntent.
    pub payment_intent_id: Option<String>,
    /// When the creator's share becomes payable.
    pub release_at: DateTime<Utc>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// A refund and its state in the queue, for admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminRefund {
    /// Identifier (Stripe's idempotency key is `callstar-refund-<id>`).
    pub id: Uuid,
    /// The payment.
    pub payment_id: Uuid,
    /// Its booking.
    pub booking_id: Uuid,
    /// What goes back.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "80.00"))]
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// The creator's part of it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "68.00"))]
    pub creator_share: Decimal,
    /// guest_cancelled, host_cancelled, booking_cancelled, late_offer_taken, late_host_busy,
    /// late_call_started, late_offer_changed, external or no_show.
    pub reason: String,
    /// pending, sent or failed.
    pub status: String,
    /// A test payment's refund (nothing sent to Stripe).
    pub is_test: bool,
    /// Attempts so far.
    pub attempts: i32,
    /// Next attempt, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Stripe's refund (`re_…`).
    pub stripe_refund_id: Option<String>,
    /// The last failure.
    pub error: Option<String>,
    /// Decided.
    pub created_at: DateTime<Utc>,
    /// Accepted by Stripe.
    pub sent_at: Option<DateTime<Utc>>,
}

/// A dispute, for admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminDispute {
    /// Identifier.
    pub id: Uuid,
    /// The payment, when known.
    pub payment_id: Option<Uuid>,
    /// Stripe's dispute (`dp_…`).
    pub stripe_dispute_id: String,
    /// Disputed amount.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "80.00"))]
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// Stripe's reason.
    pub reason: Option<String>,
    /// Stripe's status (needs_response, under_review, won, lost…).
    pub status: String,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// Filters of `GET /api/admin/payments`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct PaymentQuery {
    /// Only this status: succeeded, partially_refunded, refunded or disputed.
    #[serde(default)]
    pub status: Option<String>,
}

/// Filters of `GET /api/admin/refunds`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct RefundQuery {
    /// Only this status: pending, sent or failed.
    #[serde(default)]
    pub status: Option<String>,
    /// Only this booking's refunds.
    #[serde(default)]
    pub booking_id: Option<Uuid>,
}

/// Filters of `GET /api/admin/disputes`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct DisputeQuery {
    /// Only this status (needs_response, under_review, won, lost…).
    #[serde(default)]
    pub status: Option<String>,
}
