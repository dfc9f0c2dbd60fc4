//! `users`: accounts of every role.

use domain::{Locale, Role, TimeZone};
use sea_orm::entity::prelude::*;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lower-cased e-mail, unique.
    #[sea_orm(unique)]
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Display name.
    pub name: String,
    /// The name in `domain::search::search_key` form, what searches compare (the same on
    /// SQLite and PostgreSQL, for any script). Written with the name, always.
    pub name_key: String,
    /// What the account may do.
    pub role: Role,
    /// Language.
    pub locale: Locale,
    /// Time zone.
    pub timezone: TimeZone,
    /// A guest given by name and e-mail, without an account of their own yet.
    pub is_prospect: bool,
    /// Creation instant (UTC).
    pub created_at: DateTimeUtc,
    /// Last change (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `users`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Refresh tokens issued to this user.
    #[sea_orm(has_many = "super::refresh_token::Entity")]
    RefreshTokens,
}

impl Related<super::refresh_token::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RefreshTokens.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
