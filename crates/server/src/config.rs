//! Configuration from environment variables (and an optional `.env`), each checked, with
//! an error naming the variable when a value is invalid.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use service::db::Engine;
use url::Url;

/// Minimum length of `JWT_SECRET`, in bytes.
pub const MIN_JWT_SECRET_LEN: usize = 32;

/// An invalid or missing configuration value.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub var: &'static str,
    /// What is wrong with it.
    pub message: String,
}

fn invalid(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError { var, message: message.into() }
}

/// Where the JWT secret came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretSource {
    /// `JWT_SECRET`.
    Environment,
    /// A development secret kept under the data directory.
    DataDir,
    /// Just generated and stored under the data directory.
    Generated,
}

/// The whole server configuration.
#[derive(Clone)]
pub struct Config {
    /// Interface to bind (`HOST`, default 127.0.0.1).
    pub host: String,
    /// Port to bind (`PORT`, default 8080; 0 picks a free one).
    pub port: u16,
    /// `DATABASE_URL`; default: a SQLite file under the data directory.
    pub database_url: String,
    /// Whether `DATABASE_URL` was set (rather than the development default).
    pub database_url_set: bool,
    /// Directory for the default database and the development secret (`DATA_DIR`, default ./data).
    pub data_dir: PathBuf,
    /// The HMAC secret of access tokens.
    pub jwt_secret: Vec<u8>,
    /// Where the secret came from (for the start-up log).
    pub jwt_secret_source: SecretSource,
    /// The URL people reach the app at (`PUBLIC_URL`); https makes cookies Secure.
    pub public_url: Url,
    /// `CALLSTAR_ENV=production`: the [`PRODUCTION_CHECKS`] must pass.
    pub production: bool,
    /// `AUTH_RATE_LIMIT`: requests per minute and IP on register, login and refresh (0 disables).
    pub auth_rate_limit_per_minute: u32,
    /// `AUTH_ACCOUNT_RATE_LIMIT`: failed logins per account in 15 minutes (0 disables).
    pub auth_account_rate_limit: u32,
    /// `BOOKING_RATE_LIMIT`: bookings, and payment intents, per account and hour (0 disables).
    pub booking_rate_limit: u32,
    /// `TRUST_PROXY_HEADERS`: take the client IP from X-Forwarded-For (only behind a proxy you run).
    pub trust_proxy_headers: bool,
    /// `TRUSTED_PROXIES`: the addresses of your proxies (IPs or CIDR blocks); the client is the
    /// rightmost forwarded hop that is not one of them. Empty: the TCP peer is the only proxy.
    pub trusted_proxies: Vec<api::client_ip::IpNet>,
    /// `DATABASE_MAX_CONNECTIONS` (default 10).
    pub database_max_connections: u32,
    /// `DATABASE_ACQUIRE_TIMEOUT_MS` (default 5000): how long a request waits for a pooled
    /// connection before it is answered 503 with `Retry-After`.
    pub database_acquire_timeout_ms: u64,
    /// `HTTP_WORKERS` (default: one per core).
    pub http_workers: Option<usize>,
    /// `FRONTEND_DIR`: the built web app (default `frontend/dist`).
    pub frontend_dir: PathBuf,
    /// Stripe credentials; `None` means test-mode payments.
    pub stripe: Option<StripeConfig>,
    /// `STRIPE_WEBHOOK_SECRET`: the signing secret of the platform webhook endpoint.
    pub stripe_webhook_secret: Option<String>,
    /// `STRIPE_CONNECT_WEBHOOK_SECRET`: the signing secret of the Connect webhook endpoint
    /// (payouts and account changes of connected accounts).
    pub stripe_connect_webhook_secret: Option<String>,
    /// `TEST_PAYMENTS=true`: test payments chosen on purpose (no Stripe key, or a Stripe test
    /// key), which production otherwise refuses.
    pub test_payments: bool,
    /// `PAYOUT_DEBT_THRESHOLD` (default 100.00), in minor units of any currency: a creator's
    /// debt above it blocks their payouts and alerts admins.
    pub payout_debt_threshold_minor: i64,
    /// `PLATFORM_FEE_PERCENT` (default 15).
    pub platform_fee_percent: rust_decimal::Decimal,
    /// How long, in seconds, before a creator's share is payable: `PAYOUT_HOLDING_DAYS`
    /// (default 7), or `PAYOUT_HOLDING_SECONDS` when set (tests that watch a share go from
    /// pending to available without waiting days).
    pub payout_holding_seconds: i64,
    /// `BOOKING_HOLD_MINUTES`: how long an unpaid booking holds its offer (default 15).
    pub booking_hold_minutes: i64,
    /// `MAX_HOLDS_PER_USER` (default 3): unpaid holds one person may have at once.
    pub max_holds_per_user: u32,
    /// Daily.co, when `DAILY_API_KEY` is set.
    pub daily: Option<DailyConfig>,
    /// `DAILY_WEBHOOK_SECRET`: the base64 HMAC secret of the Daily webhook.
    pub daily_webhook_secret: Option<String>,
    /// `CALL_GRACE_MINUTES` (default 5): Daily ejects participants this long after the end.
    pub call_grace_minutes: i64,
    /// `CALL_RING_SECONDS` (default 30): how long an instant call rings before it is missed.
    pub call_ring_seconds: i64,
    /// `DAILY_CLOUD_RECORDING` (default false): record instant calls in Daily's cloud.
    pub daily_cloud_recording: bool,
    /// `JOB_TICK_SECS` (default 15): how often the job runner looks for due jobs.
    pub job_tick_secs: u64,
    /// `JOB_SCHEDULER` (default true): run the built-in job runner. Tests turn it off and run
    /// jobs themselves; an external scheduler can use `/api/cron/{job}` instead.
    pub job_scheduler: bool,
    /// `CRON_SECRET`: the bearer secret of `/api/cron/{job}` (unset: endpoints off).
    pub cron_secret: Option<String>,
    /// Resend, when `RESEND_API_KEY` is set (else e-mails are captured).
    pub resend: Option<ResendConfig>,
    /// `CALLSTAR_INSTANCE`: this instance's name in job runs (default `callstar-<pid>`).
    pub instance: Option<String>,
}

/// Resend credentials.
#[derive(Clone)]
pub struct ResendConfig {
    /// `RESEND_API_KEY`.
    pub api_key: String,
    /// `RESEND_BASE_URL` (default `https://api.resend.com`).
    pub base_url: String,
    /// `EMAIL_FROM` (default `Callstar <no-reply@callstar.app>`).
    pub from: String,
}

impl std::fmt::Debug for ResendConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResendConfig")
            .field("base_url", &self.base_url)
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// Daily.co credentials.
#[derive(Clone)]
pub struct DailyConfig {
    /// `DAILY_API_KEY`.
    pub api_key: String,
    /// `DAILY_API_BASE` (default `https://api.daily.co/v1`).
    pub api_base: String,
    /// `DAILY_DOMAIN` (`yourteam.daily.co`), optional.
    pub domain: Option<String>,
}

impl std::fmt::Debug for DailyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DailyConfig")
            .field("api_base", &self.api_base)
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

/// Stripe API credentials.
#[derive(Clone)]
pub struct StripeConfig {
    /// `STRIPE_SECRET_KEY`.
    pub secret_key: String,
    /// `STRIPE_PUBLISHABLE_KEY`.
    pub publishable_key: String,
    /// `STRIPE_API_BASE` (default `https://api.stripe.com`).
    pub api_base: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &redact_url(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("jwt_secret", &"<redacted>")
            .field("public_url", &self.public_url.as_str())
            .field("production", &self.production)
            .finish_non_exhaustive()
    }
}

/// A setting that is fine in development and unsafe in production. `CALLSTAR_ENV=production`
/// refuses to start while any check refuses, with the setting's name and the reason.
#[derive(Debug, Clone, Copy)]
pub struct ProductionCheck {
    /// The environment variable to change.
    pub setting: &'static str,
    /// Why the configuration is unsafe, or `None` when it is fine.
    pub refuses: fn(&Config) -> Option<String>,
}

/// Everything `CALLSTAR_ENV=production` refuses. A feature with settings of its own adds its
/// checks here (one entry each, with a CLI test in `tests/cli.rs`).
pub const PRODUCTION_CHECKS: &[ProductionCheck] = &[
    ProductionCheck {
        setting: "PUBLIC_URL",
        refuses: |c| {
            (c.public_url.scheme() != "https").then(|| {
                format!(
                    "is {}, not https: cookies would not be Secure and sessions would cross the network in clear",
                    c.public_url
                )
            })
        },
    },
    ProductionCheck {
        setting: "DATABASE_URL",
        refuses: |c| {
            (!c.database_url_set).then(|| {
                "is unset, so the data would go to a SQLite file under DATA_DIR: set it (postgres://… is the \
                 production database; sqlite://… if that is what you mean)"
                    .to_owned()
            })
        },
    },
    ProductionCheck {
        setting: "STRIPE_SECRET_KEY",
        refuses: |c| match &c.stripe {
            None if !c.test_payments => Some(
                "is unset, so bookings would be confirmed without any payment (test mode): set it, or set \
                 TEST_PAYMENTS=true to choose test payments on purpose"
                    .to_owned(),
            ),
            Some(stripe) if is_test_key(&stripe.secret_key) && !c.test_payments => Some(
                "is a test key (sk_test_…), so no money would move: use a live key, or set TEST_PAYMENTS=true to \
                 choose test payments on purpose"
                    .to_owned(),
            ),
            _ => None,
        },
    },
    ProductionCheck {
        setting: "STRIPE_WEBHOOK_SECRET",
        refuses: |c| {
            (c.stripe.is_some() && c.stripe_webhook_secret.is_none()).then(|| {
                "is unset while Stripe is configured: Stripe's events could not be verified, so no payment \
                 would ever be confirmed"
                    .to_owned()
            })
        },
    },
    ProductionCheck {
        setting: "STRIPE_CONNECT_WEBHOOK_SECRET",
        refuses: |c| {
            (c.stripe.is_some() && c.stripe_connect_webhook_secret.is_none()).then(|| {
                "is unset while Stripe is configured: payouts and connected accounts' changes could not be \
                 verified, so no payout would ever complete"
                    .to_owned()
            })
        },
    },
    ProductionCheck {
        setting: "DAILY_WEBHOOK_SECRET",
        refuses: |c| {
            (c.daily.is_some() && c.daily_webhook_secret.is_none()).then(|| {
                "is unset while Daily is configured: Daily's events (who joined, when the call ended) could not \
                 be verified"
                    .to_owned()
            })
        },
    },
    ProductionCheck {
        setting: "AUTH_RATE_LIMIT",
        refuses: |c| {
            (c.auth_rate_limit_per_minute == 0)
                .then(|| "is 0: logins and registrations would not be rate limited".to_owned())
        },
    },
    ProductionCheck {
        setting: "STRIPE_API_BASE",
        refuses: |c| c.stripe.as_ref().and_then(|s| plain_http(&s.api_base)),
    },
    ProductionCheck { setting: "DAILY_API_BASE", refuses: |c| c.daily.as_ref().and_then(|d| plain_http(&d.api_base)) },
    ProductionCheck {
        setting: "RESEND_BASE_URL",
        refuses: |c| c.resend.as_ref().and_then(|r| plain_http(&r.base_url)),
    },
];

fn is_test_key(key: &str) -> bool {
    key.starts_with("sk_test_") || key.starts_with("rk_test_")
}

fn plain_http(url: &str) -> Option<String> {
    url.starts_with("http://").then(|| format!("is {url}: the API key would cross the network in clear"))
}

/// The URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

impl Config {
    /// Reads the process environment (after loading `.env` when present).
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_vars(&std::env::vars().collect())
    }

    /// Reads configuration from a map of variables (the environment, or a test's).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());

        let production = match get("CALLSTAR_ENV") {
            None | Some("development") | Some("test") => false,
            Some("production") => true,
            Some(other) => {
                return Err(invalid("CALLSTAR_ENV", format!("must be development or production, not {other:?}")));
            }
        };
        let host = get("HOST").unwrap_or("127.0.0.1").to_owned();
        if host.parse::<std::net::IpAddr>().is_err() && host != "localhost" {
            return Err(invalid("HOST", format!("must be an IP address such as 127.0.0.1 or 0.0.0.0, not {host:?}")));
        }
        let port = parse_number::<u16>(get("PORT"), "PORT", 8080)?;
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or("./data"));

        let database_url = match get("DATABASE_URL") {
            Some(url) => {
                if Engine::of_url(url).is_none() {
                    return Err(invalid(
                        "DATABASE_URL",
                        "must start with sqlite:// or postgres:// (for example postgres://user:pass@localhost/callstar)",
                    ));
                }
                url.to_owned()
            }
            None => default_sqlite_url(&data_dir)?,
        };

        let (jwt_secret, jwt_secret_source) = match get("JWT_SECRET") {
            Some(secret) if secret.len() >= MIN_JWT_SECRET_LEN => {
                (secret.as_bytes().to_vec(), SecretSource::Environment)
            }
            Some(_) => {
                return Err(invalid("JWT_SECRET", format!("must be at least {MIN_JWT_SECRET_LEN} bytes long")));
            }
            None if production => {
                return Err(invalid("JWT_SECRET", "is required when CALLSTAR_ENV=production"));
            }
            None => development_secret(&data_dir)?,
        };

        let public_url_default = format!("http://{host}:{port}");
        let public_url_text = get("PUBLIC_URL").unwrap_or(&public_url_default);
        let public_url = Url::parse(public_url_text)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| invalid("PUBLIC_URL", format!("must be an http(s) URL, not {public_url_text:?}")))?;

        let config = Self {
            host,
            port,
            database_url,
            database_url_set: get("DATABASE_URL").is_some(),
            data_dir,
            jwt_secret,
            jwt_secret_source,
            public_url,
            production,
            auth_rate_limit_per_minute: parse_number(get("AUTH_RATE_LIMIT"), "AUTH_RATE_LIMIT", 20)?,
            auth_account_rate_limit: parse_number(get("AUTH_ACCOUNT_RATE_LIMIT"), "AUTH_ACCOUNT_RATE_LIMIT", 10)?,
            booking_rate_limit: parse_number(get("BOOKING_RATE_LIMIT"), "BOOKING_RATE_LIMIT", 30)?,
            trust_proxy_headers: parse_bool(get("TRUST_PROXY_HEADERS"), "TRUST_PROXY_HEADERS")?,
            trusted_proxies: get("TRUSTED_PROXIES")
                .map(|list| {
                    list.split(',')
                        .filter(|n| !n.trim().is_empty())
                        .map(|n| n.parse().map_err(|err: String| invalid("TRUSTED_PROXIES", err)))
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?
                .unwrap_or_default(),
            database_acquire_timeout_ms: parse_number::<u32>(
                get("DATABASE_ACQUIRE_TIMEOUT_MS"),
                "DATABASE_ACQUIRE_TIMEOUT_MS",
                5000,
            )?
            .max(1)
            .into(),
            database_max_connections: parse_number(get("DATABASE_MAX_CONNECTIONS"), "DATABASE_MAX_CONNECTIONS", 10)?
                .max(1),
            http_workers: get("HTTP_WORKERS")
                .map(|v| v.parse::<usize>().ok().filter(|n| *n > 0))
                .map(|v| v.ok_or_else(|| invalid("HTTP_WORKERS", "must be a positive integer")))
                .transpose()?,
            frontend_dir: PathBuf::from(get("FRONTEND_DIR").unwrap_or("frontend/dist")),
            stripe: payments_config(&get, production)?,
            stripe_webhook_secret: get("STRIPE_WEBHOOK_SECRET").map(str::to_owned),
            stripe_connect_webhook_secret: get("STRIPE_CONNECT_WEBHOOK_SECRET").map(str::to_owned),
            test_payments: parse_bool(get("TEST_PAYMENTS"), "TEST_PAYMENTS")?,
            payout_debt_threshold_minor: match get("PAYOUT_DEBT_THRESHOLD") {
                None => 10_000,
                Some(v) => v
                    .parse::<rust_decimal::Decimal>()
                    .ok()
                    .filter(|d| *d >= rust_decimal::Decimal::ZERO && d.normalize().scale() <= 2)
                    .and_then(|d| i64::try_from(d * rust_decimal::Decimal::ONE_HUNDRED).ok())
                    .ok_or_else(|| {
                        invalid("PAYOUT_DEBT_THRESHOLD", format!("must be an amount such as 100 or 250.50, not {v:?}"))
                    })?,
            },
            platform_fee_percent: match get("PLATFORM_FEE_PERCENT") {
                None => rust_decimal::Decimal::from(15),
                Some(v) => v
                    .parse::<rust_decimal::Decimal>()
                    .ok()
                    .filter(|p| *p >= rust_decimal::Decimal::ZERO && *p <= rust_decimal::Decimal::ONE_HUNDRED)
                    .ok_or_else(|| {
                        invalid("PLATFORM_FEE_PERCENT", format!("must be a number from 0 to 100, not {v:?}"))
                    })?,
            },
            payout_holding_seconds: match get("PAYOUT_HOLDING_SECONDS") {
                Some(seconds) => parse_number::<u32>(Some(seconds), "PAYOUT_HOLDING_SECONDS", 0)?.into(),
                None => i64::from(parse_number::<u16>(get("PAYOUT_HOLDING_DAYS"), "PAYOUT_HOLDING_DAYS", 7)?) * 86_400,
            },
            booking_hold_minutes: parse_number::<u16>(get("BOOKING_HOLD_MINUTES"), "BOOKING_HOLD_MINUTES", 15)?
                .max(1)
                .into(),
            max_holds_per_user: parse_number::<u8>(get("MAX_HOLDS_PER_USER"), "MAX_HOLDS_PER_USER", 3)?.max(1).into(),
            daily: daily_config(&get)?,
            daily_webhook_secret: match get("DAILY_WEBHOOK_SECRET") {
                Some(secret) if base64::Engine::decode(&base64::engine::general_purpose::STANDARD, secret).is_err() => {
                    return Err(invalid("DAILY_WEBHOOK_SECRET", "must be base64 (the `hmac` value Daily returns)"));
                }
                other => other.map(str::to_owned),
            },
            call_grace_minutes: parse_number::<u16>(get("CALL_GRACE_MINUTES"), "CALL_GRACE_MINUTES", 5)?.into(),
            call_ring_seconds: match parse_number::<u16>(get("CALL_RING_SECONDS"), "CALL_RING_SECONDS", 30)? {
                0 => return Err(invalid("CALL_RING_SECONDS", "must be at least 1")),
                seconds => seconds.into(),
            },
            daily_cloud_recording: parse_bool(get("DAILY_CLOUD_RECORDING"), "DAILY_CLOUD_RECORDING")?,
            job_tick_secs: parse_number::<u32>(get("JOB_TICK_SECS"), "JOB_TICK_SECS", 15)?.max(1).into(),
            job_scheduler: get("JOB_SCHEDULER").is_none() || parse_bool(get("JOB_SCHEDULER"), "JOB_SCHEDULER")?,
            cron_secret: match get("CRON_SECRET") {
                Some(secret) if secret.len() < 16 => {
                    return Err(invalid("CRON_SECRET", "must be at least 16 characters long"));
                }
                other => other.map(str::to_owned),
            },
            resend: resend_config(&get)?,
            instance: get("CALLSTAR_INSTANCE").map(str::to_owned),
        };
        if config.production {
            config.check_production()?;
        }
        Ok(config)
    }

    /// The first of the [`PRODUCTION_CHECKS`] this configuration fails, naming its setting.
    pub fn check_production(&self) -> Result<(), ConfigError> {
        for check in PRODUCTION_CHECKS {
            if let Some(why) = (check.refuses)(self) {
                return Err(invalid(check.setting, format!("{why} (refused because CALLSTAR_ENV=production)")));
            }
        }
        Ok(())
    }

    /// Whether cookies must be marked Secure.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The issuer of access tokens: the public URL's origin (`https://calls.example.com`).
    pub fn jwt_issuer(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

/// The Stripe variables a server that takes real payments needs.
const STRIPE_VARIABLES: &str =
    "STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_CONNECT_WEBHOOK_SECRET";

/// Real payments (Stripe, every secret it needs) or test payments — chosen explicitly with
/// `TEST_PAYMENTS=true` in production, never by forgetting a key.
fn payments_config<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    production: bool,
) -> Result<Option<StripeConfig>, ConfigError> {
    let test_payments = parse_bool(get("TEST_PAYMENTS"), "TEST_PAYMENTS")?;
    let stripe = stripe_config(get)?;
    match (&stripe, test_payments) {
        (Some(live), true) if !is_test_key(&live.secret_key) => {
            return Err(invalid("TEST_PAYMENTS", "cannot be true with a live STRIPE_SECRET_KEY: choose one"));
        }
        (None, false) if production => {
            return Err(invalid(
                "STRIPE_SECRET_KEY",
                format!(
                    "is required when CALLSTAR_ENV=production: set {STRIPE_VARIABLES}, or TEST_PAYMENTS=true to run with test payments on purpose"
                ),
            ));
        }
        _ => {}
    }
    if stripe.is_some() {
        for var in ["STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET"] {
            if get(var).is_none_or(|secret| !secret.starts_with("whsec_")) {
                return Err(invalid(
                    var,
                    format!(
                        "must be set (whsec_…) when STRIPE_SECRET_KEY is: Stripe's events are how payments and payouts complete ({STRIPE_VARIABLES})"
                    ),
                ));
            }
        }
    }
    Ok(stripe)
}

fn stripe_config<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Option<StripeConfig>, ConfigError> {
    let Some(secret_key) = get("STRIPE_SECRET_KEY") else { return Ok(None) };
    if !secret_key.starts_with("sk_") && !secret_key.starts_with("rk_") {
        return Err(invalid("STRIPE_SECRET_KEY", "must be a Stripe secret key (sk_test_… or sk_live_…)"));
    }
    let publishable_key = get("STRIPE_PUBLISHABLE_KEY")
        .filter(|k| k.starts_with("pk_"))
        .ok_or_else(|| invalid("STRIPE_PUBLISHABLE_KEY", "must be set (pk_…) when STRIPE_SECRET_KEY is"))?;
    let api_base = get("STRIPE_API_BASE").unwrap_or("https://api.stripe.com");
    if Url::parse(api_base).map(|u| !matches!(u.scheme(), "http" | "https")).unwrap_or(true) {
        return Err(invalid("STRIPE_API_BASE", format!("must be an http(s) URL, not {api_base:?}")));
    }
    Ok(Some(StripeConfig {
        secret_key: secret_key.to_owned(),
        publishable_key: publishable_key.to_owned(),
        api_base: api_base.to_owned(),
    }))
}

fn resend_config<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Option<ResendConfig>, ConfigError> {
    let Some(api_key) = get("RESEND_API_KEY") else { return Ok(None) };
    let base_url = get("RESEND_BASE_URL").unwrap_or("https://api.resend.com");
    if Url::parse(base_url).map(|u| !matches!(u.scheme(), "http" | "https")).unwrap_or(true) {
        return Err(invalid("RESEND_BASE_URL", format!("must be an http(s) URL, not {base_url:?}")));
    }
    let from = get("EMAIL_FROM").unwrap_or("Callstar <no-reply@callstar.app>");
    if !from.contains('@') {
        return Err(invalid("EMAIL_FROM", "must be an address such as `Callstar <hello@example.com>`"));
    }
    Ok(Some(ResendConfig { api_key: api_key.to_owned(), base_url: base_url.to_owned(), from: from.to_owned() }))
}

fn daily_config<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Option<DailyConfig>, ConfigError> {
    let Some(api_key) = get("DAILY_API_KEY") else { return Ok(None) };
    let api_base = get("DAILY_API_BASE").unwrap_or("https://api.daily.co/v1");
    if Url::parse(api_base).map(|u| !matches!(u.scheme(), "http" | "https")).unwrap_or(true) {
        return Err(invalid("DAILY_API_BASE", format!("must be an http(s) URL, not {api_base:?}")));
    }
    Ok(Some(DailyConfig {
        api_key: api_key.to_owned(),
        api_base: api_base.to_owned(),
        domain: get("DAILY_DOMAIN").map(str::to_owned),
    }))
}

fn parse_number<T: std::str::FromStr>(value: Option<&str>, var: &'static str, default: T) -> Result<T, ConfigError> {
    value.map_or(Ok(default), |v| v.parse().map_err(|_| invalid(var, format!("must be a whole number, not {v:?}"))))
}

fn parse_bool(value: Option<&str>, var: &'static str) -> Result<bool, ConfigError> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("0" | "false" | "no" | "off") => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some(other) => Err(invalid(var, format!("must be true or false, not {other:?}"))),
    }
}

fn default_sqlite_url(data_dir: &Path) -> Result<String, ConfigError> {
    std::fs::create_dir_all(data_dir)
        .map_err(|err| invalid("DATA_DIR", format!("cannot create {}: {err}", data_dir.display())))?;
    Ok(format!("sqlite://{}?mode=rwc", data_dir.join("callstar.db").display()))
}

/// Reads the development secret under the data directory, creating it when missing.
fn development_secret(data_dir: &Path) -> Result<(Vec<u8>, SecretSource), ConfigError> {
    let path = data_dir.join("jwt_secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim();
        if existing.len() >= MIN_JWT_SECRET_LEN {
            return Ok((existing.as_bytes().to_vec(), SecretSource::DataDir));
        }
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|err| invalid("DATA_DIR", format!("cannot create {}: {err}", data_dir.display())))?;
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = STANDARD.encode(bytes);
    write_private(&path, &secret)
        .map_err(|err| invalid("JWT_SECRET", format!("is unset and {} cannot be written: {err}", path.display())))?;
    Ok((secret.into_bytes(), SecretSource::Generated))
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("callstar-config-{}", rand::rng().next_u64()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn defaults_give_a_sqlite_dev_setup_with_a_kept_secret() {
        let dir = temp_dir();
        let data = dir.to_str().unwrap();
        let config = Config::from_vars(&vars(&[("DATA_DIR", data)])).unwrap();
        assert_eq!(config.host, "127.0.0.1");
        assert_eq!(config.port, 8080);
        assert!(config.database_url.starts_with("sqlite://"));
        assert!(config.database_url.ends_with("callstar.db?mode=rwc"));
        assert_eq!(config.jwt_secret_source, SecretSource::Generated);
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:8080/");
        let again = Config::from_vars(&vars(&[("DATA_DIR", data)])).unwrap();
        assert_eq!(again.jwt_secret_source, SecretSource::DataDir);
        assert_eq!(again.jwt_secret, config.jwt_secret);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_holding_period_is_in_days_or_in_seconds_for_tests() {
        let dir = temp_dir();
        let data = ("DATA_DIR", dir.to_str().unwrap());
        let holding = |pairs: &[(&str, &str)]| {
            Config::from_vars(&vars(&[pairs, &[data]].concat())).map(|c| c.payout_holding_seconds)
        };
        assert_eq!(holding(&[]).unwrap(), 7 * 86_400);
        assert_eq!(holding(&[("PAYOUT_HOLDING_DAYS", "14")]).unwrap(), 14 * 86_400);
        assert_eq!(holding(&[("PAYOUT_HOLDING_DAYS", "14"), ("PAYOUT_HOLDING_SECONDS", "30")]).unwrap(), 30);
        assert_eq!(holding(&[("PAYOUT_HOLDING_SECONDS", "soon")]).unwrap_err().var, "PAYOUT_HOLDING_SECONDS");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn production_requires_a_jwt_secret() {
        let err = Config::from_vars(&vars(&[("CALLSTAR_ENV", "production")])).unwrap_err();
        assert_eq!(err.var, "JWT_SECRET");
        let ok = Config::from_vars(&vars(PRODUCTION)).unwrap();
        assert!(ok.production);
        assert_eq!(ok.jwt_secret_source, SecretSource::Environment);
    }

    /// Production without any payment setting.
    const MINIMAL: [(&str, &str); 4] = [
        ("CALLSTAR_ENV", "production"),
        ("JWT_SECRET", "a-very-long-secret-of-more-than-32-bytes"),
        ("DATABASE_URL", "postgres://callstar:pw@db/callstar"),
        ("PUBLIC_URL", "https://calls.example.com"),
    ];
    const STRIPE: [(&str, &str); 4] = [
        ("STRIPE_SECRET_KEY", "sk_live_callstar"),
        ("STRIPE_PUBLISHABLE_KEY", "pk_live_callstar"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_platform"),
        ("STRIPE_CONNECT_WEBHOOK_SECRET", "whsec_connect"),
    ];

    #[test]
    fn production_takes_real_payments_unless_test_payments_are_chosen() {
        let err = Config::from_vars(&vars(&MINIMAL)).unwrap_err();
        assert_eq!(err.var, "STRIPE_SECRET_KEY");
        for named in
            ["STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET", "TEST_PAYMENTS=true"]
        {
            assert!(err.message.contains(named), "the message names {named}: {err}");
        }
        let with_stripe: Vec<_> = MINIMAL.iter().chain(STRIPE.iter()).copied().collect();
        let config = Config::from_vars(&vars(&with_stripe)).unwrap();
        assert!(config.stripe.is_some() && !config.test_payments);
        let test: Vec<_> = MINIMAL.iter().chain([("TEST_PAYMENTS", "true")].iter()).copied().collect();
        let config = Config::from_vars(&vars(&test)).unwrap();
        assert!(config.stripe.is_none() && config.test_payments);
        let both: Vec<_> = with_stripe.iter().chain([("TEST_PAYMENTS", "yes")].iter()).copied().collect();
        assert_eq!(Config::from_vars(&vars(&both)).unwrap_err().var, "TEST_PAYMENTS", "one or the other");
    }

    #[test]
    fn a_stripe_key_needs_both_webhook_secrets() {
        let dir = temp_dir();
        let data = ("DATA_DIR", dir.to_str().unwrap());
        for missing in ["STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET"] {
            let mut pairs: Vec<_> = STRIPE.iter().filter(|(k, _)| *k != missing).copied().collect();
            pairs.push(data);
            let err = Config::from_vars(&vars(&pairs)).unwrap_err();
            assert_eq!(err.var, missing, "{err}");
        }
        let mut pairs: Vec<_> = STRIPE.to_vec();
        pairs.push(data);
        pairs.push(("PAYOUT_DEBT_THRESHOLD", "250.50"));
        let config = Config::from_vars(&vars(&pairs)).unwrap();
        assert_eq!(config.payout_debt_threshold_minor, 25_050);
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// A production configuration every check accepts.
    const PRODUCTION: &[(&str, &str)] = &[
        ("CALLSTAR_ENV", "production"),
        ("JWT_SECRET", "a-very-long-secret-of-more-than-32-bytes"),
        ("DATABASE_URL", "postgres://callstar:pw@db/callstar"),
        ("PUBLIC_URL", "https://calls.example.com"),
        ("STRIPE_SECRET_KEY", "sk_live_0123456789"),
        ("STRIPE_PUBLISHABLE_KEY", "pk_live_0123456789"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_0123456789"),
        ("STRIPE_CONNECT_WEBHOOK_SECRET", "whsec_connect0123"),
    ];

    #[test]
    fn production_refuses_each_development_setting_by_name() {
        let with = |changes: &[(&str, &str)]| {
            let mut all = vars(PRODUCTION);
            for (k, v) in changes {
                if v.is_empty() {
                    all.remove(*k);
                } else {
                    all.insert((*k).to_owned(), (*v).to_owned());
                }
            }
            Config::from_vars(&all)
        };
        for (setting, changes) in [
            ("PUBLIC_URL", &[("PUBLIC_URL", "http://calls.example.com")][..]),
            ("DATABASE_URL", &[("DATABASE_URL", "")]),
            ("STRIPE_SECRET_KEY", &[("STRIPE_SECRET_KEY", ""), ("STRIPE_WEBHOOK_SECRET", "")]),
            ("STRIPE_SECRET_KEY", &[("STRIPE_SECRET_KEY", "sk_test_0123"), ("STRIPE_PUBLISHABLE_KEY", "pk_test_0123")]),
            ("STRIPE_WEBHOOK_SECRET", &[("STRIPE_WEBHOOK_SECRET", "")]),
            ("STRIPE_CONNECT_WEBHOOK_SECRET", &[("STRIPE_CONNECT_WEBHOOK_SECRET", "")]),
            ("DAILY_WEBHOOK_SECRET", &[("DAILY_API_KEY", "daily-key")]),
            ("AUTH_RATE_LIMIT", &[("AUTH_RATE_LIMIT", "0")]),
            ("STRIPE_API_BASE", &[("STRIPE_API_BASE", "http://stripe.internal")]),
            ("RESEND_BASE_URL", &[("RESEND_API_KEY", "re_0123"), ("RESEND_BASE_URL", "http://resend.internal")]),
        ] {
            let err = with(changes).expect_err(setting);
            assert_eq!(err.var, setting, "{err}");
        }
        // Test payments chosen on purpose are accepted, without a key or with a test key.
        assert!(with(&[("STRIPE_SECRET_KEY", ""), ("STRIPE_WEBHOOK_SECRET", ""), ("TEST_PAYMENTS", "true")]).is_ok());
        let test_key = [
            ("STRIPE_SECRET_KEY", "sk_test_0123"),
            ("STRIPE_PUBLISHABLE_KEY", "pk_test_0123"),
            ("TEST_PAYMENTS", "true"),
        ];
        assert!(with(&test_key).is_ok());
        // Development accepts all of it.
        assert!(
            with(&[("CALLSTAR_ENV", "development"), ("PUBLIC_URL", "http://localhost:8080"), ("AUTH_RATE_LIMIT", "0")])
                .is_ok()
        );
    }

    #[test]
    fn invalid_values_name_their_variable() {
        let dir = temp_dir();
        for (var, value) in [
            ("PORT", "eighty"),
            ("PORT", "70000"),
            ("HOST", "not a host"),
            ("DATABASE_URL", "mysql://x"),
            ("JWT_SECRET", "short"),
            ("PUBLIC_URL", "ftp://example.com"),
            ("CALLSTAR_ENV", "staging"),
            ("AUTH_RATE_LIMIT", "-1"),
            ("TRUST_PROXY_HEADERS", "maybe"),
            ("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal"),
            ("AUTH_ACCOUNT_RATE_LIMIT", "many"),
            ("BOOKING_RATE_LIMIT", "-3"),
            ("HTTP_WORKERS", "0"),
            ("STRIPE_SECRET_KEY", "pk_test_wrong_kind"),
            ("PLATFORM_FEE_PERCENT", "120"),
            ("BOOKING_HOLD_MINUTES", "soon"),
            ("PAYOUT_DEBT_THRESHOLD", "-5"),
            ("PAYOUT_DEBT_THRESHOLD", "1.001"),
            ("TEST_PAYMENTS", "perhaps"),
            ("CALL_RING_SECONDS", "0"),
            ("DAILY_CLOUD_RECORDING", "sometimes"),
        ] {
            let result = Config::from_vars(&vars(&[(var, value), ("DATA_DIR", dir.to_str().unwrap())]));
            let err = result.expect_err(&format!("{var}={value} should be refused"));
            assert_eq!(err.var, var, "{var}={value}: {err}");
            assert!(err.to_string().starts_with(var));
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn https_public_url_means_secure_cookies_and_passwords_are_redacted() {
        let config = Config::from_vars(&vars(&[
            ("PUBLIC_URL", "https://callstar.example"),
            ("JWT_SECRET", "a-very-long-secret-of-more-than-32-bytes"),
            ("DATABASE_URL", "postgres://callstar:hunter2@db/callstar"),
        ]))
        .unwrap();
        assert!(config.secure_cookies());
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
