//! The web app is served by the API server: files, client routes, cache headers.

use callstar_tests::{Options, TestApp, assert_problem, on_both_databases};

fn dist() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("callstar-dist-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Callstar</title><div id=app></div>").unwrap();
    std::fs::write(dir.join("callstar-frontend-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("callstar-frontend-0123456789abcdef.js"), "export default function(){}").unwrap();
    dir
}

on_both_databases! {
    async fn built_app_is_served_with_client_routes_and_cache_headers(backend: Backend) {
        let dist = dist();
        let options = Options { vars: vec![("FRONTEND_DIR".into(), dist.display().to_string())], ..Default::default() };
        let app = TestApp::spawn_with(backend, options).await;

        for path in ["/", "/creators", "/call/abc", "/login?next=%2Fprofile"] {
            let response = app.get(path, None).await;
            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
            assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
            assert!(response.text().await.unwrap().contains("<div id=app>"), "{path}");
        }

        let wasm = app.get("/callstar-frontend-0123456789abcdef_bg.wasm", None).await;
        assert_eq!(wasm.status(), 200);
        assert_eq!(wasm.headers()["content-type"], "application/wasm");
        assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(&wasm.bytes().await.unwrap()[..4], b"\0asm");
        let js = app.get("/callstar-frontend-0123456789abcdef.js", None).await;
        assert!(js.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));

        // Missing assets and escapes are 404s, not the app shell.
        assert_eq!(app.get("/missing-0123456789abcdef.js", None).await.status(), 404);
        // (Clients normalize `/%2e%2e/` away; the server-side check is unit-tested in `api::spa`.)
        let escape = app.get("/%2e%2e/%2e%2e/etc/passwd", None).await.text().await.unwrap();
        assert!(!escape.contains("root:"), "nothing outside dist is served");
        // The API keeps its own answers.
        assert_problem(app.get("/api/nothing-here", None).await, 404, "not_found").await;
        assert_eq!(app.get("/healthz", None).await.status(), 200);
        std::fs::remove_dir_all(dist).ok();
    }

    async fn without_a_build_the_root_says_how_to_build(backend: Backend) {
        let options = Options { vars: vec![("FRONTEND_DIR".into(), "/nonexistent/dist".into())], ..Default::default() };
        let app = TestApp::spawn_with(backend, options).await;
        let response = app.get("/", None).await;
        assert_eq!(response.status(), 503);
        let page = response.text().await.unwrap();
        assert!(page.contains("./scripts/run.sh") && page.contains("FRONTEND_DIR"), "{page}");
    }

    async fn the_help_page_linked_from_emails_is_served_to_everyone(backend: Backend) {
        let options = Options { vars: vec![("FRONTEND_DIR".into(), "/nonexistent/dist".into())], ..Default::default() };
        let app = TestApp::spawn_with(backend, options).await;
        let response = app.get("/help", None).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let page = response.text().await.unwrap();
        assert!(page.contains("<h2>Help</h2>") && page.contains("<h2>Aide</h2>"), "{page}");
    }
}

on_both_databases! {
    async fn every_response_carries_security_headers_and_pages_a_policy_of_their_own(backend: Backend) {
        let dist = dist();
        let loader = "import init from '/callstar-frontend-0123456789abcdef.js';\nawait init();";
        std::fs::write(dist.join("index.html"), format!("<!doctype html><script type=\"module\">{loader}</script>")).unwrap();
        std::fs::create_dir_all(dist.join("call")).unwrap();
        std::fs::write(dist.join("call/index.html"), "<!doctype html><script type=\"module\">call()</script>").unwrap();
        std::fs::create_dir_all(dist.join("studio")).unwrap();
        std::fs::write(dist.join("studio/index.html"), "<!doctype html><p>studio</p>").unwrap();
        let options = Options { vars: vec![("FRONTEND_DIR".into(), dist.display().to_string())], ..Default::default() };
        let app = TestApp::spawn_with(backend, options).await;
        let id = uuid::Uuid::new_v4();
        for path in ["/", "/api/me", "/api/creators", "/healthz", "/callstar-frontend-0123456789abcdef.js", "/help",
                     "/swagger-ui/", "/api-docs/openapi.json", &format!("/call/{id}"), "/dashboard/creator"] {
            let response = app.get(path, None).await;
            let headers = response.headers();
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
            assert_eq!(headers["x-frame-options"], "DENY", "{path}");
            let csp = headers["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        }
        let policy = |path: String| {
            let app = &app;
            async move { app.get(&path, None).await.headers()["content-security-policy"].to_str().unwrap().to_owned() }
        };
        // API answers and assets are inert.
        assert!(policy("/api/creators".into()).await.starts_with("default-src 'none'"));
        // The main bundle (a visitor's pages): its loader by hash, WebAssembly; no third party.
        use base64::Engine as _;
        use sha2::Digest as _;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader.as_bytes()));
        let main = policy("/".into()).await;
        assert!(main.contains(&format!("'sha256-{hash}'")) && main.contains("'wasm-unsafe-eval'"), "{main}");
        assert!(!main.contains("stripe") && !main.contains("daily.co"), "{main}");
        assert!(!main.contains("'unsafe-inline'") && !main.contains("'unsafe-eval'"), "{main}");
        // The call bundle: Daily, and Stripe.js (a fan books and pays there). The studio:
        // Stripe.js (a client pays for an appointment there), no Daily.
        let call = policy(format!("/call/{id}")).await;
        assert!(call.contains("https://*.daily.co") && call.contains("https://js.stripe.com"), "{call}");
        let studio = policy("/dashboard/creator".into()).await;
        assert!(!studio.contains("daily.co") && studio.contains("https://js.stripe.com"), "{studio}");
        // Every page may open the live connection (/api/ws) on the WebSocket origin of PUBLIC_URL.
        for page in [&main, &call, &studio] {
            assert!(page.contains("connect-src 'self' ws://127.0.0.1:"), "{page}");
        }
        std::fs::remove_dir_all(dist).ok();
    }
}
