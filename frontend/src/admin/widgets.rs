//! Pieces the operators' pages share: the tabs, filters, the search box, status badges, the
//! pager and the shape of a table of one page of rows.

use api_types::{Page, PageQuery, Route};
use callstar_web::components::status::Empty;
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

/// The header and tabs of the jobs, e-mails and log pages.
#[component]
pub fn OpsHeader(title: String, current: Route) -> impl IntoView {
    let i18n = use_i18n();
    let tabs = move || {
        [
            (Route::AdminJobs, t_string!(i18n, ops.jobs)),
            (Route::AdminEmails, t_string!(i18n, ops.emails)),
            (Route::AdminLogs, t_string!(i18n, ops.logs)),
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

/// One page of `list` as a table with `columns` headers and a row per item, then a pager
/// that moves `page`; `empty` when there is nothing.
pub fn paged_table<T>(
    id: &'static str,
    list: Page<T>,
    columns: Vec<String>,
    row: impl Fn(T) -> AnyView,
    page: RwSignal<u64>,
    total: impl Fn(u64) -> String,
    empty: String,
) -> AnyView {
    if list.items.is_empty() {
        return view! { <Empty title=empty hint=String::new()/> }.into_any();
    }
    let i18n = use_i18n();
    let pages = list.total.div_ceil(list.per_page.max(1)).max(1);
    let head = columns.into_iter().map(|label| view! { <th scope="col">{label}</th> }).collect_view();
    let body = list.items.into_iter().map(row).collect_view();
    view! {
        <div class="table-wrap card"><table class="table" id=id>
            <thead><tr>{head}</tr></thead>
            <tbody>{body}</tbody>
        </table></div>
        <nav class="pager" aria-label="pagination">
            <span class="muted">{total(list.total)}</span>
            <button type="button" class="btn btn-secondary btn-sm" disabled=move || { page.get() <= 1 }
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{move || t_string!(i18n, admin.previous)}</button>
            <span>{move || t_string!(i18n, admin.page, page = page.get(), pages = pages)}</span>
            <button type="button" class="btn btn-secondary btn-sm" disabled=move || { page.get() >= pages }
                on:click=move |_| page.update(|p| *p += 1)>{move || t_string!(i18n, admin.next)}</button>
        </nav>
    }
    .into_any()
}
