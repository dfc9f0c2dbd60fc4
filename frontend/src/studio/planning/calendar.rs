//! The month grid shared by the planning calendar and the slot picker: weeks from Monday, the
//! month's days as buttons with coloured marks under their number, the selected day pressed.
//! Days belong to the viewer's time zone; the caller says what each day shows.

use std::collections::BTreeMap;

use callstar_web::format;
use callstar_web::i18n::use_i18n;
use chrono::{Datelike, Days, Months, NaiveDate};
use leptos::prelude::*;

/// A month of the calendar, held as its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(NaiveDate);

impl Month {
    /// The month `date` is in.
    pub fn of(date: NaiveDate) -> Self {
        Self(date.with_day(1).unwrap_or(date))
    }

    /// Its first day.
    pub fn first(self) -> NaiveDate {
        self.0
    }

    /// Its last day.
    pub fn last(self) -> NaiveDate {
        self.next().0.pred_opt().unwrap_or(self.0)
    }

    /// The month after.
    pub fn next(self) -> Self {
        Self(self.0.checked_add_months(Months::new(1)).unwrap_or(self.0))
    }

    /// The month before.
    pub fn previous(self) -> Self {
        Self(self.0.checked_sub_months(Months::new(1)).unwrap_or(self.0))
    }

    /// Whether `date` is in it.
    pub fn contains(self, date: NaiveDate) -> bool {
        Self::of(date) == self
    }

    /// The days the grid shows: whole weeks from the Monday on or before the first day to the
    /// Sunday on or after the last.
    pub fn grid(self) -> Vec<NaiveDate> {
        let lead = u64::from(self.0.weekday().num_days_from_monday());
        let start = self.0.checked_sub_days(Days::new(lead)).unwrap_or(self.0);
        let last = self.last();
        let trail = u64::from(6 - last.weekday().num_days_from_monday());
        let end = last.checked_add_days(Days::new(trail)).unwrap_or(last);
        start.iter_days().take_while(|day| *day <= end).collect()
    }
}

/// A mark under a day's number: an appointment (its type's colour and a short text) or a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// `#rrggbb`, or empty for the theme's colour.
    pub color: String,
    /// A short text, e.g. "14:30 First talk".
    pub text: String,
}

/// How many marks a day shows before "+N".
const SHOWN: usize = 3;

/// A month of days as buttons. With `only_marked`, days without marks cannot be chosen (the
/// slot picker's days without a free slot).
#[component]
pub fn MonthGrid(
    /// The month shown.
    #[prop(into)]
    month: Signal<Month>,
    /// Today, in the viewer's zone (outlined).
    today: NaiveDate,
    /// The chosen day.
    selected: RwSignal<Option<NaiveDate>>,
    /// What each day shows.
    #[prop(into)]
    marks: Signal<BTreeMap<NaiveDate, Vec<Mark>>>,
    /// Only days with marks can be chosen.
    #[prop(default = false)]
    only_marked: bool,
    /// The grid's accessible name.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heads = move || {
        let locale = i18n.get_locale();
        month
            .get()
            .grid()
            .into_iter()
            .take(7)
            .map(|day| view! { <div class="cal-head" aria-hidden="true">{format::weekday(day, locale)}</div> })
            .collect_view()
    };
    let days = move || {
        let shown = month.get();
        let locale = i18n.get_locale();
        marks.with(|marks| {
            shown
                .grid()
                .into_iter()
                .map(|day| {
                    let outside = !shown.contains(day);
                    let list = if outside { &[][..] } else { marks.get(&day).map_or(&[][..], Vec::as_slice) };
                    let disabled = outside || (only_marked && list.is_empty());
                    let more = list.len().saturating_sub(SHOWN);
                    let chips = list
                        .iter()
                        .take(SHOWN)
                        .map(|mark| {
                            let style = if mark.color.is_empty() { String::new() } else { format!("--mark: {}", mark.color) };
                            view! { <span class="cal-mark" style=style>{mark.text.clone()}</span> }
                        })
                        .collect_view();
                    view! {
                        <button type="button" class="cal-day" class:cal-outside=outside class:cal-today=day == today
                            class:cal-busy=!list.is_empty() disabled=disabled data-date=day.to_string()
                            aria-pressed=move || if selected.get() == Some(day) { "true" } else { "false" }
                            on:click=move |_| selected.set(Some(day))>
                            <span class="cal-number"><span class="visually-hidden">{format::day(day, locale)}</span><span aria-hidden="true">{day.day()}</span></span>
                            {chips}
                            {(more > 0).then(|| view! { <span class="cal-more">{format!("+{more}")}</span> })}
                        </button>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="cal" role="group" aria-label=label>
            {heads}
            {days}
        </div>
    }
}
