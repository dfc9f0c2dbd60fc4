//! Scheduled jobs. Each is a [`Job`]: a name, an interval, a description and an idempotent
//! run over the [`Context`]; [`ALL`] lists them once. The runner ([`runner`]) leases,
//! records and schedules them; the work itself lives with the resource it changes.

pub mod reminders;
pub mod runner;
pub mod summary;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

pub use runner::{JobRun, RunRefused, due, last_runs, run, runs};

use crate::{
    Context, ServiceError, bookings, call_requests, calls, offers, outbox, payments, payouts, refunds, system_logs,
    video,
};

/// A scheduled job.
#[async_trait]
pub trait Job: Send + Sync + 'static {
    /// The name in URLs and records (`send-reminders`).
    fn name(&self) -> &'static str;
    /// How often the scheduler runs it.
    fn every(&self) -> Duration;
    /// What it does, for people.
    fn description(&self) -> &'static str;
    /// Whether a change (a confirmation, a queued e-mail) runs it at once.
    fn immediate(&self) -> bool {
        false
    }
    /// Does the work due at `now` (the clock its rules see); answers its counts.
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError>;
}

impl std::fmt::Debug for dyn Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for dyn Job {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

/// Every job.
pub static ALL: [&dyn Job; 13] = [
    &SendReminders,
    &ExpireOffers,
    &ExpireCallRequests,
    &CleanupDailyRooms,
    &CleanupLogs,
    &RetryEmails,
    &DailySummary,
    &CreateRooms,
    &SettleCalls,
    &ProcessPayouts,
    &SendRefunds,
    &ReconcilePayments,
    &MarkMissedCalls,
];

/// The job with this name.
pub fn find(name: &str) -> Option<&'static dyn Job> {
    ALL.iter().copied().find(|job| job.name() == name)
}

/// The job with this name, or "not found" listing the names.
pub fn named(name: &str) -> Result<&'static dyn Job, ServiceError> {
    find(name).ok_or(ServiceError::NotFound("job"))
}

const SKIPPED_NO_DAILY: &str = "DAILY_API_KEY is unset";

/// E-mails 24 h and 15 min before each confirmed call.
pub struct SendReminders;

#[async_trait]
impl Job for SendReminders {
    fn name(&self) -> &'static str {
        "send-reminders"
    }
    fn every(&self) -> Duration {
        Duration::minutes(1)
    }
    fn description(&self) -> &'static str {
        "E-mails both participants 24 h and 15 min before each confirmed call, once."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let (claimed, emails) = reminders::send(&ctx.db, &ctx.settings, now).await?;
        Ok(json!({"claimed": claimed, "emails": emails}))
    }
}

/// Past AVAILABLE offers → CANCELLED; stale pending bookings released.
pub struct ExpireOffers;

#[async_trait]
impl Job for ExpireOffers {
    fn name(&self) -> &'static str {
        "expire-offers"
    }
    fn every(&self) -> Duration {
        Duration::minutes(5)
    }
    fn description(&self) -> &'static str {
        "Cancels past offers nobody booked and releases expired payment holds."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let released = bookings::release_expired_holds(&ctx.db, None, now).await?;
        let expired = offers::expire_past(&ctx.db, now).await?;
        Ok(json!({"offersCancelled": expired, "holdsReleased": released}))
    }
}

/// Pending call requests whose proposed time has come → expired.
pub struct ExpireCallRequests;

#[async_trait]
impl Job for ExpireCallRequests {
    fn name(&self) -> &'static str {
        "expire-call-requests"
    }
    fn every(&self) -> Duration {
        Duration::minutes(5)
    }
    fn description(&self) -> &'static str {
        "Expires pending call requests whose proposed time has come (they read as expired already)."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let expired = call_requests::expire_passed(&ctx.db, now).await?;
        Ok(json!({"expired": expired}))
    }
}

/// Rooms of finished calls deleted at Daily and cleared from the booking.
pub struct CleanupDailyRooms;

#[async_trait]
impl Job for CleanupDailyRooms {
    fn name(&self) -> &'static str {
        "cleanup-daily-rooms"
    }
    fn every(&self) -> Duration {
        Duration::minutes(30)
    }
    fn description(&self) -> &'static str {
        "Deletes the Daily rooms of finished calls and clears them from the booking."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let Some(rooms) = ctx.rooms() else { return Ok(json!({"skipped": SKIPPED_NO_DAILY})) };
        let (deleted, failed) = video::cleanup_rooms(&ctx.db, rooms, now, ctx.settings.call_grace).await?;
        Ok(json!({"deleted": deleted, "failed": failed}))
    }
}

/// System logs past their level's retention deleted.
pub struct CleanupLogs;

#[async_trait]
impl Job for CleanupLogs {
    fn name(&self) -> &'static str {
        "cleanup-logs"
    }
    fn every(&self) -> Duration {
        Duration::hours(24)
    }
    fn description(&self) -> &'static str {
        "Deletes system logs past retention: INFO 30 d, WARNING 60 d, ERROR 90 d; CRITICAL kept."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let deleted = system_logs::cleanup(&ctx.db, now).await?;
        let counts: serde_json::Map<String, Value> =
            deleted.into_iter().map(|(level, n)| (level.as_str().to_owned(), json!(n))).collect();
        Ok(json!({"deleted": counts}))
    }
}

/// Pending e-mails (new or to retry) delivered.
pub struct RetryEmails;

#[async_trait]
impl Job for RetryEmails {
    fn name(&self) -> &'static str {
        "retry-emails"
    }
    fn every(&self) -> Duration {
        Duration::minutes(1)
    }
    fn description(&self) -> &'static str {
        "Delivers pending e-mails and retries failed attempts with backoff."
    }
    fn immediate(&self) -> bool {
        true
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let done = outbox::deliver_due(&ctx.db, ctx.mailer.as_deref(), &ctx.events, now).await?;
        Ok(serde_json::to_value(done).unwrap_or_default())
    }
}

/// Yesterday's figures e-mailed to admins.
pub struct DailySummary;

#[async_trait]
impl Job for DailySummary {
    fn name(&self) -> &'static str {
        "daily-summary"
    }
    fn every(&self) -> Duration {
        Duration::hours(24)
    }
    fn description(&self) -> &'static str {
        "E-mails admins yesterday's bookings, revenue and failures."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        summary::send(ctx, now).await
    }
}

/// Missing Daily rooms of confirmed bookings created (retries with backoff).
pub struct CreateRooms;

#[async_trait]
impl Job for CreateRooms {
    fn name(&self) -> &'static str {
        "create-rooms"
    }
    fn every(&self) -> Duration {
        Duration::minutes(1)
    }
    fn description(&self) -> &'static str {
        "Creates the Daily rooms missing for confirmed bookings (retried with backoff)."
    }
    fn immediate(&self) -> bool {
        true
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let Some(rooms) = ctx.rooms() else { return Ok(json!({"skipped": SKIPPED_NO_DAILY})) };
        let (created, failed) = video::create_missing_rooms(&ctx.db, rooms, now).await?;
        Ok(json!({"created": created, "failed": failed}))
    }
}

/// Bookings whose call is over settled as completed or no_show.
pub struct SettleCalls;

#[async_trait]
impl Job for SettleCalls {
    fn name(&self) -> &'static str {
        "settle-calls"
    }
    fn every(&self) -> Duration {
        Duration::minutes(1)
    }
    fn description(&self) -> &'static str {
        "Marks bookings whose call is over as completed or no-show (recording who was absent), \
         their offer completed, and queues the full refund of the no-shows the no-show policy refunds."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let settled = video::settle_finished_calls(ctx, now).await?;
        Ok(json!({"settled": settled}))
    }
}

/// Scheduled payouts created and every approved payout sent.
pub struct ProcessPayouts;

#[async_trait]
impl Job for ProcessPayouts {
    fn name(&self) -> &'static str {
        "process-payouts"
    }
    fn every(&self) -> Duration {
        Duration::minutes(15)
    }
    fn description(&self) -> &'static str {
        "Pays DAILY and WEEKLY creators whose payout moment came (available balance, after debt, at least their minimum) and sends approved requests; blocked creators and accounts that cannot receive payouts are skipped with the reason."
    }
    fn immediate(&self) -> bool {
        true
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let report = payouts::process(ctx, now).await?;
        Ok(serde_json::to_value(report).unwrap_or_default())
    }
}

/// Queued refunds sent to Stripe.
pub struct SendRefunds;

#[async_trait]
impl Job for SendRefunds {
    fn name(&self) -> &'static str {
        "send-refunds"
    }
    fn every(&self) -> Duration {
        Duration::minutes(1)
    }
    fn description(&self) -> &'static str {
        "Sends queued refunds to Stripe with their idempotency key; retries with backoff, tells admins about refusals."
    }
    fn immediate(&self) -> bool {
        true
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let done = refunds::deliver_due(ctx, now).await?;
        Ok(serde_json::to_value(done).unwrap_or_default())
    }
}

/// Payments whose webhook never came asked about at Stripe and applied.
pub struct ReconcilePayments;

#[async_trait]
impl Job for ReconcilePayments {
    fn name(&self) -> &'static str {
        "reconcile-payments"
    }
    fn every(&self) -> Duration {
        Duration::minutes(10)
    }
    fn description(&self) -> &'static str {
        "Asks Stripe about the PaymentIntents of recent unpaid bookings whose webhook never came and applies what Stripe says; stuck payments go to the daily summary."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let report = payments::reconcile::run(ctx, now).await?;
        Ok(serde_json::to_value(report).unwrap_or_default())
    }
}

/// Instant calls nobody answered within the ring timeout marked missed: the safety net of
/// the per-call timers (a server that stopped, a timer that failed).
pub struct MarkMissedCalls;

#[async_trait]
impl Job for MarkMissedCalls {
    fn name(&self) -> &'static str {
        "mark-missed-calls"
    }
    fn every(&self) -> Duration {
        Duration::seconds(30)
    }
    fn description(&self) -> &'static str {
        "Marks instant calls unanswered past their ring timeout (30 s) as missed and tells both sides."
    }
    async fn run(&self, ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
        let missed = calls::mark_missed(ctx, now).await?;
        Ok(json!({"missed": missed}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found() {
        let mut names: Vec<&str> = ALL.iter().map(|j| j.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        assert_eq!(find("settle-calls").map(|j| j.name()), Some("settle-calls"));
        assert!(find("nope").is_none());
    }
}
