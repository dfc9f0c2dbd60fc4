//! In-app notifications, rendered in the reader's language.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An in-app notification, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// Identifier.
    pub id: Uuid,
    /// BOOKING_CONFIRMED, BOOKING_CANCELLED, CALL_REQUEST, REVIEW_RECEIVED, PAYOUT_COMPLETED, SYSTEM,
    /// PAYMENT_RECEIVED, PAYOUT_REQUEST, PAYOUT_APPROVED, PAYOUT_FAILED, REFUND_CREATED,
    /// DISPUTE_CREATED, DEBT_DEDUCTED, TRANSFER_FAILED, DEBT_THRESHOLD_EXCEEDED, MISSED_CALL,
    /// ORGANIZATION_INVITATION, APPOINTMENT_RESCHEDULED, CALL_REQUEST_ACCEPTED, CALL_REQUEST_REJECTED or
    /// CALL_NO_SHOW.
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
