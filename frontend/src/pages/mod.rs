//! One module per route.

pub mod admin_ops;
pub mod admin_users;
pub mod book;
pub mod booking;
pub mod call;
pub mod call_summary;
pub mod calls;
pub mod creator_offers;
pub mod creator_profile;
pub mod creators;
pub mod dashboard;
pub mod home;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod profile;
pub mod register;

use leptos_i18n::I18nContext;

use api_types::ErrorCode;

use crate::api::ApiError;
use crate::i18n::{Locale, t_string};

/// A translated message for a failed call (never the server's English text).
pub fn error_message(i18n: I18nContext<Locale>, err: &ApiError) -> String {
    match err {
        ApiError::Network => t_string!(i18n, errors.network).to_owned(),
        ApiError::Problem(p) if p.code == ErrorCode::RateLimited => t_string!(i18n, errors.rate_limited).to_owned(),
        ApiError::Problem(p) if p.code == ErrorCode::ValidationFailed => {
            t_string!(i18n, errors.form_invalid).to_owned()
        }
        ApiError::Problem(p) if p.code == ErrorCode::Forbidden => t_string!(i18n, errors.forbidden).to_owned(),
        _ => t_string!(i18n, errors.generic).to_owned(),
    }
}

/// A translated message for an invalid field reported by the server.
pub fn field_message(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "email" => t_string!(i18n, errors.email_invalid),
        "password" => t_string!(i18n, errors.password_weak),
        "name" => t_string!(i18n, errors.name_invalid),
        "timezone" => t_string!(i18n, errors.time_zone_invalid),
        _ => t_string!(i18n, errors.form_invalid),
    }
    .to_owned()
}
