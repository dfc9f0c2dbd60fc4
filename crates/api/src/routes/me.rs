//! `/api/me`: the signed-in user's own account.

use actix_web::{get, patch, web};
use api_types::{ProblemDetails, UpdateMeRequest, User};
use service::accounts;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// The signed-in user.
#[utoipa::path(
    tag = "account",
    security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user", body = User))
)]
#[get("/me")]
pub async fn get_me(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<User>, ApiError> {
    Ok(web::Json(wire::user(accounts::current(&state.ctx.db, user.id).await?)))
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
    let account = accounts::update_profile(&state.ctx.db, user.id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::user(account)))
}
