//! Creates `call_logs`: what happened in a call, reported by participants or by Daily's
//! webhooks (actor SYSTEM, deduplicated by the webhook's event id in `external_id`).

use sea_orm_migration::prelude::*;

use crate::m20261121_000003_create_paid_calls::Bookings;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CallLogs::Table)
                    .col(ColumnDef::new(CallLogs::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(CallLogs::BookingId).uuid().not_null())
                    .col(ColumnDef::new(CallLogs::Event).string_len(32).not_null())
                    .col(ColumnDef::new(CallLogs::Actor).string_len(8).not_null())
                    .col(ColumnDef::new(CallLogs::ActorId).uuid().null())
                    .col(ColumnDef::new(CallLogs::Message).text().not_null())
                    .col(ColumnDef::new(CallLogs::Metadata).json().not_null())
                    .col(ColumnDef::new(CallLogs::ExternalId).string_len(255).null())
                    .col(ColumnDef::new(CallLogs::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CallLogs::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("call_logs_booking_id_fkey")
                            .from(CallLogs::Table, CallLogs::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("call_logs_booking_id_occurred_at_idx")
                    .table(CallLogs::Table)
                    .col(CallLogs::BookingId)
                    .col(CallLogs::OccurredAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("call_logs_external_id_key")
                    .table(CallLogs::Table)
                    .col(CallLogs::ExternalId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CallLogs::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum CallLogs {
    Table,
    Id,
    BookingId,
    Event,
    Actor,
    ActorId,
    Message,
    Metadata,
    ExternalId,
    OccurredAt,
    CreatedAt,
}
