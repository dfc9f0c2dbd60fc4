//! The JSON shapes of the Callstar API, defined once for the server and the web app.
//!
//! Field names are camelCase on the wire. With the `openapi` feature each type also
//! carries its OpenAPI schema.

pub mod auth;
pub mod bookings;
pub mod call_requests;
pub mod calls;
pub mod creators;
pub mod dashboards;
pub mod health;
pub mod notifications;
pub mod offers;
pub mod operations;
pub mod organizations;
pub mod page;
pub mod payments;
pub mod payouts;
pub mod planning;
pub mod problem;
pub mod realtime;
pub mod reviews;
pub mod route;
pub mod video_calls;

pub use auth::*;
pub use bookings::*;
pub use call_requests::*;
pub use calls::*;
pub use creators::*;
pub use dashboards::*;
pub use health::*;
pub use notifications::*;
pub use offers::*;
pub use operations::*;
pub use organizations::*;
pub use page::*;
pub use payments::*;
pub use payouts::*;
pub use planning::*;
pub use problem::*;
pub use realtime::*;
pub use reviews::*;
pub use route::*;
pub use video_calls::*;
