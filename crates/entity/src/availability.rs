//! `availability`: a host's weekly hours, in the host's time zone.

use sea_orm::entity::prelude::*;

/// A row of `availability`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "availability")]
pub struct Model {
    /// The host's account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub host_id: Uuid,
    /// The zone the hours are in.
    pub timezone: domain::TimeZone,
    /// `[{weekday: 1..7, ranges: [{start: "09:00", end: "12:00"}]}]`.
    pub weekly: Json,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `availability`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
