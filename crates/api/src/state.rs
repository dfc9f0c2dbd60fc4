//! What every handler can reach: the use cases' context (database, providers, settings,
//! the job runner's wake-up), the token keys, the HTTP layer's settings, limits and metrics.

use std::time::Duration;

use service::Context;
use service::tokens::JwtKeys;

use crate::client_ip::ProxyTrust;
use crate::metrics::Metrics;
use crate::rate_limit::{LogThrottle, RateLimiter};

/// Settings of the HTTP layer, from the server's configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// Per minute: registrations and logins per client address, failed refreshes per client
    /// address, and refreshes per session (0 disables every authentication limit).
    pub auth_rate_limit_per_minute: u32,
    /// Failed logins per account in [`ACCOUNT_WINDOW`] before its logins are refused.
    pub auth_account_rate_limit: u32,
    /// Bookings, and payment intents, each account may ask for per [`BOOKING_WINDOW`] (0
    /// disables).
    pub booking_rate_limit: u32,
    /// How to read the client's address (proxy headers, our proxies).
    pub proxy: ProxyTrust,
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
    /// Rate limits.
    pub limits: Limits,
    /// Prometheus metrics.
    pub metrics: Metrics,
}

/// The window of the per-account login limit.
pub const ACCOUNT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The window of the per-account limit on bookings and payment intents.
pub const BOOKING_WINDOW: Duration = Duration::from_secs(60 * 60);

/// Refused cron secrets per client address and minute before every cron request from that
/// address is refused for the rest of the minute.
pub const CRON_FAILURES_PER_MINUTE: u32 = 10;

/// The rate limiters of one server.
#[derive(Debug)]
pub struct Limits {
    /// Per client address and minute: `register`, `login`, and `refresh-failed` (refreshes
    /// with an unknown or dead token; a valid session never fails, so an office of people
    /// behind one address is never refused for refreshing).
    pub per_address: RateLimiter,
    /// Failed logins per account (`login`), in [`ACCOUNT_WINDOW`]: guessing one account's
    /// password from many addresses is as slow as from one.
    pub per_account: RateLimiter,
    /// Refreshes per session and minute (`refresh`).
    pub per_session: RateLimiter,
    /// Refused cron secrets per client address and minute (`cron`).
    pub cron_failures: RateLimiter,
    /// Per signed-in account, in [`BOOKING_WINDOW`]: bookings asked for (`booking`: calls
    /// and appointments a client books) and payment intents (`payment-intent`), every
    /// attempt counted, so one account cannot churn holds or Stripe intents, whatever the
    /// cap on simultaneous holds lets through.
    pub per_user: RateLimiter,
    /// Refused cron secrets reach the system log once per 10 minutes, with their count.
    pub cron_refusals_log: LogThrottle,
}

impl Limits {
    /// Limiters for these settings.
    pub fn new(settings: &Settings) -> Self {
        let minute = Duration::from_secs(60);
        let per_minute = settings.auth_rate_limit_per_minute;
        Self {
            per_address: RateLimiter::new(per_minute, minute),
            per_account: RateLimiter::new(settings.auth_account_rate_limit, ACCOUNT_WINDOW),
            per_session: RateLimiter::new(per_minute, minute),
            cron_failures: RateLimiter::new(CRON_FAILURES_PER_MINUTE, minute),
            per_user: RateLimiter::new(settings.booking_rate_limit, BOOKING_WINDOW),
            cron_refusals_log: LogThrottle::new(Duration::from_secs(600)),
        }
    }
}

impl AppState {
    /// Counts one `bucket` request of a signed-in account; 429 `rate_limited` (with
    /// Retry-After) past [`Settings::booking_rate_limit`] in [`BOOKING_WINDOW`].
    pub fn limit_user(&self, bucket: &'static str, user_id: uuid::Uuid) -> Result<(), crate::ApiError> {
        self.limits
            .per_user
            .check(bucket, crate::rate_limit::Subject::User(user_id))
            .map_err(crate::ApiError::rate_limited)
    }

    /// State over a context, with the given keys and settings.
    pub fn new(ctx: Context, jwt: JwtKeys, settings: Settings) -> Self {
        let limits = Limits::new(&settings);
        Self { ctx, jwt, settings, limits, metrics: Metrics::new() }
    }
}
