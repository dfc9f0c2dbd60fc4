//! `refresh_tokens`: rotating refresh tokens, grouped in families (one per login).

use sea_orm::entity::prelude::*;

/// A row of `refresh_tokens`. Only a SHA-256 hash of the token is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refresh_tokens")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// The login this token descends from; revoked as a whole on re-use.
    pub family_id: Uuid,
    /// Hex SHA-256 of the token.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Issue instant.
    pub created_at: DateTimeUtc,
    /// After this the token is refused.
    pub expires_at: DateTimeUtc,
    /// Set when the token was exchanged for a new one; a second use is a re-use.
    pub used_at: Option<DateTimeUtc>,
    /// Set when the family was revoked (logout or re-use).
    pub revoked_at: Option<DateTimeUtc>,
}

/// Relations of `refresh_tokens`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The owner.
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
