//! The iCalendar file of a booking: one event with a UID that never changes, a SEQUENCE
//! raised on every change, times in UTC and the link to the call page.

use chrono::{DateTime, Utc};
use domain::booking::BookingStatus;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::bookings::BookingView;

/// Renders the `.ics` of a booking; `public_url` is where people open the app.
pub fn booking_ics(view: &BookingView, public_url: &str, now: DateTime<Utc>) -> String {
    let join = format!("{}/call/{}", public_url.trim_end_matches('/'), view.row.id);
    let with = format!("{} · {}", view.creator.1, view.guest.1);
    let status = match view.status {
        BookingStatus::Cancelled => EventStatus::Cancelled,
        BookingStatus::Pending => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let event = Event::new()
        .uid(&format!("booking-{}@callstar", view.row.id))
        .sequence(u32::try_from(view.row.calendar_sequence).unwrap_or(0))
        .timestamp(now)
        .starts(view.offer.date_time)
        .ends(view.ends_at())
        .summary(&format!("Callstar: {}", view.offer.title))
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
