//! `/api/appointments`: bookings made from a host's appointment types — by the host for a
//! client or a prospect, or by a client for themselves — and `/api/hosts/me/clients`.

use actix_web::{HttpResponse, get, patch, post, web};
use api_types::{
    Appointment, AppointmentList, AppointmentRequest, AppointmentsQuery, CancelBookingRequest, Client, ClientsQuery,
    PageQuery, ProblemDetails, UpdateAppointmentRequest,
};
use domain::booking::Transition;
use service::planning::appointments;
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// Book an appointment at one of the host's free slots. A host books for a client
/// (`clientId`) or a prospect (`prospect`: confirmed at once, e-mailed with a link to join);
/// a client books for themselves (`hostId`: confirmed at once, or pending payment when the
/// type has a price — then pay it as any booking). The slot is checked again as it is
/// booked, and two active bookings of one host never overlap. A client books at most
/// `BOOKING_RATE_LIMIT` appointments an hour (429 `rate_limited`, with Retry-After).
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    request_body = AppointmentRequest,
    responses(
        (status = 201, description = "The appointment", body = Appointment),
        (status = 404, description = "No such type, host or client", body = ProblemDetails),
        (status = 409, description = "`slot_unavailable`, `appointment_type_inactive`, or for a paid type `too_many_holds`", body = ProblemDetails),
        (status = 422, description = "Invalid fields (all of them listed), or `own_offer`", body = ProblemDetails),
        (status = 429, description = "`rate_limited`: this client asked for too many bookings this hour; see Retry-After", body = ProblemDetails),
        (status = 503, description = "`service_unavailable`: busy, try again (see Retry-After)", body = ProblemDetails),
    )
)]
#[post("/appointments")]
pub async fn create_appointment(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<AppointmentRequest>,
) -> Result<HttpResponse, ApiError> {
    if body.host_id.is_some() {
        // A client booking for themselves (a host's own planning is not limited).
        state.limit_user("booking", user.id)?;
    }
    let created = appointments::create(&state.ctx, user.id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::appointment(created)))
}

/// My appointments, soonest first: a host's (with counts over the date range), or with
/// `as=client` (and for everyone else) the ones booked for me.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(AppointmentsQuery, PageQuery),
    responses(
        (status = 200, description = "A page of appointments and the range's counts", body = AppointmentList),
        (status = 400, description = "Malformed query", body = ProblemDetails),
        (status = 422, description = "Unknown status or `as`, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/appointments")]
pub async fn list_appointments(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<AppointmentsQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<AppointmentList>, ApiError> {
    let page = page.into_inner().parse()?;
    let found = appointments::list(&state.ctx.db, user.id, user.role, query.into_inner().parse()?, page).await?;
    Ok(web::Json(wire::appointment_list(found, page)))
}

/// One appointment (its host, its client, or an admin).
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 404, description = "No such appointment of yours", body = ProblemDetails),
    )
)]
#[get("/appointments/{id}")]
pub async fn get_appointment(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Appointment>, ApiError> {
    Ok(web::Json(wire::appointment(appointments::get(&state.ctx.db, user.id, user.role, *id).await?)))
}

/// Reschedule or edit an appointment (its host or its client), before it starts. A new time
/// must be a free slot; the calendar file's SEQUENCE rises, the other side is told, and a
/// video room follows the new times.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    request_body = UpdateAppointmentRequest,
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 404, description = "No such appointment of yours", body = ProblemDetails),
        (status = 409, description = "`slot_unavailable`, `already_started` or `booking_closed`", body = ProblemDetails),
        (status = 422, description = "Invalid fields", body = ProblemDetails),
        (status = 503, description = "`service_unavailable`: busy, try again (see Retry-After)", body = ProblemDetails),
    )
)]
#[patch("/appointments/{id}")]
pub async fn update_appointment(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<UpdateAppointmentRequest>,
) -> Result<web::Json<Appointment>, ApiError> {
    let updated = appointments::update(&state.ctx, user.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::appointment(updated)))
}

/// Cancel an appointment (its host or its client), with an optional reason shown to the
/// other side. A paid one is refunded per the cancellation policy; its video room is
/// deleted at once.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    request_body = CancelBookingRequest,
    responses(
        (status = 200, description = "The cancelled appointment", body = Appointment),
        (status = 404, description = "No such appointment of yours", body = ProblemDetails),
        (status = 409, description = "`booking_closed`", body = ProblemDetails),
        (status = 422, description = "Reason too long", body = ProblemDetails),
    )
)]
#[post("/appointments/{id}/cancel")]
pub async fn cancel_appointment(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<CancelBookingRequest>,
) -> Result<web::Json<Appointment>, ApiError> {
    let cancelled = appointments::cancel(&state.ctx, user.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::appointment(cancelled)))
}

/// The host marks a confirmed appointment that has started as held.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The completed appointment", body = Appointment),
        (status = 403, description = "`not_host`", body = ProblemDetails),
        (status = 404, description = "No such appointment of yours", body = ProblemDetails),
        (status = 409, description = "`not_started`, `booking_closed` or `stale_state`", body = ProblemDetails),
    )
)]
#[post("/appointments/{id}/complete")]
pub async fn complete_appointment(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Appointment>, ApiError> {
    let settled = appointments::settle(&state.ctx, user.id, *id, Transition::Complete).await?;
    Ok(web::Json(wire::appointment(settled)))
}

/// The host marks a confirmed appointment that has started as a no-show.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The appointment, marked no-show", body = Appointment),
        (status = 403, description = "`not_host`", body = ProblemDetails),
        (status = 404, description = "No such appointment of yours", body = ProblemDetails),
        (status = 409, description = "`not_started`, `booking_closed` or `stale_state`", body = ProblemDetails),
    )
)]
#[post("/appointments/{id}/no-show")]
pub async fn mark_appointment_no_show(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Appointment>, ApiError> {
    let settled = appointments::settle(&state.ctx, user.id, *id, Transition::MarkNoShow).await?;
    Ok(web::Json(wire::appointment(settled)))
}

/// The signed-in host's clients — people who booked with them and prospects they booked for
/// — whose name or e-mail contains `search`, by name (at most 200).
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(ClientsQuery),
    responses(
        (status = 200, description = "Clients", body = Vec<Client>),
        (status = 400, description = "Malformed query", body = ProblemDetails),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
    )
)]
#[get("/hosts/me/clients")]
pub async fn list_my_clients(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<ClientsQuery>,
) -> Result<web::Json<Vec<Client>>, ApiError> {
    let found = appointments::clients(&state.ctx.db, user.id, query.into_inner().search).await?;
    Ok(web::Json(found.into_iter().map(wire::client).collect()))
}
