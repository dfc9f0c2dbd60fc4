//! Browser storage, in one place. Only the anonymous visitor's language, the call page's debug
//! switch and the toasts on screen while the app loads another bundle are stored here: tokens
//! never touch storage (see `api`).

const LOCALE_KEY: &str = "callstar.locale";
const DEBUG_KEY: &str = "callstar.debug";
const TOASTS_KEY: &str = "callstar.toasts";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Keeps toasts (encoded by `contexts::toasts`) for the page this tab loads next.
pub fn save_toasts(toasts: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(TOASTS_KEY, toasts);
    }
}

/// The toasts the previous page of this tab left, once.
pub fn take_toasts() -> Option<String> {
    let storage = session_storage()?;
    let toasts = storage.get_item(TOASTS_KEY).ok()??;
    let _ = storage.remove_item(TOASTS_KEY);
    Some(toasts)
}

/// The language chosen by an anonymous visitor, if any.
pub fn saved_locale() -> Option<String> {
    local_storage()?.get_item(LOCALE_KEY).ok()?
}

/// Remembers the chosen language for the next visit.
pub fn save_locale(locale: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LOCALE_KEY, locale);
    }
}

/// Whether the call page prints its events to the console (`callstar.debug` set to
/// anything but "", "0" or "false").
pub fn debug_enabled() -> bool {
    local_storage()
        .and_then(|storage| storage.get_item(DEBUG_KEY).ok().flatten())
        .is_some_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}
