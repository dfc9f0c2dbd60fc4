//! Serves the built web app (Trunk's `dist/`): files by path, and for client-side routes such
//! as `/dashboard/user` or `/call/abc` the `index.html` of the bundle that renders them (the
//! main one at the root, the others in `call/`, `studio/` and `admin/`; see
//! [`api_types::Bundle`]); long-lived caching for hashed assets and `no-cache` for the
//! `index.html` files. Without a build, `/` explains how to make one.

use std::path::{Component, Path, PathBuf};

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpRequest, HttpResponse};
use api_types::Route;

use crate::security_headers;

/// How to build the app, shown when it is missing.
const NOT_BUILT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Callstar: web app not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2330}
code{background:#f1f2f6;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>The web app has not been built yet</h1>
<p>The API is running: see <a href="/swagger-ui/">the API documentation</a>.</p>
<p>To build and serve the web app, stop the server and run <code>./scripts/run.sh</code> from the
repository root. It installs the WebAssembly tool chain when missing, builds <code>frontend/</code> with
Trunk, then starts the server. The server looks for the build in <code>FRONTEND_DIR</code>
(default <code>frontend/dist</code>).</p></body></html>"#;

/// Answers a GET outside `/api` that no route took.
pub async fn serve(req: &HttpRequest, dist: &Path) -> HttpResponse {
    let index = entry(dist, req.path());
    let Some(relative) = safe_relative(req.path()) else {
        return HttpResponse::NotFound().finish();
    };
    if !relative.as_os_str().is_empty() {
        let file = dist.join(&relative);
        if let Ok(bytes) = tokio::fs::read(&file).await {
            return file_response(&relative, bytes);
        }
        // A missing asset is a 404; anything else is a client-side route.
        if relative.extension().is_some() {
            return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Not found");
        }
    }
    match tokio::fs::read(&index).await {
        Ok(bytes) => {
            let hashes = security_headers::inline_script_hashes(&String::from_utf8_lossy(&bytes));
            let public_url =
                req.app_data::<actix_web::web::Data<crate::AppState>>().map(|s| s.ctx.settings.public_url.clone());
            let socket = security_headers::socket_origin(public_url.as_deref().unwrap_or_default());
            let policy = security_headers::page_policy(Route::bundle_of_path(req.path()), &hashes, &socket);
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .insert_header(CacheControl(vec![CacheDirective::NoCache]))
                .insert_header((header::CONTENT_SECURITY_POLICY, policy))
                .body(bytes)
        }
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type("text/html; charset=utf-8")
            .insert_header(CacheControl(vec![CacheDirective::NoStore]))
            .insert_header((header::CONTENT_SECURITY_POLICY, security_headers::STATIC_PAGE))
            .body(NOT_BUILT),
    }
}

/// The HTML entry that renders the client-side route `path`: its bundle's `index.html` (the
/// main bundle's for unknown paths, which shows "page not found").
fn entry(dist: &Path, path: &str) -> PathBuf {
    let bundle = Route::bundle_of_path(path).dir().unwrap_or_default();
    dist.join(bundle).join("index.html")
}

/// The request path as a relative path under `dist`, or `None` if it tries to leave it.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut out = PathBuf::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn file_response(path: &Path, bytes: Vec<u8>) -> HttpResponse {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let cache = if is_hashed(name) {
        CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(31_536_000),
            CacheDirective::Extension("immutable".to_owned(), None),
        ])
    } else {
        CacheControl(vec![CacheDirective::NoCache])
    };
    HttpResponse::Ok()
        .content_type(content_type(name))
        .insert_header(cache)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes)
}

/// Trunk names built assets `<stem>-<hash>[_bg].<ext>`, the hash being a u64 in hex
/// without zero padding (so up to 16 digits, occasionally fewer).
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (8..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).as_deref() {
        Some("wasm") => "application/wasm",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("webmanifest") => "application/manifest+json",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative("/call/abc"), Some(PathBuf::from("call/abc")));
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/%2e%2e/etc/passwd"), None);
        assert_eq!(safe_relative("/a/%2E%2E/%2E%2E/b"), None);
        assert_eq!(safe_relative("/bad%zz"), None);
    }

    #[test]
    fn client_routes_get_their_bundle_entry() {
        let dist = Path::new("/dist");
        let id = "0b9a3c1e-4a6e-4f7d-9d51-2f0f4f1d2c3b";
        assert_eq!(entry(dist, "/"), PathBuf::from("/dist/index.html"));
        assert_eq!(entry(dist, &format!("/creators/{id}")), PathBuf::from("/dist/index.html"));
        assert_eq!(entry(dist, "/dashboard/user"), PathBuf::from("/dist/call/index.html"));
        assert_eq!(entry(dist, &format!("/book/{id}")), PathBuf::from("/dist/call/index.html"));
        assert_eq!(entry(dist, &format!("/call/{id}")), PathBuf::from("/dist/call/index.html"));
        assert_eq!(entry(dist, &format!("/call/{id}/summary")), PathBuf::from("/dist/call/index.html"));
        assert_eq!(entry(dist, "/dashboard/creator/profile"), PathBuf::from("/dist/studio/index.html"));
        assert_eq!(entry(dist, "/admin/jobs"), PathBuf::from("/dist/admin/index.html"));
        assert_eq!(entry(dist, &format!("/admin/emails/{id}")), PathBuf::from("/dist/admin/index.html"));
        assert_eq!(entry(dist, "/admin/nothing-here"), PathBuf::from("/dist/index.html"), "unknown: the main 404 page");
        assert_eq!(entry(dist, "/no/such/page"), PathBuf::from("/dist/index.html"));
    }

    #[test]
    fn trunk_hashes_are_recognized() {
        assert!(is_hashed("callstar-frontend-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("callstar-frontend-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(is_hashed("callstar-frontend-27d641310d5d5b0_bg.wasm"), "15 digits: leading zero dropped");
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("daily.js"));
        assert!(!is_hashed("favicon.svg"));
        assert!(!is_hashed("call-summary.js"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("x_bg.wasm"), "application/wasm");
        assert_eq!(content_type("x.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("x.unknown"), "application/octet-stream");
    }
}
