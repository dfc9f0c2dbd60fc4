//! The real-time channel: `POST /api/ws/ticket`, then `GET /api/ws?ticket=…` opens one
//! WebSocket per tab carrying `incoming-call`, `call-status`, `notification` and
//! `booking-updated` messages, as JSON `{type, data}` (the `ServerMessage` schema).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use api_types::{ProblemDetails, WsQuery, WsTicket};
use service::realtime;

use crate::extract::AuthUser;
use crate::{ApiError, AppState, socket, wire};

/// A ticket that opens one WebSocket: single-use, valid 20 seconds. The access token never
/// goes into a URL; the ticket does, and is worthless once used.
#[utoipa::path(
    tag = "realtime",
    security(("bearer" = [])),
    responses((status = 200, description = "The ticket", body = WsTicket))
)]
#[post("/ws/ticket")]
pub async fn create_ws_ticket(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<WsTicket>, ApiError> {
    Ok(web::Json(wire::ws_ticket(realtime::issue_ticket(&state.ctx.db, user.id).await?)))
}

/// Open the WebSocket (`101 Switching Protocols`). Every message is a text frame with JSON
/// `{"type": …, "data": …}` (the `ServerMessage` schema): `incoming-call`, `call-status`,
/// `notification`, `booking-updated`. The server pings every 15 s and closes a socket silent
/// for 45 s; every tab of a person gets their events, and nobody else does. The server reads
/// nothing from the client but pings, pongs and close frames.
#[utoipa::path(
    tag = "realtime",
    params(WsQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 400, description = "`websocket_expected`: not a WebSocket upgrade", body = ProblemDetails),
        (status = 401, description = "`ticket_invalid`: no ticket, or an unknown, used or expired one", body = ProblemDetails),
    )
)]
#[get("/ws")]
pub async fn open_ws(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<WsQuery>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let user_id = realtime::redeem_ticket(&state.ctx.db, query.ticket.as_deref()).await?;
    socket::serve(&req, body, state.ctx.events.subscribe(user_id), state.metrics.websockets.clone())
}
