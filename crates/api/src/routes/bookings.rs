//! `/api/bookings`: book an offer (race-free), list and read bookings, their calendar file,
//! cancel them.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use api_types::{
    Booking, BookingQuery, CancelBookingRequest, CancelBookingResponse, CreateBookingRequest, Page, PageQuery,
    ProblemDetails,
};
use service::{bookings, calendar};
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::{self, Json, RawBody};
use crate::{ApiError, AppState, wire};

/// Book a call offer. The booking is `pending` and holds the offer for a few minutes
/// (15 by default) while the guest pays. Of concurrent requests for one offer, exactly
/// one wins; the others get 409 `already_booked`. A creator already booked at an
/// overlapping time answers 409 `host_busy`; a past offer 409 `offer_past`. One account holds
/// at most `MAX_HOLDS_PER_USER` unpaid calls at once, and may not hold again an offer whose
/// hold it let go (expired or cancelled) within the hold's length. One account asks for at
/// most `BOOKING_RATE_LIMIT` bookings an hour (429 `rate_limited`, with Retry-After).
#[utoipa::path(
    tag = "bookings",
    security(("bearer" = [])),
    request_body = CreateBookingRequest,
    responses(
        (status = 201, description = "The pending booking", body = Booking),
        (status = 404, description = "No such offer", body = ProblemDetails),
        (status = 409, description = "`already_booked`, `host_busy`, `offer_past`, `offer_unavailable`, `too_many_holds` (the account already holds `MAX_HOLDS_PER_USER` unpaid calls) or `hold_cooldown` (it let a hold on this offer go moments ago)", body = ProblemDetails),
        (status = 422, description = "`own_offer`: your own offer", body = ProblemDetails),
        (status = 429, description = "`rate_limited`: this account asked for too many bookings this hour; see Retry-After", body = ProblemDetails),
    )
)]
#[post("/bookings")]
pub async fn create_booking(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateBookingRequest>,
) -> Result<HttpResponse, ApiError> {
    state.limit_user("booking", user.id)?;
    let booking = bookings::create(&state.ctx, user.id, body.call_offer_id).await?;
    Ok(HttpResponse::Created().json(wire::booking(booking)))
}

/// My bookings (`?as=creator`: the calls I host), filtered by status and `when`
/// (`upcoming`: soonest first; otherwise latest first).
#[utoipa::path(
    tag = "bookings",
    security(("bearer" = [])),
    params(BookingQuery, PageQuery),
    responses(
        (status = 200, description = "A page of bookings", body = Page<Booking>),
        (status = 400, description = "Malformed query", body = ProblemDetails),
        (status = 422, description = "Unknown `as` or `when`, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/bookings")]
pub async fn list_bookings(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<BookingQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<Booking>>, ApiError> {
    let (filter, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (items, total) = bookings::list(&state.ctx.db, user.id, filter, page).await?;
    Ok(web::Json(wire::page(items, page, total, wire::booking)))
}

/// One booking: its guest, its creator and admins only (anyone else: 404).
#[utoipa::path(
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Booking id")),
    responses(
        (status = 200, description = "The booking", body = Booking),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
    )
)]
#[get("/bookings/{id}")]
pub async fn get_booking(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Booking>, ApiError> {
    Ok(web::Json(wire::booking(bookings::get(&state.ctx.db, user.id, user.role, *id).await?)))
}

/// The booking's call as an iCalendar file (participants only): a stable UID, a SEQUENCE
/// raised on every change (confirmation, cancellation, completion), times in UTC and the
/// link to the call page.
#[utoipa::path(
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Booking id")),
    responses(
        (status = 200, description = "The calendar file", content_type = "text/calendar", body = String),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
    )
)]
#[get("/bookings/{id}/ics")]
pub async fn get_booking_ics(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let ics = calendar::for_viewer(&state.ctx, user.id, user.role, *id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"callstar-{id}.ics\"")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(ics))
}

/// Cancel a booking as its guest or creator. Refund: everything when the creator
/// cancels or the guest cancels at least 24 h before the call; nothing otherwise.
/// The offer becomes available again and the other side is notified.
#[utoipa::path(
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Booking id")),
    request_body(content = Option<CancelBookingRequest>, description = "Optional: a reason for the other side"),
    responses(
        (status = 200, description = "Cancelled, with the refunded amount", body = CancelBookingResponse),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "`booking_closed` (already cancelled or completed) or `stale_state`", body = ProblemDetails),
        (status = 422, description = "The reason is too long", body = ProblemDetails),
    )
)]
#[post("/bookings/{id}/cancel")]
pub async fn cancel_booking(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: RawBody,
) -> Result<web::Json<CancelBookingResponse>, ApiError> {
    let reason = json::parse_or_default::<CancelBookingRequest>(&body)?.parse()?;
    let done = bookings::cancel(&state.ctx, user.id, *id, reason).await?;
    Ok(web::Json(CancelBookingResponse {
        refunded_amount: done.refunded.amount(),
        booking: wire::booking(done.booking),
    }))
}
