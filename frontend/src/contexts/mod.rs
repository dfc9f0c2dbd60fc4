//! App-wide state, each with a `provide_*` function: the session, toasts, the language, the
//! real-time channel and the unread-notification count.

pub mod locale;
pub mod realtime;
pub mod session;
pub mod toasts;
pub mod unread;
