//! `/api/me`: the signed-in user's own account and the fan's dashboard.

use actix_web::{get, patch, post, web};
use api_types::{FanDashboard, ProblemDetails, SetPasswordRequest, UpdateMeRequest, User};
use service::{accounts, dashboards};

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

/// Set a first password: for a prospect signed in through their appointment link, whose
/// e-mail the link proved. The account then signs in like any other.
#[utoipa::path(
    tag = "account",
    security(("bearer" = [])),
    request_body = SetPasswordRequest,
    responses(
        (status = 200, description = "The account, now with a password", body = User),
        (status = 409, description = "`password_already_set`", body = ProblemDetails),
        (status = 422, description = "Password too weak", body = ProblemDetails),
    )
)]
#[post("/me/password")]
pub async fn set_my_password(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<SetPasswordRequest>,
) -> Result<web::Json<User>, ApiError> {
    let account =
        accounts::set_first_password(&state.ctx.db, &state.ctx.passwords, user.id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::user(account)))
}

/// The fan's dashboard (seed 000): the counts of the four cards — upcoming calls, past calls,
/// pending requests, unread notifications, each the `total` of the list its card leads to —
/// and the next call (the first confirmed call that has not ended, or null).
#[utoipa::path(
    tag = "account",
    security(("bearer" = [])),
    responses((status = 200, description = "The cards' counts and the next call", body = FanDashboard))
)]
#[get("/me/dashboard")]
pub async fn get_my_dashboard(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<FanDashboard>, ApiError> {
    Ok(web::Json(wire::fan_dashboard(dashboards::fan(&state.ctx.db, user.id).await?)))
}
