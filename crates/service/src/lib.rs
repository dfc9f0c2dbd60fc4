//! Callstar's use cases: each public function is one thing a person or a job does,
//! running its SQL (and its transaction, when it needs one) against sea-orm.

pub mod accounts;
pub mod bookings;
pub mod calendar;
pub mod call_logs;
pub mod call_requests;
pub mod calls;
pub mod context;
pub mod creators;
pub mod dashboards;
pub mod db;
pub mod demo;
pub mod email_templates;
pub mod error;
pub mod events;
pub mod jobs;
pub mod ledger;
pub mod no_shows;
pub mod notifications;
pub mod offers;
pub mod organizations;
pub mod outbox;
pub mod passwords;
pub mod payments;
pub mod payouts;
pub mod planning;
pub mod realtime;
pub mod refunds;
pub mod reviews;
pub mod system_logs;
pub mod tokens;
pub mod video;

pub use context::{Context, Settings, Waker};
pub use error::ServiceError;
pub use sea_orm::DatabaseConnection;
