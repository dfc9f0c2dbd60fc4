//! The route tree, built in one place. One module per resource; handlers are named
//! `<verb>_<resource>`.

pub mod admin_users;
pub mod auth;
pub mod health;
pub mod me;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::get_healthz).service(health::get_readyz).service(health::get_metrics).service(
        scope("/api")
            .service(auth::register)
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(me::get_me)
            .service(me::update_me)
            .service(admin_users::list_users)
            .service(admin_users::get_user),
    );
}
