//! `/api/call-offers`: publish, read, edit and withdraw call offers.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use api_types::{CallOffer, CreateOfferRequest, ProblemDetails, UpdateOfferRequest};
use service::offers;
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// Publish a call offer (creators only). Title 1–200 characters, description up to 5,000,
/// 5 to 480 minutes, a start in the future, a price with at most two decimals and at least
/// the card minimum of its currency.
#[utoipa::path(
    tag = "call-offers",
    security(("bearer" = [])),
    request_body = CreateOfferRequest,
    responses(
        (status = 201, description = "The offer", body = CallOffer),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 409, description = "`offer_limit_reached`: 100 open offers already", body = ProblemDetails),
        (status = 422, description = "Invalid fields (all of them listed)", body = ProblemDetails),
    )
)]
#[post("/call-offers")]
pub async fn create_offer(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateOfferRequest>,
) -> Result<HttpResponse, ApiError> {
    let offer = offers::create(&state.ctx.db, user.id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::offer(offer)))
}

/// One offer.
#[utoipa::path(
    tag = "call-offers",
    params(("id" = Uuid, Path, description = "Offer id")),
    responses(
        (status = 200, description = "The offer and its current status", body = CallOffer),
        (status = 404, description = "No such offer", body = ProblemDetails),
    )
)]
#[get("/call-offers/{id}")]
pub async fn get_offer(state: web::Data<AppState>, id: web::Path<Uuid>) -> Result<web::Json<CallOffer>, ApiError> {
    Ok(web::Json(wire::offer(offers::get(&state.ctx.db, *id).await?)))
}

/// Edit an offer: its creator only, and only while nobody holds it.
#[utoipa::path(
    tag = "call-offers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Offer id")),
    request_body = UpdateOfferRequest,
    responses(
        (status = 200, description = "The updated offer", body = CallOffer),
        (status = 403, description = "`not_offer_owner`", body = ProblemDetails),
        (status = 404, description = "No such offer", body = ProblemDetails),
        (status = 409, description = "`offer_booked` or `offer_closed`", body = ProblemDetails),
        (status = 422, description = "Invalid fields", body = ProblemDetails),
    )
)]
#[patch("/call-offers/{id}")]
pub async fn update_offer(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<UpdateOfferRequest>,
) -> Result<web::Json<CallOffer>, ApiError> {
    let offer = offers::update(&state.ctx.db, user.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::offer(offer)))
}

/// Withdraw an offer: its creator only, and only while nobody holds it.
#[utoipa::path(
    tag = "call-offers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Offer id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 403, description = "`not_offer_owner`", body = ProblemDetails),
        (status = 404, description = "No such offer", body = ProblemDetails),
        (status = 409, description = "`offer_booked` or `offer_closed`", body = ProblemDetails),
    )
)]
#[delete("/call-offers/{id}")]
pub async fn delete_offer(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    offers::delete(&state.ctx.db, user.id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
