//! Call offers: a creator's call at a fixed time, duration and price. Prices are exact
//! decimal strings (`"100.00"`) with an ISO currency code.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

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
    /// End (UTC): the start plus the length.
    pub ends_at: DateTime<Utc>,
    /// Status.
    pub status: OfferStatus,
}

/// `POST /api/call-offers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateOfferRequest {
    /// 1 to 200 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub title: String,
    /// Up to 5,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub description: String,
    /// At least the card minimum (0.50; 0.30 in GBP), at most 2 decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "49.00"))]
    pub price: Decimal,
    /// EUR, CHF, USD or GBP.
    pub currency: String,
    /// Start: in the future, and at most 730 days ahead.
    pub date_time: DateTime<Utc>,
    /// 5 to 480 minutes.
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 480))]
    pub duration: i32,
}

/// `PATCH /api/call-offers/{id}`: fields present are changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateOfferRequest {
    /// Title: 1 to 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub title: Option<String>,
    /// Description: up to 5,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub description: Option<String>,
    /// Price (with `currency` when it changes too).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub price: Option<Decimal>,
    /// Currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// Start: in the future, and at most 730 days ahead.
    #[serde(default)]
    pub date_time: Option<DateTime<Utc>>,
    /// 5 to 480 minutes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 480))]
    pub duration: Option<i32>,
}
