//! Call offers: a creator's call at a fixed time, duration and price. An offer's visible
//! status follows its booking: a pending booking whose hold has not expired shows it as
//! BOOKED, and it becomes AVAILABLE again the moment the hold expires, job or no job.

use std::collections::{HashMap, HashSet};

use api_types::ErrorCode;
use chrono::{DateTime, Utc};
use domain::booking::OfferStatus;
use domain::money::{Money, Price};
use domain::offer::{CallDuration, MAX_OPEN_OFFERS, OfferChanges, OfferDraft};
use entity::{booking, call_offer, creator, user};
use sea_orm::sea_query::{Expr, ExprTrait as _, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::{ServiceError, bookings, creators};

/// An offer as people see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Identifier.
    pub id: Uuid,
    /// The host's creator id.
    pub creator_id: Uuid,
    /// The host's name.
    pub host_name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Price.
    pub price: Money,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Length.
    pub duration: CallDuration,
    /// The status people see (a live hold shows as BOOKED).
    pub status: OfferStatus,
    /// Set when this is an appointment's private offer.
    pub appointment_type_id: Option<Uuid>,
}

impl Offer {
    /// When the call ends.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.duration.ends_at(self.starts_at)
    }

    pub(crate) fn from_row(row: call_offer::Model, host_name: String, status: OfferStatus) -> Self {
        Self {
            id: row.id,
            creator_id: row.creator_id,
            host_name,
            title: row.title,
            description: row.description,
            price: Money::from_minor(row.price_minor, row.currency),
            starts_at: row.date_time,
            duration: CallDuration::stored(row.duration_minutes),
            status,
            appointment_type_id: row.appointment_type_id,
        }
    }
}

/// The price of a stored offer, checked again (a broken one is corrupt data).
pub(crate) fn price_of(row: &call_offer::Model) -> Result<Price, ServiceError> {
    Price::from_money(Money::from_minor(row.price_minor, row.currency))
        .ok_or_else(|| ServiceError::corrupt(format!("call offer {} has an invalid price", row.id)))
}

/// An offer is priced in its creator's payout currency: one currency per creator's ledger.
fn in_payout_currency(host: &creator::Model, price: Price) -> Result<(), ServiceError> {
    if price.currency() == host.currency {
        return Ok(());
    }
    Err(ServiceError::invalid(
        "currency",
        format!("must be {}, your payout currency (change it in your profile first)", host.currency),
    ))
}

/// Publishes an offer for the signed-in creator, up to [`MAX_OPEN_OFFERS`] open at once.
pub async fn create(db: &DatabaseConnection, user_id: Uuid, draft: OfferDraft) -> Result<Offer, ServiceError> {
    let now = Utc::now();
    let host = creators::of_user(db, user_id).await?;
    in_payout_currency(&host, draft.price)?;
    let open = call_offer::Entity::find()
        .filter(call_offer::Column::CreatorId.eq(host.id))
        .filter(call_offer::Column::AppointmentTypeId.is_null())
        .filter(call_offer::Column::Status.eq(OfferStatus::Available))
        .filter(call_offer::Column::DateTime.gt(now))
        .count(db)
        .await?;
    if open >= MAX_OPEN_OFFERS {
        return Err(ServiceError::refused(
            ErrorCode::OfferLimitReached,
            format!("A creator may have at most {MAX_OPEN_OFFERS} open offers: withdraw one first."),
        ));
    }
    let row = call_offer::ActiveModel {
        id: Set(Uuid::new_v4()),
        creator_id: Set(host.id),
        title: Set(draft.title.as_str().to_owned()),
        description: Set(draft.description.as_str().to_owned()),
        price_minor: Set(draft.price.minor_units()),
        currency: Set(draft.price.currency()),
        date_time: Set(draft.starts_at),
        duration_minutes: Set(draft.duration.as_minutes()),
        status: Set(OfferStatus::Available),
        appointment_type_id: Set(None),
        reserved_for: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    let name = host_names(db, &[row.creator_id]).await?.remove(&row.creator_id).unwrap_or_default();
    Ok(Offer::from_row(row, name, OfferStatus::Available))
}

/// One offer.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Offer, ServiceError> {
    let row = find(db, id).await?;
    load(db, vec![row], Utc::now()).await?.pop().ok_or(ServiceError::NotFound("call offer"))
}

/// A published offer (an appointment's private offer is not one).
async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<call_offer::Model, ServiceError> {
    call_offer::Entity::find_by_id(id)
        .filter(call_offer::Column::AppointmentTypeId.is_null())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("call offer"))
}

/// Edits an offer: only its owner, only while nobody holds it.
pub async fn update(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
    changes: OfferChanges,
) -> Result<Offer, ServiceError> {
    let row = owned_and_free(db, user_id, id).await?;
    let price = changes.price_against(price_of(&row)?).map_err(ServiceError::from)?;
    if let Some(price) = price {
        let host =
            creator::Entity::find_by_id(row.creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
        in_payout_currency(&host, price)?;
    }
    let mut active: call_offer::ActiveModel = row.into();
    if let Some(title) = changes.title {
        active.title = Set(title.as_str().to_owned());
    }
    if let Some(description) = changes.description {
        active.description = Set(description.as_str().to_owned());
    }
    if let Some(price) = price {
        active.price_minor = Set(price.minor_units());
        active.currency = Set(price.currency());
    }
    if let Some(starts_at) = changes.starts_at {
        active.date_time = Set(starts_at);
    }
    if let Some(duration) = changes.duration {
        active.duration_minutes = Set(duration.as_minutes());
    }
    active.updated_at = Set(Utc::now());
    let row = active.update(db).await?;
    let name = host_names(db, &[row.creator_id]).await?.remove(&row.creator_id).unwrap_or_default();
    Ok(Offer::from_row(row, name, OfferStatus::Available))
}

/// Withdraws an offer: deleted when it was never booked, else marked CANCELLED (its
/// bookings' history stays).
pub async fn delete(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<(), ServiceError> {
    let row = owned_and_free(db, user_id, id).await?;
    let ever_booked = row.find_related(booking::Entity).one(db).await?.is_some();
    if ever_booked {
        let mut active: call_offer::ActiveModel = row.into();
        active.status = Set(OfferStatus::Cancelled);
        active.updated_at = Set(Utc::now());
        active.update(db).await?;
    } else {
        row.delete(db).await?;
    }
    Ok(())
}

async fn owned_and_free(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<call_offer::Model, ServiceError> {
    let row = find(db, id).await?;
    let owner = creator::Entity::find_by_id(row.creator_id).one(db).await?;
    if owner.is_none_or(|c| c.user_id != user_id) {
        return Err(ServiceError::refused(ErrorCode::NotOfferOwner, "Only the creator of this offer can change it."));
    }
    match visible_statuses(db, vec![row], Utc::now()).await?.pop() {
        Some((row, OfferStatus::Available)) => Ok(row),
        Some((_, OfferStatus::Booked)) => Err(ServiceError::refused(
            ErrorCode::OfferBooked,
            "This call offer is booked and can no longer be changed.",
        )),
        _ => Err(ServiceError::refused(
            ErrorCode::OfferClosed,
            "This call offer is closed and can no longer be changed.",
        )),
    }
}

/// A page of a creator's upcoming offers that are open for booking, soonest first, with
/// their number. Open means AVAILABLE, in the future and held by no booking, all decided in
/// SQL so the page and the total agree.
pub async fn upcoming_available(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
    page: domain::PageRequest,
) -> Result<(Vec<Offer>, u64), ServiceError> {
    let now = Utc::now();
    let query = call_offer::Entity::find().filter(call_offer::Column::CreatorId.eq(creator_id)).filter(open_at(now));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(call_offer::Column::DateTime)
        .order_by_asc(call_offer::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((load(db, rows, now).await?, total))
}

/// A page of the signed-in creator's offers, all statuses (for their own management page),
/// latest start first, with their number.
pub async fn mine(
    db: &DatabaseConnection,
    user_id: Uuid,
    page: domain::PageRequest,
) -> Result<(Vec<Offer>, u64), ServiceError> {
    let host = creators::of_user(db, user_id).await?;
    let query = call_offer::Entity::find()
        .filter(call_offer::Column::CreatorId.eq(host.id))
        .filter(call_offer::Column::AppointmentTypeId.is_null());
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(call_offer::Column::DateTime)
        .order_by_asc(call_offer::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((load(db, rows, Utc::now()).await?, total))
}

/// The offers open for booking at `now`: call offers (not appointments, not reserved for the
/// fan of an accepted call request) AVAILABLE, upcoming, and held by no active booking.
fn open_at(now: DateTime<Utc>) -> SimpleExpr {
    let held = Query::select()
        .expr(Expr::val(1))
        .from(booking::Entity)
        .and_where(
            Expr::col((booking::Entity, booking::Column::CallOfferId))
                .equals((call_offer::Entity, call_offer::Column::Id)),
        )
        .cond_where(bookings::active_at(now))
        .to_owned();
    call_offer::Column::AppointmentTypeId
        .is_null()
        .and(call_offer::Column::ReservedFor.is_null())
        .and(call_offer::Column::Status.eq(OfferStatus::Available))
        .and(call_offer::Column::DateTime.gt(now))
        .and(Expr::exists(held).not())
}

/// Offers open for booking per creator (upcoming, AVAILABLE, not held by a booking): one
/// grouped count, whatever the number of offers.
pub async fn count_available(
    db: &impl ConnectionTrait,
    creator_ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>, ServiceError> {
    if creator_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let counts: Vec<(Uuid, i64)> = call_offer::Entity::find()
        .select_only()
        .column(call_offer::Column::CreatorId)
        .column_as(call_offer::Column::Id.count(), "available")
        .filter(call_offer::Column::CreatorId.is_in(creator_ids.iter().copied()))
        .filter(open_at(Utc::now()))
        .group_by(call_offer::Column::CreatorId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

/// Offers with their host names and visible statuses: two queries, whatever their number.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    rows: Vec<call_offer::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, ServiceError> {
    let creator_ids: Vec<Uuid> = rows.iter().map(|r| r.creator_id).collect();
    let names = host_names(db, &creator_ids).await?;
    with_names(db, rows, &names, now).await
}

/// Offers with host names already known (by creator id) and their visible statuses: at most
/// one query.
pub(crate) async fn with_names(
    db: &impl ConnectionTrait,
    rows: Vec<call_offer::Model>,
    names: &HashMap<Uuid, String>,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, ServiceError> {
    Ok(visible_statuses(db, rows, now)
        .await?
        .into_iter()
        .map(|(row, status)| {
            let name = names.get(&row.creator_id).cloned().unwrap_or_default();
            Offer::from_row(row, name, status)
        })
        .collect())
}

/// The visible status of offers at `now`: a stored AVAILABLE offer held by a booking is BOOKED.
async fn visible_statuses(
    db: &impl ConnectionTrait,
    rows: Vec<call_offer::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<(call_offer::Model, OfferStatus)>, ServiceError> {
    let candidates: Vec<Uuid> = rows.iter().filter(|r| r.status == OfferStatus::Available).map(|r| r.id).collect();
    let held: HashSet<Uuid> = if candidates.is_empty() {
        HashSet::new()
    } else {
        booking::Entity::find()
            .filter(booking::Column::CallOfferId.is_in(candidates))
            .filter(bookings::active_at(now))
            .all(db)
            .await?
            .into_iter()
            .map(|b| b.call_offer_id)
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let status = match row.status {
                OfferStatus::Available if held.contains(&row.id) => OfferStatus::Booked,
                stored => stored,
            };
            (row, status)
        })
        .collect())
}

/// The display names of creators, by creator id.
pub(crate) async fn host_names(
    db: &impl ConnectionTrait,
    creator_ids: &[Uuid],
) -> Result<HashMap<Uuid, String>, ServiceError> {
    if creator_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(creator::Entity::find()
        .filter(creator::Column::Id.is_in(creator_ids.iter().copied()))
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(c, u)| (c.id, u.map(|u| u.name).unwrap_or_default()))
        .collect())
}

/// Past AVAILABLE offers nobody booked become CANCELLED; returns how many.
pub async fn expire_past(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    Ok(call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, sea_orm::sea_query::Expr::value(OfferStatus::Cancelled))
        .col_expr(call_offer::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(call_offer::Column::Status.eq(OfferStatus::Available))
        .filter(call_offer::Column::DateTime.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
