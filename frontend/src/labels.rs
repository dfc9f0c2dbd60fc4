//! Values of the API in the reader's language: booking and offer statuses, roles, meeting types.

use api_types::{BookingStatus, MeetingType, OfferStatus, Role};
use leptos_i18n::I18nContext;

use crate::i18n::{Locale, t_string};

/// A booking status.
pub fn booking_status(i18n: I18nContext<Locale>, status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => t_string!(i18n, booking.status_pending),
        BookingStatus::Confirmed => t_string!(i18n, booking.status_confirmed),
        BookingStatus::Completed => t_string!(i18n, booking.status_completed),
        BookingStatus::Cancelled => t_string!(i18n, booking.status_cancelled),
        BookingStatus::NoShow => t_string!(i18n, booking.status_no_show),
    }
}

/// An offer status.
pub fn offer_status(i18n: I18nContext<Locale>, status: OfferStatus) -> &'static str {
    match status {
        OfferStatus::Available => t_string!(i18n, offers.status_AVAILABLE),
        OfferStatus::Booked => t_string!(i18n, offers.status_BOOKED),
        OfferStatus::Completed => t_string!(i18n, offers.status_COMPLETED),
        OfferStatus::Cancelled => t_string!(i18n, offers.status_CANCELLED),
    }
}

/// A role.
pub fn role(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::User => t_string!(i18n, dashboard.role_user),
        Role::Creator => t_string!(i18n, dashboard.role_creator),
        Role::Admin => t_string!(i18n, dashboard.role_admin),
    }
}

/// How an appointment is held.
pub fn meeting_type(i18n: I18nContext<Locale>, meeting: MeetingType) -> &'static str {
    match meeting {
        MeetingType::Video => t_string!(i18n, planning.meeting_video),
        MeetingType::Phone => t_string!(i18n, planning.meeting_phone),
        MeetingType::InPerson => t_string!(i18n, planning.meeting_in_person),
    }
}
