//! `/profile`: name, language and time zone.

use api_types::UpdateMeRequest;
use leptos::prelude::*;

use callstar_web::components::field::TextField;
use callstar_web::contexts::locale::{choose_locale, from_api, to_api};
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{FieldErrors, error_message, field_errors};
use callstar_web::format;
use callstar_web::i18n::{Locale, t_string, use_i18n};

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let current = session.user.get_untracked();
    let name = RwSignal::new(current.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let email = current.as_ref().map(|u| u.email.clone()).unwrap_or_default();
    let locale = RwSignal::new(current.as_ref().map_or(Locale::en, |u| from_api(u.locale)));
    let zone = RwSignal::new(current.as_ref().map(|u| u.timezone.clone()).unwrap_or_else(format::browser_time_zone));
    let zones = StoredValue::new(format::time_zones());
    let errors = RwSignal::new(FieldErrors::new());
    let name_error = Signal::derive(move || errors.with(|e| e.get("name").cloned()));

    let save = Action::new_local(move |body: &UpdateMeRequest| {
        let body = body.clone();
        async move { session.api.update_me(&body).await }
    });
    let pending = save.pending();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(user)) => {
            errors.set(Default::default());
            let chosen = from_api(user.locale);
            session.user.set(Some(user));
            choose_locale(session, i18n, chosen);
            toasts.push(ToastKind::Success, t_string!(i18n, profile.saved));
        }
        Some(Err(err)) => {
            errors.set(field_errors(i18n, &err));
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if name.with(|n| n.trim().is_empty()) {
            errors.set([("name".to_owned(), t_string!(i18n, errors.required).to_owned())].into());
            return;
        }
        save.dispatch(UpdateMeRequest {
            name: Some(name.get_untracked()),
            locale: Some(to_api(locale.get_untracked())),
            timezone: Some(zone.get_untracked()),
        });
    };

    view! {
        <div class="container narrow">
            <div class="card form-card">
                <h1>{move || t_string!(i18n, profile.title)}</h1>
                <p class="muted">{move || t_string!(i18n, profile.subtitle)}</p>
                <form on:submit=submit novalidate>
                    <TextField id="name" autocomplete="name" label=Signal::derive(move || t_string!(i18n, profile.name).to_owned()) value=name error=name_error/>
                    <div class="field">
                        <label for="email">{move || t_string!(i18n, profile.email)}</label>
                        <input id="email" type="email" value=email readonly aria-readonly="true"/>
                    </div>
                    <div class="field">
                        <label for="locale">{move || t_string!(i18n, profile.language)}</label>
                        <select id="locale" on:change=move |ev| {
                            if let Ok(l) = event_target_value(&ev).parse::<Locale>() { locale.set(l) }
                        }>
                            <option value="en" selected=move || locale.get() == Locale::en>{move || t_string!(i18n, language.en)}</option>
                            <option value="fr" selected=move || locale.get() == Locale::fr>{move || t_string!(i18n, language.fr)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="timezone">{move || t_string!(i18n, profile.time_zone)}</label>
                        <select id="timezone" aria-describedby="timezone-hint" on:change=move |ev| zone.set(event_target_value(&ev))>
                            {move || {
                                let selected = zone.get();
                                let mut list = zones.get_value();
                                if !list.contains(&selected) {
                                    list.insert(0, selected.clone());
                                }
                                list.into_iter()
                                    .map(|z| {
                                        let is_selected = z == selected;
                                        view! { <option value=z.clone() selected=is_selected>{z.clone()}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                        <p class="field-hint" id="timezone-hint">{move || t_string!(i18n, profile.time_zone_hint)}</p>
                    </div>
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                        {move || if pending.get() { t_string!(i18n, profile.saving) } else { t_string!(i18n, profile.save) }}
                    </button>
                </form>
            </div>
        </div>
    }
}
