//! Demonstration data for `callstar serve --demo`: well-known logins for each role, a host
//! with offers and a planning (default appointment types and hours, two reasons), and an
//! organization with two staff members and two clients who can call each other. Idempotent:
//! what exists is left as it is.

use domain::organization::{MemberRole, OrganizationName};
use domain::{DisplayName, EmailAddress, Locale, Password, Role, TimeZone};
use entity::{organization_member, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::ServiceError;
use crate::accounts::{self, NewAccount};
use crate::passwords::Hasher;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "callstar-demo-1";

/// A login printed at start-up.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Role of the account.
    pub role: Role,
    /// E-mail to sign in with.
    pub email: &'static str,
    /// Password to sign in with.
    pub password: &'static str,
    /// Their place in the demo organization, if any.
    pub member: Option<MemberRole>,
}

const ACCOUNTS: [(Role, &str, &str, Locale, &str); 8] = [
    (Role::Admin, "admin@callstar.test", "Ada Admin", Locale::En, "Europe/London"),
    (Role::Creator, "creator@callstar.test", "Camille Créatrice", Locale::Fr, "Europe/Paris"),
    (Role::User, "fan@callstar.test", "Felix Fan", Locale::En, "America/New_York"),
    (Role::User, "fan.fr@callstar.test", "Fanny Fan", Locale::Fr, "Europe/Paris"),
    // The demo organization: its owner (a host) and a colleague are staff, two clients.
    (Role::Creator, "staff@callstar.test", "Sarah Staff", Locale::En, "Asia/Manila"),
    (Role::User, "staff2@callstar.test", "Sam Support", Locale::En, "Asia/Manila"),
    (Role::User, "client@callstar.test", "Stephen Client", Locale::En, "Australia/Brisbane"),
    (Role::User, "client2@callstar.test", "Jane Client", Locale::En, "America/Chicago"),
];

/// The demo organization's name.
pub const ORGANIZATION: &str = "Shore Agents (demo)";

/// The demo organization's members after its owner, `staff@callstar.test`: role and company.
const MEMBERS: [(&str, MemberRole, Option<&str>); 3] = [
    ("staff2@callstar.test", MemberRole::Staff, None),
    ("client@callstar.test", MemberRole::Client, Some("StepTen")),
    ("client2@callstar.test", MemberRole::Client, Some("Acme Corp")),
];

fn member_role(email: &str) -> Option<MemberRole> {
    if email == "staff@callstar.test" {
        return Some(MemberRole::Staff);
    }
    MEMBERS.iter().find(|(e, _, _)| *e == email).map(|(_, role, _)| *role)
}

/// Creates the demo accounts that are missing and returns every demo login.
pub async fn seed(db: &DatabaseConnection, hasher: &Hasher) -> Result<Vec<DemoLogin>, ServiceError> {
    let mut logins = Vec::new();
    for (role, email, name, locale, tz) in ACCOUNTS {
        let exists = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.is_some();
        if !exists {
            let parse = |e: domain::AccountRuleError| ServiceError::Internal(format!("demo data is invalid: {e}"));
            let email_address = EmailAddress::parse(email).map_err(parse)?;
            let password = Password::parse(DEMO_PASSWORD).map_err(parse)?;
            let name = DisplayName::parse(name).map_err(parse)?;
            let timezone = TimeZone::parse(tz).map_err(|e| ServiceError::Internal(e.to_string()))?;
            if role == Role::Admin {
                accounts::create_admin(db, email_address, password, name).await?;
            } else {
                let new = NewAccount { email: email_address, password, name, role, locale, timezone };
                accounts::register(db, hasher, new).await?;
            }
        }
        logins.push(DemoLogin { role, email, password: DEMO_PASSWORD, member: member_role(email) });
    }
    seed_offers(db).await?;
    seed_planning(db).await?;
    seed_organization(db).await?;
    Ok(logins)
}

async fn account_id(db: &DatabaseConnection, email: &str) -> Result<uuid::Uuid, ServiceError> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|u| u.id)
        .ok_or_else(|| ServiceError::Internal(format!("demo account {email} is missing")))
}

/// Creates the demo organization once: owned by `staff@callstar.test`, with a colleague and
/// two clients (each with a company) who can call each other.
async fn seed_organization(db: &DatabaseConnection) -> Result<(), ServiceError> {
    let owner = account_id(db, "staff@callstar.test").await?;
    if crate::organizations::membership(db, owner).await?.is_some() {
        return Ok(());
    }
    let name = OrganizationName::parse(ORGANIZATION).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let org = crate::organizations::create(db, owner, Role::Creator, name).await?;
    for (email, role, company) in MEMBERS {
        let user_id = account_id(db, email).await?;
        if crate::organizations::membership(db, user_id).await?.is_some() {
            continue;
        }
        organization_member::ActiveModel {
            user_id: Set(user_id),
            organization_id: Set(org.id),
            role: Set(role),
            company: Set(company.map(str::to_owned)),
            joined_at: Set(chrono::Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Gives the demo creator a few upcoming offers to book, once.
async fn seed_offers(db: &DatabaseConnection) -> Result<(), ServiceError> {
    use chrono::{Duration, Timelike, Utc};
    use domain::offer::{OfferDraft, OfferFields};
    use rust_decimal::Decimal;

    let Some(host) = user::Entity::find().filter(user::Column::Email.eq("creator@callstar.test")).one(db).await? else {
        return Ok(());
    };
    let creator = crate::creators::of_user(db, host.id).await?;
    let first = domain::PageRequest::new(1, 1).map_err(|e| ServiceError::Internal(e.to_string()))?;
    if crate::offers::mine(db, creator.user_id, first).await?.1 > 0 {
        return Ok(());
    }
    let start = (Utc::now() + Duration::days(1)).with_minute(0).and_then(|t| t.with_second(0)).unwrap_or_else(Utc::now);
    let offers = [
        ("Découverte : 20 minutes pour faire connaissance", 2000, 20, 0),
        ("Coaching vocal", 4900, 45, 1),
        ("Masterclass privée", 12000, 60, 2),
    ];
    for (title, cents, minutes, day) in offers {
        let fields = OfferFields {
            title,
            description: "Un appel vidéo en tête-à-tête avec Camille.",
            price: Decimal::new(cents, 2),
            currency: "EUR",
            starts_at: start + Duration::days(day) + Duration::hours(2 * day),
            duration: minutes,
        };
        let draft =
            OfferDraft::parse(fields, Utc::now()).map_err(|e| ServiceError::corrupt(format!("demo offer: {e:?}")))?;
        crate::offers::create(db, host.id, draft).await?;
    }
    Ok(())
}

/// Gives the demo creator their default appointment types and two reasons, once (their hours
/// are the default week in their zone).
async fn seed_planning(db: &DatabaseConnection) -> Result<(), ServiceError> {
    let Some(host) = user::Entity::find().filter(user::Column::Email.eq("creator@callstar.test")).one(db).await? else {
        return Ok(());
    };
    crate::planning::types::list(db, host.id).await?;
    if crate::planning::reasons::list(db, host.id).await?.is_empty() {
        for label in ["Premier rendez-vous", "Suivi"] {
            crate::planning::reasons::create(db, host.id, label.to_owned()).await?;
        }
    }
    Ok(())
}
