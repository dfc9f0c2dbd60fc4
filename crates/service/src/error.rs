//! The error every service function returns. Each variant knows its stable refusal code
//! ([`CodedError`]), so the API renders any of them without mapping by hand.

use std::collections::BTreeMap;

use api_types::{CodedError, ErrorCode};
use chrono::{DateTime, Utc};
use providers::ProviderError;
use sea_orm::{DbErr, SqlErr};

/// Why a use case did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The input broke a rule; per-field messages.
    #[error("Some fields are invalid.")]
    Invalid(Vec<(&'static str, String)>),
    /// A rule refused the request; the code says which, the message says why to people.
    #[error("{message}")]
    Refused {
        /// The stable code.
        code: ErrorCode,
        /// For people.
        message: String,
    },
    /// Too many of these requests; the caller may retry after this many seconds.
    #[error("Too many requests. Try again in {retry_after_secs} seconds.")]
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// The call's access window is not open yet.
    #[error("The call opens at {opens_at}.")]
    CallNotOpen {
        /// When it opens.
        opens_at: DateTime<Utc>,
    },
    /// Nothing the caller may see has this identifier.
    #[error("No such {0}.")]
    NotFound(&'static str),
    /// An external provider failed or refused.
    #[error("{0}")]
    Provider(#[from] ProviderError),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[source] DbErr),
    /// Anything else that is our fault.
    #[error("{0}")]
    Internal(String),
}

impl ServiceError {
    /// A single-field validation error.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![(field, message.into())])
    }

    /// A refusal with its code.
    pub fn refused(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Refused { code, message: message.into() }
    }

    /// An internal error: a stored value that breaks its type, an invariant that broke.
    pub fn corrupt(what: impl std::fmt::Display) -> Self {
        let message = format!("corrupt stored data: {what}");
        tracing::error!("{message}");
        Self::Internal(message)
    }
}

impl CodedError for ServiceError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid(_) => ErrorCode::ValidationFailed,
            Self::Refused { code, .. } => *code,
            Self::CallNotOpen { .. } => ErrorCode::CallNotOpen,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Provider(err) => err.code(),
            Self::Database(err) if is_overload(err) => ErrorCode::ServiceUnavailable,
            Self::Database(_) | Self::Internal(_) => ErrorCode::InternalError,
        }
    }

    fn field_errors(&self) -> Option<BTreeMap<String, Vec<String>>> {
        let Self::Invalid(fields) = self else { return None };
        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (field, message) in fields {
            let messages = errors.entry((*field).to_owned()).or_default();
            if !messages.contains(message) {
                messages.push(message.clone());
            }
        }
        Some(errors)
    }

    fn opens_at(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::CallNotOpen { opens_at } => Some(*opens_at),
            _ => None,
        }
    }

    fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

/// The database's own error, when it answered with one: (SQLSTATE or SQLite code, constraint).
fn database_error(err: &DbErr) -> Option<(String, Option<String>)> {
    use sea_orm::RuntimeErr;
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err else { return None };
    let sqlx::Error::Database(db) = &**e else { return None };
    Some((db.code().map(|c| c.into_owned()).unwrap_or_default(), db.constraint().map(str::to_owned)))
}

/// The server is overloaded, not broken, so the client should retry shortly: the pool had no
/// connection to give in time, a lock wait or a statement ran past its bound (PostgreSQL
/// 55P03, 57014), or SQLite stayed busy past its timeout (5, 6 and their extended codes).
pub(crate) fn is_overload(err: &DbErr) -> bool {
    if matches!(err, DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout)) {
        return true;
    }
    let Some((code, _)) = database_error(err) else { return false };
    let sqlite_busy = code.parse::<i32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6));
    code == "55P03" || code == "57014" || sqlite_busy
}

/// Whether a database error is a violation of the named exclusion constraint (PostgreSQL).
pub(crate) fn is_exclusion_violation(err: &DbErr, constraint: &str) -> bool {
    database_error(err).is_some_and(|(code, name)| code == "23P01" && name.as_deref() == Some(constraint))
}

impl From<domain::input::FieldErrors> for ServiceError {
    fn from(errors: domain::input::FieldErrors) -> Self {
        Self::Invalid(errors.into_vec())
    }
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        Self::Database(err)
    }
}

/// What a unique-constraint violation means to the caller, without string matching
/// (the idea of realworld-axum-sqlx's `on_constraint`).
pub trait OnUniqueViolation<T> {
    /// Turns a unique violation into `refusal`; other errors pass through.
    fn on_unique_violation(self, refusal: impl FnOnce() -> ServiceError) -> Result<T, ServiceError>;

    /// `None` when a unique constraint refused the write: someone (or an earlier delivery)
    /// was first, which the caller treats as already done.
    fn unless_duplicate(self) -> Result<Option<T>, ServiceError>;
}

impl<T> OnUniqueViolation<T> for Result<T, DbErr> {
    fn on_unique_violation(self, refusal: impl FnOnce() -> ServiceError) -> Result<T, ServiceError> {
        self.map_err(|err| if is_unique_violation(&err) { refusal() } else { ServiceError::Database(err) })
    }

    fn unless_duplicate(self) -> Result<Option<T>, ServiceError> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(err) if is_unique_violation(&err) => Ok(None),
            Err(err) => Err(ServiceError::Database(err)),
        }
    }
}

/// Whether a database error is a unique-constraint violation (a lost race, a duplicate).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
