//! The one booking lifecycle: statuses, whether a booking holds its offer at a moment, its
//! effective status, the allowed transitions (the only way a status changes), who may book
//! an offer, the refund policy of a cancellation. The service runs every status change
//! through [`Transition`]; the database settles races.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::money::Money;

stored_enum! {
    /// Where a booking stands.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum BookingStatus {
        /// Awaiting payment; holds the offer until `hold_expires_at`.
        Pending = "pending",
        /// Paid (or confirmed in test mode).
        Confirmed = "confirmed",
        /// The call happened.
        Completed = "completed",
        /// Cancelled by a participant, by a failed payment, or released after its hold expired.
        Cancelled = "cancelled",
        /// The other participant never joined.
        NoShow = "no_show",
    }
}

impl BookingStatus {
    /// Pending or confirmed: the statuses that may hold an offer (at most one such booking
    /// per offer, a partial unique index).
    pub fn is_active(self) -> bool {
        matches!(self, Self::Pending | Self::Confirmed)
    }
}

stored_enum! {
    /// Where a call offer stands; it follows its booking.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum OfferStatus {
        /// Open for booking.
        Available = "AVAILABLE",
        /// Taken by an active booking.
        Booked = "BOOKED",
        /// The call happened.
        Completed = "COMPLETED",
        /// Withdrawn, or past without a booking.
        Cancelled = "CANCELLED",
    }
}

stored_enum! {
    /// Who (or what) cancelled a booking. Decisions read this, never a free-text reason.
    pub enum CancelledBy {
        /// The guest (fan or client).
        Guest = "guest",
        /// The host (creator or coach).
        Host = "host",
        /// Callstar: the unpaid booking's payment hold expired.
        System = "system",
        /// The payment failed (bookings cancelled before a failed payment only informed:
        /// the fan may retry, and the hold expires on its own).
        Payment = "payment",
    }
}

/// What the lifecycle reads of a stored booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingState {
    /// The stored status.
    pub status: BookingStatus,
    /// Until when a pending booking holds its offer.
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// Who cancelled it, when cancelled.
    pub cancelled_by: Option<CancelledBy>,
}

impl BookingState {
    /// Whether the booking holds its offer (and its host's time) at `now`: confirmed, or
    /// pending inside its hold.
    pub fn holds_offer(&self, now: DateTime<Utc>) -> bool {
        match self.status {
            BookingStatus::Confirmed => true,
            BookingStatus::Pending => self.hold_expires_at.is_some_and(|until| until > now),
            _ => false,
        }
    }

    /// The status everyone sees at `now`: a pending booking whose hold has expired is
    /// cancelled, whether or not the expiry job has run.
    pub fn effective_status(&self, now: DateTime<Utc>) -> BookingStatus {
        match self.status {
            BookingStatus::Pending if !self.holds_offer(now) => BookingStatus::Cancelled,
            other => other,
        }
    }

    /// Whether its guest or host may still cancel it at `now`.
    pub fn can_cancel(&self, now: DateTime<Utc>) -> bool {
        self.effective_status(now).is_active()
    }
}

/// A change of a booking's status. Every status change in Callstar is one of these,
/// applied by the service with [`Transition::sources`] in the UPDATE's `WHERE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// The payment succeeded (or test mode): pending → confirmed. A payment that arrives
    /// after its hold expired may also revive a booking the system cancelled, if the offer
    /// is still free (the database's unique index decides).
    Confirm,
    /// A guest or host cancels a pending or confirmed booking. A failed payment cancels
    /// nothing (the fan may retry the same PaymentIntent; the hold expires on its own), and the
    /// system expires holds instead: those two apply to no state.
    Cancel(CancelledBy),
    /// The unpaid hold ran out: pending → cancelled by the system.
    ExpireHold,
    /// The call took place: confirmed → completed.
    Complete,
    /// Someone never came: confirmed → no-show.
    MarkNoShow,
}

/// A stored state a transition may start from: a status, and for a cancelled booking who
/// cancelled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The stored status.
    pub status: BookingStatus,
    /// When set, only bookings cancelled by this.
    pub cancelled_by: Option<CancelledBy>,
}

const fn from(status: BookingStatus) -> Source {
    Source { status, cancelled_by: None }
}

/// The state of a pending booking's hold a transition needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// `hold_expires_at > now`.
    Running,
    /// `hold_expires_at <= now`.
    Over,
}

/// A transition that does not apply to the booking's current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("This booking is {from} and cannot be {verb}.", verb = .transition.verb())]
pub struct TransitionRefused {
    /// The booking's effective status.
    pub from: BookingStatus,
    /// What was attempted.
    pub transition: Transition,
}

impl Transition {
    /// The status it leads to.
    pub fn target(self) -> BookingStatus {
        match self {
            Self::Confirm => BookingStatus::Confirmed,
            Self::Cancel(_) | Self::ExpireHold => BookingStatus::Cancelled,
            Self::Complete => BookingStatus::Completed,
            Self::MarkNoShow => BookingStatus::NoShow,
        }
    }

    /// Who cancels, for transitions that cancel.
    pub fn cancelled_by(self) -> Option<CancelledBy> {
        match self {
            Self::Cancel(by) => Some(by),
            Self::ExpireHold => Some(CancelledBy::System),
            _ => None,
        }
    }

    /// The stored states it may start from.
    pub fn sources(self) -> &'static [Source] {
        const PENDING: Source = from(BookingStatus::Pending);
        const CONFIRMED: Source = from(BookingStatus::Confirmed);
        const LATE_PAYMENT: Source =
            Source { status: BookingStatus::Cancelled, cancelled_by: Some(CancelledBy::System) };
        match self {
            Self::Confirm => &[PENDING, LATE_PAYMENT],
            Self::Cancel(CancelledBy::Guest | CancelledBy::Host) => &[PENDING, CONFIRMED],
            Self::ExpireHold => &[PENDING],
            Self::Cancel(CancelledBy::System | CancelledBy::Payment) => &[],
            Self::Complete | Self::MarkNoShow => &[CONFIRMED],
        }
    }

    /// What a pending source also needs of its hold: over for the expiry, still running
    /// for a participant's cancellation (an expired hold is already cancelled for everyone).
    pub fn pending_hold(self) -> Option<Hold> {
        match self {
            Self::ExpireHold => Some(Hold::Over),
            Self::Cancel(CancelledBy::Guest | CancelledBy::Host) => Some(Hold::Running),
            _ => None,
        }
    }

    /// Applies the transition to `state` at `now`: the new status, or why not.
    pub fn apply(self, state: &BookingState, now: DateTime<Utc>) -> Result<BookingStatus, TransitionRefused> {
        let refused = TransitionRefused { from: state.effective_status(now), transition: self };
        let from_source = self
            .sources()
            .iter()
            .any(|s| s.status == state.status && s.cancelled_by.is_none_or(|by| state.cancelled_by == Some(by)));
        if !from_source {
            return Err(refused);
        }
        let hold_over = !state.holds_offer(now);
        match (state.status, self.pending_hold()) {
            (BookingStatus::Pending, Some(Hold::Running)) if hold_over => Err(refused),
            (BookingStatus::Pending, Some(Hold::Over)) if !hold_over => Err(refused),
            _ => Ok(self.target()),
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Confirm => "confirmed",
            Self::Cancel(_) | Self::ExpireHold => "cancelled",
            Self::Complete => "completed",
            Self::MarkNoShow => "marked as a no-show",
        }
    }

    /// Every transition, for exhaustive tests and documentation.
    pub const ALL: [Self; 8] = [
        Self::Confirm,
        Self::Cancel(CancelledBy::Guest),
        Self::Cancel(CancelledBy::Host),
        Self::Cancel(CancelledBy::Payment),
        Self::Cancel(CancelledBy::System),
        Self::ExpireHold,
        Self::Complete,
        Self::MarkNoShow,
    ];
}

/// Why someone cancels, in their words: trimmed, at most 500 characters (empty is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelReason(String);

/// A cancellation reason over the limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be at most {max} characters", max = CancelReason::MAX_CHARS)]
pub struct ReasonTooLong;

impl CancelReason {
    /// Longest reason.
    pub const MAX_CHARS: usize = 500;

    /// Trims; `None` when empty.
    pub fn parse(input: Option<&str>) -> Result<Option<Self>, ReasonTooLong> {
        match input.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) if r.chars().count() > Self::MAX_CHARS => Err(ReasonTooLong),
            other => Ok(other.map(|r| Self(r.to_owned()))),
        }
    }

    /// The text.
    pub fn into_string(self) -> String {
        self.0
    }
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
pub fn refund_on_cancel(by: CancelledBy, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Refund {
    match by {
        CancelledBy::Host | CancelledBy::System | CancelledBy::Payment => Refund::Full,
        CancelledBy::Guest if starts_at - now >= FREE_CANCELLATION => Refund::Full,
        CancelledBy::Guest => Refund::None,
    }
}

/// Why an offer cannot be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
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

/// What keeps one person from hoarding a host's calendar with unpaid holds: a cap on their
/// holds at once, and a pause before they may hold an offer again after letting a hold on it
/// go (expired, or cancelled by them). A failed payment does not start the pause: trying
/// another card is not hoarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HoldLimits {
    /// Unpaid holds one person may have at once.
    pub max_holds: u32,
    /// How long after letting a hold on an offer go before holding it again.
    pub cooldown: Duration,
}

/// Why a new hold was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HoldRefusal {
    /// Already as many unpaid holds as allowed.
    #[error("You already hold {0} unpaid calls: pay for one or let it go before booking another.")]
    TooMany(u32),
    /// This offer's hold was let go too recently.
    #[error("You held this call a moment ago; it stays open to others until {0}.")]
    Cooldown(DateTime<Utc>),
}

impl HoldLimits {
    /// Whether someone with `holding` unpaid holds, who last let a hold on this offer go at
    /// `released` (if ever), may hold it at `now`.
    pub fn check(self, holding: u64, released: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), HoldRefusal> {
        if holding >= u64::from(self.max_holds) {
            return Err(HoldRefusal::TooMany(self.max_holds));
        }
        match released.map(|at| at + self.cooldown) {
            Some(until) if now < until => Err(HoldRefusal::Cooldown(until)),
            _ => Ok(()),
        }
    }
}

/// What a payment that arrives after its booking's hold expired is checked against: the offer
/// as it is now, and the booking as it was made (its frozen time and price).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateCheck {
    /// The offer's stored status now.
    pub offer_status: OfferStatus,
    /// The offer's start and end now.
    pub offer_times: (DateTime<Utc>, DateTime<Utc>),
    /// The offer's price now.
    pub offer_price: Money,
    /// The booking's frozen start and end.
    pub booked_times: (DateTime<Utc>, DateTime<Utc>),
    /// The booking's frozen price.
    pub booked_price: Money,
}

/// Why a late payment cannot revive its booking (the payment is refunded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LateRefusal {
    /// Someone else holds the offer.
    #[error("someone else booked the offer")]
    OfferTaken,
    /// The host has another active booking at that time.
    #[error("the host is booked at that time")]
    HostBusy,
    /// The call has started.
    #[error("the call has started")]
    CallStarted,
    /// The offer was withdrawn, completed, or changed since the booking was made.
    #[error("the offer was withdrawn or changed")]
    OfferChanged,
}

impl BookingState {
    /// Whether a payment arriving at `now` is late: the hold ran out (swept or not), so the
    /// booking no longer held its offer and everything a new booking checks is checked again.
    pub fn payment_is_late(&self, now: DateTime<Utc>) -> bool {
        match self.status {
            BookingStatus::Pending => !self.holds_offer(now),
            BookingStatus::Cancelled => self.cancelled_by == Some(CancelledBy::System),
            _ => false,
        }
    }
}

/// What a new booking checks, checked again for a late payment at `now`: the call has not
/// started, and the offer is still open and still the one that was booked. (Whether someone
/// else took it or the host is busy is the database's decision, as for a new booking.)
pub fn check_late_payment(check: LateCheck, now: DateTime<Utc>) -> Result<(), LateRefusal> {
    if check.booked_times.0 <= now {
        return Err(LateRefusal::CallStarted);
    }
    match check.offer_status {
        OfferStatus::Booked => return Err(LateRefusal::OfferTaken),
        OfferStatus::Cancelled | OfferStatus::Completed => return Err(LateRefusal::OfferChanged),
        OfferStatus::Available => {}
    }
    if check.offer_times != check.booked_times || check.offer_price != check.booked_price {
        return Err(LateRefusal::OfferChanged);
    }
    Ok(())
}

/// Whether two calls share any moment (touching ends do not overlap: a call may start when
/// the previous one ends).
pub fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
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
    use crate::money::Currency;
    use BookingStatus::*;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hours)
    }

    fn state(status: BookingStatus, hold_hours: Option<i64>, cancelled_by: Option<CancelledBy>) -> BookingState {
        BookingState { status, hold_expires_at: hold_hours.map(at), cancelled_by }
    }

    #[test]
    fn calls_overlap_when_they_share_a_moment() {
        let call = |start: i64, minutes: i64| (at(start), at(start) + Duration::minutes(minutes));
        assert!(overlaps(call(0, 30), (at(0) + Duration::minutes(15), at(1))));
        assert!(overlaps(call(0, 120), (at(0) + Duration::minutes(30), at(0) + Duration::minutes(40))), "inside");
        assert!(!overlaps(call(0, 30), (at(0) + Duration::minutes(30), at(1))), "back to back");
        assert!(!overlaps(call(1, 30), call(0, 60)), "ends exactly when the other starts");
    }

    #[test]
    fn a_pending_booking_holds_its_offer_until_its_hold_ends() {
        let pending = state(Pending, Some(1), None);
        assert!(pending.holds_offer(at(0)));
        assert_eq!(pending.effective_status(at(0)), Pending);
        assert!(!pending.holds_offer(at(1)), "the hold ends at its expiry instant");
        assert_eq!(pending.effective_status(at(1)), Cancelled);
        assert!(!pending.can_cancel(at(2)));
        assert!(state(Confirmed, None, None).holds_offer(at(100)));
        for closed in [Completed, Cancelled, NoShow] {
            assert!(!state(closed, Some(5), None).holds_offer(at(0)), "{closed}");
        }
    }

    /// Every transition from every state: the table of what is allowed, written once.
    #[test]
    fn every_allowed_and_forbidden_transition() {
        use CancelledBy::{Guest, Host, Payment, System};
        let now = at(0);
        let states = [
            ("pending in hold", state(Pending, Some(1), None)),
            ("pending, hold over", state(Pending, Some(-1), None)),
            ("confirmed", state(Confirmed, None, None)),
            ("completed", state(Completed, None, None)),
            ("no-show", state(NoShow, None, None)),
            ("cancelled by guest", state(Cancelled, None, Some(Guest))),
            ("cancelled by host", state(Cancelled, None, Some(Host))),
            ("cancelled by payment", state(Cancelled, None, Some(Payment))),
            ("cancelled by system (hold expired)", state(Cancelled, Some(-1), Some(System))),
        ];
        let allowed: &[(&str, Transition)] = &[
            ("pending in hold", Transition::Confirm),
            ("pending in hold", Transition::Cancel(Guest)),
            ("pending in hold", Transition::Cancel(Host)),
            ("pending, hold over", Transition::Confirm),
            ("pending, hold over", Transition::ExpireHold),
            ("confirmed", Transition::Cancel(Guest)),
            ("confirmed", Transition::Cancel(Host)),
            ("confirmed", Transition::Complete),
            ("confirmed", Transition::MarkNoShow),
            // A payment after the hold expired: the late-payment case.
            ("cancelled by system (hold expired)", Transition::Confirm),
        ];
        for (name, current) in states {
            for transition in Transition::ALL {
                let result = transition.apply(&current, now);
                if allowed.contains(&(name, transition)) {
                    assert_eq!(result, Ok(transition.target()), "{name} → {transition:?}");
                } else {
                    let refused = result.expect_err(&format!("{name} → {transition:?} must be refused"));
                    assert_eq!(refused.from, current.effective_status(now));
                }
            }
        }
    }

    #[test]
    fn sources_name_what_the_update_may_match() {
        for transition in Transition::ALL {
            for source in transition.sources() {
                let current = state(source.status, Some(1), source.cancelled_by);
                let hold_over = state(source.status, Some(-1), source.cancelled_by);
                assert!(
                    transition.apply(&current, at(0)).is_ok() || transition.apply(&hold_over, at(0)).is_ok(),
                    "{transition:?} from {source:?}"
                );
            }
        }
        assert!(Transition::Cancel(CancelledBy::System).sources().is_empty(), "the system expires holds instead");
        assert!(Transition::Cancel(CancelledBy::Payment).sources().is_empty(), "a failed payment only informs");
    }

    #[test]
    fn refusals_say_why() {
        let refused = Transition::Cancel(CancelledBy::Guest).apply(&state(Completed, None, None), at(0)).unwrap_err();
        assert_eq!(refused.to_string(), "This booking is completed and cannot be cancelled.");
    }

    #[test]
    fn cancel_reasons_are_bounded() {
        assert_eq!(CancelReason::parse(Some("  ")), Ok(None));
        assert_eq!(CancelReason::parse(Some(" ill ")).unwrap().unwrap().into_string(), "ill");
        assert_eq!(CancelReason::parse(Some(&"x".repeat(501))), Err(ReasonTooLong));
    }

    #[test]
    fn refund_policy() {
        let start = at(48);
        assert_eq!(refund_on_cancel(CancelledBy::Host, start, at(47)), Refund::Full);
        assert_eq!(refund_on_cancel(CancelledBy::Guest, start, at(24)), Refund::Full, "exactly 24 h before");
        assert_eq!(refund_on_cancel(CancelledBy::Guest, start, at(0)), Refund::Full);
        assert_eq!(refund_on_cancel(CancelledBy::Guest, start, at(25)), Refund::None);
        assert_eq!(refund_on_cancel(CancelledBy::Guest, start, at(47)), Refund::None);
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

    #[test]
    fn late_payments_are_checked_like_new_bookings() {
        let now = at(0);
        let times = (at(5), at(6));
        let check = LateCheck {
            offer_status: OfferStatus::Available,
            offer_times: times,
            offer_price: Money::from_minor(2000, Currency::Eur),
            booked_times: times,
            booked_price: Money::from_minor(2000, Currency::Eur),
        };
        assert_eq!(check_late_payment(check, now), Ok(()));
        assert_eq!(check_late_payment(check, at(5)), Err(LateRefusal::CallStarted));
        let taken = LateCheck { offer_status: OfferStatus::Booked, ..check };
        assert_eq!(check_late_payment(taken, now), Err(LateRefusal::OfferTaken));
        let withdrawn = LateCheck { offer_status: OfferStatus::Cancelled, ..check };
        assert_eq!(check_late_payment(withdrawn, now), Err(LateRefusal::OfferChanged));
        let repriced = LateCheck { offer_price: Money::from_minor(2500, Currency::Eur), ..check };
        assert_eq!(check_late_payment(repriced, now), Err(LateRefusal::OfferChanged));
        let moved = LateCheck { offer_times: (at(7), at(8)), ..check };
        assert_eq!(check_late_payment(moved, now), Err(LateRefusal::OfferChanged));

        assert!(state(Pending, Some(-1), None).payment_is_late(now));
        assert!(!state(Pending, Some(1), None).payment_is_late(now));
        assert!(state(Cancelled, Some(-1), Some(CancelledBy::System)).payment_is_late(now));
        assert!(!state(Cancelled, None, Some(CancelledBy::Guest)).payment_is_late(now), "cancelled by a person");
        assert!(!state(Confirmed, None, None).payment_is_late(now));
    }

    #[test]
    fn statuses_round_trip() {
        for status in BookingStatus::ALL {
            assert_eq!(status.as_str().parse::<BookingStatus>(), Ok(status));
        }
        assert!(Pending.is_active() && Confirmed.is_active() && !Cancelled.is_active());
        assert!("CONFIRMED".parse::<BookingStatus>().is_err(), "stored spellings are exact");
    }

    #[test]
    fn holds_are_capped_and_not_renewed_back_to_back() {
        let limits = HoldLimits { max_holds: 2, cooldown: Duration::minutes(15) };
        let now = at(0);
        assert_eq!(limits.check(0, None, now), Ok(()));
        assert_eq!(limits.check(1, None, now), Ok(()));
        assert_eq!(limits.check(2, None, now), Err(HoldRefusal::TooMany(2)));
        let released = now - Duration::minutes(5);
        assert_eq!(limits.check(0, Some(released), now), Err(HoldRefusal::Cooldown(now + Duration::minutes(10))));
        assert_eq!(limits.check(0, Some(now - Duration::minutes(15)), now), Ok(()), "the pause is over");
    }
}
