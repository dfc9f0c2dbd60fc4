//! Jobs and e-mail: the cron endpoint's secret, the outbox through a fake Resend that fails
//! for a while, reminders claimed once by two runners, and log retention under a set clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use callstar_tests::{Options, TestApp, assert_problem, on_both_databases};
use chrono::{DateTime, Duration, Utc};
use domain::operations::{EmailStatus, JobOutcome, JobTrigger, LogLevel, SystemActor};
use entity::{email, system_log};
use providers::email::ResendMailer;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};
use service::jobs;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CRON_SECRET: &str = "test-cron-secret-0123456789";

fn vars(pairs: &[(&str, String)]) -> Options {
    Options { vars: pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(), ..Options::default() }
}

async fn emails(app: &TestApp) -> Vec<email::Model> {
    email::Entity::find().all(&app.db).await.unwrap()
}

/// Waits until the scheduler's start-up run of every job has finished.
async fn after_start_up_runs(app: &TestApp) {
    for _ in 0..200 {
        let finished = entity::job_run::Entity::find()
            .filter(entity::job_run::Column::Trigger.eq(JobTrigger::Schedule))
            .filter(entity::job_run::Column::FinishedAt.is_not_null())
            .all(&app.db)
            .await
            .unwrap();
        let jobs: std::collections::BTreeSet<String> = finished.into_iter().map(|r| r.job).collect();
        if jobs.len() == jobs::ALL.len() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the scheduler's start-up runs did not finish");
}

fn names(due: Vec<&dyn jobs::Job>) -> Vec<&'static str> {
    due.into_iter().map(|job| job.name()).collect()
}

on_both_databases! {
    async fn the_cron_endpoint_needs_the_secret_in_the_header(backend: Backend) {
        let app = TestApp::spawn_with(backend, vars(&[("CRON_SECRET", CRON_SECRET.to_owned())])).await;
        let post = |path: &str, auth: Option<&str>| {
            let mut request = app.client.post(app.url(path));
            if let Some(auth) = auth {
                request = request.header("authorization", auth);
            }
            request.send()
        };
        assert_problem(post("/api/cron/cleanup-logs", None).await.unwrap(), 401, "invalid_cron_secret").await;
        assert_problem(post("/api/cron/cleanup-logs", Some("Bearer wrong-secret-0123456789")).await.unwrap(), 401, "invalid_cron_secret").await;
        assert_problem(post("/api/cron/cleanup-logs", Some(CRON_SECRET)).await.unwrap(), 401, "invalid_cron_secret").await;
        let in_query = format!("/api/cron/cleanup-logs?secret={CRON_SECRET}");
        assert_problem(post(&in_query, None).await.unwrap(), 400, "secret_in_query").await;
        assert_problem(post(&in_query, Some(&format!("Bearer {CRON_SECRET}"))).await.unwrap(), 400, "secret_in_query").await;
        let bearer = format!("Bearer {CRON_SECRET}");
        assert_problem(post("/api/cron/make-coffee", Some(&bearer)).await.unwrap(), 404, "not_found").await;

        let ok = post("/api/cron/cleanup-logs", Some(&bearer)).await.unwrap();
        assert_eq!(ok.status(), 200);
        let run: Value = ok.json().await.unwrap();
        assert_eq!((run["job"].as_str(), run["trigger"].as_str(), run["outcome"].as_str()), (Some("cleanup-logs"), Some("cron"), Some("succeeded")));
        assert!(run["finishedAt"].is_string());

        // Guessing is throttled: after 10 refusals in a minute the address is refused outright,
        // the right secret included, and the flood is one row of the system log, not one each.
        for _ in 0..7 {
            assert_problem(post("/api/cron/cleanup-logs", Some("Bearer guess-0123456789")).await.unwrap(), 401, "invalid_cron_secret").await;
        }
        let throttled = post("/api/cron/cleanup-logs", Some(&bearer)).await.unwrap();
        assert!(throttled.headers().get("retry-after").is_some());
        assert_problem(throttled, 429, "rate_limited").await;
        let refused = system_log::Entity::find().filter(system_log::Column::LogType.eq("CRON_REFUSED")).all(&app.db).await.unwrap();
        assert_eq!(refused.len(), 1, "ten refusals, one system log row");

        // Without CRON_SECRET the endpoints are off.
        let off = TestApp::spawn(backend).await;
        let response = off.client.post(off.url("/api/cron/cleanup-logs")).bearer_auth(CRON_SECRET).send().await.unwrap();
        assert_problem(response, 404, "not_found").await;
    }

    async fn no_email_is_lost_while_resend_fails_and_each_is_delivered_once(backend: Backend) {
        let resend = MockServer::start().await;
        let failures_left = Arc::new(Mutex::new(6_u32));
        let delivered: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
        let (left, seen) = (failures_left.clone(), delivered.clone());
        Mock::given(method("POST"))
            .and(path("/emails"))
            .respond_with(move |req: &Request| {
                let mut left = left.lock().unwrap();
                if *left > 0 {
                    *left -= 1;
                    return ResponseTemplate::new(500)
                        .set_body_json(json!({"statusCode": 500, "name": "application_error", "message": "down"}));
                }
                let key = req.headers.get("idempotency-key").unwrap().to_str().unwrap().to_owned();
                *seen.lock().unwrap().entry(key).or_default() += 1;
                ResponseTemplate::new(200).set_body_json(json!({"id": Uuid::new_v4()}))
            })
            .mount(&resend)
            .await;
        let app = TestApp::spawn_with(backend, vars(&[
            ("RESEND_API_KEY", "re_test".to_owned()),
            ("RESEND_BASE_URL", resend.uri()),
            ("EMAIL_FROM", "Callstar <hello@callstar.test>".to_owned()),
        ])).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        app.confirmed_booking(&creator, &fan, Duration::days(3), 30).await;
        app.confirmed_booking(&creator, &fan, Duration::days(4), 30).await;
        assert_eq!(emails(&app).await.len(), 4, "two confirmations to two people, each a row at once");

        // Runs at later and later moments (a set clock) until nothing is pending.
        let mailer = ResendMailer::new("re_test", &resend.uri(), "Callstar <hello@callstar.test>").unwrap();
        let mut now = Utc::now();
        for _ in 0..20 {
            service::outbox::deliver_due(&app.db, Some(&mailer), &app.ctx.events, now).await.unwrap();
            if emails(&app).await.iter().all(|e| e.status == EmailStatus::Sent) {
                break;
            }
            now += Duration::hours(1);
        }
        let rows = emails(&app).await;
        assert!(rows.iter().all(|e| e.status == EmailStatus::Sent && e.provider_id.is_some()), "{rows:?}");
        assert!(rows.iter().any(|e| e.attempts > 1), "some were retried");
        assert_eq!(*failures_left.lock().unwrap(), 0);
        let delivered = delivered.lock().unwrap().clone();
        assert_eq!(delivered.len(), 4, "{delivered:?}");
        assert!(delivered.values().all(|n| *n == 1), "each delivered exactly once: {delivered:?}");
        let keys: Vec<String> = rows.iter().map(|e| format!("callstar-email-{}", e.id)).collect();
        assert!(keys.iter().all(|k| delivered.contains_key(k)));
        let bodies = resend.received_requests().await.unwrap();
        let confirmation: Value = bodies.last().unwrap().body_json().unwrap();
        assert_eq!(confirmation["from"], "Callstar <hello@callstar.test>");
        assert_eq!(confirmation["attachments"][0]["filename"], "callstar-call.ics");
    }

    async fn without_resend_emails_are_captured_in_the_readers_language(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let me = app.client.patch(app.url("/api/me")).bearer_auth(&fan.access_token).json(&json!({"locale": "fr", "timezone": "Europe/Paris"})).send().await.unwrap();
        assert_eq!(me.status(), 200);
        app.confirmed_booking(&creator, &fan, Duration::days(2), 30).await;
        let admin = app.admin("admin@example.com").await;
        app.run_job("retry-emails").await;
        let page: Value = app.get("/api/admin/emails?status=captured&to=fan%40example", Some(&admin.access_token)).await.json().await.unwrap();
        let captured = page["items"].as_array().unwrap().clone();
        assert_eq!(captured.len(), 1, "captured by the delivery run");
        assert_eq!(captured[0]["template"], "booking_confirmation");
        assert_eq!(captured[0]["locale"], "fr");
        let id = captured[0]["id"].as_str().unwrap();
        let detail: Value = app.get(&format!("/api/admin/emails/{id}"), Some(&admin.access_token)).await.json().await.unwrap();
        assert!(detail["subject"].as_str().unwrap().starts_with("Confirmé"), "{detail}");
        assert!(detail["text"].as_str().unwrap().contains("Bonjour"), "{detail}");
        assert!(detail["html"].as_str().unwrap().contains("lang=\"fr\""));
        assert_eq!(detail["hasCalendar"], true);
        assert_problem(app.get("/api/admin/emails", Some(&fan.access_token)).await, 403, "forbidden").await;
        assert_problem(app.post_auth(&format!("/api/admin/emails/{id}/retry"), &admin.access_token, &json!({})).await, 409, "email_not_failed").await;
        let logs: Value = app.get("/api/admin/system-logs?type=BOOKING_CONFIRMED", Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!(logs["total"], 1);
    }

    async fn two_runners_send_each_reminder_once(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let (soon, _) = app.confirmed_booking(&creator, &fan, Duration::minutes(10), 30).await;
        let (tomorrow, _) = app.confirmed_booking(&creator, &fan, Duration::hours(20), 30).await;
        app.confirmed_booking(&creator, &fan, Duration::days(3), 30).await;
        let before = emails(&app).await.len();

        // A second runner: its own pool on the same database.
        let other = service::db::connect(&app.database_url, 4).await.unwrap();
        let now = Utc::now();
        let (a, b) = tokio::join!(
            jobs::reminders::send(&app.db, &app.ctx.settings, now),
            jobs::reminders::send(&other, &app.ctx.settings, now),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.0 + b.0, 2, "two reminders claimed in all: {a:?} {b:?}");
        assert_eq!(a.1 + b.1, 4, "each to both participants");
        let reminders: Vec<email::Model> = emails(&app).await.into_iter().filter(|e| e.template == "reminder").collect();
        assert_eq!(reminders.len(), 4);
        assert_eq!(emails(&app).await.len(), before + 4);
        let about = |id: Uuid| reminders.iter().filter(|e| e.metadata["bookingId"] == id.to_string()).count();
        assert_eq!((about(soon), about(tomorrow)), (2, 2));
        assert!(reminders.iter().any(|e| e.metadata["reminder"] == "15min"));
        assert!(reminders.iter().any(|e| e.metadata["reminder"] == "24h"));

        // Again, as the same jobs through their leases: nothing more.
        let ctx_b = service::Context { db: other.clone(), runner: "runner-b".to_owned(), ..app.ctx.clone() };
        let reminders = jobs::named("send-reminders").unwrap();
        let (x, y) = tokio::join!(
            jobs::run(&app.ctx, reminders, JobTrigger::Schedule, now),
            jobs::run(&ctx_b, reminders, JobTrigger::Schedule, now),
        );
        assert!(x.is_ok() || y.is_ok());
        assert_eq!(emails(&app).await.len(), before + 4);
        other.close().await.ok();
    }

    async fn the_scheduler_runs_every_job_at_start_up_then_on_its_interval(backend: Backend) {
        let app = TestApp::spawn_with(backend, Options { scheduler: true, ..Options::default() }).await;
        after_start_up_runs(&app).await;
        // Nothing is due right after the start-up runs; everything is a day later.
        assert_eq!(names(jobs::due(&app.db, Utc::now()).await.unwrap()), Vec::<&str>::new());
        let all: Vec<&str> = jobs::ALL.iter().map(|job| job.name()).collect();
        assert_eq!(names(jobs::due(&app.db, Utc::now() + Duration::hours(25)).await.unwrap()), all);
    }

    async fn retention_deletes_exactly_the_expired_logs(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let now: DateTime<Utc> = Utc::now();
        let ages = [(LogLevel::Info, 29, true), (LogLevel::Info, 31, false), (LogLevel::Warning, 59, true),
                    (LogLevel::Warning, 61, false), (LogLevel::Error, 89, true), (LogLevel::Error, 91, false),
                    (LogLevel::Critical, 3650, true)];
        for (level, days, _) in ages {
            system_log::ActiveModel {
                id: Set(Uuid::new_v4()),
                level: Set(level),
                log_type: Set("TEST".to_owned()),
                actor: Set(SystemActor::System),
                actor_id: Set(None),
                message: Set(format!("{level} {days}")),
                metadata: Set(json!({})),
                created_at: Set(now - Duration::days(days)),
            }
            .insert(&app.db)
            .await
            .unwrap();
        }
        let run = app.run_job_at("cleanup-logs", now).await;
        assert_eq!(run.outcome, JobOutcome::Succeeded);
        assert_eq!(run.counts["deleted"], json!({"INFO": 1, "WARNING": 1, "ERROR": 1}));
        let mut kept: Vec<String> = system_log::Entity::find()
            .filter(system_log::Column::LogType.eq("TEST"))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.message)
            .collect();
        kept.sort();
        let mut expected: Vec<String> = ages.iter().filter(|a| a.2).map(|(l, d, _)| format!("{l} {d}")).collect();
        expected.sort();
        assert_eq!(kept, expected);
    }

    async fn the_daily_summary_goes_to_admins_with_yesterdays_figures(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("admin@example.com").await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        app.confirmed_booking(&creator, &fan, Duration::days(2), 30).await;
        // Run as if it were tomorrow: today's booking is "yesterday".
        let tomorrow = Utc::now() + Duration::days(1);
        let run = app.run_job_at("daily-summary", tomorrow).await;
        assert_eq!(run.outcome, JobOutcome::Succeeded, "{run:?}");
        let summaries: Vec<email::Model> =
            emails(&app).await.into_iter().filter(|e| e.template == "daily_summary").collect();
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0].to_address, admin.user["email"].as_str().unwrap());
        assert!(summaries[0].text.contains("Bookings created: 1"), "{}", summaries[0].text);
        assert!(summaries[0].text.contains("Revenue: €20.00"), "{}", summaries[0].text);
    }

    async fn an_email_refused_for_good_is_marked_failed_and_admins_are_told(backend: Backend) {
        let resend = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/emails"))
            .respond_with(ResponseTemplate::new(422).set_body_json(
                json!({"statusCode": 422, "name": "invalid_parameter", "message": "Invalid `to` field."}),
            ))
            .mount(&resend)
            .await;
        let app = TestApp::spawn_with(backend, vars(&[("RESEND_API_KEY", "re_test".to_owned()), ("RESEND_BASE_URL", resend.uri())])).await;
        let admin = app.admin("admin@example.com").await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        app.confirmed_booking(&creator, &fan, Duration::days(2), 30).await;
        let mailer = ResendMailer::new("re_test", &resend.uri(), "Callstar <hello@callstar.test>").unwrap();
        service::outbox::deliver_due(&app.db, Some(&mailer), &app.ctx.events, Utc::now() + Duration::hours(1)).await.unwrap();
        let rows = emails(&app).await;
        assert_eq!(rows.iter().filter(|e| e.template == "booking_confirmation").count(), 2);
        assert!(rows.iter().all(|e| e.status == EmailStatus::Failed && e.error.as_deref().is_some_and(|m| m.contains("invalid_parameter"))), "{rows:?}");

        let notes: Value = app.get("/api/notifications", Some(&admin.access_token)).await.json().await.unwrap();
        assert!(notes["items"].as_array().unwrap().iter().any(|n| n["message"].as_str().unwrap().contains("could not be sent")), "{notes}");
        let logs: Value = app.get("/api/admin/system-logs?type=EMAIL_FAILED&level=ERROR", Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!(logs["total"], rows.len());

        // An admin puts one back in the queue; it is pending again with a fresh count.
        let id = rows[0].id;
        let retried = app.post_auth(&format!("/api/admin/emails/{id}/retry"), &admin.access_token, &json!({})).await;
        assert_eq!(retried.status(), 200);
        let retried: Value = retried.json().await.unwrap();
        assert_eq!((retried["status"].as_str(), retried["attempts"].as_i64()), (Some("pending"), Some(0)));
    }
}
