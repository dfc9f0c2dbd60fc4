//! The one API error type, rendered as problem details (`application/problem+json`)
//! for every failure, including actix's own body, path and query parse errors.

use std::collections::BTreeMap;

use actix_web::error::{PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError, web};
use api_types::{PROBLEM_JSON, ProblemDetails};
use service::ServiceError;

/// Per-field validation messages, keyed by the camelCase wire name.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// An API failure. Each variant has a stable snake_case code and an HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422: fields are invalid.
    #[error("validation failed")]
    Validation(FieldErrors),
    /// 400: the request could not be understood.
    #[error("{detail}")]
    BadRequest {
        /// Stable code, such as `invalid_json`.
        code: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// 401: not signed in, or credentials refused.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: signed in but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 403: the call's access window is not open yet.
    #[error("The call opens at {opens_at}.")]
    CallNotOpen {
        /// When the window opens.
        opens_at: chrono::DateTime<chrono::Utc>,
    },
    /// 404: nothing the caller may see is here.
    #[error("{0}")]
    NotFound(String),
    /// 405: the path exists with other methods.
    #[error("method not allowed")]
    MethodNotAllowed {
        /// The methods the path supports.
        allow: Vec<String>,
    },
    /// 409: clashes with the current state.
    #[error("{0}")]
    Conflict(String),
    /// 413: the body is too large.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 415: the body is not JSON.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 429: too many requests; retry after this many seconds.
    #[error("too many requests")]
    RateLimited {
        /// Seconds until a retry may succeed.
        retry_after_secs: u64,
    },
    /// 503: a dependency (the database) is unavailable.
    #[error("{0}")]
    Unavailable(String),
    /// 500: our fault. The cause is logged, never sent.
    #[error("internal error: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation_failed",
            Self::BadRequest { code, .. } => code,
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::CallNotOpen { .. } => "call_not_open",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Conflict(_) => "conflict",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable(_) => "service_unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Validation(_) => "Validation failed",
            Self::BadRequest { .. } => "Bad request",
            Self::Unauthorized(_) => "Unauthorized",
            Self::Forbidden(_) => "Forbidden",
            Self::CallNotOpen { .. } => "Call not open yet",
            Self::NotFound(_) => "Not found",
            Self::MethodNotAllowed { .. } => "Method not allowed",
            Self::Conflict(_) => "Conflict",
            Self::PayloadTooLarge(_) => "Payload too large",
            Self::UnsupportedMediaType(_) => "Unsupported media type",
            Self::RateLimited { .. } => "Too many requests",
            Self::Unavailable(_) => "Service unavailable",
            Self::Internal(_) => "Internal server error",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Validation(_) => "Some fields are invalid.".to_owned(),
            Self::MethodNotAllowed { allow } => {
                format!("This path supports only: {}.", allow.join(", "))
            }
            Self::RateLimited { retry_after_secs } => {
                format!("Too many attempts. Try again in {retry_after_secs} seconds.")
            }
            Self::Internal(_) => "Something went wrong on our side. Please try again later.".to_owned(),
            other => other.to_string(),
        }
    }

    /// The problem-details body.
    pub fn problem(&self) -> ProblemDetails {
        ProblemDetails {
            problem_type: format!("urn:callstar:problem:{}", self.code()),
            title: self.title().to_owned(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            code: self.code().to_owned(),
            errors: match self {
                Self::Validation(errors) => Some(errors.clone()),
                _ => None,
            },
            opens_at: match self {
                Self::CallNotOpen { opens_at } => Some(*opens_at),
                _ => None,
            },
        }
    }

    /// An internal error from any cause.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(cause.into())
    }

    /// A validation error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(BTreeMap::from([(field.to_owned(), vec![message.into()])]))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) | Self::CallNotOpen { .. } => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = %cause, cause = ?cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        match self {
            Self::RateLimited { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::MethodNotAllowed { allow } => {
                if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
                    response.insert_header((header::ALLOW, value));
                }
            }
            Self::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::Invalid(fields) => {
                let mut errors = FieldErrors::new();
                for (field, message) in fields {
                    errors.entry(field.to_owned()).or_default().push(message);
                }
                Self::Validation(errors)
            }
            ServiceError::Unauthorized(message) => Self::Unauthorized(message.to_owned()),
            ServiceError::Forbidden(message) => Self::Forbidden(message.to_owned()),
            ServiceError::NotFound(what) => Self::NotFound(format!("No such {what}.")),
            ServiceError::Conflict(message) => Self::Conflict(message),
            err @ (ServiceError::Database(_) | ServiceError::Internal(_)) => Self::internal(err),
        }
    }
}

/// Collects per-field errors from validator and from domain parsers, then fails once
/// with all of them.
#[derive(Debug, Default)]
pub struct Validation {
    errors: FieldErrors,
}

impl Validation {
    /// Starts from the result of `validator::Validate::validate`.
    pub fn from_validator(result: Result<(), validator::ValidationErrors>) -> Self {
        let mut this = Self::default();
        if let Err(errors) = result {
            for (field, list) in errors.field_errors() {
                for error in list {
                    let message = error.message.as_ref().map_or_else(|| error.code.to_string(), ToString::to_string);
                    this.add(&camel_case(&field), message);
                }
            }
        }
        this
    }

    /// Records a message for a field (once).
    pub fn add(&mut self, field: &str, message: String) {
        let messages = self.errors.entry(field.to_owned()).or_default();
        if !messages.contains(&message) {
            messages.push(message);
        }
    }

    /// Keeps a parsed value, or records why it failed.
    pub fn check<T, E: std::fmt::Display>(&mut self, field: &str, parsed: Result<T, E>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(err) => {
                self.add(field, err.to_string());
                None
            }
        }
    }

    /// Fails with every recorded message, if any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(self.errors)) }
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Maps path parameter errors to problem details (404: the resource cannot exist).
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err: PathError, _req| ApiError::NotFound(format!("No such resource: {err}.")).into())
}

/// Maps query string errors to problem details.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        ApiError::BadRequest { code: "invalid_query", detail: format!("The query string is invalid: {err}.") }.into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases_field_names() {
        assert_eq!(camel_case("refresh_token"), "refreshToken");
        assert_eq!(camel_case("email"), "email");
    }

    #[test]
    fn internal_errors_are_opaque() {
        let problem = ApiError::internal("connection reset by peer at 10.0.0.3").problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.contains("10.0.0.3"));
    }
}
