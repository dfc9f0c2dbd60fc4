//! App-wide state, each with a `provide_*` function: the session, toasts and the language.

pub mod locale;
pub mod session;
pub mod toasts;
