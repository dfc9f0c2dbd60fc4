//! Bookings of call offers. Who wins a race is decided by the database: the partial
//! unique index `bookings_one_active_per_offer` admits one pending or confirmed booking
//! per offer, and a losing insert becomes a 409. An unpaid booking holds its offer until
//! `hold_expires_at`; expired holds are released by the next booking attempt in the same
//! transaction (and by the expiry job), so the offer is free the moment the hold ends.
//!
//! Every status change goes through [`transition`], which applies a
//! [`domain::booking::Transition`]: the domain says which stored states it may start from,
//! this module turns that into the UPDATE's `WHERE`.

use std::collections::HashMap;

use api_types::ErrorCode;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::booking::{
    BookingRefusal, BookingState, BookingStatus, CancelledBy, Hold, OfferStatus, Refund, Transition, check_bookable,
    refund_on_cancel,
};
use domain::call::Side;
use domain::call_access::CallTimes;
use domain::money::Money;
use domain::notification::NotificationType;
use domain::operations::LogLevel;
use domain::payment::PaymentStatus;
use entity::{booking, call_offer, creator, payment, user};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::error::OnUniqueViolation as _;
use crate::events::Outgoing;
use crate::notifications::{self, params};
use crate::offers::{self, Offer};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, outbox};

/// Someone in a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The account.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
}

/// A booking's Daily room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRef {
    /// The room name.
    pub name: String,
    /// Its URL.
    pub url: String,
}

/// A booking, read: what its participants, the jobs and the e-mails need.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    /// Identifier.
    pub id: Uuid,
    /// The stored lifecycle state.
    pub state: BookingState,
    /// The status at the moment it was read.
    pub status: BookingStatus,
    /// The offer booked (its visible status follows the booking).
    pub offer: Offer,
    /// The host.
    pub host: Party,
    /// The guest.
    pub guest: Party,
    /// The price, frozen when the booking was made.
    pub price: Money,
    /// When the call starts.
    pub starts_at: DateTime<Utc>,
    /// When the call ends.
    pub ends_at: DateTime<Utc>,
    /// Confirmed without a real payment.
    pub is_test: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Why, in the canceller's words.
    pub cancel_reason: Option<String>,
    /// The Daily room, once created.
    pub room: Option<RoomRef>,
    /// Failed room creations so far.
    pub room_attempts: i32,
    /// The PaymentIntent, once created.
    pub payment_intent_id: Option<String>,
    /// The .ics SEQUENCE.
    pub calendar_sequence: i32,
    /// Whether the reader may still cancel it.
    pub can_cancel: bool,
}

impl Booking {
    /// The call's schedule.
    pub fn times(&self) -> CallTimes {
        CallTimes { start: self.starts_at, end: self.ends_at }
    }

    /// Which side of the call `user_id` is on, if any.
    pub fn side_of(&self, user_id: Uuid) -> Option<Side> {
        if self.guest.user_id == user_id {
            Some(Side::Guest)
        } else if self.host.user_id == user_id {
            Some(Side::Host)
        } else {
            None
        }
    }

    /// The participant on `side`.
    pub fn party(&self, side: Side) -> &Party {
        match side {
            Side::Guest => &self.guest,
            Side::Host => &self.host,
        }
    }

    /// Until when an unpaid booking holds its offer (only while pending).
    pub fn hold_expires_at(&self) -> Option<DateTime<Utc>> {
        self.state.hold_expires_at.filter(|_| self.status == BookingStatus::Pending)
    }
}

/// Bookings that hold their offer at `now`: confirmed, or pending inside their hold. The SQL
/// of [`BookingState::holds_offer`], written once.
pub(crate) fn active_at(now: DateTime<Utc>) -> Condition {
    Condition::any().add(booking::Column::Status.eq(BookingStatus::Confirmed)).add(
        Condition::all()
            .add(booking::Column::Status.eq(BookingStatus::Pending))
            .add(booking::Column::HoldExpiresAt.gt(now)),
    )
}

/// Bookings whose effective status at `now` is `status` (the SQL of
/// [`BookingState::effective_status`]: an expired hold counts as cancelled).
pub(crate) fn effective_status_is(status: BookingStatus, now: DateTime<Utc>) -> Condition {
    let expired_hold = Condition::all()
        .add(booking::Column::Status.eq(BookingStatus::Pending))
        .add(booking::Column::HoldExpiresAt.lte(now));
    match status {
        BookingStatus::Pending => Condition::all()
            .add(booking::Column::Status.eq(BookingStatus::Pending))
            .add(booking::Column::HoldExpiresAt.gt(now)),
        BookingStatus::Cancelled => {
            Condition::any().add(booking::Column::Status.eq(BookingStatus::Cancelled)).add(expired_hold)
        }
        other => Condition::all().add(booking::Column::Status.eq(other)),
    }
}

/// What a transition records besides the status.
#[derive(Debug, Clone, Default)]
pub(crate) struct Details {
    /// The canceller's words.
    pub cancel_reason: Option<String>,
    /// A test-mode confirmation.
    pub is_test: bool,
}

/// Applies `t` to the bookings `which` selects, in the states it may start from: the only
/// writer of a booking's status. Returns how many changed (0: the state moved meanwhile). A
/// confirmation whose offer someone else holds fails on the unique index (the caller decides).
pub(crate) async fn transition(
    db: &impl ConnectionTrait,
    which: Condition,
    t: Transition,
    now: DateTime<Utc>,
    details: Details,
) -> Result<u64, sea_orm::DbErr> {
    let none = |_: ()| Expr::value(Option::<DateTime<Utc>>::None);
    let mut update = booking::Entity::update_many()
        .col_expr(booking::Column::Status, Expr::value(t.target()))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now));
    let sets: Vec<(booking::Column, SimpleExpr)> = match t {
        Transition::Confirm => vec![
            (booking::Column::ConfirmedAt, Expr::value(now)),
            (booking::Column::HoldExpiresAt, none(())),
            (booking::Column::IsTestBooking, Expr::value(details.is_test)),
            (booking::Column::CancelledAt, none(())),
            (booking::Column::CancelledBy, Expr::value(Option::<CancelledBy>::None)),
            (booking::Column::CancelReason, Expr::value(Option::<String>::None)),
            (booking::Column::CalendarSequence, crate::db::plus_one(booking::Column::CalendarSequence)),
        ],
        Transition::Cancel(_) | Transition::ExpireHold => vec![
            (booking::Column::CancelledAt, Expr::value(now)),
            (booking::Column::CancelledBy, Expr::value(t.cancelled_by())),
            (booking::Column::CancelReason, Expr::value(details.cancel_reason)),
            (booking::Column::CalendarSequence, crate::db::plus_one(booking::Column::CalendarSequence)),
        ],
        Transition::Complete | Transition::MarkNoShow => {
            vec![(booking::Column::CalendarSequence, crate::db::plus_one(booking::Column::CalendarSequence))]
        }
    };
    for (column, value) in sets {
        update = update.col_expr(column, value);
    }
    let mut from = Condition::any();
    for source in t.sources() {
        let mut matches = Condition::all().add(booking::Column::Status.eq(source.status));
        if let Some(by) = source.cancelled_by {
            matches = matches.add(booking::Column::CancelledBy.eq(by));
        }
        if source.status == BookingStatus::Pending {
            matches = match t.pending_hold() {
                Some(Hold::Running) => matches.add(booking::Column::HoldExpiresAt.gt(now)),
                Some(Hold::Over) => matches.add(booking::Column::HoldExpiresAt.lte(now)),
                None => matches,
            };
        }
        from = from.add(matches);
    }
    if t.sources().is_empty() {
        return Ok(0);
    }
    Ok(update.filter(which).filter(from).exec(db).await?.rows_affected)
}

impl From<BookingRefusal> for ServiceError {
    fn from(refusal: BookingRefusal) -> Self {
        let code = match refusal {
            BookingRefusal::OwnOffer => ErrorCode::OwnOffer,
            BookingRefusal::AlreadyBooked => ErrorCode::AlreadyBooked,
            BookingRefusal::Past => ErrorCode::OfferPast,
            BookingRefusal::NotAvailable => ErrorCode::OfferUnavailable,
            BookingRefusal::HostBusy => ErrorCode::HostBusy,
        };
        Self::refused(code, refusal.to_string())
    }
}

/// Books an offer for `guest_id`; the booking holds the offer for the configured hold while
/// unpaid.
pub async fn create(ctx: &Context, guest_id: Uuid, offer_id: Uuid) -> Result<Booking, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let txn = db.begin().await?;
    // A write first: on SQLite it takes the write lock before any read, so concurrent
    // bookings queue on the lock instead of failing on a stale snapshot.
    release_expired_holds(&txn, Some(offer_id), now).await?;
    let offer =
        call_offer::Entity::find_by_id(offer_id).one(&txn).await?.ok_or(ServiceError::NotFound("call offer"))?;
    let host =
        creator::Entity::find_by_id(offer.creator_id).one(&txn).await?.ok_or(ServiceError::NotFound("creator"))?;
    check_bookable(offer.status, offer.date_time, host.user_id == guest_id, now)?;
    // No two active bookings of one host at overlapping times. On PostgreSQL the host's row
    // is locked first, so concurrent bookings of one host queue here and each sees the
    // others' outcome; on SQLite this transaction already holds the write lock.
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        creator::Entity::find_by_id(host.id).lock_exclusive().one(&txn).await?;
    }
    if host_is_busy(&txn, &offer, now).await? {
        tracing::info!(%offer_id, %guest_id, "overlapping booking of the host refused");
        return Err(BookingRefusal::HostBusy.into());
    }
    let row = booking::ActiveModel {
        id: Set(Uuid::new_v4()),
        call_offer_id: Set(offer.id),
        user_id: Set(guest_id),
        status: Set(BookingStatus::Pending),
        total_price_minor: Set(offer.price_minor),
        currency: Set(offer.currency),
        hold_expires_at: Set(Some(now + ctx.settings.booking_hold)),
        stripe_payment_intent_id: Set(None),
        is_test_booking: Set(false),
        confirmed_at: Set(None),
        cancelled_at: Set(None),
        cancelled_by: Set(None),
        cancel_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        daily_room_name: Set(None),
        daily_room_url: Set(None),
        room_attempts: Set(0),
        room_retry_at: Set(None),
        room_error: Set(None),
        calendar_sequence: Set(0),
    }
    .insert(&txn)
    .await
    .on_unique_violation(|| {
        tracing::info!(%offer_id, %guest_id, "double booking refused");
        BookingRefusal::AlreadyBooked.into()
    })?;
    system_logs::record(
        &txn,
        LogLevel::Info,
        "BOOKING_CREATED",
        Actor::User(guest_id),
        format!("Booking {} of offer {offer_id} created", row.id),
        serde_json::json!({"bookingId": row.id, "offerId": offer_id}),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(booking_id = %row.id, %offer_id, %guest_id, "booking created");
    one(db, row).await
}

/// Whether the host of `offer` has another active booking whose call overlaps it.
async fn host_is_busy(
    db: &impl ConnectionTrait,
    offer: &call_offer::Model,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let duration = domain::offer::CallDuration::stored(offer.duration_minutes);
    let this = (offer.date_time, duration.ends_at(offer.date_time));
    let others = booking::Entity::find()
        .find_also_related(call_offer::Entity)
        .filter(call_offer::Column::CreatorId.eq(offer.creator_id))
        .filter(call_offer::Column::Id.ne(offer.id))
        .filter(call_offer::Column::DateTime.lt(this.1))
        .filter(active_at(now))
        .all(db)
        .await?;
    Ok(others.iter().filter_map(|(_, other)| other.as_ref()).any(|other| {
        let length = domain::offer::CallDuration::stored(other.duration_minutes);
        domain::booking::overlaps(this, (other.date_time, length.ends_at(other.date_time)))
    }))
}

/// Cancels pending bookings whose hold has expired (of one offer, or all); returns how many.
pub async fn release_expired_holds(
    db: &impl ConnectionTrait,
    offer_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let which = match offer_id {
        Some(offer_id) => Condition::all().add(booking::Column::CallOfferId.eq(offer_id)),
        None => Condition::all(),
    };
    Ok(transition(db, which, Transition::ExpireHold, now, Details::default()).await?)
}

/// Loads one booking with its offer and people.
pub(crate) async fn one(db: &impl ConnectionTrait, row: booking::Model) -> Result<Booking, ServiceError> {
    let id = row.id;
    load(db, vec![row], Utc::now()).await?.pop().ok_or_else(|| ServiceError::corrupt(format!("booking {id} vanished")))
}

/// A booking by id, whoever asks (for jobs and webhooks).
pub(crate) async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Booking, ServiceError> {
    let row = booking::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("booking"))?;
    one(db, row).await
}

/// Loads the offers, hosts and guests of bookings with a fixed number of queries, whatever
/// their number; statuses as they are at `now`.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    rows: Vec<booking::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<Booking>, ServiceError> {
    let offer_ids: Vec<Uuid> = rows.iter().map(|r| r.call_offer_id).collect();
    let offer_rows = call_offer::Entity::find().filter(call_offer::Column::Id.is_in(offer_ids)).all(db).await?;
    let creator_ids: Vec<Uuid> = offer_rows.iter().map(|o| o.creator_id).collect();
    let host_users: HashMap<Uuid, Uuid> = creator::Entity::find()
        .filter(creator::Column::Id.is_in(creator_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.user_id))
        .collect();
    let offers: HashMap<Uuid, Offer> =
        offers::load(db, offer_rows, now).await?.into_iter().map(|o| (o.id, o)).collect();
    let guest_ids: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
    let guests: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(guest_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    rows.into_iter()
        .map(|row| {
            let mut offer = offers
                .get(&row.call_offer_id)
                .cloned()
                .ok_or_else(|| ServiceError::corrupt(format!("booking {} has no offer", row.id)))?;
            let host_user = *host_users
                .get(&offer.creator_id)
                .ok_or_else(|| ServiceError::corrupt(format!("offer {} has no creator", offer.id)))?;
            let state = BookingState {
                status: row.status,
                hold_expires_at: row.hold_expires_at,
                cancelled_by: row.cancelled_by,
            };
            let status = state.effective_status(now);
            if status.is_active() {
                offer.status = OfferStatus::Booked;
            }
            let room =
                row.daily_room_name.clone().zip(row.daily_room_url.clone()).map(|(name, url)| RoomRef { name, url });
            Ok(Booking {
                id: row.id,
                state,
                status,
                host: Party { user_id: host_user, name: offer.host_name.clone() },
                guest: Party { user_id: row.user_id, name: guests.get(&row.user_id).cloned().unwrap_or_default() },
                price: Money::from_minor(row.total_price_minor, row.currency),
                starts_at: offer.starts_at,
                ends_at: offer.ends_at(),
                is_test: row.is_test_booking,
                created_at: row.created_at,
                confirmed_at: row.confirmed_at,
                cancelled_at: row.cancelled_at,
                cancel_reason: row.cancel_reason,
                room,
                room_attempts: row.room_attempts,
                payment_intent_id: row.stripe_payment_intent_id,
                calendar_sequence: row.calendar_sequence,
                can_cancel: state.can_cancel(now),
                offer,
            })
        })
        .collect()
}

/// One booking, for its participants and admins; anyone else gets "not found".
pub async fn get(db: &DatabaseConnection, viewer: Uuid, role: Role, id: Uuid) -> Result<Booking, ServiceError> {
    let booking = by_id(db, id).await?;
    if role == Role::Admin || booking.side_of(viewer).is_some() {
        Ok(booking)
    } else {
        Err(ServiceError::NotFound("booking"))
    }
}

/// One booking, for its two participants only.
pub(crate) async fn as_participant(
    db: &DatabaseConnection,
    viewer: Uuid,
    id: Uuid,
) -> Result<(Booking, Side), ServiceError> {
    let booking = by_id(db, id).await?;
    let side = booking.side_of(viewer).ok_or(ServiceError::NotFound("booking"))?;
    Ok((booking, side))
}

/// Whose bookings to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perspective {
    /// The bookings I made.
    Guest,
    /// The calls I host.
    Host,
}

/// Time filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Calls that have not ended.
    Upcoming,
    /// Calls that have started.
    Past,
}

/// Filters of [`list`].
#[derive(Debug, Clone, Default)]
pub struct BookingFilter {
    /// Whose: mine as a guest (default) or the calls I host.
    pub perspective: Option<Perspective>,
    /// Only this status.
    pub status: Option<BookingStatus>,
    /// Upcoming or past.
    pub when: Option<When>,
}

/// Bookings of the viewer, soonest call first for upcoming ones, latest first otherwise.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Uuid,
    filter: BookingFilter,
    page: domain::PageRequest,
) -> Result<(Vec<Booking>, u64), ServiceError> {
    let now = Utc::now();
    let mut query = booking::Entity::find().inner_join(call_offer::Entity);
    query = match filter.perspective.unwrap_or(Perspective::Guest) {
        Perspective::Guest => query.filter(booking::Column::UserId.eq(viewer)),
        Perspective::Host => {
            let Some(host) = creator::Entity::find().filter(creator::Column::UserId.eq(viewer)).one(db).await? else {
                return Ok((Vec::new(), 0));
            };
            query.filter(call_offer::Column::CreatorId.eq(host.id))
        }
    };
    if let Some(status) = filter.status {
        query = query.filter(effective_status_is(status, now));
    }
    // "Upcoming": the call has not ended. The longest call is 8 h, so this bound is exact
    // after the end check below.
    let longest = domain::offer::CallDuration::stored(domain::offer::CallDuration::MAX_MINUTES).as_duration();
    query = match filter.when {
        Some(When::Upcoming) => query.filter(call_offer::Column::DateTime.gt(now - longest)),
        Some(When::Past) => query.filter(call_offer::Column::DateTime.lte(now)),
        None => query,
    };
    let total = query.clone().count(db).await?;
    let query = if filter.when == Some(When::Upcoming) {
        query.order_by_asc(call_offer::Column::DateTime)
    } else {
        query.order_by_desc(call_offer::Column::DateTime)
    };
    let rows = query.order_by_asc(booking::Column::Id).offset(page.offset()).limit(page.limit()).all(db).await?;
    let mut loaded = load(db, rows, now).await?;
    if filter.when == Some(When::Upcoming) {
        loaded.retain(|b| b.ends_at > now);
    }
    Ok((loaded, total))
}

/// What a cancellation did.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancelled {
    /// The booking after the cancellation.
    pub booking: Booking,
    /// What went back to the guest (zero when nothing was paid or the policy refunds nothing).
    pub refunded: Money,
}

/// Cancels a booking as its guest or host. Refunds per the policy through the payment
/// provider, frees the offer and tells the other side.
pub async fn cancel(ctx: &Context, viewer: Uuid, id: Uuid, reason: Option<String>) -> Result<Cancelled, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let (before, side) = as_participant(db, viewer, id).await?;
    let by = match side {
        Side::Guest => CancelledBy::Guest,
        Side::Host => CancelledBy::Host,
    };
    let t = Transition::Cancel(by);
    t.apply(&before.state, now)
        .map_err(|refused| ServiceError::refused(ErrorCode::BookingClosed, refused.to_string()))?;
    let paid = payment::Entity::find().filter(payment::Column::BookingId.eq(id)).one(db).await?;
    let mut refunded = Money::zero(before.price.currency());
    if let Some(paid) = &paid
        && refund_on_cancel(by, before.starts_at, now) == Refund::Full
    {
        let amount = paid.amount_minor - paid.refunded_amount_minor;
        if amount > 0 {
            crate::payments::refund(ctx.payments.as_ref(), paid, amount).await?;
            refunded = Money::from_minor(amount, paid.currency);
        }
    }

    let txn = db.begin().await?;
    let which = Condition::all().add(booking::Column::Id.eq(id));
    let changed = transition(&txn, which, t, now, Details { cancel_reason: reason, ..Details::default() }).await?;
    if changed != 1 {
        return Err(ServiceError::refused(ErrorCode::StaleState, "This booking changed meanwhile; reload it."));
    }
    reopen_offer(&txn, before.offer.id, now).await?;
    if let Some(paid) = paid
        && refunded.minor() > 0
    {
        record_refund(&txn, paid, refunded.minor()).await?;
    }
    let title = before.offer.title.clone();
    let refund_text = if refunded.minor() > 0 { format!("{refunded} refunded.") } else { String::new() };
    let other = before.party(side.other());
    let me = before.party(side);
    let mut outgoing = Outgoing::booking(id, BookingStatus::Cancelled, &[before.guest.user_id, before.host.user_id]);
    outgoing.add(
        notifications::notify(
            &txn,
            other.user_id,
            NotificationType::BookingCancelled,
            params([("title", title.clone()), ("with", me.name.clone()), ("refund", refund_text)]),
            Some(format!("/bookings/{id}")),
        )
        .await?,
    );
    if refunded.minor() > 0 {
        outgoing.add(
            notifications::notify(
                &txn,
                before.guest.user_id,
                NotificationType::RefundCreated,
                params([("title", title), ("amount", refunded.to_string())]),
                Some(format!("/bookings/{id}")),
            )
            .await?,
        );
    }
    outbox::booking_cancelled(&txn, &before, other.user_id, refunded, &ctx.settings).await?;
    let actor = match side {
        Side::Guest => Actor::User(viewer),
        Side::Host => Actor::Creator(viewer),
    };
    system_logs::record(
        &txn,
        LogLevel::Info,
        "BOOKING_CANCELLED",
        actor,
        format!("Booking {id} cancelled by the {by}"),
        serde_json::json!({"bookingId": id, "refundedMinor": refunded.minor()}),
    )
    .await?;
    txn.commit().await?;
    ctx.events.publish(outgoing).await;
    ctx.waker.wake();
    tracing::info!(booking_id = %id, %by, refunded = %refunded, "booking cancelled");
    Ok(Cancelled { booking: by_id(db, id).await?, refunded })
}

/// Makes an offer bookable again after its booking went away (if it has not started).
pub(crate) async fn reopen_offer(
    db: &impl ConnectionTrait,
    offer_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Available))
        .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
        .filter(call_offer::Column::Id.eq(offer_id))
        .filter(call_offer::Column::Status.eq(OfferStatus::Booked))
        .filter(call_offer::Column::DateTime.gt(now))
        .exec(db)
        .await?;
    Ok(())
}

/// Adds a refund to a payment row.
pub(crate) async fn record_refund(
    db: &impl ConnectionTrait,
    paid: payment::Model,
    amount: i64,
) -> Result<(), ServiceError> {
    let total = (paid.refunded_amount_minor + amount).min(paid.amount_minor);
    let status = PaymentStatus::after_refund(total, paid.amount_minor);
    let mut active: payment::ActiveModel = paid.into();
    active.refunded_amount_minor = Set(total);
    active.status = Set(status);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}
