//! The app: providers (i18n, session, toasts) and the route table.

use api_types::Role;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::guard::RequireAuth;
use crate::components::header::Header;
use crate::components::toasts::ToastStack;
use crate::contexts::locale::sync_locale;
use crate::contexts::session::provide_session;
use crate::contexts::toasts::provide_toasts;
use crate::i18n::{I18nContextProvider, t, use_i18n};
use crate::pages::admin_users::AdminUsersPage;
use crate::pages::dashboard::{CreatorDashboard, UserDashboard};
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::profile::ProfilePage;
use crate::pages::register::RegisterPage;

const ADMINS: &[Role] = &[Role::Admin];
const CREATORS: &[Role] = &[Role::Creator];
const GUESTS: &[Role] = &[Role::User];

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider enable_cookie=false>
            <Shell/>
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let session = provide_session();
    provide_toasts();
    sync_locale(session);
    view! {
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, app.skip)}</a>
            <Header/>
            <main id="main" class="site-main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/register") view=RegisterPage/>
                    <Route path=path!("/dashboard/user") view=|| view! { <RequireAuth roles=GUESTS><UserDashboard/></RequireAuth> }/>
                    <Route path=path!("/dashboard/creator") view=|| view! { <RequireAuth roles=CREATORS><CreatorDashboard/></RequireAuth> }/>
                    <Route path=path!("/admin/users") view=|| view! { <RequireAuth roles=ADMINS><AdminUsersPage/></RequireAuth> }/>
                    <Route path=path!("/profile") view=|| view! { <RequireAuth><ProfilePage/></RequireAuth> }/>
                </Routes>
            </main>
            <footer class="site-footer">
                <div class="container muted small">{t!(i18n, app.tagline)}</div>
            </footer>
            <ToastStack/>
        </Router>
    }
}
