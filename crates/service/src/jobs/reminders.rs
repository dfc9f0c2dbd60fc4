//! Reminders: both participants of a confirmed call get an e-mail 24 h and 15 min before it.
//! Each (booking, kind) is claimed by inserting its row in the same transaction as its
//! e-mails, so a second runner's insert hits the primary key and queues nothing.

use chrono::{DateTime, Utc};
use domain::booking::BookingStatus;
use domain::operations::{ReminderKind, reminder_due};
use entity::{booking, call_offer, reminder};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::json;

use crate::context::Settings;
use crate::email_templates::EmailContent;
use crate::error::OnUniqueViolation as _;
use crate::{ServiceError, bookings, outbox};

/// Claims and queues the reminders due at `now`. Returns (reminders claimed, e-mails queued).
pub async fn send(
    db: &DatabaseConnection,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<(u64, u64), ServiceError> {
    let upcoming = booking::Entity::find()
        .inner_join(call_offer::Entity)
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(call_offer::Column::DateTime.gt(now))
        .filter(call_offer::Column::DateTime.lte(now + ReminderKind::DayBefore.lead()))
        .all(db)
        .await?;
    let (mut claimed, mut emails) = (0, 0);
    for booking in bookings::load(db, upcoming, now).await? {
        let Some(kind) = reminder_due(booking.starts_at, now) else { continue };
        let txn = db.begin().await?;
        let claim = reminder::ActiveModel { booking_id: Set(booking.id), kind: Set(kind), claimed_at: Set(now) }
            .insert(&txn)
            .await
            .unless_duplicate()?;
        if claim.is_none() {
            txn.rollback().await?;
            continue;
        }
        for (user_id, for_host) in [(booking.guest.user_id, false), (booking.host.user_id, true)] {
            let to = outbox::recipient(&txn, user_id).await?;
            let content = EmailContent::Reminder(outbox::call_facts(&booking, for_host, settings)?, kind, now);
            let about = json!({"bookingId": booking.id, "reminder": kind.as_str()});
            outbox::enqueue(&txn, &to, &content, &settings.public_url, about).await?;
            emails += 1;
        }
        txn.commit().await?;
        claimed += 1;
    }
    Ok((claimed, emails))
}
