//! The words and small pieces the money pages share (the creator's earnings in the studio
//! bundle; payouts and payments in the admin bundle): payout statuses, schedules, weekdays,
//! ledger kinds, who changed a payout, why a payout waits, refund and dispute states, amounts
//! as people type them, and the messages of the money forms' fields. Only those two bundles
//! use it, so the main bundle does not carry it.

use api_types::{LedgerEntryKind, PayoutActor, PayoutSchedule, PayoutStatus, Weekday};
use leptos_i18n::I18nContext;
use rust_decimal::Decimal;

use crate::api::ApiError;
use crate::errors::{self, FieldErrors};
use crate::format;
use crate::i18n::{Locale, t_string};

/// An exact amount in a currency, in the reader's locale (`€68.00`, `68,00 €`, `-€25.00`).
pub fn amount(value: Decimal, currency: &str, locale: Locale) -> String {
    format::money(&value.to_string(), currency, locale)
}

/// An amount typed by a person ("50", "49.5", "49,50", "-15"), if it is a number.
pub fn parse_amount(text: &str) -> Option<Decimal> {
    text.trim().replace(',', ".").replace(' ', "").parse().ok()
}

/// Every payout status, in the order of a payout's life.
pub const PAYOUT_STATUSES: [PayoutStatus; 6] = [
    PayoutStatus::Requested,
    PayoutStatus::Approved,
    PayoutStatus::Processing,
    PayoutStatus::Paid,
    PayoutStatus::Failed,
    PayoutStatus::Rejected,
];

/// A payout status.
pub fn payout_status(i18n: I18nContext<Locale>, status: PayoutStatus) -> &'static str {
    match status {
        PayoutStatus::Requested => t_string!(i18n, money.status_requested),
        PayoutStatus::Approved => t_string!(i18n, money.status_approved),
        PayoutStatus::Processing => t_string!(i18n, money.status_processing),
        PayoutStatus::Paid => t_string!(i18n, money.status_paid),
        PayoutStatus::Failed => t_string!(i18n, money.status_failed),
        PayoutStatus::Rejected => t_string!(i18n, money.status_rejected),
    }
}

/// The wire spelling of a payout status (`REQUESTED`), for filters and test hooks.
pub fn payout_status_code(status: PayoutStatus) -> &'static str {
    match status {
        PayoutStatus::Requested => "REQUESTED",
        PayoutStatus::Approved => "APPROVED",
        PayoutStatus::Processing => "PROCESSING",
        PayoutStatus::Paid => "PAID",
        PayoutStatus::Failed => "FAILED",
        PayoutStatus::Rejected => "REJECTED",
    }
}

/// The payout status written in a filter's `<option value>`.
pub fn payout_status_from_code(code: &str) -> Option<PayoutStatus> {
    PAYOUT_STATUSES.into_iter().find(|status| payout_status_code(*status) == code)
}

/// The badge class of a payout status: done, waiting, or gone wrong.
pub fn payout_badge(status: PayoutStatus) -> &'static str {
    match status {
        PayoutStatus::Paid => "badge badge-success",
        PayoutStatus::Failed | PayoutStatus::Rejected => "badge badge-danger",
        PayoutStatus::Requested => "badge badge-warning",
        PayoutStatus::Approved | PayoutStatus::Processing => "badge",
    }
}

/// A payout schedule.
pub fn schedule(i18n: I18nContext<Locale>, schedule: PayoutSchedule) -> &'static str {
    match schedule {
        PayoutSchedule::Daily => t_string!(i18n, money.schedule_daily),
        PayoutSchedule::Weekly => t_string!(i18n, money.schedule_weekly),
        PayoutSchedule::Manual => t_string!(i18n, money.schedule_manual),
    }
}

/// The wire spelling of a schedule (`MANUAL`), for form values.
pub fn schedule_code(schedule: PayoutSchedule) -> &'static str {
    match schedule {
        PayoutSchedule::Daily => "DAILY",
        PayoutSchedule::Weekly => "WEEKLY",
        PayoutSchedule::Manual => "MANUAL",
    }
}

/// Every weekday, Monday first.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// A weekday.
pub fn weekday(i18n: I18nContext<Locale>, day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => t_string!(i18n, money.monday),
        Weekday::Tuesday => t_string!(i18n, money.tuesday),
        Weekday::Wednesday => t_string!(i18n, money.wednesday),
        Weekday::Thursday => t_string!(i18n, money.thursday),
        Weekday::Friday => t_string!(i18n, money.friday),
        Weekday::Saturday => t_string!(i18n, money.saturday),
        Weekday::Sunday => t_string!(i18n, money.sunday),
    }
}

/// The wire spelling of a weekday (`MONDAY`), for form values.
pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "MONDAY",
        Weekday::Tuesday => "TUESDAY",
        Weekday::Wednesday => "WEDNESDAY",
        Weekday::Thursday => "THURSDAY",
        Weekday::Friday => "FRIDAY",
        Weekday::Saturday => "SATURDAY",
        Weekday::Sunday => "SUNDAY",
    }
}

/// What a ledger entry records.
pub fn ledger_kind(i18n: I18nContext<Locale>, kind: LedgerEntryKind) -> &'static str {
    use LedgerEntryKind as K;
    match kind {
        K::Earning => t_string!(i18n, money.kind_earning),
        K::Refund => t_string!(i18n, money.kind_refund),
        K::DisputeOpened => t_string!(i18n, money.kind_dispute_opened),
        K::DisputeWon => t_string!(i18n, money.kind_dispute_won),
        K::DisputeLost => t_string!(i18n, money.kind_dispute_lost),
        K::Payout => t_string!(i18n, money.kind_payout),
        K::PayoutPaid => t_string!(i18n, money.kind_payout_paid),
        K::PayoutFailed => t_string!(i18n, money.kind_payout_failed),
        K::PayoutRejected => t_string!(i18n, money.kind_payout_rejected),
        K::DebtDeduction => t_string!(i18n, money.kind_debt_deduction),
        K::Adjustment => t_string!(i18n, money.kind_adjustment),
    }
}

/// Who changed a payout.
pub fn actor(i18n: I18nContext<Locale>, actor: PayoutActor) -> &'static str {
    match actor {
        PayoutActor::Creator => t_string!(i18n, money.actor_creator),
        PayoutActor::Admin => t_string!(i18n, money.actor_admin),
        PayoutActor::System => t_string!(i18n, money.actor_system),
        PayoutActor::Stripe => t_string!(i18n, money.actor_stripe),
    }
}

/// Why the payout job holds a creator's payouts back (`blocked`, `no_account`,
/// `payouts_disabled`, `idempotency_expired`); an unknown reason as the server spells it.
pub fn skip_reason(i18n: I18nContext<Locale>, reason: &str) -> String {
    match reason {
        "blocked" => t_string!(i18n, money.skip_blocked),
        "no_account" => t_string!(i18n, money.skip_no_account),
        "payouts_disabled" => t_string!(i18n, money.skip_payouts_disabled),
        "idempotency_expired" => t_string!(i18n, money.skip_idempotency_expired),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// The message of a money form's field the server found invalid (`amount`, `minimum`,
/// `weeklyDay`, `reason`), or the app's usual one for other fields.
pub fn field_message(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "amount" => t_string!(i18n, money.amount_invalid).to_owned(),
        "minimum" => t_string!(i18n, money.minimum_invalid).to_owned(),
        "weeklyDay" => t_string!(i18n, money.weekday_required).to_owned(),
        "reason" => t_string!(i18n, money.reason_invalid).to_owned(),
        other => errors::field_message(i18n, other),
    }
}

/// The messages of every field a `validation_failed` refusal of a money form names.
pub fn field_errors(i18n: I18nContext<Locale>, err: &ApiError) -> FieldErrors {
    err.field_errors()
        .into_keys()
        .map(|field| {
            let message = field_message(i18n, &field);
            (field, message)
        })
        .collect()
}
