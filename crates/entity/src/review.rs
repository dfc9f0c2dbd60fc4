//! `reviews`: a fan's review of a completed call, the creator's answer, an admin's hiding.

use sea_orm::entity::prelude::*;

/// A row of `reviews`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The reviewed call (one review per booking).
    pub booking_id: Uuid,
    /// The reviewed creator.
    pub creator_id: Uuid,
    /// The fan who wrote it.
    pub author_id: Uuid,
    /// 1 to 5.
    pub rating: i32,
    /// The fan's words.
    pub comment: String,
    /// The creator's answer.
    pub answer: Option<String>,
    /// When the creator answered.
    pub answered_at: Option<DateTimeUtc>,
    /// When an admin hid it.
    pub hidden_at: Option<DateTimeUtc>,
    /// Why.
    pub hidden_reason: Option<String>,
    /// The admin who hid it.
    pub hidden_by: Option<Uuid>,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `reviews`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
