//! Money that never gets lost or moved twice: the per-creator ledger (append-only; a unique
//! `dedup_key` makes each fact — an earning, a payout's outcome, a refund — recorded once),
//! payouts with their audit trail, the refund queue, each creator's payout settings and
//! block, and the last known status of each booking's PaymentIntent (for reconciliation).
//!
//! The ledger starts empty: shares paid before this migration reached creators through
//! Stripe's automatic payouts, so recording them now would pay them twice. The payment
//! rows' `payout_status` label goes: the ledger is the single source of truth.

use sea_orm_migration::prelude::*;

use crate::m20261121_000003_create_paid_calls::{Bookings, Creators};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum LedgerEntries {
    Table,
    Id,
    CreatorId,
    Kind,
    AmountMinor,
    Currency,
    ReleaseAt,
    BookingId,
    PayoutId,
    Reason,
    ActorId,
    DedupKey,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Payouts {
    Table,
    Id,
    CreatorId,
    AmountMinor,
    Currency,
    Status,
    Origin,
    IsTest,
    StripeAccountId,
    StripePayoutId,
    RequestedAt,
    RequestedBy,
    ApprovedAt,
    ApprovedBy,
    SentAt,
    PaidAt,
    FailedAt,
    RejectedAt,
    FailureReason,
    RejectionReason,
    SkipReason,
    Attempts,
    FirstAttemptAt,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PayoutAudit {
    Table,
    Id,
    PayoutId,
    Actor,
    ActorId,
    FromStatus,
    ToStatus,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Refunds {
    Table,
    Id,
    PaymentId,
    BookingId,
    AmountMinor,
    Currency,
    CreatorShareMinor,
    Reason,
    Status,
    IsTest,
    Attempts,
    NextAttemptAt,
    StripeRefundId,
    Error,
    CreatedAt,
    SentAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Payments {
    Table,
    Id,
    PayoutStatus,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CreatorPayouts {
    PayoutSchedule,
    PayoutMinimumMinor,
    PayoutWeekday,
    NextPayoutAt,
    PayoutBlock,
    PayoutBlockReason,
    PayoutSkipReason,
}

#[derive(DeriveIden, Clone, Copy)]
enum BookingIntents {
    IntentStatus,
    IntentCheckedAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Payouts::Table)
                    .col(ColumnDef::new(Payouts::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Payouts::CreatorId).uuid().not_null())
                    .col(ColumnDef::new(Payouts::AmountMinor).big_integer().not_null())
                    .col(ColumnDef::new(Payouts::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Payouts::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Payouts::Origin).string_len(16).not_null())
                    .col(ColumnDef::new(Payouts::IsTest).boolean().not_null().default(false))
                    .col(ColumnDef::new(Payouts::StripeAccountId).string_len(255).null())
                    .col(ColumnDef::new(Payouts::StripePayoutId).string_len(255).null())
                    .col(ColumnDef::new(Payouts::RequestedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Payouts::RequestedBy).uuid().null())
                    .col(ColumnDef::new(Payouts::ApprovedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::ApprovedBy).uuid().null())
                    .col(ColumnDef::new(Payouts::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::PaidAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::FailedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::RejectedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::FailureReason).text().null())
                    .col(ColumnDef::new(Payouts::RejectionReason).text().null())
                    .col(ColumnDef::new(Payouts::SkipReason).string_len(24).null())
                    .col(ColumnDef::new(Payouts::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(Payouts::FirstAttemptAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::NextAttemptAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::ClaimedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Payouts::LastError).text().null())
                    .col(ColumnDef::new(Payouts::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("payouts_creator_id_fkey")
                            .from(Payouts::Table, Payouts::CreatorId)
                            .to(Creators::Table, Creators::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("payouts_stripe_payout_id_key")
                    .table(Payouts::Table)
                    .col(Payouts::StripePayoutId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "payouts_status_next_attempt_at_idx",
            Payouts::Table,
            &[Payouts::Status, Payouts::NextAttemptAt],
        )
        .await?;
        index(
            manager,
            "payouts_creator_id_requested_at_idx",
            Payouts::Table,
            &[Payouts::CreatorId, Payouts::RequestedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LedgerEntries::Table)
                    .col(ColumnDef::new(LedgerEntries::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(LedgerEntries::CreatorId).uuid().not_null())
                    .col(ColumnDef::new(LedgerEntries::Kind).string_len(24).not_null())
                    .col(ColumnDef::new(LedgerEntries::AmountMinor).big_integer().not_null())
                    .col(ColumnDef::new(LedgerEntries::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(LedgerEntries::ReleaseAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(LedgerEntries::BookingId).uuid().null())
                    .col(ColumnDef::new(LedgerEntries::PayoutId).uuid().null())
                    .col(ColumnDef::new(LedgerEntries::Reason).text().null())
                    .col(ColumnDef::new(LedgerEntries::ActorId).uuid().null())
                    .col(ColumnDef::new(LedgerEntries::DedupKey).string_len(160).null())
                    .col(ColumnDef::new(LedgerEntries::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("ledger_entries_creator_id_fkey")
                            .from(LedgerEntries::Table, LedgerEntries::CreatorId)
                            .to(Creators::Table, Creators::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The same fact (this booking's earning, this payout's failure…) is recorded once,
        // whoever records it and however often a webhook is delivered.
        manager
            .create_index(
                Index::create()
                    .name("ledger_entries_dedup_key_key")
                    .table(LedgerEntries::Table)
                    .col(LedgerEntries::DedupKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ledger_entries_creator_id_created_at_idx",
            LedgerEntries::Table,
            &[LedgerEntries::CreatorId, LedgerEntries::CreatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PayoutAudit::Table)
                    .col(ColumnDef::new(PayoutAudit::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(PayoutAudit::PayoutId).uuid().not_null())
                    .col(ColumnDef::new(PayoutAudit::Actor).string_len(16).not_null())
                    .col(ColumnDef::new(PayoutAudit::ActorId).uuid().null())
                    .col(ColumnDef::new(PayoutAudit::FromStatus).string_len(16).null())
                    .col(ColumnDef::new(PayoutAudit::ToStatus).string_len(16).not_null())
                    .col(ColumnDef::new(PayoutAudit::Reason).text().null())
                    .col(ColumnDef::new(PayoutAudit::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("payout_audit_payout_id_fkey")
                            .from(PayoutAudit::Table, PayoutAudit::PayoutId)
                            .to(Payouts::Table, Payouts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "payout_audit_payout_id_created_at_idx",
            PayoutAudit::Table,
            &[PayoutAudit::PayoutId, PayoutAudit::CreatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Refunds::Table)
                    .col(ColumnDef::new(Refunds::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Refunds::PaymentId).uuid().not_null())
                    .col(ColumnDef::new(Refunds::BookingId).uuid().not_null())
                    .col(ColumnDef::new(Refunds::AmountMinor).big_integer().not_null())
                    .col(ColumnDef::new(Refunds::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Refunds::CreatorShareMinor).big_integer().not_null())
                    .col(ColumnDef::new(Refunds::Reason).string_len(32).not_null())
                    .col(ColumnDef::new(Refunds::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Refunds::IsTest).boolean().not_null().default(false))
                    .col(ColumnDef::new(Refunds::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(Refunds::NextAttemptAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Refunds::StripeRefundId).string_len(255).null())
                    .col(ColumnDef::new(Refunds::Error).text().null())
                    .col(ColumnDef::new(Refunds::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Refunds::SentAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Refunds::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("refunds_payment_id_fkey")
                            .from(Refunds::Table, Refunds::PaymentId)
                            .to(Payments::Table, Payments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "refunds_status_next_attempt_at_idx",
            Refunds::Table,
            &[Refunds::Status, Refunds::NextAttemptAt],
        )
        .await?;
        index(manager, "refunds_booking_id_idx", Refunds::Table, &[Refunds::BookingId]).await?;

        // One column per statement: SQLite's ALTER TABLE adds a single column.
        let creator_columns = [
            ColumnDef::new(CreatorPayouts::PayoutSchedule).string_len(16).not_null().default("WEEKLY").to_owned(),
            ColumnDef::new(CreatorPayouts::PayoutMinimumMinor).big_integer().not_null().default(1000).to_owned(),
            ColumnDef::new(CreatorPayouts::PayoutWeekday).string_len(12).not_null().default("MONDAY").to_owned(),
            ColumnDef::new(CreatorPayouts::NextPayoutAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(CreatorPayouts::PayoutBlock).string_len(8).null().to_owned(),
            ColumnDef::new(CreatorPayouts::PayoutBlockReason).text().null().to_owned(),
            ColumnDef::new(CreatorPayouts::PayoutSkipReason).string_len(24).null().to_owned(),
        ];
        for mut column in creator_columns {
            manager.alter_table(Table::alter().table(Creators::Table).add_column(&mut column).to_owned()).await?;
        }
        let booking_columns = [
            ColumnDef::new(BookingIntents::IntentStatus).string_len(32).null().to_owned(),
            ColumnDef::new(BookingIntents::IntentCheckedAt).timestamp_with_time_zone().null().to_owned(),
        ];
        for mut column in booking_columns {
            manager.alter_table(Table::alter().table(Bookings::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Payments::Table).drop_column(Payments::PayoutStatus).to_owned())
            .await?;
        index(manager, "payments_created_at_idx", Payments::Table, &[Payments::CreatedAt, Payments::Id]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("payments_created_at_idx").table(Payments::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .add_column(ColumnDef::new(Payments::PayoutStatus).string_len(16).not_null().default("held"))
                    .to_owned(),
            )
            .await?;
        for column in [BookingIntents::IntentStatus, BookingIntents::IntentCheckedAt] {
            manager.alter_table(Table::alter().table(Bookings::Table).drop_column(column).to_owned()).await?;
        }
        for column in [
            CreatorPayouts::PayoutSchedule,
            CreatorPayouts::PayoutMinimumMinor,
            CreatorPayouts::PayoutWeekday,
            CreatorPayouts::NextPayoutAt,
            CreatorPayouts::PayoutBlock,
            CreatorPayouts::PayoutBlockReason,
            CreatorPayouts::PayoutSkipReason,
        ] {
            manager.alter_table(Table::alter().table(Creators::Table).drop_column(column).to_owned()).await?;
        }
        for table in ["refunds", "payout_audit", "ledger_entries", "payouts"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
