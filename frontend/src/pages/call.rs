//! `/call/:booking_id`: the call page, the same for fan and creator, in four phases that
//! follow the clock (read every second): a countdown until 15 minutes before the start,
//! the device test, the call itself (Daily, through `interop::daily`), and a short "call
//! ended" transition to the summary. Every step is reported to `POST /api/call-logs`;
//! `?debug=1` or localStorage `callstar.debug` also prints the events to the console.

use std::time::Duration as StdDuration;

use api_types::{Booking, BookingStatus, CallLogRequest, CallTokenResponse, ErrorCode};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::api::{Api, ApiError, Remote};
use crate::contexts::session::Session;
use crate::format;
use crate::i18n::{Locale, t_string, use_i18n};
use crate::interop::daily::{self, Call, DeviceError, JoinOptions};
use crate::pages::creators::viewer_zone;
use crate::pages::error_message;
use crate::{clock, storage};

/// How long before the start a call opens.
pub const EARLY: Duration = Duration::minutes(15);

/// Where the page stands; before joining, the clock picks the countdown or the device test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Before,
    InCall,
    Ended,
}

/// Sends one booking's call events to the server (and to the console in debug mode).
#[derive(Clone, Copy)]
struct Reporter {
    api: Api,
    booking_id: Uuid,
    debug: bool,
}

impl Reporter {
    async fn send(self, event: &'static str, mut metadata: Map<String, Value>, message: Option<String>) {
        let now = String::from(js_sys::Date::new_0().to_iso_string());
        metadata.insert("timestamp".to_owned(), Value::String(now));
        let body = CallLogRequest { booking_id: self.booking_id, event: event.to_owned(), metadata, message };
        if self.debug {
            leptos::logging::log!("[callstar] {}", serde_json::to_string(&body).unwrap_or_default());
        }
        let _ = self.api.call_log(&body).await;
    }

    fn report(self, event: &'static str, metadata: Map<String, Value>, message: Option<String>) {
        spawn_local(self.send(event, metadata, message));
    }
}

/// Event details from `(key, value)` pairs.
fn meta(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, value) in pairs {
        map.insert(key.to_owned(), value);
    }
    map
}

/// The call page.
#[component]
pub fn CallPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let id = use_params_map().with_untracked(|p| p.get("booking_id").and_then(|id| Uuid::parse_str(&id).ok()));
    let booking = Remote::<Booking>::new(session.api, move || id.map(|id| format!("/api/bookings/{id}")));
    view! {
        <div class="container call-page">
            {booking.view(|b| view! { <Phases booking=b/> }.into_any())}
        </div>
    }
}

#[component]
fn Phases(booking: Booking) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let debug = use_query_map().with_untracked(|q| q.get("debug").as_deref() == Some("1")) || storage::debug_enabled();
    let reporter = Reporter { api: session.api, booking_id: booking.id, debug };
    let now = clock::ticking();
    let start = booking.call_offer.date_time;
    let end = start + Duration::minutes(i64::from(booking.call_offer.duration));
    let early = Memo::new(move |_| now.get() < start - EARLY);
    let over = Memo::new(move |_| now.get() >= end);
    let stage = RwSignal::new(Stage::Before);
    let access = StoredValue::new(None::<CallTokenResponse>);
    let note = RwSignal::new(None::<String>);
    let guest = session.user.with_untracked(|u| u.as_ref().is_some_and(|u| u.id == booking.user.id));
    let other = if guest { booking.creator.name.clone() } else { booking.user.name.clone() };
    let confirmed = booking.status == BookingStatus::Confirmed;
    let finished = matches!(booking.status, BookingStatus::Completed | BookingStatus::NoShow);
    let summary = format!("/call/{}/summary", booking.id);
    let booking_href = format!("/bookings/{}", booking.id);
    let id = booking.id;
    let title = booking.call_offer.title.clone();
    let zone = viewer_zone(session);
    let minutes = booking.call_offer.duration;
    let on_join = Callback::new(move |token: CallTokenResponse| {
        access.set_value(Some(token));
        stage.set(Stage::InCall);
    });

    move || match stage.get() {
        Stage::InCall => match access.get_value() {
            Some(token) => {
                view! { <InCall reporter=reporter token=token other=other.clone() stage=stage note=note now=now/> }
                    .into_any()
            }
            None => ().into_any(),
        },
        Stage::Ended => view! { <Ended summary=summary.clone() note=note.get_untracked()/> }.into_any(),
        Stage::Before => {
            let (other, zone, summary, booking_href) =
                (other.clone(), zone.clone(), summary.clone(), booking_href.clone());
            let when = move || format::date_time(&start, i18n.get_locale(), &zone);
            view! {
                <header class="page-header">
                    <div>
                        <h1>{title.clone()}</h1>
                        <p class="muted">{move || t_string!(i18n, book.with, name = other.clone())} " · " {when} " · "
                            {move || t_string!(i18n, creators.minutes, count = minutes)}</p>
                    </div>
                </header>
                {move || {
                    if finished || !confirmed || over.get() {
                        let ended = finished || confirmed;
                        let href = if ended { summary.clone() } else { booking_href.clone() };
                        view! {
                            <div class="card" data-testid="call-closed">
                                <p>{move || if ended { t_string!(i18n, call.over) } else { t_string!(i18n, call.not_confirmed) }}</p>
                                <A href=href attr:class="btn btn-primary">
                                    {move || if ended { t_string!(i18n, call.see_summary) } else { t_string!(i18n, call.see_booking) }}
                                </A>
                            </div>
                        }.into_any()
                    } else if early.get() {
                        view! { <Countdown opens=start - EARLY now=now/> }.into_any()
                    } else {
                        view! { <DeviceTest reporter=reporter booking_id=id on_join=on_join/> }.into_any()
                    }
                }}
                <Tips/>
            }
            .into_any()
        }
    }
}

/// Phase 1: the time left until the call opens.
#[component]
fn Countdown(opens: DateTime<Utc>, now: ReadSignal<DateTime<Utc>>) -> impl IntoView {
    let i18n = use_i18n();
    let left = move || {
        let seconds = (opens - now.get()).num_seconds().max(0);
        match seconds / 86_400 {
            0 => format::clock(seconds),
            days => {
                let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
                t_string!(i18n, call.days, count = days, time = format!("{h:02}:{m:02}:{s:02}")).to_string()
            }
        }
    };
    view! {
        <section class="card center call-wait" data-testid="countdown">
            <p class="muted">{move || t_string!(i18n, call.opens_in)}</p>
            <p class="countdown" role="timer" data-testid="countdown-value">{left}</p>
            <p class="muted small">{move || t_string!(i18n, call.opens_hint)}</p>
        </section>
    }
}

/// Preparation tips, in phases 1 and 2.
#[component]
fn Tips() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card tips">
            <h2>{move || t_string!(i18n, call.tips_title)}</h2>
            <ul>
                <li>{move || t_string!(i18n, call.tip_place)}</li>
                <li>{move || t_string!(i18n, call.tip_network)}</li>
                <li>{move || t_string!(i18n, call.tip_headset)}</li>
                <li>{move || t_string!(i18n, call.tip_browser)}</li>
            </ul>
        </section>
    }
}

fn device_message(i18n: I18nContext<Locale>, error: DeviceError) -> &'static str {
    match error {
        DeviceError::Denied => t_string!(i18n, call.denied),
        DeviceError::Missing => t_string!(i18n, call.no_device),
        DeviceError::Busy => t_string!(i18n, call.busy),
        DeviceError::Other => t_string!(i18n, call.device_error),
    }
}

/// Phase 2: camera preview, microphone level, device pickers, and the button to join.
#[component]
fn DeviceTest(reporter: Reporter, booking_id: Uuid, on_join: Callback<CallTokenResponse>) -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<Session>();
    let problem = RwSignal::new(None::<DeviceError>);
    let joining = RwSignal::new(false);
    let join_error = RwSignal::new(None::<String>);
    let restart = move || {
        problem.set(None);
        spawn_local(async move {
            if let Err(error) =
                daily::start_preview("#preview-video", "#mic-meter", "#camera-select", "#mic-select").await
            {
                problem.set(Some(error));
            }
        });
    };
    restart();
    reporter.report("PRE_CALL_ENTERED", Map::new(), None);
    on_cleanup(daily::stop_preview);

    let join = move |_| {
        joining.set(true);
        join_error.set(None);
        spawn_local(async move {
            let message = match session.api.call_token(booking_id).await {
                Ok(token) if !token.video_enabled || token.room_url.is_some() => return on_join.run(token),
                Ok(_) => t_string!(i18n, call.room_not_ready).to_owned(),
                Err(ApiError::Problem(p)) if p.code == ErrorCode::CallNotOpen => {
                    let zone = viewer_zone(session);
                    let at = p.opens_at.map(|at| format::date_time(&at, i18n.get_locale_untracked(), &zone));
                    t_string!(i18n, call.not_open, time = at.unwrap_or_default()).to_string()
                }
                Err(ApiError::Problem(p)) if p.status == 403 => t_string!(i18n, call.over).to_owned(),
                Err(ApiError::Problem(p)) if p.status == 409 => t_string!(i18n, call.not_confirmed).to_owned(),
                Err(err) => error_message(i18n, &err),
            };
            join_error.set(Some(message));
            joining.set(false);
        });
    };
    view! {
        <section class="card call-test" data-testid="device-test">
            <h2>{move || t_string!(i18n, call.test_title)}</h2>
            <div class="call-test-grid">
                <video id="preview-video" class="preview" autoplay playsinline data-testid="preview"
                    aria-label=move || t_string!(i18n, call.preview)></video>
                <div>
                    <p class="field-label">{move || t_string!(i18n, call.level)}</p>
                    <div id="mic-meter" class="meter" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"
                        aria-label=move || t_string!(i18n, call.level)><span></span></div>
                    <div class="field">
                        <label for="camera-select">{move || t_string!(i18n, call.camera)}</label>
                        <select id="camera-select" on:change=move |_| restart()></select>
                    </div>
                    <div class="field">
                        <label for="mic-select">{move || t_string!(i18n, call.microphone)}</label>
                        <select id="mic-select" on:change=move |_| restart()></select>
                    </div>
                </div>
            </div>
            {move || problem.get().map(|error| view! {
                <div class="alert alert-error" role="alert" data-testid="device-error">
                    <p>{move || device_message(i18n, error)}</p>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| restart()>{move || t_string!(i18n, errors.retry)}</button>
                </div>
            })}
            <p class="alert alert-error" role="alert" hidden=move || join_error.with(Option::is_none)>{move || join_error.get()}</p>
            <button type="button" class="btn btn-primary btn-lg btn-block" on:click=join disabled=move || joining.get()>
                {move || if joining.get() { t_string!(i18n, call.joining) } else { t_string!(i18n, call.join) }}
            </button>
        </section>
    }
}

/// Phase 3: the call. Tiles come from the bridge; the controls and the timer are here.
#[component]
fn InCall(
    reporter: Reporter,
    token: CallTokenResponse,
    other: String,
    stage: RwSignal<Stage>,
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
    let on_event = move |name: String, detail: String| {
        let detail: Value = serde_json::from_str(&detail).unwrap_or_default();
        let text = |key: &str| Value::String(detail[key].as_str().unwrap_or_default().to_owned());
        match name.as_str() {
            "joined" => reporter.report("CALL_JOINED", meta(vec![("videoEnabled", video.into())]), None),
            "participant-joined" => {
                remote.set(true);
                reporter.report(
                    "PARTICIPANT_JOINED",
                    meta(vec![("participantId", text("id")), ("name", text("name"))]),
                    None,
                );
                if !started.get_value() {
                    started.set_value(true);
                    reporter.report("CALL_STARTED", meta(vec![("participants", 2.into())]), None);
                }
            }
            "participant-left" => {
                remote.set(false);
                reporter.report(
                    "PARTICIPANT_LEFT",
                    meta(vec![("participantId", text("id")), ("name", text("name"))]),
                    None,
                );
            }
            "hangup" => finish("remote_hangup", false),
            "camera-error" => {
                let kind = detail["type"].as_str().unwrap_or_default();
                alert.set(Some(device_message(i18n, DeviceError::from_name(kind))));
                let details =
                    meta(vec![("kind", "camera-error".into()), ("type", text("type")), ("fatal", false.into())]);
                reporter.report("CALL_ERROR", details, detail["message"].as_str().map(str::to_owned));
            }
            "error" => {
                let kind = detail["type"].as_str().unwrap_or_default();
                let message = match kind {
                    "exp-token" | "ejected" => t_string!(i18n, call.session_ended),
                    _ => t_string!(i18n, call.failed),
                };
                note.set(Some(message.to_owned()));
                let details = meta(vec![("kind", "error".into()), ("type", text("type")), ("fatal", true.into())]);
                reporter.report("CALL_ERROR", details, detail["message"].as_str().map(str::to_owned));
                finish("error", false);
            }
            "left" => finish("left", false),
            _ => {}
        }
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

/// Phase 4: "call ended", then the summary (at once readable when an error ended it).
#[component]
fn Ended(summary: String, note: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    if note.is_none() {
        let path = summary.clone();
        let go = move || navigate(&path, NavigateOptions::default());
        if let Ok(handle) = set_timeout_with_handle(go, StdDuration::from_millis(1500)) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <section class="card center call-ended" data-testid="call-ended">
            <h1>{move || t_string!(i18n, call.ended)}</h1>
            {match note {
                Some(note) => view! {
                    <p class="alert alert-error" role="alert">{note}</p>
                    <A href=summary attr:class="btn btn-primary">{move || t_string!(i18n, call.see_summary)}</A>
                }.into_any(),
                None => view! { <span class="spinner" aria-hidden="true"></span> }.into_any(),
            }}
        </section>
    }
}
