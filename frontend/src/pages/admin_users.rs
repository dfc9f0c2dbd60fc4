//! `/admin/users`: every account, searchable, for operators.

use api_types::{Locale as ApiLocale, Page, Role, User};
use leptos::prelude::*;

use crate::api::Remote;
use crate::components::status::Empty;
use crate::contexts::session::Session;
use crate::format;
use crate::i18n::{t_string, use_i18n};

const PER_PAGE: u64 = 20;

/// The account list.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let page = RwSignal::new(1_u64);
    let search = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let users = Remote::<Page<User>>::new(session.api, move || {
        let query = format!(
            "/api/admin/users?page={}&perPage={PER_PAGE}&q={}&{}",
            page.get(),
            String::from(js_sys::encode_uri_component(&search.get())),
            role.with(|r| if r.is_empty() { String::new() } else { format!("role={r}") })
        );
        Some(query)
    });
    let viewer_zone = move || session.user.with(|u| u.as_ref().map(|u| u.timezone.clone())).unwrap_or_default();

    view! {
        <div class="container">
            <header class="page-header">
                <h1>{move || t_string!(i18n, admin.users_title)}</h1>
            </header>
            <div class="toolbar">
                <label class="visually-hidden" for="user-search">{move || t_string!(i18n, admin.search)}</label>
                <input id="user-search" type="search" placeholder=move || t_string!(i18n, admin.search)
                    on:change=move |ev| { search.set(event_target_value(&ev)); page.set(1); }/>
                <label class="visually-hidden" for="role-filter">{move || t_string!(i18n, admin.role_filter)}</label>
                <select id="role-filter" on:change=move |ev| { role.set(event_target_value(&ev)); page.set(1); }>
                    <option value="">{move || t_string!(i18n, admin.all_roles)}</option>
                    <option value="user">{move || t_string!(i18n, dashboard.role_user)}</option>
                    <option value="creator">{move || t_string!(i18n, dashboard.role_creator)}</option>
                    <option value="admin">{move || t_string!(i18n, dashboard.role_admin)}</option>
                </select>
            </div>
            {users.view(move |list: Page<User>| {
                    if list.items.is_empty() {
                        return view! {
                            <Empty title=Signal::derive(move || t_string!(i18n, admin.empty).to_owned()) hint=String::new()/>
                        }.into_any();
                    }
                    {
                        let pages = list.total.div_ceil(list.per_page).max(1);
                        let total = list.total;
                        let current = list.page;
                        view! {
                            <div class="table-wrap card">
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">{move || t_string!(i18n, admin.col_name)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.col_email)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.col_role)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.col_language)}</th>
                                        <th scope="col">{move || t_string!(i18n, admin.col_created)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.items.into_iter().map(|user| {
                                            let created = format::date_time(&user.created_at, i18n.get_locale(), &viewer_zone());
                                            let role_label = match user.role {
                                                Role::User => t_string!(i18n, dashboard.role_user),
                                                Role::Creator => t_string!(i18n, dashboard.role_creator),
                                                Role::Admin => t_string!(i18n, dashboard.role_admin),
                                            };
                                            view! { <tr>
                                                <td>{user.name}</td>
                                                <td>{user.email}</td>
                                                <td><span class="badge">{role_label}</span></td>
                                                <td>{match user.locale {
                                                    ApiLocale::En => t_string!(i18n, language.en),
                                                    ApiLocale::Fr => t_string!(i18n, language.fr),
                                                }}</td>
                                                <td>{created}</td>
                                            </tr> }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label="pagination">
                                <span class="muted">{t_string!(i18n, admin.total, count = total)}</span>
                                <button type="button" class="btn btn-secondary btn-sm" disabled={current <= 1}
                                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{move || t_string!(i18n, admin.previous)}</button>
                                <span>{t_string!(i18n, admin.page, page = current, pages = pages)}</span>
                                <button type="button" class="btn btn-secondary btn-sm" disabled={current >= pages}
                                    on:click=move |_| page.update(|p| *p += 1)>{move || t_string!(i18n, admin.next)}</button>
                            </nav>
                        }.into_any()
                    }
                })}
        </div>
    }
}
