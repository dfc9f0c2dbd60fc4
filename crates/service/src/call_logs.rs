//! Call logs and the call summary. Only the two participants may write or read a call's
//! log (admins may read); the actor is who the token says, never what the body claims.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::call::{
    CallEvent, CallSummary, LogActor, LogLimitError, LogLimits, LoggedEvent, Reporter, Side, summarize,
};
use entity::call_log;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::ServiceError;
use crate::bookings::{self, Booking};

/// How far a reporter's own timestamp may be from the server's clock to be trusted.
const CLOCK_SKEW: Duration = Duration::hours(1);

/// A recorded call event.
#[derive(Debug, Clone, PartialEq)]
pub struct CallLog {
    /// Identifier.
    pub id: Uuid,
    /// What happened.
    pub event: CallEvent,
    /// Who recorded it.
    pub actor: LogActor,
    /// The participant's account, for participants' events.
    pub actor_id: Option<Uuid>,
    /// For people.
    pub message: String,
    /// What the reporter added.
    pub metadata: Value,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
}

impl From<call_log::Model> for CallLog {
    fn from(row: call_log::Model) -> Self {
        Self {
            id: row.id,
            event: row.event,
            actor: row.actor,
            actor_id: row.actor_id,
            message: row.message,
            metadata: row.metadata,
            occurred_at: row.occurred_at,
        }
    }
}

/// An event a participant reports.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLog {
    /// The booking whose call it is.
    pub booking_id: Uuid,
    /// What happened.
    pub event: CallEvent,
    /// What the reporter adds (`timestamp` is read when close to the server's clock).
    pub metadata: Map<String, Value>,
    /// For people (at most 1,000 characters are kept).
    pub message: Option<String>,
}

/// Records an event reported by a participant of the booking, within [`LogLimits`]: a
/// booking's log holds at most so many participant events, and a participant reports at most
/// so many a minute (Daily's webhook events, server-side truth, are not counted).
pub async fn record(db: &DatabaseConnection, viewer: Uuid, new: NewLog) -> Result<CallLog, ServiceError> {
    let NewLog { booking_id, event, metadata, message } = new;
    let (_, side) = bookings::as_participant(db, viewer, booking_id).await?;
    let now = Utc::now();
    let reported = call_log::Entity::find()
        .filter(call_log::Column::BookingId.eq(booking_id))
        .filter(call_log::Column::Actor.ne(LogActor::System));
    let total = reported.clone().count(db).await?;
    let last_minute = reported
        .filter(call_log::Column::ActorId.eq(viewer))
        .filter(call_log::Column::CreatedAt.gt(now - Duration::minutes(1)))
        .count(db)
        .await?;
    LogLimits::admit(total, last_minute).map_err(|err| match err {
        LogLimitError::Full => ServiceError::refused(ErrorCode::CallLogFull, format!("{err}.")),
        LogLimitError::TooFast | LogLimitError::MetadataTooLarge => ServiceError::RateLimited { retry_after_secs: 60 },
    })?;
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
        event: Set(event),
        actor: Set(LogActor::of(side)),
        actor_id: Set(Some(viewer)),
        message: Set(message),
        metadata: Set(Value::Object(metadata)),
        external_id: Set(None),
        occurred_at: Set(occurred_at),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

/// A call's log, oldest first, for its participants and admins.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Uuid,
    role: Role,
    booking_id: Uuid,
) -> Result<(Booking, Vec<CallLog>), ServiceError> {
    let view = bookings::get(db, viewer, role, booking_id).await?;
    let logs = call_log::Entity::find()
        .filter(call_log::Column::BookingId.eq(booking_id))
        .order_by_asc(call_log::Column::OccurredAt)
        .order_by_asc(call_log::Column::CreatedAt)
        .all(db)
        .await?;
    Ok((view, logs.into_iter().map(CallLog::from).collect()))
}

/// The summary of a call, computed from its log.
pub async fn summary(
    db: &DatabaseConnection,
    viewer: Uuid,
    role: Role,
    booking_id: Uuid,
) -> Result<(Booking, Vec<CallLog>, CallSummary), ServiceError> {
    let (view, logs) = list(db, viewer, role, booking_id).await?;
    let computed = summarize_logs(&view, &logs, Utc::now());
    Ok((view, logs, computed))
}

/// The summary of a booking's call from its stored log, at `now`.
pub fn summarize_logs(booking: &Booking, logs: &[CallLog], now: DateTime<Utc>) -> CallSummary {
    let events: Vec<LoggedEvent> = logs
        .iter()
        .filter_map(|log| {
            let event = log.event;
            // A camera or microphone hiccup (`fatal: false`) does not take anyone out of the call.
            if event == CallEvent::CallError && log.metadata.get("fatal") == Some(&Value::Bool(false)) {
                return None;
            }
            let reporter = match log.actor {
                LogActor::User => Reporter::Participant(Side::Guest),
                LogActor::Creator => Reporter::Participant(Side::Host),
                LogActor::System => Reporter::System {
                    about: match log.metadata.get("participant").and_then(Value::as_str).map(str::parse) {
                        Some(Ok(LogActor::User)) => Some(Side::Guest),
                        Some(Ok(LogActor::Creator)) => Some(Side::Host),
                        _ => None,
                    },
                },
            };
            Some(LoggedEvent { at: log.occurred_at, event, reporter })
        })
        .collect();
    summarize(&events, booking.starts_at, booking.offer.duration.as_duration(), now)
}
