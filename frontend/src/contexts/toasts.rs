//! Short messages that confirm an action or report a failure, dismissed after a few
//! seconds or by the user. Toasts on screen when the app loads another bundle's page (after
//! signing up, say) are shown again by that page.

use std::time::Duration;

use leptos::prelude::*;

use crate::storage;

/// How a toast looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// Something worked.
    Success,
    /// Something failed.
    Error,
    /// Neutral information.
    Info,
}

/// One toast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Identifier, for dismissal.
    pub id: u64,
    /// Look.
    pub kind: ToastKind,
    /// The (translated) text.
    pub message: String,
}

/// The toast context.
#[derive(Clone, Copy)]
pub struct Toasts {
    /// The toasts on screen, oldest first.
    pub items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    /// Shows a toast for five seconds.
    pub fn push(&self, kind: ToastKind, message: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|items| items.push(Toast { id, kind, message: message.into() }));
        let items = self.items;
        set_timeout(move || items.update(|items| items.retain(|t| t.id != id)), Duration::from_secs(5));
    }

    /// Hands the toasts on screen to the next page this tab loads (a page of another bundle).
    pub fn keep_for_next_page(&self) {
        let kept = self.items.with_untracked(|items| items.iter().map(encode).collect::<Vec<_>>().join(SEPARATOR));
        if !kept.is_empty() {
            storage::save_toasts(&kept);
        }
    }

    /// Removes a toast now.
    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

/// Provides the toast context.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts { items: RwSignal::new(Vec::new()), next: StoredValue::new(0) };
    provide_context(toasts);
    let kept = storage::take_toasts().unwrap_or_default();
    for (kind, message) in kept.split(SEPARATOR).filter_map(decode) {
        toasts.push(kind, message);
    }
    toasts
}

/// Between kept toasts (a control character no message contains).
const SEPARATOR: &str = "\u{1e}";

/// A kept toast: its kind's letter, then its text (no serde: it would weigh on every bundle).
fn encode(toast: &Toast) -> String {
    let kind = match toast.kind {
        ToastKind::Success => 's',
        ToastKind::Error => 'e',
        ToastKind::Info => 'i',
    };
    format!("{kind}{}", toast.message)
}

fn decode(kept: &str) -> Option<(ToastKind, String)> {
    let mut chars = kept.chars();
    let kind = match chars.next()? {
        's' => ToastKind::Success,
        'e' => ToastKind::Error,
        'i' => ToastKind::Info,
        _ => return None,
    };
    Some((kind, chars.as_str().to_owned()))
}
