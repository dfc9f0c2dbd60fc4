//! sea-orm entities: one module per table. Columns hold plain values; the service layer
//! turns them into domain types.

pub mod refresh_token;
pub mod user;
