//! `/api/creators`: public creator pages and the signed-in creator's own profile.

use actix_web::{get, post, put, web};
use api_types::{
    CallOffer, CreatorDashboard, CreatorProfile, CreatorQuery, OnboardingLink, Page, PageQuery, ProblemDetails,
    UpdateCreatorRequest,
};
use service::{creators, dashboards, offers};
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

fn test_mode(state: &AppState) -> bool {
    state.ctx.payments.is_test_mode()
}

/// The signed-in creator's profile, with the Stripe Connect state.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile (created empty on first access)", body = CreatorProfile),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
    )
)]
#[get("/creators/me")]
pub async fn get_my_creator(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<CreatorProfile>, ApiError> {
    let creator = creators::mine(&state.ctx.db, user.id).await?;
    Ok(web::Json(wire::creator(creator, true, test_mode(&state))))
}

/// Create or replace the signed-in creator's profile.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    request_body = UpdateCreatorRequest,
    responses(
        (status = 200, description = "The saved profile", body = CreatorProfile),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "Invalid fields", body = ProblemDetails),
    )
)]
#[put("/creators/me")]
pub async fn update_my_creator(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<UpdateCreatorRequest>,
) -> Result<web::Json<CreatorProfile>, ApiError> {
    let profile = body.into_inner().parse()?;
    let creator = creators::upsert_profile(&state.ctx.db, user.id, user.role, profile).await?;
    Ok(web::Json(wire::creator(creator, true, test_mode(&state))))
}

/// Start (or resume) Stripe Connect onboarding: creates the connected account when
/// missing and answers a link to Stripe's onboarding form. In test mode the account is
/// ready at once and the link leads back to the app.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Where to send the creator", body = OnboardingLink),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "`provider_refused`: Stripe refused the request", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Stripe could not be reached", body = ProblemDetails),
    )
)]
#[post("/creators/me/stripe/onboarding-link")]
pub async fn create_onboarding_link(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<OnboardingLink>, ApiError> {
    Ok(web::Json(OnboardingLink { url: creators::onboarding_link(&state.ctx, user.id).await? }))
}

/// Refresh the Stripe Connect state from Stripe (after onboarding).
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile with the current Stripe state", body = CreatorProfile),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 502, description = "`provider_unavailable`: Stripe could not be reached", body = ProblemDetails),
    )
)]
#[post("/creators/me/stripe/refresh")]
pub async fn refresh_stripe_status(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<CreatorProfile>, ApiError> {
    let creator = creators::refresh_stripe_status(&state.ctx, user.id).await?;
    Ok(web::Json(wire::creator(creator, true, test_mode(&state))))
}

/// The signed-in creator's offers, all statuses, latest start first.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of offers", body = Page<CallOffer>),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/creators/me/offers")]
pub async fn list_my_offers(
    user: AuthUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<CallOffer>>, ApiError> {
    let page = page.into_inner().parse()?;
    let (items, total) = offers::mine(&state.ctx.db, user.id, page).await?;
    Ok(web::Json(wire::page(items, page, total, wire::offer)))
}

/// The signed-in creator's dashboard: upcoming calls (the count and the first five), call
/// requests waiting for an answer, this calendar month's bookings and revenue (in the
/// creator's time zone; per currency, decimal strings), and the rating.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The dashboard's figures", body = CreatorDashboard),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
    )
)]
#[get("/creators/me/dashboard")]
pub async fn get_my_creator_dashboard(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<CreatorDashboard>, ApiError> {
    Ok(web::Json(wire::creator_dashboard(dashboards::creator(&state.ctx.db, user.id).await?)))
}

/// Search creators by name or expertise; by name, or with `sort=rating` best rated first
/// (average over visible reviews, then number of reviews; creators without reviews last).
/// Each carries its `averageRating` and `reviewCount`.
#[utoipa::path(
    tag = "creators",
    params(CreatorQuery, PageQuery),
    responses(
        (status = 200, description = "A page of creators", body = Page<CreatorProfile>),
        (status = 422, description = "Unknown `sort`, or page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/creators")]
pub async fn list_creators(
    state: web::Data<AppState>,
    query: web::Query<CreatorQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<CreatorProfile>>, ApiError> {
    let ((search, sort), page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (items, total) = creators::list(&state.ctx.db, search, sort, page).await?;
    Ok(web::Json(wire::page(items, page, total, |c| wire::creator(c, false, test_mode(&state)))))
}

/// One creator's public profile, with their rating.
#[utoipa::path(
    tag = "creators",
    params(("id" = Uuid, Path, description = "Creator id")),
    responses(
        (status = 200, description = "The creator", body = CreatorProfile),
        (status = 404, description = "No such creator", body = ProblemDetails),
    )
)]
#[get("/creators/{id}")]
pub async fn get_creator(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<CreatorProfile>, ApiError> {
    Ok(web::Json(wire::creator(creators::get(&state.ctx.db, *id).await?, false, test_mode(&state))))
}

/// A creator's upcoming offers that are open for booking, soonest first. A creator has at
/// most 100 open offers, so one page of 100 holds them all.
#[utoipa::path(
    tag = "creators",
    params(("id" = Uuid, Path, description = "Creator id"), PageQuery),
    responses(
        (status = 200, description = "A page of upcoming AVAILABLE offers", body = Page<CallOffer>),
        (status = 404, description = "No such creator", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/creators/{id}/offers")]
pub async fn list_creator_offers(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<CallOffer>>, ApiError> {
    let (creator, page) = (creators::get(&state.ctx.db, *id).await?, page.into_inner().parse()?);
    let (items, total) = offers::upcoming_available(&state.ctx.db, creator.id, page).await?;
    Ok(web::Json(wire::page(items, page, total, wire::offer)))
}
