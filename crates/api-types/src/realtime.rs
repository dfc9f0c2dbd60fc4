//! The real-time channel: one WebSocket per browser tab, opened with a single-use ticket,
//! carrying `{type, data}` messages.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{BookingStatus, InitiatedBy, Notification, VideoCall};

/// `POST /api/ws/ticket`: what opens one WebSocket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WsTicket {
    /// Pass it as `GET /api/ws?ticket=…`; it works once.
    pub ticket: String,
    /// Seconds it stays valid.
    pub expires_in: u64,
}

/// Query of `GET /api/ws`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct WsQuery {
    /// The ticket from `POST /api/ws/ticket`.
    #[serde(default)]
    pub ticket: Option<String>,
}

/// `incoming-call`: the seed's payload, sent to the callee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IncomingCall {
    /// The call (for `PATCH /api/video-calls/{callId}/status`).
    pub call_id: Uuid,
    /// Who calls.
    pub caller_id: Uuid,
    /// Their name.
    pub caller_name: String,
    /// Their picture, when they have one.
    pub caller_avatar: Option<String>,
    /// The Daily room (null without Daily).
    pub room_url: Option<String>,
    /// The room's name.
    pub room_name: String,
    /// Which side calls.
    pub initiated_by: InitiatedBy,
    /// When the server marks the call missed if nobody answers.
    pub rings_until: DateTime<Utc>,
}

/// `booking-updated`: a booking of the reader changed (confirmed, cancelled, settled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BookingUpdated {
    /// The booking (read it with `GET /api/bookings/{id}`).
    pub booking_id: Uuid,
    /// Its new status.
    pub status: BookingStatus,
}

/// A message of the server on the WebSocket: JSON `{"type": …, "data": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "data", rename_all = "kebab-case")]
pub enum ServerMessage {
    /// Someone calls the reader.
    IncomingCall(IncomingCall),
    /// A call of the reader changed status (sent to both participants).
    CallStatus(VideoCall),
    /// A new in-app notification, in the reader's language.
    Notification(Notification),
    /// A booking of the reader changed.
    BookingUpdated(BookingUpdated),
}
