//! A host's availability: weekly hours in their IANA time zone (default Monday–Friday
//! 9:00–12:00 and 14:00–18:00 in the creator's zone), and date overrides (other hours, or
//! none: holidays, time off). Stored as JSON in the wire's own shape.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use domain::TimeZone;
use domain::planning::{DayOverride, TimeRange, Weekly};
use entity::{availability, availability_override};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::ServiceError;

/// A host's weekly hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostAvailability {
    /// The zone the hours are in.
    pub timezone: TimeZone,
    /// The hours of each weekday.
    pub weekly: Weekly,
}

/// A date with other hours than the weekly ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// Identifier.
    pub id: Uuid,
    /// The date, in the host's zone.
    pub date: NaiveDate,
    /// What differs.
    pub day: DayOverride,
    /// Why.
    pub note: Option<String>,
}

fn ranges_json(ranges: &[TimeRange]) -> Value {
    Value::Array(ranges.iter().map(|r| json!({"start": r.start_text(), "end": r.end_text()})).collect())
}

fn ranges_of(value: &Value) -> Option<Vec<TimeRange>> {
    value
        .as_array()?
        .iter()
        .map(|r| TimeRange::parse(r.get("start")?.as_str()?, r.get("end")?.as_str()?).ok())
        .collect()
}

/// The weekly hours as stored (and as the wire shows them): `[{weekday, ranges}]`.
pub fn weekly_json(weekly: &Weekly) -> Value {
    Value::Array(
        weekly
            .0
            .iter()
            .enumerate()
            .map(|(i, ranges)| json!({"weekday": i + 1, "ranges": ranges_json(ranges)}))
            .collect(),
    )
}

fn weekly_of(value: &Value) -> Option<Weekly> {
    let mut week = Weekly::default();
    for day in value.as_array()? {
        let weekday = usize::try_from(day.get("weekday")?.as_u64()?).ok()?;
        *week.0.get_mut(weekday.checked_sub(1)?)? = ranges_of(day.get("ranges")?)?;
    }
    Some(week)
}

/// A host's weekly hours (the default week in the creator's zone when none were set).
pub async fn of_host(db: &impl ConnectionTrait, host_id: Uuid) -> Result<HostAvailability, ServiceError> {
    match availability::Entity::find_by_id(host_id).one(db).await? {
        Some(row) => Ok(HostAvailability {
            weekly: weekly_of(&row.weekly)
                .ok_or_else(|| ServiceError::corrupt(format!("availability of {host_id} is unreadable")))?,
            timezone: row.timezone,
        }),
        None => {
            let creator = entity::creator::Entity::find()
                .filter(entity::creator::Column::UserId.eq(host_id))
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound("host"))?;
            Ok(HostAvailability { timezone: creator.timezone, weekly: Weekly::default_week() })
        }
    }
}

/// The signed-in host's weekly hours.
pub async fn get(db: &DatabaseConnection, user_id: Uuid) -> Result<HostAvailability, ServiceError> {
    super::host(db, user_id).await?;
    of_host(db, user_id).await
}

/// Replaces the signed-in host's weekly hours.
pub async fn put(
    db: &DatabaseConnection,
    user_id: Uuid,
    hours: HostAvailability,
) -> Result<HostAvailability, ServiceError> {
    super::host(db, user_id).await?;
    let row = availability::ActiveModel {
        host_id: Set(user_id),
        timezone: Set(hours.timezone),
        weekly: Set(weekly_json(&hours.weekly)),
        updated_at: Set(Utc::now()),
    };
    availability::Entity::insert(row)
        .on_conflict(
            OnConflict::column(availability::Column::HostId)
                .update_columns([
                    availability::Column::Timezone,
                    availability::Column::Weekly,
                    availability::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    of_host(db, user_id).await
}

fn override_of(row: availability_override::Model) -> Result<Override, ServiceError> {
    let day = if row.unavailable {
        DayOverride::Unavailable
    } else {
        DayOverride::Ranges(
            ranges_of(&row.ranges)
                .ok_or_else(|| ServiceError::corrupt(format!("override {} is unreadable", row.id)))?,
        )
    };
    Ok(Override { id: row.id, date: row.date, day, note: row.note })
}

/// A host's overrides between two dates (inclusive), by date.
pub async fn overrides_of(
    db: &impl ConnectionTrait,
    host_id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Override>, ServiceError> {
    let mut query = availability_override::Entity::find().filter(availability_override::Column::HostId.eq(host_id));
    if let Some(from) = from {
        query = query.filter(availability_override::Column::Date.gte(from));
    }
    if let Some(to) = to {
        query = query.filter(availability_override::Column::Date.lte(to));
    }
    query.order_by_asc(availability_override::Column::Date).all(db).await?.into_iter().map(override_of).collect()
}

/// The overrides as the slot computation reads them.
pub(crate) fn by_date(overrides: Vec<Override>) -> BTreeMap<NaiveDate, DayOverride> {
    overrides.into_iter().map(|o| (o.date, o.day)).collect()
}

/// The signed-in host's overrides.
pub async fn overrides(
    db: &DatabaseConnection,
    user_id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Override>, ServiceError> {
    super::host(db, user_id).await?;
    overrides_of(db, user_id, from, to).await
}

/// Sets the override of a date (replacing one already there).
pub async fn put_override(
    db: &DatabaseConnection,
    user_id: Uuid,
    date: NaiveDate,
    day: DayOverride,
    note: Option<String>,
) -> Result<Override, ServiceError> {
    super::host(db, user_id).await?;
    let (unavailable, ranges) = match &day {
        DayOverride::Unavailable => (true, Value::Array(Vec::new())),
        DayOverride::Ranges(ranges) => (false, ranges_json(ranges)),
    };
    let row = availability_override::ActiveModel {
        id: Set(Uuid::new_v4()),
        host_id: Set(user_id),
        date: Set(date),
        unavailable: Set(unavailable),
        ranges: Set(ranges),
        note: Set(note),
        created_at: Set(Utc::now()),
    };
    availability_override::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([availability_override::Column::HostId, availability_override::Column::Date])
                .update_columns([
                    availability_override::Column::Unavailable,
                    availability_override::Column::Ranges,
                    availability_override::Column::Note,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    let stored = availability_override::Entity::find()
        .filter(availability_override::Column::HostId.eq(user_id))
        .filter(availability_override::Column::Date.eq(date))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::corrupt("an override vanished"))?;
    override_of(stored)
}

/// Removes an override (the weekly hours apply again that day).
pub async fn delete_override(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<(), ServiceError> {
    let deleted = availability_override::Entity::delete_many()
        .filter(availability_override::Column::Id.eq(id))
        .filter(availability_override::Column::HostId.eq(user_id))
        .exec(db)
        .await?;
    if deleted.rows_affected == 0 { Err(ServiceError::NotFound("override")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_week_reads_back() {
        let week = Weekly::default_week();
        assert_eq!(weekly_of(&weekly_json(&week)), Some(week));
        assert_eq!(weekly_of(&json!([{"weekday": 9, "ranges": []}])), None);
    }
}
