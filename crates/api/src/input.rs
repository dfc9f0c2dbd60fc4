//! Requests parsed into domain values at the boundary ("parse, don't validate"): each wire
//! request type has one [`Parse`] impl that answers every field's error at once (422), so
//! handlers and services only ever hold checked values.

mod fans;
mod planning;

use api_types as wire;
use chrono::Utc;
use domain::booking::{BookingStatus, CancelReason};
use domain::call::CallEvent;
use domain::input::FieldErrors;
use domain::instant_call::{CallStatus, CallTarget, Period};
use domain::ledger::{PayoutSchedule, PayoutStatus, PayoutWeekday, Reason};
use domain::offer::{OfferChanges, OfferDraft, OfferEdit, OfferFields};
use domain::operations::{EmailStatus, JobOutcome, LogLevel, SystemActor};
use domain::organization::{MemberRole, NewInvitation, OrganizationName};
use domain::payment::{DisputeStatus, PaymentStatus, RefundStatus};
use domain::profile::{CreatorProfile, ProfileFields};
use domain::{DisplayName, EmailAddress, Locale, PageRequest, Password, Role, TimeZone};
use service::ServiceError;
use service::accounts::{AccountFilter, NewAccount, ProfileChanges};
use service::bookings::{BookingFilter, Perspective, When};
use service::calls::CallFilter;
use service::organizations::Acceptance;
use service::outbox::EmailFilter;
use service::payouts::{PayoutFilter, SettingsChange};
use service::system_logs::LogFilter;

use crate::ApiError;

/// A wire request read into what the service takes.
pub(crate) trait Parse {
    /// The checked value.
    type Output;

    /// Checks every field; 422 with all the messages when something is wrong.
    fn parse(self) -> Result<Self::Output, ApiError>;
}

fn invalid(errors: FieldErrors) -> ApiError {
    ServiceError::from(errors).into()
}

fn role(role: wire::Role) -> Role {
    match role {
        wire::Role::User => Role::User,
        wire::Role::Creator => Role::Creator,
        wire::Role::Admin => Role::Admin,
    }
}

fn locale(locale: wire::Locale) -> Locale {
    match locale {
        wire::Locale::En => Locale::En,
        wire::Locale::Fr => Locale::Fr,
    }
}

fn booking_status(status: wire::BookingStatus) -> BookingStatus {
    match status {
        wire::BookingStatus::Pending => BookingStatus::Pending,
        wire::BookingStatus::Confirmed => BookingStatus::Confirmed,
        wire::BookingStatus::Completed => BookingStatus::Completed,
        wire::BookingStatus::Cancelled => BookingStatus::Cancelled,
        wire::BookingStatus::NoShow => BookingStatus::NoShow,
    }
}

/// Empty query values are "no filter".
fn given(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl Parse for wire::PageQuery {
    type Output = PageRequest;

    fn parse(self) -> Result<PageRequest, ApiError> {
        PageRequest::new(self.page, self.per_page).map_err(|err| {
            let field = match err {
                domain::PageError::Page => "page",
                domain::PageError::PerPage => "perPage",
            };
            invalid(FieldErrors::one(field, err.to_string()))
        })
    }
}

impl Parse for wire::RegisterRequest {
    type Output = NewAccount;

    fn parse(self) -> Result<NewAccount, ApiError> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", EmailAddress::parse(&self.email));
        let password = errors.check("password", Password::parse(&self.password));
        let name = errors.check("name", DisplayName::parse(&self.name));
        let timezone = errors.check_opt("timezone", self.timezone.as_deref().map(TimeZone::parse));
        let role = match self.role {
            wire::RegistrationRole::User => Role::User,
            wire::RegistrationRole::Creator => Role::Creator,
        };
        let account = match (email, password, name, timezone) {
            (Some(email), Some(password), Some(name), Some(timezone)) => Some(NewAccount {
                email,
                password,
                name,
                role,
                locale: self.locale.map_or(Locale::En, locale),
                timezone: timezone.unwrap_or(TimeZone::UTC),
            }),
            _ => None,
        };
        errors.finish(account).map_err(invalid)
    }
}

impl Parse for wire::LoginRequest {
    type Output = (String, String);

    fn parse(self) -> Result<(String, String), ApiError> {
        let mut errors = FieldErrors::new();
        for (field, value) in [("email", &self.email), ("password", &self.password)] {
            if value.is_empty() {
                errors.add(field, "is required");
            }
        }
        errors.finish(Some((self.email, self.password))).map_err(invalid)
    }
}

impl Parse for wire::UpdateMeRequest {
    type Output = ProfileChanges;

    fn parse(self) -> Result<ProfileChanges, ApiError> {
        let mut errors = FieldErrors::new();
        let name = errors.check_opt("name", self.name.as_deref().map(DisplayName::parse));
        let timezone = errors.check_opt("timezone", self.timezone.as_deref().map(TimeZone::parse));
        let changes = name.zip(timezone).map(|(name, timezone)| ProfileChanges {
            name,
            locale: self.locale.map(locale),
            timezone,
        });
        errors.finish(changes).map_err(invalid)
    }
}

impl Parse for wire::UpdateCreatorRequest {
    type Output = CreatorProfile;

    fn parse(self) -> Result<CreatorProfile, ApiError> {
        CreatorProfile::parse(ProfileFields {
            bio: self.bio.as_deref(),
            expertise: self.expertise.as_deref(),
            profile_image: self.profile_image.as_deref(),
            social_links: &self.social_links,
            currency: &self.currency,
            timezone: &self.timezone,
        })
        .map_err(invalid)
    }
}

impl Parse for wire::CreateOfferRequest {
    type Output = OfferDraft;

    fn parse(self) -> Result<OfferDraft, ApiError> {
        let fields = OfferFields {
            title: &self.title,
            description: &self.description,
            price: self.price,
            currency: &self.currency,
            starts_at: self.date_time,
            duration: self.duration,
        };
        OfferDraft::parse(fields, Utc::now()).map_err(invalid)
    }
}

impl Parse for wire::UpdateOfferRequest {
    type Output = OfferChanges;

    fn parse(self) -> Result<OfferChanges, ApiError> {
        let edit = OfferEdit {
            title: self.title.as_deref(),
            description: self.description.as_deref(),
            price: self.price,
            currency: self.currency.as_deref(),
            starts_at: self.date_time,
            duration: self.duration,
        };
        OfferChanges::parse(edit, Utc::now()).map_err(invalid)
    }
}

impl Parse for wire::CancelBookingRequest {
    type Output = Option<String>;

    fn parse(self) -> Result<Option<String>, ApiError> {
        CancelReason::parse(self.reason.as_deref())
            .map(|reason| reason.map(CancelReason::into_string))
            .map_err(|err| invalid(FieldErrors::one("reason", err.to_string())))
    }
}

impl Parse for wire::BookingQuery {
    type Output = BookingFilter;

    fn parse(self) -> Result<BookingFilter, ApiError> {
        let mut errors = FieldErrors::new();
        let perspective = match self.perspective.as_deref() {
            None | Some("user" | "guest") => Some(Perspective::Guest),
            Some("creator") => Some(Perspective::Host),
            Some(_) => {
                errors.add("as", "must be user or creator");
                None
            }
        };
        let when = match self.when.as_deref() {
            None => Some(None),
            Some("upcoming") => Some(Some(When::Upcoming)),
            Some("past") => Some(Some(When::Past)),
            Some(_) => {
                errors.add("when", "must be upcoming or past");
                None
            }
        };
        let filter = perspective.zip(when).map(|(perspective, when)| BookingFilter {
            perspective: Some(perspective),
            status: self.status.map(booking_status),
            when,
        });
        errors.finish(filter).map_err(invalid)
    }
}

impl Parse for wire::CallLogRequest {
    type Output = service::call_logs::NewLog;

    fn parse(self) -> Result<service::call_logs::NewLog, ApiError> {
        let mut errors = FieldErrors::new();
        let event = errors.check("event", self.event.parse::<CallEvent>());
        let size = serde_json::to_vec(&self.metadata).map_or(usize::MAX, |json| json.len());
        errors.check("metadata", domain::call::LogLimits::metadata(size));
        let event = errors.finish(event).map_err(invalid)?;
        Ok(service::call_logs::NewLog {
            booking_id: self.booking_id,
            event,
            metadata: self.metadata,
            message: self.message,
        })
    }
}

impl Parse for wire::UserFilter {
    type Output = AccountFilter;

    fn parse(self) -> Result<AccountFilter, ApiError> {
        Ok(AccountFilter { role: self.role.map(role), text: given(self.q) })
    }
}

impl Parse for wire::JobRunQuery {
    type Output = (Option<&'static dyn service::jobs::Job>, Option<JobOutcome>);

    fn parse(self) -> Result<Self::Output, ApiError> {
        let job = given(self.job).map(|name| service::jobs::named(&name)).transpose()?;
        let outcome = given(self.outcome)
            .map(|o| o.parse::<JobOutcome>())
            .transpose()
            .map_err(|err| invalid(FieldErrors::one("outcome", err.to_string())))?;
        Ok((job, outcome))
    }
}

impl Parse for wire::EmailQuery {
    type Output = EmailFilter;

    fn parse(self) -> Result<EmailFilter, ApiError> {
        let status = given(self.status)
            .map(|s| s.parse::<EmailStatus>())
            .transpose()
            .map_err(|err| invalid(FieldErrors::one("status", err.to_string())))?;
        Ok(EmailFilter { status, to: given(self.to), template: given(self.template) })
    }
}

impl Parse for wire::CreateOrganizationRequest {
    type Output = OrganizationName;

    fn parse(self) -> Result<OrganizationName, ApiError> {
        OrganizationName::parse(&self.name).map_err(|err| invalid(FieldErrors::one("name", err.to_string())))
    }
}

impl Parse for wire::CreateInvitationRequest {
    type Output = NewInvitation;

    fn parse(self) -> Result<NewInvitation, ApiError> {
        NewInvitation::parse(&self.email, &self.role, self.company.as_deref()).map_err(invalid)
    }
}

impl Parse for wire::AcceptInvitationRequest {
    type Output = Acceptance;

    /// A name or a password means "create my account": then both must be valid.
    fn parse(self) -> Result<Acceptance, ApiError> {
        let token = given(self.token);
        if self.name.is_none() && self.password.is_none() {
            return Ok(Acceptance { token, new_account: None });
        }
        let mut errors = FieldErrors::new();
        let name = errors.check("name", DisplayName::parse(self.name.as_deref().unwrap_or_default()));
        let password = errors.check("password", Password::parse(self.password.as_deref().unwrap_or_default()));
        errors.finish(name.zip(password)).map(|pair| Acceptance { token, new_account: Some(pair) }).map_err(invalid)
    }
}

impl Parse for wire::MemberQuery {
    type Output = Option<MemberRole>;

    fn parse(self) -> Result<Option<MemberRole>, ApiError> {
        let mut errors = FieldErrors::new();
        let role = errors.check_opt("role", given(self.role).map(|r| r.parse::<MemberRole>()));
        errors.finish(role).map_err(invalid)
    }
}

impl Parse for wire::CreateCallRequest {
    type Output = CallTarget;

    fn parse(self) -> Result<CallTarget, ApiError> {
        CallTarget::parse(self.staff_id, self.client_id, self.initiated_by.as_deref()).map_err(invalid)
    }
}

impl Parse for wire::VideoCallQuery {
    type Output = CallFilter;

    fn parse(self) -> Result<CallFilter, ApiError> {
        let mut errors = FieldErrors::new();
        let status =
            errors.check_opt("status", given(self.status).map(|s| s.to_ascii_uppercase().parse::<CallStatus>()));
        let period = errors.check_opt("period", given(self.period).map(|p| Period::parse(&p)));
        let filter = status
            .zip(period)
            .map(|(status, period)| CallFilter { status, since: period.map(|p| p.since(Utc::now())) });
        errors.finish(filter).map_err(invalid)
    }
}

impl Parse for wire::CallStatsQuery {
    type Output = Option<chrono::DateTime<Utc>>;

    fn parse(self) -> Result<Self::Output, ApiError> {
        let mut errors = FieldErrors::new();
        let period = errors.check_opt("period", given(self.period).map(|p| Period::parse(&p)));
        errors.finish(period.map(|p| p.map(|p| p.since(Utc::now())))).map_err(invalid)
    }
}

impl Parse for wire::UpdateCallStatusRequest {
    type Output = CallStatus;

    fn parse(self) -> Result<CallStatus, ApiError> {
        self.status
            .trim()
            .to_ascii_uppercase()
            .parse::<CallStatus>()
            .map_err(|err| invalid(FieldErrors::one("status", err.to_string())))
    }
}

impl Parse for wire::SystemLogQuery {
    type Output = LogFilter;

    fn parse(self) -> Result<LogFilter, ApiError> {
        let mut errors = FieldErrors::new();
        let level = errors.check_opt("level", given(self.level).map(|l| LogLevel::parse_name(&l)));
        let actor = errors.check_opt("actor", given(self.actor).map(|a| a.to_ascii_uppercase().parse::<SystemActor>()));
        let filter = level.zip(actor).map(|(level, actor)| LogFilter {
            level,
            log_type: given(self.log_type),
            actor,
            actor_id: self.actor_id,
            from: self.from,
            to: self.to,
        });
        errors.finish(filter).map_err(invalid)
    }
}

pub(crate) fn payout_status(status: wire::PayoutStatus) -> PayoutStatus {
    match status {
        wire::PayoutStatus::Requested => PayoutStatus::Requested,
        wire::PayoutStatus::Approved => PayoutStatus::Approved,
        wire::PayoutStatus::Processing => PayoutStatus::Processing,
        wire::PayoutStatus::Paid => PayoutStatus::Paid,
        wire::PayoutStatus::Failed => PayoutStatus::Failed,
        wire::PayoutStatus::Rejected => PayoutStatus::Rejected,
    }
}

fn weekday(day: wire::Weekday) -> PayoutWeekday {
    match day {
        wire::Weekday::Monday => PayoutWeekday::Monday,
        wire::Weekday::Tuesday => PayoutWeekday::Tuesday,
        wire::Weekday::Wednesday => PayoutWeekday::Wednesday,
        wire::Weekday::Thursday => PayoutWeekday::Thursday,
        wire::Weekday::Friday => PayoutWeekday::Friday,
        wire::Weekday::Saturday => PayoutWeekday::Saturday,
        wire::Weekday::Sunday => PayoutWeekday::Sunday,
    }
}

impl Parse for wire::UpdatePayoutSettingsRequest {
    type Output = SettingsChange;

    /// The schedule and weekday are read here; the minimum is checked against the creator's
    /// currency by the service (with every field's error at once).
    fn parse(self) -> Result<SettingsChange, ApiError> {
        let schedule = match self.schedule {
            wire::PayoutSchedule::Daily => PayoutSchedule::Daily,
            wire::PayoutSchedule::Weekly => PayoutSchedule::Weekly,
            wire::PayoutSchedule::Manual => PayoutSchedule::Manual,
        };
        Ok(SettingsChange { schedule, minimum: self.minimum, weekday: self.weekly_day.map(weekday) })
    }
}

impl Parse for wire::RejectPayoutRequest {
    type Output = Reason;

    fn parse(self) -> Result<Reason, ApiError> {
        Reason::parse(&self.reason).map_err(|err| invalid(FieldErrors::one("reason", err.to_string())))
    }
}

impl Parse for wire::PayoutBlockRequest {
    type Output = (bool, Option<Reason>);

    fn parse(self) -> Result<(bool, Option<Reason>), ApiError> {
        let reason = match self.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None if self.blocked => return Err(invalid(FieldErrors::one("reason", "is required to block payouts"))),
            None => None,
            Some(text) => {
                Some(Reason::parse(text).map_err(|err| invalid(FieldErrors::one("reason", err.to_string())))?)
            }
        };
        Ok((self.blocked, reason))
    }
}

impl Parse for wire::PayoutQuery {
    type Output = Option<PayoutStatus>;

    fn parse(self) -> Result<Option<PayoutStatus>, ApiError> {
        Ok(self.status.map(payout_status))
    }
}

impl Parse for wire::AdminPayoutQuery {
    type Output = PayoutFilter;

    fn parse(self) -> Result<PayoutFilter, ApiError> {
        Ok(PayoutFilter { status: self.status.map(payout_status), creator_id: self.creator_id })
    }
}

/// A stored status typed in a query (`?status=…`), or a 422 naming the known ones.
fn status_filter<T: std::str::FromStr<Err = domain::stored::UnknownValue>>(
    value: Option<String>,
) -> Result<Option<T>, ApiError> {
    given(value).map(|s| s.parse::<T>()).transpose().map_err(|err| invalid(FieldErrors::one("status", err.to_string())))
}

impl Parse for wire::PaymentQuery {
    type Output = Option<PaymentStatus>;

    fn parse(self) -> Result<Option<PaymentStatus>, ApiError> {
        status_filter(self.status)
    }
}

impl Parse for wire::RefundQuery {
    type Output = (Option<RefundStatus>, Option<uuid::Uuid>);

    fn parse(self) -> Result<Self::Output, ApiError> {
        Ok((status_filter(self.status)?, self.booking_id))
    }
}

impl Parse for wire::DisputeQuery {
    type Output = Option<DisputeStatus>;

    fn parse(self) -> Result<Option<DisputeStatus>, ApiError> {
        status_filter(self.status)
    }
}
