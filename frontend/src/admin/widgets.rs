//! Pieces the operators' pages share: the tabs, filters, the search box, status badges, and
//! the table of one page of rows with its pager (`components::table`, shared with the studio).

use api_types::{PageQuery, Route};
pub use callstar_web::components::table::paged_table;
use callstar_web::contexts::session::Session;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::Link;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Rows per page of the operators' lists.
pub const PER_PAGE: u64 = 25;

/// Page `page` of a list of [`PER_PAGE`] rows.
pub fn page_query(page: u64) -> PageQuery {
    PageQuery { page, per_page: PER_PAGE }
}

/// A filter value as the API takes it: `None` when empty ("all").
pub fn chosen(value: String) -> Option<String> {
    Some(value).filter(|v| !v.is_empty())
}

/// The badge class of a status, outcome or level.
pub fn badge_class(value: &str) -> &'static str {
    match value {
        "succeeded" | "sent" | "INFO" => "badge badge-success",
        "failed" | "ERROR" | "CRITICAL" => "badge badge-danger",
        "WARNING" | "pending" | "running" => "badge badge-warning",
        _ => "badge",
    }
}

/// An instant in the viewer's time zone and language.
pub fn when(instant: &DateTime<Utc>) -> String {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    format::date_time(instant, i18n.get_locale_untracked(), &session.time_zone())
}

/// The header and tabs of the operations pages: jobs, e-mails, the system log, payouts and
/// payments.
#[component]
pub fn OpsHeader(title: String, current: Route) -> impl IntoView {
    let i18n = use_i18n();
    let tabs = move || {
        [
            (Route::AdminJobs, t_string!(i18n, ops.jobs)),
            (Route::AdminEmails, t_string!(i18n, ops.emails)),
            (Route::AdminLogs, t_string!(i18n, ops.logs)),
            (Route::AdminPayouts { creator: None, payout: None }, t_string!(i18n, ops.payouts)),
            (Route::AdminPayments { refund: None, dispute: None }, t_string!(i18n, ops.payments)),
        ]
        .map(|(to, label)| {
            let here = if to == current { "page" } else { "false" };
            view! { <Link to=to attr:class="btn btn-secondary btn-sm" attr:aria-current=here>{label}</Link> }
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
pub fn Filter(
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
pub fn Search(id: &'static str, label: String, into: RwSignal<String>, page: RwSignal<u64>) -> impl IntoView {
    view! {
        <label class="visually-hidden" for=id>{label.clone()}</label>
        <input id=id type="search" placeholder=label on:change=move |ev| { into.set(event_target_value(&ev).trim().to_owned()); page.set(1); }/>
    }
}
