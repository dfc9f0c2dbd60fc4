//! Every failure is problem details: body, path and query parse errors, unknown routes,
//! wrong methods.

use callstar_tests::{TestApp, assert_problem, on_both_databases};

on_both_databases! {
    async fn malformed_json_is_a_bad_request(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app
            .client
            .post(app.url("/api/auth/login"))
            .header("content-type", "application/json")
            .body("{\"email\": ")
            .send()
            .await
            .unwrap();
        assert_problem(response, 400, "invalid_json").await;
    }

    async fn missing_and_mistyped_fields_are_per_field_422(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let body = assert_problem(app.post_json("/api/auth/login", &serde_json::json!({"email": "a@b.co"})).await, 422, "validation_failed").await;
        assert_eq!(body["errors"]["password"][0], "is required");
        let body = assert_problem(
            app.post_json("/api/auth/login", &serde_json::json!({"email": 42, "password": "x"})).await,
            422,
            "validation_failed",
        )
        .await;
        assert!(body["errors"]["email"][0].as_str().unwrap().starts_with("invalid type"), "{body}");
        let body = assert_problem(
            app.post_json("/api/auth/login", &serde_json::json!({"email": "", "password": ""})).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"]["email"][0], "is required");
    }

    async fn wrong_content_type_and_oversized_bodies(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.client.post(app.url("/api/auth/login")).body("email=a").send().await.unwrap();
        assert_problem(response, 415, "unsupported_media_type").await;
        let huge = format!("{{\"email\": \"{}\", \"password\": \"x\"}}", "a".repeat(100_000));
        let response = app
            .client
            .post(app.url("/api/auth/login"))
            .header("content-type", "application/json")
            .body(huge)
            .send()
            .await
            .unwrap();
        assert_problem(response, 413, "payload_too_large").await;
    }

    async fn unknown_routes_and_wrong_methods(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let body = assert_problem(app.get("/api/does-not-exist", None).await, 404, "not_found").await;
        assert!(body["detail"].as_str().unwrap().contains("/api/does-not-exist"));

        let response = app.client.delete(app.url("/api/me")).send().await.unwrap();
        assert_eq!(response.headers().get("allow").unwrap(), "GET, PATCH");
        assert_problem(response, 405, "method_not_allowed").await;
        let response = app.get("/api/auth/login", None).await;
        assert_eq!(response.headers().get("allow").unwrap(), "POST");
        assert_problem(response, 405, "method_not_allowed").await;
        // Templated paths are recognized too.
        let response = app.client.delete(app.url("/api/admin/users/123")).send().await.unwrap();
        assert_problem(response, 405, "method_not_allowed").await;
    }

    async fn path_and_query_parse_errors(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("root@example.com").await;
        let token = Some(admin.access_token.as_str());
        assert_problem(app.get("/api/admin/users/not-a-uuid", token).await, 404, "not_found").await;
        assert_problem(app.get("/api/admin/users?page=abc", token).await, 400, "invalid_query").await;
        assert_problem(app.get("/api/admin/users?role=superuser", token).await, 400, "invalid_query").await;
        let body = assert_problem(app.get("/api/admin/users?page=0&perPage=500", token).await, 422, "validation_failed").await;
        assert!(body["errors"]["page"].is_array(), "{body}");
    }
}

async fn start_offer_at(app: &TestApp, offer_id: &str, at: chrono::DateTime<chrono::Utc>) {
    app.reschedule_offer(offer_id.parse().unwrap(), at).await;
}

on_both_databases! {
    // Each refusal reaches the client with its own stable code, never a shared `conflict`.
    async fn every_refusal_has_its_own_code(backend: Backend) {
        use chrono::{Duration, Utc};
        use serde_json::{Value, json};
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let other_creator = app.signed_in("other@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let rival = app.signed_in("rival@example.com", "user").await;
        let book = |token: &str, offer: &Value| {
            let (app, token, id) = (&app, token.to_owned(), offer["id"].clone());
            async move { app.post_auth("/api/bookings", &token, &json!({"callOfferId": id})).await }
        };

        // already_booked, host_busy: two overlapping offers of one creator.
        let first = app.offer(&creator.access_token, "40.00", 48).await;
        let overlapping = app.offer(&creator.access_token, "40.00", 48).await;
        let booking: Value = book(&fan.access_token, &first).await.json().await.unwrap();
        assert_problem(book(&rival.access_token, &first).await, 409, "already_booked").await;
        assert_problem(book(&rival.access_token, &overlapping).await, 409, "host_busy").await;
        // own_offer.
        assert_problem(book(&creator.access_token, &overlapping).await, 422, "own_offer").await;
        // offer_past.
        let past = app.offer(&other_creator.access_token, "40.00", 5).await;
        start_offer_at(&app, past["id"].as_str().unwrap(), Utc::now() - Duration::minutes(1)).await;
        assert_problem(book(&fan.access_token, &past).await, 409, "offer_past").await;
        // offer_unavailable: withdrawn after a cancelled booking (kept as CANCELLED).
        let withdrawn = app.offer(&other_creator.access_token, "40.00", 10).await;
        let held: Value = book(&fan.access_token, &withdrawn).await.json().await.unwrap();
        let cancel = format!("/api/bookings/{}/cancel", held["id"].as_str().unwrap());
        assert_eq!(app.post_auth(&cancel, &fan.access_token, &json!({})).await.status(), 200);
        let id = withdrawn["id"].as_str().unwrap();
        let deleted = app.client.delete(app.url(&format!("/api/call-offers/{id}"))).bearer_auth(&other_creator.access_token).send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert_problem(book(&fan.access_token, &withdrawn).await, 409, "offer_unavailable").await;
        // booking_closed: cancelling twice; not_confirmed: joining an unpaid booking.
        assert_problem(app.post_auth(&cancel, &fan.access_token, &json!({})).await, 409, "booking_closed").await;
        let token = json!({"bookingId": booking["id"]});
        assert_problem(app.post_auth("/api/daily/get-token", &fan.access_token, &token).await, 409, "not_confirmed").await;
        // already_paid, then call_over once the call is long past.
        let pay = json!({"bookingId": booking["id"]});
        assert_eq!(app.post_auth("/api/payments/create-intent", &fan.access_token, &pay).await.status(), 200);
        assert_problem(app.post_auth("/api/payments/create-intent", &fan.access_token, &pay).await, 409, "already_paid").await;
        start_offer_at(&app, first["id"].as_str().unwrap(), Utc::now() - Duration::hours(2)).await;
        assert_problem(app.post_auth("/api/daily/get-token", &fan.access_token, &token).await, 403, "call_over").await;
        // not_offer_owner, offer_booked; not_a_creator.
        let path = format!("/api/call-offers/{}", first["id"].as_str().unwrap());
        let edit = |token: &str| app.client.patch(app.url(&path)).bearer_auth(token.to_owned()).json(&json!({"title": "x"})).send();
        assert_problem(edit(&other_creator.access_token).await.unwrap(), 403, "not_offer_owner").await;
        assert_problem(edit(&creator.access_token).await.unwrap(), 409, "offer_booked").await;
        assert_problem(app.get("/api/creators/me", Some(&fan.access_token)).await, 403, "not_a_creator").await;
        // Accounts: email_taken, invalid_credentials, session_expired.
        assert_problem(app.register("fan@example.com", "user").await, 409, "email_taken").await;
        assert_problem(app.login("fan@example.com", "wrong password 9").await, 401, "invalid_credentials").await;
        let refresh = app.post_json("/api/auth/refresh", &json!({"refreshToken": "not-a-token"})).await;
        assert_problem(refresh, 401, "session_expired").await;
    }
}

on_both_databases! {
    // What the fuzzer found (issue 15): each is refused with its documented status, never a
    // dropped connection or a 500.
    async fn what_the_fuzzer_found_is_refused(backend: Backend) {
        use serde_json::json;
        let app = TestApp::spawn(backend).await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let token = Some(fan.access_token.as_str());
        for path in ["/api/bookings?page=9223372036854775808", "/api/bookings?page=100001", "/api/creators?page=1000000000000000000"] {
            let body = assert_problem(app.get(path, token).await, 422, "validation_failed").await;
            assert_eq!(body["errors"]["page"][0], "must be between 1 and 100000", "{path}");
        }
        assert_problem(app.get("/api/creators?page=18446744073709551616", None).await, 400, "invalid_query").await;
        assert_eq!(app.get("/api/creators?page=100000&perPage=100", None).await.status(), 200, "the deepest page is fine");

        let patch = |body: &'static str| {
            app.client.patch(app.url("/api/me")).bearer_auth(&fan.access_token).header("content-type", "application/json").body(body).send()
        };
        let body = assert_problem(patch("[null, null]").await.unwrap(), 422, "validation_failed").await;
        assert_eq!(body["errors"]["body"][0], "must be a JSON object, not an array");
        assert_problem(patch("null").await.unwrap(), 422, "validation_failed").await;
        assert_eq!(patch("{}").await.unwrap().status(), 200);

        let offer = |date_time: String| {
            json!({"title": "Far away", "price": "20.00", "currency": "EUR", "dateTime": date_time, "duration": 480})
        };
        for far in ["9999-12-31T23:59:59Z".to_owned(), (chrono::Utc::now() + chrono::Duration::days(731)).to_rfc3339()] {
            let response = app.post_auth("/api/call-offers", &creator.access_token, &offer(far.clone())).await;
            let body = assert_problem(response, 422, "validation_failed").await;
            assert_eq!(body["errors"]["dateTime"][0], "must be at most 730 days ahead", "{far}");
        }
        let in_two_years = (chrono::Utc::now() + chrono::Duration::days(729)).to_rfc3339();
        let ok = app.post_auth("/api/call-offers", &creator.access_token, &offer(in_two_years)).await;
        assert_eq!(ok.status(), 201);
        let id = ok.json::<serde_json::Value>().await.unwrap()["id"].clone();
        let booked = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": id})).await;
        assert_eq!(booked.status(), 201, "the furthest offer books like any other");

        // Bodies read as raw bytes have the same limit and the same problem shape.
        let huge = format!("{{\"refreshToken\": \"{}\"}}", "a".repeat(100_000));
        let response = app.client.post(app.url("/api/auth/refresh")).header("content-type", "application/json").body(huge).send().await.unwrap();
        assert_problem(response, 413, "payload_too_large").await;
    }
}
