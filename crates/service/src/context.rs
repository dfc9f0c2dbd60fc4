//! What every use case and every job runs with: the database, the external providers, the
//! settings, the real-time event hub, and the handle that wakes the job runner. The HTTP layer holds one; the job
//! runner holds the same one, so neither depends on the other.

use std::sync::Arc;

use chrono::Duration;
use providers::daily::VideoRooms;
use providers::email::Mailer;
use providers::payments::PaymentGateway;
use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::events::Events;
use crate::passwords::Hasher;

/// Settings of the use cases, from the server's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people use, for links in e-mails, calendar files and Stripe.
    pub public_url: String,
    /// How long an unpaid booking holds its offer.
    pub booking_hold: Duration,
    /// The cap on one person's unpaid holds and the pause before re-holding an offer.
    pub holds: domain::booking::HoldLimits,
    /// Platform fee, percent of the price (PLATFORM_FEE_PERCENT).
    pub platform_fee_percent: Decimal,
    /// How long before a creator's share is payable (PAYOUT_HOLDING_DAYS, or
    /// PAYOUT_HOLDING_SECONDS in tests).
    pub payout_holding: Duration,
    /// Debt (minor units of the creator's currency) above which admins are told and the
    /// creator's payouts are blocked until it is settled (PAYOUT_DEBT_THRESHOLD).
    pub debt_threshold_minor: i64,
    /// After a call's scheduled end, before Daily ejects its participants and it counts as over.
    pub call_grace: Duration,
    /// Signs guest links (the access tokens' secret).
    pub keys: crate::tokens::JwtKeys,
    /// How long an instant call rings before the server marks it missed (CALL_RING_SECONDS).
    pub ring_timeout: Duration,
    /// Record instant calls in Daily's cloud (DAILY_CLOUD_RECORDING).
    pub cloud_recording: bool,
}

impl Default for Settings {
    fn default() -> Self {
        let mut secret = [0_u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            booking_hold: Duration::minutes(15),
            holds: domain::booking::HoldLimits { max_holds: 3, cooldown: Duration::minutes(15) },
            platform_fee_percent: Decimal::from(15),
            payout_holding: Duration::days(7),
            debt_threshold_minor: 10_000,
            call_grace: domain::call_access::DEFAULT_GRACE,
            keys: crate::tokens::JwtKeys::new(&secret, "http://127.0.0.1:8080"),
            ring_timeout: domain::instant_call::RING_TIMEOUT,
            cloud_recording: false,
        }
    }
}

impl Settings {
    /// An absolute link to a path of the web app.
    pub fn link(&self, route: &api_types::Route) -> String {
        route.url(&self.public_url)
    }

    /// An absolute URL of an API path (`/api/…`).
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}

/// Wakes the job runner so the immediate jobs (rooms, e-mails) run now rather than at their
/// next tick. Cloning shares the same signal.
#[derive(Debug, Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    /// Something was confirmed, cancelled or queued: run the immediate jobs.
    pub fn wake(&self) {
        self.0.notify_one();
    }

    /// Waits until woken.
    pub async fn woken(&self) {
        self.0.notified().await;
    }
}

/// The use cases' world.
#[derive(Clone)]
pub struct Context {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Stripe, or the test-mode stand-in.
    pub payments: Arc<dyn PaymentGateway>,
    /// Daily, when configured (without it calls show the local camera only).
    pub rooms: Option<Arc<dyn VideoRooms>>,
    /// Resend, when configured (else e-mails are captured).
    pub mailer: Option<Arc<dyn Mailer>>,
    /// Settings.
    pub settings: Settings,
    /// Wakes the job runner.
    pub waker: Waker,
    /// Pushes events to open WebSockets (across instances on PostgreSQL).
    pub events: Events,
    /// This server's name in job leases and runs.
    pub runner: String,
    /// The bounded pool every password hash and check goes through.
    pub passwords: Arc<Hasher>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("test_payments", &self.payments.is_test_mode())
            .field("rooms", &self.rooms.is_some())
            .field("mailer", &self.mailer.is_some())
            .field("settings", &self.settings)
            .field("runner", &self.runner)
            .field("shared_events", &self.events.is_shared())
            .finish_non_exhaustive()
    }
}

impl Context {
    /// A context over a database with test-mode payments, no Daily, captured e-mails and
    /// in-process events.
    pub fn new(db: DatabaseConnection, payments: Arc<dyn PaymentGateway>, settings: Settings) -> Self {
        Self {
            db,
            payments,
            rooms: None,
            mailer: None,
            settings,
            waker: Waker::default(),
            events: Events::in_process(),
            runner: format!("callstar-{}", std::process::id()),
            passwords: Arc::new(Hasher::for_this_machine()),
        }
    }

    /// The video rooms, when Daily is configured.
    pub fn rooms(&self) -> Option<&dyn VideoRooms> {
        self.rooms.as_deref()
    }
}
