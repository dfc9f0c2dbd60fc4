//! The Availability tab: weekly hours (several ranges a day) in the host's time zone, and dates
//! with other hours (time off, a different day). Times are typed as `HH:MM`; an end of 00:00
//! means midnight at the end of the day (the API's `24:00`).

use std::sync::atomic::{AtomicU64, Ordering};

use api_types::{
    Availability, AvailabilityOverride, AvailabilityOverrideRequest, OverridesQuery, TimeRange, WeekdayHours,
};
use callstar_web::api::Remote;
use callstar_web::components::field::TextField;
use callstar_web::components::status::Empty;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message};
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::planning::fields::field_errors;

/// One range being edited; `key` tells rows apart while they are added and removed.
#[derive(Debug, Clone, Copy)]
struct Row {
    key: u64,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

impl Row {
    fn new(start: &str, end: &str) -> Self {
        Self {
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            start: RwSignal::new(start.to_owned()),
            // A time input cannot show 24:00: midnight at the end of the day is 00:00.
            end: RwSignal::new(if end == "24:00" { "00:00".to_owned() } else { end.to_owned() }),
        }
    }

    /// The range as the API reads it.
    fn range(self) -> TimeRange {
        let end = self.end.get_untracked();
        TimeRange { start: self.start.get_untracked(), end: if end == "00:00" { "24:00".to_owned() } else { end } }
    }
}

/// Ranges of a day being edited.
type Rows = RwSignal<Vec<Row>>;

fn rows(ranges: &[TimeRange]) -> Rows {
    RwSignal::new(ranges.iter().map(|range| Row::new(&range.start, &range.end)).collect())
}

/// The tab: weekly hours, then date overrides.
#[component]
pub fn HoursTab() -> impl IntoView {
    let session = expect_context::<Session>();
    let hours = Remote::new(move || Some(session.api.availability()));
    view! {
        {hours.view(move |current| view! { <Weekly current=current/> }.into_any())}
        <Overrides/>
    }
}

/// The weekdays, Monday first, with the API's numbers.
fn weekdays() -> [(u32, NaiveDate); 7] {
    // 2024-01-01 was a Monday: the week that starts there names the days.
    let monday = NaiveDate::from_isoywd_opt(2024, 1, Weekday::Mon).unwrap_or_default();
    std::array::from_fn(|i| {
        let day = monday.checked_add_days(Days::new(i as u64)).unwrap_or(monday);
        (day.weekday().number_from_monday(), day)
    })
}

#[component]
fn Weekly(current: Availability) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let zone = RwSignal::new(current.timezone.clone());
    let zones = StoredValue::new(format::time_zones());
    let days: [Rows; 7] = std::array::from_fn(|i| {
        let number = u32::try_from(i + 1).unwrap_or(1);
        let ranges = current.weekly.iter().find(|day| day.weekday == number).map_or(&[][..], |day| &day.ranges[..]);
        rows(ranges)
    });
    let days = StoredValue::new(days);
    let error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |body: &Availability| {
        let body = body.clone();
        async move { session.api.put_availability(&body).await }
    });
    let pending = save.pending();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            toasts.push(ToastKind::Success, t_string!(i18n, hours.saved));
        }
        Some(Err(err)) => {
            let fields = field_errors(i18n, &err);
            error.set(fields.into_values().next());
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let weekly = days.with_value(|days| {
            weekdays()
                .into_iter()
                .zip(days)
                .filter_map(|((weekday, _), rows)| {
                    let ranges: Vec<TimeRange> = rows.get_untracked().into_iter().map(Row::range).collect();
                    (!ranges.is_empty()).then_some(WeekdayHours { weekday, ranges })
                })
                .collect()
        });
        save.dispatch(Availability { timezone: zone.get_untracked(), weekly });
    };
    let copy_to_all = move |from: usize| {
        days.with_value(|days| {
            let source = days[from].get_untracked();
            for (i, rows) in days.iter().enumerate() {
                if i != from {
                    rows.set(
                        source
                            .iter()
                            .map(|row| Row::new(&row.start.get_untracked(), &row.end.get_untracked()))
                            .collect(),
                    );
                }
            }
        });
    };
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, hours.title)}</h2>
            <p class="muted">{move || t_string!(i18n, hours.hint)}</p>
            <form on:submit=submit novalidate data-testid="weekly-hours">
                <div class="field">
                    <label for="hours-timezone">{move || t_string!(i18n, hours.time_zone)}</label>
                    <select id="hours-timezone" on:change=move |ev| zone.set(event_target_value(&ev))>
                        {move || {
                            let selected = zone.get_untracked();
                            let mut list = zones.get_value();
                            if !list.contains(&selected) {
                                list.insert(0, selected.clone());
                            }
                            list.into_iter().map(|z| {
                                let is_selected = z == selected;
                                view! { <option value=z.clone() selected=is_selected>{z.clone()}</option> }
                            }).collect_view()
                        }}
                    </select>
                </div>
                {weekdays().into_iter().enumerate().map(|(i, (weekday, date))| {
                    let rows = days.with_value(|days| days[i]);
                    let name = move || format::weekday_name(date, i18n.get_locale());
                    view! {
                        <fieldset class="weekday" data-weekday=weekday>
                            <legend>{name}</legend>
                            <RangeRows rows=rows prefix=format!("day-{weekday}")/>
                            <div class="links">
                                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| rows.update(|r| r.push(Row::new("09:00", "17:00")))>
                                    {move || t_string!(i18n, hours.add_range)}
                                </button>
                                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| copy_to_all(i)>
                                    {move || t_string!(i18n, hours.copy_to_all)}
                                </button>
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                <p class="field-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get().unwrap_or_default()}</p>
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>{move || t_string!(i18n, hours.save)}</button>
            </form>
        </section>
    }
}

/// A day's ranges: start and end inputs, and a remove button each; "closed" when there are none.
#[component]
fn RangeRows(rows: Rows, prefix: String) -> impl IntoView {
    let i18n = use_i18n();
    let prefix = StoredValue::new(prefix);
    view! {
        <Show when=move || rows.with(Vec::is_empty)>
            <p class="muted small">{move || t_string!(i18n, hours.closed)}</p>
        </Show>
        <For each=move || rows.get() key=|row| row.key let(row)>
            {
                let base = format!("{}-{}", prefix.get_value(), row.key);
                view! {
                    <div class="range-row" data-testid="range">
                        <label class="range-field">
                            <span>{move || t_string!(i18n, hours.from)}</span>
                            <input id=format!("{base}-start") type="time" bind:value=row.start/>
                        </label>
                        <label class="range-field">
                            <span>{move || t_string!(i18n, hours.to)}</span>
                            <input id=format!("{base}-end") type="time" bind:value=row.end/>
                        </label>
                        <button type="button" class="btn btn-ghost btn-sm" aria-label=move || t_string!(i18n, hours.remove_range)
                            on:click=move |_| rows.update(|r| r.retain(|other| other.key != row.key))>"×"</button>
                    </div>
                }
            }
        </For>
    }
}

/// Dates with other hours: the next year's, and a form to set one.
#[component]
fn Overrides() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let today = format::local_date(&Utc::now(), &session.time_zone());
    let range = OverridesQuery { from: Some(today), to: today.checked_add_days(Days::new(730)) };
    let list = Remote::new(move || Some(session.api.availability_overrides(range)));
    let date = RwSignal::new(String::new());
    let off = RwSignal::new(true);
    let ranges: Rows = RwSignal::new(vec![Row::new("09:00", "12:00")]);
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let save = Action::new_local(move |body: &AvailabilityOverrideRequest| {
        let body = body.clone();
        async move { session.api.put_availability_override(&body).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            errors.set(FieldErrors::new());
            date.set(String::new());
            note.set(String::new());
            toasts.push(ToastKind::Success, t_string!(i18n, hours.override_saved));
            list.refetch();
        }
        Some(Err(err)) => {
            errors.set(field_errors(i18n, &err));
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = date.get_untracked().parse::<NaiveDate>() else {
            errors.set([("date".to_owned(), t_string!(i18n, errors.required).to_owned())].into());
            return;
        };
        let unavailable = off.get_untracked();
        let text = note.get_untracked().trim().to_owned();
        save.dispatch(AvailabilityOverrideRequest {
            date: day,
            unavailable,
            ranges: if unavailable { Vec::new() } else { ranges.get_untracked().into_iter().map(Row::range).collect() },
            note: Some(text).filter(|t| !t.is_empty()),
        });
    };
    let remove = move |id: uuid::Uuid| {
        spawn_local(async move {
            match session.api.delete_availability_override(id).await {
                Ok(()) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, hours.override_deleted));
                    list.refetch();
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{move || t_string!(i18n, hours.overrides_title)}</h2>
            <p class="muted">{move || t_string!(i18n, hours.overrides_hint)}</p>
            {list.view(move |found: Vec<AvailabilityOverride>| if found.is_empty() {
                view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, hours.overrides_empty).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, hours.overrides_empty_hint).to_owned())/>
                }.into_any()
            } else {
                view! {
                    <ul class="appt-list">
                        {found.into_iter().map(|day| {
                            let id = day.id;
                            let date = day.date;
                            let hours = day.ranges.iter().map(|r| format!("{}–{}", r.start, r.end)).collect::<Vec<_>>().join(", ");
                            let unavailable = day.unavailable;
                            view! {
                                <li class="appt-row" data-testid="override-row">
                                    <div class="appt-main">
                                        <p class="offer-title">{move || format::day(date, i18n.get_locale())}</p>
                                        <p class="muted small">
                                            {move || if unavailable { t_string!(i18n, hours.unavailable).to_owned() } else { hours.clone() }}
                                            {day.note.clone().map(|note| format!(" · {note}"))}
                                        </p>
                                    </div>
                                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| remove(id)>{move || t_string!(i18n, offers.delete)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <form on:submit=submit novalidate data-testid="override-form">
                <h3>{move || t_string!(i18n, hours.override_new)}</h3>
                <div class="form-row">
                    <TextField id="override-date" kind="date" label=Signal::derive(move || t_string!(i18n, hours.date).to_owned()) value=date error=error_of("date")/>
                    <TextField id="override-note" label=Signal::derive(move || t_string!(i18n, hours.note).to_owned()) value=note error=error_of("note")/>
                </div>
                <label class="check" for="override-off">
                    <input id="override-off" type="checkbox" prop:checked=move || off.get() on:change=move |ev| off.set(event_target_checked(&ev))/>
                    {move || t_string!(i18n, hours.unavailable_all_day)}
                </label>
                <Show when=move || !off.get()>
                    <RangeRows rows=ranges prefix="override".to_owned()/>
                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| ranges.update(|r| r.push(Row::new("14:00", "18:00")))>
                        {move || t_string!(i18n, hours.add_range)}
                    </button>
                </Show>
                <p class="field-error" role="alert" hidden=move || error_of("ranges").with(Option::is_none)>{move || error_of("ranges").get().unwrap_or_default()}</p>
                <button type="submit" class="btn btn-primary">{move || t_string!(i18n, hours.override_save)}</button>
            </form>
        </section>
    }
}
