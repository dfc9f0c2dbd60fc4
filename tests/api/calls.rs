//! Call logs and the call summary through the API.

use callstar_tests::{TestApp, assert_problem, on_both_databases};
use serde_json::{Value, json};

on_both_databases! {
    async fn call_logs_are_for_participants_and_the_actor_comes_from_the_token(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let stranger = app.signed_in("stranger@example.com", "user").await;
        let offer = app.offer(&creator.access_token, "20.00", 1).await;
        let booking: Value = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]})).await;
        let id = booking["id"].as_str().unwrap();

        // The fan claims to be the creator: the claim is ignored.
        let forged = json!({"bookingId": id, "event": "CALL_JOINED", "actor": "CREATOR", "actorId": creator.user_id(),
                            "metadata": {"participants": 1}, "message": "joined"});
        let created = app.post_auth("/api/call-logs", &fan.access_token, &forged).await;
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["success"], true);
        assert_eq!((created["log"]["actor"].as_str(), created["log"]["actorId"].as_str()), (Some("USER"), Some(fan.user_id().as_str())));
        assert_eq!(created["log"]["type"], "CALL_CALL_JOINED");

        // A third user can neither write nor read.
        let body = json!({"bookingId": id, "event": "CALL_JOINED"});
        assert_problem(app.post_auth("/api/call-logs", &stranger.access_token, &body).await, 404, "not_found").await;
        assert_problem(app.get(&format!("/api/call-logs?bookingId={id}"), Some(&stranger.access_token)).await, 404, "not_found").await;
        assert_problem(app.get(&format!("/api/call-summary/{id}"), Some(&stranger.access_token)).await, 404, "not_found").await;
        let bad = json!({"bookingId": id, "event": "CALL_PAUSED"});
        let problem = assert_problem(app.post_auth("/api/call-logs", &fan.access_token, &bad).await, 422, "validation_failed").await;
        assert!(problem["errors"]["event"].is_array());

        let logs: Value = app.get(&format!("/api/call-logs?bookingId={id}"), Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(logs["logs"].as_array().unwrap().len(), 1);
    }

    async fn the_summary_is_computed_from_the_events(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        // A 30-minute call starting in 5 minutes; events carry their own timestamps.
        let start = chrono::Utc::now() + chrono::Duration::minutes(5);
        let offer: Value = app
            .post_auth("/api/call-offers", &creator.access_token,
                &json!({"title": "Review", "price": "20.00", "currency": "EUR", "dateTime": start, "duration": 30}))
            .await
            .json()
            .await
            .unwrap();
        let start: chrono::DateTime<chrono::Utc> = offer["dateTime"].as_str().unwrap().parse().unwrap();
        let booking: Value = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        let id = booking["id"].as_str().unwrap();
        let at = |minutes: i64| (start + chrono::Duration::minutes(minutes)).to_rfc3339();
        let events = [
            (&creator.access_token, "CALL_JOINED", at(0)),
            (&fan.access_token, "CALL_JOINED", at(1)),
            (&fan.access_token, "CAMERA_TOGGLED", at(3)),
            (&fan.access_token, "CALL_ERROR", at(4)),
            (&fan.access_token, "CALL_ENDED", at(30)),
            (&creator.access_token, "CALL_ENDED", at(30)),
        ];
        // Sent out of order: the summary orders them by their timestamps.
        for (token, event, timestamp) in events.iter().rev() {
            // The error is a camera hiccup: not fatal, so the fan stays in the call.
            let body = json!({"bookingId": id, "event": event, "metadata": {"timestamp": timestamp, "fatal": false}});
            assert_eq!(app.post_auth("/api/call-logs", token, &body).await.status(), 201);
        }
        let summary: Value = app.get(&format!("/api/call-summary/{id}"), Some(&fan.access_token)).await.json().await.unwrap();
        let s = &summary["summary"];
        assert_eq!(s["callDetails"]["status"], "completed");
        assert_eq!(s["callDetails"]["actualDuration"], 29 * 60);
        assert_eq!(s["callDetails"]["scheduledDuration"], 1800);
        let actual_start: chrono::DateTime<chrono::Utc> = s["callDetails"]["actualStartTime"].as_str().unwrap().parse().unwrap();
        assert_eq!(actual_start, start + chrono::Duration::minutes(1));
        assert_eq!(s["callOffer"], json!({"title": "Review", "scheduledDateTime": offer["dateTime"], "scheduledDuration": 30}));
        assert_eq!(s["participants"]["user"]["id"], fan.user_id());
        assert_eq!(s["participants"]["creator"]["id"], creator.user_id());
        let types: Vec<&str> = s["logs"].as_array().unwrap().iter().map(|l| l["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["CALL_CALL_JOINED", "CALL_CALL_JOINED", "CALL_CAMERA_TOGGLED", "CALL_CALL_ERROR", "CALL_CALL_ENDED", "CALL_CALL_ENDED"]);
    }
}
