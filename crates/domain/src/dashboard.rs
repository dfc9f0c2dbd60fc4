//! What the dashboards count: a creator's month is their calendar month in their own time
//! zone (DST-correct), as UTC instants the database can compare.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone as _, Utc};
use chrono_tz::Tz;

/// The start of the local day `date` in `zone`: midnight, or the first instant after a gap
/// when midnight does not exist that day (a DST change at midnight).
fn start_of_day(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let mut local = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    for _ in 0..4 {
        if let Some(at) = zone.from_local_datetime(&local).earliest() {
            return at.with_timezone(&Utc);
        }
        local += chrono::Duration::minutes(30);
    }
    local.and_utc()
}

/// The calendar month containing `now` in `zone`: `[first day 00:00, next month's first day
/// 00:00)` local time, as UTC instants.
pub fn month_bounds(now: DateTime<Utc>, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let local = now.with_timezone(&zone).date_naive();
    let first = local.with_day(1).unwrap_or(local);
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
    .unwrap_or(first);
    (start_of_day(first, zone), start_of_day(next, zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_month_is_the_creators_local_month() {
        // 31 Oct 23:30 UTC is already November in Paris (UTC+1 in winter).
        let (from, to) = month_bounds(utc("2026-10-31T23:30:00Z"), chrono_tz::Europe::Paris);
        assert_eq!(from, utc("2026-10-31T23:00:00Z"));
        assert_eq!(to, utc("2026-11-30T23:00:00Z"));
        // October in Paris starts in summer time (UTC+2) and ends in winter time.
        let (from, to) = month_bounds(utc("2026-10-15T12:00:00Z"), chrono_tz::Europe::Paris);
        assert_eq!((from, to), (utc("2026-09-30T22:00:00Z"), utc("2026-10-31T23:00:00Z")));
        let (from, to) = month_bounds(utc("2026-12-31T12:00:00Z"), chrono_tz::UTC);
        assert_eq!((from, to), (utc("2026-12-01T00:00:00Z"), utc("2027-01-01T00:00:00Z")));
    }

    #[test]
    fn a_missing_local_midnight_starts_the_month_after_the_gap() {
        // Santiago skipped from 2022-09-11 00:00 to 01:00; a month cannot start on that day,
        // but the rule is the same for days: the first instant that exists.
        assert_eq!(
            start_of_day(NaiveDate::from_ymd_opt(2022, 9, 11).unwrap(), chrono_tz::America::Santiago),
            utc("2022-09-11T04:00:00Z")
        );
    }
}
