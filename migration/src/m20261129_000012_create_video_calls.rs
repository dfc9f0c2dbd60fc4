//! Instant calls (`video_calls`, the seed's columns, plus the organization, the moment the
//! ring went out and Daily's recording id). "One open call per person" is a pair of partial
//! unique indexes: of two calls raced to the same person, the database admits one, and a
//! call that ends frees both participants by its status change alone.

use sea_orm_migration::prelude::*;

use crate::m20261121_000001_create_users::Users;
use crate::m20261129_000011_create_organizations::Organizations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VideoCalls {
    Table,
    Id,
    OrganizationId,
    RoomName,
    RoomUrl,
    ClientId,
    StaffId,
    ClientName,
    StaffName,
    Status,
    InitiatedBy,
    StartedAt,
    RingingAt,
    AnsweredAt,
    EndedAt,
    Duration,
    RecordingId,
    RecordingUrl,
    UpdatedAt,
}

fn user_fkey(name: &str, column: VideoCalls) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(VideoCalls::Table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// The statuses in which a call occupies its participants (`CallStatus::is_open`).
const OPEN: &str = "('INITIATED', 'RINGING', 'ANSWERED')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(VideoCalls::Table)
                    .col(ColumnDef::new(VideoCalls::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(VideoCalls::OrganizationId).uuid().not_null())
                    .col(ColumnDef::new(VideoCalls::RoomName).string_len(128).not_null())
                    .col(ColumnDef::new(VideoCalls::RoomUrl).string_len(512).null())
                    .col(ColumnDef::new(VideoCalls::ClientId).uuid().not_null())
                    .col(ColumnDef::new(VideoCalls::StaffId).uuid().not_null())
                    .col(ColumnDef::new(VideoCalls::ClientName).string_len(100).not_null())
                    .col(ColumnDef::new(VideoCalls::StaffName).string_len(100).not_null())
                    .col(ColumnDef::new(VideoCalls::Status).string_len(16).not_null())
                    .col(ColumnDef::new(VideoCalls::InitiatedBy).string_len(8).not_null())
                    .col(ColumnDef::new(VideoCalls::StartedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(VideoCalls::RingingAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(VideoCalls::AnsweredAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(VideoCalls::EndedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(VideoCalls::Duration).integer().null())
                    .col(ColumnDef::new(VideoCalls::RecordingId).string_len(128).null())
                    .col(ColumnDef::new(VideoCalls::RecordingUrl).text().null())
                    .col(ColumnDef::new(VideoCalls::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("video_calls_organization_id_fkey")
                            .from(VideoCalls::Table, VideoCalls::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut user_fkey("video_calls_client_id_fkey", VideoCalls::ClientId))
                    .foreign_key(&mut user_fkey("video_calls_staff_id_fkey", VideoCalls::StaffId))
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            ("video_calls_room_name_key", vec![VideoCalls::RoomName], true),
            ("video_calls_client_id_started_at_idx", vec![VideoCalls::ClientId, VideoCalls::StartedAt], false),
            ("video_calls_staff_id_started_at_idx", vec![VideoCalls::StaffId, VideoCalls::StartedAt], false),
            ("video_calls_status_ringing_at_idx", vec![VideoCalls::Status, VideoCalls::RingingAt], false),
        ] {
            let mut index = Index::create().name(name).table(VideoCalls::Table).to_owned();
            for column in columns {
                index.col(column);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index).await?;
        }
        // The busy guard. Same syntax on SQLite and PostgreSQL.
        let db = manager.get_connection();
        for side in ["client_id", "staff_id"] {
            db.execute_unprepared(&format!(
                "CREATE UNIQUE INDEX video_calls_one_open_per_{side} ON video_calls ({side}) WHERE status IN {OPEN}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(VideoCalls::Table).to_owned()).await
    }
}
