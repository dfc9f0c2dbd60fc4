//! The error every service function returns; the API maps it to problem details.

use sea_orm::{DbErr, SqlErr};

/// Why a use case did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The input broke a rule; per-field messages.
    #[error("invalid input")]
    Invalid(Vec<(&'static str, String)>),
    /// Credentials or token refused. The message is safe to show.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// The caller may not do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// Nothing the caller may see has this identifier.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request clashes with the current state (duplicate, already taken…).
    #[error("{0}")]
    Conflict(String),
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
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        Self::Database(err)
    }
}

/// Maps unique-constraint violations to [`ServiceError::Conflict`] without string matching
/// in callers (the idea of realworld-axum-sqlx's `on_constraint`).
pub trait OnUniqueViolation<T> {
    /// Turns a unique violation into `Conflict(message)`; other errors pass through.
    fn on_unique_violation(self, message: &str) -> Result<T, ServiceError>;
}

impl<T> OnUniqueViolation<T> for Result<T, DbErr> {
    fn on_unique_violation(self, message: &str) -> Result<T, ServiceError> {
        self.map_err(|err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::Conflict(message.to_owned()),
            _ => ServiceError::Database(err),
        })
    }
}
