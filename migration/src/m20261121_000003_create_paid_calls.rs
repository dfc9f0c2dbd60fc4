//! Paid calls: creator profiles, call offers, bookings, payments, disputes, processed
//! Stripe events and in-app notifications.
//!
//! Money is stored as integer minor units with its currency, so both engines stay exact.
//! "One active booking per offer" is a partial unique index: the database, not a
//! read-then-write check, decides who wins a race.

use sea_orm_migration::prelude::*;

use crate::m20261121_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Creators::Table)
                    .col(ColumnDef::new(Creators::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Creators::UserId).uuid().not_null())
                    .col(ColumnDef::new(Creators::Bio).text().null())
                    .col(ColumnDef::new(Creators::Expertise).string_len(200).null())
                    .col(ColumnDef::new(Creators::ProfileImage).string_len(2048).null())
                    .col(ColumnDef::new(Creators::SocialLinks).json().null())
                    .col(ColumnDef::new(Creators::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Creators::Timezone).string_len(64).not_null())
                    .col(ColumnDef::new(Creators::StripeAccountId).string_len(255).null())
                    .col(ColumnDef::new(Creators::ChargesEnabled).boolean().not_null().default(false))
                    .col(ColumnDef::new(Creators::PayoutsEnabled).boolean().not_null().default(false))
                    .col(ColumnDef::new(Creators::DetailsSubmitted).boolean().not_null().default(false))
                    .col(ColumnDef::new(Creators::StripeDefaultCurrency).string_len(3).null())
                    .col(ColumnDef::new(Creators::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Creators::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("creators_user_id_fkey")
                            .from(Creators::Table, Creators::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        unique(manager, "creators_user_id_key", Creators::Table, Creators::UserId).await?;

        manager
            .create_table(
                Table::create()
                    .table(CallOffers::Table)
                    .col(ColumnDef::new(CallOffers::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(CallOffers::CreatorId).uuid().not_null())
                    .col(ColumnDef::new(CallOffers::Title).string_len(200).not_null())
                    .col(ColumnDef::new(CallOffers::Description).text().not_null())
                    .col(ColumnDef::new(CallOffers::PriceMinor).big_integer().not_null())
                    .col(ColumnDef::new(CallOffers::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(CallOffers::DateTime).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CallOffers::DurationMinutes).integer().not_null())
                    .col(ColumnDef::new(CallOffers::Status).string_len(16).not_null())
                    .col(ColumnDef::new(CallOffers::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CallOffers::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("call_offers_creator_id_fkey")
                            .from(CallOffers::Table, CallOffers::CreatorId)
                            .to(Creators::Table, Creators::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "call_offers_creator_id_date_time_idx",
            CallOffers::Table,
            &[CallOffers::CreatorId, CallOffers::DateTime],
        )
        .await?;
        index(
            manager,
            "call_offers_status_date_time_idx",
            CallOffers::Table,
            &[CallOffers::Status, CallOffers::DateTime],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bookings::Table)
                    .col(ColumnDef::new(Bookings::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Bookings::CallOfferId).uuid().not_null())
                    .col(ColumnDef::new(Bookings::UserId).uuid().not_null())
                    .col(ColumnDef::new(Bookings::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Bookings::TotalPriceMinor).big_integer().not_null())
                    .col(ColumnDef::new(Bookings::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Bookings::HoldExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Bookings::StripePaymentIntentId).string_len(255).null())
                    .col(ColumnDef::new(Bookings::IsTestBooking).boolean().not_null().default(false))
                    .col(ColumnDef::new(Bookings::ConfirmedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Bookings::CancelledAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Bookings::CancelledBy).string_len(16).null())
                    .col(ColumnDef::new(Bookings::CancelReason).text().null())
                    .col(ColumnDef::new(Bookings::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Bookings::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("bookings_call_offer_id_fkey")
                            .from(Bookings::Table, Bookings::CallOfferId)
                            .to(CallOffers::Table, CallOffers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("bookings_user_id_fkey")
                            .from(Bookings::Table, Bookings::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "bookings_user_id_idx", Bookings::Table, &[Bookings::UserId]).await?;
        index(manager, "bookings_status_idx", Bookings::Table, &[Bookings::Status]).await?;
        index(manager, "bookings_call_offer_id_idx", Bookings::Table, &[Bookings::CallOfferId]).await?;
        // The race guard. Same syntax on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX bookings_one_active_per_offer ON bookings (call_offer_id) \
                 WHERE status IN ('pending', 'confirmed')",
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX bookings_stripe_payment_intent_id_key ON bookings (stripe_payment_intent_id) \
                 WHERE stripe_payment_intent_id IS NOT NULL",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(ColumnDef::new(Payments::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Payments::BookingId).uuid().not_null())
                    .col(ColumnDef::new(Payments::AmountMinor).big_integer().not_null())
                    .col(ColumnDef::new(Payments::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Payments::PlatformFeeMinor).big_integer().not_null())
                    .col(ColumnDef::new(Payments::CreatorAmountMinor).big_integer().not_null())
                    .col(ColumnDef::new(Payments::RefundedAmountMinor).big_integer().not_null().default(0))
                    .col(ColumnDef::new(Payments::StripePaymentIntentId).string_len(255).null())
                    .col(ColumnDef::new(Payments::StripeChargeId).string_len(255).null())
                    .col(ColumnDef::new(Payments::Status).string_len(24).not_null())
                    .col(ColumnDef::new(Payments::PayoutStatus).string_len(16).not_null())
                    .col(ColumnDef::new(Payments::PayoutReleaseDate).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Payments::IsTest).boolean().not_null().default(false))
                    .col(ColumnDef::new(Payments::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Payments::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("payments_booking_id_fkey")
                            .from(Payments::Table, Payments::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        unique(manager, "payments_booking_id_key", Payments::Table, Payments::BookingId).await?;

        manager
            .create_table(
                Table::create()
                    .table(Disputes::Table)
                    .col(ColumnDef::new(Disputes::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Disputes::PaymentId).uuid().null())
                    .col(ColumnDef::new(Disputes::StripeDisputeId).string_len(255).not_null())
                    .col(ColumnDef::new(Disputes::StripeChargeId).string_len(255).null())
                    .col(ColumnDef::new(Disputes::AmountMinor).big_integer().not_null())
                    .col(ColumnDef::new(Disputes::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Disputes::Reason).string_len(64).null())
                    .col(ColumnDef::new(Disputes::Status).string_len(32).not_null())
                    .col(ColumnDef::new(Disputes::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        unique(manager, "disputes_stripe_dispute_id_key", Disputes::Table, Disputes::StripeDisputeId).await?;

        manager
            .create_table(
                Table::create()
                    .table(StripeEvents::Table)
                    .col(ColumnDef::new(StripeEvents::Id).string_len(255).not_null().primary_key())
                    .col(ColumnDef::new(StripeEvents::EventType).string_len(100).not_null())
                    .col(ColumnDef::new(StripeEvents::ReceivedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(ColumnDef::new(Notifications::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Notifications::UserId).uuid().not_null())
                    .col(ColumnDef::new(Notifications::NotificationType).string_len(40).not_null())
                    .col(ColumnDef::new(Notifications::Params).json().not_null())
                    .col(ColumnDef::new(Notifications::Link).string_len(512).null())
                    .col(ColumnDef::new(Notifications::Read).boolean().not_null().default(false))
                    .col(ColumnDef::new(Notifications::ReadAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Notifications::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("notifications_user_id_fkey")
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "notifications_user_id_read_created_at_idx",
            Notifications::Table,
            &[Notifications::UserId, Notifications::Read, Notifications::CreatedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["notifications", "stripe_events", "disputes", "payments", "bookings", "call_offers", "creators"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}

async fn unique<T: IntoIden + Copy + 'static, C: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    column: C,
) -> Result<(), DbErr> {
    manager.create_index(Index::create().name(name).table(table).col(column).unique().to_owned()).await
}

async fn index<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    let mut statement = Index::create().name(name).table(table).to_owned();
    for column in columns {
        statement.col(*column);
    }
    manager.create_index(statement).await
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Creators {
    Table,
    Id,
    UserId,
    Bio,
    Expertise,
    ProfileImage,
    SocialLinks,
    Currency,
    Timezone,
    StripeAccountId,
    ChargesEnabled,
    PayoutsEnabled,
    DetailsSubmitted,
    StripeDefaultCurrency,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum CallOffers {
    Table,
    Id,
    CreatorId,
    Title,
    Description,
    PriceMinor,
    Currency,
    DateTime,
    DurationMinutes,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Bookings {
    Table,
    Id,
    CallOfferId,
    UserId,
    Status,
    TotalPriceMinor,
    Currency,
    HoldExpiresAt,
    StripePaymentIntentId,
    IsTestBooking,
    ConfirmedAt,
    CancelledAt,
    CancelledBy,
    CancelReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Payments {
    Table,
    Id,
    BookingId,
    AmountMinor,
    Currency,
    PlatformFeeMinor,
    CreatorAmountMinor,
    RefundedAmountMinor,
    StripePaymentIntentId,
    StripeChargeId,
    Status,
    PayoutStatus,
    PayoutReleaseDate,
    IsTest,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Disputes {
    Table,
    Id,
    PaymentId,
    StripeDisputeId,
    StripeChargeId,
    AmountMinor,
    Currency,
    Reason,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StripeEvents {
    Table,
    Id,
    EventType,
    ReceivedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    UserId,
    NotificationType,
    Params,
    Link,
    Read,
    ReadAt,
    CreatedAt,
}
