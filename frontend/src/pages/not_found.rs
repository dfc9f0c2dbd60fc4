//! The 404 page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t_string, use_i18n};

/// Shown for any unknown path.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="container narrow center">
            <p class="big-code" aria-hidden="true">"404"</p>
            <h1>{move || t_string!(i18n, not_found.title)}</h1>
            <p class="muted">{move || t_string!(i18n, not_found.text)}</p>
            <A href="/" attr:class="btn btn-primary">{move || t_string!(i18n, not_found.home)}</A>
        </div>
    }
}
