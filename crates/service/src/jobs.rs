//! Scheduled jobs: each has a name, an interval and an idempotent run. A run first takes the
//! job's lease in the database (so with several servers on one database a job runs on one of
//! them at a time), is recorded in `job_runs` with its counts or its error, and gives the
//! lease back. A failing run is logged and simply runs again at its next tick.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use domain::booking::{BookingStatus, OfferStatus};
use domain::operations::{LogLevel, ReminderKind, reminder_due};
use entity::{booking, call_offer, email, job_lease, job_run, payment, reminder, user};
use providers::daily::VideoRooms;
use providers::email::Mailer;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::ServiceError;
use crate::email_templates::{DailyFigures, EmailContent};
use crate::system_logs::{self, Actor};
use crate::{bookings, outbox, video};

/// How long a lease lasts if its holder dies mid-run.
const LEASE: Duration = Duration::minutes(10);

/// The jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// E-mails 24 h and 15 min before each confirmed call.
    SendReminders,
    /// Past AVAILABLE offers → CANCELLED; stale pending bookings released.
    ExpireOffers,
    /// Rooms of finished calls deleted at Daily and cleared from the booking.
    CleanupDailyRooms,
    /// System logs past their level's retention deleted.
    CleanupLogs,
    /// Pending e-mails (new or to retry) delivered.
    RetryEmails,
    /// Yesterday's figures e-mailed to admins.
    DailySummary,
    /// Missing Daily rooms of confirmed bookings created (retries with backoff).
    CreateRooms,
    /// Bookings whose call is over settled as completed or no_show.
    SettleCalls,
}

impl Job {
    /// Every job.
    pub const ALL: [Self; 8] = [
        Self::SendReminders,
        Self::ExpireOffers,
        Self::CleanupDailyRooms,
        Self::CleanupLogs,
        Self::RetryEmails,
        Self::DailySummary,
        Self::CreateRooms,
        Self::SettleCalls,
    ];

    /// The name in URLs and records.
    pub fn name(self) -> &'static str {
        match self {
            Self::SendReminders => "send-reminders",
            Self::ExpireOffers => "expire-offers",
            Self::CleanupDailyRooms => "cleanup-daily-rooms",
            Self::CleanupLogs => "cleanup-logs",
            Self::RetryEmails => "retry-emails",
            Self::DailySummary => "daily-summary",
            Self::CreateRooms => "create-rooms",
            Self::SettleCalls => "settle-calls",
        }
    }

    /// How often the scheduler runs it.
    pub fn every(self) -> Duration {
        match self {
            Self::SendReminders | Self::RetryEmails | Self::CreateRooms | Self::SettleCalls => Duration::minutes(1),
            Self::ExpireOffers => Duration::minutes(5),
            Self::CleanupDailyRooms => Duration::minutes(30),
            Self::CleanupLogs | Self::DailySummary => Duration::hours(24),
        }
    }

    /// What it does, for people.
    pub fn description(self) -> &'static str {
        match self {
            Self::SendReminders => "E-mails both participants 24 h and 15 min before each confirmed call, once.",
            Self::ExpireOffers => "Cancels past offers nobody booked and releases expired payment holds.",
            Self::CleanupDailyRooms => "Deletes the Daily rooms of finished calls and clears them from the booking.",
            Self::CleanupLogs => {
                "Deletes system logs past retention: INFO 30 d, WARNING 60 d, ERROR 90 d; CRITICAL kept."
            }
            Self::RetryEmails => "Delivers pending e-mails and retries failed attempts with backoff.",
            Self::DailySummary => "E-mails admins yesterday's bookings, revenue and failures.",
            Self::CreateRooms => "Creates the Daily rooms missing for confirmed bookings (retried with backoff).",
            Self::SettleCalls => {
                "Marks bookings whose call is over as completed or no-show, and their offer completed."
            }
        }
    }
}

/// Not a job name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown job")]
pub struct UnknownJob;

impl std::str::FromStr for Job {
    type Err = UnknownJob;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|j| j.name() == s).ok_or(UnknownJob)
    }
}

/// What jobs work with.
#[derive(Debug, Clone)]
pub struct JobContext {
    /// The database.
    pub db: DatabaseConnection,
    /// Daily, when configured.
    pub rooms: Option<Arc<dyn VideoRooms>>,
    /// Resend, when configured (else e-mails are captured).
    pub mailer: Option<Arc<dyn Mailer>>,
    /// For links in e-mails.
    pub public_url: String,
    /// After a call's end, before it counts as over.
    pub call_grace: Duration,
    /// This server's name in leases and records.
    pub runner: String,
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The scheduler.
    Schedule,
    /// `POST /api/cron/{job}`.
    Cron,
    /// An admin's "run now".
    Admin,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Self::Schedule => "schedule",
            Self::Cron => "cron",
            Self::Admin => "admin",
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

async fn take_lease(db: &DatabaseConnection, job: Job, holder: &str, now: DateTime<Utc>) -> Result<bool, ServiceError> {
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

async fn give_back_lease(db: &DatabaseConnection, job: Job, holder: &str) -> Result<(), ServiceError> {
    job_lease::Entity::delete_many()
        .filter(job_lease::Column::Job.eq(job.name()))
        .filter(job_lease::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}

/// Runs `job` now (at `now`, the clock its rules see) if no other runner holds it; returns
/// its finished record. A job's own failure is recorded, not returned.
pub async fn run(
    ctx: &JobContext,
    job: Job,
    trigger: Trigger,
    now: DateTime<Utc>,
) -> Result<job_run::Model, RunRefused> {
    let holder = format!("{}:{}", ctx.runner, Uuid::new_v4().simple());
    if !take_lease(&ctx.db, job, &holder, Utc::now()).await? {
        return Err(RunRefused::Busy(job.name()));
    }
    let started = job_run::ActiveModel {
        id: Set(Uuid::new_v4()),
        job: Set(job.name().to_owned()),
        trigger: Set(trigger.as_str().to_owned()),
        runner: Set(ctx.runner.clone()),
        started_at: Set(Utc::now()),
        finished_at: Set(None),
        outcome: Set("running".to_owned()),
        counts: Set(json!({})),
        error: Set(None),
    }
    .insert(&ctx.db)
    .await
    .map_err(ServiceError::from);
    let started = match started {
        Ok(row) => row,
        Err(err) => {
            give_back_lease(&ctx.db, job, &holder).await?;
            return Err(err.into());
        }
    };
    let result = execute(ctx, job, now).await;
    let mut finished: job_run::ActiveModel = started.into();
    finished.finished_at = Set(Some(Utc::now()));
    match &result {
        Ok(counts) => {
            finished.outcome = Set("succeeded".to_owned());
            finished.counts = Set(counts.clone());
        }
        Err(err) => {
            tracing::error!(job = job.name(), error = %err, "job failed");
            finished.outcome = Set("failed".to_owned());
            finished.error = Set(Some(err.to_string()));
            system_logs::note(
                &ctx.db,
                LogLevel::Error,
                "JOB_FAILED",
                Actor::System,
                format!("Job {} failed: {err}", job.name()),
                json!({"job": job.name()}),
            )
            .await;
        }
    }
    let row = finished.update(&ctx.db).await.map_err(ServiceError::from);
    give_back_lease(&ctx.db, job, &holder).await?;
    Ok(row?)
}

/// The jobs whose interval has passed since their last run started.
pub async fn due(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Vec<Job>, ServiceError> {
    // One query: the latest scheduled start of each job.
    let latest: Vec<(String, Option<DateTime<Utc>>)> = job_run::Entity::find()
        .select_only()
        .column(job_run::Column::Job)
        .column_as(job_run::Column::StartedAt.max(), "last_started")
        .filter(job_run::Column::Trigger.eq(Trigger::Schedule.as_str()))
        .group_by(job_run::Column::Job)
        .into_tuple()
        .all(db)
        .await?;
    let last = |job: Job| latest.iter().find(|(name, _)| name == job.name()).and_then(|(_, at)| *at);
    Ok(Job::ALL.into_iter().filter(|job| last(*job).is_none_or(|at| at + job.every() <= now)).collect())
}

async fn execute(ctx: &JobContext, job: Job, now: DateTime<Utc>) -> Result<Value, ServiceError> {
    match job {
        Job::SendReminders => {
            let (claimed, emails) = send_reminders(&ctx.db, &ctx.public_url, now).await?;
            Ok(json!({"claimed": claimed, "emails": emails}))
        }
        Job::ExpireOffers => expire_offers(&ctx.db, now).await,
        Job::CleanupDailyRooms => cleanup_rooms(ctx, now).await,
        Job::CleanupLogs => {
            let deleted = system_logs::cleanup(&ctx.db, now).await?;
            let counts: BTreeMap<String, u64> = deleted.into_iter().map(|(l, n)| (l.as_str().to_owned(), n)).collect();
            Ok(json!({"deleted": counts}))
        }
        Job::RetryEmails => {
            let done = outbox::deliver_due(&ctx.db, ctx.mailer.as_deref(), now).await?;
            Ok(serde_json::to_value(done).unwrap_or_default())
        }
        Job::DailySummary => daily_summary(ctx, now).await,
        Job::CreateRooms => match ctx.rooms.as_deref() {
            Some(rooms) => {
                let (created, failed) = video::create_missing_rooms(&ctx.db, rooms, now).await?;
                Ok(json!({"created": created, "failed": failed}))
            }
            None => Ok(json!({"skipped": "DAILY_API_KEY is unset"})),
        },
        Job::SettleCalls => {
            let settled = video::settle_finished_calls(&ctx.db, now, ctx.call_grace).await?;
            Ok(json!({"settled": settled}))
        }
    }
}

/// Claims and queues the reminders due at `now`. Each (booking, kind) is claimed by
/// inserting its row in the same transaction as its e-mails: a second runner's insert hits
/// the primary key and queues nothing. Returns (reminders claimed, e-mails queued).
pub async fn send_reminders(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(u64, u64), ServiceError> {
    let upcoming = booking::Entity::find()
        .inner_join(call_offer::Entity)
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed.as_str()))
        .filter(call_offer::Column::DateTime.gt(now))
        .filter(call_offer::Column::DateTime.lte(now + ReminderKind::DayBefore.lead()))
        .all(db)
        .await?;
    let (mut claimed, mut emails) = (0, 0);
    for view in bookings::views(db, upcoming).await? {
        let Some(kind) = reminder_due(view.offer.date_time, now) else { continue };
        let txn = db.begin().await?;
        let inserted = reminder::ActiveModel {
            booking_id: Set(view.row.id),
            kind: Set(kind.as_str().to_owned()),
            claimed_at: Set(now),
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(_) => {}
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                txn.rollback().await?;
                continue;
            }
            Err(err) => return Err(err.into()),
        }
        for (user_id, for_host) in [(view.guest.0, false), (view.creator_user_id, true)] {
            let to = outbox::recipient(&txn, user_id).await?;
            let content = EmailContent::Reminder(outbox::call_facts(&view, for_host), kind, now);
            outbox::enqueue(
                &txn,
                &to,
                &content,
                public_url,
                json!({"bookingId": view.row.id, "reminder": kind.as_str()}),
            )
            .await?;
            emails += 1;
        }
        txn.commit().await?;
        claimed += 1;
    }
    Ok((claimed, emails))
}

async fn expire_offers(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Value, ServiceError> {
    let released = bookings::release_expired_holds(db, None, now).await?;
    let expired = call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Cancelled.as_str()))
        .col_expr(call_offer::Column::UpdatedAt, Expr::value(now))
        .filter(call_offer::Column::Status.eq(OfferStatus::Available.as_str()))
        .filter(call_offer::Column::DateTime.lte(now))
        .exec(db)
        .await?
        .rows_affected;
    Ok(json!({"offersCancelled": expired, "holdsReleased": released}))
}

async fn cleanup_rooms(ctx: &JobContext, now: DateTime<Utc>) -> Result<Value, ServiceError> {
    let Some(rooms) = ctx.rooms.as_deref() else {
        return Ok(json!({"skipped": "DAILY_API_KEY is unset"}));
    };
    let with_rooms = booking::Entity::find()
        .inner_join(call_offer::Entity)
        .filter(booking::Column::DailyRoomName.is_not_null())
        .filter(call_offer::Column::DateTime.lt(now))
        .limit(100)
        .all(&ctx.db)
        .await?;
    let (mut deleted, mut failed) = (0, 0);
    for view in bookings::views(&ctx.db, with_rooms).await? {
        let finished = !matches!(view.status, BookingStatus::Confirmed | BookingStatus::Pending)
            || video::times_of(&view).is_over(now, ctx.call_grace);
        let Some(name) = view.row.daily_room_name.clone().filter(|_| finished) else { continue };
        match rooms.delete_room(&name).await {
            Ok(()) => {
                booking::Entity::update_many()
                    .col_expr(booking::Column::DailyRoomName, Expr::value(Option::<String>::None))
                    .col_expr(booking::Column::DailyRoomUrl, Expr::value(Option::<String>::None))
                    .col_expr(booking::Column::UpdatedAt, Expr::value(now))
                    .filter(booking::Column::Id.eq(view.row.id))
                    .exec(&ctx.db)
                    .await?;
                deleted += 1;
            }
            Err(err) => {
                tracing::warn!(room = %name, error = %err, "daily room not deleted; next run retries");
                failed += 1;
            }
        }
    }
    Ok(json!({"deleted": deleted, "failed": failed}))
}

/// Yesterday's (UTC) figures.
pub async fn figures(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<DailyFigures, ServiceError> {
    let today = now.date_naive();
    let day = today.pred_opt().unwrap_or(today);
    let from = day.and_time(NaiveTime::MIN).and_utc();
    let to = today.and_time(NaiveTime::MIN).and_utc();
    let between = |column: booking::Column| booking::Entity::find().filter(column.gte(from)).filter(column.lt(to));
    let created = between(booking::Column::CreatedAt).count(db).await?;
    let confirmed = between(booking::Column::ConfirmedAt).count(db).await?;
    let cancelled = between(booking::Column::CancelledAt).count(db).await?;
    let paid = payment::Entity::find()
        .filter(payment::Column::CreatedAt.gte(from))
        .filter(payment::Column::CreatedAt.lt(to))
        .all(db)
        .await?;
    let mut revenue: BTreeMap<String, i64> = BTreeMap::new();
    for p in paid {
        *revenue.entry(p.currency.clone()).or_default() += p.amount_minor - p.refunded_amount_minor;
    }
    let failed_jobs = job_run::Entity::find()
        .filter(job_run::Column::Outcome.eq("failed"))
        .filter(job_run::Column::StartedAt.gte(from))
        .filter(job_run::Column::StartedAt.lt(to))
        .count(db)
        .await?;
    let failed_emails = email::Entity::find()
        .filter(email::Column::Status.eq(outbox::status::FAILED))
        .filter(email::Column::UpdatedAt.gte(from))
        .filter(email::Column::UpdatedAt.lt(to))
        .count(db)
        .await?;
    Ok(DailyFigures {
        day: Some(day),
        created,
        confirmed,
        cancelled,
        revenue: revenue.into_iter().filter_map(|(c, minor)| Some((c.parse().ok()?, minor))).collect(),
        failed_jobs,
        failed_emails,
    })
}

async fn daily_summary(ctx: &JobContext, now: DateTime<Utc>) -> Result<Value, ServiceError> {
    let figures = figures(&ctx.db, now).await?;
    let admins = user::Entity::find().filter(user::Column::Role.eq("admin")).all(&ctx.db).await?;
    // Read before the transaction: on SQLite a transaction that reads and then writes fails
    // when another connection wrote in between, one that starts by writing waits its turn.
    let mut recipients = Vec::new();
    for admin in &admins {
        recipients.push(outbox::recipient(&ctx.db, admin.id).await?);
    }
    let day = figures.day.map(|d| d.to_string()).unwrap_or_default();
    let txn = ctx.db.begin().await?;
    for to in &recipients {
        outbox::enqueue(&txn, to, &EmailContent::DailySummary(figures.clone()), &ctx.public_url, json!({"day": day}))
            .await?;
    }
    txn.commit().await?;
    Ok(json!({"emails": admins.len(), "bookings": figures.created, "failedJobs": figures.failed_jobs}))
}

/// Runs, newest first, optionally of one job and one outcome.
pub async fn runs(
    db: &DatabaseConnection,
    job: Option<Job>,
    outcome: Option<String>,
    page: domain::PageRequest,
) -> Result<(Vec<job_run::Model>, u64), ServiceError> {
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
    Ok((rows, total))
}
