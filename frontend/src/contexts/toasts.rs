//! Short messages that confirm an action or report a failure, dismissed after a few
//! seconds or by the user.

use std::time::Duration;

use leptos::prelude::*;

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

    /// Removes a toast now.
    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

/// Provides the toast context.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts { items: RwSignal::new(Vec::new()), next: StoredValue::new(0) };
    provide_context(toasts);
    toasts
}
