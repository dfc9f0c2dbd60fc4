//! Organizations (seeds 003/004): an organization with its owner, its members (staff or
//! clients; one organization per account, the primary key says so) and the invitations that
//! bring people in (a single-use token, stored as its SHA-256, that expires).

use sea_orm_migration::prelude::*;

use crate::m20261121_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Organizations {
    Table,
    Id,
    Name,
    OwnerId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrganizationMembers {
    Table,
    UserId,
    OrganizationId,
    Role,
    Company,
    JoinedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    OrganizationId,
    Email,
    Role,
    Company,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    AcceptedBy,
}

fn user_fkey(
    name: &str,
    table: impl IntoIden,
    column: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(table, column).to(Users::Table, Users::Id).on_delete(on_delete).to_owned()
}

fn organization_fkey(name: &str, table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Organizations::Table, Organizations::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(ColumnDef::new(Organizations::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Organizations::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Organizations::OwnerId).uuid().not_null())
                    .col(ColumnDef::new(Organizations::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Organizations::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut user_fkey(
                        "organizations_owner_id_fkey",
                        Organizations::Table,
                        Organizations::OwnerId,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganizationMembers::Table)
                    // One organization per account: the user is the key.
                    .col(ColumnDef::new(OrganizationMembers::UserId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(OrganizationMembers::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(OrganizationMembers::Role).string_len(16).not_null())
                    .col(ColumnDef::new(OrganizationMembers::Company).string_len(100).null())
                    .col(ColumnDef::new(OrganizationMembers::JoinedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut user_fkey(
                        "organization_members_user_id_fkey",
                        OrganizationMembers::Table,
                        OrganizationMembers::UserId,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut organization_fkey(
                        "organization_members_organization_id_fkey",
                        OrganizationMembers::Table,
                        OrganizationMembers::OrganizationId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("organization_members_organization_id_role_idx")
                    .table(OrganizationMembers::Table)
                    .col(OrganizationMembers::OrganizationId)
                    .col(OrganizationMembers::Role)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(ColumnDef::new(Invitations::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Invitations::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(Invitations::Email).string_len(254).not_null())
                    .col(ColumnDef::new(Invitations::Role).string_len(16).not_null())
                    .col(ColumnDef::new(Invitations::Company).string_len(100).null())
                    .col(ColumnDef::new(Invitations::TokenHash).string_len(64).not_null())
                    .col(ColumnDef::new(Invitations::InvitedBy).uuid().not_null())
                    .col(ColumnDef::new(Invitations::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Invitations::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Invitations::AcceptedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Invitations::AcceptedBy).uuid().null())
                    .foreign_key(&mut organization_fkey(
                        "invitations_organization_id_fkey",
                        Invitations::Table,
                        Invitations::OrganizationId,
                    ))
                    .foreign_key(&mut user_fkey(
                        "invitations_invited_by_fkey",
                        Invitations::Table,
                        Invitations::InvitedBy,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut user_fkey(
                        "invitations_accepted_by_fkey",
                        Invitations::Table,
                        Invitations::AcceptedBy,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_token_hash_key")
                    .table(Invitations::Table)
                    .col(Invitations::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_email_idx")
                    .table(Invitations::Table)
                    .col(Invitations::Email)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_organization_id_idx")
                    .table(Invitations::Table)
                    .col(Invitations::OrganizationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Invitations::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(OrganizationMembers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Organizations::Table).to_owned()).await
    }
}
