//! The real-time channel's browser side, through `js/realtime-bridge.js`: the WebSocket and
//! the incoming call's ringtone (Web Audio oscillators, so no audio file is downloaded).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/realtime-bridge.js")]
extern "C" {
    #[wasm_bindgen(js_name = openSocket)]
    fn open_socket_js(url: &str, on_open: &JsValue, on_message: &JsValue, on_close: &JsValue) -> JsValue;

    #[wasm_bindgen(js_name = closeSocket)]
    fn close_socket_js(socket: &JsValue);

    #[wasm_bindgen(js_name = startRing)]
    fn start_ring_js(seconds: u32) -> JsValue;

    #[wasm_bindgen(js_name = stopRing)]
    fn stop_ring_js(audio: &JsValue);
}

/// What the socket tells its owner. Made once and reused by every socket of the tab.
pub struct Handlers {
    on_open: JsValue,
    on_message: JsValue,
    on_close: JsValue,
}

impl Handlers {
    /// `on_open` when a socket is up, `on_message` with each text frame, `on_close` when a
    /// socket ends without [`Socket::close`] (refused, lost, closed by the server). They live
    /// as long as the page.
    pub fn new(
        on_open: impl FnMut() + 'static,
        on_message: impl FnMut(String) + 'static,
        on_close: impl FnMut() + 'static,
    ) -> Self {
        Self {
            on_open: Closure::<dyn FnMut()>::new(on_open).into_js_value(),
            on_message: Closure::<dyn FnMut(String)>::new(on_message).into_js_value(),
            on_close: Closure::<dyn FnMut()>::new(on_close).into_js_value(),
        }
    }
}

/// An open (or opening) WebSocket.
pub struct Socket(JsValue);

impl Socket {
    /// Opens `url` (ws:// or wss://).
    pub fn open(url: &str, handlers: &Handlers) -> Self {
        Self(open_socket_js(url, &handlers.on_open, &handlers.on_message, &handlers.on_close))
    }

    /// Closes it on purpose: no `on_close` follows.
    pub fn close(self) {
        close_socket_js(&self.0);
    }
}

/// A ringtone playing; it stops when dropped.
pub struct Ring(JsValue);

/// Starts the ringtone for at most `seconds`.
pub fn ring(seconds: u32) -> Ring {
    Ring(start_ring_js(seconds))
}

impl Ring {
    /// Whether sound could be made (Web Audio exists).
    pub fn audible(&self) -> bool {
        !self.0.is_null()
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        stop_ring_js(&self.0);
    }
}
