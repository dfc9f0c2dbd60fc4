//! Coach planning (seed 001): appointment types and reasons of a host, weekly availability in
//! the host's zone with date overrides, and what an appointment adds to the one booking model.
//! An appointment is a booking whose source is an appointment type: its call is a private
//! offer (`call_offers.appointment_type_id` set, never listed publicly), so rooms, tokens, the
//! call page, logs, the summary, reminders, e-mails, .ics and payments are the offers' own.
//! A prospect (a guest without an account, given by name and e-mail) is a `users` row marked
//! `is_prospect`, with no usable password, until they set one from their appointment link.
//! A deleted reason is kept (marked) so that appointments which gave it still show it.

use sea_orm_migration::prelude::*;

use crate::m20261121_000001_create_users::Users;
use crate::m20261121_000003_create_paid_calls::{Bookings, CallOffers};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppointmentTypes {
    Table,
    Id,
    HostId,
    Name,
    DurationMinutes,
    Color,
    Description,
    MeetingTypes,
    BufferBeforeMinutes,
    BufferAfterMinutes,
    MinNoticeMinutes,
    PriceMinor,
    Currency,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AppointmentReasons {
    Table,
    Id,
    HostId,
    Label,
    Position,
    CreatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Availability {
    Table,
    HostId,
    Timezone,
    Weekly,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AvailabilityOverrides {
    Table,
    Id,
    HostId,
    Date,
    Unavailable,
    Ranges,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Added {
    IsProspect,
    AppointmentTypeId,
    MeetingType,
    ReasonId,
    Message,
    Phone,
    Address,
}

fn host(table: impl IntoIden, column: impl IntoIden, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppointmentTypes::Table)
                    .col(ColumnDef::new(AppointmentTypes::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(AppointmentTypes::HostId).uuid().not_null())
                    .col(ColumnDef::new(AppointmentTypes::Name).string_len(100).not_null())
                    .col(ColumnDef::new(AppointmentTypes::DurationMinutes).integer().not_null())
                    .col(ColumnDef::new(AppointmentTypes::Color).string_len(7).not_null())
                    .col(ColumnDef::new(AppointmentTypes::Description).text().not_null())
                    .col(ColumnDef::new(AppointmentTypes::MeetingTypes).string_len(64).not_null())
                    .col(ColumnDef::new(AppointmentTypes::BufferBeforeMinutes).integer().not_null().default(0))
                    .col(ColumnDef::new(AppointmentTypes::BufferAfterMinutes).integer().not_null().default(0))
                    .col(ColumnDef::new(AppointmentTypes::MinNoticeMinutes).integer().not_null().default(0))
                    .col(ColumnDef::new(AppointmentTypes::PriceMinor).big_integer().null())
                    .col(ColumnDef::new(AppointmentTypes::Currency).string_len(3).null())
                    .col(ColumnDef::new(AppointmentTypes::Active).boolean().not_null().default(true))
                    .col(ColumnDef::new(AppointmentTypes::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AppointmentTypes::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut host(
                        AppointmentTypes::Table,
                        AppointmentTypes::HostId,
                        "appointment_types_host_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("appointment_types_host_id_idx")
                    .table(AppointmentTypes::Table)
                    .col(AppointmentTypes::HostId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppointmentReasons::Table)
                    .col(ColumnDef::new(AppointmentReasons::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(AppointmentReasons::HostId).uuid().not_null())
                    .col(ColumnDef::new(AppointmentReasons::Label).string_len(200).not_null())
                    .col(ColumnDef::new(AppointmentReasons::Position).integer().not_null())
                    .col(ColumnDef::new(AppointmentReasons::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AppointmentReasons::DeletedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut host(
                        AppointmentReasons::Table,
                        AppointmentReasons::HostId,
                        "appointment_reasons_host_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("appointment_reasons_host_id_idx")
                    .table(AppointmentReasons::Table)
                    .col(AppointmentReasons::HostId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Availability::Table)
                    .col(ColumnDef::new(Availability::HostId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Availability::Timezone).string_len(64).not_null())
                    .col(ColumnDef::new(Availability::Weekly).json().not_null())
                    .col(ColumnDef::new(Availability::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut host(Availability::Table, Availability::HostId, "availability_host_id_fkey"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AvailabilityOverrides::Table)
                    .col(ColumnDef::new(AvailabilityOverrides::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(AvailabilityOverrides::HostId).uuid().not_null())
                    .col(ColumnDef::new(AvailabilityOverrides::Date).date().not_null())
                    .col(ColumnDef::new(AvailabilityOverrides::Unavailable).boolean().not_null())
                    .col(ColumnDef::new(AvailabilityOverrides::Ranges).json().not_null())
                    .col(ColumnDef::new(AvailabilityOverrides::Note).string_len(200).null())
                    .col(ColumnDef::new(AvailabilityOverrides::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut host(
                        AvailabilityOverrides::Table,
                        AvailabilityOverrides::HostId,
                        "availability_overrides_host_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("availability_overrides_host_id_date_key")
                    .table(AvailabilityOverrides::Table)
                    .col(AvailabilityOverrides::HostId)
                    .col(AvailabilityOverrides::Date)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite's ALTER TABLE adds a single column.
        let additions: [(TableRef, ColumnDef); 7] = [
            (
                Users::Table.into_table_ref(),
                ColumnDef::new(Added::IsProspect).boolean().not_null().default(false).to_owned(),
            ),
            (CallOffers::Table.into_table_ref(), ColumnDef::new(Added::AppointmentTypeId).uuid().null().to_owned()),
            (
                Bookings::Table.into_table_ref(),
                ColumnDef::new(Added::MeetingType).string_len(16).not_null().default("video").to_owned(),
            ),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::ReasonId).uuid().null().to_owned()),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::Message).text().null().to_owned()),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::Phone).string_len(40).null().to_owned()),
            (Bookings::Table.into_table_ref(), ColumnDef::new(Added::Address).string_len(300).null().to_owned()),
        ];
        for (table, mut column) in additions {
            manager.alter_table(Table::alter().table(table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("call_offers_appointment_type_id_idx")
                    .table(CallOffers::Table)
                    .col(Added::AppointmentTypeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("call_offers_appointment_type_id_idx").table(CallOffers::Table).to_owned())
            .await?;
        let removals: [(TableRef, Added); 7] = [
            (Users::Table.into_table_ref(), Added::IsProspect),
            (CallOffers::Table.into_table_ref(), Added::AppointmentTypeId),
            (Bookings::Table.into_table_ref(), Added::MeetingType),
            (Bookings::Table.into_table_ref(), Added::ReasonId),
            (Bookings::Table.into_table_ref(), Added::Message),
            (Bookings::Table.into_table_ref(), Added::Phone),
            (Bookings::Table.into_table_ref(), Added::Address),
        ];
        for (table, column) in removals {
            manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await?;
        }
        for table in [
            AvailabilityOverrides::Table.into_table_ref(),
            Availability::Table.into_table_ref(),
            AppointmentReasons::Table.into_table_ref(),
            AppointmentTypes::Table.into_table_ref(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
