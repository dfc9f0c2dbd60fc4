//! The job runner inside `callstar serve`: every tick it runs the jobs whose interval has
//! passed (each under its database lease, so with several servers a job runs on one at a
//! time), and when woken after a change it runs the immediate ones (rooms, e-mails) at once.
//! A failing job is recorded and retried at its next tick; it never stops the server.

use std::time::Duration;

use chrono::Utc;
use domain::operations::{JobOutcome, JobTrigger};
use futures_util::FutureExt as _;
use service::Context;
use service::jobs::{self, Job, RunRefused};

/// Runs until the task is dropped.
pub async fn run(ctx: Context, tick: Duration) {
    loop {
        scheduled(&ctx).await;
        tokio::select! {
            () = tokio::time::sleep(tick) => {}
            () = ctx.waker.woken() => immediate(&ctx).await,
        }
    }
}

async fn scheduled(ctx: &Context) {
    let due = match jobs::due(&ctx.db, Utc::now()).await {
        Ok(due) => due,
        Err(err) => {
            tracing::error!(error = %err, "cannot read the job schedule");
            return;
        }
    };
    for job in due {
        one(ctx, job).await;
    }
}

async fn immediate(ctx: &Context) {
    for job in jobs::ALL.iter().copied().filter(|job| job.immediate()) {
        one(ctx, job).await;
    }
}

async fn one(ctx: &Context, job: &dyn Job) {
    // A panicking job must not end the runner: it is logged and runs again at its next tick
    // (its lease expires by itself).
    let run = std::panic::AssertUnwindSafe(jobs::run(ctx, job, JobTrigger::Schedule, Utc::now())).catch_unwind().await;
    match run {
        Ok(Ok(run)) if run.outcome == JobOutcome::Failed => {
            tracing::warn!(job = job.name(), "job run failed; next tick retries")
        }
        Ok(Ok(_) | Err(RunRefused::Busy(_))) => {}
        Ok(Err(RunRefused::Service(err))) => tracing::error!(job = job.name(), error = %err, "job run not recorded"),
        Err(_) => tracing::error!(job = job.name(), "job panicked; next tick retries"),
    }
}
