//! Protected pages: wait while the session is being checked, send visitors to the login page
//! (and back afterwards), and refuse roles a page is not for.

use api_types::Role;
use leptos::prelude::*;

use crate::components::status::Loading;
use crate::contexts::session::{Session, Status};
use crate::i18n::{t_string, use_i18n};
use crate::nav::{RedirectTo, current_address};

/// Pages for admins only.
pub const ADMINS: &[Role] = &[Role::Admin];
/// Pages for creators only.
pub const CREATORS: &[Role] = &[Role::Creator];
/// Pages for fans only.
pub const GUESTS: &[Role] = &[Role::User];
/// Pages for fans and creators.
pub const MEMBERS: &[Role] = &[Role::User, Role::Creator];

/// Renders `children` only for a signed-in user, of one of `roles` when given.
#[component]
pub fn RequireAuth(#[prop(optional)] roles: Option<&'static [Role]>, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let i18n = use_i18n();
    move || match session.status.get() {
        Status::Checking => view! { <Loading/> }.into_any(),
        Status::SignedOut if session.leaving.get() => ().into_any(),
        Status::SignedOut => {
            view! { <RedirectTo to=api_types::Route::Login { next: Some(current_address()) }/> }.into_any()
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
