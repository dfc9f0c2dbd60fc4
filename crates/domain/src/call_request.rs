//! Call requests: a fan proposes a time, a length and a price to a creator, who accepts (an
//! offer reserved for that fan and a booking held for them are made) or declines; the fan may
//! withdraw a pending request; a pending request whose proposed time passes is expired, for
//! everyone at once and in the database by the `expire-call-requests` job.
//!
//! The proposal obeys the offers' rules ([`crate::offer`]): a length of 5 minutes to 8 hours,
//! a price the card network accepts, in the creator's currency, and a start in the future.
//! The booking made on acceptance holds the call for the fan for [`ACCEPTED_HOLD`] (24 h),
//! never past the call's start ([`hold_until`]), instead of the minutes of a public offer:
//! the fan has to see the answer before paying.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;

use crate::input::FieldErrors;
use crate::money::{Currency, Price};
use crate::offer::{CallDuration, OfferRuleError, future_start};

stored_enum! {
    /// Where a call request stands.
    pub enum CallRequestStatus {
        /// Waiting for the creator's answer (until the proposed time).
        Pending = "pending",
        /// The creator accepted: an offer and a held booking were made for the fan.
        Accepted = "accepted",
        /// The creator declined.
        Rejected = "rejected",
        /// The proposed time passed without an answer.
        Expired = "expired",
        /// The fan took it back.
        Withdrawn = "withdrawn",
    }
}

/// How long the booking made by an acceptance holds the call while the fan pays.
pub const ACCEPTED_HOLD: Duration = Duration::hours(24);

/// Until when the booking made by an acceptance at `accepted_at` holds a call starting at
/// `starts_at`: [`ACCEPTED_HOLD`], but never past the start.
pub fn hold_until(accepted_at: DateTime<Utc>, starts_at: DateTime<Utc>) -> DateTime<Utc> {
    (accepted_at + ACCEPTED_HOLD).min(starts_at)
}

/// How many pending requests a fan may have with one creator at a time.
pub const MAX_PENDING_PER_CREATOR: u64 = 3;

/// What the lifecycle reads of a stored request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestState {
    /// The stored status.
    pub status: CallRequestStatus,
    /// The proposed start.
    pub proposed_at: DateTime<Utc>,
}

impl RequestState {
    /// The status everyone sees at `now`: a pending request whose proposed time has come is
    /// expired, whether or not the job has run.
    pub fn effective_status(&self, now: DateTime<Utc>) -> CallRequestStatus {
        match self.status {
            CallRequestStatus::Pending if self.proposed_at <= now => CallRequestStatus::Expired,
            other => other,
        }
    }
}

/// Something done to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestAction {
    /// The creator accepts.
    Accept,
    /// The creator declines.
    Reject,
    /// The fan takes it back.
    Withdraw,
    /// The proposed time passed (the job).
    Expire,
}

/// Why an action does not apply to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RequestRefusal {
    /// The proposed time has passed.
    #[error("The proposed time of this call request has passed.")]
    Expired,
    /// It was answered or withdrawn already.
    #[error("This call request is {0} and cannot change any more.")]
    Closed(CallRequestStatus),
}

impl RequestAction {
    /// The status it leads to.
    pub fn target(self) -> CallRequestStatus {
        match self {
            Self::Accept => CallRequestStatus::Accepted,
            Self::Reject => CallRequestStatus::Rejected,
            Self::Withdraw => CallRequestStatus::Withdrawn,
            Self::Expire => CallRequestStatus::Expired,
        }
    }

    /// Applies the action to `state` at `now`: every action starts from a pending request;
    /// the people's actions need its time still ahead, the expiry needs it passed.
    pub fn apply(self, state: &RequestState, now: DateTime<Utc>) -> Result<CallRequestStatus, RequestRefusal> {
        if state.status != CallRequestStatus::Pending {
            return Err(RequestRefusal::Closed(state.status));
        }
        let passed = state.proposed_at <= now;
        match self {
            Self::Expire if passed => Ok(self.target()),
            Self::Expire => Err(RequestRefusal::Closed(CallRequestStatus::Pending)),
            _ if passed => Err(RequestRefusal::Expired),
            _ => Ok(self.target()),
        }
    }

    /// Every action, for exhaustive tests.
    pub const ALL: [Self; 4] = [Self::Accept, Self::Reject, Self::Withdraw, Self::Expire];
}

/// The fan's words to the creator: trimmed, at most 1,000 characters (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestMessage(String);

/// A message over the limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be at most {max} characters", max = RequestMessage::MAX_CHARS)]
pub struct MessageTooLong;

impl RequestMessage {
    /// Longest message.
    pub const MAX_CHARS: usize = 1000;

    /// Trims and checks the length.
    pub fn parse(input: &str) -> Result<Self, MessageTooLong> {
        let text = input.trim();
        if text.chars().count() > Self::MAX_CHARS {
            return Err(MessageTooLong);
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A creator's reason to decline: trimmed, at most 500 characters (empty is none).
pub fn rejection_reason(input: Option<&str>) -> Result<Option<String>, crate::booking::ReasonTooLong> {
    crate::booking::CancelReason::parse(input).map(|reason| reason.map(crate::booking::CancelReason::into_string))
}

/// The raw fields of a request, as the fan sends them.
#[derive(Debug, Clone, Copy)]
pub struct RequestFields<'a> {
    /// Proposed start.
    pub starts_at: DateTime<Utc>,
    /// Minutes.
    pub duration: i32,
    /// Proposed price amount.
    pub price: Decimal,
    /// Currency code, when given (the creator's otherwise).
    pub currency: Option<&'a str>,
    /// Message.
    pub message: &'a str,
}

/// A request's proposal with every field checked that can be checked without knowing the
/// creator; [`RequestDraft::price_in`] checks the price in the creator's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDraft {
    /// Proposed start, in the future.
    pub starts_at: DateTime<Utc>,
    /// Length.
    pub duration: CallDuration,
    /// Proposed amount (checked against its currency by [`RequestDraft::price_in`]).
    pub amount: Decimal,
    /// The currency the fan named, if any.
    pub currency: Option<Currency>,
    /// Message.
    pub message: RequestMessage,
}

impl RequestDraft {
    /// Checks every field at `now`; answers all the errors at once, under the wire names.
    pub fn parse(fields: RequestFields<'_>, now: DateTime<Utc>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let starts_at = errors.check("proposedDateTime", future_start(fields.starts_at, now));
        let duration = errors.check("duration", CallDuration::minutes(fields.duration));
        let currency = errors.check_opt("currency", fields.currency.map(Currency::parse_code));
        let message = errors.check("message", RequestMessage::parse(fields.message));
        if fields.price <= Decimal::ZERO {
            errors.add("proposedPrice", "must be more than zero");
        }
        let draft = match (starts_at, duration, currency, message) {
            (Some(starts_at), Some(duration), Some(currency), Some(message)) => {
                Some(Self { starts_at, duration, amount: fields.price, currency, message })
            }
            _ => None,
        };
        errors.finish(draft)
    }

    /// The price in the creator's currency: the fan may name it, not another one; the
    /// offers' price rules apply.
    pub fn price_in(&self, creator_currency: Currency) -> Result<Price, FieldErrors> {
        if let Some(named) = self.currency
            && named != creator_currency
        {
            return Err(FieldErrors::one("currency", format!("must be the creator's currency ({creator_currency})")));
        }
        Price::new(self.amount, creator_currency).map_err(|err| FieldErrors::one("proposedPrice", err.to_string()))
    }

    /// When the call would end.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.duration.ends_at(self.starts_at)
    }
}

/// Whether a stored proposal can still become an offer at `now` (the offers' rule on the start).
pub fn still_ahead(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), OfferRuleError> {
    future_start(starts_at, now).map(|_| ())
}

/// The title of the offer made for an accepted request: both names, in no language.
pub fn offer_title(fan: &str, creator: &str) -> String {
    let title = format!("{fan} \u{2013} {creator}");
    title.chars().take(crate::offer::OfferTitle::MAX_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use CallRequestStatus::*;
    use rust_decimal_macros::dec;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hours)
    }

    fn fields<'a>() -> RequestFields<'a> {
        RequestFields { starts_at: at(48), duration: 30, price: dec!(25), currency: None, message: " Hi! " }
    }

    #[test]
    fn a_pending_request_expires_when_its_time_comes() {
        let pending = RequestState { status: Pending, proposed_at: at(2) };
        assert_eq!(pending.effective_status(at(1)), Pending);
        assert_eq!(pending.effective_status(at(2)), Expired, "at the proposed instant");
        let answered = RequestState { status: Rejected, proposed_at: at(2) };
        assert_eq!(answered.effective_status(at(5)), Rejected);
    }

    /// Every action from every state: the table of what is allowed, written once.
    #[test]
    fn every_allowed_and_forbidden_action() {
        let now = at(0);
        for status in CallRequestStatus::ALL {
            for ahead in [true, false] {
                let state = RequestState { status, proposed_at: if ahead { at(1) } else { at(-1) } };
                for action in RequestAction::ALL {
                    let allowed = status == Pending && (ahead != (action == RequestAction::Expire));
                    let result = action.apply(&state, now);
                    assert_eq!(result.is_ok(), allowed, "{status} ahead={ahead} {action:?}");
                    if status == Pending && !ahead && action != RequestAction::Expire {
                        assert_eq!(result, Err(RequestRefusal::Expired), "people cannot act on an expired request");
                    }
                    if let Ok(target) = result {
                        assert_eq!(target, action.target());
                    }
                }
            }
        }
        let closed = RequestAction::Accept.apply(&RequestState { status: Withdrawn, proposed_at: at(9) }, now);
        assert_eq!(closed.unwrap_err().to_string(), "This call request is withdrawn and cannot change any more.");
    }

    #[test]
    fn the_accepted_hold_is_a_day_but_never_past_the_start() {
        assert_eq!(hold_until(at(0), at(72)), at(24));
        assert_eq!(hold_until(at(0), at(3)), at(3));
    }

    #[test]
    fn a_valid_request_parses_and_takes_the_creators_currency() {
        let draft = RequestDraft::parse(fields(), at(0)).unwrap();
        assert_eq!(draft.message.as_str(), "Hi!");
        assert_eq!(draft.ends_at(), at(48) + Duration::minutes(30));
        let price = draft.price_in(Currency::Chf).unwrap();
        assert_eq!((price.minor_units(), price.currency()), (2500, Currency::Chf));
        let named = RequestDraft::parse(RequestFields { currency: Some("chf"), ..fields() }, at(0)).unwrap();
        assert!(named.price_in(Currency::Chf).is_ok());
        let refused = named.price_in(Currency::Eur).unwrap_err().into_vec();
        assert_eq!(refused, [("currency", "must be the creator's currency (EUR)".to_owned())]);
    }

    #[test]
    fn every_broken_field_is_reported_at_once_with_the_offers_rules() {
        let long = "x".repeat(1001);
        let bad =
            RequestFields { starts_at: at(0), duration: 481, price: dec!(0), currency: Some("JPY"), message: &long };
        let errors = RequestDraft::parse(bad, at(0)).unwrap_err().into_vec();
        let names: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, ["proposedDateTime", "duration", "currency", "message", "proposedPrice"]);
        let cheap = RequestDraft::parse(RequestFields { price: dec!(0.2), ..fields() }, at(0)).unwrap();
        assert_eq!(cheap.price_in(Currency::Eur).unwrap_err().into_vec()[0].0, "proposedPrice");
        let precise = RequestDraft::parse(RequestFields { price: dec!(10.001), ..fields() }, at(0)).unwrap();
        assert!(precise.price_in(Currency::Eur).is_err());
    }

    #[test]
    fn offers_made_from_requests_are_titled_by_both_names() {
        assert_eq!(offer_title("Ada", "Camille"), "Ada \u{2013} Camille");
        assert_eq!(offer_title(&"a".repeat(150), &"b".repeat(150)).chars().count(), 200);
        assert!(still_ahead(at(1), at(0)).is_ok() && still_ahead(at(0), at(0)).is_err());
        assert_eq!(rejection_reason(Some("  ")), Ok(None));
    }
}
