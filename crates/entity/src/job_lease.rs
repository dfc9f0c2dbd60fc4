//! `job_leases`: which server may run a job until when.

use sea_orm::entity::prelude::*;

/// A row of `job_leases`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_leases")]
pub struct Model {
    /// The job's name.
    #[sea_orm(primary_key, auto_increment = false)]
    pub job: String,
    /// The runner holding it.
    pub holder: String,
    /// Until when.
    pub expires_at: DateTimeUtc,
}

/// Relations of `job_leases`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
