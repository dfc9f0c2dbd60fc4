//! The unread-notification count behind the header bell: fetched when a user signs in and
//! whenever a page says something changed; the real-time channel adds each new notification
//! the moment it is created and fetches the count again after a lost connection, so nothing
//! polls.

use api_types::PageQuery;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::contexts::session::{Session, Status};

/// The unread count context.
#[derive(Clone, Copy)]
pub struct Unread {
    /// Unread notifications of the signed-in user.
    pub count: RwSignal<u64>,
    session: Session,
}

impl Unread {
    /// Fetches the count now.
    pub fn refresh(&self) {
        let this = *self;
        if this.session.status.get_untracked() != Status::SignedIn {
            this.count.set(0);
            return;
        }
        spawn_local(async move {
            // Only the count is needed: the smallest page carries it.
            if let Ok(page) = this.session.api.notifications(PageQuery { page: 1, per_page: 1 }).await {
                this.count.set(page.unread_count);
            }
        });
    }
}

/// Provides the unread count and keeps it fresh.
pub fn provide_unread(session: Session) -> Unread {
    let unread = Unread { count: RwSignal::new(0), session };
    provide_context(unread);
    Effect::new(move |_| {
        if session.status.get() == Status::SignedIn {
            unread.refresh();
        } else {
            unread.count.set(0);
        }
    });
    unread
}
