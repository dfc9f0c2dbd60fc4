//! Each booking carries its host and its call's time range (copied from the offer when it
//! is booked, frozen like its price), so the database itself can refuse two active bookings
//! of one host that overlap: on PostgreSQL an exclusion constraint over
//! `tstzrange(starts_at, ends_at)` (btree_gist), with no lock and no read-then-write check;
//! on SQLite the booking's write transaction already serializes bookings.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::m20261121_000003_create_paid_calls::Bookings;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Added {
    HostId,
    StartsAt,
    EndsAt,
}

/// The constraint's name: a violation of it means "the host is busy then".
pub const HOST_NO_OVERLAP: &str = "bookings_host_no_overlap";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ColumnDef::new(Added::HostId).uuid().null().to_owned(),
            ColumnDef::new(Added::StartsAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Added::EndsAt).timestamp_with_time_zone().null().to_owned(),
        ];
        // One column per statement: SQLite's ALTER TABLE adds a single column.
        for mut column in columns {
            manager.alter_table(Table::alter().table(Bookings::Table).add_column(&mut column).to_owned()).await?;
        }
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "UPDATE bookings b SET host_id = c.user_id, starts_at = o.date_time, \
                     ends_at = o.date_time + make_interval(mins => o.duration_minutes) \
                     FROM call_offers o JOIN creators c ON c.id = o.creator_id WHERE o.id = b.call_offer_id",
                )
                .await?;
                db.execute_unprepared(
                    "ALTER TABLE bookings ALTER COLUMN host_id SET NOT NULL, \
                     ALTER COLUMN starts_at SET NOT NULL, ALTER COLUMN ends_at SET NOT NULL",
                )
                .await?;
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS btree_gist").await?;
                db.execute_unprepared(&format!(
                    "ALTER TABLE bookings ADD CONSTRAINT {HOST_NO_OVERLAP} EXCLUDE USING gist \
                     (host_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) \
                     WHERE (status IN ('pending', 'confirmed'))"
                ))
                .await?;
            }
            _ => {
                // Times are stored as RFC 3339 text on SQLite: the end keeps the start's
                // fraction and offset, with the minutes added by SQLite's date functions.
                db.execute_unprepared(
                    "UPDATE bookings SET \
                     host_id = (SELECT c.user_id FROM call_offers o JOIN creators c ON c.id = o.creator_id \
                                WHERE o.id = bookings.call_offer_id), \
                     starts_at = (SELECT o.date_time FROM call_offers o WHERE o.id = bookings.call_offer_id), \
                     ends_at = (SELECT strftime('%Y-%m-%dT%H:%M:%S', o.date_time, '+' || o.duration_minutes || ' minutes') \
                                || substr(o.date_time, 20) FROM call_offers o WHERE o.id = bookings.call_offer_id)",
                )
                .await?;
            }
        }
        manager
            .create_index(
                Index::create()
                    .name("bookings_host_id_starts_at_idx")
                    .table(Bookings::Table)
                    .col(Added::HostId)
                    .col(Added::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(&format!("ALTER TABLE bookings DROP CONSTRAINT IF EXISTS {HOST_NO_OVERLAP}"))
                .await?;
        }
        manager
            .drop_index(Index::drop().name("bookings_host_id_starts_at_idx").table(Bookings::Table).to_owned())
            .await?;
        for column in [Added::HostId, Added::StartsAt, Added::EndsAt] {
            manager.alter_table(Table::alter().table(Bookings::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
