//! The caller's side of instant calls, in the call bundle: the call button (the shell's button
//! on other bundles' pages links here with `#call`, which opens the picker at once), the person
//! picker, and the "Calling…" modal until the callee answers (then the call page, in this
//! bundle) or the call is over.

use api_types::{CallStatus, Contact, CreateCallRequest, MemberRole, Route};
use callstar_web::api::Remote;
use callstar_web::components::instant_call::Avatar;
use callstar_web::components::status::Empty;
use callstar_web::contexts::realtime::{Outgoing, Realtime};
use callstar_web::contexts::session::Session;
use callstar_web::contexts::toasts::{ToastKind, Toasts};
use callstar_web::errors::error_message;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::use_navigator;
use callstar_web::storage::{self, CallHandoff};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The call button and the "Calling…" modal, for organization members.
#[component]
pub fn Caller() -> impl IntoView {
    let live = expect_context::<Realtime>();
    let outgoing = Memo::new(move |_| live.outgoing.get());
    view! {
        {move || outgoing.get().map(|call| view! { <Calling call=call/> })}
        {move || live.member.get().map(|side| view! { <CallButton side=side/> })}
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
    // Sent here by another page's call button.
    let asked = web_sys::window().and_then(|w| w.location().hash().ok()).is_some_and(|h| h == "#call");
    let open = RwSignal::new(asked);
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
