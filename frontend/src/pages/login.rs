//! `/login`: e-mail and password, then back to where the visitor was going.

use api_types::{LoginRequest, Route};
use leptos::prelude::*;

use crate::components::field::TextField;
use crate::contexts::session::{Session, dashboard};
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::errors::error_message;
use crate::i18n::{t_string, use_i18n};
use crate::nav::{Link, current_route, use_navigator};

/// The login page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigator = use_navigator();
    // Only a page of the app is followed (never another site).
    let next = match current_route() {
        Some(Route::Login { next: Some(next) }) => Route::parse(&next),
        _ => None,
    };
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let login = Action::new_local(move |body: &LoginRequest| {
        let body = body.clone();
        async move { session.api.login(&body).await }
    });
    let pending = login.pending();

    Effect::new(move |_| match login.value().get() {
        Some(Ok(started)) => {
            session.start(&started);
            toasts.push(ToastKind::Success, t_string!(i18n, auth.welcome, name = started.user.name.clone()));
            navigator.replace(&next.clone().unwrap_or_else(|| dashboard(Some(started.user.role))));
        }
        Some(Err(err)) => form_error.set(Some(error_message(i18n, &err))),
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let required = t_string!(i18n, errors.required).to_owned();
        email_error.set(email.with(|e| e.trim().is_empty()).then(|| required.clone()));
        password_error.set(password.with(String::is_empty).then_some(required));
        if email_error.with(Option::is_none) && password_error.with(Option::is_none) {
            login.dispatch(LoginRequest { email: email.get_untracked(), password: password.get_untracked() });
        }
    };

    view! {
        <div class="container narrow">
            <div class="card form-card">
                <h1>{move || t_string!(i18n, auth.login_title)}</h1>
                <p class="muted">{move || t_string!(i18n, auth.login_subtitle)}</p>
                <form on:submit=submit novalidate>
                    <div class="alert alert-error" role="alert" hidden=move || form_error.with(Option::is_none) data-testid="form-error">
                        {move || form_error.get().unwrap_or_default()}
                    </div>
                    <TextField id="email" kind="email" autocomplete="email" label=Signal::derive(move || t_string!(i18n, auth.email).to_owned()) value=email error=email_error/>
                    <TextField id="password" kind="password" autocomplete="current-password" label=Signal::derive(move || t_string!(i18n, auth.password).to_owned()) value=password error=password_error/>
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                        {move || if pending.get() { t_string!(i18n, auth.submitting) } else { t_string!(i18n, auth.submit_login) }}
                    </button>
                </form>
                <p class="form-footer">
                    {move || t_string!(i18n, auth.no_account)} " "
                    <Link to=Route::Register { role: None }>{move || t_string!(i18n, nav.register)}</Link>
                </p>
            </div>
        </div>
    }
}
