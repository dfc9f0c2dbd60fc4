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
    /// How long after a call's scheduled end Daily ejects its participants.
    pub call_grace: chrono::Duration,
    /// The base64 HMAC secret of the Daily webhook.
    pub daily_webhook_secret: Option<String>,
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
    /// Daily, when configured (without it calls show the local camera only).
    pub rooms: Option<std::sync::Arc<dyn providers::daily::VideoRooms>>,
    /// Wakes the background worker that creates missing rooms (after a confirmation).
    pub rooms_wanted: std::sync::Arc<tokio::sync::Notify>,
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
        Self {
            db,
            jwt,
            settings,
            auth_limiter,
            metrics: Metrics::new(),
            gateway,
            rooms: None,
            rooms_wanted: std::sync::Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// The same state with Daily configured.
    #[must_use]
    pub fn with_rooms(mut self, rooms: std::sync::Arc<dyn providers::daily::VideoRooms>) -> Self {
        self.rooms = Some(rooms);
        self
    }

    /// Asks the background worker to create missing rooms now (a booking was confirmed).
    pub fn want_rooms(&self) {
        if self.rooms.is_some() {
            self.rooms_wanted.notify_one();
        }
    }
}
