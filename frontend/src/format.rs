//! Dates, times and money for people, through the browser's `Intl` (no formatting data
//! shipped in the wasm): instants in the viewer's time zone, amounts in their locale's
//! style (`€100.00` in English, `100,00 €` in French), and the calendar date of an instant in
//! a time zone (the planning's days).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Locale;

/// The BCP 47 tag used for formatting in a locale.
pub fn tag(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en-GB",
        Locale::fr => "fr-FR",
    }
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

fn to_date(instant: &DateTime<Utc>) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64))
}

/// A date and time, e.g. "21 November 2026 at 14:30".
pub fn date_time(instant: &DateTime<Utc>, locale: Locale, time_zone: &str) -> String {
    let opts = options(&[("dateStyle", "long"), ("timeStyle", "short"), ("timeZone", time_zone)]);
    to_date(instant).to_locale_string(tag(locale), &opts).into()
}

/// A date, e.g. "21 November 2026".
pub fn date(instant: &DateTime<Utc>, locale: Locale, time_zone: &str) -> String {
    let opts = options(&[("dateStyle", "long"), ("timeZone", time_zone)]);
    to_date(instant).to_locale_date_string(tag(locale), &opts).into()
}

/// A time of day with seconds, e.g. "14:30:05".
pub fn time(instant: &DateTime<Utc>, locale: Locale, time_zone: &str) -> String {
    let opts = options(&[("timeStyle", "medium"), ("timeZone", time_zone)]);
    to_date(instant).to_locale_string(tag(locale), &opts).into()
}

/// A time of day without seconds, e.g. "14:30".
pub fn short_time(instant: &DateTime<Utc>, locale: Locale, time_zone: &str) -> String {
    let opts = options(&[("timeStyle", "short"), ("timeZone", time_zone)]);
    to_date(instant).to_locale_string(tag(locale), &opts).into()
}

/// The wall-clock date and time of `instant` in `time_zone`, read from `Intl`'s parts so no
/// time-zone data ships in the wasm.
pub fn wall_clock(instant: &DateTime<Utc>, time_zone: &str) -> Option<NaiveDateTime> {
    let opts = options(&[
        ("timeZone", time_zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("second", "numeric"),
    ]);
    let formatter = Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str("en-US")), &opts);
    let parts = formatter.format_to_parts(&to_date(instant));
    let part = |kind: &str| {
        parts.iter().find_map(|part| {
            let found = Reflect::get(&part, &JsValue::from_str("type")).ok()?.as_string()? == kind;
            let value = Reflect::get(&part, &JsValue::from_str("value")).ok()?.as_string()?;
            if found { value.parse::<u32>().ok() } else { None }
        })
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(part("year")?).ok()?, part("month")?, part("day")?)?;
    date.and_hms_opt(part("hour")?, part("minute")?, part("second")?)
}

/// The calendar date of `instant` in `time_zone` (the day an appointment is on for its host);
/// the UTC date if the browser does not know the zone.
pub fn local_date(instant: &DateTime<Utc>, time_zone: &str) -> NaiveDate {
    wall_clock(instant, time_zone).map_or_else(|| instant.date_naive(), |at| at.date())
}

/// The instant `date` begins in `time_zone` (its local midnight; after the gap when a clock
/// change skips midnight), for date ranges such as "today" or "this month".
pub fn midnight(date: NaiveDate, time_zone: &str) -> DateTime<Utc> {
    let wall = date.and_time(NaiveTime::MIN);
    // The zone's offset at a guess, then at the corrected guess: right on both sides of a change.
    let mut at = wall.and_utc();
    for _ in 0..2 {
        let offset = wall_clock(&at, time_zone).map_or(TimeDelta::zero(), |local| local - at.naive_utc());
        at = (wall - offset).and_utc();
    }
    at
}

/// A calendar date with `pairs` of `Intl` options (its noon in UTC, formatted in UTC, so the
/// date never shifts).
fn calendar(date: NaiveDate, locale: Locale, pairs: &[(&str, &str)]) -> String {
    let noon = date.and_hms_opt(12, 0, 0).map(|at| at.and_utc()).unwrap_or_default();
    let mut all = pairs.to_vec();
    all.push(("timeZone", "UTC"));
    to_date(&noon).to_locale_date_string(tag(locale), &options(&all)).into()
}

/// A day, e.g. "Monday 21 November".
pub fn day(date: NaiveDate, locale: Locale) -> String {
    calendar(date, locale, &[("weekday", "long"), ("day", "numeric"), ("month", "long")])
}

/// A month, e.g. "November 2026".
pub fn month(date: NaiveDate, locale: Locale) -> String {
    calendar(date, locale, &[("month", "long"), ("year", "numeric")])
}

/// A weekday, e.g. "Monday".
pub fn weekday_name(date: NaiveDate, locale: Locale) -> String {
    calendar(date, locale, &[("weekday", "long")])
}

/// A short weekday, e.g. "Mon".
pub fn weekday(date: NaiveDate, locale: Locale) -> String {
    calendar(date, locale, &[("weekday", "short")])
}

/// A count of seconds as a clock, "04:07" or "1:04:07" (negative counts as zero).
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m:02}:{s:02}") }
}

/// An amount (a decimal string such as "100.00") in a currency (ISO code).
pub fn money(amount: &str, currency: &str, locale: Locale) -> String {
    let opts = options(&[("style", "currency"), ("currency", currency)]);
    let formatter = Intl::NumberFormat::new(&Array::of1(&JsValue::from_str(tag(locale))), &opts);
    formatter
        .format()
        .call1(&JsValue::NULL, &JsValue::from_str(amount))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{amount} {currency}"))
}

/// The browser's IANA time zone, e.g. "Europe/Paris".
pub fn browser_time_zone() -> String {
    let formatter = Intl::DateTimeFormat::new(&Array::new(), &Object::new());
    Reflect::get(&formatter.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// Every IANA time zone the browser knows, for pickers.
pub fn time_zones() -> Vec<String> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).unwrap_or(JsValue::UNDEFINED);
    let zones = Reflect::get(&intl, &JsValue::from_str("supportedValuesOf"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call1(&intl, &JsValue::from_str("timeZone")).ok())
        .map(|list| Array::from(&list).iter().filter_map(|v| v.as_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    if zones.is_empty() { vec!["UTC".to_owned(), browser_time_zone()] } else { zones }
}
