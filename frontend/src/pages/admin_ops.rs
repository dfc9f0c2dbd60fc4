//! The operators' pages: jobs with "run now" and their run history, the e-mail log with each
//! rendered e-mail and a retry for failed ones, and the system log; admins only. The rows are
//! read as plain JSON and drawn by one table component from column descriptions, which keeps
//! these three pages light in the app's download.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::Remote;
use crate::components::status::Empty;
use crate::contexts::session::Session;
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::pages::error_message;

const PER_PAGE: u64 = 25;

/// How a column shows its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// As text.
    Text,
    /// A timestamp, in the viewer's zone.
    Date,
    /// A status badge.
    Badge,
    /// Monospaced (types, counts, errors).
    Code,
    /// A link to the e-mail page.
    EmailLink,
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "—".to_owned(),
        other => other.to_string(),
    }
}

fn badge_class(value: &str) -> &'static str {
    match value {
        "succeeded" | "sent" | "INFO" => "badge badge-success",
        "failed" | "ERROR" | "CRITICAL" => "badge badge-danger",
        "WARNING" | "pending" | "running" => "badge badge-warning",
        _ => "badge",
    }
}

/// `?k=v&…` from the non-empty pairs.
fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("&{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect()
}

/// A page of rows (`{items, total}`) as a table, with a pager.
#[component]
fn OpsTable(
    id: &'static str,
    data: Remote<Value>,
    columns: Vec<(String, &'static str, Cell)>,
    page: RwSignal<u64>,
    empty: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let zone = move || session.user.with(|u| u.as_ref().map(|u| u.timezone.clone())).unwrap_or_default();
    data.view(move |list: Value| {
        let rows = list["items"].as_array().cloned().unwrap_or_default();
        if rows.is_empty() {
            return view! { <Empty title=empty.clone() hint=String::new()/> }.into_any();
        }
        let total = list["total"].as_u64().unwrap_or(0);
        let pages = total.div_ceil(PER_PAGE).max(1);
        let columns = columns.clone();
        let head = columns.iter().map(|(label, _, _)| view! { <th scope="col">{label.clone()}</th> }).collect_view();
        let body = rows
            .into_iter()
            .map(|row| {
                let cells = columns
                    .iter()
                    .map(|(_, key, cell)| {
                        let value = &row[*key];
                        let shown = match cell {
                            Cell::Date => value
                                .as_str()
                                .and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
                                .map(|t| format::date_time(&t, i18n.get_locale(), &zone()))
                                .unwrap_or_else(|| text(value)),
                            _ => text(value),
                        };
                        match cell {
                            Cell::Badge => {
                                let class = badge_class(&shown);
                                view! { <td><span class=class>{shown}</span></td> }.into_any()
                            }
                            Cell::Code => view! { <td><code class="small">{shown}</code></td> }.into_any(),
                            Cell::EmailLink => {
                                let href = format!("/admin/emails/{}", text(&row["id"]));
                                view! { <td><a href=href>{shown}</a></td> }.into_any()
                            }
                            Cell::Text | Cell::Date => view! { <td>{shown}</td> }.into_any(),
                        }
                    })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view();
        view! {
            <div class="table-wrap card"><table class="table" id=id>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table></div>
            <nav class="pager" aria-label="pagination">
                <span class="muted">{t_string!(i18n, ops.total, count = total)}</span>
                <button type="button" class="btn btn-secondary btn-sm" disabled=move || { page.get() <= 1 }
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{move || t_string!(i18n, admin.previous)}</button>
                <span>{move || t_string!(i18n, admin.page, page = page.get(), pages = pages)}</span>
                <button type="button" class="btn btn-secondary btn-sm" disabled=move || { page.get() >= pages }
                    on:click=move |_| page.update(|p| *p += 1)>{move || t_string!(i18n, admin.next)}</button>
            </nav>
        }
        .into_any()
    })
}

/// The header and tabs of the three pages.
#[component]
fn OpsHeader(title: String, current: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let tabs = move || {
        [
            ("/admin/jobs", t_string!(i18n, ops.jobs)),
            ("/admin/emails", t_string!(i18n, ops.emails)),
            ("/admin/logs", t_string!(i18n, ops.logs)),
        ]
        .map(|(href, label)| {
            let here = if href == current { "page" } else { "false" };
            view! { <a class="btn btn-secondary btn-sm" href=href aria-current=here>{label}</a> }
        })
        .collect_view()
    };
    view! {
        <header class="page-header"><h1>{title}</h1></header>
        <nav class="toolbar" aria-label=move || t_string!(i18n, ops.operations)>{tabs}</nav>
    }
}

/// A `<select>` of `options` ("" = all) writing into `into` (and back to page 1).
#[component]
fn Filter(
    id: &'static str,
    label: String,
    options: &'static [&'static str],
    into: RwSignal<String>,
    page: RwSignal<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="visually-hidden" for=id>{label.clone()}</label>
        <select id=id on:change=move |ev| { into.set(event_target_value(&ev)); page.set(1); }>
            <option value="">{format!("{label}: {}", t_string!(i18n, ops.all))}</option>
            {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
        </select>
    }
}

/// A search box writing into `into` on change (and back to page 1).
#[component]
fn Search(id: &'static str, label: String, into: RwSignal<String>, page: RwSignal<u64>) -> impl IntoView {
    view! {
        <label class="visually-hidden" for=id>{label.clone()}</label>
        <input id=id type="search" placeholder=label on:change=move |ev| { into.set(event_target_value(&ev).trim().to_owned()); page.set(1); }/>
    }
}

const JOB_NAMES: &[&str] = &[
    "send-reminders",
    "expire-offers",
    "cleanup-daily-rooms",
    "cleanup-logs",
    "retry-emails",
    "daily-summary",
    "create-rooms",
    "settle-calls",
];

/// `/admin/jobs`: every job with its latest run and "run now", then the run history.
#[component]
pub fn AdminJobsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let job = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let jobs = Remote::<Value>::new(session.api, || Some("/api/admin/jobs".to_owned()));
    let runs = Remote::<Value>::new(session.api, move || {
        Some(format!(
            "/api/admin/job-runs?page={}&perPage={PER_PAGE}{}",
            page.get(),
            query(&[("job", job.get()), ("outcome", outcome.get())])
        ))
    });
    let running = RwSignal::new(String::new());
    let run_now = move |name: String| {
        running.set(name.clone());
        leptos::task::spawn_local(async move {
            let result = session.api.post_json::<(), Value>(&format!("/api/admin/jobs/{name}/run"), &()).await;
            running.set(String::new());
            match result {
                Ok(run) => {
                    toasts.push(ToastKind::Success, format!("{}: {}", text(&run["job"]), text(&run["outcome"])));
                    jobs.refetch();
                    runs.refetch();
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let zone = move || session.user.with(|u| u.as_ref().map(|u| u.timezone.clone())).unwrap_or_default();
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.jobs_title).to_owned() current="/admin/jobs"/>
            {jobs.view(move |list: Value| {
                let rows = list.as_array().cloned().unwrap_or_default().into_iter().map(|info| {
                    let name = text(&info["name"]);
                    let last = &info["lastRun"];
                    let started = last["startedAt"].as_str().and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
                        .map(|t| format::date_time(&t, i18n.get_locale(), &zone())).unwrap_or_else(|| "—".to_owned());
                    let outcome = last["outcome"].as_str().unwrap_or("").to_owned();
                    let busy = { let name = name.clone(); move || running.get() == name };
                    let run = name.clone();
                    view! { <tr>
                        <td><div class="cell-row">
                            <div><strong>{name}</strong><div class="muted small">{text(&info["description"])}</div></div>
                            <button type="button" class="btn btn-secondary btn-sm" disabled=busy
                                on:click=move |_| run_now(run.clone())>{move || t_string!(i18n, ops.run_now)}</button>
                        </div></td>
                        <td>{started}</td>
                        <td><span class=badge_class(&outcome)>{outcome.clone()}</span></td>
                    </tr> }
                }).collect_view();
                view! {
                    <div class="table-wrap card"><table class="table" id="jobs">
                        <thead><tr>
                            <th scope="col">{move || t_string!(i18n, ops.col_job)}</th>
                            <th scope="col">{move || t_string!(i18n, ops.col_last_run)}</th>
                            <th scope="col">{move || t_string!(i18n, ops.col_outcome)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                }.into_any()
            })}
            <h2>{move || t_string!(i18n, ops.history)}</h2>
            <div class="toolbar">
                <Filter id="run-job" label=t_string!(i18n, ops.col_job).to_owned() options=JOB_NAMES into=job page=page/>
                <Filter id="run-outcome" label=t_string!(i18n, ops.col_outcome).to_owned()
                    options=&["succeeded", "failed", "running"] into=outcome page=page/>
            </div>
            <OpsTable id="runs" data=runs page=page empty=t_string!(i18n, ops.no_runs).to_owned() columns=vec![
                (t_string!(i18n, ops.col_job).to_owned(), "job", Cell::Text),
                (t_string!(i18n, ops.col_trigger).to_owned(), "trigger", Cell::Text),
                (t_string!(i18n, ops.col_started).to_owned(), "startedAt", Cell::Date),
                (t_string!(i18n, ops.col_outcome).to_owned(), "outcome", Cell::Badge),
                (t_string!(i18n, ops.col_counts).to_owned(), "counts", Cell::Code),
                (t_string!(i18n, ops.col_error).to_owned(), "error", Cell::Code),
            ]/>
        </div>
    }
}

/// `/admin/emails`: the outbox, filtered by status, recipient and template.
#[component]
pub fn AdminEmailsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let status = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let template = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    let emails = Remote::<Value>::new(session.api, move || {
        Some(format!(
            "/api/admin/emails?page={}&perPage={PER_PAGE}{}",
            page.get(),
            query(&[("status", status.get()), ("to", to.get()), ("template", template.get())])
        ))
    });
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.emails_title).to_owned() current="/admin/emails"/>
            <div class="toolbar">
                <Filter id="email-status" label=t_string!(i18n, ops.col_status).to_owned()
                    options=&["pending", "sent", "captured", "failed"] into=status page=page/>
                <Search id="email-to" label=t_string!(i18n, ops.col_to).to_owned() into=to page=page/>
                <Filter id="email-template" label=t_string!(i18n, ops.col_template).to_owned()
                    options=&["booking_confirmation", "reminder", "cancellation", "payment_failed", "daily_summary"] into=template page=page/>
            </div>
            <OpsTable id="emails" data=emails page=page empty=t_string!(i18n, ops.no_emails).to_owned() columns=vec![
                (t_string!(i18n, ops.col_subject).to_owned(), "subject", Cell::EmailLink),
                (t_string!(i18n, ops.col_to).to_owned(), "to", Cell::Text),
                (t_string!(i18n, ops.col_template).to_owned(), "template", Cell::Code),
                (t_string!(i18n, ops.col_language).to_owned(), "locale", Cell::Text),
                (t_string!(i18n, ops.col_status).to_owned(), "status", Cell::Badge),
                (t_string!(i18n, ops.col_attempts).to_owned(), "attempts", Cell::Text),
                (t_string!(i18n, ops.col_created).to_owned(), "createdAt", Cell::Date),
            ]/>
        </div>
    }
}

/// `/admin/emails/:id`: one e-mail as its recipient sees it (the HTML in a sandboxed frame,
/// and the plain text), with a retry when it failed.
#[component]
pub fn AdminEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let email = Remote::<Value>::new(session.api, move || Some(format!("/api/admin/emails/{}", id())));
    let retry = move |_| {
        let path = format!("/api/admin/emails/{}/retry", id());
        leptos::task::spawn_local(async move {
            match session.api.post_json::<(), Value>(&path, &()).await {
                Ok(_) => {
                    toasts.push(ToastKind::Success, t_string!(i18n, ops.retried));
                    email.refetch();
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.email_title).to_owned() current="/admin/emails"/>
            {email.view(move |e: Value| {
                let status = text(&e["status"]);
                let failed = status == "failed";
                let error = e["error"].as_str().map(str::to_owned);
                view! {
                    <article class="card stack" id="email">
                        <h2>{text(&e["subject"])}</h2>
                        <p class="muted">{format!("{} · {} · {} · ", text(&e["to"]), text(&e["template"]), text(&e["locale"]))}
                            <span class=badge_class(&status)>{status.clone()}</span></p>
                        {error.map(|err| view! { <p class="alert alert-error">{err}</p> })}
                        {(e["hasCalendar"] == Value::Bool(true)).then(|| view! { <p class="muted small">{move || t_string!(i18n, ops.has_calendar)}</p> })}
                        {failed.then(|| view! { <button type="button" class="btn btn-primary" on:click=retry>{move || t_string!(i18n, ops.retry)}</button> })}
                        <iframe class="email-frame" title=move || t_string!(i18n, ops.rendered) sandbox="" srcdoc=text(&e["html"])></iframe>
                        <details><summary>{move || t_string!(i18n, ops.plain_text)}</summary><pre class="email-text">{text(&e["text"])}</pre></details>
                    </article>
                }.into_any()
            })}
        </div>
    }
}

/// `/admin/logs`: the system log, filtered by level, type, actor and date range.
#[component]
pub fn AdminLogsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let level = RwSignal::new(String::new());
    let log_type = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let page = RwSignal::new(1_u64);
    // The date pickers give whole days, read in UTC.
    let day = |d: String, time: &str| if d.is_empty() { d } else { format!("{d}T{time}Z") };
    let logs = Remote::<Value>::new(session.api, move || {
        Some(format!(
            "/api/admin/system-logs?page={}&perPage={PER_PAGE}{}",
            page.get(),
            query(&[
                ("level", level.get()),
                ("type", log_type.get().to_uppercase()),
                ("actor", actor.get()),
                ("from", day(from.get(), "00:00:00")),
                ("to", day(to.get(), "23:59:59")),
            ])
        ))
    });
    let date = move |id: &'static str, label: String, into: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="date" on:change=move |ev| { into.set(event_target_value(&ev)); page.set(1); }/>
        }
    };
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.logs_title).to_owned() current="/admin/logs"/>
            <div class="toolbar">
                <Filter id="log-level" label=t_string!(i18n, ops.col_level).to_owned()
                    options=&["INFO", "WARNING", "ERROR", "CRITICAL"] into=level page=page/>
                <Search id="log-type" label=t_string!(i18n, ops.col_type).to_owned() into=log_type page=page/>
                <Filter id="log-actor" label=t_string!(i18n, ops.col_actor).to_owned()
                    options=&["USER", "CREATOR", "ADMIN", "GUEST", "SYSTEM"] into=actor page=page/>
                {date("log-from", t_string!(i18n, ops.from).to_owned(), from)}
                {date("log-to", t_string!(i18n, ops.to).to_owned(), to)}
            </div>
            <OpsTable id="logs" data=logs page=page empty=t_string!(i18n, ops.no_logs).to_owned() columns=vec![
                (t_string!(i18n, ops.col_created).to_owned(), "createdAt", Cell::Date),
                (t_string!(i18n, ops.col_level).to_owned(), "level", Cell::Badge),
                (t_string!(i18n, ops.col_type).to_owned(), "type", Cell::Code),
                (t_string!(i18n, ops.col_actor).to_owned(), "actor", Cell::Text),
                (t_string!(i18n, ops.col_message).to_owned(), "message", Cell::Text),
                (t_string!(i18n, ops.col_details).to_owned(), "metadata", Cell::Code),
            ]/>
        </div>
    }
}
