//! Phase 1 of the call page: the time left until the call opens (`joinOpensAt`).

use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The countdown to `opens`, following `now`.
#[component]
pub fn Countdown(opens: DateTime<Utc>, now: ReadSignal<DateTime<Utc>>) -> impl IntoView {
    let i18n = use_i18n();
    let left = move || {
        let seconds = (opens - now.get()).num_seconds().max(0);
        match seconds / 86_400 {
            0 => format::clock(seconds),
            days => {
                let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
                t_string!(i18n, call.days, count = days, time = format!("{h:02}:{m:02}:{s:02}")).to_string()
            }
        }
    };
    view! {
        <section class="card center call-wait" data-testid="countdown">
            <p class="muted">{move || t_string!(i18n, call.opens_in)}</p>
            <p class="countdown" role="timer" data-testid="countdown-value">{left}</p>
            <p class="muted small">{move || t_string!(i18n, call.opens_hint)}</p>
        </section>
    }
}
