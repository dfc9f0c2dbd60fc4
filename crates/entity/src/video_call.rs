//! `video_calls`: instant calls between a staff member and a client of one organization
//! (the seeds' columns, plus the organization, the ring instant and Daily's recording id).

use domain::instant_call::{CallStatus, InitiatedBy};
use sea_orm::entity::prelude::*;

/// A row of `video_calls`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "video_calls")]
pub struct Model {
    /// Identifier (the seeds' `callId`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The organization both participants belong to.
    pub organization_id: Uuid,
    /// The Daily room's name, unique.
    pub room_name: String,
    /// The Daily room's URL (none without Daily).
    pub room_url: Option<String>,
    /// The client.
    pub client_id: Uuid,
    /// The staff member.
    pub staff_id: Uuid,
    /// The client's name when the call was placed.
    pub client_name: String,
    /// The staff member's name when the call was placed.
    pub staff_name: String,
    /// Where it stands.
    pub status: CallStatus,
    /// Which side called.
    pub initiated_by: InitiatedBy,
    /// When it was placed.
    pub started_at: DateTimeUtc,
    /// When the ring went out (the missed deadline counts from here).
    pub ringing_at: Option<DateTimeUtc>,
    /// When the callee accepted.
    pub answered_at: Option<DateTimeUtc>,
    /// When it ended (hung up, cancelled, declined or missed).
    pub ended_at: Option<DateTimeUtc>,
    /// Seconds from the answer to the end.
    pub duration: Option<i32>,
    /// Daily's recording id, once a recording is ready.
    pub recording_id: Option<String>,
    /// Where participants fetch the recording.
    pub recording_url: Option<String>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `video_calls`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
