//! The admin bundle's route table.

use api_types::Bundle;
use callstar_web::app::Shell;
use callstar_web::components::guard::{ADMINS, RequireAuth};
use callstar_web::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::emails::{AdminEmailPage, AdminEmailsPage};
use crate::jobs::AdminJobsPage;
use crate::logs::AdminLogsPage;
use crate::payments::AdminPaymentsPage;
use crate::payouts::AdminPayoutsPage;
use crate::users::AdminUsersPage;

/// The admin bundle's root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell bundle=Bundle::Admin>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/admin/users") view=|| view! { <RequireAuth roles=ADMINS><AdminUsersPage/></RequireAuth> }/>
                <Route path=path!("/admin/jobs") view=|| view! { <RequireAuth roles=ADMINS><AdminJobsPage/></RequireAuth> }/>
                <Route path=path!("/admin/emails") view=|| view! { <RequireAuth roles=ADMINS><AdminEmailsPage/></RequireAuth> }/>
                <Route path=path!("/admin/emails/:id") view=|| view! { <RequireAuth roles=ADMINS><AdminEmailPage/></RequireAuth> }/>
                <Route path=path!("/admin/logs") view=|| view! { <RequireAuth roles=ADMINS><AdminLogsPage/></RequireAuth> }/>
                <Route path=path!("/admin/payouts") view=|| view! { <RequireAuth roles=ADMINS><AdminPayoutsPage/></RequireAuth> }/>
                <Route path=path!("/admin/payments") view=|| view! { <RequireAuth roles=ADMINS><AdminPaymentsPage/></RequireAuth> }/>
            </Routes>
        </Shell>
    }
}
