//! The Callstar server: configuration, start-up wiring and the operator commands.
//! `main.rs` only parses the command line and calls into here, so tests can start the
//! very same application on port 0.

pub mod background;
pub mod config;
pub mod startup;
pub mod telemetry;

pub use config::{Config, ConfigError};
pub use startup::Application;
