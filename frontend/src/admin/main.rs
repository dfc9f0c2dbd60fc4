//! The operators' console bundle (`callstar-admin`, entry `admin.html`): accounts, jobs, the
//! e-mail outbox, the system log, payouts and payments. Only admins open it, so its growth
//! costs fans nothing.

mod app;
mod emails;
mod jobs;
mod logs;
mod payments;
mod payouts;
mod users;
mod widgets;

fn main() {
    callstar_web::start(app::App);
}
