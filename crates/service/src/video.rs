//! Video calls on Daily: the room of each confirmed booking (created when it is confirmed,
//! retried with backoff when Daily fails), meeting tokens inside the access window, Daily's
//! webhook events recorded once as SYSTEM call logs, and settling bookings whose call is over.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::booking::{BookingStatus, OfferStatus};
use domain::call::{CallEvent, Side};
use domain::call_access::{Access, CallTimes, room_name, room_retry_delay, settled_status};
use entity::{booking, call_log, call_offer};
use providers::daily::{RoomRequest, TokenRequest, VideoRooms};
use providers::daily_webhook::DailyEvent;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, SqlErr, TransactionTrait,
};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::ServiceError;
use crate::bookings::{self, BookingView};
use crate::call_logs::{actor_name, side_of, summarize_logs};

/// How many bookings one sweep looks at.
const SWEEP_BATCH: u64 = 50;

/// The schedule of a booking's call.
pub fn times_of(view: &BookingView) -> CallTimes {
    CallTimes::new(view.offer.date_time, view.offer.duration_minutes)
}

/// A booking's Daily room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRef {
    /// The room name.
    pub name: String,
    /// Its URL.
    pub url: String,
}

fn room_of(row: &booking::Model) -> Option<RoomRef> {
    Some(RoomRef { name: row.daily_room_name.clone()?, url: row.daily_room_url.clone()? })
}

/// Makes sure a confirmed booking has its room. Creating is idempotent on Daily's side (the
/// name is derived from the booking). A failure is recorded with the time of the next retry
/// and returned as an error; the booking itself is untouched.
pub async fn ensure_room(
    db: &DatabaseConnection,
    rooms: &dyn VideoRooms,
    booking_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<RoomRef>, ServiceError> {
    let row = booking::Entity::find_by_id(booking_id).one(db).await?.ok_or(ServiceError::NotFound("booking"))?;
    if let Some(room) = room_of(&row) {
        return Ok(Some(room));
    }
    if row.status != BookingStatus::Confirmed.as_str() {
        return Ok(None);
    }
    let view = bookings::view(db, row.clone()).await?;
    let times = times_of(&view);
    if now >= times.closes_at() {
        return Ok(None);
    }
    let request =
        RoomRequest { name: room_name(booking_id), not_before: times.opens_at(), expires_at: times.closes_at() };
    match rooms.create_room(&request).await {
        Ok(room) => {
            booking::Entity::update_many()
                .col_expr(booking::Column::DailyRoomName, Expr::value(room.name.clone()))
                .col_expr(booking::Column::DailyRoomUrl, Expr::value(room.url.clone()))
                .col_expr(booking::Column::RoomRetryAt, Expr::value(Option::<DateTime<Utc>>::None))
                .col_expr(booking::Column::RoomError, Expr::value(Option::<String>::None))
                .col_expr(booking::Column::UpdatedAt, Expr::value(now))
                .filter(booking::Column::Id.eq(booking_id))
                .exec(db)
                .await?;
            tracing::info!(%booking_id, room = %room.name, "daily room ready");
            Ok(Some(RoomRef { name: room.name, url: room.url }))
        }
        Err(err) => {
            let failures = u32::try_from(row.room_attempts).unwrap_or(0).saturating_add(1);
            let retry_at = Utc::now() + room_retry_delay(failures);
            booking::Entity::update_many()
                .col_expr(booking::Column::RoomAttempts, crate::db::plus_one(booking::Column::RoomAttempts))
                .col_expr(booking::Column::RoomRetryAt, Expr::value(retry_at))
                .col_expr(booking::Column::RoomError, Expr::value(err.to_string()))
                .filter(booking::Column::Id.eq(booking_id))
                .exec(db)
                .await?;
            tracing::warn!(%booking_id, error = %err, failures, %retry_at, "daily room creation failed; will retry");
            Err(ServiceError::Internal(format!("video provider: {err}")))
        }
    }
}

/// Creates the missing rooms of confirmed bookings whose retry time has come (or that never
/// tried: a confirmation whose first attempt was lost). Returns (created, failed).
pub async fn create_missing_rooms(
    db: &DatabaseConnection,
    rooms: &dyn VideoRooms,
    now: DateTime<Utc>,
) -> Result<(u64, u64), ServiceError> {
    let due = booking::Entity::find()
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed.as_str()))
        .filter(booking::Column::DailyRoomName.is_null())
        .filter(Condition::any().add(booking::Column::RoomRetryAt.is_null()).add(booking::Column::RoomRetryAt.lte(now)))
        .order_by_asc(booking::Column::RoomRetryAt)
        .limit(SWEEP_BATCH)
        .all(db)
        .await?;
    let (mut created, mut failed) = (0, 0);
    for row in due {
        match ensure_room(db, rooms, row.id, now).await {
            Ok(Some(_)) => created += 1,
            Ok(None) => {}
            Err(ServiceError::Internal(_)) => failed += 1,
            Err(other) => return Err(other),
        }
    }
    Ok((created, failed))
}

/// What a participant gets to join a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallAccess {
    /// The meeting token (none without Daily).
    pub token: Option<String>,
    /// The room URL (none without Daily).
    pub room_url: Option<String>,
    /// When the token expires (scheduled end + grace).
    pub expires_at: DateTime<Utc>,
    /// The creator owns the room.
    pub is_owner: bool,
    /// The schedule.
    pub times: CallTimes,
}

/// A meeting token for one of the two participants, inside the access window. The token
/// ejects its holder at the scheduled end plus `grace`, so the call ends on time on Daily's
/// side too. Without `rooms` (no Daily credentials) the access carries no token.
pub async fn call_token(
    db: &DatabaseConnection,
    rooms: Option<&dyn VideoRooms>,
    viewer: Uuid,
    booking_id: Uuid,
    now: DateTime<Utc>,
    grace: Duration,
) -> Result<CallAccess, ServiceError> {
    let view = bookings::get(db, viewer, Role::User, booking_id).await?;
    let side = side_of(&view, viewer).ok_or(ServiceError::NotFound("booking"))?;
    if view.status != BookingStatus::Confirmed {
        return Err(ServiceError::refused(
            ErrorCode::NotConfirmed,
            format!("This booking is {}; only confirmed calls can be joined.", view.status),
        ));
    }
    let times = times_of(&view);
    match times.access(now, grace) {
        Access::NotYet { opens_at } => return Err(ServiceError::CallNotOpen { opens_at }),
        Access::Ended | Access::Closed => {
            return Err(ServiceError::refused(ErrorCode::CallOver, "This call is over; its summary is available."));
        }
        Access::Open => {}
    }
    let is_owner = side == Side::Host;
    let expires_at = times.token_expires_at(grace);
    let Some(rooms) = rooms else {
        return Ok(CallAccess { token: None, room_url: None, expires_at, is_owner, times });
    };
    let room = ensure_room(db, rooms, booking_id, now)
        .await
        .map_err(|_| ServiceError::Internal("the video room could not be created".into()))?
        .ok_or(ServiceError::Internal("no video room for this booking".into()))?;
    let user_name = match side {
        Side::Host => view.creator.1.clone(),
        Side::Guest => view.guest.1.clone(),
    };
    let request = TokenRequest {
        room_name: room.name.clone(),
        not_before: times.opens_at(),
        expires_at,
        is_owner,
        user_name,
        user_id: viewer.to_string(),
    };
    let token =
        rooms.meeting_token(&request).await.map_err(|err| ServiceError::Internal(format!("video provider: {err}")))?;
    Ok(CallAccess { token: Some(token), room_url: Some(room.url), expires_at, is_owner, times })
}

/// Records a Daily webhook event as a SYSTEM call log, once per event id. Events of unknown
/// rooms are ignored. Returns whether something was recorded.
pub async fn record_daily_event(
    db: &DatabaseConnection,
    event_id: &str,
    event: &DailyEvent,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let Some(row) = booking::Entity::find().filter(booking::Column::DailyRoomName.eq(event.room())).one(db).await?
    else {
        tracing::info!(room = event.room(), "daily event for an unknown room ignored");
        return Ok(false);
    };
    let view = bookings::view(db, row).await?;
    let side_of_user = |user_id: &Option<String>| {
        let id = user_id.as_deref().and_then(|u| u.parse::<Uuid>().ok())?;
        side_of(&view, id)
    };
    let (kind, at, about, message) = match event {
        DailyEvent::MeetingStarted { at, .. } => (CallEvent::CallStarted, *at, None, "Daily: meeting started"),
        DailyEvent::MeetingEnded { at, .. } => (CallEvent::CallEnded, *at, None, "Daily: meeting ended"),
        DailyEvent::ParticipantJoined { user_id, at, .. } => {
            (CallEvent::ParticipantJoined, *at, side_of_user(user_id), "Daily: participant joined")
        }
        DailyEvent::ParticipantLeft { user_id, at, .. } => {
            (CallEvent::ParticipantLeft, *at, side_of_user(user_id), "Daily: participant left")
        }
    };
    let mut metadata = Map::new();
    metadata.insert("source".into(), json!("daily"));
    metadata.insert("room".into(), json!(event.room()));
    if let Some(side) = about {
        metadata.insert("participant".into(), json!(actor_name(side)));
    }
    let inserted = call_log::ActiveModel {
        id: Set(Uuid::new_v4()),
        booking_id: Set(view.row.id),
        event: Set(kind.as_str().to_owned()),
        actor: Set("SYSTEM".to_owned()),
        actor_id: Set(None),
        message: Set(message.to_owned()),
        metadata: Set(Value::Object(metadata)),
        external_id: Set(Some(event_id.to_owned())),
        occurred_at: Set(at),
        created_at: Set(now),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Settles confirmed bookings whose call is over (scheduled end + grace): `completed` or
/// `no_show` from the summary of their log, and their offer `COMPLETED`. Idempotent: a
/// booking is settled only from `confirmed`. Returns how many were settled.
pub async fn settle_finished_calls(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    grace: Duration,
) -> Result<u64, ServiceError> {
    // Coarse filter in SQL (started before now), exact end in Rust: durations vary.
    let candidates = booking::Entity::find()
        .inner_join(call_offer::Entity)
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed.as_str()))
        .filter(call_offer::Column::DateTime.lt(now - grace))
        .order_by_asc(call_offer::Column::DateTime)
        .limit(SWEEP_BATCH)
        .all(db)
        .await?;
    let mut settled = 0;
    for view in bookings::views(db, candidates).await? {
        if !times_of(&view).is_over(now, grace) {
            continue;
        }
        let logs = call_log::Entity::find()
            .filter(call_log::Column::BookingId.eq(view.row.id))
            .order_by_asc(call_log::Column::OccurredAt)
            .all(db)
            .await?;
        let summary = summarize_logs(&view, &logs, now);
        let status = settled_status(summary.outcome);
        let txn = db.begin().await?;
        let changed = booking::Entity::update_many()
            .col_expr(booking::Column::Status, Expr::value(status.as_str()))
            .col_expr(booking::Column::CalendarSequence, crate::db::plus_one(booking::Column::CalendarSequence))
            .col_expr(booking::Column::UpdatedAt, Expr::value(now))
            .filter(booking::Column::Id.eq(view.row.id))
            .filter(booking::Column::Status.eq(BookingStatus::Confirmed.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected == 1 {
            call_offer::Entity::update_many()
                .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Completed.as_str()))
                .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
                .filter(call_offer::Column::Id.eq(view.offer.id))
                .exec(&txn)
                .await?;
            settled += 1;
            tracing::info!(booking_id = %view.row.id, status = status.as_str(), outcome = summary.outcome.as_str(), "call settled");
        }
        txn.commit().await?;
    }
    Ok(settled)
}
