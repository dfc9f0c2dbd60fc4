//! One page of a list as a table, with a pager under it (the operators' lists, a creator's
//! payouts and ledger).

use api_types::Page;
use leptos::prelude::*;

use crate::components::status::Empty;
use crate::i18n::{t_string, use_i18n};

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
