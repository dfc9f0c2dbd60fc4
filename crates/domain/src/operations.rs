//! Rules of the scheduled jobs: how long system logs are kept per level, which reminder a
//! call is due, how e-mail retries back off, and the cron secret's comparison.

use chrono::{DateTime, Duration, Utc};
use std::fmt;
use std::str::FromStr;

/// A system log's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogLevel {
    /// Routine.
    Info,
    /// Unusual.
    Warning,
    /// Something failed.
    Error,
    /// Must never be lost.
    Critical,
}

impl LogLevel {
    /// Every level.
    pub const ALL: [Self; 4] = [Self::Info, Self::Warning, Self::Error, Self::Critical];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "INFO",
            Self::Warning => "WARNING",
            Self::Error => "ERROR",
            Self::Critical => "CRITICAL",
        }
    }

    /// How long logs of this level are kept (seed 002): INFO 30 days, WARNING 60, ERROR 90,
    /// CRITICAL forever.
    pub fn retention(self) -> Option<Duration> {
        match self {
            Self::Info => Some(Duration::days(30)),
            Self::Warning => Some(Duration::days(60)),
            Self::Error => Some(Duration::days(90)),
            Self::Critical => None,
        }
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not a log level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of INFO, WARNING, ERROR, CRITICAL")]
pub struct UnknownLevel;

impl FromStr for LogLevel {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|l| l.as_str().eq_ignore_ascii_case(s)).ok_or(UnknownLevel)
    }
}

/// The reminders of a confirmed call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    /// The day before.
    DayBefore,
    /// A quarter of an hour before.
    QuarterHour,
}

impl ReminderKind {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DayBefore => "24h",
            Self::QuarterHour => "15min",
        }
    }

    /// How long before the start it is sent.
    pub fn lead(self) -> Duration {
        match self {
            Self::DayBefore => Duration::hours(24),
            Self::QuarterHour => Duration::minutes(15),
        }
    }
}

/// The reminder a call starting at `start` is due at `now`, if any: the quarter-hour one in
/// the last 15 minutes, else the day-before one in the last 24 hours. A call booked 10
/// minutes ahead only gets the quarter-hour reminder; nothing is due once it started.
pub fn reminder_due(start: DateTime<Utc>, now: DateTime<Utc>) -> Option<ReminderKind> {
    let left = start - now;
    if left <= Duration::zero() {
        None
    } else if left <= ReminderKind::QuarterHour.lead() {
        Some(ReminderKind::QuarterHour)
    } else if left <= ReminderKind::DayBefore.lead() {
        Some(ReminderKind::DayBefore)
    } else {
        None
    }
}

/// Attempts before an e-mail is marked failed.
pub const EMAIL_MAX_ATTEMPTS: i32 = 6;

/// The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min… capped at 1 h.
pub fn email_retry_delay(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 16)).unwrap_or(0);
    (Duration::seconds(30) * 2_i32.pow(exponent)).min(Duration::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_follows_seed_002() {
        assert_eq!(LogLevel::Info.retention(), Some(Duration::days(30)));
        assert_eq!(LogLevel::Warning.retention(), Some(Duration::days(60)));
        assert_eq!(LogLevel::Error.retention(), Some(Duration::days(90)));
        assert_eq!(LogLevel::Critical.retention(), None);
        assert_eq!("warning".parse::<LogLevel>(), Ok(LogLevel::Warning));
        assert_eq!("DEBUG".parse::<LogLevel>(), Err(UnknownLevel));
    }

    #[test]
    fn reminders_fall_in_their_windows() {
        let start: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        assert_eq!(reminder_due(start, start - Duration::hours(25)), None);
        assert_eq!(reminder_due(start, start - Duration::hours(24)), Some(ReminderKind::DayBefore));
        assert_eq!(reminder_due(start, start - Duration::minutes(16)), Some(ReminderKind::DayBefore));
        assert_eq!(reminder_due(start, start - Duration::minutes(15)), Some(ReminderKind::QuarterHour));
        assert_eq!(reminder_due(start, start - Duration::seconds(1)), Some(ReminderKind::QuarterHour));
        assert_eq!(reminder_due(start, start), None);
    }

    #[test]
    fn email_retries_back_off_to_an_hour() {
        assert_eq!(email_retry_delay(1), Duration::seconds(30));
        assert_eq!(email_retry_delay(2), Duration::minutes(1));
        assert_eq!(email_retry_delay(5), Duration::minutes(8));
        assert_eq!(email_retry_delay(20), Duration::hours(1));
    }
}
