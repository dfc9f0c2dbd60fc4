//! The call bundle's route table.

use api_types::Bundle;
use callstar_web::app::Shell;
use callstar_web::components::guard::RequireAuth;
use callstar_web::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::guest::CallEntry;
use crate::summary::CallSummaryPage;

/// The call bundle's root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell bundle=Bundle::Call>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/call/:booking_id") view=CallEntry/>
                <Route path=path!("/call/:booking_id/summary") view=|| view! { <RequireAuth><CallSummaryPage/></RequireAuth> }/>
            </Routes>
        </Shell>
    }
}
