//! Reviews: the fan of a completed call reviews it once (the unique index on `booking_id`
//! settles a double submit), the creator is told and may answer once, an admin may hide a
//! review with a reason. Hidden reviews are not listed publicly and do not count in a
//! creator's rating, which is computed from the visible reviews by one grouped query.

use std::collections::HashMap;

use api_types::{ErrorCode, Route};
use chrono::{DateTime, Utc};
use domain::call::Side;
use domain::notification::NotificationType;
use domain::review::{RatingSummary, ReviewDraft, ReviewRefusal, check_reviewable};
use entity::{booking, call_offer, creator, review, user};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::error::OnUniqueViolation as _;
use crate::notifications::{self, params};
use crate::{Context, ServiceError, bookings};

/// A review, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Identifier.
    pub id: Uuid,
    /// The reviewed call.
    pub booking_id: Uuid,
    /// The reviewed creator.
    pub creator_id: Uuid,
    /// The fan's name.
    pub author_name: String,
    /// The call's title.
    pub call_title: String,
    /// 1 to 5.
    pub rating: i32,
    /// The fan's words.
    pub comment: String,
    /// The creator's answer.
    pub answer: Option<String>,
    /// When answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// When hidden.
    pub hidden_at: Option<DateTime<Utc>>,
    /// Why hidden.
    pub hidden_reason: Option<String>,
    /// Written.
    pub created_at: DateTime<Utc>,
}

impl From<ReviewRefusal> for ServiceError {
    fn from(refusal: ReviewRefusal) -> Self {
        let code = match refusal {
            ReviewRefusal::NotTheGuest => ErrorCode::NotBookingGuest,
            ReviewRefusal::NotCompleted => ErrorCode::CallNotCompleted,
            ReviewRefusal::AlreadyReviewed => ErrorCode::AlreadyReviewed,
        };
        Self::refused(code, refusal.to_string())
    }
}

/// The fan of a completed call reviews it, once; the creator is told (REVIEW_RECEIVED).
/// Someone who is not in the call gets "not found"; its creator `not_booking_guest`.
pub async fn create(ctx: &Context, viewer: Uuid, booking_id: Uuid, draft: ReviewDraft) -> Result<Review, ServiceError> {
    let db = &ctx.db;
    let (booking, side) = bookings::as_participant(db, viewer, booking_id).await?;
    check_reviewable(booking.status, side == Side::Guest, booking.reviewed)?;
    let now = Utc::now();
    let id = Uuid::new_v4();
    let txn = db.begin().await?;
    review::ActiveModel {
        id: Set(id),
        booking_id: Set(booking_id),
        creator_id: Set(booking.offer.creator_id),
        author_id: Set(viewer),
        rating: Set(draft.rating.stars()),
        comment: Set(draft.comment),
        answer: Set(None),
        answered_at: Set(None),
        hidden_at: Set(None),
        hidden_reason: Set(None),
        hidden_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .on_unique_violation(|| ReviewRefusal::AlreadyReviewed.into())?;
    let told = notifications::notify(
        &txn,
        booking.host.user_id,
        NotificationType::ReviewReceived,
        params([("with", booking.guest.name.clone()), ("title", booking.offer.title.clone())]),
        Some(Route::CreatorReviews),
    )
    .await?;
    txn.commit().await?;
    ctx.events.publish(told).await;
    tracing::info!(review_id = %id, %booking_id, "call reviewed");
    by_id(db, id).await
}

async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Review, ServiceError> {
    let row = review::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("review"))?;
    load(db, vec![row]).await?.pop().ok_or(ServiceError::NotFound("review"))
}

/// Reviews with their authors' names and calls' titles: two queries, whatever their number.
async fn load(db: &impl ConnectionTrait, rows: Vec<review::Model>) -> Result<Vec<Review>, ServiceError> {
    let authors: Vec<Uuid> = rows.iter().map(|r| r.author_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(authors))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let bookings: Vec<Uuid> = rows.iter().map(|r| r.booking_id).collect();
    let titles: HashMap<Uuid, String> = booking::Entity::find()
        .select_only()
        .column(booking::Column::Id)
        .column(call_offer::Column::Title)
        .inner_join(call_offer::Entity)
        .filter(booking::Column::Id.is_in(bookings))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| Review {
            author_name: names.get(&row.author_id).cloned().unwrap_or_default(),
            call_title: titles.get(&row.booking_id).cloned().unwrap_or_default(),
            id: row.id,
            booking_id: row.booking_id,
            creator_id: row.creator_id,
            rating: row.rating,
            comment: row.comment,
            answer: row.answer,
            answered_at: row.answered_at,
            hidden_at: row.hidden_at,
            hidden_reason: row.hidden_reason,
            created_at: row.created_at,
        })
        .collect())
}

/// A creator's visible reviews, newest first, with their total.
pub async fn of_creator(
    db: &DatabaseConnection,
    creator_id: Uuid,
    page: domain::PageRequest,
) -> Result<(Vec<Review>, u64), ServiceError> {
    creator::Entity::find_by_id(creator_id).one(db).await?.ok_or(ServiceError::NotFound("creator"))?;
    let visible = review::Entity::find()
        .filter(review::Column::CreatorId.eq(creator_id))
        .filter(review::Column::HiddenAt.is_null());
    let total = visible.clone().count(db).await?;
    let rows = visible
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    Ok((load(db, rows).await?, total))
}

/// The creator answers a review of theirs, once.
pub async fn answer(db: &DatabaseConnection, viewer: Uuid, id: Uuid, answer: String) -> Result<Review, ServiceError> {
    let row = review::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("review"))?;
    let owner = creator::Entity::find_by_id(row.creator_id).one(db).await?;
    if owner.is_none_or(|c| c.user_id != viewer) {
        return Err(ServiceError::refused(
            ErrorCode::NotReviewCreator,
            "Only the reviewed creator can answer a review.",
        ));
    }
    let now = Utc::now();
    let changed = review::Entity::update_many()
        .col_expr(review::Column::Answer, Expr::value(answer))
        .col_expr(review::Column::AnsweredAt, Expr::value(now))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(id))
        .filter(review::Column::Answer.is_null())
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(ServiceError::refused(ErrorCode::AlreadyAnswered, "This review has already been answered."));
    }
    by_id(db, id).await
}

/// An admin hides a review, with a reason: it is no longer listed publicly and no longer
/// counts in the creator's rating.
pub async fn hide(db: &DatabaseConnection, admin: Uuid, id: Uuid, reason: String) -> Result<Review, ServiceError> {
    let now = Utc::now();
    let changed = review::Entity::update_many()
        .col_expr(review::Column::HiddenAt, Expr::value(now))
        .col_expr(review::Column::HiddenReason, Expr::value(reason.clone()))
        .col_expr(review::Column::HiddenBy, Expr::value(admin))
        .col_expr(review::Column::UpdatedAt, Expr::value(now))
        .filter(review::Column::Id.eq(id))
        .filter(review::Column::HiddenAt.is_null())
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        by_id(db, id).await?;
        return Err(ServiceError::refused(ErrorCode::ReviewHidden, "This review is hidden already."));
    }
    crate::system_logs::record(
        db,
        domain::operations::LogLevel::Info,
        "REVIEW_HIDDEN",
        crate::system_logs::Actor::Admin(admin),
        format!("Review {id} hidden: {reason}"),
        serde_json::json!({"reviewId": id}),
    )
    .await?;
    by_id(db, id).await
}

/// The ratings of creators from their visible reviews: one grouped query.
pub async fn ratings(
    db: &impl ConnectionTrait,
    creator_ids: &[Uuid],
) -> Result<HashMap<Uuid, RatingSummary>, ServiceError> {
    if creator_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64, Option<i64>)> = review::Entity::find()
        .select_only()
        .column(review::Column::CreatorId)
        .column_as(review::Column::Id.count(), "n")
        .column_as(Expr::expr(Func::sum(Expr::col(review::Column::Rating))), "stars")
        .filter(review::Column::CreatorId.is_in(creator_ids.iter().copied()))
        .filter(review::Column::HiddenAt.is_null())
        .group_by(review::Column::CreatorId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n, stars)| (id, RatingSummary { count: u64::try_from(n).unwrap_or(0), stars: stars.unwrap_or(0) }))
        .collect())
}

/// The rating of one creator.
pub async fn rating(db: &impl ConnectionTrait, creator_id: Uuid) -> Result<RatingSummary, ServiceError> {
    Ok(ratings(db, &[creator_id]).await?.remove(&creator_id).unwrap_or_default())
}
