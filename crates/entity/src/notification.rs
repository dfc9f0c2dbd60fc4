//! `notifications`: in-app notifications. Only the type and its parameters are stored;
//! title and message are rendered in the reader's language when read.

use domain::notification::NotificationType;
use sea_orm::entity::prelude::*;

/// A row of `notifications`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The reader.
    pub user_id: Uuid,
    /// What it is about.
    pub notification_type: NotificationType,
    /// Values the text refers to.
    pub params: Json,
    /// Where it leads.
    pub link: Option<String>,
    /// Read?
    pub read: bool,
    /// When it was read.
    pub read_at: Option<DateTimeUtc>,
    /// When it was created.
    pub created_at: DateTimeUtc,
}

/// Relations of `notifications`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
