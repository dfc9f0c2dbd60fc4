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
use crate::contexts::unread::provide_unread;
use crate::i18n::{I18nContextProvider, t_string, use_i18n};
use crate::pages::admin_ops::{AdminEmailPage, AdminEmailsPage, AdminJobsPage, AdminLogsPage};
use crate::pages::admin_users::AdminUsersPage;
use crate::pages::book::{BookPage, BookSuccessPage};
use crate::pages::booking::BookingPage;
use crate::pages::call::CallPage;
use crate::pages::call_summary::CallSummaryPage;
use crate::pages::calls::CallsPage;
use crate::pages::creator_offers::CreatorOffersPage;
use crate::pages::creator_profile::CreatorProfilePage;
use crate::pages::creators::{CreatorPage, CreatorsPage};
use crate::pages::dashboard::UserDashboard;
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::profile::ProfilePage;
use crate::pages::register::RegisterPage;

const ADMINS: &[Role] = &[Role::Admin];
const CREATORS: &[Role] = &[Role::Creator];
const GUESTS: &[Role] = &[Role::User];
const MEMBERS: &[Role] = &[Role::User, Role::Creator];

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
    provide_unread(session);
    sync_locale(session);
    view! {
        <Router>
            <a class="skip-link" href="#main">{move || t_string!(i18n, app.skip)}</a>
            <Header/>
            <main id="main" class="site-main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/register") view=RegisterPage/>
                    <Route path=path!("/dashboard/user") view=|| view! { <RequireAuth roles=GUESTS><UserDashboard/></RequireAuth> }/>
                    <Route path=path!("/creators") view=CreatorsPage/>
                    <Route path=path!("/creators/:id") view=CreatorPage/>
                    <Route path=path!("/book/:offer_id") view=|| view! { <RequireAuth><BookPage/></RequireAuth> }/>
                    <Route path=path!("/book/:offer_id/success") view=|| view! { <RequireAuth><BookSuccessPage/></RequireAuth> }/>
                    <Route path=path!("/bookings/:id") view=|| view! { <RequireAuth><BookingPage/></RequireAuth> }/>
                    <Route path=path!("/calls") view=|| view! { <RequireAuth roles=MEMBERS><CallsPage/></RequireAuth> }/>
                    <Route path=path!("/call/:booking_id") view=|| view! { <RequireAuth><CallPage/></RequireAuth> }/>
                    <Route path=path!("/call/:booking_id/summary") view=|| view! { <RequireAuth><CallSummaryPage/></RequireAuth> }/>
                    <Route path=path!("/notifications") view=|| view! { <RequireAuth><NotificationsPage/></RequireAuth> }/>
                    <Route path=path!("/dashboard/creator") view=|| view! { <RequireAuth roles=CREATORS><CreatorOffersPage/></RequireAuth> }/>
                    <Route path=path!("/dashboard/creator/profile") view=|| view! { <RequireAuth roles=CREATORS><CreatorProfilePage/></RequireAuth> }/>
                    <Route path=path!("/admin/users") view=|| view! { <RequireAuth roles=ADMINS><AdminUsersPage/></RequireAuth> }/>
                    <Route path=path!("/admin/jobs") view=|| view! { <RequireAuth roles=ADMINS><AdminJobsPage/></RequireAuth> }/>
                    <Route path=path!("/admin/emails") view=|| view! { <RequireAuth roles=ADMINS><AdminEmailsPage/></RequireAuth> }/>
                    <Route path=path!("/admin/emails/:id") view=|| view! { <RequireAuth roles=ADMINS><AdminEmailPage/></RequireAuth> }/>
                    <Route path=path!("/admin/logs") view=|| view! { <RequireAuth roles=ADMINS><AdminLogsPage/></RequireAuth> }/>
                    <Route path=path!("/profile") view=|| view! { <RequireAuth><ProfilePage/></RequireAuth> }/>
                </Routes>
            </main>
            <footer class="site-footer">
                <div class="container muted small">{move || t_string!(i18n, app.tagline)}</div>
            </footer>
            <ToastStack/>
        </Router>
    }
}
