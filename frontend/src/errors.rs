//! Failures in the reader's language: one message per refusal code (never the server's English
//! text, never a status number), and one per invalid field of a `validation_failed` refusal.

use std::collections::BTreeMap;

use api_types::ErrorCode;
use leptos_i18n::I18nContext;

use crate::api::ApiError;
use crate::i18n::{Locale, t_string};

/// Translated messages by field name (the server's names, e.g. `dateTime`).
pub type FieldErrors = BTreeMap<String, String>;

/// A translated message for a failed call.
pub fn error_message(i18n: I18nContext<Locale>, err: &ApiError) -> String {
    match err {
        ApiError::Network => t_string!(i18n, errors.network).to_owned(),
        ApiError::Decode(_) => t_string!(i18n, errors.generic).to_owned(),
        ApiError::Problem(problem) => code_message(i18n, problem.code),
    }
}

/// A translated message for a refusal. Every code has its line here, so a new code does not
/// compile until it has been given words.
pub fn code_message(i18n: I18nContext<Locale>, code: ErrorCode) -> String {
    use ErrorCode as C;
    match code {
        C::ValidationFailed => t_string!(i18n, errors.form_invalid),
        C::InvalidJson
        | C::InvalidBody
        | C::InvalidQuery
        | C::InvalidSignature
        | C::InvalidEvent
        | C::SecretInQuery
        | C::InvalidCronSecret
        | C::MethodNotAllowed
        | C::PayloadTooLarge
        | C::UnsupportedMediaType => t_string!(i18n, errors.bad_request),
        C::Unauthorized => t_string!(i18n, errors.unauthorized),
        C::InvalidCredentials => t_string!(i18n, errors.bad_credentials),
        C::SessionExpired => t_string!(i18n, auth.session_expired),
        C::Forbidden => t_string!(i18n, errors.forbidden),
        C::NotACreator => t_string!(i18n, errors.not_a_creator),
        C::NotOfferOwner => t_string!(i18n, errors.not_offer_owner),
        C::CallNotOpen => t_string!(i18n, errors.call_not_open),
        C::CallOver => t_string!(i18n, errors.call_over),
        C::NotFound => t_string!(i18n, errors.not_found),
        C::AlreadyBooked => t_string!(i18n, errors.already_booked),
        C::HostBusy => t_string!(i18n, errors.host_busy),
        C::OfferPast => t_string!(i18n, errors.offer_past),
        C::OfferUnavailable => t_string!(i18n, errors.offer_unavailable),
        C::OwnOffer => t_string!(i18n, errors.own_offer),
        C::OfferBooked => t_string!(i18n, errors.offer_booked),
        C::OfferClosed => t_string!(i18n, errors.offer_closed),
        C::AlreadyPaid => t_string!(i18n, errors.already_paid),
        C::HoldExpired => t_string!(i18n, errors.hold_expired),
        C::PaymentsNotReady => t_string!(i18n, errors.payments_not_ready),
        C::NotConfirmed => t_string!(i18n, errors.not_confirmed),
        C::BookingClosed => t_string!(i18n, errors.booking_closed),
        C::StaleState => t_string!(i18n, errors.stale_state),
        C::EmailTaken => t_string!(i18n, errors.email_taken),
        C::JobRunning => t_string!(i18n, errors.job_running),
        C::EmailNotFailed => t_string!(i18n, errors.email_not_failed),
        C::SlotUnavailable => t_string!(i18n, errors.slot_unavailable),
        C::AppointmentTypeInactive => t_string!(i18n, errors.appointment_type_inactive),
        C::NotHost => t_string!(i18n, errors.not_host),
        C::AlreadyStarted => t_string!(i18n, errors.already_started),
        C::NotStarted => t_string!(i18n, errors.not_started),
        C::NotAVideoCall => t_string!(i18n, errors.not_a_video_call),
        C::PasswordAlreadySet => t_string!(i18n, errors.password_already_set),
        C::TooManyHolds => t_string!(i18n, errors.too_many_holds),
        C::HoldCooldown => t_string!(i18n, errors.hold_cooldown),
        C::RefundNotFailed => t_string!(i18n, errors.refund_not_failed),
        C::PayoutAboveAvailable => t_string!(i18n, errors.payout_above_available),
        C::PayoutsBlocked => t_string!(i18n, errors.payouts_blocked),
        C::NotManualSchedule => t_string!(i18n, errors.not_manual_schedule),
        C::PayoutNotRequested => t_string!(i18n, errors.payout_not_requested),
        C::PayoutNotHeld => t_string!(i18n, errors.payout_not_held),
        C::PayoutsNotReady => t_string!(i18n, errors.payouts_not_ready),
        C::CurrencyLocked => t_string!(i18n, errors.currency_locked),
        C::WebsocketExpected => t_string!(i18n, errors.websocket_expected),
        C::TicketInvalid => t_string!(i18n, errors.ticket_invalid),
        C::CannotCreateOrganization => t_string!(i18n, errors.cannot_create_organization),
        C::NotInOrganization => t_string!(i18n, errors.not_in_organization),
        C::NotOrganizationOwner => t_string!(i18n, errors.not_organization_owner),
        C::WrongMemberRole => t_string!(i18n, errors.wrong_member_role),
        C::WrongCallParty => t_string!(i18n, errors.wrong_call_party),
        C::AlreadyInOrganization => t_string!(i18n, errors.already_in_organization),
        C::AlreadyMember => t_string!(i18n, errors.already_member),
        C::InvitationClosed => t_string!(i18n, errors.invitation_closed),
        C::CalleeBusy => t_string!(i18n, errors.callee_busy),
        C::AlreadyInCall => t_string!(i18n, errors.already_in_call),
        C::InvalidCallTransition => t_string!(i18n, errors.invalid_call_transition),
        C::CallStillRinging => t_string!(i18n, errors.call_still_ringing),
        C::OwnRequest => t_string!(i18n, errors.own_request),
        C::PendingRequestLimit => t_string!(i18n, errors.pending_request_limit),
        C::RequestExpired => t_string!(i18n, errors.request_expired),
        C::RequestClosed => t_string!(i18n, errors.request_closed),
        C::NotRequestCreator => t_string!(i18n, errors.not_request_creator),
        C::NotRequestFan => t_string!(i18n, errors.not_request_fan),
        C::NotBookingGuest => t_string!(i18n, errors.not_booking_guest),
        C::CallNotCompleted => t_string!(i18n, errors.call_not_completed),
        C::AlreadyReviewed => t_string!(i18n, errors.already_reviewed),
        C::NotReviewCreator => t_string!(i18n, errors.not_review_creator),
        C::AlreadyAnswered => t_string!(i18n, errors.already_answered),
        C::ReviewHidden => t_string!(i18n, errors.review_hidden),
        C::CallLogFull => t_string!(i18n, errors.call_log_full),
        C::OfferLimitReached => t_string!(i18n, errors.offer_limit_reached),
        C::RateLimited => t_string!(i18n, errors.rate_limited),
        C::ProviderUnavailable => t_string!(i18n, errors.provider_unavailable),
        C::ProviderRefused => t_string!(i18n, errors.provider_refused),
        C::ServiceUnavailable => t_string!(i18n, errors.service_unavailable),
        C::Overloaded => t_string!(i18n, errors.overloaded),
        C::InternalError | C::Unknown => t_string!(i18n, errors.generic),
    }
    .to_owned()
}

/// A translated message for a field the server found invalid.
pub fn field_message(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "email" => t_string!(i18n, errors.email_invalid),
        "password" => t_string!(i18n, errors.password_weak),
        "name" => t_string!(i18n, errors.name_invalid),
        "timezone" => t_string!(i18n, errors.time_zone_invalid),
        "title" => t_string!(i18n, offers.title_invalid),
        "price" | "currency" => t_string!(i18n, offers.price_invalid),
        "dateTime" => t_string!(i18n, offers.date_invalid),
        "duration" => t_string!(i18n, offers.duration_invalid),
        "profileImage" => t_string!(i18n, creator_profile.image_invalid),
        _ => t_string!(i18n, errors.field_invalid),
    }
    .to_owned()
}

/// The translated message of every field a `validation_failed` refusal names (none for other
/// failures).
pub fn field_errors(i18n: I18nContext<Locale>, err: &ApiError) -> FieldErrors {
    err.field_errors()
        .into_keys()
        .map(|field| {
            let message = field_message(i18n, &field);
            (field, message)
        })
        .collect()
}
