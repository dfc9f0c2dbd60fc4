//! `/`: what Callstar is, and the way in.

use api_types::{RegistrationRole, Route};
use leptos::prelude::*;

use crate::contexts::session::{Session, Status};
use crate::i18n::{t_string, use_i18n};
use crate::nav::Link;

/// The landing page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    view! {
        <section class="hero">
            <div class="container">
                <h1>{move || t_string!(i18n, home.title)}</h1>
                <p class="lead">{move || t_string!(i18n, home.subtitle)}</p>
                <div class="hero-actions">
                    <Show
                        when=move || session.status.get() == Status::SignedIn
                        fallback=move || view! {
                            <Link to=Route::Register { role: None } attr:class="btn btn-primary btn-lg">{move || t_string!(i18n, home.cta_fan)}</Link>
                            <Link to=Route::Register { role: Some(RegistrationRole::Creator) } attr:class="btn btn-secondary btn-lg">{move || t_string!(i18n, home.cta_creator)}</Link>
                        }
                    >
                        <Link to=Signal::derive(move || session.home()) attr:class="btn btn-primary btn-lg">{move || t_string!(i18n, home.cta_dashboard)}</Link>
                    </Show>
                </div>
            </div>
        </section>
        <section class="container features">
            <article class="card feature">
                <h2>{move || t_string!(i18n, home.feature_calls_title)}</h2>
                <p>{move || t_string!(i18n, home.feature_calls_text)}</p>
            </article>
            <article class="card feature">
                <h2>{move || t_string!(i18n, home.feature_planning_title)}</h2>
                <p>{move || t_string!(i18n, home.feature_planning_text)}</p>
            </article>
            <article class="card feature">
                <h2>{move || t_string!(i18n, home.feature_instant_title)}</h2>
                <p>{move || t_string!(i18n, home.feature_instant_text)}</p>
            </article>
        </section>
    }
}
