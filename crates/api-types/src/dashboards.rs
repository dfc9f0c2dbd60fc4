//! The dashboards' figures: the fan's four cards and next call (seed 000), and the creator's
//! calls, requests, month and rating.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Booking;

/// `GET /api/me/dashboard`: the counts of the fan's cards, each equal to the `total` of the
/// list its card leads to, and the next call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FanDashboard {
    /// My confirmed calls that have not ended: `GET /api/bookings?when=upcoming&status=confirmed`.
    pub upcoming_calls: u64,
    /// My bookings whose call has started, whatever became of them (the history):
    /// `GET /api/bookings?when=past`.
    pub past_calls: u64,
    /// My call requests waiting for an answer: `GET /api/call-requests?status=pending`.
    pub pending_requests: u64,
    /// Unread notifications: `unreadCount` of `GET /api/notifications`.
    pub unread_notifications: u64,
    /// The first of my upcoming calls (it may be under way), or null.
    pub next_call: Option<Booking>,
}

/// An amount of money in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Amount {
    /// Decimal string, e.g. "120.00".
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "120.00"))]
    pub amount: Decimal,
    /// Currency code.
    pub currency: String,
}

/// A creator's figures for their current calendar month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MonthFigures {
    /// The month's first instant: the 1st, 00:00 in the creator's time zone (as UTC).
    pub from: DateTime<Utc>,
    /// The next month's first instant.
    pub to: DateTime<Utc>,
    /// Bookings of the creator confirmed (paid, or free appointments booked) in the month,
    /// whatever became of them since.
    pub bookings: u64,
    /// What fans paid for the creator's calls in the month, minus what was refunded, per
    /// currency (before the platform fee; the creator's share is in their earnings).
    pub revenue: Vec<Amount>,
}

/// `GET /api/creators/me/dashboard`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatorDashboard {
    /// Confirmed calls I host that have not ended: `GET /api/bookings?as=creator&when=upcoming&status=confirmed`.
    pub upcoming_calls: u64,
    /// The first five of them, soonest first (for Join buttons).
    pub next_calls: Vec<Booking>,
    /// Call requests waiting for my answer: `GET /api/call-requests?as=creator&status=pending`.
    pub pending_requests: u64,
    /// This month.
    pub month: MonthFigures,
    /// My average rating over my visible reviews (two decimals), or null without reviews.
    pub average_rating: Option<f64>,
    /// My visible reviews.
    pub review_count: u64,
}
