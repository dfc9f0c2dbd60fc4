//! The iCalendar file of a booking: one event with a UID that never changes, a SEQUENCE
//! raised on every change, times in UTC and the link to the call page.

use chrono::{DateTime, Utc};
use domain::booking::BookingStatus;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::bookings::Booking;
use crate::context::Settings;

/// Renders the `.ics` of a booking.
pub fn booking_ics(booking: &Booking, settings: &Settings, now: DateTime<Utc>) -> String {
    let join = settings.link(&format!("/call/{}", booking.id));
    let with = format!("{} · {}", booking.host.name, booking.guest.name);
    let status = match booking.status {
        BookingStatus::Cancelled => EventStatus::Cancelled,
        BookingStatus::Pending => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let event = Event::new()
        .uid(&format!("booking-{}@callstar", booking.id))
        .sequence(u32::try_from(booking.calendar_sequence).unwrap_or(0))
        .timestamp(now)
        .starts(booking.starts_at)
        .ends(booking.ends_at)
        .summary(&format!("Callstar: {}", booking.offer.title))
        .description(&format!("{with}\nJoin the call: {join}"))
        .location(&join)
        .url(&join)
        .status(status)
        .done();
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
    Ok(booking_ics(&booking, &ctx.settings, Utc::now()))
}
