//! `/api/creators`: public creator pages and the signed-in creator's own profile.

use actix_web::{get, post, put, web};
use api_types::{
    CallOffer, CreatorProfile, CreatorQuery, OnboardingLink, Page, PageQuery, ProblemDetails, UpdateCreatorRequest,
};
use domain::TimeZone;
use domain::booking::OfferStatus;
use domain::money::Currency;
use service::creators::{self, ProfileInput};
use uuid::Uuid;

use crate::convert::{creator_to_wire, offer_row_to_wire};
use crate::error::Validation;
use crate::extract::AuthUser;
use crate::json::Json;
use crate::{ApiError, AppState};

/// The signed-in creator's profile, with the Stripe Connect state.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile (created empty on first access)", body = CreatorProfile),
        (status = 403, description = "Not a creator", body = ProblemDetails),
    )
)]
#[get("/creators/me")]
pub async fn get_my_creator(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<CreatorProfile>, ApiError> {
    let row = creators::of_user(&state.db, user.id).await?;
    let creator = creators::get(&state.db, row.id).await?;
    Ok(web::Json(creator_to_wire(creator, true, state.gateway.is_test_mode())))
}

/// Create or replace the signed-in creator's profile.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    request_body = UpdateCreatorRequest,
    responses(
        (status = 200, description = "The saved profile", body = CreatorProfile),
        (status = 403, description = "Not a creator", body = ProblemDetails),
        (status = 422, description = "Invalid fields", body = ProblemDetails),
    )
)]
#[put("/creators/me")]
pub async fn update_my_creator(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<UpdateCreatorRequest>,
) -> Result<web::Json<CreatorProfile>, ApiError> {
    let body = body.into_inner();
    let mut v = Validation::default();
    let bio = optional_text(&mut v, "bio", body.bio, 5000);
    let expertise = optional_text(&mut v, "expertise", body.expertise, 200);
    let profile_image = body.profile_image.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    if let Some(url) = &profile_image
        && !is_web_url(url)
    {
        v.add("profileImage", "must be an http(s) URL".to_owned());
    }
    if body.social_links.len() > 10 {
        v.add("socialLinks", "must have at most 10 links".to_owned());
    }
    for (network, url) in &body.social_links {
        if network.is_empty() || network.len() > 30 || !is_web_url(url) {
            v.add(&format!("socialLinks.{network}"), "must be an http(s) URL".to_owned());
        }
    }
    let currency = v.check("currency", body.currency.parse::<Currency>());
    let timezone = v.check("timezone", TimeZone::parse(&body.timezone));
    v.finish()?;
    let (Some(currency), Some(timezone)) = (currency, timezone) else {
        return Err(ApiError::internal("validation passed without values"));
    };
    let links = serde_json::to_value(&body.social_links).map_err(ApiError::internal)?;
    let input = ProfileInput { bio, expertise, profile_image, social_links: Some(links), currency, timezone };
    let creator = creators::upsert_profile(&state.db, user.id, user.role, input).await?;
    Ok(web::Json(creator_to_wire(creator, true, state.gateway.is_test_mode())))
}

fn optional_text(v: &mut Validation, field: &str, value: Option<String>, max: usize) -> Option<String> {
    let value = value.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    if value.as_ref().is_some_and(|t| t.chars().count() > max) {
        v.add(field, format!("must be at most {max} characters"));
    }
    value
}

fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 2048
        && !url.contains(char::is_whitespace)
}

/// Start (or resume) Stripe Connect onboarding: creates the connected account when
/// missing and answers a link to Stripe's onboarding form. In test mode the account is
/// ready at once and the link leads back to the app.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Where to send the creator", body = OnboardingLink),
        (status = 403, description = "Not a creator", body = ProblemDetails),
    )
)]
#[post("/creators/me/stripe/onboarding-link")]
pub async fn create_onboarding_link(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<OnboardingLink>, ApiError> {
    let account = service::accounts::get(&state.db, user.id).await?;
    let mut row = creators::of_user(&state.db, user.id).await?;
    let gateway = state.gateway.as_ref();
    let account_id = match row.stripe_account_id.clone() {
        Some(id) => id,
        None => {
            let id = gateway.create_account(&account.email).await.map_err(ApiError::internal)?;
            row = creators::set_stripe_account(&state.db, row, &id).await?;
            id
        }
    };
    if gateway.is_test_mode() {
        let status = gateway.account_status(&account_id).await.map_err(ApiError::internal)?;
        creators::set_stripe_status(&state.db, row, &status).await?;
    }
    let base = state.settings.public_url.trim_end_matches('/');
    let url = gateway
        .account_link(
            &account_id,
            &format!("{base}/dashboard/creator/profile"),
            &format!("{base}/dashboard/creator/profile"),
        )
        .await
        .map_err(ApiError::internal)?;
    Ok(web::Json(OnboardingLink { url }))
}

/// Refresh the Stripe Connect state from Stripe (after onboarding).
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile with the current Stripe state", body = CreatorProfile),
        (status = 403, description = "Not a creator", body = ProblemDetails),
    )
)]
#[post("/creators/me/stripe/refresh")]
pub async fn refresh_stripe_status(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<CreatorProfile>, ApiError> {
    let row = creators::of_user(&state.db, user.id).await?;
    let id = row.id;
    if let Some(account_id) = row.stripe_account_id.clone() {
        let status = state.gateway.account_status(&account_id).await.map_err(ApiError::internal)?;
        creators::set_stripe_status(&state.db, row, &status).await?;
    }
    let creator = creators::get(&state.db, id).await?;
    Ok(web::Json(creator_to_wire(creator, true, state.gateway.is_test_mode())))
}

/// The signed-in creator's offers, all statuses, latest start first.
#[utoipa::path(
    tag = "creators",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Offers", body = Vec<CallOffer>),
        (status = 403, description = "Not a creator", body = ProblemDetails),
    )
)]
#[get("/creators/me/offers")]
pub async fn list_my_offers(user: AuthUser, state: web::Data<AppState>) -> Result<web::Json<Vec<CallOffer>>, ApiError> {
    let row = creators::of_user(&state.db, user.id).await?;
    let name = service::accounts::get(&state.db, user.id).await?.name;
    let offers = service::offers::of_creator(&state.db, row.id).await?;
    Ok(web::Json(offers.iter().map(|o| offer_row_to_wire(&o.row, o.status, &name)).collect()))
}

/// Search creators by name or expertise.
#[utoipa::path(
    tag = "creators",
    params(CreatorQuery, PageQuery),
    responses(
        (status = 200, description = "A page of creators, by name", body = Page<CreatorProfile>),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/creators")]
pub async fn list_creators(
    state: web::Data<AppState>,
    query: web::Query<CreatorQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<CreatorProfile>>, ApiError> {
    let page = super::page_request(*page)?;
    let (items, total) = creators::list(&state.db, query.into_inner().q, page).await?;
    let test_mode = state.gateway.is_test_mode();
    Ok(web::Json(super::page_of(
        items.into_iter().map(|c| creator_to_wire(c, false, test_mode)).collect(),
        page,
        total,
    )))
}

/// One creator's public profile.
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
    let creator = creators::get(&state.db, *id).await?;
    Ok(web::Json(creator_to_wire(creator, false, state.gateway.is_test_mode())))
}

/// A creator's upcoming offers that are open for booking, soonest first.
#[utoipa::path(
    tag = "creators",
    params(("id" = Uuid, Path, description = "Creator id")),
    responses(
        (status = 200, description = "Upcoming AVAILABLE offers", body = Vec<CallOffer>),
        (status = 404, description = "No such creator", body = ProblemDetails),
    )
)]
#[get("/creators/{id}/offers")]
pub async fn list_creator_offers(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<CallOffer>>, ApiError> {
    let creator = creators::get(&state.db, *id).await?;
    let offers = service::offers::upcoming_available(&state.db, creator.row.id).await?;
    Ok(web::Json(
        offers
            .iter()
            .filter(|o| o.status == OfferStatus::Available)
            .map(|o| offer_row_to_wire(&o.row, o.status, &creator.name))
            .collect(),
    ))
}
