//! `/planning`: a host's appointments month by month, in the host's time zone. A calendar
//! (each appointment a mark in its type's colour; a day's appointments listed when it is
//! chosen) or a list by day; the month's counts; filters by status; "New appointment".

use std::collections::BTreeMap;

use api_types::{Appointment, AppointmentStats, AppointmentsQuery, Route};
use callstar_web::components::status::{Empty, loaded};
use callstar_web::contexts::session::Session;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use chrono::{NaiveDate, Utc};
use leptos::prelude::*;

use crate::planning::calendar::{Mark, Month, MonthGrid};
use crate::planning::card::{AppointmentRow, color};
use crate::planning::data::{self, Range};

/// Calendar or list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Calendar,
    List,
}

/// The status filters, as the API spells them (`None`: all).
const FILTERS: [Option<&str>; 4] = [None, Some("upcoming"), Some("completed"), Some("cancelled")];

/// The planning page.
#[component]
pub fn PlanningPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = StoredValue::new(session.time_zone());
    let today = format::local_date(&Utc::now(), &zone.get_value());
    let month = RwSignal::new(Month::of(today));
    let layout = RwSignal::new(Layout::Calendar);
    let status = RwSignal::new(None::<&'static str>);
    let chosen = RwSignal::new(Some(today));
    let range = LocalResource::new(move || {
        let (from, to) = data::month(month.get(), &zone.get_value());
        let filter =
            AppointmentsQuery { from: Some(from), to: Some(to), status: status.get().map(str::to_owned), as_: None };
        data::every(session.api, filter)
    });
    let go = move |to: Month| {
        month.set(to);
        chosen.set(Some(if to.contains(today) { today } else { to.first() }));
    };
    let filter_label = move |filter: Option<&str>| match filter {
        None => t_string!(i18n, planning.filter_all),
        Some("upcoming") => t_string!(i18n, planning.filter_upcoming),
        Some("completed") => t_string!(i18n, planning.filter_completed),
        _ => t_string!(i18n, planning.filter_cancelled),
    };
    let content = move || {
        range.get().map(|answer| {
            answer.map(|found| {
                let shown = month.get_untracked();
                let layout = layout.get();
                view! {
                    <Stats stats=found.stats/>
                    {match layout {
                        Layout::Calendar => view! { <CalendarView found=found month=shown today=today chosen=chosen/> }.into_any(),
                        Layout::List => view! { <ListView found=found/> }.into_any(),
                    }}
                }
                .into_any()
            })
        })
    };
    view! {
        <div class="container stack planning">
            <header class="page-header">
                <h1>{move || t_string!(i18n, planning.title)}</h1>
                <div class="links">
                    <Link to=Route::PlanningSettings attr:class="btn btn-secondary">{move || t_string!(i18n, planning.settings)}</Link>
                    <Link to=Route::NewAppointment attr:class="btn btn-primary">{move || t_string!(i18n, planning.new_appointment)}</Link>
                </div>
            </header>
            <div class="planning-bar">
                <div class="month-nav">
                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| go(month.get_untracked().previous())
                        aria-label=move || t_string!(i18n, planning.previous_month)>"‹"</button>
                    <h2 class="month-title" aria-live="polite" data-testid="month">{move || format::month(month.get().first(), i18n.get_locale())}</h2>
                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| go(month.get_untracked().next())
                        aria-label=move || t_string!(i18n, planning.next_month)>"›"</button>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| go(Month::of(today))>{move || t_string!(i18n, planning.today)}</button>
                </div>
                <div class="segmented" role="group" aria-label=move || t_string!(i18n, planning.layout)>
                    <button type="button" aria-pressed=move || (layout.get() == Layout::Calendar).to_string() on:click=move |_| layout.set(Layout::Calendar)>
                        {move || t_string!(i18n, planning.calendar)}
                    </button>
                    <button type="button" aria-pressed=move || (layout.get() == Layout::List).to_string() on:click=move |_| layout.set(Layout::List)>
                        {move || t_string!(i18n, planning.list)}
                    </button>
                </div>
                <div class="segmented" role="group" aria-label=move || t_string!(i18n, planning.filter)>
                    {FILTERS.into_iter().map(|filter| view! {
                        <button type="button" aria-pressed=move || (status.get() == filter).to_string() on:click=move |_| status.set(filter)>
                            {move || filter_label(filter)}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            {loaded(Box::new(content), Callback::new(move |()| range.refetch()))}
        </div>
    }
}

/// The month's counts (every status, whatever the filter).
#[component]
fn Stats(stats: AppointmentStats) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="stats" aria-label=move || t_string!(i18n, planning.stats)>
            <div data-testid="stat-total"><dt>{move || t_string!(i18n, planning.stat_total)}</dt><dd>{stats.total}</dd></div>
            <div data-testid="stat-upcoming"><dt>{move || t_string!(i18n, planning.stat_upcoming)}</dt><dd>{stats.upcoming}</dd></div>
            <div data-testid="stat-completed"><dt>{move || t_string!(i18n, planning.stat_completed)}</dt><dd>{stats.completed}</dd></div>
            <div data-testid="stat-cancelled"><dt>{move || t_string!(i18n, planning.stat_cancelled)}</dt><dd>{stats.cancelled}</dd></div>
        </dl>
    }
}

/// Appointments by their date in the host's zone.
fn by_day(items: Vec<Appointment>, zone: &str) -> BTreeMap<NaiveDate, Vec<Appointment>> {
    let mut days: BTreeMap<NaiveDate, Vec<Appointment>> = BTreeMap::new();
    for item in items {
        days.entry(format::local_date(&item.booking.starts_at, zone)).or_default().push(item);
    }
    days
}

#[component]
fn CalendarView(found: Range, month: Month, today: NaiveDate, chosen: RwSignal<Option<NaiveDate>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let days = StoredValue::new(by_day(found.items, &zone));
    let marks = Signal::derive(move || {
        let locale = i18n.get_locale();
        days.with_value(|days| {
            days.iter()
                .map(|(day, list)| {
                    let marks = list
                        .iter()
                        .map(|item| Mark {
                            color: color(item),
                            text: format!(
                                "{} {}",
                                format::short_time(&item.booking.starts_at, locale, &zone),
                                item.booking.call_offer.title
                            ),
                        })
                        .collect();
                    (*day, marks)
                })
                .collect()
        })
    });
    let label = Signal::derive(move || format::month(month.first(), i18n.get_locale()));
    view! {
        <section class="card">
            <MonthGrid month=month today=today selected=chosen marks=marks label=label/>
        </section>
        <section class="card" data-testid="day-appointments">
            {move || chosen.get().map(|day| {
                let list = days.with_value(|days| days.get(&day).cloned().unwrap_or_default());
                view! {
                    <h2>{move || format::day(day, i18n.get_locale())}</h2>
                    {if list.is_empty() {
                        view! { <p class="muted">{move || t_string!(i18n, planning.day_empty)}</p> }.into_any()
                    } else {
                        view! { <ul class="appt-list">{list.into_iter().map(|item| view! { <AppointmentRow appointment=item/> }).collect_view()}</ul> }.into_any()
                    }}
                }
            })}
        </section>
    }
}

#[component]
fn ListView(found: Range) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    if found.items.is_empty() {
        return view! {
            <section class="card">
                <Empty title=Signal::derive(move || t_string!(i18n, planning.empty).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, planning.empty_hint).to_owned())/>
            </section>
        }
        .into_any();
    }
    let days = by_day(found.items, &session.time_zone());
    view! {
        <section class="card" data-testid="planning-list">
            {days.into_iter().map(|(day, list)| view! {
                <h3 class="day-title">{move || format::day(day, i18n.get_locale())}</h3>
                <ul class="appt-list">{list.into_iter().map(|item| view! { <AppointmentRow appointment=item/> }).collect_view()}</ul>
            }).collect_view()}
        </section>
    }
    .into_any()
}
