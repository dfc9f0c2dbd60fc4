//! Creator profiles: the public page of a host, searchable, with the number of offers
//! still open for booking, and the Stripe Connect state.

use api_types::ErrorCode;
use chrono::Utc;
use domain::money::Currency;
use domain::{Role, TimeZone};
use entity::{creator, user};
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::ServiceError;
use crate::offers;

/// A creator with their display name.
#[derive(Debug, Clone, PartialEq)]
pub struct Creator {
    /// The creator row.
    pub row: creator::Model,
    /// The account's display name.
    pub name: String,
    /// Offers open for booking (upcoming, not taken).
    pub available_offers: u64,
}

/// The editable profile.
#[derive(Debug, Clone)]
pub struct ProfileInput {
    /// About.
    pub bio: Option<String>,
    /// Topics.
    pub expertise: Option<String>,
    /// Picture URL.
    pub profile_image: Option<String>,
    /// Social links object.
    pub social_links: Option<Value>,
    /// Payout currency.
    pub currency: Currency,
    /// Time zone.
    pub timezone: TimeZone,
}

/// Creates or replaces the signed-in creator's profile.
pub async fn upsert_profile(
    db: &DatabaseConnection,
    user_id: Uuid,
    role: Role,
    input: ProfileInput,
) -> Result<Creator, ServiceError> {
    if role != Role::Creator {
        return Err(ServiceError::refused(ErrorCode::NotACreator, "Only creators have a creator profile."));
    }
    let now = Utc::now();
    let existing = creator::Entity::find().filter(creator::Column::UserId.eq(user_id)).one(db).await?;
    let row = match existing {
        Some(row) => {
            let mut active: creator::ActiveModel = row.into();
            active.bio = Set(input.bio);
            active.expertise = Set(input.expertise);
            active.profile_image = Set(input.profile_image);
            active.social_links = Set(input.social_links);
            active.currency = Set(input.currency.code().to_owned());
            active.timezone = Set(input.timezone.name().to_owned());
            active.updated_at = Set(now);
            active.update(db).await?
        }
        None => {
            let mut fresh = new_row(user_id, input.currency, input.timezone.name().to_owned());
            fresh.bio = Set(input.bio);
            fresh.expertise = Set(input.expertise);
            fresh.profile_image = Set(input.profile_image);
            fresh.social_links = Set(input.social_links);
            fresh.insert(db).await?
        }
    };
    get(db, row.id).await
}

/// The creator row of a user, creating a default profile for creators who have none yet.
pub async fn of_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<creator::Model, ServiceError> {
    if let Some(row) = creator::Entity::find().filter(creator::Column::UserId.eq(user_id)).one(db).await? {
        return Ok(row);
    }
    let account = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    if account.role != Role::Creator.as_str() {
        return Err(ServiceError::refused(ErrorCode::NotACreator, "Only creators can do this."));
    }
    let row = new_row(user_id, Currency::Eur, account.timezone).insert(db).await;
    match row {
        Ok(row) => Ok(row),
        // Two first requests raced to create it: take the winner's.
        Err(err) if err.sql_err().is_some() => creator::Entity::find()
            .filter(creator::Column::UserId.eq(user_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound("creator")),
        Err(err) => Err(err.into()),
    }
}

/// A new creator row with an empty profile and no Stripe account.
fn new_row(user_id: Uuid, currency: Currency, timezone: String) -> creator::ActiveModel {
    let now = Utc::now();
    creator::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        bio: Set(None),
        expertise: Set(None),
        profile_image: Set(None),
        social_links: Set(None),
        currency: Set(currency.code().to_owned()),
        timezone: Set(timezone),
        stripe_account_id: Set(None),
        charges_enabled: Set(false),
        payouts_enabled: Set(false),
        details_submitted: Set(false),
        stripe_default_currency: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// One creator, public view.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Creator, ServiceError> {
    let (row, account) = creator::Entity::find_by_id(id)
        .find_also_related(user::Entity)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("creator"))?;
    let name = account.map(|a| a.name).unwrap_or_default();
    let available_offers = offers::count_available(db, &[row.id]).await?.get(&row.id).copied().unwrap_or(0);
    Ok(Creator { row, name, available_offers })
}

/// Creators whose name or expertise matches `search`, by name; with the total.
pub async fn list(
    db: &DatabaseConnection,
    search: Option<String>,
    page: domain::PageRequest,
) -> Result<(Vec<Creator>, u64), ServiceError> {
    let mut condition = Condition::all();
    if let Some(text) = search.map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        let pattern = crate::db::contains_pattern(&text);
        condition = condition.add(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col((user::Entity, user::Column::Name))))
                        .like(LikeExpr::new(&pattern).escape('\\')),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col((creator::Entity, creator::Column::Expertise))))
                        .like(LikeExpr::new(&pattern).escape('\\')),
                ),
        );
    }
    let query = creator::Entity::find().join(JoinType::InnerJoin, creator::Relation::User.def()).filter(condition);
    let total = query.clone().count(db).await?;
    let rows = query
        .select_also(user::Entity)
        .order_by_asc(Expr::col((user::Entity, user::Column::Name)))
        .order_by_asc(creator::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|(c, _)| c.id).collect();
    let counts = offers::count_available(db, &ids).await?;
    let creators = rows
        .into_iter()
        .map(|(row, account)| Creator {
            available_offers: counts.get(&row.id).copied().unwrap_or(0),
            name: account.map(|a| a.name).unwrap_or_default(),
            row,
        })
        .collect();
    Ok((creators, total))
}

/// Stores the connected account id.
pub async fn set_stripe_account(
    db: &impl ConnectionTrait,
    row: creator::Model,
    account_id: &str,
) -> Result<creator::Model, ServiceError> {
    let mut active: creator::ActiveModel = row.into();
    active.stripe_account_id = Set(Some(account_id.to_owned()));
    active.updated_at = Set(Utc::now());
    Ok(active.update(db).await?)
}

/// Stores the connected account's capabilities.
pub async fn set_stripe_status(
    db: &impl ConnectionTrait,
    row: creator::Model,
    status: &crate::payments::AccountStatus,
) -> Result<creator::Model, ServiceError> {
    let mut active: creator::ActiveModel = row.into();
    active.charges_enabled = Set(status.charges_enabled);
    active.payouts_enabled = Set(status.payouts_enabled);
    active.details_submitted = Set(status.details_submitted);
    active.stripe_default_currency = Set(status.default_currency.clone());
    active.updated_at = Set(Utc::now());
    Ok(active.update(db).await?)
}
