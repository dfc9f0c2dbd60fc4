//! The site header: brand, navigation for the signed-in role, language switch, log out.

use api_types::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::contexts::locale::choose_locale;
use crate::contexts::session::{Session, Status};
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::contexts::unread::Unread;
use leptos_i18n::Locale as _;

use crate::i18n::{Locale, t_string, use_i18n};

/// The header shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let unread = expect_context::<Unread>();
    let navigate = use_navigate();
    let signed_in = move || session.status.get() == Status::SignedIn;
    let role = move || session.role();

    let log_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = session.api.logout().await;
            session.leaving.set(true);
            session.end();
            navigate("/", NavigateOptions::default());
            toasts.push(ToastKind::Info, t_string!(i18n, auth.signed_out));
            // Protected pages are gone by the time the next task runs.
            set_timeout(move || session.leaving.set(false), std::time::Duration::from_millis(50));
        });
    };

    view! {
        <header class="site-header">
            <div class="container header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"★"</span>
                    {move || t_string!(i18n, app.name)}
                </A>
                <nav class="main-nav" aria-label=move || t_string!(i18n, nav.label)>
                    <A href="/creators" attr:class="nav-link">{move || t_string!(i18n, nav.creators)}</A>
                    <Show
                        when=signed_in
                        fallback=move || {
                            view! {
                                <A href="/login" attr:class="nav-link">{move || t_string!(i18n, nav.login)}</A>
                                <A href="/register" attr:class="btn btn-primary btn-sm">{move || t_string!(i18n, nav.register)}</A>
                            }
                        }
                    >
                        <A href=move || session.home_path().to_owned() attr:class="nav-link">
                            {move || if role() == Some(Role::Admin) { t_string!(i18n, nav.users) } else { t_string!(i18n, nav.dashboard) }}
                        </A>
                        <Show when=move || role() != Some(Role::Admin)
                            fallback=move || view! { <A href="/admin/jobs" attr:class="nav-link">{move || t_string!(i18n, ops.operations)}</A> }>
                            <A href="/calls" attr:class="nav-link">{move || t_string!(i18n, nav.calls)}</A>
                        </Show>
                        <Show when=move || role() == Some(Role::Creator)>
                            <A href="/dashboard/creator/profile" attr:class="nav-link">{move || t_string!(i18n, nav.creator_profile)}</A>
                        </Show>
                        <A href="/profile" attr:class="nav-link">{move || t_string!(i18n, nav.profile)}</A>
                        <A href="/notifications" attr:class="bell" attr:data-testid="bell"
                            attr:aria-label=move || t_string!(i18n, nav.unread, count = unread.count.get())>
                            <span aria-hidden="true">"🔔"</span>
                            <Show when=move || { unread.count.get() > 0 }>
                                <span class="bell-count" data-testid="bell-count">{move || unread.count.get()}</span>
                            </Show>
                        </A>
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
