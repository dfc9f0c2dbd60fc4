//! Appointments over a date range, every page of them (the API pages by 100), and the ranges
//! the pages ask for: a month or a day of the viewer's time zone, as UTC instants.

use api_types::{Appointment, AppointmentStats, AppointmentsQuery, PageQuery};
use callstar_web::api::{Api, ApiError};
use callstar_web::format;
use chrono::{DateTime, NaiveDate, Utc};

use crate::planning::calendar::Month;

/// The most pages read for one range (10,000 appointments).
const MAX_PAGES: u64 = 100;

/// A range's appointments, soonest first, and its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    /// The appointments matching the filter.
    pub items: Vec<Appointment>,
    /// Counts over the whole range (every status).
    pub stats: AppointmentStats,
}

/// Every appointment matching `filter`, page after page.
pub async fn every(api: Api, filter: AppointmentsQuery) -> Result<Range, ApiError> {
    let mut items = Vec::new();
    let mut stats = AppointmentStats::default();
    for page in 1..=MAX_PAGES {
        let list = api.appointments(&filter, PageQuery { page, per_page: 100 }).await?;
        stats = list.stats;
        let last = list.items.is_empty() || page * list.per_page >= list.total;
        items.extend(list.items);
        if last {
            break;
        }
    }
    Ok(Range { items, stats })
}

/// From the start of `from` to the start of `to` in `zone`.
pub fn between(from: NaiveDate, to: NaiveDate, zone: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    (format::midnight(from, zone), format::midnight(to, zone))
}

/// A month of `zone`.
pub fn month(month: Month, zone: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    between(month.first(), month.next().first(), zone)
}

/// One day of `zone`.
pub fn day(date: NaiveDate, zone: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    between(date, date.succ_opt().unwrap_or(date), zone)
}
