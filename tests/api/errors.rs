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
