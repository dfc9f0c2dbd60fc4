//! Money: decimal amounts with their currency, never floats. Conversion to Stripe's minor
//! units and the platform fee split, with the rounding rule written down once.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The currencies Callstar accepts. All four have two decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    /// Euro.
    Eur,
    /// Swiss franc.
    Chf,
    /// US dollar.
    Usd,
    /// Pound sterling.
    Gbp,
}

impl Currency {
    /// Every supported currency.
    pub const ALL: [Self; 4] = [Self::Eur, Self::Chf, Self::Usd, Self::Gbp];

    /// ISO 4217 code, upper case (`EUR`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Eur => "EUR",
            Self::Chf => "CHF",
            Self::Usd => "USD",
            Self::Gbp => "GBP",
        }
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

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text is not a supported currency code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of: EUR, CHF, USD, GBP")]
pub struct UnknownCurrency;

impl FromStr for Currency {
    type Err = UnknownCurrency;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "EUR" => Ok(Self::Eur),
            "CHF" => Ok(Self::Chf),
            "USD" => Ok(Self::Usd),
            "GBP" => Ok(Self::Gbp),
            _ => Err(UnknownCurrency),
        }
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
        assert_eq!("eur".parse::<Currency>(), Ok(Currency::Eur));
        assert_eq!(" GBP ".parse::<Currency>(), Ok(Currency::Gbp));
        assert_eq!("JPY".parse::<Currency>(), Err(UnknownCurrency));
        assert_eq!(Currency::Chf.to_string(), "CHF");
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
