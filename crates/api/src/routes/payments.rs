//! `/api/payments`: paying for a booking, and Stripe's webhook.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use api_types::{CreateIntentRequest, CreateIntentResponse, ErrorCode, PaymentConfig, ProblemDetails};
use providers::{stripe_events, stripe_signature};
use service::payments;
use service::payments::events::Endpoint;

use crate::extract::AuthUser;
use crate::json::{Json, RawBody};
use crate::{ApiError, AppState, wire};

/// How this server takes payments: test mode, or Stripe with its publishable key.
#[utoipa::path(tag = "payments", responses((status = 200, description = "The payment configuration", body = PaymentConfig)))]
#[get("/payments/config")]
pub async fn get_payment_config(state: web::Data<AppState>) -> web::Json<PaymentConfig> {
    web::Json(wire::payment_config(payments::config(&state.ctx)))
}

/// Prepare the payment of a pending booking. Re-checks that the booking still holds its
/// offer (409 `hold_expired` otherwise), then creates a Stripe Connect destination charge
/// (the platform fee as `application_fee_amount`) and answers the client secret for
/// Stripe.js. In test mode (no Stripe key on the server) the booking is confirmed at once
/// and marked `isTestBooking`. One account asks for at most `BOOKING_RATE_LIMIT` payment
/// intents an hour (429 `rate_limited`, with Retry-After).
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    request_body = CreateIntentRequest,
    responses(
        (status = 200, description = "What the payment form needs", body = CreateIntentResponse),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "`already_paid`, `hold_expired`, `offer_past` or `payments_not_ready`", body = ProblemDetails),
        (status = 422, description = "`provider_refused`: Stripe refused the payment", body = ProblemDetails),
        (status = 429, description = "`rate_limited`: this account asked for too many payment intents this hour; see Retry-After", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Stripe could not be reached", body = ProblemDetails),
    )
)]
#[post("/payments/create-intent")]
pub async fn create_intent(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateIntentRequest>,
) -> Result<web::Json<CreateIntentResponse>, ApiError> {
    state.limit_user("payment-intent", user.id)?;
    Ok(web::Json(wire::intent(payments::create_intent(&state.ctx, user.id, body.booking_id).await?)))
}

/// Stripe's webhook for events on the platform account. The `Stripe-Signature` header is
/// verified on the raw body (300 s tolerance). Each event is applied exactly once, in the
/// transaction of its effect: a second delivery of an event still being applied is answered
/// only after the first committed, and an effect that fails answers an error so Stripe
/// delivers the event again. Handles payment_intent.succeeded (confirms, or refunds a
/// payment the booking can no longer take), payment_intent.payment_failed (informs: the fan
/// may retry), charge.refunded, charge.dispute.created and charge.dispute.closed; other
/// types are acknowledged and ignored, as are events of the other mode (test/live).
#[utoipa::path(
    tag = "payments",
    request_body(content = String, description = "The Stripe event, exactly as Stripe sent it", content_type = "application/json"),
    responses(
        (status = 200, description = "Accepted (processed, duplicate or ignored)"),
        (status = 400, description = "`invalid_signature`, or `invalid_event`: not an event, or a Connect event (it names an account)", body = ProblemDetails),
        (status = 503, description = "STRIPE_WEBHOOK_SECRET is not configured, or the database is busy (Stripe retries)", body = ProblemDetails),
    )
)]
#[post("/payments/webhook")]
pub async fn stripe_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: RawBody,
) -> Result<HttpResponse, ApiError> {
    let event = verified_event(&req, &state, &body, Endpoint::Platform)?;
    let (id, outcome) = (event.id.clone(), payments::events::handle(&state.ctx, event).await?);
    tracing::info!(event_id = %id, ?outcome, "Stripe event");
    Ok(HttpResponse::Ok().json(serde_json::json!({"received": true})))
}

/// Stripe's webhook for events on connected accounts (a Connect endpoint: each event names
/// its `account`), verified with its own secret and applied exactly once like the platform's.
/// Handles payout.paid and payout.failed (a failed payout's amount is available again and the
/// creator is told) and account.updated (the creator's charges and payouts capabilities).
#[utoipa::path(
    tag = "payouts",
    request_body(content = String, description = "The Stripe event, exactly as Stripe sent it", content_type = "application/json"),
    responses(
        (status = 200, description = "Accepted (processed, duplicate or ignored)"),
        (status = 400, description = "`invalid_signature`, or `invalid_event`: not an event, or a platform event (it names no account)", body = ProblemDetails),
        (status = 503, description = "STRIPE_CONNECT_WEBHOOK_SECRET is not configured, or the database is busy (Stripe retries)", body = ProblemDetails),
    )
)]
#[post("/payments/connect-webhook")]
pub async fn stripe_connect_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let event = verified_event(&req, &state, &body, Endpoint::Connect)?;
    let (id, outcome) = (event.id.clone(), payments::events::handle(&state.ctx, event).await?);
    tracing::info!(event_id = %id, ?outcome, "Stripe Connect event");
    Ok(HttpResponse::Ok().json(serde_json::json!({"received": true})))
}

fn verified_event(
    req: &HttpRequest,
    state: &AppState,
    body: &[u8],
    endpoint: Endpoint,
) -> Result<stripe_events::Event, ApiError> {
    let (secret, name) = match endpoint {
        Endpoint::Platform => (state.settings.stripe_webhook_secret.as_deref(), "STRIPE_WEBHOOK_SECRET"),
        Endpoint::Connect => (state.settings.stripe_connect_webhook_secret.as_deref(), "STRIPE_CONNECT_WEBHOOK_SECRET"),
    };
    let secret =
        secret.ok_or_else(|| ApiError::unavailable(format!("This Stripe webhook is not configured ({name}).")))?;
    let header = req.headers().get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    stripe_signature::verify(body, header, secret, chrono::Utc::now().timestamp()).map_err(|err| {
        tracing::warn!(error = %err, "Stripe webhook refused");
        ApiError::new(ErrorCode::InvalidSignature, format!("The Stripe signature is invalid: {err}."))
    })?;
    let event = stripe_events::parse(body).map_err(|err| ApiError::new(ErrorCode::InvalidEvent, format!("{err}.")))?;
    payments::events::check_endpoint(&event, endpoint)
        .map_err(|err| ApiError::new(ErrorCode::InvalidEvent, format!("{err}.")))?;
    Ok(event)
}
