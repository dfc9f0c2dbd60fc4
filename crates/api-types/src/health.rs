//! Liveness and readiness answers.

use serde::{Deserialize, Serialize};

/// The answer of `/healthz` and `/readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HealthStatus {
    /// `ok` when healthy, `unavailable` otherwise.
    pub status: String,
    /// The database state, for readiness: `reachable` or `unreachable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}
