//! Test harness: starts the real Callstar server on port 0 over a fresh, migrated database
//! (a SQLite file, or a new PostgreSQL database when `TEST_DATABASE_URL` names a server),
//! and offers typed helpers for common requests, a second server instance on the same
//! database, WebSocket clients and organization fixtures. Everything is removed when the
//! test ends.

#![expect(clippy::expect_used, clippy::panic, reason = "a test harness fails loudly")]

use std::collections::HashMap;
use std::path::PathBuf;

use actix_web::dev::ServerHandle;
use callstar::{Application, Config};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use uuid::Uuid;

/// The JWT secret every test server uses, so tests can forge tokens on purpose.
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
/// A password that satisfies the policy.
pub const PASSWORD: &str = "correct horse 1";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A new database on the server of `TEST_DATABASE_URL`.
    Postgres,
}

/// The admin URL of the PostgreSQL server for tests, if any. When
/// `CALLSTAR_REQUIRE_POSTGRES=1` (the README's test command), a missing URL is an error
/// instead of a skip.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty());
    if url.is_none() && std::env::var("CALLSTAR_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("CALLSTAR_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set");
    }
    url
}

/// Runs a test body against SQLite and against PostgreSQL, as two tests named
/// `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($backend:ident: Backend) $body:block)*) => {
        $(
            mod $name {
                use super::*;

                async fn run($backend: $crate::Backend) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run($crate::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::postgres_admin_url().is_none() {
                        eprintln!("skipped: TEST_DATABASE_URL is not set");
                        return;
                    }
                    run($crate::Backend::Postgres).await
                }
            }
        )*
    };
}

/// Options of a test server.
#[derive(Debug, Clone)]
pub struct Options {
    /// `AUTH_RATE_LIMIT` (default: high enough never to trigger).
    pub auth_rate_limit: u32,
    /// `BOOKING_RATE_LIMIT` (default: high enough never to trigger).
    pub booking_rate_limit: u32,
    /// Run the background job scheduler (default off: tests run jobs themselves with
    /// [`TestApp::run_job`], so nothing happens behind their back).
    pub scheduler: bool,
    /// Extra environment variables.
    pub vars: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self { auth_rate_limit: 10_000, booking_rate_limit: 10_000, scheduler: false, vars: Vec::new() }
    }
}

enum TestDb {
    Sqlite { dir: PathBuf },
    Postgres { admin_url: String, name: String },
}

/// A running server over its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// A client without a cookie store.
    pub client: reqwest::Client,
    /// The server's own pool (to inspect rows, or to close it).
    pub db: DatabaseConnection,
    /// Which database this is.
    pub backend: Backend,
    /// The server's DATABASE_URL (for a second pool: another runner).
    pub database_url: String,
    /// The use cases' context the server runs with (to run jobs, or as another runner).
    pub ctx: service::Context,
    /// The server's token keys (issuer included), to mint tokens as the server would.
    pub jwt: service::tokens::JwtKeys,
    handle: ServerHandle,
    /// The database to drop when this server stops (none for a second instance).
    test_db: Option<TestDb>,
    /// The options it was started with.
    options: Options,
}

impl TestApp {
    /// Starts a server with default options.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, Options::default()).await
    }

    /// Starts a server with the given options.
    pub async fn spawn_with(backend: Backend, options: Options) -> Self {
        let (database_url, test_db) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("callstar-test-{}", Uuid::new_v4().simple()));
                std::fs::create_dir_all(&dir).expect("create a temporary directory");
                (format!("sqlite://{}?mode=rwc", dir.join("test.db").display()), TestDb::Sqlite { dir })
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url().expect("TEST_DATABASE_URL is set for PostgreSQL tests");
                let name = format!("callstar_test_{}", Uuid::new_v4().simple());
                let template = migrated_template(&admin_url).await;
                let admin = Database::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""))
                    .await
                    .expect("create a test database from the template");
                admin.close().await.ok();
                (with_database(&admin_url, &name), TestDb::Postgres { admin_url, name })
            }
        };
        Self::start(backend, database_url, Some(test_db), options).await
    }

    /// Starts another server instance on this one's database (as a second instance behind
    /// a load balancer would run). It does not drop the database when it stops.
    pub async fn second_instance(&self) -> Self {
        Self::start(self.backend, self.database_url.clone(), None, self.options.clone()).await
    }

    async fn start(backend: Backend, database_url: String, test_db: Option<TestDb>, options: Options) -> Self {
        let data_dir = std::env::temp_dir().join(format!("callstar-test-data-{}", Uuid::new_v4().simple()));
        let mut vars: HashMap<String, String> = [
            ("HOST", "127.0.0.1".to_owned()),
            ("PORT", "0".to_owned()),
            ("DATABASE_URL", database_url),
            ("DATA_DIR", data_dir.display().to_string()),
            ("JWT_SECRET", JWT_SECRET.to_owned()),
            ("HTTP_WORKERS", "1".to_owned()),
            ("DATABASE_MAX_CONNECTIONS", "4".to_owned()),
            ("AUTH_RATE_LIMIT", options.auth_rate_limit.to_string()),
            ("BOOKING_RATE_LIMIT", options.booking_rate_limit.to_string()),
            ("JOB_SCHEDULER", options.scheduler.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        vars.extend(options.vars.clone());
        let database_url = vars.get("DATABASE_URL").cloned().unwrap_or_default();
        let config = Config::from_vars(&vars).expect("valid test configuration");
        let app = Application::build(&config).await.expect("the application starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let db = app.db().clone();
        let ctx = app.context().clone();
        let jwt = app.jwt_keys().clone();
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client");
        Self { address, client, db, backend, database_url, ctx, jwt, handle, test_db, options }
    }

    /// Runs a job now, as an admin's "run now" would; returns its record.
    pub async fn run_job(&self, name: &str) -> service::jobs::JobRun {
        self.run_job_at(name, chrono::Utc::now()).await
    }

    /// Runs a job as if the clock said `now`; returns its record.
    pub async fn run_job_at(&self, name: &str, now: chrono::DateTime<chrono::Utc>) -> service::jobs::JobRun {
        let job = service::jobs::named(name).expect("a job name");
        service::jobs::run(&self.ctx, job, domain::operations::JobTrigger::Admin, now).await.expect("the job ran")
    }

    /// The absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// `POST` a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("request sent")
    }

    /// `GET` with an optional bearer token.
    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// Registers an account; returns the response.
    pub async fn register(&self, email: &str, role: &str) -> reqwest::Response {
        self.post_json(
            "/api/auth/register",
            &json!({"email": email, "password": PASSWORD, "name": "Test Person", "role": role}),
        )
        .await
    }

    /// Logs in; returns the response.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_json("/api/auth/login", &json!({"email": email, "password": password})).await
    }

    /// Registers and logs in; returns the session body.
    pub async fn signed_in(&self, email: &str, role: &str) -> Session {
        assert_eq!(self.register(email, role).await.status(), 201, "registration of {email}");
        let response = self.login(email, PASSWORD).await;
        assert_eq!(response.status(), 200, "login of {email}");
        response.json().await.expect("a session body")
    }

    /// Creates an admin as the operator command does, then logs in.
    pub async fn admin(&self, email: &str) -> Session {
        let parse = |s: &str| domain_email(s);
        service::accounts::create_admin(
            &self.db,
            parse(email),
            domain::Password::parse(PASSWORD).expect("valid password"),
            domain::DisplayName::parse("Admin").expect("valid name"),
        )
        .await
        .expect("admin created");
        let response = self.login(email, PASSWORD).await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("a session body")
    }
}

impl TestApp {
    /// Inserts `n` users of `role` straight into the database (no password hashing) and
    /// mints their access tokens with the test secret: fast fixtures for load and race tests.
    pub async fn quick_users(&self, n: usize, role: &str) -> Vec<(uuid::Uuid, String)> {
        use sea_orm::{ActiveModelTrait, Set};
        let keys = &self.jwt;
        let role_value: domain::Role = role.parse().expect("a role");
        let mut users = Vec::with_capacity(n);
        for i in 0..n {
            let id = Uuid::new_v4();
            let now = chrono::Utc::now();
            entity::user::ActiveModel {
                id: Set(id),
                email: Set(format!("{role}{i}.{}@example.com", id.simple())),
                password_hash: Set(service::passwords::dummy_hash().to_owned()),
                name: Set(format!("{role} {i}")),
                name_key: Set(domain::search::search_key(&format!("{role} {i}"))),
                role: Set(role_value),
                locale: Set(domain::Locale::En),
                timezone: Set(domain::TimeZone::UTC),
                is_prospect: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&self.db)
            .await
            .expect("user inserted");
            let (token, _) = keys.issue(id, role_value, now).expect("token");
            users.push((id, token));
        }
        users
    }

    /// Moves an offer's call to start at `start` (its bookings' frozen times too, keeping the
    /// length): tests of time-bound rules without waiting.
    pub async fn reschedule_offer(&self, offer_id: Uuid, start: chrono::DateTime<chrono::Utc>) {
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let offer = entity::call_offer::Entity::find_by_id(offer_id).one(&self.db).await.expect("read").expect("offer");
        let end = start + chrono::Duration::minutes(i64::from(offer.duration_minutes));
        entity::call_offer::Entity::update_many()
            .col_expr(entity::call_offer::Column::DateTime, Expr::value(start))
            .filter(entity::call_offer::Column::Id.eq(offer_id))
            .exec(&self.db)
            .await
            .expect("offer moved");
        entity::booking::Entity::update_many()
            .col_expr(entity::booking::Column::StartsAt, Expr::value(start))
            .col_expr(entity::booking::Column::EndsAt, Expr::value(end))
            .filter(entity::booking::Column::CallOfferId.eq(offer_id))
            .exec(&self.db)
            .await
            .expect("bookings moved");
    }

    /// `POST` a JSON body with a bearer token.
    pub async fn post_auth(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.client.post(self.url(path)).bearer_auth(token).json(body).send().await.expect("request sent")
    }

    /// `PATCH` a JSON body with a bearer token.
    pub async fn patch_auth(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.client.patch(self.url(path)).bearer_auth(token).json(body).send().await.expect("request sent")
    }

    /// A confirmed (test-mode) booking by `fan` of a `minutes`-long call of `creator` starting
    /// `starts_in` from now; returns its id and the exact start.
    pub async fn confirmed_booking(
        &self,
        creator: &Session,
        fan: &Session,
        starts_in: chrono::Duration,
        minutes: i32,
    ) -> (Uuid, chrono::DateTime<chrono::Utc>) {
        let body = json!({"title": "Portfolio review", "price": "20.00", "currency": "EUR",
                          "dateTime": chrono::Utc::now() + starts_in, "duration": minutes});
        let offer: Value =
            self.post_auth("/api/call-offers", &creator.access_token, &body).await.json().await.expect("offer");
        let start = offer["dateTime"].as_str().and_then(|t| t.parse().ok()).expect("offer start");
        let booking: Value = self
            .post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]}))
            .await
            .json()
            .await
            .expect("booking");
        let paid = self
            .post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]}))
            .await;
        assert_eq!(paid.status(), 200, "test-mode payment");
        (booking["id"].as_str().and_then(|id| id.parse().ok()).expect("booking id"), start)
    }

    /// Creates an offer starting `hours_from_now` as the creator with `token`; returns its JSON.
    pub async fn offer(&self, token: &str, price: &str, hours_from_now: i64) -> Value {
        let date_time = chrono::Utc::now() + chrono::Duration::hours(hours_from_now);
        let response = self
            .post_auth(
                "/api/call-offers",
                token,
                &json!({"title": "Mentoring session", "description": "One to one", "price": price,
                        "currency": "EUR", "dateTime": date_time, "duration": 30}),
            )
            .await;
        assert_eq!(response.status(), 201, "offer created");
        response.json().await.expect("offer JSON")
    }
}

fn domain_email(email: &str) -> domain::EmailAddress {
    domain::EmailAddress::parse(email).expect("valid e-mail")
}

/// The parts of a login answer tests use.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Bearer token.
    pub access_token: String,
    /// Refresh token.
    pub refresh_token: String,
    /// The user.
    pub user: Value,
}

impl Session {
    /// The user's id.
    pub fn user_id(&self) -> String {
        self.user["id"].as_str().expect("user id").to_owned()
    }
}

/// Checks that a response is problem details with this status and code; returns the body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(content_type, "application/problem+json", "content type");
    let body: Value = response.json().await.expect("a JSON problem body");
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["type"], format!("urn:callstar:problem:{code}"), "{body}");
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
    body
}

/// The migrated template database every PostgreSQL test database is cloned from (a file
/// copy on the server instead of running every migration per test). One per build of this
/// test binary: made once (under a temporary name, then renamed, so concurrent runs of the
/// same build agree), and templates of builds made hours earlier are dropped on the way.
async fn migrated_template(admin_url: &str) -> String {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let exe = std::env::current_exe().expect("the test binary's path");
            let modified = std::fs::metadata(&exe)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            let name = format!("callstar_tpl_{modified}");
            let admin = Database::connect(admin_url).await.expect("connect to TEST_DATABASE_URL");
            let exists = |db: &DatabaseConnection, name: String| {
                let db = db.clone();
                async move {
                    let sql = format!("SELECT 1 FROM pg_database WHERE datname = '{name}'");
                    db.query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql))
                        .await
                        .expect("query pg_database")
                        .is_some()
                }
            };
            if !exists(&admin, name.clone()).await {
                let building = format!("callstar_tplnew_{}", Uuid::new_v4().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{building}\""))
                    .await
                    .expect("create the template");
                let db =
                    Database::connect(&with_database(admin_url, &building)).await.expect("connect to the template");
                service::db::migrate(&db).await.expect("migrate the template");
                db.close().await.ok();
                let renamed =
                    admin.execute_unprepared(&format!("ALTER DATABASE \"{building}\" RENAME TO \"{name}\"")).await;
                if renamed.is_err() {
                    // Another run of this build made it first.
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{building}\"")).await.ok();
                }
            }
            let stale = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'callstar\\_tpl\\_%'".to_owned(),
                ))
                .await
                .unwrap_or_default();
            for row in stale {
                let other: String = row.try_get("", "datname").unwrap_or_default();
                // Only templates well older than this build's: another checkout may be testing
                // against the same cluster with its own, newer build.
                let older = other
                    .strip_prefix("callstar_tpl_")
                    .and_then(|secs| secs.parse::<u64>().ok())
                    .is_some_and(|secs| secs + 6 * 3600 < modified);
                if older {
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{other}\"")).await.ok();
                }
            }
            admin.close().await.ok();
            name
        })
        .await
        .clone()
}

fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url.split_once('?').map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        let db = self.db.clone();
        let test_db = self.test_db.take();
        // Runs on its own thread and runtime: Drop cannot await, and the test's runtime may be ending.
        let cleanup = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            runtime.block_on(async move {
                handle.stop(false).await;
                db.close_by_ref().await.ok();
                match test_db {
                    Some(TestDb::Sqlite { dir }) => {
                        std::fs::remove_dir_all(dir).ok();
                    }
                    Some(TestDb::Postgres { admin_url, name }) => {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            admin
                                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                                .await
                                .ok();
                            admin.close().await.ok();
                        }
                    }
                    None => {}
                }
            });
        });
        cleanup.join().ok();
    }
}

/// A WebSocket client of `GET /api/ws`, as one browser tab.
pub struct Socket {
    stream: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
}

/// How a WebSocket open was answered.
pub type WsResult = Result<Socket, tokio_tungstenite::tungstenite::Error>;

impl TestApp {
    /// A WebSocket ticket for the holder of `token`.
    pub async fn ws_ticket(&self, token: &str) -> String {
        let response = self.client.post(self.url("/api/ws/ticket")).bearer_auth(token).send().await.expect("sent");
        assert_eq!(response.status(), 200, "ticket");
        let body: Value = response.json().await.expect("ticket JSON");
        body["ticket"].as_str().expect("a ticket").to_owned()
    }

    /// Opens `GET /api/ws` with this raw query string (`ticket=…`, or anything).
    pub async fn ws_with_query(&self, query: &str) -> WsResult {
        let url = format!("{}/api/ws?{query}", self.address.replacen("http://", "ws://", 1));
        tokio_tungstenite::connect_async(url).await.map(|(stream, _)| Socket { stream })
    }

    /// A WebSocket of the holder of `token` (a fresh ticket each time).
    pub async fn ws(&self, token: &str) -> Socket {
        let ticket = self.ws_ticket(token).await;
        self.ws_with_query(&format!("ticket={ticket}")).await.expect("the WebSocket opens")
    }
}

impl Socket {
    /// The next JSON message within `within` (pings are answered on the way), or `None`.
    pub async fn next_within(&mut self, within: std::time::Duration) -> Option<Value> {
        use futures_util::StreamExt as _;
        use tokio_tungstenite::tungstenite::Message;
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.stream.next()).await.ok()??;
            match frame.expect("a WebSocket frame") {
                Message::Text(text) => return Some(serde_json::from_str(text.as_str()).expect("a JSON message")),
                Message::Close(_) => return None,
                _ => {}
            }
        }
    }

    /// The next message, which must be of `kind` and arrive within 5 s; returns its `data`.
    pub async fn expect(&mut self, kind: &str) -> Value {
        let message = self
            .next_within(std::time::Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("no `{kind}` message within 5 s"));
        assert_eq!(message["type"], kind, "{message}");
        message["data"].clone()
    }

    /// Messages until one of `kind` (within 5 s); returns its `data`.
    pub async fn expect_eventually(&mut self, kind: &str) -> Value {
        for _ in 0..20 {
            let message = self
                .next_within(std::time::Duration::from_secs(5))
                .await
                .unwrap_or_else(|| panic!("no `{kind}` message within 5 s"));
            if message["type"] == kind {
                return message["data"].clone();
            }
        }
        panic!("no `{kind}` message among the next 20");
    }

    /// Asserts that nothing arrives for `during`.
    pub async fn assert_silent(&mut self, during: std::time::Duration) {
        if let Some(message) = self.next_within(during).await {
            panic!("expected silence, got {message}");
        }
    }

    /// Closes the socket.
    pub async fn close(mut self) {
        self.stream.close(None).await.ok();
    }
}

/// An organization with members, for the instant-call tests.
#[derive(Debug, Clone)]
pub struct Org {
    /// Its id.
    pub id: Uuid,
    /// The owner (a creator; staff).
    pub owner: Session,
    /// Staff members, the owner not included.
    pub staff: Vec<Session>,
    /// Clients.
    pub clients: Vec<Session>,
}

impl TestApp {
    /// Creates an organization named `name` owned by a new creator `<prefix>.owner@…`, with
    /// `staff` more staff members and `clients` clients (joined straight in the database: the
    /// invitation flow has its own tests).
    pub async fn organization(&self, prefix: &str, staff: usize, clients: usize) -> Org {
        let owner = self.signed_in(&format!("{prefix}.owner@example.com"), "creator").await;
        let response =
            self.post_auth("/api/organizations", &owner.access_token, &json!({"name": format!("{prefix} Ltd")})).await;
        assert_eq!(response.status(), 201, "organization created");
        let org: Value = response.json().await.expect("organization JSON");
        let id: Uuid = org["id"].as_str().and_then(|id| id.parse().ok()).expect("organization id");
        let mut members = Vec::new();
        for (role, n) in [("staff", staff), ("client", clients)] {
            let mut sessions = Vec::new();
            for i in 0..n {
                let session = self.signed_in(&format!("{prefix}.{role}{i}@example.com"), "user").await;
                self.join(id, &session, role, None).await;
                sessions.push(session);
            }
            members.push(sessions);
        }
        let clients = members.pop().unwrap_or_default();
        let staff = members.pop().unwrap_or_default();
        Org { id, owner, staff, clients }
    }

    /// Makes the account of `session` a member of `organization` with `role`.
    pub async fn join(&self, organization: Uuid, session: &Session, role: &str, company: Option<&str>) {
        use sea_orm::{ActiveModelTrait, Set};
        entity::organization_member::ActiveModel {
            user_id: Set(session.user_id().parse().expect("a user id")),
            organization_id: Set(organization),
            role: Set(role.parse().expect("staff or client")),
            company: Set(company.map(str::to_owned)),
            joined_at: Set(chrono::Utc::now()),
        }
        .insert(&self.db)
        .await
        .expect("member inserted");
    }
}
