//! Loading, error and empty states.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// A spinner with a label for screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{move || t_string!(i18n, app.loading)}</span>
        </div>
    }
}

/// A failure with a retry button.
#[component]
pub fn LoadError(#[prop(into)] message: Signal<String>, on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert alert-error" role="alert">
            <p>{message}</p>
            <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| on_retry.run(())>
                {move || t_string!(i18n, errors.retry)}
            </button>
        </div>
    }
}

/// An empty list, with what to do about it.
#[component]
pub fn Empty(#[prop(into)] title: Signal<String>, #[prop(into)] hint: Signal<String>) -> impl IntoView {
    view! {
        <div class="empty-state">
            <div class="empty-icon" aria-hidden="true">"◌"</div>
            <p class="empty-title">{title}</p>
            <p class="empty-hint">{hint}</p>
        </div>
    }
}
