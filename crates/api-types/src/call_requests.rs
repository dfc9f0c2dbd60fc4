//! Call requests: a fan proposes a time, a length and a price to a creator, who accepts or
//! declines (seed 000's "Demandes" page, with its per-status statistics).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Participant;

/// Where a call request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallRequestStatus {
    /// Waiting for the creator's answer, until the proposed time.
    Pending,
    /// Accepted: a booking is held for the fan (`bookingId`), who pays to confirm it.
    Accepted,
    /// Declined by the creator (`rejectionReason` may say why).
    Rejected,
    /// The proposed time passed without an answer.
    Expired,
    /// Withdrawn by the fan.
    Withdrawn,
}

/// `POST /api/call-requests`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewCallRequest {
    /// The creator (the id of `/api/creators/{id}`).
    pub creator_id: Uuid,
    /// The proposed start, in the future.
    pub proposed_date_time: DateTime<Utc>,
    /// Minutes, 5 to 480.
    pub duration: i32,
    /// The proposed price, e.g. "40.00": at least the card minimum (0.50; 0.30 in GBP), at
    /// most 2 decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "40.00"))]
    pub proposed_price: Decimal,
    /// The creator's currency (the default); another currency is refused.
    #[serde(default)]
    pub currency: Option<String>,
    /// Words for the creator, up to 1,000 characters.
    #[serde(default)]
    pub message: String,
}

/// A call request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallRequest {
    /// Identifier.
    pub id: Uuid,
    /// The creator asked.
    pub creator_id: Uuid,
    /// The creator's name.
    pub creator_name: String,
    /// The fan who asked (account id and name).
    pub fan: Participant,
    /// The proposed start.
    pub proposed_date_time: DateTime<Utc>,
    /// Minutes.
    pub duration: i32,
    /// The proposed end (start plus the length).
    pub ends_at: DateTime<Utc>,
    /// The proposed price, e.g. "40.00".
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "40.00"))]
    pub proposed_price: Decimal,
    /// Currency code.
    pub currency: String,
    /// The fan's words.
    pub message: String,
    /// Status as of now (a pending request whose time has come is `expired`).
    pub status: CallRequestStatus,
    /// The creator's reason, when declined with one.
    pub rejection_reason: Option<String>,
    /// The booking held for the fan, once accepted: pay it with `POST /api/payments/create-intent`.
    pub booking_id: Option<Uuid>,
    /// The offer made for the fan, once accepted (reserved for them, never listed publicly).
    pub call_offer_id: Option<Uuid>,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Accepted, declined or withdrawn.
    pub responded_at: Option<DateTime<Utc>>,
}

/// How many requests are in each status (all of them, whatever the page).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallRequestCounts {
    /// Waiting for an answer.
    pub pending: u64,
    /// Accepted.
    pub accepted: u64,
    /// Declined.
    pub rejected: u64,
    /// Expired unanswered.
    pub expired: u64,
    /// Withdrawn.
    pub withdrawn: u64,
}

/// A page of call requests, newest first, with the counts per status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallRequestPage {
    /// This page.
    pub items: Vec<CallRequest>,
    /// Page number.
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// Requests matching the filter.
    pub total: u64,
    /// Requests per status, all of them (the `status` filter does not apply).
    pub counts: CallRequestCounts,
}

/// Filters of `GET /api/call-requests`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CallRequestQuery {
    /// `creator` for the requests sent to me as a creator; the ones I sent otherwise.
    #[serde(default, rename = "as")]
    pub perspective: Option<String>,
    /// Only this status (as of now).
    #[serde(default)]
    pub status: Option<CallRequestStatus>,
}

/// `POST /api/call-requests/{id}/reject`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RejectCallRequest {
    /// Shown to the fan, up to 500 characters.
    #[serde(default)]
    pub reason: Option<String>,
}
