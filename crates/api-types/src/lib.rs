//! The JSON shapes of the Callstar API, defined once for the server and the web app.
//!
//! Field names are camelCase on the wire. With the `openapi` feature each type also
//! carries its OpenAPI schema.

pub mod auth;
pub mod calls;
pub mod health;
pub mod operations;
pub mod page;
pub mod paid_calls;
pub mod problem;

pub use auth::*;
pub use calls::*;
pub use health::*;
pub use operations::*;
pub use page::*;
pub use paid_calls::*;
pub use problem::*;
