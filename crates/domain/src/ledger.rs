//! A creator's ledger: the append-only list of what Callstar owes them (earnings, refunds,
//! disputes, payouts, failed payouts, adjustments), from which every balance is computed —
//! pending (not yet released, by release date), available, in flight to the bank, and debt.
//! Also the payout statuses and their transitions, and the payout schedule with a fixed
//! anchor, so the next payout date never drifts.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

stored_enum! {
    /// What a ledger entry records.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum EntryKind {
        /// The creator's share of a payment (+), payable at its release date.
        Earning = "earning",
        /// Money given back to a fan (−): released at once, or with the earning it cancels.
        Refund = "refund",
        /// A fan disputes a charge (−, held until it is decided).
        DisputeOpened = "dispute_opened",
        /// The dispute was decided for the creator (+, the hold comes back).
        DisputeWon = "dispute_won",
        /// The dispute was decided for the fan (0: the hold stays a loss).
        DisputeLost = "dispute_lost",
        /// Money sent to the creator's bank (−), in flight until paid or failed.
        Payout = "payout",
        /// The bank received a payout (0: it is no longer in flight).
        PayoutPaid = "payout_paid",
        /// A payout failed (+: the amount is available again).
        PayoutFailed = "payout_failed",
        /// Debt deducted from a payout (0: the deduction is already in the balance; the entry says how much).
        DebtDeduction = "debt_deduction",
        /// An admin's correction (±, with a reason).
        Adjustment = "adjustment",
    }
}

/// One entry, as the balance reads it (amounts in minor units of the creator's currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it records.
    pub kind: EntryKind,
    /// Signed amount: + owed to the creator, − owed by them or sent out.
    pub amount: i64,
    /// When it becomes payable (earnings, and refunds of earnings still held).
    pub release_at: Option<DateTime<Utc>>,
    /// The payout it belongs to (payout, payout paid, payout failed, debt deduction).
    pub payout: Option<Uuid>,
}

/// A creator's balance at a moment, in minor units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balance {
    /// Not yet released.
    pub pending: i64,
    /// Payable now (after any debt).
    pub available: i64,
    /// Sent to the bank, not yet paid or failed.
    pub in_flight: i64,
    /// Owed by the creator (refunds or lost disputes after their share was paid out).
    pub debt: i64,
    /// Pending amounts by release date, soonest first.
    pub releases: Vec<(DateTime<Utc>, i64)>,
}

/// Computes the balance at `now` from the entries (in any order). Nothing is available before
/// its release date; debt is never available: `available − debt` is what was released and not
/// sent out.
pub fn balance(entries: &[Entry], now: DateTime<Utc>) -> Balance {
    let mut held: BTreeMap<DateTime<Utc>, i64> = BTreeMap::new();
    let mut net: i64 = 0;
    let mut payouts: HashMap<Uuid, (i64, bool)> = HashMap::new();
    for entry in entries {
        match entry.kind {
            EntryKind::Payout => {
                net += entry.amount;
                let sent = payouts.entry(entry.payout.unwrap_or_default()).or_insert((0, false));
                sent.0 += -entry.amount;
            }
            EntryKind::PayoutPaid => {
                payouts.entry(entry.payout.unwrap_or_default()).or_insert((0, false)).1 = true;
            }
            EntryKind::PayoutFailed => {
                net += entry.amount;
                payouts.entry(entry.payout.unwrap_or_default()).or_insert((0, false)).1 = true;
            }
            _ => match entry.release_at {
                Some(at) if at > now => *held.entry(at).or_default() += entry.amount,
                _ => net += entry.amount,
            },
        }
    }
    // A release date whose refunds exceed its earnings is owed at once.
    let mut releases = Vec::new();
    for (at, amount) in held {
        if amount > 0 {
            releases.push((at, amount));
        } else {
            net += amount;
        }
    }
    Balance {
        pending: releases.iter().map(|(_, amount)| amount).sum(),
        available: net.max(0),
        in_flight: payouts.values().filter(|(_, settled)| !settled).map(|(amount, _)| amount).sum(),
        debt: (-net).max(0),
        releases,
    }
}

/// The amount to pay out now, if any: everything available, when it reaches the minimum.
pub fn payout_amount(balance: &Balance, minimum: i64) -> Option<i64> {
    (balance.available > 0 && balance.available >= minimum).then_some(balance.available)
}

stored_enum! {
    /// Where a payout stands (seed 002's statuses).
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum PayoutStatus {
        /// A MANUAL creator asked for it; an admin decides.
        Requested = "REQUESTED",
        /// An admin approved it; the job sends it.
        Approved = "APPROVED",
        /// Created at Stripe, on its way to the bank.
        Processing = "PROCESSING",
        /// The bank received it.
        Paid = "PAID",
        /// Stripe could not pay it; the amount is available again.
        Failed = "FAILED",
        /// An admin refused the request.
        Rejected = "REJECTED",
    }
}

/// A change of a payout's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayoutStep {
    /// An admin approves a request.
    Approve,
    /// An admin rejects a request.
    Reject,
    /// The job sends it to Stripe (an approved request, or a scheduled payout created at once).
    Send,
    /// Stripe says it was paid.
    Pay,
    /// Stripe says it failed.
    Fail,
}

impl PayoutStep {
    /// The statuses it may start from.
    pub fn sources(self) -> &'static [PayoutStatus] {
        match self {
            Self::Approve | Self::Reject => &[PayoutStatus::Requested],
            Self::Send => &[PayoutStatus::Approved],
            Self::Pay | Self::Fail => &[PayoutStatus::Processing],
        }
    }

    /// The status it leads to.
    pub fn target(self) -> PayoutStatus {
        match self {
            Self::Approve => PayoutStatus::Approved,
            Self::Reject => PayoutStatus::Rejected,
            Self::Send => PayoutStatus::Processing,
            Self::Pay => PayoutStatus::Paid,
            Self::Fail => PayoutStatus::Failed,
        }
    }

    /// The status after the step, or `None` when it does not apply to `from`.
    pub fn apply(self, from: PayoutStatus) -> Option<PayoutStatus> {
        self.sources().contains(&from).then_some(self.target())
    }
}

stored_enum! {
    /// How often a creator is paid.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum PayoutSchedule {
        /// Every day, at the anchor's time.
        Daily = "DAILY",
        /// Every week, on the chosen weekday at the anchor's time.
        Weekly = "WEEKLY",
        /// Only on request, approved by an admin.
        Manual = "MANUAL",
    }
}

/// The time of day scheduled payouts happen (UTC).
pub const PAYOUT_TIME: NaiveTime = match NaiveTime::from_hms_opt(2, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// The first scheduled payout moment strictly after `after`: every day at [`PAYOUT_TIME`], or
/// every `weekday` at that time. Computed from the calendar, never from the last payout, so
/// the schedule never drifts. `None` for MANUAL.
pub fn next_payout_at(schedule: PayoutSchedule, weekday: Weekday, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut day = after.date_naive();
    for _ in 0..9 {
        let at = day.and_time(PAYOUT_TIME).and_utc();
        let matches = match schedule {
            PayoutSchedule::Daily => true,
            PayoutSchedule::Weekly => day.weekday() == weekday,
            PayoutSchedule::Manual => return None,
        };
        if matches && at > after {
            return Some(at);
        }
        day += Duration::days(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hours)
    }

    fn entry(kind: EntryKind, amount: i64, release: Option<i64>, payout: Option<u128>) -> Entry {
        Entry { kind, amount, release_at: release.map(at), payout: payout.map(Uuid::from_u128) }
    }

    #[test]
    fn earnings_wait_for_their_release_date() {
        let entries = [entry(EntryKind::Earning, 8500, Some(24 * 7), None)];
        let before = balance(&entries, at(0));
        assert_eq!((before.pending, before.available), (8500, 0));
        assert_eq!(before.releases, vec![(at(24 * 7), 8500)]);
        let after = balance(&entries, at(24 * 7));
        assert_eq!((after.pending, after.available), (0, 8500), "released exactly at the date");
    }

    #[test]
    fn a_refund_after_the_payout_is_debt_deducted_from_the_next_one() {
        let mut entries = vec![
            entry(EntryKind::Earning, 10_000, Some(1), None),
            entry(EntryKind::Payout, -10_000, None, Some(1)),
            entry(EntryKind::PayoutPaid, 0, None, Some(1)),
            entry(EntryKind::Refund, -3_000, None, None),
        ];
        let b = balance(&entries, at(2));
        assert_eq!((b.available, b.debt, b.in_flight), (0, 3_000, 0));
        assert_eq!(payout_amount(&b, 0), None, "debt is never paid out");
        entries.push(entry(EntryKind::Earning, 5_000, Some(3), None));
        let b = balance(&entries, at(4));
        assert_eq!((b.available, b.debt), (2_000, 0));
        assert_eq!(payout_amount(&b, 1_000), Some(2_000));
        assert_eq!(payout_amount(&b, 2_500), None, "below the minimum");
    }

    #[test]
    fn payouts_are_in_flight_until_paid_and_failed_ones_come_back() {
        let mut entries =
            vec![entry(EntryKind::Earning, 4_000, Some(0), None), entry(EntryKind::Payout, -4_000, None, Some(7))];
        let b = balance(&entries, at(1));
        assert_eq!((b.available, b.in_flight), (0, 4_000));
        entries.push(entry(EntryKind::PayoutFailed, 4_000, None, Some(7)));
        let b = balance(&entries, at(1));
        assert_eq!((b.available, b.in_flight), (4_000, 0));
    }

    #[test]
    fn a_refund_of_a_held_share_cancels_it_at_its_release_date() {
        let entries =
            [entry(EntryKind::Earning, 4_000, Some(10), None), entry(EntryKind::Refund, -4_000, Some(10), None)];
        let b = balance(&entries, at(0));
        assert_eq!((b.pending, b.available, b.debt), (0, 0, 0));
        assert!(b.releases.is_empty());
    }

    #[test]
    fn payout_steps() {
        use PayoutStatus::*;
        assert_eq!(PayoutStep::Approve.apply(Requested), Some(Approved));
        assert_eq!(PayoutStep::Reject.apply(Requested), Some(Rejected));
        assert_eq!(PayoutStep::Send.apply(Approved), Some(Processing));
        assert_eq!(PayoutStep::Pay.apply(Processing), Some(Paid));
        assert_eq!(PayoutStep::Fail.apply(Processing), Some(Failed));
        for from in [Paid, Failed, Rejected] {
            for step in [PayoutStep::Approve, PayoutStep::Reject, PayoutStep::Send, PayoutStep::Pay, PayoutStep::Fail] {
                assert_eq!(step.apply(from), None, "{step:?} from {from}");
            }
        }
        assert_eq!(PayoutStep::Send.apply(Requested), None, "a request needs an approval");
    }

    #[test]
    fn the_schedule_never_drifts() {
        // 2027-01-15 is a Friday.
        let friday = DateTime::parse_from_rfc3339("2027-01-15T10:30:00Z").unwrap().with_timezone(&Utc);
        let daily = next_payout_at(PayoutSchedule::Daily, Weekday::Mon, friday).unwrap();
        assert_eq!(daily.to_rfc3339(), "2027-01-16T02:00:00+00:00");
        let weekly = next_payout_at(PayoutSchedule::Weekly, Weekday::Mon, friday).unwrap();
        assert_eq!(weekly.to_rfc3339(), "2027-01-18T02:00:00+00:00");
        // A late run does not move the next one: it is always the calendar's.
        let late = weekly + Duration::hours(5);
        assert_eq!(next_payout_at(PayoutSchedule::Weekly, Weekday::Mon, late).unwrap(), weekly + Duration::days(7));
        assert_eq!(next_payout_at(PayoutSchedule::Manual, Weekday::Mon, friday), None);
    }

    fn arbitrary_history() -> impl Strategy<Value = Vec<(u8, i64, i64)>> {
        proptest::collection::vec((0_u8..8, 1_i64..50_000, 0_i64..400), 0..60)
    }

    proptest! {
        /// For random histories of payments, refunds, disputes, payouts and failures: the
        /// balances add up to the entries, available never covers debt, and nothing is payable
        /// before its release date.
        #[test]
        fn balances_are_the_sum_of_the_entries(history in arbitrary_history(), now in 0_i64..500) {
            let now = at(now);
            let mut entries: Vec<Entry> = Vec::new();
            let mut next_payout: u128 = 1;
            for (kind, amount, hours) in history {
                let so_far = balance(&entries, now);
                match kind {
                    0 => entries.push(entry(EntryKind::Earning, amount, Some(hours), None)),
                    1 => entries.push(entry(EntryKind::Refund, -amount, None, None)),
                    2 => entries.push(entry(EntryKind::DisputeOpened, -amount, None, None)),
                    3 => entries.push(entry(EntryKind::DisputeWon, amount, None, None)),
                    4 => entries.push(entry(EntryKind::Adjustment, amount - 25_000, None, None)),
                    5 => if let Some(pay) = payout_amount(&so_far, 0) {
                        entries.push(entry(EntryKind::Payout, -pay, None, Some(next_payout)));
                        next_payout += 1;
                    },
                    6 => if next_payout > 1 { entries.push(entry(EntryKind::PayoutPaid, 0, None, Some(next_payout - 1))) },
                    _ => {
                        let last = next_payout - 1;
                        let open = entries.iter().any(|e| e.kind == EntryKind::Payout && e.payout == Some(Uuid::from_u128(last)))
                            && !entries.iter().any(|e| matches!(e.kind, EntryKind::PayoutPaid | EntryKind::PayoutFailed) && e.payout == Some(Uuid::from_u128(last)));
                        if open {
                            let sent: i64 = entries.iter().filter(|e| e.kind == EntryKind::Payout && e.payout == Some(Uuid::from_u128(last))).map(|e| -e.amount).sum();
                            entries.push(entry(EntryKind::PayoutFailed, sent, None, Some(last)));
                        }
                    }
                }
            }
            let b = balance(&entries, now);
            let total: i64 = entries.iter().map(|e| e.amount).sum();
            let sent: i64 = entries.iter().filter(|e| e.kind == EntryKind::Payout).map(|e| -e.amount).sum();
            let failed: i64 = entries.iter().filter(|e| e.kind == EntryKind::PayoutFailed).map(|e| e.amount).sum();
            // Everything owed = pending + what may be paid − what is owed back; payouts out of it.
            prop_assert_eq!(b.pending + b.available - b.debt, total);
            prop_assert!(b.in_flight <= sent - failed);
            prop_assert!(b.available >= 0 && b.debt >= 0 && b.pending >= 0);
            prop_assert!(b.available == 0 || b.debt == 0, "debt is deducted before anything is available");
            // Nothing is payable before its release date.
            let released: i64 = entries.iter().filter(|e| e.kind != EntryKind::Payout && e.kind != EntryKind::PayoutFailed)
                .filter(|e| e.release_at.is_none_or(|t| t <= now)).map(|e| e.amount).sum::<i64>() - sent + failed;
            prop_assert!(b.available <= released.max(0), "available {} released {}", b.available, released);
            prop_assert!(b.releases.iter().all(|(t, amount)| *t > now && *amount > 0));
        }
    }
}
