//! Every step of a call reported to `POST /api/call-logs` (and, in debug mode, printed to the
//! console): the server builds the call's summary from these events.

use api_types::CallLogRequest;
use callstar_web::api::Api;
use leptos::task::spawn_local;
use serde_json::{Map, Value};
use uuid::Uuid;

/// Sends one booking's call events (an instant call has no call log: its record is the call's
/// own status and times, so its events are only printed in debug mode).
#[derive(Clone, Copy)]
pub struct Reporter {
    /// The client the events go through.
    pub api: Api,
    /// The call's booking (none for an instant call).
    pub booking_id: Option<Uuid>,
    /// Also print each event to the console (`?debug=1` or localStorage `callstar.debug`).
    pub debug: bool,
}

impl Reporter {
    /// Sends `event` now, stamped with the browser's clock; resolves once the server has it.
    pub async fn send(self, event: &'static str, mut metadata: Map<String, Value>, message: Option<String>) {
        let now = String::from(js_sys::Date::new_0().to_iso_string());
        metadata.insert("timestamp".to_owned(), Value::String(now));
        let body = CallLogRequest {
            booking_id: self.booking_id.unwrap_or_default(),
            event: event.to_owned(),
            metadata,
            message,
        };
        if self.debug {
            leptos::logging::log!("[callstar] {}", serde_json::to_string(&body).unwrap_or_default());
        }
        if self.booking_id.is_some() {
            let _ = self.api.call_log(&body).await;
        }
    }

    /// Sends `event` in the background.
    pub fn report(self, event: &'static str, metadata: Map<String, Value>, message: Option<String>) {
        spawn_local(self.send(event, metadata, message));
    }
}

/// Event details from `(key, value)` pairs.
pub fn meta(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(key, value)| (key.to_owned(), value)).collect()
}
