//! Video calls on Daily: the room of each confirmed booking (created when it is confirmed,
//! retried with backoff when Daily fails), meeting tokens inside the access window, Daily's
//! webhook events recorded once as SYSTEM call logs, and settling bookings whose call is over.

use api_types::ErrorCode;
use api_types::Route;
use chrono::{DateTime, Duration, Utc};
use domain::booking::{BookingStatus, OfferStatus, Transition};
use domain::call::{CallEvent, LogActor, Side, pre_call_seconds};
use domain::call_access::{Access, CallTimes, room_name, room_retry_delay, settled_status};
use domain::no_show::{self, Absent};
use domain::notification::{NoShowNotice, NotificationType};
use domain::planning::MeetingType;
use entity::{booking, call_log, call_offer};
use providers::daily::{RoomRequest, TokenRequest, VideoRooms};
use providers::daily_webhook::DailyEvent;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};

use crate::error::OnUniqueViolation as _;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::bookings::{self, Details, RoomRef};
use crate::call_logs::summarize_logs;
use crate::notifications::{self, params};
use crate::{Context, ServiceError};

/// Bookings a sweep reads at a time; a sweep pages on (by id) until nothing is left.
const SWEEP_PAGE: u64 = 200;

/// Makes sure a confirmed booking has its room. Creating is idempotent on Daily's side (the
/// name is derived from the booking). A failure is recorded with the time of the next retry
/// and returned as an error; the booking itself is untouched.
pub async fn ensure_room(
    db: &DatabaseConnection,
    rooms: &dyn VideoRooms,
    booking_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<RoomRef>, ServiceError> {
    let booking = bookings::by_id(db, booking_id).await?;
    if let Some(room) = booking.room.clone() {
        return Ok(Some(room));
    }
    if booking.state.status != BookingStatus::Confirmed || booking.meeting_type != MeetingType::Video {
        return Ok(None);
    }
    let times = booking.times();
    if now >= times.closes_at() {
        return Ok(None);
    }
    let request = RoomRequest {
        name: room_name(booking_id),
        not_before: times.opens_at(),
        expires_at: times.closes_at(),
        cloud_recording: false,
    };
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
            let failures = u32::try_from(booking.room_attempts).unwrap_or(0).saturating_add(1);
            let retry_at = Utc::now() + room_retry_delay(failures);
            booking::Entity::update_many()
                .col_expr(booking::Column::RoomAttempts, crate::db::plus_one(booking::Column::RoomAttempts))
                .col_expr(booking::Column::RoomRetryAt, Expr::value(retry_at))
                .col_expr(booking::Column::RoomError, Expr::value(err.to_string()))
                .filter(booking::Column::Id.eq(booking_id))
                .exec(db)
                .await?;
            tracing::warn!(%booking_id, error = %err, failures, %retry_at, "daily room creation failed; will retry");
            Err(err.into())
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
    let (mut created, mut failed, mut after) = (0, 0, None);
    loop {
        let due = page_after(
            booking::Entity::find()
                .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
                .filter(booking::Column::MeetingType.eq(MeetingType::Video))
                .filter(booking::Column::EndsAt.gt(now))
                .filter(booking::Column::DailyRoomName.is_null())
                .filter(
                    Condition::any()
                        .add(booking::Column::RoomRetryAt.is_null())
                        .add(booking::Column::RoomRetryAt.lte(now)),
                ),
            after,
        )
        .all(db)
        .await?;
        let Some(last) = due.last().map(|row| row.id) else { return Ok((created, failed)) };
        for row in due {
            match ensure_room(db, rooms, row.id, now).await {
                Ok(Some(_)) => created += 1,
                Ok(None) => {}
                Err(ServiceError::Provider(_)) => failed += 1,
                Err(other) => return Err(other),
            }
        }
        after = Some(last);
    }
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

/// Whether Daily is configured: calls show the local camera only without it.
pub fn enabled(ctx: &Context) -> bool {
    ctx.rooms.is_some()
}

/// A meeting token for one of the two participants, inside the access window. The token
/// ejects its holder at the scheduled end plus `grace`, so the call ends on time on Daily's
/// side too. Without `rooms` (no Daily credentials) the access carries no token.
pub async fn call_token(ctx: &Context, viewer: Uuid, booking_id: Uuid) -> Result<CallAccess, ServiceError> {
    let (db, now, grace) = (&ctx.db, Utc::now(), ctx.settings.call_grace);
    let (view, side) = bookings::as_participant(db, viewer, booking_id).await?;
    if view.meeting_type != MeetingType::Video {
        return Err(ServiceError::refused(
            ErrorCode::NotAVideoCall,
            format!("This appointment is held {}: it has no video call.", view.meeting_type.as_str().replace('_', " ")),
        ));
    }
    if view.status != BookingStatus::Confirmed {
        return Err(ServiceError::refused(
            ErrorCode::NotConfirmed,
            format!("This booking is {}; only confirmed calls can be joined.", view.status),
        ));
    }
    let times = view.times();
    match times.access(now, grace) {
        Access::NotYet { opens_at } => return Err(ServiceError::CallNotOpen { opens_at }),
        Access::Ended | Access::Closed => {
            return Err(ServiceError::refused(ErrorCode::CallOver, "This call is over; its summary is available."));
        }
        Access::Open => {}
    }
    let is_owner = side == Side::Host;
    let expires_at = times.token_expires_at(grace);
    let Some(rooms) = ctx.rooms() else {
        return Ok(CallAccess { token: None, room_url: None, expires_at, is_owner, times });
    };
    let room = ensure_room(db, rooms, booking_id, now)
        .await?
        .ok_or_else(|| ServiceError::corrupt(format!("confirmed booking {booking_id} has no video room")))?;
    let user_name = view.party(side).name.clone();
    let request = TokenRequest {
        room_name: room.name.clone(),
        not_before: times.opens_at(),
        expires_at,
        is_owner,
        user_name,
        user_id: viewer.to_string(),
        start_recording: false,
    };
    let token = rooms.meeting_token(&request).await?;
    Ok(CallAccess { token: Some(token), room_url: Some(room.url), expires_at, is_owner, times })
}

/// Records a verified Daily delivery: a meeting or participant event (when Callstar uses
/// its type) as a SYSTEM call log of a booking, once per envelope id; a ready recording on
/// its instant call. Returns whether something was recorded.
pub async fn record_daily_envelope(
    ctx: &Context,
    envelope: &providers::daily_webhook::Envelope,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    match envelope.event(now) {
        Some(DailyEvent::RecordingReady { room, recording_id }) => {
            crate::calls::record_recording(ctx, &room, &recording_id).await
        }
        Some(event) => record_daily_event(&ctx.db, &envelope.id, &event, now).await,
        None => Ok(false),
    }
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
    let view = bookings::one(db, row).await?;
    let side_of_user = |user_id: &Option<String>| {
        let id = user_id.as_deref().and_then(|u| u.parse::<Uuid>().ok())?;
        view.side_of(id)
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
        // Booking rooms are not recorded.
        DailyEvent::RecordingReady { .. } => return Ok(false),
    };
    let mut metadata = Map::new();
    metadata.insert("source".into(), json!("daily"));
    metadata.insert("room".into(), json!(event.room()));
    if let Some(side) = about {
        metadata.insert("participant".into(), json!(LogActor::of(side).as_str()));
    }
    let inserted = call_log::ActiveModel {
        id: Set(Uuid::new_v4()),
        booking_id: Set(view.id),
        event: Set(kind),
        actor: Set(LogActor::System),
        actor_id: Set(None),
        message: Set(message.to_owned()),
        metadata: Set(Value::Object(metadata)),
        external_id: Set(Some(event_id.to_owned())),
        occurred_at: Set(at),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .unless_duplicate()?;
    Ok(inserted.is_some())
}

/// How long a host has to mark a phone or in-person appointment missed before it counts as
/// held.
pub const OFFLINE_SETTLE_AFTER: Duration = Duration::hours(48);

/// Settles confirmed bookings whose call is over (scheduled end + grace): `completed` or
/// `no_show` from the summary of their log, and their offer `COMPLETED`. Phone and
/// in-person appointments leave no log: their host marks them, and those still confirmed
/// [`OFFLINE_SETTLE_AFTER`] their end count as held. Both participants' sockets hear of it.
/// Idempotent: a booking is settled only from `confirmed`. Returns how many were settled.
pub async fn settle_finished_calls(ctx: &Context, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    let (db, grace) = (&ctx.db, ctx.settings.call_grace);
    let (mut settled, mut after) = (0, None);
    loop {
        let over = page_after(
            booking::Entity::find().filter(booking::Column::Status.eq(BookingStatus::Confirmed)).filter(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(booking::Column::MeetingType.eq(MeetingType::Video))
                            .add(booking::Column::EndsAt.lte(now - grace)),
                    )
                    .add(booking::Column::EndsAt.lte(now - OFFLINE_SETTLE_AFTER)),
            ),
            after,
        )
        .all(db)
        .await?;
        let Some(last) = over.last().map(|row| row.id) else { return Ok(settled) };
        after = Some(last);
        for view in bookings::load(db, over, now).await? {
            settled += settle(ctx, &view, now).await?;
        }
    }
}

/// Settles one finished call; 1 when this run settled it. A video call also records how it
/// went (outcome, seconds together, pre-call time: the call metrics read them) and, for a
/// no-show, who was absent; both participants are told who missed it and whether the fan is
/// refunded ([`domain::no_show`]), and the refund the policy gives is queued in the same
/// transaction ([`crate::no_shows::queue_refund`]).
async fn settle(ctx: &Context, view: &bookings::Booking, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    let db = &ctx.db;
    let logs = call_log::Entity::find()
        .filter(call_log::Column::BookingId.eq(view.id))
        .order_by_asc(call_log::Column::OccurredAt)
        .all(db)
        .await?;
    let logs: Vec<crate::call_logs::CallLog> = logs.into_iter().map(Into::into).collect();
    let summary = summarize_logs(view, &logs, now);
    let video = view.meeting_type == MeetingType::Video;
    let status = if video { settled_status(summary.outcome) } else { BookingStatus::Completed };
    let absent = if video { no_show::absent(&summary) } else { None };
    let t = if status == BookingStatus::NoShow { Transition::MarkNoShow } else { Transition::Complete };
    let txn = db.begin().await?;
    let mut told = Vec::new();
    let which = Condition::all().add(booking::Column::Id.eq(view.id));
    let changed = bookings::transition(&txn, which, t, now, Details::default()).await?;
    if changed == 1 {
        call_offer::Entity::update_many()
            .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Completed))
            .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
            .filter(call_offer::Column::Id.eq(view.offer.id))
            .exec(&txn)
            .await?;
        if video {
            let seconds = |secs: i64| i32::try_from(secs).unwrap_or(i32::MAX);
            let pre_call = pre_call_seconds(&crate::call_logs::events(&logs)).map(seconds);
            booking::Entity::update_many()
                .col_expr(booking::Column::CallOutcome, Expr::value(summary.outcome))
                .col_expr(booking::Column::Absent, Expr::value(absent))
                .col_expr(booking::Column::ActualDurationSecs, Expr::value(seconds(summary.actual_duration_secs)))
                .col_expr(booking::Column::PreCallSecs, Expr::value(pre_call))
                .filter(booking::Column::Id.eq(view.id))
                .exec(&txn)
                .await?;
        }
        if let Some(absent) = absent {
            told = tell_no_show(&txn, view, absent).await?;
            crate::no_shows::queue_refund(&txn, ctx, view, absent, now).await?;
        }
        tracing::info!(booking_id = %view.id, %status, outcome = %summary.outcome, ?absent, "call settled");
    }
    txn.commit().await?;
    if changed == 1 {
        let people = [view.guest.user_id, view.host.user_id];
        let mut outgoing = crate::events::Outgoing::booking(view.id, status, &people);
        told.into_iter().for_each(|notice| outgoing.add(notice));
        ctx.events.publish(outgoing).await;
    }
    Ok(changed)
}

/// Tells both participants of a no-show who missed it and what the fan gets back; returns the
/// notifications' events, to publish once the settling has committed.
async fn tell_no_show(
    db: &impl sea_orm::ConnectionTrait,
    view: &bookings::Booking,
    absent: Absent,
) -> Result<Vec<crate::events::Outgoing>, ServiceError> {
    let mut told = Vec::new();
    for reader in [Side::Guest, Side::Host] {
        let mut what = params([("title", view.offer.title.clone()), ("with", view.party(reader.other()).name.clone())]);
        what.extend(params(NoShowNotice { absent, reader, paid: view.price.minor() > 0 }.params()));
        let to = view.party(reader).user_id;
        let link = Some(Route::CallSummary(view.id));
        told.push(notifications::notify(db, to, NotificationType::CallNoShow, what, link).await?);
    }
    Ok(told)
}

/// The next page of a sweep, in id order after `after`.
fn page_after(query: sea_orm::Select<booking::Entity>, after: Option<Uuid>) -> sea_orm::Select<booking::Entity> {
    let query = match after {
        Some(id) => query.filter(booking::Column::Id.gt(id)),
        None => query,
    };
    query.order_by_asc(booking::Column::Id).limit(SWEEP_PAGE)
}

/// Deletes the Daily rooms of finished calls (cancelled, settled, or past their end plus the
/// grace) and clears them from their booking; Daily's 404 counts as deleted. Returns
/// (deleted, failed).
pub async fn cleanup_rooms(
    db: &DatabaseConnection,
    rooms: &dyn VideoRooms,
    now: DateTime<Utc>,
    grace: Duration,
) -> Result<(u64, u64), ServiceError> {
    let (mut deleted, mut failed, mut after) = (0, 0, None);
    loop {
        let with_rooms = page_after(
            booking::Entity::find()
                .filter(booking::Column::DailyRoomName.is_not_null())
                .filter(booking::Column::StartsAt.lt(now)),
            after,
        )
        .all(db)
        .await?;
        let Some(last) = with_rooms.last().map(|row| row.id) else { return Ok((deleted, failed)) };
        after = Some(last);
        let (d, f) = delete_finished_rooms(db, rooms, with_rooms, now, grace).await?;
        (deleted, failed) = (deleted + d, failed + f);
    }
}

async fn delete_finished_rooms(
    db: &DatabaseConnection,
    rooms: &dyn VideoRooms,
    rows: Vec<booking::Model>,
    now: DateTime<Utc>,
    grace: Duration,
) -> Result<(u64, u64), ServiceError> {
    let (mut deleted, mut failed) = (0, 0);
    for booking in bookings::load(db, rows, now).await? {
        let finished = !booking.status.is_active() || booking.times().is_over(now, grace);
        let Some(room) = booking.room.clone().filter(|_| finished) else { continue };
        match rooms.delete_room(&room.name).await {
            Ok(()) => {
                booking::Entity::update_many()
                    .col_expr(booking::Column::DailyRoomName, Expr::value(Option::<String>::None))
                    .col_expr(booking::Column::DailyRoomUrl, Expr::value(Option::<String>::None))
                    .col_expr(booking::Column::UpdatedAt, Expr::value(now))
                    .filter(booking::Column::Id.eq(booking.id))
                    .exec(db)
                    .await?;
                deleted += 1;
            }
            Err(err) => {
                tracing::warn!(room = %room.name, error = %err, "daily room not deleted; next run retries");
                failed += 1;
            }
        }
    }
    Ok((deleted, failed))
}
