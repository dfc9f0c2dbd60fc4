//! IANA time zones, validated against the tz database compiled into chrono-tz.

use std::fmt;
use std::str::FromStr;

/// A valid IANA time zone such as `Europe/Paris`. Stored as its name; a stored name the tz
/// database does not know fails to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "persistence", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub struct TimeZone(chrono_tz::Tz);

/// The input is not an IANA time zone name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be an IANA time zone such as Europe/Paris")]
pub struct UnknownTimeZone;

impl TimeZone {
    /// Coordinated Universal Time, the default for accounts that give no zone.
    pub const UTC: Self = Self(chrono_tz::UTC);

    /// Parses an IANA name. Names are case-sensitive as in the tz database.
    pub fn parse(input: &str) -> Result<Self, UnknownTimeZone> {
        chrono_tz::Tz::from_str(input.trim()).map(Self).map_err(|_| UnknownTimeZone)
    }

    /// The canonical IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The chrono-tz zone, for conversions.
    pub fn tz(self) -> chrono_tz::Tz {
        self.0
    }
}

impl FromStr for TimeZone {
    type Err = UnknownTimeZone;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_zones_parse() {
        assert_eq!(TimeZone::parse("Europe/Paris").unwrap().name(), "Europe/Paris");
        assert_eq!(TimeZone::parse(" America/New_York ").unwrap().name(), "America/New_York");
        assert_eq!(TimeZone::parse("UTC").unwrap(), TimeZone::UTC);
    }

    #[test]
    fn unknown_zones_are_refused() {
        for bad in ["", "Europe/Pariss", "GMT+25", "Mars/Olympus"] {
            assert_eq!(TimeZone::parse(bad), Err(UnknownTimeZone), "{bad:?}");
        }
    }
}
