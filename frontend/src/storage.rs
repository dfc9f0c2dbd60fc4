//! Browser storage, in one place. Only the anonymous visitor's language is stored here:
//! tokens never touch storage (see `api`).

const LOCALE_KEY: &str = "callstar.locale";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
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
