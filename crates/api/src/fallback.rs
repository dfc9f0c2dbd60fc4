//! Answers for requests no route took: 405 with `Allow` when the path exists with other
//! methods, 404 otherwise, both as problem details. Known paths come from the OpenAPI
//! document, so this can never disagree with the routes.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;

use crate::{ApiError, AppState};

/// Every documented path template with its methods.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<String>)>,
}

#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

impl RouteTable {
    /// Reads the paths of an OpenAPI document.
    pub fn from_openapi(spec: &OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template
                    .split('/')
                    .map(|s| {
                        if s.starts_with('{') && s.ends_with('}') {
                            Segment::Param
                        } else {
                            Segment::Literal(s.to_owned())
                        }
                    })
                    .collect();
                let methods = [
                    ("GET", &item.get),
                    ("POST", &item.post),
                    ("PUT", &item.put),
                    ("PATCH", &item.patch),
                    ("DELETE", &item.delete),
                ]
                .into_iter()
                .filter(|(_, op)| op.is_some())
                .map(|(method, _)| method.to_owned())
                .collect();
                (segments, methods)
            })
            .collect();
        Self { routes }
    }

    /// The methods a concrete path supports, if it is a known path.
    pub fn methods_for(&self, path: &str) -> Option<&[String]> {
        let parts: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .find(|(segments, _)| {
                segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(segment, part)| match segment {
                        Segment::Literal(literal) => literal == part,
                        Segment::Param => !part.is_empty(),
                    })
            })
            .map(|(_, methods)| methods.as_slice())
    }
}

/// The default service: the web app for browser GETs outside the API, problem details otherwise.
pub async fn not_found(
    req: HttpRequest,
    table: web::Data<RouteTable>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let is_api = req.path() == "/api" || req.path().starts_with("/api/");
    if !is_api && matches!(*req.method(), Method::GET | Method::HEAD) && table.methods_for(req.path()).is_none() {
        return Ok(crate::spa::serve(&req, &state.settings.frontend_dir).await);
    }
    Err(match table.methods_for(req.path()) {
        Some(methods) => ApiError::method_not_allowed(methods.to_vec()),
        None => ApiError::not_found(format!("There is nothing at {}.", req.path())),
    })
}
