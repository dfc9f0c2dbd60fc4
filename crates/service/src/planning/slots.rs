//! Free slots of a host for an appointment type, computed by `domain::planning` from the
//! host's weekly hours, overrides and active bookings (offers and appointments alike).

use chrono::{DateTime, Duration, Utc};
use domain::TimeZone;
use domain::planning::{MAX_SPAN, Slot, SlotDay, available_intervals, free_slots, group_by_day};
use entity::booking;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::types::AppointmentType;
use super::{availability, types};
use crate::{ServiceError, bookings};

/// What slots to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotQuery {
    /// The host's account.
    pub host_id: Uuid,
    /// The appointment type.
    pub type_id: Uuid,
    /// From (inclusive).
    pub from: DateTime<Utc>,
    /// To (exclusive); at most 62 days after `from`.
    pub to: DateTime<Utc>,
    /// The viewer's zone, for dates and parts of the day.
    pub viewer: TimeZone,
}

/// The host's active bookings that touch `[from, to)`, as sorted intervals (one query, on the
/// host's index), leaving out `except` (an appointment being moved).
async fn busy(
    db: &impl ConnectionTrait,
    host_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<Vec<(DateTime<Utc>, DateTime<Utc>)>, ServiceError> {
    let mut query = booking::Entity::find()
        .select_only()
        .column(booking::Column::StartsAt)
        .column(booking::Column::EndsAt)
        .filter(booking::Column::HostId.eq(host_id))
        .filter(booking::Column::StartsAt.lt(to))
        .filter(booking::Column::EndsAt.gt(from))
        .filter(bookings::active_at(now));
    if let Some(id) = except {
        query = query.filter(booking::Column::Id.ne(id));
    }
    Ok(query.order_by_asc(booking::Column::StartsAt).into_tuple().all(db).await?)
}

/// The free slots of a type between two instants, at `now` (unsorted into days).
async fn slots_of(
    db: &impl ConnectionTrait,
    kind: &AppointmentType,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<Vec<Slot>, ServiceError> {
    let hours = availability::of_host(db, kind.host_id).await?;
    let zone = hours.timezone.tz();
    let (first, last) = (from.with_timezone(&zone).date_naive(), to.with_timezone(&zone).date_naive());
    let overrides = availability::by_date(
        availability::overrides_of(db, kind.host_id, Some(first - Duration::days(2)), Some(last + Duration::days(1)))
            .await?,
    );
    let rules = kind.rules();
    let margin = rules.buffer_before.max(rules.buffer_after);
    // Ranges are read whole (a day either side), so slots keep their grid from each range's
    // start whatever `from` is; then only the slots inside `[from, to)` are kept.
    let day = Duration::days(1);
    let taken = busy(db, kind.host_id, from - day - margin, to + day + margin, now, except).await?;
    let open = available_intervals(zone, &hours.weekly, &overrides, from - day, to + day);
    Ok(free_slots(&open, &taken, rules, now).into_iter().filter(|s| s.starts_at >= from && s.ends_at <= to).collect())
}

/// A host's free slots for a type, by day and part of the day in the viewer's zone.
pub async fn free(
    db: &impl ConnectionTrait,
    query: SlotQuery,
    now: DateTime<Utc>,
) -> Result<Vec<SlotDay>, ServiceError> {
    if query.to <= query.from {
        return Err(ServiceError::invalid("to", "must be after from"));
    }
    if query.to - query.from > MAX_SPAN {
        return Err(ServiceError::invalid("to", "must be at most 62 days after from"));
    }
    let kind = types::bookable(db, query.type_id).await?;
    if kind.host_id != query.host_id {
        return Err(ServiceError::NotFound("appointment type"));
    }
    let slots = slots_of(db, &kind, query.from, query.to, now, None).await?;
    Ok(group_by_day(&slots, query.viewer.tz()))
}

/// Whether `starts_at` is a free slot of the type at `now` (leaving out `except`): inside the
/// host's hours, after the notice, clear of bookings. Called in the booking's transaction.
pub(crate) async fn is_free(
    db: &impl ConnectionTrait,
    kind: &AppointmentType,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<bool, ServiceError> {
    let length = Duration::minutes(i64::from(kind.duration_minutes));
    let slots = slots_of(db, kind, starts_at, starts_at + length, now, except).await?;
    Ok(slots.iter().any(|slot| slot.starts_at == starts_at))
}
