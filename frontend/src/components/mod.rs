//! Reusable pieces of the interface.

pub mod field;
pub mod guard;
pub mod header;
pub mod instant_call;
pub mod status;
pub mod table;
pub mod toasts;
