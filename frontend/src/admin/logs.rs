//! `/admin/logs`: the system log, filtered by level, type, actor and a range of days.

use api_types::{Route, SystemLogEntry, SystemLogQuery};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::i18n::{t_string, use_i18n};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;

use crate::widgets::{Filter, OpsHeader, Search, badge_class, chosen, page_query, paged_table, when};

/// The start (UTC) of a day picked in a date input (`2026-11-21`), or of the day after.
fn day_start(picked: &str, next: bool) -> Option<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(picked, "%Y-%m-%d").ok()?;
    let day = if next { day.succ_opt()? } else { day };
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The system log page.
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
    let logs = Remote::new(move || {
        let filter = SystemLogQuery {
            level: chosen(level.get()),
            log_type: chosen(log_type.get().to_uppercase()),
            actor: chosen(actor.get()),
            actor_id: None,
            // Whole days, read in UTC: from the first day's start to the last day's end.
            from: day_start(&from.get(), false),
            to: day_start(&to.get(), true),
        };
        Some(session.api.system_logs(&filter, page_query(page.get())))
    });
    let date = move |id: &'static str, label: String, into: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="date" on:change=move |ev| { into.set(event_target_value(&ev)); page.set(1); }/>
        }
    };
    let row = |entry: SystemLogEntry| {
        view! { <tr>
            <td>{when(&entry.created_at)}</td>
            <td><span class=badge_class(&entry.level)>{entry.level.clone()}</span></td>
            <td><code class="small">{entry.log_type}</code></td>
            <td>{entry.actor}</td>
            <td>{entry.message}</td>
            <td><code class="small">{entry.metadata.to_string()}</code></td>
        </tr> }
        .into_any()
    };
    view! {
        <div class="container">
            <OpsHeader title=t_string!(i18n, ops.logs_title).to_owned() current=Route::AdminLogs/>
            <div class="toolbar">
                <Filter id="log-level" label=t_string!(i18n, ops.col_level).to_owned()
                    options=&["INFO", "WARNING", "ERROR", "CRITICAL"] into=level page=page/>
                <Search id="log-type" label=t_string!(i18n, ops.col_type).to_owned() into=log_type page=page/>
                <Filter id="log-actor" label=t_string!(i18n, ops.col_actor).to_owned()
                    options=&["USER", "CREATOR", "ADMIN", "GUEST", "SYSTEM"] into=actor page=page/>
                {date("log-from", t_string!(i18n, ops.from).to_owned(), from)}
                {date("log-to", t_string!(i18n, ops.to).to_owned(), to)}
            </div>
            {logs.view(move |list| paged_table(
                "logs",
                list,
                vec![
                    t_string!(i18n, ops.col_created).to_owned(),
                    t_string!(i18n, ops.col_level).to_owned(),
                    t_string!(i18n, ops.col_type).to_owned(),
                    t_string!(i18n, ops.col_actor).to_owned(),
                    t_string!(i18n, ops.col_message).to_owned(),
                    t_string!(i18n, ops.col_details).to_owned(),
                ],
                row,
                page,
                move |total| t_string!(i18n, ops.total, count = total).to_string(),
                t_string!(i18n, ops.no_logs).to_owned(),
            ))}
        </div>
    }
}
