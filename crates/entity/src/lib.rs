//! sea-orm entities: one module per table. Statuses, currencies, locales, roles, levels and
//! the like are typed domain values (a stored spelling the type does not know fails to load,
//! with an error naming the column); the service turns rows into named read models.

pub mod appointment_reason;
pub mod appointment_type;
pub mod availability;
pub mod availability_override;
pub mod booking;
pub mod call_log;
pub mod call_offer;
pub mod call_request;
pub mod creator;
pub mod dispute;
pub mod email;
pub mod invitation;
pub mod job_lease;
pub mod job_run;
pub mod ledger_entry;
pub mod notification;
pub mod organization;
pub mod organization_member;
pub mod payment;
pub mod payout;
pub mod payout_audit;
pub mod refresh_token;
pub mod refund;
pub mod reminder;
pub mod review;
pub mod stripe_event;
pub mod system_log;
pub mod user;
pub mod video_call;
pub mod ws_ticket;
