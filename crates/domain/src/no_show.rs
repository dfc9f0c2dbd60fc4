//! The no-show policy (seed 002, "no-show detection"): when a video call is settled as a
//! no-show, who was absent decides the money.
//!
//! - **The host was absent** (the guest joined, the host never did): the guest is refunded in
//!   full, automatically.
//! - **Both were absent**, or both joined but never at the same time: the call did not happen
//!   for the guest either, so the guest is refunded in full too.
//! - **The guest was absent** (the host joined and waited): nothing is refunded; the call
//!   counts as held for the host.
//!
//! Presence is what the summary reads from the call log ([`crate::call::summarize`]): each
//! participant's own reports, the other's reports about them, and Daily's webhooks.

use crate::booking::Refund;
use crate::call::{CallOutcome, CallSummary, Side};

stored_enum! {
    /// Who missed a call that was settled as a no-show.
    pub enum Absent {
        /// The host (creator) never joined.
        Host = "host",
        /// The guest (fan) never joined.
        Guest = "guest",
        /// Neither joined, or they never overlapped.
        Both = "both",
    }
}

impl Absent {
    /// Whether `side` missed the call.
    pub fn includes(self, side: Side) -> bool {
        match self {
            Self::Both => true,
            Self::Host => side == Side::Host,
            Self::Guest => side == Side::Guest,
        }
    }
}

/// Who was absent from a call, when its summary is a no-show; `None` when the call took place.
pub fn absent(summary: &CallSummary) -> Option<Absent> {
    if summary.outcome != CallOutcome::NoShow {
        return None;
    }
    Some(match (summary.host_joined, summary.guest_joined) {
        (false, true) => Absent::Host,
        (true, false) => Absent::Guest,
        // Nobody came, or they came at different times and never met.
        (false, false) | (true, true) => Absent::Both,
    })
}

/// What the guest gets back for a no-show: everything unless only the guest was absent.
pub fn refund(absent: Absent) -> Refund {
    match absent {
        Absent::Host | Absent::Both => Refund::Full,
        Absent::Guest => Refund::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(outcome: CallOutcome, host_joined: bool, guest_joined: bool) -> CallSummary {
        CallSummary {
            actual_start: None,
            actual_end: None,
            actual_duration_secs: 0,
            outcome,
            host_joined,
            guest_joined,
        }
    }

    #[test]
    fn who_was_absent() {
        assert_eq!(absent(&summary(CallOutcome::NoShow, false, true)), Some(Absent::Host));
        assert_eq!(absent(&summary(CallOutcome::NoShow, true, false)), Some(Absent::Guest));
        assert_eq!(absent(&summary(CallOutcome::NoShow, false, false)), Some(Absent::Both));
        assert_eq!(absent(&summary(CallOutcome::NoShow, true, true)), Some(Absent::Both), "they never met");
        assert_eq!(absent(&summary(CallOutcome::Completed, true, true)), None);
        assert_eq!(absent(&summary(CallOutcome::Interrupted, true, true)), None);
    }

    #[test]
    fn the_guest_is_refunded_unless_only_the_guest_was_absent() {
        assert_eq!(refund(Absent::Host), Refund::Full);
        assert_eq!(refund(Absent::Both), Refund::Full);
        assert_eq!(refund(Absent::Guest), Refund::None);
    }

    #[test]
    fn absence_by_side() {
        assert!(Absent::Both.includes(Side::Host) && Absent::Both.includes(Side::Guest));
        assert!(Absent::Host.includes(Side::Host) && !Absent::Host.includes(Side::Guest));
        assert_eq!("host".parse::<Absent>(), Ok(Absent::Host));
    }
}
