//! Calls: call logs and the post-call summary (seed 000's shapes).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::Booking;

/// `POST /api/call-logs`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallLogRequest {
    /// The booking (the call).
    pub booking_id: Uuid,
    /// PRE_CALL_ENTERED, CALL_JOINED, CALL_STARTED, CALL_ENDED, CALL_ERROR, PARTICIPANT_JOINED,
    /// PARTICIPANT_LEFT, CAMERA_TOGGLED or MIC_TOGGLED.
    pub event: String,
    /// Details, at most 4,096 bytes as JSON; `timestamp` (RFC 3339) is used as the event time
    /// when plausible.
    #[serde(default)]
    pub metadata: Map<String, Value>,
    /// Free text (the first 1,000 characters are kept).
    #[serde(default)]
    pub message: Option<String>,
}

/// A recorded call event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallLog {
    /// Identifier.
    pub id: Uuid,
    /// The booking (the call).
    pub booking_id: Uuid,
    /// `CALL_<EVENT>`, e.g. `CALL_CALL_STARTED`.
    #[serde(rename = "type")]
    pub log_type: String,
    /// USER, CREATOR or SYSTEM.
    pub actor: String,
    /// The reporting account (null for SYSTEM).
    pub actor_id: Option<Uuid>,
    /// Message.
    pub message: String,
    /// Details.
    pub metadata: Value,
    /// When it happened.
    pub created_at: DateTime<Utc>,
}

/// Answer of `POST /api/call-logs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallLogCreated {
    /// Always true.
    pub success: bool,
    /// The recorded event.
    pub log: CallLog,
}

/// Answer of `GET /api/call-logs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallLogList {
    /// Oldest first.
    pub logs: Vec<CallLog>,
}

/// Query of `GET /api/call-logs`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CallLogQuery {
    /// The booking.
    pub booking_id: Uuid,
}

/// Answer of `GET /api/call-summary/{bookingId}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallSummaryResponse {
    /// The summary.
    pub summary: CallSummary,
}

/// What happened in a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallSummary {
    /// The booking.
    pub booking: Booking,
    /// The offer as scheduled.
    pub call_offer: ScheduledCall,
    /// Who.
    pub participants: CallParticipants,
    /// What actually happened.
    pub call_details: CallDetails,
    /// The log, oldest first.
    pub logs: Vec<CallLog>,
}

/// The schedule of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScheduledCall {
    /// Title.
    pub title: String,
    /// Start.
    pub scheduled_date_time: DateTime<Utc>,
    /// Minutes.
    pub scheduled_duration: i32,
}

/// The two participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallParticipants {
    /// The host.
    pub creator: crate::Participant,
    /// The guest.
    pub user: crate::Participant,
}

/// Actual times and outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallDetails {
    /// The first moment both were in the call.
    pub actual_start_time: Option<DateTime<Utc>>,
    /// The last moment both were in the call.
    pub actual_end_time: Option<DateTime<Utc>>,
    /// Seconds both were together.
    pub actual_duration: i64,
    /// Seconds scheduled.
    pub scheduled_duration: i64,
    /// completed, interrupted or no_show.
    pub status: String,
    /// When the call is a no-show: who was absent and what the fan gets back (the no-show
    /// policy); null otherwise.
    pub no_show: Option<NoShow>,
}

/// Who missed a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Absent {
    /// The creator never joined: the fan is refunded in full.
    Host,
    /// The fan never joined: nothing is refunded.
    Guest,
    /// Neither joined, or they never overlapped: the fan is refunded in full.
    Both,
}

/// What the no-show policy gives back to the fan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoShowRefund {
    /// Everything the fan paid.
    Full,
    /// Nothing.
    None,
}

/// The outcome of a no-show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NoShow {
    /// Who was absent: as recorded when the call was settled, or as the log says until then.
    pub absent: Absent,
    /// What the policy refunds.
    pub refund: NoShowRefund,
    /// What has been refunded so far ("0.00" before the refund is made, and for unpaid calls).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "40.00"))]
    pub refunded_amount: rust_decimal::Decimal,
    /// Currency of the amount.
    pub currency: String,
    /// Whether the call has been settled (the booking is `no_show`).
    pub settled: bool,
}

/// Filters of `GET /api/admin/call-logs`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct AdminCallLogQuery {
    /// Only this event: `CALL_STARTED` or its log type `CALL_CALL_STARTED`.
    #[serde(default, rename = "type")]
    pub event: Option<String>,
    /// Only this booking's call.
    #[serde(default)]
    pub booking_id: Option<Uuid>,
    /// Only events reported by USER, CREATOR or SYSTEM.
    #[serde(default)]
    pub actor: Option<String>,
    /// Events at or after this instant.
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant.
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
}

/// The period of `GET /api/admin/call-metrics`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CallMetricsQuery {
    /// Calls scheduled to start at or after this instant (default: `to` minus 30 days).
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    /// Calls scheduled to start before this instant (default: now).
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
}

/// Call metrics of a period (seed 000's metrics to follow). A call counts when it is a video
/// call that was settled (by the `settle-calls` job) and is scheduled to start in
/// `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallMetrics {
    /// The period's start.
    pub from: DateTime<Utc>,
    /// The period's end (excluded).
    pub to: DateTime<Utc>,
    /// Settled video calls scheduled in the period.
    pub calls: u64,
    /// Calls that ended normally (both were in, until the scheduled end or a normal hang-up)
    /// divided by `calls`, 0 to 1, four decimals; interrupted calls and no-shows are not
    /// completed. Null when `calls` is 0.
    pub completion_rate: Option<f64>,
    /// No-shows (someone never joined, or they never met) divided by `calls`, 0 to 1, four
    /// decimals; null when `calls` is 0.
    pub no_show_rate: Option<f64>,
    /// The average time both participants were in the call together, in seconds (one
    /// decimal), over the calls that took place (completed or interrupted); null when none did.
    pub average_duration_seconds: Option<f64>,
    /// The average time spent in the pre-call phase, in seconds (one decimal): per call, the
    /// mean over its participants of the time from their first `PRE_CALL_ENTERED` to their
    /// first `CALL_JOINED` after it; averaged over the calls where at least one participant
    /// did both. Null when none did.
    pub average_pre_call_seconds: Option<f64>,
}

/// `POST /api/daily/get-token`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallTokenRequest {
    /// The booking (the call).
    pub booking_id: Uuid,
}

/// Answer of `POST /api/daily/get-token`: what the call page needs to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallTokenResponse {
    /// The Daily meeting token; null when video is not configured on this server.
    pub token: Option<String>,
    /// The Daily room URL; null when video is not configured (or the room is not ready yet).
    pub room_url: Option<String>,
    /// When the token stops working: the scheduled end plus the grace period.
    pub expires_at: DateTime<Utc>,
    /// False when the server has no Daily credentials: the page shows the local camera only.
    pub video_enabled: bool,
    /// True for the creator (the room's owner).
    pub is_owner: bool,
    /// The scheduled start.
    pub starts_at: DateTime<Utc>,
    /// The scheduled end; the call page ends the call at this moment.
    pub ends_at: DateTime<Utc>,
}
