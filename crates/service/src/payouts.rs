//! Payouts: a creator's share reaches their bank only when Callstar creates the payout on
//! their connected account (manual payout schedule).
//!
//! - A payout is created with its ledger entry in one transaction, after taking the creator's
//!   row (so two decisions never spend the same balance): by the `process-payouts` job for
//!   DAILY and WEEKLY creators whose calendar moment came (sent without approval), or by a
//!   MANUAL creator's request (sent once an admin approves it).
//! - Sending claims the row atomically, then calls Stripe with the idempotency key
//!   `callstar-payout-<id>`; the answer is recorded in a second transaction. If the process
//!   dies in between, the claim expires and the next run sends again with the same key: Stripe
//!   answers with the payout it already made, so no amount is ever paid twice. A first attempt
//!   older than Stripe keeps keys (23 h, to be safe) is not sent again without an admin.
//! - Stripe's `payout.paid` and `payout.failed` finish it; a failure puts the amount back.
//! - Every change is in the payout's audit trail (who, when, from → to, why).
//! - In test mode (no Stripe key) payouts go through the same states at once, marked as test.

use std::collections::HashMap;

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::Role;
use domain::ledger::{
    self as rules, Adjustment, BlockKind, EntryKind, PayoutActor, PayoutAmount, PayoutOrigin, PayoutSchedule,
    PayoutSettings, PayoutStatus, PayoutStep, PayoutWeekday, Reason, SkipReason,
};
use domain::money::{Currency, Money};
use domain::notification::{NotificationType, both};
use domain::operations::{LogLevel, email_retry_delay};
use entity::{creator, payout, payout_audit, user};
use providers::ProviderError;
use providers::payments::PayoutRequest;
use providers::stripe_events::Payout as StripePayout;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use crate::email_templates::EmailContent;
use crate::ledger::{self, CreatorBalance, LedgerEntry, NewEntry};
use crate::notifications::{self, params};
use crate::payments::events::EventOutcome;
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, creators, outbox};

/// How long a claimed payout is reserved for the runner sending it.
const CLAIM: Duration = Duration::minutes(2);
/// Stripe keeps idempotency keys 24 h; past this, sending again could pay twice.
const IDEMPOTENCY_WINDOW: Duration = Duration::hours(23);
/// Payouts read at a time.
const PAGE: u64 = 100;

/// A payout, as its creator and admins read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Payout {
    /// Identifier.
    pub id: Uuid,
    /// The creator (`creators.id`).
    pub creator_id: Uuid,
    /// The creator's name.
    pub creator_name: String,
    /// How much.
    pub amount: Money,
    /// Where it stands.
    pub status: PayoutStatus,
    /// Scheduled or requested.
    pub origin: PayoutOrigin,
    /// A test payout (no money moved).
    pub is_test: bool,
    /// Stripe's payout.
    pub stripe_payout_id: Option<String>,
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
    /// Rejected by an admin.
    pub rejected_at: Option<DateTime<Utc>>,
    /// Why it failed.
    pub failure_reason: Option<String>,
    /// Why an admin rejected it.
    pub rejection_reason: Option<String>,
    /// Why the job holds it back, while it does.
    pub skip_reason: Option<SkipReason>,
    /// Attempts to send it.
    pub attempts: i32,
    /// The last temporary failure.
    pub last_error: Option<String>,
}

impl Payout {
    fn from_row(row: payout::Model, creator_name: String) -> Self {
        Self {
            id: row.id,
            creator_id: row.creator_id,
            creator_name,
            amount: Money::from_minor(row.amount_minor, row.currency),
            status: row.status,
            origin: row.origin,
            is_test: row.is_test,
            stripe_payout_id: row.stripe_payout_id,
            requested_at: row.requested_at,
            approved_at: row.approved_at,
            sent_at: row.sent_at,
            paid_at: row.paid_at,
            failed_at: row.failed_at,
            rejected_at: row.rejected_at,
            failure_reason: row.failure_reason,
            rejection_reason: row.rejection_reason,
            skip_reason: row.skip_reason,
            attempts: row.attempts,
            last_error: row.last_error,
        }
    }
}

/// One line of a payout's audit trail.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Identifier.
    pub id: Uuid,
    /// Who.
    pub actor: PayoutActor,
    /// Their account.
    pub actor_id: Option<Uuid>,
    /// Their name, when an account.
    pub actor_name: Option<String>,
    /// The status before (none at creation).
    pub from: Option<PayoutStatus>,
    /// The status after (the same as before for a note).
    pub to: PayoutStatus,
    /// Why.
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// A creator's payout settings and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsView {
    /// The creator (`creators.id`).
    pub creator_id: Uuid,
    /// The payout currency (the minimum is in it).
    pub currency: Currency,
    /// Schedule, minimum, weekday.
    pub settings: PayoutSettings,
    /// The next scheduled payout (none for MANUAL).
    pub next_payout_at: Option<DateTime<Utc>>,
    /// Why payouts are blocked, when they are.
    pub block: Option<BlockKind>,
    /// The block's reason.
    pub block_reason: Option<String>,
    /// Why the last due payout was skipped, while it is.
    pub skip_reason: Option<SkipReason>,
}

impl SettingsView {
    fn from_row(row: &creator::Model) -> Self {
        Self {
            creator_id: row.id,
            currency: row.currency,
            settings: settings_of(row),
            next_payout_at: row.next_payout_at,
            block: row.payout_block,
            block_reason: row.payout_block_reason.clone(),
            skip_reason: row.payout_skip_reason,
        }
    }
}

fn settings_of(row: &creator::Model) -> PayoutSettings {
    PayoutSettings {
        schedule: row.payout_schedule,
        minimum_minor: row.payout_minimum_minor,
        weekday: row.payout_weekday,
    }
}

/// New payout settings as a request gives them (checked against the creator's currency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsChange {
    /// How often.
    pub schedule: PayoutSchedule,
    /// The least a scheduled payout sends.
    pub minimum: Decimal,
    /// The day of WEEKLY payouts.
    pub weekday: Option<PayoutWeekday>,
}

/// Filters of [`list`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PayoutFilter {
    /// Only this status.
    pub status: Option<PayoutStatus>,
    /// Only this creator (`creators.id`).
    pub creator_id: Option<Uuid>,
}

// ---------------------------------------------------------------------------------------
// Reading

async fn names(db: &impl ConnectionTrait, creator_ids: &[Uuid]) -> Result<HashMap<Uuid, String>, ServiceError> {
    let rows = creator::Entity::find()
        .filter(creator::Column::Id.is_in(creator_ids.iter().copied()))
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(c, u)| (c.id, u.map(|u| u.name).unwrap_or_default())).collect())
}

async fn load(db: &impl ConnectionTrait, rows: Vec<payout::Model>) -> Result<Vec<Payout>, ServiceError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.creator_id).collect();
    let names = names(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| Payout::from_row(r.clone(), names.get(&r.creator_id).cloned().unwrap_or_default()))
        .collect())
}

async fn one(db: &impl ConnectionTrait, id: Uuid) -> Result<Payout, ServiceError> {
    let row = payout::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("payout"))?;
    load(db, vec![row]).await?.pop().ok_or(ServiceError::NotFound("payout"))
}

/// The signed-in creator's balance.
pub async fn balance(db: &DatabaseConnection, user_id: Uuid) -> Result<CreatorBalance, ServiceError> {
    let row = creators::of_user(db, user_id).await?;
    ledger::balance_of(db, &row, Utc::now()).await
}

/// A page of the signed-in creator's ledger, newest first.
pub async fn ledger_page(
    db: &DatabaseConnection,
    user_id: Uuid,
    page: domain::PageRequest,
) -> Result<(Vec<LedgerEntry>, u64), ServiceError> {
    let row = creators::of_user(db, user_id).await?;
    ledger::page(db, row.id, page).await
}

/// Payouts, newest first: the signed-in creator's (`mine`), or any for admins.
pub async fn list(
    db: &DatabaseConnection,
    filter: PayoutFilter,
    page: domain::PageRequest,
) -> Result<(Vec<Payout>, u64), ServiceError> {
    let mut query = payout::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(payout::Column::Status.eq(status));
    }
    if let Some(creator_id) = filter.creator_id {
        query = query.filter(payout::Column::CreatorId.eq(creator_id));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(payout::Column::RequestedAt)
        .order_by_desc(payout::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((load(db, rows).await?, total))
}

/// The signed-in creator's payouts, newest first.
pub async fn mine(
    db: &DatabaseConnection,
    user_id: Uuid,
    status: Option<PayoutStatus>,
    page: domain::PageRequest,
) -> Result<(Vec<Payout>, u64), ServiceError> {
    let row = creators::of_user(db, user_id).await?;
    list(db, PayoutFilter { status, creator_id: Some(row.id) }, page).await
}

/// One payout, for its creator and admins; anyone else gets "not found".
pub async fn get(db: &DatabaseConnection, viewer: Uuid, role: Role, id: Uuid) -> Result<Payout, ServiceError> {
    let found = one(db, id).await?;
    if role == Role::Admin {
        return Ok(found);
    }
    let mine = creator::Entity::find_by_id(found.creator_id).one(db).await?.is_some_and(|c| c.user_id == viewer);
    if mine { Ok(found) } else { Err(ServiceError::NotFound("payout")) }
}

/// A payout's audit trail, oldest first (admins).
pub async fn audit(db: &DatabaseConnection, id: Uuid) -> Result<Vec<AuditEntry>, ServiceError> {
    payout::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("payout"))?;
    let mut rows = payout_audit::Entity::find()
        .filter(payout_audit::Column::PayoutId.eq(id))
        .order_by_asc(payout_audit::Column::CreatedAt)
        .all(db)
        .await?;
    // Steps of one transaction share its instant; a payout's statuses only move forward, so
    // the later status is the later step.
    rows.sort_by_key(|r| (r.created_at, r.to_status));
    let people: Vec<Uuid> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            actor: r.actor,
            actor_name: r.actor_id.and_then(|id| names.get(&id).cloned()),
            actor_id: r.actor_id,
            from: r.from_status,
            to: r.to_status,
            reason: r.reason,
            at: r.created_at,
        })
        .collect())
}

/// The signed-in creator's payout settings.
pub async fn settings(db: &DatabaseConnection, user_id: Uuid) -> Result<SettingsView, ServiceError> {
    Ok(SettingsView::from_row(&creators::of_user(db, user_id).await?))
}

/// Changes the signed-in creator's payout settings. The next payout moment comes from the
/// calendar (a fixed time of day, on the chosen weekday), never from the last payout.
pub async fn update_settings(
    db: &DatabaseConnection,
    user_id: Uuid,
    change: SettingsChange,
) -> Result<SettingsView, ServiceError> {
    let row = creators::of_user(db, user_id).await?;
    let settings =
        PayoutSettings::parse(change.schedule, change.minimum, change.weekday, row.payout_weekday, row.currency)?;
    let now = Utc::now();
    let mut active: creator::ActiveModel = row.into();
    active.payout_schedule = Set(settings.schedule);
    active.payout_minimum_minor = Set(settings.minimum_minor);
    active.payout_weekday = Set(settings.weekday);
    active.next_payout_at = Set(settings.next_payout_at(now));
    active.payout_skip_reason = Set(None);
    active.updated_at = Set(now);
    Ok(SettingsView::from_row(&active.update(db).await?))
}

// ---------------------------------------------------------------------------------------
// Creating payouts

async fn audit_note(
    db: &impl ConnectionTrait,
    payout_id: Uuid,
    actor: (PayoutActor, Option<Uuid>),
    from: Option<PayoutStatus>,
    to: PayoutStatus,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    payout_audit::ActiveModel {
        id: Set(Uuid::new_v4()),
        payout_id: Set(payout_id),
        actor: Set(actor.0),
        actor_id: Set(actor.1),
        from_status: Set(from),
        to_status: Set(to),
        reason: Set(reason),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Why the creator's money cannot leave now, if anything stops it.
fn skip_reason(ctx: &Context, row: &creator::Model) -> Option<SkipReason> {
    if row.payout_block.is_some() {
        return Some(SkipReason::Blocked);
    }
    if ctx.payments.is_test_mode() {
        return None;
    }
    match &row.stripe_account_id {
        None => Some(SkipReason::NoAccount),
        Some(_) if !row.payouts_enabled => Some(SkipReason::PayoutsDisabled),
        Some(_) => None,
    }
}

/// A new payout and its ledger entry (with the debt it paid back, if any), in the caller's
/// transaction, which holds the creator's row.
async fn create(
    db: &impl ConnectionTrait,
    ctx: &Context,
    row: &creator::Model,
    amount: i64,
    origin: PayoutOrigin,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<payout::Model, ServiceError> {
    let entries = ledger::entries(db, row.id, row.currency).await?;
    let last_payout = entries.iter().filter(|e| e.kind == EntryKind::Payout).map(|e| e.at).max();
    let repaid = rules::debt_repaid(&entries, last_payout, now);
    let (status, approved_at) = match origin {
        PayoutOrigin::Schedule => (PayoutStatus::Approved, Some(now)),
        PayoutOrigin::Request => (PayoutStatus::Requested, None),
    };
    let created = payout::ActiveModel {
        id: Set(Uuid::new_v4()),
        creator_id: Set(row.id),
        amount_minor: Set(amount),
        currency: Set(row.currency),
        status: Set(status),
        origin: Set(origin),
        is_test: Set(ctx.payments.is_test_mode()),
        stripe_account_id: Set(row.stripe_account_id.clone()),
        stripe_payout_id: Set(None),
        requested_at: Set(now),
        requested_by: Set(by),
        approved_at: Set(approved_at),
        approved_by: Set(None),
        sent_at: Set(None),
        paid_at: Set(None),
        failed_at: Set(None),
        rejected_at: Set(None),
        failure_reason: Set(None),
        rejection_reason: Set(None),
        skip_reason: Set(None),
        attempts: Set(0),
        first_attempt_at: Set(None),
        next_attempt_at: Set(Some(now)),
        claimed_until: Set(None),
        last_error: Set(None),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    let money = Money::from_minor(amount, row.currency);
    let entry = NewEntry {
        payout_id: Some(created.id),
        ..NewEntry::new(
            row.id,
            EntryKind::Payout,
            Money::from_minor(-amount, row.currency),
            Some(format!("payout:{}", created.id)),
        )
    };
    ledger::append(db, entry, now).await?;
    let (actor, reason) = match origin {
        PayoutOrigin::Schedule => ((PayoutActor::System, None), format!("{} payout", row.payout_schedule)),
        PayoutOrigin::Request => ((PayoutActor::Creator, by), "requested by the creator".to_owned()),
    };
    audit_note(db, created.id, actor, None, status, Some(reason), now).await?;
    if repaid > 0 {
        let deducted = Money::from_minor(repaid, row.currency);
        let entry = NewEntry {
            payout_id: Some(created.id),
            ..NewEntry::new(
                row.id,
                EntryKind::DebtDeduction,
                Money::from_minor(-repaid, row.currency),
                Some(format!("debt_deduction:{}", created.id)),
            )
        };
        ledger::append(db, entry, now).await?;
        let mut p = params([]);
        p.insert("amount".into(), domain::notification::money(deducted));
        ctx.events.publish_when_committed(
            &ctx.db,
            notifications::notify(db, row.user_id, NotificationType::DebtDeducted, p, Some(earnings_link())).await?,
        );
        let to = outbox::recipient(db, row.user_id).await?;
        let content = EmailContent::DebtDeducted { deducted, paid: money };
        outbox::enqueue(db, &to, &content, &ctx.settings.public_url, json!({"payoutId": created.id})).await?;
    }
    Ok(created)
}

fn earnings_link() -> api_types::Route {
    api_types::Route::CreatorEarnings
}

fn admin_link(id: Uuid) -> api_types::Route {
    api_types::Route::AdminPayouts { creator: None, payout: Some(id) }
}

/// A MANUAL creator asks for a payout of at most their available balance; admins are told.
pub async fn request(ctx: &Context, user_id: Uuid, amount: Decimal) -> Result<Payout, ServiceError> {
    let db = &ctx.db;
    let row = creators::of_user(db, user_id).await?;
    let amount = PayoutAmount::parse(amount, row.currency)
        .map_err(|err| ServiceError::invalid("amount", err.to_string()))?
        .minor();
    let now = Utc::now();
    let txn = db.begin().await?;
    let row = ledger::lock(&txn, row.id, now).await?;
    if row.payout_schedule != PayoutSchedule::Manual {
        return Err(ServiceError::refused(
            ErrorCode::NotManualSchedule,
            format!(
                "Your payouts are {}: they are sent on schedule. Switch to MANUAL to request one.",
                row.payout_schedule
            ),
        ));
    }
    match skip_reason(ctx, &row) {
        Some(SkipReason::Blocked) => {
            let why = row.payout_block_reason.clone().unwrap_or_default();
            return Err(ServiceError::refused(ErrorCode::PayoutsBlocked, format!("Your payouts are blocked: {why}")));
        }
        Some(reason) => {
            return Err(ServiceError::refused(
                ErrorCode::PayoutsNotReady,
                format!("Payouts are not possible yet: {}.", reason.describe()),
            ));
        }
        None => {}
    }
    let balance = ledger::balance_of(&txn, &row, now).await?;
    if amount > balance.balance.available {
        let available = Money::from_minor(balance.balance.available, row.currency);
        return Err(ServiceError::refused(
            ErrorCode::PayoutAboveAvailable,
            format!("You can request at most {available}, your available balance."),
        ));
    }
    let created = create(&txn, ctx, &row, amount, PayoutOrigin::Request, Some(user_id), now).await?;
    let creator_name = user::Entity::find_by_id(user_id).one(&txn).await?.map(|u| u.name).unwrap_or_default();
    let money = Money::from_minor(amount, row.currency);
    let admins = user::Entity::find().filter(user::Column::Role.eq(Role::Admin)).all(&txn).await?;
    for admin in admins {
        let mut p = params([("with", creator_name.clone())]);
        p.insert("amount".into(), domain::notification::money(money));
        ctx.events.publish_when_committed(
            &ctx.db,
            notifications::notify(&txn, admin.id, NotificationType::PayoutRequest, p, Some(admin_link(created.id)))
                .await?,
        );
        let to = outbox::recipient(&txn, admin.id).await?;
        let content = EmailContent::PayoutRequested { creator: creator_name.clone(), amount: money };
        outbox::enqueue(&txn, &to, &content, &ctx.settings.public_url, json!({"payoutId": created.id})).await?;
    }
    system_logs::record(
        &txn,
        LogLevel::Info,
        "PAYOUT_REQUESTED",
        Actor::Creator(user_id),
        format!("Payout {} of {money} requested", created.id),
        json!({"payoutId": created.id, "amountMinor": amount}),
    )
    .await?;
    txn.commit().await?;
    ctx.waker.wake();
    one(db, created.id).await
}

// ---------------------------------------------------------------------------------------
// Admin decisions

/// Applies a payout step with the step's sources in the UPDATE's `WHERE`: 1 when it moved.
async fn step(
    db: &impl ConnectionTrait,
    id: Uuid,
    step: PayoutStep,
    sets: Vec<(payout::Column, SimpleExpr)>,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let mut update = payout::Entity::update_many()
        .col_expr(payout::Column::Status, Expr::value(step.target()))
        .col_expr(payout::Column::UpdatedAt, Expr::value(now));
    for (column, value) in sets {
        update = update.col_expr(column, value);
    }
    let sources: Vec<PayoutStatus> = step.sources().to_vec();
    Ok(update
        .filter(payout::Column::Id.eq(id))
        .filter(payout::Column::Status.is_in(sources))
        .exec(db)
        .await?
        .rows_affected)
}

async fn requested(db: &impl ConnectionTrait, id: Uuid) -> Result<payout::Model, ServiceError> {
    let row = payout::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("payout"))?;
    if row.status != PayoutStatus::Requested {
        return Err(ServiceError::refused(
            ErrorCode::PayoutNotRequested,
            format!("Only requested payouts can be approved or rejected; this one is {}.", row.status),
        ));
    }
    Ok(row)
}

/// An admin approves a request: the job sends it (at once: the runner is woken).
pub async fn approve(ctx: &Context, admin_id: Uuid, id: Uuid) -> Result<Payout, ServiceError> {
    let now = Utc::now();
    let txn = ctx.db.begin().await?;
    let moved = step(
        &txn,
        id,
        PayoutStep::Approve,
        vec![
            (payout::Column::ApprovedAt, Expr::value(now)),
            (payout::Column::ApprovedBy, Expr::value(admin_id)),
            (payout::Column::NextAttemptAt, Expr::value(now)),
        ],
        now,
    )
    .await?;
    if moved == 0 {
        requested(&txn, id).await?;
        return Err(ServiceError::refused(ErrorCode::StaleState, "This payout changed meanwhile; reload it."));
    }
    let row = payout::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound("payout"))?;
    audit_note(
        &txn,
        id,
        (PayoutActor::Admin, Some(admin_id)),
        Some(PayoutStatus::Requested),
        PayoutStatus::Approved,
        None,
        now,
    )
    .await?;
    let owner =
        creator::Entity::find_by_id(row.creator_id).one(&txn).await?.ok_or(ServiceError::NotFound("creator"))?;
    let money = Money::from_minor(row.amount_minor, row.currency);
    let mut p = params([]);
    p.insert("amount".into(), domain::notification::money(money));
    ctx.events.publish_when_committed(
        &ctx.db,
        notifications::notify(&txn, owner.user_id, NotificationType::PayoutApproved, p, Some(earnings_link())).await?,
    );
    let to = outbox::recipient(&txn, owner.user_id).await?;
    outbox::enqueue(&txn, &to, &EmailContent::PayoutApproved(money), &ctx.settings.public_url, json!({"payoutId": id}))
        .await?;
    system_logs::record(
        &txn,
        LogLevel::Info,
        "PAYOUT_APPROVED",
        Actor::Admin(admin_id),
        format!("Payout {id} of {money} approved"),
        json!({"payoutId": id}),
    )
    .await?;
    txn.commit().await?;
    ctx.waker.wake();
    one(&ctx.db, id).await
}

/// An admin rejects a request, with a reason: the amount is available again.
pub async fn reject(ctx: &Context, admin_id: Uuid, id: Uuid, reason: Reason) -> Result<Payout, ServiceError> {
    let now = Utc::now();
    let txn = ctx.db.begin().await?;
    let moved = step(
        &txn,
        id,
        PayoutStep::Reject,
        vec![
            (payout::Column::RejectedAt, Expr::value(now)),
            (payout::Column::RejectionReason, Expr::value(reason.as_str().to_owned())),
            (payout::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
        ],
        now,
    )
    .await?;
    if moved == 0 {
        requested(&txn, id).await?;
        return Err(ServiceError::refused(ErrorCode::StaleState, "This payout changed meanwhile; reload it."));
    }
    let row = payout::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound("payout"))?;
    let money = Money::from_minor(row.amount_minor, row.currency);
    let entry = NewEntry {
        payout_id: Some(id),
        ..NewEntry::new(row.creator_id, EntryKind::PayoutRejected, money, Some(format!("payout_rejected:{id}")))
    };
    ledger::append(&txn, entry, now).await?;
    audit_note(
        &txn,
        id,
        (PayoutActor::Admin, Some(admin_id)),
        Some(PayoutStatus::Requested),
        PayoutStatus::Rejected,
        Some(reason.as_str().to_owned()),
        now,
    )
    .await?;
    let owner =
        creator::Entity::find_by_id(row.creator_id).one(&txn).await?.ok_or(ServiceError::NotFound("creator"))?;
    let mut p = params([("reason", reason.as_str().to_owned())]);
    p.insert("amount".into(), domain::notification::money(money));
    ctx.events.publish_when_committed(
        &ctx.db,
        notifications::notify(&txn, owner.user_id, NotificationType::PayoutRejected, p, Some(earnings_link())).await?,
    );
    system_logs::record(
        &txn,
        LogLevel::Info,
        "PAYOUT_REJECTED",
        Actor::Admin(admin_id),
        format!("Payout {id} of {money} rejected: {}", reason.as_str()),
        json!({"payoutId": id}),
    )
    .await?;
    txn.commit().await?;
    one(&ctx.db, id).await
}

/// After checking Stripe's dashboard (no payout with this one's `callstar_payout_id`), an admin
/// lets a payout held back past Stripe's idempotency window be sent again: a new window starts
/// with the next attempt.
pub async fn release_held(ctx: &Context, admin_id: Uuid, id: Uuid) -> Result<Payout, ServiceError> {
    let now = Utc::now();
    let txn = ctx.db.begin().await?;
    let released = payout::Entity::update_many()
        .col_expr(payout::Column::FirstAttemptAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(payout::Column::SkipReason, Expr::value(Option::<SkipReason>::None))
        .col_expr(payout::Column::NextAttemptAt, Expr::value(now))
        .col_expr(payout::Column::UpdatedAt, Expr::value(now))
        .filter(payout::Column::Id.eq(id))
        .filter(payout::Column::Status.eq(PayoutStatus::Approved))
        .filter(payout::Column::SkipReason.eq(SkipReason::IdempotencyExpired))
        .exec(&txn)
        .await?
        .rows_affected;
    if released == 0 {
        payout::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound("payout"))?;
        return Err(ServiceError::refused(
            ErrorCode::PayoutNotHeld,
            "Only a payout held back past Stripe's idempotency window can be released.",
        ));
    }
    let note = "checked at Stripe: no payout made; sent again".to_owned();
    let status = PayoutStatus::Approved;
    audit_note(&txn, id, (PayoutActor::Admin, Some(admin_id)), Some(status), status, Some(note), now).await?;
    system_logs::record(
        &txn,
        LogLevel::Warning,
        "PAYOUT_RELEASED",
        Actor::Admin(admin_id),
        format!("Payout {id} released to be sent again after Stripe's idempotency window"),
        json!({"payoutId": id}),
    )
    .await?;
    txn.commit().await?;
    ctx.waker.wake();
    one(&ctx.db, id).await
}

/// An admin blocks (with a reason) or unblocks a creator's payouts.
pub async fn set_block(
    ctx: &Context,
    admin_id: Uuid,
    creator_id: Uuid,
    blocked: bool,
    reason: Option<Reason>,
) -> Result<SettingsView, ServiceError> {
    let now = Utc::now();
    let reason = match (blocked, reason) {
        (true, None) => return Err(ServiceError::invalid("reason", "is required to block payouts")),
        (_, reason) => reason.map(Reason::into_string),
    };
    let txn = ctx.db.begin().await?;
    let row = ledger::lock(&txn, creator_id, now).await?;
    let mut active: creator::ActiveModel = row.into();
    active.payout_block = Set(blocked.then_some(BlockKind::Admin));
    active.payout_block_reason = Set(if blocked { reason.clone() } else { None });
    let row = active.update(&txn).await?;
    system_logs::record(
        &txn,
        LogLevel::Warning,
        if blocked { "PAYOUTS_BLOCKED" } else { "PAYOUTS_UNBLOCKED" },
        Actor::Admin(admin_id),
        format!(
            "Payouts of creator {creator_id} {}{}",
            if blocked { "blocked" } else { "unblocked" },
            reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default()
        ),
        json!({"creatorId": creator_id}),
    )
    .await?;
    txn.commit().await?;
    if !blocked {
        ctx.waker.wake();
    }
    Ok(SettingsView::from_row(&row))
}

/// A creator's payout settings and state (admins).
pub async fn settings_of_creator(db: &DatabaseConnection, creator_id: Uuid) -> Result<SettingsView, ServiceError> {
    let row = creator::Entity::find_by_id(creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    Ok(SettingsView::from_row(&row))
}

/// An admin corrects a creator's balance (signed amount, with a reason shown in the ledger).
pub async fn adjust(
    ctx: &Context,
    admin_id: Uuid,
    creator_id: Uuid,
    amount: Decimal,
    reason: &str,
) -> Result<LedgerEntry, ServiceError> {
    let db = &ctx.db;
    let row = creator::Entity::find_by_id(creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    let adjustment = Adjustment::parse(amount, reason, row.currency)?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let row = ledger::lock(&txn, creator_id, now).await?;
    let money = Money::from_minor(adjustment.amount_minor, row.currency);
    let entry = NewEntry {
        reason: Some(adjustment.reason.as_str().to_owned()),
        actor_id: Some(admin_id),
        ..NewEntry::new(row.id, EntryKind::Adjustment, money, None)
    };
    let id = ledger::append(&txn, entry, now)
        .await?
        .ok_or_else(|| ServiceError::corrupt("an adjustment was not written"))?;
    if adjustment.amount_minor < 0 {
        ledger::after_debit(&txn, ctx, creator_id, now).await?;
    }
    system_logs::record(
        &txn,
        LogLevel::Warning,
        "LEDGER_ADJUSTED",
        Actor::Admin(admin_id),
        format!("Ledger of creator {creator_id} adjusted by {money}: {}", adjustment.reason.as_str()),
        json!({"creatorId": creator_id, "entryId": id, "amountMinor": adjustment.amount_minor}),
    )
    .await?;
    txn.commit().await?;
    let row =
        entity::ledger_entry::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("ledger entry"))?;
    Ok(row.into())
}

// ---------------------------------------------------------------------------------------
// The job

/// What a run of `process-payouts` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Debt blocks lifted (the debt is settled).
    pub unblocked: u64,
    /// Scheduled payouts created.
    pub created: u64,
    /// Payouts Stripe accepted.
    pub sent: u64,
    /// Test payouts paid at once.
    pub test_paid: u64,
    /// Payouts Stripe refused (the amount is available again).
    pub failed: u64,
    /// Payouts to try again later (Stripe unavailable).
    pub retrying: u64,
    /// Creators or payouts left where they are, and why.
    pub skipped: Vec<Skipped>,
}

/// A creator or a payout the job left where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// The creator (`creators.id`).
    pub creator_id: Uuid,
    /// The payout, when one was held back.
    pub payout_id: Option<Uuid>,
    /// Why.
    pub reason: SkipReason,
}

/// The `process-payouts` job: lift settled debt blocks, create the due scheduled payouts,
/// send the approved ones.
pub async fn process(ctx: &Context, now: DateTime<Utc>) -> Result<Report, ServiceError> {
    let mut report = Report::default();
    unblock_settled(ctx, now, &mut report).await?;
    schedule_due(ctx, now, &mut report).await?;
    send_approved(ctx, now, &mut report).await?;
    Ok(report)
}

async fn unblock_settled(ctx: &Context, now: DateTime<Utc>, report: &mut Report) -> Result<(), ServiceError> {
    let blocked = creator::Entity::find().filter(creator::Column::PayoutBlock.eq(BlockKind::Debt)).all(&ctx.db).await?;
    for row in blocked {
        let txn = ctx.db.begin().await?;
        let row = ledger::lock(&txn, row.id, now).await?;
        let balance = ledger::balance_of(&txn, &row, now).await?;
        if row.payout_block != Some(BlockKind::Debt) || balance.balance.debt > 0 {
            txn.rollback().await?;
            continue;
        }
        let mut active: creator::ActiveModel = row.into();
        active.payout_block = Set(None);
        active.payout_block_reason = Set(None);
        let row = active.update(&txn).await?;
        system_logs::record(
            &txn,
            LogLevel::Info,
            "PAYOUTS_UNBLOCKED",
            Actor::System,
            format!("Payouts of creator {} unblocked: the debt is settled", row.id),
            json!({"creatorId": row.id}),
        )
        .await?;
        txn.commit().await?;
        report.unblocked += 1;
    }
    Ok(())
}

/// DAILY and WEEKLY creators whose calendar moment came: each moment is claimed by moving
/// `next_payout_at` to the next one (an UPDATE that matches the old value, so two runners
/// never both take it), in the transaction that creates the payout.
async fn schedule_due(ctx: &Context, now: DateTime<Utc>, report: &mut Report) -> Result<(), ServiceError> {
    let due = creator::Entity::find()
        .filter(creator::Column::PayoutSchedule.is_in([PayoutSchedule::Daily, PayoutSchedule::Weekly]))
        .filter(
            Condition::any().add(creator::Column::NextPayoutAt.is_null()).add(creator::Column::NextPayoutAt.lte(now)),
        )
        .all(&ctx.db)
        .await?;
    for row in due {
        let txn = ctx.db.begin().await?;
        let next = settings_of(&row).next_payout_at(now);
        let mut claim = creator::Entity::update_many()
            .col_expr(creator::Column::NextPayoutAt, Expr::value(next))
            .col_expr(creator::Column::UpdatedAt, Expr::value(now))
            .filter(creator::Column::Id.eq(row.id));
        claim = match row.next_payout_at {
            Some(at) => claim.filter(creator::Column::NextPayoutAt.eq(at)),
            None => claim.filter(creator::Column::NextPayoutAt.is_null()),
        };
        if claim.exec(&txn).await?.rows_affected == 0 || row.next_payout_at.is_none() {
            // Another runner took this moment, or the creator is scheduled for the first time.
            txn.commit().await?;
            continue;
        }
        let row = creator::Entity::find_by_id(row.id).one(&txn).await?.ok_or(ServiceError::NotFound("creator"))?;
        let skip = skip_reason(ctx, &row);
        if skip != row.payout_skip_reason {
            creator::Entity::update_many()
                .col_expr(creator::Column::PayoutSkipReason, Expr::value(skip))
                .filter(creator::Column::Id.eq(row.id))
                .exec(&txn)
                .await?;
            if let Some(reason) = skip {
                system_logs::record(
                    &txn,
                    LogLevel::Warning,
                    "PAYOUT_SKIPPED",
                    Actor::System,
                    format!("Scheduled payout of creator {} skipped: {}", row.id, reason.describe()),
                    json!({"creatorId": row.id, "reason": reason.as_str()}),
                )
                .await?;
            }
        }
        if let Some(reason) = skip {
            report.skipped.push(Skipped { creator_id: row.id, payout_id: None, reason });
            txn.commit().await?;
            continue;
        }
        let balance = ledger::balance_of(&txn, &row, now).await?;
        if let Some(amount) = rules::payout_amount(&balance.balance, row.payout_minimum_minor) {
            create(&txn, ctx, &row, amount, PayoutOrigin::Schedule, None, now).await?;
            report.created += 1;
        }
        txn.commit().await?;
    }
    Ok(())
}

async fn send_approved(ctx: &Context, now: DateTime<Utc>, report: &mut Report) -> Result<(), ServiceError> {
    let mut after: Option<(DateTime<Utc>, Uuid)> = None;
    loop {
        let mut query = payout::Entity::find()
            .filter(payout::Column::Status.eq(PayoutStatus::Approved))
            .filter(
                Condition::any()
                    .add(payout::Column::NextAttemptAt.is_null())
                    .add(payout::Column::NextAttemptAt.lte(now)),
            )
            .filter(
                Condition::any().add(payout::Column::ClaimedUntil.is_null()).add(payout::Column::ClaimedUntil.lte(now)),
            );
        if let Some((at, id)) = after {
            query = query.filter(
                Condition::any()
                    .add(payout::Column::RequestedAt.gt(at))
                    .add(Condition::all().add(payout::Column::RequestedAt.eq(at)).add(payout::Column::Id.gt(id))),
            );
        }
        let page = query
            .order_by_asc(payout::Column::RequestedAt)
            .order_by_asc(payout::Column::Id)
            .limit(PAGE)
            .all(&ctx.db)
            .await?;
        let Some(last) = page.last() else { return Ok(()) };
        after = Some((last.requested_at, last.id));
        for row in page {
            send_one(ctx, row, now, report).await?;
        }
    }
}

/// Sends one approved payout: held back (with the reason in its audit trail) when the
/// creator cannot be paid now; otherwise claimed, sent with its idempotency key, recorded.
async fn send_one(
    ctx: &Context,
    row: payout::Model,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<(), ServiceError> {
    let db = &ctx.db;
    let owner = creator::Entity::find_by_id(row.creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    let expired = row.first_attempt_at.is_some_and(|first| first + IDEMPOTENCY_WINDOW <= now);
    let skip = if expired { Some(SkipReason::IdempotencyExpired) } else { skip_reason(ctx, &owner) };
    if let Some(reason) = skip {
        hold_back(ctx, &row, reason, now).await?;
        report.skipped.push(Skipped { creator_id: row.creator_id, payout_id: Some(row.id), reason });
        return Ok(());
    }
    let claimed = payout::Entity::update_many()
        .col_expr(payout::Column::ClaimedUntil, Expr::value(now + CLAIM))
        .col_expr(payout::Column::Attempts, crate::db::plus_one(payout::Column::Attempts))
        .col_expr(payout::Column::FirstAttemptAt, Expr::value(row.first_attempt_at.unwrap_or(now)))
        .col_expr(payout::Column::SkipReason, Expr::value(Option::<SkipReason>::None))
        .filter(payout::Column::Id.eq(row.id))
        .filter(payout::Column::Status.eq(PayoutStatus::Approved))
        .filter(Condition::any().add(payout::Column::ClaimedUntil.is_null()).add(payout::Column::ClaimedUntil.lte(now)))
        .exec(db)
        .await?
        .rows_affected;
    if claimed == 0 {
        return Ok(());
    }
    let account_id = owner.stripe_account_id.clone().unwrap_or_else(|| "acct_test".to_owned());
    let request = PayoutRequest {
        account_id: account_id.clone(),
        amount_minor: row.amount_minor,
        currency: row.currency.code().to_ascii_lowercase(),
        payout_id: row.id.to_string(),
        idempotency_key: format!("callstar-payout-{}", row.id),
    };
    match ctx.payments.create_payout(&request).await {
        Ok(created) => {
            let txn = db.begin().await?;
            let sent = record_sent(&txn, row.id, &created.id, &account_id, (PayoutActor::System, None), now).await?;
            if sent && ctx.payments.is_test_mode() {
                finish(&txn, ctx, row.id, Ending::Paid(Some("test payout: paid at once")), PayoutActor::System, now)
                    .await?;
                report.test_paid += 1;
            }
            txn.commit().await?;
            report.sent += 1;
        }
        Err(ProviderError::Refused { status, message, .. }) if status != 409 => {
            let txn = db.begin().await?;
            fail_unsent(&txn, ctx, &row, &message, now).await?;
            txn.commit().await?;
            report.failed += 1;
        }
        Err(err) => {
            let attempts = row.attempts + 1;
            payout::Entity::update_many()
                .col_expr(payout::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                .col_expr(payout::Column::NextAttemptAt, Expr::value(now + email_retry_delay(attempts)))
                .col_expr(payout::Column::LastError, Expr::value(err.to_string()))
                .col_expr(payout::Column::UpdatedAt, Expr::value(now))
                .filter(payout::Column::Id.eq(row.id))
                .filter(payout::Column::Status.eq(PayoutStatus::Approved))
                .exec(db)
                .await?;
            tracing::warn!(payout_id = %row.id, error = %err, "payout not sent; retried later");
            report.retrying += 1;
        }
    }
    Ok(())
}

/// Notes why an approved payout waits, once per reason (in its audit trail and on the row).
async fn hold_back(
    ctx: &Context,
    row: &payout::Model,
    reason: SkipReason,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if row.skip_reason == Some(reason) {
        return Ok(());
    }
    let txn = ctx.db.begin().await?;
    payout::Entity::update_many()
        .col_expr(payout::Column::SkipReason, Expr::value(reason))
        .col_expr(payout::Column::UpdatedAt, Expr::value(now))
        .filter(payout::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let note = format!("held back: {}", reason.describe());
    audit_note(&txn, row.id, (PayoutActor::System, None), Some(row.status), row.status, Some(note.clone()), now)
        .await?;
    let level = if reason == SkipReason::IdempotencyExpired { LogLevel::Error } else { LogLevel::Warning };
    system_logs::record(
        &txn,
        level,
        "PAYOUT_SKIPPED",
        Actor::System,
        format!("Payout {} {note}", row.id),
        json!({"payoutId": row.id, "reason": reason.as_str()}),
    )
    .await?;
    if reason == SkipReason::IdempotencyExpired {
        let admins = user::Entity::find().filter(user::Column::Role.eq(Role::Admin)).all(&txn).await?;
        for admin in admins {
            ctx.events.publish_when_committed(
                &ctx.db,
                notifications::notify(
                    &txn,
                    admin.id,
                    NotificationType::System,
                    params([("message", format!("Payout {} needs a check before it is sent again: {note}.", row.id))]),
                    Some(admin_link(row.id)),
                )
                .await?,
            );
        }
    }
    txn.commit().await?;
    Ok(())
}

/// APPROVED → PROCESSING with Stripe's payout id; `false` when it had moved already (a
/// webhook was faster, or another runner recorded it).
async fn record_sent(
    db: &impl ConnectionTrait,
    id: Uuid,
    stripe_payout_id: &str,
    account_id: &str,
    actor: (PayoutActor, Option<Uuid>),
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let moved = step(
        db,
        id,
        PayoutStep::Send,
        vec![
            (payout::Column::StripePayoutId, Expr::value(stripe_payout_id.to_owned())),
            (payout::Column::StripeAccountId, Expr::value(account_id.to_owned())),
            (payout::Column::SentAt, Expr::value(now)),
            (payout::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None)),
            (payout::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
            (payout::Column::LastError, Expr::value(Option::<String>::None)),
        ],
        now,
    )
    .await?;
    if moved == 1 {
        let reason = format!("sent to Stripe as {stripe_payout_id}");
        audit_note(db, id, actor, Some(PayoutStatus::Approved), PayoutStatus::Processing, Some(reason), now).await?;
    }
    Ok(moved == 1)
}

/// Stripe refused to create the payout: FAILED, the amount back to available, the creator told.
async fn fail_unsent(
    db: &DatabaseTransaction,
    ctx: &Context,
    row: &payout::Model,
    message: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    // A refused payout was never created: it fails straight from APPROVED.
    let moved = payout::Entity::update_many()
        .col_expr(payout::Column::Status, Expr::value(PayoutStatus::Failed))
        .col_expr(payout::Column::FailedAt, Expr::value(now))
        .col_expr(payout::Column::FailureReason, Expr::value(message.to_owned()))
        .col_expr(payout::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(payout::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(payout::Column::UpdatedAt, Expr::value(now))
        .filter(payout::Column::Id.eq(row.id))
        .filter(payout::Column::Status.eq(PayoutStatus::Approved))
        .exec(db)
        .await?
        .rows_affected;
    if moved == 1 {
        failed_effects(db, ctx, row.id, PayoutStatus::Approved, message, (PayoutActor::System, None), now).await?;
    }
    Ok(())
}

/// The effects of a failure: the amount back to available, the audit line, the creator told
/// (in the app and by e-mail).
async fn failed_effects(
    db: &impl ConnectionTrait,
    ctx: &Context,
    id: Uuid,
    from: PayoutStatus,
    message: &str,
    actor: (PayoutActor, Option<Uuid>),
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let row = payout::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("payout"))?;
    let money = Money::from_minor(row.amount_minor, row.currency);
    let entry = NewEntry {
        payout_id: Some(id),
        ..NewEntry::new(row.creator_id, EntryKind::PayoutFailed, money, Some(format!("payout_failed:{id}")))
    };
    ledger::append(db, entry, now).await?;
    audit_note(db, id, actor, Some(from), PayoutStatus::Failed, Some(message.to_owned()), now).await?;
    let owner = creator::Entity::find_by_id(row.creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    let mut p = params([("reason", message.to_owned())]);
    p.insert("amount".into(), domain::notification::money(money));
    ctx.events.publish_when_committed(
        &ctx.db,
        notifications::notify(db, owner.user_id, NotificationType::PayoutFailed, p, Some(earnings_link())).await?,
    );
    let to = outbox::recipient(db, owner.user_id).await?;
    let content = EmailContent::PayoutFailed { amount: money, reason: message.to_owned() };
    outbox::enqueue(db, &to, &content, &ctx.settings.public_url, json!({"payoutId": id})).await?;
    system_logs::record(
        db,
        LogLevel::Error,
        "PAYOUT_FAILED",
        Actor::System,
        format!("Payout {id} of {money} failed: {message}"),
        json!({"payoutId": id, "creatorId": row.creator_id}),
    )
    .await?;
    Ok(())
}

/// How a payout sent to Stripe ended.
#[derive(Debug, Clone, Copy)]
enum Ending<'a> {
    /// The bank received it (with a note for the audit trail).
    Paid(Option<&'a str>),
    /// It failed, for this reason.
    Failed(&'a str),
}

/// PROCESSING → PAID, or PROCESSING/PAID → FAILED: the ledger, the audit line, the creator
/// told. `false` when it had moved already (another delivery).
async fn finish(
    db: &impl ConnectionTrait,
    ctx: &Context,
    id: Uuid,
    ending: Ending<'_>,
    actor: PayoutActor,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let before = payout::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("payout"))?;
    let who = (actor, None);
    if let Ending::Paid(note) = ending {
        let moved = step(db, id, PayoutStep::Pay, vec![(payout::Column::PaidAt, Expr::value(now))], now).await?;
        if moved == 0 {
            return Ok(false);
        }
        let money = Money::from_minor(before.amount_minor, before.currency);
        let entry = NewEntry {
            payout_id: Some(id),
            ..NewEntry::new(
                before.creator_id,
                EntryKind::PayoutPaid,
                Money::zero(before.currency),
                Some(format!("payout_paid:{id}")),
            )
        };
        ledger::append(db, entry, now).await?;
        audit_note(db, id, who, Some(before.status), PayoutStatus::Paid, note.map(str::to_owned), now).await?;
        let owner =
            creator::Entity::find_by_id(before.creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
        let mut p = params([]);
        p.insert("amount".into(), domain::notification::money(money));
        if before.is_test {
            p.insert(
                "test".into(),
                both("(Test payout: no money moved.)", "(Virement de test : aucun argent n’a circulé.)"),
            );
        }
        ctx.events.publish_when_committed(
            &ctx.db,
            notifications::notify(db, owner.user_id, NotificationType::PayoutCompleted, p, Some(earnings_link()))
                .await?,
        );
        let to = outbox::recipient(db, owner.user_id).await?;
        let content = EmailContent::PayoutCompleted(money, before.is_test);
        outbox::enqueue(db, &to, &content, &ctx.settings.public_url, json!({"payoutId": id})).await?;
        return Ok(true);
    }
    let Ending::Failed(message) = ending else { return Ok(false) };
    let moved = step(
        db,
        id,
        PayoutStep::Fail,
        vec![
            (payout::Column::FailedAt, Expr::value(now)),
            (payout::Column::FailureReason, Expr::value(message.to_owned())),
        ],
        now,
    )
    .await?;
    if moved == 0 {
        return Ok(false);
    }
    failed_effects(db, ctx, id, before.status, message, who, now).await?;
    Ok(true)
}

/// `payout.paid` / `payout.failed` (Connect; the event names the account). Finds the payout by
/// Stripe's id, or by its metadata when the answer to the job has not been recorded yet (then
/// the send is recorded first). Payouts Callstar did not make are ignored.
pub(crate) async fn on_stripe_payout(
    db: &DatabaseTransaction,
    ctx: &Context,
    account: Option<&str>,
    event: &StripePayout,
    paid: bool,
    now: DateTime<Utc>,
) -> Result<EventOutcome, ServiceError> {
    let by_stripe = payout::Entity::find().filter(payout::Column::StripePayoutId.eq(&event.id)).one(db).await?;
    let row = match by_stripe {
        Some(row) => Some(row),
        None => match event.callstar_payout_id.as_deref().and_then(|id| Uuid::parse_str(id).ok()) {
            Some(id) => payout::Entity::find_by_id(id).one(db).await?,
            None => None,
        },
    };
    let Some(row) = row else {
        tracing::info!(payout = %event.id, "payout event for a payout Callstar did not make");
        return Ok(EventOutcome::Ignored);
    };
    let owner = creator::Entity::find_by_id(row.creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    if owner.stripe_account_id.as_deref() != account {
        tracing::warn!(payout = %event.id, ?account, "payout event from another account than the creator's: ignored");
        return Ok(EventOutcome::Ignored);
    }
    if row.status == PayoutStatus::Approved {
        record_sent(db, row.id, &event.id, account.unwrap_or_default(), (PayoutActor::Stripe, None), now).await?;
    }
    let failure = event.failure_message.clone().or_else(|| event.failure_code.clone());
    let ending =
        if paid { Ending::Paid(None) } else { Ending::Failed(failure.as_deref().unwrap_or("Stripe could not pay it")) };
    let moved = finish(db, ctx, row.id, ending, PayoutActor::Stripe, now).await?;
    Ok(if moved { EventOutcome::Processed } else { EventOutcome::Duplicate })
}
