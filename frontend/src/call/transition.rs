//! Phase 4 of the call page: "call ended", then the summary after a moment (at once readable
//! when an error ended the call).

use std::time::Duration;

use api_types::Route;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::{Link, use_navigator};
use leptos::prelude::*;

/// "Call ended…", then `summary`; with a `note` (an error) it waits for a click instead.
#[component]
pub fn Ended(summary: Route, note: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    if note.is_none() {
        let to = summary.clone();
        let go = move || navigator.go(&to);
        if let Ok(handle) = set_timeout_with_handle(go, Duration::from_millis(1500)) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <section class="card center call-ended" data-testid="call-ended">
            <h1>{move || t_string!(i18n, call.ended)}</h1>
            {match note {
                Some(note) => view! {
                    <p class="alert alert-error" role="alert">{note}</p>
                    <Link to=summary attr:class="btn btn-primary">{move || t_string!(i18n, call.see_summary)}</Link>
                }.into_any(),
                None => view! { <span class="spinner" aria-hidden="true"></span> }.into_any(),
            }}
        </section>
    }
}
