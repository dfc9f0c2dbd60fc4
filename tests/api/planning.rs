//! Coach planning over HTTP: appointment types, reasons, weekly hours and overrides, free
//! slots, appointments by clients and for prospects (their link, their account), changes,
//! and the race: one host is never booked twice at once, whatever the mix of requests.

use callstar_tests::{Backend, Session, TestApp, assert_problem, on_both_databases};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Paris;
use domain::booking::BookingStatus;
use futures_util::future::join_all;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

/// A Monday at least a week ahead (Paris).
fn monday() -> NaiveDate {
    let mut day = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(8);
    while day.weekday() != Weekday::Mon {
        day += Duration::days(1);
    }
    day
}

/// `hh:mm` on `day` in Paris, as an instant.
fn paris(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    Paris
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap()))
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

async fn send(app: &TestApp, method: reqwest::Method, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.client.request(method, app.url(path)).bearer_auth(token).json(body).send().await.unwrap()
}

async fn ok_json(response: reqwest::Response, status: u16) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(code, status, "{body}");
    body
}

/// A host in Paris, available on Mondays `hours`, and a video type of `minutes`.
async fn coach(app: &TestApp, email: &str, hours: Value, minutes: i32, buffer_after: i32) -> (Session, Value) {
    let host = app.signed_in(email, "creator").await;
    let weekly = json!({"timezone": "Europe/Paris", "weekly": [{"weekday": 1, "ranges": hours}]});
    ok_json(send(app, reqwest::Method::PUT, "/api/availability", &host.access_token, &weekly).await, 200).await;
    let kind = json!({"name": format!("{minutes}-minute session"), "duration": minutes, "color": "#4f46e5",
                      "meetingTypes": ["video", "phone"], "bufferAfter": buffer_after, "minimumNotice": 0});
    let kind = ok_json(app.post_auth("/api/appointment-types", &host.access_token, &kind).await, 201).await;
    (host, kind)
}

async fn slots(app: &TestApp, host: &Session, kind: &Value, query: &str) -> reqwest::Response {
    let path = format!("/api/hosts/{}/slots?typeId={}&{query}", host.user_id(), kind["id"].as_str().unwrap());
    app.get(&path, None).await
}

fn starts(part: &Value) -> Vec<DateTime<Utc>> {
    part.as_array().unwrap().iter().map(|slot| instant(&slot["startsAt"])).collect()
}

/// A client's own appointment; the raw response.
async fn book(app: &TestApp, client: &str, host: &Session, kind: &Value, at: DateTime<Utc>) -> reqwest::Response {
    let body = json!({"appointmentTypeId": kind["id"], "startsAt": at, "meetingType": "video", "hostId": host.user_id(),
                      "message": "About my project"});
    app.post_auth("/api/appointments", client, &body).await
}

/// The host's bookings that hold their time (pending in hold, or confirmed).
async fn active_bookings(app: &TestApp, host: &Session) -> Vec<entity::booking::Model> {
    let host_id: Uuid = host.user_id().parse().unwrap();
    let rows =
        entity::booking::Entity::find().filter(entity::booking::Column::HostId.eq(host_id)).all(&app.db).await.unwrap();
    let now = Utc::now();
    rows.into_iter()
        .filter(|b| {
            b.status == BookingStatus::Confirmed
                || (b.status == BookingStatus::Pending && b.hold_expires_at.is_some_and(|h| h > now))
        })
        .collect()
}

fn overlapping_pairs(rows: &[entity::booking::Model]) -> usize {
    let mut pairs = 0;
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            if a.starts_at < b.ends_at && b.starts_at < a.ends_at {
                pairs += 1;
            }
        }
    }
    pairs
}

/// 200 requests at once for one host, all covering 9:45–10:00 on a Monday: clients booking
/// 30-, 45- and 60-minute appointments at three different starts, and fans booking an offer
/// of the host over the same half hour. Returns the statuses.
async fn the_rush(app: &TestApp, round: i64) -> (Session, Vec<u16>) {
    let host = app.signed_in(&format!("rush-host{round}@example.com"), "creator").await;
    let weekly =
        json!({"timezone": "Europe/Paris", "weekly": [{"weekday": 1, "ranges": [{"start": "09:00", "end": "18:00"}]}]});
    ok_json(send(app, reqwest::Method::PUT, "/api/availability", &host.access_token, &weekly).await, 200).await;
    let day = monday() + Duration::weeks(round);
    let mut kinds = Vec::new();
    for (minutes, start) in [(30, paris(day, 9, 30)), (45, paris(day, 9, 45)), (60, paris(day, 9, 0))] {
        let body = json!({"name": format!("{minutes} min"), "duration": minutes, "color": "#0ea5e9",
                          "meetingTypes": ["video"], "minimumNotice": 0});
        kinds.push((
            ok_json(app.post_auth("/api/appointment-types", &host.access_token, &body).await, 201).await,
            start,
        ));
    }
    let offer = json!({"title": "Open call", "price": "20.00", "currency": "EUR", "dateTime": paris(day, 9, 30), "duration": 30});
    let offer = ok_json(app.post_auth("/api/call-offers", &host.access_token, &offer).await, 201).await;
    let people = app.quick_users(200, "user").await;
    let requests = people.iter().enumerate().map(|(i, (_, token))| {
        let (path, body) = if i % 20 == 0 {
            ("/api/bookings", json!({"callOfferId": offer["id"]}))
        } else {
            let (kind, start) = &kinds[i % 3];
            let body = json!({"appointmentTypeId": kind["id"], "startsAt": start, "meetingType": "video",
                              "hostId": host.user_id()});
            ("/api/appointments", body)
        };
        app.client.post(app.url(path)).bearer_auth(token).json(&body).send()
    });
    let mut statuses = Vec::new();
    for response in join_all(requests).await {
        let response = response.unwrap();
        let status = response.status().as_u16();
        if status != 201 {
            let body: Value = response.json().await.unwrap();
            let code = body["code"].as_str().unwrap_or_default().to_owned();
            assert!(
                status == 409 && ["slot_unavailable", "host_busy", "already_booked"].contains(&code.as_str()),
                "{status} {body}"
            );
        }
        statuses.push(status);
    }
    (host, statuses)
}

on_both_databases! {
    async fn a_host_keeps_types_reasons_and_hours(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let host = app.signed_in("coach@example.com", "creator").await;
        let token = host.access_token.as_str();

        // Defaults for a new host.
        let types = ok_json(app.get("/api/appointment-types", Some(token)).await, 200).await;
        let names: Vec<&str> = types.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Discovery call", "Coaching session"]);
        assert_eq!(types[1]["duration"], 60);
        assert_eq!(types[1]["meetingTypes"], json!(["video", "phone", "in_person"]));

        // Every field's error at once.
        let bad = json!({"name": "", "duration": 3, "color": "blue", "meetingTypes": [], "price": "10.00"});
        let body = assert_problem(app.post_auth("/api/appointment-types", token, &bad).await, 422, "validation_failed").await;
        for field in ["name", "duration", "color", "meetingTypes", "currency"] {
            assert!(body["errors"][field].is_array(), "{field}: {body}");
        }
        let kind = json!({"name": "Consultation", "duration": 45, "color": "#10B981", "meetingTypes": ["video", "phone"],
                          "bufferAfter": 15, "price": "60.00", "currency": "EUR"});
        let kind = ok_json(app.post_auth("/api/appointment-types", token, &kind).await, 201).await;
        assert_eq!((kind["color"].as_str(), kind["price"].as_str(), kind["active"].as_bool()), (Some("#10b981"), Some("60.00"), Some(true)));
        let path = format!("/api/appointment-types/{}", kind["id"].as_str().unwrap());
        let off = json!({"name": "Consultation", "duration": 45, "color": "#10b981", "meetingTypes": ["video"], "active": false});
        let off = ok_json(send(&app, reqwest::Method::PUT, &path, token, &off).await, 200).await;
        assert_eq!((off["active"].as_bool(), off["price"].is_null()), (Some(false), true));

        // A fan sees a host's active types; has none of their own.
        let fan = app.signed_in("fan@example.com", "user").await;
        assert_problem(app.get("/api/appointment-types", Some(&fan.access_token)).await, 403, "not_a_creator").await;
        let offered = ok_json(app.get(&format!("/api/appointment-types?hostId={}", host.user_id()), Some(&fan.access_token)).await, 200).await;
        assert_eq!(offered.as_array().unwrap().len(), 2, "the inactive one is not offered");
        assert_problem(app.get(&format!("/api/appointment-types?hostId={}", fan.user_id()), Some(token)).await, 404, "not_found").await;

        // Reasons: add, reorder, rename, delete.
        let mut ids = Vec::new();
        for label in ["First visit", "Follow-up", "Second opinion"] {
            let reason = ok_json(app.post_auth("/api/appointment-reasons", token, &json!({"label": label})).await, 201).await;
            ids.push(reason["id"].as_str().unwrap().to_owned());
        }
        ids.reverse();
        let ordered = ok_json(send(&app, reqwest::Method::PUT, "/api/appointment-reasons/order", token, &json!({"ids": ids})).await, 200).await;
        assert_eq!(ordered[0]["label"], "Second opinion");
        assert_eq!(ordered[2]["position"], 2);
        let partial = json!({"ids": &ids[..2]});
        assert_problem(send(&app, reqwest::Method::PUT, "/api/appointment-reasons/order", token, &partial).await, 422, "validation_failed").await;
        let renamed = send(&app, reqwest::Method::PATCH, &format!("/api/appointment-reasons/{}", ids[0]), token, &json!({"label": "Opinion"})).await;
        assert_eq!(ok_json(renamed, 200).await["label"], "Opinion");
        let gone = send(&app, reqwest::Method::DELETE, &format!("/api/appointment-reasons/{}", ids[1]), token, &json!({})).await;
        assert_eq!(gone.status(), 204);
        let left = ok_json(app.get("/api/appointment-reasons", Some(token)).await, 200).await;
        assert_eq!(left.as_array().unwrap().len(), 2);

        // Weekly hours: the default week, then the host's own; overlaps refused.
        let hours = ok_json(app.get("/api/availability", Some(token)).await, 200).await;
        assert_eq!(hours["timezone"], "UTC");
        assert_eq!(hours["weekly"][0], json!({"weekday": 1, "ranges": [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "18:00"}]}));
        assert_eq!(hours["weekly"][6]["ranges"], json!([]));
        let overlapping = json!({"timezone": "Europe/Paris", "weekly": [{"weekday": 1, "ranges": [{"start": "09:00", "end": "12:00"}, {"start": "11:00", "end": "13:00"}]}]});
        let body = assert_problem(send(&app, reqwest::Method::PUT, "/api/availability", token, &overlapping).await, 422, "validation_failed").await;
        assert!(body["errors"]["weekly"].is_array(), "{body}");
        let bad_zone = json!({"timezone": "Mars/Olympus", "weekly": []});
        let body = assert_problem(send(&app, reqwest::Method::PUT, "/api/availability", token, &bad_zone).await, 422, "validation_failed").await;
        assert!(body["errors"]["timezone"].is_array(), "{body}");
        let mine = json!({"timezone": "Europe/Paris", "weekly": [{"weekday": 2, "ranges": [{"start": "08:30", "end": "24:00"}]}]});
        let stored = ok_json(send(&app, reqwest::Method::PUT, "/api/availability", token, &mine).await, 200).await;
        assert_eq!(stored["weekly"][1]["ranges"], json!([{"start": "08:30", "end": "24:00"}]));
        assert_eq!(stored["weekly"][0]["ranges"], json!([]));

        // Overrides: a day off and a day of other hours, replaced by date.
        let day = monday();
        let off = json!({"date": day, "unavailable": true, "note": "Holiday"});
        let off = ok_json(app.post_auth("/api/availability/overrides", token, &off).await, 200).await;
        let other = json!({"date": day, "ranges": [{"start": "10:00", "end": "11:00"}]});
        let other = ok_json(app.post_auth("/api/availability/overrides", token, &other).await, 200).await;
        assert_eq!(other["id"], off["id"], "one override per date");
        assert_eq!(other["unavailable"], false);
        let neither = json!({"date": day});
        assert_problem(app.post_auth("/api/availability/overrides", token, &neither).await, 422, "validation_failed").await;
        let listed = ok_json(app.get("/api/availability/overrides", Some(token)).await, 200).await;
        assert_eq!(listed.as_array().unwrap().len(), 1);
        let path = format!("/api/availability/overrides/{}", other["id"].as_str().unwrap());
        assert_eq!(send(&app, reqwest::Method::DELETE, &path, token, &json!({})).await.status(), 204);
        assert_problem(send(&app, reqwest::Method::DELETE, &path, token, &json!({})).await, 404, "not_found").await;
    }

    async fn slots_follow_hours_bookings_buffers_and_overrides(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (host, kind) = coach(&app, "coach@example.com", json!([{"start": "09:00", "end": "12:00"}]), 60, 30).await;
        let day = monday();
        let query = format!("from={day}&to={day}&tz=Europe/Paris");
        let free = ok_json(slots(&app, &host, &kind, &query).await, 200).await;
        assert_eq!(free["days"].as_array().unwrap().len(), 1, "{free}");
        assert_eq!(free["days"][0]["date"], day.to_string());
        assert_eq!(starts(&free["days"][0]["morning"]), [paris(day, 9, 0), paris(day, 10, 0), paris(day, 11, 0)]);
        assert_eq!(free["days"][0]["afternoon"], json!([]));
        let utc = format!("from={}&to={}", paris(day, 0, 0).to_rfc3339(), paris(day, 23, 0).to_rfc3339());
        let utc = ok_json(slots(&app, &host, &kind, &utc.replace('+', "%2B")).await, 200).await;
        assert_eq!(starts(&utc["days"][0]["morning"]).len(), 3, "UTC by default: 07:00–10:00 is morning");
        // In Kolkata (3 h 30 or 4 h 30 ahead of Paris) they are that Monday's afternoon.
        let kolkata = ok_json(slots(&app, &host, &kind, &format!("from={day}&to={day}&tz=Asia/Kolkata")).await, 200).await;
        assert_eq!(starts(&kolkata["days"][0]["afternoon"]).len(), 3, "{kolkata}");

        // A client takes 10:00: 9:00 no longer leaves the 30 minutes after it free; 11:00 does.
        let client = app.signed_in("client@example.com", "user").await;
        let booked = ok_json(book(&app, &client.access_token, &host, &kind, paris(day, 10, 0)).await, 201).await;
        assert_eq!(booked["booking"]["status"], "confirmed", "a free type is confirmed at once");
        assert_eq!(booked["meetingType"], "video");
        assert_eq!(booked["message"], "About my project");
        let free = ok_json(slots(&app, &host, &kind, &query).await, 200).await;
        assert_eq!(starts(&free["days"][0]["morning"]), [paris(day, 11, 0)]);
        // Taken, outside the hours, or off the grid: not a slot.
        for at in [paris(day, 10, 0), paris(day, 9, 0), paris(day, 14, 0), paris(day, 11, 10)] {
            assert_problem(book(&app, &client.access_token, &host, &kind, at).await, 409, "slot_unavailable").await;
        }
        // A day off wins over the weekly hours.
        let off = json!({"date": day, "unavailable": true});
        ok_json(app.post_auth("/api/availability/overrides", &host.access_token, &off).await, 200).await;
        let free = ok_json(slots(&app, &host, &kind, &query).await, 200).await;
        assert_eq!(free["days"], json!([]));

        // Bounds and inputs.
        let far = format!("from={day}&to={}", day + Duration::days(62));
        let body = assert_problem(slots(&app, &host, &kind, &far).await, 422, "validation_failed").await;
        assert!(body["errors"]["to"].is_array(), "{body}");
        assert_problem(slots(&app, &host, &kind, "tz=Mars/Olympus").await, 422, "validation_failed").await;
        assert_problem(slots(&app, &host, &kind, "from=tomorrow").await, 422, "validation_failed").await;
        assert_problem(slots(&app, &host, &kind, "from=9999-01-01").await, 422, "validation_failed").await;
        let unknown = format!("/api/hosts/{}/slots?typeId={}", host.user_id(), Uuid::new_v4());
        assert_problem(app.get(&unknown, None).await, 404, "not_found").await;
        let elsewhere = format!("/api/hosts/{}/slots?typeId={}", client.user_id(), kind["id"].as_str().unwrap());
        assert_problem(app.get(&elsewhere, None).await, 404, "not_found").await;

        // Both see it; nobody else does.
        let mine = ok_json(app.get("/api/appointments", Some(&host.access_token)).await, 200).await;
        assert_eq!((mine["total"].as_u64(), mine["stats"]["upcoming"].as_u64()), (Some(1), Some(1)));
        assert_eq!(mine["items"][0]["clientEmail"], "client@example.com");
        let theirs = ok_json(app.get("/api/appointments", Some(&client.access_token)).await, 200).await;
        assert_eq!(theirs["items"][0]["id"], booked["id"]);
        let stranger = app.signed_in("stranger@example.com", "user").await;
        let path = format!("/api/appointments/{}", booked["id"].as_str().unwrap());
        assert_problem(app.get(&path, Some(&stranger.access_token)).await, 404, "not_found").await;
        let filtered = ok_json(app.get("/api/appointments?status=cancelled", Some(&host.access_token)).await, 200).await;
        assert_eq!(filtered["total"], 0);
        assert_problem(app.get("/api/appointments?status=soon", Some(&host.access_token)).await, 422, "validation_failed").await;
    }

    async fn a_prospect_joins_by_link_and_claims_the_account(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (host, kind) = coach(&app, "coach@example.com", json!([{"start": "14:00", "end": "18:00"}]), 60, 0).await;
        let day = monday();
        let body = json!({"appointmentTypeId": kind["id"], "startsAt": paris(day, 14, 0), "meetingType": "video",
                          "prospect": {"name": "Paul Prospect", "email": "Paul@Example.com"}, "title": "First talk"});
        let created = ok_json(app.post_auth("/api/appointments", &host.access_token, &body).await, 201).await;
        assert_eq!(created["booking"]["status"], "confirmed");
        assert_eq!((created["clientIsProspect"].as_bool(), created["clientEmail"].as_str()), (Some(true), Some("paul@example.com")));
        assert_eq!(created["booking"]["callOffer"]["title"], "First talk");
        let id = created["id"].as_str().unwrap().to_owned();

        // The prospect's e-mail carries a link with a key; the host's does not.
        let emails = entity::email::Entity::find()
            .filter(entity::email::Column::Template.eq("booking_confirmation"))
            .all(&app.db)
            .await
            .unwrap();
        let to = |address: &str| emails.iter().find(|e| e.to_address == address).unwrap().clone();
        let prospect_mail = to("paul@example.com");
        let marker = format!("/call/{id}?key=");
        let start = prospect_mail.text.find(&marker).unwrap() + marker.len();
        let key: String = prospect_mail.text[start..].chars().take_while(|c| !c.is_whitespace()).collect();
        assert!(!to("coach@example.com").text.contains("?key="));
        assert!(prospect_mail.metadata["ics"].as_str().unwrap().contains("?key="), "the prospect's .ics links with the key");

        // The key opens a session for that appointment only.
        let wrong = json!({"bookingId": id, "key": format!("{key}x")});
        assert_problem(app.post_json("/api/auth/guest", &wrong).await, 401, "unauthorized").await;
        let elsewhere = json!({"bookingId": Uuid::new_v4(), "key": key});
        let status = app.post_json("/api/auth/guest", &elsewhere).await.status().as_u16();
        assert!(status == 401 || status == 404, "{status}");
        let session = ok_json(app.post_json("/api/auth/guest", &json!({"bookingId": id, "key": key})).await, 200).await;
        assert_eq!(session["user"]["hasPassword"], false);
        let guest = session["accessToken"].as_str().unwrap().to_owned();
        let seen = ok_json(app.get(&format!("/api/appointments/{id}"), Some(&guest)).await, 200).await;
        assert_eq!(seen["id"], created["id"]);

        // Without a password, the account neither signs in nor registers again.
        assert_problem(app.login("paul@example.com", callstar_tests::PASSWORD).await, 401, "invalid_credentials").await;
        assert_problem(app.register("paul@example.com", "user").await, 409, "email_taken").await;
        let clients = ok_json(app.get("/api/hosts/me/clients?search=PAUL", Some(&host.access_token)).await, 200).await;
        assert_eq!(clients[0]["isProspect"], true);
        assert_eq!(ok_json(app.get("/api/hosts/me/clients?search=nobody", Some(&host.access_token)).await, 200).await, json!([]));

        // The link proved the address: the prospect sets a password, once.
        let weak = json!({"password": "short"});
        assert_problem(app.post_auth("/api/me/password", &guest, &weak).await, 422, "validation_failed").await;
        let set = json!({"password": callstar_tests::PASSWORD});
        let me = ok_json(app.post_auth("/api/me/password", &guest, &set).await, 200).await;
        assert_eq!(me["hasPassword"], true);
        assert_problem(app.post_auth("/api/me/password", &guest, &set).await, 409, "password_already_set").await;
        assert_eq!(app.login("paul@example.com", callstar_tests::PASSWORD).await.status(), 200);
        let clients = ok_json(app.get("/api/hosts/me/clients", Some(&host.access_token)).await, 200).await;
        assert_eq!(clients[0]["isProspect"], false);
    }

    async fn appointments_move_change_and_close(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (host, kind) = coach(&app, "coach@example.com", json!([{"start": "09:00", "end": "12:00"}]), 60, 0).await;
        let client = app.signed_in("client@example.com", "user").await;
        let day = monday();
        let booked = ok_json(book(&app, &client.access_token, &host, &kind, paris(day, 9, 0)).await, 201).await;
        let id = booked["id"].as_str().unwrap().to_owned();
        let path = format!("/api/appointments/{id}");

        // The client moves it: a free slot only; the host is told; the .ics SEQUENCE rises.
        let taken = ok_json(book(&app, &app.signed_in("other@example.com", "user").await.access_token, &host, &kind, paris(day, 10, 0)).await, 201).await;
        assert_problem(send(&app, reqwest::Method::PATCH, &path, &client.access_token, &json!({"startsAt": paris(day, 10, 0)})).await, 409, "slot_unavailable").await;
        let sequence = |ics: String| ics.lines().find_map(|l| l.strip_prefix("SEQUENCE:")).and_then(|n| n.trim().parse::<u32>().ok()).unwrap();
        let ics_path = format!("/api/bookings/{id}/ics");
        let before = sequence(app.get(&ics_path, Some(&host.access_token)).await.text().await.unwrap());
        let moved = ok_json(send(&app, reqwest::Method::PATCH, &path, &client.access_token, &json!({"startsAt": paris(day, 11, 0)})).await, 200).await;
        assert_eq!(instant(&moved["booking"]["startsAt"]), paris(day, 11, 0));
        assert_eq!(instant(&moved["booking"]["endsAt"]), paris(day, 12, 0));
        let after = sequence(app.get(&ics_path, Some(&host.access_token)).await.text().await.unwrap());
        assert_eq!(after, before + 1, "calendars update the event in place");
        let told: Value = app.get("/api/notifications", Some(&host.access_token)).await.json().await.unwrap();
        let moved_note = told["items"].as_array().unwrap().iter().find(|n| n["type"] == "APPOINTMENT_RESCHEDULED").unwrap();
        assert_eq!(moved_note["link"], format!("/bookings/{id}"));
        let mails = entity::email::Entity::find().filter(entity::email::Column::Template.eq("booking_rescheduled")).all(&app.db).await.unwrap();
        assert_eq!(mails.len(), 2, "both sides get the new time");
        // The old 9:00 is free again.
        let free = ok_json(slots(&app, &host, &kind, &format!("from={day}&to={day}&tz=Europe/Paris")).await, 200).await;
        assert_eq!(starts(&free["days"][0]["morning"]), [paris(day, 9, 0)]);

        // By phone: the number is required, and there is no video call.
        let phone = json!({"meetingType": "phone"});
        let body = assert_problem(send(&app, reqwest::Method::PATCH, &path, &host.access_token, &phone).await, 422, "validation_failed").await;
        assert!(body["errors"]["phone"].is_array(), "{body}");
        let phone = json!({"meetingType": "phone", "phone": "+33 6 12 34 56 78"});
        let by_phone = ok_json(send(&app, reqwest::Method::PATCH, &path, &host.access_token, &phone).await, 200).await;
        assert_eq!((by_phone["meetingType"].as_str(), by_phone["phone"].as_str()), (Some("phone"), Some("+33 6 12 34 56 78")));
        let in_person = json!({"meetingType": "in_person", "address": "1 rue de Rivoli"});
        assert_problem(send(&app, reqwest::Method::PATCH, &path, &host.access_token, &in_person).await, 422, "validation_failed").await;
        assert_problem(app.post_auth("/api/daily/get-token", &client.access_token, &json!({"bookingId": id})).await, 409, "not_a_video_call").await;

        // Only the host marks it, and only once it has started.
        assert_problem(app.post_auth(&format!("{path}/complete"), &client.access_token, &json!({})).await, 403, "not_host").await;
        assert_problem(app.post_auth(&format!("{path}/complete"), &host.access_token, &json!({})).await, 409, "not_started").await;
        let other_id = taken["id"].as_str().unwrap();
        let offer_id: Uuid = taken["booking"]["callOffer"]["id"].as_str().unwrap().parse().unwrap();
        app.reschedule_offer(offer_id, Utc::now() - Duration::minutes(10)).await;
        let missed = ok_json(app.post_auth(&format!("/api/appointments/{other_id}/no-show"), &host.access_token, &json!({})).await, 200).await;
        assert_eq!(missed["booking"]["status"], "no_show");
        assert_problem(app.post_auth(&format!("/api/appointments/{other_id}/complete"), &host.access_token, &json!({})).await, 409, "booking_closed").await;

        // The client cancels with a reason; it is closed to changes after.
        let cancelled = ok_json(app.post_auth(&format!("{path}/cancel"), &client.access_token, &json!({"reason": "Ill"})).await, 200).await;
        assert_eq!((cancelled["booking"]["status"].as_str(), cancelled["booking"]["cancelReason"].as_str()), (Some("cancelled"), Some("Ill")));
        assert_problem(send(&app, reqwest::Method::PATCH, &path, &client.access_token, &json!({"startsAt": paris(day, 9, 0)})).await, 409, "booking_closed").await;
        let stats = ok_json(app.get("/api/appointments", Some(&host.access_token)).await, 200).await;
        assert_eq!(stats["stats"], json!({"total": 2, "upcoming": 0, "completed": 0, "cancelled": 1}));
    }

    async fn a_rush_of_overlapping_requests_leaves_one_booking(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (host, statuses) = the_rush(&app, 0).await;
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
        let active = active_bookings(&app, &host).await;
        assert_eq!(active.len(), 1, "{active:?}");
    }
}

/// PostgreSQL only: with the exclusion constraint dropped, the same rush double-books the
/// host — the re-check in the booking's transaction does not hide a missing constraint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_constraint_the_rush_double_books_on_postgres() {
    if callstar_tests::postgres_admin_url().is_none() {
        eprintln!("skipped: TEST_DATABASE_URL is not set");
        return;
    }
    // More transactions in flight than the default test server allows, as in production.
    let vars = [("DATABASE_MAX_CONNECTIONS", "16"), ("HTTP_WORKERS", "2")];
    let vars = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let app = TestApp::spawn_with(Backend::Postgres, callstar_tests::Options { vars, ..Default::default() }).await;
    app.db
        .execute_unprepared(&format!("ALTER TABLE bookings DROP CONSTRAINT {}", migration::HOST_NO_OVERLAP))
        .await
        .unwrap();
    // Left to the scheduler, two requests rarely meet between the re-check in the booking's
    // transaction and its insert on a quiet machine (a clean CI run saw three rushes without an
    // overlap). A trigger that makes every insert take 200 ms holds that window open, as a slow
    // disk or a busy database would: the re-check then does not see the other transaction's
    // uncommitted booking, and only the constraint (dropped here) could refuse it. A rush (of a
    // new host, a week later) is still run up to three times.
    app.db
        .execute_unprepared(
            "CREATE FUNCTION slow_booking_insert() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN PERFORM pg_sleep(0.2); RETURN NEW; END $$; \
             CREATE TRIGGER slow_booking_insert BEFORE INSERT ON bookings \
             FOR EACH ROW EXECUTE FUNCTION slow_booking_insert()",
        )
        .await
        .unwrap();
    let mut seen = Vec::new();
    for round in 0..3 {
        let (host, _) = the_rush(&app, round).await;
        let active = active_bookings(&app, &host).await;
        if overlapping_pairs(&active) > 0 {
            return;
        }
        seen.push(active.len());
    }
    panic!("without the constraint no rush double-booked (active bookings per rush: {seen:?})");
}
