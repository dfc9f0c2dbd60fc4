//! `/api/call-offers`: publish, read, edit and withdraw call offers.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use api_types::{CallOffer, CreateOfferRequest, ProblemDetails, UpdateOfferRequest};
use domain::money::{Currency, Price};
use service::offers::{self, OfferChanges, OfferInput};
use uuid::Uuid;

use crate::convert::offer_row_to_wire;
use crate::error::Validation;
use crate::extract::AuthUser;
use crate::json::Json;
use crate::{ApiError, AppState};

const MIN_DURATION: i32 = 5;

/// Publish a call offer (creators only).
#[utoipa::path(
    tag = "call-offers",
    security(("bearer" = [])),
    request_body = CreateOfferRequest,
    responses(
        (status = 201, description = "The offer", body = CallOffer),
        (status = 403, description = "Not a creator", body = ProblemDetails),
        (status = 422, description = "Invalid fields", body = ProblemDetails),
    )
)]
#[post("/call-offers")]
pub async fn create_offer(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateOfferRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut v = Validation::default();
    let title = check_title(&mut v, &body.title);
    check_description(&mut v, &body.description);
    check_duration(&mut v, body.duration);
    let price = check_price(&mut v, body.price, &body.currency);
    v.finish()?;
    let (Some(title), Some(price)) = (title, price) else {
        return Err(ApiError::internal("validation passed without values"));
    };
    let input = OfferInput {
        title,
        description: body.description.trim().to_owned(),
        price,
        date_time: body.date_time,
        duration_minutes: body.duration,
    };
    let offer = offers::create(&state.db, user.id, input).await?;
    let name = service::accounts::get(&state.db, user.id).await?.name;
    Ok(HttpResponse::Created().json(offer_row_to_wire(&offer.row, offer.status, &name)))
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
    let offer = offers::get(&state.db, *id).await?;
    let creator = service::creators::get(&state.db, offer.row.creator_id).await?;
    Ok(web::Json(offer_row_to_wire(&offer.row, offer.status, &creator.name)))
}

/// Edit an offer: its creator only, and only while nobody holds it.
#[utoipa::path(
    tag = "call-offers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Offer id")),
    request_body = UpdateOfferRequest,
    responses(
        (status = 200, description = "The updated offer", body = CallOffer),
        (status = 403, description = "Not the offer's creator", body = ProblemDetails),
        (status = 404, description = "No such offer", body = ProblemDetails),
        (status = 409, description = "Booked or closed", body = ProblemDetails),
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
    let body = body.into_inner();
    let mut v = Validation::default();
    let title = body.title.as_deref().and_then(|t| check_title(&mut v, t));
    if let Some(description) = &body.description {
        check_description(&mut v, description);
    }
    if let Some(duration) = body.duration {
        check_duration(&mut v, duration);
    }
    let price = match (body.price, body.currency.as_deref()) {
        (Some(price), Some(currency)) => check_price(&mut v, price, currency),
        (Some(price), None) => {
            let current = offers::get(&state.db, *id).await?;
            check_price(&mut v, price, &current.row.currency)
        }
        (None, Some(currency)) => {
            let current = offers::get(&state.db, *id).await?;
            check_price(
                &mut v,
                domain::money::from_minor_units(current.row.price_minor, domain::money::Currency::Eur),
                currency,
            )
        }
        (None, None) => None,
    };
    v.finish()?;
    let changes = OfferChanges {
        title,
        description: body.description.map(|d| d.trim().to_owned()),
        price,
        date_time: body.date_time,
        duration_minutes: body.duration,
    };
    let offer = offers::update(&state.db, user.id, *id, changes).await?;
    let name = service::accounts::get(&state.db, user.id).await?.name;
    Ok(web::Json(offer_row_to_wire(&offer.row, offer.status, &name)))
}

/// Withdraw an offer: its creator only, and only while nobody holds it.
#[utoipa::path(
    tag = "call-offers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Offer id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 403, description = "Not the offer's creator", body = ProblemDetails),
        (status = 404, description = "No such offer", body = ProblemDetails),
        (status = 409, description = "Booked or closed", body = ProblemDetails),
    )
)]
#[delete("/call-offers/{id}")]
pub async fn delete_offer(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    offers::delete(&state.db, user.id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn check_title(v: &mut Validation, title: &str) -> Option<String> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        v.add("title", "must be 1 to 200 characters".to_owned());
        None
    } else {
        Some(title.to_owned())
    }
}

fn check_description(v: &mut Validation, description: &str) {
    if description.chars().count() > 5000 {
        v.add("description", "must be at most 5000 characters".to_owned());
    }
}

fn check_duration(v: &mut Validation, minutes: i32) {
    if !(MIN_DURATION..=offers::MAX_DURATION_MINUTES).contains(&minutes) {
        v.add("duration", format!("must be between {MIN_DURATION} and {} minutes", offers::MAX_DURATION_MINUTES));
    }
}

fn check_price(v: &mut Validation, amount: rust_decimal::Decimal, currency: &str) -> Option<Price> {
    let currency = v.check("currency", currency.parse::<Currency>())?;
    v.check("price", Price::new(amount, currency))
}
