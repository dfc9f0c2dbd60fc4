//! `/api/call-requests`: a fan asks a creator for a call at a time, length and price; the
//! creator accepts (a booking is held for the fan, who pays it) or declines; the fan may
//! withdraw; unanswered requests expire at their proposed time.

use actix_web::{HttpResponse, get, post, web};
use api_types::{
    CallRequest, CallRequestPage, CallRequestQuery, NewCallRequest, PageQuery, ProblemDetails, RejectCallRequest,
};
use service::call_requests;
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::{self, Json};
use crate::{ApiError, AppState, wire};

/// Ask a creator for a call. The proposal follows the call offers' rules: 5 to 480 minutes,
/// a start in the future, a price of at least the card minimum in the creator's currency
/// (`currency` defaults to it; another is refused). At most 3 requests per fan may wait for one
/// creator's answer. The creator is notified (CALL_REQUEST) and e-mailed.
#[utoipa::path(
    tag = "call-requests",
    security(("bearer" = [])),
    request_body = NewCallRequest,
    responses(
        (status = 201, description = "The pending request", body = CallRequest),
        (status = 404, description = "No such creator", body = ProblemDetails),
        (status = 409, description = "`pending_request_limit`", body = ProblemDetails),
        (status = 422, description = "Invalid fields (all of them listed), or `own_request`", body = ProblemDetails),
    )
)]
#[post("/call-requests")]
pub async fn create_call_request(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<NewCallRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = call_requests::create(&state.ctx, user.id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::call_request(created)))
}

/// My call requests, newest first: the ones I sent, or with `as=creator` the ones sent to me;
/// `status` filters (as of now: a pending request whose time has come is `expired`). `counts`
/// has every status's number, whatever the filter and page.
#[utoipa::path(
    tag = "call-requests",
    security(("bearer" = [])),
    params(CallRequestQuery, PageQuery),
    responses(
        (status = 200, description = "A page of requests, with the counts per status", body = CallRequestPage),
        (status = 400, description = "Malformed query (an unknown status)", body = ProblemDetails),
        (status = 422, description = "Unknown `as`, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/call-requests")]
pub async fn list_call_requests(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<CallRequestQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<CallRequestPage>, ApiError> {
    let (filter, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (items, total, counts) = call_requests::list(&state.ctx.db, user.id, filter, page).await?;
    Ok(web::Json(wire::request_page(items, page, total, counts)))
}

/// One call request: its fan, its creator and admins only (anyone else: 404).
#[utoipa::path(
    tag = "call-requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call request id")),
    responses(
        (status = 200, description = "The request", body = CallRequest),
        (status = 404, description = "No such request (or not yours)", body = ProblemDetails),
    )
)]
#[get("/call-requests/{id}")]
pub async fn get_call_request(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CallRequest>, ApiError> {
    Ok(web::Json(wire::call_request(call_requests::get(&state.ctx.db, user.id, user.role, *id).await?)))
}

/// Accept a call request (its creator only). In one transaction: an offer reserved for the
/// fan is made at the proposed time, length and price, and a `pending` booking holds it for
/// the fan for 24 hours (never past the call's start) while they pay it
/// (`POST /api/payments/create-intent` with the answer's `bookingId`). The fan is notified
/// (CALL_REQUEST_ACCEPTED, linking to the booking) and e-mailed. A time at which the creator
/// is already booked answers 409 `host_busy`, and the request stays pending.
#[utoipa::path(
    tag = "call-requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call request id")),
    responses(
        (status = 200, description = "The accepted request, with its `bookingId`", body = CallRequest),
        (status = 403, description = "`not_request_creator`: the fan cannot accept their own request", body = ProblemDetails),
        (status = 404, description = "No such request (or not yours)", body = ProblemDetails),
        (status = 409, description = "`request_expired`, `request_closed`, `host_busy` or `stale_state`", body = ProblemDetails),
        (status = 503, description = "`service_unavailable`: busy, try again (see Retry-After)", body = ProblemDetails),
    )
)]
#[post("/call-requests/{id}/accept")]
pub async fn accept_call_request(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CallRequest>, ApiError> {
    Ok(web::Json(wire::call_request(call_requests::accept(&state.ctx, user.id, *id).await?)))
}

/// Decline a call request (its creator only), with an optional reason shown to the fan, who
/// is notified (CALL_REQUEST_REJECTED) and e-mailed.
#[utoipa::path(
    tag = "call-requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call request id")),
    request_body(content = Option<RejectCallRequest>, description = "Optional: a reason for the fan"),
    responses(
        (status = 200, description = "The declined request", body = CallRequest),
        (status = 403, description = "`not_request_creator`", body = ProblemDetails),
        (status = 404, description = "No such request (or not yours)", body = ProblemDetails),
        (status = 409, description = "`request_expired` or `request_closed`", body = ProblemDetails),
        (status = 422, description = "The reason is too long", body = ProblemDetails),
    )
)]
#[post("/call-requests/{id}/reject")]
pub async fn reject_call_request(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> Result<web::Json<CallRequest>, ApiError> {
    let reason = json::parse_or_default::<RejectCallRequest>(&body)?.parse()?;
    Ok(web::Json(wire::call_request(call_requests::reject(&state.ctx, user.id, *id, reason).await?)))
}

/// Withdraw a pending call request (its fan only).
#[utoipa::path(
    tag = "call-requests",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Call request id")),
    responses(
        (status = 200, description = "The withdrawn request", body = CallRequest),
        (status = 403, description = "`not_request_fan`: the creator cannot withdraw it", body = ProblemDetails),
        (status = 404, description = "No such request (or not yours)", body = ProblemDetails),
        (status = 409, description = "`request_expired` or `request_closed`", body = ProblemDetails),
    )
)]
#[post("/call-requests/{id}/withdraw")]
pub async fn withdraw_call_request(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CallRequest>, ApiError> {
    Ok(web::Json(wire::call_request(call_requests::withdraw(&state.ctx.db, user.id, *id).await?)))
}
