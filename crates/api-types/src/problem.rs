//! Problem details (RFC 9457): the one error body of every failing response, and the
//! stable code of every refusal with its HTTP status. Clients branch on [`ErrorCode`],
//! never on status numbers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The media type of [`ProblemDetails`] bodies.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer: `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:callstar:problem:validation_failed",
    "title": "Validation failed",
    "status": 422,
    "detail": "Some fields are invalid.",
    "code": "validation_failed",
    "errors": {"email": ["must be a valid e-mail address"]}
})))]
pub struct ProblemDetails {
    /// A URI naming the kind of problem: `urn:callstar:problem:<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, for a person.
    pub detail: String,
    /// A stable snake_case code for programs and translations: one per kind of refusal.
    pub code: ErrorCode,
    /// Per-field messages when the input was invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// For `call_not_open`: when the call's access window opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<chrono::DateTime<chrono::Utc>>,
}

macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = ($code:literal, $status:literal, $title:literal),)*) => {
        /// Why a request was refused: one stable snake_case code per kind of refusal, each with
        /// its HTTP status. New codes may appear; clients read unknown ones as [`ErrorCode::Unknown`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[doc = $doc])* #[serde(rename = $code)] $variant,)*
            /// A code this client does not know yet.
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every known code.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Unknown => "unknown",
                }
            }

            /// The HTTP status that carries it.
            pub fn status(self) -> u16 {
                match self {
                    $(Self::$variant => $status,)*
                    Self::Unknown => 500,
                }
            }

            /// A short, fixed summary (the problem's `title`).
            pub fn title(self) -> &'static str {
                match self {
                    $(Self::$variant => $title,)*
                    Self::Unknown => "Error",
                }
            }
        }
    };
}

error_codes! {
    /// Fields are invalid; `errors` has a message per field.
    ValidationFailed = ("validation_failed", 422, "Validation failed"),
    /// The body is not valid JSON.
    InvalidJson = ("invalid_json", 400, "Bad request"),
    /// The body could not be read as the expected shape.
    InvalidBody = ("invalid_body", 400, "Bad request"),
    /// The query string could not be read.
    InvalidQuery = ("invalid_query", 400, "Bad request"),
    /// A webhook's signature is missing, stale or wrong.
    InvalidSignature = ("invalid_signature", 400, "Bad request"),
    /// A webhook's payload is not an event.
    InvalidEvent = ("invalid_event", 400, "Bad request"),
    /// A secret was sent in the query string.
    SecretInQuery = ("secret_in_query", 400, "Bad request"),
    /// `GET /api/ws` is a WebSocket: the request must ask for the upgrade.
    WebsocketExpected = ("websocket_expected", 400, "Bad request"),
    /// Not signed in, or the token is missing, malformed or expired.
    Unauthorized = ("unauthorized", 401, "Unauthorized"),
    /// Wrong e-mail or password.
    InvalidCredentials = ("invalid_credentials", 401, "Unauthorized"),
    /// The refresh token is unknown, used, revoked or expired: sign in again.
    SessionExpired = ("session_expired", 401, "Unauthorized"),
    /// Missing or wrong cron secret.
    InvalidCronSecret = ("invalid_cron_secret", 401, "Unauthorized"),
    /// The WebSocket ticket is missing, unknown, already used or expired: ask for a new one.
    TicketInvalid = ("ticket_invalid", 401, "Unauthorized"),
    /// Signed in, but this role may not do this.
    Forbidden = ("forbidden", 403, "Forbidden"),
    /// Only creators may do this.
    NotACreator = ("not_a_creator", 403, "Forbidden"),
    /// Only the offer's creator may change it.
    NotOfferOwner = ("not_offer_owner", 403, "Forbidden"),
    /// The call's access window is not open yet; `opensAt` says when it opens.
    CallNotOpen = ("call_not_open", 403, "Call not open yet"),
    /// The call is over; its summary is available.
    CallOver = ("call_over", 403, "Call over"),
    /// Only hosts (creators) and admins create organizations.
    CannotCreateOrganization = ("cannot_create_organization", 403, "Forbidden"),
    /// The caller belongs to no organization.
    NotInOrganization = ("not_in_organization", 403, "Not in an organization"),
    /// Only the organization's owner may do this.
    NotOrganizationOwner = ("not_organization_owner", 403, "Forbidden"),
    /// This is for the other member role (staff list clients, clients list staff; a caller
    /// calls the other side).
    WrongMemberRole = ("wrong_member_role", 403, "Forbidden"),
    /// This change of a call is the other participant's (answer and decline are the
    /// callee's, cancel is the caller's).
    WrongCallParty = ("wrong_call_party", 403, "Forbidden"),
    /// Nothing the caller may see is here.
    NotFound = ("not_found", 404, "Not found"),
    /// The path exists with other methods (`Allow` lists them).
    MethodNotAllowed = ("method_not_allowed", 405, "Method not allowed"),
    /// Someone holds this offer.
    AlreadyBooked = ("already_booked", 409, "Already booked"),
    /// The host already has an active booking at an overlapping time.
    HostBusy = ("host_busy", 409, "Host busy"),
    /// The offer starts in the past.
    OfferPast = ("offer_past", 409, "Offer in the past"),
    /// The offer was withdrawn or completed.
    OfferUnavailable = ("offer_unavailable", 409, "Offer unavailable"),
    /// Hosts do not book their own offers.
    OwnOffer = ("own_offer", 422, "Own offer"),
    /// The offer is booked and can no longer be changed.
    OfferBooked = ("offer_booked", 409, "Offer booked"),
    /// The offer is closed (completed or withdrawn) and can no longer be changed.
    OfferClosed = ("offer_closed", 409, "Offer closed"),
    /// The booking is already paid.
    AlreadyPaid = ("already_paid", 409, "Already paid"),
    /// The booking no longer holds its offer (payment window expired, or cancelled).
    HoldExpired = ("hold_expired", 409, "Hold expired"),
    /// The creator cannot take payments yet (Stripe onboarding unfinished).
    PaymentsNotReady = ("payments_not_ready", 409, "Payments not ready"),
    /// Only confirmed calls can be joined.
    NotConfirmed = ("not_confirmed", 409, "Not confirmed"),
    /// The booking is cancelled, completed or a no-show: it cannot change any more.
    BookingClosed = ("booking_closed", 409, "Booking closed"),
    /// The resource changed meanwhile; reload it and try again.
    StaleState = ("stale_state", 409, "Changed meanwhile"),
    /// An account with this e-mail exists already.
    EmailTaken = ("email_taken", 409, "E-mail taken"),
    /// The job is running elsewhere; try again when it ends.
    JobRunning = ("job_running", 409, "Job running"),
    /// Only failed e-mails can be retried.
    EmailNotFailed = ("email_not_failed", 409, "E-mail not failed"),
    /// The time asked for is not a free slot of the host (outside their hours, too soon, or taken).
    SlotUnavailable = ("slot_unavailable", 409, "Slot unavailable"),
    /// The appointment type is not offered any more.
    AppointmentTypeInactive = ("appointment_type_inactive", 409, "Appointment type inactive"),
    /// Only the appointment's host may do this.
    NotHost = ("not_host", 403, "Forbidden"),
    /// A phone or in-person appointment has no video call to join.
    NotAVideoCall = ("not_a_video_call", 409, "Not a video call"),
    /// The appointment has not started yet: it cannot be marked held or missed.
    NotStarted = ("not_started", 409, "Not started"),
    /// The call has started (or is over): it can no longer be moved.
    AlreadyStarted = ("already_started", 409, "Already started"),
    /// One person may hold only a few unpaid calls at once (`MAX_HOLDS_PER_USER`).
    TooManyHolds = ("too_many_holds", 409, "Too many holds"),
    /// The same person let a hold on this offer go moments ago; it stays open to others a while.
    HoldCooldown = ("hold_cooldown", 409, "Hold cooldown"),
    /// The account already has a password (only a prospect's link session may set a first one).
    PasswordAlreadySet = ("password_already_set", 409, "Password already set"),
    /// Only failed refunds can be retried.
    RefundNotFailed = ("refund_not_failed", 409, "Refund not failed"),
    /// A payout may not exceed the available balance.
    PayoutAboveAvailable = ("payout_above_available", 409, "Above the available balance"),
    /// The creator's payouts are blocked (by an admin, or by a debt above the threshold).
    PayoutsBlocked = ("payouts_blocked", 409, "Payouts blocked"),
    /// Only creators on the MANUAL schedule request payouts; the others are paid on schedule.
    NotManualSchedule = ("not_manual_schedule", 409, "Not on the manual schedule"),
    /// Only requested payouts can be approved or rejected.
    PayoutNotRequested = ("payout_not_requested", 409, "Payout not requested"),
    /// Only a payout held back past Stripe's idempotency window can be released.
    PayoutNotHeld = ("payout_not_held", 409, "Payout not held back"),
    /// The creator's Stripe account cannot receive payouts yet.
    PayoutsNotReady = ("payouts_not_ready", 409, "Payouts not ready"),
    /// The payout currency cannot change once money was earned in it or offers are open in it.
    CurrencyLocked = ("currency_locked", 409, "Currency locked"),
    /// The account already belongs to an organization (one per account).
    AlreadyInOrganization = ("already_in_organization", 409, "Already in an organization"),
    /// This e-mail already belongs to a member of the organization.
    AlreadyMember = ("already_member", 409, "Already a member"),
    /// The invitation was accepted already or has expired.
    InvitationClosed = ("invitation_closed", 409, "Invitation closed"),
    /// The person called is in another call.
    CalleeBusy = ("callee_busy", 409, "Busy"),
    /// The caller is in another call already.
    AlreadyInCall = ("already_in_call", 409, "Already in a call"),
    /// The call's status does not allow this change (for example answering a declined call).
    InvalidCallTransition = ("invalid_call_transition", 409, "Invalid call transition"),
    /// MISSED was asked for before the ring deadline; the server decides when a call is missed.
    CallStillRinging = ("call_still_ringing", 409, "Still ringing"),
    /// A fan cannot ask themselves for a call.
    OwnRequest = ("own_request", 422, "Own request"),
    /// The fan already has as many pending requests with this creator as allowed (3).
    PendingRequestLimit = ("pending_request_limit", 409, "Too many pending requests"),
    /// The call request's proposed time has passed: it cannot be accepted, declined or withdrawn.
    RequestExpired = ("request_expired", 409, "Request expired"),
    /// The call request was already accepted, declined, withdrawn or expired.
    RequestClosed = ("request_closed", 409, "Request closed"),
    /// Only the creator a call request was sent to may accept or decline it.
    NotRequestCreator = ("not_request_creator", 403, "Forbidden"),
    /// Only the fan who sent a call request may withdraw it.
    NotRequestFan = ("not_request_fan", 403, "Forbidden"),
    /// Only the fan of a call may review it.
    NotBookingGuest = ("not_booking_guest", 403, "Forbidden"),
    /// Only a completed call can be reviewed.
    CallNotCompleted = ("call_not_completed", 409, "Call not completed"),
    /// The call was reviewed already (once per call).
    AlreadyReviewed = ("already_reviewed", 409, "Already reviewed"),
    /// Only the reviewed creator may answer a review.
    NotReviewCreator = ("not_review_creator", 403, "Forbidden"),
    /// The review was answered already (once per review).
    AlreadyAnswered = ("already_answered", 409, "Already answered"),
    /// The review is hidden already.
    ReviewHidden = ("review_hidden", 409, "Review hidden"),
    /// The call's log holds as many events as one call may have.
    CallLogFull = ("call_log_full", 409, "Call log full"),
    /// The creator has as many open offers as one creator may publish.
    OfferLimitReached = ("offer_limit_reached", 409, "Offer limit reached"),
    /// The body is too large.
    PayloadTooLarge = ("payload_too_large", 413, "Payload too large"),
    /// The body is not JSON.
    UnsupportedMediaType = ("unsupported_media_type", 415, "Unsupported media type"),
    /// Too many requests; `Retry-After` says when to try again.
    RateLimited = ("rate_limited", 429, "Too many requests"),
    /// Something went wrong on our side (details in the server log only).
    InternalError = ("internal_error", 500, "Internal server error"),
    /// An external provider (Stripe, Daily, Resend) failed or could not be reached.
    ProviderUnavailable = ("provider_unavailable", 502, "Provider unavailable"),
    /// A dependency (the database, or a feature's configuration) is unavailable.
    ServiceUnavailable = ("service_unavailable", 503, "Service unavailable"),
    /// The server is busy with this kind of work (too many password checks at once):
    /// nothing is wrong, `Retry-After` says when to try again.
    Overloaded = ("overloaded", 503, "Server busy"),
    /// An external provider refused the request (for example an invalid account).
    ProviderRefused = ("provider_refused", 422, "Provider refused"),
}

/// An error that knows its refusal code: every service and provider error implements it, so
/// the API maps any of them to problem details the same way, and no handler maps by hand.
pub trait CodedError: std::fmt::Display {
    /// The stable code (and so the HTTP status).
    fn code(&self) -> ErrorCode;

    /// Per-field messages, for [`ErrorCode::ValidationFailed`].
    fn field_errors(&self) -> Option<BTreeMap<String, Vec<String>>> {
        None
    }

    /// For [`ErrorCode::CallNotOpen`]: when the call's access window opens.
    fn opens_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        None
    }

    /// For [`ErrorCode::RateLimited`]: seconds until a retry can succeed (`Retry-After`).
    fn retry_after_secs(&self) -> Option<u64> {
        None
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_ones_decode() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).ok(), Some(*code));
        }
        assert_eq!(serde_json::from_str::<ErrorCode>("\"from_the_future\"").ok(), Some(ErrorCode::Unknown));
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        assert!(ErrorCode::ALL.iter().all(|c| seen.insert(c.as_str())));
    }
}
