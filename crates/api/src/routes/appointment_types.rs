//! `/api/appointment-types` and `/api/appointment-reasons`: what a host offers to book from
//! their availability, and the reasons clients pick from.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use api_types::{
    AppointmentReason, AppointmentReasonRequest, AppointmentType, AppointmentTypeRequest, HostQuery, ProblemDetails,
    ReorderReasonsRequest,
};
use service::planning::{reasons, types};
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// The signed-in host's appointment types, active or not (a new host gets two defaults); with
/// `hostId`, the active types of that host, to book with them.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(HostQuery),
    responses(
        (status = 200, description = "Types, first created first", body = Vec<AppointmentType>),
        (status = 400, description = "Malformed query", body = ProblemDetails),
        (status = 403, description = "`not_a_creator` (own types only)", body = ProblemDetails),
        (status = 404, description = "No such host", body = ProblemDetails),
    )
)]
#[get("/appointment-types")]
pub async fn list_appointment_types(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<HostQuery>,
) -> Result<web::Json<Vec<AppointmentType>>, ApiError> {
    let found = match query.host_id {
        Some(host) => types::offered(&state.ctx.db, host).await?,
        None => types::list(&state.ctx.db, user.id).await?,
    };
    Ok(web::Json(found.into_iter().map(wire::appointment_type).collect()))
}

/// Create an appointment type (hosts only). A price makes a client's own booking go through
/// payment, in the host's payout currency.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    request_body = AppointmentTypeRequest,
    responses(
        (status = 201, description = "The type", body = AppointmentType),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "Invalid fields (all of them listed)", body = ProblemDetails),
    )
)]
#[post("/appointment-types")]
pub async fn create_appointment_type(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<AppointmentTypeRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = types::create(&state.ctx.db, user.id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::appointment_type(created)))
}

/// Replace an appointment type's fields (its host only). Appointments already booked keep
/// their length and price.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Type id")),
    request_body = AppointmentTypeRequest,
    responses(
        (status = 200, description = "The type", body = AppointmentType),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 404, description = "No such type of yours", body = ProblemDetails),
        (status = 422, description = "Invalid fields", body = ProblemDetails),
    )
)]
#[put("/appointment-types/{id}")]
pub async fn update_appointment_type(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<AppointmentTypeRequest>,
) -> Result<web::Json<AppointmentType>, ApiError> {
    let updated = types::update(&state.ctx.db, user.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::appointment_type(updated)))
}

/// Delete an appointment type; one that was ever booked is deactivated instead.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Type id")),
    responses(
        (status = 204, description = "Deleted (or deactivated)"),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 404, description = "No such type of yours", body = ProblemDetails),
    )
)]
#[delete("/appointment-types/{id}")]
pub async fn delete_appointment_type(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    types::delete(&state.ctx.db, user.id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in host's reasons in display order; with `hostId`, that host's.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(HostQuery),
    responses(
        (status = 200, description = "Reasons, in order", body = Vec<AppointmentReason>),
        (status = 400, description = "Malformed query", body = ProblemDetails),
        (status = 403, description = "`not_a_creator` (own reasons only)", body = ProblemDetails),
        (status = 404, description = "No such host", body = ProblemDetails),
    )
)]
#[get("/appointment-reasons")]
pub async fn list_appointment_reasons(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<HostQuery>,
) -> Result<web::Json<Vec<AppointmentReason>>, ApiError> {
    let found = match query.host_id {
        Some(host) => reasons::offered(&state.ctx.db, host).await?,
        None => reasons::list(&state.ctx.db, user.id).await?,
    };
    Ok(web::Json(found.into_iter().map(wire::reason).collect()))
}

/// Add a reason, at the end of the list.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    request_body = AppointmentReasonRequest,
    responses(
        (status = 201, description = "The reason", body = AppointmentReason),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "Invalid label", body = ProblemDetails),
    )
)]
#[post("/appointment-reasons")]
pub async fn create_appointment_reason(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<AppointmentReasonRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = reasons::create(&state.ctx.db, user.id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::reason(created)))
}

/// Put the host's reasons in a new order: every reason id, once, first one first.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    request_body = ReorderReasonsRequest,
    responses(
        (status = 200, description = "Reasons, in the new order", body = Vec<AppointmentReason>),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "`ids` is not each of your reasons once", body = ProblemDetails),
    )
)]
#[put("/appointment-reasons/order")]
pub async fn reorder_appointment_reasons(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<ReorderReasonsRequest>,
) -> Result<web::Json<Vec<AppointmentReason>>, ApiError> {
    let ordered = reasons::reorder(&state.ctx.db, user.id, body.into_inner().ids).await?;
    Ok(web::Json(ordered.into_iter().map(wire::reason).collect()))
}

/// Rename a reason.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Reason id")),
    request_body = AppointmentReasonRequest,
    responses(
        (status = 200, description = "The reason", body = AppointmentReason),
        (status = 404, description = "No such reason of yours", body = ProblemDetails),
        (status = 422, description = "Invalid label", body = ProblemDetails),
    )
)]
#[patch("/appointment-reasons/{id}")]
pub async fn update_appointment_reason(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<AppointmentReasonRequest>,
) -> Result<web::Json<AppointmentReason>, ApiError> {
    let updated = reasons::update(&state.ctx.db, user.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::reason(updated)))
}

/// Delete a reason (appointments that gave it keep it).
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Reason id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such reason of yours", body = ProblemDetails),
    )
)]
#[delete("/appointment-reasons/{id}")]
pub async fn delete_appointment_reason(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    reasons::delete(&state.ctx.db, user.id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
