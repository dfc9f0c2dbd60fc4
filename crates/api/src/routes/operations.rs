//! Operations: `/api/cron/{job}` for an external scheduler (bearer CRON_SECRET), and the
//! admins' job runs, e-mail log and system log.

use actix_web::{get, post, web};
use api_types::{
    EmailDetail, EmailQuery, EmailSummary, JobInfo, JobRun, JobRunQuery, Page, PageQuery, ProblemDetails,
    SystemLogEntry, SystemLogQuery,
};
use chrono::Utc;
use domain::operations::LogLevel;
use service::jobs::{self, Job, Trigger};
use service::outbox::{self, EmailFilter};
use service::system_logs::{self, LogFilter};
use uuid::Uuid;

use crate::extract::{AdminUser, CronCaller};
use crate::{ApiError, AppState};

fn run_to_wire(row: entity::job_run::Model) -> JobRun {
    JobRun {
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

fn email_to_wire(row: &entity::email::Model) -> EmailSummary {
    EmailSummary {
        id: row.id,
        to: row.to_address.clone(),
        subject: row.subject.clone(),
        template: row.template.clone(),
        locale: row.locale.clone(),
        status: row.status.clone(),
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        provider_id: row.provider_id.clone(),
        error: row.error.clone(),
        created_at: row.created_at,
        sent_at: row.sent_at,
    }
}

fn job_of(name: &str) -> Result<Job, ApiError> {
    name.parse::<Job>().map_err(|_| {
        let names: Vec<&str> = Job::ALL.iter().map(|j| j.name()).collect();
        ApiError::not_found(format!("No job named {name:?}. Jobs: {}.", names.join(", ")))
    })
}

async fn run_now(state: &AppState, job: Job, trigger: Trigger) -> Result<web::Json<JobRun>, ApiError> {
    let run = jobs::run(&state.job_context(), job, trigger, Utc::now()).await?;
    Ok(web::Json(run_to_wire(run)))
}

/// Run one job now, for an external scheduler. Needs `Authorization: Bearer <CRON_SECRET>`
/// (compared in constant time); a secret in the query string is refused, so it never ends
/// up in access logs. With CRON_SECRET unset these endpoints are off (404). Answers the run's
/// record; 409 while the job runs elsewhere.
#[utoipa::path(
    tag = "operations",
    security(("cron" = [])),
    params(("job" = String, Path, description = "send-reminders, expire-offers, cleanup-daily-rooms, cleanup-logs, retry-emails, daily-summary, create-rooms or settle-calls")),
    responses(
        (status = 200, description = "The finished run (its outcome may be failed)", body = JobRun),
        (status = 400, description = "A query string was sent (the secret belongs in the header)", body = ProblemDetails),
        (status = 401, description = "Missing or wrong secret", body = ProblemDetails),
        (status = 404, description = "Unknown job, or cron endpoints are off", body = ProblemDetails),
        (status = 409, description = "The job is running elsewhere", body = ProblemDetails),
    )
)]
#[post("/cron/{job}")]
pub async fn run_cron_job(
    _cron: CronCaller,
    state: web::Data<AppState>,
    job: web::Path<String>,
) -> Result<web::Json<JobRun>, ApiError> {
    run_now(&state, job_of(&job)?, Trigger::Cron).await
}

/// The jobs, their schedule and latest run. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The jobs", body = Vec<JobInfo>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
    )
)]
#[get("/admin/jobs")]
pub async fn list_jobs(_admin: AdminUser, state: web::Data<AppState>) -> Result<web::Json<Vec<JobInfo>>, ApiError> {
    let mut out = Vec::new();
    for job in Job::ALL {
        let page = domain::PageRequest::new(1, 1).map_err(ApiError::internal)?;
        let (last, _) = jobs::runs(&state.db, Some(job), None, page).await?;
        out.push(JobInfo {
            name: job.name().to_owned(),
            description: job.description().to_owned(),
            every_seconds: job.every().num_seconds(),
            last_run: last.into_iter().next().map(run_to_wire),
        });
    }
    Ok(web::Json(out))
}

/// Run a job now. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("job" = String, Path, description = "The job's name")),
    responses(
        (status = 200, description = "The finished run", body = JobRun),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "Unknown job", body = ProblemDetails),
        (status = 409, description = "The job is running elsewhere", body = ProblemDetails),
    )
)]
#[post("/admin/jobs/{job}/run")]
pub async fn run_job_now(
    _admin: AdminUser,
    state: web::Data<AppState>,
    job: web::Path<String>,
) -> Result<web::Json<JobRun>, ApiError> {
    run_now(&state, job_of(&job)?, Trigger::Admin).await
}

/// Job runs, newest first; filter by job and outcome. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery, JobRunQuery),
    responses(
        (status = 200, description = "A page of runs", body = Page<JobRun>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "Unknown job", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/job-runs")]
pub async fn list_job_runs(
    _admin: AdminUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
    filter: web::Query<JobRunQuery>,
) -> Result<web::Json<Page<JobRun>>, ApiError> {
    let page = super::page_request(*page)?;
    let filter = filter.into_inner();
    let job = filter.job.filter(|j| !j.is_empty()).map(|j| job_of(&j)).transpose()?;
    let (rows, total) = jobs::runs(&state.db, job, filter.outcome.filter(|o| !o.is_empty()), page).await?;
    Ok(web::Json(super::page_of(rows.into_iter().map(run_to_wire).collect(), page, total)))
}

/// The e-mail log, newest first; filter by status, recipient and template. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery, EmailQuery),
    responses(
        (status = 200, description = "A page of e-mails", body = Page<EmailSummary>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/emails")]
pub async fn list_emails(
    _admin: AdminUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
    filter: web::Query<EmailQuery>,
) -> Result<web::Json<Page<EmailSummary>>, ApiError> {
    let page = super::page_request(*page)?;
    let q = filter.into_inner();
    let non_empty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let filter = EmailFilter { status: non_empty(q.status), to: non_empty(q.to), template: non_empty(q.template) };
    let (rows, total) = outbox::list(&state.db, filter, page).await?;
    Ok(web::Json(super::page_of(rows.iter().map(email_to_wire).collect(), page, total)))
}

/// One e-mail with its rendered HTML and text. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "E-mail id")),
    responses(
        (status = 200, description = "The e-mail", body = EmailDetail),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such e-mail", body = ProblemDetails),
    )
)]
#[get("/admin/emails/{id}")]
pub async fn get_email(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<EmailDetail>, ApiError> {
    let row = outbox::get(&state.db, *id).await?;
    let mut metadata = row.metadata.clone();
    let has_calendar = metadata.as_object_mut().and_then(|m| m.remove("ics")).is_some();
    Ok(web::Json(EmailDetail { summary: email_to_wire(&row), html: row.html, text: row.text, metadata, has_calendar }))
}

/// Put a failed e-mail back in the queue; it is sent at once. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "E-mail id")),
    responses(
        (status = 200, description = "Queued again", body = EmailSummary),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such e-mail", body = ProblemDetails),
        (status = 409, description = "The e-mail has not failed", body = ProblemDetails),
    )
)]
#[post("/admin/emails/{id}/retry")]
pub async fn retry_email(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<EmailSummary>, ApiError> {
    let row = outbox::retry(&state.db, *id).await?;
    state.kick();
    Ok(web::Json(email_to_wire(&row)))
}

/// The system log, newest first; filter by level, type, actor and date range. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery, SystemLogQuery),
    responses(
        (status = 200, description = "A page of entries", body = Page<SystemLogEntry>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "Unknown level, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/system-logs")]
pub async fn list_system_logs(
    _admin: AdminUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
    filter: web::Query<SystemLogQuery>,
) -> Result<web::Json<Page<SystemLogEntry>>, ApiError> {
    let page = super::page_request(*page)?;
    let q = filter.into_inner();
    let level = q
        .level
        .filter(|l| !l.is_empty())
        .map(|l| l.parse::<LogLevel>().map_err(|err| ApiError::field("level", err.to_string())))
        .transpose()?;
    let filter = LogFilter {
        level,
        log_type: q.log_type.filter(|t| !t.is_empty()),
        actor: q.actor.filter(|a| !a.is_empty()),
        actor_id: q.actor_id,
        from: q.from,
        to: q.to,
    };
    let (rows, total) = system_logs::list(&state.db, filter, page).await?;
    Ok(web::Json(super::page_of(
        rows.into_iter()
            .map(|r| SystemLogEntry {
                id: r.id,
                level: r.level,
                log_type: r.log_type,
                actor: r.actor,
                actor_id: r.actor_id,
                message: r.message,
                metadata: r.metadata,
                created_at: r.created_at,
            })
            .collect(),
        page,
        total,
    )))
}
