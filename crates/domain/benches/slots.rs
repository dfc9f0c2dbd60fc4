//! The free-slot computation at month view: 30 days of availability with 3 ranges a day, a
//! host with 2,000 existing bookings, 30-minute slots with buffers and minimum notice.
//! Run: `cargo bench -p domain --bench slots`.

#![expect(clippy::unwrap_used, reason = "a benchmark stops on bad fixtures")]

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use criterion::{Criterion, criterion_group, criterion_main};
use domain::planning::{SlotRules, TimeRange, Weekly, available_intervals, free_slots, group_by_day};

type Interval = (DateTime<Utc>, DateTime<Utc>);

fn fixtures() -> (Tz, Weekly, Vec<Interval>, DateTime<Utc>, DateTime<Utc>) {
    let zone: Tz = "Europe/Paris".parse().unwrap();
    let ranges = vec![
        TimeRange::parse("08:00", "12:00").unwrap(),
        TimeRange::parse("13:00", "17:00").unwrap(),
        TimeRange::parse("18:00", "21:00").unwrap(),
    ];
    let week = Weekly([
        ranges.clone(),
        ranges.clone(),
        ranges.clone(),
        ranges.clone(),
        ranges.clone(),
        ranges.clone(),
        ranges,
    ]);
    let from = DateTime::parse_from_rfc3339("2027-03-15T00:00:00Z").unwrap().with_timezone(&Utc);
    let to = from + Duration::days(30);
    // 2,000 bookings spread over the 30 days (every 21 minutes, 20 minutes long), sorted.
    let busy = (0..2_000).map(|i| (from + Duration::minutes(i * 21), from + Duration::minutes(i * 21 + 20))).collect();
    (zone, week, busy, from, to)
}

fn slots(c: &mut Criterion) {
    let (zone, week, busy, from, to) = fixtures();
    let rules = SlotRules {
        duration: Duration::minutes(30),
        buffer_before: Duration::minutes(10),
        buffer_after: Duration::minutes(10),
        min_notice: Duration::hours(2),
    };
    let overrides = BTreeMap::new();
    c.bench_function("slots: 30 days, 3 ranges a day, 2,000 bookings", |b| {
        b.iter(|| {
            let available = available_intervals(zone, black_box(&week), &overrides, from, to);
            let found = free_slots(&available, black_box(&busy), rules, from);
            black_box(group_by_day(&found, zone))
        })
    });
}

criterion_group!(benches, slots);
criterion_main!(benches);
