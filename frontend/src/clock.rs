//! The wall clock as a signal, for pages that follow it (countdowns, join buttons). It
//! ticks every second while the page is shown and reads the browser's `Date`, so a
//! controlled clock in tests moves it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Now, updated every second until the calling component goes away.
pub fn ticking() -> ReadSignal<DateTime<Utc>> {
    let (now, set_now) = signal(Utc::now());
    if let Ok(handle) = set_interval_with_handle(move || set_now.set(Utc::now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    now
}
