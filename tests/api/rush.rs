//! Booking under a rush: the database alone keeps a host from being double-booked (no
//! application check hides a missing constraint), overload is a 503 with `Retry-After`, and
//! the outbox drains a burst of e-mails in one run, in batches.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use callstar_tests::{Backend, Options, TestApp, assert_problem, on_both_databases};
use chrono::{Duration, Utc};
use domain::operations::EmailStatus;
use entity::email;
use providers::email::ResendMailer;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Queues `n` plain e-mails (no attachment), as a burst after a drop would.
async fn queue_emails(app: &TestApp, n: usize) {
    let now = Utc::now();
    let txn = app.db.begin().await.unwrap();
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let rows = chunk.iter().map(|i| email::ActiveModel {
            id: Set(Uuid::new_v4()),
            to_address: Set(format!("fan{i}@example.com")),
            subject: Set("Your call is tomorrow".to_owned()),
            template: Set("reminder".to_owned()),
            locale: Set(domain::Locale::En),
            html: Set("<p>Soon</p>".to_owned()),
            text: Set("Soon".to_owned()),
            status: Set(EmailStatus::Pending),
            attempts: Set(0),
            next_attempt_at: Set(Some(now)),
            provider_id: Set(None),
            error: Set(None),
            batch_key: Set(None),
            metadata: Set(json!({})),
            created_at: Set(now + Duration::milliseconds(*i as i64)),
            sent_at: Set(None),
            updated_at: Set(now),
        });
        email::Entity::insert_many(rows).exec(&txn).await.unwrap();
    }
    txn.commit().await.unwrap();
}

async fn count(app: &TestApp, status: EmailStatus) -> u64 {
    email::Entity::find().filter(email::Column::Status.eq(status)).count(&app.db).await.unwrap()
}

on_both_databases! {
    async fn a_saturated_pool_answers_503_with_retry_after(backend: Backend) {
        let vars = [("DATABASE_MAX_CONNECTIONS", "1"), ("DATABASE_ACQUIRE_TIMEOUT_MS", "200")];
        let vars = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let app = TestApp::spawn_with(backend, Options { vars, ..Options::default() }).await;
        let fan = app.signed_in("fan@example.com", "user").await;
        // Hold the pool's only connection, as a burst of slow requests would.
        let held = app.db.begin().await.unwrap();
        let response = app.get("/api/me", Some(&fan.access_token)).await;
        assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("1"));
        assert_problem(response, 503, "service_unavailable").await;
        held.rollback().await.unwrap();
        assert_eq!(app.get("/api/me", Some(&fan.access_token)).await.status(), 200, "served again once free");
    }

    async fn a_burst_of_emails_leaves_in_one_run(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        queue_emails(&app, 1_200).await;
        let run = app.run_job("retry-emails").await;
        assert_eq!(run.counts["captured"], 1_200, "{run:?}");
        assert_eq!(count(&app, EmailStatus::Captured).await, 1_200);
    }

    async fn batches_go_through_resends_batch_endpoint_once_each(backend: Backend) {
        // A fake Resend: the batch endpoint answers one id per e-mail, and rate-limits the
        // first request of the run (ratelimit-reset: 1 s).
        let resend = MockServer::start().await;
        let keys: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let seen = keys.clone();
        let limited = Arc::new(Mutex::new(true));
        Mock::given(method("POST"))
            .and(path("/emails/batch"))
            .respond_with(move |req: &Request| {
                let mut first = limited.lock().unwrap();
                if *first {
                    *first = false;
                    return ResponseTemplate::new(429)
                        .insert_header("ratelimit-limit", "10")
                        .insert_header("ratelimit-remaining", "0")
                        .insert_header("ratelimit-reset", "1");
                }
                let key = req.headers.get("idempotency-key").unwrap().to_str().unwrap().to_owned();
                *seen.lock().unwrap().entry(key).or_default() += 1;
                let emails: Vec<Value> = req.body_json().unwrap();
                assert!(emails.len() <= 100, "at most 100 per batch");
                let ids: Vec<Value> = emails.iter().map(|_| json!({"id": Uuid::new_v4()})).collect();
                ResponseTemplate::new(200).set_body_json(json!({"data": ids}))
            })
            .mount(&resend)
            .await;
        let app = TestApp::spawn(backend).await;
        queue_emails(&app, 1_200).await;
        let mailer = ResendMailer::new("re_test", &resend.uri(), "Callstar <hello@callstar.test>").unwrap();
        let done = service::outbox::deliver_due(&app.db, Some(&mailer), &app.ctx.events, Utc::now()).await.unwrap();
        assert_eq!(done.sent, 1_200, "{done:?}");
        assert_eq!(count(&app, EmailStatus::Sent).await, 1_200);
        let keys = keys.lock().unwrap().clone();
        assert_eq!(keys.len(), 12, "twelve batches of 100: {keys:?}");
        assert!(keys.values().all(|n| *n == 1), "each batch sent once");
    }
}

/// PostgreSQL only: the exclusion constraint alone keeps a host from two overlapping active
/// bookings. With it dropped, an overlapping booking goes through: no application check hides
/// a missing constraint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exclusion_constraint_alone_refuses_overlaps_on_postgres() {
    if callstar_tests::postgres_admin_url().is_none() {
        eprintln!("skipped: TEST_DATABASE_URL is not set");
        return;
    }
    let app = TestApp::spawn(Backend::Postgres).await;
    let creator = app.signed_in("host@example.com", "creator").await;
    let fans = [app.signed_in("a@example.com", "user").await, app.signed_in("b@example.com", "user").await];
    let offers: Vec<Value> = vec![
        app.offer(&creator.access_token, "20.00", 30).await,
        app.offer(&creator.access_token, "20.00", 30).await,
        app.offer(&creator.access_token, "20.00", 30).await,
    ];
    let book = |i: usize, fan: usize| {
        let (app, token, body) = (&app, fans[fan].access_token.clone(), json!({"callOfferId": offers[i]["id"]}));
        async move { app.post_auth("/api/bookings", &token, &body).await }
    };
    assert_eq!(book(0, 0).await.status(), 201);
    assert_problem(book(1, 1).await, 409, "host_busy").await;
    app.db
        .execute_unprepared(&format!("ALTER TABLE bookings DROP CONSTRAINT {}", migration::HOST_NO_OVERLAP))
        .await
        .unwrap();
    assert_eq!(book(2, 1).await.status(), 201, "without the constraint nothing refuses the overlap");
}
