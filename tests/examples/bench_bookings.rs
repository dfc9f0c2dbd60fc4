//! Booking benchmark (not a test): `POST /api/bookings` against the real server over loopback
//! on the database of `TEST_DATABASE_URL` (PostgreSQL; SQLite when unset):
//! 1. distinct offers of one creator, 32 in flight;
//! 2. distinct offers of many creators, 32 in flight;
//! 3. the single-offer race: 1,000 concurrent requests for one offer;
//! 4. a drop: 1,000 fans at once over the 50 offers of one creator.
//!
//! Run with `./scripts/bench-bookings.sh` (a throwaway PostgreSQL with its default, durable
//! settings, and `pgbench -N` on the same cluster for comparison).

#![expect(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark prints and stops on failure")]

use std::time::{Duration, Instant};

use callstar_tests::{Backend, Options, TestApp};
use futures_util::StreamExt;
use serde_json::{Value, json};

const DISTINCT: usize = 2_000;
const CONCURRENCY: usize = 32;
const RACERS: usize = 1_000;
const DROP_OFFERS: usize = 50;

struct Outcome {
    statuses: Vec<u16>,
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Outcome {
    fn count(&self, status: u16) -> usize {
        self.statuses.iter().filter(|s| **s == status).count()
    }

    fn percentile(&self, p: usize) -> f64 {
        let mut times = self.latencies.clone();
        times.sort();
        times[(times.len() * p / 100).min(times.len() - 1)].as_secs_f64() * 1000.0
    }
}

/// Sends `(token, offer)` bookings with at most `in_flight` at once (all at once when it is
/// their number), timing each.
async fn book(app: &TestApp, client: &reqwest::Client, pairs: Vec<(String, String)>, in_flight: usize) -> Outcome {
    let started = Instant::now();
    let results: Vec<(u16, Duration)> = futures_util::stream::iter(pairs)
        .map(|(token, offer)| {
            let request = client.post(app.url("/api/bookings")).bearer_auth(token).json(&json!({"callOfferId": offer}));
            async move {
                let t = Instant::now();
                let status = request.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
                (status, t.elapsed())
            }
        })
        .buffer_unordered(in_flight)
        .collect()
        .await;
    Outcome {
        statuses: results.iter().map(|r| r.0).collect(),
        latencies: results.iter().map(|r| r.1).collect(),
        elapsed: started.elapsed(),
    }
}

async fn offers(app: &TestApp, token: &str, n: usize, from_hours: i64) -> Vec<String> {
    futures_util::stream::iter(0..n)
        .map(|i| {
            let token = token.to_owned();
            async move {
                let body = json!({"title": format!("Slot {i}"), "price": "20.00", "currency": "EUR",
                                  "dateTime": chrono::Utc::now() + chrono::Duration::hours(from_hours + i as i64), "duration": 30});
                let response = app.post_auth("/api/call-offers", &token, &body).await;
                response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await
}

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

    // Fixtures: one creator with many offers, many creators with one offer each, and fans.
    let creator = app.signed_in("bench.host@example.com", "creator").await;
    let mine = offers(&app, &creator.access_token, DISTINCT + 1, 24).await;
    let creators = app.quick_users(DISTINCT, "creator").await;
    let theirs: Vec<String> = futures_util::stream::iter(creators.iter())
        .map(|(_, token)| {
            let app = &app;
            async move { offers(app, token, 1, 48).await.remove(0) }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let drop_host = app.signed_in("bench.drop@example.com", "creator").await;
    let drop_offers = offers(&app, &drop_host.access_token, DROP_OFFERS, 72).await;
    let fans = app.quick_users(DISTINCT.max(RACERS), "user").await;
    let token = |i: usize| fans[i % fans.len()].1.clone();

    // 1. Distinct offers of one creator: every request wins.
    let pairs = (0..DISTINCT).map(|i| (token(i), mine[i].clone())).collect();
    let one = book(&app, &client, pairs, CONCURRENCY).await;
    println!(
        "distinct offers of one creator: {DISTINCT} bookings, {CONCURRENCY} in flight: {:.0} bookings/s, {} × 201, p50 {:.1} ms, p99 {:.1} ms",
        DISTINCT as f64 / one.elapsed.as_secs_f64(),
        one.count(201),
        one.percentile(50),
        one.percentile(99),
    );
    assert_eq!(one.count(201), DISTINCT, "every distinct offer is booked once");

    // 2. Distinct offers of many creators.
    let pairs = (0..DISTINCT).map(|i| (token(i), theirs[i].clone())).collect();
    let many = book(&app, &client, pairs, CONCURRENCY).await;
    println!(
        "distinct offers of {DISTINCT} creators: {CONCURRENCY} in flight: {:.0} bookings/s, {} × 201, p50 {:.1} ms, p99 {:.1} ms",
        DISTINCT as f64 / many.elapsed.as_secs_f64(),
        many.count(201),
        many.percentile(50),
        many.percentile(99),
    );
    assert_eq!(many.count(201), DISTINCT);

    // 3. The race: RACERS fans at once on one offer.
    let race = mine[DISTINCT].clone();
    let pairs = (0..RACERS).map(|i| (token(i), race.clone())).collect();
    let raced = book(&app, &client, pairs, RACERS).await;
    println!(
        "single-offer race: {RACERS} concurrent requests in {:.0} ms: {} × 201, {} × 409, {} other; p99 {:.0} ms",
        raced.elapsed.as_secs_f64() * 1000.0,
        raced.count(201),
        raced.count(409),
        RACERS - raced.count(201) - raced.count(409),
        raced.percentile(99),
    );

    // 4. A drop: RACERS fans at once over the DROP_OFFERS offers of one creator.
    let pairs = (0..RACERS).map(|i| (token(i), drop_offers[i % DROP_OFFERS].clone())).collect();
    let rush = book(&app, &client, pairs, RACERS).await;
    let slowest = rush.latencies.iter().max().copied().unwrap_or_default();
    println!(
        "drop: {RACERS} fans over {DROP_OFFERS} offers of one creator in {:.0} ms: {} × 201, {} × 409, {} other; slowest answer {:.0} ms",
        rush.elapsed.as_secs_f64() * 1000.0,
        rush.count(201),
        rush.count(409),
        RACERS - rush.count(201) - rush.count(409),
        slowest.as_secs_f64() * 1000.0,
    );
    assert_eq!((raced.count(201), raced.count(409)), (1, RACERS - 1), "the race: one winner, no other answer");
    assert_eq!((rush.count(201), rush.count(409)), (DROP_OFFERS, RACERS - DROP_OFFERS), "the drop: one per offer");
}
