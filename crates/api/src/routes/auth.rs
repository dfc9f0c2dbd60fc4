//! `/api/auth/*`: register, login, refresh, logout.
//!
//! Browsers keep the refresh token in an HttpOnly, SameSite=Strict cookie scoped to
//! `/api/auth`; other clients send it in the body. Both work on refresh and logout.
//!
//! Limits (see [`crate::state::Limits`]): registrations and logins per client address; failed
//! logins per account, so one account's password is not guessed faster from many addresses;
//! refreshes per session, and failed refreshes per address, so people sharing an address
//! (an office, a mobile carrier) are never refused for keeping their sessions alive.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, post, web};
use api_types::{
    CodedError, ErrorCode, GuestLinkRequest, LoginRequest, ProblemDetails, RefreshRequest, RegisterRequest,
    SessionResponse, User,
};
use service::ServiceError;
use service::accounts::{self, Session};

use crate::client_ip::{client_ip, rate_key};
use crate::input::Parse;
use crate::json::{self, Json, RawBody};
use crate::rate_limit::Subject;
use crate::{ApiError, AppState, wire};

/// The refresh-token cookie.
pub const REFRESH_COOKIE: &str = "callstar_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/auth";

/// Create an account as a fan (`user`) or a `creator`.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "The account was created", body = User),
        (status = 409, description = "An account with this e-mail already exists", body = ProblemDetails),
        (status = 422, description = "Invalid fields (see `errors`)", body = ProblemDetails),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = ProblemDetails),
    )
)]
#[post("/auth/register")]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    limit_address(&req, &state, "register")?;
    let account = accounts::register(&state.ctx.db, &state.ctx.passwords, body.into_inner().parse()?).await?;
    tracing::info!(user_id = %account.id, role = %account.role, "account registered");
    Ok(HttpResponse::Created().json(wire::user(account)))
}

/// Sign in with e-mail and password. Answers an access token (15 minutes) and a refresh
/// token, which is also set as the HttpOnly `callstar_refresh` cookie.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = SessionResponse,
            headers(("set-cookie" = String, description = "`callstar_refresh`: HttpOnly, SameSite=Strict, Path=/api/auth"))),
        (status = 401, description = "Wrong e-mail or password", body = ProblemDetails),
        (status = 422, description = "Missing fields", body = ProblemDetails),
        (status = 429, description = "Too many attempts from this address, or too many failed ones for this account; see Retry-After", body = ProblemDetails),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let (email, password) = body.into_inner().parse()?;
    let account = login_allowed(&req, &state, &email)?;
    let login = accounts::login(&state.ctx.db, &state.ctx.passwords, &state.jwt, &email, &password).await;
    let session = login.inspect_err(|err| failed_login(&req, &state, account, err))?;
    tracing::info!(user_id = %session.account.id, "signed in");
    Ok(session_response(&state, session))
}

/// Sign in through an appointment link: a prospect (booked by a host, without an account)
/// exchanges the link's `key` for a session, to join the call or set a password. The key is
/// scoped to that one appointment and expires when its call closes.
#[utoipa::path(
    tag = "auth",
    request_body = GuestLinkRequest,
    responses(
        (status = 200, description = "Signed in as the appointment's guest", body = SessionResponse,
            headers(("set-cookie" = String, description = "`callstar_refresh`: HttpOnly, SameSite=Strict, Path=/api/auth"))),
        (status = 401, description = "`unauthorized`: the link is invalid or has expired", body = ProblemDetails),
        (status = 404, description = "No such appointment", body = ProblemDetails),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = ProblemDetails),
    )
)]
#[post("/auth/guest")]
pub async fn guest_login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<GuestLinkRequest>,
) -> Result<HttpResponse, ApiError> {
    limit_address(&req, &state, "login")?;
    let session = accounts::guest_session(&state.ctx, &state.jwt, body.booking_id, &body.key).await?;
    Ok(session_response(&state, session))
}

/// Exchange a refresh token (cookie or body) for a new session. The token is single-use:
/// the answer carries the next one. Presenting it again within 30 seconds (two tabs
/// refreshing at once) answers that same next token while it is unused; any other re-use
/// revokes the whole session.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Optional when the `callstar_refresh` cookie is sent"),
    responses(
        (status = 200, description = "A new session", body = SessionResponse),
        (status = 401, description = "Missing, unknown, expired, revoked or re-used refresh token", body = ProblemDetails),
        (status = 429, description = "Too many refreshes of this session, or too many failed ones from this address; see Retry-After", body = ProblemDetails),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(req: HttpRequest, state: web::Data<AppState>, body: RawBody) -> Result<HttpResponse, ApiError> {
    let address = Subject::Address(rate_key(client_ip(&req, &state.settings.proxy)));
    state.limits.per_address.allowed("refresh-failed", address).map_err(ApiError::rate_limited)?;
    let token = refresh_token_of(&req, &body)?.ok_or_else(no_refresh_token)?;
    let gate = |family| state.limits.per_session.check("refresh", Subject::Session(family));
    let refreshed = accounts::refresh(&state.ctx.db, &state.jwt, &token, gate).await;
    let session = refreshed.inspect_err(|err| failed_refresh(&state, address, err))?;
    Ok(session_response(&state, session))
}

/// Sign out: revokes the session of the refresh token (cookie or body) and clears the cookie.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Optional when the `callstar_refresh` cookie is sent"),
    responses((status = 204, description = "Signed out (also when the token was already invalid)"))
)]
#[post("/auth/logout")]
pub async fn logout(req: HttpRequest, state: web::Data<AppState>, body: RawBody) -> Result<HttpResponse, ApiError> {
    if let Some(token) = refresh_token_of(&req, &body)? {
        accounts::logout(&state.ctx.db, &token).await?;
    }
    let mut removal = refresh_cookie(&state, String::new());
    removal.make_removal();
    Ok(HttpResponse::NoContent().cookie(removal).finish())
}

/// Counts a request of this client address on `bucket`; 429 past the limit.
fn limit_address(req: &HttpRequest, state: &AppState, bucket: &'static str) -> Result<(), ApiError> {
    let address = Subject::Address(rate_key(client_ip(req, &state.settings.proxy)));
    state.limits.per_address.check(bucket, address).map_err(ApiError::rate_limited)
}

/// A login attempt is counted for its address, and refused while its account has had too
/// many failures (before any password is checked, so a refused guess costs no hashing).
fn login_allowed(req: &HttpRequest, state: &AppState, email: &str) -> Result<Subject, ApiError> {
    limit_address(req, state, "login")?;
    let account = state.limits.per_account.account(email);
    state.limits.per_account.allowed("login", account).map_err(ApiError::rate_limited)?;
    Ok(account)
}

fn failed_login(req: &HttpRequest, state: &AppState, account: Subject, err: &ServiceError) {
    if err.code() == ErrorCode::InvalidCredentials {
        state.limits.per_account.record("login", account);
        tracing::warn!(ip = ?client_ip(req, &state.settings.proxy), "failed login");
    }
}

fn failed_refresh(state: &AppState, address: Subject, err: &ServiceError) {
    if err.code() == ErrorCode::SessionExpired {
        state.limits.per_address.record("refresh-failed", address);
    }
}

fn no_refresh_token() -> ApiError {
    ApiError::new(ErrorCode::SessionExpired, "No refresh token: send it in the body or the cookie.")
}

/// The refresh token from a JSON body (which may be empty) or else the cookie.
fn refresh_token_of(req: &HttpRequest, body: &[u8]) -> Result<Option<String>, ApiError> {
    let from_body = json::parse_or_default::<RefreshRequest>(body)?.refresh_token;
    Ok(from_body
        .filter(|t| !t.is_empty())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()).filter(|t| !t.is_empty())))
}

fn refresh_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .max_age(CookieDuration::days(accounts::REFRESH_TTL_DAYS))
        .finish()
}

fn session_response(state: &AppState, session: Session) -> HttpResponse {
    let cookie = refresh_cookie(state, session.refresh_token.clone());
    HttpResponse::Ok().cookie(cookie).json(SessionResponse {
        access_token: session.access_token,
        expires_in: session.expires_in,
        refresh_token: session.refresh_token,
        user: wire::user(session.account),
    })
}
