//! Bookings and call offers: statuses, allowed transitions, the hold of a pending booking,
//! and the refund policy of a cancellation.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Awaiting payment; holds the offer until `hold_expires_at`.
    Pending,
    /// Paid (or confirmed in test mode).
    Confirmed,
    /// The call happened.
    Completed,
    /// Cancelled by a participant, by a failed payment, or released after its hold expired.
    Cancelled,
    /// The other participant never joined.
    NoShow,
}

impl BookingStatus {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }

    /// Whether the booking holds its offer (at most one such booking per offer).
    pub fn is_active(self) -> bool {
        matches!(self, Self::Pending | Self::Confirmed)
    }

    /// Whether `self → next` is allowed.
    pub fn can_become(self, next: Self) -> bool {
        use BookingStatus::*;
        matches!(
            (self, next),
            (Pending, Confirmed)
                | (Pending, Cancelled)
                | (Confirmed, Cancelled)
                | (Confirmed, Completed)
                | (Confirmed, NoShow)
        )
    }
}

impl fmt::Display for BookingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not a booking status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of: pending, confirmed, completed, cancelled, no_show")]
pub struct UnknownStatus;

impl FromStr for BookingStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(Self::Pending),
            "confirmed" => Ok(Self::Confirmed),
            "completed" => Ok(Self::Completed),
            "cancelled" => Ok(Self::Cancelled),
            "no_show" => Ok(Self::NoShow),
            _ => Err(UnknownStatus),
        }
    }
}

/// Where a call offer stands; it follows its booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OfferStatus {
    /// Open for booking.
    Available,
    /// Taken by an active booking.
    Booked,
    /// The call happened.
    Completed,
    /// Withdrawn, or past without a booking.
    Cancelled,
}

impl OfferStatus {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "AVAILABLE",
            Self::Booked => "BOOKED",
            Self::Completed => "COMPLETED",
            Self::Cancelled => "CANCELLED",
        }
    }
}

impl FromStr for OfferStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "AVAILABLE" => Ok(Self::Available),
            "BOOKED" => Ok(Self::Booked),
            "COMPLETED" => Ok(Self::Completed),
            "CANCELLED" => Ok(Self::Cancelled),
            _ => Err(UnknownStatus),
        }
    }
}

/// Who cancels a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canceller {
    /// The guest (fan).
    Guest,
    /// The host (creator).
    Host,
}

/// How much of the payment goes back on cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refund {
    /// Everything.
    Full,
    /// Nothing.
    None,
}

/// How long before the start a guest may cancel with a full refund.
pub const FREE_CANCELLATION: Duration = Duration::hours(24);

/// The refund policy: full when the host cancels, or when the guest cancels at least 24 h
/// before the start; none otherwise. Unpaid bookings have nothing to refund either way.
pub fn refund_on_cancel(by: Canceller, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Refund {
    match by {
        Canceller::Host => Refund::Full,
        Canceller::Guest if starts_at - now >= FREE_CANCELLATION => Refund::Full,
        Canceller::Guest => Refund::None,
    }
}

/// Why an offer cannot be booked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookingRefusal {
    /// Someone holds it.
    #[error("This call offer is already booked.")]
    AlreadyBooked,
    /// It starts in the past.
    #[error("This call offer is in the past.")]
    Past,
    /// Withdrawn or completed.
    #[error("This call offer is no longer available.")]
    NotAvailable,
    /// Hosts do not book themselves.
    #[error("You cannot book your own call offer.")]
    OwnOffer,
    /// The host already has an active booking at an overlapping time.
    #[error("The creator already has a call booked at this time.")]
    HostBusy,
}

/// Whether two calls, each a start and a length in minutes, share any moment (touching ends
/// do not overlap: a call may start when the previous one ends).
pub fn overlaps(a_start: DateTime<Utc>, a_minutes: i32, b_start: DateTime<Utc>, b_minutes: i32) -> bool {
    let a_end = a_start + Duration::minutes(i64::from(a_minutes));
    let b_end = b_start + Duration::minutes(i64::from(b_minutes));
    a_start < b_end && b_start < a_end
}

/// Whether an offer can be booked by `guest` at `now`, given its status and start.
/// (The database makes the final, race-free decision; this gives the clear message.)
pub fn check_bookable(
    status: OfferStatus,
    starts_at: DateTime<Utc>,
    host_is_guest: bool,
    now: DateTime<Utc>,
) -> Result<(), BookingRefusal> {
    if host_is_guest {
        return Err(BookingRefusal::OwnOffer);
    }
    match status {
        OfferStatus::Booked => Err(BookingRefusal::AlreadyBooked),
        OfferStatus::Cancelled | OfferStatus::Completed => Err(BookingRefusal::NotAvailable),
        OfferStatus::Available if starts_at <= now => Err(BookingRefusal::Past),
        OfferStatus::Available => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_overlap_when_they_share_a_moment() {
        assert!(overlaps(at(0), 30, at(0) + Duration::minutes(15), 30));
        assert!(overlaps(at(0), 120, at(0) + Duration::minutes(30), 10), "one inside the other");
        assert!(!overlaps(at(0), 30, at(0) + Duration::minutes(30), 30), "back to back");
        assert!(!overlaps(at(1), 30, at(0), 60), "ends exactly when the other starts");
    }

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hours)
    }

    #[test]
    fn transitions() {
        use BookingStatus::*;
        assert!(Pending.can_become(Confirmed));
        assert!(Pending.can_become(Cancelled));
        assert!(Confirmed.can_become(Completed));
        assert!(Confirmed.can_become(NoShow));
        assert!(!Cancelled.can_become(Confirmed), "a released booking is never revived");
        assert!(!Completed.can_become(Cancelled));
        assert!(!Pending.can_become(Completed));
        for status in [Pending, Confirmed, Completed, Cancelled, NoShow] {
            assert_eq!(status.as_str().parse::<BookingStatus>(), Ok(status));
            assert!(!status.can_become(status));
        }
        assert!(Pending.is_active() && Confirmed.is_active() && !Cancelled.is_active());
    }

    #[test]
    fn refund_policy() {
        let start = at(48);
        assert_eq!(refund_on_cancel(Canceller::Host, start, at(47)), Refund::Full);
        assert_eq!(refund_on_cancel(Canceller::Guest, start, at(24)), Refund::Full, "exactly 24 h before");
        assert_eq!(refund_on_cancel(Canceller::Guest, start, at(0)), Refund::Full);
        assert_eq!(refund_on_cancel(Canceller::Guest, start, at(25)), Refund::None);
        assert_eq!(refund_on_cancel(Canceller::Guest, start, at(47)), Refund::None);
    }

    #[test]
    fn bookability() {
        let now = at(0);
        assert_eq!(check_bookable(OfferStatus::Available, at(1), false, now), Ok(()));
        assert_eq!(check_bookable(OfferStatus::Available, at(-1), false, now), Err(BookingRefusal::Past));
        assert_eq!(check_bookable(OfferStatus::Booked, at(1), false, now), Err(BookingRefusal::AlreadyBooked));
        assert_eq!(check_bookable(OfferStatus::Cancelled, at(1), false, now), Err(BookingRefusal::NotAvailable));
        assert_eq!(check_bookable(OfferStatus::Available, at(1), true, now), Err(BookingRefusal::OwnOffer));
    }
}
