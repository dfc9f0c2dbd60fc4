//! Stripe's webhook events, parsed from the raw body into what Callstar reads of them (the
//! signature is checked first, by `stripe_signature`). Types Callstar does not use arrive as
//! [`EventKind::Other`]; a used type whose object lacks what Callstar needs is an error, so
//! the delivery is refused and Stripe retries rather than being half-applied.

use serde::Deserialize;
use serde_json::Value;

/// A verified Stripe event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `evt_…`: events are applied once by this id.
    pub id: String,
    /// What happened.
    pub kind: EventKind,
}

/// What an event says, for the types Callstar uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// `payment_intent.succeeded`.
    PaymentSucceeded(PaymentIntent),
    /// `payment_intent.payment_failed`, with Stripe's message.
    PaymentFailed(PaymentIntent, String),
    /// `charge.refunded`.
    ChargeRefunded(ChargeRefund),
    /// `charge.dispute.created`.
    DisputeCreated(Dispute),
    /// Any other type: acknowledged and ignored.
    Other(String),
}

/// A PaymentIntent, as the payment events carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentIntent {
    /// `pi_…`.
    pub id: String,
    /// What was received, in minor units.
    pub amount_received: i64,
    /// `ch_…`, when known.
    pub latest_charge: Option<String>,
    /// The booking it pays (`metadata.booking_id`), when set.
    pub booking_id: Option<String>,
}

/// A refunded charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRefund {
    /// `ch_…`.
    pub charge_id: String,
    /// `pi_…`, when known.
    pub payment_intent_id: Option<String>,
    /// Refunded so far in total, in minor units.
    pub amount_refunded: i64,
}

/// A dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    /// `dp_…`.
    pub id: String,
    /// The disputed charge.
    pub charge_id: Option<String>,
    /// Its PaymentIntent, when known.
    pub payment_intent_id: Option<String>,
    /// Disputed amount, in minor units.
    pub amount: i64,
    /// Lower-case ISO currency.
    pub currency: String,
    /// Stripe's reason.
    pub reason: Option<String>,
    /// Stripe's status.
    pub status: String,
}

/// The body is not an event Callstar can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a readable Stripe event: {0}")]
pub struct EventError(String);

#[derive(Deserialize)]
struct Envelope {
    id: String,
    #[serde(rename = "type")]
    event_type: String,
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    object: Value,
}

#[derive(Deserialize)]
struct IntentObject {
    id: String,
    #[serde(default)]
    amount_received: i64,
    #[serde(default)]
    latest_charge: Option<String>,
    #[serde(default)]
    metadata: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    last_payment_error: Option<PaymentError>,
}

#[derive(Deserialize)]
struct PaymentError {
    #[serde(default)]
    message: Option<String>,
}

#[derive(Deserialize)]
struct ChargeObject {
    id: String,
    #[serde(default)]
    payment_intent: Option<String>,
    #[serde(default)]
    amount_refunded: i64,
}

#[derive(Deserialize)]
struct DisputeObject {
    id: String,
    #[serde(default)]
    charge: Option<String>,
    #[serde(default)]
    payment_intent: Option<String>,
    amount: i64,
    currency: String,
    #[serde(default)]
    reason: Option<String>,
    status: String,
}

fn object<T: serde::de::DeserializeOwned>(event_type: &str, value: Value) -> Result<T, EventError> {
    serde_json::from_value(value).map_err(|err| EventError(format!("{event_type}: {err}")))
}

impl From<IntentObject> for PaymentIntent {
    fn from(o: IntentObject) -> Self {
        let booking_id =
            o.metadata.as_ref().and_then(|m| m.get("booking_id")).and_then(Value::as_str).map(str::to_owned);
        Self { id: o.id, amount_received: o.amount_received, latest_charge: o.latest_charge, booking_id }
    }
}

/// Parses a (verified) event body.
pub fn parse(body: &[u8]) -> Result<Event, EventError> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(|err| EventError(format!("the envelope: {err}")))?;
    let object_value = envelope.data.object;
    let kind = match envelope.event_type.as_str() {
        "payment_intent.succeeded" => {
            EventKind::PaymentSucceeded(object::<IntentObject>(&envelope.event_type, object_value)?.into())
        }
        "payment_intent.payment_failed" => {
            let intent = object::<IntentObject>(&envelope.event_type, object_value)?;
            let reason = intent
                .last_payment_error
                .as_ref()
                .and_then(|e| e.message.clone())
                .unwrap_or_else(|| "payment failed".to_owned());
            EventKind::PaymentFailed(intent.into(), reason)
        }
        "charge.refunded" => {
            let charge = object::<ChargeObject>(&envelope.event_type, object_value)?;
            EventKind::ChargeRefunded(ChargeRefund {
                charge_id: charge.id,
                payment_intent_id: charge.payment_intent,
                amount_refunded: charge.amount_refunded,
            })
        }
        "charge.dispute.created" => {
            let d = object::<DisputeObject>(&envelope.event_type, object_value)?;
            EventKind::DisputeCreated(Dispute {
                id: d.id,
                charge_id: d.charge,
                payment_intent_id: d.payment_intent,
                amount: d.amount,
                currency: d.currency,
                reason: d.reason,
                status: d.status,
            })
        }
        _ => EventKind::Other(envelope.event_type),
    };
    Ok(Event { id: envelope.id, kind })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(event_type: &str, object: Value) -> Vec<u8> {
        json!({"id": "evt_1", "object": "event", "type": event_type, "data": {"object": object}})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn payment_events_are_read() {
        let intent = json!({"id": "pi_1", "object": "payment_intent", "amount_received": 8000,
                            "latest_charge": "ch_1", "metadata": {"booking_id": "b-1"}});
        let event = parse(&body("payment_intent.succeeded", intent.clone())).unwrap();
        assert_eq!(
            event.kind,
            EventKind::PaymentSucceeded(PaymentIntent {
                id: "pi_1".into(),
                amount_received: 8000,
                latest_charge: Some("ch_1".into()),
                booking_id: Some("b-1".into()),
            })
        );
        let mut failed = intent;
        failed["last_payment_error"] = json!({"message": "Your card was declined."});
        let EventKind::PaymentFailed(_, reason) = parse(&body("payment_intent.payment_failed", failed)).unwrap().kind
        else {
            panic!("a failed payment")
        };
        assert_eq!(reason, "Your card was declined.");
    }

    #[test]
    fn charges_and_disputes_are_read() {
        let refund =
            parse(&body("charge.refunded", json!({"id": "ch_1", "payment_intent": "pi_1", "amount_refunded": 500})));
        assert!(matches!(refund.unwrap().kind, EventKind::ChargeRefunded(ChargeRefund { amount_refunded: 500, .. })));
        let dispute = json!({"id": "dp_1", "charge": "ch_1", "amount": 8000, "currency": "eur",
                             "reason": "fraudulent", "status": "needs_response"});
        assert!(matches!(parse(&body("charge.dispute.created", dispute)).unwrap().kind, EventKind::DisputeCreated(_)));
    }

    #[test]
    fn other_types_pass_and_broken_objects_fail() {
        assert_eq!(
            parse(&body("customer.created", json!({}))).unwrap().kind,
            EventKind::Other("customer.created".into())
        );
        assert!(parse(&body("payment_intent.succeeded", json!({"amount": 5}))).is_err(), "no id");
        assert!(parse(b"{}").is_err());
    }
}
