//! Conversions between wire types (`api-types`) and domain or service types.

use api_types as wire;
use domain::{Locale, Role};
use service::accounts::Account;

pub(crate) fn role_to_wire(role: Role) -> wire::Role {
    match role {
        Role::User => wire::Role::User,
        Role::Creator => wire::Role::Creator,
        Role::Admin => wire::Role::Admin,
    }
}

pub(crate) fn role_from_wire(role: wire::Role) -> Role {
    match role {
        wire::Role::User => Role::User,
        wire::Role::Creator => Role::Creator,
        wire::Role::Admin => Role::Admin,
    }
}

pub(crate) fn role_from_registration(role: wire::RegistrationRole) -> Role {
    match role {
        wire::RegistrationRole::User => Role::User,
        wire::RegistrationRole::Creator => Role::Creator,
    }
}

pub(crate) fn locale_to_wire(locale: Locale) -> wire::Locale {
    match locale {
        Locale::En => wire::Locale::En,
        Locale::Fr => wire::Locale::Fr,
    }
}

pub(crate) fn locale_from_wire(locale: wire::Locale) -> Locale {
    match locale {
        wire::Locale::En => Locale::En,
        wire::Locale::Fr => Locale::Fr,
    }
}

pub(crate) fn user_to_wire(account: Account) -> wire::User {
    {
        wire::User {
            id: account.id,
            email: account.email,
            name: account.name,
            role: role_to_wire(account.role),
            locale: locale_to_wire(account.locale),
            timezone: account.timezone,
            created_at: account.created_at,
        }
    }
}

pub(crate) fn offer_status_to_wire(status: domain::booking::OfferStatus) -> wire::OfferStatus {
    use domain::booking::OfferStatus as S;
    match status {
        S::Available => wire::OfferStatus::Available,
        S::Booked => wire::OfferStatus::Booked,
        S::Completed => wire::OfferStatus::Completed,
        S::Cancelled => wire::OfferStatus::Cancelled,
    }
}

pub(crate) fn booking_status_to_wire(status: domain::booking::BookingStatus) -> wire::BookingStatus {
    use domain::booking::BookingStatus as S;
    match status {
        S::Pending => wire::BookingStatus::Pending,
        S::Confirmed => wire::BookingStatus::Confirmed,
        S::Completed => wire::BookingStatus::Completed,
        S::Cancelled => wire::BookingStatus::Cancelled,
        S::NoShow => wire::BookingStatus::NoShow,
    }
}

pub(crate) fn booking_status_from_wire(status: wire::BookingStatus) -> domain::booking::BookingStatus {
    use domain::booking::BookingStatus as S;
    match status {
        wire::BookingStatus::Pending => S::Pending,
        wire::BookingStatus::Confirmed => S::Confirmed,
        wire::BookingStatus::Completed => S::Completed,
        wire::BookingStatus::Cancelled => S::Cancelled,
        wire::BookingStatus::NoShow => S::NoShow,
    }
}

/// An amount in minor units as a decimal in its currency.
pub(crate) fn amount(minor: i64, currency: &str) -> rust_decimal::Decimal {
    let currency = currency.parse::<domain::money::Currency>().unwrap_or(domain::money::Currency::Eur);
    let mut value = domain::money::from_minor_units(minor, currency);
    value.rescale(currency.decimals());
    value
}

pub(crate) fn offer_row_to_wire(
    row: &entity::call_offer::Model,
    status: domain::booking::OfferStatus,
    creator_name: &str,
) -> wire::CallOffer {
    wire::CallOffer {
        id: row.id,
        creator_id: row.creator_id,
        creator_name: creator_name.to_owned(),
        title: row.title.clone(),
        description: row.description.clone(),
        price: amount(row.price_minor, &row.currency),
        currency: row.currency.clone(),
        date_time: row.date_time,
        duration: row.duration_minutes,
        ends_at: row.date_time + chrono::Duration::minutes(i64::from(row.duration_minutes)),
        status: offer_status_to_wire(status),
    }
}

pub(crate) fn booking_to_wire(view: service::bookings::BookingView) -> wire::Booking {
    let offer_status = if view.status.is_active() {
        domain::booking::OfferStatus::Booked
    } else {
        view.offer.status.parse().unwrap_or(domain::booking::OfferStatus::Available)
    };
    wire::Booking {
        id: view.row.id,
        status: booking_status_to_wire(view.status),
        call_offer: offer_row_to_wire(&view.offer, offer_status, &view.creator.1),
        user: wire::Participant { id: view.guest.0, name: view.guest.1.clone() },
        creator: wire::Participant { id: view.creator.0, name: view.creator.1.clone() },
        total_price: amount(view.row.total_price_minor, &view.row.currency),
        currency: view.row.currency.clone(),
        hold_expires_at: view.row.hold_expires_at.filter(|_| view.status == domain::booking::BookingStatus::Pending),
        starts_at: view.offer.date_time,
        ends_at: view.ends_at(),
        join_opens_at: view.offer.date_time - domain::call_access::JOIN_EARLY,
        can_cancel: view.status.is_active(),
        is_test_booking: view.row.is_test_booking,
        created_at: view.row.created_at,
        confirmed_at: view.row.confirmed_at,
        cancelled_at: view.row.cancelled_at,
        cancelled_by: match view.row.cancelled_by.as_deref() {
            Some("guest") => Some(wire::CancelledBy::Guest),
            Some("host") => Some(wire::CancelledBy::Host),
            Some("payment") => Some(wire::CancelledBy::Payment),
            Some(_) => Some(wire::CancelledBy::System),
            None => None,
        },
        cancel_reason: view.row.cancel_reason.clone(),
    }
}

pub(crate) fn creator_to_wire(
    creator: service::creators::Creator,
    with_stripe: bool,
    test_mode: bool,
) -> wire::CreatorProfile {
    let row = creator.row;
    let social_links = row
        .social_links
        .as_ref()
        .and_then(|v| v.as_object())
        .map(|o| o.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned()))).collect())
        .unwrap_or_default();
    wire::CreatorProfile {
        id: row.id,
        user_id: row.user_id,
        name: creator.name,
        bio: row.bio,
        expertise: row.expertise,
        profile_image: row.profile_image,
        social_links,
        currency: row.currency,
        timezone: row.timezone,
        available_offers: creator.available_offers,
        stripe: with_stripe.then(|| wire::StripeAccountStatus {
            connected: row.stripe_account_id.is_some(),
            charges_enabled: row.charges_enabled,
            payouts_enabled: row.payouts_enabled,
            details_submitted: row.details_submitted,
            default_currency: row.stripe_default_currency,
            test_mode,
        }),
    }
}
