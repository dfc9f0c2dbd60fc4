//! `organization_members`: who belongs to which organization, as staff or client (one
//! organization per account).

use domain::organization::MemberRole;
use sea_orm::entity::prelude::*;

/// A row of `organization_members`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization_members")]
pub struct Model {
    /// The member's account (the key: one organization per account).
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// Staff or client.
    pub role: MemberRole,
    /// A client's own company.
    pub company: Option<String>,
    /// When they joined.
    pub joined_at: DateTimeUtc,
}

/// Relations of `organization_members`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The account.
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
