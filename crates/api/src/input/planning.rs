//! Coach planning's requests read into domain values: appointment types, reasons, weekly
//! hours and overrides, slot queries, appointments and their changes.

use api_types as wire;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::input::FieldErrors;
use domain::money::{Currency, Price};
use domain::planning::{
    AppointmentDetails, AppointmentTypeDraft, AppointmentTypeFields, DayOverride, DetailFields, MeetingType, TimeRange,
    Weekly, day_ranges,
};
use domain::{DisplayName, EmailAddress, Password, TimeZone};
use service::planning::appointments::{AppointmentChanges, AppointmentFilter, Guest, NewAppointment, StatusFilter};
use service::planning::availability::HostAvailability;
use service::planning::slots::SlotQuery;
use service::planning::types::TypeInput;
use uuid::Uuid;

use super::{Parse, invalid};
use crate::ApiError;

/// How far ahead slots and appointments may be asked for (refused beyond, never computed).
const HORIZON_DAYS: i64 = 2 * 366;

/// The ranges of one day, each `HH:MM`–`HH:MM`, not overlapping.
fn ranges(errors: &mut FieldErrors, field: &'static str, given: &[wire::TimeRange]) -> Option<Vec<TimeRange>> {
    let parsed: Vec<Option<TimeRange>> =
        given.iter().map(|r| errors.check(field, TimeRange::parse(&r.start, &r.end))).collect();
    let parsed: Option<Vec<TimeRange>> = parsed.into_iter().collect();
    errors.check(field, day_ranges(parsed?))
}

/// A type's price: none (or zero) is free; otherwise a currency and a chargeable amount.
fn price(
    errors: &mut FieldErrors,
    amount: Option<rust_decimal::Decimal>,
    currency: Option<&str>,
) -> Option<Option<Price>> {
    let Some(amount) = amount.filter(|a| !a.is_zero()) else { return Some(None) };
    let Some(code) = currency else {
        errors.add("currency", "is required with a price");
        return None;
    };
    let currency = errors.check("currency", Currency::parse_code(code))?;
    errors.check("price", Price::new(amount, currency)).map(Some)
}

/// A start that is not absurdly far away.
fn within_horizon(errors: &mut FieldErrors, field: &'static str, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let now = Utc::now();
    if at > now + Duration::days(HORIZON_DAYS) || at < now - Duration::days(HORIZON_DAYS) {
        errors.add(field, "must be within two years of today");
        return None;
    }
    Some(at)
}

fn meeting_type(errors: &mut FieldErrors, text: &str) -> Option<MeetingType> {
    errors.check("meetingType", text.parse::<MeetingType>())
}

impl Parse for wire::AppointmentTypeRequest {
    type Output = TypeInput;

    fn parse(self) -> Result<TypeInput, ApiError> {
        let mut errors = FieldErrors::new();
        let draft = errors.absorb(AppointmentTypeDraft::parse(AppointmentTypeFields {
            name: &self.name,
            duration_minutes: self.duration,
            color: &self.color,
            description: &self.description,
            meeting_types: &self.meeting_types,
            buffer_before_minutes: self.buffer_before,
            buffer_after_minutes: self.buffer_after,
            min_notice_minutes: self.minimum_notice,
        }));
        let price = price(&mut errors, self.price, self.currency.as_deref());
        let input = draft.zip(price).map(|(draft, price)| TypeInput { draft, price, active: self.active });
        errors.finish(input).map_err(invalid)
    }
}

impl Parse for wire::AppointmentReasonRequest {
    type Output = String;

    fn parse(self) -> Result<String, ApiError> {
        Ok(service::planning::reasons::label(&self.label)?)
    }
}

impl Parse for wire::Availability {
    type Output = HostAvailability;

    fn parse(self) -> Result<HostAvailability, ApiError> {
        let mut errors = FieldErrors::new();
        let timezone = errors.check("timezone", TimeZone::parse(&self.timezone));
        let days: Vec<Option<(u32, Vec<TimeRange>)>> = self
            .weekly
            .iter()
            .map(|day| ranges(&mut errors, "weekly", &day.ranges).map(|r| (day.weekday, r)))
            .collect();
        let mut seen = std::collections::HashSet::new();
        if self.weekly.iter().any(|day| !seen.insert(day.weekday)) {
            errors.add("weekly", "each weekday at most once");
        }
        let weekly = days.into_iter().collect::<Option<Vec<_>>>().and_then(|days| errors.absorb(Weekly::parse(days)));
        let hours = timezone.zip(weekly).map(|(timezone, weekly)| HostAvailability { timezone, weekly });
        errors.finish(hours).map_err(invalid)
    }
}

impl Parse for wire::AvailabilityOverrideRequest {
    type Output = (NaiveDate, DayOverride, Option<String>);

    fn parse(self) -> Result<(NaiveDate, DayOverride, Option<String>), ApiError> {
        let mut errors = FieldErrors::new();
        let day = if self.unavailable {
            if !self.ranges.is_empty() {
                errors.add("ranges", "must be empty when the day is unavailable");
            }
            Some(DayOverride::Unavailable)
        } else if self.ranges.is_empty() {
            errors.add("ranges", "give the day's ranges, or mark it unavailable");
            None
        } else {
            ranges(&mut errors, "ranges", &self.ranges).map(DayOverride::Ranges)
        };
        let note = self.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        if note.as_ref().is_some_and(|n| n.chars().count() > 200) {
            errors.add("note", "must be at most 200 characters");
        }
        let today = Utc::now().date_naive();
        if (self.date - today).num_days().abs() > HORIZON_DAYS {
            errors.add("date", "must be within two years of today");
        }
        errors.finish(day.map(|day| (self.date, day, note))).map_err(invalid)
    }
}

/// A `from` / `to` bound: an RFC 3339 instant, or a date in the viewer's zone (its start;
/// for `to`, the start of the next day, so the date is included).
fn bound(
    errors: &mut FieldErrors,
    field: &'static str,
    text: &str,
    zone: TimeZone,
    end: bool,
) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return within_horizon(errors, field, at.with_timezone(&Utc));
    }
    let Ok(date) = text.parse::<NaiveDate>() else {
        errors.add(field, "must be a date (2026-03-29) or an RFC 3339 instant");
        return None;
    };
    let date = if end { date.succ_opt()? } else { date };
    let at = domain::planning::start_of_day(zone.tz(), date);
    within_horizon(errors, field, at)
}

impl Parse for (Uuid, wire::SlotsQuery) {
    type Output = SlotQuery;

    fn parse(self) -> Result<SlotQuery, ApiError> {
        let (host_id, query) = self;
        let mut errors = FieldErrors::new();
        let viewer = match query.tz.as_deref() {
            Some(tz) => errors.check("tz", TimeZone::parse(tz)),
            None => Some(TimeZone::UTC),
        };
        let zone = viewer.unwrap_or(TimeZone::UTC);
        let from = match query.from.as_deref() {
            Some(text) => bound(&mut errors, "from", text, zone, false),
            None => Some(Utc::now()),
        };
        let to = match (query.to.as_deref(), from) {
            (Some(text), _) => bound(&mut errors, "to", text, zone, true),
            (None, Some(from)) => Some(from + Duration::days(14)),
            (None, None) => None,
        };
        let parsed = viewer.zip(from).zip(to).map(|((viewer, from), to)| SlotQuery {
            host_id,
            type_id: query.type_id,
            from,
            to,
            viewer,
        });
        errors.finish(parsed).map_err(invalid)
    }
}

fn details(errors: &mut FieldErrors, request: DetailFields<'_>, meeting: MeetingType) -> Option<AppointmentDetails> {
    errors.absorb(AppointmentDetails::parse(request, meeting))
}

impl Parse for wire::AppointmentRequest {
    type Output = NewAppointment;

    fn parse(self) -> Result<NewAppointment, ApiError> {
        let mut errors = FieldErrors::new();
        let meeting = meeting_type(&mut errors, &self.meeting_type);
        let fields = DetailFields {
            title: self.title.as_deref(),
            description: self.description.as_deref(),
            message: self.message.as_deref(),
            phone: self.phone.as_deref(),
            address: self.address.as_deref(),
        };
        let details = meeting.and_then(|m| details(&mut errors, fields, m));
        let starts_at = within_horizon(&mut errors, "startsAt", self.starts_at);
        let guest = match (self.host_id, self.client_id, self.prospect) {
            (Some(host), None, None) => Some(Guest::Myself { host }),
            (None, Some(client), None) => Some(Guest::Client(client)),
            (None, None, Some(prospect)) => {
                let name = errors.check("prospect.name", DisplayName::parse(&prospect.name));
                let email = errors.check("prospect.email", EmailAddress::parse(&prospect.email));
                name.zip(email).map(|(name, email)| Guest::Prospect { name, email })
            }
            (None, None, None) => {
                errors.add("hostId", "give hostId (to book for yourself), clientId or prospect");
                None
            }
            _ => {
                errors.add("clientId", "give only one of hostId, clientId and prospect");
                None
            }
        };
        let new =
            meeting.zip(details).zip(starts_at).zip(guest).map(|(((meeting_type, details), starts_at), guest)| {
                NewAppointment {
                    type_id: self.appointment_type_id,
                    starts_at,
                    meeting_type,
                    guest,
                    reason_id: self.reason_id,
                    details,
                }
            });
        errors.finish(new).map_err(invalid)
    }
}

impl Parse for wire::UpdateAppointmentRequest {
    type Output = AppointmentChanges;

    fn parse(self) -> Result<AppointmentChanges, ApiError> {
        let mut errors = FieldErrors::new();
        let meeting = match self.meeting_type.as_deref() {
            Some(text) => meeting_type(&mut errors, text).map(Some),
            None => Some(None),
        };
        let fields = DetailFields {
            title: self.title.as_deref(),
            description: self.description.as_deref(),
            message: self.message.as_deref(),
            phone: self.phone.as_deref(),
            address: self.address.as_deref(),
        };
        // Phone and address are required against the appointment's meeting type, which the
        // service knows; here only their form.
        let details = details(&mut errors, fields, MeetingType::Video);
        let starts_at = match self.starts_at {
            Some(at) => within_horizon(&mut errors, "startsAt", at).map(Some),
            None => Some(None),
        };
        let changes = meeting.zip(details).zip(starts_at).map(|((meeting_type, details), starts_at)| {
            AppointmentChanges { starts_at, meeting_type, reason_id: self.reason_id, details }
        });
        errors.finish(changes).map_err(invalid)
    }
}

impl Parse for wire::AppointmentsQuery {
    type Output = AppointmentFilter;

    fn parse(self) -> Result<AppointmentFilter, ApiError> {
        let mut errors = FieldErrors::new();
        let status = match super::given(self.status).as_deref() {
            None => Some(None),
            Some("upcoming") => Some(Some(StatusFilter::Upcoming)),
            Some("completed") => Some(Some(StatusFilter::Completed)),
            Some("cancelled") => Some(Some(StatusFilter::Cancelled)),
            Some(_) => {
                errors.add("status", "must be upcoming, completed or cancelled");
                None
            }
        };
        let as_client = match super::given(self.as_).as_deref() {
            None | Some("host") => Some(false),
            Some("client") => Some(true),
            Some(_) => {
                errors.add("as", "must be host or client");
                None
            }
        };
        let filter = status.zip(as_client).map(|(status, as_client)| AppointmentFilter {
            as_client,
            from: self.from,
            to: self.to,
            status,
        });
        errors.finish(filter).map_err(invalid)
    }
}

impl Parse for wire::SetPasswordRequest {
    type Output = Password;

    fn parse(self) -> Result<Password, ApiError> {
        Password::parse(&self.password).map_err(|err| invalid(FieldErrors::one("password", err.to_string())))
    }
}
