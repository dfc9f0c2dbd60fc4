//! `/api/payments`: paying for a booking, and Stripe's webhook.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use api_types::{CreateIntentRequest, CreateIntentResponse, ErrorCode, PaymentConfig, ProblemDetails};
use providers::{stripe_events, stripe_signature};
use service::payments;

use crate::extract::AuthUser;
use crate::json::Json;
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
/// and marked `isTestBooking`.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    request_body = CreateIntentRequest,
    responses(
        (status = 200, description = "What the payment form needs", body = CreateIntentResponse),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "`already_paid`, `hold_expired`, `offer_past` or `payments_not_ready`", body = ProblemDetails),
        (status = 422, description = "`provider_refused`: Stripe refused the payment", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Stripe could not be reached", body = ProblemDetails),
    )
)]
#[post("/payments/create-intent")]
pub async fn create_intent(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateIntentRequest>,
) -> Result<web::Json<CreateIntentResponse>, ApiError> {
    Ok(web::Json(wire::intent(payments::create_intent(&state.ctx, user.id, body.booking_id).await?)))
}

/// Stripe's webhook. The `Stripe-Signature` header is verified on the raw body (300 s
/// tolerance); each event id is applied once, so replays change nothing. Handles
/// payment_intent.succeeded, payment_intent.payment_failed, charge.refunded and
/// charge.dispute.created; other types are acknowledged and ignored.
#[utoipa::path(
    tag = "payments",
    request_body(content = String, description = "The Stripe event, exactly as Stripe sent it", content_type = "application/json"),
    responses(
        (status = 200, description = "Accepted (processed, duplicate or ignored)"),
        (status = 400, description = "Missing or invalid signature, or not an event", body = ProblemDetails),
        (status = 503, description = "STRIPE_WEBHOOK_SECRET is not configured", body = ProblemDetails),
    )
)]
#[post("/payments/webhook")]
pub async fn stripe_webhook(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let event = verified_event(&req, &state, &body)?;
    let (id, outcome) = (event.id.clone(), payments::events::handle(&state.ctx, event).await?);
    tracing::info!(event_id = %id, ?outcome, "Stripe event");
    Ok(HttpResponse::Ok().json(serde_json::json!({"received": true})))
}

fn verified_event(req: &HttpRequest, state: &AppState, body: &[u8]) -> Result<stripe_events::Event, ApiError> {
    let secret = state
        .settings
        .stripe_webhook_secret
        .as_deref()
        .ok_or_else(|| ApiError::unavailable("Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)."))?;
    let header = req.headers().get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    stripe_signature::verify(body, header, secret, chrono::Utc::now().timestamp()).map_err(|err| {
        tracing::warn!(error = %err, "Stripe webhook refused");
        ApiError::new(ErrorCode::InvalidSignature, format!("The Stripe signature is invalid: {err}."))
    })?;
    stripe_events::parse(body).map_err(|err| ApiError::new(ErrorCode::InvalidEvent, format!("{err}.")))
}
