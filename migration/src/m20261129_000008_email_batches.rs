//! E-mails sent together through Resend's batch endpoint share a batch key: a batch whose
//! answer was lost is sent again as the same e-mails under the same idempotency key, so no
//! e-mail goes out twice.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Emails {
    Table,
    BatchKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .add_column(ColumnDef::new(Emails::BatchKey).string_len(64).null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("emails_status_next_attempt_at_idx").table(Emails::Table).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Emails::Table).drop_column(Emails::BatchKey).to_owned()).await
    }
}
