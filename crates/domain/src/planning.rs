//! Coach planning: appointment types' limits, weekly availability in the host's time zone,
//! date overrides, and the free slots computed from them — DST-correct (a 9:00 rule is 9:00
//! local on both sides of a change; local times that do not exist or happen twice are
//! handled on purpose), excluding the host's active bookings with the type's buffers and
//! minimum notice, grouped morning / afternoon / evening in the viewer's zone.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone as _, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::input::FieldErrors;

stored_enum! {
    /// How an appointment is held.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum MeetingType {
        /// A video call (a Daily room, the call page).
        Video = "video",
        /// A phone call (the host calls the number given).
        Phone = "phone",
        /// In person (at the address given).
        InPerson = "in_person",
    }
}

/// A span of a day in local time, in minutes from midnight: `[start, end)`, with
/// `0 <= start < end <= 1440` (1440 is midnight at the end of the day, written `24:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeRange {
    /// Local start, minutes from midnight.
    pub start: u32,
    /// Local end (exclusive), minutes from midnight.
    pub end: u32,
}

/// Why an availability was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AvailabilityError {
    /// Not `HH:MM`.
    #[error("must be a time such as 09:00")]
    BadTime,
    /// The end is not after the start.
    #[error("must end after it starts")]
    EmptyRange,
    /// Two ranges of one day overlap.
    #[error("ranges of one day must not overlap")]
    Overlap,
    /// Weekday outside 1..=7.
    #[error("must be 1 (Monday) to 7 (Sunday)")]
    BadWeekday,
    /// More ranges than a day can use.
    #[error("at most 12 ranges a day")]
    TooManyRanges,
}

/// Minutes from midnight of `HH:MM` (`24:00` is 1440).
fn parse_time(text: &str) -> Result<u32, AvailabilityError> {
    let text = text.trim();
    if text == "24:00" {
        return Ok(24 * 60);
    }
    let time = NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| AvailabilityError::BadTime)?;
    Ok(time.hour() * 60 + time.minute())
}

impl TimeRange {
    /// Parses `"09:00"`–`"12:00"` (`"24:00"` is the end of the day).
    pub fn parse(start: &str, end: &str) -> Result<Self, AvailabilityError> {
        let (start, end) = (parse_time(start)?, parse_time(end)?);
        if start >= end || start >= 24 * 60 {
            return Err(AvailabilityError::EmptyRange);
        }
        Ok(Self { start, end })
    }

    /// `HH:MM` of the start.
    pub fn start_text(&self) -> String {
        format!("{:02}:{:02}", self.start / 60, self.start % 60)
    }

    /// `HH:MM` of the end (`24:00` for midnight).
    pub fn end_text(&self) -> String {
        format!("{:02}:{:02}", self.end / 60, self.end % 60)
    }

    fn at(date: NaiveDate, minutes: u32) -> chrono::NaiveDateTime {
        date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes))
    }
}

/// One day's ranges, sorted and checked for overlaps.
pub fn day_ranges(mut ranges: Vec<TimeRange>) -> Result<Vec<TimeRange>, AvailabilityError> {
    if ranges.len() > 12 {
        return Err(AvailabilityError::TooManyRanges);
    }
    ranges.sort();
    let overlap = ranges.windows(2).any(|w| w[1].start < w[0].end);
    if overlap { Err(AvailabilityError::Overlap) } else { Ok(ranges) }
}

/// The ranges of each weekday, Monday first (index 0 = Monday).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Weekly(pub [Vec<TimeRange>; 7]);

impl Weekly {
    /// Monday to Friday, 9:00–12:00 and 14:00–18:00 (seed 001's default).
    pub fn default_week() -> Self {
        let morning = TimeRange { start: 9 * 60, end: 12 * 60 };
        let afternoon = TimeRange { start: 14 * 60, end: 18 * 60 };
        let day = vec![morning, afternoon];
        Self([day.clone(), day.clone(), day.clone(), day.clone(), day, Vec::new(), Vec::new()])
    }

    /// Builds from `(weekday 1..=7, ranges)` pairs; days left out have no availability.
    pub fn parse(days: Vec<(u32, Vec<TimeRange>)>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut week = Self::default();
        for (weekday, ranges) in days {
            if !(1..=7).contains(&weekday) {
                errors.add("weekly", AvailabilityError::BadWeekday.to_string());
                continue;
            }
            if let Some(ranges) = errors.check("weekly", day_ranges(ranges)) {
                week.0[(weekday - 1) as usize] = ranges;
            }
        }
        errors.finish(Some(week))
    }

    /// The ranges of a date's weekday.
    pub fn on(&self, date: NaiveDate) -> &[TimeRange] {
        &self.0[date.weekday().num_days_from_monday() as usize]
    }
}

/// A date that differs from the weekly rules: other ranges, or none (holidays, time off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOverride {
    /// No availability that day.
    Unavailable,
    /// These ranges instead of the weekly ones.
    Ranges(Vec<TimeRange>),
}

/// An appointment type's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotRules {
    /// Length of an appointment.
    pub duration: Duration,
    /// Free time needed before it.
    pub buffer_before: Duration,
    /// Free time needed after it.
    pub buffer_after: Duration,
    /// How long ahead it must be booked.
    pub min_notice: Duration,
}

/// The longest span one slots request may cover.
pub const MAX_SPAN: Duration = Duration::days(62);

/// A free slot, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
}

/// A local date-time as an instant in `zone`, on purpose: a time that happens twice (the fall
/// back) is its first occurrence for a range's start and its second for a range's end, so the
/// range covers all of it; a time that does not exist (the spring forward) is the first
/// instant after the gap.
fn instant(zone: Tz, local: chrono::NaiveDateTime, is_end: bool) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, second) => Some(if is_end { second } else { first }.with_timezone(&Utc)),
        LocalResult::None => {
            // The gap is at most a few hours (Lord Howe's is 30 minutes): walk forward by minutes.
            (1..=24 * 60)
                .find_map(|m| zone.from_local_datetime(&(local + Duration::minutes(m))).earliest())
                .map(|t| t.with_timezone(&Utc))
        }
    }
}

/// The first instant of a date in `zone` (after the gap, where midnight does not exist).
pub fn start_of_day(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    instant(zone, date.and_time(NaiveTime::MIN), false)
        .unwrap_or_else(|| Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
}

/// The host's available intervals (UTC) between `from` and `to`: weekly rules, replaced by
/// overrides on their dates, each local range converted on its own date.
pub fn available_intervals(
    zone: Tz,
    weekly: &Weekly,
    overrides: &BTreeMap<NaiveDate, DayOverride>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let first = from.with_timezone(&zone).date_naive() - Duration::days(1);
    let last = to.with_timezone(&zone).date_naive();
    let mut out = Vec::new();
    let mut date = first;
    while date <= last {
        let ranges: &[TimeRange] = match overrides.get(&date) {
            Some(DayOverride::Unavailable) => &[],
            Some(DayOverride::Ranges(ranges)) => ranges,
            None => weekly.on(date),
        };
        for range in ranges {
            let (Some(start), Some(end)) = (
                instant(zone, TimeRange::at(date, range.start), false),
                instant(zone, TimeRange::at(date, range.end), true),
            ) else {
                continue;
            };
            let (start, end) = (start.max(from), end.min(to));
            if start < end {
                out.push((start, end));
            }
        }
        date += Duration::days(1);
    }
    out.sort();
    out
}

/// The free slots between `from` and `to` at `now`: inside the availability, one after the
/// other from each range's start (a slot every `duration`), starting no earlier than
/// `now + min_notice`, and clear of every busy interval (the host's active bookings) by the
/// type's buffers. `busy` must be sorted by start. Linear in slots plus bookings.
pub fn free_slots(
    available: &[(DateTime<Utc>, DateTime<Utc>)],
    busy: &[(DateTime<Utc>, DateTime<Utc>)],
    rules: SlotRules,
    now: DateTime<Utc>,
) -> Vec<Slot> {
    let earliest = now + rules.min_notice;
    let step = rules.duration;
    let mut slots = Vec::new();
    if step <= Duration::zero() {
        return slots;
    }
    // Busy intervals whose end is before the current slot's padded start are done for good.
    let mut first_relevant = 0;
    for &(range_start, range_end) in available {
        let mut start = range_start;
        while start + step <= range_end {
            let end = start + step;
            let (padded_start, padded_end) = (start - rules.buffer_before, end + rules.buffer_after);
            while first_relevant < busy.len() && busy[first_relevant].1 <= padded_start {
                first_relevant += 1;
            }
            let clash = busy[first_relevant..]
                .iter()
                .take_while(|(busy_start, _)| *busy_start < padded_end)
                .any(|(_, busy_end)| *busy_end > padded_start);
            if start >= earliest && !clash {
                slots.push(Slot { starts_at: start, ends_at: end });
            }
            start = end;
        }
    }
    slots
}

/// Which part of the day a slot starts in, in the viewer's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayPart {
    /// Before noon.
    Morning,
    /// Noon to 17:00.
    Afternoon,
    /// From 17:00.
    Evening,
}

/// The part of the day of a local time.
pub fn day_part(local: NaiveTime) -> DayPart {
    match local.hour() {
        0..=11 => DayPart::Morning,
        12..=16 => DayPart::Afternoon,
        _ => DayPart::Evening,
    }
}

/// Slots of one date in the viewer's zone, by part of the day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotDay {
    /// The date, in the viewer's zone.
    pub date: Option<NaiveDate>,
    /// Before noon.
    pub morning: Vec<Slot>,
    /// Noon to 17:00.
    pub afternoon: Vec<Slot>,
    /// From 17:00.
    pub evening: Vec<Slot>,
}

/// Groups slots by date and part of the day in the viewer's zone.
pub fn group_by_day(slots: &[Slot], viewer: Tz) -> Vec<SlotDay> {
    let mut days: BTreeMap<NaiveDate, SlotDay> = BTreeMap::new();
    for slot in slots {
        let local = slot.starts_at.with_timezone(&viewer);
        let day = days
            .entry(local.date_naive())
            .or_insert_with(|| SlotDay { date: Some(local.date_naive()), ..SlotDay::default() });
        match day_part(local.time()) {
            DayPart::Morning => day.morning.push(*slot),
            DayPart::Afternoon => day.afternoon.push(*slot),
            DayPart::Evening => day.evening.push(*slot),
        }
    }
    days.into_values().collect()
}

/// An appointment type's limits and texts, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentTypeDraft {
    /// Name (1–100 characters).
    pub name: String,
    /// Minutes (5–480).
    pub duration_minutes: i32,
    /// `#rrggbb`.
    pub color: String,
    /// Description (at most 2,000 characters).
    pub description: String,
    /// Meeting types offered (at least one).
    pub meeting_types: Vec<MeetingType>,
    /// Minutes before (0–240).
    pub buffer_before_minutes: i32,
    /// Minutes after (0–240).
    pub buffer_after_minutes: i32,
    /// Minimum notice in minutes (0–43,200: 30 days).
    pub min_notice_minutes: i32,
}

/// The raw fields of an appointment type.
#[derive(Debug, Clone)]
pub struct AppointmentTypeFields<'a> {
    /// Name.
    pub name: &'a str,
    /// Minutes.
    pub duration_minutes: i32,
    /// Colour.
    pub color: &'a str,
    /// Description.
    pub description: &'a str,
    /// Meeting types, as written.
    pub meeting_types: &'a [String],
    /// Minutes before.
    pub buffer_before_minutes: i32,
    /// Minutes after.
    pub buffer_after_minutes: i32,
    /// Minimum notice.
    pub min_notice_minutes: i32,
}

impl AppointmentTypeDraft {
    /// Checks every field; every error at once.
    pub fn parse(fields: AppointmentTypeFields<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = fields.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            errors.add("name", "must be 1 to 100 characters");
        }
        if !(5..=480).contains(&fields.duration_minutes) {
            errors.add("duration", "must be between 5 and 480 minutes");
        }
        let color = fields.color.trim().to_ascii_lowercase();
        let hex = color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit());
        if !hex {
            errors.add("color", "must be a colour such as #4f46e5");
        }
        if fields.description.chars().count() > 2000 {
            errors.add("description", "must be at most 2000 characters");
        }
        let mut meeting_types = Vec::new();
        for text in fields.meeting_types {
            match text.parse::<MeetingType>() {
                Ok(t) if !meeting_types.contains(&t) => meeting_types.push(t),
                Ok(_) => {}
                Err(err) => errors.add("meetingTypes", err.to_string()),
            }
        }
        if fields.meeting_types.is_empty() {
            errors.add("meetingTypes", "must offer at least one meeting type");
        }
        for (field, value, max) in [
            ("bufferBefore", fields.buffer_before_minutes, 240),
            ("bufferAfter", fields.buffer_after_minutes, 240),
            ("minimumNotice", fields.min_notice_minutes, 43_200),
        ] {
            if !(0..=max).contains(&value) {
                errors.add(field, format!("must be between 0 and {max} minutes"));
            }
        }
        let draft = Self {
            name: name.to_owned(),
            duration_minutes: fields.duration_minutes,
            color,
            description: fields.description.trim().to_owned(),
            meeting_types,
            buffer_before_minutes: fields.buffer_before_minutes,
            buffer_after_minutes: fields.buffer_after_minutes,
            min_notice_minutes: fields.min_notice_minutes,
        };
        errors.finish(Some(draft))
    }
}

/// What an appointment says besides its type and time, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppointmentDetails {
    /// Title (at most 200 characters; the type's name when none).
    pub title: Option<String>,
    /// Description (at most 5,000 characters).
    pub description: Option<String>,
    /// The client's message to the host (at most 2,000 characters).
    pub message: Option<String>,
    /// The number to call (phone appointments: required).
    pub phone: Option<String>,
    /// Where to meet (in-person appointments: required).
    pub address: Option<String>,
}

/// The raw fields of [`AppointmentDetails`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DetailFields<'a> {
    /// Title.
    pub title: Option<&'a str>,
    /// Description.
    pub description: Option<&'a str>,
    /// Message.
    pub message: Option<&'a str>,
    /// Phone.
    pub phone: Option<&'a str>,
    /// Address.
    pub address: Option<&'a str>,
}

fn bounded(errors: &mut FieldErrors, field: &'static str, value: Option<&str>, max: usize) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
        return None;
    }
    Some(value.to_owned())
}

impl AppointmentDetails {
    /// Checks the fields for a meeting of type `meeting`; every error at once.
    pub fn parse(fields: DetailFields<'_>, meeting: MeetingType) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let details = Self {
            title: bounded(&mut errors, "title", fields.title, 200),
            description: bounded(&mut errors, "description", fields.description, 5000),
            message: bounded(&mut errors, "message", fields.message, 2000),
            phone: bounded(&mut errors, "phone", fields.phone, 40),
            address: bounded(&mut errors, "address", fields.address, 300),
        };
        if let Some(phone) = &details.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone.chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c));
            if !allowed || !(6..=20).contains(&digits) {
                errors.add("phone", "must be a phone number such as +33 6 12 34 56 78");
            }
        }
        match meeting {
            MeetingType::Phone if details.phone.is_none() => errors.add("phone", "is required for a phone appointment"),
            MeetingType::InPerson if details.address.is_none() => {
                errors.add("address", "is required for an appointment in person")
            }
            _ => {}
        }
        errors.finish(Some(details))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_local_midnight_or_just_after_a_midnight_gap() {
        let paris = chrono_tz::Europe::Paris;
        let d = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(start_of_day(paris, d), "2026-03-28T23:00:00Z".parse::<DateTime<Utc>>().unwrap());
        // Santiago springs forward at midnight: 2026-09-06 begins at 01:00 local (-03:00).
        let santiago = chrono_tz::America::Santiago;
        let d = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        assert_eq!(start_of_day(santiago, d), "2026-09-06T04:00:00Z".parse::<DateTime<Utc>>().unwrap());
    }
    use proptest::prelude::*;

    #[test]
    fn details_need_what_the_meeting_type_needs() {
        let none = DetailFields::default();
        assert!(AppointmentDetails::parse(none, MeetingType::Video).is_ok());
        let errors = AppointmentDetails::parse(none, MeetingType::Phone).unwrap_err().into_vec();
        assert_eq!(errors[0].0, "phone");
        assert!(AppointmentDetails::parse(none, MeetingType::InPerson).is_err());
        let phone = DetailFields { phone: Some("+33 6 12 34 56 78"), ..none };
        assert_eq!(
            AppointmentDetails::parse(phone, MeetingType::Phone).unwrap().phone.as_deref(),
            Some("+33 6 12 34 56 78")
        );
        assert!(
            AppointmentDetails::parse(DetailFields { phone: Some("call me"), ..none }, MeetingType::Phone).is_err()
        );
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn range(a: &str, b: &str) -> TimeRange {
        TimeRange::parse(a, b).unwrap()
    }

    fn every_day(ranges: Vec<TimeRange>) -> Weekly {
        Weekly([ranges.clone(), ranges.clone(), ranges.clone(), ranges.clone(), ranges.clone(), ranges.clone(), ranges])
    }

    fn rules(minutes: i64) -> SlotRules {
        SlotRules {
            duration: Duration::minutes(minutes),
            buffer_before: Duration::zero(),
            buffer_after: Duration::zero(),
            min_notice: Duration::zero(),
        }
    }

    fn starts(zone: Tz, weekly: &Weekly, from: &str, to: &str, minutes: i64) -> Vec<String> {
        let available = available_intervals(zone, weekly, &BTreeMap::new(), utc(from), utc(to));
        free_slots(&available, &[], rules(minutes), utc("2000-01-01T00:00:00Z"))
            .iter()
            .map(|s| s.starts_at.with_timezone(&zone).format("%m-%d %H:%M %Z").to_string())
            .collect()
    }

    #[test]
    fn a_nine_o_clock_rule_is_nine_local_on_both_sides_of_paris_changes() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let week = every_day(vec![range("09:00", "10:00")]);
        // Spring forward: 2027-03-28 (Sunday), 02:00 → 03:00.
        let spring = starts(paris, &week, "2027-03-27T00:00:00Z", "2027-03-29T23:00:00Z", 60);
        assert_eq!(spring, ["03-27 09:00 CET", "03-28 09:00 CEST", "03-29 09:00 CEST"]);
        let utc_starts: Vec<DateTime<Utc>> = free_slots(
            &available_intervals(
                paris,
                &week,
                &BTreeMap::new(),
                utc("2027-03-27T00:00:00Z"),
                utc("2027-03-29T00:00:00Z"),
            ),
            &[],
            rules(60),
            utc("2000-01-01T00:00:00Z"),
        )
        .iter()
        .map(|s| s.starts_at)
        .collect();
        assert_eq!(
            utc_starts,
            [utc("2027-03-27T08:00:00Z"), utc("2027-03-28T07:00:00Z")],
            "the UTC time moves, not the local"
        );
        // Fall back: 2027-10-31, 03:00 → 02:00.
        let fall = starts(paris, &week, "2027-10-30T00:00:00Z", "2027-11-01T23:00:00Z", 60);
        assert_eq!(fall, ["10-30 09:00 CEST", "10-31 09:00 CET", "11-01 09:00 CET"]);
    }

    #[test]
    fn times_that_do_not_exist_or_happen_twice_are_handled_on_purpose() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        // A night range across the spring gap (02:00–03:00 does not exist): starts at 03:00 CEST.
        let night = every_day(vec![range("02:00", "04:00")]);
        let spring = starts(paris, &night, "2027-03-28T00:00:00Z", "2027-03-28T05:00:00Z", 60);
        assert_eq!(spring, ["03-28 03:00 CEST"], "one real hour is left that night");
        // Across the fall-back (02:00–03:00 happens twice): the range covers both, three real hours.
        let fall = starts(paris, &night, "2027-10-31T00:00:00Z", "2027-10-31T05:00:00Z", 60);
        assert_eq!(fall, ["10-31 02:00 CEST", "10-31 02:00 CET", "10-31 03:00 CET"]);
    }

    #[test]
    fn new_york_and_lord_howe_half_hour_change() {
        let new_york: Tz = "America/New_York".parse().unwrap();
        let week = every_day(vec![range("09:00", "09:30")]);
        // 2027-03-14: spring forward in the US.
        let ny = starts(new_york, &week, "2027-03-13T00:00:00Z", "2027-03-15T00:00:00Z", 30);
        assert_eq!(ny, ["03-13 09:00 EST", "03-14 09:00 EDT"]);
        // Lord Howe moves by 30 minutes (02:00 → 02:30 on 2027-10-03).
        let lord_howe: Tz = "Australia/Lord_Howe".parse().unwrap();
        let night = every_day(vec![range("02:00", "03:00")]);
        let slots = starts(lord_howe, &night, "2027-10-02T12:00:00Z", "2027-10-03T12:00:00Z", 30);
        assert_eq!(slots.len(), 1, "only the half hour after the gap exists: {slots:?}");
        assert!(slots[0].ends_with("02:30 +11"), "{slots:?}");
    }

    #[test]
    fn busy_intervals_buffers_and_notice_are_respected() {
        let available = [(utc("2027-05-03T09:00:00Z"), utc("2027-05-03T12:00:00Z"))];
        let busy = [(utc("2027-05-03T10:00:00Z"), utc("2027-05-03T10:30:00Z"))];
        let mut r = rules(30);
        let plain: Vec<String> = free_slots(&available, &busy, r, utc("2027-05-01T00:00:00Z"))
            .iter()
            .map(|s| s.starts_at.format("%H:%M").to_string())
            .collect();
        assert_eq!(plain, ["09:00", "09:30", "10:30", "11:00", "11:30"]);
        r.buffer_before = Duration::minutes(15);
        r.buffer_after = Duration::minutes(15);
        let padded: Vec<String> = free_slots(&available, &busy, r, utc("2027-05-01T00:00:00Z"))
            .iter()
            .map(|s| s.starts_at.format("%H:%M").to_string())
            .collect();
        assert_eq!(padded, ["09:00", "11:00", "11:30"], "15 minutes clear on both sides");
        r.min_notice = Duration::hours(2);
        let soon: Vec<String> = free_slots(&available, &busy, r, utc("2027-05-03T08:45:00Z"))
            .iter()
            .map(|s| s.starts_at.format("%H:%M").to_string())
            .collect();
        assert_eq!(soon, ["11:00", "11:30"], "nothing before now + 2 h");
    }

    #[test]
    fn overrides_win_over_weekly_rules() {
        let zone: Tz = "UTC".parse().unwrap();
        let week = every_day(vec![range("09:00", "10:00")]);
        let mut overrides = BTreeMap::new();
        overrides.insert(NaiveDate::from_ymd_opt(2027, 5, 3).unwrap(), DayOverride::Unavailable);
        overrides
            .insert(NaiveDate::from_ymd_opt(2027, 5, 4).unwrap(), DayOverride::Ranges(vec![range("14:00", "15:00")]));
        let available =
            available_intervals(zone, &week, &overrides, utc("2027-05-03T00:00:00Z"), utc("2027-05-06T00:00:00Z"));
        assert_eq!(
            available,
            [
                (utc("2027-05-04T14:00:00Z"), utc("2027-05-04T15:00:00Z")),
                (utc("2027-05-05T09:00:00Z"), utc("2027-05-05T10:00:00Z")),
            ]
        );
    }

    #[test]
    fn slots_are_grouped_in_the_viewers_zone() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let slot = |t: &str| Slot { starts_at: utc(t), ends_at: utc(t) + Duration::minutes(30) };
        // 23:00 UTC is 08:00 the next day in Tokyo; 05:00 UTC is 14:00; 09:00 UTC is 18:00.
        let days = group_by_day(
            &[slot("2027-05-03T23:00:00Z"), slot("2027-05-04T05:00:00Z"), slot("2027-05-04T09:00:00Z")],
            tokyo,
        );
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2027, 5, 4));
        assert_eq!((days[0].morning.len(), days[0].afternoon.len(), days[0].evening.len()), (1, 1, 1));
    }

    #[test]
    fn availability_input_is_checked() {
        assert_eq!(TimeRange::parse("09:00", "09:00"), Err(AvailabilityError::EmptyRange));
        assert_eq!(TimeRange::parse("9h", "10:00"), Err(AvailabilityError::BadTime));
        assert_eq!(range("22:00", "24:00").end_text(), "24:00");
        assert_eq!(day_ranges(vec![range("09:00", "12:00"), range("11:00", "13:00")]), Err(AvailabilityError::Overlap));
        assert!(Weekly::parse(vec![(8, vec![])]).is_err());
        assert_eq!(
            Weekly::default_week().on(NaiveDate::from_ymd_opt(2027, 5, 8).unwrap()),
            &[] as &[TimeRange],
            "Saturday"
        );
    }

    #[test]
    fn appointment_types_are_checked_at_once() {
        let types = vec!["video".to_owned(), "fax".to_owned()];
        let fields = AppointmentTypeFields {
            name: "",
            duration_minutes: 2,
            color: "blue",
            description: "",
            meeting_types: &types,
            buffer_before_minutes: -1,
            buffer_after_minutes: 0,
            min_notice_minutes: 0,
        };
        let errors = AppointmentTypeDraft::parse(fields).unwrap_err().into_vec();
        let names: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, ["name", "duration", "color", "meetingTypes", "bufferBefore"]);
    }

    proptest! {
        /// No slot overlaps a busy interval padded by the buffers, none starts before the notice,
        /// every slot lies inside the availability and has the type's length.
        #[test]
        fn slots_never_clash(
            busy_starts in proptest::collection::vec(0_i64..(30 * 24 * 60), 0..200),
            lengths in proptest::collection::vec(15_i64..180, 200),
            duration in 15_i64..120, before in 0_i64..30, after in 0_i64..30, notice in 0_i64..3000,
        ) {
            let zone: Tz = "Europe/Paris".parse().unwrap();
            let from = utc("2027-03-15T00:00:00Z");
            let to = from + Duration::days(30);
            let week = every_day(vec![range("08:00", "12:00"), range("13:00", "17:30"), range("18:00", "21:00")]);
            let mut busy: Vec<(DateTime<Utc>, DateTime<Utc>)> = busy_starts.iter().zip(&lengths)
                .map(|(s, l)| (from + Duration::minutes(*s), from + Duration::minutes(s + l))).collect();
            busy.sort();
            let r = SlotRules { duration: Duration::minutes(duration), buffer_before: Duration::minutes(before),
                                buffer_after: Duration::minutes(after), min_notice: Duration::minutes(notice) };
            let available = available_intervals(zone, &week, &BTreeMap::new(), from, to);
            let now = from;
            for slot in free_slots(&available, &busy, r, now) {
                prop_assert_eq!(slot.ends_at - slot.starts_at, r.duration);
                prop_assert!(slot.starts_at >= now + r.min_notice);
                prop_assert!(available.iter().any(|(a, b)| *a <= slot.starts_at && slot.ends_at <= *b));
                let (ps, pe) = (slot.starts_at - r.buffer_before, slot.ends_at + r.buffer_after);
                prop_assert!(busy.iter().all(|(bs, be)| !(*bs < pe && ps < *be)), "{slot:?} clashes");
            }
        }
    }
}
