//! The one API error type, rendered as problem details (`application/problem+json`)
//! for every failure, including actix's own body, path and query parse errors. Its code
//! (and so its status) comes from [`ErrorCode`]; any [`CodedError`] converts into it.

use std::collections::BTreeMap;

use actix_web::error::{PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError, web};
use api_types::{CodedError, ErrorCode, PROBLEM_JSON, ProblemDetails};
use chrono::{DateTime, Utc};

/// Per-field validation messages, keyed by the camelCase wire name.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

type Cause = Box<dyn std::error::Error + Send + Sync>;

/// An API failure: a stable code, a message for people and what the code needs besides
/// (boxed: errors travel through every `Result` of the request path).
#[derive(Debug)]
pub struct ApiError(Box<Problem>);

#[derive(Debug)]
struct Problem {
    code: ErrorCode,
    detail: String,
    errors: Option<FieldErrors>,
    opens_at: Option<DateTime<Utc>>,
    allow: Vec<String>,
    retry_after_secs: Option<u64>,
    cause: Option<Cause>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.0.code, self.0.detail)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// A refusal with its code and a message for people.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self(Box::new(Problem {
            code,
            detail: detail.into(),
            errors: None,
            opens_at: None,
            allow: Vec::new(),
            retry_after_secs: None,
            cause: None,
        }))
    }

    fn with(mut self, change: impl FnOnce(&mut Problem)) -> Self {
        change(&mut self.0);
        self
    }

    /// 422 with per-field messages.
    pub fn validation(errors: FieldErrors) -> Self {
        Self::new(ErrorCode::ValidationFailed, "Some fields are invalid.").with(|p| p.errors = Some(errors))
    }

    /// 422 on one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(BTreeMap::from([(field.to_owned(), vec![message.into()])]))
    }

    /// 500: our fault. The cause is logged when the response is built, never sent.
    pub fn internal(cause: impl Into<Cause>) -> Self {
        let cause = cause.into();
        Self::new(ErrorCode::InternalError, "").with(|p| p.cause = Some(cause))
    }

    /// 401 `unauthorized`.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, detail)
    }

    /// 404 `not_found`.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, detail)
    }

    /// 503 `service_unavailable`.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::ServiceUnavailable, detail)
    }

    /// 405 with the methods the path supports.
    pub fn method_not_allowed(allow: Vec<String>) -> Self {
        let detail = format!("This path supports only: {}.", allow.join(", "));
        Self::new(ErrorCode::MethodNotAllowed, detail).with(|p| p.allow = allow)
    }

    /// 429: retry after this many seconds.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let detail = format!("Too many attempts. Try again in {retry_after_secs} seconds.");
        Self::new(ErrorCode::RateLimited, detail).with(|p| p.retry_after_secs = Some(retry_after_secs))
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The problem-details body. Server-side failures (5xx) say nothing of their cause.
    pub fn problem(&self) -> ProblemDetails {
        let p = &self.0;
        let detail = match p.code {
            ErrorCode::InternalError => "Something went wrong on our side. Please try again later.".to_owned(),
            _ => p.detail.clone(),
        };
        ProblemDetails {
            problem_type: format!("urn:callstar:problem:{}", p.code),
            title: p.code.title().to_owned(),
            status: p.code.status(),
            detail,
            code: p.code,
            errors: p.errors.clone(),
            opens_at: p.opens_at,
        }
    }
}

/// Any coded error (service, provider, domain refusal) becomes problem details the same way.
impl<E> From<E> for ApiError
where
    E: CodedError + Into<Cause>,
{
    fn from(err: E) -> Self {
        let code = err.code();
        let (errors, opens_at) = (err.field_errors(), err.opens_at());
        let mut this = Self::new(code, err.to_string()).with(|p| (p.errors, p.opens_at) = (errors, opens_at));
        if matches!(code, ErrorCode::ServiceUnavailable | ErrorCode::Overloaded) {
            // Overload (a saturated pool, a lock wait past its bound, password hashing at its
            // bound): try again shortly.
            this.0.retry_after_secs = Some(1);
        }
        if let Some(secs) = err.retry_after_secs() {
            this.0.retry_after_secs = Some(secs);
        }
        if code.status() >= 500 {
            this.0.cause = Some(err.into());
        }
        this
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let p = &self.0;
        if let Some(cause) = &p.cause {
            tracing::error!(code = %p.code, error = %cause, cause = ?cause, "request failed on our side");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        if let Some(secs) = p.retry_after_secs {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if !p.allow.is_empty()
            && let Ok(value) = HeaderValue::from_str(&p.allow.join(", "))
        {
            response.insert_header((header::ALLOW, value));
        }
        if p.code.status() == 401 {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

/// Collects per-field errors, then fails once with all of them.
#[derive(Debug, Default)]
pub struct Validation {
    errors: FieldErrors,
}

impl Validation {
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
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::validation(self.errors)) }
    }
}

/// Maps path parameter errors to problem details (404: the resource cannot exist).
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err: PathError, _req| ApiError::not_found(format!("No such resource: {err}.")).into())
}

/// Maps query string errors to problem details.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        ApiError::new(ErrorCode::InvalidQuery, format!("The query string is invalid: {err}.")).into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_are_opaque() {
        let problem = ApiError::internal("connection reset by peer at 10.0.0.3").problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.contains("10.0.0.3"));
    }

    #[test]
    fn the_code_decides_the_status() {
        for code in ErrorCode::ALL {
            let error = ApiError::new(*code, "x");
            assert_eq!(error.status_code().as_u16(), code.status(), "{code}");
            assert_eq!(error.problem().code, *code);
        }
    }
}
