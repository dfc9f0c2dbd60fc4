//! The camera, the microphone and the Daily.co call, through `js/daily-bridge.js`: the
//! device test (preview, level meter, device pickers) and the call in call-object mode, whose
//! video tiles the bridge renders into a container. daily-js (vendored under the call bundle's
//! `vendor/`) is imported only when a call starts; tests can inject a fake call object
//! (`window.__callstarDailyFactory`). The bridge's events arrive here as JSON and leave as
//! [`Event`]s.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/daily-bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = startPreview, catch)]
    async fn start_preview_js(video: &str, meter: &str, camera: &str, mic: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = stopPreview)]
    fn stop_preview_js();

    #[wasm_bindgen(js_name = join)]
    fn join_js(
        url: &str,
        token: &str,
        video: bool,
        tiles: &str,
        you: &str,
        other: &str,
        on_event: &Closure<dyn FnMut(String, String)>,
    ) -> js_sys::Promise;

    #[wasm_bindgen(js_name = setCamera)]
    fn set_camera_js(on: bool);

    #[wasm_bindgen(js_name = setMic)]
    fn set_mic_js(on: bool);

    #[wasm_bindgen(js_name = leave)]
    fn leave_js(notify: bool) -> js_sys::Promise;
}

/// Why the camera or microphone could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceError {
    /// The person or the browser refused access (`NotAllowedError`).
    Denied,
    /// No camera or microphone (`NotFoundError`).
    Missing,
    /// Another application holds the device (`NotReadableError`).
    Busy,
    /// Anything else.
    Other,
}

impl DeviceError {
    /// From a `DOMException` name (or a Daily `camera-error` type).
    pub fn from_name(name: &str) -> Self {
        match name {
            "NotAllowedError" | "SecurityError" | "permissions" => Self::Denied,
            "NotFoundError" | "OverconstrainedError" | "not-found" | "undefined-mediadevices" => Self::Missing,
            "NotReadableError" | "AbortError" | "cam-in-use" | "mic-in-use" | "cam-mic-in-use" => Self::Busy,
            _ => Self::Other,
        }
    }
}

/// Starts the camera preview in the `<video>` at `video` and the level meter at `meter` (its
/// `--level` CSS variable and `aria-valuenow`), and fills the `<select>` pickers at `camera`
/// and `mic` with the devices. The pickers' values choose the devices: calling it again
/// after a change switches them.
pub async fn start_preview(video: &str, meter: &str, camera: &str, mic: &str) -> Result<(), DeviceError> {
    start_preview_js(video, meter, camera, mic).await.map(|_| ()).map_err(|err| {
        let name = js_sys::Reflect::get(&err, &JsValue::from_str("message")).ok().and_then(|m| m.as_string());
        DeviceError::from_name(&name.unwrap_or_default())
    })
}

/// Stops the preview and releases the camera and microphone.
pub fn stop_preview() {
    stop_preview_js();
}

/// Someone in the call, as Daily names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Daily's session id.
    pub id: String,
    /// The name they joined with (may be empty).
    pub name: String,
}

/// What happens in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// This side is in the room.
    Joined,
    /// The other participant arrived.
    ParticipantJoined(Participant),
    /// The other participant left.
    ParticipantLeft(Participant),
    /// The other side hung up for both.
    Hangup,
    /// The camera or microphone failed; the call goes on.
    CameraError {
        /// Daily's error type (`permissions`, `cam-in-use`…).
        kind: String,
        /// Daily's message.
        message: String,
    },
    /// The call failed and is over.
    Error {
        /// Daily's error type (`exp-token`, `ejected`…).
        kind: String,
        /// Daily's message.
        message: String,
    },
    /// This side left the room.
    Left,
}

/// The JSON detail the bridge sends with an event (every field optional).
#[derive(Default, Deserialize)]
struct Detail {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    message: String,
}

impl Event {
    /// The event the bridge named, with its JSON detail; `None` for events the app ignores.
    fn decode(name: &str, detail: &str) -> Option<Self> {
        let detail: Detail = serde_json::from_str(detail).unwrap_or_default();
        let participant = || Participant { id: detail.id.clone(), name: detail.name.clone() };
        Some(match name {
            "joined" => Self::Joined,
            "participant-joined" => Self::ParticipantJoined(participant()),
            "participant-left" => Self::ParticipantLeft(participant()),
            "hangup" => Self::Hangup,
            "camera-error" => Self::CameraError { kind: detail.kind, message: detail.message },
            "error" => Self::Error { kind: detail.kind, message: detail.message },
            "left" => Self::Left,
            _ => return None,
        })
    }
}

/// A call in progress. Events arrive at the handler given to [`Call::join`] until
/// [`Call::leave`]; dropping the call leaves it.
pub struct Call {
    handler: Option<Closure<dyn FnMut(String, String)>>,
}

/// How to join.
pub struct JoinOptions<'a> {
    /// Daily's room URL (empty without video).
    pub url: &'a str,
    /// The meeting token (empty without video).
    pub token: &'a str,
    /// False: no Daily credentials on the server; only the own camera is shown.
    pub video: bool,
    /// CSS selector of the element that receives the video tiles.
    pub tiles: &'a str,
    /// Caption of the own tile.
    pub you: &'a str,
    /// Caption of the other participant's tile when Daily gives no name.
    pub other: &'a str,
}

impl Call {
    /// Joins; what happens then goes to `on_event`.
    pub fn join(options: &JoinOptions<'_>, mut on_event: impl FnMut(Event) + 'static) -> Self {
        let handler = Closure::new(move |name: String, detail: String| {
            if let Some(event) = Event::decode(&name, &detail) {
                on_event(event);
            }
        });
        let _ = join_js(options.url, options.token, options.video, options.tiles, options.you, options.other, &handler);
        Self { handler: Some(handler) }
    }

    /// Leaves now: no more events; with `notify` the other side is asked to hang up too.
    /// The future resolves once Daily has left and been destroyed.
    pub fn leave(mut self, notify: bool) -> impl Future<Output = ()> {
        let done = wasm_bindgen_futures::JsFuture::from(leave_js(notify));
        self.handler = None;
        async move {
            let _ = done.await;
        }
    }
}

/// Turns the own camera on or off in the current call.
pub fn set_camera(on: bool) {
    set_camera_js(on);
}

/// Turns the own microphone on or off in the current call.
pub fn set_mic(on: bool) {
    set_mic_js(on);
}

impl Drop for Call {
    fn drop(&mut self) {
        if self.handler.is_some() {
            // The bridge forgets the handler synchronously, before the closure is freed.
            let _ = leave_js(false);
        }
    }
}
