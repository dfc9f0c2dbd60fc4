//! App-wide state, each with a `provide_*` function: the session, toasts, the language and
//! the unread-notification count.

pub mod locale;
pub mod session;
pub mod toasts;
pub mod unread;
