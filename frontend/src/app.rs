//! The shell every bundle shares (providers, header, footer, toasts) and the main bundle's
//! route table. Each other bundle has its own table in its `app.rs`; a page's path is also its
//! `api_types::Route`, whose `bundle()` says which table holds it.

use api_types::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::components::instant_call::InstantCalls;
use crate::components::toasts::ToastStack;
use crate::contexts::locale::sync_locale;
use crate::contexts::realtime::provide_realtime;
use crate::contexts::session::provide_session;
use crate::contexts::toasts::provide_toasts;
use crate::contexts::unread::provide_unread;
use crate::i18n::{I18nContextProvider, t_string, use_i18n};
use crate::nav::provide_bundle;
use crate::pages::creators::{CreatorPage, CreatorsPage};
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::register::RegisterPage;

/// The main bundle's root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Shell bundle=Bundle::Main>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/register") view=RegisterPage/>
                <Route path=path!("/creators") view=CreatorsPage/>
                <Route path=path!("/creators/:id") view=CreatorPage/>
            </Routes>
        </Shell>
    }
}

/// What every page of every bundle sits in: the language, the session, toasts, the unread
/// count, the real-time channel (and the instant calls it rings), the router, the header and
/// the footer. `children` is the bundle's `<Routes>`.
#[component]
pub fn Shell(
    /// The bundle this shell runs in: links to other bundles' pages become page loads.
    bundle: Bundle,
    children: Children,
) -> impl IntoView {
    view! {
        <I18nContextProvider enable_cookie=false>
            <Frame bundle=bundle>{children()}</Frame>
        </I18nContextProvider>
    }
}

#[component]
fn Frame(bundle: Bundle, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let session = provide_session();
    provide_toasts();
    let unread = provide_unread(session);
    provide_realtime(session, unread);
    sync_locale(session);
    provide_bundle(bundle);
    view! {
        <Router>
            <a class="skip-link" href="#main">{move || t_string!(i18n, app.skip)}</a>
            <Header/>
            <main id="main" class="site-main">{children()}</main>
            <footer class="site-footer">
                <div class="container muted small">{move || t_string!(i18n, app.tagline)}</div>
            </footer>
            <InstantCalls/>
            <ToastStack/>
        </Router>
    }
}
