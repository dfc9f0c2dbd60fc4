//! The creators' ledger in the database: entries are appended in the transaction of the fact
//! they record (a payment, a refund, a payout's outcome), each fact once (`dedup_key`), and
//! every balance is computed from them by `domain::ledger`. Decisions that read a balance
//! (a payout, the debt threshold) first take the creator's row, so they see every entry
//! written before them and none is written behind their back.

use chrono::{DateTime, Utc};
use domain::ledger::{self, Balance, BlockKind, Entry, EntryKind};
use domain::money::{Currency, Money};
use domain::notification::NotificationType;
use domain::operations::LogLevel;
use entity::{creator, ledger_entry, user};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::email_templates::EmailContent;
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{ServiceError, outbox};

/// An entry of a creator's ledger, as they (and admins) read it.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    /// Identifier.
    pub id: Uuid,
    /// What it records.
    pub kind: EntryKind,
    /// Signed: + owed to the creator, − owed by them or sent out.
    pub amount: Money,
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

impl From<ledger_entry::Model> for LedgerEntry {
    fn from(row: ledger_entry::Model) -> Self {
        Self {
            id: row.id,
            kind: row.kind,
            amount: Money::from_minor(row.amount_minor, row.currency),
            booking_id: row.booking_id,
            payout_id: row.payout_id,
            release_at: row.release_at,
            reason: row.reason,
            created_at: row.created_at,
        }
    }
}

/// A creator's balance at a moment, in their payout currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatorBalance {
    /// The payout currency.
    pub currency: Currency,
    /// Pending, available, in flight, debt and release dates (minor units).
    pub balance: Balance,
}

/// An entry to append.
#[derive(Debug, Clone)]
pub(crate) struct NewEntry {
    /// `creators.id`.
    pub creator_id: Uuid,
    /// What it records.
    pub kind: EntryKind,
    /// Signed amount.
    pub amount: Money,
    /// When it becomes payable.
    pub release_at: Option<DateTime<Utc>>,
    /// The booking.
    pub booking_id: Option<Uuid>,
    /// The payout.
    pub payout_id: Option<Uuid>,
    /// Why.
    pub reason: Option<String>,
    /// The admin who wrote it.
    pub actor_id: Option<Uuid>,
    /// The fact it records, once (`None`: every call appends, as adjustments do).
    pub dedup_key: Option<String>,
}

impl NewEntry {
    /// An entry with only its kind, amount and key; the rest empty.
    pub fn new(creator_id: Uuid, kind: EntryKind, amount: Money, dedup_key: Option<String>) -> Self {
        Self {
            creator_id,
            kind,
            amount,
            release_at: None,
            booking_id: None,
            payout_id: None,
            reason: None,
            actor_id: None,
            dedup_key,
        }
    }
}

/// Appends an entry unless its fact is already recorded; returns the new entry's id, or
/// `None` for a duplicate. (`ON CONFLICT DO NOTHING`: a duplicate does not abort the
/// transaction; a concurrent writer of the same key is waited for.)
pub(crate) async fn append(
    db: &impl ConnectionTrait,
    entry: NewEntry,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, ServiceError> {
    let id = Uuid::new_v4();
    let row = ledger_entry::ActiveModel {
        id: Set(id),
        creator_id: Set(entry.creator_id),
        kind: Set(entry.kind),
        amount_minor: Set(entry.amount.minor()),
        currency: Set(entry.amount.currency()),
        release_at: Set(entry.release_at),
        booking_id: Set(entry.booking_id),
        payout_id: Set(entry.payout_id),
        reason: Set(entry.reason),
        actor_id: Set(entry.actor_id),
        dedup_key: Set(entry.dedup_key),
        created_at: Set(now),
    };
    let inserted = ledger_entry::Entity::insert(row)
        .on_conflict(OnConflict::column(ledger_entry::Column::DedupKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok((inserted == 1).then_some(id))
}

/// Whether a fact is recorded.
pub(crate) async fn has(db: &impl ConnectionTrait, dedup_key: &str) -> Result<bool, ServiceError> {
    let found = ledger_entry::Entity::find()
        .select_only()
        .column(ledger_entry::Column::Id)
        .filter(ledger_entry::Column::DedupKey.eq(dedup_key))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// Takes the creator's row for the rest of the transaction (a write: on PostgreSQL a row lock,
/// on SQLite the database's write lock), so a decision made from the balance cannot race
/// another one. Returns the row as it is now.
pub(crate) async fn lock(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
    now: DateTime<Utc>,
) -> Result<creator::Model, ServiceError> {
    creator::Entity::update_many()
        .col_expr(creator::Column::UpdatedAt, Expr::value(now))
        .filter(creator::Column::Id.eq(creator_id))
        .exec(db)
        .await?;
    creator::Entity::find_by_id(creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))
}

/// The entries of a creator in the domain's terms (in their currency).
pub(crate) async fn entries(
    db: &impl ConnectionTrait,
    creator_id: Uuid,
    currency: Currency,
) -> Result<Vec<Entry>, ServiceError> {
    let rows = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::CreatorId.eq(creator_id))
        .filter(ledger_entry::Column::Currency.eq(currency))
        .order_by_asc(ledger_entry::Column::CreatedAt)
        .order_by_asc(ledger_entry::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| Entry {
            kind: row.kind,
            amount: row.amount_minor,
            release_at: row.release_at,
            payout: row.payout_id,
            at: row.created_at,
        })
        .collect())
}

/// A creator's balance at `now`, computed from their entries.
pub(crate) async fn balance_of(
    db: &impl ConnectionTrait,
    creator: &creator::Model,
    now: DateTime<Utc>,
) -> Result<CreatorBalance, ServiceError> {
    let entries = entries(db, creator.id, creator.currency).await?;
    Ok(CreatorBalance { currency: creator.currency, balance: ledger::balance(&entries, now) })
}

/// A page of a creator's entries, newest first, with the total.
pub(crate) async fn page(
    db: &DatabaseConnection,
    creator_id: Uuid,
    page: domain::PageRequest,
) -> Result<(Vec<LedgerEntry>, u64), ServiceError> {
    let query = ledger_entry::Entity::find().filter(ledger_entry::Column::CreatorId.eq(creator_id));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(ledger_entry::Column::CreatedAt)
        .order_by_desc(ledger_entry::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(LedgerEntry::from).collect(), total))
}

/// After money was taken back from a creator (a refund, a dispute, an adjustment): when their
/// debt passes the threshold, their payouts are blocked (until it is settled) and admins and
/// the creator are told, once. Takes the creator's row first.
pub(crate) async fn after_debit(
    db: &impl ConnectionTrait,
    ctx: &crate::Context,
    creator_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let settings = &ctx.settings;
    let creator = lock(db, creator_id, now).await?;
    let balance = balance_of(db, &creator, now).await?;
    if balance.balance.debt <= settings.debt_threshold_minor || creator.payout_block.is_some() {
        return Ok(());
    }
    creator::Entity::update_many()
        .col_expr(creator::Column::PayoutBlock, Expr::value(BlockKind::Debt))
        .col_expr(creator::Column::PayoutBlockReason, Expr::value("Debt above the threshold".to_owned()))
        .filter(creator::Column::Id.eq(creator_id))
        .exec(db)
        .await?;
    let debt = Money::from_minor(balance.balance.debt, creator.currency);
    let threshold = Money::from_minor(settings.debt_threshold_minor, creator.currency);
    let account = user::Entity::find_by_id(creator.user_id).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    let link = Some(api_types::Route::CreatorEarnings);
    let mut creator_params = params([]);
    creator_params.insert("amount".into(), domain::notification::money(debt));
    ctx.events.publish_when_committed(
        &ctx.db,
        notifications::notify(
            db,
            creator.user_id,
            NotificationType::DebtThresholdExceeded,
            creator_params.clone(),
            link,
        )
        .await?,
    );
    let to = outbox::recipient(db, creator.user_id).await?;
    let content = EmailContent::DebtThresholdExceeded { debt, threshold, creator: None };
    outbox::enqueue(db, &to, &content, &settings.public_url, serde_json::json!({"creatorId": creator_id})).await?;
    let mut admin_params = creator_params;
    admin_params.insert("with".into(), serde_json::Value::String(account.name.clone()));
    let admins = user::Entity::find().filter(user::Column::Role.eq(domain::Role::Admin)).all(db).await?;
    for admin in admins {
        let link = Some(api_types::Route::AdminPayouts { creator: Some(creator_id), payout: None });
        ctx.events.publish_when_committed(
            &ctx.db,
            notifications::notify(db, admin.id, NotificationType::DebtThresholdExceeded, admin_params.clone(), link)
                .await?,
        );
        let to = outbox::recipient(db, admin.id).await?;
        let content = EmailContent::DebtThresholdExceeded { debt, threshold, creator: Some(account.name.clone()) };
        outbox::enqueue(db, &to, &content, &settings.public_url, serde_json::json!({"creatorId": creator_id})).await?;
    }
    system_logs::record(
        db,
        LogLevel::Warning,
        "DEBT_THRESHOLD_EXCEEDED",
        Actor::System,
        format!("Creator {creator_id} owes {debt} (threshold {threshold}); payouts blocked"),
        serde_json::json!({"creatorId": creator_id, "debtMinor": debt.minor()}),
    )
    .await?;
    Ok(())
}
