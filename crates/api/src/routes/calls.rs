//! `/api/call-logs` and `/api/call-summary`: what happened in a call.

use actix_web::{HttpResponse, get, post, web};
use api_types::{
    CallDetails, CallLog, CallLogCreated, CallLogList, CallLogQuery, CallLogRequest, CallParticipants, CallSummary,
    CallSummaryResponse, Participant, ProblemDetails, ScheduledCall,
};
use domain::call::CallEvent;
use service::call_logs;
use uuid::Uuid;

use crate::convert::booking_to_wire;
use crate::extract::AuthUser;
use crate::json::Json;
use crate::{ApiError, AppState};

fn log_to_wire(row: entity::call_log::Model) -> CallLog {
    CallLog {
        id: row.id,
        log_type: format!("CALL_{}", row.event),
        actor: row.actor,
        actor_id: row.actor_id,
        message: row.message,
        metadata: row.metadata,
        created_at: row.occurred_at,
    }
}

/// Record a call event. Only the booking's guest and creator may; the actor is taken from
/// the access token, whatever the body says.
#[utoipa::path(
    tag = "calls",
    security(("bearer" = [])),
    request_body = CallLogRequest,
    responses(
        (status = 201, description = "Recorded", body = CallLogCreated),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 422, description = "Unknown event", body = ProblemDetails),
    )
)]
#[post("/call-logs")]
pub async fn create_call_log(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CallLogRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let event = body.event.parse::<CallEvent>().map_err(|err| ApiError::field("event", err.to_string()))?;
    let row = call_logs::record(&state.db, user.id, body.booking_id, event, body.metadata, body.message).await?;
    Ok(HttpResponse::Created().json(CallLogCreated { success: true, log: log_to_wire(row) }))
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
    let (_, logs) = call_logs::list(&state.db, user.id, user.role, query.booking_id).await?;
    Ok(web::Json(CallLogList { logs: logs.into_iter().map(log_to_wire).collect() }))
}

/// The summary of a call: actual start (the first moment both were in), end, duration in
/// seconds, and status completed / interrupted / no_show, computed from the log.
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
    let (view, logs, computed) = call_logs::summary(&state.db, user.id, user.role, *booking_id).await?;
    let scheduled = ScheduledCall {
        title: view.offer.title.clone(),
        scheduled_date_time: view.offer.date_time,
        scheduled_duration: view.offer.duration_minutes,
    };
    let participants = CallParticipants {
        creator: Participant { id: view.creator_user_id, name: view.creator.1.clone() },
        user: Participant { id: view.guest.0, name: view.guest.1.clone() },
    };
    let details = CallDetails {
        actual_start_time: computed.actual_start,
        actual_end_time: computed.actual_end,
        actual_duration: computed.actual_duration_secs,
        scheduled_duration: i64::from(view.offer.duration_minutes) * 60,
        status: computed.outcome.as_str().to_owned(),
    };
    Ok(web::Json(CallSummaryResponse {
        summary: CallSummary {
            booking: booking_to_wire(view),
            call_offer: scheduled,
            participants,
            call_details: details,
            logs: logs.into_iter().map(log_to_wire).collect(),
        },
    }))
}
