//! `/api/payments`: paying for a booking, and Stripe's webhook.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use api_types::{CreateIntentRequest, CreateIntentResponse, ErrorCode, PaymentConfig, ProblemDetails};
use providers::stripe_signature;
use serde_json::Value;
use service::payments::{self, StripeEvent};

use crate::convert::{amount, booking_to_wire};
use crate::extract::AuthUser;
use crate::json::Json;
use crate::{ApiError, AppState};

/// How this server takes payments: test mode, or Stripe with its publishable key.
#[utoipa::path(tag = "payments", responses((status = 200, description = "The payment configuration", body = PaymentConfig)))]
#[get("/payments/config")]
pub async fn get_payment_config(state: web::Data<AppState>) -> web::Json<PaymentConfig> {
    web::Json(PaymentConfig {
        test_mode: state.gateway.is_test_mode(),
        publishable_key: state.gateway.publishable_key(),
        platform_fee_percent: state.settings.payments.platform_fee_percent,
        booking_hold_minutes: state.settings.booking_hold.num_minutes(),
    })
}

/// Prepare the payment of a pending booking. Re-checks that the booking still holds its
/// offer (409 otherwise), then creates a Stripe Connect destination charge (the platform
/// fee as `application_fee_amount`) and answers the client secret for Stripe.js. In test
/// mode (no Stripe key on the server) the booking is confirmed at once and marked
/// `isTestBooking`.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    request_body = CreateIntentRequest,
    responses(
        (status = 200, description = "What the payment form needs", body = CreateIntentResponse),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "Already paid, or the booking no longer holds the offer", body = ProblemDetails),
    )
)]
#[post("/payments/create-intent")]
pub async fn create_intent(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateIntentRequest>,
) -> Result<web::Json<CreateIntentResponse>, ApiError> {
    let outcome =
        payments::create_intent(&state.db, state.gateway.as_ref(), &state.settings.payments, user.id, body.booking_id)
            .await?;
    if outcome.is_test_booking {
        state.kick();
    }
    Ok(web::Json(CreateIntentResponse {
        client_secret: outcome.client_secret,
        publishable_key: outcome.publishable_key,
        amount: amount(outcome.amount_minor, &outcome.currency),
        currency: outcome.currency,
        is_test_booking: outcome.is_test_booking,
        booking: booking_to_wire(outcome.booking),
    }))
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
    let secret = state
        .settings
        .stripe_webhook_secret
        .as_deref()
        .ok_or_else(|| ApiError::unavailable("Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)."))?;
    let header = req.headers().get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    stripe_signature::verify(&body, header, secret, chrono::Utc::now().timestamp()).map_err(|err| {
        tracing::warn!(error = %err, "Stripe webhook refused");
        ApiError::new(ErrorCode::InvalidSignature, format!("The Stripe signature is invalid: {err}."))
    })?;
    let value: Value =
        serde_json::from_slice(&body).map_err(|_| ApiError::new(ErrorCode::InvalidJson, "The event is not JSON."))?;
    let (Some(id), Some(event_type), Some(object)) = (
        value.get("id").and_then(Value::as_str),
        value.get("type").and_then(Value::as_str),
        value.pointer("/data/object"),
    ) else {
        return Err(ApiError::new(ErrorCode::InvalidEvent, "The event lacks id, type or data.object."));
    };
    let event = StripeEvent { id: id.to_owned(), event_type: event_type.to_owned(), object: object.clone() };
    let outcome = payments::handle_event(&state.db, state.gateway.as_ref(), &state.settings.payments, event).await?;
    tracing::info!(event_id = id, event_type, ?outcome, "Stripe event");
    state.kick();
    Ok(HttpResponse::Ok().json(serde_json::json!({"received": true})))
}
