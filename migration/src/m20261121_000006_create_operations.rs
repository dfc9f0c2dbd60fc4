//! Operations: job runs and per-job leases, the e-mail outbox, claimed reminders and the
//! system log (with seed 002's indexes, plus the level/date pair its retention needs).

use sea_orm_migration::prelude::*;

use crate::m20261121_000003_create_paid_calls::Bookings;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Id,
    Job,
    Trigger,
    Runner,
    StartedAt,
    FinishedAt,
    Outcome,
    Counts,
    Error,
}

#[derive(DeriveIden)]
enum JobLeases {
    Table,
    Job,
    Holder,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Emails {
    Table,
    Id,
    ToAddress,
    Subject,
    Template,
    Locale,
    Html,
    Text,
    Status,
    Attempts,
    NextAttemptAt,
    ProviderId,
    Error,
    Metadata,
    CreatedAt,
    SentAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    BookingId,
    Kind,
    ClaimedAt,
}

#[derive(DeriveIden)]
enum SystemLogs {
    Table,
    Id,
    Level,
    Type,
    Actor,
    ActorId,
    Message,
    Metadata,
    CreatedAt,
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobRuns::Table)
                    .col(ColumnDef::new(JobRuns::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(JobRuns::Job).string_len(64).not_null())
                    .col(ColumnDef::new(JobRuns::Trigger).string_len(16).not_null())
                    .col(ColumnDef::new(JobRuns::Runner).string_len(128).not_null())
                    .col(ColumnDef::new(JobRuns::StartedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(JobRuns::FinishedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(JobRuns::Outcome).string_len(16).not_null())
                    .col(ColumnDef::new(JobRuns::Counts).json().not_null())
                    .col(ColumnDef::new(JobRuns::Error).text().null())
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "job_runs_job_started_at_idx",
            JobRuns::Table,
            vec![JobRuns::Job.into_iden(), JobRuns::StartedAt.into_iden()],
        )
        .await?;
        index(manager, "job_runs_started_at_idx", JobRuns::Table, vec![JobRuns::StartedAt.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(JobLeases::Table)
                    .col(ColumnDef::new(JobLeases::Job).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(JobLeases::Holder).string_len(128).not_null())
                    .col(ColumnDef::new(JobLeases::ExpiresAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Emails::Table)
                    .col(ColumnDef::new(Emails::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Emails::ToAddress).string_len(320).not_null())
                    .col(ColumnDef::new(Emails::Subject).string_len(300).not_null())
                    .col(ColumnDef::new(Emails::Template).string_len(64).not_null())
                    .col(ColumnDef::new(Emails::Locale).string_len(8).not_null())
                    .col(ColumnDef::new(Emails::Html).text().not_null())
                    .col(ColumnDef::new(Emails::Text).text().not_null())
                    .col(ColumnDef::new(Emails::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Emails::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(Emails::NextAttemptAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Emails::ProviderId).string_len(128).null())
                    .col(ColumnDef::new(Emails::Error).text().null())
                    .col(ColumnDef::new(Emails::Metadata).json().not_null())
                    .col(ColumnDef::new(Emails::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Emails::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Emails::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "emails_to_address_idx", Emails::Table, vec![Emails::ToAddress.into_iden()]).await?;
        index(
            manager,
            "emails_status_next_attempt_at_idx",
            Emails::Table,
            vec![Emails::Status.into_iden(), Emails::NextAttemptAt.into_iden()],
        )
        .await?;
        index(manager, "emails_created_at_idx", Emails::Table, vec![Emails::CreatedAt.into_iden()]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Reminders::Table)
                    .col(ColumnDef::new(Reminders::BookingId).uuid().not_null())
                    .col(ColumnDef::new(Reminders::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Reminders::ClaimedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(Reminders::BookingId).col(Reminders::Kind))
                    .foreign_key(
                        ForeignKey::create()
                            .name("reminders_booking_id_fkey")
                            .from(Reminders::Table, Reminders::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SystemLogs::Table)
                    .col(ColumnDef::new(SystemLogs::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(SystemLogs::Level).string_len(16).not_null())
                    .col(ColumnDef::new(SystemLogs::Type).string_len(64).not_null())
                    .col(ColumnDef::new(SystemLogs::Actor).string_len(16).not_null())
                    .col(ColumnDef::new(SystemLogs::ActorId).uuid().null())
                    .col(ColumnDef::new(SystemLogs::Message).text().not_null())
                    .col(ColumnDef::new(SystemLogs::Metadata).json().not_null())
                    .col(ColumnDef::new(SystemLogs::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        index(manager, "system_logs_created_at_idx", SystemLogs::Table, vec![SystemLogs::CreatedAt.into_iden()])
            .await?;
        index(manager, "system_logs_level_idx", SystemLogs::Table, vec![SystemLogs::Level.into_iden()]).await?;
        index(manager, "system_logs_type_idx", SystemLogs::Table, vec![SystemLogs::Type.into_iden()]).await?;
        index(manager, "system_logs_actor_idx", SystemLogs::Table, vec![SystemLogs::Actor.into_iden()]).await?;
        index(manager, "system_logs_actor_id_idx", SystemLogs::Table, vec![SystemLogs::ActorId.into_iden()]).await?;
        index(
            manager,
            "system_logs_level_created_at_idx",
            SystemLogs::Table,
            vec![SystemLogs::Level.into_iden(), SystemLogs::CreatedAt.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SystemLogs::Table.into_iden(),
            Reminders::Table.into_iden(),
            Emails::Table.into_iden(),
            JobLeases::Table.into_iden(),
            JobRuns::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
