//! `/api/staff/clients` and `/api/client/staff` (the seeds' paths and shapes): the people of
//! my organization I can call.

use actix_web::{get, web};
use api_types::{ClientList, ContactQuery, ProblemDetails, StaffList};
use domain::organization::MemberRole;
use service::organizations;

use crate::extract::AuthUser;
use crate::{ApiError, AppState, wire};

/// The clients of my organization, for its staff: searched by name, e-mail or company
/// (`?search=`), by name, at most 100. `busy` says who is in a call now.
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    params(ContactQuery),
    responses(
        (status = 200, description = "The clients", body = ClientList),
        (status = 403, description = "`not_in_organization`, or `wrong_member_role` (a client)", body = ProblemDetails),
    )
)]
#[get("/staff/clients")]
pub async fn list_staff_clients(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<ContactQuery>,
) -> Result<web::Json<ClientList>, ApiError> {
    let found = organizations::contacts(&state.ctx.db, user.id, MemberRole::Client, query.into_inner().search).await?;
    Ok(web::Json(ClientList { clients: found.into_iter().map(wire::contact).collect() }))
}

/// The staff of my organization, for its clients: searched by name, e-mail or company
/// (`?search=`), by name, at most 100. `busy` says who is in a call now.
#[utoipa::path(
    tag = "video-calls",
    security(("bearer" = [])),
    params(ContactQuery),
    responses(
        (status = 200, description = "The staff", body = StaffList),
        (status = 403, description = "`not_in_organization`, or `wrong_member_role` (staff)", body = ProblemDetails),
    )
)]
#[get("/client/staff")]
pub async fn list_client_staff(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<ContactQuery>,
) -> Result<web::Json<StaffList>, ApiError> {
    let found = organizations::contacts(&state.ctx.db, user.id, MemberRole::Staff, query.into_inner().search).await?;
    Ok(web::Json(StaffList { staff: found.into_iter().map(wire::contact).collect() }))
}
