//! The system log: security and business events (failed logins, bookings, payments, job
//! failures), filtered by admins and trimmed by level by the cleanup-logs job.

use chrono::{DateTime, Utc};
use domain::operations::{LogLevel, SystemActor};
use entity::system_log;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::ServiceError;

/// Who caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A fan.
    User(Uuid),
    /// A creator.
    Creator(Uuid),
    /// An admin.
    Admin(Uuid),
    /// Someone not signed in (e.g. a failed login).
    Guest,
    /// The server itself.
    System,
}

impl Actor {
    fn parts(self) -> (SystemActor, Option<Uuid>) {
        match self {
            Self::User(id) => (SystemActor::User, Some(id)),
            Self::Creator(id) => (SystemActor::Creator, Some(id)),
            Self::Admin(id) => (SystemActor::Admin, Some(id)),
            Self::Guest => (SystemActor::Guest, None),
            Self::System => (SystemActor::System, None),
        }
    }

    /// The actor of an account with this role.
    pub fn of(role: domain::Role, id: Uuid) -> Self {
        match role {
            domain::Role::User => Self::User(id),
            domain::Role::Creator => Self::Creator(id),
            domain::Role::Admin => Self::Admin(id),
        }
    }
}

/// A system log entry, for admins.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Identifier.
    pub id: Uuid,
    /// Severity.
    pub level: LogLevel,
    /// What kind of event (`USER_LOGIN_FAILED`, …).
    pub log_type: String,
    /// Who did it.
    pub actor: SystemActor,
    /// Their account, when known.
    pub actor_id: Option<Uuid>,
    /// For people.
    pub message: String,
    /// Details.
    pub metadata: Value,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<system_log::Model> for LogEntry {
    fn from(row: system_log::Model) -> Self {
        Self {
            id: row.id,
            level: row.level,
            log_type: row.log_type,
            actor: row.actor,
            actor_id: row.actor_id,
            message: row.message,
            metadata: row.metadata,
            created_at: row.created_at,
        }
    }
}

/// Writes one entry.
pub async fn record(
    db: &impl ConnectionTrait,
    level: LogLevel,
    log_type: &str,
    actor: Actor,
    message: impl Into<String>,
    metadata: Value,
) -> Result<(), ServiceError> {
    let (actor, actor_id) = actor.parts();
    system_log::ActiveModel {
        id: Set(Uuid::new_v4()),
        level: Set(level),
        log_type: Set(log_type.to_owned()),
        actor: Set(actor),
        actor_id: Set(actor_id),
        message: Set(message.into()),
        metadata: Set(metadata),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Writes one entry and never fails the caller: a log that cannot be written is traced.
pub async fn note(
    db: &impl ConnectionTrait,
    level: LogLevel,
    log_type: &str,
    actor: Actor,
    message: impl Into<String>,
    metadata: Value,
) {
    let message = message.into();
    if let Err(err) = record(db, level, log_type, actor, message.clone(), metadata).await {
        tracing::error!(error = %err, log_type, %message, "system log not written");
    }
}

/// Filters of [`list`].
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    /// Only this level.
    pub level: Option<LogLevel>,
    /// Only this type.
    pub log_type: Option<String>,
    /// Only this actor kind.
    pub actor: Option<SystemActor>,
    /// Only this account.
    pub actor_id: Option<Uuid>,
    /// From (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// To (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// Entries, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: LogFilter,
    page: domain::PageRequest,
) -> Result<(Vec<LogEntry>, u64), ServiceError> {
    let mut query = system_log::Entity::find();
    if let Some(level) = filter.level {
        query = query.filter(system_log::Column::Level.eq(level));
    }
    if let Some(t) = filter.log_type {
        query = query.filter(system_log::Column::LogType.eq(t));
    }
    if let Some(actor) = filter.actor {
        query = query.filter(system_log::Column::Actor.eq(actor));
    }
    if let Some(id) = filter.actor_id {
        query = query.filter(system_log::Column::ActorId.eq(id));
    }
    if let Some(from) = filter.from {
        query = query.filter(system_log::Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(system_log::Column::CreatedAt.lt(to));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(system_log::Column::CreatedAt)
        .order_by_desc(system_log::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(LogEntry::from).collect(), total))
}

/// Deletes entries past their level's retention at `now`; returns how many per level.
pub async fn cleanup(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<(LogLevel, u64)>, ServiceError> {
    let mut deleted = Vec::new();
    for level in LogLevel::ALL {
        let Some(keep) = level.retention() else { continue };
        let result = system_log::Entity::delete_many()
            .filter(system_log::Column::Level.eq(level))
            .filter(system_log::Column::CreatedAt.lt(now - keep))
            .exec(db)
            .await?;
        deleted.push((level, result.rows_affected));
    }
    Ok(deleted)
}
