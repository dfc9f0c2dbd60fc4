//! The 404 page, the fallback of every bundle's route table.

use api_types::Route;
use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};
use crate::nav::Link;

/// Shown for any unknown path.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="container narrow center">
            <p class="big-code" aria-hidden="true">"404"</p>
            <h1>{move || t_string!(i18n, not_found.title)}</h1>
            <p class="muted">{move || t_string!(i18n, not_found.text)}</p>
            <Link to=Route::Home attr:class="btn btn-primary">{move || t_string!(i18n, not_found.home)}</Link>
        </div>
    }
}
