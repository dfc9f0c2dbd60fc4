//! `/api/payouts`: the signed-in creator's earnings — balance, ledger, payout settings, their
//! payouts, and a payout request (MANUAL schedule). Creators only (`not_a_creator` otherwise).

use actix_web::{HttpResponse, get, post, put, web};
use api_types::{
    LedgerEntry, Page, PageQuery, Payout, PayoutBalance, PayoutQuery, PayoutSettings, ProblemDetails,
    RequestPayoutRequest, UpdatePayoutSettingsRequest,
};
use service::payouts;
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::json::Json;
use crate::{ApiError, AppState, wire};

/// The signed-in creator's balance, computed from their ledger: pending (with release
/// dates), available (debt already deducted), in flight, and debt.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The balance", body = PayoutBalance),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
    )
)]
#[get("/payouts/balance")]
pub async fn get_payout_balance(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<PayoutBalance>, ApiError> {
    Ok(web::Json(wire::payout_balance(payouts::balance(&state.ctx.db, user.id).await?)))
}

/// The signed-in creator's ledger, newest first: earnings, refunds, disputes, payouts and
/// their outcomes, debt deductions, adjustments.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of entries", body = Page<LedgerEntry>),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/payouts/ledger")]
pub async fn list_ledger_entries(
    user: AuthUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<LedgerEntry>>, ApiError> {
    let page = page.into_inner().parse()?;
    let (rows, total) = payouts::ledger_page(&state.ctx.db, user.id, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::ledger_entry)))
}

/// The signed-in creator's payout settings and the next scheduled payout.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = PayoutSettings),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
    )
)]
#[get("/payouts/settings")]
pub async fn get_payout_settings(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<PayoutSettings>, ApiError> {
    Ok(web::Json(wire::payout_settings(payouts::settings(&state.ctx.db, user.id).await?)))
}

/// Change the payout schedule (DAILY, WEEKLY on `weeklyDay`, or MANUAL), and the minimum a
/// scheduled payout sends. Scheduled payouts happen at 02:00 UTC on calendar days, so the
/// next one never drifts.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    request_body = UpdatePayoutSettingsRequest,
    responses(
        (status = 200, description = "The saved settings", body = PayoutSettings),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "Invalid minimum, or WEEKLY without `weeklyDay`", body = ProblemDetails),
    )
)]
#[put("/payouts/settings")]
pub async fn update_payout_settings(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<UpdatePayoutSettingsRequest>,
) -> Result<web::Json<PayoutSettings>, ApiError> {
    let change = body.into_inner().parse()?;
    Ok(web::Json(wire::payout_settings(payouts::update_settings(&state.ctx.db, user.id, change).await?)))
}

/// The signed-in creator's payouts, newest first; filter by status.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(PayoutQuery, PageQuery),
    responses(
        (status = 200, description = "A page of payouts", body = Page<Payout>),
        (status = 400, description = "`invalid_query`: unknown status", body = ProblemDetails),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/payouts")]
pub async fn list_payouts(
    user: AuthUser,
    state: web::Data<AppState>,
    query: web::Query<PayoutQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<Payout>>, ApiError> {
    let (status, page) = (query.into_inner().parse()?, page.into_inner().parse()?);
    let (rows, total) = payouts::mine(&state.ctx.db, user.id, status, page).await?;
    Ok(web::Json(wire::page(rows, page, total, wire::payout)))
}

/// Request a payout of at most the available balance (MANUAL schedule only). It waits for an
/// admin's approval (REQUESTED); admins are notified.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    request_body = RequestPayoutRequest,
    responses(
        (status = 201, description = "The payout, REQUESTED", body = Payout),
        (status = 403, description = "`not_a_creator`", body = ProblemDetails),
        (status = 409, description = "`not_manual_schedule`, `payouts_blocked`, `payouts_not_ready` (no Stripe account able to receive payouts) or `payout_above_available`", body = ProblemDetails),
        (status = 422, description = "Invalid amount (at least 1.00, two decimals)", body = ProblemDetails),
    )
)]
#[post("/payouts")]
pub async fn request_payout(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<RequestPayoutRequest>,
) -> Result<HttpResponse, ApiError> {
    let requested = payouts::request(&state.ctx, user.id, body.into_inner().amount).await?;
    Ok(HttpResponse::Created().json(wire::payout(requested)))
}

/// One payout: its creator's, or any for admins.
#[utoipa::path(
    tag = "payouts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Payout id")),
    responses(
        (status = 200, description = "The payout", body = Payout),
        (status = 404, description = "No such payout (or not yours)", body = ProblemDetails),
    )
)]
#[get("/payouts/{id}")]
pub async fn get_payout(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<Payout>, ApiError> {
    Ok(web::Json(wire::payout(payouts::get(&state.ctx.db, user.id, user.role, *id).await?)))
}
