//! The e-mail outbox: every e-mail is first a row (rendered, with its recipient's language
//! and time zone), written in the same transaction as the change it reports, then delivered
//! by the worker through the `Mailer` with an idempotency key. Temporary failures back off
//! exponentially up to a limit, then the e-mail is marked failed and admins are told; a 429
//! waits as long as the rate-limit headers say. Without a mailer e-mails are `captured`:
//! kept and readable by admins, never lost.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::Locale;
use domain::money::Money;
use domain::notification::NotificationType;
use domain::operations::{EMAIL_MAX_ATTEMPTS, EmailStatus, LogLevel, email_retry_delay};
use entity::{email, user};
use providers::email::{Attachment, MailError, Mailer, OutgoingEmail};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::ServiceError;
use crate::bookings::Booking;
use crate::context::Settings;
use crate::email_templates::{CallFacts, EmailContent, Recipient, render};
use crate::events::{Events, Outgoing};
use crate::system_logs::{self, Actor};

/// An e-mail of the outbox, for admins.
#[derive(Debug, Clone, PartialEq)]
pub struct Email {
    /// Identifier.
    pub id: Uuid,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Which kind of e-mail.
    pub template: String,
    /// Language it was rendered in.
    pub locale: Locale,
    /// Where it stands.
    pub status: EmailStatus,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// When it is tried next.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Resend's id once sent.
    pub provider_id: Option<String>,
    /// The last failure.
    pub error: Option<String>,
    /// Queued.
    pub created_at: DateTime<Utc>,
    /// Accepted by Resend.
    pub sent_at: Option<DateTime<Utc>>,
    /// The rendered HTML.
    pub html: String,
    /// The rendered text.
    pub text: String,
    /// What it is about (booking id, …), without the attached calendar file.
    pub metadata: Value,
    /// Whether a calendar file goes along.
    pub has_calendar: bool,
}

impl From<email::Model> for Email {
    fn from(row: email::Model) -> Self {
        let mut metadata = row.metadata;
        let has_calendar = metadata.as_object_mut().and_then(|m| m.remove("ics")).is_some();
        Self {
            id: row.id,
            to: row.to_address,
            subject: row.subject,
            template: row.template,
            locale: row.locale,
            status: row.status,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            provider_id: row.provider_id,
            error: row.error,
            created_at: row.created_at,
            sent_at: row.sent_at,
            html: row.html,
            text: row.text,
            metadata,
            has_calendar,
        }
    }
}

/// How long a claimed e-mail is reserved for the runner sending it.
const CLAIM: Duration = Duration::minutes(2);
/// E-mails delivered per pass.
const BATCH: u64 = 50;

/// The recipient facts of an account.
pub async fn recipient(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Recipient, ServiceError> {
    let row = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound("user"))?;
    Ok(Recipient { email: row.email, name: row.name, locale: row.locale, zone: row.timezone.tz() })
}

/// Queues one e-mail; `metadata` may carry `ics` (attached as a calendar file).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    to: &Recipient,
    content: &EmailContent,
    public_url: &str,
    metadata: Value,
) -> Result<Uuid, ServiceError> {
    let rendered = render(content, to, public_url)?;
    let now = Utc::now();
    let id = Uuid::new_v4();
    email::ActiveModel {
        id: Set(id),
        to_address: Set(to.email.clone()),
        subject: Set(rendered.subject),
        template: Set(rendered.template.to_owned()),
        locale: Set(to.locale),
        html: Set(rendered.html),
        text: Set(rendered.text),
        status: Set(EmailStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        provider_id: Set(None),
        error: Set(None),
        metadata: Set(metadata),
        created_at: Set(now),
        sent_at: Set(None),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The facts of a booking's call, seen by one participant (`with` is the other one).
pub fn call_facts(booking: &Booking, for_host: bool) -> CallFacts {
    CallFacts {
        booking_id: booking.id,
        title: booking.offer.title.clone(),
        with: if for_host { booking.guest.name.clone() } else { booking.host.name.clone() },
        start: booking.starts_at,
        minutes: booking.offer.duration.as_minutes(),
        price: booking.price,
    }
}

/// Queues the confirmation of a booking to both participants, with the .ics attached.
pub async fn booking_confirmed(
    db: &impl ConnectionTrait,
    booking: &Booking,
    settings: &Settings,
) -> Result<(), ServiceError> {
    let ics = crate::calendar::booking_ics(booking, settings, Utc::now());
    for (user_id, for_host) in [(booking.guest.user_id, false), (booking.host.user_id, true)] {
        let to = recipient(db, user_id).await?;
        let content = EmailContent::BookingConfirmation(call_facts(booking, for_host));
        enqueue(db, &to, &content, &settings.public_url, json!({"bookingId": booking.id, "ics": ics})).await?;
    }
    Ok(())
}

/// Queues the cancellation notice to `user_id` (the other side, or both).
pub async fn booking_cancelled(
    db: &impl ConnectionTrait,
    booking: &Booking,
    user_id: Uuid,
    refunded: Money,
    settings: &Settings,
) -> Result<(), ServiceError> {
    let to = recipient(db, user_id).await?;
    let content = EmailContent::Cancellation(call_facts(booking, user_id == booking.host.user_id), refunded);
    enqueue(db, &to, &content, &settings.public_url, json!({"bookingId": booking.id})).await?;
    Ok(())
}

/// Queues the payment-failed notice to the guest.
pub async fn payment_failed(
    db: &impl ConnectionTrait,
    booking: &Booking,
    settings: &Settings,
) -> Result<(), ServiceError> {
    let to = recipient(db, booking.guest.user_id).await?;
    let content = EmailContent::PaymentFailed { offer_id: booking.offer.id, title: booking.offer.title.clone() };
    enqueue(db, &to, &content, &settings.public_url, json!({"bookingId": booking.id})).await?;
    Ok(())
}

/// What a delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Delivered {
    /// Accepted by the provider.
    pub sent: u64,
    /// Kept (no provider).
    pub captured: u64,
    /// Will be retried.
    pub retrying: u64,
    /// Given up.
    pub failed: u64,
}

async fn claim(db: &DatabaseConnection, row: &email::Model, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    let mut update = email::Entity::update_many()
        .col_expr(email::Column::NextAttemptAt, Expr::value(now + CLAIM))
        .filter(email::Column::Id.eq(row.id))
        .filter(email::Column::Status.eq(EmailStatus::Pending));
    update = match row.next_attempt_at {
        Some(at) => update.filter(email::Column::NextAttemptAt.eq(at)),
        None => update.filter(email::Column::NextAttemptAt.is_null()),
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}

fn outgoing(row: &email::Model) -> OutgoingEmail {
    let attachments = row
        .metadata
        .get("ics")
        .and_then(Value::as_str)
        .map(|ics| Attachment {
            filename: "callstar-call.ics".to_owned(),
            content_type: "text/calendar".to_owned(),
            content: ics.as_bytes().to_vec(),
        })
        .into_iter()
        .collect();
    OutgoingEmail {
        to: row.to_address.clone(),
        subject: row.subject.clone(),
        html: row.html.clone(),
        text: row.text.clone(),
        idempotency_key: format!("callstar-email-{}", row.id),
        attachments,
    }
}

async fn set(db: &DatabaseConnection, id: Uuid, changes: Vec<(email::Column, Expr)>) -> Result<(), ServiceError> {
    let mut update = email::Entity::update_many().col_expr(email::Column::UpdatedAt, Expr::value(Utc::now()));
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    update.filter(email::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

async fn give_up(
    db: &DatabaseConnection,
    events: &Events,
    row: &email::Model,
    error: &str,
    attempts: i32,
) -> Result<(), ServiceError> {
    set(
        db,
        row.id,
        vec![
            (email::Column::Status, Expr::value(EmailStatus::Failed)),
            (email::Column::Attempts, Expr::value(attempts)),
            (email::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
            (email::Column::Error, Expr::value(error.to_owned())),
        ],
    )
    .await?;
    system_logs::note(
        db,
        LogLevel::Error,
        "EMAIL_FAILED",
        Actor::System,
        format!("E-mail {} to {} failed after {attempts} attempts: {error}", row.template, row.to_address),
        json!({"emailId": row.id, "template": row.template}),
    )
    .await;
    let admins = user::Entity::find().filter(user::Column::Role.eq(domain::Role::Admin)).all(db).await?;
    let mut outgoing = Outgoing::new();
    for admin in admins {
        outgoing.add(
            crate::notifications::notify(
                db,
                admin.id,
                NotificationType::System,
                crate::notifications::params([(
                    "message",
                    format!("An e-mail could not be sent: {} to {} ({error}).", row.template, row.to_address),
                )]),
                Some(format!("/admin/emails?status=failed&id={}", row.id)),
            )
            .await?,
        );
    }
    events.publish(outgoing).await;
    Ok(())
}

/// Delivers the pending e-mails due at `now`, each claimed first so two runners never send
/// the same one; without a mailer they are captured. Admins are told (through `events` too)
/// of e-mails given up on.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: Option<&dyn Mailer>,
    events: &Events,
    now: DateTime<Utc>,
) -> Result<Delivered, ServiceError> {
    let due = email::Entity::find()
        .filter(email::Column::Status.eq(EmailStatus::Pending))
        .filter(Condition::any().add(email::Column::NextAttemptAt.is_null()).add(email::Column::NextAttemptAt.lte(now)))
        .order_by_asc(email::Column::CreatedAt)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut done = Delivered::default();
    for row in due {
        if !claim(db, &row, now).await? {
            continue;
        }
        let Some(mailer) = mailer else {
            set(
                db,
                row.id,
                vec![
                    (email::Column::Status, Expr::value(EmailStatus::Captured)),
                    (email::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
                ],
            )
            .await?;
            done.captured += 1;
            continue;
        };
        let attempts = row.attempts + 1;
        match mailer.send(&outgoing(&row)).await {
            Ok(provider_id) => {
                set(
                    db,
                    row.id,
                    vec![
                        (email::Column::Status, Expr::value(EmailStatus::Sent)),
                        (email::Column::Attempts, Expr::value(attempts)),
                        (email::Column::ProviderId, Expr::value(provider_id)),
                        (email::Column::SentAt, Expr::value(Utc::now())),
                        (email::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
                        (email::Column::Error, Expr::value(Option::<String>::None)),
                    ],
                )
                .await?;
                done.sent += 1;
            }
            Err(MailError::RateLimited(wait)) => {
                // Not the e-mail's fault: no attempt is counted, and the rest of the batch waits too.
                let wait = Duration::from_std(wait).unwrap_or(Duration::seconds(1));
                set(db, row.id, vec![(email::Column::NextAttemptAt, Expr::value(now + wait))]).await?;
                done.retrying += 1;
                break;
            }
            Err(MailError::Temporary(error)) if attempts < EMAIL_MAX_ATTEMPTS => {
                set(
                    db,
                    row.id,
                    vec![
                        (email::Column::Attempts, Expr::value(attempts)),
                        (email::Column::NextAttemptAt, Expr::value(now + email_retry_delay(attempts))),
                        (email::Column::Error, Expr::value(error)),
                    ],
                )
                .await?;
                done.retrying += 1;
            }
            Err(MailError::Temporary(error) | MailError::Permanent(error)) => {
                give_up(db, events, &row, &error, attempts).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Puts a failed e-mail back in the queue (admins).
pub async fn retry(ctx: &crate::Context, id: Uuid) -> Result<Email, ServiceError> {
    let db = &ctx.db;
    let row = email::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("e-mail"))?;
    if row.status != EmailStatus::Failed {
        return Err(ServiceError::refused(
            ErrorCode::EmailNotFailed,
            format!("Only failed e-mails can be retried; this one is {}.", row.status),
        ));
    }
    let now = Utc::now();
    let mut active: email::ActiveModel = row.into();
    active.status = Set(EmailStatus::Pending);
    active.attempts = Set(0);
    active.next_attempt_at = Set(Some(now));
    active.updated_at = Set(now);
    let row = active.update(db).await?;
    ctx.waker.wake();
    Ok(row.into())
}

/// Filters of [`list`].
#[derive(Debug, Clone, Default)]
pub struct EmailFilter {
    /// Only this status.
    pub status: Option<EmailStatus>,
    /// Recipient contains this.
    pub to: Option<String>,
    /// Only this template.
    pub template: Option<String>,
}

/// E-mails, newest first.
pub async fn list(
    db: &DatabaseConnection,
    filter: EmailFilter,
    page: domain::PageRequest,
) -> Result<(Vec<Email>, u64), ServiceError> {
    let mut query = email::Entity::find();
    if let Some(s) = filter.status {
        query = query.filter(email::Column::Status.eq(s));
    }
    if let Some(to) = filter.to.filter(|t| !t.trim().is_empty()) {
        query = query.filter(email::Column::ToAddress.like(crate::db::contains_pattern(&to.trim().to_lowercase())));
    }
    if let Some(t) = filter.template {
        query = query.filter(email::Column::Template.eq(t));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(email::Column::CreatedAt)
        .order_by_desc(email::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((rows.into_iter().map(Email::from).collect(), total))
}

/// One e-mail.
pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Email, ServiceError> {
    email::Entity::find_by_id(id).one(db).await?.map(Email::from).ok_or(ServiceError::NotFound("e-mail"))
}
