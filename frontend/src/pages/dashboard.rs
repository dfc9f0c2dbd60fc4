//! `/dashboard/user` and `/dashboard/creator`: the signed-in person's home.

use api_types::{Role, User};
use leptos::prelude::*;

use crate::components::status::Empty;
use crate::contexts::session::Session;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};

/// The fan's dashboard.
#[component]
pub fn UserDashboard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Dashboard>
            <section class="card">
                <h2>{t!(i18n, dashboard.upcoming_title)}</h2>
                <Empty
                    title=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty_hint).to_owned())
                />
            </section>
        </Dashboard>
    }
}

/// The creator's dashboard.
#[component]
pub fn CreatorDashboard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Dashboard>
            <section class="card">
                <h2>{t!(i18n, dashboard.offers_title)}</h2>
                <Empty
                    title=Signal::derive(move || t_string!(i18n, dashboard.offers_empty).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, dashboard.offers_empty_hint).to_owned())
                />
            </section>
            <section class="card">
                <h2>{t!(i18n, dashboard.upcoming_title)}</h2>
                <Empty
                    title=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, dashboard.upcoming_empty_hint).to_owned())
                />
            </section>
        </Dashboard>
    }
}

/// The greeting shared by every dashboard, above its own sections.
#[component]
fn Dashboard(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let user = move || session.user.get();
    let greeting = move || user().map(|u| t_string!(i18n, dashboard.greeting, name = u.name)).unwrap_or_default();
    let since = move || {
        user().map(|u: User| {
            let date = format::date(&u.created_at, i18n.get_locale(), &u.timezone);
            t_string!(i18n, dashboard.member_since, date = date)
        })
    };
    let zone = move || user().map(|u| t_string!(i18n, dashboard.time_zone, zone = u.timezone)).unwrap_or_default();
    let role = move || match user().map(|u| u.role) {
        Some(Role::Creator) => t_string!(i18n, dashboard.role_creator),
        Some(Role::Admin) => t_string!(i18n, dashboard.role_admin),
        _ => t_string!(i18n, dashboard.role_user),
    };
    view! {
        <div class="container">
            <header class="page-header">
                <div>
                    <h1 data-testid="greeting">{greeting}</h1>
                    <p class="muted" data-testid="member-since">{since}</p>
                </div>
                <span class="badge badge-accent">{role}</span>
            </header>
            <div class="stack">{children()}</div>
            <p class="muted small">{zone}</p>
        </div>
    }
}
