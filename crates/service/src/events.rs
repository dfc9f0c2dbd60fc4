//! Real-time events: what the server pushes to the open WebSockets of one person (every tab
//! of theirs, nobody else's).
//!
//! A use case decides events inside its transaction and collects them in an [`Outgoing`]
//! (`#[must_use]`: forgetting one is a compile error); once the transaction has committed
//! it hands them to [`Events::publish`], so nobody hears of a change that was rolled back.
//! A function deep inside a transaction it does not commit hands them to
//! [`Events::publish_when_committed`] instead, which publishes once the change is visible.
//!
//! Delivery has two transports, chosen from the database URL: with SQLite (one instance) an
//! in-process fan-out; with PostgreSQL every instance `LISTEN`s on one channel and a
//! publish is a `NOTIFY` (payload `{userId, type, data}`, under PostgreSQL's 8,000-byte
//! limit), so an event raised on instance A reaches a socket held by instance B. Each
//! instance then fans out to the sockets it holds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::calls::Call;
use crate::notifications::Notification;

/// The PostgreSQL channel every instance listens on.
pub const CHANNEL: &str = "callstar_events";

/// PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; stay clear of it.
pub const MAX_PAYLOAD: usize = 7_900;

/// Messages a socket may be behind before it is closed (its client reconnects and reloads).
const BACKLOG: usize = 64;

/// The longest notification text carried by an event; the full text is in the list.
const MAX_MESSAGE_CHARS: usize = 1_000;

/// A booking of the reader changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingChange {
    /// The booking.
    pub booking_id: Uuid,
    /// Its status now.
    pub status: domain::booking::BookingStatus,
}

/// What an event says (the WebSocket message's `type` and `data`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "kebab-case")]
pub enum Message {
    /// Someone calls the reader.
    IncomingCall(Call),
    /// A call of the reader changed status.
    CallStatus(Call),
    /// A new in-app notification, in the reader's language.
    Notification(Notification),
    /// A booking of the reader changed.
    BookingUpdated(BookingChange),
}

/// One message for one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Whose sockets receive it.
    pub user_id: Uuid,
    /// What it says.
    #[serde(flatten)]
    pub message: Message,
}

/// Events decided inside a transaction, to publish once it has committed.
#[derive(Debug, Default)]
#[must_use = "publish them with `Events::publish` once the transaction has committed"]
pub struct Outgoing(Vec<Event>);

impl Outgoing {
    /// Nothing to publish yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One event.
    pub fn one(user_id: Uuid, message: Message) -> Self {
        Self(vec![Event { user_id, message }])
    }

    /// Adds one event.
    pub fn push(&mut self, user_id: Uuid, message: Message) {
        self.0.push(Event { user_id, message });
    }

    /// Adds the events of another change.
    pub fn add(&mut self, other: Outgoing) {
        self.0.extend(other.0);
    }

    /// That a booking changed, for each of its participants.
    pub fn booking(booking_id: Uuid, status: domain::booking::BookingStatus, people: &[Uuid]) -> Self {
        let mut outgoing = Self::new();
        for user_id in people {
            outgoing.push(*user_id, Message::BookingUpdated(BookingChange { booking_id, status }));
        }
        outgoing
    }

    /// The events, in order.
    pub fn into_events(self) -> Vec<Event> {
        self.0
    }
}

type Senders = HashMap<Uuid, broadcast::Sender<Arc<Message>>>;

/// How published events leave this instance.
#[derive(Debug)]
enum Transport {
    /// Straight to this instance's sockets (SQLite: one instance).
    InProcess,
    /// Through PostgreSQL's NOTIFY, heard by every instance (this one included).
    Postgres(DatabaseConnection),
}

#[derive(Debug)]
struct Hub {
    senders: Mutex<Senders>,
    transport: Transport,
}

/// The event hub of one server instance: publishes events and fans them out to the
/// sockets of this instance. Cloning shares it.
#[derive(Debug, Clone)]
pub struct Events(Arc<Hub>);

impl Default for Events {
    fn default() -> Self {
        Self::in_process()
    }
}

/// Why a subscription stopped delivering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Missed {
    /// The socket fell too far behind; some messages were dropped.
    #[error("{0} messages were dropped because the socket was too slow")]
    Lagged(u64),
    /// The hub is gone (the server stops).
    #[error("the server is stopping")]
    Closed,
}

/// The events of one person, for one socket. Dropping it unsubscribes.
#[derive(Debug)]
pub struct Subscription {
    user_id: Uuid,
    receiver: broadcast::Receiver<Arc<Message>>,
    hub: Events,
}

impl Subscription {
    /// The next message for this person.
    pub async fn recv(&mut self) -> Result<Arc<Message>, Missed> {
        self.receiver.recv().await.map_err(|err| match err {
            broadcast::error::RecvError::Lagged(n) => Missed::Lagged(n),
            broadcast::error::RecvError::Closed => Missed::Closed,
        })
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut senders = self.hub.0.senders.lock().unwrap_or_else(PoisonError::into_inner);
        // This receiver still counts while it is being dropped.
        if senders.get(&self.user_id).is_some_and(|sender| sender.receiver_count() <= 1) {
            senders.remove(&self.user_id);
        }
    }
}

impl Events {
    /// A hub whose events go straight to this instance's sockets (SQLite, one instance).
    pub fn in_process() -> Self {
        Self(Arc::new(Hub { senders: Mutex::default(), transport: Transport::InProcess }))
    }

    /// A hub that publishes through PostgreSQL `NOTIFY` on `db`, and the task that `LISTEN`s
    /// on a connection of its own to `url` and fans out what it hears. Listening has begun
    /// when this returns; abort the task when the server stops.
    pub async fn postgres(db: DatabaseConnection, url: &str) -> Result<(Self, JoinHandle<()>), sqlx::Error> {
        let mut listener = sqlx::postgres::PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        let hub = Self(Arc::new(Hub { senders: Mutex::default(), transport: Transport::Postgres(db) }));
        let task = tokio::spawn(listen(listener, hub.clone()));
        Ok((hub, task))
    }

    /// Whether events cross instances through PostgreSQL.
    pub fn is_shared(&self) -> bool {
        matches!(self.0.transport, Transport::Postgres(_))
    }

    /// The events of `user_id` from now on, for one socket.
    pub fn subscribe(&self, user_id: Uuid) -> Subscription {
        let mut senders = self.0.senders.lock().unwrap_or_else(PoisonError::into_inner);
        let receiver = senders.entry(user_id).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe();
        Subscription { user_id, receiver, hub: self.clone() }
    }

    /// How many people have at least one socket on this instance.
    pub fn connected_people(&self) -> usize {
        self.0.senders.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Publishes events whose change has committed. Never fails the caller (the change is
    /// done): a publication that fails is logged, and clients catch up when they reload.
    pub async fn publish(&self, outgoing: Outgoing) {
        match &self.0.transport {
            Transport::InProcess => outgoing.0.into_iter().for_each(|event| self.deliver(event)),
            Transport::Postgres(db) => self.notify(db, outgoing.0).await,
        }
    }

    /// One statement (so one commit, PostgreSQL's notification queue being a point of
    /// contention) for all the events of one change, in order.
    async fn notify(&self, db: &DatabaseConnection, events: Vec<Event>) {
        let mut sent = Vec::with_capacity(events.len());
        let mut values = vec![CHANNEL.into()];
        for event in events {
            match encode(&event) {
                Some(payload) => {
                    values.push(payload.into());
                    sent.push(event);
                }
                None => {
                    // Too large to cross instances: at least this instance's sockets hear it.
                    tracing::error!(user_id = %event.user_id, "event too large for NOTIFY; delivered on this instance only");
                    self.deliver(event);
                }
            }
        }
        if sent.is_empty() {
            return;
        }
        let calls: Vec<String> = (0..sent.len()).map(|i| format!("pg_notify($1, ${})", i + 2)).collect();
        let statement =
            Statement::from_sql_and_values(DbBackend::Postgres, format!("SELECT {}", calls.join(", ")), values);
        if let Err(err) = db.execute_raw(statement).await {
            tracing::error!(error = %err, events = sent.len(), "NOTIFY failed; events delivered on this instance only");
            sent.into_iter().for_each(|event| self.deliver(event));
        }
    }

    /// Publishes events decided inside a transaction that someone further up commits (the
    /// money flows, reached through several layers): a task waits until the change is
    /// visible on `db` — every notification of it stored, every announced booking status the
    /// stored one — and then publishes. A change rolled back never becomes visible, and its
    /// events are dropped after [`COMMIT_WAIT`].
    pub fn publish_when_committed(&self, db: &DatabaseConnection, outgoing: Outgoing) {
        if outgoing.0.is_empty() {
            return;
        }
        let (hub, db) = (self.clone(), db.clone());
        tokio::spawn(async move {
            let started = tokio::time::Instant::now();
            let mut pause = Duration::from_millis(10);
            while started.elapsed() < COMMIT_WAIT {
                match visible(&db, &outgoing.0).await {
                    Ok(true) => return hub.publish(outgoing).await,
                    Ok(false) => {}
                    Err(err) => tracing::warn!(error = %err, "checking that a change committed failed; retrying"),
                }
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(500));
            }
            tracing::info!(events = outgoing.0.len(), "a change was not committed in time; its events are dropped");
        });
    }

    /// Hands an event to the sockets of its person on this instance (none: nothing to do).
    pub fn deliver(&self, event: Event) {
        let senders = self.0.senders.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = senders.get(&event.user_id) {
            // An error only means every socket of theirs closed meanwhile.
            let _ = sender.send(Arc::new(event.message));
        }
    }
}

/// How long [`Events::publish_when_committed`] waits for a change to become visible.
pub const COMMIT_WAIT: Duration = Duration::from_secs(30);

/// Whether the change the events announce is visible: their notifications are stored and
/// their bookings have the announced status.
async fn visible(db: &DatabaseConnection, events: &[Event]) -> Result<bool, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
    let mut notifications: Vec<Uuid> = Vec::new();
    let mut bookings: Vec<(Uuid, domain::booking::BookingStatus)> = Vec::new();
    for event in events {
        match &event.message {
            Message::Notification(n) => notifications.push(n.id),
            Message::BookingUpdated(change) => bookings.push((change.booking_id, change.status)),
            Message::IncomingCall(_) | Message::CallStatus(_) => {}
        }
    }
    notifications.sort_unstable();
    notifications.dedup();
    if !notifications.is_empty() {
        let stored = entity::notification::Entity::find()
            .filter(entity::notification::Column::Id.is_in(notifications.clone()))
            .count(db)
            .await?;
        if stored < notifications.len() as u64 {
            return Ok(false);
        }
    }
    for (id, status) in bookings {
        let stored: Option<domain::booking::BookingStatus> = entity::booking::Entity::find_by_id(id)
            .select_only()
            .column(entity::booking::Column::Status)
            .into_tuple()
            .one(db)
            .await?;
        if stored != Some(status) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The NOTIFY payload of an event, shortened to fit: a long notification text is cut (the
/// list has it whole); `None` when it still does not fit.
fn encode(event: &Event) -> Option<String> {
    let payload = serde_json::to_string(event).ok()?;
    if payload.len() <= MAX_PAYLOAD {
        return Some(payload);
    }
    let Message::Notification(notification) = &event.message else { return None };
    let mut short = notification.clone();
    short.message = short.message.chars().take(MAX_MESSAGE_CHARS).collect::<String>() + "…";
    let payload =
        serde_json::to_string(&Event { user_id: event.user_id, message: Message::Notification(short) }).ok()?;
    (payload.len() <= MAX_PAYLOAD).then_some(payload)
}

/// Fans out what PostgreSQL delivers on [`CHANNEL`] until the task is aborted. A lost
/// connection is re-established (events published meanwhile are lost: clients reload
/// what they show when their socket reconnects).
async fn listen(mut listener: sqlx::postgres::PgListener, hub: Events) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => match serde_json::from_str::<Event>(notification.payload()) {
                Ok(event) => hub.deliver(event),
                Err(err) => tracing::warn!(error = %err, "an event on the NOTIFY channel could not be read"),
            },
            Ok(None) => tracing::warn!("the LISTEN connection was lost; reconnecting (events meanwhile are lost)"),
            Err(err) => {
                tracing::error!(error = %err, "LISTEN failed; retrying in a second");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use domain::booking::BookingStatus;
    use domain::notification::NotificationType;

    fn notification(message: String) -> Notification {
        Notification {
            id: Uuid::nil(),
            notification_type: NotificationType::System,
            title: "Callstar".into(),
            message,
            link: None,
            read: false,
            created_at: Utc::now(),
        }
    }

    #[tokio::test]
    async fn every_tab_of_a_person_hears_their_events_and_nobody_else_does() {
        let hub = Events::in_process();
        let (ann, bob) = (Uuid::new_v4(), Uuid::new_v4());
        let mut tab1 = hub.subscribe(ann);
        let mut tab2 = hub.subscribe(ann);
        let mut other = hub.subscribe(bob);
        hub.publish(Outgoing::booking(Uuid::nil(), BookingStatus::Confirmed, &[ann])).await;
        for tab in [&mut tab1, &mut tab2] {
            assert!(
                matches!(&*tab.recv().await.unwrap(), Message::BookingUpdated(c) if c.status == BookingStatus::Confirmed)
            );
        }
        assert!(other.receiver.try_recv().is_err(), "bob heard nothing");
        assert_eq!(hub.connected_people(), 2);
        drop(tab1);
        assert_eq!(hub.connected_people(), 2, "ann still has a tab");
        drop(tab2);
        drop(other);
        assert_eq!(hub.connected_people(), 0, "closing the last tab unsubscribes");
    }

    #[test]
    fn the_wire_payload_is_user_type_data_and_stays_under_the_limit() {
        let event = Event {
            user_id: Uuid::nil(),
            message: Message::BookingUpdated(BookingChange {
                booking_id: Uuid::nil(),
                status: BookingStatus::Cancelled,
            }),
        };
        let json: serde_json::Value = serde_json::from_str(&encode(&event).unwrap()).unwrap();
        assert_eq!(json["userId"], Uuid::nil().to_string());
        assert_eq!(json["type"], "booking-updated");
        assert_eq!(json["data"]["status"], "cancelled");
        assert_eq!(serde_json::from_value::<Event>(json).unwrap(), event);

        let long = Event { user_id: Uuid::nil(), message: Message::Notification(notification("x".repeat(20_000))) };
        let payload = encode(&long).unwrap();
        assert!(payload.len() <= MAX_PAYLOAD);
        let back: Event = serde_json::from_str(&payload).unwrap();
        assert!(matches!(back.message, Message::Notification(n) if n.message.chars().count() == MAX_MESSAGE_CHARS + 1));
    }
}
