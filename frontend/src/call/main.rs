//! The call bundle (`callstar-call`, entry `call.html`): a signed-in person's own pages (a fan's
//! dashboard, booking and paying, a booking, the calls list, notifications, the profile) and the
//! call they lead to: the call page in its four phases, the summary, the Daily.co bridge, and a
//! prospect's way in by appointment link. A visitor never downloads it: the main bundle holds
//! what comes before signing in.

mod account;
mod app;
mod countdown;
mod daily;
mod device_test;
mod guest;
mod in_call;
mod page;
mod report;
mod summary;
mod transition;

fn main() {
    callstar_web::start(app::App);
}
