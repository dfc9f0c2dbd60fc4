//! The call bundle (`callstar-call`, entry `call.html`): the call page in its four phases and
//! the call summary, with the Daily.co bridge, and a prospect's way in by appointment link;
//! and an organization's instant calls (the call itself, the history) and pages (members,
//! invitations). It is reached by a page load from a Join button, an answered call or a link,
//! so nobody downloads it before opening a call.

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
