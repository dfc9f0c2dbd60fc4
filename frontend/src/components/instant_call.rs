//! Instant calls in the shell, so an organization member is rung wherever they are: the
//! incoming-call modal (ringtone, countdown to the server's deadline, accept, decline), and the
//! floating call button with its person picker and the caller's "Calling…" state. Both sides
//! go to the call page (`Route::VideoCall`, the call bundle) once the call is answered.

use api_types::{CallStatus, Contact, CreateCallRequest, IncomingCall, MemberRole, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Remote;
use crate::clock;
use crate::components::status::Empty;
use crate::contexts::realtime::{Outgoing, Realtime};
use crate::contexts::session::Session;
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::errors::error_message;
use crate::i18n::{t_string, use_i18n};
use crate::interop::realtime::ring;
use crate::nav::use_navigator;
use crate::storage::{self, CallHandoff};

/// The instant-call layer of the shell: nothing for people outside an organization.
#[component]
pub fn InstantCalls() -> impl IntoView {
    let live = expect_context::<Realtime>();
    // Set again with the same call (a catch-up), the modal keeps ringing undisturbed.
    let incoming = Memo::new(move |_| live.incoming.get());
    let outgoing = Memo::new(move |_| live.outgoing.get());
    view! {
        {move || incoming.get().map(|call| view! { <Ringing call=call/> })}
        {move || outgoing.get().map(|call| view! { <Calling call=call/> })}
        {move || live.member.get().map(|side| view! { <CallButton side=side/> })}
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
    let caller = call.caller_name.clone();
    view! {
        <div class="modal-backdrop">
            <section class="modal card center" role="alertdialog" aria-modal="true" aria-labelledby="incoming-title"
                data-testid="incoming-call" data-ring=ringing>
                <Avatar name=call.caller_name.clone() picture=call.caller_avatar.clone()/>
                <h2 id="incoming-title">{move || t_string!(i18n, instant.incoming, name = caller.clone())}</h2>
                <p class="muted" aria-live="polite" data-testid="ring-countdown">
                    {move || t_string!(i18n, instant.rings_for, seconds = left.get())}
                </p>
                <div class="modal-actions">
                    <button type="button" class="btn btn-secondary" data-testid="decline" disabled=move || busy.get()
                        on:click=move |_| decline(CallStatus::Declined)>{move || t_string!(i18n, instant.decline)}</button>
                    <button type="button" class="btn btn-primary" data-testid="accept" disabled=move || busy.get()
                        on:click=move |_| accept(CallStatus::Answered)>{move || t_string!(i18n, instant.accept)}</button>
                </div>
            </section>
        </div>
    }
}

/// The caller's "Calling…" modal, until the callee answers (→ the call) or the call is over.
#[component]
fn Calling(call: Outgoing) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let live = expect_context::<Realtime>();
    let toasts = expect_context::<Toasts>();
    let navigator = use_navigator();
    let id = call.call_id;
    let name = call.name.clone();
    Effect::new(move |_| {
        let Some(status) = live.call_status.with(|c| c.as_ref().filter(|c| c.id == id).map(|c| c.status)) else {
            return;
        };
        let name = name.clone();
        let outcome = match status {
            CallStatus::Initiated | CallStatus::Ringing => return,
            CallStatus::Answered => {
                live.outgoing.set(None);
                navigator.go(&Route::VideoCall(id));
                return;
            }
            CallStatus::Declined => t_string!(i18n, instant.declined, name = name).to_string(),
            CallStatus::Missed => t_string!(i18n, instant.no_answer, name = name).to_string(),
            CallStatus::Ended => t_string!(i18n, instant.cancelled).to_owned(),
        };
        storage::forget_call(id);
        live.outgoing.set(None);
        toasts.push(ToastKind::Info, outcome);
    });
    let cancel = move |_| {
        spawn_local(async move {
            // The answer's `call-status` closes the modal; a call already over closes it too.
            if session.api.update_call_status(id, CallStatus::Ended).await.is_err() {
                storage::forget_call(id);
                live.outgoing.set(None);
            }
        });
    };
    let callee = call.name.clone();
    view! {
        <div class="modal-backdrop">
            <section class="modal card center" role="dialog" aria-modal="true" aria-labelledby="calling-title" data-testid="calling">
                <Avatar name=call.name.clone() picture=None/>
                <h2 id="calling-title">{move || t_string!(i18n, instant.calling, name = callee.clone())}</h2>
                <span class="spinner" aria-hidden="true"></span>
                <div class="modal-actions">
                    <button type="button" class="btn btn-secondary" data-testid="cancel-call" on:click=cancel>
                        {move || t_string!(i18n, instant.cancel)}
                    </button>
                </div>
            </section>
        </div>
    }
}

/// The floating button (bottom right) and the picker it opens.
#[component]
fn CallButton(side: MemberRole) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="call-fab" data-testid="call-fab" aria-label=move || t_string!(i18n, instant.call_someone)
            on:click=move |_| open.set(true)>
            <span aria-hidden="true">"✆"</span>
        </button>
        <Show when=move || open.get()>
            <Picker side=side open=open/>
        </Show>
    }
}

/// Search the other side of my organization and call someone.
#[component]
fn Picker(side: MemberRole, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let live = expect_context::<Realtime>();
    let toasts = expect_context::<Toasts>();
    let search = RwSignal::new(String::new());
    let people = Remote::new(move || Some(session.api.contacts(side, &search.get())));
    let call = Callback::new(move |person: Contact| {
        let body = match side {
            MemberRole::Staff => CreateCallRequest {
                client_id: Some(person.id),
                initiated_by: Some("staff".to_owned()),
                ..Default::default()
            },
            MemberRole::Client => CreateCallRequest {
                staff_id: Some(person.id),
                initiated_by: Some("client".to_owned()),
                ..Default::default()
            },
        };
        spawn_local(async move {
            match session.api.create_room(&body).await {
                Ok(room) => {
                    let handoff = CallHandoff {
                        video: room.video_enabled,
                        room_url: room.room_url,
                        token: room.token,
                        other: person.name.clone(),
                        expires_at: room.expires_at,
                    };
                    storage::hand_off_call(room.call_id, &handoff);
                    open.set(false);
                    live.outgoing.set(Some(Outgoing { call_id: room.call_id, name: person.name }));
                }
                Err(err) => toasts.push(ToastKind::Error, error_message(i18n, &err)),
            }
        });
    });
    view! {
        <div class="modal-backdrop" on:click=move |_| open.set(false)>
            <section class="modal card picker" role="dialog" aria-modal="true" aria-labelledby="picker-title"
                data-testid="call-picker" on:click=|ev| ev.stop_propagation()>
                <header class="page-header">
                    <h2 id="picker-title">{move || t_string!(i18n, instant.pick_title)}</h2>
                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| open.set(false)>
                        {move || t_string!(i18n, instant.close)}
                    </button>
                </header>
                <input type="search" class="input" data-testid="call-search"
                    aria-label=move || t_string!(i18n, instant.search) placeholder=move || t_string!(i18n, instant.search)
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                {people.view(move |list| if list.people.is_empty() {
                    view! {
                        <Empty title=Signal::derive(move || t_string!(i18n, instant.nobody).to_owned())
                            hint=Signal::derive(move || t_string!(i18n, instant.nobody_hint).to_owned())/>
                    }.into_any()
                } else {
                    view! {
                        <ul class="people">
                            {list.people.into_iter().map(|person| view! { <Person person=person on_call=call/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </section>
        </div>
    }
}

#[component]
fn Person(person: Contact, on_call: Callback<Contact>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = person.busy;
    let name = person.name.clone();
    let chosen = person.clone();
    view! {
        <li class="person" data-testid="person">
            <Avatar name=person.name.clone() picture=person.avatar.clone()/>
            <div class="person-text">
                <strong>{person.name.clone()}</strong>
                <span class="muted small">{person.company.company_name.clone()}</span>
            </div>
            <button type="button" class="btn btn-primary btn-sm" disabled=busy
                aria-label=move || t_string!(i18n, instant.call_name, name = name.clone())
                on:click=move |_| on_call.run(chosen.clone())>
                {move || if busy { t_string!(i18n, instant.busy) } else { t_string!(i18n, instant.call) }}
            </button>
        </li>
    }
}
