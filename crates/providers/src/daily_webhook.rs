//! Daily's webhooks: the signature (base64 HMAC-SHA256, keyed with the base64-decoded
//! secret, of `"<X-Webhook-Timestamp>.<raw body>"`), the `{"test":"test"}` endpoint probe,
//! and the envelope and payloads of the meeting, participant and recording events.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// How far the timestamp may be from the server's clock, in seconds. Daily documents no
/// window; replays inside it are harmless because events are applied once by their id.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// A header is missing or not a number.
    #[error("missing or malformed X-Webhook-Signature / X-Webhook-Timestamp")]
    Malformed,
    /// The secret is not base64.
    #[error("DAILY_WEBHOOK_SECRET is not base64")]
    BadSecret,
    /// The signature does not match.
    #[error("signature mismatch")]
    Mismatch,
    /// The timestamp is outside the tolerance.
    #[error("timestamp outside the tolerance")]
    Stale,
}

/// Whether `body` is Daily's endpoint check, which must be answered 200 before anything else.
pub fn is_probe(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v == serde_json::json!({"test": "test"}))
}

/// The signature Daily sends for `body` at `timestamp` (the header's exact text).
pub fn sign(body: &[u8], timestamp: &str, secret_b64: &str) -> Result<String, WebhookError> {
    let key = STANDARD.decode(secret_b64.trim()).map_err(|_| WebhookError::BadSecret)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| WebhookError::BadSecret)?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// Checks a delivery at `now`: the signature over the raw body, then the timestamp (Unix
/// seconds; milliseconds are accepted too).
pub fn verify(
    body: &[u8],
    signature: Option<&str>,
    timestamp: Option<&str>,
    secret_b64: &str,
    now: DateTime<Utc>,
) -> Result<(), WebhookError> {
    let (Some(signature), Some(timestamp)) = (signature, timestamp) else {
        return Err(WebhookError::Malformed);
    };
    let seconds = timestamp.trim().parse::<f64>().map_err(|_| WebhookError::Malformed)?;
    let expected = sign(body, timestamp, secret_b64)?;
    if !bool::from(expected.as_bytes().ct_eq(signature.trim().as_bytes())) {
        return Err(WebhookError::Mismatch);
    }
    #[expect(clippy::cast_possible_truncation, reason = "Unix times fit in i64")]
    let seconds = if seconds > 1e11 { (seconds / 1000.0) as i64 } else { seconds as i64 };
    if (now.timestamp() - seconds).abs() > TOLERANCE_SECS {
        return Err(WebhookError::Stale);
    }
    Ok(())
}

/// The envelope of every event.
#[derive(Debug, Clone, Deserialize)]
pub struct Envelope {
    /// Unique per event: deduplicates redeliveries.
    pub id: String,
    /// `meeting.started`, `participant.joined`…
    #[serde(rename = "type")]
    pub event_type: String,
    /// The event's fields.
    #[serde(default)]
    pub payload: serde_json::Value,
    /// When Daily sent it (float seconds).
    #[serde(default)]
    pub event_ts: Option<f64>,
}

/// The events Callstar records.
#[derive(Debug, Clone, PartialEq)]
pub enum DailyEvent {
    /// `meeting.started`.
    MeetingStarted {
        /// The room name.
        room: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// `meeting.ended`.
    MeetingEnded {
        /// The room name.
        room: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// `participant.joined`.
    ParticipantJoined {
        /// The room name.
        room: String,
        /// The `user_id` of the meeting token (our user id).
        user_id: Option<String>,
        /// When.
        at: DateTime<Utc>,
    },
    /// `participant.left`.
    ParticipantLeft {
        /// The room name.
        room: String,
        /// The `user_id` of the meeting token.
        user_id: Option<String>,
        /// When (joined_at + duration, else the send time).
        at: DateTime<Utc>,
    },
    /// `recording.ready-to-download`: a cloud recording of the room can be fetched.
    RecordingReady {
        /// The room name.
        room: String,
        /// Daily's recording id (for `GET /recordings/{id}/access-link`).
        recording_id: String,
    },
}

impl DailyEvent {
    /// The room the event is about.
    pub fn room(&self) -> &str {
        match self {
            Self::MeetingStarted { room, .. }
            | Self::MeetingEnded { room, .. }
            | Self::ParticipantJoined { room, .. }
            | Self::ParticipantLeft { room, .. }
            | Self::RecordingReady { room, .. } => room,
        }
    }
}

fn time(seconds: Option<f64>) -> Option<DateTime<Utc>> {
    let seconds = seconds?;
    #[expect(clippy::cast_possible_truncation, reason = "Unix milliseconds fit in i64")]
    let millis = (seconds * 1000.0).round() as i64;
    DateTime::from_timestamp_millis(millis)
}

impl Envelope {
    /// The event, when it is one Callstar records (others are acknowledged and ignored).
    pub fn event(&self, received: DateTime<Utc>) -> Option<DailyEvent> {
        let p = &self.payload;
        let room = p.get("room").or_else(|| p.get("room_name")).and_then(|v| v.as_str())?.to_owned();
        let f = |key: &str| p.get(key).and_then(serde_json::Value::as_f64);
        let sent = time(self.event_ts).unwrap_or(received);
        let user_id = p.get("user_id").and_then(|v| v.as_str()).map(str::to_owned);
        match self.event_type.as_str() {
            "meeting.started" => Some(DailyEvent::MeetingStarted { room, at: time(f("start_ts")).unwrap_or(sent) }),
            "meeting.ended" => Some(DailyEvent::MeetingEnded { room, at: time(f("end_ts")).unwrap_or(sent) }),
            "participant.joined" => {
                Some(DailyEvent::ParticipantJoined { room, user_id, at: time(f("joined_at")).unwrap_or(sent) })
            }
            "participant.left" => {
                let left = f("joined_at").zip(f("duration")).map(|(joined, duration)| joined + duration);
                Some(DailyEvent::ParticipantLeft { room, user_id, at: time(left).unwrap_or(sent) })
            }
            "recording.ready-to-download" => {
                let recording_id = p.get("recording_id").and_then(|v| v.as_str())?.to_owned();
                Some(DailyEvent::RecordingReady { room, recording_id })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "c2VjcmV0LWtleS1ieXRlcw=="; // base64("secret-key-bytes")

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_708_972_280, 0).unwrap()
    }

    #[test]
    fn a_signed_body_verifies_and_any_change_is_refused() {
        let body = br#"{"type":"meeting.started"}"#;
        let ts = "1708972279";
        let signature = sign(body, ts, SECRET).unwrap();
        assert_eq!(verify(body, Some(&signature), Some(ts), SECRET, now()), Ok(()));
        assert_eq!(
            verify(br#"{"type":"meeting.ended"}"#, Some(&signature), Some(ts), SECRET, now()),
            Err(WebhookError::Mismatch)
        );
        assert_eq!(verify(body, Some(&signature), Some("1708972278"), SECRET, now()), Err(WebhookError::Mismatch));
        let other = STANDARD.encode("another-key");
        assert_eq!(verify(body, Some(&signature), Some(ts), &other, now()), Err(WebhookError::Mismatch));
        assert_eq!(verify(body, None, Some(ts), SECRET, now()), Err(WebhookError::Malformed));
        assert_eq!(verify(body, Some(&signature), None, SECRET, now()), Err(WebhookError::Malformed));
    }

    #[test]
    fn the_key_is_the_decoded_secret_not_its_text() {
        let body = b"{}";
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(b"1708972279.{}");
        let with_text_key = STANDARD.encode(mac.finalize().into_bytes());
        assert_eq!(verify(body, Some(&with_text_key), Some("1708972279"), SECRET, now()), Err(WebhookError::Mismatch));
    }

    #[test]
    fn stale_timestamps_are_refused_in_seconds_or_milliseconds() {
        let body = b"{}";
        let old = "1708970000";
        let signature = sign(body, old, SECRET).unwrap();
        assert_eq!(verify(body, Some(&signature), Some(old), SECRET, now()), Err(WebhookError::Stale));
        let millis = "1708972279961";
        let signature = sign(body, millis, SECRET).unwrap();
        assert_eq!(verify(body, Some(&signature), Some(millis), SECRET, now()), Ok(()));
    }

    #[test]
    fn only_the_exact_probe_is_a_probe() {
        assert!(is_probe(br#"{"test":"test"}"#));
        assert!(is_probe(br#"{ "test" : "test" }"#));
        assert!(!is_probe(br#"{"test":"test","type":"meeting.started"}"#));
        assert!(!is_probe(b"not json"));
    }

    #[test]
    fn documented_payloads_become_events() {
        let joined: Envelope = serde_json::from_str(
            r#"{"version":"1.0.0","type":"participant.joined","id":"ptcpt-join-1",
                "payload":{"room":"callstar-x","user_id":"u1","user_name":"Ann","session_id":"s",
                           "joined_at":1708972279.96,"will_eject_at":null,"owner":false},
                "event_ts":1708972279.961}"#,
        )
        .unwrap();
        assert_eq!(
            joined.event(now()),
            Some(DailyEvent::ParticipantJoined {
                room: "callstar-x".into(),
                user_id: Some("u1".into()),
                at: DateTime::from_timestamp_millis(1_708_972_279_960).unwrap(),
            })
        );
        let left: Envelope = serde_json::from_str(
            r#"{"type":"participant.left","id":"l","payload":{"room":"r","user_id":"u1","joined_at":100.0,"duration":50.5}}"#,
        )
        .unwrap();
        assert_eq!(left.event(now()).map(|e| e.room().to_owned()), Some("r".to_owned()));
        assert!(
            matches!(left.event(now()), Some(DailyEvent::ParticipantLeft { at, .. }) if at.timestamp_millis() == 150_500)
        );
        let recording: Envelope =
            serde_json::from_str(r#"{"type":"recording.started","id":"r","payload":{"room":"r"}}"#).unwrap();
        assert_eq!(recording.event(now()), None);
        let ready: Envelope = serde_json::from_str(
            r#"{"version":"1.0.0","type":"recording.ready-to-download","id":"rec-ready-1",
                "payload":{"type":"cloud","recording_id":"f0a9","room_name":"callstar-call-x","start_ts":1708972279,
                           "status":"finished","max_participants":2,"duration":61,"s3_key":"d/callstar-call-x/1"},
                "event_ts":1708972350.1}"#,
        )
        .unwrap();
        assert_eq!(
            ready.event(now()),
            Some(DailyEvent::RecordingReady { room: "callstar-call-x".into(), recording_id: "f0a9".into() })
        );
    }
}
