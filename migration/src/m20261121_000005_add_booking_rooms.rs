//! Adds the Daily room of a booking (name and URL, with the retry state of its creation)
//! and the calendar SEQUENCE of its .ics file.

use sea_orm_migration::prelude::*;

use crate::m20261121_000003_create_paid_calls::Bookings;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    DailyRoomName,
    DailyRoomUrl,
    RoomAttempts,
    RoomRetryAt,
    RoomError,
    CalendarSequence,
}

fn columns() -> Vec<ColumnDef> {
    vec![
        ColumnDef::new(Added::DailyRoomName).string_len(128).null().to_owned(),
        ColumnDef::new(Added::DailyRoomUrl).string_len(512).null().to_owned(),
        ColumnDef::new(Added::RoomAttempts).integer().not_null().default(0).to_owned(),
        ColumnDef::new(Added::RoomRetryAt).timestamp_with_time_zone().null().to_owned(),
        ColumnDef::new(Added::RoomError).text().null().to_owned(),
        ColumnDef::new(Added::CalendarSequence).integer().not_null().default(0).to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds a single column.
        for mut column in columns() {
            manager.alter_table(Table::alter().table(Bookings::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("bookings_daily_room_name_key")
                    .table(Bookings::Table)
                    .col(Added::DailyRoomName)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("bookings_daily_room_name_key").table(Bookings::Table).to_owned())
            .await?;
        for column in [
            Added::DailyRoomName,
            Added::DailyRoomUrl,
            Added::RoomAttempts,
            Added::RoomRetryAt,
            Added::RoomError,
            Added::CalendarSequence,
        ] {
            manager.alter_table(Table::alter().table(Bookings::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
