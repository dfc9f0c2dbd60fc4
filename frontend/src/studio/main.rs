//! The creators' studio bundle (`callstar-studio`, entry `studio.html`): a creator's offers and
//! public profile with Stripe onboarding. Only creators open these pages, so their forms cost
//! fans nothing.

mod app;
mod offers;
mod profile;

fn main() {
    callstar_web::start(app::App);
}
