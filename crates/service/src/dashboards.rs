//! The dashboards' figures. The fan's cards count what the pages they lead to list (each count
//! is the `total` of that list's query), the creator's month is their calendar month in their
//! own time zone. Counts and sums are done by the database; only the next calls are loaded.

use api_types::ErrorCode;
use chrono::{DateTime, Utc};
use domain::booking::BookingStatus;
use domain::dashboard::month_bounds;
use domain::money::{Currency, Money};
use domain::review::RatingSummary;
use entity::{booking, call_request, notification, payment};
use sea_orm::sea_query::ExprTrait as _;
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::bookings::{self, Booking};
use crate::{ServiceError, creators, reviews};

/// A fan's dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct FanDashboard {
    /// Confirmed calls that have not ended.
    pub upcoming_calls: u64,
    /// Bookings whose call has started.
    pub past_calls: u64,
    /// Requests waiting for an answer.
    pub pending_requests: u64,
    /// Unread notifications.
    pub unread_notifications: u64,
    /// The next confirmed call (maybe under way).
    pub next_call: Option<Booking>,
}

/// Confirmed bookings whose call has not ended, of a guest or a host: the upcoming calls.
fn upcoming(column: booking::Column, user_id: Uuid, now: DateTime<Utc>) -> sea_orm::Select<booking::Entity> {
    booking::Entity::find()
        .filter(column.eq(user_id))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(booking::Column::EndsAt.gt(now))
}

/// Requests waiting for an answer now, sent by a fan or received by a creator.
async fn pending_requests(db: &DatabaseConnection, mine: Condition, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    Ok(crate::call_requests::counts(db, mine, now).await?.pending)
}

/// The fan's four cards and next call.
pub async fn fan(db: &DatabaseConnection, viewer: Uuid) -> Result<FanDashboard, ServiceError> {
    let now = Utc::now();
    let upcoming_calls = upcoming(booking::Column::UserId, viewer, now).count(db).await?;
    let past_calls = booking::Entity::find()
        .filter(booking::Column::UserId.eq(viewer))
        .filter(booking::Column::StartsAt.lte(now))
        .count(db)
        .await?;
    let mine = Condition::all().add(call_request::Column::FanId.eq(viewer));
    let pending = pending_requests(db, mine, now).await?;
    let unread = notification::Entity::find()
        .filter(notification::Column::UserId.eq(viewer))
        .filter(notification::Column::Read.eq(false))
        .count(db)
        .await?;
    let next = upcoming(booking::Column::UserId, viewer, now)
        .order_by_asc(booking::Column::StartsAt)
        .order_by_asc(booking::Column::Id)
        .one(db)
        .await?;
    let next_call = match next {
        Some(row) => Some(bookings::one(db, row).await?),
        None => None,
    };
    Ok(FanDashboard { upcoming_calls, past_calls, pending_requests: pending, unread_notifications: unread, next_call })
}

/// A creator's month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    /// First instant (the 1st, 00:00 in the creator's zone).
    pub from: DateTime<Utc>,
    /// The next month's first instant.
    pub to: DateTime<Utc>,
    /// Bookings confirmed in the month.
    pub bookings: u64,
    /// Paid minus refunded in the month, per currency.
    pub revenue: Vec<Money>,
}

/// A creator's dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatorDashboard {
    /// Confirmed calls they host that have not ended.
    pub upcoming_calls: u64,
    /// The first [`NEXT_CALLS`] of them.
    pub next_calls: Vec<Booking>,
    /// Requests waiting for their answer.
    pub pending_requests: u64,
    /// This month.
    pub month: Month,
    /// Their rating.
    pub rating: RatingSummary,
}

/// How many upcoming calls the creator's dashboard shows.
pub const NEXT_CALLS: u64 = 5;

/// The creator's calls, requests, month and rating. Only creators have one.
pub async fn creator(db: &DatabaseConnection, viewer: Uuid) -> Result<CreatorDashboard, ServiceError> {
    let now = Utc::now();
    let host = creators::of_user(db, viewer).await.map_err(|err| match err {
        ServiceError::NotFound(_) => ServiceError::refused(ErrorCode::NotACreator, "Only creators have a dashboard."),
        other => other,
    })?;
    let upcoming_calls = upcoming(booking::Column::HostId, viewer, now).count(db).await?;
    let next = upcoming(booking::Column::HostId, viewer, now)
        .order_by_asc(booking::Column::StartsAt)
        .order_by_asc(booking::Column::Id)
        .limit(NEXT_CALLS)
        .all(db)
        .await?;
    let next_calls = bookings::load(db, next, now).await?;
    let mine = Condition::all().add(call_request::Column::HostId.eq(viewer));
    let pending = pending_requests(db, mine, now).await?;
    let (from, to) = month_bounds(now, host.timezone.tz());
    let confirmed = booking::Entity::find()
        .filter(booking::Column::HostId.eq(viewer))
        .filter(booking::Column::ConfirmedAt.gte(from))
        .filter(booking::Column::ConfirmedAt.lt(to))
        .count(db)
        .await?;
    let revenue = revenue(db, viewer, from, to).await?;
    let rating = reviews::rating(db, host.id).await?;
    Ok(CreatorDashboard {
        upcoming_calls,
        next_calls,
        pending_requests: pending,
        month: Month { from, to, bookings: confirmed, revenue },
        rating,
    })
}

/// What fans paid for the host's calls in `[from, to)` minus what was refunded, per currency:
/// one grouped sum.
async fn revenue(
    db: &DatabaseConnection,
    host_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Money>, ServiceError> {
    let net = Expr::col((payment::Entity, payment::Column::AmountMinor))
        .sub(Expr::col((payment::Entity, payment::Column::RefundedAmountMinor)));
    let total = Func::cast_as(Func::sum(net), Alias::new("BIGINT"));
    let rows: Vec<(Currency, Option<i64>)> = payment::Entity::find()
        .select_only()
        .column(payment::Column::Currency)
        .column_as(Expr::expr(total), "net")
        .join(
            JoinType::InnerJoin,
            payment::Entity::belongs_to(booking::Entity)
                .from(payment::Column::BookingId)
                .to(booking::Column::Id)
                .into(),
        )
        .filter(booking::Column::HostId.eq(host_id))
        .filter(payment::Column::CreatedAt.gte(from))
        .filter(payment::Column::CreatedAt.lt(to))
        .group_by(payment::Column::Currency)
        .order_by_asc(payment::Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(currency, net)| Money::from_minor(net.unwrap_or(0), currency)).collect())
}
