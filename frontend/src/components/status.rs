//! Loading, error and empty states, and the view of a page's [`Remote`] data.

use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::{ApiError, Remote};
use crate::errors::error_message;
use crate::i18n::{t_string, use_i18n};

impl<T: DeserializeOwned + 'static> Remote<T> {
    /// The data through `ok` once loaded, a spinner before, the failure with a retry button.
    pub fn view(self, ok: impl Fn(T) -> AnyView + Send + Sync + 'static) -> impl IntoView {
        let content = move || self.get().map(|result| result.map(&ok));
        loaded(Box::new(content), Callback::new(move |()| self.refetch()))
    }
}

/// What a section shows once its data is in: a view, or why it failed.
pub type Loaded = Option<Result<AnyView, ApiError>>;

/// A `<Transition>` over fetched data: a spinner at first, then `content`'s view, or the
/// failure with a retry button. Not generic, so every page shares one copy of it (see
/// [`Remote::view`]).
pub fn loaded(content: Box<dyn Fn() -> Loaded + Send + Sync>, retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || content().map(|result| match result {
                Ok(view) => view,
                Err(err) => view! { <LoadError message=error_message(i18n, &err) on_retry=retry/> }.into_any(),
            })}
        </Transition>
    }
}

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
