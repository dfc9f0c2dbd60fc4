//! Instant calls (seeds 003/004): `POST /api/daily/create-room` and `POST /api/video-calls`
//! place a call, `GET /api/video-calls` is my history and `/stats` its figures, `PATCH
//! /api/video-calls/{callId}/status` answers, declines or ends one, and `/recording` fetches
//! its recording.

use actix_web::{HttpResponse, get, patch, post, web};
use api_types::{
    CallStats, CallStatsQuery, CreateCallRequest, CreateRoomResponse, CreatedCall, PageQuery, ProblemDetails,
    RecordingLink, UpdateCallStatusRequest, UpdatedCall, VideoCallPage, VideoCallQuery,
};
use service::calls;
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// Call someone of my organization now (the seed's path and answer): a client calls a staff
/// member (`staffId`), staff call a client (`clientId`). Creates a private two-person Daily
/// room that expires after one hour (recorded in Daily's cloud when the server enables it),
/// records the call and rings the callee: their sockets get `incoming-call`. Unanswered, it
/// becomes MISSED after 30 seconds. `token` is the caller's meeting token.
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    request_body = CreateCallRequest,
    responses(
        (status = 200, description = "Ringing", body = CreateRoomResponse),
        (status = 403, description = "`not_in_organization`, or `wrong_member_role` (initiatedBy is not my role)", body = ProblemDetails),
        (status = 404, description = "No such staff member or client in my organization", body = ProblemDetails),
        (status = 409, description = "`callee_busy` or `already_in_call`", body = ProblemDetails),
        (status = 422, description = "Neither or both of staffId and clientId, or a contradicting initiatedBy; or Daily refused", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Daily could not be reached", body = ProblemDetails),
    )
)]
#[post("/daily/create-room")]
pub async fn create_room(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateCallRequest>,
) -> Result<web::Json<CreateRoomResponse>, ApiError> {
    Ok(web::Json(wire::created_room(calls::place(&state.ctx, user.id, body.into_inner().parse()?).await?)))
}

/// Place a call (the same as `POST /api/daily/create-room`, answering the call itself).
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    request_body = CreateCallRequest,
    responses(
        (status = 201, description = "Ringing", body = CreatedCall),
        (status = 403, description = "`not_in_organization` or `wrong_member_role`", body = ProblemDetails),
        (status = 404, description = "No such staff member or client in my organization", body = ProblemDetails),
        (status = 409, description = "`callee_busy` or `already_in_call`", body = ProblemDetails),
        (status = 422, description = "Neither or both of staffId and clientId, or a contradicting initiatedBy; or Daily refused", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Daily could not be reached", body = ProblemDetails),
    )
)]
#[post("/video-calls")]
pub async fn create_video_call(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateCallRequest>,
) -> Result<HttpResponse, ApiError> {
    let placed = calls::place(&state.ctx, user.id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::created_call(placed)))
}

/// My calls, placed or received, newest first: the seed's `{calls}` with paging fields,
/// filtered by status and period.
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    params(VideoCallQuery, PageQuery),
    responses(
        (status = 200, description = "A page of calls", body = VideoCallPage),
        (status = 422, description = "Unknown status or period, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/video-calls")]
pub async fn list_video_calls(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<VideoCallQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<VideoCallPage>, ApiError> {
    let (filter, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (calls, total) = calls::history(&state.ctx, user.id, filter, page).await?;
    Ok(web::Json(wire::call_page(calls, page, total)))
}

/// The figures of my calls (in a period): total, answered, missed, declined, cancelled,
/// answer rate and average conversation in seconds.
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    params(CallStatsQuery),
    responses(
        (status = 200, description = "The figures", body = CallStats),
        (status = 422, description = "Unknown period", body = ProblemDetails),
    )
)]
#[get("/video-calls/stats")]
pub async fn get_call_stats(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<CallStatsQuery>,
) -> Result<web::Json<CallStats>, ApiError> {
    Ok(web::Json(wire::call_stats(calls::stats(&state.ctx, user.id, query.into_inner().parse()?).await?)))
}

/// Change a call's status (its two participants only). The callee answers (ANSWERED, with
/// their meeting token) or declines (DECLINED) a ringing call; either hangs up an answered
/// call (ENDED); the caller cancels an unanswered one (ENDED). MISSED is the server's: it is
/// accepted only once the 30 seconds are over. answeredAt, endedAt and duration are set by
/// the server. Of two concurrent changes exactly one wins; the other gets 409.
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    params(("callId" = Uuid, Path, description = "The call")),
    request_body = UpdateCallStatusRequest,
    responses(
        (status = 200, description = "Changed", body = UpdatedCall),
        (status = 403, description = "`wrong_call_party`: the other participant's move", body = ProblemDetails),
        (status = 404, description = "No such call (or not mine)", body = ProblemDetails),
        (status = 409, description = "`invalid_call_transition` or `call_still_ringing`", body = ProblemDetails),
        (status = 422, description = "Unknown status, or INITIATED/RINGING (the server's)", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Daily could not be reached for the token", body = ProblemDetails),
    )
)]
#[patch("/video-calls/{callId}/status")]
pub async fn update_call_status(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<UpdateCallStatusRequest>,
) -> Result<web::Json<UpdatedCall>, ApiError> {
    let changed = calls::change_status(&state.ctx, user.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::updated_call(changed)))
}

/// A fresh, short-lived download link of a call's cloud recording (its participants only),
/// once Daily's `recording.ready-to-download` webhook has arrived.
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    params(("callId" = Uuid, Path, description = "The call")),
    responses(
        (status = 200, description = "The link", body = RecordingLink),
        (status = 404, description = "No such call (or not mine), or no recording", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Daily could not be reached", body = ProblemDetails),
        (status = 503, description = "Daily is not configured", body = ProblemDetails),
    )
)]
#[get("/video-calls/{callId}/recording")]
pub async fn get_call_recording(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<RecordingLink>, ApiError> {
    Ok(web::Json(wire::recording_link(calls::recording_link(&state.ctx, user.id, *id).await?)))
}
