//! Phase 3 of the call page: the call. The bridge renders the video tiles; the controls, the
//! timer (from the server's start and end) and the reports of what happens are here. The call
//! ends by a hang-up on either side, an error, leaving the page, or at the scheduled end.

use api_types::CallTokenResponse;
use callstar_web::format;
use callstar_web::i18n::{t_string, use_i18n};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::daily::{self, Call, DeviceError, Event, JoinOptions, Participant};
use crate::device_test::device_message;
use crate::page::Stage;
use crate::report::{Reporter, meta};

/// The call in progress, joined with `token`.
#[component]
pub fn InCall(
    reporter: Reporter,
    token: CallTokenResponse,
    /// The other participant's name.
    other: String,
    stage: RwSignal<Stage>,
    /// Why the call ended, when an error ended it.
    note: RwSignal<Option<String>>,
    now: ReadSignal<DateTime<Utc>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let camera_on = RwSignal::new(true);
    let mic_on = RwSignal::new(true);
    let remote = RwSignal::new(false);
    let alert = RwSignal::new(None::<&'static str>);
    let started = StoredValue::new(false);
    let call = StoredValue::new_local(None::<Call>);
    let (starts, ends, video) = (token.starts_at, token.ends_at, token.video_enabled);

    // Ends the call once: leaves Daily (telling the other side when we hang up), records
    // CALL_ENDED, then shows phase 4.
    let finish = move |reason: &'static str, notify: bool| {
        let Some(active) = call.try_update_value(Option::take).flatten() else { return };
        let left = active.leave(notify);
        spawn_local(async move {
            reporter.send("CALL_ENDED", meta(vec![("reason", reason.into())]), None).await;
            left.await;
            let _ = stage.try_set(Stage::Ended);
        });
    };
    let who = |p: Participant| meta(vec![("participantId", p.id.into()), ("name", p.name.into())]);
    let on_event = move |event: Event| match event {
        Event::Joined => reporter.report("CALL_JOINED", meta(vec![("videoEnabled", video.into())]), None),
        Event::ParticipantJoined(participant) => {
            remote.set(true);
            reporter.report("PARTICIPANT_JOINED", who(participant), None);
            if !started.get_value() {
                started.set_value(true);
                reporter.report("CALL_STARTED", meta(vec![("participants", 2.into())]), None);
            }
        }
        Event::ParticipantLeft(participant) => {
            remote.set(false);
            reporter.report("PARTICIPANT_LEFT", who(participant), None);
        }
        Event::Hangup => finish("remote_hangup", false),
        Event::CameraError { kind, message } => {
            alert.set(Some(device_message(i18n, DeviceError::from_name(&kind))));
            let details = meta(vec![("kind", "camera-error".into()), ("type", kind.into()), ("fatal", false.into())]);
            reporter.report("CALL_ERROR", details, Some(message));
        }
        Event::Error { kind, message } => {
            let words = match kind.as_str() {
                "exp-token" | "ejected" => t_string!(i18n, call.session_ended),
                _ => t_string!(i18n, call.failed),
            };
            note.set(Some(words.to_owned()));
            let details = meta(vec![("kind", "error".into()), ("type", kind.into()), ("fatal", true.into())]);
            reporter.report("CALL_ERROR", details, Some(message));
            finish("error", false);
        }
        Event::Left => finish("left", false),
    };
    let you = t_string!(i18n, call.you);
    let options = JoinOptions {
        url: token.room_url.as_deref().unwrap_or_default(),
        token: token.token.as_deref().unwrap_or_default(),
        video,
        tiles: "#call-tiles",
        you,
        other: &other,
    };
    call.set_value(Some(Call::join(&options, on_event)));
    on_cleanup(move || {
        // Navigating away mid-call still leaves cleanly and says so.
        if let Some(active) = call.try_update_value(Option::take).flatten() {
            spawn_local(active.leave(false));
            reporter.report("CALL_ENDED", meta(vec![("reason", "left_page".into())]), None);
        }
    });
    // At the scheduled end the call ends by itself.
    Effect::new(move |_| {
        if now.get() >= ends {
            finish("time_over", false);
        }
    });

    let toggle_camera = move |_| {
        let on = !camera_on.get_untracked();
        camera_on.set(on);
        daily::set_camera(on);
        reporter.report("CAMERA_TOGGLED", meta(vec![("enabled", on.into())]), None);
    };
    let toggle_mic = move |_| {
        let on = !mic_on.get_untracked();
        mic_on.set(on);
        daily::set_mic(on);
        reporter.report("MIC_TOGGLED", meta(vec![("enabled", on.into())]), None);
    };
    let pressed = |on: bool| if on { "true" } else { "false" };

    view! {
        <section class="call-stage" data-testid="in-call">
            <div class="call-timer" data-testid="call-timer">
                <span>{move || t_string!(i18n, call.elapsed)} " " <strong data-testid="elapsed">{move || format::clock((now.get() - starts).num_seconds())}</strong></span>
                <span>{move || t_string!(i18n, call.remaining)} " " <strong data-testid="remaining">{move || format::clock((ends - now.get()).num_seconds())}</strong></span>
            </div>
            {(!video).then(|| view! { <p class="alert alert-info" data-testid="no-video">{move || t_string!(i18n, call.no_video)}</p> })}
            {video.then(move || view! {
                <p class="call-waiting" data-testid="waiting" hidden=move || remote.get()>{move || t_string!(i18n, call.waiting_for, name = other.clone())}</p>
            })}
            <p class="alert alert-error" role="alert" hidden=move || alert.with(Option::is_none)>{move || alert.get()}</p>
            <div id="call-tiles" class="tiles"></div>
            <div class="call-controls" role="toolbar" aria-label=move || t_string!(i18n, call.controls)>
                <button type="button" class="ctrl" class:ctrl-off=move || !camera_on.get() aria-pressed=move || pressed(camera_on.get())
                    data-testid="toggle-camera" on:click=toggle_camera>
                    <span aria-hidden="true">"📷"</span>{move || t_string!(i18n, call.camera)}
                </button>
                <button type="button" class="ctrl" class:ctrl-off=move || !mic_on.get() aria-pressed=move || pressed(mic_on.get())
                    data-testid="toggle-mic" on:click=toggle_mic>
                    <span aria-hidden="true">"🎙"</span>{move || t_string!(i18n, call.microphone)}
                </button>
                <button type="button" class="ctrl ctrl-hangup" data-testid="hang-up" on:click=move |_| finish("hangup", true)>
                    <span aria-hidden="true">"✆"</span>{move || t_string!(i18n, call.hang_up)}
                </button>
            </div>
        </section>
    }
}
