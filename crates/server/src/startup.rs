//! Building and running the application: connect, migrate, bind, serve.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::{Server, ServerHandle};
use actix_web::{HttpServer, web};
use api::{AppState, Settings};
use providers::daily::{DailyClient, Retry};
use providers::email::ResendMailer;
use providers::payments::{PaymentGateway, TestGateway};
use providers::stripe::StripeGateway;
use service::db::Engine;
use service::events::Events;
use service::tokens::JwtKeys;
use service::{Context, DatabaseConnection};

use crate::Config;

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
    ctx: Context,
    jwt: JwtKeys,
    tasks_interval: std::time::Duration,
    scheduler: bool,
    events_task: Option<tokio::task::JoinHandle<()>>,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listener.
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let acquire = std::time::Duration::from_millis(config.database_acquire_timeout_ms);
        let db = service::db::connect_with(&config.database_url, config.database_max_connections, acquire)
            .await
            .map_err(|err| {
                anyhow::anyhow!(
                    "cannot connect to DATABASE_URL ({}): {err}",
                    crate::config::redact_url(&config.database_url)
                )
            })?;
        service::db::migrate(&db).await.map_err(|err| anyhow::anyhow!("migrations failed: {err}"))?;
        Self::build_with_db(config, db).await
    }

    /// Binds the listener over an already migrated database. On PostgreSQL, real-time
    /// events go through LISTEN/NOTIFY (listening has begun when this returns), so every
    /// instance on the database hears every event; on SQLite they stay in this process.
    pub async fn build_with_db(config: &Config, db: DatabaseConnection) -> anyhow::Result<Self> {
        let (events, events_task) = match Engine::of_url(&config.database_url) {
            Some(Engine::Postgres) => {
                let (events, task) = Events::postgres(db.clone(), &config.database_url)
                    .await
                    .map_err(|err| anyhow::anyhow!("cannot LISTEN for real-time events on DATABASE_URL: {err}"))?;
                (events, Some(task))
            }
            _ => (Events::in_process(), None),
        };
        let listener = TcpListener::bind((config.host.as_str(), config.port))
            .map_err(|err| anyhow::anyhow!("cannot listen on {}:{}: {err}", config.host, config.port))?;
        let port = listener.local_addr()?.port();
        let settings = service::Settings {
            public_url: config.public_url.to_string(),
            booking_hold: chrono::Duration::minutes(config.booking_hold_minutes),
            holds: domain::booking::HoldLimits {
                max_holds: config.max_holds_per_user,
                cooldown: chrono::Duration::minutes(config.booking_hold_minutes),
            },
            platform_fee_percent: config.platform_fee_percent,
            payout_holding: chrono::Duration::seconds(config.payout_holding_seconds),
            debt_threshold_minor: config.payout_debt_threshold_minor,
            call_grace: chrono::Duration::minutes(config.call_grace_minutes),
            keys: JwtKeys::new(&config.jwt_secret, &config.jwt_issuer()),
            ring_timeout: chrono::Duration::seconds(config.call_ring_seconds),
            cloud_recording: config.daily_cloud_recording,
        };
        let gateway: Arc<dyn PaymentGateway> = match &config.stripe {
            Some(stripe) => {
                Arc::new(StripeGateway::new(&stripe.secret_key, &stripe.publishable_key, &stripe.api_base)?)
            }
            None => {
                let why = if config.test_payments { "TEST_PAYMENTS=true" } else { "STRIPE_SECRET_KEY is unset" };
                tracing::warn!("{why}: payments run in test mode (bookings confirm at once, payouts are test payouts)");
                Arc::new(TestGateway)
            }
        };
        let mut ctx = Context::new(db.clone(), gateway, settings);
        ctx.events = events;
        if let Some(instance) = &config.instance {
            ctx.runner = instance.clone();
        }
        match &config.daily {
            Some(daily) => {
                let client = DailyClient::new(&daily.api_key, &daily.api_base, Retry::default())?
                    .with_domain(daily.domain.clone());
                ctx.rooms = Some(Arc::new(client));
            }
            None => tracing::info!("DAILY_API_KEY is unset: calls show the local camera only (no Daily rooms)"),
        }
        match &config.resend {
            Some(resend) => {
                ctx.mailer = Some(Arc::new(ResendMailer::new(&resend.api_key, &resend.base_url, &resend.from)?));
            }
            None => {
                tracing::info!("RESEND_API_KEY is unset: e-mails are captured (kept, readable by admins), not sent")
            }
        }
        let http = Settings {
            secure_cookies: config.secure_cookies(),
            auth_rate_limit_per_minute: config.auth_rate_limit_per_minute,
            auth_account_rate_limit: config.auth_account_rate_limit,
            booking_rate_limit: config.booking_rate_limit,
            proxy: api::client_ip::ProxyTrust {
                enabled: config.trust_proxy_headers,
                proxies: config.trusted_proxies.clone(),
            },
            frontend_dir: config.frontend_dir.clone(),
            stripe_webhook_secret: config.stripe_webhook_secret.clone(),
            stripe_connect_webhook_secret: config.stripe_connect_webhook_secret.clone(),
            daily_webhook_secret: config.daily_webhook_secret.clone(),
            cron_secret: config.cron_secret.clone(),
        };
        if config.cron_secret.is_none() {
            tracing::info!(
                "CRON_SECRET is unset: /api/cron/{{job}} is off (the built-in scheduler still runs every job)"
            );
        }
        if config.daily_webhook_secret.is_none() {
            tracing::info!("DAILY_WEBHOOK_SECRET is unset: /api/webhooks/daily answers 503");
        }
        let jwt = JwtKeys::new(&config.jwt_secret, &config.jwt_issuer());
        let state = web::Data::new(AppState::new(ctx.clone(), jwt.clone(), http));
        let app_state = state.clone();
        let mut server = HttpServer::new(move || api::app(app_state.clone())).shutdown_timeout(10);
        if let Some(workers) = config.http_workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener)?.run();
        let tasks_interval = std::time::Duration::from_secs(config.job_tick_secs);
        let scheduler = config.job_scheduler;
        Ok(Self { port, server, db, ctx, jwt, tasks_interval, scheduler, events_task })
    }

    /// The port actually bound (useful with `PORT=0`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database pool the server uses.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// The keys the server signs and checks access tokens with (tests mint tokens with them).
    pub fn jwt_keys(&self) -> &JwtKeys {
        &self.jwt
    }

    /// The use cases' context the server runs with (tests run jobs through it).
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Serves until stopped (Ctrl-C / SIGTERM, or the handle). Instant calls left ringing by
    /// a previous run are swept first (overdue ones missed, the others' timers re-armed).
    /// The job runner runs alongside (unless JOB_SCHEDULER is off); it and the LISTEN task
    /// stop with the server.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let ctx = self.ctx.clone();
        tokio::spawn(async move {
            match service::calls::resume(&ctx, chrono::Utc::now()).await {
                Ok((missed, rearmed)) if missed + rearmed as u64 > 0 => {
                    tracing::info!(missed, rearmed, "instant calls left ringing were swept")
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::error!(error = %err, "the start-up sweep of ringing calls failed; the job retries")
                }
            }
        });
        let worker = self.scheduler.then(|| tokio::spawn(crate::background::run(self.ctx, self.tasks_interval)));
        let result = self.server.await;
        for task in [worker, self.events_task].into_iter().flatten() {
            task.abort();
        }
        result
    }
}
