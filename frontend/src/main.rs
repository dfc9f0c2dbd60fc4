//! The main bundle (`callstar-frontend`, entry `index.html`): the pages of visitors and fans,
//! and those every signed-in person shares. `main` only mounts [`callstar_web::app::App`].

fn main() {
    callstar_web::start(callstar_web::app::App);
}
