//! Who is signed in. At start the app asks for a new access token with the refresh
//! cookie; until that answers the session is `Checking`, and protected pages wait.

use api_types::{Role, Route, SessionResponse, User};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Api;
use crate::format;

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Asking the server whether the refresh cookie is still good.
    Checking,
    /// Signed in: `user` is set.
    SignedIn,
    /// Nobody is signed in.
    SignedOut,
}

/// The session context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in user.
    pub user: RwSignal<Option<User>>,
    /// The state of the session.
    pub status: RwSignal<Status>,
    /// The API client holding the access token.
    pub api: Api,
    /// A deliberate logout is under way: protected pages must not send the user to the
    /// login page while the app navigates home.
    pub leaving: RwSignal<bool>,
}

impl Session {
    /// Records a new session (after login or refresh).
    pub fn start(&self, session: &SessionResponse) {
        self.api.keep(session);
        self.user.set(Some(session.user.clone()));
        self.status.set(Status::SignedIn);
    }

    /// Forgets the session locally.
    pub fn end(&self) {
        self.api.clear();
        self.user.set(None);
        self.status.set(Status::SignedOut);
    }

    /// The signed-in user's role.
    pub fn role(&self) -> Option<Role> {
        self.user.with(|u| u.as_ref().map(|u| u.role))
    }

    /// The dashboard of the signed-in user's role.
    pub fn home(&self) -> Route {
        dashboard(self.role())
    }

    /// The viewer's time zone: the profile's when signed in, else the browser's.
    pub fn time_zone(&self) -> String {
        self.user.with(|u| u.as_ref().map(|u| u.timezone.clone())).unwrap_or_else(format::browser_time_zone)
    }
}

/// The dashboard of a role.
pub fn dashboard(role: Option<Role>) -> Route {
    match role {
        Some(Role::Creator) => Route::CreatorDashboard,
        Some(Role::Admin) => Route::AdminUsers,
        _ => Route::UserDashboard,
    }
}

/// Provides the session and resumes it from the refresh cookie.
pub fn provide_session() -> Session {
    let api = Api::new();
    let session = Session {
        user: RwSignal::new(None),
        status: RwSignal::new(Status::Checking),
        api,
        leaving: RwSignal::new(false),
    };
    provide_context(api);
    provide_context(session);
    spawn_local(async move {
        match api.refresh().await {
            Ok(resumed) => session.start(&resumed),
            Err(_) => session.end(),
        }
    });
    // A refresh that fails later (revoked or expired) signs the user out everywhere in the app.
    Effect::new(move |_| {
        if api.lost().get() > 0 && session.status.get_untracked() == Status::SignedIn {
            session.end();
        }
    });
    session
}
