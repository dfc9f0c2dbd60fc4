//! The iCalendar file of a booking: one event with a UID that never changes, a SEQUENCE
//! raised on every change, times in UTC, and where it happens — the reader's link to the
//! call page, or the phone number or address of an appointment held otherwise.

use chrono::{DateTime, Utc};
use domain::booking::BookingStatus;
use domain::planning::MeetingType;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::bookings::Booking;

/// Renders the `.ics` of a booking for a reader who joins its call at `join`.
pub fn booking_ics(booking: &Booking, join: &str, now: DateTime<Utc>) -> String {
    let with = format!("{} · {}", booking.host.name, booking.guest.name);
    let status = match booking.status {
        BookingStatus::Cancelled => EventStatus::Cancelled,
        BookingStatus::Pending => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let mut event = Event::new();
    event
        .uid(&format!("booking-{}@callstar", booking.id))
        .sequence(u32::try_from(booking.calendar_sequence).unwrap_or(0))
        .timestamp(now)
        .starts(booking.starts_at)
        .ends(booking.ends_at)
        .summary(&format!("Callstar: {}", booking.offer.title))
        .status(status);
    match (booking.meeting_type, booking.phone.as_deref(), booking.address.as_deref()) {
        (MeetingType::Phone, Some(phone), _) => {
            event.description(&format!("{with}\nBy phone: {phone}")).location(&format!("Phone: {phone}"));
        }
        (MeetingType::InPerson, _, Some(address)) => {
            event.description(&format!("{with}\nIn person: {address}")).location(address);
        }
        _ => {
            event.description(&format!("{with}\nJoin the call: {join}")).location(join).url(join);
        }
    }
    let event = event.done();
    let mut calendar = Calendar::empty();
    calendar.append_property(("VERSION", "2.0"));
    calendar.append_property(("PRODID", "-//Callstar//Calls//EN"));
    calendar.append_property(("CALSCALE", "GREGORIAN"));
    calendar.append_property(("METHOD", "PUBLISH"));
    calendar.push(event);
    calendar.done().to_string()
}

/// The `.ics` of one booking, for its participants and admins.
pub async fn for_viewer(
    ctx: &crate::Context,
    viewer: uuid::Uuid,
    role: domain::Role,
    id: uuid::Uuid,
) -> Result<String, crate::ServiceError> {
    let booking = crate::bookings::get(&ctx.db, viewer, role, id).await?;
    Ok(booking_ics(&booking, &ctx.settings.link(&api_types::Route::Call(id)), Utc::now()))
}
