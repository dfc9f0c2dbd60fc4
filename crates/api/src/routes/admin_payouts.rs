//! `/api/admin/payouts` and `/api/admin/creators/{id}/…`: admins decide payout requests,
//! read every payout and its audit trail, block or unblock a creator's payouts, and correct a
//! creator's balance. Admins only.

use actix_web::{HttpResponse, get, post, put, web};
use api_types::{
    AdminPayout, AdminPayoutQuery, LedgerAdjustmentRequest, Page, PageQuery, PayoutAuditEntry, PayoutBlockRequest,
    PayoutSettings, ProblemDetails, RejectPayoutRequest,
};
use service::payouts;
use uuid::Uuid;

use crate::extract::AdminUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// Every payout, newest first; filter by status and creator.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(AdminPayoutQuery, PageQuery),
    responses(
        (status = 200, description = "A page of payouts", body = Page<AdminPayout>),
        (status = 400, description = "`invalid_query`: unknown status or creator id", body = ProblemDetails),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/admin/payouts")]
pub async fn admin_list_payouts(
    _admin: AdminUser,
    state: web::Data<AppState>,
    query: web::Query<AdminPayoutQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<AdminPayout>>, ApiError> {
    let (filter, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (rows, total) = payouts::list(&state.ctx.db, filter, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::admin_payout)))
}

/// One payout as admins see it (the payout request's notification links to it).
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Payout id")),
    responses(
        (status = 200, description = "The payout", body = AdminPayout),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such payout", body = ProblemDetails),
    )
)]
#[get("/admin/payouts/{id}")]
pub async fn admin_get_payout(
    admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AdminPayout>, ApiError> {
    Ok(web::Json(wire::admin_payout(payouts::get(&state.ctx.db, admin.0.id, admin.0.role, *id).await?)))
}

/// Approve a requested payout: it is sent at once by the `process-payouts` job. The creator
/// is notified (PAYOUT_APPROVED).
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Payout id")),
    responses(
        (status = 200, description = "The payout, APPROVED", body = AdminPayout),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such payout", body = ProblemDetails),
        (status = 409, description = "`payout_not_requested` or `stale_state`", body = ProblemDetails),
    )
)]
#[post("/admin/payouts/{id}/approve")]
pub async fn approve_payout(
    admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AdminPayout>, ApiError> {
    Ok(web::Json(wire::admin_payout(payouts::approve(&state.ctx, admin.0.id, *id).await?)))
}

/// Reject a requested payout, with a reason shown to the creator: the amount is available
/// again.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Payout id")),
    request_body = RejectPayoutRequest,
    responses(
        (status = 200, description = "The payout, REJECTED", body = AdminPayout),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such payout", body = ProblemDetails),
        (status = 409, description = "`payout_not_requested` or `stale_state`", body = ProblemDetails),
        (status = 422, description = "`reason` missing or too long", body = ProblemDetails),
    )
)]
#[post("/admin/payouts/{id}/reject")]
pub async fn reject_payout(
    admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<RejectPayoutRequest>,
) -> Result<web::Json<AdminPayout>, ApiError> {
    let reason = body.into_inner().parse()?;
    Ok(web::Json(wire::admin_payout(payouts::reject(&state.ctx, admin.0.id, *id, reason).await?)))
}

/// Send again a payout the job held back because its first attempt is older than Stripe keeps
/// idempotency keys (`skipReason` `idempotency_expired`). Check Stripe's dashboard first: no
/// payout may carry the metadata `callstar_payout_id` of this one.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Payout id")),
    responses(
        (status = 200, description = "The payout, APPROVED, sent at the next run", body = AdminPayout),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such payout", body = ProblemDetails),
        (status = 409, description = "`payout_not_held`", body = ProblemDetails),
    )
)]
#[post("/admin/payouts/{id}/release")]
pub async fn release_payout(
    admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<AdminPayout>, ApiError> {
    Ok(web::Json(wire::admin_payout(payouts::release_held(&state.ctx, admin.0.id, *id).await?)))
}

/// Every change of a payout, oldest first: who (creator, admin, the job, Stripe), when, from
/// which status to which, and why (skips are notes from a status to itself).
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Payout id")),
    responses(
        (status = 200, description = "The audit trail", body = Vec<PayoutAuditEntry>),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such payout", body = ProblemDetails),
    )
)]
#[get("/admin/payouts/{id}/audit")]
pub async fn get_payout_audit(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<PayoutAuditEntry>>, ApiError> {
    Ok(web::Json(payouts::audit(&state.ctx.db, *id).await?.into_iter().map(wire::payout_audit).collect()))
}

/// A creator's payout settings and block state.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Creator id")),
    responses(
        (status = 200, description = "The settings", body = PayoutSettings),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such creator", body = ProblemDetails),
    )
)]
#[get("/admin/creators/{id}/payout-settings")]
pub async fn get_creator_payout_settings(
    _admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PayoutSettings>, ApiError> {
    Ok(web::Json(wire::payout_settings(payouts::settings_of_creator(&state.ctx.db, *id).await?)))
}

/// Block (with a reason) or unblock a creator's payouts. Blocked payouts are skipped by the
/// job, with the reason in each payout's audit trail. Unblocking also lifts a debt block.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Creator id")),
    request_body = PayoutBlockRequest,
    responses(
        (status = 200, description = "The creator's payout settings", body = PayoutSettings),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such creator", body = ProblemDetails),
        (status = 422, description = "`reason` missing (to block) or too long", body = ProblemDetails),
    )
)]
#[put("/admin/creators/{id}/payout-block")]
pub async fn set_payout_block(
    admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<PayoutBlockRequest>,
) -> Result<web::Json<PayoutSettings>, ApiError> {
    let (blocked, reason) = body.into_inner().parse()?;
    Ok(web::Json(wire::payout_settings(payouts::set_block(&state.ctx, admin.0.id, *id, blocked, reason).await?)))
}

/// Correct a creator's balance: a signed amount in their currency and a reason, written to
/// their ledger. A debit that leaves debt above the threshold blocks their payouts.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Creator id")),
    request_body = LedgerAdjustmentRequest,
    responses(
        (status = 201, description = "The ledger entry", body = api_types::LedgerEntry),
        (status = 403, description = "Not an admin", body = ProblemDetails),
        (status = 404, description = "No such creator", body = ProblemDetails),
        (status = 422, description = "Zero or imprecise amount, missing reason", body = ProblemDetails),
    )
)]
#[post("/admin/creators/{id}/ledger-adjustments")]
pub async fn create_ledger_adjustment(
    admin: AdminUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<LedgerAdjustmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let entry = payouts::adjust(&state.ctx, admin.0.id, *id, body.amount, &body.reason).await?;
    Ok(HttpResponse::Created().json(wire::ledger_entry(entry)))
}
