//! `/register`: create an account as a fan or a creator, then sign in. The server checks the
//! fields (password policy, e-mail, name) and its per-field refusals are shown on the fields.

use api_types::{ErrorCode, LoginRequest, RegisterRequest, RegistrationRole, Route};
use leptos::prelude::*;

use crate::components::field::TextField;
use crate::contexts::locale::to_api;
use crate::contexts::session::{Session, dashboard};
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::errors::{FieldErrors, error_message, field_errors};
use crate::format;
use crate::i18n::{t_string, use_i18n};
use crate::nav::{Link, current_route, use_navigator};

/// The registration page.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let navigator = use_navigator();
    let initial_role = match current_route() {
        Some(Route::Register { role: Some(role) }) => role,
        _ => RegistrationRole::User,
    };
    let role = RwSignal::new(initial_role);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let form_error = RwSignal::new(None::<String>);
    let error_of = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));

    let register = Action::new_local(move |body: &RegisterRequest| {
        let body = body.clone();
        async move {
            session.api.register(&body).await?;
            session.api.login(&LoginRequest { email: body.email, password: body.password }).await
        }
    });
    let pending = register.pending();

    Effect::new(move |_| match register.value().get() {
        Some(Ok(started)) => {
            session.start(&started);
            toasts.push(ToastKind::Success, t_string!(i18n, auth.welcome, name = started.user.name.clone()));
            navigator.replace(&dashboard(Some(started.user.role)));
        }
        Some(Err(err)) => {
            let mut found = field_errors(i18n, &err);
            if err.code() == Some(ErrorCode::EmailTaken) {
                found.insert("email".to_owned(), error_message(i18n, &err));
            }
            let message = if found.is_empty() {
                error_message(i18n, &err)
            } else {
                t_string!(i18n, errors.form_invalid).to_owned()
            };
            errors.set(found);
            form_error.set(Some(message));
        }
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let required = t_string!(i18n, errors.required);
        let mut missing = FieldErrors::new();
        for (field, value) in [("name", name), ("email", email), ("password", password)] {
            if value.with_untracked(|v| v.trim().is_empty()) {
                missing.insert(field.to_owned(), required.to_owned());
            }
        }
        let complete = missing.is_empty();
        errors.set(missing);
        if complete {
            register.dispatch(RegisterRequest {
                email: email.get_untracked(),
                password: password.get_untracked(),
                name: name.get_untracked(),
                role: role.get_untracked(),
                locale: Some(to_api(i18n.get_locale_untracked())),
                timezone: Some(format::browser_time_zone()),
            });
        }
    };

    view! {
        <div class="container narrow">
            <div class="card form-card">
                <h1>{move || t_string!(i18n, auth.register_title)}</h1>
                <p class="muted">{move || t_string!(i18n, auth.register_subtitle)}</p>
                <form on:submit=submit novalidate>
                    <div class="alert alert-error" role="alert" hidden=move || form_error.with(Option::is_none) data-testid="form-error">
                        {move || form_error.get().unwrap_or_default()}
                    </div>
                    <fieldset class="role-picker">
                        <legend>{move || t_string!(i18n, auth.role)}</legend>
                        <label class="role-option" class:selected=move || role.get() == RegistrationRole::User>
                            <input type="radio" name="role" value="user"
                                prop:checked=move || role.get() == RegistrationRole::User
                                on:change=move |_| role.set(RegistrationRole::User)/>
                            <span class="role-title">{move || t_string!(i18n, auth.role_user)}</span>
                            <span class="role-hint">{move || t_string!(i18n, auth.role_user_hint)}</span>
                        </label>
                        <label class="role-option" class:selected=move || role.get() == RegistrationRole::Creator>
                            <input type="radio" name="role" value="creator"
                                prop:checked=move || role.get() == RegistrationRole::Creator
                                on:change=move |_| role.set(RegistrationRole::Creator)/>
                            <span class="role-title">{move || t_string!(i18n, auth.role_creator)}</span>
                            <span class="role-hint">{move || t_string!(i18n, auth.role_creator_hint)}</span>
                        </label>
                    </fieldset>
                    <TextField id="name" autocomplete="name" label=Signal::derive(move || t_string!(i18n, auth.name).to_owned()) value=name error=error_of("name")/>
                    <TextField id="email" kind="email" autocomplete="email" label=Signal::derive(move || t_string!(i18n, auth.email).to_owned()) value=email error=error_of("email")/>
                    <TextField id="password" kind="password" autocomplete="new-password"
                        label=Signal::derive(move || t_string!(i18n, auth.password).to_owned())
                        hint=Signal::derive(move || t_string!(i18n, auth.password_hint).to_owned())
                        value=password error=error_of("password")/>
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get()>
                        {move || if pending.get() { t_string!(i18n, auth.submitting) } else { t_string!(i18n, auth.submit_register) }}
                    </button>
                </form>
                <p class="form-footer">
                    {move || t_string!(i18n, auth.have_account)} " " <Link to=Route::Login { next: None }>{move || t_string!(i18n, nav.login)}</Link>
                </p>
            </div>
        </div>
    }
}
