//! Rate limits that count the right thing: logins per account (from any address) and per
//! client address, the address taken from the rightmost hop our proxy added (IPv6 by /64);
//! refreshes per session, so many people behind one address keep their sessions; two tabs
//! refreshing with one token both stay signed in.

use callstar_tests::{Options, PASSWORD, TestApp, assert_problem, on_both_databases};
use serde_json::{Value, json};

/// A server behind one proxy (the TCP peer, 127.0.0.1): clients are told apart by the
/// `X-Forwarded-For` entry the proxy appends.
async fn behind_a_proxy(backend: callstar_tests::Backend, per_minute: u32, per_account: u32) -> TestApp {
    let vars = vec![
        ("TRUST_PROXY_HEADERS".to_owned(), "true".to_owned()),
        ("AUTH_ACCOUNT_RATE_LIMIT".to_owned(), per_account.to_string()),
    ];
    TestApp::spawn_with(backend, Options { auth_rate_limit: per_minute, vars, ..Default::default() }).await
}

async fn login_from(app: &TestApp, forwarded_for: &str, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn refresh_from(app: &TestApp, forwarded_for: &str, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/auth/refresh"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"refreshToken": token}))
        .send()
        .await
        .unwrap()
}

on_both_databases! {
    async fn failed_logins_are_limited_per_account_from_any_address(backend: Backend) {
        let app = behind_a_proxy(backend, 1_000, 3).await;
        app.register("ada@example.com", "user").await;
        app.register("bob@example.com", "user").await;
        // Three guesses from three addresses: each is a plain refusal...
        for n in 1..=3 {
            let response = login_from(&app, &format!("203.0.113.{n}"), "ada@example.com", "wrong password 1").await;
            assert_problem(response, 401, "invalid_credentials").await;
        }
        // ...then the account is closed to everyone for a while, the right password included
        // (no hash is computed for a refused attempt), whatever the address or the spelling.
        for (address, email, password) in [("198.51.100.7", "ada@example.com", "wrong password 2"),
                                            ("198.51.100.8", " ADA@example.com", PASSWORD)] {
            let response = login_from(&app, address, email, password).await;
            let retry_after: u64 = response.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
            assert!((1..=900).contains(&retry_after), "{retry_after}");
            assert_problem(response, 429, "rate_limited").await;
        }
        // Other accounts are untouched, from the same addresses.
        assert_eq!(login_from(&app, "203.0.113.1", "bob@example.com", PASSWORD).await.status(), 200);
    }

    async fn successful_logins_do_not_count_against_the_account(backend: Backend) {
        let app = behind_a_proxy(backend, 1_000, 2).await;
        app.register("ada@example.com", "user").await;
        for n in 1..=5 {
            assert_eq!(login_from(&app, &format!("203.0.113.{n}"), "ada@example.com", PASSWORD).await.status(), 200);
        }
    }

    async fn addresses_are_the_rightmost_hop_and_ipv6_counts_by_slash_64(backend: Backend) {
        let app = behind_a_proxy(backend, 2, 1_000).await;
        let attempt = |address: &'static str| login_from(&app, address, "nobody@example.com", "wrong password 1");
        // The client forges entries on the left; the proxy's entry (rightmost) is what counts.
        assert_eq!(attempt("6.6.6.1, 203.0.113.9").await.status(), 401);
        assert_eq!(attempt("6.6.6.2, 203.0.113.9").await.status(), 401);
        assert_problem(attempt("6.6.6.3, 203.0.113.9").await, 429, "rate_limited").await;
        assert_eq!(attempt("203.0.113.9, 203.0.113.10").await.status(), 401, "another client");
        // One /64 is one client; the next /64 is another.
        assert_eq!(attempt("2001:db8:1:1::1").await.status(), 401);
        assert_eq!(attempt("2001:db8:1:1:ffff::2").await.status(), 401);
        assert_problem(attempt("2001:db8:1:1:abcd::3").await, 429, "rate_limited").await;
        assert_eq!(attempt("2001:db8:1:2::1").await.status(), 401);
    }

    async fn refreshes_of_many_people_behind_one_address_are_not_refused(backend: Backend) {
        let app = behind_a_proxy(backend, 3, 1_000).await;
        // Twelve people sign up and in (from their own addresses: those are limited per address)...
        let mut tokens = Vec::new();
        for n in 0..12 {
            let email = format!("person{n}@example.com");
            let address = format!("198.51.100.{n}");
            let account = json!({"email": email, "password": PASSWORD, "name": "Person", "role": "user"});
            let registered = app.client.post(app.url("/api/auth/register")).header("x-forwarded-for", &address).json(&account).send().await.unwrap();
            assert_eq!(registered.status(), 201);
            let session: Value = login_from(&app, &format!("198.51.100.{n}"), &email, PASSWORD).await.json().await.unwrap();
            tokens.push(session["refreshToken"].as_str().unwrap().to_owned());
        }
        // ...then all reload their pages twice from the office's one address: 24 refreshes,
        // eight times the per-address budget of 3, and none is refused.
        for _ in 0..2 {
            for token in &mut tokens {
                let response = refresh_from(&app, "203.0.113.50", token).await;
                assert_eq!(response.status(), 200);
                *token = response.json::<Value>().await.unwrap()["refreshToken"].as_str().unwrap().to_owned();
            }
        }
        // One session refreshing in a loop meets its own limit (3 a minute here)...
        let mut token = tokens[0].clone();
        let limited = loop {
            let response = refresh_from(&app, "203.0.113.50", &token).await;
            if response.status() != 200 {
                break response;
            }
            token = response.json::<Value>().await.unwrap()["refreshToken"].as_str().unwrap().to_owned();
        };
        assert_problem(limited, 429, "rate_limited").await;
        // ...without touching the others.
        assert_eq!(refresh_from(&app, "203.0.113.50", &tokens[1]).await.status(), 200);
        // Guessing tokens from one address is what the address limit counts.
        for n in 0..3 {
            assert_problem(refresh_from(&app, "203.0.113.66", &format!("guess-{n}")).await, 401, "session_expired").await;
        }
        assert_problem(refresh_from(&app, "203.0.113.66", "guess-4").await, 429, "rate_limited").await;
        assert_eq!(refresh_from(&app, "203.0.113.50", &tokens[2]).await.status(), 200, "the office is not that address");
    }

    async fn two_tabs_refreshing_with_one_token_both_stay_signed_in(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.signed_in("ada@example.com", "user").await;
        let body = json!({"refreshToken": session.refresh_token});
        let (a, b) = tokio::join!(app.post_json("/api/auth/refresh", &body), app.post_json("/api/auth/refresh", &body));
        assert_eq!((a.status(), b.status()), (reqwest::StatusCode::OK, reqwest::StatusCode::OK));
        let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
        assert_eq!(a["refreshToken"], b["refreshToken"], "both tabs get the same next token");
        assert_eq!(app.get("/api/me", a["accessToken"].as_str()).await.status(), 200);
        assert_eq!(app.get("/api/me", b["accessToken"].as_str()).await.status(), 200);
        // The next token works (once), and the session goes on.
        let next = json!({"refreshToken": a["refreshToken"]});
        let third: Value = app.post_json("/api/auth/refresh", &next).await.json().await.unwrap();
        assert!(third["refreshToken"].is_string());

        // Outside the grace period a re-used token is a leak: the whole session is revoked.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let long_ago = chrono::Utc::now() - chrono::Duration::minutes(5);
        entity::refresh_token::Entity::update_many()
            .col_expr(entity::refresh_token::Column::UsedAt, Expr::value(long_ago))
            .filter(entity::refresh_token::Column::UsedAt.is_not_null())
            .exec(&app.db)
            .await
            .unwrap();
        assert_problem(app.post_json("/api/auth/refresh", &body).await, 401, "session_expired").await;
        let latest = json!({"refreshToken": third["refreshToken"]});
        assert_problem(app.post_json("/api/auth/refresh", &latest).await, 401, "session_expired").await;
    }

    async fn create_admin_on_an_existing_account_revokes_its_sessions(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let before = app.signed_in("ada@example.com", "user").await;
        let admin = app.admin("ada@example.com").await;
        let stale = app.post_json("/api/auth/refresh", &json!({"refreshToken": before.refresh_token})).await;
        assert_problem(stale, 401, "session_expired").await;
        assert_eq!(admin.user["role"], "admin");
        let fresh = app.post_json("/api/auth/refresh", &json!({"refreshToken": admin.refresh_token})).await;
        assert_eq!(fresh.status(), 200, "the session opened after the change works");
    }
}

on_both_databases! {
    async fn call_logs_are_bounded_in_number_pace_and_size(backend: Backend) {
        use chrono::{Duration, Utc};
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let (booking, _) = app.confirmed_booking(&creator, &fan, Duration::minutes(10), 30).await;
        let log = |metadata: Value| {
            let body = json!({"bookingId": booking, "event": "CAMERA_TOGGLED", "metadata": metadata});
            let (app, token) = (&app, fan.access_token.clone());
            async move { app.post_auth("/api/call-logs", &token, &body).await }
        };
        // Metadata is at most 4 KiB of JSON.
        let body = assert_problem(log(json!({"blob": "x".repeat(5_000)})).await, 422, "validation_failed").await;
        assert_eq!(body["errors"]["metadata"][0], "must be at most 4096 bytes of JSON");
        // 60 events a minute per participant, then 429 with Retry-After...
        for _ in 0..60 {
            assert_eq!(log(json!({"on": true})).await.status(), 201);
        }
        let fast = log(json!({"on": false})).await;
        assert!(fast.headers().get("retry-after").is_some());
        assert_problem(fast, 429, "rate_limited").await;
        // ...the other participant has their own pace...
        let theirs = json!({"bookingId": booking, "event": "MIC_TOGGLED"});
        assert_eq!(app.post_auth("/api/call-logs", &creator.access_token, &theirs).await.status(), 201);
        // ...and a call's log holds 1,000 participant events at most (older ones here, so the
        // pace is not what refuses).
        use sea_orm::EntityTrait;
        let long_ago = Utc::now() - Duration::hours(1);
        let rows = (0..940).map(|_| entity::call_log::ActiveModel {
            id: sea_orm::Set(uuid::Uuid::new_v4()),
            booking_id: sea_orm::Set(booking),
            event: sea_orm::Set(domain::call::CallEvent::MicToggled),
            actor: sea_orm::Set(domain::call::LogActor::Creator),
            actor_id: sea_orm::Set(creator.user_id().parse().ok()),
            message: sea_orm::Set("old".to_owned()),
            metadata: sea_orm::Set(json!({})),
            external_id: sea_orm::Set(None),
            occurred_at: sea_orm::Set(long_ago),
            created_at: sea_orm::Set(long_ago),
        });
        entity::call_log::Entity::insert_many(rows).exec(&app.db).await.unwrap();
        let full = app.post_auth("/api/call-logs", &creator.access_token, &theirs).await;
        assert_problem(full, 409, "call_log_full").await;
    }

    async fn a_creator_has_at_most_100_open_offers(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        for hours in 0..100 {
            app.offer(&creator.access_token, "20.00", 24 + hours).await;
        }
        let body = json!({"title": "One more", "price": "20.00", "currency": "EUR",
                          "dateTime": chrono::Utc::now() + chrono::Duration::days(30), "duration": 30});
        assert_problem(app.post_auth("/api/call-offers", &creator.access_token, &body).await, 409, "offer_limit_reached").await;
        // The public list pages through them; its total is the open ones.
        let id: Value = app.get("/api/creators/me", Some(&creator.access_token)).await.json().await.unwrap();
        let page: Value = app.get(&format!("/api/creators/{}/offers?perPage=30&page=4", id["id"].as_str().unwrap()), None).await.json().await.unwrap();
        assert_eq!((page["total"].as_u64(), page["items"].as_array().unwrap().len()), (Some(100), 10));
        let mine: Value = app.get("/api/creators/me/offers?perPage=100", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(mine["total"], 100);
    }

    async fn metrics_labels_come_from_a_fixed_set(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        for token in ["FOO", "PROPFIND", "X-ANYTHING"] {
            let method = reqwest::Method::from_bytes(token.as_bytes()).unwrap();
            app.client.request(method, app.url("/api/me")).send().await.unwrap();
            app.client.request(reqwest::Method::from_bytes(token.as_bytes()).unwrap(), app.url(&format!("/no/{token}"))).send().await.unwrap();
        }
        let text = app.get("/metrics", None).await.text().await.unwrap();
        assert!(text.contains(r#"method="other""#), "{text}");
        for token in ["FOO", "PROPFIND", "X-ANYTHING", "/no/"] {
            assert!(!text.contains(token), "{token} became a label");
        }
    }
}
