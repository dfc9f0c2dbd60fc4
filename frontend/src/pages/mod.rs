//! The main bundle's pages, one module per route: what a visitor sees before signing in (the
//! other bundles keep theirs in `call/`, `studio/` and `admin/`).

pub mod creators;
pub mod home;
pub mod login;
pub mod not_found;
pub mod register;
