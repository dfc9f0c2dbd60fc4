//! Accounts and sessions: registration, login, token refresh, the current user's profile.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A guest (fan, client): books and joins calls.
    User,
    /// A host: publishes offers and runs calls.
    Creator,
    /// An operator; only created with `callstar create-admin`.
    Admin,
}

/// The roles someone may choose when registering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RegistrationRole {
    /// A guest (fan, client).
    User,
    /// A host (creator, coach).
    Creator,
}

/// A supported language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

/// `POST /api/auth/register`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "ada@example.com", "password": "correct horse 1", "name": "Ada Lovelace",
    "role": "user", "locale": "en", "timezone": "Europe/Paris"
})))]
pub struct RegisterRequest {
    /// The login e-mail; unique regardless of case.
    pub email: String,
    /// 10 to 128 characters with at least one letter and one digit.
    pub password: String,
    /// The name shown to others: 1 to 100 characters.
    pub name: String,
    /// `user` (fan) or `creator`.
    pub role: RegistrationRole,
    /// Language of the interface and e-mails; `en` by default.
    #[serde(default)]
    pub locale: Option<Locale>,
    /// IANA time zone such as `Europe/Paris`; `UTC` by default.
    #[serde(default)]
    pub timezone: Option<String>,
}

/// `POST /api/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    /// The account's e-mail.
    #[validate(length(min = 1, message = "is required"))]
    pub email: String,
    /// The account's password.
    #[validate(length(min = 1, message = "is required"))]
    pub password: String,
}

/// `POST /api/auth/refresh` and `POST /api/auth/logout`: the refresh token, when the
/// client does not use the HttpOnly cookie.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    /// The refresh token; taken from the `callstar_refresh` cookie when absent.
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// A signed-in session: what login and refresh answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionResponse {
    /// A JWT (HS256) to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// An opaque, single-use token to get the next access token; also set as an HttpOnly cookie.
    pub refresh_token: String,
    /// The signed-in user.
    pub user: User,
}

/// An account as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Identifier.
    pub id: Uuid,
    /// Login e-mail, lower-cased.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Preferred language.
    pub locale: Locale,
    /// IANA time zone.
    pub timezone: String,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// False for a prospect signed in through an appointment link: they may set one with
    /// `POST /api/me/password`.
    pub has_password: bool,
}

/// `PATCH /api/me`: only the fields present are changed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateMeRequest {
    /// New display name: 1 to 100 characters.
    #[serde(default)]
    pub name: Option<String>,
    /// New language.
    #[serde(default)]
    pub locale: Option<Locale>,
    /// New IANA time zone.
    #[serde(default)]
    pub timezone: Option<String>,
}

/// Filters of `GET /api/admin/users`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct UserFilter {
    /// Only accounts with this role.
    #[serde(default)]
    pub role: Option<Role>,
    /// Only accounts whose e-mail or name contains this text (case-insensitive).
    #[serde(default)]
    pub q: Option<String>,
}
