//! `availability_overrides`: a date with other hours than the weekly ones, or none.

use sea_orm::entity::prelude::*;

/// A row of `availability_overrides`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "availability_overrides")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The host's account.
    pub host_id: Uuid,
    /// The date, in the host's zone.
    pub date: Date,
    /// No availability at all that day.
    pub unavailable: bool,
    /// `[{start, end}]` when available.
    pub ranges: Json,
    /// Why (holiday, time off…).
    pub note: Option<String>,
    /// Creation instant.
    pub created_at: DateTimeUtc,
}

/// Relations of `availability_overrides`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
