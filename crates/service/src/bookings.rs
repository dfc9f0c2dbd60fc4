//! Bookings of call offers. Who wins a race is decided by the database: the partial
//! unique index `bookings_one_active_per_offer` admits one pending or confirmed booking
//! per offer, and a losing insert becomes a 409. An unpaid booking holds its offer until
//! `hold_expires_at`; expired holds are released by the next booking attempt in the same
//! transaction (and by the expiry job), so the offer is free the moment the hold ends.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::booking::{
    BookingRefusal, BookingStatus, Canceller, OfferStatus, Refund, check_bookable, refund_on_cancel,
};
use domain::notification::NotificationType;
use entity::{booking, call_offer, creator, payment, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use uuid::Uuid;

use crate::ServiceError;
use crate::notifications::{self, params};

/// The reason stored on bookings released because their payment hold expired.
pub const HOLD_EXPIRED: &str = "payment hold expired";

/// A booking with what its participants need to see.
#[derive(Debug, Clone, PartialEq)]
pub struct BookingView {
    /// The booking.
    pub row: booking::Model,
    /// Its status.
    pub status: BookingStatus,
    /// The offer.
    pub offer: call_offer::Model,
    /// The host's creator id and name.
    pub creator: (Uuid, String),
    /// The host's user id.
    pub creator_user_id: Uuid,
    /// The guest's user id and name.
    pub guest: (Uuid, String),
}

impl BookingView {
    /// When the call ends.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.offer.date_time + Duration::minutes(i64::from(self.offer.duration_minutes))
    }
}

/// Books an offer for `guest_id`; the booking holds the offer for `hold` while unpaid.
pub async fn create(
    db: &DatabaseConnection,
    guest_id: Uuid,
    offer_id: Uuid,
    hold: Duration,
) -> Result<BookingView, ServiceError> {
    let now = Utc::now();
    let txn = db.begin().await?;
    // A write first: on SQLite it takes the write lock before any read, so concurrent
    // bookings queue on the lock instead of failing on a stale snapshot.
    release_expired_holds(&txn, Some(offer_id), now).await?;
    let offer =
        call_offer::Entity::find_by_id(offer_id).one(&txn).await?.ok_or(ServiceError::NotFound("call offer"))?;
    let host =
        creator::Entity::find_by_id(offer.creator_id).one(&txn).await?.ok_or(ServiceError::NotFound("creator"))?;
    let stored: OfferStatus =
        offer.status.parse().map_err(|_| ServiceError::Internal(format!("offer {offer_id} has a bad status")))?;
    check_bookable(stored, offer.date_time, host.user_id == guest_id, now).map_err(refusal)?;
    // No two active bookings of one host at overlapping times. On PostgreSQL the host's row
    // is locked first, so concurrent bookings of one host queue here and each sees the
    // others' outcome; on SQLite this transaction already holds the write lock.
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        creator::Entity::find_by_id(host.id).lock_exclusive().one(&txn).await?;
    }
    if host_is_busy(&txn, &offer, now).await? {
        tracing::info!(%offer_id, %guest_id, "overlapping booking of the host refused");
        return Err(refusal(BookingRefusal::HostBusy));
    }

    let inserted = booking::ActiveModel {
        id: Set(Uuid::new_v4()),
        call_offer_id: Set(offer.id),
        user_id: Set(guest_id),
        status: Set(BookingStatus::Pending.as_str().to_owned()),
        total_price_minor: Set(offer.price_minor),
        currency: Set(offer.currency.clone()),
        hold_expires_at: Set(Some(now + hold)),
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
    .await;
    let row = match inserted {
        Ok(row) => row,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            tracing::info!(%offer_id, %guest_id, "double booking refused");
            return Err(refusal(BookingRefusal::AlreadyBooked));
        }
        Err(err) => return Err(err.into()),
    };
    crate::system_logs::record(
        &txn,
        domain::operations::LogLevel::Info,
        "BOOKING_CREATED",
        crate::system_logs::Actor::User(guest_id),
        format!("Booking {} of offer {offer_id} created", row.id),
        serde_json::json!({"bookingId": row.id, "offerId": offer_id}),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(booking_id = %row.id, %offer_id, %guest_id, "booking created");
    view(db, row).await
}

/// Whether the host of `offer` has another active booking whose call overlaps it.
async fn host_is_busy(
    db: &impl ConnectionTrait,
    offer: &call_offer::Model,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let ends = offer.date_time + Duration::minutes(i64::from(offer.duration_minutes));
    let active = Condition::any().add(booking::Column::Status.eq(BookingStatus::Confirmed.as_str())).add(
        Condition::all()
            .add(booking::Column::Status.eq(BookingStatus::Pending.as_str()))
            .add(booking::Column::HoldExpiresAt.gt(now)),
    );
    let others = booking::Entity::find()
        .find_also_related(call_offer::Entity)
        .filter(call_offer::Column::CreatorId.eq(offer.creator_id))
        .filter(call_offer::Column::Id.ne(offer.id))
        .filter(call_offer::Column::DateTime.lt(ends))
        .filter(active)
        .all(db)
        .await?;
    Ok(others.iter().filter_map(|(_, other)| other.as_ref()).any(|other| {
        domain::booking::overlaps(offer.date_time, offer.duration_minutes, other.date_time, other.duration_minutes)
    }))
}

fn refusal(refusal: BookingRefusal) -> ServiceError {
    match refusal {
        BookingRefusal::OwnOffer => ServiceError::refused(ErrorCode::OwnOffer, refusal.to_string()),
        BookingRefusal::AlreadyBooked => ServiceError::refused(ErrorCode::AlreadyBooked, refusal.to_string()),
        BookingRefusal::Past => ServiceError::refused(ErrorCode::OfferPast, refusal.to_string()),
        BookingRefusal::NotAvailable => ServiceError::refused(ErrorCode::OfferUnavailable, refusal.to_string()),
        BookingRefusal::HostBusy => ServiceError::refused(ErrorCode::HostBusy, refusal.to_string()),
    }
}

/// Cancels pending bookings whose hold has expired (of one offer, or all); returns how many.
pub async fn release_expired_holds(
    db: &impl ConnectionTrait,
    offer_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let mut query = booking::Entity::update_many()
        .col_expr(booking::Column::Status, Expr::value(BookingStatus::Cancelled.as_str()))
        .col_expr(booking::Column::CancelledAt, Expr::value(now))
        .col_expr(booking::Column::CancelledBy, Expr::value("system"))
        .col_expr(booking::Column::CancelReason, Expr::value(HOLD_EXPIRED))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Status.eq(BookingStatus::Pending.as_str()))
        .filter(booking::Column::HoldExpiresAt.lte(now));
    if let Some(offer_id) = offer_id {
        query = query.filter(booking::Column::CallOfferId.eq(offer_id));
    }
    Ok(query.exec(db).await?.rows_affected)
}

/// Loads the offer, host and guest of a booking.
pub async fn view(db: &impl ConnectionTrait, row: booking::Model) -> Result<BookingView, ServiceError> {
    let id = row.id;
    views(db, vec![row]).await?.pop().ok_or_else(|| ServiceError::Internal(format!("booking {id} vanished")))
}

/// Loads the offers, hosts and guests of bookings with three queries, whatever their number.
pub async fn views(db: &impl ConnectionTrait, rows: Vec<booking::Model>) -> Result<Vec<BookingView>, ServiceError> {
    use std::collections::HashMap;
    let offer_ids: Vec<Uuid> = rows.iter().map(|r| r.call_offer_id).collect();
    let offers: HashMap<Uuid, call_offer::Model> = call_offer::Entity::find()
        .filter(call_offer::Column::Id.is_in(offer_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let creator_ids: Vec<Uuid> = offers.values().map(|o| o.creator_id).collect();
    let hosts: HashMap<Uuid, (creator::Model, Option<user::Model>)> = creator::Entity::find()
        .filter(creator::Column::Id.is_in(creator_ids))
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(c, u)| (c.id, (c, u)))
        .collect();
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
            let offer = offers
                .get(&row.call_offer_id)
                .cloned()
                .ok_or_else(|| ServiceError::Internal(format!("booking {} has no offer", row.id)))?;
            let (host, host_user) = hosts
                .get(&offer.creator_id)
                .ok_or_else(|| ServiceError::Internal(format!("offer {} has no creator", offer.id)))?;
            Ok(BookingView {
                creator: (host.id, host_user.as_ref().map(|u| u.name.clone()).unwrap_or_default()),
                creator_user_id: host.user_id,
                guest: (row.user_id, guests.get(&row.user_id).cloned().unwrap_or_default()),
                status: effective_status(&row)?,
                offer,
                row,
            })
        })
        .collect()
}

/// A pending booking whose hold has expired is, for everyone, cancelled.
fn effective_status(row: &booking::Model) -> Result<BookingStatus, ServiceError> {
    let stored: BookingStatus =
        row.status.parse().map_err(|_| ServiceError::Internal(format!("booking {} has a bad status", row.id)))?;
    Ok(match stored {
        BookingStatus::Pending if row.hold_expires_at.is_some_and(|t| t <= Utc::now()) => BookingStatus::Cancelled,
        other => other,
    })
}

/// One booking, for its participants and admins; anyone else gets "not found".
pub async fn get(db: &DatabaseConnection, viewer: Uuid, role: Role, id: Uuid) -> Result<BookingView, ServiceError> {
    let row = booking::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("booking"))?;
    let view = view(db, row).await?;
    if role == Role::Admin || view.guest.0 == viewer || view.creator_user_id == viewer {
        Ok(view)
    } else {
        Err(ServiceError::NotFound("booking"))
    }
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
    /// Only this status.
    pub status: Option<BookingStatus>,
    /// Upcoming or past.
    pub when: Option<When>,
}

/// Bookings of the viewer, soonest call first for upcoming ones, latest first otherwise.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Uuid,
    perspective: Perspective,
    filter: BookingFilter,
    page: domain::PageRequest,
) -> Result<(Vec<BookingView>, u64), ServiceError> {
    let now = Utc::now();
    let mut query = booking::Entity::find().inner_join(call_offer::Entity);
    query = match perspective {
        Perspective::Guest => query.filter(booking::Column::UserId.eq(viewer)),
        Perspective::Host => {
            let Some(host) = creator::Entity::find().filter(creator::Column::UserId.eq(viewer)).one(db).await? else {
                return Ok((Vec::new(), 0));
            };
            query.filter(call_offer::Column::CreatorId.eq(host.id))
        }
    };
    if let Some(status) = filter.status {
        // Expired holds count as cancelled, whatever the stored status.
        query = match status {
            BookingStatus::Pending => {
                query.filter(booking::Column::Status.eq(status.as_str())).filter(booking::Column::HoldExpiresAt.gt(now))
            }
            BookingStatus::Cancelled => query.filter(
                Condition::any().add(booking::Column::Status.eq(status.as_str())).add(
                    Condition::all()
                        .add(booking::Column::Status.eq(BookingStatus::Pending.as_str()))
                        .add(booking::Column::HoldExpiresAt.lte(now)),
                ),
            ),
            other => query.filter(booking::Column::Status.eq(other.as_str())),
        };
    }
    query = match filter.when {
        Some(When::Upcoming) => query.filter(call_offer::Column::DateTime.gt(now - Duration::hours(8))),
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
    let mut loaded = views(db, rows).await?;
    // "Upcoming" means the call has not ended yet.
    if filter.when == Some(When::Upcoming) {
        loaded.retain(|v| v.ends_at() > now);
    }
    Ok((loaded, total))
}

/// What a cancellation did about money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelOutcome {
    /// Refunded amount in minor units (0 when nothing was paid or the policy refunds nothing).
    pub refunded_minor: i64,
}

/// Cancels a booking as its guest or host. Refunds per the policy (through `refund`,
/// which talks to the payment provider for real payments), frees the offer and tells the
/// other side.
pub async fn cancel<F, Fut>(
    db: &DatabaseConnection,
    viewer: Uuid,
    id: Uuid,
    reason: Option<String>,
    public_url: &str,
    refund: F,
) -> Result<(BookingView, CancelOutcome), ServiceError>
where
    F: FnOnce(payment::Model, i64) -> Fut,
    Fut: std::future::Future<Output = Result<(), ServiceError>>,
{
    let now = Utc::now();
    let row = booking::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("booking"))?;
    let before = view(db, row).await?;
    let by = if before.guest.0 == viewer {
        Canceller::Guest
    } else if before.creator_user_id == viewer {
        Canceller::Host
    } else {
        return Err(ServiceError::NotFound("booking"));
    };
    if !before.status.is_active() {
        return Err(ServiceError::refused(
            ErrorCode::BookingClosed,
            format!("This booking is {} and cannot be cancelled.", before.status),
        ));
    }
    let paid = payment::Entity::find().filter(payment::Column::BookingId.eq(id)).one(db).await?;
    let mut refunded_minor = 0;
    if let Some(paid) = paid.clone()
        && refund_on_cancel(by, before.offer.date_time, now) == Refund::Full
    {
        let amount = paid.amount_minor - paid.refunded_amount_minor;
        if amount > 0 {
            refund(paid, amount).await?;
            refunded_minor = amount;
        }
    }

    let txn = db.begin().await?;
    let changed = booking::Entity::update_many()
        .col_expr(booking::Column::Status, Expr::value(BookingStatus::Cancelled.as_str()))
        .col_expr(booking::Column::CancelledAt, Expr::value(now))
        .col_expr(booking::Column::CancelledBy, Expr::value(if by == Canceller::Guest { "guest" } else { "host" }))
        .col_expr(booking::Column::CancelReason, Expr::value(reason))
        .col_expr(booking::Column::CalendarSequence, crate::db::plus_one(booking::Column::CalendarSequence))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(id))
        .filter(booking::Column::Status.is_in([BookingStatus::Pending.as_str(), BookingStatus::Confirmed.as_str()]))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ServiceError::refused(ErrorCode::StaleState, "This booking changed meanwhile; reload it."));
    }
    reopen_offer(&txn, before.offer.id, now).await?;
    if let Some(paid) = paid
        && refunded_minor > 0
    {
        record_refund(&txn, paid, refunded_minor).await?;
    }
    let title = before.offer.title.clone();
    let refund_text = if refunded_minor > 0 {
        format!("{} refunded.", crate::payments::display_amount(refunded_minor, &before.row.currency))
    } else {
        String::new()
    };
    let (notify_user, with) = match by {
        Canceller::Guest => (before.creator_user_id, before.guest.1.clone()),
        Canceller::Host => (before.guest.0, before.creator.1.clone()),
    };
    notifications::notify(
        &txn,
        notify_user,
        NotificationType::BookingCancelled,
        params([("title", title.clone()), ("with", with), ("refund", refund_text)]),
        Some(format!("/bookings/{id}")),
    )
    .await?;
    if refunded_minor > 0 {
        notifications::notify(
            &txn,
            before.guest.0,
            NotificationType::RefundCreated,
            params([
                ("title", title),
                ("amount", crate::payments::display_amount(refunded_minor, &before.row.currency)),
            ]),
            Some(format!("/bookings/{id}")),
        )
        .await?;
    }
    crate::outbox::booking_cancelled(&txn, &before, notify_user, refunded_minor, public_url).await?;
    let actor = match by {
        Canceller::Guest => crate::system_logs::Actor::User(viewer),
        Canceller::Host => crate::system_logs::Actor::Creator(viewer),
    };
    crate::system_logs::record(
        &txn,
        domain::operations::LogLevel::Info,
        "BOOKING_CANCELLED",
        actor,
        format!("Booking {id} cancelled by the {}", if by == Canceller::Guest { "guest" } else { "host" }),
        serde_json::json!({"bookingId": id, "refundedMinor": refunded_minor}),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(booking_id = %id, by = ?by, refunded_minor, "booking cancelled");
    let row = booking::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("booking"))?;
    Ok((view(db, row).await?, CancelOutcome { refunded_minor }))
}

/// Makes an offer bookable again after its booking went away (if it has not started).
pub(crate) async fn reopen_offer(
    db: &impl ConnectionTrait,
    offer_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Available.as_str()))
        .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
        .filter(call_offer::Column::Id.eq(offer_id))
        .filter(call_offer::Column::Status.eq(OfferStatus::Booked.as_str()))
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
    let status = if total >= paid.amount_minor { "refunded" } else { "partially_refunded" };
    let mut active: payment::ActiveModel = paid.into();
    active.refunded_amount_minor = Set(total);
    active.status = Set(status.to_owned());
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}
