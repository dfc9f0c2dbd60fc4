//! `ws_tickets`: the single-use, short-lived tickets that open a WebSocket (so no access
//! token ever travels in a URL). Stored as their SHA-256, in the database rather than in
//! memory so that a ticket taken from one server instance opens a socket on another.

use sea_orm_migration::prelude::*;

use crate::m20261121_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WsTickets {
    Table,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WsTickets::Table)
                    .col(ColumnDef::new(WsTickets::TokenHash).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(WsTickets::UserId).uuid().not_null())
                    .col(ColumnDef::new(WsTickets::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(WsTickets::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(WsTickets::UsedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("ws_tickets_user_id_fkey")
                            .from(WsTickets::Table, WsTickets::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ws_tickets_expires_at_idx")
                    .table(WsTickets::Table)
                    .col(WsTickets::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WsTickets::Table).to_owned()).await
    }
}
