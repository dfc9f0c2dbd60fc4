//! What every handler can reach: the use cases' context (database, providers, settings,
//! the job runner's wake-up), the token keys, the HTTP layer's settings, limits and metrics.

use std::time::Duration;

use service::Context;
use service::tokens::JwtKeys;

use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;

/// Settings of the HTTP layer, from the server's configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// Requests per minute and client IP on each of register, login and refresh.
    pub auth_rate_limit_per_minute: u32,
    /// Take the client IP from `Forwarded`/`X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy_headers: bool,
    /// The built web app (Trunk's `dist/`).
    pub frontend_dir: std::path::PathBuf,
    /// The signing secret of the Stripe webhook endpoint (platform events).
    pub stripe_webhook_secret: Option<String>,
    /// The signing secret of the Stripe Connect webhook endpoint (connected accounts' events).
    pub stripe_connect_webhook_secret: Option<String>,
    /// The base64 HMAC secret of the Daily webhook.
    pub daily_webhook_secret: Option<String>,
    /// The bearer secret of `/api/cron/{job}` (unset: the endpoints are off).
    pub cron_secret: Option<String>,
}

/// Shared application state, one per server.
#[derive(Debug)]
pub struct AppState {
    /// The use cases' world, shared with the job runner.
    pub ctx: Context,
    /// Access-token keys.
    pub jwt: JwtKeys,
    /// HTTP settings.
    pub settings: Settings,
    /// Per-IP limiter of the authentication endpoints.
    pub auth_limiter: RateLimiter,
    /// Prometheus metrics.
    pub metrics: Metrics,
}

impl AppState {
    /// State over a context, with the given keys and settings.
    pub fn new(ctx: Context, jwt: JwtKeys, settings: Settings) -> Self {
        let auth_limiter = RateLimiter::new(settings.auth_rate_limit_per_minute, Duration::from_secs(60));
        Self { ctx, jwt, settings, auth_limiter, metrics: Metrics::new() }
    }
}
