//! The call bundle's route table: a signed-in person's own pages and the call itself.

use api_types::Bundle;
use callstar_web::app::Shell;
use callstar_web::components::guard::{GUESTS, MEMBERS, RequireAuth};
use callstar_web::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::account::book::{BookPage, BookSuccessPage};
use crate::account::booking::BookingPage;
use crate::account::calls::CallsPage;
use crate::account::dashboard::UserDashboard;
use crate::account::notifications::NotificationsPage;
use crate::account::profile::ProfilePage;
use crate::caller::Caller;
use crate::guest::CallEntry;
use crate::history::VideoCallsPage;
use crate::instant::InstantCallPage;
use crate::organization::{InvitationPage, InvitationsPage, OrganizationPage};
use crate::summary::CallSummaryPage;

/// The call bundle's root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell bundle=Bundle::Call>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/call/:booking_id") view=CallEntry/>
                <Route path=path!("/dashboard/user") view=|| view! { <RequireAuth roles=GUESTS><UserDashboard/></RequireAuth> }/>
                <Route path=path!("/book/:offer_id") view=|| view! { <RequireAuth><BookPage/></RequireAuth> }/>
                <Route path=path!("/book/:offer_id/success") view=|| view! { <RequireAuth><BookSuccessPage/></RequireAuth> }/>
                <Route path=path!("/bookings/:id") view=|| view! { <RequireAuth><BookingPage/></RequireAuth> }/>
                <Route path=path!("/calls") view=|| view! { <RequireAuth roles=MEMBERS><CallsPage/></RequireAuth> }/>
                <Route path=path!("/notifications") view=|| view! { <RequireAuth><NotificationsPage/></RequireAuth> }/>
                <Route path=path!("/profile") view=|| view! { <RequireAuth><ProfilePage/></RequireAuth> }/>
                <Route path=path!("/call/:booking_id/summary") view=|| view! { <RequireAuth><CallSummaryPage/></RequireAuth> }/>
                <Route path=path!("/video-calls") view=|| view! { <RequireAuth><VideoCallsPage/></RequireAuth> }/>
                <Route path=path!("/video-calls/:id") view=|| view! { <RequireAuth><InstantCallPage/></RequireAuth> }/>
                <Route path=path!("/organization") view=|| view! { <RequireAuth><OrganizationPage/></RequireAuth> }/>
                <Route path=path!("/invitations") view=|| view! { <RequireAuth><InvitationsPage/></RequireAuth> }/>
                <Route path=path!("/invitations/:id") view=InvitationPage/>
            </Routes>
            <Caller/>
        </Shell>
    }
}
