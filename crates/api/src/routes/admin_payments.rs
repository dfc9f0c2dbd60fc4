//! `/api/admin/payments`, `/api/admin/refunds`, `/api/admin/disputes`: what fans paid, what
//! goes back to them (with each refund's state in the queue, and a retry for failed ones),
//! and the disputes Stripe reported. Admins only.

use actix_web::{get, post, web};
use api_types::{
    AdminDispute, AdminPayment, AdminRefund, DisputeQuery, Page, PageQuery, PaymentQuery, ProblemDetails, RefundQuery,
};
use service::payments::admin;
use service::refunds;
use uuid::Uuid;

use crate::extract::AdminUser;
use crate::input::Parse;
use crate::{ApiError, AppState, wire};

/// Payments, newest first; filter by status.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(PaymentQuery, PageQuery),
    responses(
        (status = 200, description = "A page of payments", body = Page<AdminPayment>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "Unknown status, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/payments")]
pub async fn list_payments(
    _admin: AdminUser,
    state: web::Data<AppState>,
    query: web::Query<PaymentQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<AdminPayment>>, ApiError> {
    let (status, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (rows, total) = admin::payments(&state.ctx.db, status, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::admin_payment)))
}

/// Refunds and their queue state (pending with the next attempt, sent, failed with the
/// error), newest first; filter by status and booking.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(RefundQuery, PageQuery),
    responses(
        (status = 200, description = "A page of refunds", body = Page<AdminRefund>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "Unknown status, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/refunds")]
pub async fn list_refunds(
    _admin: AdminUser,
    state: web::Data<AppState>,
    query: web::Query<RefundQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<AdminRefund>>, ApiError> {
    let ((status, booking_id), page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (rows, total) = refunds::list(&state.ctx.db, status, booking_id, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::admin_refund)))
}

/// One refund and its queue state (a failed refund's notification links to it).
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Refund id")),
    responses(
        (status = 200, description = "The refund", body = AdminRefund),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such refund", body = ProblemDetails),
    )
)]
#[get("/admin/refunds/{id}")]
pub async fn get_refund(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AdminRefund>, ApiError> {
    Ok(web::Json(wire::admin_refund(refunds::get(&state.ctx.db, *id).await?)))
}

/// Put a failed refund back in the queue; it is sent at once (same idempotency key).
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Refund id")),
    responses(
        (status = 200, description = "Queued again", body = AdminRefund),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such refund", body = ProblemDetails),
        (status = 409, description = "`refund_not_failed`", body = ProblemDetails),
    )
)]
#[post("/admin/refunds/{id}/retry")]
pub async fn retry_refund(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AdminRefund>, ApiError> {
    Ok(web::Json(wire::admin_refund(refunds::retry(&state.ctx, *id).await?)))
}

/// Disputes, newest first; filter by status. The dispute notification links here.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(DisputeQuery, PageQuery),
    responses(
        (status = 200, description = "A page of disputes", body = Page<AdminDispute>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "Unknown status, or page out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/disputes")]
pub async fn list_disputes(
    _admin: AdminUser,
    state: web::Data<AppState>,
    query: web::Query<DisputeQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<AdminDispute>>, ApiError> {
    let (status, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (rows, total) = admin::disputes(&state.ctx.db, status, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::admin_dispute)))
}

/// One dispute (the dispute notification links to it).
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Dispute id")),
    responses(
        (status = 200, description = "The dispute", body = AdminDispute),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such dispute", body = ProblemDetails),
    )
)]
#[get("/admin/disputes/{id}")]
pub async fn get_dispute(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AdminDispute>, ApiError> {
    Ok(web::Json(wire::admin_dispute(admin::dispute(&state.ctx.db, *id).await?)))
}
