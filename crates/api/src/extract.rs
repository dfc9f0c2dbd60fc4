//! Request extractors: the signed-in user from the bearer token, and the client IP.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use domain::Role;
use uuid::Uuid;

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

fn authenticate(req: &HttpRequest) -> Result<AuthUser, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state is not configured"))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthorized("Sign in first: the Authorization header is missing.".to_owned()))?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::Unauthorized("The Authorization header must be `Bearer <token>`.".to_owned()))?;
    let claims = state.jwt.verify(token)?;
    Ok(AuthUser { id: claims.sub, role: claims.role })
}

/// The client's IP: the TCP peer, or the proxy-reported address when configured to trust it.
pub fn client_ip(req: &HttpRequest, trust_proxy_headers: bool) -> Option<IpAddr> {
    if trust_proxy_headers && let Some(ip) = req.connection_info().realip_remote_addr().and_then(parse_ip) {
        return Some(ip);
    }
    req.peer_addr().map(|addr| addr.ip())
}

fn parse_ip(value: &str) -> Option<IpAddr> {
    value.parse::<IpAddr>().ok().or_else(|| value.parse::<std::net::SocketAddr>().ok().map(|addr| addr.ip()))
}
