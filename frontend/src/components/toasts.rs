//! The toast stack, announced politely to screen readers.

use leptos::prelude::*;

use crate::contexts::toasts::{ToastKind, Toasts};

/// Renders the toasts of the context.
#[component]
pub fn ToastStack() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|toast| toast.id let(toast)>
                <div
                    class="toast"
                    class:toast-success=toast.kind == ToastKind::Success
                    class:toast-error=toast.kind == ToastKind::Error
                    data-testid="toast"
                >
                    <span>{toast.message.clone()}</span>
                    <button type="button" class="toast-close" aria-label="×" on:click=move |_| toasts.dismiss(toast.id)>
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
