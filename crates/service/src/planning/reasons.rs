//! Appointment reasons: why a client books, in the host's words and order.

use chrono::Utc;
use entity::appointment_reason;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::ServiceError;

/// A reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// Identifier.
    pub id: Uuid,
    /// Label.
    pub label: String,
    /// Display order.
    pub position: i32,
}

impl From<appointment_reason::Model> for Reason {
    fn from(row: appointment_reason::Model) -> Self {
        Self { id: row.id, label: row.label, position: row.position }
    }
}

/// A label: trimmed, 1 to 200 characters.
pub fn label(input: &str) -> Result<String, ServiceError> {
    let label = input.trim();
    if label.is_empty() || label.chars().count() > 200 {
        return Err(ServiceError::invalid("label", "must be 1 to 200 characters"));
    }
    Ok(label.to_owned())
}

/// A host's reasons in display order.
pub async fn of_host(db: &DatabaseConnection, host_id: Uuid) -> Result<Vec<Reason>, ServiceError> {
    Ok(appointment_reason::Entity::find()
        .filter(appointment_reason::Column::HostId.eq(host_id))
        .filter(appointment_reason::Column::DeletedAt.is_null())
        .order_by_asc(appointment_reason::Column::Position)
        .order_by_asc(appointment_reason::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(Reason::from)
        .collect())
}

/// The reasons of a host people may book with.
pub async fn offered(db: &DatabaseConnection, host_id: Uuid) -> Result<Vec<Reason>, ServiceError> {
    super::bookable_host(db, host_id).await?;
    of_host(db, host_id).await
}

/// The signed-in host's reasons.
pub async fn list(db: &DatabaseConnection, user_id: Uuid) -> Result<Vec<Reason>, ServiceError> {
    super::host(db, user_id).await?;
    of_host(db, user_id).await
}

/// Adds a reason at the end.
pub async fn create(db: &DatabaseConnection, user_id: Uuid, label: String) -> Result<Reason, ServiceError> {
    super::host(db, user_id).await?;
    let last = of_host(db, user_id).await?.iter().map(|r| r.position).max().unwrap_or(-1);
    let row = appointment_reason::ActiveModel {
        id: Set(Uuid::new_v4()),
        host_id: Set(user_id),
        label: Set(label),
        position: Set(last + 1),
        created_at: Set(Utc::now()),
        deleted_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

async fn owned(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<appointment_reason::Model, ServiceError> {
    appointment_reason::Entity::find_by_id(id)
        .filter(appointment_reason::Column::HostId.eq(user_id))
        .filter(appointment_reason::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("reason"))
}

/// Renames a reason.
pub async fn update(db: &DatabaseConnection, user_id: Uuid, id: Uuid, label: String) -> Result<Reason, ServiceError> {
    let mut active: appointment_reason::ActiveModel = owned(db, user_id, id).await?.into();
    active.label = Set(label);
    Ok(active.update(db).await?.into())
}

/// Deletes a reason from the host's list; appointments that gave it still show it.
pub async fn delete(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<(), ServiceError> {
    let mut active: appointment_reason::ActiveModel = owned(db, user_id, id).await?.into();
    active.deleted_at = Set(Some(Utc::now()));
    active.update(db).await?;
    Ok(())
}

/// Puts the host's reasons in the given order (every reason of the host, once).
pub async fn reorder(db: &DatabaseConnection, user_id: Uuid, ids: Vec<Uuid>) -> Result<Vec<Reason>, ServiceError> {
    let current = list(db, user_id).await?;
    let mut given = ids.clone();
    given.sort();
    let mut known: Vec<Uuid> = current.iter().map(|r| r.id).collect();
    known.sort();
    if given != known {
        return Err(ServiceError::invalid("ids", "must list each of your reasons once"));
    }
    let txn = db.begin().await?;
    for (position, id) in ids.into_iter().enumerate() {
        appointment_reason::Entity::update_many()
            .col_expr(appointment_reason::Column::Position, sea_orm::sea_query::Expr::value(position as i32))
            .filter(appointment_reason::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    of_host(db, user_id).await
}
