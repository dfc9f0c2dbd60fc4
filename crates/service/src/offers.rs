//! Call offers: a creator's call at a fixed time, duration and price. An offer's visible
//! status follows its booking: a pending booking whose hold has not expired shows it as
//! BOOKED, and it becomes AVAILABLE again the moment the hold expires, job or no job.

use api_types::ErrorCode;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use domain::booking::{BookingStatus, OfferStatus};
use domain::money::{Currency, Price};
use entity::{booking, call_offer, creator};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::{ServiceError, creators};

/// Longest call, in minutes.
pub const MAX_DURATION_MINUTES: i32 = 8 * 60;

/// An offer with its visible status.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The row.
    pub row: call_offer::Model,
    /// The status people see.
    pub status: OfferStatus,
}

impl Offer {
    /// The price.
    pub fn price(&self) -> Result<Price, ServiceError> {
        price_of(&self.row)
    }

    /// When the call ends.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.row.date_time + Duration::minutes(i64::from(self.row.duration_minutes))
    }
}

pub(crate) fn price_of(row: &call_offer::Model) -> Result<Price, ServiceError> {
    let currency: Currency = row.currency.parse().map_err(|_| corrupt(row.id))?;
    Price::new(domain::money::from_minor_units(row.price_minor, currency), currency).map_err(|_| corrupt(row.id))
}

fn corrupt(id: Uuid) -> ServiceError {
    ServiceError::Internal(format!("call offer {id} has an invalid price"))
}

/// New offer fields, already parsed.
#[derive(Debug, Clone)]
pub struct OfferInput {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Price.
    pub price: Price,
    /// Start.
    pub date_time: DateTime<Utc>,
    /// Minutes.
    pub duration_minutes: i32,
}

/// Publishes an offer for the signed-in creator.
pub async fn create(db: &DatabaseConnection, user_id: Uuid, input: OfferInput) -> Result<Offer, ServiceError> {
    let now = Utc::now();
    if input.date_time <= now {
        return Err(ServiceError::invalid("dateTime", "must be in the future"));
    }
    let host = creators::of_user(db, user_id).await?;
    let row = call_offer::ActiveModel {
        id: Set(Uuid::new_v4()),
        creator_id: Set(host.id),
        title: Set(input.title),
        description: Set(input.description),
        price_minor: Set(input.price.minor_units()),
        currency: Set(input.price.currency().code().to_owned()),
        date_time: Set(input.date_time),
        duration_minutes: Set(input.duration_minutes),
        status: Set(OfferStatus::Available.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(Offer { row, status: OfferStatus::Available })
}

/// One offer.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Offer, ServiceError> {
    let row = call_offer::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("call offer"))?;
    with_status(db, vec![row]).await?.pop().ok_or(ServiceError::NotFound("call offer"))
}

/// Changes to an offer; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct OfferChanges {
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Price.
    pub price: Option<Price>,
    /// Start.
    pub date_time: Option<DateTime<Utc>>,
    /// Minutes.
    pub duration_minutes: Option<i32>,
}

/// Edits an offer: only its owner, only while nobody holds it.
pub async fn update(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
    changes: OfferChanges,
) -> Result<Offer, ServiceError> {
    let offer = owned_and_free(db, user_id, id).await?;
    if changes.date_time.is_some_and(|t| t <= Utc::now()) {
        return Err(ServiceError::invalid("dateTime", "must be in the future"));
    }
    let mut active: call_offer::ActiveModel = offer.row.into();
    if let Some(title) = changes.title {
        active.title = Set(title);
    }
    if let Some(description) = changes.description {
        active.description = Set(description);
    }
    if let Some(price) = changes.price {
        active.price_minor = Set(price.minor_units());
        active.currency = Set(price.currency().code().to_owned());
    }
    if let Some(date_time) = changes.date_time {
        active.date_time = Set(date_time);
    }
    if let Some(minutes) = changes.duration_minutes {
        active.duration_minutes = Set(minutes);
    }
    active.updated_at = Set(Utc::now());
    let row = active.update(db).await?;
    Ok(Offer { row, status: OfferStatus::Available })
}

/// Withdraws an offer: deleted when it was never booked, else marked CANCELLED (its
/// bookings' history stays).
pub async fn delete(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<(), ServiceError> {
    let offer = owned_and_free(db, user_id, id).await?;
    let ever_booked = offer.row.find_related(booking::Entity).one(db).await?.is_some();
    if ever_booked {
        let mut active: call_offer::ActiveModel = offer.row.into();
        active.status = Set(OfferStatus::Cancelled.as_str().to_owned());
        active.updated_at = Set(Utc::now());
        active.update(db).await?;
    } else {
        offer.row.delete(db).await?;
    }
    Ok(())
}

async fn owned_and_free(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<Offer, ServiceError> {
    let offer = get(db, id).await?;
    let owner = creator::Entity::find_by_id(offer.row.creator_id).one(db).await?;
    if owner.is_none_or(|c| c.user_id != user_id) {
        // Not the owner: as far as they are concerned, there is no such offer to change.
        return Err(ServiceError::refused(ErrorCode::NotOfferOwner, "Only the creator of this offer can change it."));
    }
    match offer.status {
        OfferStatus::Available => Ok(offer),
        OfferStatus::Booked => Err(ServiceError::refused(
            ErrorCode::OfferBooked,
            "This call offer is booked and can no longer be changed.",
        )),
        OfferStatus::Completed | OfferStatus::Cancelled => Err(ServiceError::refused(
            ErrorCode::OfferClosed,
            "This call offer is closed and can no longer be changed.",
        )),
    }
}

/// A creator's upcoming offers that are open for booking, soonest first.
pub async fn upcoming_available(db: &impl ConnectionTrait, creator_id: Uuid) -> Result<Vec<Offer>, ServiceError> {
    let rows = call_offer::Entity::find()
        .filter(call_offer::Column::CreatorId.eq(creator_id))
        .filter(call_offer::Column::Status.eq(OfferStatus::Available.as_str()))
        .filter(call_offer::Column::DateTime.gt(Utc::now()))
        .order_by_asc(call_offer::Column::DateTime)
        .all(db)
        .await?;
    Ok(with_status(db, rows).await?.into_iter().filter(|o| o.status == OfferStatus::Available).collect())
}

/// All offers of a creator (for their own management page), newest start first.
pub async fn of_creator(db: &impl ConnectionTrait, creator_id: Uuid) -> Result<Vec<Offer>, ServiceError> {
    let rows = call_offer::Entity::find()
        .filter(call_offer::Column::CreatorId.eq(creator_id))
        .order_by_desc(call_offer::Column::DateTime)
        .all(db)
        .await?;
    with_status(db, rows).await
}

/// Available offer counts per creator.
pub async fn count_available(
    db: &impl ConnectionTrait,
    creator_ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>, ServiceError> {
    if creator_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = call_offer::Entity::find()
        .filter(call_offer::Column::CreatorId.is_in(creator_ids.iter().copied()))
        .filter(call_offer::Column::Status.eq(OfferStatus::Available.as_str()))
        .filter(call_offer::Column::DateTime.gt(Utc::now()))
        .all(db)
        .await?;
    let mut counts = HashMap::new();
    for offer in with_status(db, rows).await? {
        if offer.status == OfferStatus::Available {
            *counts.entry(offer.row.creator_id).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// Computes the visible status of offers: a stored AVAILABLE offer with a live hold is BOOKED.
pub async fn with_status(db: &impl ConnectionTrait, rows: Vec<call_offer::Model>) -> Result<Vec<Offer>, ServiceError> {
    let candidates: Vec<Uuid> =
        rows.iter().filter(|r| r.status == OfferStatus::Available.as_str()).map(|r| r.id).collect();
    let held: std::collections::HashSet<Uuid> = if candidates.is_empty() {
        Default::default()
    } else {
        booking::Entity::find()
            .filter(booking::Column::CallOfferId.is_in(candidates))
            .filter(booking::Column::Status.is_in([BookingStatus::Pending.as_str(), BookingStatus::Confirmed.as_str()]))
            .all(db)
            .await?
            .into_iter()
            .filter(|b| {
                b.status == BookingStatus::Confirmed.as_str() || b.hold_expires_at.is_some_and(|t| t > Utc::now())
            })
            .map(|b| b.call_offer_id)
            .collect()
    };
    rows.into_iter()
        .map(|row| {
            let stored: OfferStatus = row.status.parse().map_err(|_| corrupt(row.id))?;
            let status =
                if stored == OfferStatus::Available && held.contains(&row.id) { OfferStatus::Booked } else { stored };
            Ok(Offer { row, status })
        })
        .collect()
}
