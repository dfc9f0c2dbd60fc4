//! The slot picker: a host's free slots of one appointment type, a month at a time, in the
//! viewer's time zone. Only days with a free slot can be chosen; the chosen day's slots are
//! grouped morning / afternoon / evening as the server groups them. The first free day is
//! chosen as soon as the month is in.

use std::collections::BTreeMap;

use api_types::{Slot, SlotDay, Slots, SlotsQuery};
use callstar_web::api::Remote;
use callstar_web::components::status::{Empty, LoadError, Loading};
use callstar_web::contexts::session::Session;
use callstar_web::errors::error_message;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use chrono::{NaiveDate, Utc};
use leptos::prelude::*;
use uuid::Uuid;

use crate::planning::calendar::{Mark, Month, MonthGrid};

/// A month of free slots to choose one from.
#[component]
pub fn SlotPicker(
    /// The host's user id.
    host: Uuid,
    /// The appointment type.
    kind: Uuid,
    /// The chosen slot.
    selected: RwSignal<Option<Slot>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = StoredValue::new(session.time_zone());
    let today = format::local_date(&Utc::now(), &zone.get_value());
    let month = RwSignal::new(Month::of(today));
    let day = RwSignal::new(None::<NaiveDate>);
    let slots = Remote::new(move || {
        let shown = month.get();
        let query = SlotsQuery {
            type_id: kind,
            from: Some(shown.first().max(today).to_string()),
            to: Some(shown.last().to_string()),
            tz: Some(zone.get_value()),
        };
        Some(session.api.host_slots(host, &query))
    });
    // Decoded once per answer, however many parts of the picker read it.
    let answer = Memo::new(move |_| slots.get());
    let days = Memo::new(move |_| match answer.get() {
        Some(Ok(Slots { days })) => days.into_iter().map(|d| (d.date, d)).collect::<BTreeMap<_, _>>(),
        _ => BTreeMap::new(),
    });
    // The first free day of the month, unless a free day is chosen already.
    Effect::new(move |_| {
        let free = days.get();
        if day.get_untracked().is_none_or(|chosen| !free.contains_key(&chosen)) {
            day.set(free.keys().next().copied());
        }
    });
    let marks = Signal::derive(move || {
        days.with(|days| {
            days.iter()
                .map(|(date, slots)| {
                    let count = slots.morning.len() + slots.afternoon.len() + slots.evening.len();
                    (*date, vec![Mark { color: String::new(), text: count.to_string() }])
                })
                .collect()
        })
    });
    let label = Signal::derive(move || t_string!(i18n, slots.days).to_owned());
    view! {
        <div class="slot-picker" data-testid="slot-picker">
            <div class="month-nav">
                <button type="button" class="btn btn-ghost btn-sm" disabled=move || { month.get() <= Month::of(today) }
                    on:click=move |_| month.update(|m| *m = m.previous()) aria-label=move || t_string!(i18n, planning.previous_month)>"‹"</button>
                <h3 class="month-title" aria-live="polite">{move || format::month(month.get().first(), i18n.get_locale())}</h3>
                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| month.update(|m| *m = m.next())
                    aria-label=move || t_string!(i18n, planning.next_month)>"›"</button>
            </div>
            {move || match answer.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(err)) => view! { <LoadError message=error_message(i18n, &err) on_retry=Callback::new(move |()| slots.refetch())/> }.into_any(),
                Some(Ok(found)) if found.days.is_empty() => view! {
                    <Empty title=Signal::derive(move || t_string!(i18n, slots.none).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, slots.none_hint).to_owned())/>
                }.into_any(),
                Some(Ok(_)) => view! {
                    <MonthGrid month=month today=today selected=day marks=marks only_marked=true label=label/>
                    {move || day.get().and_then(|date| days.with(|days| days.get(&date).cloned())).map(|slots| view! { <DaySlots slots=slots selected=selected/> })}
                }.into_any(),
            }}
            <p class="muted small" aria-live="polite" data-testid="chosen-slot">
                {move || selected.get().map(|slot| {
                    let locale = i18n.get_locale();
                    let zone = zone.get_value();
                    t_string!(i18n, slots.chosen, when = format::date_time(&slot.starts_at, locale, &zone)).to_string()
                })}
            </p>
        </div>
    }
}

/// One day's free slots by part of the day.
#[component]
fn DaySlots(slots: SlotDay, selected: RwSignal<Option<Slot>>) -> impl IntoView {
    let i18n = use_i18n();
    let date = slots.date;
    let parts = [(slots.morning, "morning"), (slots.afternoon, "afternoon"), (slots.evening, "evening")];
    view! {
        <section class="day-slots" aria-label=move || format::day(date, i18n.get_locale())>
            <h4>{move || format::day(date, i18n.get_locale())}</h4>
            {parts.into_iter().filter(|(list, _)| !list.is_empty()).map(|(list, part)| view! {
                <div class="slot-group" data-part=part>
                    <h5>{move || match part {
                        "morning" => t_string!(i18n, slots.morning),
                        "afternoon" => t_string!(i18n, slots.afternoon),
                        _ => t_string!(i18n, slots.evening),
                    }}</h5>
                    <div class="slot-list">
                        {list.into_iter().map(|slot| view! { <SlotButton free=slot selected=selected/> }).collect_view()}
                    </div>
                </div>
            }).collect_view()}
        </section>
    }
}

#[component]
fn SlotButton(free: Slot, selected: RwSignal<Option<Slot>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = session.time_zone();
    let start = free.starts_at;
    let slot = free;
    let pressed = {
        let slot = slot.clone();
        move || (selected.with(|chosen| chosen.as_ref() == Some(&slot))).to_string()
    };
    view! {
        <button type="button" class="slot" aria-pressed=pressed data-testid="slot" data-starts-at=start.to_rfc3339()
            on:click=move |_| selected.set(Some(slot.clone()))>
            {move || format::short_time(&start, i18n.get_locale(), &zone)}
        </button>
    }
}
