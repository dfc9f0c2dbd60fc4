//! `/api/call-logs` and `/api/call-summary`: what happened in a call; for admins, call logs
//! searched across bookings and the call metrics of a period.

use actix_web::{HttpResponse, get, post, web};
use api_types::{
    AdminCallLogQuery, CallDetails, CallLog, CallLogCreated, CallLogList, CallLogQuery, CallLogRequest, CallMetrics,
    CallMetricsQuery, CallParticipants, CallSummary, CallSummaryResponse, Page, PageQuery, Participant, ProblemDetails,
    ScheduledCall,
};
use service::call_logs;
use uuid::Uuid;

use crate::extract::{AdminUser, AuthUser};
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// Record a call event. Only the booking's guest and creator may; the actor is taken from
/// the access token, whatever the body says. A call's log holds at most 1,000 participant
/// events, and each participant reports at most 60 a minute.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    request_body = CallLogRequest,
    responses(
        (status = 201, description = "Recorded", body = CallLogCreated),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "`call_log_full`: the call's log holds 1,000 events", body = ProblemDetails),
        (status = 422, description = "Unknown event, or metadata over 4,096 bytes", body = ProblemDetails),
        (status = 429, description = "More than 60 events in a minute; see Retry-After", body = ProblemDetails),
    )
)]
#[post("/call-logs")]
pub async fn create_call_log(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CallLogRequest>,
) -> Result<HttpResponse, ApiError> {
    let log = call_logs::record(&state.ctx.db, user.id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(CallLogCreated { success: true, log: wire::call_log(log) }))
}

/// A call's events, oldest first (participants and admins).
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(CallLogQuery),
    responses(
        (status = 200, description = "The log", body = CallLogList),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
    )
)]
#[get("/call-logs")]
pub async fn list_call_logs(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<CallLogQuery>,
) -> Result<web::Json<CallLogList>, ApiError> {
    let (_, logs) = call_logs::list(&state.ctx.db, user.id, user.role, query.booking_id).await?;
    Ok(web::Json(CallLogList { logs: logs.into_iter().map(wire::call_log).collect() }))
}

/// The summary of a call: actual start (the first moment both were in), end, duration in
/// seconds, and status completed / interrupted / no_show, computed from the log. For a
/// no-show, `callDetails.noShow` says who was absent and what the no-show policy refunds
/// (everything when the creator was absent, or both; nothing when only the fan was).
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    params(("bookingId" = Uuid, Path, description = "Booking id")),
    responses(
        (status = 200, description = "The summary", body = CallSummaryResponse),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
    )
)]
#[get("/call-summary/{bookingId}")]
pub async fn get_call_summary(
    user: AuthUser,
    state: web::Data<AppState>,
    booking_id: web::Path<Uuid>,
) -> Result<web::Json<CallSummaryResponse>, ApiError> {
    let found = call_logs::summary(&state.ctx.db, user.id, user.role, *booking_id).await?;
    Ok(web::Json(CallSummaryResponse { summary: summary(found) }))
}

fn summary(found: call_logs::Summary) -> CallSummary {
    let call_logs::Summary { booking, logs, computed, no_show } = found;
    CallSummary {
        call_offer: ScheduledCall {
            title: booking.offer.title.clone(),
            scheduled_date_time: booking.starts_at,
            scheduled_duration: booking.offer.duration.as_minutes(),
        },
        participants: CallParticipants {
            creator: Participant { id: booking.host.user_id, name: booking.host.name.clone() },
            user: Participant { id: booking.guest.user_id, name: booking.guest.name.clone() },
        },
        call_details: CallDetails {
            actual_start_time: computed.actual_start,
            actual_end_time: computed.actual_end,
            actual_duration: computed.actual_duration_secs,
            scheduled_duration: booking.offer.duration.as_duration().num_seconds(),
            status: computed.outcome.as_str().to_owned(),
            no_show: no_show.map(wire::no_show),
        },
        logs: logs.into_iter().map(wire::call_log).collect(),
        booking: wire::booking(booking),
    }
}

/// Call events across bookings, newest first (admins): by `type` (`CALL_STARTED` or the log
/// type `CALL_CALL_STARTED`), booking, reporter (`actor`) and period (`from` inclusive, `to`
/// exclusive, on when the event happened).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AdminCallLogQuery, PageQuery),
    responses(
        (status = 200, description = "A page of call events", body = Page<CallLog>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "Unknown type or actor, `to` not after `from`, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/call-logs")]
pub async fn search_call_logs(
    _admin: AdminUser,
    state: web::Data<AppState>,
    query: web::Query<AdminCallLogQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<CallLog>>, ApiError> {
    let (filter, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (items, total) = call_logs::search(&state.ctx.db, filter, page).await?;
    Ok(web::Json(wire::page(items, page, total, wire::call_log)))
}

/// Call metrics of a period (admins): the settled video calls scheduled to start in
/// `[from, to)` (default: the 30 days before now), their completion and no-show rates, the
/// average time both were together and the average pre-call time. Each figure is defined
/// on the `CallMetrics` schema.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(CallMetricsQuery),
    responses(
        (status = 200, description = "The period's metrics", body = CallMetrics),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "`to` not after `from`", body = ProblemDetails),
    )
)]
#[get("/admin/call-metrics")]
pub async fn get_call_metrics(
    _admin: AdminUser,
    state: web::Data<AppState>,
    query: web::Query<CallMetricsQuery>,
) -> Result<web::Json<CallMetrics>, ApiError> {
    let (from, to) = query.into_inner().parse()?;
    Ok(web::Json(wire::call_metrics(from, to, call_logs::metrics(&state.ctx.db, from, to).await?)))
}
