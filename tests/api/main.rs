//! The API suite: the real server over HTTP, each test on SQLite and on PostgreSQL.

#![expect(clippy::unwrap_used, reason = "a failing test should stop at the failing line")]

mod admin;
mod auth;
mod authorization;
mod calls;
mod engines;
mod errors;
mod fans;
mod holds;
mod instant_calls;
mod jobs;
mod limits;
mod money;
mod openapi;
mod operations;
mod organizations;
mod paid_calls;
mod payouts;
mod planning;
mod realtime;
mod rush;
mod spa;
mod stripe;
mod tokens;
mod video;
