//! Opening a WebSocket without a long-lived token in its URL: a signed-in client asks for a
//! ticket (random, single-use, valid a few seconds, stored as its SHA-256 in the database so
//! any server instance can redeem it) and opens `GET /api/ws?ticket=…` with it.

use api_types::ErrorCode;
use chrono::{Duration, Utc};
use entity::ws_ticket;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::ServiceError;
use crate::tokens::{hash_opaque_token, new_opaque_token};

/// How long a ticket opens a socket.
pub const TICKET_TTL: Duration = Duration::seconds(20);

/// A ticket, shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The ticket.
    pub ticket: String,
    /// Seconds it stays valid.
    pub expires_in: u64,
}

/// A new ticket for `user_id` (expired tickets are cleared on the way).
pub async fn issue_ticket(db: &DatabaseConnection, user_id: Uuid) -> Result<Ticket, ServiceError> {
    let now = Utc::now();
    ws_ticket::Entity::delete_many().filter(ws_ticket::Column::ExpiresAt.lt(now)).exec(db).await?;
    let ticket = new_opaque_token();
    ws_ticket::ActiveModel {
        token_hash: Set(hash_opaque_token(&ticket)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + TICKET_TTL),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(Ticket { ticket, expires_in: TICKET_TTL.num_seconds().unsigned_abs() })
}

fn refused(message: &str) -> ServiceError {
    ServiceError::refused(ErrorCode::TicketInvalid, message)
}

/// Redeems a ticket once: whose socket it opens. Missing, unknown, used and expired tickets
/// are refused alike.
pub async fn redeem_ticket(db: &DatabaseConnection, ticket: Option<&str>) -> Result<Uuid, ServiceError> {
    let ticket = ticket
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| refused("Open the WebSocket with a ticket from POST /api/ws/ticket: GET /api/ws?ticket=…"))?;
    let hash = hash_opaque_token(ticket);
    let now = Utc::now();
    // The claim: of two uses of one ticket, exactly one updates the row.
    let claimed = ws_ticket::Entity::update_many()
        .col_expr(ws_ticket::Column::UsedAt, Expr::value(now))
        .filter(ws_ticket::Column::TokenHash.eq(&hash))
        .filter(ws_ticket::Column::UsedAt.is_null())
        .filter(ws_ticket::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(refused("This ticket is unknown, used or expired: ask POST /api/ws/ticket for a new one."));
    }
    let row = ws_ticket::Entity::find_by_id(hash).one(db).await?.ok_or_else(|| refused("This ticket vanished."))?;
    Ok(row.user_id)
}
