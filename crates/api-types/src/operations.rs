//! Operations: scheduled jobs and their runs, the e-mail outbox, the system log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// A scheduled job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobInfo {
    /// Name, as in `/api/cron/{job}`.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Seconds between scheduled runs.
    pub every_seconds: i64,
    /// Its latest run.
    pub last_run: Option<JobRun>,
}

/// One run of a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobRun {
    /// Identifier.
    pub id: Uuid,
    /// The job.
    pub job: String,
    /// schedule, cron or admin.
    pub trigger: String,
    /// Which server ran it.
    pub runner: String,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// End.
    pub finished_at: Option<DateTime<Utc>>,
    /// running, succeeded or failed.
    pub outcome: String,
    /// What it did.
    pub counts: Value,
    /// Why it failed.
    pub error: Option<String>,
}

/// Filters of `GET /api/admin/job-runs`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct JobRunQuery {
    /// Only this job.
    #[serde(default)]
    pub job: Option<String>,
    /// Only this outcome (running, succeeded, failed).
    #[serde(default)]
    pub outcome: Option<String>,
}

/// An e-mail of the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmailSummary {
    /// Identifier.
    pub id: Uuid,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Template.
    pub template: String,
    /// Language.
    pub locale: String,
    /// pending, sent, failed or captured.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Next attempt.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Resend's id.
    pub provider_id: Option<String>,
    /// Last error.
    pub error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Sent.
    pub sent_at: Option<DateTime<Utc>>,
}

/// An e-mail with its rendered bodies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmailDetail {
    /// The summary.
    #[serde(flatten)]
    pub summary: EmailSummary,
    /// HTML body.
    pub html: String,
    /// Plain-text body.
    pub text: String,
    /// Metadata (bookingId…), without attachment bodies.
    pub metadata: Value,
    /// Whether a calendar file is attached.
    pub has_calendar: bool,
}

/// Filters of `GET /api/admin/emails`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct EmailQuery {
    /// Only this status.
    #[serde(default)]
    pub status: Option<String>,
    /// Recipient contains this text.
    #[serde(default)]
    pub to: Option<String>,
    /// Only this template.
    #[serde(default)]
    pub template: Option<String>,
}

/// A system log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SystemLogEntry {
    /// Identifier.
    pub id: Uuid,
    /// INFO, WARNING, ERROR or CRITICAL.
    pub level: String,
    /// BOOKING_CREATED, USER_LOGIN_FAILED…
    #[serde(rename = "type")]
    pub log_type: String,
    /// USER, CREATOR, ADMIN, GUEST or SYSTEM.
    pub actor: String,
    /// The account.
    pub actor_id: Option<Uuid>,
    /// Message.
    pub message: String,
    /// Details.
    pub metadata: Value,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Filters of `GET /api/admin/system-logs`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct SystemLogQuery {
    /// Only this level.
    #[serde(default)]
    pub level: Option<String>,
    /// Only this type.
    #[serde(default, rename = "type")]
    pub log_type: Option<String>,
    /// Only this actor kind.
    #[serde(default)]
    pub actor: Option<String>,
    /// Only this account.
    #[serde(default)]
    pub actor_id: Option<Uuid>,
    /// From (inclusive).
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    /// To (exclusive).
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
}
