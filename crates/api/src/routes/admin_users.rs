//! `/api/admin/users`: accounts, for operators.

use actix_web::{get, web};
use api_types::{Page, PageQuery, ProblemDetails, User, UserFilter};
use service::accounts;
use uuid::Uuid;

use crate::extract::AdminUser;
use crate::input::Parse;
use crate::{ApiError, AppState, wire};

/// List accounts, newest first; filter by role or text. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageQuery, UserFilter),
    responses(
        (status = 200, description = "A page of accounts", body = Page<User>),
        (status = 400, description = "The query string is malformed", body = ProblemDetails),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/users")]
pub async fn list_users(
    _admin: AdminUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
    filter: web::Query<UserFilter>,
) -> Result<web::Json<Page<User>>, ApiError> {
    let (page, filter) = (page.into_inner().parse()?, filter.into_inner().parse()?);
    let (accounts, total) = accounts::list(&state.ctx.db, filter, page).await?;
    Ok(web::Json(wire::page(accounts, page, total, wire::user)))
}

/// One account. Admins only.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account", body = User),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such account (or a malformed id)", body = ProblemDetails),
    )
)]
#[get("/admin/users/{id}")]
pub async fn get_user(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<User>, ApiError> {
    Ok(web::Json(wire::user(accounts::get(&state.ctx.db, *id).await?)))
}
