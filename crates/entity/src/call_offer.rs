//! `call_offers`: a creator's call at a fixed time, duration and price.

use domain::booking::OfferStatus;
use domain::money::Currency;
use sea_orm::entity::prelude::*;

/// A row of `call_offers`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_offers")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The host.
    pub creator_id: Uuid,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Price in minor units.
    pub price_minor: i64,
    /// Currency of the price.
    pub currency: Currency,
    /// Start (UTC).
    pub date_time: DateTimeUtc,
    /// Length in minutes.
    pub duration_minutes: i32,
    /// Stored status (a live pending hold shows as BOOKED).
    pub status: OfferStatus,
    /// Set for an appointment's private offer (never listed publicly).
    pub appointment_type_id: Option<Uuid>,
    /// Set for the offer made from an accepted call request: only this fan may book it, and
    /// it is never listed publicly.
    pub reserved_for: Option<Uuid>,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `call_offers`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The host.
    #[sea_orm(belongs_to = "super::creator::Entity", from = "Column::CreatorId", to = "super::creator::Column::Id")]
    Creator,
    /// Bookings of this offer.
    #[sea_orm(has_many = "super::booking::Entity")]
    Bookings,
}

impl Related<super::creator::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Creator.def()
    }
}

impl Related<super::booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Bookings.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
