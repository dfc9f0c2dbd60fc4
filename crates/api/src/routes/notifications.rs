//! `/api/notifications`: the signed-in user's in-app notifications.

use actix_web::{HttpResponse, get, post, web};
use api_types::{MarkedRead, NotificationPage, PageQuery, ProblemDetails};
use service::notifications;
use uuid::Uuid;

use crate::extract::AuthUser;
use crate::input::Parse;
use crate::{ApiError, AppState, wire};

/// My notifications: unread first, then newest; in my language; with the unread count.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of notifications", body = NotificationPage),
        (status = 422, description = "page or perPage out of bounds", body = ProblemDetails),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    user: AuthUser,
    state: web::Data<AppState>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<NotificationPage>, ApiError> {
    let page = page.into_inner().parse()?;
    let (items, total, unread_count) = notifications::list(&state.ctx.db, user.id, page).await?;
    let items = items.into_iter().map(wire::notification).collect();
    Ok(web::Json(NotificationPage { items, page: page.page(), per_page: page.per_page(), total, unread_count }))
}

/// Mark one notification read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Notification id")),
    responses(
        (status = 204, description = "Marked read"),
        (status = 404, description = "No such notification (or not yours)", body = ProblemDetails),
    )
)]
#[post("/notifications/{id}/read")]
pub async fn mark_notification_read(
    user: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    notifications::mark_read(&state.ctx.db, user.id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all my notifications read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "How many changed", body = MarkedRead))
)]
#[post("/notifications/read-all")]
pub async fn mark_all_notifications_read(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<web::Json<MarkedRead>, ApiError> {
    Ok(web::Json(MarkedRead { updated: notifications::mark_all_read(&state.ctx.db, user.id).await? }))
}
