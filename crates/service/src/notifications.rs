//! In-app notifications: written inside the transaction of the change they report, pushed
//! to the reader's open sockets once it has committed, read unread-first, rendered in the
//! reader's language.

use api_types::Route;
use chrono::Utc;
use domain::Locale;
use domain::notification::NotificationType;
use entity::notification;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::ServiceError;
use crate::events::{Message, Outgoing};

/// A notification as its reader sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// Identifier.
    pub id: Uuid,
    /// Type.
    pub notification_type: NotificationType,
    /// Title in the reader's language.
    pub title: String,
    /// Message in the reader's language.
    pub message: String,
    /// Where it leads.
    pub link: Option<String>,
    /// Read?
    pub read: bool,
    /// When.
    pub created_at: chrono::DateTime<Utc>,
}

/// Records a notification for `user_id`, inside the caller's transaction. Returns the
/// `notification` event its reader's sockets get; publish it once the transaction has
/// committed.
pub async fn notify(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    notification_type: NotificationType,
    params: Map<String, Value>,
    link: Option<Route>,
) -> Result<Outgoing, ServiceError> {
    let locale = entity::user::Entity::find_by_id(user_id).one(db).await?.map(|u| u.locale).unwrap_or_default();
    let row = notification::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        notification_type: Set(notification_type),
        params: Set(Value::Object(params)),
        link: Set(link.map(|route| route.href())),
        read: Set(false),
        read_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(Outgoing::one(user_id, Message::Notification(render(row, locale))))
}

/// Unread first, then newest first; with the total and the unread count.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    page: domain::PageRequest,
) -> Result<(Vec<Notification>, u64, u64), ServiceError> {
    let locale = entity::user::Entity::find_by_id(user_id).one(db).await?.map(|u| u.locale).unwrap_or_default();
    let mine = notification::Entity::find().filter(notification::Column::UserId.eq(user_id));
    // Both counts in one query.
    let unread_case = sea_orm::sea_query::Expr::case(notification::Column::Read.eq(false), 1).finally(0);
    let (total, unread): (i64, Option<i64>) = mine
        .clone()
        .select_only()
        .column_as(notification::Column::Id.count(), "total")
        .column_as(sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::sum(unread_case)), "unread")
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    let (total, unread) = (u64::try_from(total).unwrap_or(0), u64::try_from(unread.unwrap_or(0)).unwrap_or(0));
    let rows = mine
        .order_by_asc(notification::Column::Read)
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    let items = rows.into_iter().map(|row| render(row, locale)).collect();
    Ok((items, total, unread))
}

fn render(row: notification::Model, locale: Locale) -> Notification {
    let params = row.params.as_object().cloned().unwrap_or_default();
    let (title, message) = row.notification_type.render(&params, locale);
    Notification {
        id: row.id,
        notification_type: row.notification_type,
        title,
        message,
        link: row.link,
        read: row.read,
        created_at: row.created_at,
    }
}

/// Marks one of the reader's notifications read. Someone else's is "not found".
pub async fn mark_read(db: &impl ConnectionTrait, user_id: Uuid, id: Uuid) -> Result<(), ServiceError> {
    let result = notification::Entity::update_many()
        .col_expr(notification::Column::Read, Expr::value(true))
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 { Err(ServiceError::NotFound("notification")) } else { Ok(()) }
}

/// Marks every notification of the reader read; returns how many changed.
pub async fn mark_all_read(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, ServiceError> {
    let result = notification::Entity::update_many()
        .col_expr(notification::Column::Read, Expr::value(true))
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::Read.eq(false))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Builds a parameter map from pairs.
pub fn params<const N: usize>(pairs: [(&str, String); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), Value::String(v))).collect()
}
