//! Reviews of completed calls, the creators' answers and admins' moderation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /api/bookings/{id}/review`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateReviewRequest {
    /// 1 to 5.
    pub rating: i32,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A review of a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// Identifier.
    pub id: Uuid,
    /// The reviewed call.
    pub booking_id: Uuid,
    /// The reviewed creator.
    pub creator_id: Uuid,
    /// The fan's display name.
    pub author_name: String,
    /// The call's title.
    pub call_title: String,
    /// 1 to 5.
    pub rating: i32,
    /// The fan's words (may be empty).
    pub comment: String,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// The creator's answer.
    pub answer: Option<String>,
    /// When the creator answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// When an admin hid it (hidden reviews are not listed publicly and do not count).
    pub hidden_at: Option<DateTime<Utc>>,
    /// Why it was hidden.
    pub hidden_reason: Option<String>,
}

/// `POST /api/reviews/{id}/answer`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AnswerReviewRequest {
    /// 1 to 2,000 characters.
    pub answer: String,
}

/// `POST /api/admin/reviews/{id}/hide`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HideReviewRequest {
    /// 1 to 500 characters, kept for the record.
    pub reason: String,
}
