//! Call offers: the limits of what a creator may publish (title, description, length,
//! price, a start in the future), parsed once with every field's error at once.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;

use crate::input::FieldErrors;
use crate::money::{Currency, Price};

/// A title: trimmed, 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferTitle(String);

/// Why an offer field was refused. The message is meant for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferRuleError {
    /// Empty or too long title.
    #[error("must be 1 to {max} characters", max = OfferTitle::MAX_CHARS)]
    Title,
    /// Too long description.
    #[error("must be at most {max} characters", max = OfferDescription::MAX_CHARS)]
    Description,
    /// Too short or too long call.
    #[error("must be between {min} and {max} minutes", min = CallDuration::MIN_MINUTES, max = CallDuration::MAX_MINUTES)]
    Duration,
    /// A start that is not in the future.
    #[error("must be in the future")]
    Past,
    /// A start too far ahead.
    #[error("must be at most {days} days ahead", days = MAX_DAYS_AHEAD)]
    TooFarAhead,
}

/// How far ahead an offer may start: two years. Far enough for any real booking; it keeps
/// every computed time (end, join window, reminders, room expiry) far inside what the clock
/// types and both databases represent.
pub const MAX_DAYS_AHEAD: i64 = 730;

/// How many offers one creator may have open (AVAILABLE and upcoming) at once: the public
/// list of a creator's offers is never longer than one page of the largest size.
pub const MAX_OPEN_OFFERS: u64 = 100;

impl OfferTitle {
    /// Longest title, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Trims and checks the length.
    pub fn parse(input: &str) -> Result<Self, OfferRuleError> {
        let title = input.trim();
        if title.is_empty() || title.chars().count() > Self::MAX_CHARS {
            return Err(OfferRuleError::Title);
        }
        Ok(Self(title.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A description: trimmed, at most 5,000 characters (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDescription(String);

impl OfferDescription {
    /// Longest description, in characters.
    pub const MAX_CHARS: usize = 5000;

    /// Trims and checks the length.
    pub fn parse(input: &str) -> Result<Self, OfferRuleError> {
        let text = input.trim();
        if text.chars().count() > Self::MAX_CHARS {
            return Err(OfferRuleError::Description);
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a call lasts: 5 minutes to 8 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CallDuration(i32);

impl CallDuration {
    /// Shortest call, in minutes.
    pub const MIN_MINUTES: i32 = 5;
    /// Longest call, in minutes.
    pub const MAX_MINUTES: i32 = 8 * 60;

    /// Checks the bounds.
    pub fn minutes(minutes: i32) -> Result<Self, OfferRuleError> {
        if (Self::MIN_MINUTES..=Self::MAX_MINUTES).contains(&minutes) {
            Ok(Self(minutes))
        } else {
            Err(OfferRuleError::Duration)
        }
    }

    /// A stored length, trusted as is (it was checked when written).
    pub fn stored(minutes: i32) -> Self {
        Self(minutes)
    }

    /// In minutes.
    pub fn as_minutes(self) -> i32 {
        self.0
    }

    /// As a duration.
    pub fn as_duration(self) -> Duration {
        Duration::minutes(i64::from(self.0))
    }

    /// When a call starting at `start` ends.
    pub fn ends_at(self, start: DateTime<Utc>) -> DateTime<Utc> {
        start + self.as_duration()
    }
}

/// A start in the future, at most [`MAX_DAYS_AHEAD`] days from now.
pub fn future_start(start: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, OfferRuleError> {
    if start <= now {
        Err(OfferRuleError::Past)
    } else if start > now + Duration::days(MAX_DAYS_AHEAD) {
        Err(OfferRuleError::TooFarAhead)
    } else {
        Ok(start)
    }
}

/// A new offer, every field checked.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferDraft {
    /// Title.
    pub title: OfferTitle,
    /// Description.
    pub description: OfferDescription,
    /// Price.
    pub price: Price,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Length.
    pub duration: CallDuration,
}

/// The raw fields of an offer, as a form or a request gives them.
#[derive(Debug, Clone, Copy)]
pub struct OfferFields<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: &'a str,
    /// Price amount.
    pub price: Decimal,
    /// Currency code.
    pub currency: &'a str,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Minutes.
    pub duration: i32,
}

impl OfferDraft {
    /// Checks every field at `now`; answers all the errors at once.
    pub fn parse(fields: OfferFields<'_>, now: DateTime<Utc>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", OfferTitle::parse(fields.title));
        let description = errors.check("description", OfferDescription::parse(fields.description));
        let duration = errors.check("duration", CallDuration::minutes(fields.duration));
        let currency = errors.check("currency", Currency::parse_code(fields.currency));
        let price = currency.and_then(|c| errors.check("price", Price::new(fields.price, c)));
        let starts_at = errors.check("dateTime", future_start(fields.starts_at, now));
        let draft = match (title, description, duration, price, starts_at) {
            (Some(title), Some(description), Some(duration), Some(price), Some(starts_at)) => {
                Some(Self { title, description, price, starts_at, duration })
            }
            _ => None,
        };
        errors.finish(draft)
    }
}

/// Changes to an offer; `None` keeps a field. Every present field is checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferChanges {
    /// Title.
    pub title: Option<OfferTitle>,
    /// Description.
    pub description: Option<OfferDescription>,
    /// New price amount (in the offer's currency, or `currency` when also given).
    pub price: Option<Decimal>,
    /// New currency.
    pub currency: Option<Currency>,
    /// Start.
    pub starts_at: Option<DateTime<Utc>>,
    /// Length.
    pub duration: Option<CallDuration>,
}

/// The raw fields of an offer edit.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfferEdit<'a> {
    /// Title.
    pub title: Option<&'a str>,
    /// Description.
    pub description: Option<&'a str>,
    /// Price amount.
    pub price: Option<Decimal>,
    /// Currency code.
    pub currency: Option<&'a str>,
    /// Start.
    pub starts_at: Option<DateTime<Utc>>,
    /// Minutes.
    pub duration: Option<i32>,
}

impl OfferChanges {
    /// Checks every present field at `now`.
    pub fn parse(edit: OfferEdit<'_>, now: DateTime<Utc>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check_opt("title", edit.title.map(OfferTitle::parse));
        let description = errors.check_opt("description", edit.description.map(OfferDescription::parse));
        let currency = errors.check_opt("currency", edit.currency.map(Currency::parse_code));
        let starts_at = errors.check_opt("dateTime", edit.starts_at.map(|t| future_start(t, now)));
        let duration = errors.check_opt("duration", edit.duration.map(CallDuration::minutes));
        let changes = match (title, description, currency, starts_at, duration) {
            (Some(title), Some(description), Some(currency), Some(starts_at), Some(duration)) => {
                Some(Self { title, description, price: edit.price, currency, starts_at, duration })
            }
            _ => None,
        };
        errors.finish(changes)
    }

    /// The new price against the offer's current one, checked (the currency's minimum and
    /// precision apply to the amount that will be charged).
    pub fn price_against(&self, current: Price) -> Result<Option<Price>, FieldErrors> {
        if self.price.is_none() && self.currency.is_none() {
            return Ok(None);
        }
        let currency = self.currency.unwrap_or(current.currency());
        let amount = self.price.unwrap_or(current.amount());
        Price::new(amount, currency).map(Some).map_err(|err| FieldErrors::one("price", err.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn now() -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn fields<'a>() -> OfferFields<'a> {
        OfferFields {
            title: " Deep dive ",
            description: "",
            price: dec!(49.90),
            currency: "eur",
            starts_at: now() + Duration::days(1),
            duration: 30,
        }
    }

    #[test]
    fn a_valid_offer_parses() {
        let draft = OfferDraft::parse(fields(), now()).unwrap();
        assert_eq!(draft.title.as_str(), "Deep dive");
        assert_eq!(draft.price.minor_units(), 4990);
        assert_eq!(draft.duration.ends_at(draft.starts_at), draft.starts_at + Duration::minutes(30));
    }

    #[test]
    fn every_broken_field_is_reported_at_once() {
        let long = "x".repeat(5001);
        let bad = OfferFields {
            title: " ",
            description: &long,
            price: dec!(0.10),
            currency: "JPY",
            starts_at: now(),
            duration: 4,
        };
        let errors = OfferDraft::parse(bad, now()).unwrap_err().into_vec();
        let names: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, ["title", "description", "duration", "currency", "dateTime"]);
        let cheap = OfferFields { price: dec!(0.10), ..fields() };
        assert_eq!(OfferDraft::parse(cheap, now()).unwrap_err().into_vec()[0].0, "price");
    }

    #[test]
    fn starts_are_in_the_future_and_at_most_two_years_ahead() {
        assert_eq!(future_start(now(), now()), Err(OfferRuleError::Past));
        let last = now() + Duration::days(MAX_DAYS_AHEAD);
        assert_eq!(future_start(last, now()), Ok(last));
        assert_eq!(future_start(last + Duration::seconds(1), now()), Err(OfferRuleError::TooFarAhead));
        let year_9999 = DateTime::<Utc>::from_timestamp(253_402_300_000, 0).unwrap();
        assert_eq!(future_start(year_9999, now()), Err(OfferRuleError::TooFarAhead));
        assert_eq!(OfferRuleError::TooFarAhead.to_string(), "must be at most 730 days ahead");
    }

    #[test]
    fn duration_bounds() {
        assert!(CallDuration::minutes(5).is_ok() && CallDuration::minutes(480).is_ok());
        assert_eq!(CallDuration::minutes(481), Err(OfferRuleError::Duration));
        assert_eq!(OfferRuleError::Duration.to_string(), "must be between 5 and 480 minutes");
    }

    #[test]
    fn edits_check_present_fields_and_the_resulting_price() {
        let edit = OfferEdit { title: Some("New"), price: Some(dec!(0.40)), ..OfferEdit::default() };
        let changes = OfferChanges::parse(edit, now()).unwrap();
        let current = Price::new(dec!(20), Currency::Gbp).unwrap();
        assert_eq!(changes.price_against(current).unwrap().unwrap().minor_units(), 40, "0.40 GBP is fine");
        let eur = Price::new(dec!(20), Currency::Eur).unwrap();
        assert!(changes.price_against(eur).is_err(), "0.40 EUR is below the minimum");
        assert_eq!(OfferChanges::default().price_against(eur), Ok(None));
        let bad = OfferEdit { duration: Some(1), starts_at: Some(now()), ..OfferEdit::default() };
        assert_eq!(OfferChanges::parse(bad, now()).unwrap_err().into_vec().len(), 2);
    }
}
