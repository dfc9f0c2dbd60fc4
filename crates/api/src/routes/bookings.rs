//! `/api/bookings`: book an offer (race-free), list and read bookings, cancel them.

use actix_web::{HttpResponse, get, post, web};
use api_types::{
    Booking, BookingQuery, CancelBookingRequest, CancelBookingResponse, CreateBookingRequest, Page, PageQuery,
    ProblemDetails,
};
use service::bookings::{self, BookingFilter, Perspective, When};
use uuid::Uuid;

use crate::convert::{amount, booking_status_from_wire, booking_to_wire};
use crate::extract::AuthUser;
use crate::json::Json;
use crate::{ApiError, AppState};

/// Book a call offer. The booking is `pending` and holds the offer for a few minutes
/// (15 by default) while the guest pays. Of concurrent requests for one offer, exactly
/// one wins; the others get 409.
#[utoipa::path(
    tag = "bookings",
    security(("bearer" = [])),
    request_body = CreateBookingRequest,
    responses(
        (status = 201, description = "The pending booking", body = Booking),
        (status = 404, description = "No such offer", body = ProblemDetails),
        (status = 409, description = "Already booked, past or no longer available", body = ProblemDetails),
        (status = 422, description = "Your own offer", body = ProblemDetails),
    )
)]
#[post("/bookings")]
pub async fn create_booking(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateBookingRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = bookings::create(&state.db, user.id, body.call_offer_id, state.settings.booking_hold).await?;
    Ok(HttpResponse::Created().json(booking_to_wire(view)))
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
    let page = super::page_request(*page)?;
    let query = query.into_inner();
    let perspective = match query.perspective.as_deref() {
        None | Some("user" | "guest") => Perspective::Guest,
        Some("creator") => Perspective::Host,
        Some(_) => return Err(ApiError::field("as", "must be user or creator")),
    };
    let when = match query.when.as_deref() {
        None => None,
        Some("upcoming") => Some(When::Upcoming),
        Some("past") => Some(When::Past),
        Some(_) => return Err(ApiError::field("when", "must be upcoming or past")),
    };
    let filter = BookingFilter { status: query.status.map(booking_status_from_wire), when };
    let (items, total) = bookings::list(&state.db, user.id, perspective, filter, page).await?;
    Ok(web::Json(super::page_of(items.into_iter().map(booking_to_wire).collect(), page, total)))
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
    Ok(web::Json(booking_to_wire(bookings::get(&state.db, user.id, user.role, *id).await?)))
}

/// Cancel a booking as its guest or creator. Refund: everything when the creator
/// cancels or the guest cancels at least 24 h before the call; nothing otherwise.
/// The offer becomes available again and the other side is notified.
#[utoipa::path(
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Booking id")),
    request_body = CancelBookingRequest,
    responses(
        (status = 200, description = "Cancelled, with the refunded amount", body = CancelBookingResponse),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "Already cancelled or completed", body = ProblemDetails),
    )
)]
#[post("/bookings/{id}/cancel")]
pub async fn cancel_booking(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> Result<web::Json<CancelBookingResponse>, ApiError> {
    let body: CancelBookingRequest = if body.iter().all(u8::is_ascii_whitespace) {
        CancelBookingRequest::default()
    } else {
        crate::json::parse(&body)?
    };
    let reason = body.reason.map(|r| r.trim().chars().take(500).collect::<String>()).filter(|r| !r.is_empty());
    let gateway = state.gateway.clone();
    let (view, outcome) =
        bookings::cancel(&state.db, user.id, *id, reason, &state.settings.public_url, |paid, amount| async move {
            service::payments::refund(gateway.as_ref(), &paid, amount).await
        })
        .await?;
    state.kick();
    let currency = view.row.currency.clone();
    Ok(web::Json(CancelBookingResponse {
        booking: booking_to_wire(view),
        refunded_amount: amount(outcome.refunded_minor, &currency),
    }))
}
