//! The creator dashboard's "Today's appointments": green with the count when there is one today
//! (in the host's time zone; cancelled ones do not count), grey otherwise; it unfolds into the
//! day's list, with a link to the planning.

use api_types::{Appointment, AppointmentsQuery, BookingStatus, Route};
use callstar_web::components::status::{LoadError, Loading};
use callstar_web::contexts::session::Session;
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use callstar_web::{clock, format};
use chrono::Utc;
use leptos::prelude::*;

use crate::planning::card::{AppointmentRow, JoinButton};
use crate::planning::data;

/// The widget.
#[component]
pub fn TodayWidget() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let today = format::local_date(&Utc::now(), &zone);
    let (from, to) = data::day(today, &zone);
    let range = LocalResource::new(move || {
        let filter = AppointmentsQuery { from: Some(from), to: Some(to), ..Default::default() };
        data::every(session.api, filter)
    });
    let items = Memo::new(move |_| {
        range.get().map(|answer| {
            answer.map(|found| {
                found
                    .items
                    .into_iter()
                    .filter(|a| a.booking.status != BookingStatus::Cancelled)
                    .collect::<Vec<Appointment>>()
            })
        })
    });
    let count = move || items.with(|items| items.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len));
    let open = RwSignal::new(false);
    let now = clock::ticking();
    view! {
        <section class="card today" class:today-on=move || { count() > 0 } data-testid="today-widget"
            data-state=move || { if count() > 0 { "on" } else { "off" } }>
            <button type="button" class="today-toggle" aria-expanded=move || open.get().to_string() aria-controls="today-list"
                on:click=move |_| open.update(|o| *o = !*o)>
                <span class="today-dot" aria-hidden="true"></span>
                <span class="today-title">{move || t_string!(i18n, today.title)}</span>
                <span class="today-count" data-testid="today-count">{count}</span>
                <span class="visually-hidden">{move || t_string!(i18n, today.count, count = count())}</span>
                <span class="today-chevron" aria-hidden="true">{move || if open.get() { "▴" } else { "▾" }}</span>
            </button>
            <div id="today-list" hidden=move || !open.get()>
                {move || match items.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(err)) => view! { <LoadError message=error_message(i18n, &err) on_retry=Callback::new(move |()| range.refetch())/> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{move || t_string!(i18n, today.empty)}</p> }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="appt-list">
                            {list.into_iter().map(|item| {
                                let join = item.clone();
                                view! { <AppointmentRow appointment=item><JoinButton appointment=join now=now/></AppointmentRow> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
            <Link to=Route::Planning attr:class="btn btn-secondary btn-sm today-link">{move || t_string!(i18n, today.open_planning)}</Link>
        </section>
    }
}
