//! Clients of external services (Stripe, Daily.co), each behind a small trait with a real
//! implementation and, for payments, a built-in stand-in used when no credentials are configured.

pub mod daily;
pub mod daily_webhook;
pub mod email;
pub mod payments;
pub mod stripe;
pub mod stripe_events;
pub mod stripe_signature;

/// A provider call failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider refused the request (4xx), with its message.
    #[error("{provider} refused the request: {message}")]
    Refused {
        /// Which provider.
        provider: &'static str,
        /// HTTP status.
        status: u16,
        /// The provider's error code or type.
        code: Option<String>,
        /// The provider's message.
        message: String,
    },
    /// The provider is unreachable or failing (network error, 5xx, 429).
    #[error("{provider} is unavailable: {message}")]
    Unavailable {
        /// Which provider.
        provider: &'static str,
        /// What happened.
        message: String,
    },
    /// Not possible without credentials (test mode).
    #[error("{0} is not configured")]
    NotConfigured(&'static str),
}

impl api_types::CodedError for ProviderError {
    /// An outage is the provider's (502); a refusal is about this request (422); a missing
    /// configuration is ours to fix (503).
    fn code(&self) -> api_types::ErrorCode {
        match self {
            Self::Refused { .. } => api_types::ErrorCode::ProviderRefused,
            Self::Unavailable { .. } => api_types::ErrorCode::ProviderUnavailable,
            Self::NotConfigured(_) => api_types::ErrorCode::ServiceUnavailable,
        }
    }
}
