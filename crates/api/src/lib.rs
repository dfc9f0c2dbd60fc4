//! Callstar's HTTP API on actix-web: the route tree, extractors, the problem-details error
//! type, rate limiting, metrics and the OpenAPI document built from the handlers.
//!
//! Handlers stay thin: parse, authorize, call a `service` function, map the result.

pub mod client_ip;
pub mod error;
pub mod extract;
pub mod fallback;
mod input;
pub mod json;
pub mod metrics;
pub mod openapi;
pub mod rate_limit;
pub mod request_id;
pub mod routes;
pub mod security_headers;
mod socket;
pub mod spa;
pub mod state;
mod wire;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, web};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub use error::ApiError;
pub use state::{AppState, Settings};

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api-docs/openapi.json";

/// The support page linked from every e-mail: static, bilingual, readable without signing in.
async fn help() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "public, max-age=3600"))
        .insert_header((actix_web::http::header::CONTENT_SECURITY_POLICY, security_headers::STATIC_PAGE))
        .body(include_str!("../static/help.html"))
}

/// The whole application: routes, documentation, middleware, error handlers.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, spec) =
        App::new().into_utoipa_app().openapi(openapi::base()).configure(routes::configure).split_for_parts();
    let spec = openapi::finish(spec);
    let route_table = web::Data::new(fallback::RouteTable::from_openapi(&spec));
    app.app_data(state)
        .app_data(route_table)
        .app_data(json::payload_config())
        .app_data(error::path_config())
        .app_data(error::query_config())
        .service(SwaggerUi::new("/swagger-ui/{_:.*}").url(OPENAPI_PATH, spec))
        .service(web::redirect("/swagger-ui", "/swagger-ui/"))
        .route("/help", web::get().to(help))
        .default_service(web::to(fallback::not_found))
        .wrap(actix_web::middleware::Compress::default())
        .wrap(from_fn(security_headers::add))
        .wrap(from_fn(metrics::track))
        .wrap(from_fn(request_id::echo))
        .wrap(TracingLogger::default())
}

/// The OpenAPI document, exactly as served at [`OPENAPI_PATH`].
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, spec) =
        App::new().into_utoipa_app().openapi(openapi::base()).configure(routes::configure).split_for_parts();
    openapi::finish(spec)
}
