//! `/video-calls/:id`: an instant call, answered. No countdown and no device test (the callee
//! just accepted, the caller was waiting): the page joins at once with the room and meeting
//! token handed over by the page that placed or answered the call (`storage::CallHandoff`),
//! in the same in-call view as a booked call. Ending it records ENDED; the server sets the
//! duration.

use api_types::{CallStatus, CallTokenResponse, Route};
use callstar_web::contexts::realtime::Realtime;
use callstar_web::contexts::session::Session;
use callstar_web::i18n::{t_string, use_i18n};
use callstar_web::nav::{Link, current_route};
use callstar_web::{clock, storage};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::in_call::InCall;
use crate::page::Stage;
use crate::report::Reporter;
use crate::transition::Ended;

/// The instant call page.
#[component]
pub fn InstantCallPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let live = expect_context::<Realtime>();
    let id = match current_route() {
        Some(Route::VideoCall(id)) => Some(id),
        _ => None,
    };
    let Some((id, handoff)) = id.and_then(|id| storage::handed_off_call(id).map(|h| (id, h))) else {
        return view! {
            <div class="container narrow">
                <section class="card center" data-testid="call-gone">
                    <p>{move || t_string!(i18n, video_calls.gone)}</p>
                    <Link to=Route::VideoCalls attr:class="btn btn-primary">{move || t_string!(i18n, video_calls.history)}</Link>
                </section>
            </div>
        }
        .into_any();
    };
    let now = clock::ticking();
    let stage = RwSignal::new(Stage::InCall);
    let note = RwSignal::new(None::<String>);
    let reporter = Reporter { api: session.api, booking_id: None, debug: storage::debug_enabled() };
    let expires = DateTime::<Utc>::from_timestamp(handoff.expires_at, 0).unwrap_or_else(Utc::now);
    let token = CallTokenResponse {
        token: handoff.token,
        room_url: handoff.room_url,
        expires_at: expires,
        video_enabled: handoff.video,
        is_owner: false,
        starts_at: Utc::now(),
        ends_at: expires,
    };
    // The other side hung up, as the server tells it: the call ends here too, already recorded.
    let recorded = StoredValue::new(false);
    Effect::new(move |_| {
        let over = live.call_status.with(|c| c.as_ref().is_some_and(|c| c.id == id && c.status == CallStatus::Ended));
        if over && stage.get_untracked() == Stage::InCall {
            recorded.set_value(true);
            stage.set(Stage::Ended);
        }
    });
    // Hanging up here (or leaving, or an error) records the end; the server sets the duration.
    Effect::new(move |_| {
        if stage.get() == Stage::Ended {
            storage::forget_call(id);
            if !recorded.get_value() {
                spawn_local(async move {
                    let _ = session.api.update_call_status(id, CallStatus::Ended).await;
                });
            }
        }
    });
    let other = handoff.other;
    view! {
        <div class="container call-page">
            {move || match stage.get() {
                Stage::InCall | Stage::Before => view! {
                    <InCall reporter=reporter token=token.clone() other=other.clone() stage=stage note=note now=now/>
                }.into_any(),
                Stage::Ended => view! { <Ended summary=Route::VideoCalls note=note.get_untracked()/> }.into_any(),
            }}
        </div>
    }
    .into_any()
}
