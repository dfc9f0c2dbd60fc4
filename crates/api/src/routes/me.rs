//! `/api/me`: the signed-in user's own account.

use actix_web::{get, patch, web};
use api_types::{ProblemDetails, UpdateMeRequest, User};
use domain::{DisplayName, TimeZone};
use service::ServiceError;
use service::accounts::{self, ProfileChanges};

use crate::convert::{locale_from_wire, user_to_wire};
use crate::error::Validation;
use crate::extract::AuthUser;
use crate::json::Json;
use crate::{ApiError, AppState};

/// The signed-in user.
#[utoipa::path(
    tag = "account",
    security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user", body = User))
)]
#[get("/me")]
pub async fn get_me(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<User>, ApiError> {
    let account = accounts::get(&state.db, user.id).await.map_err(gone_account)?;
    Ok(web::Json(user_to_wire(account)))
}

/// Change the name, language or time zone; fields left out stay as they are.
#[utoipa::path(
    tag = "account",
    security(("bearer" = [])),
    request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "The updated user", body = User),
        (status = 422, description = "Invalid fields (see `errors`)", body = ProblemDetails),
    )
)]
#[patch("/me")]
pub async fn update_me(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<UpdateMeRequest>,
) -> Result<web::Json<User>, ApiError> {
    let body = body.into_inner();
    let mut v = Validation::default();
    let changes = ProfileChanges {
        name: body.name.as_deref().and_then(|name| v.check("name", DisplayName::parse(name))),
        locale: body.locale.map(locale_from_wire),
        timezone: body.timezone.as_deref().and_then(|tz| v.check("timezone", TimeZone::parse(tz))),
    };
    v.finish()?;
    let account = accounts::update_profile(&state.db, user.id, changes).await.map_err(gone_account)?;
    Ok(web::Json(user_to_wire(account)))
}

/// A valid token whose account was deleted is as good as no token.
fn gone_account(err: ServiceError) -> ApiError {
    match err {
        ServiceError::NotFound(_) => ApiError::unauthorized("This account no longer exists."),
        other => other.into(),
    }
}
