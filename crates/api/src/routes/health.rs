//! Liveness, readiness and metrics.

use actix_web::{HttpResponse, get, web};
use api_types::HealthStatus;

use crate::AppState;

/// Liveness: the process is up and serving.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The process is up", body = HealthStatus)))]
#[get("/healthz")]
pub async fn get_healthz() -> web::Json<HealthStatus> {
    web::Json(HealthStatus { status: "ok".to_owned(), database: None })
}

/// Readiness: the database answers. 503 when it does not, so a load balancer stops sending traffic.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus),
        (status = 503, description = "The database is unreachable", body = HealthStatus),
    )
)]
#[get("/readyz")]
pub async fn get_readyz(state: web::Data<AppState>) -> HttpResponse {
    if service::db::is_reachable(&state.ctx.db).await {
        HttpResponse::Ok().json(HealthStatus { status: "ok".to_owned(), database: Some("reachable".to_owned()) })
    } else {
        tracing::warn!("readiness check failed: database unreachable");
        HttpResponse::ServiceUnavailable()
            .json(HealthStatus { status: "unavailable".to_owned(), database: Some("unreachable".to_owned()) })
    }
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain; version=0.0.4"))
)]
#[get("/metrics")]
pub async fn get_metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(state.metrics.render())
}
