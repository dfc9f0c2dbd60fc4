//! Schema migrations, applied in order at start-up and by `callstar migrate`.

pub use sea_orm_migration::prelude::*;

pub use m20261129_000007_booking_time_ranges::HOST_NO_OVERLAP;

mod m20261121_000001_create_users;
mod m20261121_000002_create_refresh_tokens;
mod m20261121_000003_create_paid_calls;
mod m20261121_000004_create_call_logs;
mod m20261121_000005_add_booking_rooms;
mod m20261121_000006_create_operations;
mod m20261129_000007_booking_time_ranges;
mod m20261129_000008_email_batches;
mod m20261129_000009_planning;
mod m20261129_000010_money;
mod m20261129_000011_create_organizations;
mod m20261129_000012_create_video_calls;
mod m20261129_000013_create_ws_tickets;
mod m20261129_000014_fans;
mod m20261205_000020_search_keys;

/// The ordered list of Callstar migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_create_users::Migration),
            Box::new(m20261121_000002_create_refresh_tokens::Migration),
            Box::new(m20261121_000003_create_paid_calls::Migration),
            Box::new(m20261121_000004_create_call_logs::Migration),
            Box::new(m20261121_000005_add_booking_rooms::Migration),
            Box::new(m20261121_000006_create_operations::Migration),
            Box::new(m20261129_000007_booking_time_ranges::Migration),
            Box::new(m20261129_000008_email_batches::Migration),
            Box::new(m20261129_000009_planning::Migration),
            Box::new(m20261129_000010_money::Migration),
            Box::new(m20261129_000011_create_organizations::Migration),
            Box::new(m20261129_000012_create_video_calls::Migration),
            Box::new(m20261129_000013_create_ws_tickets::Migration),
            Box::new(m20261129_000014_fans::Migration),
            Box::new(m20261205_000020_search_keys::Migration),
        ]
    }
}
