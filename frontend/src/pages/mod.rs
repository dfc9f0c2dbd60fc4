//! The main bundle's pages, one module per route (the other bundles keep theirs in `call/`,
//! `studio/` and `admin/`).

pub mod book;
pub mod booking;
pub mod calls;
pub mod creators;
pub mod dashboard;
pub mod home;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod profile;
pub mod register;
