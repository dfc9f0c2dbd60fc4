//! Appointments: bookings whose source is an appointment type. A host books one for a client
//! or a prospect (confirmed at once); a client books one for themselves from a free slot
//! (confirmed at once, or pending payment when the type has a price). Each gets a private
//! offer, so the call page, rooms, tokens, logs, the summary, reminders, e-mails, .ics and
//! payments are the offers' own. The slot is checked again in the booking's transaction, and
//! the database refuses two active bookings of one host that overlap.

use api_types::{CodedError as _, ErrorCode, Route};
use chrono::{DateTime, Duration, Utc};
use domain::booking::{BookingStatus, OfferStatus, Transition};
use domain::call::Side;
use domain::money::Money;
use domain::notification::NotificationType;
use domain::operations::LogLevel;
use domain::planning::{AppointmentDetails, MeetingType};
use domain::{DisplayName, EmailAddress, Role};
use entity::{appointment_reason, booking, call_offer, user};
use sea_orm::sea_query::{Expr, ExprTrait as _, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};
use uuid::Uuid;

use super::slots;
use super::types::{self, AppointmentType};
use crate::bookings::{self, Booking, Details, NewBooking};
use crate::error::OnUniqueViolation as _;
use crate::events::Outgoing;
use crate::notifications::{self, params};
use crate::system_logs::{self, Actor};
use crate::{Context, ServiceError, outbox};

/// Who an appointment is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guest {
    /// The signed-in client, booking for themselves with `host`.
    Myself {
        /// The host's account.
        host: Uuid,
    },
    /// One of the host's clients (an account).
    Client(Uuid),
    /// Someone without an account, by name and e-mail.
    Prospect {
        /// Name.
        name: DisplayName,
        /// E-mail.
        email: EmailAddress,
    },
}

/// A new appointment, checked field by field.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAppointment {
    /// Its type.
    pub type_id: Uuid,
    /// Start (UTC).
    pub starts_at: DateTime<Utc>,
    /// How it is held.
    pub meeting_type: MeetingType,
    /// For whom.
    pub guest: Guest,
    /// Why (one of the host's reasons).
    pub reason_id: Option<Uuid>,
    /// Title, description, message, phone, address.
    pub details: AppointmentDetails,
}

/// An appointment as its host and client see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Appointment {
    /// The booking underneath (status, times, people, room, price…).
    pub booking: Booking,
    /// Its type (when it still exists).
    pub kind: Option<AppointmentType>,
    /// Its reason's label.
    pub reason: Option<String>,
    /// The guest's e-mail (for the host: clients and prospects they book for).
    pub guest_email: String,
}

/// Counts of a host's appointments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// All of them in the range.
    pub total: u64,
    /// Active, not ended.
    pub upcoming: u64,
    /// Completed.
    pub completed: u64,
    /// Cancelled.
    pub cancelled: u64,
}

/// The guest's account: the client, the caller, or a prospect's (found by e-mail, made when new).
async fn guest_account(
    txn: &DatabaseTransaction,
    host_id: Uuid,
    caller: Uuid,
    guest: &Guest,
) -> Result<Uuid, ServiceError> {
    match guest {
        Guest::Myself { host } => {
            if *host != host_id {
                return Err(ServiceError::NotFound("appointment type"));
            }
            if caller == host_id {
                return Err(ServiceError::refused(
                    ErrorCode::OwnOffer,
                    "You cannot book an appointment with yourself.",
                ));
            }
            Ok(caller)
        }
        Guest::Client(id) => {
            let client = user::Entity::find_by_id(*id).one(txn).await?.ok_or(ServiceError::NotFound("client"))?;
            if client.id == host_id || client.role == Role::Admin {
                return Err(ServiceError::invalid("clientId", "must be one of your clients"));
            }
            Ok(client.id)
        }
        Guest::Prospect { name, email } => {
            if let Some(existing) = user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(txn).await?
            {
                return Ok(existing.id);
            }
            let host = user::Entity::find_by_id(host_id).one(txn).await?.ok_or(ServiceError::NotFound("host"))?;
            let now = Utc::now();
            let id = Uuid::new_v4();
            user::ActiveModel {
                id: Set(id),
                email: Set(email.as_str().to_owned()),
                // No password: a prospect signs in only through their appointment's link,
                // until they register with this e-mail, which claims the account.
                password_hash: Set(crate::passwords::unusable_hash()),
                name: Set(name.as_str().to_owned()),
                name_key: Set(domain::search::search_key(name.as_str())),
                role: Set(Role::User),
                locale: Set(host.locale),
                timezone: Set(host.timezone),
                is_prospect: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(txn)
            .await
            .on_unique_violation(|| {
                ServiceError::refused(ErrorCode::StaleState, "Try again: this e-mail was just taken.")
            })?;
            Ok(id)
        }
    }
}

/// Books an appointment. The caller is the host (for a client or a prospect: confirmed at
/// once) or a client (for themselves: confirmed at once, or pending payment for a paid type).
pub async fn create(ctx: &Context, caller: Uuid, new: NewAppointment) -> Result<Appointment, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let kind = types::bookable(db, new.type_id).await?;
    let by_host = caller == kind.host_id;
    if by_host == matches!(new.guest, Guest::Myself { .. }) {
        return Err(ServiceError::invalid(
            if by_host { "clientId" } else { "hostId" },
            if by_host { "give clientId or prospect" } else { "give the host you book with" },
        ));
    }
    if !kind.meeting_types.contains(&new.meeting_type) {
        return Err(ServiceError::invalid("meetingType", "is not offered by this appointment type"));
    }
    let reason = reason_label(db, kind.host_id, new.reason_id).await?;
    let (_, creator) = super::host(db, kind.host_id).await?;
    let paid = !by_host && kind.price.is_some_and(|p| p.minor() > 0);
    let price = kind.price.filter(|_| paid).unwrap_or(Money::zero(creator.currency));
    let ends_at = new.starts_at + Duration::minutes(i64::from(kind.duration_minutes));
    let txn = bookings::begin_booking(db).await?;
    // A write first (SQLite's write lock): the appointment's private offer.
    let offer = call_offer::ActiveModel {
        id: Set(Uuid::new_v4()),
        creator_id: Set(creator.id),
        title: Set(new.details.title.clone().unwrap_or_else(|| kind.name.clone())),
        description: Set(new.details.description.clone().unwrap_or_default()),
        price_minor: Set(price.minor()),
        currency: Set(price.currency()),
        date_time: Set(new.starts_at),
        duration_minutes: Set(kind.duration_minutes),
        status: Set(OfferStatus::Available),
        appointment_type_id: Set(Some(kind.id)),
        reserved_for: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let guest_id = guest_account(&txn, kind.host_id, caller, &new.guest).await?;
    if !slots::is_free(&txn, &kind, new.starts_at, now, None).await? {
        return Err(slot_unavailable());
    }
    let booking = NewBooking {
        offer_id: offer.id,
        guest_id,
        host_id: kind.host_id,
        starts_at: new.starts_at,
        ends_at,
        price,
        hold_expires_at: paid.then(|| now + ctx.settings.booking_hold),
        meeting_type: new.meeting_type,
        reason_id: new.reason_id,
        message: new.details.message.clone(),
        phone: new.details.phone.clone(),
        address: new.details.address.clone(),
    };
    // The host's exclusion constraint (or SQLite's check) refusing it: the slot was taken.
    let row = bookings::insert(&txn, booking, ctx.settings.holds, now).await.map_err(|err| match err.code() {
        ErrorCode::HostBusy => slot_unavailable(),
        _ => err,
    })?;
    let outgoing = if paid { Outgoing::new() } else { confirm_free(ctx, &txn, row.id, now).await? };
    txn.commit().await?;
    ctx.events.publish(outgoing).await;
    ctx.waker.wake();
    tracing::info!(booking_id = %row.id, %guest_id, by_host, paid, "appointment booked");
    let booking = bookings::by_id(db, row.id).await?;
    Ok(Appointment { guest_email: email_of(db, guest_id).await?, kind: Some(kind), reason, booking })
}

fn slot_unavailable() -> ServiceError {
    ServiceError::refused(ErrorCode::SlotUnavailable, "This time is not free: pick another slot.")
}

async fn email_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<String, ServiceError> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.map(|u| u.email).unwrap_or_default())
}

async fn reason_label(
    db: &impl ConnectionTrait,
    host_id: Uuid,
    id: Option<Uuid>,
) -> Result<Option<String>, ServiceError> {
    let Some(id) = id else { return Ok(None) };
    appointment_reason::Entity::find_by_id(id)
        .filter(appointment_reason::Column::HostId.eq(host_id))
        .filter(appointment_reason::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .map(|r| Some(r.label))
        .ok_or_else(|| ServiceError::invalid("reasonId", "is not one of the host's reasons"))
}

/// Confirms an appointment that costs nothing, in its booking's transaction: confirmed, its
/// offer BOOKED, both sides told in the app and by e-mail (with the .ics).
async fn confirm_free(
    ctx: &Context,
    txn: &DatabaseTransaction,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Outgoing, ServiceError> {
    let which = Condition::all().add(booking::Column::Id.eq(id));
    bookings::transition(txn, which, Transition::Confirm, now, Details::default()).await?;
    let booking = bookings::by_id(txn, id).await?;
    call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Booked))
        .filter(call_offer::Column::Id.eq(booking.offer.id))
        .exec(txn)
        .await?;
    let people = [booking.guest.user_id, booking.host.user_id];
    let mut outgoing = Outgoing::booking(id, BookingStatus::Confirmed, &people);
    for (to, with) in [(&booking.guest, &booking.host), (&booking.host, &booking.guest)] {
        let what = params([("title", booking.offer.title.clone()), ("with", with.name.clone())]);
        let link = Some(Route::Booking(id));
        outgoing.add(notifications::notify(txn, to.user_id, NotificationType::BookingConfirmed, what, link).await?);
    }
    outbox::booking_confirmed(txn, &booking, &ctx.settings).await?;
    system_logs::record(
        txn,
        LogLevel::Info,
        "BOOKING_CONFIRMED",
        Actor::User(booking.guest.user_id),
        format!("Appointment {id} confirmed"),
        serde_json::json!({"bookingId": id}),
    )
    .await?;
    Ok(outgoing)
}

/// An appointment for one of its two participants (or an admin); anyone else: not found.
pub async fn get(db: &DatabaseConnection, viewer: Uuid, role: Role, id: Uuid) -> Result<Appointment, ServiceError> {
    let booking = bookings::get(db, viewer, role, id).await?;
    if booking.offer.appointment_type_id.is_none() {
        return Err(ServiceError::NotFound("appointment"));
    }
    enrich(db, vec![booking]).await?.pop().ok_or(ServiceError::NotFound("appointment"))
}

/// Adds types, reasons and e-mails to bookings (three queries).
async fn enrich(db: &impl ConnectionTrait, found: Vec<Booking>) -> Result<Vec<Appointment>, ServiceError> {
    use std::collections::HashMap;
    let type_ids: Vec<Uuid> = found.iter().filter_map(|b| b.offer.appointment_type_id).collect();
    let kinds: HashMap<Uuid, AppointmentType> = entity::appointment_type::Entity::find()
        .filter(entity::appointment_type::Column::Id.is_in(type_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|row| AppointmentType::try_from(row).map(|t| (t.id, t)))
        .collect::<Result<_, _>>()?;
    let reason_ids: Vec<Uuid> = found.iter().filter_map(|b| b.reason_id).collect();
    let reasons: HashMap<Uuid, String> = appointment_reason::Entity::find()
        .filter(appointment_reason::Column::Id.is_in(reason_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.label))
        .collect();
    let guest_ids: Vec<Uuid> = found.iter().map(|b| b.guest.user_id).collect();
    let emails: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(guest_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    Ok(found
        .into_iter()
        .map(|booking| Appointment {
            kind: booking.offer.appointment_type_id.and_then(|t| kinds.get(&t).cloned()),
            reason: booking.reason_id.and_then(|r| reasons.get(&r).cloned()),
            guest_email: emails.get(&booking.guest.user_id).cloned().unwrap_or_default(),
            booking,
        })
        .collect())
}

/// Which appointments to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppointmentFilter {
    /// As the client (their own) rather than as the host (default for creators).
    pub as_client: bool,
    /// Calls starting from (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Calls starting before.
    pub to: Option<DateTime<Utc>>,
    /// Only: `upcoming`, `completed` or `cancelled`.
    pub status: Option<StatusFilter>,
}

/// The planning's status filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Active and not ended.
    Upcoming,
    /// Completed.
    Completed,
    /// Cancelled.
    Cancelled,
}

/// The caller's appointments (as host, or as client), soonest first, with the host's counts.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Uuid,
    role: Role,
    filter: AppointmentFilter,
    page: domain::PageRequest,
) -> Result<(Vec<Appointment>, u64, Stats), ServiceError> {
    let now = Utc::now();
    let as_host = role == Role::Creator && !filter.as_client;
    let mut query = booking::Entity::find()
        .join(JoinType::InnerJoin, booking::Relation::CallOffer.def())
        .filter(call_offer::Column::AppointmentTypeId.is_not_null())
        .filter(if as_host { booking::Column::HostId.eq(viewer) } else { booking::Column::UserId.eq(viewer) });
    if let Some(from) = filter.from {
        query = query.filter(booking::Column::StartsAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(booking::Column::StartsAt.lt(to));
    }
    let counting = query.clone();
    let count = |condition: Condition| {
        let q = counting.clone().filter(condition);
        async move { q.count(db).await }
    };
    let stats = Stats {
        total: counting.clone().count(db).await?,
        upcoming: count(Condition::all().add(bookings::active_at(now)).add(booking::Column::EndsAt.gt(now))).await?,
        completed: count(Condition::all().add(booking::Column::Status.eq(BookingStatus::Completed))).await?,
        cancelled: count(bookings::effective_status_is(BookingStatus::Cancelled, now)).await?,
    };
    query = match filter.status {
        Some(StatusFilter::Upcoming) => query.filter(bookings::active_at(now)).filter(booking::Column::EndsAt.gt(now)),
        Some(StatusFilter::Completed) => query.filter(booking::Column::Status.eq(BookingStatus::Completed)),
        Some(StatusFilter::Cancelled) => query.filter(bookings::effective_status_is(BookingStatus::Cancelled, now)),
        None => query,
    };
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(booking::Column::StartsAt)
        .order_by_asc(booking::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    let found = bookings::load(db, rows, now).await?;
    Ok((enrich(db, found).await?, total, stats))
}

/// Changes to an appointment; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppointmentChanges {
    /// A new start (a reschedule).
    pub starts_at: Option<DateTime<Utc>>,
    /// A new meeting type (with its phone or address in `details`).
    pub meeting_type: Option<MeetingType>,
    /// A new reason.
    pub reason_id: Option<Uuid>,
    /// New texts (only those given change).
    pub details: AppointmentDetails,
}

/// Reschedules or edits an appointment (its host, or its client for their own): checked again
/// like a new one; the .ics SEQUENCE rises; the other side is told; a moved video call's room
/// is made again for the new times.
pub async fn update(
    ctx: &Context,
    viewer: Uuid,
    id: Uuid,
    changes: AppointmentChanges,
) -> Result<Appointment, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let before = get(db, viewer, Role::User, id).await?;
    let side = before.booking.side_of(viewer).ok_or(ServiceError::NotFound("appointment"))?;
    if !before.booking.status.is_active() {
        return Err(ServiceError::refused(ErrorCode::BookingClosed, "This appointment is closed and cannot change."));
    }
    if before.booking.starts_at <= now {
        return Err(ServiceError::refused(
            ErrorCode::AlreadyStarted,
            "This appointment has started and cannot change.",
        ));
    }
    let kind = before.kind.clone().ok_or(ServiceError::NotFound("appointment type"))?;
    let meeting = changes.meeting_type.unwrap_or(before.booking.meeting_type);
    if !kind.meeting_types.contains(&meeting) {
        return Err(ServiceError::invalid("meetingType", "is not offered by this appointment type"));
    }
    let phone = changes.details.phone.clone().or(before.booking.phone.clone());
    let address = changes.details.address.clone().or(before.booking.address.clone());
    match meeting {
        MeetingType::Phone if phone.is_none() => {
            return Err(ServiceError::invalid("phone", "is required for a phone appointment"));
        }
        MeetingType::InPerson if address.is_none() => {
            return Err(ServiceError::invalid("address", "is required for an appointment in person"));
        }
        _ => {}
    }
    // A new reason must be one of the host's current ones; the one given before stays valid.
    reason_label(db, kind.host_id, changes.reason_id).await?;
    let reason_id = changes.reason_id.or(before.booking.reason_id);
    let moved = changes.starts_at.filter(|t| *t != before.booking.starts_at);
    let txn = bookings::begin_booking(db).await?;
    let mut update = booking::Entity::update_many()
        .col_expr(booking::Column::MeetingType, Expr::value(meeting))
        .col_expr(booking::Column::ReasonId, Expr::value(reason_id))
        .col_expr(booking::Column::Phone, Expr::value(phone))
        .col_expr(booking::Column::Address, Expr::value(address))
        .col_expr(booking::Column::CalendarSequence, crate::db::plus_one(booking::Column::CalendarSequence))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now));
    if let Some(message) = changes.details.message.clone().filter(|_| side == Side::Guest) {
        update = update.col_expr(booking::Column::Message, Expr::value(message));
    }
    if let Some(start) = moved {
        let end = start + Duration::minutes(i64::from(kind.duration_minutes));
        update = update
            .col_expr(booking::Column::StartsAt, Expr::value(start))
            .col_expr(booking::Column::EndsAt, Expr::value(end))
            .col_expr(booking::Column::DailyRoomName, Expr::value(Option::<String>::None))
            .col_expr(booking::Column::DailyRoomUrl, Expr::value(Option::<String>::None))
            .col_expr(booking::Column::RoomRetryAt, Expr::value(Option::<DateTime<Utc>>::None));
    }
    // A write first (SQLite's lock), then the checks on the state it protects.
    update
        .filter(booking::Column::Id.eq(id))
        .exec(&txn)
        .await
        .map_err(|err| moved_into_a_clash(&err).unwrap_or(err.into()))?;
    if let Some(start) = moved {
        let end = start + Duration::minutes(i64::from(kind.duration_minutes));
        let sqlite = db.get_database_backend() != sea_orm::DbBackend::Postgres;
        let clash = sqlite && bookings::host_is_busy(&txn, kind.host_id, start, end, now, Some(id)).await?;
        if clash || !slots::is_free(&txn, &kind, start, now, Some(id)).await? {
            return Err(slot_unavailable());
        }
    }
    let mut offer = call_offer::Entity::update_many().col_expr(call_offer::Column::UpdatedAt, Expr::value(now));
    if let Some(start) = moved {
        offer = offer.col_expr(call_offer::Column::DateTime, Expr::value(start));
    }
    if let Some(title) = changes.details.title.clone() {
        offer = offer.col_expr(call_offer::Column::Title, Expr::value(title));
    }
    if let Some(description) = changes.details.description.clone() {
        offer = offer.col_expr(call_offer::Column::Description, Expr::value(description));
    }
    offer.filter(call_offer::Column::Id.eq(before.booking.offer.id)).exec(&txn).await?;
    let after = bookings::by_id(&txn, id).await?;
    let other = after.party(side.other()).clone();
    let me = after.party(side).clone();
    let when = after.starts_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let what = params([("title", after.offer.title.clone()), ("with", me.name.clone()), ("when", when)]);
    ctx.events.publish_when_committed(
        &ctx.db,
        notifications::notify(
            &txn,
            other.user_id,
            NotificationType::AppointmentRescheduled,
            what,
            Some(Route::Booking(id)),
        )
        .await?,
    );
    if after.status == BookingStatus::Confirmed {
        outbox::booking_rescheduled(&txn, &after, &ctx.settings).await?;
    }
    txn.commit().await?;
    ctx.events.publish(Outgoing::booking(id, after.status, &[after.guest.user_id, after.host.user_id])).await;
    if let (Some(_), Some(room), Some(rooms)) = (moved, before.booking.room.as_ref(), ctx.rooms()) {
        // The room was made for the old times: delete it; the rooms job makes the new one.
        if let Err(err) = rooms.delete_room(&room.name).await {
            tracing::warn!(room = %room.name, error = %err, "moved appointment's old room not deleted");
        }
    }
    ctx.waker.wake();
    get(db, viewer, Role::User, id).await
}

/// A move refused by PostgreSQL's exclusion constraint: the host is busy then.
fn moved_into_a_clash(err: &sea_orm::DbErr) -> Option<ServiceError> {
    crate::error::is_exclusion_violation(err, migration::HOST_NO_OVERLAP).then(slot_unavailable)
}

/// Cancels an appointment (either participant), refunds per the policy, and deletes its room
/// at once.
pub async fn cancel(
    ctx: &Context,
    viewer: Uuid,
    id: Uuid,
    reason: Option<String>,
) -> Result<Appointment, ServiceError> {
    let before = get(&ctx.db, viewer, Role::User, id).await?;
    bookings::cancel(ctx, viewer, id, reason).await?;
    if let (Some(room), Some(rooms)) = (before.booking.room.as_ref(), ctx.rooms()) {
        match rooms.delete_room(&room.name).await {
            Ok(()) => {
                booking::Entity::update_many()
                    .col_expr(booking::Column::DailyRoomName, Expr::value(Option::<String>::None))
                    .col_expr(booking::Column::DailyRoomUrl, Expr::value(Option::<String>::None))
                    .filter(booking::Column::Id.eq(id))
                    .exec(&ctx.db)
                    .await?;
            }
            Err(err) => {
                tracing::warn!(room = %room.name, error = %err, "cancelled appointment's room left to the cleanup job")
            }
        }
    }
    get(&ctx.db, viewer, Role::User, id).await
}

/// The host marks a held appointment completed or a no-show.
pub async fn settle(ctx: &Context, viewer: Uuid, id: Uuid, t: Transition) -> Result<Appointment, ServiceError> {
    let before = get(&ctx.db, viewer, Role::User, id).await?;
    if before.booking.host.user_id != viewer {
        return Err(ServiceError::refused(ErrorCode::NotHost, "Only the host marks how an appointment went."));
    }
    let now = Utc::now();
    if before.booking.starts_at > now {
        return Err(ServiceError::refused(ErrorCode::NotStarted, "This appointment has not started yet."));
    }
    t.apply(&before.booking.state, now)
        .map_err(|refused| ServiceError::refused(ErrorCode::BookingClosed, refused.to_string()))?;
    let txn = bookings::begin_booking(&ctx.db).await?;
    let which = Condition::all().add(booking::Column::Id.eq(id));
    if bookings::transition(&txn, which, t, now, Details::default()).await? != 1 {
        return Err(ServiceError::refused(ErrorCode::StaleState, "This appointment changed meanwhile; reload it."));
    }
    call_offer::Entity::update_many()
        .col_expr(call_offer::Column::Status, Expr::value(OfferStatus::Completed))
        .filter(call_offer::Column::Id.eq(before.booking.offer.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    let people = [before.booking.guest.user_id, before.booking.host.user_id];
    let status = if t == Transition::Complete { BookingStatus::Completed } else { BookingStatus::NoShow };
    ctx.events.publish(Outgoing::booking(id, status, &people)).await;
    get(&ctx.db, viewer, Role::User, id).await
}

/// One of a host's clients: someone who booked with them, or a prospect they booked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The account.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Without an account of their own.
    pub prospect: bool,
}

/// The host's clients whose name or e-mail contains `search`, by name.
pub async fn clients(
    db: &DatabaseConnection,
    host_id: Uuid,
    search: Option<String>,
) -> Result<Vec<Client>, ServiceError> {
    super::host(db, host_id).await?;
    let booked = sea_orm::sea_query::Query::select()
        .column(booking::Column::UserId)
        .from(booking::Entity)
        .and_where(Expr::col((booking::Entity, booking::Column::HostId)).eq(host_id))
        .to_owned();
    let mut query = user::Entity::find().filter(user::Column::Id.in_subquery(booked));
    if let Some(text) = search.map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        let pattern = crate::db::contains_pattern(&text);
        query = query.filter(
            // Names in search-key form (case-insensitive in any script, the same on both engines).
            Condition::any()
                .add(Expr::col((user::Entity, user::Column::NameKey)).like(LikeExpr::new(&pattern).escape('\\')))
                .add(Expr::col((user::Entity, user::Column::Email)).like(LikeExpr::new(&pattern).escape('\\'))),
        );
    }
    Ok(query
        .order_by_asc(user::Column::Name)
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Client { id: u.id, name: u.name, email: u.email, prospect: u.is_prospect })
        .collect())
}

/// A session for a prospect arriving through their appointment's link: the account the key
/// names, when the key is genuine, unexpired and for this booking.
pub async fn guest_account_of_link(ctx: &Context, booking_id: Uuid, key: &str) -> Result<Uuid, ServiceError> {
    let user_id = ctx.settings.keys.verify_guest_key(key, booking_id)?;
    let booking = bookings::by_id(&ctx.db, booking_id).await?;
    if booking.guest.user_id != user_id {
        return Err(ServiceError::refused(ErrorCode::Unauthorized, "This link is invalid or has expired."));
    }
    Ok(user_id)
}
