//! Payments: preparing the payment of a booking, and how this server takes payments.

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
