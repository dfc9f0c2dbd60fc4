//! Protected pages: wait while the session is being checked, send visitors to the login
//! page (and back afterwards), and refuse roles a page is not for.

use api_types::Role;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::components::status::Loading;
use crate::contexts::session::{Session, Status};
use crate::i18n::{t_string, use_i18n};

/// Renders `children` only for a signed-in user, of one of `roles` when given.
#[component]
pub fn RequireAuth(#[prop(optional)] roles: Option<&'static [Role]>, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let location = use_location();
    let i18n = use_i18n();
    move || match session.status.get() {
        Status::Checking => view! { <Loading/> }.into_any(),
        Status::SignedOut if session.leaving.get() => ().into_any(),
        Status::SignedOut => {
            let next = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            let path = format!("/login?next={}", String::from(js_sys::encode_uri_component(&next)));
            view! { <Redirect path=path/> }.into_any()
        }
        Status::SignedIn => {
            let allowed = roles.is_none_or(|roles| session.role().is_some_and(|r| roles.contains(&r)));
            if allowed {
                children().into_any()
            } else {
                view! { <div class="alert alert-error" role="alert">{move || t_string!(i18n, errors.forbidden)}</div> }
                    .into_any()
            }
        }
    }
}

/// Where to go after login: the `next` parameter when it is a local path, else the role's dashboard.
pub fn safe_next(next: Option<String>, fallback: &str) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") => path,
        _ => fallback.to_owned(),
    }
}
