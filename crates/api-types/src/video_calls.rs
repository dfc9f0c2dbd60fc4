//! Instant calls inside an organization (seeds 003 and 004): placing a call, its history and
//! figures, its status, and the staff/client lists to call from. Paths and field names are
//! the seeds'.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an instant call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CallStatus {
    /// Recorded; the ring has not gone out yet.
    Initiated,
    /// Ringing at the callee (for 30 seconds at most).
    Ringing,
    /// Accepted.
    Answered,
    /// Over (hung up after an answer, or cancelled by the caller before one).
    Ended,
    /// Nobody answered in time (decided by the server).
    Missed,
    /// The callee declined.
    Declined,
}

/// Which side placed a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum InitiatedBy {
    /// A client called a staff member.
    Client,
    /// A staff member called a client.
    Staff,
}

/// `POST /api/daily/create-room` and `POST /api/video-calls`: call a staff member (as a
/// client: `staffId`) or a client (as staff: `clientId`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schema(example = json!({"clientId": "6c1f3f0e-8a57-4d8e-9d0c-3f5a3e0b9a11", "initiatedBy": "staff"})))]
pub struct CreateCallRequest {
    /// The staff member to call (when a client calls).
    #[serde(default)]
    pub staff_id: Option<Uuid>,
    /// The client to call (when staff call).
    #[serde(default)]
    pub client_id: Option<Uuid>,
    /// Accepted for the seeds' integrators and ignored: names come from the accounts.
    #[serde(default)]
    pub staff_name: Option<String>,
    /// Accepted for the seeds' integrators and ignored: names come from the accounts.
    #[serde(default)]
    pub client_name: Option<String>,
    /// `client` (the seeds' default) or `staff`; must be the caller's own role.
    #[serde(default)]
    pub initiated_by: Option<String>,
}

/// The answer of `POST /api/daily/create-room` (the seed's shape, plus the caller's meeting
/// token for the private room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateRoomResponse {
    /// Always true.
    pub success: bool,
    /// The Daily room; null when the server has no Daily credentials.
    pub room_url: Option<String>,
    /// The room's name.
    pub room_name: String,
    /// The call.
    pub call_id: Uuid,
    /// The staff member.
    pub staff_name: String,
    /// The client.
    pub client_name: String,
    /// When the room expires (Unix seconds; one hour after the call was placed).
    pub expires_at: i64,
    /// The caller's meeting token for the private room (null without Daily).
    pub token: Option<String>,
    /// False when the server has no Daily credentials (the call shows the local camera only).
    pub video_enabled: bool,
}

/// One side of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallParty {
    /// The account.
    pub id: Uuid,
    /// The name when the call was placed.
    pub name: String,
    /// A picture, when the account has one (a host's profile picture).
    pub avatar: Option<String>,
}

/// An instant call (the seeds' history item, with both sides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VideoCall {
    /// Identifier (the seeds' `callId`).
    pub id: Uuid,
    /// The Daily room's name.
    pub room_name: String,
    /// The Daily room (null without Daily).
    pub room_url: Option<String>,
    /// Where it stands.
    pub status: CallStatus,
    /// Which side called.
    pub initiated_by: InitiatedBy,
    /// When it was placed.
    pub started_at: DateTime<Utc>,
    /// When the ring went out.
    pub ringing_at: Option<DateTime<Utc>>,
    /// While it rings: when the server will mark it missed.
    pub rings_until: Option<DateTime<Utc>>,
    /// When it was answered (set by the server).
    pub answered_at: Option<DateTime<Utc>>,
    /// When it ended, was declined or missed (set by the server).
    pub ended_at: Option<DateTime<Utc>>,
    /// Seconds from the answer to the end (set by the server).
    pub duration: Option<i32>,
    /// Where the participants fetch its recording, once Daily has one.
    pub recording_url: Option<String>,
    /// The staff member.
    pub staff: CallParty,
    /// The client.
    pub client: CallParty,
}

/// The answer of `POST /api/video-calls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatedCall {
    /// The call, ringing.
    pub call: VideoCall,
    /// The caller's meeting token (null without Daily).
    pub token: Option<String>,
}

/// `GET /api/video-calls`: my calls, newest first (the seed's `calls`, with paging fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VideoCallPage {
    /// This page.
    pub calls: Vec<VideoCall>,
    /// Page number (from 1).
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// Calls matching the filters.
    pub total: u64,
}

/// Filters of `GET /api/video-calls` and `GET /api/video-calls/stats`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct VideoCallQuery {
    /// Only this status: INITIATED, RINGING, ANSWERED, ENDED, MISSED or DECLINED.
    #[serde(default)]
    pub status: Option<String>,
    /// Only calls placed in the last `day`, `week` (7 days), `month` (30 days) or `year`.
    #[serde(default)]
    pub period: Option<String>,
}

/// Filters of `GET /api/video-calls/stats`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CallStatsQuery {
    /// Only calls placed in the last `day`, `week` (7 days), `month` (30 days) or `year`.
    #[serde(default)]
    pub period: Option<String>,
}

/// `PATCH /api/video-calls/{callId}/status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ANSWERED"})))]
pub struct UpdateCallStatusRequest {
    /// ANSWERED or DECLINED (the callee), ENDED (either: hang up; the caller before an answer:
    /// cancel), MISSED (accepted only once the server's 30 seconds have passed).
    pub status: String,
}

/// The answer of a status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdatedCall {
    /// Always true.
    pub success: bool,
    /// The call after the change.
    pub call: VideoCall,
    /// On ANSWERED: the callee's meeting token (null without Daily).
    pub token: Option<String>,
}

/// `GET /api/video-calls/stats`: figures of my calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallStats {
    /// Calls in all.
    pub total: u64,
    /// Calls answered.
    pub answered: u64,
    /// Calls missed.
    pub missed: u64,
    /// Calls declined.
    pub declined: u64,
    /// Calls the caller cancelled before an answer.
    pub cancelled: u64,
    /// Answered calls as a percentage of all calls, one decimal.
    pub answer_rate: f64,
    /// Average seconds of conversation of the calls that ended after an answer.
    pub average_duration: i64,
}

/// A client's company, in the seed's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Company {
    /// The client's company, or the organization's name.
    pub company_name: String,
}

/// Someone to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// The account (`staffId` / `clientId` of a call).
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// A picture, when the account has one.
    pub avatar: Option<String>,
    /// Their company.
    pub company: Company,
    /// Whether they are in a call right now (a call to them would be refused as busy).
    pub busy: bool,
}

/// `GET /api/staff/clients`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ClientList {
    /// By name.
    pub clients: Vec<Contact>,
}

/// `GET /api/client/staff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffList {
    /// By name.
    pub staff: Vec<Contact>,
}

/// Query of the contact lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ContactQuery {
    /// Part of a name, an e-mail or a company (case-insensitive).
    #[serde(default)]
    pub search: Option<String>,
}

/// `GET /api/video-calls/{callId}/recording`: a short-lived download link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecordingLink {
    /// Daily's signed link: use it exactly as given.
    pub download_link: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}
