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

use api_types::{ErrorCode, Route};
use chrono::{DateTime, Utc};
use domain::booking::{
    BookingRefusal, BookingState, BookingStatus, CancelledBy, Hold, HoldLimits, HoldRefusal, OfferStatus, Refund,
    Transition, check_bookable, refund_on_cancel,
};
use domain::call::Side;
use domain::call_access::CallTimes;
use domain::localized;
use domain::money::Money;
use domain::notification::{NotificationType, both};
use domain::operations::LogLevel;
use domain::payment::RefundReason;
use domain::{Locale, Role};
use entity::{booking, call_offer, creator, payment, user};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::events::Outgoing;
use crate::notifications::{self, params};
use crate::offers::{self, Offer};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, outbox, refunds};

/// Someone in a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The account.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// A prospect: a guest given by name and e-mail, without an account of their own.
    pub prospect: bool,
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
    /// How it is held (offers are video calls).
    pub meeting_type: domain::planning::MeetingType,
    /// An appointment's reason.
    pub reason_id: Option<Uuid>,
    /// The guest's message to the host.
    pub message: Option<String>,
    /// Phone number (phone appointments).
    pub phone: Option<String>,
    /// Address (in-person appointments).
    pub address: Option<String>,
    /// Its guest has reviewed the call.
    pub reviewed: bool,
    /// Its guest may review it now (completed, not reviewed yet).
    pub can_review: bool,
    /// Who missed the call, recorded when it was settled as a no-show.
    pub absent: Option<domain::no_show::Absent>,
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
/// unpaid. The database decides every race: the partial unique index admits one active
/// booking per offer (`already_booked`), and on PostgreSQL the exclusion constraint
/// `bookings_host_no_overlap` admits no two active bookings of one host that overlap
/// (`host_busy`); on SQLite the write transaction serializes bookings and the overlap is
/// checked inside it. No lock is taken on the host, and nothing slow runs in the transaction.
pub async fn create(ctx: &Context, guest_id: Uuid, offer_id: Uuid) -> Result<Booking, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let (offer, host) = call_offer::Entity::find_by_id(offer_id)
        .find_also_related(creator::Entity)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("call offer"))?;
    let host = host.ok_or_else(|| ServiceError::corrupt(format!("offer {offer_id} has no creator")))?;
    if offer.appointment_type_id.is_some() || offer.reserved_for.is_some_and(|fan| fan != guest_id) {
        // An appointment's private offer is booked through the appointment, never directly;
        // an offer made from a call request only by the fan who asked.
        return Err(ServiceError::NotFound("call offer"));
    }
    check_bookable(offer.status, offer.date_time, host.user_id == guest_id, now)?;
    // A taken offer answers at once, without queueing behind anyone's transaction.
    if offer_is_held(db, offer_id, now).await? {
        return Err(BookingRefusal::AlreadyBooked.into());
    }
    let txn = begin_booking(db).await?;
    let new = NewBooking::of_offer(&offer, guest_id, host.user_id, Some(now + ctx.settings.booking_hold));
    let row = insert(&txn, new, ctx.settings.holds, now).await?;
    txn.commit().await?;
    tracing::info!(booking_id = %row.id, %offer_id, %guest_id, "booking created");
    one(db, row).await
}

/// A booking about to be written, pending; what an appointment adds is optional.
#[derive(Debug, Clone)]
pub(crate) struct NewBooking {
    /// The offer (an appointment's private one, or a published one).
    pub offer_id: Uuid,
    /// The guest.
    pub guest_id: Uuid,
    /// The host's account.
    pub host_id: Uuid,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Price, frozen.
    pub price: Money,
    /// Until when it holds unpaid (none: it is confirmed at once in the same transaction).
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// How it is held.
    pub meeting_type: domain::planning::MeetingType,
    /// An appointment's reason.
    pub reason_id: Option<Uuid>,
    /// The guest's message.
    pub message: Option<String>,
    /// Phone number (phone appointments).
    pub phone: Option<String>,
    /// Address (in-person appointments).
    pub address: Option<String>,
}

impl NewBooking {
    /// A fan's booking of a published offer.
    pub(crate) fn of_offer(
        offer: &call_offer::Model,
        guest_id: Uuid,
        host_id: Uuid,
        hold: Option<DateTime<Utc>>,
    ) -> Self {
        let duration = domain::offer::CallDuration::stored(offer.duration_minutes);
        Self {
            offer_id: offer.id,
            guest_id,
            host_id,
            starts_at: offer.date_time,
            ends_at: duration.ends_at(offer.date_time),
            price: Money::from_minor(offer.price_minor, offer.currency),
            hold_expires_at: hold,
            meeting_type: domain::planning::MeetingType::Video,
            reason_id: None,
            message: None,
            phone: None,
            address: None,
        }
    }
}

/// Starts a booking's transaction: on PostgreSQL a lock wait past 2 s is overload (503).
pub(crate) async fn begin_booking(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, ServiceError> {
    let txn = db.begin().await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL lock_timeout = '2s'").await?;
    }
    Ok(txn)
}

/// Writes a pending booking in `txn`. The database decides every race: the offer's partial
/// unique index (`already_booked`) and, on PostgreSQL, the host's exclusion constraint
/// (`host_busy`); on SQLite this transaction holds the write lock and checks both first.
/// Expired holds of the host are released first (a write: on SQLite it takes the lock).
pub(crate) async fn insert(
    txn: &sea_orm::DatabaseTransaction,
    new: NewBooking,
    limits: HoldLimits,
    now: DateTime<Utc>,
) -> Result<booking::Model, ServiceError> {
    let mine = Condition::all().add(booking::Column::HostId.eq(new.host_id));
    transition(txn, mine, Transition::ExpireHold, now, Details::default()).await?;
    if new.hold_expires_at.is_some() {
        check_hold_limits(txn, &new, limits, now).await?;
    }
    if txn.get_database_backend() != sea_orm::DbBackend::Postgres {
        if offer_is_held(txn, new.offer_id, now).await? {
            return Err(BookingRefusal::AlreadyBooked.into());
        }
        if host_is_busy(txn, new.host_id, new.starts_at, new.ends_at, now, None).await? {
            tracing::info!(offer_id = %new.offer_id, guest_id = %new.guest_id, "overlapping booking of the host refused");
            return Err(BookingRefusal::HostBusy.into());
        }
    }
    let (offer_id, guest_id) = (new.offer_id, new.guest_id);
    // Under a savepoint: a refused insert leaves the transaction usable, so that why it was
    // refused is read on this same connection. (Asking the pool instead, with every
    // connection held by a losing transaction, would wait for a connection that never frees.)
    let attempt = txn.begin().await?;
    let inserted = booking::ActiveModel {
        id: Set(Uuid::new_v4()),
        call_offer_id: Set(new.offer_id),
        user_id: Set(new.guest_id),
        host_id: Set(new.host_id),
        starts_at: Set(new.starts_at),
        ends_at: Set(new.ends_at),
        status: Set(BookingStatus::Pending),
        total_price_minor: Set(new.price.minor()),
        currency: Set(new.price.currency()),
        hold_expires_at: Set(new.hold_expires_at),
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
        meeting_type: Set(new.meeting_type),
        reason_id: Set(new.reason_id),
        message: Set(new.message),
        phone: Set(new.phone),
        address: Set(new.address),
        intent_status: Set(None),
        intent_checked_at: Set(None),
        call_outcome: Set(None),
        absent: Set(None),
        actual_duration_secs: Set(None),
        pre_call_secs: Set(None),
    }
    .insert(&attempt)
    .await;
    let row = match inserted {
        Ok(row) => {
            attempt.commit().await?;
            row
        }
        Err(err) => {
            attempt.rollback().await?;
            return Err(lost_race(txn, err, offer_id, guest_id, now).await);
        }
    };
    system_logs::record(
        txn,
        LogLevel::Info,
        "BOOKING_CREATED",
        Actor::User(guest_id),
        format!("Booking {} of offer {offer_id} created", row.id),
        serde_json::json!({"bookingId": row.id, "offerId": offer_id}),
    )
    .await?;
    Ok(row)
}

/// One person's unpaid holds against [`HoldLimits`], in the booking's transaction. On
/// PostgreSQL a transaction-scoped advisory lock on the guest serializes their own requests
/// (only theirs), so two at once cannot both pass the count; SQLite's write lock already does.
async fn check_hold_limits(
    txn: &sea_orm::DatabaseTransaction,
    new: &NewBooking,
    limits: HoldLimits,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        let key = i64::from_be_bytes(new.guest_id.as_bytes()[..8].try_into().unwrap_or_default());
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [key.into()],
        ))
        .await?;
    }
    let holding = booking::Entity::find()
        .filter(booking::Column::UserId.eq(new.guest_id))
        .filter(booking::Column::Status.eq(BookingStatus::Pending))
        .filter(booking::Column::HoldExpiresAt.gt(now))
        .count(txn)
        .await?;
    // Holds on this offer the guest let go: expired, or cancelled by them or by the system.
    // (hold expiry, cancellation) of each.
    type LetGo = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);
    let let_go: Vec<LetGo> = booking::Entity::find()
        .select_only()
        .column(booking::Column::HoldExpiresAt)
        .column(booking::Column::CancelledAt)
        .filter(booking::Column::UserId.eq(new.guest_id))
        .filter(booking::Column::CallOfferId.eq(new.offer_id))
        .filter(booking::Column::ConfirmedAt.is_null())
        .filter(booking::Column::HoldExpiresAt.is_not_null())
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(booking::Column::Status.eq(BookingStatus::Pending))
                        .add(booking::Column::HoldExpiresAt.lte(now)),
                )
                .add(
                    Condition::all()
                        .add(booking::Column::Status.eq(BookingStatus::Cancelled))
                        .add(booking::Column::CancelledBy.is_in([CancelledBy::Guest, CancelledBy::System])),
                ),
        )
        .into_tuple()
        .all(txn)
        .await?;
    let released = let_go
        .into_iter()
        .filter_map(|(expires, cancelled)| match (expires, cancelled) {
            (Some(expires), Some(cancelled)) => Some(expires.min(cancelled)),
            (expires, cancelled) => expires.or(cancelled),
        })
        .max();
    limits.check(holding, released, now).map_err(|refusal| {
        let code = match refusal {
            HoldRefusal::TooMany(_) => ErrorCode::TooManyHolds,
            HoldRefusal::Cooldown(_) => ErrorCode::HoldCooldown,
        };
        tracing::info!(guest_id = %new.guest_id, offer_id = %new.offer_id, %refusal, "hold refused");
        ServiceError::refused(code, refusal.to_string())
    })
}

/// What a refused insert means: the offer's unique index (`already_booked`), or the host's
/// exclusion constraint (`host_busy`, unless the offer itself was taken meanwhile).
async fn lost_race(
    db: &impl ConnectionTrait,
    err: sea_orm::DbErr,
    offer_id: Uuid,
    guest_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceError {
    let refusal = if crate::error::is_unique_violation(&err) {
        BookingRefusal::AlreadyBooked
    } else if crate::error::is_exclusion_violation(&err, migration::HOST_NO_OVERLAP) {
        match offer_is_held(db, offer_id, now).await {
            Ok(true) => BookingRefusal::AlreadyBooked,
            Ok(false) => BookingRefusal::HostBusy,
            Err(err) => return err,
        }
    } else {
        return err.into();
    };
    tracing::info!(%offer_id, %guest_id, ?refusal, "booking refused by the database");
    refusal.into()
}

/// Whether an active booking holds the offer at `now`.
async fn offer_is_held(db: &impl ConnectionTrait, offer_id: Uuid, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let held = booking::Entity::find()
        .select_only()
        .column(booking::Column::Id)
        .filter(booking::Column::CallOfferId.eq(offer_id))
        .filter(active_at(now))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(held.is_some())
}

/// Whether the host has an active booking whose call overlaps `[starts_at, ends_at)` (the
/// SQLite path; PostgreSQL's exclusion constraint decides by itself).
pub(crate) async fn host_is_busy(
    db: &impl ConnectionTrait,
    host_id: Uuid,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<bool, ServiceError> {
    let mut query = booking::Entity::find().select_only().column(booking::Column::Id);
    if let Some(id) = except {
        query = query.filter(booking::Column::Id.ne(id));
    }
    let clash = query
        .filter(booking::Column::HostId.eq(host_id))
        .filter(booking::Column::StartsAt.lt(ends_at))
        .filter(booking::Column::EndsAt.gt(starts_at))
        .filter(active_at(now))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(clash.is_some())
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
    let state = |row: &booking::Model| BookingState {
        status: row.status,
        hold_expires_at: row.hold_expires_at,
        cancelled_by: row.cancelled_by,
    };
    let offer_ids: Vec<Uuid> = rows.iter().map(|r| r.call_offer_id).collect();
    let offer_rows = call_offer::Entity::find().filter(call_offer::Column::Id.is_in(offer_ids)).all(db).await?;
    // Hosts' and guests' names in one query.
    let people: Vec<Uuid> = rows.iter().flat_map(|r| [r.host_id, r.user_id]).collect();
    let people: HashMap<Uuid, (String, bool)> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.name, u.is_prospect)))
        .collect();
    // Only completed calls are reviewed: no query when none is.
    let completed: Vec<Uuid> = rows.iter().filter(|r| r.status == BookingStatus::Completed).map(|r| r.id).collect();
    let reviewed: std::collections::HashSet<Uuid> = if completed.is_empty() {
        std::collections::HashSet::new()
    } else {
        entity::review::Entity::find()
            .select_only()
            .column(entity::review::Column::BookingId)
            .filter(entity::review::Column::BookingId.is_in(completed))
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let name_of = |id: &Uuid| people.get(id).map(|p| p.0.clone()).unwrap_or_default();
    let prospect = |id: &Uuid| people.get(id).is_some_and(|p| p.1);
    let mut host_of_offer = HashMap::new();
    let mut held = std::collections::HashSet::new();
    for row in &rows {
        host_of_offer.insert(row.call_offer_id, name_of(&row.host_id));
        if state(row).holds_offer(now) {
            held.insert(row.call_offer_id);
        }
    }
    // An offer this booking holds is BOOKED; the others' status is looked up (one query).
    let (booked, others): (Vec<_>, Vec<_>) = offer_rows.into_iter().partition(|o| held.contains(&o.id));
    let creator_names: HashMap<Uuid, String> =
        others.iter().map(|o| (o.creator_id, host_of_offer.get(&o.id).cloned().unwrap_or_default())).collect();
    let mut offers: HashMap<Uuid, Offer> =
        offers::with_names(db, others, &creator_names, now).await?.into_iter().map(|o| (o.id, o)).collect();
    for row in booked {
        let name = host_of_offer.get(&row.id).cloned().unwrap_or_default();
        offers.insert(row.id, Offer::from_row(row, name, OfferStatus::Booked));
    }
    rows.into_iter()
        .map(|row| {
            let mut offer = offers
                .get(&row.call_offer_id)
                .cloned()
                .ok_or_else(|| ServiceError::corrupt(format!("booking {} has no offer", row.id)))?;
            let state = state(&row);
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
                host: Party { user_id: row.host_id, name: offer.host_name.clone(), prospect: false },
                guest: Party { user_id: row.user_id, name: name_of(&row.user_id), prospect: prospect(&row.user_id) },
                price: Money::from_minor(row.total_price_minor, row.currency),
                starts_at: row.starts_at,
                ends_at: row.ends_at,
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
                meeting_type: row.meeting_type,
                reason_id: row.reason_id,
                message: row.message,
                phone: row.phone,
                address: row.address,
                absent: row.absent,
                reviewed: reviewed.contains(&row.id),
                can_review: domain::review::can_review(status, reviewed.contains(&row.id)),
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
    let mut query = match filter.perspective.unwrap_or(Perspective::Guest) {
        Perspective::Guest => booking::Entity::find().filter(booking::Column::UserId.eq(viewer)),
        Perspective::Host => booking::Entity::find().filter(booking::Column::HostId.eq(viewer)),
    };
    if let Some(status) = filter.status {
        query = query.filter(effective_status_is(status, now));
    }
    query = match filter.when {
        // Upcoming: the call has not ended; past: it has started.
        Some(When::Upcoming) => query.filter(booking::Column::EndsAt.gt(now)),
        Some(When::Past) => query.filter(booking::Column::StartsAt.lte(now)),
        None => query,
    };
    let total = query.clone().count(db).await?;
    let query = if filter.when == Some(When::Upcoming) {
        query.order_by_asc(booking::Column::StartsAt)
    } else {
        query.order_by_desc(booking::Column::StartsAt)
    };
    let rows = query.order_by_asc(booking::Column::Id).offset(page.offset()).limit(page.limit()).all(db).await?;
    let loaded = load(db, rows, now).await?;
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

/// Cancels a booking as its guest or host, in one transaction that starts by changing the
/// booking (so a payment being applied to it at the same moment waits, or is waited for):
/// frees the offer, and when the booking was paid and the policy refunds, queues the refund
/// (sent by the worker after the commit), takes the creator's share back, and tells the
/// other side. No Stripe call happens here.
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

    let txn = db.begin().await?;
    let which = Condition::all().add(booking::Column::Id.eq(id));
    let changed = transition(&txn, which, t, now, Details { cancel_reason: reason, ..Details::default() }).await?;
    if changed != 1 {
        return Err(ServiceError::refused(ErrorCode::StaleState, "This booking changed meanwhile; reload it."));
    }
    reopen_offer(&txn, before.offer.id, now).await?;
    // Read after the UPDATE: a payment committed meanwhile is seen.
    let paid = payment::Entity::find().filter(payment::Column::BookingId.eq(id)).one(&txn).await?;
    let mut refunded = Money::zero(before.price.currency());
    if let Some(paid) = &paid
        && refund_on_cancel(by, before.starts_at, now) == Refund::Full
    {
        let refund_reason = match by {
            CancelledBy::Host => RefundReason::HostCancelled,
            _ => RefundReason::GuestCancelled,
        };
        let decision = refunds::Decision {
            creator_id: Some(before.offer.creator_id),
            amount: paid.amount_minor - paid.refunded_amount_minor,
            reason: refund_reason,
            already_refunded: false,
        };
        if let Some(row) = refunds::decide(&txn, ctx, paid, decision, now).await? {
            refunded = Money::from_minor(row.amount_minor, row.currency);
            crate::payments::notify_refund(&txn, ctx, &before, refunded, refund_reason).await?;
        }
    }
    let title = before.offer.title.clone();
    let refund_text = if refunded.minor() > 0 {
        let amount = |locale| localized::money(refunded.minor(), refunded.currency(), locale);
        both(
            &format!("{} will be refunded.", amount(Locale::En)),
            &format!("{} seront remboursés.", amount(Locale::Fr)),
        )
    } else {
        serde_json::Value::Null
    };
    let other = before.party(side.other());
    let me = before.party(side);
    let mut outgoing = Outgoing::booking(id, BookingStatus::Cancelled, &[before.guest.user_id, before.host.user_id]);
    let mut cancelled_params = params([("title", title), ("with", me.name.clone())]);
    cancelled_params.insert("refund".into(), refund_text);
    outgoing.add(
        notifications::notify(
            &txn,
            other.user_id,
            NotificationType::BookingCancelled,
            cancelled_params,
            Some(Route::Booking(id)),
        )
        .await?,
    );
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
