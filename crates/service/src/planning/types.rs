//! Appointment types: what a host offers to book from their availability (name, length,
//! colour, meeting types, buffers, minimum notice, an optional price). A new host starts with
//! sensible defaults.

use api_types::ErrorCode;
use chrono::{Duration, Utc};
use domain::Locale;
use domain::money::{Money, Price};
use domain::planning::{AppointmentTypeDraft, MeetingType, SlotRules};
use entity::appointment_type;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::ServiceError;

/// An appointment type as its host and clients see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentType {
    /// Identifier.
    pub id: Uuid,
    /// The host's account.
    pub host_id: Uuid,
    /// Name.
    pub name: String,
    /// Length, minutes.
    pub duration_minutes: i32,
    /// `#rrggbb`.
    pub color: String,
    /// Description.
    pub description: String,
    /// Meeting types offered.
    pub meeting_types: Vec<MeetingType>,
    /// Free minutes before.
    pub buffer_before_minutes: i32,
    /// Free minutes after.
    pub buffer_after_minutes: i32,
    /// Minimum notice, minutes.
    pub min_notice_minutes: i32,
    /// Price, when booking it is paid.
    pub price: Option<Money>,
    /// Offered for booking.
    pub active: bool,
}

impl AppointmentType {
    /// The slot rules it sets.
    pub fn rules(&self) -> SlotRules {
        SlotRules {
            duration: Duration::minutes(i64::from(self.duration_minutes)),
            buffer_before: Duration::minutes(i64::from(self.buffer_before_minutes)),
            buffer_after: Duration::minutes(i64::from(self.buffer_after_minutes)),
            min_notice: Duration::minutes(i64::from(self.min_notice_minutes)),
        }
    }
}

impl TryFrom<appointment_type::Model> for AppointmentType {
    type Error = ServiceError;

    fn try_from(row: appointment_type::Model) -> Result<Self, ServiceError> {
        let meeting_types = row
            .meeting_types
            .split(',')
            .filter(|t| !t.is_empty())
            .map(|t| t.parse::<MeetingType>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| ServiceError::corrupt(format!("appointment type {}: {err}", row.id)))?;
        let price = match (row.price_minor, row.currency) {
            (Some(minor), Some(currency)) => Some(Money::from_minor(minor, currency)),
            (None, None) => None,
            _ => return Err(ServiceError::corrupt(format!("appointment type {} has half a price", row.id))),
        };
        Ok(Self {
            id: row.id,
            host_id: row.host_id,
            name: row.name,
            duration_minutes: row.duration_minutes,
            color: row.color,
            description: row.description,
            meeting_types,
            buffer_before_minutes: row.buffer_before_minutes,
            buffer_after_minutes: row.buffer_after_minutes,
            min_notice_minutes: row.min_notice_minutes,
            price,
            active: row.active,
        })
    }
}

/// A type as written by its host: the checked fields, an optional price, the active flag.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeInput {
    /// Name, length, colour, meeting types, buffers, notice.
    pub draft: AppointmentTypeDraft,
    /// Price (checked against the currency's rules).
    pub price: Option<Price>,
    /// Offered for booking.
    pub active: bool,
}

fn joined(types: &[MeetingType]) -> String {
    types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

/// The host's types, first created ones first; a host without any gets the defaults.
pub async fn list(db: &DatabaseConnection, user_id: Uuid) -> Result<Vec<AppointmentType>, ServiceError> {
    let (account, _) = super::host(db, user_id).await?;
    let rows = of_host(db, user_id, false).await?;
    if !rows.is_empty() {
        return Ok(rows);
    }
    let defaults = match account.locale {
        Locale::Fr => [("Appel découverte", 30, "#0ea5e9"), ("Séance de coaching", 60, "#4f46e5")],
        Locale::En => [("Discovery call", 30, "#0ea5e9"), ("Coaching session", 60, "#4f46e5")],
    };
    let now = Utc::now();
    for (i, (name, minutes, color)) in defaults.into_iter().enumerate() {
        let meeting_types: &[MeetingType] = if i == 0 {
            &[MeetingType::Video]
        } else {
            &[MeetingType::Video, MeetingType::Phone, MeetingType::InPerson]
        };
        appointment_type::ActiveModel {
            id: Set(Uuid::new_v4()),
            host_id: Set(user_id),
            name: Set(name.to_owned()),
            duration_minutes: Set(minutes),
            color: Set(color.to_owned()),
            description: Set(String::new()),
            meeting_types: Set(joined(meeting_types)),
            buffer_before_minutes: Set(0),
            buffer_after_minutes: Set(if i == 0 { 0 } else { 10 }),
            min_notice_minutes: Set(120),
            price_minor: Set(None),
            currency: Set(None),
            active: Set(true),
            created_at: Set(now + Duration::milliseconds(i as i64)),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    of_host(db, user_id, false).await
}

/// The types a host offers for booking (active ones). A host who never opened their planning
/// has none: nobody books them by appointment until they do.
pub async fn offered(db: &DatabaseConnection, host_id: Uuid) -> Result<Vec<AppointmentType>, ServiceError> {
    super::bookable_host(db, host_id).await?;
    of_host(db, host_id, true).await
}

/// A host's types (only the active ones when `active_only`).
pub(crate) async fn of_host(
    db: &impl ConnectionTrait,
    host_id: Uuid,
    active_only: bool,
) -> Result<Vec<AppointmentType>, ServiceError> {
    let mut query = appointment_type::Entity::find().filter(appointment_type::Column::HostId.eq(host_id));
    if active_only {
        query = query.filter(appointment_type::Column::Active.eq(true));
    }
    query
        .order_by_asc(appointment_type::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(AppointmentType::try_from)
        .collect()
}

/// One type, whoever asks (clients read types to book them).
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<AppointmentType, ServiceError> {
    appointment_type::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("appointment type"))
        .and_then(AppointmentType::try_from)
}

async fn owned(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<appointment_type::Model, ServiceError> {
    appointment_type::Entity::find_by_id(id)
        .filter(appointment_type::Column::HostId.eq(user_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("appointment type"))
}

/// The host's payout currency is every paid type's currency.
async fn check_currency(db: &DatabaseConnection, user_id: Uuid, price: Option<Price>) -> Result<(), ServiceError> {
    let (_, creator) = super::host(db, user_id).await?;
    match price {
        Some(price) if price.currency() != creator.currency => {
            Err(ServiceError::invalid("currency", format!("must be your payout currency, {}", creator.currency)))
        }
        _ => Ok(()),
    }
}

/// Creates a type for the signed-in host.
pub async fn create(db: &DatabaseConnection, user_id: Uuid, input: TypeInput) -> Result<AppointmentType, ServiceError> {
    check_currency(db, user_id, input.price).await?;
    let now = Utc::now();
    let row = appointment_type::ActiveModel {
        id: Set(Uuid::new_v4()),
        host_id: Set(user_id),
        created_at: Set(now),
        ..fields(input, now)
    }
    .insert(db)
    .await?;
    AppointmentType::try_from(row)
}

fn fields(input: TypeInput, now: chrono::DateTime<Utc>) -> appointment_type::ActiveModel {
    let d = input.draft;
    appointment_type::ActiveModel {
        name: Set(d.name),
        duration_minutes: Set(d.duration_minutes),
        color: Set(d.color),
        description: Set(d.description),
        meeting_types: Set(joined(&d.meeting_types)),
        buffer_before_minutes: Set(d.buffer_before_minutes),
        buffer_after_minutes: Set(d.buffer_after_minutes),
        min_notice_minutes: Set(d.min_notice_minutes),
        price_minor: Set(input.price.map(|p| p.minor_units())),
        currency: Set(input.price.map(|p| p.currency())),
        active: Set(input.active),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Replaces a type's fields (its own host only). Appointments already booked keep theirs.
pub async fn update(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
    input: TypeInput,
) -> Result<AppointmentType, ServiceError> {
    check_currency(db, user_id, input.price).await?;
    let row = owned(db, user_id, id).await?;
    let mut active = fields(input, Utc::now());
    active.id = sea_orm::ActiveValue::Unchanged(row.id);
    AppointmentType::try_from(active.update(db).await?)
}

/// Deletes a type; one that was ever booked is deactivated instead (its appointments keep it).
pub async fn delete(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<(), ServiceError> {
    let row = owned(db, user_id, id).await?;
    let used = entity::call_offer::Entity::find()
        .filter(entity::call_offer::Column::AppointmentTypeId.eq(id))
        .one(db)
        .await?
        .is_some();
    if used {
        let mut active: appointment_type::ActiveModel = row.into();
        active.active = Set(false);
        active.updated_at = Set(Utc::now());
        active.update(db).await?;
    } else {
        appointment_type::Entity::delete_by_id(id).exec(db).await?;
    }
    Ok(())
}

/// A type a client may book now: active, of this host.
pub(crate) async fn bookable(db: &impl ConnectionTrait, id: Uuid) -> Result<AppointmentType, ServiceError> {
    let found = get(db, id).await?;
    if !found.active {
        return Err(ServiceError::refused(
            ErrorCode::AppointmentTypeInactive,
            "This appointment type is not offered any more.",
        ));
    }
    Ok(found)
}
