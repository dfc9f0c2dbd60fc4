//! Accounts and sessions: registration, login, refresh-token rotation with re-use
//! detection, logout, profile changes and operator-created admins.

use api_types::ErrorCode;
use chrono::{DateTime, Duration, Utc};
use domain::{DisplayName, EmailAddress, Locale, Password, Role, TimeZone};
use entity::{refresh_token, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::ServiceError;
use crate::error::OnUniqueViolation;
use crate::passwords::{self, Hasher};
use crate::tokens::{JwtKeys, hash_refresh_token, new_refresh_token};

/// How long a refresh token (and so a session without activity) lives.
pub const REFRESH_TTL_DAYS: i64 = 30;

/// How long after a refresh token was exchanged presenting it again still answers its
/// (unused) successor instead of revoking the session: two tabs that refresh at once, or a
/// retry after a lost answer.
pub const REFRESH_GRACE_SECS: i64 = 30;

const DUPLICATE_EMAIL: &str = "An account with this e-mail already exists.";
const BAD_CREDENTIALS: &str = "The e-mail or password is incorrect.";
const BAD_REFRESH: &str = "The refresh token is invalid, expired or revoked. Please log in again.";

fn bad_refresh() -> ServiceError {
    ServiceError::refused(ErrorCode::SessionExpired, BAD_REFRESH)
}

/// An account, with its stored values parsed back into domain types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Identifier.
    pub id: Uuid,
    /// Lower-cased e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Language.
    pub locale: Locale,
    /// Time zone.
    pub timezone: TimeZone,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// False for a prospect a host booked for, until they set one.
    pub has_password: bool,
}

impl From<user::Model> for Account {
    fn from(row: user::Model) -> Self {
        Self {
            id: row.id,
            email: row.email,
            name: row.name,
            role: row.role,
            locale: row.locale,
            timezone: row.timezone,
            created_at: row.created_at,
            has_password: !row.is_prospect,
        }
    }
}

/// A new account, already parsed.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Login e-mail.
    pub email: EmailAddress,
    /// Password in clear, to hash.
    pub password: Password,
    /// Display name.
    pub name: DisplayName,
    /// Role.
    pub role: Role,
    /// Language.
    pub locale: Locale,
    /// Time zone.
    pub timezone: TimeZone,
}

/// Profile changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    /// New display name.
    pub name: Option<DisplayName>,
    /// New language.
    pub locale: Option<Locale>,
    /// New time zone.
    pub timezone: Option<TimeZone>,
}

/// A signed-in session: an access token and the next refresh token.
#[derive(Debug, Clone)]
pub struct Session {
    /// The JWT.
    pub access_token: String,
    /// Its lifetime in seconds.
    pub expires_in: u64,
    /// The opaque refresh token (shown once, stored hashed).
    pub refresh_token: String,
    /// The refresh token's expiry.
    pub refresh_expires_at: DateTime<Utc>,
    /// Who is signed in.
    pub account: Account,
}

/// Creates an account. Admins cannot be created this way.
pub async fn register(db: &DatabaseConnection, hasher: &Hasher, new: NewAccount) -> Result<Account, ServiceError> {
    if !new.role.is_self_registrable() {
        return Err(ServiceError::invalid("role", "must be one of: user, creator"));
    }
    let password_hash = hasher.hash(&new.password).await?;
    insert_account(db, new, password_hash).await
}

/// Creates an admin, or promotes and re-keys an existing account (operator command).
pub async fn create_admin(
    db: &DatabaseConnection,
    email: EmailAddress,
    password: Password,
    name: DisplayName,
) -> Result<Account, ServiceError> {
    let existing = user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(db).await?;
    match existing {
        Some(row) => {
            // A new role and password: whoever held a session of this account (with the old
            // password, perhaps the reason for this command) is signed out.
            let hash = passwords::hash(&password).await?;
            let now = Utc::now();
            let txn = db.begin().await?;
            let revoked = refresh_token::Entity::update_many()
                .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
                .filter(refresh_token::Column::UserId.eq(row.id))
                .filter(refresh_token::Column::RevokedAt.is_null())
                .exec(&txn)
                .await?
                .rows_affected;
            let mut active: user::ActiveModel = row.into();
            active.role = Set(Role::Admin);
            active.password_hash = Set(hash);
            active.updated_at = Set(now);
            let account = Account::from(active.update(&txn).await?);
            txn.commit().await?;
            tracing::info!(user_id = %account.id, revoked, "existing account made admin; its sessions were revoked");
            Ok(account)
        }
        None => {
            let password_hash = passwords::hash(&password).await?;
            let new =
                NewAccount { email, password, name, role: Role::Admin, locale: Locale::En, timezone: TimeZone::UTC };
            insert_account(db, new, password_hash).await
        }
    }
}

/// Inserts an account whose password was hashed already, on a connection or inside a transaction.
pub(crate) async fn insert_account(
    db: &impl ConnectionTrait,
    new: NewAccount,
    password_hash: String,
) -> Result<Account, ServiceError> {
    let now = Utc::now();
    let row = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(new.email.as_str().to_owned()),
        password_hash: Set(password_hash),
        name: Set(new.name.as_str().to_owned()),
        name_key: Set(domain::search::search_key(new.name.as_str())),
        role: Set(new.role),
        locale: Set(new.locale),
        timezone: Set(new.timezone),
        is_prospect: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .on_unique_violation(|| ServiceError::refused(ErrorCode::EmailTaken, DUPLICATE_EMAIL))?;
    // (A prospect's e-mail is taken too: they claim their account through their appointment
    // link, which proves the address, with `set_first_password`.)
    Ok(Account::from(row))
}

/// Checks e-mail and password and opens a session (a new refresh-token family).
pub async fn login(
    db: &DatabaseConnection,
    hasher: &Hasher,
    keys: &JwtKeys,
    email: &str,
    password: &str,
) -> Result<Session, ServiceError> {
    let found = match EmailAddress::parse(email) {
        Ok(email) => user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(db).await?,
        Err(_) => None,
    };
    // A prospect has no password yet: as unknown as a missing account (same cost, same answer).
    let found = found.filter(|row| !row.is_prospect);
    // Verify against a dummy hash when the account is unknown: same cost, no account probing.
    let phc = found.as_ref().map_or(passwords::dummy_hash(), |row| row.password_hash.as_str());
    let matches = hasher.verify(password, phc).await?;
    let row = match found {
        Some(row) if matches => row,
        other => {
            let actor = other
                .as_ref()
                .map_or(crate::system_logs::Actor::Guest, |row| crate::system_logs::Actor::of(row.role, row.id));
            // The address is kept only when it belongs to an account (no typo harvesting).
            let known = other.as_ref().map(|row| row.email.clone());
            crate::system_logs::note(
                db,
                domain::operations::LogLevel::Warning,
                "USER_LOGIN_FAILED",
                actor,
                "Failed login",
                serde_json::json!({"email": known}),
            )
            .await;
            return Err(ServiceError::refused(ErrorCode::InvalidCredentials, BAD_CREDENTIALS));
        }
    };
    let account = Account::from(row);
    open_session(db, keys, account, Uuid::new_v4(), new_refresh_token(), Utc::now()).await
}

async fn open_session(
    db: &impl ConnectionTrait,
    keys: &JwtKeys,
    account: Account,
    family_id: Uuid,
    refresh_token: String,
    now: DateTime<Utc>,
) -> Result<Session, ServiceError> {
    let refresh_expires_at = now + Duration::days(REFRESH_TTL_DAYS);
    refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(account.id),
        family_id: Set(family_id),
        token_hash: Set(hash_refresh_token(&refresh_token)),
        created_at: Set(now),
        expires_at: Set(refresh_expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    let (access_token, expires_in) = keys.issue(account.id, account.role, now)?;
    Ok(Session { access_token, expires_in, refresh_token, refresh_expires_at, account })
}

/// Opens a session for a prospect arriving through their appointment's link (a signed key
/// naming the booking and its guest, valid until the call's room closes).
pub async fn guest_session(
    ctx: &crate::Context,
    keys: &JwtKeys,
    booking_id: Uuid,
    key: &str,
) -> Result<Session, ServiceError> {
    let user_id = crate::planning::appointments::guest_account_of_link(ctx, booking_id, key).await?;
    let account = get(&ctx.db, user_id).await.map_err(gone)?;
    open_session(&ctx.db, keys, account, Uuid::new_v4(), new_refresh_token(), Utc::now()).await
}

/// Sets the first password of an account without one (a prospect signed in through their
/// link), which makes it a full account. Its e-mail was proven by the link.
pub async fn set_first_password(
    db: &DatabaseConnection,
    hasher: &Hasher,
    id: Uuid,
    password: Password,
) -> Result<Account, ServiceError> {
    let hash = hasher.hash(&password).await?;
    let updated = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::IsProspect, Expr::value(false))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::IsProspect.eq(true))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        get(db, id).await.map_err(gone)?;
        return Err(ServiceError::refused(
            ErrorCode::PasswordAlreadySet,
            "This account already has a password: change it from your profile.",
        ));
    }
    get(db, id).await
}

/// Exchanges a refresh token for a new session in the same family.
///
/// `gate` is asked first, with the session's family, whether this session may refresh now
/// (the HTTP layer's per-session rate limit); `Err(seconds)` refuses with `rate_limited`.
///
/// A token can be exchanged once; its successor is [`JwtKeys::successor_token`]. Presenting
/// an exchanged token again within [`REFRESH_GRACE_SECS`], while that successor is still
/// unused, answers the same successor with a new access token: two tabs refreshing at once
/// both stay signed in. Any other re-use means the token leaked (or a client raced itself
/// long after): the whole family is revoked, signing out every holder.
pub async fn refresh(
    db: &DatabaseConnection,
    keys: &JwtKeys,
    token: &str,
    gate: impl FnOnce(Uuid) -> Result<(), u64>,
) -> Result<Session, ServiceError> {
    let now = Utc::now();
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_refresh_token(token)))
        .one(db)
        .await?
    else {
        return Err(bad_refresh());
    };
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(bad_refresh());
    }
    gate(row.family_id).map_err(|retry_after_secs| ServiceError::RateLimited { retry_after_secs })?;

    let txn = db.begin().await?;
    // Claim the token atomically: of two concurrent uses exactly one updates the row (the
    // other waits for its commit, then sees it used).
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        txn.rollback().await?;
        if let Some(session) = within_grace(db, keys, token, row.id, now).await? {
            return Ok(session);
        }
        tracing::warn!(family_id = %row.family_id, user_id = %row.user_id, "refresh token re-used; revoking its family");
        revoke_family(db, row.family_id, now).await?;
        return Err(bad_refresh());
    }
    let account = user::Entity::find_by_id(row.user_id).one(&txn).await?.ok_or_else(bad_refresh).map(Account::from)?;
    let session = open_session(&txn, keys, account, row.family_id, keys.successor_token(token), now).await?;
    txn.commit().await?;
    Ok(session)
}

/// The session a just-exchanged token already led to, when it was exchanged less than
/// [`REFRESH_GRACE_SECS`] ago and its successor is unused and alive.
async fn within_grace(
    db: &DatabaseConnection,
    keys: &JwtKeys,
    token: &str,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Session>, ServiceError> {
    let Some(used) = refresh_token::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let recent = used.used_at.is_some_and(|at| now - at <= Duration::seconds(REFRESH_GRACE_SECS));
    if !recent || used.revoked_at.is_some() {
        return Ok(None);
    }
    let successor = keys.successor_token(token);
    let Some(next) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_refresh_token(&successor)))
        .filter(refresh_token::Column::FamilyId.eq(used.family_id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(account) = user::Entity::find_by_id(used.user_id).one(db).await?.map(Account::from) else {
        return Ok(None);
    };
    let (access_token, expires_in) = keys.issue(account.id, account.role, now)?;
    tracing::info!(family_id = %used.family_id, "refresh token presented again within the grace period");
    Ok(Some(Session {
        access_token,
        expires_in,
        refresh_token: successor,
        refresh_expires_at: next.expires_at,
        account,
    }))
}

/// Ends the session the refresh token belongs to (its whole family). Unknown tokens are
/// ignored: logging out twice is not an error.
pub async fn logout(db: &DatabaseConnection, token: &str) -> Result<(), ServiceError> {
    let found = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_refresh_token(token)))
        .one(db)
        .await?;
    if let Some(row) = found {
        revoke_family(db, row.family_id, Utc::now()).await?;
    }
    Ok(())
}

async fn revoke_family(db: &DatabaseConnection, family_id: Uuid, now: DateTime<Utc>) -> Result<(), ServiceError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The signed-in account. A valid token whose account was deleted is as good as no token.
pub async fn current(db: &DatabaseConnection, id: Uuid) -> Result<Account, ServiceError> {
    get(db, id).await.map_err(gone)
}

fn gone(err: ServiceError) -> ServiceError {
    match err {
        ServiceError::NotFound(_) => ServiceError::refused(ErrorCode::Unauthorized, "This account no longer exists."),
        other => other,
    }
}

/// The account with this id.
pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Account, ServiceError> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("account")).map(Account::from)
}

/// Applies profile changes and returns the updated account.
pub async fn update_profile(
    db: &DatabaseConnection,
    id: Uuid,
    changes: ProfileChanges,
) -> Result<Account, ServiceError> {
    let row = user::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound("account")).map_err(gone)?;
    let mut active: user::ActiveModel = row.into();
    if let Some(name) = changes.name {
        active.name = Set(name.as_str().to_owned());
        active.name_key = Set(domain::search::search_key(name.as_str()));
    }
    if let Some(locale) = changes.locale {
        active.locale = Set(locale);
    }
    if let Some(timezone) = changes.timezone {
        active.timezone = Set(timezone);
    }
    active.updated_at = Set(Utc::now());
    Ok(Account::from(active.update(db).await?))
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    /// Only this role.
    pub role: Option<Role>,
    /// E-mail or name contains this (case-insensitive in any script, the same on both engines).
    pub text: Option<String>,
}

/// A page of accounts, newest first, with the total count.
pub async fn list(
    db: &DatabaseConnection,
    filter: AccountFilter,
    page: domain::PageRequest,
) -> Result<(Vec<Account>, u64), ServiceError> {
    use sea_orm::sea_query::{ExprTrait as _, LikeExpr};
    use sea_orm::{Condition, PaginatorTrait, QueryOrder, QuerySelect};
    let mut condition = Condition::all();
    if let Some(role) = filter.role {
        condition = condition.add(user::Column::Role.eq(role));
    }
    if let Some(text) = filter.text.filter(|t| !t.trim().is_empty()) {
        let pattern = crate::db::contains_pattern(&text);
        condition = condition.add(
            Condition::any()
                .add(Expr::col(user::Column::Email).like(LikeExpr::new(&pattern).escape('\\')))
                .add(Expr::col(user::Column::NameKey).like(LikeExpr::new(&pattern).escape('\\'))),
        );
    }
    let query = user::Entity::find().filter(condition);
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(user::Column::CreatedAt)
        .order_by_asc(user::Column::Id)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    let accounts = rows.into_iter().map(Account::from).collect();
    Ok((accounts, total))
}
