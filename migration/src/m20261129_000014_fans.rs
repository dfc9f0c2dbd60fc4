//! Fans and creators (issue 14): call requests (a fan's proposal to a creator; accepting it
//! makes an offer reserved for that fan, `call_offers.reserved_for`, never listed publicly),
//! reviews of completed calls (one per booking, a rating of 1 to 5, the creator's answer, an
//! admin's hiding), and what settling a call recorded: its outcome, who was absent from a
//! no-show, the seconds both were together and the pre-call time (the call metrics read them).

use sea_orm_migration::prelude::*;

use crate::m20261121_000001_create_users::Users;
use crate::m20261121_000003_create_paid_calls::{Bookings, CallOffers, Creators};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CallRequests {
    Table,
    Id,
    FanId,
    CreatorId,
    HostId,
    ProposedAt,
    DurationMinutes,
    PriceMinor,
    Currency,
    Message,
    Status,
    RejectionReason,
    CallOfferId,
    BookingId,
    RespondedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    BookingId,
    CreatorId,
    AuthorId,
    Rating,
    Comment,
    Answer,
    AnsweredAt,
    HiddenAt,
    HiddenReason,
    HiddenBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CallLogs {
    Table,
    Event,
    OccurredAt,
}

#[derive(DeriveIden)]
enum Existing {
    StartsAt,
}

#[derive(DeriveIden)]
enum Added {
    ReservedFor,
    CallOutcome,
    Absent,
    ActualDurationSecs,
    PreCallSecs,
}

fn cascade(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CallRequests::Table)
                    .col(ColumnDef::new(CallRequests::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(CallRequests::FanId).uuid().not_null())
                    .col(ColumnDef::new(CallRequests::CreatorId).uuid().not_null())
                    .col(ColumnDef::new(CallRequests::HostId).uuid().not_null())
                    .col(ColumnDef::new(CallRequests::ProposedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CallRequests::DurationMinutes).integer().not_null())
                    .col(ColumnDef::new(CallRequests::PriceMinor).big_integer().not_null())
                    .col(ColumnDef::new(CallRequests::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(CallRequests::Message).text().not_null())
                    .col(ColumnDef::new(CallRequests::Status).string_len(16).not_null())
                    .col(ColumnDef::new(CallRequests::RejectionReason).text().null())
                    .col(ColumnDef::new(CallRequests::CallOfferId).uuid().null())
                    .col(ColumnDef::new(CallRequests::BookingId).uuid().null())
                    .col(ColumnDef::new(CallRequests::RespondedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(CallRequests::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CallRequests::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(
                        "call_requests_fan_id_fkey",
                        (CallRequests::Table, CallRequests::FanId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "call_requests_creator_id_fkey",
                        (CallRequests::Table, CallRequests::CreatorId),
                        (Creators::Table, Creators::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        let indexes: [(&str, TableRef, Vec<DynIden>); 6] = [
            (
                "call_requests_fan_id_created_at_idx",
                CallRequests::Table.into_table_ref(),
                vec![CallRequests::FanId.into_iden(), CallRequests::CreatedAt.into_iden()],
            ),
            (
                "call_requests_host_id_created_at_idx",
                CallRequests::Table.into_table_ref(),
                vec![CallRequests::HostId.into_iden(), CallRequests::CreatedAt.into_iden()],
            ),
            (
                "call_requests_status_proposed_at_idx",
                CallRequests::Table.into_table_ref(),
                vec![CallRequests::Status.into_iden(), CallRequests::ProposedAt.into_iden()],
            ),
            (
                "reviews_creator_id_created_at_idx",
                Reviews::Table.into_table_ref(),
                vec![Reviews::CreatorId.into_iden(), Reviews::CreatedAt.into_iden()],
            ),
            (
                "call_logs_event_occurred_at_idx",
                CallLogs::Table.into_table_ref(),
                vec![CallLogs::Event.into_iden(), CallLogs::OccurredAt.into_iden()],
            ),
            ("call_logs_occurred_at_idx", CallLogs::Table.into_table_ref(), vec![CallLogs::OccurredAt.into_iden()]),
        ];
        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(ColumnDef::new(Reviews::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Reviews::BookingId).uuid().not_null())
                    .col(ColumnDef::new(Reviews::CreatorId).uuid().not_null())
                    .col(ColumnDef::new(Reviews::AuthorId).uuid().not_null())
                    .col(
                        ColumnDef::new(Reviews::Rating)
                            .integer()
                            .not_null()
                            .check(Expr::col(Reviews::Rating).between(1, 5)),
                    )
                    .col(ColumnDef::new(Reviews::Comment).text().not_null())
                    .col(ColumnDef::new(Reviews::Answer).text().null())
                    .col(ColumnDef::new(Reviews::AnsweredAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Reviews::HiddenAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Reviews::HiddenReason).text().null())
                    .col(ColumnDef::new(Reviews::HiddenBy).uuid().null())
                    .col(ColumnDef::new(Reviews::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Reviews::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut cascade(
                        "reviews_booking_id_fkey",
                        (Reviews::Table, Reviews::BookingId),
                        (Bookings::Table, Bookings::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "reviews_creator_id_fkey",
                        (Reviews::Table, Reviews::CreatorId),
                        (Creators::Table, Creators::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "reviews_author_id_fkey",
                        (Reviews::Table, Reviews::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // One review per call, decided by the database.
        manager
            .create_index(
                Index::create()
                    .name("reviews_booking_id_key")
                    .table(Reviews::Table)
                    .col(Reviews::BookingId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in indexes {
            let mut index = Index::create().name(name).table(table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }
        // One column per statement: SQLite's ALTER TABLE adds a single column.
        let additions: [(TableRef, ColumnDef); 5] = [
            (CallOffers::Table.into_table_ref(), ColumnDef::new(Added::ReservedFor).uuid().null().to_owned()),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::CallOutcome).string_len(16).null().to_owned()),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::Absent).string_len(8).null().to_owned()),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::ActualDurationSecs).integer().null().to_owned()),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::PreCallSecs).integer().null().to_owned()),
        ];
        for (table, mut column) in additions {
            manager.alter_table(Table::alter().table(table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("bookings_call_outcome_starts_at_idx")
                    .table(Bookings::Table)
                    .col(Added::CallOutcome)
                    .col(Existing::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("bookings_call_outcome_starts_at_idx").table(Bookings::Table).to_owned())
            .await?;
        for name in ["call_logs_event_occurred_at_idx", "call_logs_occurred_at_idx"] {
            manager.drop_index(Index::drop().name(name).table(CallLogs::Table).to_owned()).await?;
        }
        let removals: [(TableRef, Added); 5] = [
            (CallOffers::Table.into_table_ref(), Added::ReservedFor),
            (Bookings::Table.into_table_ref(), Added::CallOutcome),
            (Bookings::Table.into_table_ref(), Added::Absent),
            (Bookings::Table.into_table_ref(), Added::ActualDurationSecs),
            (Bookings::Table.into_table_ref(), Added::PreCallSecs),
        ];
        for (table, column) in removals {
            manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await?;
        }
        for table in [Reviews::Table.into_table_ref(), CallRequests::Table.into_table_ref()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
