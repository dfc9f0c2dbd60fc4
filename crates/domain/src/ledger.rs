//! A creator's ledger: the append-only list of what Callstar owes them (earnings, refunds,
//! disputes, payouts, failed payouts, adjustments), from which every balance is computed —
//! pending (not yet released, by release date), available, in flight to the bank, and debt —
//! and how much debt a payout paid back. Also the payout statuses and their transitions, the
//! payout settings (schedule with a fixed anchor, so the next payout date never drifts;
//! minimum; weekday), and the amounts people type (payouts, adjustments, reasons).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::input::FieldErrors;
use crate::money::{Currency, Price, from_minor_units, to_minor_units};

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
        /// Money set aside for a payout (−): requested, approved or on its way to the bank; in
        /// flight until paid, failed or rejected.
        Payout = "payout",
        /// The bank received a payout (0: it is no longer in flight).
        PayoutPaid = "payout_paid",
        /// A payout failed (+: the amount is available again).
        PayoutFailed = "payout_failed",
        /// An admin rejected a payout request (+: the amount is available again).
        PayoutRejected = "payout_rejected",
        /// Debt paid back out of a payout's released earnings (informational, −: the deduction
        /// is already in the balance; the entry says how much).
        DebtDeduction = "debt_deduction",
        /// An admin's correction (±, with a reason).
        Adjustment = "adjustment",
    }
}

impl EntryKind {
    /// Whether the amount counts in the balance. Informational entries (a payout reached the
    /// bank, a dispute was lost, debt was deducted) record a fact whose money already moved.
    pub fn counts(self) -> bool {
        !matches!(self, Self::PayoutPaid | Self::DisputeLost | Self::DebtDeduction)
    }

    /// Whether the entry settles a payout (it is no longer in flight).
    fn settles_payout(self) -> bool {
        matches!(self, Self::PayoutPaid | Self::PayoutFailed | Self::PayoutRejected)
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
    /// When it was written.
    pub at: DateTime<Utc>,
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
            kind if kind.settles_payout() => {
                if kind.counts() {
                    net += entry.amount;
                }
                payouts.entry(entry.payout.unwrap_or_default()).or_insert((0, false)).1 = true;
            }
            kind if !kind.counts() => {}
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

/// How much debt was paid back by money released after `since` (every entry up to `now`
/// when `None`): the entries that count are walked in the order they took effect (an earning
/// at its release date, anything else when written), and each credit first fills the hole
/// left by earlier debits. This is what a payout created now says was deducted from it.
pub fn debt_repaid(entries: &[Entry], since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i64 {
    let mut effective: Vec<(DateTime<Utc>, usize, i64)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind.counts())
        .filter_map(|(i, e)| {
            let at = e.release_at.map_or(e.at, |release| release.max(e.at));
            (at <= now).then_some((at, i, e.amount))
        })
        .collect();
    effective.sort_unstable();
    let (mut net, mut repaid) = (0_i64, 0_i64);
    for (at, _, amount) in effective {
        if amount > 0 && net < 0 && since.is_none_or(|since| at > since) {
            repaid += amount.min(-net);
        }
        net += amount;
    }
    repaid
}

/// The creator's part of a refund, in minor units. Stripe reverses the transfer in proportion
/// to the refunded amount, so the creator's part of everything refunded so far is
/// `refunded × share ÷ total` (rounded half away from zero); this refund's part is the growth
/// of that figure, so the parts of successive refunds add up to the share exactly.
pub fn refund_share(share: i64, total: i64, refunded_before: i64, refunded_after: i64) -> i64 {
    let part = |refunded: i64| -> i64 {
        if total <= 0 {
            return 0;
        }
        let refunded = i128::from(refunded.clamp(0, total));
        let scaled = refunded * i128::from(share) * 2 / i128::from(total);
        i64::try_from((scaled + scaled.signum()) / 2).unwrap_or(0)
    };
    part(refunded_after) - part(refunded_before)
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
    /// Stripe says it failed (also after it was paid: a bank may return a payout days later).
    Fail,
}

impl PayoutStep {
    /// The statuses it may start from.
    pub fn sources(self) -> &'static [PayoutStatus] {
        match self {
            Self::Approve | Self::Reject => &[PayoutStatus::Requested],
            Self::Send => &[PayoutStatus::Approved],
            Self::Pay => &[PayoutStatus::Processing],
            Self::Fail => &[PayoutStatus::Processing, PayoutStatus::Paid],
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

    /// Every step, for exhaustive tests.
    pub const ALL: [Self; 5] = [Self::Approve, Self::Reject, Self::Send, Self::Pay, Self::Fail];
}

impl PayoutStatus {
    /// Whether its amount is still set aside (not paid, failed or rejected).
    pub fn in_flight(self) -> bool {
        matches!(self, Self::Requested | Self::Approved | Self::Processing)
    }
}

stored_enum! {
    /// How a payout came about.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum PayoutOrigin {
        /// The DAILY or WEEKLY schedule created it (sent without approval).
        Schedule = "SCHEDULE",
        /// A MANUAL creator asked for it (sent once an admin approves).
        Request = "REQUEST",
    }
}

stored_enum! {
    /// Who changed a payout, in its audit trail.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum PayoutActor {
        /// The creator (a request).
        Creator = "CREATOR",
        /// An admin (approval, rejection).
        Admin = "ADMIN",
        /// Callstar's job (scheduled creation, sending, skips).
        System = "SYSTEM",
        /// Stripe, through a webhook (paid, failed).
        Stripe = "STRIPE",
    }
}

stored_enum! {
    /// Why the payout job left a creator's money where it is.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SkipReason {
        /// An admin blocked the creator's payouts, or their debt is above the threshold.
        Blocked = "blocked",
        /// The creator has no connected Stripe account.
        NoAccount = "no_account",
        /// Stripe says the connected account cannot receive payouts.
        PayoutsDisabled = "payouts_disabled",
        /// The first attempt is older than Stripe keeps idempotency keys (24 h): sending
        /// again could pay twice, so an admin must check Stripe first.
        IdempotencyExpired = "idempotency_expired",
    }
}

impl SkipReason {
    /// For people (admins and logs).
    pub fn describe(self) -> &'static str {
        match self {
            Self::Blocked => "payouts are blocked",
            Self::NoAccount => "the creator has no connected Stripe account",
            Self::PayoutsDisabled => "the connected Stripe account cannot receive payouts",
            Self::IdempotencyExpired => {
                "the first attempt is more than 23 h old (Stripe's idempotency window): check the \
                 Stripe dashboard for a payout with metadata callstar_payout_id before sending it again"
            }
        }
    }
}

stored_enum! {
    /// Why a creator's payouts are blocked.
    pub enum BlockKind {
        /// An admin blocked them (only an admin unblocks).
        Admin = "admin",
        /// The debt passed the threshold (lifted when the debt is settled).
        Debt = "debt",
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

stored_enum! {
    /// The weekday of WEEKLY payouts.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum PayoutWeekday {
        /// Monday.
        Monday = "MONDAY",
        /// Tuesday.
        Tuesday = "TUESDAY",
        /// Wednesday.
        Wednesday = "WEDNESDAY",
        /// Thursday.
        Thursday = "THURSDAY",
        /// Friday.
        Friday = "FRIDAY",
        /// Saturday.
        Saturday = "SATURDAY",
        /// Sunday.
        Sunday = "SUNDAY",
    }
}

impl PayoutWeekday {
    /// As chrono's weekday.
    pub fn weekday(self) -> Weekday {
        match self {
            Self::Monday => Weekday::Mon,
            Self::Tuesday => Weekday::Tue,
            Self::Wednesday => Weekday::Wed,
            Self::Thursday => Weekday::Thu,
            Self::Friday => Weekday::Fri,
            Self::Saturday => Weekday::Sat,
            Self::Sunday => Weekday::Sun,
        }
    }
}

/// A creator's payout settings, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutSettings {
    /// How often.
    pub schedule: PayoutSchedule,
    /// The least a scheduled payout sends, in minor units.
    pub minimum_minor: i64,
    /// The day of WEEKLY payouts.
    pub weekday: PayoutWeekday,
}

impl PayoutSettings {
    /// What a new creator starts with (seed 002): weekly on Mondays, at least 10.00.
    pub const DEFAULT: Self =
        Self { schedule: PayoutSchedule::Weekly, minimum_minor: 1_000, weekday: PayoutWeekday::Monday };

    /// Checks the fields as a form gives them: every error at once. A WEEKLY schedule needs
    /// its weekday; the others keep `current_weekday`.
    pub fn parse(
        schedule: PayoutSchedule,
        minimum: Decimal,
        weekday: Option<PayoutWeekday>,
        current_weekday: PayoutWeekday,
        currency: Currency,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let minimum_minor = errors.check("minimum", PayoutAmount::parse(minimum, currency)).map(PayoutAmount::minor);
        if schedule == PayoutSchedule::Weekly && weekday.is_none() {
            errors.add("weeklyDay", "is required for a WEEKLY schedule");
        }
        let settings = minimum_minor.map(|minimum_minor| Self {
            schedule,
            minimum_minor,
            weekday: weekday.unwrap_or(current_weekday),
        });
        errors.finish(settings)
    }

    /// The next scheduled payout moment after `after` (`None` for MANUAL).
    pub fn next_payout_at(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        next_payout_at(self.schedule, self.weekday.weekday(), after)
    }
}

/// Why an amount of money was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// More decimals than the currency has.
    #[error("must have at most 2 decimal places")]
    TooPrecise,
    /// Below the least payout.
    #[error("must be at least 1.00")]
    TooSmall,
    /// Zero.
    #[error("must not be zero")]
    Zero,
    /// Above what one payout or adjustment may move.
    #[error("must be at most 999999.99")]
    TooLarge,
}

fn minor_of(amount: Decimal, currency: Currency) -> Result<i64, AmountError> {
    if amount.normalize().scale() > currency.decimals() {
        return Err(AmountError::TooPrecise);
    }
    if amount.abs() > from_minor_units(Price::MAX_MINOR, currency) {
        return Err(AmountError::TooLarge);
    }
    Ok(to_minor_units(amount, currency))
}

/// An amount to pay out (or a payout minimum): at least 1.00, at most 999,999.99, exact to
/// the cent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutAmount(i64);

impl PayoutAmount {
    /// The least payout, in minor units.
    pub const MIN_MINOR: i64 = 100;

    /// Checks precision and bounds.
    pub fn parse(amount: Decimal, currency: Currency) -> Result<Self, AmountError> {
        let minor = minor_of(amount, currency)?;
        if minor < Self::MIN_MINOR {
            return Err(AmountError::TooSmall);
        }
        Ok(Self(minor))
    }

    /// In minor units.
    pub fn minor(self) -> i64 {
        self.0
    }
}

/// An admin's correction of a creator's balance: a signed, non-zero amount and a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    /// Signed, minor units: + owed to the creator, − owed by them.
    pub amount_minor: i64,
    /// Why (shown to the creator and in the ledger).
    pub reason: Reason,
}

impl Adjustment {
    /// Checks the amount and the reason: every error at once.
    pub fn parse(amount: Decimal, reason: &str, currency: Currency) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let amount_minor = errors.check(
            "amount",
            minor_of(amount, currency).and_then(|m| if m == 0 { Err(AmountError::Zero) } else { Ok(m) }),
        );
        let reason = errors.check("reason", Reason::parse(reason));
        let adjustment = amount_minor.zip(reason).map(|(amount_minor, reason)| Self { amount_minor, reason });
        errors.finish(adjustment)
    }
}

/// Why an admin did something (a rejection, a block, an adjustment): trimmed, 1 to 500
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

/// An empty or too long reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to {max} characters", max = Reason::MAX_CHARS)]
pub struct ReasonError;

impl Reason {
    /// Longest reason.
    pub const MAX_CHARS: usize = 500;

    /// Trims and checks the length.
    pub fn parse(input: &str) -> Result<Self, ReasonError> {
        let text = input.trim();
        if text.is_empty() || text.chars().count() > Self::MAX_CHARS {
            return Err(ReasonError);
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
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
    use rust_decimal_macros::dec;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hours)
    }

    fn entry(kind: EntryKind, amount: i64, release: Option<i64>, payout: Option<u128>) -> Entry {
        written(kind, amount, release, payout, 0)
    }

    fn written(kind: EntryKind, amount: i64, release: Option<i64>, payout: Option<u128>, hour: i64) -> Entry {
        Entry { kind, amount, release_at: release.map(at), payout: payout.map(Uuid::from_u128), at: at(hour) }
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
            written(EntryKind::Earning, 10_000, Some(1), None, 0),
            written(EntryKind::Payout, -10_000, None, Some(1), 1),
            written(EntryKind::PayoutPaid, 0, None, Some(1), 2),
            written(EntryKind::Refund, -3_000, None, None, 2),
        ];
        let b = balance(&entries, at(2));
        assert_eq!((b.available, b.debt, b.in_flight), (0, 3_000, 0));
        assert_eq!(payout_amount(&b, 0), None, "debt is never paid out");
        entries.push(written(EntryKind::Earning, 5_000, Some(3), None, 2));
        let b = balance(&entries, at(4));
        assert_eq!((b.available, b.debt), (2_000, 0));
        assert_eq!(payout_amount(&b, 1_000), Some(2_000));
        assert_eq!(payout_amount(&b, 2_500), None, "below the minimum");
        // The earning released at hour 3 first paid back the 3,000 of debt.
        assert_eq!(debt_repaid(&entries, Some(at(1)), at(4)), 3_000);
        assert_eq!(debt_repaid(&entries, Some(at(3)), at(4)), 0, "nothing repaid after hour 3");
        assert_eq!(debt_repaid(&entries, Some(at(1)), at(2)), 0, "not yet released");
        // A deduction is informational: the balance already holds it.
        entries.push(written(EntryKind::DebtDeduction, -3_000, None, Some(2), 4));
        assert_eq!(balance(&entries, at(4)).available, 2_000);
    }

    #[test]
    fn a_refund_of_money_not_yet_paid_out_is_no_debt() {
        let entries = [
            written(EntryKind::Earning, 10_000, Some(1), None, 0),
            written(EntryKind::Refund, -3_000, None, None, 2),
            written(EntryKind::Earning, 1_000, Some(3), None, 2),
        ];
        let b = balance(&entries, at(4));
        assert_eq!((b.available, b.debt), (8_000, 0));
        assert_eq!(debt_repaid(&entries, None, at(4)), 0);
    }

    #[test]
    fn payouts_are_in_flight_until_paid_and_failed_or_rejected_ones_come_back() {
        let mut entries =
            vec![entry(EntryKind::Earning, 4_000, Some(0), None), entry(EntryKind::Payout, -4_000, None, Some(7))];
        let b = balance(&entries, at(1));
        assert_eq!((b.available, b.in_flight), (0, 4_000));
        entries.push(entry(EntryKind::PayoutFailed, 4_000, None, Some(7)));
        let b = balance(&entries, at(1));
        assert_eq!((b.available, b.in_flight), (4_000, 0));
        entries.push(entry(EntryKind::Payout, -1_000, None, Some(8)));
        entries.push(entry(EntryKind::PayoutRejected, 1_000, None, Some(8)));
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
    fn disputes_hold_the_share_until_decided() {
        let mut entries =
            vec![entry(EntryKind::Earning, 6_800, Some(0), None), entry(EntryKind::DisputeOpened, -6_800, None, None)];
        assert_eq!(balance(&entries, at(1)).available, 0);
        entries.push(entry(EntryKind::DisputeWon, 6_800, None, None));
        assert_eq!(balance(&entries, at(1)).available, 6_800);
        entries.pop();
        entries.push(entry(EntryKind::DisputeLost, 0, None, None));
        assert_eq!(balance(&entries, at(1)).available, 0, "a lost dispute stays a loss");
    }

    #[test]
    fn refund_shares_add_up_to_the_share() {
        // 80.00 paid, 68.00 to the creator: a full refund takes back the whole share.
        assert_eq!(refund_share(6_800, 8_000, 0, 8_000), 6_800);
        // 30.00 then 50.00: 25.50 then 42.50.
        assert_eq!(refund_share(6_800, 8_000, 0, 3_000), 2_550);
        assert_eq!(refund_share(6_800, 8_000, 3_000, 8_000), 4_250);
        // One cent of 0.50 with 0.42 to the creator: rounds half away from zero.
        assert_eq!(refund_share(42, 50, 0, 1), 1);
        assert_eq!(refund_share(42, 0, 0, 10), 0, "nothing paid, nothing shared");
    }

    #[test]
    fn payout_steps() {
        use PayoutStatus::*;
        assert_eq!(PayoutStep::Approve.apply(Requested), Some(Approved));
        assert_eq!(PayoutStep::Reject.apply(Requested), Some(Rejected));
        assert_eq!(PayoutStep::Send.apply(Approved), Some(Processing));
        assert_eq!(PayoutStep::Pay.apply(Processing), Some(Paid));
        assert_eq!(PayoutStep::Fail.apply(Processing), Some(Failed));
        assert_eq!(PayoutStep::Fail.apply(Paid), Some(Failed), "a bank may return a paid payout");
        for from in [Failed, Rejected] {
            for step in PayoutStep::ALL {
                assert_eq!(step.apply(from), None, "{step:?} from {from}");
            }
        }
        assert_eq!(PayoutStep::Send.apply(Requested), None, "a request needs an approval");
        assert_eq!(PayoutStep::Pay.apply(Approved), None, "sent first");
        assert!(Requested.in_flight() && Approved.in_flight() && Processing.in_flight());
        assert!(!Paid.in_flight() && !Failed.in_flight() && !Rejected.in_flight());
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
        let settings = PayoutSettings { weekday: PayoutWeekday::Friday, ..PayoutSettings::DEFAULT };
        assert_eq!(settings.next_payout_at(friday).unwrap().to_rfc3339(), "2027-01-22T02:00:00+00:00");
    }

    #[test]
    fn settings_and_amounts_are_checked() {
        let eur = Currency::Eur;
        let weekly = PayoutSettings::parse(PayoutSchedule::Weekly, dec!(25), None, PayoutWeekday::Monday, eur);
        let errors = weekly.unwrap_err().into_vec();
        assert_eq!(errors, vec![("weeklyDay", "is required for a WEEKLY schedule".to_owned())]);
        let bad = PayoutSettings::parse(PayoutSchedule::Weekly, dec!(0.5), None, PayoutWeekday::Monday, eur);
        assert_eq!(bad.unwrap_err().into_vec().len(), 2, "every error at once");
        let daily =
            PayoutSettings::parse(PayoutSchedule::Daily, dec!(25.50), None, PayoutWeekday::Sunday, eur).unwrap();
        assert_eq!((daily.minimum_minor, daily.weekday), (2_550, PayoutWeekday::Sunday));
        assert_eq!(PayoutAmount::parse(dec!(10.001), eur), Err(AmountError::TooPrecise));
        assert_eq!(PayoutAmount::parse(dec!(1000000), eur), Err(AmountError::TooLarge));
        assert_eq!(PayoutAmount::parse(dec!(1), eur).map(PayoutAmount::minor), Ok(100));
        let adjustment = Adjustment::parse(dec!(-12.5), "  chargeback fee ", eur).unwrap();
        assert_eq!((adjustment.amount_minor, adjustment.reason.as_str()), (-1_250, "chargeback fee"));
        let errors = Adjustment::parse(dec!(0), " ", eur).unwrap_err().into_vec();
        assert_eq!(errors.iter().map(|(f, _)| *f).collect::<Vec<_>>(), ["amount", "reason"]);
        assert_eq!(Reason::parse(&"x".repeat(501)), Err(ReasonError));
    }

    fn arbitrary_history() -> impl Strategy<Value = Vec<(u8, i64, i64)>> {
        proptest::collection::vec((0_u8..11, 1_i64..50_000, 0_i64..400), 0..80)
    }

    proptest! {
        /// For random histories of payments, refunds, disputes, payouts, failures and
        /// rejections, written one hour apart: the balances add up to the entries, available
        /// never covers debt, nothing is payable before its release date, and what a payout
        /// says was deducted is debt that existed and money that was released.
        #[test]
        fn balances_are_the_sum_of_the_entries(history in arbitrary_history(), now in 0_i64..500) {
            let now = at(now);
            let mut entries: Vec<Entry> = Vec::new();
            let mut next_payout: u128 = 1;
            let open = |entries: &[Entry], id: u128| {
                entries.iter().any(|e| e.kind == EntryKind::Payout && e.payout == Some(Uuid::from_u128(id)))
                    && !entries.iter().any(|e| matches!(e.kind, EntryKind::PayoutFailed | EntryKind::PayoutRejected)
                        && e.payout == Some(Uuid::from_u128(id)))
            };
            for (hour, (kind, amount, hours)) in history.into_iter().enumerate() {
                let hour = i64::try_from(hour).unwrap();
                let written_at = at(hour);
                // Payouts are decided on what the balance said when they were made.
                let so_far = balance(&entries, written_at);
                let push = |entries: &mut Vec<Entry>, kind, amount, release: Option<i64>, payout: Option<u128>| {
                    entries.push(written(kind, amount, release, payout, hour));
                };
                match kind {
                    0 | 1 => push(&mut entries, EntryKind::Earning, amount, Some(hour + hours), None),
                    2 => push(&mut entries, EntryKind::Refund, -amount, None, None),
                    3 => push(&mut entries, EntryKind::DisputeOpened, -amount, None, None),
                    4 => push(&mut entries, EntryKind::DisputeWon, amount, None, None),
                    5 => push(&mut entries, EntryKind::DisputeLost, 0, None, None),
                    6 => push(&mut entries, EntryKind::Adjustment, amount - 25_000, None, None),
                    7 => if let Some(pay) = payout_amount(&so_far, 0) {
                        let repaid = debt_repaid(&entries, None, written_at);
                        push(&mut entries, EntryKind::Payout, -pay, None, Some(next_payout));
                        if repaid > 0 {
                            push(&mut entries, EntryKind::DebtDeduction, -repaid, None, Some(next_payout));
                        }
                        next_payout += 1;
                    },
                    8 => if next_payout > 1 { push(&mut entries, EntryKind::PayoutPaid, 0, None, Some(next_payout - 1)) },
                    failure => {
                        let last = next_payout - 1;
                        if open(&entries, last) {
                            let sent: i64 = entries.iter().filter(|e| e.kind == EntryKind::Payout && e.payout == Some(Uuid::from_u128(last))).map(|e| -e.amount).sum();
                            let kind = if failure == 9 { EntryKind::PayoutFailed } else { EntryKind::PayoutRejected };
                            push(&mut entries, kind, sent, None, Some(last));
                        }
                    }
                }
            }
            let b = balance(&entries, now);
            let total: i64 = entries.iter().filter(|e| e.kind.counts()).map(|e| e.amount).sum();
            let sent: i64 = entries.iter().filter(|e| e.kind == EntryKind::Payout).map(|e| -e.amount).sum();
            let back: i64 = entries.iter().filter(|e| matches!(e.kind, EntryKind::PayoutFailed | EntryKind::PayoutRejected)).map(|e| e.amount).sum();
            // Everything owed = pending + what may be paid − what is owed back; payouts out of it.
            prop_assert_eq!(b.pending + b.available - b.debt, total);
            let unsettled: i64 = (1..next_payout)
                .filter(|id| !entries.iter().any(|e| e.kind.settles_payout() && e.payout == Some(Uuid::from_u128(*id))))
                .map(|id| entries.iter().filter(|e| e.kind == EntryKind::Payout && e.payout == Some(Uuid::from_u128(id))).map(|e| -e.amount).sum::<i64>())
                .sum();
            prop_assert_eq!(b.in_flight, unsettled);
            prop_assert!(b.in_flight <= sent - back);
            prop_assert!(b.available >= 0 && b.debt >= 0 && b.pending >= 0);
            prop_assert!(b.available == 0 || b.debt == 0, "debt is deducted before anything is available");
            // Nothing is payable before its release date.
            let released: i64 = entries.iter().filter(|e| e.kind.counts() && !matches!(e.kind, EntryKind::Payout | EntryKind::PayoutFailed | EntryKind::PayoutRejected))
                .filter(|e| e.release_at.is_none_or(|t| t <= now)).map(|e| e.amount).sum::<i64>() - sent + back;
            prop_assert!(b.available <= released.max(0), "available {} released {}", b.available, released);
            prop_assert!(b.releases.iter().all(|(t, amount)| *t > now && *amount > 0));
            // Payouts never sent more than was available: no payout paid out debt.
            prop_assert!(entries.iter().filter(|e| e.kind == EntryKind::Payout).all(|e| e.amount < 0));
            // A deduction is debt that existed, paid back by money released.
            let repaid = debt_repaid(&entries, None, now);
            let credits: i64 = entries.iter().filter(|e| e.kind.counts() && e.amount > 0)
                .filter(|e| e.release_at.is_none_or(|t| t <= now)).map(|e| e.amount).sum();
            let debits: i64 = entries.iter().filter(|e| e.kind.counts() && e.amount < 0).map(|e| -e.amount).sum();
            prop_assert!(repaid >= 0 && repaid <= credits && repaid <= debits, "repaid {repaid} credits {credits} debits {debits}");
            prop_assert!(debt_repaid(&entries, Some(at(10)), now) <= repaid);
        }
    }
}
