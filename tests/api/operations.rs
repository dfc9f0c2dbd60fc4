//! Health, readiness, metrics, request ids, Swagger UI.

use callstar_tests::{TestApp, assert_problem, on_both_databases};
use serde_json::Value;

on_both_databases! {
    async fn health_and_readiness(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let health = app.get("/healthz", None).await;
        assert_eq!(health.status(), 200);
        assert!(health.headers().get("x-request-id").is_some_and(|v| uuid::Uuid::parse_str(v.to_str().unwrap()).is_ok()));
        let ready: Value = app.get("/readyz", None).await.json().await.unwrap();
        assert_eq!(ready, serde_json::json!({"status": "ok", "database": "reachable"}));

        // The database goes away: readiness fails, liveness does not.
        app.db.close_by_ref().await.unwrap();
        let response = app.get("/readyz", None).await;
        assert_eq!(response.status(), 503);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["database"], "unreachable");
        assert_eq!(app.get("/healthz", None).await.status(), 200);
    }

    async fn database_failures_are_opaque_500s(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.signed_in("ada@example.com", "user").await;
        app.db.close_by_ref().await.unwrap();
        let response = app.get("/api/me", Some(&session.access_token)).await;
        assert!(response.headers().get("x-request-id").is_some());
        let body = assert_problem(response, 500, "internal_error").await;
        assert_eq!(body["detail"], "Something went wrong on our side. Please try again later.");
        assert!(!body.to_string().to_lowercase().contains("pool"), "no internals leak: {body}");
    }

    async fn metrics_count_requests_by_route(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        app.get("/healthz", None).await;
        app.get("/api/me", None).await;
        let text = app.get("/metrics", None).await.text().await.unwrap();
        assert!(text.contains(r#"callstar_http_requests_total{method="GET",route="/healthz",status="200"} 1"#), "{text}");
        assert!(text.contains(r#"callstar_http_requests_total{method="GET",route="/api/me",status="401"} 1"#), "{text}");
        assert!(text.contains("callstar_http_request_duration_seconds_bucket"));
    }

    async fn swagger_ui_is_served_offline(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let redirect = app.get("/swagger-ui", None).await;
        assert!(redirect.status().is_redirection());
        assert_eq!(redirect.headers().get("location").unwrap(), "/swagger-ui/");
        let page = app.get("/swagger-ui/", None).await.text().await.unwrap();
        assert!(page.contains("swagger-ui"), "{page}");
        let init = app.get("/swagger-ui/swagger-initializer.js", None).await.text().await.unwrap();
        assert!(init.contains("/api-docs/openapi.json"), "{init}");
        let bundle = app.get("/swagger-ui/swagger-ui-bundle.js", None).await;
        assert_eq!(bundle.status(), 200, "the UI's scripts are vendored, not fetched from a CDN");

        let spec: Value = app.get("/api-docs/openapi.json", None).await.json().await.unwrap();
        for path in ["/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/me"] {
            assert!(spec["paths"][path].is_object(), "{path} is documented");
        }
    }
}
