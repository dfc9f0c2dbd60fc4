//! `emails`: the outbox. Every e-mail is a row first, then sent (or captured).

use domain::Locale;
use domain::operations::EmailStatus;
use sea_orm::entity::prelude::*;

/// A row of `emails`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "emails")]
pub struct Model {
    /// Identifier (also the provider idempotency key's suffix).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Recipient.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// booking_confirmation, reminder, cancellation, payment_failed, daily_summary, email_failed.
    pub template: String,
    /// Language it was rendered in.
    pub locale: Locale,
    /// Rendered HTML.
    pub html: String,
    /// Rendered plain text.
    pub text: String,
    /// Where it stands.
    pub status: EmailStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// When to try (again).
    pub next_attempt_at: Option<DateTimeUtc>,
    /// Resend's id once sent.
    pub provider_id: Option<String>,
    /// The last failure.
    pub error: Option<String>,
    /// The batch it is sent in (Resend's batch endpoint), kept until it is sent.
    pub batch_key: Option<String>,
    /// bookingId, attachments…
    pub metadata: Json,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Sent.
    pub sent_at: Option<DateTimeUtc>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `emails`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
