//! `call_requests`: a fan's proposal of a call to a creator.

use domain::call_request::CallRequestStatus;
use domain::money::Currency;
use sea_orm::entity::prelude::*;

/// A row of `call_requests`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_requests")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The fan who asked.
    pub fan_id: Uuid,
    /// The creator asked.
    pub creator_id: Uuid,
    /// The creator's account.
    pub host_id: Uuid,
    /// The proposed start.
    pub proposed_at: DateTimeUtc,
    /// Length in minutes.
    pub duration_minutes: i32,
    /// Proposed price in minor units.
    pub price_minor: i64,
    /// Currency of the price (the creator's).
    pub currency: Currency,
    /// The fan's words.
    pub message: String,
    /// Stored status (a pending request whose time passed is expired for everyone).
    pub status: CallRequestStatus,
    /// Why the creator declined.
    pub rejection_reason: Option<String>,
    /// The offer made on acceptance.
    pub call_offer_id: Option<Uuid>,
    /// The booking held on acceptance.
    pub booking_id: Option<Uuid>,
    /// When it was accepted, declined or withdrawn.
    pub responded_at: Option<DateTimeUtc>,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `call_requests`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
