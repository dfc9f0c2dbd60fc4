//! Phase 2 of the call page: camera preview, microphone level, device pickers, and the button
//! that asks the server how to join (a Daily meeting token) and starts the call.

use api_types::{CallTokenResponse, ErrorCode};
use callstar_web::api::ApiError;
use callstar_web::contexts::session::Session;
use callstar_web::errors::error_message;
use callstar_web::format;
use callstar_web::i18n::{Locale, t_string, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use serde_json::Map;
use uuid::Uuid;

use crate::daily::{self, DeviceError};
use crate::report::Reporter;

/// What to tell the person when their camera or microphone fails.
pub fn device_message(i18n: I18nContext<Locale>, error: DeviceError) -> &'static str {
    match error {
        DeviceError::Denied => t_string!(i18n, call.denied),
        DeviceError::Missing => t_string!(i18n, call.no_device),
        DeviceError::Busy => t_string!(i18n, call.busy),
        DeviceError::Other => t_string!(i18n, call.device_error),
    }
}

/// The device test; `on_join` receives how to join once the server allows it.
#[component]
pub fn DeviceTest(reporter: Reporter, booking_id: Uuid, on_join: Callback<CallTokenResponse>) -> impl IntoView {
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
                    let at =
                        p.opens_at.map(|at| format::date_time(&at, i18n.get_locale_untracked(), &session.time_zone()));
                    t_string!(i18n, call.not_open, time = at.unwrap_or_default()).to_string()
                }
                Err(err) if err.code() == Some(ErrorCode::NotConfirmed) => {
                    t_string!(i18n, call.not_confirmed).to_owned()
                }
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
