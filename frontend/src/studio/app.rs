//! The studio bundle's route table.

use api_types::Bundle;
use callstar_web::app::Shell;
use callstar_web::components::guard::{CREATORS, RequireAuth};
use callstar_web::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::offers::CreatorOffersPage;
use crate::profile::CreatorProfilePage;

/// The studio bundle's root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell bundle=Bundle::Studio>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/dashboard/creator") view=|| view! { <RequireAuth roles=CREATORS><CreatorOffersPage/></RequireAuth> }/>
                <Route path=path!("/dashboard/creator/profile") view=|| view! { <RequireAuth roles=CREATORS><CreatorProfilePage/></RequireAuth> }/>
            </Routes>
        </Shell>
    }
}
