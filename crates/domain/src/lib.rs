//! Callstar's business rules that need no I/O: parsing of user input into domain values,
//! and (as the product grows) money, slots, state machines and call summaries.
//!
//! Everything here is deterministic and unit-tested; the service layer calls it.

#[macro_use]
pub mod stored;

pub mod account;
pub mod booking;
pub mod call;
pub mod call_access;
pub mod call_request;
pub mod dashboard;
pub mod input;
pub mod instant_call;
pub mod ledger;
pub mod localized;
pub mod money;
pub mod no_show;
pub mod notification;
pub mod offer;
pub mod operations;
pub mod organization;
pub mod page;
pub mod payment;
pub mod planning;
pub mod profile;
pub mod review;
pub mod search;
pub mod time_zone;

pub use account::{AccountRuleError, DisplayName, EmailAddress, Locale, Password, Role};
pub use page::{PageError, PageRequest};
pub use time_zone::{TimeZone, UnknownTimeZone};
