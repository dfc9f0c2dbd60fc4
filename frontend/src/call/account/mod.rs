//! A signed-in person's own pages, kept in the call bundle with the call they lead to: a fan's
//! dashboard, booking and paying for an offer, a booking, the calls list, notifications and the
//! profile. The main bundle keeps what a visitor sees before signing in.

pub mod book;
pub mod booking;
pub mod calls;
pub mod dashboard;
pub mod notifications;
pub mod profile;
