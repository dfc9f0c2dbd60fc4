//! `bookings`: one guest's booking of one offer.

use domain::booking::{BookingStatus, CancelledBy};
use domain::money::Currency;
use domain::payment::IntentStatus;
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
    /// The host's account (copied from the offer's creator when booked).
    pub host_id: Uuid,
    /// When the call starts (frozen when booked).
    pub starts_at: DateTimeUtc,
    /// When the call ends (frozen when booked).
    pub ends_at: DateTimeUtc,
    /// Where it stands (stored; a pending booking past its hold is cancelled for everyone).
    pub status: BookingStatus,
    /// Price in minor units.
    pub total_price_minor: i64,
    /// Currency of the price.
    pub currency: Currency,
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
    /// Who cancelled it.
    pub cancelled_by: Option<CancelledBy>,
    /// Why.
    pub cancel_reason: Option<String>,
    /// Creation instant.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
    /// The Daily room, once created.
    pub daily_room_name: Option<String>,
    /// The Daily room's URL, once created.
    pub daily_room_url: Option<String>,
    /// Failed attempts to create the room so far.
    pub room_attempts: i32,
    /// When to try creating the room again (null: not waiting for a retry).
    pub room_retry_at: Option<DateTimeUtc>,
    /// The last room-creation failure.
    pub room_error: Option<String>,
    /// The .ics SEQUENCE: raised on every change of the event.
    pub calendar_sequence: i32,
    /// Video, phone or in person.
    pub meeting_type: domain::planning::MeetingType,
    /// The appointment's reason, when one was chosen.
    pub reason_id: Option<Uuid>,
    /// The guest's message to the host.
    pub message: Option<String>,
    /// Where the host calls (phone appointments).
    pub phone: Option<String>,
    /// Where they meet (in-person appointments).
    pub address: Option<String>,
    /// The PaymentIntent's status when Stripe was last asked (reconciliation).
    pub intent_status: Option<IntentStatus>,
    /// When Stripe was last asked.
    pub intent_checked_at: Option<DateTimeUtc>,
    /// How the video call went, recorded when it was settled (completed, interrupted, no_show).
    pub call_outcome: Option<domain::call::CallOutcome>,
    /// Who missed a no-show, recorded when it was settled.
    pub absent: Option<domain::no_show::Absent>,
    /// Seconds both were in the call together, recorded when it was settled.
    pub actual_duration_secs: Option<i32>,
    /// Seconds spent in the pre-call phase (mean over the participants), recorded when settled.
    pub pre_call_secs: Option<i32>,
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
