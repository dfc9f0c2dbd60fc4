//! `/api/availability`: a host's weekly hours in their time zone and date overrides; and
//! `/api/hosts/{id}/slots`, the free slots computed from them.

use actix_web::{HttpResponse, delete, get, post, put, web};
use api_types::{
    Availability, AvailabilityOverride, AvailabilityOverrideRequest, OverridesQuery, ProblemDetails, Slots, SlotsQuery,
};
use chrono::Utc;
use service::planning::{availability, slots};
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// The signed-in host's weekly hours (Monday–Friday 9:00–12:00 and 14:00–18:00 in their zone
/// until they set their own).
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Weekly hours", body = Availability),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
    )
)]
#[get("/availability")]
pub async fn get_availability(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<Availability>, ApiError> {
    Ok(web::Json(wire::availability(availability::get(&state.ctx.db, user.id).await?)))
}

/// Replace the signed-in host's weekly hours: an IANA zone and each weekday's ranges
/// (`HH:MM`, not overlapping; days left out have none).
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    request_body = Availability,
    responses(
        (status = 200, description = "Weekly hours as stored", body = Availability),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "Unknown zone, bad time, overlapping ranges or weekday outside 1–7", body = ProblemDetails),
    )
)]
#[put("/availability")]
pub async fn put_availability(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<Availability>,
) -> Result<web::Json<Availability>, ApiError> {
    let stored = availability::put(&state.ctx.db, user.id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::availability(stored)))
}

/// The signed-in host's date overrides, by date (between `from` and `to` when given).
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(OverridesQuery),
    responses(
        (status = 200, description = "Overrides by date", body = Vec<AvailabilityOverride>),
        (status = 400, description = "Malformed query", body = ProblemDetails),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
    )
)]
#[get("/availability/overrides")]
pub async fn list_availability_overrides(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<OverridesQuery>,
) -> Result<web::Json<Vec<AvailabilityOverride>>, ApiError> {
    let found = availability::overrides(&state.ctx.db, user.id, query.from, query.to).await?;
    Ok(web::Json(found.into_iter().map(wire::availability_override).collect()))
}

/// Set a date's hours (other ranges, or unavailable: a holiday, time off), replacing that
/// date's override if there is one.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    request_body = AvailabilityOverrideRequest,
    responses(
        (status = 200, description = "The date's override", body = AvailabilityOverride),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "Invalid fields", body = ProblemDetails),
    )
)]
#[post("/availability/overrides")]
pub async fn put_availability_override(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<AvailabilityOverrideRequest>,
) -> Result<web::Json<AvailabilityOverride>, ApiError> {
    let (date, day, note) = body.into_inner().parse()?;
    let stored = availability::put_override(&state.ctx.db, user.id, date, day, note).await?;
    Ok(web::Json(wire::availability_override(stored)))
}

/// Remove an override: the weekly hours apply to that date again.
#[utoipa::path(
    tag = "planning",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Override id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such override of yours", body = ProblemDetails),
    )
)]
#[delete("/availability/overrides/{id}")]
pub async fn delete_availability_override(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    availability::delete_override(&state.ctx.db, user.id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A host's free slots for one of their active appointment types, by date and part of the
/// day in the viewer's zone (`tz`). `from`/`to` are dates (in `tz`; `to` included) or RFC 3339
/// instants; at most 62 days apart. Open to anyone: it shows when the host is free, not why.
#[utoipa::path(
    tag = "planning",
    params(("id" = Uuid, Path, description = "The host's user id"), SlotsQuery),
    responses(
        (status = 200, description = "Dates with a free slot, in order", body = Slots),
        (status = 400, description = "Malformed query", body = ProblemDetails),
        (status = 404, description = "No such host or type of theirs", body = ProblemDetails),
        (status = 409, description = "`appointment_type_inactive`", body = ProblemDetails),
        (status = 422, description = "Unknown zone, bad bounds, or more than 62 days", body = ProblemDetails),
    )
)]
#[get("/hosts/{id}/slots")]
pub async fn list_host_slots(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<SlotsQuery>,
) -> Result<web::Json<Slots>, ApiError> {
    let days = slots::free(&state.ctx.db, (*id, query.into_inner()).parse()?, Utc::now()).await?;
    Ok(web::Json(wire::slots(days)))
}
