//! Instant calls (seeds 003/004) through the API and the WebSocket: placing a call rings the
//! callee, the status machine (only the participants, only valid moves, one winner of an
//! accept racing a decline), missed decided by the server (its job, its timer, its start-up
//! sweep), history and figures, busy people, other organizations, and Daily's recording.

use std::time::Duration as StdDuration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use callstar_tests::{Options, Org, TestApp, assert_problem, on_both_databases};
use chrono::{DateTime, Duration, Utc};
use domain::instant_call::CallStatus;
use futures_util::future::join;
use sea_orm::EntityTrait;
use sea_orm::sea_query::Expr;
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const DAILY_KEY: &str = "test-daily-key";

/// A fake Daily: rooms echo their name, tokens are opaque, recordings have access links.
async fn fake_daily() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/rooms"))
        .respond_with(|req: &Request| {
            let body: Value = req.body_json().unwrap();
            let name = body["name"].as_str().unwrap().to_owned();
            ResponseTemplate::new(200).set_body_json(json!({
                "id": Uuid::new_v4(), "name": name, "api_created": true, "privacy": body["privacy"],
                "url": format!("https://callstar-test.daily.co/{name}"), "created_at": "2026-12-01T08:00:00.000Z",
                "config": body["properties"]
            }))
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/meeting-tokens"))
        .respond_with(|req: &Request| {
            let body: Value = req.body_json().unwrap();
            ResponseTemplate::new(200).set_body_json(
                json!({"token": format!("token-for-{}", body["properties"]["user_id"].as_str().unwrap())}),
            )
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/v1/recordings/[^/]+/access-link$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"download_link": "https://b.daily.co/recordings/r.webm?Expires=1&Signature=s", "expires": 1_900_000_000}),
        ))
        .mount(&server)
        .await;
    server
}

fn daily_vars(daily: &MockServer, extra: &[(&str, String)]) -> Options {
    let mut vars = vec![
        ("DAILY_API_KEY".to_owned(), DAILY_KEY.to_owned()),
        ("DAILY_API_BASE".to_owned(), format!("{}/v1", daily.uri())),
    ];
    vars.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    Options { vars, ..Options::default() }
}

async fn bodies(daily: &MockServer, to: &str) -> Vec<Value> {
    let received = daily.received_requests().await.unwrap();
    received.iter().filter(|r| r.url.path() == to).map(|r| r.body_json::<Value>().unwrap()).collect()
}

/// Staff (the owner) calls client `i`; returns the answer.
async fn staff_calls(app: &TestApp, org: &Org, i: usize) -> reqwest::Response {
    let body = json!({"clientId": org.clients[i].user_id(), "clientName": "ignored", "initiatedBy": "staff"});
    app.post_auth("/api/daily/create-room", &org.owner.access_token, &body).await
}

async fn call_id(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200, "the call is placed");
    let body: Value = response.json().await.unwrap();
    body["callId"].as_str().unwrap().to_owned()
}

async fn set_status(app: &TestApp, token: &str, call: &str, status: &str) -> reqwest::Response {
    app.patch_auth(&format!("/api/video-calls/{call}/status"), token, &json!({"status": status})).await
}

async fn stored(app: &TestApp, call: &str) -> entity::video_call::Model {
    entity::video_call::Entity::find_by_id(call.parse::<Uuid>().unwrap()).one(&app.db).await.unwrap().unwrap()
}

fn time(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

on_both_databases! {
    async fn a_call_rings_the_callee_who_answers_and_hangs_up(backend: Backend) {
        let daily = fake_daily().await;
        let app = TestApp::spawn_with(backend, daily_vars(&daily, &[])).await;
        let org = app.organization("shore", 0, 1).await;
        let client = &org.clients[0];
        let mut client_tab = app.ws(&client.access_token).await;
        let mut staff_tab = app.ws(&org.owner.access_token).await;

        let before = Utc::now();
        let placed = staff_calls(&app, &org, 0).await;
        assert_eq!(placed.status(), 200);
        let placed: Value = placed.json().await.unwrap();
        let call = placed["callId"].as_str().unwrap().to_owned();
        let room = format!("callstar-call-{call}");
        assert_eq!(placed["success"], true);
        assert_eq!(placed["roomName"], room);
        assert_eq!(placed["roomUrl"], format!("https://callstar-test.daily.co/{room}"));
        assert_eq!((placed["staffName"].as_str(), placed["clientName"].as_str()), (Some("Test Person"), Some("Test Person")));
        assert_eq!(placed["token"], format!("token-for-{}", org.owner.user_id()));
        assert_eq!(placed["videoEnabled"], true);
        let expires = placed["expiresAt"].as_i64().unwrap();
        assert!((before + Duration::hours(1)).timestamp() <= expires && expires <= (Utc::now() + Duration::hours(1)).timestamp());

        // A private two-person room that expires after an hour, not recorded by default.
        let rooms = bodies(&daily, "/v1/rooms").await;
        assert_eq!(rooms.len(), 1);
        assert_eq!((rooms[0]["name"].as_str(), rooms[0]["privacy"].as_str()), (Some(room.as_str()), Some("private")));
        assert_eq!(rooms[0]["properties"]["max_participants"], 2);
        assert_eq!(rooms[0]["properties"]["exp"], expires);
        assert!(rooms[0]["properties"].get("enable_recording").is_none());
        let tokens = bodies(&daily, "/v1/meeting-tokens").await;
        assert_eq!((tokens[0]["properties"]["is_owner"].as_bool(), tokens[0]["properties"]["room_name"].as_str()), (Some(true), Some(room.as_str())));

        // The callee's tab rings with the seed's payload; the caller's sees it ringing.
        let ring = client_tab.expect("incoming-call").await;
        assert_eq!(ring["callId"], call);
        assert_eq!(ring["callerId"], org.owner.user_id());
        assert_eq!(ring["callerName"], "Test Person");
        assert_eq!(ring["roomUrl"], placed["roomUrl"]);
        assert_eq!(ring["roomName"], room);
        assert_eq!(ring["initiatedBy"], "staff");
        let rings_until = time(&ring["ringsUntil"]);
        assert!(rings_until > Utc::now() + Duration::seconds(25) && rings_until <= Utc::now() + Duration::seconds(30));
        let ringing = staff_tab.expect("call-status").await;
        assert_eq!((ringing["id"].as_str(), ringing["status"].as_str()), (Some(call.as_str()), Some("RINGING")));

        // Only the callee answers; the answer carries their token and is told to both.
        assert_problem(set_status(&app, &org.owner.access_token, &call, "ANSWERED").await, 403, "wrong_call_party").await;
        assert_problem(set_status(&app, &client.access_token, &call, "RINGING").await, 422, "validation_failed").await;
        assert_problem(set_status(&app, &client.access_token, &call, "HELD").await, 422, "validation_failed").await;
        let answered = set_status(&app, &client.access_token, &call, "ANSWERED").await;
        assert_eq!(answered.status(), 200);
        let answered: Value = answered.json().await.unwrap();
        assert_eq!(answered["call"]["status"], "ANSWERED");
        assert_eq!(answered["token"], format!("token-for-{}", client.user_id()));
        assert!(answered["call"]["answeredAt"].is_string() && answered["call"]["ringsUntil"].is_null());
        for tab in [&mut client_tab, &mut staff_tab] {
            assert_eq!(tab.expect("call-status").await["status"], "ANSWERED");
        }

        // Either hangs up; the server sets endedAt and the duration.
        entity::video_call::Entity::update_many()
            .col_expr(entity::video_call::Column::AnsweredAt, Expr::value(Utc::now() - Duration::seconds(65)))
            .exec(&app.db)
            .await
            .unwrap();
        let ended = set_status(&app, &client.access_token, &call, "ENDED").await;
        assert_eq!(ended.status(), 200);
        let ended: Value = ended.json().await.unwrap();
        assert_eq!(ended["call"]["status"], "ENDED");
        assert!((65..=67).contains(&ended["call"]["duration"].as_i64().unwrap()), "{ended}");
        assert!(ended["token"].is_null());
        for tab in [&mut client_tab, &mut staff_tab] {
            assert_eq!(tab.expect("call-status").await["status"], "ENDED");
        }
        assert_problem(set_status(&app, &org.owner.access_token, &call, "ENDED").await, 409, "invalid_call_transition").await;

        let history: Value = app.get("/api/video-calls", Some(&client.access_token)).await.json().await.unwrap();
        assert_eq!((history["total"].as_u64(), history["page"].as_u64(), history["perPage"].as_u64()), (Some(1), Some(1), Some(20)));
        let item = &history["calls"][0];
        assert_eq!((item["id"].as_str(), item["status"].as_str(), item["initiatedBy"].as_str()), (Some(call.as_str()), Some("ENDED"), Some("staff")));
        assert_eq!(item["client"]["id"], client.user_id());
        assert_eq!(item["staff"]["id"], org.owner.user_id());
        assert!(item["startedAt"].is_string() && item["answeredAt"].is_string() && item["endedAt"].is_string());
    }

    async fn calls_stay_inside_one_organization_and_busy_people_are_not_rung(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let org = app.organization("a", 1, 2).await;
        let other = app.organization("b", 0, 1).await;
        let loner = app.signed_in("loner@example.com", "user").await;

        // Without Daily the call still rings: no room URL, no token.
        let placed = staff_calls(&app, &org, 0).await;
        assert_eq!(placed.status(), 200);
        let placed: Value = placed.json().await.unwrap();
        assert_eq!((placed["roomUrl"].clone(), placed["token"].clone(), placed["videoEnabled"].clone()), (Value::Null, Value::Null, json!(false)));
        let call = placed["callId"].as_str().unwrap().to_owned();

        let to_client = |caller: &callstar_tests::Session, client: String| {
            let (app, token) = (&app, caller.access_token.clone());
            async move { app.post_auth("/api/daily/create-room", &token, &json!({"clientId": client})).await }
        };
        // Another organization's staff cannot reach this client; nor can someone in none.
        assert_problem(to_client(&other.owner, org.clients[1].user_id()).await, 404, "not_found").await;
        assert_problem(to_client(&loner, org.clients[1].user_id()).await, 403, "not_in_organization").await;
        // Busy: the callee, and the caller.
        assert_problem(to_client(&org.staff[0], org.clients[0].user_id()).await, 409, "callee_busy").await;
        assert_problem(to_client(&org.owner, org.clients[1].user_id()).await, 409, "already_in_call").await;
        let client1 = org.clients[1].access_token.clone();
        let busy_staff = app.post_auth("/api/daily/create-room", &client1, &json!({"staffId": org.owner.user_id()})).await;
        assert_problem(busy_staff, 409, "callee_busy").await;
        let clients: Value = app.get("/api/staff/clients", Some(&org.staff[0].access_token)).await.json().await.unwrap();
        let busy: Vec<bool> = clients["clients"].as_array().unwrap().iter().filter(|c| c["id"] == org.clients[0].user_id()).map(|c| c["busy"].as_bool().unwrap()).collect();
        assert_eq!(busy, [true]);

        // Sides: a client calls staff, never a client; initiatedBy must agree.
        assert_problem(app.post_auth("/api/daily/create-room", &client1, &json!({"clientId": org.clients[0].user_id()})).await, 403, "wrong_member_role").await;
        let contradiction = app.post_auth("/api/daily/create-room", &client1, &json!({"staffId": org.staff[0].user_id(), "initiatedBy": "staff"})).await;
        let problem = assert_problem(contradiction, 422, "validation_failed").await;
        assert!(problem["errors"]["initiatedBy"].is_array(), "{problem}");
        let both = json!({"staffId": org.staff[0].user_id(), "clientId": org.clients[0].user_id()});
        assert_problem(app.post_auth("/api/daily/create-room", &client1, &both).await, 422, "validation_failed").await;
        // The seeds' default initiatedBy ("client") with a staffId: a client calls staff.
        let created = app.post_auth("/api/video-calls", &client1, &json!({"staffId": org.staff[0].user_id(), "initiatedBy": "client"})).await;
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        assert_eq!((created["call"]["status"].as_str(), created["call"]["initiatedBy"].as_str()), (Some("RINGING"), Some("client")));

        // Strangers cannot read or change a call.
        assert_problem(set_status(&app, &other.owner.access_token, &call, "ENDED").await, 404, "not_found").await;
        assert_problem(set_status(&app, &org.staff[0].access_token, &call, "ENDED").await, 404, "not_found").await;
        let theirs: Value = app.get("/api/video-calls", Some(&other.owner.access_token)).await.json().await.unwrap();
        assert_eq!(theirs["total"], 0);
        // The caller cancels before an answer: ENDED without a duration, and both are free again.
        let cancelled: Value = set_status(&app, &org.owner.access_token, &call, "ENDED").await.json().await.unwrap();
        assert_eq!((cancelled["call"]["status"].as_str(), cancelled["call"]["answeredAt"].clone(), cancelled["call"]["duration"].clone()), (Some("ENDED"), Value::Null, Value::Null));
        assert_eq!(to_client(&org.owner, org.clients[0].user_id()).await.status(), 200);
    }

    async fn concurrent_accept_and_decline_of_one_call_have_exactly_one_winner(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let org = app.organization("race", 0, 1).await;
        let client = org.clients[0].access_token.clone();
        for round in 0..6 {
            let call = call_id(staff_calls(&app, &org, 0).await).await;
            let (answer, decline) =
                join(set_status(&app, &client, &call, "ANSWERED"), set_status(&app, &client, &call, "DECLINED")).await;
            let (a, d) = (answer.status().as_u16(), decline.status().as_u16());
            assert!(matches!((a, d), (200, 409) | (409, 200)), "round {round}: {a} and {d}");
            let loser = if a == 409 { answer } else { decline };
            let body: Value = loser.json().await.unwrap();
            assert_eq!(body["code"], "invalid_call_transition", "{body}");
            let winner = if a == 200 { CallStatus::Answered } else { CallStatus::Declined };
            assert_eq!(stored(&app, &call).await.status, winner, "round {round}");
            if winner == CallStatus::Answered {
                assert_eq!(set_status(&app, &client, &call, "ENDED").await.status(), 200);
            }
        }
    }

    async fn an_unanswered_call_is_missed_by_the_server_at_thirty_seconds(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let org = app.organization("miss", 0, 2).await;
        let mut caller_tab = app.ws(&org.owner.access_token).await;
        let mut callee_tab = app.ws(&org.clients[0].access_token).await;
        let call = call_id(staff_calls(&app, &org, 0).await).await;
        callee_tab.expect("incoming-call").await;
        caller_tab.expect("call-status").await;
        let rang = stored(&app, &call).await.ringing_at.unwrap();

        // A browser's own timer cannot decide it early.
        assert_problem(set_status(&app, &org.clients[0].access_token, &call, "MISSED").await, 409, "call_still_ringing").await;
        // The job, with the clock at 29 s, then at 30 s.
        assert_eq!(app.run_job_at("mark-missed-calls", rang + Duration::seconds(29)).await.counts["missed"], 0);
        assert_eq!(stored(&app, &call).await.status, CallStatus::Ringing);
        let run = app.run_job_at("mark-missed-calls", rang + Duration::seconds(30)).await;
        assert_eq!(run.counts["missed"], 1, "{run:?}");
        let missed = stored(&app, &call).await;
        assert_eq!(missed.status, CallStatus::Missed);
        assert!(missed.ended_at.is_some() && missed.answered_at.is_none());
        assert_eq!(app.run_job_at("mark-missed-calls", rang + Duration::seconds(60)).await.counts["missed"], 0, "once");

        // Both sides are told; the callee gets a missed-call notification.
        assert_eq!(caller_tab.expect("call-status").await["status"], "MISSED");
        let mut seen = Vec::new();
        for _ in 0..2 {
            let message = callee_tab.next_within(StdDuration::from_secs(5)).await.unwrap();
            seen.push(message["type"].as_str().unwrap().to_owned());
            if message["type"] == "notification" {
                assert_eq!(message["data"]["type"], "MISSED_CALL");
                assert_eq!(message["data"]["message"], "You missed a video call from Test Person.");
            }
        }
        seen.sort();
        assert_eq!(seen, ["call-status", "notification"]);
        let notes: Value = app.get("/api/notifications", Some(&org.clients[0].access_token)).await.json().await.unwrap();
        assert_eq!(notes["items"][0]["type"], "MISSED_CALL");
        assert_problem(set_status(&app, &org.clients[0].access_token, &call, "ANSWERED").await, 409, "invalid_call_transition").await;
        caller_tab.assert_silent(StdDuration::from_millis(300)).await;
    }

    async fn the_server_misses_a_call_on_its_own_timer(backend: Backend) {
        let vars = vec![("CALL_RING_SECONDS".to_owned(), "1".to_owned())];
        let app = TestApp::spawn_with(backend, Options { vars, ..Options::default() }).await;
        let org = app.organization("timer", 0, 1).await;
        let mut callee_tab = app.ws(&org.clients[0].access_token).await;
        // The timer armed at the ring: no job, no browser action.
        let call = call_id(staff_calls(&app, &org, 0).await).await;
        let ring = callee_tab.expect("incoming-call").await;
        let status = callee_tab.expect_eventually("call-status").await;
        assert_eq!((status["id"].as_str(), status["status"].as_str()), (Some(call.as_str()), Some("MISSED")));
        let ended = time(&status["endedAt"]);
        assert!(ended >= time(&ring["ringsUntil"]) && ended < time(&ring["ringsUntil"]) + Duration::seconds(2), "{status}");
    }

    async fn a_call_left_ringing_by_a_stopped_server_is_missed_at_the_next_start(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let org = app.organization("restart", 0, 1).await;
        let call = call_id(staff_calls(&app, &org, 0).await).await;
        // As if it rang five minutes ago on a server that stopped (its 30 s timer died with it).
        entity::video_call::Entity::update_many()
            .col_expr(entity::video_call::Column::RingingAt, Expr::value(Utc::now() - Duration::minutes(5)))
            .exec(&app.db)
            .await
            .unwrap();
        let restarted = app.second_instance().await;
        for _ in 0..50 {
            if stored(&restarted, &call).await.status == CallStatus::Missed {
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(100)).await;
        }
        assert_eq!(stored(&restarted, &call).await.status, CallStatus::Missed, "the start-up sweep missed it");
        let notes: Value = restarted.get("/api/notifications", Some(&org.clients[0].access_token)).await.json().await.unwrap();
        assert_eq!(notes["items"][0]["type"], "MISSED_CALL");
    }

    async fn history_filters_and_figures(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let org = app.organization("stats", 0, 1).await;
        let client = org.clients[0].access_token.clone();
        let staff = org.owner.access_token.clone();
        // Answered then ended after 60 s; declined; cancelled; missed.
        let talked = call_id(staff_calls(&app, &org, 0).await).await;
        assert_eq!(set_status(&app, &client, &talked, "ANSWERED").await.status(), 200);
        entity::video_call::Entity::update_many()
            .col_expr(entity::video_call::Column::AnsweredAt, Expr::value(Utc::now() - Duration::seconds(60)))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(set_status(&app, &staff, &talked, "ENDED").await.status(), 200);
        let declined = call_id(staff_calls(&app, &org, 0).await).await;
        assert_eq!(set_status(&app, &client, &declined, "DECLINED").await.status(), 200);
        let cancelled = call_id(staff_calls(&app, &org, 0).await).await;
        assert_eq!(set_status(&app, &staff, &cancelled, "ENDED").await.status(), 200);
        let missed = call_id(staff_calls(&app, &org, 0).await).await;
        app.run_job_at("mark-missed-calls", Utc::now() + Duration::seconds(31)).await;
        assert_eq!(stored(&app, &missed).await.status, CallStatus::Missed);

        let stats: Value = app.get("/api/video-calls/stats", Some(&client)).await.json().await.unwrap();
        assert_eq!(stats, json!({"total": 4, "answered": 1, "missed": 1, "declined": 1, "cancelled": 1,
                                 "answerRate": 25.0, "averageDuration": stats["averageDuration"]}));
        assert!((60..=62).contains(&stats["averageDuration"].as_i64().unwrap()), "{stats}");
        assert_eq!(app.get("/api/video-calls/stats?period=week", Some(&staff)).await.json::<Value>().await.unwrap()["total"], 4);
        assert_problem(app.get("/api/video-calls/stats?period=decade", Some(&staff)).await, 422, "validation_failed").await;

        let only = |query: &'static str| {
            let (app, token) = (&app, staff.clone());
            async move { app.get(&format!("/api/video-calls?{query}"), Some(&token)).await.json::<Value>().await.unwrap() }
        };
        let missed_only = only("status=MISSED").await;
        assert_eq!((missed_only["total"].as_u64(), missed_only["calls"][0]["id"].as_str()), (Some(1), Some(missed.as_str())));
        assert_eq!(only("status=missed&period=day").await["total"], 1, "statuses are read in any case");
        let paged = only("perPage=2&page=2").await;
        assert_eq!((paged["total"].as_u64(), paged["calls"].as_array().unwrap().len()), (Some(4), 2));
        assert_eq!(paged["calls"][1]["id"], talked, "newest first: the first call is last");
        assert_problem(app.get("/api/video-calls?status=HELD", Some(&staff)).await, 422, "validation_failed").await;

        // Another account's figures are its own.
        let stranger = app.signed_in("stranger@example.com", "user").await;
        let none: Value = app.get("/api/video-calls/stats", Some(&stranger.access_token)).await.json().await.unwrap();
        assert_eq!((none["total"].as_u64(), none["answerRate"].as_f64()), (Some(0), Some(0.0)));
    }

    async fn cloud_recordings_arrive_by_webhook_and_are_fetched_by_participants(backend: Backend) {
        let daily = fake_daily().await;
        let secret = STANDARD.encode("callstar-webhook-secret-bytes");
        let options = daily_vars(&daily, &[("DAILY_CLOUD_RECORDING", "true".to_owned()), ("DAILY_WEBHOOK_SECRET", secret.clone())]);
        let app = TestApp::spawn_with(backend, options).await;
        let org = app.organization("rec", 0, 1).await;
        let client = org.clients[0].access_token.clone();
        // A client calls staff: the staff member's token, issued on the answer, starts the recording.
        let placed = app.post_auth("/api/daily/create-room", &client, &json!({"staffId": org.owner.user_id()})).await;
        let call = call_id(placed).await;
        assert_eq!(set_status(&app, &org.owner.access_token, &call, "ANSWERED").await.status(), 200);
        let rooms = bodies(&daily, "/v1/rooms").await;
        assert_eq!(rooms[0]["properties"]["enable_recording"], "cloud");
        let tokens = bodies(&daily, "/v1/meeting-tokens").await;
        let starts: Vec<(String, bool)> = tokens
            .iter()
            .map(|t| (t["properties"]["user_id"].as_str().unwrap().to_owned(), t["properties"]["start_cloud_recording"] == true))
            .collect();
        assert_eq!(starts, [(org.clients[0].user_id(), false), (org.owner.user_id(), true)]);

        let path = format!("/api/video-calls/{call}/recording");
        assert_problem(app.get(&path, Some(&client)).await, 404, "not_found").await;
        let body = json!({"version": "1.0.0", "type": "recording.ready-to-download", "id": "rec-ready-1",
            "payload": {"type": "cloud", "recording_id": "rec-77", "room_name": format!("callstar-call-{call}"),
                        "start_ts": Utc::now().timestamp(), "status": "finished", "duration": 61, "s3_key": "k"},
            "event_ts": Utc::now().timestamp() as f64}).to_string();
        let timestamp = Utc::now().timestamp().to_string();
        let signature = providers::daily_webhook::sign(body.as_bytes(), &timestamp, &secret).unwrap();
        let delivered = app.client.post(app.url("/api/webhooks/daily")).header("content-type", "application/json")
            .header("x-webhook-signature", signature).header("x-webhook-timestamp", timestamp).body(body).send().await.unwrap();
        assert_eq!(delivered.status(), 200);
        let row = stored(&app, &call).await;
        assert_eq!(row.recording_id.as_deref(), Some("rec-77"));
        assert_eq!(row.recording_url.as_deref(), Some(app.ctx.settings.api_url(&path).as_str()));
        let link: Value = app.get(&path, Some(&client)).await.json().await.unwrap();
        assert_eq!(link["downloadLink"], "https://b.daily.co/recordings/r.webm?Expires=1&Signature=s");
        let stranger = app.signed_in("stranger@example.com", "user").await;
        assert_problem(app.get(&path, Some(&stranger.access_token)).await, 404, "not_found").await;
        let fetched: Vec<String> = daily.received_requests().await.unwrap().iter().map(|r| r.url.path().to_owned()).filter(|p| p.contains("recordings")).collect();
        assert_eq!(fetched, ["/v1/recordings/rec-77/access-link"]);
    }
}
