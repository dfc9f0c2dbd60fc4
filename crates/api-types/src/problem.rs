//! Problem details (RFC 9457): the one error body of every failing response.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The media type of [`ProblemDetails`] bodies.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer: `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:callstar:problem:validation_failed",
    "title": "Validation failed",
    "status": 422,
    "detail": "Some fields are invalid.",
    "code": "validation_failed",
    "errors": {"email": ["must be a valid e-mail address"]}
})))]
pub struct ProblemDetails {
    /// A URI naming the kind of problem: `urn:callstar:problem:<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, for a person.
    pub detail: String,
    /// A stable snake_case code for programs and translations.
    pub code: String,
    /// Per-field messages when the input was invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// For `call_not_open`: when the call's access window opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<chrono::DateTime<chrono::Utc>>,
}
