//! Running jobs: a run first takes the job's lease in the database (so with several servers
//! on one database a job runs on one of them at a time), is recorded in `job_runs` with its
//! counts or its error, and gives the lease back. A failing run is logged and simply runs
//! again at its next tick.

use chrono::{DateTime, Duration, Utc};
use domain::operations::{JobOutcome, JobTrigger, LogLevel};
use entity::{job_lease, job_run};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{ALL, Job};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError};

/// How long a lease lasts if its holder dies mid-run.
const LEASE: Duration = Duration::minutes(10);

/// One run of a job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRun {
    /// Identifier.
    pub id: Uuid,
    /// The job's name.
    pub job: String,
    /// What started it.
    pub trigger: JobTrigger,
    /// Which server ran it.
    pub runner: String,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// End (none while running).
    pub finished_at: Option<DateTime<Utc>>,
    /// How it ended.
    pub outcome: JobOutcome,
    /// What it did.
    pub counts: Value,
    /// Why it failed.
    pub error: Option<String>,
}

impl From<job_run::Model> for JobRun {
    fn from(row: job_run::Model) -> Self {
        Self {
            id: row.id,
            job: row.job,
            trigger: row.trigger,
            runner: row.runner,
            started_at: row.started_at,
            finished_at: row.finished_at,
            outcome: row.outcome,
            counts: row.counts,
            error: row.error,
        }
    }
}

/// Why a run did not start.
#[derive(Debug, thiserror::Error)]
pub enum RunRefused {
    /// Another runner holds the lease.
    #[error("{0} is already running; try again when it ends.")]
    Busy(&'static str),
    /// The database failed.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl api_types::CodedError for RunRefused {
    fn code(&self) -> api_types::ErrorCode {
        match self {
            Self::Busy(_) => api_types::ErrorCode::JobRunning,
            Self::Service(err) => err.code(),
        }
    }
}

async fn take_lease(
    db: &DatabaseConnection,
    job: &dyn Job,
    holder: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let insert = Query::insert()
        .into_table(job_lease::Entity)
        .columns([job_lease::Column::Job, job_lease::Column::Holder, job_lease::Column::ExpiresAt])
        .values_panic([job.name().into(), holder.into(), (now + LEASE).into()])
        .on_conflict(
            OnConflict::column(job_lease::Column::Job)
                .update_columns([job_lease::Column::Holder, job_lease::Column::ExpiresAt])
                .action_and_where(sea_orm::sea_query::ExprTrait::lt(
                    Expr::col((job_lease::Entity, job_lease::Column::ExpiresAt)),
                    now,
                ))
                .to_owned(),
        )
        .to_owned();
    Ok(db.execute(&insert).await?.rows_affected() == 1)
}

async fn give_back_lease(db: &DatabaseConnection, job: &dyn Job, holder: &str) -> Result<(), ServiceError> {
    job_lease::Entity::delete_many()
        .filter(job_lease::Column::Job.eq(job.name()))
        .filter(job_lease::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}

/// Runs `job` now (at `now`, the clock its rules see) if no other runner holds it; returns
/// its finished record. A job's own failure is recorded, not returned.
pub async fn run(ctx: &Context, job: &dyn Job, trigger: JobTrigger, now: DateTime<Utc>) -> Result<JobRun, RunRefused> {
    let db = &ctx.db;
    let holder = format!("{}:{}", ctx.runner, Uuid::new_v4().simple());
    if !take_lease(db, job, &holder, Utc::now()).await? {
        return Err(RunRefused::Busy(job.name()));
    }
    let started = job_run::ActiveModel {
        id: Set(Uuid::new_v4()),
        job: Set(job.name().to_owned()),
        trigger: Set(trigger),
        runner: Set(ctx.runner.clone()),
        started_at: Set(Utc::now()),
        finished_at: Set(None),
        outcome: Set(JobOutcome::Running),
        counts: Set(json!({})),
        error: Set(None),
    }
    .insert(db)
    .await
    .map_err(ServiceError::from);
    let started = match started {
        Ok(row) => row,
        Err(err) => {
            give_back_lease(db, job, &holder).await?;
            return Err(err.into());
        }
    };
    let result = job.run(ctx, now).await;
    let mut finished: job_run::ActiveModel = started.into();
    finished.finished_at = Set(Some(Utc::now()));
    match &result {
        Ok(counts) => {
            finished.outcome = Set(JobOutcome::Succeeded);
            finished.counts = Set(counts.clone());
        }
        Err(err) => {
            tracing::error!(job = job.name(), error = %err, "job failed");
            finished.outcome = Set(JobOutcome::Failed);
            finished.error = Set(Some(err.to_string()));
            system_logs::note(
                db,
                LogLevel::Error,
                "JOB_FAILED",
                Actor::System,
                format!("Job {} failed: {err}", job.name()),
                json!({"job": job.name()}),
            )
            .await;
        }
    }
    let row = finished.update(db).await.map_err(ServiceError::from);
    give_back_lease(db, job, &holder).await?;
    Ok(row?.into())
}

/// The latest scheduled start of each job, in one query.
async fn latest_scheduled(db: &DatabaseConnection) -> Result<Vec<(String, Option<DateTime<Utc>>)>, ServiceError> {
    Ok(job_run::Entity::find()
        .select_only()
        .column(job_run::Column::Job)
        .column_as(job_run::Column::StartedAt.max(), "last_started")
        .filter(job_run::Column::Trigger.eq(JobTrigger::Schedule))
        .group_by(job_run::Column::Job)
        .into_tuple()
        .all(db)
        .await?)
}

/// The jobs whose interval has passed since their last scheduled run started.
pub async fn due(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<&'static dyn Job>, ServiceError> {
    let latest = latest_scheduled(db).await?;
    let last = |job: &dyn Job| latest.iter().find(|(name, _)| name == job.name()).and_then(|(_, at)| *at);
    Ok(ALL.iter().copied().filter(|job| last(*job).is_none_or(|at| at + job.every() <= now)).collect())
}

/// The latest run of every job (any trigger), in job order: two queries.
pub async fn last_runs(db: &DatabaseConnection) -> Result<Vec<(&'static dyn Job, Option<JobRun>)>, ServiceError> {
    let latest: Vec<(String, Option<DateTime<Utc>>)> = job_run::Entity::find()
        .select_only()
        .column(job_run::Column::Job)
        .column_as(job_run::Column::StartedAt.max(), "last_started")
        .group_by(job_run::Column::Job)
        .into_tuple()
        .all(db)
        .await?;
    let starts: Vec<DateTime<Utc>> = latest.iter().filter_map(|(_, at)| *at).collect();
    let rows: Vec<JobRun> = if starts.is_empty() {
        Vec::new()
    } else {
        job_run::Entity::find()
            .filter(job_run::Column::StartedAt.is_in(starts))
            .all(db)
            .await?
            .into_iter()
            .map(JobRun::from)
            .collect()
    };
    Ok(ALL
        .iter()
        .map(|job| {
            let at = latest.iter().find(|(name, _)| name == job.name()).and_then(|(_, at)| *at);
            let run = rows.iter().find(|r| r.job == job.name() && Some(r.started_at) == at).cloned();
            (*job, run)
        })
        .collect())
}

/// Runs, newest first, optionally of one job and one outcome.
pub async fn runs(
    db: &DatabaseConnection,
    job: Option<&dyn Job>,
    outcome: Option<JobOutcome>,
    page: domain::PageRequest,
) -> Result<(Vec<JobRun>, u64), ServiceError> {
    let mut query = job_run::Entity::find();
    if let Some(job) = job {
        query = query.filter(job_run::Column::Job.eq(job.name()));
    }
    if let Some(outcome) = outcome {
        query = query.filter(job_run::Column::Outcome.eq(outcome));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(job_run::Column::StartedAt)
        .order_by_desc(job_run::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(JobRun::from).collect(), total))
}
