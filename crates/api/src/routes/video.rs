//! Daily video: meeting tokens for a booking's two participants, and Daily's webhook.

use actix_web::{HttpRequest, HttpResponse, post, web};
use api_types::{CallTokenRequest, CallTokenResponse, ErrorCode, ProblemDetails};
use chrono::Utc;
use providers::daily_webhook::{self as webhook, Envelope};
use service::video;

use crate::extract::AuthUser;
use crate::json::{Json, RawBody};
use crate::{ApiError, AppState, wire};

/// A meeting token for a booking's call. Only its guest and creator get one, and only
/// from 15 minutes before the start until the scheduled end plus the grace; before that
/// the answer is 403 `call_not_open` with `opensAt`, after it 403 `call_over`. The token
/// ejects at the scheduled end plus the grace (default 5 min); the creator's token owns the
/// room. Without Daily credentials on the server `token` and `roomUrl` are null and
/// `videoEnabled` false.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    request_body = CallTokenRequest,
    responses(
        (status = 200, description = "How to join", body = CallTokenResponse),
        (status = 403, description = "`call_not_open` (with `opensAt`) or `call_over`", body = ProblemDetails),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "`not_confirmed`: the booking is not confirmed; `not_a_video_call`: a phone or in-person appointment", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Daily could not be reached", body = ProblemDetails),
    )
)]
#[post("/daily/get-token")]
pub async fn create_call_token(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CallTokenRequest>,
) -> Result<web::Json<CallTokenResponse>, ApiError> {
    Ok(web::Json(wire::call_access(video::call_token(&state.ctx, user.id, body.booking_id).await?)))
}

/// Daily's webhook. Daily's endpoint check (`{"test":"test"}`) is answered 200. Other
/// deliveries need a valid `X-Webhook-Signature` (base64 HMAC-SHA256 of
/// `"<X-Webhook-Timestamp>.<body>"` keyed with the base64-decoded DAILY_WEBHOOK_SECRET) and
/// a timestamp within 300 s. meeting.started, meeting.ended, participant.joined and
/// participant.left are recorded once each (by event id) as SYSTEM call logs; other types
/// are acknowledged and ignored.
#[utoipa::path(
    tag = "calls",
    request_body(content = String, description = "The Daily event, exactly as Daily sent it", content_type = "application/json"),
    responses(
        (status = 200, description = "Accepted (recorded, duplicate, probe or ignored)"),
        (status = 400, description = "Missing or invalid signature, or not an event", body = ProblemDetails),
        (status = 503, description = "DAILY_WEBHOOK_SECRET is not configured", body = ProblemDetails),
    )
)]
#[post("/webhooks/daily")]
pub async fn receive_daily_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: RawBody,
) -> Result<HttpResponse, ApiError> {
    if !webhook::is_probe(&body) {
        let envelope = verified_envelope(&req, &state, &body)?;
        let recorded = video::record_daily_envelope(&state.ctx, &envelope, Utc::now()).await?;
        tracing::info!(event_id = %envelope.id, event_type = %envelope.event_type, recorded, "Daily event");
    }
    Ok(HttpResponse::Ok().json(serde_json::json!({"received": true})))
}

fn verified_envelope(req: &HttpRequest, state: &AppState, body: &[u8]) -> Result<Envelope, ApiError> {
    let secret = state
        .settings
        .daily_webhook_secret
        .as_deref()
        .ok_or_else(|| ApiError::unavailable("Daily webhooks are not configured (DAILY_WEBHOOK_SECRET)."))?;
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    webhook::verify(body, header("x-webhook-signature"), header("x-webhook-timestamp"), secret, Utc::now()).map_err(
        |err| {
            tracing::warn!(error = %err, "Daily webhook refused");
            ApiError::new(ErrorCode::InvalidSignature, format!("The Daily signature is invalid: {err}."))
        },
    )?;
    serde_json::from_slice(body)
        .map_err(|_| ApiError::new(ErrorCode::InvalidEvent, "The body is not a Daily event (id, type, payload)."))
}
