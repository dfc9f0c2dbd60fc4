//! Operations: `/api/cron/{job}` for an external scheduler (bearer CRON_SECRET), and the
//! admins' job runs, e-mail log and system log.

use actix_web::{get, post, web};
use api_types::{
    EmailDetail, EmailQuery, EmailSummary, JobInfo, JobRun, JobRunQuery, Page, PageQuery, ProblemDetails,
    SystemLogEntry, SystemLogQuery,
};
use chrono::Utc;
use domain::operations::JobTrigger;
use service::{jobs, outbox, system_logs};
use uuid::Uuid;

use crate::extract::{AdminUser, CronCaller};
use crate::input::Parse;
use crate::{ApiError, AppState, wire};

async fn run_now(state: &AppState, name: &str, trigger: JobTrigger) -> Result<web::Json<JobRun>, ApiError> {
    let run = jobs::run(&state.ctx, jobs::named(name)?, trigger, Utc::now()).await?;
    Ok(web::Json(wire::job_run(run)))
}

/// Run one job now, for an external scheduler. Needs `Authorization: Bearer <CRON_SECRET>`
/// (compared in constant time); a secret in the query string is refused, so it never ends
/// up in access logs. With CRON_SECRET unset these endpoints are off (404). Answers the run's
/// record; 409 while the job runs elsewhere.
#[utoipa::path(
    tag = "operations",
    security(("cron" = [])),
    params(("job" = String, Path, description = "send-reminders, expire-offers, cleanup-daily-rooms, cleanup-logs, retry-emails, daily-summary, create-rooms, settle-calls or mark-missed-calls")),
    responses(
        (status = 200, description = "The finished run (its outcome may be failed)", body = JobRun),
        (status = 400, description = "A query string was sent (the secret belongs in the header)", body = ProblemDetails),
        (status = 401, description = "Missing or wrong secret", body = ProblemDetails),
        (status = 404, description = "Unknown job, or cron endpoints are off", body = ProblemDetails),
        (status = 409, description = "The job is running elsewhere", body = ProblemDetails),
        (status = 429, description = "Too many refused secrets from this address; see Retry-After", body = ProblemDetails),
    )
)]
#[post("/cron/{job}")]
pub async fn run_cron_job(
    _cron: CronCaller,
    state: web::Data<AppState>,
    job: web::Path<String>,
) -> Result<web::Json<JobRun>, ApiError> {
    run_now(&state, &job, JobTrigger::Cron).await
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
    let last = jobs::last_runs(&state.ctx.db).await?;
    Ok(web::Json(last.into_iter().map(|(job, run)| wire::job(job, run)).collect()))
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
    run_now(&state, &job, JobTrigger::Admin).await
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
        (status = 422, description = "Unknown outcome, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/job-runs")]
pub async fn list_job_runs(
    _admin: AdminUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
    filter: web::Query<JobRunQuery>,
) -> Result<web::Json<Page<JobRun>>, ApiError> {
    let (page, (job, outcome)) = (page.into_inner().parse()?, filter.into_inner().parse()?);
    let (rows, total) = jobs::runs(&state.ctx.db, job, outcome, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::job_run)))
}

/// The e-mail log, newest first; filter by status, recipient and template. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery, EmailQuery),
    responses(
        (status = 200, description = "A page of e-mails", body = Page<EmailSummary>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "Unknown status, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/emails")]
pub async fn list_emails(
    _admin: AdminUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
    filter: web::Query<EmailQuery>,
) -> Result<web::Json<Page<EmailSummary>>, ApiError> {
    let (page, filter) = (page.into_inner().parse()?, filter.into_inner().parse()?);
    let (rows, total) = outbox::list(&state.ctx.db, filter, page).await?;
    Ok(web::Json(wire::page(rows, page, total, |e| wire::email_summary(&e))))
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
    Ok(web::Json(wire::email_detail(outbox::get(&state.ctx.db, *id).await?)))
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
    Ok(web::Json(wire::email_summary(&outbox::retry(&state.ctx, *id).await?)))
}

/// The system log, newest first; filter by level, type, actor and date range. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery, SystemLogQuery),
    responses(
        (status = 200, description = "A page of entries", body = Page<SystemLogEntry>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "Unknown level or actor, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/system-logs")]
pub async fn list_system_logs(
    _admin: AdminUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
    filter: web::Query<SystemLogQuery>,
) -> Result<web::Json<Page<SystemLogEntry>>, ApiError> {
    let (page, filter) = (page.into_inner().parse()?, filter.into_inner().parse()?);
    let (rows, total) = system_logs::list(&state.ctx.db, filter, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::log_entry)))
}
