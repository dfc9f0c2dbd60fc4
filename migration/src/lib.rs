//! Schema migrations, applied in order at start-up and by `callstar migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_create_users;
mod m20261121_000002_create_refresh_tokens;
mod m20261121_000003_create_paid_calls;
mod m20261121_000004_create_call_logs;
mod m20261121_000005_add_booking_rooms;
mod m20261121_000006_create_operations;
mod m20261201_000007_create_organizations;
mod m20261201_000008_create_video_calls;
mod m20261201_000009_create_ws_tickets;

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
            Box::new(m20261201_000007_create_organizations::Migration),
            Box::new(m20261201_000008_create_video_calls::Migration),
            Box::new(m20261201_000009_create_ws_tickets::Migration),
        ]
    }
}
