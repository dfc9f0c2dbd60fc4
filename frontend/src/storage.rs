//! Browser storage, in one place: the anonymous visitor's language, the call page's debug
//! switch, the toasts on screen while the app loads another bundle, and an instant call's room
//! handed to the call page (see [`CallHandoff`]); the session's tokens never touch storage (see
//! `api`).

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

const CALL_KEY: &str = "callstar.call.";

/// What the page that placed or answered an instant call hands to the call page (another
/// bundle, so a page load): the room and this person's meeting token for it. It stays in this
/// tab's sessionStorage until the call ends, so a reload rejoins. Unlike the session's tokens
/// (which never touch storage), a meeting token admits to one private room only and expires
/// with it, within the hour.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CallHandoff {
    /// The Daily room (none without Daily).
    pub room_url: Option<String>,
    /// The meeting token for it.
    pub token: Option<String>,
    /// Whether the server has Daily (else the call shows the local camera only).
    pub video: bool,
    /// The other person's name.
    pub other: String,
    /// When the room expires (Unix seconds).
    pub expires_at: i64,
}

/// Keeps `handoff` for the call page of call `id`.
pub fn hand_off_call(id: uuid::Uuid, handoff: &CallHandoff) {
    if let (Some(storage), Ok(text)) = (session_storage(), serde_json::to_string(handoff)) {
        let _ = storage.set_item(&format!("{CALL_KEY}{id}"), &text);
    }
}

/// What was handed over for call `id`, if this tab placed or answered it.
pub fn handed_off_call(id: uuid::Uuid) -> Option<CallHandoff> {
    let text = session_storage()?.get_item(&format!("{CALL_KEY}{id}")).ok()??;
    serde_json::from_str(&text).ok()
}

/// Forgets call `id`'s handoff once the call is over.
pub fn forget_call(id: uuid::Uuid) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(&format!("{CALL_KEY}{id}"));
    }
}
