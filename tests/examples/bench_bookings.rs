//! Booking benchmark (not a test): throughput of `POST /api/bookings` on distinct offers,
//! and the single-offer race at 1,000 concurrent requests, against the real server over
//! loopback on the database of `TEST_DATABASE_URL` (PostgreSQL; SQLite when unset).
//!
//! Run with `./scripts/bench-bookings.sh` (starts a throwaway PostgreSQL cluster).

#![expect(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark prints and stops on failure")]

use std::time::{Duration, Instant};

use callstar_tests::{Backend, Options, TestApp};
use futures_util::StreamExt;
use futures_util::future::join_all;
use serde_json::json;

const DISTINCT: usize = 2_000;
const CONCURRENCY: usize = 32;
const RACERS: usize = 1_000;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let backend = if callstar_tests::postgres_admin_url().is_some() { Backend::Postgres } else { Backend::Sqlite };
    let vars = vec![
        ("HTTP_WORKERS".to_owned(), "2".to_owned()),
        ("DATABASE_MAX_CONNECTIONS".to_owned(), "16".to_owned()),
        ("RUST_LOG".to_owned(), "error".to_owned()),
    ];
    let app = TestApp::spawn_with(backend, Options { vars, ..Default::default() }).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(RACERS).build().unwrap();
    println!("backend: {backend:?}");

    // Fixtures: one creator with DISTINCT + 1 offers, and enough fans.
    let creator = app.signed_in("bench.host@example.com", "creator").await;
    let offers: Vec<String> = futures_util::stream::iter(0..=DISTINCT)
        .map(|i| {
            let app = &app;
            let token = creator.access_token.clone();
            async move {
                let body = json!({"title": format!("Slot {i}"), "price": "20.00", "currency": "EUR",
                                  "dateTime": chrono::Utc::now() + chrono::Duration::hours(24 + i as i64), "duration": 30});
                let response = app.post_auth("/api/call-offers", &token, &body).await;
                response.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let fans = app.quick_users(DISTINCT.max(RACERS), "user").await;

    // 1. Distinct offers: every request should win.
    let started = Instant::now();
    let latencies: Vec<(u16, Duration)> = futures_util::stream::iter(0..DISTINCT)
        .map(|i| {
            let request =
                client.post(app.url("/api/bookings")).bearer_auth(&fans[i].1).json(&json!({"callOfferId": offers[i]}));
            async move {
                let t = Instant::now();
                let status = request.send().await.unwrap().status().as_u16();
                (status, t.elapsed())
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let ok = latencies.iter().filter(|(s, _)| *s == 201).count();
    let mut times: Vec<Duration> = latencies.iter().map(|(_, t)| *t).collect();
    times.sort();
    println!(
        "distinct offers: {DISTINCT} bookings, {CONCURRENCY} in flight: {:.0} bookings/s, {ok} created, p50 {:.1} ms, p99 {:.1} ms",
        DISTINCT as f64 / elapsed.as_secs_f64(),
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() * 99 / 100].as_secs_f64() * 1000.0,
    );
    assert_eq!(ok, DISTINCT, "every distinct offer is booked once");

    // 2. The race: RACERS fans at once on the last offer.
    let race_offer = offers[DISTINCT].clone();
    let started = Instant::now();
    let responses = join_all(fans.iter().take(RACERS).map(|(_, token)| {
        client.post(app.url("/api/bookings")).bearer_auth(token).json(&json!({"callOfferId": race_offer})).send()
    }))
    .await;
    let elapsed = started.elapsed();
    let mut created = 0;
    let mut conflicts = 0;
    let mut other = 0;
    for response in responses {
        match response.map(|r| r.status().as_u16()) {
            Ok(201) => created += 1,
            Ok(409) => conflicts += 1,
            _ => other += 1,
        }
    }
    println!(
        "single-offer race: {RACERS} concurrent requests in {:.0} ms: {created} × 201, {conflicts} × 409, {other} other",
        elapsed.as_secs_f64() * 1000.0
    );
    assert_eq!((created, conflicts, other), (1, RACERS - 1, 0));
}
