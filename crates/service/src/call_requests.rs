//! Call requests: a fan proposes a time, a length and a price to a creator. The creator
//! accepts (in one transaction: the request is claimed, an offer reserved for the fan is made
//! and a booking is held for them, as an appointment's private offer and booking are made) or
//! declines; the fan may withdraw a pending request; a pending request whose proposed time
//! passes is expired (for everyone at once, and in the database by the
//! `expire-call-requests` job). Every change is a conditional UPDATE from `pending` with the
//! time still ahead, so of two racing answers exactly one wins.

use std::collections::HashMap;

use api_types::{ErrorCode, Route};
use chrono::{DateTime, Utc};
use domain::booking::{HoldLimits, OfferStatus};
use domain::call_request::{
    CallRequestStatus, MAX_PENDING_PER_CREATOR, RequestAction, RequestDraft, RequestRefusal, RequestState, hold_until,
    offer_title,
};
use domain::money::Money;
use domain::notification::NotificationType;
use domain::offer::CallDuration;
use domain::operations::LogLevel;
use domain::planning::MeetingType;
use entity::{call_offer, call_request, creator, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::bookings::{self, NewBooking};
use crate::email_templates::{EmailContent, RequestFacts};
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, outbox};

/// A call request, read.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRequest {
    /// Identifier.
    pub id: Uuid,
    /// The creator asked.
    pub creator_id: Uuid,
    /// The creator's account.
    pub host_id: Uuid,
    /// The creator's name.
    pub creator_name: String,
    /// The fan's account.
    pub fan_id: Uuid,
    /// The fan's name.
    pub fan_name: String,
    /// Proposed start.
    pub starts_at: DateTime<Utc>,
    /// Length.
    pub duration: CallDuration,
    /// Proposed price.
    pub price: Money,
    /// The fan's words.
    pub message: String,
    /// The stored lifecycle state.
    pub state: RequestState,
    /// The status at the moment it was read.
    pub status: CallRequestStatus,
    /// Why the creator declined.
    pub rejection_reason: Option<String>,
    /// The offer made on acceptance.
    pub offer_id: Option<Uuid>,
    /// The booking held on acceptance.
    pub booking_id: Option<Uuid>,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Answered or withdrawn.
    pub responded_at: Option<DateTime<Utc>>,
}

impl CallRequest {
    /// When the proposed call would end.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.duration.ends_at(self.starts_at)
    }
}

/// A fan's new request.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRequest {
    /// The creator (creator id).
    pub creator_id: Uuid,
    /// The proposal.
    pub draft: RequestDraft,
}

/// Whose requests to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Perspective {
    /// The ones I sent.
    #[default]
    Fan,
    /// The ones sent to me as a creator.
    Creator,
}

/// Filters of [`list`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestFilter {
    /// Sent or received.
    pub perspective: Perspective,
    /// Only this status (as of now).
    pub status: Option<CallRequestStatus>,
}

/// Requests per status, as of now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Waiting.
    pub pending: u64,
    /// Accepted.
    pub accepted: u64,
    /// Declined.
    pub rejected: u64,
    /// Expired.
    pub expired: u64,
    /// Withdrawn.
    pub withdrawn: u64,
}

impl From<RequestRefusal> for ServiceError {
    fn from(refusal: RequestRefusal) -> Self {
        let code = match refusal {
            RequestRefusal::Expired => ErrorCode::RequestExpired,
            RequestRefusal::Closed(_) => ErrorCode::RequestClosed,
        };
        Self::refused(code, refusal.to_string())
    }
}

/// Requests whose status at `now` is `status` (the SQL of [`RequestState::effective_status`]).
fn effective_status_is(status: CallRequestStatus, now: DateTime<Utc>) -> Condition {
    let stored = call_request::Column::Status;
    match status {
        CallRequestStatus::Pending => {
            Condition::all().add(stored.eq(CallRequestStatus::Pending)).add(call_request::Column::ProposedAt.gt(now))
        }
        CallRequestStatus::Expired => Condition::any().add(stored.eq(CallRequestStatus::Expired)).add(
            Condition::all().add(stored.eq(CallRequestStatus::Pending)).add(call_request::Column::ProposedAt.lte(now)),
        ),
        other => Condition::all().add(stored.eq(other)),
    }
}

/// A fan asks a creator for a call. The proposal follows the offers' rules, in the creator's
/// currency; at most [`MAX_PENDING_PER_CREATOR`] pending requests per fan and creator. The
/// creator is told in the app and by e-mail, in the same transaction.
pub async fn create(ctx: &Context, fan_id: Uuid, new: NewRequest) -> Result<CallRequest, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let host = creator::Entity::find_by_id(new.creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    if host.user_id == fan_id {
        return Err(ServiceError::refused(ErrorCode::OwnRequest, "You cannot ask yourself for a call."));
    }
    let price = new.draft.price_in(host.currency)?;
    let pending = call_request::Entity::find()
        .filter(call_request::Column::FanId.eq(fan_id))
        .filter(call_request::Column::CreatorId.eq(host.id))
        .filter(effective_status_is(CallRequestStatus::Pending, now))
        .count(db)
        .await?;
    if pending >= MAX_PENDING_PER_CREATOR {
        return Err(ServiceError::refused(
            ErrorCode::PendingRequestLimit,
            format!(
                "You already have {MAX_PENDING_PER_CREATOR} requests waiting for this creator's answer; wait for one, or withdraw one."
            ),
        ));
    }
    let recipient = outbox::recipient(db, host.user_id).await?;
    let fan = user::Entity::find_by_id(fan_id).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    let id = Uuid::new_v4();
    let txn = db.begin().await?;
    call_request::ActiveModel {
        id: Set(id),
        fan_id: Set(fan_id),
        creator_id: Set(host.id),
        host_id: Set(host.user_id),
        proposed_at: Set(new.draft.starts_at),
        duration_minutes: Set(new.draft.duration.as_minutes()),
        price_minor: Set(price.minor_units()),
        currency: Set(price.currency()),
        message: Set(new.draft.message.as_str().to_owned()),
        status: Set(CallRequestStatus::Pending),
        rejection_reason: Set(None),
        call_offer_id: Set(None),
        booking_id: Set(None),
        responded_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let told = notifications::notify(
        &txn,
        host.user_id,
        NotificationType::CallRequest,
        params([("with", fan.name.clone())]),
        Some(Route::CreatorRequests),
    )
    .await?;
    let facts = RequestFacts {
        with: fan.name.clone(),
        start: new.draft.starts_at,
        minutes: new.draft.duration.as_minutes(),
        price: price.money(),
        message: new.draft.message.as_str().to_owned(),
        link: Route::CreatorRequests,
    };
    let metadata = serde_json::json!({"callRequestId": id});
    outbox::enqueue(&txn, &recipient, &EmailContent::CallRequested(facts), &ctx.settings.public_url, metadata).await?;
    system_logs::record(
        &txn,
        LogLevel::Info,
        "CALL_REQUEST_CREATED",
        Actor::User(fan_id),
        format!("Call request {id} sent to creator {}", host.id),
        serde_json::json!({"callRequestId": id, "creatorId": host.id}),
    )
    .await?;
    txn.commit().await?;
    ctx.events.publish(told).await;
    ctx.waker.wake();
    tracing::info!(call_request_id = %id, %fan_id, creator_id = %host.id, "call request sent");
    by_id(db, id, now).await
}

/// One request by id.
async fn by_id(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<CallRequest, ServiceError> {
    let row = call_request::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("call request"))?;
    load(db, vec![row], now).await?.pop().ok_or(ServiceError::NotFound("call request"))
}

/// Requests with their people's names: two queries, whatever their number.
async fn load(
    db: &impl ConnectionTrait,
    rows: Vec<call_request::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<CallRequest>, ServiceError> {
    let people: Vec<Uuid> = rows.iter().flat_map(|r| [r.fan_id, r.host_id]).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|row| {
            let state = RequestState { status: row.status, proposed_at: row.proposed_at };
            CallRequest {
                id: row.id,
                creator_id: row.creator_id,
                host_id: row.host_id,
                creator_name: name(&row.host_id),
                fan_id: row.fan_id,
                fan_name: name(&row.fan_id),
                starts_at: row.proposed_at,
                duration: CallDuration::stored(row.duration_minutes),
                price: Money::from_minor(row.price_minor, row.currency),
                message: row.message,
                status: state.effective_status(now),
                state,
                rejection_reason: row.rejection_reason,
                offer_id: row.call_offer_id,
                booking_id: row.booking_id,
                created_at: row.created_at,
                responded_at: row.responded_at,
            }
        })
        .collect())
}

/// One request, for its fan, its creator and admins; anyone else gets "not found".
pub async fn get(
    db: &DatabaseConnection,
    viewer: Uuid,
    role: domain::Role,
    id: Uuid,
) -> Result<CallRequest, ServiceError> {
    let request = by_id(db, id, Utc::now()).await?;
    if role == domain::Role::Admin || viewer == request.fan_id || viewer == request.host_id {
        Ok(request)
    } else {
        Err(ServiceError::NotFound("call request"))
    }
}

/// The viewer's requests (sent, or received as a creator), newest first; with the total of
/// the filter and the counts per status of all of them.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Uuid,
    filter: RequestFilter,
    page: domain::PageRequest,
) -> Result<(Vec<CallRequest>, u64, Counts), ServiceError> {
    let now = Utc::now();
    let mine = match filter.perspective {
        Perspective::Fan => call_request::Column::FanId.eq(viewer),
        Perspective::Creator => call_request::Column::HostId.eq(viewer),
    };
    let counts = counts(db, Condition::all().add(mine.clone()), now).await?;
    let mut query = call_request::Entity::find().filter(mine);
    if let Some(status) = filter.status {
        query = query.filter(effective_status_is(status, now));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(call_request::Column::CreatedAt)
        .order_by_desc(call_request::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((load(db, rows, now).await?, total, counts))
}

/// Requests per effective status: one grouped count, plus the pending ones whose time passed.
pub(crate) async fn counts(
    db: &impl ConnectionTrait,
    mine: Condition,
    now: DateTime<Utc>,
) -> Result<Counts, ServiceError> {
    let grouped: Vec<(CallRequestStatus, i64)> = call_request::Entity::find()
        .select_only()
        .column(call_request::Column::Status)
        .column_as(call_request::Column::Id.count(), "n")
        .filter(mine.clone())
        .group_by(call_request::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let passed = call_request::Entity::find()
        .filter(mine)
        .filter(call_request::Column::Status.eq(CallRequestStatus::Pending))
        .filter(call_request::Column::ProposedAt.lte(now))
        .count(db)
        .await?;
    let mut counts = Counts::default();
    for (status, n) in grouped {
        let n = u64::try_from(n).unwrap_or(0);
        match status {
            CallRequestStatus::Pending => counts.pending += n,
            CallRequestStatus::Accepted => counts.accepted += n,
            CallRequestStatus::Rejected => counts.rejected += n,
            CallRequestStatus::Expired => counts.expired += n,
            CallRequestStatus::Withdrawn => counts.withdrawn += n,
        }
    }
    counts.pending = counts.pending.saturating_sub(passed);
    counts.expired += passed;
    Ok(counts)
}

/// The request as its creator acts on it: the creator gets it; its fan is refused
/// (`not_request_creator`); anyone else gets "not found".
async fn as_creator(
    db: &DatabaseConnection,
    viewer: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<CallRequest, ServiceError> {
    let request = by_id(db, id, now).await?;
    if request.host_id == viewer {
        Ok(request)
    } else if request.fan_id == viewer {
        Err(ServiceError::refused(
            ErrorCode::NotRequestCreator,
            "Only the creator this request was sent to can accept or decline it.",
        ))
    } else {
        Err(ServiceError::NotFound("call request"))
    }
}

/// Moves a pending request whose time is still ahead to the action's status, in `db` (a
/// transaction); returns whether this call won. Loses when the request changed meanwhile.
async fn claim(
    db: &impl ConnectionTrait,
    id: Uuid,
    action: RequestAction,
    now: DateTime<Utc>,
    reason: Option<String>,
) -> Result<bool, ServiceError> {
    let changed = call_request::Entity::update_many()
        .col_expr(call_request::Column::Status, Expr::value(action.target()))
        .col_expr(call_request::Column::RespondedAt, Expr::value(now))
        .col_expr(call_request::Column::RejectionReason, Expr::value(reason))
        .col_expr(call_request::Column::UpdatedAt, Expr::value(now))
        .filter(call_request::Column::Id.eq(id))
        .filter(effective_status_is(CallRequestStatus::Pending, now))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// Why a claim lost: the request as it is now refuses the action.
async fn lost(db: &DatabaseConnection, id: Uuid, action: RequestAction) -> ServiceError {
    let now = Utc::now();
    match by_id(db, id, now).await {
        Ok(request) => match action.apply(&request.state, now) {
            Err(refusal) => refusal.into(),
            Ok(_) => ServiceError::refused(ErrorCode::StaleState, "This call request changed meanwhile; reload it."),
        },
        Err(err) => err,
    }
}

/// The creator accepts: in one transaction the request is claimed, an offer reserved for
/// the fan is made at the proposed time, length and price, and a booking is held for the fan
/// until [`hold_until`] (24 h, never past the start) while they pay. The creator's overlap
/// rule holds: a time the creator is already booked at answers 409 `host_busy` and the
/// request stays pending. The fan is told in the app and by e-mail, with the link to pay.
pub async fn accept(ctx: &Context, viewer: Uuid, id: Uuid) -> Result<CallRequest, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let request = as_creator(db, viewer, id, now).await?;
    RequestAction::Accept.apply(&request.state, now)?;
    let recipient = outbox::recipient(db, request.fan_id).await?;
    let txn = bookings::begin_booking(db).await?;
    // The decisive write first (on SQLite it takes the write lock).
    if !claim(&txn, id, RequestAction::Accept, now, None).await? {
        txn.rollback().await?;
        return Err(lost(db, id, RequestAction::Accept).await);
    }
    let offer = call_offer::ActiveModel {
        id: Set(Uuid::new_v4()),
        creator_id: Set(request.creator_id),
        title: Set(offer_title(&request.fan_name, &request.creator_name)),
        description: Set(request.message.clone()),
        price_minor: Set(request.price.minor()),
        currency: Set(request.price.currency()),
        date_time: Set(request.starts_at),
        duration_minutes: Set(request.duration.as_minutes()),
        status: Set(OfferStatus::Available),
        appointment_type_id: Set(None),
        reserved_for: Set(Some(request.fan_id)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let hold = hold_until(now, request.starts_at);
    let held = NewBooking {
        offer_id: offer.id,
        guest_id: request.fan_id,
        host_id: request.host_id,
        starts_at: request.starts_at,
        ends_at: request.ends_at(),
        price: request.price,
        hold_expires_at: Some(hold),
        meeting_type: MeetingType::Video,
        reason_id: None,
        message: Some(request.message.clone()).filter(|m| !m.is_empty()),
        phone: None,
        address: None,
    };
    // The creator answered: this is not the fan hoarding public offers (the offer is theirs
    // alone), so the fan's hold limits do not refuse the creator's acceptance.
    let no_limits = HoldLimits { max_holds: u32::MAX, cooldown: chrono::Duration::zero() };
    let booking = bookings::insert(&txn, held, no_limits, now).await?;
    call_request::Entity::update_many()
        .col_expr(call_request::Column::CallOfferId, Expr::value(offer.id))
        .col_expr(call_request::Column::BookingId, Expr::value(booking.id))
        .filter(call_request::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let link = Route::Booking(booking.id);
    let told = notifications::notify(
        &txn,
        request.fan_id,
        NotificationType::CallRequestAccepted,
        params([("with", request.creator_name.clone())]),
        Some(link.clone()),
    )
    .await?;
    let facts = facts(&request, request.creator_name.clone(), link);
    let metadata = serde_json::json!({"callRequestId": id, "bookingId": booking.id});
    outbox::enqueue(&txn, &recipient, &EmailContent::RequestAccepted(facts, hold), &ctx.settings.public_url, metadata)
        .await?;
    system_logs::record(
        &txn,
        LogLevel::Info,
        "CALL_REQUEST_ACCEPTED",
        Actor::Creator(viewer),
        format!("Call request {id} accepted: booking {} held until {hold}", booking.id),
        serde_json::json!({"callRequestId": id, "bookingId": booking.id, "offerId": offer.id}),
    )
    .await?;
    txn.commit().await?;
    ctx.events.publish(told).await;
    ctx.waker.wake();
    tracing::info!(call_request_id = %id, booking_id = %booking.id, "call request accepted");
    by_id(db, id, Utc::now()).await
}

fn facts(request: &CallRequest, with: String, link: Route) -> RequestFacts {
    RequestFacts {
        with,
        start: request.starts_at,
        minutes: request.duration.as_minutes(),
        price: request.price,
        message: request.message.clone(),
        link,
    }
}

/// The creator declines, maybe with a reason; the fan is told in the app and by e-mail.
pub async fn reject(
    ctx: &Context,
    viewer: Uuid,
    id: Uuid,
    reason: Option<String>,
) -> Result<CallRequest, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let request = as_creator(db, viewer, id, now).await?;
    RequestAction::Reject.apply(&request.state, now)?;
    let recipient = outbox::recipient(db, request.fan_id).await?;
    let txn = db.begin().await?;
    if !claim(&txn, id, RequestAction::Reject, now, reason.clone()).await? {
        txn.rollback().await?;
        return Err(lost(db, id, RequestAction::Reject).await);
    }
    let told = notifications::notify(
        &txn,
        request.fan_id,
        NotificationType::CallRequestRejected,
        params([("with", request.creator_name.clone()), ("reason", reason.clone().unwrap_or_default())]),
        Some(Route::Requests),
    )
    .await?;
    let facts = facts(&request, request.creator_name.clone(), Route::Requests);
    let metadata = serde_json::json!({"callRequestId": id});
    outbox::enqueue(
        &txn,
        &recipient,
        &EmailContent::RequestRejected(facts, reason),
        &ctx.settings.public_url,
        metadata,
    )
    .await?;
    txn.commit().await?;
    ctx.events.publish(told).await;
    ctx.waker.wake();
    tracing::info!(call_request_id = %id, "call request declined");
    by_id(db, id, Utc::now()).await
}

/// The fan takes a pending request back. The creator is refused (`not_request_fan`).
pub async fn withdraw(db: &DatabaseConnection, viewer: Uuid, id: Uuid) -> Result<CallRequest, ServiceError> {
    let now = Utc::now();
    let request = by_id(db, id, now).await?;
    if request.fan_id != viewer {
        return Err(if request.host_id == viewer {
            ServiceError::refused(ErrorCode::NotRequestFan, "Only the fan who sent this request can withdraw it.")
        } else {
            ServiceError::NotFound("call request")
        });
    }
    RequestAction::Withdraw.apply(&request.state, now)?;
    if !claim(db, id, RequestAction::Withdraw, now, None).await? {
        return Err(lost(db, id, RequestAction::Withdraw).await);
    }
    by_id(db, id, Utc::now()).await
}

/// Pending requests whose proposed time has come become `expired`; returns how many.
/// Idempotent: a request is expired only from `pending`.
pub async fn expire_passed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    Ok(call_request::Entity::update_many()
        .col_expr(call_request::Column::Status, Expr::value(RequestAction::Expire.target()))
        .col_expr(call_request::Column::UpdatedAt, Expr::value(now))
        .filter(call_request::Column::Status.eq(CallRequestStatus::Pending))
        .filter(call_request::Column::ProposedAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
