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
