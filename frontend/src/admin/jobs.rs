//! `/admin/jobs`: every scheduled job with its latest run and a "run now" button, then the
//! history of runs, filtered by job and outcome.

use api_types::{JobInfo, JobRun, JobRunQuery, Route};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use leptos::prelude::*;

use crate::widgets::{Filter, OpsHeader, badge_class, chosen, page_query, paged_table, when};

const JOB_NAMES: &[&str] = &[
    "send-reminders",
    "expire-offers",
    "cleanup-daily-rooms",
    "cleanup-logs",
    "retry-emails",
    "daily-summary",
    "create-rooms",
    "settle-calls",
    "process-payouts",
    "send-refunds",
    "reconcile-payments",
];

/// The jobs page.
#[component]
pub fn AdminJobsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let job = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let jobs = Remote::new(move || Some(session.api.jobs()));
    let runs = Remote::new(move || {
        let filter = JobRunQuery { job: chosen(job.get()), outcome: chosen(outcome.get()) };
        Some(session.api.job_runs(&filter, page_query(page.get())))
    });
    let running = RwSignal::new(String::new());
    let run_now = move |name: String| {
        running.set(name.clone());
        leptos::task::spawn_local(async move {
            let result = session.api.run_job(&name).await;
            running.set(String::new());
            match result {
                Ok(run) => {
                    toasts.push(ToastKind::Success, format!("{}: {}", run.job, run.outcome));
                    jobs.refetch();
                    runs.refetch();
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let job_row = move |info: JobInfo| {
        let last = info.last_run.as_ref();
        let started = last.map_or_else(|| "—".to_owned(), |run| when(&run.started_at));
        let outcome = last.map(|run| run.outcome.clone()).unwrap_or_default();
        let busy = {
            let name = info.name.clone();
            move || running.get() == name
        };
        let name = info.name.clone();
        view! { <tr>
            <td><div class="cell-row">
                <div><strong>{info.name}</strong><div class="muted small">{info.description}</div></div>
                <button type="button" class="btn btn-secondary btn-sm" disabled=busy
                    on:click=move |_| run_now(name.clone())>{move || t_string!(i18n, ops.run_now)}</button>
            </div></td>
            <td>{started}</td>
            <td><span class=badge_class(&outcome)>{outcome.clone()}</span></td>
        </tr> }
    };
    let run_row = |run: JobRun| {
        view! { <tr>
            <td>{run.job}</td>
            <td>{run.trigger}</td>
            <td>{when(&run.started_at)}</td>
            <td><span class=badge_class(&run.outcome)>{run.outcome.clone()}</span></td>
            <td><code class="small">{run.counts.to_string()}</code></td>
            <td><code class="small">{run.error.unwrap_or_else(|| "—".to_owned())}</code></td>
        </tr> }
        .into_any()
    };
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.jobs_title).to_owned() current=Route::AdminJobs/>
            {jobs.view(move |list: Vec<JobInfo>| view! {
                <div class="table-wrap card"><table class="table" id="jobs">
                    <thead><tr>
                        <th scope="col">{move || t_string!(i18n, ops.col_job)}</th>
                        <th scope="col">{move || t_string!(i18n, ops.col_last_run)}</th>
                        <th scope="col">{move || t_string!(i18n, ops.col_outcome)}</th>
                    </tr></thead>
                    <tbody>{list.into_iter().map(job_row).collect_view()}</tbody>
                </table></div>
            }.into_any())}
            <h2>{move || t_string!(i18n, ops.history)}</h2>
            <div class="toolbar">
                <Filter id="run-job" label=t_string!(i18n, ops.col_job).to_owned() options=JOB_NAMES into=job page=page/>
                <Filter id="run-outcome" label=t_string!(i18n, ops.col_outcome).to_owned()
                    options=&["succeeded", "failed", "running"] into=outcome page=page/>
            </div>
            {runs.view(move |list| paged_table(
                "runs",
                list,
                vec![
                    t_string!(i18n, ops.col_job).to_owned(),
                    t_string!(i18n, ops.col_trigger).to_owned(),
                    t_string!(i18n, ops.col_started).to_owned(),
                    t_string!(i18n, ops.col_outcome).to_owned(),
                    t_string!(i18n, ops.col_counts).to_owned(),
                    t_string!(i18n, ops.col_error).to_owned(),
                ],
                run_row,
                page,
                move |total| t_string!(i18n, ops.total, count = total).to_string(),
                t_string!(i18n, ops.no_runs).to_owned(),
            ))}
        </div>
    }
}
