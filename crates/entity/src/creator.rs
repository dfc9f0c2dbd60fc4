//! `creators`: the public profile and Stripe Connect state of a host.

use domain::TimeZone;
use domain::ledger::{BlockKind, PayoutSchedule, PayoutWeekday, SkipReason};
use domain::money::Currency;
use sea_orm::entity::prelude::*;

/// A row of `creators`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "creators")]
pub struct Model {
    /// Identifier (the creator id in the API).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The account.
    #[sea_orm(unique)]
    pub user_id: Uuid,
    /// About the creator.
    pub bio: Option<String>,
    /// Topics, comma separated.
    pub expertise: Option<String>,
    /// The expertise in `domain::search::search_key` form, written with it.
    pub expertise_key: Option<String>,
    /// Picture URL.
    pub profile_image: Option<String>,
    /// `{"instagram": url, …}`.
    pub social_links: Option<Json>,
    /// Payout currency.
    pub currency: Currency,
    /// Time zone.
    pub timezone: TimeZone,
    /// Stripe Connect account.
    pub stripe_account_id: Option<String>,
    /// Stripe: can take charges.
    pub charges_enabled: bool,
    /// Stripe: can receive payouts.
    pub payouts_enabled: bool,
    /// Stripe: onboarding form submitted.
    pub details_submitted: bool,
    /// Stripe: the account's default currency.
    pub stripe_default_currency: Option<String>,
    /// How often scheduled payouts happen.
    pub payout_schedule: PayoutSchedule,
    /// The least a scheduled payout sends, minor units.
    pub payout_minimum_minor: i64,
    /// The day of WEEKLY payouts.
    pub payout_weekday: PayoutWeekday,
    /// The next scheduled payout moment (from the calendar, so it never drifts).
    pub next_payout_at: Option<DateTimeUtc>,
    /// Why payouts are blocked, when they are.
    pub payout_block: Option<BlockKind>,
    /// The admin's reason for the block.
    pub payout_block_reason: Option<String>,
    /// Why the last due scheduled payout was skipped, while it is.
    pub payout_skip_reason: Option<SkipReason>,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `creators`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The account.
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
    /// Offers.
    #[sea_orm(has_many = "super::call_offer::Entity")]
    CallOffers,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::call_offer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CallOffers.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
