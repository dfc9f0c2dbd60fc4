//! The calls' background worker: creates the Daily rooms that are missing (at once when a
//! confirmation wakes it, else every interval, so failed creations are retried with their
//! backoff) and settles the bookings whose call is over. Each pass is idempotent; a failing
//! pass is logged and the next one runs as usual.

use std::time::Duration;

use actix_web::web;
use api::AppState;
use chrono::Utc;
use service::video;

/// Runs passes until the task is dropped.
pub async fn run(state: web::Data<AppState>, interval: Duration) {
    loop {
        pass(&state).await;
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            () = state.rooms_wanted.notified() => {}
        }
    }
}

async fn pass(state: &AppState) {
    let now = Utc::now();
    if let Some(rooms) = state.rooms.as_deref() {
        match video::create_missing_rooms(&state.db, rooms, now).await {
            Ok((0, 0)) => {}
            Ok((created, failed)) => tracing::info!(created, failed, "daily rooms pass"),
            Err(err) => tracing::error!(error = %err, "daily rooms pass failed"),
        }
    }
    match video::settle_finished_calls(&state.db, now, state.settings.call_grace).await {
        Ok(0) => {}
        Ok(settled) => tracing::info!(settled, "finished calls settled"),
        Err(err) => tracing::error!(error = %err, "settling finished calls failed"),
    }
}
