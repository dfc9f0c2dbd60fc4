//! Prometheus metrics: request counts and latencies by route pattern, and the open
//! WebSockets, served at `/metrics`. Every label comes from a fixed set: the route pattern
//! (never the raw path), a standard method name or `other` (a client may send any method
//! token), and the status code.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};

use crate::AppState;

/// The registry and the HTTP collectors of one server.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    durations: HistogramVec,
    /// WebSockets open on this instance.
    pub websockets: IntGauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with the HTTP collectors registered.
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("callstar".to_owned()), None).unwrap_or_default();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route pattern and status"),
            &["method", "route", "status"],
        );
        let durations = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by method and route pattern"),
            &["method", "route"],
        );
        let websockets = IntGauge::new("websockets_open", "WebSockets open on this instance");
        // Construction only fails on invalid metric names, which are constants here.
        let (Ok(requests), Ok(durations), Ok(websockets)) = (requests, durations, websockets) else {
            unreachable!("constant metric definitions are valid")
        };
        let _ = registry.register(Box::new(requests.clone()));
        let _ = registry.register(Box::new(durations.clone()));
        let _ = registry.register(Box::new(websockets.clone()));
        Self { registry, requests, durations, websockets }
    }

    /// The text exposition of every metric.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        if TextEncoder::new().encode(&self.registry.gather(), &mut buffer).is_err() {
            return String::new();
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}

/// Middleware: counts and times every request by its route pattern (never the raw path,
/// which would explode the label set).
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let metrics = req.app_data::<web::Data<AppState>>().map(|state| state.metrics.clone());
    let method = method_label(req.method());
    let response = next.call(req).await?;
    if let Some(metrics) = metrics {
        let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
        let status = response.status().as_u16().to_string();
        metrics.requests.with_label_values(&[method, route.as_str(), status.as_str()]).inc();
        metrics.durations.with_label_values(&[method, route.as_str()]).observe(started.elapsed().as_secs_f64());
    }
    Ok(response)
}

/// The method's label: one of the standard methods, or `other`.
fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::Method;

    use super::*;

    #[test]
    fn methods_outside_the_standard_ones_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::PATCH), "PATCH");
        for token in ["FOO", "PROPFIND", "X-RANDOM-123"] {
            assert_eq!(method_label(&Method::from_bytes(token.as_bytes()).unwrap()), "other", "{token}");
        }
    }
}
