//! `reminders`: a claimed reminder of a booking; the primary key makes each one happen once.

use domain::operations::ReminderKind;
use sea_orm::entity::prelude::*;

/// A row of `reminders`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminders")]
pub struct Model {
    /// The booking.
    #[sea_orm(primary_key, auto_increment = false)]
    pub booking_id: Uuid,
    /// 24h or 15min.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: ReminderKind,
    /// When it was claimed (and its e-mails queued).
    pub claimed_at: DateTimeUtc,
}

/// Relations of `reminders`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
