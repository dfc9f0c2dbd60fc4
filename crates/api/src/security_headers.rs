//! Security headers on every response: `nosniff`, a referrer policy, no framing (CSP
//! `frame-ancestors 'none'` and the older `X-Frame-Options`), HSTS behind https, and a
//! Content-Security-Policy.
//!
//! API answers and static assets get a policy that allows nothing: they are never documents.
//! The web app's pages get a policy per bundle ([`page_policy`]) that allows exactly what that
//! bundle loads: its own files, WebAssembly compilation (`'wasm-unsafe-eval'`), Trunk's inline
//! loader by the hash of its text, the live connection (`/api/ws`, by the WebSocket origin of
//! `PUBLIC_URL`: `'self'` does not name `wss:` in every browser), and a third party only where
//! it is used: Stripe.js on the main bundle (the booking page pays with it) and the studio (a
//! client pays for an appointment), Daily on the call bundle (daily-js is served from
//! `/call/vendor/`, and loads its call machine from and connects to `*.daily.co`). Admin pages
//! load nothing from outside.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use api_types::Bundle;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::AppState;

/// The policy of everything that is not a page of the web app: nothing may be loaded, run or
/// framed (an API answer opened as a document stays inert).
pub const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Swagger UI (`/swagger-ui/`): its own scripts and styles (it sets inline styles), data: images.
pub const SWAGGER_UI: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// Server-rendered pages with an inline stylesheet and no script (`/help`, "not built yet").
pub const STATIC_PAGE: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// Stripe.js and its frames (payment element, 3-D Secure), as Stripe documents them.
const STRIPE_SCRIPTS: &str = "https://js.stripe.com https://*.js.stripe.com";
const STRIPE_CONNECT: &str = "https://api.stripe.com";
const STRIPE_FRAMES: &str = "https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com";
/// Daily in call-object mode with `avoidEval`: the call machine script from Daily's CDN, its API
/// and media signalling over https and wss. The call bundle also holds booking and paying, so it
/// allows Stripe.js too.
const CALL_SCRIPTS: &str = "https://*.daily.co https://js.stripe.com https://*.js.stripe.com";
const CALL_CONNECT: &str =
    "https://*.daily.co wss://*.daily.co https://*.pluot.blue wss://*.pluot.blue https://api.stripe.com";
const CALL_FRAMES: &str = "https://*.daily.co https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com";

/// The WebSocket origin of the public URL (`https://calls.example.com/` →
/// `wss://calls.example.com`), for `connect-src`.
pub fn socket_origin(public_url: &str) -> String {
    let (scheme, rest) = match public_url.split_once("://") {
        Some(("https", rest)) => ("wss", rest),
        Some((_, rest)) => ("ws", rest),
        None => ("ws", public_url),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{host}")
}

/// The policy of one bundle's `index.html`, allowing its inline scripts by hash and
/// WebSockets to `socket_origin` (see [`socket_origin`]).
pub fn page_policy(bundle: Bundle, inline_script_hashes: &[String], socket_origin: &str) -> String {
    let (scripts, connect, frames, workers) = match bundle {
        // Paying: appointments in the studio, offers in the call bundle.
        Bundle::Studio => (STRIPE_SCRIPTS, STRIPE_CONNECT, STRIPE_FRAMES, ""),
        Bundle::Call => (CALL_SCRIPTS, CALL_CONNECT, CALL_FRAMES, " blob:"),
        // What a visitor sees before signing in, and the operators' pages: no third party.
        Bundle::Main | Bundle::Admin | Bundle::Server => ("", "", "", ""),
    };
    let hashes: String = inline_script_hashes.iter().map(|h| format!(" '{h}'")).collect();
    let frames = if frames.is_empty() { "'none'" } else { frames };
    let media = if bundle == Bundle::Call { " blob:" } else { "" };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes} {scripts}; connect-src 'self' {socket_origin} {connect}; \
         frame-src {frames}; worker-src 'self'{workers}; img-src 'self' data: blob: https:; media-src 'self'{media}; \
         style-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
    .replace("  ", " ")
    .replace(" ;", ";")
}

/// `sha256-…` of the text of every inline `<script>` of a page (Trunk's loader).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        if !tag.contains("src=") {
            hashes.push(format!("sha256-{}", STANDARD.encode(Sha256::digest(&body.as_bytes()[..close]))));
        }
        rest = &body[close..];
    }
    hashes
}

/// Middleware: adds the headers every response carries, keeping a Content-Security-Policy a
/// handler has set (the web app's pages, Swagger UI).
pub async fn add(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let https = req.app_data::<web::Data<AppState>>().is_some_and(|state| state.settings.secure_cookies);
    let swagger = req.path().starts_with("/swagger-ui");
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::CONTENT_SECURITY_POLICY, if swagger { SWAGGER_UI } else { NOTHING });
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<head><script type="module">import init from '/a.js';
await init();</script><script src="/b.js"></script><script>x()</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = STANDARD.encode(Sha256::digest(b"import init from '/a.js';\nawait init();"));
        assert_eq!(hashes[0], format!("sha256-{expected}"));
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
    }

    #[test]
    fn the_socket_origin_follows_the_public_url() {
        assert_eq!(socket_origin("https://calls.example.com/"), "wss://calls.example.com");
        assert_eq!(socket_origin("http://127.0.0.1:8080"), "ws://127.0.0.1:8080");
    }

    #[test]
    fn each_bundle_allows_exactly_its_third_parties() {
        let ws = "wss://calls.example.com";
        let main = page_policy(Bundle::Main, &["sha256-abc".to_owned()], ws);
        assert!(main.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"), "{main}");
        assert!(
            main.contains("frame-ancestors 'none'") && !main.contains("daily") && !main.contains("stripe"),
            "{main}"
        );
        let studio = page_policy(Bundle::Studio, &[], ws);
        assert!(studio.contains("https://js.stripe.com") && !studio.contains("daily"), "{studio}");
        let call = page_policy(Bundle::Call, &[], ws);
        assert!(call.contains("https://*.daily.co") && call.contains("wss://*.daily.co"), "{call}");
        assert!(call.contains("https://js.stripe.com") && call.contains("https://api.stripe.com"), "paying: {call}");
        let admin = page_policy(Bundle::Admin, &[], ws);
        assert!(!admin.contains("https://*") && !admin.contains("stripe"), "{admin}");
        assert!(admin.contains("frame-src 'none'"), "{admin}");
        for policy in [&main, &studio, &call, &admin] {
            assert!(policy.contains("connect-src 'self' wss://calls.example.com"), "the live connection: {policy}");
        }
        for policy in [main, studio, call] {
            assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");
            assert!(!policy.contains("  ") && !policy.contains(" ;"), "{policy}");
        }
    }
}
