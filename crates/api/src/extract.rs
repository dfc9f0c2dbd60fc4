//! Request extractors: the signed-in user from the bearer token ([`AuthUser`]), maybe signed
//! in ([`MaybeAuthUser`]), admins only ([`AdminUser`]), an external scheduler holding the
//! cron secret ([`CronCaller`]), and the client IP. One bearer parser serves them all.

use std::future::{Ready, ready};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use api_types::ErrorCode;
use domain::Role;
use domain::operations::LogLevel;
use service::system_logs;
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::client_ip::{client_ip, rate_key};
use crate::rate_limit::Subject;
use crate::{ApiError, AppState};

/// The user a valid access token names. Extracting it answers 401 when the token is
/// missing, malformed, forged, of another algorithm or expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    /// The user id (`sub`).
    pub id: Uuid,
    /// The role carried by the token.
    pub role: Role,
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

/// The signed-in user when there is an `Authorization` header (which must then be valid:
/// 401 otherwise), `None` without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl MaybeAuthUser {
    /// The user's id, when signed in.
    pub fn id(self) -> Option<Uuid> {
        self.0.map(|user| user.id)
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        if req.headers().contains_key(header::AUTHORIZATION) {
            ready(authenticate(req).map(|user| Self(Some(user))))
        } else {
            ready(Ok(Self(None)))
        }
    }
}

/// A signed-in admin; anyone else signed in gets 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminUser(pub AuthUser);

impl FromRequest for AdminUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|user| match user.role {
            Role::Admin => Ok(Self(user)),
            _ => Err(ApiError::new(ErrorCode::Forbidden, "Only admins may do this.")),
        }))
    }
}

fn state_of(req: &HttpRequest) -> Result<&web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::internal("application state is not configured"))
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(req: &HttpRequest) -> Result<&str, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("Sign in first: the Authorization header is missing."))?;
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("The Authorization header must be `Bearer <token>`."))
}

fn authenticate(req: &HttpRequest) -> Result<AuthUser, ApiError> {
    let state = state_of(req)?;
    let claims = state.jwt.verify(bearer(req)?)?;
    Ok(AuthUser { id: claims.sub, role: claims.role })
}

/// An external scheduler: `Authorization: Bearer <CRON_SECRET>`, compared in constant time.
/// Without a configured secret the cron endpoints are off (404); a query string is refused
/// (400) so the secret never lands in access logs; a refused secret is 401. After
/// [`crate::state::CRON_FAILURES_PER_MINUTE`] refusals an address is refused outright (429)
/// until the minute ends, so the secret cannot be guessed at line rate; refusals reach the
/// system log at most once per 10 minutes, with how many there were.
#[derive(Debug, Clone, Copy)]
pub struct CronCaller;

impl FromRequest for CronCaller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = state_of(&req)?;
            let Some(secret) = state.settings.cron_secret.as_deref() else {
                return Err(ApiError::not_found("Cron endpoints are off (CRON_SECRET is unset)."));
            };
            if !req.query_string().is_empty() {
                return Err(ApiError::new(
                    ErrorCode::SecretInQuery,
                    "Cron requests take no query string: send the secret as `Authorization: Bearer <CRON_SECRET>`.",
                ));
            }
            let address = Subject::Address(rate_key(client_ip(&req, &state.settings.proxy)));
            state.limits.cron_failures.allowed("cron", address).map_err(ApiError::rate_limited)?;
            let given = bearer(&req).unwrap_or_default();
            if bool::from(given.as_bytes().ct_eq(secret.as_bytes())) {
                return Ok(Self);
            }
            state.limits.cron_failures.record("cron", address);
            if let Some(held_back) = state.limits.cron_refusals_log.admit() {
                system_logs::note(
                    &state.ctx.db,
                    LogLevel::Warning,
                    "CRON_REFUSED",
                    system_logs::Actor::Guest,
                    format!("Cron request for {} refused: missing or wrong secret", req.path()),
                    serde_json::json!({"path": req.path(), "refusedSincePreviousEntry": held_back}),
                )
                .await;
            }
            Err(ApiError::new(ErrorCode::InvalidCronSecret, "Missing or wrong cron secret."))
        })
    }
}
