//! Coach planning: appointment types, reasons, weekly availability and date overrides, free
//! slots, and appointments (bookings whose source is an appointment type). Times of day are
//! `HH:MM` in the host's zone; instants are RFC 3339 in UTC.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Booking;

/// How an appointment is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingType {
    /// A video call on the call page.
    Video,
    /// A phone call: the host calls the number given.
    Phone,
    /// In person, at the address given.
    InPerson,
}

/// An appointment type: what a host offers to book from their availability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentType {
    /// Identifier.
    pub id: Uuid,
    /// The host's user id.
    pub host_id: Uuid,
    /// Name.
    pub name: String,
    /// Length in minutes.
    pub duration: i32,
    /// Colour on the calendar, `#rrggbb`.
    pub color: String,
    /// Description.
    pub description: String,
    /// Meeting types offered.
    pub meeting_types: Vec<MeetingType>,
    /// Minutes kept free before an appointment.
    pub buffer_before: i32,
    /// Minutes kept free after an appointment.
    pub buffer_after: i32,
    /// How many minutes ahead it must be booked.
    pub minimum_notice: i32,
    /// Price a client pays when booking it themselves (none: free).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "60.00"))]
    pub price: Option<Decimal>,
    /// The price's currency.
    pub currency: Option<String>,
    /// Offered for booking.
    pub active: bool,
}

/// `POST /api/appointment-types` and `PUT /api/appointment-types/{id}` (every field).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentTypeRequest {
    /// 1 to 100 characters.
    pub name: String,
    /// 5 to 480 minutes.
    pub duration: i32,
    /// `#rrggbb`.
    pub color: String,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub description: String,
    /// At least one of `video`, `phone`, `in_person`.
    pub meeting_types: Vec<String>,
    /// 0 to 240 minutes (default 0).
    #[serde(default)]
    pub buffer_before: i32,
    /// 0 to 240 minutes (default 0).
    #[serde(default)]
    pub buffer_after: i32,
    /// 0 to 43,200 minutes (default 0).
    #[serde(default)]
    pub minimum_notice: i32,
    /// Price a client pays when booking it themselves; none or absent: free. At least the
    /// card minimum of the currency, at most 2 decimals.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "60.00"))]
    pub price: Option<Decimal>,
    /// The host's payout currency (required with a price).
    #[serde(default)]
    pub currency: Option<String>,
    /// Offered for booking (default true).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// `GET /api/appointment-types` and `GET /api/appointment-reasons`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct HostQuery {
    /// Another host's (active) ones, to book with them; absent: the signed-in host's own.
    pub host_id: Option<Uuid>,
}

/// A reason for an appointment, in the host's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentReason {
    /// Identifier.
    pub id: Uuid,
    /// Label.
    pub label: String,
    /// Display order (0 first).
    pub position: i32,
}

/// `POST /api/appointment-reasons` and `PATCH /api/appointment-reasons/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentReasonRequest {
    /// 1 to 200 characters.
    pub label: String,
}

/// `PUT /api/appointment-reasons/order`: every reason's id, in the new order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReorderReasonsRequest {
    /// All the host's reason ids, first one first.
    pub ids: Vec<Uuid>,
}

/// A span of a day, `HH:MM` to `HH:MM` (`24:00` is the end of the day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimeRange {
    /// Start, e.g. "09:00".
    #[cfg_attr(feature = "openapi", schema(example = "09:00"))]
    pub start: String,
    /// End, e.g. "12:00".
    #[cfg_attr(feature = "openapi", schema(example = "12:00"))]
    pub end: String,
}

/// The ranges of one weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WeekdayHours {
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: u32,
    /// Non-overlapping ranges (at most 12).
    pub ranges: Vec<TimeRange>,
}

/// A host's weekly hours: `GET` and `PUT /api/availability`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Availability {
    /// IANA time zone the hours are in, e.g. "Europe/Paris".
    pub timezone: String,
    /// Each weekday's ranges (days left out: none).
    pub weekly: Vec<WeekdayHours>,
}

/// A date with other hours than the weekly ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityOverride {
    /// Identifier.
    pub id: Uuid,
    /// The date, in the host's zone.
    pub date: NaiveDate,
    /// No availability that day (holiday, time off).
    pub unavailable: bool,
    /// The day's ranges instead of the weekly ones (empty when unavailable).
    pub ranges: Vec<TimeRange>,
    /// Why.
    pub note: Option<String>,
}

/// `POST /api/availability/overrides`: sets a date's hours (replacing its override).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityOverrideRequest {
    /// The date, in the host's zone.
    pub date: NaiveDate,
    /// No availability that day.
    #[serde(default)]
    pub unavailable: bool,
    /// The day's ranges (required unless unavailable).
    #[serde(default)]
    pub ranges: Vec<TimeRange>,
    /// Up to 200 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// `GET /api/availability/overrides`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct OverridesQuery {
    /// From this date (inclusive).
    pub from: Option<NaiveDate>,
    /// To this date (inclusive).
    pub to: Option<NaiveDate>,
}

/// `GET /api/hosts/{id}/slots`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct SlotsQuery {
    /// The appointment type.
    pub type_id: Uuid,
    /// From: a date (its start in `tz`) or an RFC 3339 instant; default now.
    pub from: Option<String>,
    /// To: a date (included whole, in `tz`) or an RFC 3339 instant; default 14 days after
    /// `from`; at most 62 days after it.
    pub to: Option<String>,
    /// The viewer's IANA zone, for dates and parts of the day (default UTC).
    pub tz: Option<String>,
}

/// A free slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// Start (UTC).
    pub starts_at: DateTime<Utc>,
    /// End (UTC).
    pub ends_at: DateTime<Utc>,
}

/// One date's free slots, by the part of the day they start in (viewer's zone): morning
/// before 12:00, afternoon 12:00–17:00, evening from 17:00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SlotDay {
    /// The date, in the viewer's zone.
    pub date: NaiveDate,
    /// Before noon.
    pub morning: Vec<Slot>,
    /// Noon to 17:00.
    pub afternoon: Vec<Slot>,
    /// From 17:00.
    pub evening: Vec<Slot>,
}

/// The answer of `GET /api/hosts/{id}/slots`: only dates with a free slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Slots {
    /// Dates in order.
    pub days: Vec<SlotDay>,
}

/// Someone without an account a host books for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Prospect {
    /// Name.
    pub name: String,
    /// E-mail (the confirmation and reminders go there, with a link to join).
    pub email: String,
}

/// `POST /api/appointments`: by a host for a client (`clientId`) or a prospect, or by a
/// client for themselves with a host (`hostId`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentRequest {
    /// The appointment type.
    pub appointment_type_id: Uuid,
    /// Start: one of the free slots.
    pub starts_at: DateTime<Utc>,
    /// One of the type's meeting types.
    pub meeting_type: String,
    /// The host (when a client books for themselves).
    #[serde(default)]
    pub host_id: Option<Uuid>,
    /// The client (when a host books for one).
    #[serde(default)]
    pub client_id: Option<Uuid>,
    /// Someone without an account (when a host books for them).
    #[serde(default)]
    pub prospect: Option<Prospect>,
    /// One of the host's reasons.
    #[serde(default)]
    pub reason_id: Option<Uuid>,
    /// Up to 200 characters (default: the type's name).
    #[serde(default)]
    pub title: Option<String>,
    /// Up to 5,000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// The client's message to the host, up to 2,000 characters.
    #[serde(default)]
    pub message: Option<String>,
    /// Required for a phone appointment.
    #[serde(default)]
    pub phone: Option<String>,
    /// Required for an appointment in person.
    #[serde(default)]
    pub address: Option<String>,
}

/// `PATCH /api/appointments/{id}`: reschedule or edit; fields present change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateAppointmentRequest {
    /// A new start: a free slot.
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// Another of the type's meeting types.
    #[serde(default)]
    pub meeting_type: Option<String>,
    /// Another of the host's reasons.
    #[serde(default)]
    pub reason_id: Option<Uuid>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// The client's message (the client only).
    #[serde(default)]
    pub message: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
}

/// An appointment's type, as shown on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentTypeRef {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Colour.
    pub color: String,
}

/// An appointment: a booking (status, times, participants, price, the call) whose source is
/// an appointment type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    /// Identifier (the booking's).
    pub id: Uuid,
    /// The host's user id.
    pub host_id: Uuid,
    /// The client's user id.
    pub client_id: Uuid,
    /// The client's e-mail.
    pub client_email: String,
    /// The client has no account of their own (booked as a prospect).
    pub client_is_prospect: bool,
    /// Its type (absent when the type was deleted).
    pub appointment_type: Option<AppointmentTypeRef>,
    /// How it is held.
    pub meeting_type: MeetingType,
    /// The reason's id.
    pub reason_id: Option<Uuid>,
    /// The reason's label.
    pub reason: Option<String>,
    /// The client's message.
    pub message: Option<String>,
    /// Phone number (phone appointments).
    pub phone: Option<String>,
    /// Address (appointments in person).
    pub address: Option<String>,
    /// The booking underneath: status, times, title, description, price, who cancelled.
    pub booking: Booking,
}

/// A host's appointment counts over the listed range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentStats {
    /// All of them.
    pub total: u64,
    /// Active and not ended.
    pub upcoming: u64,
    /// Completed.
    pub completed: u64,
    /// Cancelled.
    pub cancelled: u64,
}

/// `GET /api/appointments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentList {
    /// This page, soonest first.
    pub items: Vec<Appointment>,
    /// This page's number.
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// Items matching the filters.
    pub total: u64,
    /// Counts over the date range (all statuses).
    pub stats: AppointmentStats,
}

/// `GET /api/appointments` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentsQuery {
    /// Starting from (inclusive, RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Starting before (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// `upcoming`, `completed` or `cancelled`; absent: all.
    pub status: Option<String>,
    /// `client`: a host's own appointments with other hosts.
    #[serde(rename = "as")]
    pub as_: Option<String>,
}

/// One of a host's clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Client {
    /// User id (`clientId` of a new appointment).
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Without an account of their own.
    pub is_prospect: bool,
}

/// `GET /api/hosts/me/clients`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ClientsQuery {
    /// Part of a name or an e-mail (case-insensitive).
    pub search: Option<String>,
}

/// `POST /api/auth/guest`: a prospect's appointment link, exchanged for a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuestLinkRequest {
    /// The appointment (booking) the link is for.
    pub booking_id: Uuid,
    /// The link's `key`.
    pub key: String,
}

/// `POST /api/me/password`: a prospect (signed in through their link) sets a password and
/// becomes a full account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetPasswordRequest {
    /// At least 10 characters.
    pub password: String,
}
