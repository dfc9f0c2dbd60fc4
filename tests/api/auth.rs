//! Registration, login, the current user, refresh-token rotation and logout.

use callstar_tests::{PASSWORD, TestApp, assert_problem, on_both_databases};
use serde_json::{Value, json};

on_both_databases! {
    async fn register_login_and_me(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app
            .post_json(
                "/api/auth/register",
                &json!({"email": "  Ada@Example.COM ", "password": PASSWORD, "name": "Ada", "role": "creator",
                        "locale": "fr", "timezone": "Europe/Paris"}),
            )
            .await;
        assert_eq!(response.status(), 201);
        let user: Value = response.json().await.unwrap();
        assert_eq!(user["email"], "ada@example.com");
        assert_eq!(user["role"], "creator");
        assert_eq!(user["locale"], "fr");
        assert_eq!(user["timezone"], "Europe/Paris");
        assert!(user.get("passwordHash").is_none() && user.get("password").is_none());

        let response = app.login("ADA@example.com", PASSWORD).await;
        assert_eq!(response.status(), 200);
        let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        assert!(cookie.starts_with("callstar_refresh="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/api/auth"));
        let session: Value = response.json().await.unwrap();
        assert_eq!(session["expiresIn"], 900);
        assert!(cookie.contains(session["refreshToken"].as_str().unwrap()));

        let me: Value = app.get("/api/me", session["accessToken"].as_str()).await.json().await.unwrap();
        assert_eq!(me, user);
    }

    async fn defaults_apply_when_locale_and_timezone_are_omitted(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let user: Value = app.register("fan@example.com", "user").await.json().await.unwrap();
        assert_eq!((user["locale"].as_str(), user["timezone"].as_str()), (Some("en"), Some("UTC")));
    }

    async fn duplicate_email_is_a_conflict_regardless_of_case(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        assert_eq!(app.register("ada@example.com", "user").await.status(), 201);
        let body = assert_problem(app.register("ADA@Example.com", "creator").await, 409, "email_taken").await;
        assert_eq!(body["detail"], "An account with this e-mail already exists.");
    }

    async fn invalid_registration_lists_every_bad_field(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app
            .post_json(
                "/api/auth/register",
                &json!({"email": "not-an-email", "password": "short", "name": "  ", "role": "user", "timezone": "Mars/Olympus"}),
            )
            .await;
        let body = assert_problem(response, 422, "validation_failed").await;
        let errors = body["errors"].as_object().unwrap();
        let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["email", "name", "password", "timezone"]);
        assert!(errors["password"][0].as_str().unwrap().contains("at least one letter and one digit"));
    }

    async fn admins_cannot_register_themselves(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let response = app
            .post_json("/api/auth/register", &json!({"email": "x@example.com", "password": PASSWORD, "name": "X", "role": "admin"}))
            .await;
        let body = assert_problem(response, 422, "validation_failed").await;
        assert!(body["errors"]["role"][0].as_str().unwrap().contains("unknown variant `admin`"));
    }

    async fn wrong_password_and_unknown_account_look_the_same(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com", "user").await;
        let wrong = assert_problem(app.login("ada@example.com", "wrong password 1").await, 401, "invalid_credentials").await;
        let unknown = assert_problem(app.login("nobody@example.com", PASSWORD).await, 401, "invalid_credentials").await;
        assert_eq!(wrong, unknown);
    }

    async fn profile_updates(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.signed_in("ada@example.com", "user").await;
        let response = app
            .client
            .patch(app.url("/api/me"))
            .bearer_auth(&session.access_token)
            .json(&json!({"name": "Ada Lovelace", "locale": "fr", "timezone": "America/New_York"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let me: Value = app.get("/api/me", Some(&session.access_token)).await.json().await.unwrap();
        assert_eq!((me["name"].as_str(), me["locale"].as_str()), (Some("Ada Lovelace"), Some("fr")));
        assert_eq!(me["timezone"], "America/New_York");

        let response = app
            .client
            .patch(app.url("/api/me"))
            .bearer_auth(&session.access_token)
            .json(&json!({"timezone": "Europe/Atlantis", "locale": "de"}))
            .send()
            .await
            .unwrap();
        let body = assert_problem(response, 422, "validation_failed").await;
        assert!(body["errors"]["locale"].is_array(), "{body}");
        let response = app
            .client
            .patch(app.url("/api/me"))
            .bearer_auth(&session.access_token)
            .json(&json!({"timezone": "Europe/Atlantis"}))
            .send()
            .await
            .unwrap();
        let body = assert_problem(response, 422, "validation_failed").await;
        assert_eq!(body["errors"]["timezone"][0], "must be an IANA time zone such as Europe/Paris");
        let me: Value = app.get("/api/me", Some(&session.access_token)).await.json().await.unwrap();
        assert_eq!(me["timezone"], "America/New_York", "a refused change leaves the profile as it was");
    }

    async fn refresh_rotates_and_reuse_revokes_the_family(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.signed_in("ada@example.com", "user").await;

        let response = app.post_json("/api/auth/refresh", &json!({"refreshToken": first.refresh_token})).await;
        assert_eq!(response.status(), 200);
        let second: Value = response.json().await.unwrap();
        let second_refresh = second["refreshToken"].as_str().unwrap().to_owned();
        assert_ne!(second_refresh, first.refresh_token);
        assert_eq!(app.get("/api/me", second["accessToken"].as_str()).await.status(), 200);

        // Presented again at once (a second tab), the first token answers the same next token...
        let again = app.post_json("/api/auth/refresh", &json!({"refreshToken": first.refresh_token})).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<Value>().await.unwrap()["refreshToken"], second_refresh.as_str());
        // ...but once that next token is used, the first one is spent: presenting it again is
        // a re-use and revokes the family...
        let third: Value =
            app.post_json("/api/auth/refresh", &json!({"refreshToken": second_refresh})).await.json().await.unwrap();
        let reuse = app.post_json("/api/auth/refresh", &json!({"refreshToken": first.refresh_token})).await;
        assert_problem(reuse, 401, "session_expired").await;
        // ...so the token that was legitimately issued after it no longer works either.
        let revoked = app.post_json("/api/auth/refresh", &json!({"refreshToken": third["refreshToken"]})).await;
        assert_problem(revoked, 401, "session_expired").await;

        // Another login is another family and is not affected.
        let other = app.login("ada@example.com", PASSWORD).await.json::<Value>().await.unwrap();
        let ok = app.post_json("/api/auth/refresh", &json!({"refreshToken": other["refreshToken"]})).await;
        assert_eq!(ok.status(), 200);
    }

    async fn refresh_and_logout_with_the_cookie(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com", "user").await;
        let browser = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let login = browser
            .post(app.url("/api/auth/login"))
            .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);

        let refreshed = browser.post(app.url("/api/auth/refresh")).send().await.unwrap();
        assert_eq!(refreshed.status(), 200, "the cookie alone refreshes");
        let session: Value = refreshed.json().await.unwrap();
        assert_eq!(session["user"]["email"], "ada@example.com");

        let logout = browser.post(app.url("/api/auth/logout")).send().await.unwrap();
        assert_eq!(logout.status(), 204);
        let cleared = logout.headers().get("set-cookie").unwrap().to_str().unwrap();
        assert!(cleared.starts_with("callstar_refresh=;") && cleared.contains("Max-Age=0"), "{cleared}");

        // The revoked token is refused even when sent explicitly.
        let again = app.post_json("/api/auth/refresh", &json!({"refreshToken": session["refreshToken"]})).await;
        assert_problem(again, 401, "session_expired").await;
        let none = browser.post(app.url("/api/auth/refresh")).send().await.unwrap();
        assert_problem(none, 401, "session_expired").await;
    }

    async fn logout_with_the_body_revokes_and_is_idempotent(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.signed_in("ada@example.com", "user").await;
        let body = json!({"refreshToken": session.refresh_token});
        assert_eq!(app.post_json("/api/auth/logout", &body).await.status(), 204);
        assert_eq!(app.post_json("/api/auth/logout", &body).await.status(), 204);
        assert_problem(app.post_json("/api/auth/refresh", &body).await, 401, "session_expired").await;
    }

    async fn auth_endpoints_are_rate_limited_per_ip(backend: Backend) {
        let options = callstar_tests::Options { auth_rate_limit: 3, ..Default::default() };
        let app = TestApp::spawn_with(backend, options).await;
        for _ in 0..3 {
            assert_eq!(app.login("nobody@example.com", PASSWORD).await.status(), 401);
        }
        let limited = app.login("nobody@example.com", PASSWORD).await;
        let retry_after: u64 = limited.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry_after), "{retry_after}");
        let body = assert_problem(limited, 429, "rate_limited").await;
        assert!(body["detail"].as_str().unwrap().contains("Try again in"));
        // Each endpoint has its own budget.
        assert_eq!(app.register("ada@example.com", "user").await.status(), 201);
    }
}
