//! Daily video through the API: rooms created on confirmation (and retried), meeting tokens
//! inside the access window, Daily's webhook, the calendar file, and settling finished calls.

use std::time::Duration as StdDuration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use callstar_tests::{Options, TestApp, assert_problem, on_both_databases};
use chrono::{DateTime, Duration, Utc};
use domain::booking::{BookingStatus, OfferStatus};
use domain::call::{CallEvent, LogActor};
use entity::{booking, call_log, call_offer};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const DAILY_KEY: &str = "test-daily-key";
const CRON_SECRET: &str = "test-cron-secret-0123456789";

/// Runs a job through the cron endpoint, as an external scheduler does.
async fn cron(app: &TestApp, job: &str) -> Value {
    let response = app.client.post(app.url(&format!("/api/cron/{job}"))).bearer_auth(CRON_SECRET).send().await.unwrap();
    assert_eq!(response.status(), 200, "cron {job}");
    response.json().await.unwrap()
}

fn webhook_secret() -> String {
    STANDARD.encode("callstar-webhook-secret-bytes")
}

/// A fake Daily speaking its wire format: rooms echo their name and properties, tokens are opaque.
async fn fake_daily() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/rooms"))
        .and(header("authorization", format!("Bearer {DAILY_KEY}").as_str()))
        .respond_with(|req: &Request| {
            let body: Value = req.body_json().unwrap();
            let name = body["name"].as_str().unwrap().to_owned();
            ResponseTemplate::new(200).set_body_json(json!({
                "id": Uuid::new_v4(), "name": name, "api_created": true, "privacy": body["privacy"],
                "url": format!("https://callstar-test.daily.co/{name}"), "created_at": "2026-11-21T08:00:00.000Z",
                "config": body["properties"]
            }))
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/meeting-tokens"))
        .and(header("authorization", format!("Bearer {DAILY_KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "eyJhbGciOiJIUzI1NiJ9.e30.fake"})))
        .mount(&server)
        .await;
    server
}

/// A server using the fake Daily; `scheduler`: with the background job runner.
async fn app_with_daily(backend: callstar_tests::Backend, daily: &MockServer, scheduler: bool) -> TestApp {
    let vars = [
        ("DAILY_API_KEY", DAILY_KEY.to_owned()),
        ("DAILY_API_BASE", format!("{}/v1", daily.uri())),
        ("DAILY_WEBHOOK_SECRET", webhook_secret()),
        ("CRON_SECRET", CRON_SECRET.to_owned()),
    ];
    let vars = vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    TestApp::spawn_with(backend, Options { vars, scheduler, ..Options::default() }).await
}

async fn row(app: &TestApp, id: Uuid) -> booking::Model {
    booking::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

/// Waits (up to `secs`) until the booking satisfies `done`.
async fn wait_for(app: &TestApp, id: Uuid, secs: u64, done: impl Fn(&booking::Model) -> bool) -> booking::Model {
    for _ in 0..secs * 10 {
        let current = row(app, id).await;
        if done(&current) {
            return current;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("booking {id} did not reach the expected state: {:?}", row(app, id).await);
}

async fn requests_to(daily: &MockServer, to: &str) -> Vec<Value> {
    let received = daily.received_requests().await.unwrap();
    received.iter().filter(|r| r.url.path() == to).map(|r| r.body_json::<Value>().unwrap()).collect()
}

fn signed(body: &str, secret: &str) -> (String, String) {
    let timestamp = Utc::now().timestamp().to_string();
    (providers::daily_webhook::sign(body.as_bytes(), &timestamp, secret).unwrap(), timestamp)
}

async fn deliver(app: &TestApp, body: &str, signature: Option<(String, String)>) -> reqwest::Response {
    let mut request = app.client.post(app.url("/api/webhooks/daily")).header("content-type", "application/json");
    if let Some((signature, timestamp)) = signature {
        request = request.header("x-webhook-signature", signature).header("x-webhook-timestamp", timestamp);
    }
    request.body(body.to_owned()).send().await.unwrap()
}

async fn system_logs(app: &TestApp, id: Uuid) -> Vec<call_log::Model> {
    call_log::Entity::find()
        .filter(call_log::Column::BookingId.eq(id))
        .filter(call_log::Column::Actor.eq(LogActor::System))
        .all(&app.db)
        .await
        .unwrap()
}

on_both_databases! {
    async fn confirmation_creates_the_room_and_tokens_are_for_participants_inside_the_window(backend: Backend) {
        let daily = fake_daily().await;
        // With the background runner: confirming wakes it.
        let app = app_with_daily(backend, &daily, true).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let stranger = app.signed_in("stranger@example.com", "user").await;
        let (id, start) = app.confirmed_booking(&creator, &fan, Duration::minutes(5), 30).await;
        let end = start + Duration::minutes(30);

        // The room is created after the confirmation, without anyone asking for a token.
        let stored = wait_for(&app, id, 10, |b| b.daily_room_name.is_some()).await;
        assert_eq!(stored.daily_room_name.as_deref(), Some(format!("callstar-{id}").as_str()));
        assert_eq!(stored.daily_room_url.as_deref(), Some(format!("https://callstar-test.daily.co/callstar-{id}").as_str()));
        let rooms = requests_to(&daily, "/v1/rooms").await;
        assert_eq!(rooms.len(), 1);
        assert_eq!(rooms[0]["name"], format!("callstar-{id}"));
        assert_eq!(rooms[0]["privacy"], "private");
        assert_eq!(rooms[0]["properties"]["max_participants"], 2);
        assert_eq!(rooms[0]["properties"]["nbf"], (start - Duration::minutes(15)).timestamp());
        assert_eq!(rooms[0]["properties"]["exp"], (end + Duration::hours(24)).timestamp());

        let ask = |token: String| {
            let app = &app;
            async move { app.post_auth("/api/daily/get-token", &token, &json!({"bookingId": id})).await }
        };
        assert_problem(ask(stranger.access_token.clone()).await, 404, "not_found").await;

        let granted = ask(fan.access_token.clone()).await;
        assert_eq!(granted.status(), 200);
        let granted: Value = granted.json().await.unwrap();
        assert_eq!(granted["token"], "eyJhbGciOiJIUzI1NiJ9.e30.fake");
        assert_eq!(granted["roomUrl"], format!("https://callstar-test.daily.co/callstar-{id}"));
        assert_eq!(granted["videoEnabled"], true);
        assert_eq!(granted["isOwner"], false);
        assert_eq!(granted["expiresAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), end + Duration::minutes(5));
        let hosted: Value = ask(creator.access_token.clone()).await.json().await.unwrap();
        assert_eq!(hosted["isOwner"], true);

        let tokens = requests_to(&daily, "/v1/meeting-tokens").await;
        assert_eq!(tokens.len(), 2);
        let fan_token = &tokens[0]["properties"];
        assert_eq!(fan_token["room_name"], format!("callstar-{id}"));
        assert_eq!(fan_token["is_owner"], false);
        assert_eq!(fan_token["user_id"], fan.user_id());
        assert_eq!(fan_token["user_name"], fan.user["name"]);
        assert_eq!(fan_token["eject_at_token_exp"], true);
        assert_eq!(fan_token["exp"], (end + Duration::minutes(5)).timestamp());
        assert_eq!(tokens[1]["properties"]["is_owner"], true);
        assert_eq!(requests_to(&daily, "/v1/rooms").await.len(), 1, "the stored room is reused");

        // A call two hours away: refused, with the moment the window opens.
        let (later, later_start) = app.confirmed_booking(&creator, &fan, Duration::hours(2), 30).await;
        let early = app.post_auth("/api/daily/get-token", &fan.access_token, &json!({"bookingId": later})).await;
        let problem = assert_problem(early, 403, "call_not_open").await;
        assert_eq!(problem["opensAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), later_start - Duration::minutes(15));
    }

    async fn a_failing_daily_does_not_undo_the_confirmation_and_the_room_is_retried(backend: Backend) {
        let daily = fake_daily().await;
        // Four 500s: the client's own retries of the first attempt all fail.
        Mock::given(method("POST"))
            .and(path("/v1/rooms"))
            .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": "server-error", "info": "down"})))
            .up_to_n_times(4)
            .with_priority(1)
            .mount(&daily)
            .await;
        let app = app_with_daily(backend, &daily, false).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let (id, _) = app.confirmed_booking(&creator, &fan, Duration::minutes(30), 30).await;
        assert_eq!(row(&app, id).await.status, BookingStatus::Confirmed);

        let first = app.run_job("create-rooms").await;
        assert_eq!(first.counts["failed"], 1, "{first:?}");
        let failed = row(&app, id).await;
        assert_eq!(failed.room_attempts, 1);
        assert_eq!(failed.status, BookingStatus::Confirmed, "the confirmation stands");
        assert!(failed.room_retry_at.is_some() && failed.room_error.is_some());
        // Before the backoff has passed nothing is tried; after it the next run retries.
        assert_eq!(cron(&app, "create-rooms").await["counts"], json!({"created": 0, "failed": 0}));
        let later = failed.room_retry_at.unwrap() + Duration::seconds(1);
        assert_eq!(app.run_job_at("create-rooms", later).await.counts["created"], 1);
        let ready = row(&app, id).await;
        assert!(ready.daily_room_name.is_some(), "the room was created on a retry");
        assert_eq!(ready.room_retry_at, None);
        assert_eq!(ready.room_error, None);
        assert_eq!(requests_to(&daily, "/v1/rooms").await.len(), 5);
    }

    async fn daily_webhooks_are_verified_and_recorded_once(backend: Backend) {
        let daily = fake_daily().await;
        let app = app_with_daily(backend, &daily, false).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let (id, _) = app.confirmed_booking(&creator, &fan, Duration::minutes(5), 30).await;
        app.run_job("create-rooms").await;
        let room = row(&app, id).await.daily_room_name.unwrap();

        // Daily's endpoint check passes unsigned.
        assert_eq!(deliver(&app, r#"{"test":"test"}"#, None).await.status(), 200);

        let joined = json!({"version": "1.0.0", "type": "participant.joined", "id": "ptcpt-join-1",
            "payload": {"room": room, "user_id": fan.user_id(), "user_name": "Fan", "session_id": "s1",
                        "joined_at": Utc::now().timestamp() as f64, "will_eject_at": null, "owner": false},
            "event_ts": Utc::now().timestamp() as f64}).to_string();
        // Forged: another key; tampered: a changed body; unsigned; stale.
        let forged = signed(&joined, &STANDARD.encode("another secret"));
        assert_problem(deliver(&app, &joined, Some(forged)).await, 400, "invalid_signature").await;
        let tampered = joined.replace("participant.joined", "participant.left");
        assert_problem(deliver(&app, &tampered, Some(signed(&joined, &webhook_secret()))).await, 400, "invalid_signature").await;
        assert_problem(deliver(&app, &joined, None).await, 400, "invalid_signature").await;
        let old = (Utc::now() - Duration::minutes(10)).timestamp().to_string();
        let stale = (providers::daily_webhook::sign(joined.as_bytes(), &old, &webhook_secret()).unwrap(), old);
        assert_problem(deliver(&app, &joined, Some(stale)).await, 400, "invalid_signature").await;
        assert!(system_logs(&app, id).await.is_empty(), "nothing recorded from refused deliveries");

        // Genuine, then delivered again: recorded once, about the fan.
        for _ in 0..2 {
            assert_eq!(deliver(&app, &joined, Some(signed(&joined, &webhook_secret()))).await.status(), 200);
        }
        let started = json!({"version": "1.0.0", "type": "meeting.started", "id": "mtg-start-1",
            "payload": {"room": room, "meeting_id": "m1", "start_ts": Utc::now().timestamp() as f64}}).to_string();
        assert_eq!(deliver(&app, &started, Some(signed(&started, &webhook_secret()))).await.status(), 200);
        let logs = system_logs(&app, id).await;
        assert_eq!(logs.len(), 2);
        let joined_log = logs.iter().find(|l| l.event == CallEvent::ParticipantJoined).unwrap();
        assert_eq!(joined_log.metadata["participant"], "USER");
        assert_eq!(joined_log.external_id.as_deref(), Some("ptcpt-join-1"));
        assert!(logs.iter().any(|l| l.event == CallEvent::CallStarted));
        let read: Value = app.get(&format!("/api/call-logs?bookingId={id}"), Some(&creator.access_token)).await.json().await.unwrap();
        assert!(read["logs"].as_array().unwrap().iter().any(|l| l["actor"] == "SYSTEM" && l["type"] == "CALL_PARTICIPANT_JOINED"));
    }

    async fn the_calendar_file_keeps_its_uid_and_raises_its_sequence(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let stranger = app.signed_in("stranger@example.com", "user").await;
        let (id, start) = app.confirmed_booking(&creator, &fan, Duration::hours(3), 45).await;
        let ics = |token: String| {
            let app = &app;
            async move { app.get(&format!("/api/bookings/{id}/ics"), Some(&token)).await }
        };
        let response = ics(fan.access_token.clone()).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let first = response.text().await.unwrap();
        let uid = format!("UID:booking-{id}@callstar");
        assert!(first.contains("BEGIN:VCALENDAR") && first.contains("BEGIN:VEVENT"), "{first}");
        assert!(first.contains(&uid), "{first}");
        assert!(first.contains("SEQUENCE:1"), "{first}");
        assert!(first.contains("STATUS:CONFIRMED"), "{first}");
        assert!(first.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))), "{first}");
        assert!(first.contains(&format!("DTEND:{}", (start + Duration::minutes(45)).format("%Y%m%dT%H%M%SZ"))), "{first}");
        assert!(first.contains(&format!("/call/{id}")), "{first}");
        assert_problem(ics(stranger.access_token.clone()).await, 404, "not_found").await;

        let cancelled = app.post_auth(&format!("/api/bookings/{id}/cancel"), &fan.access_token, &json!({})).await;
        assert_eq!(cancelled.status(), 200);
        let second = ics(creator.access_token.clone()).await.text().await.unwrap();
        assert!(second.contains(&uid), "{second}");
        assert!(second.contains("SEQUENCE:2"), "{second}");
        assert!(second.contains("STATUS:CANCELLED"), "{second}");
    }

    async fn calls_whose_time_is_over_are_settled_from_their_log(backend: Backend) {
        let vars = vec![("CRON_SECRET".to_owned(), CRON_SECRET.to_owned())];
        let app = TestApp::spawn_with(backend, Options { vars, ..Options::default() }).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let (held, _) = app.confirmed_booking(&creator, &fan, Duration::hours(1), 30).await;
        let (missed, _) = app.confirmed_booking(&creator, &fan, Duration::hours(2), 30).await;
        // Both calls are over, past the grace: one 40 minutes ago, the other just before it (one
        // host cannot have two calls at once).
        let start = Utc::now() - Duration::minutes(40);
        let earlier = start - Duration::minutes(30);
        app.reschedule_offer(row(&app, held).await.call_offer_id, start).await;
        app.reschedule_offer(row(&app, missed).await.call_offer_id, earlier).await;
        let at = |from: chrono::DateTime<Utc>, minutes: i64| (from + Duration::minutes(minutes)).to_rfc3339();
        for (token, minute) in [(&creator.access_token, 0), (&fan.access_token, 1)] {
            let body = json!({"bookingId": held, "event": "CALL_JOINED", "metadata": {"timestamp": at(start, minute)}});
            assert_eq!(app.post_auth("/api/call-logs", token, &body).await.status(), 201);
        }
        let body = json!({"bookingId": missed, "event": "CALL_JOINED", "metadata": {"timestamp": at(earlier, 0)}});
        assert_eq!(app.post_auth("/api/call-logs", &creator.access_token, &body).await.status(), 201);

        let mut fan_tab = app.ws(&fan.access_token).await;
        let run = cron(&app, "settle-calls").await;
        assert_eq!(run["outcome"], "succeeded");
        assert_eq!(row(&app, held).await.status, BookingStatus::Completed);
        assert_eq!(row(&app, missed).await.status, BookingStatus::NoShow);
        // The participants' sockets hear of both settlements, and the fan of the missed call
        // (CALL_NO_SHOW, published with its settlement).
        let (mut settled, mut notices) = (Vec::new(), Vec::new());
        while settled.len() < 2 || notices.is_empty() {
            let Some(message) = fan_tab.next_within(std::time::Duration::from_secs(5)).await else {
                panic!("no message within 5 s");
            };
            match message["type"].as_str() {
                Some("booking-updated") => settled.push(message["data"].clone()),
                Some("notification") => notices.push(message["data"]["type"].clone()),
                _ => panic!("unexpected {message}"),
            }
        }
        assert_eq!(notices, [json!("CALL_NO_SHOW")]);
        settled.sort_by_key(|u| u["status"].as_str().unwrap().to_owned());
        assert_eq!(settled, [json!({"bookingId": held, "status": "completed"}), json!({"bookingId": missed, "status": "no_show"})]);
        assert_eq!(cron(&app, "settle-calls").await["counts"]["settled"], 0, "settling again changes nothing");
        for id in [held, missed] {
            let offer = call_offer::Entity::find_by_id(row(&app, id).await.call_offer_id).one(&app.db).await.unwrap().unwrap();
            assert_eq!(offer.status, OfferStatus::Completed);
        }
        let seen: Value = app.get(&format!("/api/bookings/{held}"), Some(&fan.access_token)).await.json().await.unwrap();
        assert_eq!(seen["status"], "completed");
    }

    async fn rooms_of_finished_calls_are_deleted_and_cleared(backend: Backend) {
        let daily = fake_daily().await;
        // One room is already gone at Daily (404): that counts as deleted.
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "not-found", "info": "no such room"})))
            .mount(&daily)
            .await;
        let app = app_with_daily(backend, &daily, false).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let (finished, _) = app.confirmed_booking(&creator, &fan, Duration::hours(1), 30).await;
        let (upcoming, _) = app.confirmed_booking(&creator, &fan, Duration::hours(2), 30).await;
        app.run_job("create-rooms").await;
        for id in [finished, upcoming] {
            assert!(row(&app, id).await.daily_room_name.is_some());
        }
        app.reschedule_offer(row(&app, finished).await.call_offer_id, Utc::now() - Duration::minutes(40)).await;
        let run = cron(&app, "cleanup-daily-rooms").await;
        assert_eq!(run["counts"], json!({"deleted": 1, "failed": 0}));
        assert_eq!(row(&app, finished).await.daily_room_name, None);
        assert!(row(&app, upcoming).await.daily_room_name.is_some(), "an upcoming call keeps its room");
        let deleted: Vec<String> = daily
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.method.as_str() == "DELETE")
            .map(|r| r.url.path().to_owned())
            .collect();
        assert_eq!(deleted, [format!("/v1/rooms/callstar-{finished}")]);
    }
}
