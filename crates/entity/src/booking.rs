//! `bookings`: one guest's booking of one offer.

use sea_orm::entity::prelude::*;

/// A row of `bookings`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    /// Identifier.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The offer.
    pub call_offer_id: Uuid,
    /// The guest.
    pub user_id: Uuid,
    /// pending, confirmed, completed, cancelled or no_show.
    pub status: String,
    /// Price in minor units.
    pub total_price_minor: i64,
    /// Currency code.
    pub currency: String,
    /// Until when a pending booking holds the offer.
    pub hold_expires_at: Option<DateTimeUtc>,
    /// The PaymentIntent, once created.
    pub stripe_payment_intent_id: Option<String>,
    /// Confirmed without a real payment (no Stripe key configured).
    pub is_test_booking: bool,
    /// When it was confirmed.
    pub confirmed_at: Option<DateTimeUtc>,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTimeUtc>,
    /// guest, host, payment or system.
    pub cancelled_by: Option<String>,
    /// Why.
    pub cancel_reason: Option<String>,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `bookings`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The offer.
    #[sea_orm(
        belongs_to = "super::call_offer::Entity",
        from = "Column::CallOfferId",
        to = "super::call_offer::Column::Id"
    )]
    CallOffer,
    /// The guest.
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
}

impl Related<super::call_offer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CallOffer.def()
    }
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
