//! Rules of the scheduled jobs: how long system logs are kept per level, which reminder a
//! call is due, how e-mail retries back off, and the cron secret's comparison.

use chrono::{DateTime, Duration, Utc};

stored_enum! {
    /// A system log's severity.
    pub enum LogLevel {
        /// Routine.
        Info = "INFO",
        /// Unusual.
        Warning = "WARNING",
        /// Something failed.
        Error = "ERROR",
        /// Must never be lost.
        Critical = "CRITICAL",
    }
}

impl LogLevel {
    /// Reads a level as people type it (`warning`, `Error`).
    pub fn parse_name(input: &str) -> Result<Self, crate::stored::UnknownValue> {
        input.trim().to_ascii_uppercase().parse()
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

stored_enum! {
    /// Who did what a system log entry records.
    pub enum SystemActor {
        /// A fan.
        User = "USER",
        /// A creator.
        Creator = "CREATOR",
        /// An admin.
        Admin = "ADMIN",
        /// Callstar itself (jobs, webhooks).
        System = "SYSTEM",
        /// Someone not signed in.
        Guest = "GUEST",
    }
}

stored_enum! {
    /// Where an e-mail of the outbox stands.
    pub enum EmailStatus {
        /// Waiting to be sent (new, or waiting for a retry).
        Pending = "pending",
        /// Accepted by Resend.
        Sent = "sent",
        /// Refused for good, or out of attempts.
        Failed = "failed",
        /// Kept instead of sent (no RESEND_API_KEY).
        Captured = "captured",
    }
}

stored_enum! {
    /// How a job run ended.
    pub enum JobOutcome {
        /// Still running (or its runner died; the lease says).
        Running = "running",
        /// Done.
        Succeeded = "succeeded",
        /// Failed; the error is recorded and the job runs again at its next tick.
        Failed = "failed",
    }
}

stored_enum! {
    /// What started a job run.
    pub enum JobTrigger {
        /// The built-in scheduler.
        Schedule = "schedule",
        /// `POST /api/cron/{job}`.
        Cron = "cron",
        /// An admin's "run now".
        Admin = "admin",
    }
}

stored_enum! {
    /// The reminders of a confirmed call.
    pub enum ReminderKind {
        /// The day before.
        DayBefore = "24h",
        /// A quarter of an hour before.
        QuarterHour = "15min",
    }
}

impl ReminderKind {
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
        assert_eq!(LogLevel::parse_name("warning"), Ok(LogLevel::Warning));
        assert!("warning".parse::<LogLevel>().is_err(), "stored spellings are exact");
        assert!("DEBUG".parse::<LogLevel>().is_err());
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
