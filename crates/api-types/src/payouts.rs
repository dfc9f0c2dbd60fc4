//! Payouts: a creator's balance (computed from their ledger), the ledger itself, payout
//! settings, payouts and their audit trail, and the admins' requests. Money is an exact
//! decimal string (`"68.00"`) in the creator's payout currency.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a payout stands: REQUESTED → APPROVED → PROCESSING → PAID | FAILED, or REJECTED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayoutStatus {
    /// A MANUAL creator asked for it; an admin decides.
    Requested,
    /// Approved (or created by the DAILY/WEEKLY schedule); the job sends it.
    Approved,
    /// Accepted by Stripe, on its way to the bank.
    Processing,
    /// The bank received it.
    Paid,
    /// Stripe could not pay it; the amount is available again.
    Failed,
    /// An admin refused the request; the amount is available again.
    Rejected,
}

/// How often a creator is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayoutSchedule {
    /// Every day at 02:00 UTC.
    Daily,
    /// Every week, on `weeklyDay` at 02:00 UTC.
    Weekly,
    /// On request, approved by an admin.
    Manual,
}

/// The weekday of WEEKLY payouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

/// An amount that becomes available at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Release {
    /// How much.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "68.00"))]
    pub amount: Decimal,
    /// When.
    pub release_at: DateTime<Utc>,
}

/// `GET /api/payouts/balance`: computed from the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayoutBalance {
    /// The payout currency.
    pub currency: String,
    /// Earned, not yet released (the holding period).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "68.00"))]
    pub pending: Decimal,
    /// Payable now (debt already deducted).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "120.50"))]
    pub available: Decimal,
    /// In payouts not yet paid, failed or rejected.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.00"))]
    pub in_flight: Decimal,
    /// Owed by the creator (refunds or lost disputes after their share was paid out).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.00"))]
    pub debt: Decimal,
    /// The pending amounts by release date, soonest first.
    pub releases: Vec<Release>,
}

/// What a ledger entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LedgerEntryKind {
    /// The creator's share of a payment (+), payable at `releaseAt`.
    Earning,
    /// Money given back to a fan (−).
    Refund,
    /// A fan disputes a charge (−, held until decided).
    DisputeOpened,
    /// The dispute was decided for the creator (+).
    DisputeWon,
    /// The dispute was decided for the fan (0: the hold stays a loss).
    DisputeLost,
    /// Money set aside for a payout (−).
    Payout,
    /// The payout reached the bank (0).
    PayoutPaid,
    /// The payout failed (+: available again).
    PayoutFailed,
    /// The payout request was rejected (+: available again).
    PayoutRejected,
    /// Debt paid back out of a payout's earnings (informational: already in the balance).
    DebtDeduction,
    /// An admin's correction (±, with a reason).
    Adjustment,
}

/// An entry of a creator's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    /// Identifier.
    pub id: Uuid,
    /// What it records.
    pub kind: LedgerEntryKind,
    /// Signed: + owed to the creator, − owed by them or sent out.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "-68.00"))]
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// The booking it is about.
    pub booking_id: Option<Uuid>,
    /// The payout it is about.
    pub payout_id: Option<Uuid>,
    /// When it becomes payable.
    pub release_at: Option<DateTime<Utc>>,
    /// Why (admin adjustments).
    pub reason: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A creator's payout settings (and what holds their payouts back, if anything).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayoutSettings {
    /// DAILY, WEEKLY or MANUAL.
    pub schedule: PayoutSchedule,
    /// The least a scheduled payout sends, in `currency`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "10.00"))]
    pub minimum: Decimal,
    /// The day of WEEKLY payouts.
    pub weekly_day: Weekday,
    /// The payout currency.
    pub currency: String,
    /// The next scheduled payout (02:00 UTC of the calendar day; none for MANUAL).
    pub next_payout_at: Option<DateTime<Utc>>,
    /// Payouts are blocked (by an admin, or by a debt above the threshold until settled).
    pub blocked: bool,
    /// Why they are blocked.
    pub block_reason: Option<String>,
    /// Why the last due payout was skipped, while it is: `blocked`, `no_account`,
    /// `payouts_disabled`.
    pub skip_reason: Option<String>,
}

/// `PUT /api/payouts/settings`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdatePayoutSettingsRequest {
    /// DAILY, WEEKLY or MANUAL.
    pub schedule: PayoutSchedule,
    /// At least 1.00, at most two decimals, in the payout currency.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "25.00"))]
    pub minimum: Decimal,
    /// Required for WEEKLY.
    #[serde(default)]
    pub weekly_day: Option<Weekday>,
}

/// How a payout came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayoutOrigin {
    /// Created by the DAILY/WEEKLY schedule (no approval).
    Schedule,
    /// Requested by a MANUAL creator (approved by an admin).
    Request,
}

/// A payout (seed 002's fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Payout {
    /// Identifier.
    pub id: Uuid,
    /// How much.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "68.00"))]
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// Where it stands.
    pub status: PayoutStatus,
    /// Scheduled or requested.
    pub origin: PayoutOrigin,
    /// A test payout (no Stripe key on the server): no money moved.
    pub is_test: bool,
    /// Requested (or created by the schedule).
    pub requested_at: DateTime<Utc>,
    /// Approved (a scheduled payout: when it was created).
    pub approved_at: Option<DateTime<Utc>>,
    /// Accepted by Stripe.
    pub sent_at: Option<DateTime<Utc>>,
    /// Reached the bank.
    pub paid_at: Option<DateTime<Utc>>,
    /// Failed.
    pub failed_at: Option<DateTime<Utc>>,
    /// Rejected.
    pub rejected_at: Option<DateTime<Utc>>,
    /// Why it failed.
    pub failure_reason: Option<String>,
    /// Why an admin rejected it.
    pub rejection_reason: Option<String>,
}

/// A payout as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminPayout {
    /// The payout.
    #[serde(flatten)]
    pub payout: Payout,
    /// The creator (creator id).
    pub creator_id: Uuid,
    /// The creator's name.
    pub creator_name: String,
    /// Stripe's payout (`po_…`).
    pub stripe_payout_id: Option<String>,
    /// Why the job holds it back, while it does: `blocked`, `no_account`, `payouts_disabled`,
    /// `idempotency_expired`.
    pub skip_reason: Option<String>,
    /// Attempts to send it.
    pub attempts: i32,
    /// The last temporary failure (Stripe unreachable).
    pub last_error: Option<String>,
}

/// Filters of `GET /api/payouts`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct PayoutQuery {
    /// Only this status.
    #[serde(default)]
    pub status: Option<PayoutStatus>,
}

/// Filters of `GET /api/admin/payouts`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct AdminPayoutQuery {
    /// Only this status.
    #[serde(default)]
    pub status: Option<PayoutStatus>,
    /// Only this creator (creator id).
    #[serde(default)]
    pub creator_id: Option<Uuid>,
}

/// `POST /api/payouts`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestPayoutRequest {
    /// At least 1.00, at most the available balance.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "50.00"))]
    pub amount: Decimal,
}

/// `POST /api/admin/payouts/{id}/reject`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RejectPayoutRequest {
    /// 1 to 500 characters, shown to the creator.
    pub reason: String,
}

/// `PUT /api/admin/creators/{id}/payout-block`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayoutBlockRequest {
    /// Block (true) or unblock (false).
    pub blocked: bool,
    /// Why (required to block; 1 to 500 characters).
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/admin/creators/{id}/ledger-adjustments`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LedgerAdjustmentRequest {
    /// Signed, not zero, at most two decimals: + owed to the creator, − owed by them.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "-15.00"))]
    pub amount: Decimal,
    /// 1 to 500 characters, shown in the creator's ledger.
    pub reason: String,
}

/// Who changed a payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayoutActor {
    /// The creator (a request).
    Creator,
    /// An admin.
    Admin,
    /// Callstar's job.
    System,
    /// Stripe (a webhook).
    Stripe,
}

/// One line of a payout's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayoutAuditEntry {
    /// Identifier.
    pub id: Uuid,
    /// Who.
    pub actor: PayoutActor,
    /// Their account.
    pub actor_id: Option<Uuid>,
    /// Their name.
    pub actor_name: Option<String>,
    /// The status before (none at creation).
    pub from: Option<PayoutStatus>,
    /// The status after (the same as `from` for a note, such as a skip).
    pub to: PayoutStatus,
    /// Why.
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}
