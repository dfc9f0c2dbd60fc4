//! What every handler can reach: the database, the token keys, limits and metrics.

use std::time::Duration;

use service::DatabaseConnection;
use service::tokens::JwtKeys;

use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;

/// Settings of the HTTP layer, from the server's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark cookies `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// Requests per minute and client IP on each of register, login and refresh.
    pub auth_rate_limit_per_minute: u32,
    /// Take the client IP from `Forwarded`/`X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy_headers: bool,
    /// The built web app (Trunk's `dist/`).
    pub frontend_dir: std::path::PathBuf,
    /// The address people use (for links sent to Stripe).
    pub public_url: String,
    /// How long an unpaid booking holds its offer.
    pub booking_hold: chrono::Duration,
    /// Platform fee and payout holding.
    pub payments: service::payments::PaymentSettings,
    /// The signing secret of the Stripe webhook endpoint.
    pub stripe_webhook_secret: Option<String>,
}

/// Shared application state, one per server (cloned cheaply into workers).
#[derive(Debug)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Access-token keys.
    pub jwt: JwtKeys,
    /// HTTP settings.
    pub settings: Settings,
    /// Per-IP limiter of the authentication endpoints.
    pub auth_limiter: RateLimiter,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// Stripe, or the test-mode stand-in.
    pub gateway: std::sync::Arc<dyn providers::payments::PaymentGateway>,
}

impl AppState {
    /// State over a database, with the given keys and settings.
    pub fn new(
        db: DatabaseConnection,
        jwt: JwtKeys,
        settings: Settings,
        gateway: std::sync::Arc<dyn providers::payments::PaymentGateway>,
    ) -> Self {
        let auth_limiter = RateLimiter::new(settings.auth_rate_limit_per_minute, Duration::from_secs(60));
        Self { db, jwt, settings, auth_limiter, metrics: Metrics::new(), gateway }
    }
}
