//! Organizations: creating one (its owner becomes staff), its members, invitations by
//! e-mail (a single-use link; accepting it joins an account, or creates one), and the
//! staff/client lists instant calls are placed from. A member sees only their own
//! organization; anyone else is told "not found".

use std::collections::{HashMap, HashSet};

use api_types::ErrorCode;
use chrono::{DateTime, Utc};
use domain::instant_call::CallStatus;
use domain::notification::NotificationType;
use domain::organization::{
    INVITATION_TTL, InvitationStatus, MemberRole, NewInvitation, OrganizationName, may_create_organization,
};
use domain::{DisplayName, Locale, Password, Role, TimeZone};
use entity::{creator, invitation, organization, organization_member, user, video_call};
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::accounts::{self, Account, NewAccount};
use crate::email_templates::{EmailContent, Recipient};
use crate::error::OnUniqueViolation as _;
use crate::events::Outgoing;
use crate::notifications::{self, params};
use crate::tokens::{hash_opaque_token, new_opaque_token};
use crate::{Context, ServiceError, outbox};

/// Most people a contact list answers (narrow it with a search).
pub const CONTACT_LIMIT: u64 = 100;

/// An organization, as one of its members sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// The owner's account.
    pub owner_id: Uuid,
    /// The reader's role.
    pub my_role: MemberRole,
    /// Staff members (the owner included).
    pub staff_count: u64,
    /// Clients.
    pub client_count: u64,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The account.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Staff or client.
    pub role: MemberRole,
    /// A client's company.
    pub company: Option<String>,
    /// Owns the organization.
    pub is_owner: bool,
    /// Joined.
    pub joined_at: DateTime<Utc>,
}

/// An invitation (never with its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// Identifier.
    pub id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// The invitee.
    pub email: String,
    /// As staff or client.
    pub role: MemberRole,
    /// A client's company.
    pub company: Option<String>,
    /// The inviter's name.
    pub invited_by: String,
    /// Where it stands now.
    pub status: InvitationStatus,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Works until.
    pub expires_at: DateTime<Utc>,
}

/// Someone to call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The account.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Picture (a host's profile picture).
    pub avatar: Option<String>,
    /// Their company (a client's own, else the organization's name).
    pub company: String,
    /// In a call right now.
    pub busy: bool,
}

/// What comes with an acceptance.
#[derive(Debug, Clone, Default)]
pub struct Acceptance {
    /// The token of the e-mailed link.
    pub token: Option<String>,
    /// For someone not signed in: the name and password of the account to create.
    pub new_account: Option<(DisplayName, Password)>,
}

/// Who accepts an invitation.
#[derive(Debug, Clone)]
enum Acceptor {
    /// A signed-in account.
    Account(Uuid),
    /// Someone without an account yet: one is created with the invited e-mail.
    NewAccount {
        /// Their name.
        name: DisplayName,
        /// Their password.
        password: Password,
    },
}

/// What accepting an invitation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The organization joined.
    pub organization: Organization,
    /// The account that joined.
    pub account: Account,
    /// Whether the acceptance created it.
    pub account_created: bool,
}

fn not_in_organization() -> ServiceError {
    ServiceError::refused(ErrorCode::NotInOrganization, "You are not a member of an organization.")
}

/// The membership of `user_id`, if any.
pub(crate) async fn membership(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<organization_member::Model>, ServiceError> {
    Ok(organization_member::Entity::find_by_id(user_id).one(db).await?)
}

/// The membership of `user_id`, or 403 `not_in_organization`.
pub(crate) async fn member_or_refuse(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<organization_member::Model, ServiceError> {
    membership(db, user_id).await?.ok_or_else(not_in_organization)
}

/// The membership of `user_id` in `organization_id`; anyone else is told it does not exist.
async fn member_of(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    organization_id: Uuid,
) -> Result<(organization::Model, organization_member::Model), ServiceError> {
    let member = membership(db, user_id)
        .await?
        .filter(|m| m.organization_id == organization_id)
        .ok_or(ServiceError::NotFound("organization"))?;
    let org = organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound("organization"))?;
    Ok((org, member))
}

async fn view(
    db: &impl ConnectionTrait,
    org: organization::Model,
    my_role: MemberRole,
) -> Result<Organization, ServiceError> {
    let count = |role: MemberRole| {
        organization_member::Entity::find()
            .filter(organization_member::Column::OrganizationId.eq(org.id))
            .filter(organization_member::Column::Role.eq(role))
            .count(db)
    };
    let (staff_count, client_count) = (count(MemberRole::Staff).await?, count(MemberRole::Client).await?);
    Ok(Organization {
        id: org.id,
        name: org.name,
        owner_id: org.owner_id,
        my_role,
        staff_count,
        client_count,
        created_at: org.created_at,
    })
}

/// Creates an organization owned (and staffed) by `owner`, a host or an admin who belongs
/// to no organization yet.
pub async fn create(
    db: &DatabaseConnection,
    owner: Uuid,
    role: Role,
    name: OrganizationName,
) -> Result<Organization, ServiceError> {
    if !may_create_organization(role) {
        return Err(ServiceError::refused(
            ErrorCode::CannotCreateOrganization,
            "Only hosts and admins can create an organization.",
        ));
    }
    let now = Utc::now();
    let txn = db.begin().await?;
    let org = organization::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name.into_string()),
        owner_id: Set(owner),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    organization_member::ActiveModel {
        user_id: Set(owner),
        organization_id: Set(org.id),
        role: Set(MemberRole::Staff),
        company: Set(None),
        joined_at: Set(now),
    }
    .insert(&txn)
    .await
    .on_unique_violation(already_in_organization)?;
    let created = view(&txn, org, MemberRole::Staff).await?;
    txn.commit().await?;
    tracing::info!(organization_id = %created.id, %owner, "organization created");
    Ok(created)
}

fn already_in_organization() -> ServiceError {
    ServiceError::refused(ErrorCode::AlreadyInOrganization, "This account already belongs to an organization.")
}

/// The reader's organization.
pub async fn mine(db: &DatabaseConnection, viewer: Uuid) -> Result<Organization, ServiceError> {
    let member = member_or_refuse(db, viewer).await?;
    let org = organization::Entity::find_by_id(member.organization_id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::corrupt(format!("membership of {viewer} names a missing organization")))?;
    view(db, org, member.role).await
}

/// The members of the reader's organization `organization_id` (of one role, or all), by
/// name, with the total.
pub async fn members(
    db: &DatabaseConnection,
    viewer: Uuid,
    organization_id: Uuid,
    role: Option<MemberRole>,
    page: domain::PageRequest,
) -> Result<(Vec<Member>, u64), ServiceError> {
    let (org, _) = member_of(db, viewer, organization_id).await?;
    let mut query = organization_member::Entity::find()
        .find_also_related(user::Entity)
        .filter(organization_member::Column::OrganizationId.eq(organization_id));
    if let Some(role) = role {
        query = query.filter(organization_member::Column::Role.eq(role));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(user::Column::Name)
        .order_by_asc(organization_member::Column::UserId)
        .offset(page.offset())
        .limit(page.limit())
        .all(db)
        .await?;
    let members = rows
        .into_iter()
        .map(|(member, account)| {
            let account =
                account.ok_or_else(|| ServiceError::corrupt(format!("member {} has no account", member.user_id)))?;
            Ok(Member {
                user_id: member.user_id,
                name: account.name,
                email: account.email,
                role: member.role,
                company: member.company,
                is_owner: member.user_id == org.owner_id,
                joined_at: member.joined_at,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    Ok((members, total))
}

async fn owned_by(
    db: &impl ConnectionTrait,
    viewer: Uuid,
    organization_id: Uuid,
) -> Result<organization::Model, ServiceError> {
    let (org, _) = member_of(db, viewer, organization_id).await?;
    if org.owner_id != viewer {
        return Err(ServiceError::refused(
            ErrorCode::NotOrganizationOwner,
            "Only the organization's owner can invite or remove members.",
        ));
    }
    Ok(org)
}

/// Removes a member (the owner only; the owner stays).
pub async fn remove_member(
    db: &DatabaseConnection,
    viewer: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
) -> Result<(), ServiceError> {
    let org = owned_by(db, viewer, organization_id).await?;
    if user_id == org.owner_id {
        return Err(ServiceError::refused(
            ErrorCode::Forbidden,
            "The owner cannot be removed from their organization.",
        ));
    }
    let removed = organization_member::Entity::delete_many()
        .filter(organization_member::Column::UserId.eq(user_id))
        .filter(organization_member::Column::OrganizationId.eq(organization_id))
        .exec(db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ServiceError::NotFound("member"));
    }
    tracing::info!(%organization_id, %user_id, "member removed");
    Ok(())
}

fn invitation_view(
    row: invitation::Model,
    organization_name: String,
    invited_by: String,
    now: DateTime<Utc>,
) -> Invitation {
    Invitation {
        id: row.id,
        organization_id: row.organization_id,
        organization_name,
        status: InvitationStatus::at(row.accepted_at, row.expires_at, now),
        email: row.email,
        role: row.role,
        company: row.company,
        invited_by,
        created_at: row.created_at,
        expires_at: row.expires_at,
    }
}

/// Invites an e-mail address into the organization (its owner only). The e-mail carries a
/// single-use link, `/invitations/{id}#token=…` (a fragment: it never reaches a server log);
/// an earlier pending invitation of the same address is replaced. An invitee who already
/// has an account is also notified in the app.
pub async fn invite(
    ctx: &Context,
    viewer: Uuid,
    organization_id: Uuid,
    new: NewInvitation,
) -> Result<Invitation, ServiceError> {
    let db = &ctx.db;
    let now = Utc::now();
    let org = owned_by(db, viewer, organization_id).await?;
    let inviter = user::Entity::find_by_id(viewer).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    let invitee = user::Entity::find().filter(user::Column::Email.eq(new.email.as_str())).one(db).await?;
    if let Some(existing) = &invitee
        && membership(db, existing.id).await?.is_some_and(|m| m.organization_id == organization_id)
    {
        return Err(ServiceError::refused(ErrorCode::AlreadyMember, "This person is already a member."));
    }
    // In the invitee's language when they have an account, else in the inviter's.
    let to = match &invitee {
        Some(account) => outbox::recipient(db, account.id).await?,
        None => Recipient {
            email: new.email.as_str().to_owned(),
            name: new.email.as_str().to_owned(),
            locale: inviter.locale,
            zone: inviter.timezone.tz(),
        },
    };
    let token = new_opaque_token();
    let id = Uuid::new_v4();
    let expires_at = now + INVITATION_TTL;
    // The token rides in the fragment, which browsers never send to a server.
    let link = format!("{}#token={token}", ctx.settings.link(&api_types::Route::Invitation(id)));
    let content = EmailContent::Invitation {
        organization: org.name.clone(),
        inviter: inviter.name.clone(),
        role: new.role,
        link,
        expires_at,
    };

    let txn = db.begin().await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::OrganizationId.eq(organization_id))
        .filter(invitation::Column::Email.eq(new.email.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    let row = invitation::ActiveModel {
        id: Set(id),
        organization_id: Set(organization_id),
        email: Set(new.email.as_str().to_owned()),
        role: Set(new.role),
        company: Set(new.company.map(OrganizationName::into_string)),
        token_hash: Set(hash_opaque_token(&token)),
        invited_by: Set(viewer),
        created_at: Set(now),
        expires_at: Set(expires_at),
        accepted_at: Set(None),
        accepted_by: Set(None),
    }
    .insert(&txn)
    .await?;
    outbox::enqueue(&txn, &to, &content, &ctx.settings.public_url, serde_json::json!({"invitationId": id})).await?;
    let mut outgoing = Outgoing::new();
    if let Some(account) = &invitee {
        outgoing.add(
            notifications::notify(
                &txn,
                account.id,
                NotificationType::OrganizationInvitation,
                params([
                    ("with", inviter.name.clone()),
                    ("organization", org.name.clone()),
                    ("role", new.role.as_str().to_owned()),
                ]),
                Some(api_types::Route::Invitations),
            )
            .await?,
        );
    }
    txn.commit().await?;
    ctx.events.publish(outgoing).await;
    ctx.waker.wake();
    tracing::info!(invitation_id = %id, %organization_id, role = %new.role, "invitation sent");
    Ok(invitation_view(row, org.name, inviter.name, now))
}

/// The pending invitations addressed to the reader's e-mail, newest first.
pub async fn for_me(db: &DatabaseConnection, viewer: Uuid) -> Result<Vec<Invitation>, ServiceError> {
    let now = Utc::now();
    let me = user::Entity::find_by_id(viewer).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
    let rows = invitation::Entity::find()
        .filter(invitation::Column::Email.eq(me.email))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await?;
    let org_ids: Vec<Uuid> = rows.iter().map(|r| r.organization_id).collect();
    let inviter_ids: Vec<Uuid> = rows.iter().map(|r| r.invited_by).collect();
    let orgs: HashMap<Uuid, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let inviters = names(db, inviter_ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let org = orgs.get(&row.organization_id).cloned().unwrap_or_default();
            let by = inviters.get(&row.invited_by).cloned().unwrap_or_default();
            invitation_view(row, org, by, now)
        })
        .collect())
}

async fn names(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Accepts an invitation. A signed-in account accepts it when it was sent to its e-mail,
/// or with the link's token (which links another account); someone without an account
/// gives the token, a name and a password, and an account with the invited e-mail is
/// created. The invitation works once (claimed atomically) and joins one organization per
/// account. A token that does not match, or an invitation for someone else, is "not found".
pub async fn accept(
    ctx: &Context,
    signed_in: Option<Uuid>,
    invitation_id: Uuid,
    acceptance: Acceptance,
) -> Result<Accepted, ServiceError> {
    let who = match (signed_in, acceptance.new_account) {
        (Some(id), _) => Acceptor::Account(id),
        (None, Some((name, password))) => Acceptor::NewAccount { name, password },
        (None, None) => {
            let required = "is required to create an account (or sign in first)";
            return Err(ServiceError::Invalid(vec![("name", required.to_owned()), ("password", required.to_owned())]));
        }
    };
    let token = acceptance.token.as_deref();
    let db = &ctx.db;
    let now = Utc::now();
    let row =
        invitation::Entity::find_by_id(invitation_id).one(db).await?.ok_or(ServiceError::NotFound("invitation"))?;
    let token_ok = token.is_some_and(|t| hash_opaque_token(t.trim()) == row.token_hash);
    let existing = match &who {
        Acceptor::Account(id) => {
            let account = user::Entity::find_by_id(*id).one(db).await?.ok_or(ServiceError::NotFound("account"))?;
            if !token_ok && account.email != row.email {
                return Err(ServiceError::NotFound("invitation"));
            }
            Some(account)
        }
        Acceptor::NewAccount { .. } if !token_ok => return Err(ServiceError::NotFound("invitation")),
        Acceptor::NewAccount { .. } => None,
    };
    if InvitationStatus::at(row.accepted_at, row.expires_at, now) != InvitationStatus::Pending {
        return Err(invitation_closed());
    }
    if let Some(account) = &existing
        && membership(db, account.id).await?.is_some()
    {
        return Err(already_in_organization());
    }

    let txn = db.begin().await?;
    // The claim first: a write, so on SQLite this transaction holds the lock from here.
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(invitation_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invitation_closed());
    }
    let (account, account_created) = match (existing, who) {
        (Some(account), _) => (Account::from(account), false),
        (None, Acceptor::NewAccount { name, password }) => {
            let email = domain::EmailAddress::parse(&row.email)
                .map_err(|_| ServiceError::corrupt(format!("invitation {invitation_id} has an invalid e-mail")))?;
            let new =
                NewAccount { email, password, name, role: Role::User, locale: Locale::En, timezone: TimeZone::UTC };
            let password_hash = ctx.passwords.hash(&new.password).await?;
            let account = accounts::insert_account(&txn, new, password_hash).await.map_err(|err| match err {
                ServiceError::Refused { code: ErrorCode::EmailTaken, .. } => ServiceError::refused(
                    ErrorCode::EmailTaken,
                    "An account with this e-mail exists already: sign in, then accept the invitation.",
                ),
                other => other,
            })?;
            (account, true)
        }
        (None, Acceptor::Account(_)) => return Err(ServiceError::NotFound("account")),
    };
    invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedBy, Expr::value(account.id))
        .filter(invitation::Column::Id.eq(invitation_id))
        .exec(&txn)
        .await?;
    organization_member::ActiveModel {
        user_id: Set(account.id),
        organization_id: Set(row.organization_id),
        role: Set(row.role),
        company: Set(row.company.clone()),
        joined_at: Set(now),
    }
    .insert(&txn)
    .await
    .on_unique_violation(already_in_organization)?;
    let org = organization::Entity::find_by_id(row.organization_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound("organization"))?;
    let organization = view(&txn, org, row.role).await?;
    txn.commit().await?;
    tracing::info!(%invitation_id, user_id = %account.id, account_created, "invitation accepted");
    Ok(Accepted { organization, account, account_created })
}

fn invitation_closed() -> ServiceError {
    ServiceError::refused(ErrorCode::InvitationClosed, "This invitation was accepted already or has expired.")
}

/// The profile pictures of these accounts (hosts have one).
pub(crate) async fn avatars(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashMap<Uuid, String>, ServiceError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(creator::Entity::find()
        .filter(creator::Column::UserId.is_in(ids.iter().copied()))
        .filter(creator::Column::ProfileImage.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| c.profile_image.map(|image| (c.user_id, image)))
        .collect())
}

/// Which of these accounts are in an open call now.
pub(crate) async fn busy(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashSet<Uuid>, ServiceError> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let open = [CallStatus::Initiated, CallStatus::Ringing, CallStatus::Answered];
    let rows = video_call::Entity::find()
        .filter(video_call::Column::Status.is_in(open))
        .filter(
            Condition::any()
                .add(video_call::Column::StaffId.is_in(ids.iter().copied()))
                .add(video_call::Column::ClientId.is_in(ids.iter().copied())),
        )
        .all(db)
        .await?;
    Ok(rows.into_iter().flat_map(|c| [c.staff_id, c.client_id]).collect())
}

/// The people of the reader's organization they may call (`wanted`: clients for staff,
/// staff for clients), by name, searched by name, e-mail or company; at most
/// [`CONTACT_LIMIT`].
pub async fn contacts(
    db: &DatabaseConnection,
    viewer: Uuid,
    wanted: MemberRole,
    search: Option<String>,
) -> Result<Vec<Contact>, ServiceError> {
    let me = member_or_refuse(db, viewer).await?;
    if me.role.counterpart() != wanted {
        let message = match wanted {
            MemberRole::Client => "Only staff members list the clients.",
            MemberRole::Staff => "Only clients list the staff.",
        };
        return Err(ServiceError::refused(ErrorCode::WrongMemberRole, message));
    }
    let org = organization::Entity::find_by_id(me.organization_id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::corrupt(format!("membership of {viewer} names a missing organization")))?;
    let mut query = organization_member::Entity::find()
        .find_also_related(user::Entity)
        .filter(organization_member::Column::OrganizationId.eq(org.id))
        .filter(organization_member::Column::Role.eq(wanted))
        .filter(organization_member::Column::UserId.ne(viewer));
    if let Some(text) = search.map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        let pattern = crate::db::contains_pattern(&text);
        let like = || LikeExpr::new(&pattern).escape('\\');
        let mut any = Condition::any()
            .add(Expr::col((user::Entity, user::Column::NameKey)).like(like()))
            .add(Expr::col((user::Entity, user::Column::Email)).like(like()))
            .add(
                Expr::expr(Func::lower(Expr::col((organization_member::Entity, organization_member::Column::Company))))
                    .like(like()),
            );
        // Members without a company of their own carry the organization's name.
        if org.name.to_lowercase().contains(&text) {
            any = any.add(organization_member::Column::Company.is_null());
        }
        query = query.filter(any);
    }
    let rows = query
        .order_by_asc(user::Column::Name)
        .order_by_asc(organization_member::Column::UserId)
        .limit(CONTACT_LIMIT)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|(m, _)| m.user_id).collect();
    let (pictures, in_call) = (avatars(db, &ids).await?, busy(db, &ids).await?);
    rows.into_iter()
        .map(|(member, account)| {
            let account =
                account.ok_or_else(|| ServiceError::corrupt(format!("member {} has no account", member.user_id)))?;
            Ok(Contact {
                id: account.id,
                name: account.name,
                email: account.email,
                avatar: pictures.get(&account.id).cloned(),
                company: member.company.unwrap_or_else(|| org.name.clone()),
                busy: in_call.contains(&account.id),
            })
        })
        .collect()
}
