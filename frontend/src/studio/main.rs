//! The creators' studio bundle (`callstar-studio`, entry `studio.html`): a creator's offers,
//! public profile with Stripe onboarding and earnings (balance, payouts, ledger), and coach
//! planning — the host's calendar, wizard and settings, and the client's side of appointments
//! (their list, an appointment's page, booking with a host). Fans open only the client's pages,
//! and only when they book or hold an appointment, so none of this weighs on the main bundle.

mod app;
mod earnings;
mod offers;
mod planning;
mod profile;

fn main() {
    callstar_web::start(app::App);
}
