//! What every planning page shows of an appointment: its row (type colour, time, title, the
//! other person, status), the status badge, and the Join button, which is green exactly while
//! the server says the call is open (`joinOpensAt` to `endsAt`, read against the clock).

use api_types::{Appointment, BookingStatus, MeetingType, Route};
use callstar_web::contexts::session::Session;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use callstar_web::{format, labels};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The badge of a status.
#[component]
pub fn StatusBadge(status: BookingStatus) -> impl IntoView {
    let i18n = use_i18n();
    let tone = match status {
        BookingStatus::Confirmed => "badge badge-success",
        BookingStatus::Pending => "badge badge-warning",
        BookingStatus::Cancelled | BookingStatus::NoShow => "badge badge-danger",
        BookingStatus::Completed => "badge",
    };
    view! { <span class=tone data-testid="status">{move || labels::booking_status(i18n, status)}</span> }
}

/// The colour of an appointment's type (the theme's when the type was deleted).
pub fn color(appointment: &Appointment) -> String {
    appointment.appointment_type.as_ref().map(|kind| kind.color.clone()).unwrap_or_default()
}

/// Whether the signed-in person is the appointment's host.
pub fn hosting(session: &Session, appointment: &Appointment) -> bool {
    session.user.with_untracked(|user| user.as_ref().is_some_and(|user| user.id == appointment.host_id))
}

/// One appointment in a list: colour, time, title, the other person, type and status, a link
/// to its page, and the actions given as children (for instance Join).
#[component]
pub fn AppointmentRow(
    appointment: Appointment,
    /// Show the date as well as the time.
    #[prop(default = false)]
    with_date: bool,
    /// Actions at the end of the row.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let (start, end) = (appointment.booking.starts_at, appointment.booking.ends_at);
    let when = move || {
        let locale = i18n.get_locale();
        let from = if with_date {
            format::date_time(&start, locale, &zone)
        } else {
            format::short_time(&start, locale, &zone)
        };
        format!("{from} – {}", format::short_time(&end, locale, &zone))
    };
    let host = hosting(&session, &appointment);
    let other = if host { appointment.booking.user.name.clone() } else { appointment.booking.creator.name.clone() };
    let kind = appointment.appointment_type.as_ref().map(|kind| kind.name.clone()).unwrap_or_default();
    let meeting = appointment.meeting_type;
    let style = format!("--mark: {}", color(&appointment));
    view! {
        <li class="appt-row" style=style data-testid="appointment-row" data-id=appointment.id.to_string()>
            <div class="appt-main">
                <p class="offer-title">
                    <Link to=Route::Appointment(appointment.id)>{appointment.booking.call_offer.title.clone()}</Link>
                </p>
                <p class="muted small">
                    <span>{when}</span> " · " <span>{other}</span> " · " <span>{kind}</span> " · "
                    <span>{move || labels::meeting_type(i18n, meeting)}</span>
                </p>
            </div>
            <div class="offer-actions">
                <StatusBadge status=appointment.booking.status/>
                {children.map(|children| children())}
            </div>
        </li>
    }
}

/// Join a video appointment: a green link while the call is open, a disabled button (with
/// when it opens) before; nothing for other meeting types or once it is over or closed.
#[component]
pub fn JoinButton(appointment: Appointment, now: ReadSignal<DateTime<Utc>>) -> impl IntoView {
    let i18n = use_i18n();
    let booking = &appointment.booking;
    if appointment.meeting_type != MeetingType::Video || booking.status != BookingStatus::Confirmed {
        return ().into_any();
    }
    let (opens, ends, id) = (booking.join_opens_at, booking.ends_at, appointment.id);
    let open = Memo::new(move |_| {
        let now = now.get();
        now >= opens && now < ends
    });
    let over = Memo::new(move |_| now.get() >= ends);
    view! {
        {move || if over.get() {
            ().into_any()
        } else if open.get() {
            view! { <Link to=Route::Call(id) attr:class="btn btn-success btn-sm" attr:data-testid="join">{move || t_string!(i18n, calls.join)}</Link> }.into_any()
        } else {
            view! {
                <span class="muted small">{move || t_string!(i18n, calls.opens_hint)}</span>
                <button type="button" class="btn btn-secondary btn-sm" data-testid="join" disabled=true>{move || t_string!(i18n, calls.join)}</button>
            }.into_any()
        }}
    }
    .into_any()
}
