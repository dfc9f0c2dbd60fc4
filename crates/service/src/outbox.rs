//! The e-mail outbox: every e-mail is first a row (rendered, with its recipient's language
//! and time zone), written in the same transaction as the change it reports, then delivered
//! by the worker through the `Mailer` with an idempotency key. Temporary failures back off
//! exponentially up to a limit, then the e-mail is marked failed and admins are told; a 429
//! waits as long as the rate-limit headers say. Without a mailer e-mails are `captured`:
//! kept and readable by admins, never lost.

use api_types::{ErrorCode, Route};
use chrono::{DateTime, Duration, Utc};
use domain::Locale;
use domain::money::Money;
use domain::notification::NotificationType;
use domain::operations::{EMAIL_MAX_ATTEMPTS, EmailStatus, LogLevel, email_retry_delay};
use domain::planning::MeetingType;
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
/// Due e-mails read at a time; a run keeps reading while e-mails are due.
const PAGE: u64 = 500;
/// E-mails with an attachment (not allowed in a batch) sent at once, one request each.
const PARALLEL_SENDS: usize = 8;
/// A rate limit shorter than this is waited out within the run; a longer one ends the run.
const LONGEST_WAIT: Duration = Duration::seconds(10);

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
        batch_key: Set(None),
        metadata: Set(metadata),
        created_at: Set(now),
        sent_at: Set(None),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Where a participant joins a booking's call: the call page, or for a prospect (a guest
/// without an account) a signed link to it that works until the room closes.
pub fn join_url(booking: &Booking, for_host: bool, settings: &Settings) -> Result<String, ServiceError> {
    if for_host || !booking.guest.prospect {
        return Ok(settings.link(&Route::Call(booking.id)));
    }
    let key = settings.keys.guest_key(booking.guest.user_id, booking.id, booking.times().closes_at())?;
    Ok(settings.link(&Route::GuestCall { booking: booking.id, key }))
}

/// The facts of a booking's call, seen by one participant (`with` is the other one).
pub fn call_facts(booking: &Booking, for_host: bool, settings: &Settings) -> Result<CallFacts, ServiceError> {
    Ok(CallFacts {
        join_url: join_url(booking, for_host, settings)?,
        booking_id: booking.id,
        title: booking.offer.title.clone(),
        with: if for_host { booking.guest.name.clone() } else { booking.host.name.clone() },
        start: booking.starts_at,
        minutes: booking.offer.duration.as_minutes(),
        price: booking.price,
        meeting: booking.meeting_type,
        place: match booking.meeting_type {
            MeetingType::Video => None,
            MeetingType::Phone => booking.phone.clone(),
            MeetingType::InPerson => booking.address.clone(),
        },
    })
}

/// Queues the confirmation of a booking to both participants, with the .ics attached.
pub async fn booking_confirmed(
    db: &impl ConnectionTrait,
    booking: &Booking,
    settings: &Settings,
) -> Result<(), ServiceError> {
    for (user_id, for_host) in [(booking.guest.user_id, false), (booking.host.user_id, true)] {
        let to = recipient(db, user_id).await?;
        let ics = crate::calendar::booking_ics(booking, &join_url(booking, for_host, settings)?, Utc::now());
        let content = EmailContent::BookingConfirmation(call_facts(booking, for_host, settings)?);
        enqueue(db, &to, &content, &settings.public_url, json!({"bookingId": booking.id, "ics": ics})).await?;
    }
    Ok(())
}

/// Queues the new time of a confirmed booking to both participants, with the .ics (its
/// SEQUENCE risen, so calendars update the event in place).
pub async fn booking_rescheduled(
    db: &impl ConnectionTrait,
    booking: &Booking,
    settings: &Settings,
) -> Result<(), ServiceError> {
    for (user_id, for_host) in [(booking.guest.user_id, false), (booking.host.user_id, true)] {
        let to = recipient(db, user_id).await?;
        let ics = crate::calendar::booking_ics(booking, &join_url(booking, for_host, settings)?, Utc::now());
        let content = EmailContent::Rescheduled(call_facts(booking, for_host, settings)?);
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
    let content = EmailContent::Cancellation(call_facts(booking, user_id == booking.host.user_id, settings)?, refunded);
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

fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(email::Column::Status.eq(EmailStatus::Pending))
        .add(Condition::any().add(email::Column::NextAttemptAt.is_null()).add(email::Column::NextAttemptAt.lte(now)))
}

/// Claims a batch: its due e-mails get the batch's key (new e-mails) or keep it (a batch
/// sent again), and are reserved for this runner. Returns what this runner claimed.
async fn claim_batch(
    db: &DatabaseConnection,
    ids: &[Uuid],
    key: &str,
    now: DateTime<Utc>,
) -> Result<Vec<email::Model>, ServiceError> {
    let claimed = email::Entity::update_many()
        .col_expr(email::Column::NextAttemptAt, Expr::value(now + CLAIM))
        .col_expr(email::Column::BatchKey, Expr::value(key.to_owned()))
        .filter(email::Column::Id.is_in(ids.iter().copied()))
        .filter(Condition::any().add(email::Column::BatchKey.is_null()).add(email::Column::BatchKey.eq(key)))
        .filter(due(now))
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(Vec::new());
    }
    Ok(email::Entity::find()
        .filter(email::Column::BatchKey.eq(key))
        .filter(email::Column::Status.eq(EmailStatus::Pending))
        .filter(email::Column::NextAttemptAt.eq(now + CLAIM))
        .order_by_asc(email::Column::CreatedAt)
        .all(db)
        .await?)
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
                Some(Route::AdminEmail(row.id)),
            )
            .await?,
        );
    }
    events.publish(outgoing).await;
    Ok(())
}

/// Delivers every e-mail due at `now`, page after page while any is due: without a mailer they
/// are captured in one statement; with Resend, e-mails without attachments go in batches of up
/// to 100 (one request, one idempotency key per batch, the same key when a batch is sent
/// again), and e-mails with an attachment one request each, a few at a time. Every e-mail is
/// claimed first, so two runners never send the same one; a short rate limit is waited out.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: Option<&dyn Mailer>,
    events: &Events,
    now: DateTime<Utc>,
) -> Result<Delivered, ServiceError> {
    let mut done = Delivered::default();
    let Some(mailer) = mailer else {
        let captured = email::Entity::update_many()
            .col_expr(email::Column::Status, Expr::value(EmailStatus::Captured))
            .col_expr(email::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(email::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(due(now))
            .exec(db)
            .await?;
        done.captured = captured.rows_affected;
        return Ok(done);
    };
    loop {
        let page =
            email::Entity::find().filter(due(now)).order_by_asc(email::Column::CreatedAt).limit(PAGE).all(db).await?;
        if page.is_empty() {
            return Ok(done);
        }
        let (single, batchable): (Vec<email::Model>, Vec<email::Model>) =
            page.into_iter().partition(|row| !outgoing(row).attachments.is_empty());
        for batch in batches(batchable) {
            if send_batch(db, events, mailer, &batch, now, &mut done).await? == Pace::Stop {
                return Ok(done);
            }
        }
        for chunk in single.chunks(PARALLEL_SENDS) {
            let sent =
                futures_util::future::join_all(chunk.iter().map(|row| send_one(db, events, mailer, row, now))).await;
            let mut stop = false;
            for result in sent {
                let (outcome, pace) = result?;
                done.count(outcome);
                stop |= pace == Pace::Stop;
            }
            if stop {
                return Ok(done);
            }
        }
    }
}

/// Groups due e-mails into batches: those of a batch sent before stay together under its key
/// (so its idempotency key still means the same e-mails), the others in new batches of 100.
fn batches(rows: Vec<email::Model>) -> Vec<(String, Vec<Uuid>)> {
    let mut kept: std::collections::BTreeMap<String, Vec<Uuid>> = std::collections::BTreeMap::new();
    let mut fresh = Vec::new();
    for row in rows {
        match row.batch_key {
            Some(key) => kept.entry(key).or_default().push(row.id),
            None => fresh.push(row.id),
        }
    }
    let new = fresh.chunks(providers::email::BATCH_MAX).map(|ids| (Uuid::new_v4().simple().to_string(), ids.to_vec()));
    kept.into_iter().chain(new).collect()
}

/// Whether the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pace {
    Go,
    Stop,
}

/// What became of one e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Sent,
    Retrying,
    Failed,
    Skipped,
}

impl Delivered {
    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Sent => self.sent += 1,
            Outcome::Retrying => self.retrying += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Skipped => {}
        }
    }
}

async fn mark_sent(db: &DatabaseConnection, row: &email::Model, provider_id: String) -> Result<(), ServiceError> {
    set(
        db,
        row.id,
        vec![
            (email::Column::Status, Expr::value(EmailStatus::Sent)),
            (email::Column::Attempts, Expr::value(row.attempts + 1)),
            (email::Column::ProviderId, Expr::value(provider_id)),
            (email::Column::SentAt, Expr::value(Utc::now())),
            (email::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
            (email::Column::Error, Expr::value(Option::<String>::None)),
        ],
    )
    .await
}

/// A temporary failure: retried with backoff, until the attempts run out.
async fn mark_failed_attempt(
    db: &DatabaseConnection,
    events: &Events,
    row: &email::Model,
    error: &str,
    now: DateTime<Utc>,
) -> Result<Outcome, ServiceError> {
    let attempts = row.attempts + 1;
    if attempts >= EMAIL_MAX_ATTEMPTS {
        give_up(db, events, row, error, attempts).await?;
        return Ok(Outcome::Failed);
    }
    set(
        db,
        row.id,
        vec![
            (email::Column::Attempts, Expr::value(attempts)),
            (email::Column::NextAttemptAt, Expr::value(now + email_retry_delay(attempts))),
            (email::Column::Error, Expr::value(error.to_owned())),
        ],
    )
    .await?;
    Ok(Outcome::Retrying)
}

/// Sends one claimed batch. A refused batch is sent again one e-mail at a time, so the one
/// the provider refuses is found (nothing of a refused batch was sent).
async fn send_batch(
    db: &DatabaseConnection,
    events: &Events,
    mailer: &dyn Mailer,
    (key, ids): &(String, Vec<Uuid>),
    now: DateTime<Utc>,
    done: &mut Delivered,
) -> Result<Pace, ServiceError> {
    let rows = claim_batch(db, ids, key, now).await?;
    if rows.is_empty() {
        return Ok(Pace::Go);
    }
    let emails: Vec<OutgoingEmail> = rows.iter().map(outgoing).collect();
    loop {
        match mailer.send_batch(&emails, &format!("callstar-batch-{key}")).await {
            Ok(ids) => {
                for (row, provider_id) in rows.iter().zip(ids) {
                    mark_sent(db, row, provider_id).await?;
                    done.sent += 1;
                }
                return Ok(Pace::Go);
            }
            Err(MailError::RateLimited(wait)) => {
                let wait = Duration::from_std(wait).unwrap_or(Duration::seconds(1));
                if wait <= LONGEST_WAIT {
                    tokio::time::sleep(wait.to_std().unwrap_or_default()).await;
                    continue;
                }
                // Not the e-mails' fault: no attempt counted; the rest of the run waits too.
                batch_set(db, key, vec![(email::Column::NextAttemptAt, Expr::value(now + wait))]).await?;
                done.retrying += rows.len() as u64;
                return Ok(Pace::Stop);
            }
            Err(MailError::Temporary(error)) => {
                for row in &rows {
                    done.count(mark_failed_attempt(db, events, row, &error, now).await?);
                }
                return Ok(Pace::Go);
            }
            Err(MailError::Permanent(error)) => {
                tracing::warn!(batch = %key, %error, "batch refused; sending its e-mails one by one");
                batch_set(db, key, vec![(email::Column::BatchKey, Expr::value(Option::<String>::None))]).await?;
                for row in &rows {
                    let row = email::Model { batch_key: None, ..row.clone() };
                    let (outcome, pace) = deliver_claimed(db, events, mailer, &row, now).await?;
                    done.count(outcome);
                    if pace == Pace::Stop {
                        return Ok(Pace::Stop);
                    }
                }
                return Ok(Pace::Go);
            }
        }
    }
}

async fn batch_set(
    db: &DatabaseConnection,
    key: &str,
    changes: Vec<(email::Column, Expr)>,
) -> Result<(), ServiceError> {
    let mut update = email::Entity::update_many().col_expr(email::Column::UpdatedAt, Expr::value(Utc::now()));
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    update
        .filter(email::Column::BatchKey.eq(key))
        .filter(email::Column::Status.eq(EmailStatus::Pending))
        .exec(db)
        .await?;
    Ok(())
}

/// Claims and sends one e-mail on its own (with its own idempotency key).
async fn send_one(
    db: &DatabaseConnection,
    events: &Events,
    mailer: &dyn Mailer,
    row: &email::Model,
    now: DateTime<Utc>,
) -> Result<(Outcome, Pace), ServiceError> {
    if !claim(db, row, now).await? {
        return Ok((Outcome::Skipped, Pace::Go));
    }
    deliver_claimed(db, events, mailer, row, now).await
}

async fn deliver_claimed(
    db: &DatabaseConnection,
    events: &Events,
    mailer: &dyn Mailer,
    row: &email::Model,
    now: DateTime<Utc>,
) -> Result<(Outcome, Pace), ServiceError> {
    loop {
        return match mailer.send(&outgoing(row)).await {
            Ok(provider_id) => {
                mark_sent(db, row, provider_id).await?;
                Ok((Outcome::Sent, Pace::Go))
            }
            Err(MailError::RateLimited(wait)) => {
                let wait = Duration::from_std(wait).unwrap_or(Duration::seconds(1));
                if wait <= LONGEST_WAIT {
                    tokio::time::sleep(wait.to_std().unwrap_or_default()).await;
                    continue;
                }
                set(db, row.id, vec![(email::Column::NextAttemptAt, Expr::value(now + wait))]).await?;
                Ok((Outcome::Retrying, Pace::Stop))
            }
            Err(MailError::Temporary(error)) => {
                Ok((mark_failed_attempt(db, events, row, &error, now).await?, Pace::Go))
            }
            Err(MailError::Permanent(error)) => {
                give_up(db, events, row, &error, row.attempts + 1).await?;
                Ok((Outcome::Failed, Pace::Go))
            }
        };
    }
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
