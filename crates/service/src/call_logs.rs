//! Call logs and the call summary. Only the two participants may write or read a call's
//! log (admins may read); the actor is who the token says, never what the body claims.

use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::call::{CallEvent, CallSummary, LoggedEvent, Reporter, Side, summarize};
use entity::call_log;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::ServiceError;
use crate::bookings::{self, BookingView};

/// How far a reporter's own timestamp may be from the server's clock to be trusted.
const CLOCK_SKEW: Duration = Duration::hours(1);

/// A stored call event.
#[derive(Debug, Clone, PartialEq)]
pub struct CallLog {
    /// The row.
    pub row: call_log::Model,
}

/// Records an event reported by a participant of the booking.
pub async fn record(
    db: &DatabaseConnection,
    viewer: Uuid,
    booking_id: Uuid,
    event: CallEvent,
    metadata: Map<String, Value>,
    message: Option<String>,
) -> Result<call_log::Model, ServiceError> {
    let view = bookings::get(db, viewer, Role::User, booking_id).await?;
    let side = side_of(&view, viewer).ok_or(ServiceError::NotFound("booking"))?;
    let now = Utc::now();
    let occurred_at = metadata
        .get("timestamp")
        .and_then(Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| (*t - now).abs() <= CLOCK_SKEW)
        .unwrap_or(now);
    let message =
        message.map(|m| m.chars().take(1000).collect::<String>()).unwrap_or_else(|| format!("Call event: {event}"));
    let row = call_log::ActiveModel {
        id: Set(Uuid::new_v4()),
        booking_id: Set(booking_id),
        event: Set(event.as_str().to_owned()),
        actor: Set(actor_name(side).to_owned()),
        actor_id: Set(Some(viewer)),
        message: Set(message),
        metadata: Set(Value::Object(metadata)),
        external_id: Set(None),
        occurred_at: Set(occurred_at),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row)
}

/// The `USER`/`CREATOR` spelling of a side.
pub fn actor_name(side: Side) -> &'static str {
    match side {
        Side::Guest => "USER",
        Side::Host => "CREATOR",
    }
}

pub(crate) fn side_of(view: &BookingView, viewer: Uuid) -> Option<Side> {
    if view.guest.0 == viewer {
        Some(Side::Guest)
    } else if view.creator_user_id == viewer {
        Some(Side::Host)
    } else {
        None
    }
}

/// A call's log, oldest first, for its participants and admins.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Uuid,
    role: Role,
    booking_id: Uuid,
) -> Result<(BookingView, Vec<call_log::Model>), ServiceError> {
    let view = bookings::get(db, viewer, role, booking_id).await?;
    let logs = call_log::Entity::find()
        .filter(call_log::Column::BookingId.eq(booking_id))
        .order_by_asc(call_log::Column::OccurredAt)
        .order_by_asc(call_log::Column::CreatedAt)
        .all(db)
        .await?;
    Ok((view, logs))
}

/// The summary of a call, computed from its log.
pub async fn summary(
    db: &DatabaseConnection,
    viewer: Uuid,
    role: Role,
    booking_id: Uuid,
) -> Result<(BookingView, Vec<call_log::Model>, CallSummary), ServiceError> {
    let (view, logs) = list(db, viewer, role, booking_id).await?;
    let computed = summarize_logs(&view, &logs, Utc::now());
    Ok((view, logs, computed))
}

/// The summary of a booking's call from its stored log, at `now`.
pub fn summarize_logs(view: &BookingView, logs: &[call_log::Model], now: DateTime<Utc>) -> CallSummary {
    let events: Vec<LoggedEvent> = logs
        .iter()
        .filter_map(|row| {
            let event = row.event.parse::<CallEvent>().ok()?;
            // A camera or microphone hiccup (`fatal: false`) does not take anyone out of the call.
            if event == CallEvent::CallError && row.metadata.get("fatal") == Some(&Value::Bool(false)) {
                return None;
            }
            let reporter = match row.actor.as_str() {
                "USER" => Reporter::Participant(Side::Guest),
                "CREATOR" => Reporter::Participant(Side::Host),
                _ => Reporter::System {
                    about: match row.metadata.get("participant").and_then(Value::as_str) {
                        Some("USER") => Some(Side::Guest),
                        Some("CREATOR") => Some(Side::Host),
                        _ => None,
                    },
                },
            };
            Some(LoggedEvent { at: row.occurred_at, event, reporter })
        })
        .collect();
    let duration = Duration::minutes(i64::from(view.offer.duration_minutes));
    summarize(&events, view.offer.date_time, duration, now)
}
