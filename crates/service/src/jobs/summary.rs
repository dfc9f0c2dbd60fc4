//! The daily summary: yesterday's (UTC) bookings, revenue and failures, and the payments
//! stuck at Stripe now, e-mailed to admins.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use domain::money::Currency;
use domain::operations::{EmailStatus, JobOutcome};
use entity::{booking, email, job_run, payment, user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use serde_json::{Value, json};

use crate::email_templates::{DailyFigures, EmailContent};
use crate::{Context, ServiceError, outbox};

/// Yesterday's (UTC) figures.
pub async fn figures(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<DailyFigures, ServiceError> {
    let today = now.date_naive();
    let day = today.pred_opt().unwrap_or(today);
    let from = day.and_time(NaiveTime::MIN).and_utc();
    let to = today.and_time(NaiveTime::MIN).and_utc();
    let between = |column: booking::Column| booking::Entity::find().filter(column.gte(from)).filter(column.lt(to));
    let created = between(booking::Column::CreatedAt).count(db).await?;
    let confirmed = between(booking::Column::ConfirmedAt).count(db).await?;
    let cancelled = between(booking::Column::CancelledAt).count(db).await?;
    let paid = payment::Entity::find()
        .filter(payment::Column::CreatedAt.gte(from))
        .filter(payment::Column::CreatedAt.lt(to))
        .all(db)
        .await?;
    let mut revenue: BTreeMap<Currency, i64> = BTreeMap::new();
    for p in paid {
        *revenue.entry(p.currency).or_default() += p.amount_minor - p.refunded_amount_minor;
    }
    let failed_jobs = job_run::Entity::find()
        .filter(job_run::Column::Outcome.eq(JobOutcome::Failed))
        .filter(job_run::Column::StartedAt.gte(from))
        .filter(job_run::Column::StartedAt.lt(to))
        .count(db)
        .await?;
    let failed_emails = email::Entity::find()
        .filter(email::Column::Status.eq(EmailStatus::Failed))
        .filter(email::Column::UpdatedAt.gte(from))
        .filter(email::Column::UpdatedAt.lt(to))
        .count(db)
        .await?;
    let stuck_payments = crate::payments::reconcile::stuck(db, now).await?;
    Ok(DailyFigures {
        stuck_payments,
        day: Some(day),
        created,
        confirmed,
        cancelled,
        revenue: revenue.into_iter().collect(),
        failed_jobs,
        failed_emails,
    })
}

/// Queues yesterday's figures to every admin.
pub async fn send(ctx: &Context, now: DateTime<Utc>) -> Result<Value, ServiceError> {
    let figures = figures(&ctx.db, now).await?;
    let admins = user::Entity::find().filter(user::Column::Role.eq(domain::Role::Admin)).all(&ctx.db).await?;
    // Read before the transaction: on SQLite a transaction that reads and then writes fails
    // when another connection wrote in between, one that starts by writing waits its turn.
    let mut recipients = Vec::new();
    for admin in &admins {
        recipients.push(outbox::recipient(&ctx.db, admin.id).await?);
    }
    let day = figures.day.map(|d| d.to_string()).unwrap_or_default();
    let txn = ctx.db.begin().await?;
    for to in &recipients {
        let content = EmailContent::DailySummary(figures.clone());
        outbox::enqueue(&txn, to, &content, &ctx.settings.public_url, json!({"day": day})).await?;
    }
    txn.commit().await?;
    Ok(json!({"emails": admins.len(), "bookings": figures.created, "failedJobs": figures.failed_jobs,
               "stuckPayments": figures.stuck_payments}))
}
