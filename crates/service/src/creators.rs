//! Creator profiles: the public page of a host, searchable and sortable by rating, with the
//! number of offers still open for booking, the rating from visible reviews, and the Stripe
//! Connect state.

use api_types::ErrorCode;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::booking::OfferStatus;
use domain::ledger::PayoutSettings;
use domain::money::Currency;
use domain::profile::CreatorProfile;
use domain::review::RatingSummary;
use domain::{Role, TimeZone};
use entity::{call_offer, creator, ledger_entry, user};
use sea_orm::sea_query::{Expr, ExprTrait as _, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::payments::AccountStatus;
use crate::{Context, ServiceError, offers, reviews};

/// A creator's public profile, with the Stripe Connect state for the creator themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct Creator {
    /// Identifier (the creator id in the API).
    pub id: Uuid,
    /// The account.
    pub user_id: Uuid,
    /// The account's display name.
    pub name: String,
    /// About.
    pub bio: Option<String>,
    /// Topics.
    pub expertise: Option<String>,
    /// Picture URL.
    pub profile_image: Option<String>,
    /// Network → URL.
    pub social_links: BTreeMap<String, String>,
    /// Payout currency.
    pub currency: Currency,
    /// Time zone.
    pub timezone: TimeZone,
    /// Offers open for booking (upcoming, not taken).
    pub available_offers: u64,
    /// The rating from visible reviews.
    pub rating: RatingSummary,
    /// The Stripe Connect state.
    pub stripe: StripeState,
}

/// A creator's Stripe Connect state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeState {
    /// A connected account exists.
    pub connected: bool,
    /// It can take charges.
    pub charges_enabled: bool,
    /// It can receive payouts.
    pub payouts_enabled: bool,
    /// The onboarding form was submitted.
    pub details_submitted: bool,
    /// Its default currency.
    pub default_currency: Option<String>,
}

impl Creator {
    fn from_row(row: creator::Model, name: String, available_offers: u64, rating: RatingSummary) -> Self {
        let social_links = row
            .social_links
            .as_ref()
            .and_then(Value::as_object)
            .map(|o| o.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned()))).collect())
            .unwrap_or_default();
        Self {
            id: row.id,
            user_id: row.user_id,
            name,
            bio: row.bio,
            expertise: row.expertise,
            profile_image: row.profile_image,
            social_links,
            currency: row.currency,
            timezone: row.timezone,
            available_offers,
            rating,
            stripe: StripeState {
                connected: row.stripe_account_id.is_some(),
                charges_enabled: row.charges_enabled,
                payouts_enabled: row.payouts_enabled,
                details_submitted: row.details_submitted,
                default_currency: row.stripe_default_currency,
            },
        }
    }
}

/// Creates or replaces the signed-in creator's profile.
pub async fn upsert_profile(
    db: &DatabaseConnection,
    user_id: Uuid,
    role: Role,
    input: CreatorProfile,
) -> Result<Creator, ServiceError> {
    if role != Role::Creator {
        return Err(ServiceError::refused(ErrorCode::NotACreator, "Only creators have a creator profile."));
    }
    let now = Utc::now();
    let links =
        serde_json::to_value(input.social_links.into_map()).map_err(|err| ServiceError::Internal(err.to_string()))?;
    let image = input.profile_image.map(|url| url.as_str().to_owned());
    let existing = creator::Entity::find().filter(creator::Column::UserId.eq(user_id)).one(db).await?;
    let row = match existing {
        Some(row) => {
            if row.currency != input.currency {
                check_currency_change(db, &row, now).await?;
            }
            let mut active: creator::ActiveModel = row.into();
            active.bio = Set(input.bio);
            active.expertise_key = Set(input.expertise.as_deref().map(domain::search::search_key));
            active.expertise = Set(input.expertise);
            active.profile_image = Set(image);
            active.social_links = Set(Some(links));
            active.currency = Set(input.currency);
            active.timezone = Set(input.timezone);
            active.updated_at = Set(now);
            active.update(db).await?
        }
        None => {
            let mut fresh = new_row(user_id, input.currency, input.timezone);
            fresh.bio = Set(input.bio);
            fresh.expertise_key = Set(input.expertise.as_deref().map(domain::search::search_key));
            fresh.expertise = Set(input.expertise);
            fresh.profile_image = Set(image);
            fresh.social_links = Set(Some(links));
            fresh.insert(db).await?
        }
    };
    get(db, row.id).await
}

/// One payout currency per creator: it changes only while no money was earned in it and no
/// open offer is priced in it.
async fn check_currency_change(
    db: &DatabaseConnection,
    row: &creator::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let earned = ledger_entry::Entity::find().filter(ledger_entry::Column::CreatorId.eq(row.id)).count(db).await? > 0;
    let open = call_offer::Entity::find()
        .filter(call_offer::Column::CreatorId.eq(row.id))
        .filter(call_offer::Column::Status.is_in([OfferStatus::Available, OfferStatus::Booked]))
        .filter(call_offer::Column::DateTime.gt(now))
        .count(db)
        .await?
        > 0;
    if earned || open {
        let why = if earned { "money was already earned in it" } else { "open offers are priced in it" };
        return Err(ServiceError::refused(
            ErrorCode::CurrencyLocked,
            format!("Your payout currency stays {}: {why}.", row.currency),
        ));
    }
    Ok(())
}

/// The creator row of a user, creating a default profile for creators who have none yet.
pub async fn of_user(db: &impl ConnectionTrait, user_id: Uuid) -> Result<creator::Model, ServiceError> {
    if let Some(row) = creator::Entity::find().filter(creator::Column::UserId.eq(user_id)).one(db).await? {
        return Ok(row);
    }
    let account = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    if account.role != Role::Creator {
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
fn new_row(user_id: Uuid, currency: Currency, timezone: TimeZone) -> creator::ActiveModel {
    let now = Utc::now();
    creator::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        bio: Set(None),
        expertise: Set(None),
        expertise_key: Set(None),
        profile_image: Set(None),
        social_links: Set(None),
        currency: Set(currency),
        timezone: Set(timezone),
        stripe_account_id: Set(None),
        charges_enabled: Set(false),
        payouts_enabled: Set(false),
        details_submitted: Set(false),
        stripe_default_currency: Set(None),
        payout_schedule: Set(PayoutSettings::DEFAULT.schedule),
        payout_minimum_minor: Set(PayoutSettings::DEFAULT.minimum_minor),
        payout_weekday: Set(PayoutSettings::DEFAULT.weekday),
        next_payout_at: Set(PayoutSettings::DEFAULT.next_payout_at(now)),
        payout_block: Set(None),
        payout_block_reason: Set(None),
        payout_skip_reason: Set(None),
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
    let rating = reviews::rating(db, row.id).await?;
    Ok(Creator::from_row(row, name, available_offers, rating))
}

/// How the creators list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CreatorSort {
    /// By name.
    #[default]
    Name,
    /// Best average rating first, then most reviews, then by name; creators without visible
    /// reviews last.
    Rating,
}

/// A creator's average rating over visible reviews, in SQL (-1 without reviews, so they sort
/// last), and their number of visible reviews: the ordering of [`CreatorSort::Rating`].
fn rating_order() -> [sea_orm::sea_query::SimpleExpr; 2] {
    let visible = "FROM reviews r WHERE r.creator_id = creators.id AND r.hidden_at IS NULL";
    [
        Expr::cust(format!("COALESCE((SELECT SUM(r.rating) * 1.0 / COUNT(*) {visible}), -1)")),
        Expr::cust(format!("(SELECT COUNT(*) {visible})")),
    ]
}

/// Creators whose name or expertise matches `search`, by name or by rating; with the total.
pub async fn list(
    db: &DatabaseConnection,
    search: Option<String>,
    sort: CreatorSort,
    page: domain::PageRequest,
) -> Result<(Vec<Creator>, u64), ServiceError> {
    let mut condition = Condition::all();
    if let Some(text) = search.filter(|t| !t.trim().is_empty()) {
        // Compared in search-key form: case-insensitive in any script, the same on both engines.
        let pattern = crate::db::contains_pattern(&text);
        condition = condition.add(
            Condition::any()
                .add(Expr::col((user::Entity, user::Column::NameKey)).like(LikeExpr::new(&pattern).escape('\\')))
                .add(
                    Expr::col((creator::Entity, creator::Column::ExpertiseKey))
                        .like(LikeExpr::new(&pattern).escape('\\')),
                ),
        );
    }
    let query = creator::Entity::find().join(JoinType::InnerJoin, creator::Relation::User.def()).filter(condition);
    let total = query.clone().count(db).await?;
    let mut query = query.select_also(user::Entity);
    if sort == CreatorSort::Rating {
        for expr in rating_order() {
            query = query.order_by_desc(expr);
        }
    }
    let rows = query
        .order_by_asc(Expr::col((user::Entity, user::Column::Name)))
        .order_by_asc(creator::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|(c, _)| c.id).collect();
    let counts = offers::count_available(db, &ids).await?;
    let ratings = reviews::ratings(db, &ids).await?;
    let creators = rows
        .into_iter()
        .map(|(row, account)| {
            let available = counts.get(&row.id).copied().unwrap_or(0);
            let rating = ratings.get(&row.id).copied().unwrap_or_default();
            Creator::from_row(row, account.map(|a| a.name).unwrap_or_default(), available, rating)
        })
        .collect();
    Ok((creators, total))
}

/// The signed-in creator's profile (created empty on first access).
pub async fn mine(db: &DatabaseConnection, user_id: Uuid) -> Result<Creator, ServiceError> {
    let row = of_user(db, user_id).await?;
    get(db, row.id).await
}

/// Starts (or resumes) Stripe Connect onboarding: creates the connected account when missing
/// and answers the link to Stripe's form. In test mode the account is ready at once and the
/// link leads back to the app.
pub async fn onboarding_link(ctx: &Context, user_id: Uuid) -> Result<String, ServiceError> {
    let db = &ctx.db;
    let gateway = ctx.payments.as_ref();
    let account = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    let row = of_user(db, user_id).await?;
    let account_id = match row.stripe_account_id.clone() {
        Some(id) => id,
        None => {
            let id = gateway.create_account(&account.email).await?;
            set_stripe(db, row.id, |active| active.stripe_account_id = Set(Some(id.clone()))).await?;
            id
        }
    };
    if gateway.is_test_mode() {
        let status = gateway.account_status(&account_id).await?;
        store_status(db, row.id, &status).await?;
    } else if row.stripe_account_id.is_some() {
        // Accounts made before payouts were Callstar's keep Stripe's automatic schedule.
        let status = gateway.account_status(&account_id).await?;
        ensure_manual_payouts(ctx, &account_id, &status).await?;
    }
    let back = ctx.settings.link(&api_types::Route::CreatorProfile);
    Ok(gateway.account_link(&account_id, &back, &back).await?)
}

/// Refreshes the Stripe Connect state from Stripe (after onboarding).
pub async fn refresh_stripe_status(ctx: &Context, user_id: Uuid) -> Result<Creator, ServiceError> {
    let row = of_user(&ctx.db, user_id).await?;
    if let Some(account_id) = &row.stripe_account_id {
        let status = ctx.payments.account_status(account_id).await?;
        ensure_manual_payouts(ctx, account_id, &status).await?;
        store_status(&ctx.db, row.id, &status).await?;
    }
    get(&ctx.db, row.id).await
}

/// Puts an account whose payouts Stripe still schedules on the manual schedule, so the
/// creator's share is paid out only by Callstar (after the holding period).
async fn ensure_manual_payouts(ctx: &Context, account_id: &str, status: &AccountStatus) -> Result<(), ServiceError> {
    if status.payout_interval.as_deref().is_some_and(|interval| interval != "manual") {
        ctx.payments.set_manual_payouts(account_id).await?;
        tracing::info!(account_id, "connected account moved to the manual payout schedule");
    }
    Ok(())
}

/// `account.updated` (Connect): the creator's charges and payouts capabilities as Stripe says.
pub(crate) async fn on_account_updated(
    db: &impl ConnectionTrait,
    account: &providers::stripe_events::Account,
    now: DateTime<Utc>,
) -> Result<crate::payments::events::EventOutcome, ServiceError> {
    let changed = creator::Entity::update_many()
        .col_expr(creator::Column::ChargesEnabled, Expr::value(account.charges_enabled))
        .col_expr(creator::Column::PayoutsEnabled, Expr::value(account.payouts_enabled))
        .col_expr(creator::Column::DetailsSubmitted, Expr::value(account.details_submitted))
        .col_expr(creator::Column::StripeDefaultCurrency, Expr::value(account.default_currency.clone()))
        .col_expr(creator::Column::UpdatedAt, Expr::value(now))
        .filter(creator::Column::StripeAccountId.eq(&account.id))
        .exec(db)
        .await?
        .rows_affected;
    Ok(if changed == 0 {
        crate::payments::events::EventOutcome::Ignored
    } else {
        crate::payments::events::EventOutcome::Processed
    })
}

async fn store_status(db: &DatabaseConnection, id: Uuid, status: &AccountStatus) -> Result<(), ServiceError> {
    set_stripe(db, id, |active| {
        active.charges_enabled = Set(status.charges_enabled);
        active.payouts_enabled = Set(status.payouts_enabled);
        active.details_submitted = Set(status.details_submitted);
        active.stripe_default_currency = Set(status.default_currency.clone());
    })
    .await
}

async fn set_stripe(
    db: &DatabaseConnection,
    id: Uuid,
    change: impl FnOnce(&mut creator::ActiveModel),
) -> Result<(), ServiceError> {
    let mut active = creator::ActiveModel { id: sea_orm::ActiveValue::Unchanged(id), ..Default::default() };
    change(&mut active);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}
