//! WebSocket benchmark (not a test): 1,000 concurrent sockets on one server instance, the
//! server's memory per socket, and the latency from placing a call (`POST
//! /api/daily/create-room`) to the callee's socket receiving `incoming-call`.
//!
//! The server runs as its own process (the release binary, `CALLSTAR_BIN`), so its resident
//! memory is measured alone, from `/proc/<pid>/status`, before and after the sockets open.
//! The database is `TEST_DATABASE_URL`'s server (a new database, dropped at the end), or a
//! SQLite file when it is unset. Fixtures go straight into the database; tokens are minted
//! with the server's JWT secret.
//!
//! Run with `./scripts/bench-ws.sh` (builds the release binary, starts a throwaway
//! PostgreSQL cluster, then runs on SQLite too).

#![expect(clippy::unwrap_used, clippy::print_stdout, reason = "a benchmark prints and stops on failure")]

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use domain::Role;
use domain::organization::MemberRole;
use futures_util::StreamExt as _;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, Set};
use serde_json::{Value, json};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

const SOCKETS: usize = 1_000;
const CALLERS: usize = 25;
const JWT_SECRET: &str = "bench-secret-bench-secret-bench-secret-0123456789";
/// The server's `PUBLIC_URL`, whose origin is the issuer of its tokens.
const PUBLIC_URL: &str = "http://bench.callstar.test";

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start_server(database_url: &str, data_dir: &std::path::Path) -> Server {
    let bin = std::env::var("CALLSTAR_BIN").unwrap_or_else(|_| "target/release/callstar".to_owned());
    let port = free_port();
    let mut child = Command::new(&bin)
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .env("DATABASE_URL", database_url)
        .env("DATA_DIR", data_dir)
        .env("JWT_SECRET", JWT_SECRET)
        .env("PUBLIC_URL", PUBLIC_URL)
        .env("HTTP_WORKERS", "2")
        .env("DATABASE_MAX_CONNECTIONS", "16")
        .env("AUTH_RATE_LIMIT", "0")
        .env("JOB_SCHEDULER", "false")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {bin}: {err} (build it with cargo build --release -p callstar)"));
    let address = format!("127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client.get(format!("http://{address}/readyz")).send().await.is_ok_and(|r| r.status() == 200) {
            return Server { child, address };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not become ready");
}

/// Users (one token each), straight into the database.
async fn users(db: &DatabaseConnection, n: usize, prefix: &str, role: Role) -> Vec<(Uuid, String)> {
    let keys = service::tokens::JwtKeys::new(JWT_SECRET.as_bytes(), PUBLIC_URL);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (id, now) = (Uuid::new_v4(), chrono::Utc::now());
        entity::user::ActiveModel {
            id: Set(id),
            email: Set(format!("{prefix}{i}@bench.example")),
            password_hash: Set(service::passwords::dummy_hash().to_owned()),
            name: Set(format!("{prefix} {i}")),
            name_key: Set(domain::search::search_key(&format!("{prefix} {i}"))),
            role: Set(role),
            locale: Set(domain::Locale::En),
            timezone: Set(domain::TimeZone::UTC),
            is_prospect: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(db)
        .await
        .unwrap();
        // Access tokens live 15 minutes: enough for a run.
        out.push((id, keys.issue(id, role, now).unwrap().0));
    }
    out
}

async fn member(db: &DatabaseConnection, organization: Uuid, user: Uuid, role: MemberRole) {
    entity::organization_member::ActiveModel {
        user_id: Set(user),
        organization_id: Set(organization),
        role: Set(role),
        company: Set(None),
        joined_at: Set(chrono::Utc::now()),
    }
    .insert(db)
    .await
    .unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let data_dir = std::env::temp_dir().join(format!("callstar-bench-ws-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir).unwrap();
    let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty());
    let name = format!("callstar_bench_{}", Uuid::new_v4().simple());
    let database_url = match &admin_url {
        Some(admin) => {
            let db = Database::connect(admin).await.unwrap();
            db.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
            db.close().await.ok();
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
        None => format!("sqlite://{}?mode=rwc", data_dir.join("bench.db").display()),
    };
    println!("database: {}", if admin_url.is_some() { "PostgreSQL" } else { "SQLite" });
    let server = start_server(&database_url, &data_dir).await;
    let pid = server.child.id();
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let url = |path: &str| format!("http://{}{path}", server.address);

    // Fixtures: one organization, CALLERS staff, SOCKETS clients.
    let db = service::db::connect(&database_url, 4).await.unwrap();
    let owner = users(&db, 1, "owner", Role::Creator).await.remove(0);
    let org: Value = http
        .post(url("/api/organizations"))
        .bearer_auth(&owner.1)
        .json(&json!({"name": "Bench Ltd"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let org_id: Uuid = org["id"].as_str().unwrap().parse().unwrap();
    let staff = users(&db, CALLERS, "staff", Role::User).await;
    let clients = users(&db, SOCKETS, "client", Role::User).await;
    for (id, _) in &staff {
        member(&db, org_id, *id, MemberRole::Staff).await;
    }
    for (id, _) in &clients {
        member(&db, org_id, *id, MemberRole::Client).await;
    }

    // Warm the server up (pool, routes) before the baseline.
    for _ in 0..20 {
        http.get(url("/api/organizations/mine")).bearer_auth(&owner.1).send().await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib(pid);

    // 1,000 sockets, each with its own ticket; each reader notes when its incoming-call lands.
    let arrivals: Arc<Mutex<HashMap<usize, Instant>>> = Arc::default();
    let opened = Instant::now();
    let readers: Vec<(usize, tokio::task::JoinHandle<()>)> = futures_util::stream::iter(clients.iter().enumerate())
        .map(|(i, (_, token))| {
            let (http, arrivals, ws_base) = (http.clone(), arrivals.clone(), format!("ws://{}", server.address));
            let ticket_url = url("/api/ws/ticket");
            let token = token.clone();
            async move {
                let ticket: Value =
                    http.post(ticket_url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
                let ws = format!("{ws_base}/api/ws?ticket={}", ticket["ticket"].as_str().unwrap());
                let (mut socket, _) = tokio_tungstenite::connect_async(ws).await.unwrap();
                let reader = tokio::spawn(async move {
                    while let Some(Ok(frame)) = socket.next().await {
                        if let Message::Text(text) = frame
                            && text.as_str().contains("\"type\":\"incoming-call\"")
                        {
                            arrivals.lock().await.insert(i, Instant::now());
                        }
                    }
                    let _ = socket.close(None).await;
                });
                (i, reader)
            }
        })
        .buffer_unordered(50)
        .collect()
        .await;
    let open_time = opened.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(pid);
    let per_socket = (after.saturating_sub(before)) as f64 * 1024.0 / SOCKETS as f64;
    println!(
        "sockets: {SOCKETS} open in {:.1} s; server RSS {:.1} MiB before, {:.1} MiB after: {:.1} KiB per socket",
        open_time.as_secs_f64(),
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        per_socket / 1024.0
    );

    // Every client is called once: CALLERS staff call in parallel, each placing a call and
    // cancelling it (which frees both) before the next.
    let started = Instant::now();
    let placed: Vec<(usize, Instant)> = futures_util::stream::iter(0..CALLERS)
        .map(|k| {
            let (http, staff_token) = (http.clone(), staff[k].1.clone());
            let targets: Vec<(usize, Uuid)> =
                clients.iter().enumerate().skip(k).step_by(CALLERS).map(|(i, (id, _))| (i, *id)).collect();
            let (create, base) = (url("/api/daily/create-room"), url("/api/video-calls"));
            async move {
                let mut sent = Vec::new();
                for (i, client) in targets {
                    let t0 = Instant::now();
                    let response = http
                        .post(&create)
                        .bearer_auth(&staff_token)
                        .json(&json!({"clientId": client}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), 200, "call to client {i}");
                    let body: Value = response.json().await.unwrap();
                    sent.push((i, t0));
                    let cancel = format!("{base}/{}/status", body["callId"].as_str().unwrap());
                    let ended = http.patch(cancel).bearer_auth(&staff_token).json(&json!({"status": "ENDED"})).send();
                    assert_eq!(ended.await.unwrap().status(), 200);
                }
                sent
            }
        })
        .buffer_unordered(CALLERS)
        .flat_map(futures_util::stream::iter)
        .collect()
        .await;
    let elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let arrivals = arrivals.lock().await.clone();
    let mut latencies: Vec<Duration> =
        placed.iter().filter_map(|(i, t0)| arrivals.get(i).map(|arrived| arrived.duration_since(*t0))).collect();
    latencies.sort();
    println!(
        "calls: {} placed by {CALLERS} callers in {:.1} s ({:.0} calls/s, each then cancelled); {} rang their callee's socket",
        placed.len(),
        elapsed.as_secs_f64(),
        placed.len() as f64 / elapsed.as_secs_f64(),
        latencies.len()
    );
    println!(
        "create-room → incoming-call on the callee's socket: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    assert_eq!(latencies.len(), SOCKETS, "every callee's socket rang");
    let metrics = http.get(url("/metrics")).send().await.unwrap().text().await.unwrap();
    let open = metrics.lines().find(|l| l.starts_with("callstar_websockets_open ")).unwrap_or("none");
    println!("server gauge: {open}");

    for (_, reader) in readers {
        reader.abort();
    }
    drop(server);
    db.close().await.ok();
    if let Some(admin) = admin_url {
        let db = Database::connect(&admin).await.unwrap();
        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok();
    }
    std::fs::remove_dir_all(data_dir).ok();
}
