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
    /// The connected account it happened on (Connect events only).
    pub account: Option<String>,
    /// A live-mode event (a Connect endpoint receives both modes).
    pub livemode: bool,
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
    /// `charge.dispute.closed` (won, lost, or an inquiry closed).
    DisputeClosed(Dispute),
    /// `payout.paid` (Connect).
    PayoutPaid(Payout),
    /// `payout.failed` (Connect).
    PayoutFailed(Payout),
    /// `account.updated` (Connect).
    AccountUpdated(Account),
    /// Any other type: acknowledged and ignored.
    Other(String),
}

impl EventKind {
    /// Stripe's name of the type.
    pub fn type_name(&self) -> &str {
        match self {
            Self::PaymentSucceeded(_) => "payment_intent.succeeded",
            Self::PaymentFailed(..) => "payment_intent.payment_failed",
            Self::ChargeRefunded(_) => "charge.refunded",
            Self::DisputeCreated(_) => "charge.dispute.created",
            Self::DisputeClosed(_) => "charge.dispute.closed",
            Self::PayoutPaid(_) => "payout.paid",
            Self::PayoutFailed(_) => "payout.failed",
            Self::AccountUpdated(_) => "account.updated",
            Self::Other(name) => name,
        }
    }
}

/// A payout of a connected account, as the payout events carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    /// `po_…`.
    pub id: String,
    /// Minor units.
    pub amount: i64,
    /// Lower-case ISO currency.
    pub currency: String,
    /// Stripe's status.
    pub status: String,
    /// Why it failed (`account_closed`…).
    pub failure_code: Option<String>,
    /// Why it failed, for people.
    pub failure_message: Option<String>,
    /// Callstar's payout id (`metadata.callstar_payout_id`), when set.
    pub callstar_payout_id: Option<String>,
}

/// A connected account's capabilities, as `account.updated` carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `acct_…`.
    pub id: String,
    /// Can take charges.
    pub charges_enabled: bool,
    /// Can receive payouts.
    pub payouts_enabled: bool,
    /// Onboarding submitted.
    pub details_submitted: bool,
    /// Default currency (upper case), if known.
    pub default_currency: Option<String>,
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
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    livemode: bool,
    data: Data,
}

#[derive(Deserialize)]
struct PayoutObject {
    id: String,
    amount: i64,
    currency: String,
    status: String,
    #[serde(default)]
    failure_code: Option<String>,
    #[serde(default)]
    failure_message: Option<String>,
    #[serde(default)]
    metadata: Option<serde_json::Map<String, Value>>,
}

#[derive(Deserialize)]
struct AccountObject {
    id: String,
    #[serde(default)]
    charges_enabled: bool,
    #[serde(default)]
    payouts_enabled: bool,
    #[serde(default)]
    details_submitted: bool,
    #[serde(default)]
    default_currency: Option<String>,
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

impl From<PayoutObject> for Payout {
    fn from(o: PayoutObject) -> Self {
        let callstar_payout_id =
            o.metadata.as_ref().and_then(|m| m.get("callstar_payout_id")).and_then(Value::as_str).map(str::to_owned);
        Self {
            id: o.id,
            amount: o.amount,
            currency: o.currency,
            status: o.status,
            failure_code: o.failure_code,
            failure_message: o.failure_message,
            callstar_payout_id,
        }
    }
}

impl From<DisputeObject> for Dispute {
    fn from(d: DisputeObject) -> Self {
        Self {
            id: d.id,
            charge_id: d.charge,
            payment_intent_id: d.payment_intent,
            amount: d.amount,
            currency: d.currency,
            reason: d.reason,
            status: d.status,
        }
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
            EventKind::DisputeCreated(object::<DisputeObject>(&envelope.event_type, object_value)?.into())
        }
        "charge.dispute.closed" => {
            EventKind::DisputeClosed(object::<DisputeObject>(&envelope.event_type, object_value)?.into())
        }
        "payout.paid" => EventKind::PayoutPaid(object::<PayoutObject>(&envelope.event_type, object_value)?.into()),
        "payout.failed" => EventKind::PayoutFailed(object::<PayoutObject>(&envelope.event_type, object_value)?.into()),
        "account.updated" => {
            let a = object::<AccountObject>(&envelope.event_type, object_value)?;
            EventKind::AccountUpdated(Account {
                id: a.id,
                charges_enabled: a.charges_enabled,
                payouts_enabled: a.payouts_enabled,
                details_submitted: a.details_submitted,
                default_currency: a.default_currency.map(|c| c.to_ascii_uppercase()),
            })
        }
        _ => EventKind::Other(envelope.event_type),
    };
    Ok(Event { id: envelope.id, account: envelope.account, livemode: envelope.livemode, kind })
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
    fn connect_events_carry_their_account() {
        let payout = json!({"id": "po_1", "object": "payout", "amount": 6800, "currency": "eur", "status": "failed",
                            "failure_code": "account_closed", "failure_message": "The bank account has been closed.",
                            "metadata": {"callstar_payout_id": "p-1"}});
        let envelope = json!({"id": "evt_p", "object": "event", "type": "payout.failed", "account": "acct_1",
                              "livemode": true, "data": {"object": payout}});
        let event = parse(envelope.to_string().as_bytes()).unwrap();
        assert_eq!((event.account.as_deref(), event.livemode), (Some("acct_1"), true));
        let EventKind::PayoutFailed(p) = event.kind else { panic!("a failed payout") };
        assert_eq!(
            (p.amount, p.failure_code.as_deref(), p.callstar_payout_id.as_deref()),
            (6800, Some("account_closed"), Some("p-1"))
        );
        let account = json!({"id": "acct_1", "object": "account", "charges_enabled": true, "payouts_enabled": false,
                             "details_submitted": true, "default_currency": "chf"});
        let EventKind::AccountUpdated(a) = parse(&body("account.updated", account)).unwrap().kind else {
            panic!("an account")
        };
        assert_eq!((a.payouts_enabled, a.default_currency.as_deref()), (false, Some("CHF")));
        let closed = json!({"id": "dp_1", "charge": "ch_1", "amount": 8000, "currency": "eur", "status": "won"});
        assert!(matches!(parse(&body("charge.dispute.closed", closed)).unwrap().kind, EventKind::DisputeClosed(_)));
        assert!(parse(&body("payment_intent.succeeded", json!({"id": "pi_1"}))).unwrap().account.is_none());
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
