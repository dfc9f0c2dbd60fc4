//! Login flood benchmark (not a test): `LOGINS` (default 1,000) concurrent `POST
//! /api/auth/login` against a running server at `BASE_URL`, all sent at once, while a probe
//! asks `GET /healthz` every 10 ms. Prints how the logins were answered and the probe's
//! latencies. Run with `./scripts/bench-logins.sh`, which starts the release server with
//! the rate limit off and reads its peak memory.

#![expect(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark prints and stops on failure")]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

fn percentile(times: &mut [Duration], p: usize) -> f64 {
    times.sort();
    times[(times.len() * p / 100).min(times.len() - 1)].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let base = std::env::var("BASE_URL").unwrap();
    let logins: usize = std::env::var("LOGINS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let body = json!({"email": "fan@callstar.test", "password": "callstar-demo-1"});
    let client =
        reqwest::Client::builder().pool_max_idle_per_host(logins).timeout(Duration::from_secs(120)).build().unwrap();

    // The probe: one /healthz at a time, every 10 ms, until the flood is answered.
    let done = Arc::new(AtomicBool::new(false));
    let probe = {
        let (client, done, url) = (reqwest::Client::new(), Arc::clone(&done), format!("{base}/healthz"));
        tokio::spawn(async move {
            let mut times = Vec::new();
            let mut failures = 0;
            while !done.load(Ordering::Relaxed) {
                let t = Instant::now();
                match client.get(&url).send().await {
                    Ok(r) if r.status() == 200 => times.push(t.elapsed()),
                    _ => failures += 1,
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (times, failures)
        })
    };

    let started = Instant::now();
    let requests = (0..logins).map(|_| {
        let request = client.post(format!("{base}/api/auth/login")).json(&body);
        async move {
            let t = Instant::now();
            let status = request.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
            (status, t.elapsed())
        }
    });
    let results = futures_util::future::join_all(requests).await;
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let (mut health, health_failures) = probe.await.unwrap();

    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for (status, _) in &results {
        *statuses.entry(*status).or_default() += 1;
    }
    let mut signed_in: Vec<Duration> = results.iter().filter(|(s, _)| *s == 200).map(|(_, t)| *t).collect();
    let mut refused: Vec<Duration> = results.iter().filter(|(s, _)| *s == 503).map(|(_, t)| *t).collect();
    println!("logins: {logins} sent at once, all answered in {:.0} ms", elapsed.as_secs_f64() * 1000.0);
    println!("statuses: {statuses:?} (0 = no answer)");
    if !signed_in.is_empty() {
        println!(
            "signed in: {} (p50 {:.0} ms, p99 {:.0} ms)",
            signed_in.len(),
            percentile(&mut signed_in, 50),
            percentile(&mut signed_in, 99)
        );
    }
    if !refused.is_empty() {
        println!(
            "refused 503 overloaded: {} (p50 {:.1} ms, p99 {:.1} ms)",
            refused.len(),
            percentile(&mut refused, 50),
            percentile(&mut refused, 99)
        );
    }
    let unanswered = statuses.get(&0).copied().unwrap_or(0);
    let mut ok = unanswered == 0;
    if health.is_empty() {
        println!("healthz: no answer ({health_failures} failures)");
        ok = false;
    } else {
        let n = health.len();
        let max = health.iter().max().copied().unwrap_or_default().as_secs_f64() * 1000.0;
        println!(
            "healthz during the flood: {n} probes, {health_failures} failures, p50 {:.2} ms, p99 {:.2} ms, max {max:.2} ms",
            percentile(&mut health, 50),
            percentile(&mut health, 99)
        );
        let target: f64 = std::env::var("HEALTHZ_P99_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(50.0);
        if health_failures > 0 || percentile(&mut health, 99) >= target {
            println!("FAIL: /healthz p99 must stay under {target} ms, with no failure");
            ok = false;
        }
    }
    if unanswered > 0 {
        println!("FAIL: {unanswered} logins got no answer");
    }
    if !ok {
        std::process::exit(1);
    }
}
