//! The interface language: the signed-in user's profile language, otherwise the
//! visitor's saved choice, otherwise the browser's (detected by leptos_i18n).

use api_types::{Locale as ApiLocale, UpdateMeRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::contexts::session::Session;
use leptos_i18n::{I18nContext, Locale as _};

use crate::i18n::{Locale, use_i18n};
use crate::storage;

/// The wire locale of a UI locale.
pub fn to_api(locale: Locale) -> ApiLocale {
    match locale {
        Locale::en => ApiLocale::En,
        Locale::fr => ApiLocale::Fr,
    }
}

/// The UI locale of a wire locale.
pub fn from_api(locale: ApiLocale) -> Locale {
    match locale {
        ApiLocale::En => Locale::en,
        ApiLocale::Fr => Locale::fr,
    }
}

/// Follows the profile language when a user signs in, and the saved choice otherwise.
/// Must run inside the i18n provider.
pub fn sync_locale(session: Session) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let from_profile = session.user.with(|u| u.as_ref().map(|u| from_api(u.locale)));
        let wanted = from_profile.or_else(|| storage::saved_locale().and_then(|s| s.parse::<Locale>().ok()));
        if let Some(locale) = wanted
            && i18n.get_locale_untracked() != locale
        {
            i18n.set_locale(locale);
        }
    });
    Effect::new(move |_| {
        let lang = i18n.get_locale().as_str();
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", lang);
        }
    });
}

/// Switches the language: remembered on this browser and, when signed in, in the profile.
pub fn choose_locale(session: Session, i18n: I18nContext<Locale>, locale: Locale) {
    i18n.set_locale(locale);
    storage::save_locale(locale.as_str());
    if session.user.with_untracked(|u| u.as_ref().is_some_and(|u| from_api(u.locale) != locale)) {
        spawn_local(async move {
            let body = UpdateMeRequest { locale: Some(to_api(locale)), ..Default::default() };
            if let Ok(user) = session.api.update_me(&body).await {
                session.user.set(Some(user));
            }
        });
    }
}
