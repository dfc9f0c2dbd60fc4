//! Call logs and the call summary. Only the two participants may write or read a call's
//! log (admins may read); the actor is who the token says, never what the body claims.
//! Admins search logs across bookings and read the call metrics of a period.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::booking::{BookingStatus, Refund};
use domain::call::{
    CallEvent, CallMetrics, CallOutcome, CallSummary, CallTotals, LogActor, LogLimitError, LogLimits, LoggedEvent,
    Reporter, Side, summarize,
};
use domain::money::Money;
use domain::no_show::{self, Absent};
use entity::{booking, call_log, payment};
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
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
    /// The booking (the call).
    pub booking_id: Uuid,
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
            booking_id: row.booking_id,
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

/// The outcome of a no-show under the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoShowOutcome {
    /// Who was absent.
    pub absent: Absent,
    /// What the policy refunds.
    pub refund: Refund,
    /// What has gone back so far.
    pub refunded: Money,
    /// The booking is settled as a no-show (otherwise: the call is over, not settled yet).
    pub settled: bool,
}

/// A call's summary: the booking, its log, what the log says, and the no-show outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The booking.
    pub booking: Booking,
    /// Its log, oldest first.
    pub logs: Vec<CallLog>,
    /// Computed from the log.
    pub computed: CallSummary,
    /// When the call is a no-show (settled, or over and unsettled).
    pub no_show: Option<NoShowOutcome>,
}

/// The summary of a call, computed from its log, with the no-show outcome: who was absent
/// as recorded when it was settled (as the log says until then) and what was refunded.
pub async fn summary(
    db: &DatabaseConnection,
    viewer: Uuid,
    role: Role,
    booking_id: Uuid,
) -> Result<Summary, ServiceError> {
    let (booking, logs) = list(db, viewer, role, booking_id).await?;
    let now = Utc::now();
    let computed = summarize_logs(&booking, &logs, now);
    let absent = match booking.status {
        BookingStatus::NoShow => booking.absent.or_else(|| no_show::absent(&computed)).map(|a| (a, true)),
        BookingStatus::Confirmed if booking.ends_at <= now => no_show::absent(&computed).map(|a| (a, false)),
        _ => None,
    };
    let no_show = match absent {
        Some((absent, settled)) => {
            let paid = payment::Entity::find().filter(payment::Column::BookingId.eq(booking_id)).one(db).await?;
            let refunded = paid.map_or(Money::zero(booking.price.currency()), |p| {
                Money::from_minor(p.refunded_amount_minor, p.currency)
            });
            Some(NoShowOutcome { absent, refund: no_show::refund(absent), refunded, settled })
        }
        None => None,
    };
    Ok(Summary { booking, logs, computed, no_show })
}

/// Filters of [`search`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogSearch {
    /// Only this event.
    pub event: Option<CallEvent>,
    /// Only this booking's call.
    pub booking_id: Option<Uuid>,
    /// Only this reporter.
    pub actor: Option<LogActor>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
}

/// Call events across bookings, newest first, for admins.
pub async fn search(
    db: &DatabaseConnection,
    filter: LogSearch,
    page: domain::PageRequest,
) -> Result<(Vec<CallLog>, u64), ServiceError> {
    let mut query = call_log::Entity::find();
    if let Some(event) = filter.event {
        query = query.filter(call_log::Column::Event.eq(event));
    }
    if let Some(id) = filter.booking_id {
        query = query.filter(call_log::Column::BookingId.eq(id));
    }
    if let Some(actor) = filter.actor {
        query = query.filter(call_log::Column::Actor.eq(actor));
    }
    if let Some(from) = filter.from {
        query = query.filter(call_log::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(call_log::Column::OccurredAt.lt(to));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(call_log::Column::OccurredAt)
        .order_by_desc(call_log::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(CallLog::from).collect(), total))
}

/// The call metrics of the video calls settled and scheduled to start in `[from, to)`: the
/// database sums what settling recorded (outcome, seconds together, pre-call seconds) in one
/// query; the domain divides ([`CallTotals::metrics`]).
pub async fn metrics(
    db: &DatabaseConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<CallMetrics, ServiceError> {
    let sum = |value: Expr| Expr::expr(Func::cast_as(Func::sum(value), Alias::new("BIGINT")));
    let count_if = |condition: sea_orm::sea_query::SimpleExpr| sum(Expr::case(condition, 1).finally(0).into());
    let outcome = booking::Column::CallOutcome;
    let took_place = Condition::any().add(outcome.eq(CallOutcome::Completed)).add(outcome.eq(CallOutcome::Interrupted));
    let duration = Expr::case(took_place, Expr::col(booking::Column::ActualDurationSecs)).finally(0);
    let pre_call = Func::coalesce([Expr::col(booking::Column::PreCallSecs), Expr::val(0)]);
    type Sums = (i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<i64>);
    let sums: Option<Sums> = booking::Entity::find()
        .select_only()
        .column_as(booking::Column::Id.count(), "calls")
        .column_as(count_if(outcome.eq(CallOutcome::Completed)), "completed")
        .column_as(count_if(outcome.eq(CallOutcome::Interrupted)), "interrupted")
        .column_as(count_if(outcome.eq(CallOutcome::NoShow)), "no_shows")
        .column_as(sum(duration.into()), "duration")
        .column_as(count_if(booking::Column::PreCallSecs.is_not_null()), "with_pre_call")
        .column_as(sum(pre_call.into()), "pre_call")
        .filter(outcome.is_not_null())
        .filter(booking::Column::StartsAt.gte(from))
        .filter(booking::Column::StartsAt.lt(to))
        .into_tuple()
        .one(db)
        .await?;
    let (calls, completed, interrupted, no_shows, duration, with_pre_call, pre_call) = sums.unwrap_or_default();
    let count = |n: Option<i64>| u64::try_from(n.unwrap_or(0)).unwrap_or(0);
    let totals = CallTotals {
        calls: count(Some(calls)),
        completed: count(completed),
        interrupted: count(interrupted),
        no_shows: count(no_shows),
        duration_secs: duration.unwrap_or(0),
        with_pre_call: count(with_pre_call),
        pre_call_secs: pre_call.unwrap_or(0),
    };
    Ok(totals.metrics())
}

/// The summary of a booking's call from its stored log, at `now`.
pub fn summarize_logs(booking: &Booking, logs: &[CallLog], now: DateTime<Utc>) -> CallSummary {
    summarize(&events(logs), booking.starts_at, booking.offer.duration.as_duration(), now)
}

/// A call's stored log as the domain's events (who reported what, when).
pub(crate) fn events(logs: &[CallLog]) -> Vec<LoggedEvent> {
    logs.iter()
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
        .collect()
}
