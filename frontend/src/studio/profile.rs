//! `/dashboard/creator/profile`: the public profile and Stripe Connect onboarding.

use api_types::{CreatorProfile, UpdateCreatorRequest};
use callstar_web::api::Remote;
use callstar_web::components::field::TextField;
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::{error_message, field_errors};
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The creator profile editor.
#[component]
pub fn CreatorProfilePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let profile = Remote::new(move || Some(session.api.my_creator_profile()));
    view! {
        <div class="container narrow stack">
            {profile.view(move |current| view! { <Editor current=current on_saved=Callback::new(move |()| profile.refetch())/> }.into_any())}
        </div>
    }
}

#[component]
fn Editor(current: CreatorProfile, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let bio = RwSignal::new(current.bio.clone().unwrap_or_default());
    let expertise = RwSignal::new(current.expertise.clone().unwrap_or_default());
    let image = RwSignal::new(current.profile_image.clone().unwrap_or_default());
    let currency = RwSignal::new(current.currency.clone());
    let zone = RwSignal::new(current.timezone.clone());
    let image_error = RwSignal::new(None::<String>);
    let links = current.social_links.clone();
    let save = Action::new_local(move |body: &UpdateCreatorRequest| {
        let body = body.clone();
        async move { session.api.update_my_creator_profile(&body).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            toasts.push(ToastKind::Success, t_string!(i18n, creator_profile.saved));
            on_saved.run(());
        }
        Some(Err(err)) => {
            image_error.set(field_errors(i18n, &err).remove("profileImage"));
            toasts.push(ToastKind::Error, error_message(i18n, &err));
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        image_error.set(None);
        let text = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        save.dispatch(UpdateCreatorRequest {
            bio: text(bio.get_untracked()),
            expertise: text(expertise.get_untracked()),
            profile_image: text(image.get_untracked()),
            social_links: links.clone(),
            currency: currency.get_untracked(),
            timezone: zone.get_untracked(),
        });
    };
    let onboard = move |_| {
        spawn_local(async move {
            match session.api.onboarding_link().await {
                Ok(link) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href(&link.url);
                    }
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    };
    let stripe = current.stripe.clone().unwrap_or(api_types::StripeAccountStatus {
        connected: false,
        charges_enabled: false,
        payouts_enabled: false,
        details_submitted: false,
        default_currency: None,
        test_mode: true,
    });
    let zones = StoredValue::new(format::time_zones());
    view! {
        <section class="card form-card">
            <h1>{move || t_string!(i18n, creator_profile.title)}</h1>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="bio">{move || t_string!(i18n, creator_profile.bio)}</label>
                    <textarea id="bio" rows="4" prop:value=move || bio.get() on:input=move |ev| bio.set(event_target_value(&ev))></textarea>
                </div>
                <TextField id="expertise" label=Signal::derive(move || t_string!(i18n, creator_profile.expertise).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, creator_profile.expertise_hint).to_owned()) value=expertise error=Signal::derive(|| None::<String>)/>
                <TextField id="image" kind="url" label=Signal::derive(move || t_string!(i18n, creator_profile.image).to_owned()) value=image error=image_error/>
                <div class="form-row">
                    <div class="field">
                        <label for="currency">{move || t_string!(i18n, creator_profile.currency)}</label>
                        <select id="currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                            {["EUR", "CHF", "USD", "GBP"].into_iter().map(|c| view! { <option value=c selected=move || currency.get() == c>{c}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="creator-timezone">{move || t_string!(i18n, creator_profile.time_zone)}</label>
                        <select id="creator-timezone" on:change=move |ev| zone.set(event_target_value(&ev))>
                            {move || zones.get_value().into_iter().map(|z| {
                                let selected = z == zone.get_untracked();
                                view! { <option value=z.clone() selected=selected>{z.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <button type="submit" class="btn btn-primary">{move || t_string!(i18n, creator_profile.save)}</button>
            </form>
        </section>
        <section class="card" data-testid="stripe-status">
            <h2>{move || t_string!(i18n, creator_profile.stripe_title)}</h2>
            {if stripe.test_mode {
                view! { <p class="alert alert-info">{move || t_string!(i18n, creator_profile.stripe_test)}</p> }.into_any()
            } else {
                ().into_any()
            }}
            {if stripe.charges_enabled {
                view! { <p><span class="badge badge-success">"✓"</span> " " {move || t_string!(i18n, creator_profile.stripe_connected)}</p> }.into_any()
            } else if stripe.connected {
                view! { <p>{move || t_string!(i18n, creator_profile.stripe_pending)}</p> }.into_any()
            } else {
                view! { <p>{move || t_string!(i18n, creator_profile.stripe_none)}</p> }.into_any()
            }}
            <button type="button" class="btn btn-secondary" on:click=onboard>{move || t_string!(i18n, creator_profile.stripe_button)}</button>
        </section>
    }
}
