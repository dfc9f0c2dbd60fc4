//! Coach planning in the web app (issue 12, seed 001): the host's calendar, the new-appointment
//! wizard, an appointment's page, the settings (types, reasons, availability) and the
//! dashboard's "Today's appointments"; the client's appointments and booking with a host.
//! Every request goes through `callstar_web::api`; times are shown in the viewer's zone.

pub mod book;
pub mod calendar;
pub mod card;
pub mod client;
pub mod data;
pub mod details;
pub mod fields;
pub mod page;
pub mod pay;
pub mod settings;
pub mod slots;
pub mod today;
pub mod wizard;
