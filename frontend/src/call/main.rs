//! The call bundle (`callstar-call`, entry `call.html`): a signed-in person's own pages (a fan's
//! dashboard, booking and paying, a booking, the calls list, notifications, the profile) and the
//! calls they lead to: the call page in its four phases, the summary, the Daily.co bridge, and a
//! prospect's way in by appointment link; and an organization's instant calls (the call itself,
//! the history, the person picker) and pages (members, invitations). A visitor never downloads
//! it: the main bundle holds what comes before signing in.

mod account;
mod app;
mod caller;
mod countdown;
mod daily;
mod device_test;
mod guest;
mod history;
mod in_call;
mod instant;
mod organization;
mod page;
mod report;
mod summary;
mod transition;

fn main() {
    callstar_web::start(app::App);
}
