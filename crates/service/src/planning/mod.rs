//! Coach planning (seed 001): a host's appointment types and reasons, weekly availability and
//! date overrides, the free slots computed from them, and appointments — bookings whose source
//! is an appointment type, for a client or a prospect, sharing the offers' whole machinery.

pub mod appointments;
pub mod availability;
pub mod reasons;
pub mod slots;
pub mod types;

use api_types::ErrorCode;
use domain::Role;
use entity::{creator, user};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::ServiceError;

/// A host people may book with (a creator); anyone else is not found.
pub(crate) async fn bookable_host(db: &impl ConnectionTrait, host_id: Uuid) -> Result<user::Model, ServiceError> {
    user::Entity::find_by_id(host_id)
        .one(db)
        .await?
        .filter(|u| u.role == Role::Creator)
        .ok_or(ServiceError::NotFound("host"))
}

/// The signed-in host (a creator), with their creator row (created when missing).
pub(crate) async fn host(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<(user::Model, creator::Model), ServiceError> {
    let account = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    if account.role != Role::Creator {
        return Err(ServiceError::refused(ErrorCode::NotACreator, "Only hosts (creators) have a planning."));
    }
    let row = crate::creators::of_user(db, user_id).await?;
    Ok((account, row))
}
