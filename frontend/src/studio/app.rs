//! The studio bundle's route table.

use api_types::Bundle;
use callstar_web::app::Shell;
use callstar_web::components::guard::{CREATORS, MEMBERS, RequireAuth};
use callstar_web::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::earnings::CreatorEarningsPage;
use crate::offers::CreatorOffersPage;
use crate::planning::book::BookAppointmentPage;
use crate::planning::client::ClientAppointmentsPage;
use crate::planning::details::AppointmentPage;
use crate::planning::page::PlanningPage;
use crate::planning::settings::PlanningSettingsPage;
use crate::planning::wizard::NewAppointmentPage;
use crate::profile::CreatorProfilePage;

/// The studio bundle's root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell bundle=Bundle::Studio>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/dashboard/creator") view=|| view! { <RequireAuth roles=CREATORS><CreatorOffersPage/></RequireAuth> }/>
                <Route path=path!("/dashboard/creator/profile") view=|| view! { <RequireAuth roles=CREATORS><CreatorProfilePage/></RequireAuth> }/>
                <Route path=path!("/planning") view=|| view! { <RequireAuth roles=CREATORS><PlanningPage/></RequireAuth> }/>
                <Route path=path!("/planning/new") view=|| view! { <RequireAuth roles=CREATORS><NewAppointmentPage/></RequireAuth> }/>
                <Route path=path!("/planning/settings") view=|| view! { <RequireAuth roles=CREATORS><PlanningSettingsPage/></RequireAuth> }/>
                <Route path=path!("/appointments") view=|| view! { <RequireAuth roles=MEMBERS><ClientAppointmentsPage/></RequireAuth> }/>
                <Route path=path!("/appointments/:id") view=|| view! { <RequireAuth><AppointmentPage/></RequireAuth> }/>
                <Route path=path!("/hosts/:host/book") view=|| view! { <RequireAuth roles=MEMBERS><BookAppointmentPage/></RequireAuth> }/>
                <Route path=path!("/dashboard/creator/earnings") view=|| view! { <RequireAuth roles=CREATORS><CreatorEarningsPage/></RequireAuth> }/>
            </Routes>
        </Shell>
    }
}
