//! Reviews: the fan of a completed call reviews it once, the creator answers once, anyone
//! reads a creator's visible reviews, an admin hides one with a reason.

use actix_web::{HttpResponse, get, post, web};
use api_types::{AnswerReviewRequest, CreateReviewRequest, HideReviewRequest, Page, PageQuery, ProblemDetails, Review};
use service::reviews;
use uuid::Uuid;

use crate::extract::{AdminUser, AuthUser};
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// Review a completed call: its fan only, once (rating 1 to 5, comment up to 2,000
/// characters). The creator is notified (REVIEW_RECEIVED).
#[utoipa::path(
    tag = "reviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Booking id")),
    request_body = CreateReviewRequest,
    responses(
        (status = 201, description = "The review", body = Review),
        (status = 403, description = "`not_booking_guest`: the creator cannot review their own call", body = ProblemDetails),
        (status = 404, description = "No such booking (or not yours)", body = ProblemDetails),
        (status = 409, description = "`call_not_completed` or `already_reviewed`", body = ProblemDetails),
        (status = 422, description = "Invalid rating or comment", body = ProblemDetails),
    )
)]
#[post("/bookings/{id}/review")]
pub async fn create_review(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<CreateReviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let review = reviews::create(&state.ctx, user.id, *id, body.into_inner().parse()?).await?;
    Ok(HttpResponse::Created().json(wire::review(review)))
}

/// A creator's reviews, newest first, with their answers. Hidden reviews are not listed.
#[utoipa::path(
    tag = "reviews",
    params(("id" = Uuid, Path, description = "Creator id"), PageQuery),
    responses(
        (status = 200, description = "A page of visible reviews", body = Page<Review>),
        (status = 404, description = "No such creator", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/creators/{id}/reviews")]
pub async fn list_creator_reviews(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<Review>>, ApiError> {
    let page = page.into_inner().parse()?;
    let (items, total) = reviews::of_creator(&state.ctx.db, *id, page).await?;
    Ok(web::Json(wire::page(items, page, total, wire::review)))
}

/// Answer a review of one of my calls, once (1 to 2,000 characters).
#[utoipa::path(
    tag = "reviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Review id")),
    request_body = AnswerReviewRequest,
    responses(
        (status = 200, description = "The review with its answer", body = Review),
        (status = 403, description = "`not_review_creator`", body = ProblemDetails),
        (status = 404, description = "No such review", body = ProblemDetails),
        (status = 409, description = "`already_answered`", body = ProblemDetails),
        (status = 422, description = "Empty or too long answer", body = ProblemDetails),
    )
)]
#[post("/reviews/{id}/answer")]
pub async fn answer_review(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<AnswerReviewRequest>,
) -> Result<web::Json<Review>, ApiError> {
    let review = reviews::answer(&state.ctx.db, user.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::review(review)))
}

/// Hide a review, with a reason (admins): it is no longer listed and no longer counts in the
/// creator's rating.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Review id")),
    request_body = HideReviewRequest,
    responses(
        (status = 200, description = "The hidden review", body = Review),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such review", body = ProblemDetails),
        (status = 409, description = "`review_hidden`: hidden already", body = ProblemDetails),
        (status = 422, description = "Empty or too long reason", body = ProblemDetails),
    )
)]
#[post("/admin/reviews/{id}/hide")]
pub async fn hide_review(
    admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<HideReviewRequest>,
) -> Result<web::Json<Review>, ApiError> {
    let review = reviews::hide(&state.ctx.db, admin.0.id, *id, body.into_inner().parse()?).await?;
    Ok(web::Json(wire::review(review)))
}
