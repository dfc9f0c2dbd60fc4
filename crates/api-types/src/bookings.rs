//! Bookings: a guest's booking of an offer, its lifecycle and the times derived from it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::CallOffer;

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

/// Who cancelled a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CancelledBy {
    /// The guest (fan or client).
    Guest,
    /// The host (creator or coach).
    Host,
    /// Callstar: the unpaid booking's payment hold expired.
    System,
    /// The payment failed.
    Payment,
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
    /// When the call starts (UTC).
    pub starts_at: DateTime<Utc>,
    /// When the call ends (UTC).
    pub ends_at: DateTime<Utc>,
    /// From when the participants may join the call (15 minutes before the start).
    pub join_opens_at: DateTime<Utc>,
    /// Whether the booking can still be cancelled (by its guest or its host).
    pub can_cancel: bool,
    /// Confirmed in test mode, without a real payment.
    pub is_test_booking: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Who cancelled it.
    pub cancelled_by: Option<CancelledBy>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Its fan has reviewed the call (the history's "review left" badge).
    pub reviewed: bool,
    /// The call is completed and not reviewed yet: its fan may review it
    /// (`POST /api/bookings/{id}/review`).
    pub can_review: bool,
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
