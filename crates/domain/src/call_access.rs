//! When a call may be joined, how long its Daily room and tokens live, what a finished call
//! makes of its booking, and how room creation backs off after failures.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::booking::BookingStatus;
use crate::call::CallOutcome;

/// Participants may join this long before the start.
pub const JOIN_EARLY: Duration = Duration::minutes(15);
/// The access window (and the Daily room) closes this long after the scheduled end.
pub const WINDOW_AFTER_END: Duration = Duration::hours(24);
/// The default grace after the scheduled end before Daily ejects the participants.
pub const DEFAULT_GRACE: Duration = Duration::minutes(5);

/// A call's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimes {
    /// Scheduled start.
    pub start: DateTime<Utc>,
    /// Scheduled end.
    pub end: DateTime<Utc>,
}

/// Whether a participant may join now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Too early: the window opens at this moment.
    NotYet {
        /// Start minus [`JOIN_EARLY`].
        opens_at: DateTime<Utc>,
    },
    /// Inside the window and before the end of the call (plus grace): a token is useful.
    Open,
    /// The call's time (plus grace) is over; the room may still exist, but joining would
    /// only be ejected at once.
    Ended,
    /// Past the window.
    Closed,
}

impl CallTimes {
    /// The schedule of a call starting at `start` for `minutes`.
    pub fn new(start: DateTime<Utc>, minutes: i32) -> Self {
        Self { start, end: start + Duration::minutes(i64::from(minutes)) }
    }

    /// When the window opens: also the room's and the tokens' `nbf`.
    pub fn opens_at(&self) -> DateTime<Utc> {
        self.start - JOIN_EARLY
    }

    /// When the window closes: also the room's `exp`.
    pub fn closes_at(&self) -> DateTime<Utc> {
        self.end + WINDOW_AFTER_END
    }

    /// When a meeting token expires and Daily ejects its holder.
    pub fn token_expires_at(&self, grace: Duration) -> DateTime<Utc> {
        self.end + grace
    }

    /// Whether joining is possible at `now`.
    pub fn access(&self, now: DateTime<Utc>, grace: Duration) -> Access {
        if now < self.opens_at() {
            Access::NotYet { opens_at: self.opens_at() }
        } else if now >= self.closes_at() {
            Access::Closed
        } else if now >= self.token_expires_at(grace) {
            Access::Ended
        } else {
            Access::Open
        }
    }

    /// Whether the call's time is over, so its booking can be settled.
    pub fn is_over(&self, now: DateTime<Utc>, grace: Duration) -> bool {
        now >= self.token_expires_at(grace)
    }
}

/// The Daily room of a booking: only `A-Z a-z 0-9 _ -`, stable, so creating it twice finds
/// the same room.
pub fn room_name(booking_id: Uuid) -> String {
    format!("callstar-{booking_id}")
}

/// What a finished call makes of its booking: an interrupted call still took place.
pub fn settled_status(outcome: CallOutcome) -> BookingStatus {
    match outcome {
        CallOutcome::Completed | CallOutcome::Interrupted => BookingStatus::Completed,
        CallOutcome::NoShow => BookingStatus::NoShow,
    }
}

/// The first retry of a failed room creation waits this long; each next one twice as long.
pub const ROOM_RETRY_FIRST: Duration = Duration::seconds(5);
/// The longest wait between retries.
pub const ROOM_RETRY_MAX: Duration = Duration::minutes(10);

/// How long to wait after the `failures`-th failed attempt (1-based) before the next one.
pub fn room_retry_delay(failures: u32) -> Duration {
    let exponent = failures.saturating_sub(1).min(16);
    (ROOM_RETRY_FIRST * 2_i32.pow(exponent)).min(ROOM_RETRY_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times() -> CallTimes {
        CallTimes::new(DateTime::from_timestamp(1_800_000_000, 0).unwrap(), 30)
    }

    #[test]
    fn the_window_opens_fifteen_minutes_early_and_the_call_ends_after_the_grace() {
        let t = times();
        let grace = DEFAULT_GRACE;
        assert_eq!(
            t.access(t.start - Duration::minutes(16), grace),
            Access::NotYet { opens_at: t.start - Duration::minutes(15) }
        );
        assert_eq!(t.access(t.start - Duration::minutes(15), grace), Access::Open);
        assert_eq!(t.access(t.end + Duration::minutes(4), grace), Access::Open);
        assert_eq!(t.access(t.end + Duration::minutes(5), grace), Access::Ended);
        assert_eq!(t.access(t.end + Duration::hours(24), grace), Access::Closed);
        assert_eq!(t.token_expires_at(grace), t.end + Duration::minutes(5));
        assert_eq!(t.closes_at(), t.end + Duration::hours(24));
        assert!(!t.is_over(t.end, grace));
        assert!(t.is_over(t.end + grace, grace));
    }

    #[test]
    fn room_names_are_valid_for_daily() {
        let name = room_name(Uuid::new_v4());
        assert!(name.len() <= 128);
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn an_interrupted_call_counts_as_completed_and_a_no_show_does_not() {
        assert_eq!(settled_status(CallOutcome::Completed), BookingStatus::Completed);
        assert_eq!(settled_status(CallOutcome::Interrupted), BookingStatus::Completed);
        assert_eq!(settled_status(CallOutcome::NoShow), BookingStatus::NoShow);
    }

    #[test]
    fn retries_back_off_exponentially_up_to_a_cap() {
        assert_eq!(room_retry_delay(1), Duration::seconds(5));
        assert_eq!(room_retry_delay(2), Duration::seconds(10));
        assert_eq!(room_retry_delay(4), Duration::seconds(40));
        assert_eq!(room_retry_delay(10), Duration::minutes(10));
        assert_eq!(room_retry_delay(u32::MAX), Duration::minutes(10));
    }
}
