//! Instant calls in the shell, so an organization member is rung wherever they are: the
//! incoming-call modal (ringtone, countdown to the server's deadline, accept, decline), and the
//! floating call button. The button is a link to the call bundle, which holds the person picker
//! and the caller's "Calling…" state (`call/caller.rs`): the first load stays small, and the
//! call page the caller is headed for is in that bundle anyway. Accepting opens the call page
//! (`Route::VideoCall`).

use api_types::{CallStatus, IncomingCall, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::clock;
use crate::contexts::realtime::Realtime;
use crate::contexts::session::Session;
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::errors::error_message;
use crate::i18n::{t_string, use_i18n};
use crate::interop::realtime::ring;
use crate::nav::{is_here, use_navigator};
use crate::storage::{self, CallHandoff};

/// The instant-call layer of the shell: nothing for people outside an organization. The call
/// bundle has its own call button, which opens the picker in place.
#[component]
pub fn InstantCalls() -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Realtime>();
    let button = !is_here(&Route::VideoCalls);
    // Set again with the same call (a catch-up), the modal keeps ringing undisturbed.
    let incoming = Memo::new(move |_| live.incoming.get());
    view! {
        {move || incoming.get().map(|call| view! { <Ringing call=call/> })}
        <Show when=move || button && live.member.with(Option::is_some)>
            <a class="call-fab" href=format!("{}#call", Route::VideoCalls.href()) rel="external" data-testid="call-fab"
                aria-label=t_string!(i18n, instant.call_someone)>"✆"</a>
        </Show>
    }
}

/// A person's picture, or their initials.
#[component]
pub fn Avatar(name: String, picture: Option<String>) -> impl IntoView {
    match picture {
        Some(src) => view! { <img class="avatar" src=src alt=""/> }.into_any(),
        None => view! { <span class="avatar" aria-hidden="true">{initials(&name)}</span> }.into_any(),
    }
}

/// Up to two initials: "Ada Lovelace" → "AL".
fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|word| word.chars().next()).take(2).flat_map(char::to_uppercase).collect()
}

/// The callee's modal: rings until the server's deadline; the server then marks the call
/// missed and its `call-status` closes the modal.
#[component]
fn Ringing(call: IncomingCall) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let live = expect_context::<Realtime>();
    let toasts = expect_context::<Toasts>();
    let navigator = use_navigator();
    let now = clock::ticking();
    let until = call.rings_until;
    let left = Memo::new(move |_| (until - now.get()).num_seconds().max(0));
    let tone = StoredValue::new_local(Some(ring(left.get_untracked().try_into().unwrap_or(0))));
    let ringing = if tone.with_value(|t| t.as_ref().is_some_and(|t| t.audible())) { "on" } else { "off" };
    // Dropping the ringtone stops it (also when the modal goes away).
    let silence = move || {
        let _ = tone.try_set_value(None);
    };
    on_cleanup(silence);
    Effect::new(move |_| {
        if left.get() == 0 {
            silence();
        }
    });
    let busy = RwSignal::new(false);
    let (id, name) = (call.call_id, call.caller_name.clone());
    let answer = move |status: CallStatus| {
        busy.set(true);
        silence();
        let (navigator, name) = (navigator.clone(), name.clone());
        spawn_local(async move {
            match session.api.update_call_status(id, status).await {
                Ok(updated) if status == CallStatus::Answered => {
                    let room = updated.call.room_url.clone();
                    let handoff = CallHandoff {
                        video: room.is_some(),
                        room_url: room,
                        token: updated.token,
                        other: name,
                        expires_at: updated.call.started_at.timestamp() + 3600,
                    };
                    storage::hand_off_call(id, &handoff);
                    live.incoming.set(None);
                    navigator.go(&Route::VideoCall(id));
                }
                Ok(_) => live.incoming.set(None),
                Err(err) => {
                    toasts.push(ToastKind::Error, error_message(i18n, &err));
                    live.incoming.set(None);
                }
            }
        });
    };
    let (accept, decline) = (answer.clone(), answer);
    // Words read once: the modal lives 30 seconds at most (and every reactive closure costs
    // bytes in every bundle).
    let title = t_string!(i18n, instant.incoming, name = call.caller_name.clone()).to_string();
    let label = title.clone();
    view! {
        <div class="modal-backdrop">
            <section class="modal card center" role="alertdialog" aria-modal="true" aria-label=label
                data-testid="incoming-call" data-ring=ringing>
                <Avatar name=call.caller_name picture=call.caller_avatar/>
                <h2>{title}</h2>
                <p class="muted" aria-live="polite" data-testid="ring-countdown">
                    {move || t_string!(i18n, instant.rings_for, seconds = left.get())}
                </p>
                <div class="modal-actions">
                    <button type="button" class="btn btn-secondary" data-testid="decline" disabled=move || busy.get()
                        on:click=move |_| decline(CallStatus::Declined)>{t_string!(i18n, instant.decline)}</button>
                    <button type="button" class="btn btn-primary" data-testid="accept" disabled=move || busy.get()
                        on:click=move |_| accept(CallStatus::Answered)>{t_string!(i18n, instant.accept)}</button>
                </div>
            </section>
        </div>
    }
}
