//! Money: decimal amounts with their currency, never floats. Conversion to Stripe's minor
//! units and the platform fee split, with the rounding rule written down once.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::stored::UnknownValue;

stored_enum! {
    /// The currencies Callstar accepts. All four have two decimal places.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "UPPERCASE")]
    pub enum Currency {
        /// Euro.
        Eur = "EUR",
        /// Swiss franc.
        Chf = "CHF",
        /// US dollar.
        Usd = "USD",
        /// Pound sterling.
        Gbp = "GBP",
    }
}

impl Currency {
    /// ISO 4217 code, upper case (`EUR`).
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// Reads a code as people type it (`eur`, ` GBP `).
    pub fn parse_code(input: &str) -> Result<Self, UnknownValue> {
        input.trim().to_ascii_uppercase().parse()
    }

    /// Decimal places of the minor unit.
    pub fn decimals(self) -> u32 {
        2
    }

    /// The smallest amount a card payment may have (Stripe's minimum charge).
    pub fn minimum_charge(self) -> Decimal {
        match self {
            Self::Gbp => Decimal::new(30, 2),
            Self::Eur | Self::Chf | Self::Usd => Decimal::new(50, 2),
        }
    }
}

/// An amount of money in a currency, exact to the minor unit (which is how it is stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// An amount in minor units (cents).
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Zero in a currency.
    pub fn zero(currency: Currency) -> Self {
        Self::from_minor(0, currency)
    }

    /// In minor units.
    pub fn minor(self) -> i64 {
        self.minor
    }

    /// The currency.
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// As a decimal with exactly the currency's places (`"49.00"`).
    pub fn amount(self) -> Decimal {
        let mut value = from_minor_units(self.minor, self.currency);
        value.rescale(self.currency.decimals());
        value
    }
}

impl fmt::Display for Money {
    /// `12.34 EUR`: for logs and language-neutral texts (people get locale formats).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount(), self.currency)
    }
}

/// Why a price was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    /// More decimals than the currency has.
    #[error("must have at most 2 decimal places")]
    TooPrecise,
    /// Below the card minimum.
    #[error("must be at least {0}")]
    TooSmall(String),
    /// Above what Stripe accepts in one charge.
    #[error("must be at most 999999.99")]
    TooLarge,
}

/// A price: a positive amount in a currency, exact to the minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    amount: Decimal,
    currency: Currency,
}

impl Price {
    /// The largest single charge Stripe accepts: 8 digits of minor units.
    pub const MAX_MINOR: i64 = 99_999_999;

    /// Checks precision and bounds.
    pub fn new(amount: Decimal, currency: Currency) -> Result<Self, PriceError> {
        if amount.normalize().scale() > currency.decimals() {
            return Err(PriceError::TooPrecise);
        }
        if amount < currency.minimum_charge() {
            return Err(PriceError::TooSmall(format!("{} {}", currency.minimum_charge(), currency.code())));
        }
        if amount > Decimal::new(Self::MAX_MINOR, currency.decimals()) {
            return Err(PriceError::TooLarge);
        }
        Ok(Self { amount: amount.round_dp(currency.decimals()), currency })
    }

    /// The amount, with exactly the currency's decimal places.
    pub fn amount(self) -> Decimal {
        let mut amount = self.amount;
        amount.rescale(self.currency.decimals());
        amount
    }

    /// The currency.
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// The amount in minor units (cents), as Stripe wants it.
    pub fn minor_units(self) -> i64 {
        to_minor_units(self.amount, self.currency)
    }

    /// As an amount of money.
    pub fn money(self) -> Money {
        Money::from_minor(self.minor_units(), self.currency)
    }

    /// A stored price back: `None` when it breaks the rules (corrupt data).
    pub fn from_money(money: Money) -> Option<Self> {
        Self::new(money.amount(), money.currency()).ok()
    }
}

/// An amount in minor units. The amount must already be exact to the minor unit; any
/// extra precision is rounded half away from zero.
pub fn to_minor_units(amount: Decimal, currency: Currency) -> i64 {
    let scaled = (amount * Decimal::from(10_i64.pow(currency.decimals())))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(scaled).unwrap_or(i64::MAX)
}

/// An amount from minor units.
pub fn from_minor_units(minor: i64, currency: Currency) -> Decimal {
    Decimal::new(minor, currency.decimals())
}

/// How a payment is split between the platform and the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeSplit {
    /// The whole charge, in minor units.
    pub total_minor: i64,
    /// The platform's fee (Stripe's `application_fee_amount`), in minor units.
    pub platform_fee_minor: i64,
    /// What the host receives, in minor units.
    pub host_minor: i64,
}

/// Splits a price: the fee is `percent` of the price, rounded half away from zero to the
/// minor unit, and the host gets the rest, so the parts always add up to the total.
pub fn split_fee(price: Price, percent: Decimal) -> FeeSplit {
    let total_minor = price.minor_units();
    let fee = (Decimal::from(total_minor) * percent / Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let platform_fee_minor = i64::try_from(fee).unwrap_or(0).clamp(0, total_minor);
    FeeSplit { total_minor, platform_fee_minor, host_minor: total_minor - platform_fee_minor }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn price(amount: Decimal, currency: Currency) -> Price {
        Price::new(amount, currency).unwrap()
    }

    #[test]
    fn minor_units_for_every_currency() {
        for currency in Currency::ALL {
            assert_eq!(price(dec!(12.34), currency).minor_units(), 1234, "{currency}");
            assert_eq!(price(dec!(100), currency).minor_units(), 10_000, "{currency}");
            assert_eq!(price(dec!(0.5), currency).amount().to_string(), "0.50", "{currency}");
            assert_eq!(from_minor_units(1234, currency), dec!(12.34));
        }
    }

    #[test]
    fn fifteen_percent_fee_with_rounding() {
        // 15 % of 10.00 = 1.50 exactly.
        assert_eq!(
            split_fee(price(dec!(10.00), Currency::Eur), dec!(15)),
            FeeSplit { total_minor: 1000, platform_fee_minor: 150, host_minor: 850 }
        );
        // 15 % of 9.99 = 1.4985 -> 1.50 (half away from zero on the third decimal).
        assert_eq!(split_fee(price(dec!(9.99), Currency::Chf), dec!(15)).platform_fee_minor, 150);
        // 15 % of 0.50 = 0.075 -> 0.08 (a midpoint rounds up).
        let small = split_fee(price(dec!(0.50), Currency::Usd), dec!(15));
        assert_eq!((small.platform_fee_minor, small.host_minor), (8, 42));
        // 15 % of 0.30 = 0.045 -> 0.05.
        let gbp = split_fee(price(dec!(0.30), Currency::Gbp), dec!(15));
        assert_eq!((gbp.platform_fee_minor, gbp.host_minor), (5, 25));
        // 12.5 % of 33.33 = 4.16625 -> 4.17.
        assert_eq!(split_fee(price(dec!(33.33), Currency::Eur), dec!(12.5)).platform_fee_minor, 417);
    }

    #[test]
    fn fee_bounds() {
        let p = price(dec!(80), Currency::Eur);
        assert_eq!(split_fee(p, dec!(0)).host_minor, 8000);
        assert_eq!(split_fee(p, dec!(100)).host_minor, 0);
        assert_eq!(split_fee(p, dec!(150)).platform_fee_minor, 8000, "never more than the charge");
    }

    #[test]
    fn prices_are_checked() {
        assert_eq!(Price::new(dec!(10.001), Currency::Eur), Err(PriceError::TooPrecise));
        assert_eq!(Price::new(dec!(10.010), Currency::Eur).unwrap().minor_units(), 1001, "trailing zeros are fine");
        assert!(matches!(Price::new(dec!(0.49), Currency::Eur), Err(PriceError::TooSmall(_))));
        assert!(Price::new(dec!(0.30), Currency::Gbp).is_ok());
        assert!(matches!(Price::new(dec!(0.29), Currency::Gbp), Err(PriceError::TooSmall(_))));
        assert_eq!(Price::new(dec!(1000000), Currency::Usd), Err(PriceError::TooLarge));
        assert!(Price::new(dec!(999999.99), Currency::Usd).is_ok());
    }

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::parse_code("eur"), Ok(Currency::Eur));
        assert_eq!(Currency::parse_code(" GBP "), Ok(Currency::Gbp));
        assert!("eur".parse::<Currency>().is_err(), "stored codes are exact");
        assert_eq!(Currency::parse_code("JPY").unwrap_err().to_string(), "must be one of: EUR, CHF, USD, GBP");
        assert_eq!(Currency::Chf.to_string(), "CHF");
    }

    #[test]
    fn money_keeps_minor_units() {
        let money = Money::from_minor(4990, Currency::Usd);
        assert_eq!(money.amount().to_string(), "49.90");
        assert_eq!(money.to_string(), "49.90 USD");
        assert_eq!(price(dec!(49.9), Currency::Usd).money(), money);
        assert_eq!(Price::from_money(Money::from_minor(1, Currency::Eur)), None, "below the card minimum");
    }

    proptest! {
        #[test]
        fn split_always_adds_up(cents in 50_i64..=99_999_999, percent in 0_u32..=100) {
            let p = Price::new(Decimal::new(cents, 2), Currency::Eur).unwrap();
            let split = split_fee(p, Decimal::from(percent));
            prop_assert_eq!(split.platform_fee_minor + split.host_minor, cents);
            prop_assert!(split.platform_fee_minor >= 0 && split.host_minor >= 0);
        }
    }
}
