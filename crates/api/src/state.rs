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
    /// The bearer secret of `/api/cron/{job}` (unset: the endpoints are off).
    pub cron_secret: Option<String>,
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
    /// Resend, when configured (else e-mails are captured).
    pub mailer: Option<std::sync::Arc<dyn providers::email::Mailer>>,
    /// Wakes the job runner for the immediate jobs (rooms, e-mails) after a change.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
    /// This server's name in job leases and runs.
    pub runner: String,
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
            mailer: None,
            wake: std::sync::Arc::new(tokio::sync::Notify::new()),
            runner: format!("callstar-{}", std::process::id()),
        }
    }

    /// The same state with Resend configured.
    #[must_use]
    pub fn with_mailer(mut self, mailer: std::sync::Arc<dyn providers::email::Mailer>) -> Self {
        self.mailer = Some(mailer);
        self
    }

    /// What jobs run with.
    pub fn job_context(&self) -> service::jobs::JobContext {
        service::jobs::JobContext {
            db: self.db.clone(),
            rooms: self.rooms.clone(),
            mailer: self.mailer.clone(),
            public_url: self.settings.public_url.clone(),
            call_grace: self.settings.call_grace,
            runner: self.runner.clone(),
        }
    }

    /// The same state with Daily configured.
    #[must_use]
    pub fn with_rooms(mut self, rooms: std::sync::Arc<dyn providers::daily::VideoRooms>) -> Self {
        self.rooms = Some(rooms);
        self
    }

    /// Asks the job runner to create rooms and deliver e-mails now (something was confirmed,
    /// cancelled or queued).
    pub fn kick(&self) {
        self.wake.notify_one();
    }
}
