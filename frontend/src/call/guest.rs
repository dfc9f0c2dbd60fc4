//! A prospect's way in: the appointment e-mail links to `/call/:booking?key=…`
//! (`Route::GuestCall`). The key is exchanged for a session (`POST /api/auth/guest`), the key
//! leaves the address bar, and the normal call page follows. A prospect has no password yet:
//! [`ClaimAccount`] offers to set one, which makes the account theirs.

use api_types::Route;
use callstar_web::components::field::TextField;
use callstar_web::components::guard::RequireAuth;
use callstar_web::components::status::Loading;
use callstar_web::contexts::session::{Session, Status};
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{error_message, field_errors};
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::{Link, use_navigator, use_route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::page::CallPage;

/// `/call/:booking_id`, with or without a key.
#[component]
pub fn CallEntry() -> impl IntoView {
    let route = use_route();
    move || match route.get() {
        Some(Route::GuestCall { booking, key }) => view! { <GuestLink booking=booking key=key/> }.into_any(),
        _ => view! { <RequireAuth><CallPage/></RequireAuth> }.into_any(),
    }
}

/// Exchanges the link's key, once the session check at start is over (so that check cannot
/// sign the guest out again), then opens the call page without the key. Someone already signed
/// in who can see the appointment is not signed out for the link's guest.
#[component]
fn GuestLink(booking: Uuid, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let navigator = use_navigator();
    let failed = RwSignal::new(None::<String>);
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if session.status.get() == Status::Checking || started.get_value() {
            return;
        }
        started.set_value(true);
        let (key, navigator) = (key.clone(), navigator.clone());
        spawn_local(async move {
            // Someone signed in who takes part already (the host trying the link, the prospect
            // on a second visit) keeps their session.
            let signed_in = session.status.get_untracked() == Status::SignedIn;
            if signed_in && session.api.booking(booking).await.is_ok() {
                navigator.replace(&Route::Call(booking));
                return;
            }
            match session.api.guest_login(booking, &key).await {
                Ok(guest) => {
                    session.start(&guest);
                    navigator.replace(&Route::Call(booking));
                }
                Err(err) => failed.set(Some(match err.code() {
                    Some(api_types::ErrorCode::Unauthorized) => t_string!(i18n, guest.link_invalid).to_owned(),
                    _ => error_message(i18n, &err),
                })),
            }
        });
    });
    view! {
        <div class="container narrow">
            {move || match failed.get() {
                None => view! { <Loading/><p class="center muted">{move || t_string!(i18n, guest.opening)}</p> }.into_any(),
                Some(message) => view! {
                    <div class="alert alert-error" role="alert" data-testid="guest-link-failed">
                        <p>{message}</p>
                        <Link to=Route::Login { next: Some(Route::Call(booking).href()) } attr:class="btn btn-secondary btn-sm">
                            {move || t_string!(i18n, nav.login)}
                        </Link>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

/// For an account opened by an appointment link (no password yet): set one, to sign in later.
#[component]
pub fn ClaimAccount() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = Action::new_local(move |text: &String| {
        let text = text.clone();
        async move { session.api.set_first_password(&text).await }
    });
    let pending = save.pending();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(user)) => {
            session.user.set(Some(user));
            toasts.push(ToastKind::Success, t_string!(i18n, guest.claimed));
        }
        Some(Err(err)) => {
            error.set(field_errors(i18n, &err).remove("password").or_else(|| Some(error_message(i18n, &err))));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(password.get_untracked());
    };
    let unclaimed = move || session.user.with(|user| user.as_ref().is_some_and(|user| !user.has_password));
    view! {
        <Show when=unclaimed>
            <section class="card" data-testid="claim-account">
                <h2>{move || t_string!(i18n, guest.claim_title)}</h2>
                <p class="muted">{move || t_string!(i18n, guest.claim_text)}</p>
                <form on:submit=submit novalidate>
                    <TextField id="claim-password" kind="password" autocomplete="new-password"
                        label=Signal::derive(move || t_string!(i18n, auth.password).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, auth.password_hint).to_owned())
                        value=password error=error/>
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>{move || t_string!(i18n, guest.claim_submit)}</button>
                </form>
            </section>
        </Show>
    }
}
