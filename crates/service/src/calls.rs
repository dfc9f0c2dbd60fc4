//! Instant calls between the staff and the clients of one organization (seeds 003/004).
//!
//! Placing a call checks that both belong to the caller's organization on opposite sides,
//! creates a private two-person Daily room that expires after an hour (with cloud
//! recording when configured), records the call and rings the callee: their sockets get
//! `incoming-call`. Every status change is a [`CallTransition`] applied by [`transition`],
//! the only writer of a call's status, with the transition's sources in the UPDATE's
//! `WHERE`: of an accept racing a decline exactly one wins. "One open call per person" is
//! a pair of partial unique indexes, so two calls raced to one person cannot both ring.
//!
//! Missed is the server's decision: an unanswered call becomes MISSED when its ring timeout
//! has passed (30 s by default), through a timer armed when it rings, the
//! `mark-missed-calls` job, and a sweep at start-up (which also re-arms the timers of calls
//! still ringing), whether or not any browser is open.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::instant_call::{
    By, CallCounts, CallRefusal, CallStatus, CallTarget, CallTransition, InitiatedBy, ROOM_LIFETIME, missed_at,
    talk_seconds,
};
use domain::notification::NotificationType;
use domain::organization::MemberRole;
use entity::{user, video_call};
use providers::daily::{RecordingLink, RoomRequest, TokenRequest, VideoRooms};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::is_unique_violation;
use crate::events::{Message, Outgoing};
use crate::notifications::{self, params};
use crate::{Context, ServiceError, organizations};

/// How many overdue calls one sweep marks missed.
const SWEEP_BATCH: u64 = 200;

/// How long before "now" a room or token starts working, so a clock a little ahead of
/// Daily's never makes it "not yet".
const CLOCK_SLACK: Duration = Duration::minutes(1);

/// One side of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// The account.
    pub id: Uuid,
    /// The name when the call was placed.
    pub name: String,
    /// A picture (a host's profile picture).
    pub avatar: Option<String>,
}

/// A call, read (also the payload of its real-time events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    /// Identifier.
    pub id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// The Daily room's name.
    pub room_name: String,
    /// The Daily room (none without Daily).
    pub room_url: Option<String>,
    /// Where it stands.
    pub status: CallStatus,
    /// Which side called.
    pub initiated_by: InitiatedBy,
    /// The staff member.
    pub staff: Person,
    /// The client.
    pub client: Person,
    /// Placed.
    pub started_at: DateTime<Utc>,
    /// Rang.
    pub ringing_at: Option<DateTime<Utc>>,
    /// While unanswered: when the server marks it missed.
    pub rings_until: Option<DateTime<Utc>>,
    /// Answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// Ended, declined or missed.
    pub ended_at: Option<DateTime<Utc>>,
    /// Seconds from the answer to the end.
    pub duration: Option<i32>,
    /// Where participants fetch the recording.
    pub recording_url: Option<String>,
}

impl Call {
    /// Who placed it.
    pub fn caller(&self) -> &Person {
        match self.initiated_by {
            InitiatedBy::Staff => &self.staff,
            InitiatedBy::Client => &self.client,
        }
    }

    /// Who is called.
    pub fn callee(&self) -> &Person {
        match self.initiated_by {
            InitiatedBy::Staff => &self.client,
            InitiatedBy::Client => &self.staff,
        }
    }

    /// Which participant `user_id` is, if any.
    pub fn by(&self, user_id: Uuid) -> Option<By> {
        if self.caller().id == user_id {
            Some(By::Caller)
        } else if self.callee().id == user_id {
            Some(By::Callee)
        } else {
            None
        }
    }

    /// Until when its room (and the meeting tokens) work.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.started_at + ROOM_LIFETIME
    }

    fn people(&self) -> [Uuid; 2] {
        [self.staff.id, self.client.id]
    }

    /// `call-status` for both participants.
    fn status_events(&self) -> Outgoing {
        let mut outgoing = Outgoing::new();
        for user_id in self.people() {
            outgoing.push(user_id, Message::CallStatus(self.clone()));
        }
        outgoing
    }
}

fn read(row: video_call::Model, avatars: &HashMap<Uuid, String>, timeout: Duration) -> Call {
    let ringing = matches!(row.status, CallStatus::Initiated | CallStatus::Ringing);
    Call {
        id: row.id,
        organization_id: row.organization_id,
        rings_until: ringing.then(|| missed_at(row.started_at, row.ringing_at, timeout)),
        staff: Person { id: row.staff_id, name: row.staff_name, avatar: avatars.get(&row.staff_id).cloned() },
        client: Person { id: row.client_id, name: row.client_name, avatar: avatars.get(&row.client_id).cloned() },
        room_name: row.room_name,
        room_url: row.room_url,
        status: row.status,
        initiated_by: row.initiated_by,
        started_at: row.started_at,
        ringing_at: row.ringing_at,
        answered_at: row.answered_at,
        ended_at: row.ended_at,
        duration: row.duration,
        recording_url: row.recording_url,
    }
}

async fn load(
    db: &impl ConnectionTrait,
    rows: Vec<video_call::Model>,
    timeout: Duration,
) -> Result<Vec<Call>, ServiceError> {
    let ids: Vec<Uuid> = rows.iter().flat_map(|r| [r.staff_id, r.client_id]).collect();
    let avatars = organizations::avatars(db, &ids).await?;
    Ok(rows.into_iter().map(|row| read(row, &avatars, timeout)).collect())
}

async fn by_id(db: &impl ConnectionTrait, id: Uuid, timeout: Duration) -> Result<Call, ServiceError> {
    let row = video_call::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("call"))?;
    load(db, vec![row], timeout).await?.pop().ok_or(ServiceError::NotFound("call"))
}

impl From<CallRefusal> for ServiceError {
    fn from(refusal: CallRefusal) -> Self {
        match refusal {
            CallRefusal::InvalidTransition { .. } => {
                Self::refused(ErrorCode::InvalidCallTransition, refusal.to_string())
            }
            CallRefusal::WrongParty(_) => Self::refused(ErrorCode::WrongCallParty, refusal.to_string()),
            CallRefusal::StillRinging => Self::refused(ErrorCode::CallStillRinging, refusal.to_string()),
            CallRefusal::ServerOnly(_) => Self::invalid("status", refusal.to_string()),
        }
    }
}

/// Unanswered calls whose ring timeout is over at `now`: ringing since `timeout` ago, or
/// recorded that long ago without ever ringing. The SQL of [`missed_at`].
fn overdue(now: DateTime<Utc>, timeout: Duration) -> Condition {
    let cutoff = now - timeout;
    Condition::any()
        .add(
            Condition::all()
                .add(video_call::Column::Status.eq(CallStatus::Ringing))
                .add(video_call::Column::RingingAt.lte(cutoff)),
        )
        .add(
            Condition::all()
                .add(video_call::Column::Status.eq(CallStatus::Initiated))
                .add(video_call::Column::StartedAt.lte(cutoff)),
        )
}

/// Applies `t` to call `id` when it is in one of the transition's source statuses (and,
/// for a miss, past its ring deadline at `now`), setting the times the server owns: the
/// only writer of a call's status. Returns how many rows changed (0: it moved meanwhile).
pub(crate) async fn transition(
    db: &impl ConnectionTrait,
    id: Uuid,
    t: CallTransition,
    now: DateTime<Utc>,
    timeout: Duration,
    talk: Option<i32>,
) -> Result<u64, DbErr> {
    let mut update = video_call::Entity::update_many()
        .col_expr(video_call::Column::Status, Expr::value(t.target()))
        .col_expr(video_call::Column::UpdatedAt, Expr::value(now))
        .filter(video_call::Column::Id.eq(id))
        .filter(video_call::Column::Status.is_in(t.sources().iter().copied()));
    update = match t {
        CallTransition::Ring => update.col_expr(video_call::Column::RingingAt, Expr::value(now)),
        CallTransition::Answer => update.col_expr(video_call::Column::AnsweredAt, Expr::value(now)),
        CallTransition::Decline | CallTransition::Cancel => {
            update.col_expr(video_call::Column::EndedAt, Expr::value(now))
        }
        CallTransition::Miss => {
            update.col_expr(video_call::Column::EndedAt, Expr::value(now)).filter(overdue(now, timeout))
        }
        CallTransition::End => update
            .col_expr(video_call::Column::EndedAt, Expr::value(now))
            .col_expr(video_call::Column::Duration, Expr::value(talk)),
    };
    Ok(update.exec(db).await?.rows_affected)
}

/// A placed call, and the caller's meeting token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The call, ringing.
    pub call: Call,
    /// The caller's token for the private room (none without Daily).
    pub token: Option<String>,
}

fn busy_refusal(callee: bool) -> ServiceError {
    if callee {
        ServiceError::refused(ErrorCode::CalleeBusy, "The person you are calling is in another call.")
    } else {
        ServiceError::refused(ErrorCode::AlreadyInCall, "You are in another call; end it first.")
    }
}

fn token_request(
    room_name: &str,
    expires_at: DateTime<Utc>,
    person: &Person,
    staff: bool,
    record: bool,
) -> TokenRequest {
    TokenRequest {
        room_name: room_name.to_owned(),
        not_before: Utc::now() - CLOCK_SLACK,
        expires_at,
        // The staff side owns the room and, when recording is on, starts it on joining.
        is_owner: staff,
        user_name: person.name.clone(),
        user_id: person.id.to_string(),
        start_recording: record && staff,
    }
}

async fn forget_room(rooms: &dyn VideoRooms, name: &str) {
    if let Err(err) = rooms.delete_room(name).await {
        tracing::warn!(room = name, error = %err, "an unused Daily room was not deleted (it expires within the hour)");
    }
}

/// Places a call from `caller_id` to the person `target` names: both in one organization,
/// on opposite sides, neither in another call. Creates the room (and the caller's token),
/// records the call and rings the callee.
pub async fn place(ctx: &Context, caller_id: Uuid, target: CallTarget) -> Result<Placed, ServiceError> {
    let (db, now) = (&ctx.db, Utc::now());
    let caller = organizations::member_or_refuse(db, caller_id).await?;
    if caller.role != target.initiated_by.caller_role() {
        return Err(ServiceError::refused(
            ErrorCode::WrongMemberRole,
            format!(
                "You are {} in your organization, so initiatedBy must be {}.",
                caller.role,
                InitiatedBy::of(caller.role)
            ),
        ));
    }
    let wanted = caller.role.counterpart();
    organizations::membership(db, target.callee)
        .await?
        .filter(|m| m.organization_id == caller.organization_id && m.role == wanted && m.user_id != caller_id)
        .ok_or(ServiceError::NotFound(if wanted == MemberRole::Staff { "staff member" } else { "client" }))?;
    // A clear answer before Daily is asked; the partial unique indexes decide races.
    let in_call = organizations::busy(db, &[caller_id, target.callee]).await?;
    if in_call.contains(&target.callee) || in_call.contains(&caller_id) {
        return Err(busy_refusal(in_call.contains(&target.callee)));
    }
    let accounts: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in([caller_id, target.callee]))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name_of = |id: Uuid| accounts.get(&id).cloned().ok_or(ServiceError::NotFound("account"));
    let (staff_id, client_id) = match target.initiated_by {
        InitiatedBy::Staff => (caller_id, target.callee),
        InitiatedBy::Client => (target.callee, caller_id),
    };
    let id = Uuid::new_v4();
    let room_name = format!("callstar-call-{id}");
    let expires_at = now + ROOM_LIFETIME;
    let caller_person = Person { id: caller_id, name: name_of(caller_id)?, avatar: None };
    let (room_url, token) = match ctx.rooms() {
        None => (None, None),
        Some(rooms) => {
            let request = RoomRequest {
                name: room_name.clone(),
                not_before: now - CLOCK_SLACK,
                expires_at,
                cloud_recording: ctx.settings.cloud_recording,
            };
            let room = rooms.create_room(&request).await?;
            let staff = target.initiated_by == InitiatedBy::Staff;
            let asked = token_request(&room_name, expires_at, &caller_person, staff, ctx.settings.cloud_recording);
            match rooms.meeting_token(&asked).await {
                Ok(token) => (Some(room.url), Some(token)),
                Err(err) => {
                    forget_room(rooms, &room_name).await;
                    return Err(err.into());
                }
            }
        }
    };
    let inserted = video_call::ActiveModel {
        id: Set(id),
        organization_id: Set(caller.organization_id),
        room_name: Set(room_name.clone()),
        room_url: Set(room_url),
        client_id: Set(client_id),
        staff_id: Set(staff_id),
        client_name: Set(name_of(client_id)?),
        staff_name: Set(name_of(staff_id)?),
        status: Set(CallStatus::Initiated),
        initiated_by: Set(target.initiated_by),
        started_at: Set(now),
        ringing_at: Set(None),
        answered_at: Set(None),
        ended_at: Set(None),
        duration: Set(None),
        recording_id: Set(None),
        recording_url: Set(None),
        updated_at: Set(now),
    }
    .insert(db)
    .await;
    if let Err(err) = inserted {
        if let Some(rooms) = ctx.rooms() {
            forget_room(rooms, &room_name).await;
        }
        if !is_unique_violation(&err) {
            return Err(err.into());
        }
        // Someone else's call reached one of them first.
        let in_call = organizations::busy(db, &[target.callee]).await?;
        tracing::info!(caller = %caller_id, callee = %target.callee, "a call raced another one and lost");
        return Err(busy_refusal(in_call.contains(&target.callee)));
    }
    let call = ring(ctx, id).await?;
    tracing::info!(call_id = %id, caller = %caller_id, callee = %target.callee, "call placed");
    Ok(Placed { call, token })
}

/// INITIATED → RINGING, then the callee's sockets get `incoming-call` (the caller's
/// `call-status`) and the miss timer is armed.
async fn ring(ctx: &Context, id: Uuid) -> Result<Call, ServiceError> {
    let (now, timeout) = (Utc::now(), ctx.settings.ring_timeout);
    let changed = transition(&ctx.db, id, CallTransition::Ring, now, timeout, None).await?;
    let call = by_id(&ctx.db, id, timeout).await?;
    if changed == 1 {
        let mut outgoing = Outgoing::one(call.callee().id, Message::IncomingCall(call.clone()));
        outgoing.push(call.caller().id, Message::CallStatus(call.clone()));
        ctx.events.publish(outgoing).await;
        schedule_miss(ctx, id, missed_at(call.started_at, call.ringing_at, timeout));
    }
    Ok(call)
}

/// Arms the timer that marks a call missed at its deadline (if it is still unanswered then).
fn schedule_miss(ctx: &Context, id: Uuid, deadline: DateTime<Utc>) {
    let ctx = ctx.clone();
    tokio::spawn(async move {
        // A little after the deadline, so the deadline has passed by the database's clock too.
        let wait = (deadline - Utc::now()).to_std().unwrap_or_default() + StdDuration::from_millis(25);
        tokio::time::sleep(wait).await;
        if let Err(err) = miss(&ctx, id, Utc::now()).await {
            tracing::warn!(call_id = %id, error = %err, "the miss timer failed; the mark-missed-calls job retries");
        }
    });
}

async fn missed_notification(db: &impl ConnectionTrait, call: &Call) -> Result<Outgoing, ServiceError> {
    notifications::notify(
        db,
        call.callee().id,
        NotificationType::MissedCall,
        params([("with", call.caller().name.clone())]),
        Some(api_types::Route::VideoCalls),
    )
    .await
}

/// Marks call `id` missed if it is still unanswered past its deadline at `now`: the callee
/// gets a missed-call notification, both get `call-status`. Returns whether it changed.
async fn miss(ctx: &Context, id: Uuid, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let timeout = ctx.settings.ring_timeout;
    let txn = ctx.db.begin().await?;
    if transition(&txn, id, CallTransition::Miss, now, timeout, None).await? != 1 {
        return Ok(false);
    }
    let call = by_id(&txn, id, timeout).await?;
    let mut outgoing = missed_notification(&txn, &call).await?;
    txn.commit().await?;
    outgoing.add(call.status_events());
    ctx.events.publish(outgoing).await;
    tracing::info!(call_id = %id, "call missed");
    Ok(true)
}

/// Marks missed every call still unanswered past its deadline at `now` (the job, and the
/// start-up sweep). Idempotent: each call is claimed by its own conditional UPDATE.
pub async fn mark_missed(ctx: &Context, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    let due = video_call::Entity::find()
        .filter(overdue(now, ctx.settings.ring_timeout))
        .order_by_asc(video_call::Column::StartedAt)
        .limit(SWEEP_BATCH)
        .all(&ctx.db)
        .await?;
    let mut missed = 0;
    for row in due {
        if miss(ctx, row.id, now).await? {
            missed += 1;
        }
    }
    Ok(missed)
}

/// At start-up: marks missed what became overdue while no server ran, and re-arms the
/// timers of the calls still ringing. Returns (missed, re-armed).
pub async fn resume(ctx: &Context, now: DateTime<Utc>) -> Result<(u64, usize), ServiceError> {
    let missed = mark_missed(ctx, now).await?;
    let ringing = video_call::Entity::find()
        .filter(video_call::Column::Status.is_in([CallStatus::Initiated, CallStatus::Ringing]))
        .all(&ctx.db)
        .await?;
    for row in &ringing {
        schedule_miss(ctx, row.id, missed_at(row.started_at, row.ringing_at, ctx.settings.ring_timeout));
    }
    Ok((missed, ringing.len()))
}

/// What a status change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The call after it.
    pub call: Call,
    /// On an answer: the callee's meeting token (none without Daily).
    pub token: Option<String>,
}

/// A participant sets a call's status (the seeds' PATCH): ANSWERED or DECLINED by the
/// callee, ENDED by either (a cancel when the caller ends an unanswered call), MISSED only
/// once the ring deadline has passed. The server sets answeredAt, endedAt and duration.
/// Anyone but the two participants is told the call does not exist.
pub async fn change_status(ctx: &Context, viewer: Uuid, id: Uuid, status: CallStatus) -> Result<Changed, ServiceError> {
    let (db, now, timeout) = (&ctx.db, Utc::now(), ctx.settings.ring_timeout);
    let call = by_id(db, id, timeout).await?;
    let by = call.by(viewer).ok_or(ServiceError::NotFound("call"))?;
    let ring_over = now >= missed_at(call.started_at, call.ringing_at, timeout);
    let (t, _) = CallTransition::requested(status, call.status, by, ring_over)?;
    if t == CallTransition::Miss {
        return match miss(ctx, id, now).await? {
            true => Ok(Changed { call: by_id(db, id, timeout).await?, token: None }),
            false => Err(moved_meanwhile(db, id, t, timeout).await),
        };
    }
    // The callee's token before the answer is recorded: an answer never lacks its token.
    let token = match (t, ctx.rooms()) {
        (CallTransition::Answer, Some(rooms)) => {
            let staff = call.initiated_by == InitiatedBy::Client;
            let asked =
                token_request(&call.room_name, call.expires_at(), call.callee(), staff, ctx.settings.cloud_recording);
            Some(rooms.meeting_token(&asked).await?)
        }
        _ => None,
    };
    let talk = call.answered_at.filter(|_| t == CallTransition::End).map(|answered| talk_seconds(answered, now));
    if transition(db, id, t, now, timeout, talk).await? != 1 {
        return Err(moved_meanwhile(db, id, t, timeout).await);
    }
    let after = by_id(db, id, timeout).await?;
    ctx.events.publish(after.status_events()).await;
    tracing::info!(call_id = %id, status = %after.status, "call status changed");
    Ok(Changed { call: after, token })
}

/// The refusal when another change won the race: says what the call is now.
async fn moved_meanwhile(db: &impl ConnectionTrait, id: Uuid, t: CallTransition, timeout: Duration) -> ServiceError {
    match by_id(db, id, timeout).await {
        Ok(now) => CallRefusal::InvalidTransition { from: now.status, transition: t }.into(),
        Err(err) => err,
    }
}

/// Filters of [`history`].
#[derive(Debug, Clone, Default)]
pub struct CallFilter {
    /// Only this status.
    pub status: Option<CallStatus>,
    /// Only calls placed since.
    pub since: Option<DateTime<Utc>>,
}

fn mine(viewer: Uuid, since: Option<DateTime<Utc>>) -> Condition {
    let mut condition = Condition::all()
        .add(Condition::any().add(video_call::Column::StaffId.eq(viewer)).add(video_call::Column::ClientId.eq(viewer)));
    if let Some(since) = since {
        condition = condition.add(video_call::Column::StartedAt.gte(since));
    }
    condition
}

/// The reader's calls (as caller or callee), newest first, with the total.
pub async fn history(
    ctx: &Context,
    viewer: Uuid,
    filter: CallFilter,
    page: domain::PageRequest,
) -> Result<(Vec<Call>, u64), ServiceError> {
    let mut query = video_call::Entity::find().filter(mine(viewer, filter.since));
    if let Some(status) = filter.status {
        query = query.filter(video_call::Column::Status.eq(status));
    }
    let total = query.clone().count(&ctx.db).await?;
    let rows = query
        .order_by_desc(video_call::Column::StartedAt)
        .order_by_desc(video_call::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(&ctx.db)
        .await?;
    Ok((load(&ctx.db, rows, ctx.settings.ring_timeout).await?, total))
}

/// The figures of the reader's calls placed since `since` (all when none), counted by the
/// database.
pub async fn stats(ctx: &Context, viewer: Uuid, since: Option<DateTime<Utc>>) -> Result<CallCounts, ServiceError> {
    let groups: Vec<(CallStatus, i64, i64, Option<i64>, i64)> = video_call::Entity::find()
        .select_only()
        .column(video_call::Column::Status)
        .column_as(Expr::col(video_call::Column::Id).count(), "calls")
        .column_as(Expr::col(video_call::Column::AnsweredAt).count(), "answered")
        .column_as(Expr::col(video_call::Column::Duration).sum(), "talk")
        .column_as(Expr::col(video_call::Column::Duration).count(), "timed")
        .filter(mine(viewer, since))
        .group_by(video_call::Column::Status)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let unsigned = |n: i64| u64::try_from(n).unwrap_or(0);
    let mut counts = CallCounts::default();
    for (status, calls, answered, talk, timed) in groups {
        counts.total += unsigned(calls);
        counts.answered += unsigned(answered);
        counts.timed += unsigned(timed);
        counts.talk_seconds += talk.unwrap_or(0);
        match status {
            CallStatus::Missed => counts.missed += unsigned(calls),
            CallStatus::Declined => counts.declined += unsigned(calls),
            CallStatus::Ended => counts.cancelled += unsigned(calls - answered),
            CallStatus::Initiated | CallStatus::Ringing | CallStatus::Answered => {}
        }
    }
    Ok(counts)
}

/// Daily's `recording.ready-to-download` for a call's room: stores the recording and where
/// its participants fetch it, and tells them. Returns whether the room was a call's.
pub async fn record_recording(ctx: &Context, room: &str, recording_id: &str) -> Result<bool, ServiceError> {
    let Some(row) = video_call::Entity::find().filter(video_call::Column::RoomName.eq(room)).one(&ctx.db).await? else {
        return Ok(false);
    };
    let url = ctx.settings.api_url(&format!("/api/video-calls/{}/recording", row.id));
    video_call::Entity::update_many()
        .col_expr(video_call::Column::RecordingId, Expr::value(recording_id.to_owned()))
        .col_expr(video_call::Column::RecordingUrl, Expr::value(url))
        .col_expr(video_call::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(video_call::Column::Id.eq(row.id))
        .exec(&ctx.db)
        .await?;
    let call = by_id(&ctx.db, row.id, ctx.settings.ring_timeout).await?;
    ctx.events.publish(call.status_events()).await;
    tracing::info!(call_id = %row.id, recording_id, "call recording ready");
    Ok(true)
}

/// A fresh download link of a call's recording, for its participants.
pub async fn recording_link(ctx: &Context, viewer: Uuid, id: Uuid) -> Result<RecordingLink, ServiceError> {
    let row = video_call::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .filter(|r| r.staff_id == viewer || r.client_id == viewer)
        .ok_or(ServiceError::NotFound("call"))?;
    let recording = row.recording_id.ok_or(ServiceError::NotFound("recording"))?;
    let rooms = ctx.rooms().ok_or(providers::ProviderError::NotConfigured("Daily"))?;
    Ok(rooms.recording_link(&recording).await?)
}
