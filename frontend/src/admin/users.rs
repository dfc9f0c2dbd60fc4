//! `/admin/users`: every account, searchable and filtered by role, for operators.

use api_types::{Locale as ApiLocale, Role, User, UserFilter};
use callstar_web::api::Remote;
use callstar_web::contexts::session::Session;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::labels;
use leptos::prelude::*;

use crate::widgets::{chosen, page_query, paged_table, when};

/// The account list.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let page = RwSignal::new(1_u64);
    let search = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let users = Remote::new(move || {
        let filter = UserFilter { role: role.get(), q: chosen(search.get()) };
        Some(session.api.users(&filter, page_query(page.get())))
    });
    let pick_role = move |ev| {
        role.set(match event_target_value(&ev).as_str() {
            "user" => Some(Role::User),
            "creator" => Some(Role::Creator),
            "admin" => Some(Role::Admin),
            _ => None,
        });
        page.set(1);
    };
    let row = move |user: User| {
        view! { <tr>
            <td>{user.name}</td>
            <td>{user.email}</td>
            <td><span class="badge">{labels::role(i18n, user.role)}</span></td>
            <td>{match user.locale {
                ApiLocale::En => t_string!(i18n, language.en),
                ApiLocale::Fr => t_string!(i18n, language.fr),
            }}</td>
            <td>{when(&user.created_at)}</td>
        </tr> }
        .into_any()
    };

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
                <select id="role-filter" on:change=pick_role>
                    <option value="">{move || t_string!(i18n, admin.all_roles)}</option>
                    <option value="user">{move || t_string!(i18n, dashboard.role_user)}</option>
                    <option value="creator">{move || t_string!(i18n, dashboard.role_creator)}</option>
                    <option value="admin">{move || t_string!(i18n, dashboard.role_admin)}</option>
                </select>
            </div>
            {users.view(move |list| paged_table(
                "users",
                list,
                vec![
                    t_string!(i18n, admin.col_name).to_owned(),
                    t_string!(i18n, admin.col_email).to_owned(),
                    t_string!(i18n, admin.col_role).to_owned(),
                    t_string!(i18n, admin.col_language).to_owned(),
                    t_string!(i18n, admin.col_created).to_owned(),
                ],
                row,
                page,
                move |total| t_string!(i18n, admin.total, count = total).to_string(),
                t_string!(i18n, admin.empty).to_owned(),
            ))}
        </div>
    }
}
