//! `appointment_types`: what a host offers to book from their availability.

use sea_orm::entity::prelude::*;

/// A row of `appointment_types`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointment_types")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The host's account.
    pub host_id: Uuid,
    /// Name.
    pub name: String,
    /// Length in minutes.
    pub duration_minutes: i32,
    /// `#rrggbb`.
    pub color: String,
    /// Description.
    pub description: String,
    /// Meeting types offered, comma separated (`video,phone`).
    pub meeting_types: String,
    /// Free minutes needed before.
    pub buffer_before_minutes: i32,
    /// Free minutes needed after.
    pub buffer_after_minutes: i32,
    /// How long ahead it must be booked, in minutes.
    pub min_notice_minutes: i32,
    /// Price in minor units, when booking it is paid.
    pub price_minor: Option<i64>,
    /// Currency of the price.
    pub currency: Option<domain::money::Currency>,
    /// Offered for booking.
    pub active: bool,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `appointment_types`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
