//! The e-mail outbox: every e-mail is first a row (rendered, with its recipient's language
//! and time zone), written in the same transaction as the change it reports, then delivered
//! by the worker through the `Mailer` with an idempotency key. Temporary failures back off
//! exponentially up to a limit, then the e-mail is marked failed and admins are told; a 429
//! waits as long as the rate-limit headers say. Without a mailer e-mails are `captured`:
//! kept and readable by admins, never lost.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use domain::Locale;
use domain::money::Currency;
use domain::notification::NotificationType;
use domain::operations::{EMAIL_MAX_ATTEMPTS, LogLevel, email_retry_delay};
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
use crate::bookings::BookingView;
use crate::email_templates::{CallFacts, EmailContent, Recipient, render};
use crate::system_logs::{self, Actor};

/// Outbox statuses.
pub mod status {
    /// Waiting to be sent (or retried).
    pub const PENDING: &str = "pending";
    /// Accepted by the provider.
    pub const SENT: &str = "sent";
    /// Given up.
    pub const FAILED: &str = "failed";
    /// Kept without sending (no provider configured).
    pub const CAPTURED: &str = "captured";
}

/// How long a claimed e-mail is reserved for the runner sending it.
const CLAIM: Duration = Duration::minutes(2);
/// E-mails delivered per pass.
const BATCH: u64 = 50;

/// The recipient facts of an account.
pub async fn recipient(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Recipient, ServiceError> {
    let row = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound("user"))?;
    Ok(Recipient {
        email: row.email,
        name: row.name,
        locale: row.locale.parse().unwrap_or(Locale::En),
        zone: row.timezone.parse::<Tz>().unwrap_or(Tz::UTC),
    })
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
        locale: Set(to.locale.as_str().to_owned()),
        html: Set(rendered.html),
        text: Set(rendered.text),
        status: Set(status::PENDING.to_owned()),
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
pub fn call_facts(view: &BookingView, for_host: bool) -> CallFacts {
    CallFacts {
        booking_id: view.row.id,
        title: view.offer.title.clone(),
        with: if for_host { view.guest.1.clone() } else { view.creator.1.clone() },
        start: view.offer.date_time,
        minutes: view.offer.duration_minutes,
        price_minor: view.row.total_price_minor,
        currency: view.row.currency.parse().unwrap_or(Currency::Eur),
    }
}

/// Queues the confirmation of a booking to both participants, with the .ics attached.
pub async fn booking_confirmed(
    db: &impl ConnectionTrait,
    view: &BookingView,
    public_url: &str,
) -> Result<(), ServiceError> {
    let ics = crate::calendar::booking_ics(view, public_url, Utc::now());
    for (user_id, for_host) in [(view.guest.0, false), (view.creator_user_id, true)] {
        let to = recipient(db, user_id).await?;
        let content = EmailContent::BookingConfirmation(call_facts(view, for_host));
        enqueue(db, &to, &content, public_url, json!({"bookingId": view.row.id, "ics": ics})).await?;
    }
    Ok(())
}

/// Queues the cancellation notice to `user_id` (the other side, or both).
pub async fn booking_cancelled(
    db: &impl ConnectionTrait,
    view: &BookingView,
    user_id: Uuid,
    refunded_minor: i64,
    public_url: &str,
) -> Result<(), ServiceError> {
    let to = recipient(db, user_id).await?;
    let content = EmailContent::Cancellation(call_facts(view, user_id == view.creator_user_id), refunded_minor);
    enqueue(db, &to, &content, public_url, json!({"bookingId": view.row.id})).await?;
    Ok(())
}

/// Queues the payment-failed notice to the guest.
pub async fn payment_failed(
    db: &impl ConnectionTrait,
    view: &BookingView,
    public_url: &str,
) -> Result<(), ServiceError> {
    let to = recipient(db, view.guest.0).await?;
    let content = EmailContent::PaymentFailed { offer_id: view.offer.id, title: view.offer.title.clone() };
    enqueue(db, &to, &content, public_url, json!({"bookingId": view.row.id})).await?;
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
        .filter(email::Column::Status.eq(status::PENDING));
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

async fn give_up(db: &DatabaseConnection, row: &email::Model, error: &str, attempts: i32) -> Result<(), ServiceError> {
    set(
        db,
        row.id,
        vec![
            (email::Column::Status, Expr::value(status::FAILED)),
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
    let admins = user::Entity::find().filter(user::Column::Role.eq("admin")).all(db).await?;
    for admin in admins {
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
        .await?;
    }
    Ok(())
}

/// Delivers the pending e-mails due at `now`, each claimed first so two runners never send
/// the same one; without a mailer they are captured.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: Option<&dyn Mailer>,
    now: DateTime<Utc>,
) -> Result<Delivered, ServiceError> {
    let due = email::Entity::find()
        .filter(email::Column::Status.eq(status::PENDING))
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
                    (email::Column::Status, Expr::value(status::CAPTURED)),
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
                        (email::Column::Status, Expr::value(status::SENT)),
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
                give_up(db, &row, &error, attempts).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Puts a failed e-mail back in the queue (admins).
pub async fn retry(db: &DatabaseConnection, id: Uuid) -> Result<email::Model, ServiceError> {
    let row = email::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("e-mail"))?;
    if row.status != status::FAILED {
        return Err(ServiceError::refused(
            ErrorCode::EmailNotFailed,
            format!("Only failed e-mails can be retried; this one is {}.", row.status),
        ));
    }
    let now = Utc::now();
    let mut active: email::ActiveModel = row.into();
    active.status = Set(status::PENDING.to_owned());
    active.attempts = Set(0);
    active.next_attempt_at = Set(Some(now));
    active.updated_at = Set(now);
    Ok(active.update(db).await?)
}

/// Filters of [`list`].
#[derive(Debug, Clone, Default)]
pub struct EmailFilter {
    /// Only this status.
    pub status: Option<String>,
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
) -> Result<(Vec<email::Model>, u64), ServiceError> {
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
    Ok((rows, total))
}

/// One e-mail.
pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<email::Model, ServiceError> {
    email::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("e-mail"))
}
