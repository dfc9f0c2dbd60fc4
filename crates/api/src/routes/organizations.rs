//! `/api/organizations` and `/api/invitations`: an organization, its members (staff and
//! clients), and invitations by e-mail.

use actix_web::{HttpResponse, delete, get, post, web};
use api_types::{
    AcceptInvitationRequest, AcceptedInvitation, CreateInvitationRequest, CreateOrganizationRequest, Invitation,
    InvitationList, Member, MemberQuery, Organization, Page, PageQuery, ProblemDetails,
};
use service::organizations;
use uuid::Uuid;

use crate::extract::{AuthUser, MaybeAuthUser};
use crate::input::Parse;
use crate::json::{self, Json};
use crate::{ApiError, AppState, wire};

/// Create an organization. Hosts (creators) and admins only; the creator owns it and is
/// its first staff member. An account belongs to one organization at most.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    request_body = CreateOrganizationRequest,
    responses(
        (status = 201, description = "The organization", body = Organization),
        (status = 403, description = "`cannot_create_organization`: not a host or an admin", body = ProblemDetails),
        (status = 409, description = "`already_in_organization`", body = ProblemDetails),
        (status = 422, description = "Invalid name", body = ProblemDetails),
    )
)]
#[post("/organizations")]
pub async fn create_organization(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateOrganizationRequest>,
) -> Result<HttpResponse, ApiError> {
    let org = organizations::create(&state.ctx.db, user.id, user.role, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::organization(org, user.id)))
}

/// My organization, with my role in it.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My organization", body = Organization),
        (status = 403, description = "`not_in_organization`", body = ProblemDetails),
    )
)]
#[get("/organizations/mine")]
pub async fn get_my_organization(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Organization>, ApiError> {
    Ok(web::Json(wire::organization(organizations::mine(&state.ctx.db, user.id).await?, user.id)))
}

/// The members of my organization (`?role=staff|client`), by name. Members only: any other
/// organization is "not found".
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), MemberQuery, PageQuery),
    responses(
        (status = 200, description = "A page of members", body = Page<Member>),
        (status = 404, description = "No such organization (or not mine)", body = ProblemDetails),
        (status = 422, description = "Unknown role, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/organizations/{id}/members")]
pub async fn list_members(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<MemberQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<Member>>, ApiError> {
    let (role, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (items, total) = organizations::members(&state.ctx.db, user.id, *id, role, page).await?;
    Ok(web::Json(wire::page(items, page, total, wire::member)))
}

/// Remove a member (the owner only; the owner cannot be removed).
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("userId" = Uuid, Path, description = "The member's account")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "`not_organization_owner`, or `forbidden` for the owner", body = ProblemDetails),
        (status = 404, description = "No such organization or member", body = ProblemDetails),
    )
)]
#[delete("/organizations/{id}/members/{userId}")]
pub async fn remove_member(
    user: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (organization_id, member) = path.into_inner();
    organizations::remove_member(&state.ctx.db, user.id, organization_id, member).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Invite someone by e-mail as `staff` or `client` (the owner only). The e-mail carries a
/// single-use link, valid 7 days: `/invitations/{id}#token=…`. A pending invitation of the
/// same address is replaced. Someone who already has an account is also notified in the app.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = CreateInvitationRequest,
    responses(
        (status = 201, description = "Sent", body = Invitation),
        (status = 403, description = "`not_organization_owner`", body = ProblemDetails),
        (status = 404, description = "No such organization (or not mine)", body = ProblemDetails),
        (status = 409, description = "`already_member`", body = ProblemDetails),
        (status = 422, description = "Invalid e-mail, role or company", body = ProblemDetails),
    )
)]
#[post("/organizations/{id}/invitations")]
pub async fn create_invitation(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<CreateInvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let invitation = organizations::invite(&state.ctx, user.id, *id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::invitation(invitation)))
}

/// The pending invitations sent to my e-mail.
#[utoipa::path(
    tag = "organizations",
    security(("bearer" = [])),
    responses((status = 200, description = "Newest first", body = InvitationList))
)]
#[get("/invitations")]
pub async fn list_my_invitations(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<InvitationList>, ApiError> {
    let invitations = organizations::for_me(&state.ctx.db, user.id).await?;
    Ok(web::Json(InvitationList { invitations: invitations.into_iter().map(wire::invitation).collect() }))
}

/// Accept an invitation. Signed in: joins with my account (the link's `token` is needed only
/// when my e-mail is not the invited one). Not signed in: `token`, `name` and `password`
/// create an account with the invited e-mail (role `user`), which joins at once; then sign
/// in. The link works once; a wrong token is "not found".
#[utoipa::path(
    tag = "organizations",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "Invitation id")),
    request_body(content = Option<AcceptInvitationRequest>, description = "Optional when signed in with the invited e-mail"),
    responses(
        (status = 200, description = "Joined", body = AcceptedInvitation),
        (status = 404, description = "No such invitation, or not for me / wrong token", body = ProblemDetails),
        (status = 409, description = "`invitation_closed`, `already_in_organization`, or `email_taken` (sign in to accept)", body = ProblemDetails),
        (status = 422, description = "Invalid name or password for the new account", body = ProblemDetails),
    )
)]
#[post("/invitations/{id}/accept")]
pub async fn accept_invitation(
    user: MaybeAuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> Result<web::Json<AcceptedInvitation>, ApiError> {
    let acceptance = json::parse_or_default::<AcceptInvitationRequest>(&body)?.parse()?;
    Ok(web::Json(wire::accepted(organizations::accept(&state.ctx, user.id(), *id, acceptance).await?)))
}
