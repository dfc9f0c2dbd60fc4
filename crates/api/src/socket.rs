//! One WebSocket: the person's events as JSON `{type, data}` text messages, heartbeats (a
//! ping every 15 s; a socket silent for 45 s is closed), and nothing else read from the
//! client. A socket too slow to keep up is closed with 1013 ("try again"): its client
//! reconnects and reloads what it shows.

use std::time::{Duration, Instant};

use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use api_types::ErrorCode;
use prometheus::IntGauge;
use service::events::{Missed, Subscription};

use crate::{ApiError, wire};

/// How often the server pings.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// How long a socket may stay silent (no pong, no message) before it is closed.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(45);

/// Upgrades the request and serves `events` on the socket until either side closes it.
pub(crate) fn serve(
    req: &HttpRequest,
    body: web::Payload,
    events: Subscription,
    open: IntGauge,
) -> Result<HttpResponse, ApiError> {
    let (response, session, stream) = actix_ws::handle(req, body)
        .map_err(|err| ApiError::new(ErrorCode::WebsocketExpected, format!("GET /api/ws opens a WebSocket: {err}.")))?;
    actix_web::rt::spawn(async move {
        open.inc();
        run(session, stream, events).await;
        open.dec();
    });
    Ok(response)
}

async fn run(mut session: Session, mut stream: MessageStream, mut events: Subscription) {
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut heard = Instant::now();
    let close = loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(message) => {
                    let Ok(text) = serde_json::to_string(&wire::server_message(&message)) else { continue };
                    if session.text(text).await.is_err() {
                        break None;
                    }
                }
                Err(Missed::Lagged(n)) => {
                    tracing::warn!(dropped = n, "a socket fell behind; closing it so its client reloads");
                    break Some(CloseReason { code: CloseCode::Again, description: Some("missed events: reconnect".into()) });
                }
                Err(Missed::Closed) => break Some(CloseCode::Away.into()),
            },
            frame = stream.recv() => match frame {
                Some(Ok(Message::Ping(bytes))) => {
                    heard = Instant::now();
                    if session.pong(&bytes).await.is_err() {
                        break None;
                    }
                }
                Some(Ok(Message::Close(reason))) => break reason,
                Some(Ok(_)) => heard = Instant::now(),
                Some(Err(_)) | None => break None,
            },
            _ = heartbeat.tick() => {
                if heard.elapsed() > CLIENT_TIMEOUT {
                    break Some(CloseReason { code: CloseCode::Away, description: Some("no heartbeat".into()) });
                }
                if session.ping(b"").await.is_err() {
                    break None;
                }
            }
        }
    };
    let _ = session.close(close).await;
}
