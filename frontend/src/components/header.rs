//! The site header: brand, navigation for the signed-in role, language switch, log out.

use api_types::{Role, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::Locale as _;

use crate::contexts::locale::choose_locale;
use crate::contexts::realtime::Realtime;
use crate::contexts::session::{Session, Status};
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::contexts::unread::Unread;
use crate::i18n::{Locale, t_string, use_i18n};
use crate::nav::{Link, is_here, use_navigator};

/// The header shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let unread = expect_context::<Unread>();
    let live = expect_context::<Realtime>();
    let navigator = use_navigator();
    let signed_in = move || session.status.get() == Status::SignedIn;
    let role = move || session.role();

    // Another bundle's home is a page load: this page then stays "leaving" until it is replaced.
    let home_is_here = is_here(&Route::Home);
    let log_out = move |_| {
        let navigator = navigator.clone();
        spawn_local(async move {
            let _ = session.api.logout().await;
            session.leaving.set(true);
            session.end();
            navigator.go(&Route::Home);
            toasts.push(ToastKind::Info, t_string!(i18n, auth.signed_out));
            // Protected pages are gone by the time the next task runs.
            if home_is_here {
                set_timeout(move || session.leaving.set(false), std::time::Duration::from_millis(50));
            }
        });
    };

    view! {
        <header class="site-header">
            <div class="container header-row">
                <Link to=Route::Home attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"★"</span>
                    {move || t_string!(i18n, app.name)}
                </Link>
                <nav class="main-nav" aria-label=move || t_string!(i18n, nav.label)>
                    <Link to=Route::Creators attr:class="nav-link">{move || t_string!(i18n, nav.creators)}</Link>
                    <Show
                        when=signed_in
                        fallback=move || {
                            view! {
                                <Link to=Route::Login { next: None } attr:class="nav-link">{move || t_string!(i18n, nav.login)}</Link>
                                <Link to=Route::Register { role: None } attr:class="btn btn-primary btn-sm">{move || t_string!(i18n, nav.register)}</Link>
                            }
                        }
                    >
                        <Link to=Signal::derive(move || session.home()) attr:class="nav-link">
                            {move || if role() == Some(Role::Admin) { t_string!(i18n, nav.users) } else { t_string!(i18n, nav.dashboard) }}
                        </Link>
                        <Show when=move || role() != Some(Role::Admin)
                            fallback=move || view! { <Link to=Route::AdminJobs attr:class="nav-link">{move || t_string!(i18n, ops.operations)}</Link> }>
                            <Link to=Route::Calls { past: false } attr:class="nav-link">{move || t_string!(i18n, nav.calls)}</Link>
                            <Link to=Signal::derive(move || if role() == Some(Role::Creator) { Route::Planning } else { Route::Appointments })
                                attr:class="nav-link">
                                {move || if role() == Some(Role::Creator) { t_string!(i18n, nav.planning) } else { t_string!(i18n, nav.appointments) }}
                            </Link>
                        </Show>
                        <Show when=move || live.member.with(Option::is_some)>
                            <Link to=Route::VideoCalls attr:class="nav-link">{move || t_string!(i18n, video_calls.title)}</Link>
                        </Show>
                        <Show when=move || role() == Some(Role::Creator)>
                            <Link to=Route::CreatorProfile attr:class="nav-link">{move || t_string!(i18n, nav.creator_profile)}</Link>
                        </Show>
                        <Link to=Route::Profile attr:class="nav-link">{move || t_string!(i18n, nav.profile)}</Link>
                        <Link to=Route::Notifications attr:class="bell" attr:data-testid="bell"
                            attr:aria-label=move || t_string!(i18n, nav.unread, count = unread.count.get())>
                            <span aria-hidden="true">"🔔"</span>
                            <Show when=move || { unread.count.get() > 0 }>
                                <span class="bell-count" data-testid="bell-count">{move || unread.count.get()}</span>
                            </Show>
                        </Link>
                        <span class="nav-user" data-testid="nav-user">{move || session.user.with(|u| u.as_ref().map(|u| u.name.clone()))}</span>
                        <button type="button" class="btn btn-ghost btn-sm" on:click=log_out.clone()>{move || t_string!(i18n, nav.logout)}</button>
                    </Show>
                    <LanguageSwitch/>
                </nav>
            </div>
        </header>
    }
}

/// A select between English and French.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let on_change = move |ev| {
        if let Ok(locale) = event_target_value(&ev).parse::<Locale>() {
            choose_locale(session, i18n, locale);
        }
    };
    view! {
        <label class="language-switch">
            <span class="visually-hidden">{move || t_string!(i18n, nav.language)}</span>
            <select on:change=on_change data-testid="language-switch" prop:value=move || i18n.get_locale().as_str()>
                <option value="en" selected=move || i18n.get_locale() == Locale::en>{move || t_string!(i18n, language.en)}</option>
                <option value="fr" selected=move || i18n.get_locale() == Locale::fr>{move || t_string!(i18n, language.fr)}</option>
            </select>
        </label>
    }
}
