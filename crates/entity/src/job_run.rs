//! `job_runs`: one row per run of a scheduled job.

use domain::operations::{JobOutcome, JobTrigger};
use sea_orm::entity::prelude::*;

/// A row of `job_runs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_runs")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The job's name.
    pub job: String,
    /// What started it.
    pub trigger: JobTrigger,
    /// Which server ran it.
    pub runner: String,
    /// Start.
    pub started_at: DateTimeUtc,
    /// End (none while running).
    pub finished_at: Option<DateTimeUtc>,
    /// How it ended.
    pub outcome: JobOutcome,
    /// What it did, by name.
    pub counts: Json,
    /// Why it failed.
    pub error: Option<String>,
}

/// Relations of `job_runs`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
