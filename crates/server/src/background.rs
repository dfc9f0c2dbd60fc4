//! The job runner inside `callstar serve`: every tick it runs the jobs whose interval has
//! passed (each under its database lease, so with several servers a job runs on one at a
//! time), and when woken after a change it runs the immediate ones (rooms, e-mails) at once.
//! A failing job is recorded and retried at its next tick; it never stops the server.

use std::time::Duration;

use actix_web::web;
use api::AppState;
use chrono::Utc;
use futures_util::FutureExt as _;
use service::jobs::{self, Job, RunRefused, Trigger};

/// Runs until the task is dropped.
pub async fn run(state: web::Data<AppState>, tick: Duration) {
    loop {
        scheduled(&state).await;
        tokio::select! {
            () = tokio::time::sleep(tick) => {}
            () = state.wake.notified() => immediate(&state).await,
        }
    }
}

async fn scheduled(state: &AppState) {
    let due = match jobs::due(&state.db, Utc::now()).await {
        Ok(due) => due,
        Err(err) => {
            tracing::error!(error = %err, "cannot read the job schedule");
            return;
        }
    };
    for job in due {
        one(state, job, Trigger::Schedule).await;
    }
}

async fn immediate(state: &AppState) {
    for job in [Job::CreateRooms, Job::RetryEmails] {
        one(state, job, Trigger::Schedule).await;
    }
}

async fn one(state: &AppState, job: Job, trigger: Trigger) {
    let context = state.job_context();
    // A panicking job must not end the runner: it is logged and runs again at its next tick
    // (its lease expires by itself).
    let run = std::panic::AssertUnwindSafe(jobs::run(&context, job, trigger, Utc::now())).catch_unwind().await;
    match run {
        Ok(Ok(run)) if run.outcome == "failed" => tracing::warn!(job = job.name(), "job run failed; next tick retries"),
        Ok(Ok(_) | Err(RunRefused::Busy(_))) => {}
        Ok(Err(RunRefused::Service(err))) => tracing::error!(job = job.name(), error = %err, "job run not recorded"),
        Err(_) => tracing::error!(job = job.name(), "job panicked; next tick retries"),
    }
}
