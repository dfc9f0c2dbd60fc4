//! The real-time channel: one WebSocket per tab while someone is signed in (`POST
//! /api/ws/ticket`, then `GET /api/ws?ticket=…`), carrying `{type, data}` messages. The server
//! pings and the browser answers by itself, so the page only listens. A lost connection is
//! opened again after an exponential backoff with jitter; since events are not replayed, the
//! app then catches up: the unread count, the data of the open page ([`Realtime::changes`]) and
//! a call still ringing.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use api_types::{CallStatus, ErrorCode, IncomingCall, InitiatedBy, MemberRole, PageQuery, VideoCall, VideoCallQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::contexts::session::{Session, Status};
use crate::contexts::toasts::{ToastKind, Toasts};
use crate::contexts::unread::Unread;
use crate::i18n::{Locale, t_string, use_i18n};
use crate::interop::realtime::{Handlers, Socket};

/// The real-time context.
#[derive(Clone, Copy)]
pub struct Realtime {
    /// The call ringing for me (the incoming-call modal), until it is answered, declined or over.
    pub incoming: RwSignal<Option<IncomingCall>>,
    /// The call I am placing ("Calling…"), until the callee answers or it is over.
    pub outgoing: RwSignal<Option<Outgoing>>,
    /// The latest `call-status`: a call of mine changed.
    pub call_status: RwSignal<Option<VideoCall>>,
    /// Moves whenever what a page shows may have changed on the server (a notification, a
    /// booking or a call changed, or the connection came back after a loss). Pages that show
    /// such data refetch when it moves.
    pub changes: RwSignal<u32>,
    /// My side in my organization, when I belong to one (who may call and be called).
    pub member: RwSignal<Option<MemberRole>>,
}

/// A socket message, `{"type": …, "data": …}` (`api_types::ServerMessage`), read in two passes:
/// its type (the data skipped), then its data as that type's payload ([`Data`]). Decoding
/// `ServerMessage` directly compiles serde's tagged-enum buffering, a second decoder for every
/// payload type, into every bundle.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
}

/// The payload of a socket message.
#[derive(serde::Deserialize)]
struct Data<T> {
    data: T,
}

/// A call I placed, ringing at the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The call.
    pub call_id: Uuid,
    /// Who I call.
    pub name: String,
}

/// The connection behind the context.
#[derive(Default)]
struct State {
    socket: Option<Socket>,
    /// Failed attempts since a socket last opened.
    failures: u32,
    /// Whether a socket of this session opened before (the next one is a reconnection).
    opened: bool,
    /// Moves at sign-out, so a ticket or a retry of the previous session is dropped.
    session: u32,
}

#[derive(Clone, Copy)]
struct Channel {
    live: Realtime,
    session: Session,
    unread: Unread,
    toasts: Toasts,
    i18n: leptos_i18n::I18nContext<Locale>,
    state: StoredValue<Rc<RefCell<State>>, LocalStorage>,
    handlers: StoredValue<Option<Rc<Handlers>>, LocalStorage>,
}

/// Provides the real-time context and keeps one socket open while someone is signed in.
pub fn provide_realtime(session: Session, unread: Unread) -> Realtime {
    let live = Realtime {
        incoming: RwSignal::new(None),
        outgoing: RwSignal::new(None),
        call_status: RwSignal::new(None),
        changes: RwSignal::new(0),
        member: RwSignal::new(None),
    };
    provide_context(live);
    let channel = Channel {
        live,
        session,
        unread,
        toasts: expect_context::<Toasts>(),
        i18n: use_i18n(),
        state: StoredValue::new_local(Rc::default()),
        handlers: StoredValue::new_local(None),
    };
    let handlers = Handlers::new(move || channel.opened(), move |text| channel.received(&text), move || channel.lost());
    channel.handlers.set_value(Some(Rc::new(handlers)));
    // One socket per signed-in person: a new sign-in, even as someone else, starts afresh.
    let who = Memo::new(move |_| {
        let signed_in = session.status.get() == Status::SignedIn;
        session.user.with(|u| u.as_ref().filter(|_| signed_in).map(|u| u.id))
    });
    Effect::new(move |_| {
        channel.stop();
        if who.get().is_some() {
            channel.start();
        }
    });
    live
}

impl Channel {
    fn state(self) -> Rc<RefCell<State>> {
        self.state.get_value()
    }

    /// Learns my side in an organization, then connects.
    fn start(self) {
        let this_session = self.state().borrow().session;
        spawn_local(async move {
            let role = self.session.api.my_organization().await.ok().map(|org| org.my_role);
            if self.state().borrow().session == this_session {
                self.live.member.set(role);
                self.connect();
            }
        });
    }

    fn stop(self) {
        let socket = {
            let state = self.state();
            let mut state = state.borrow_mut();
            let socket = state.socket.take();
            *state = State { session: state.session + 1, ..State::default() };
            socket
        };
        if let Some(socket) = socket {
            socket.close();
        }
        self.live.incoming.set(None);
        self.live.outgoing.set(None);
        self.live.member.set(None);
    }

    fn connect(self) {
        let this_session = self.state().borrow().session;
        spawn_local(async move {
            let ticket = self.session.api.ws_ticket().await;
            if self.state().borrow().session != this_session {
                return;
            }
            match ticket {
                Ok(ticket) => {
                    let Some(handlers) = self.handlers.get_value() else { return };
                    self.state().borrow_mut().socket = Some(Socket::open(&socket_url(&ticket.ticket), &handlers));
                }
                // The session is gone: the session context signs out, which stops the channel.
                Err(err) if err.code() == Some(ErrorCode::Unauthorized) => {}
                Err(_) => self.lost(),
            }
        });
    }

    /// The socket closed, or could not be opened: try again after a while.
    fn lost(self) {
        let (this_session, failures) = {
            let state = self.state();
            let mut state = state.borrow_mut();
            state.socket = None;
            state.failures += 1;
            (state.session, state.failures)
        };
        set_timeout(
            move || {
                if self.state().borrow().session == this_session {
                    self.connect();
                }
            },
            backoff(failures, js_sys::Math::random()),
        );
    }

    fn opened(self) {
        let again = {
            let state = self.state();
            let mut state = state.borrow_mut();
            state.failures = 0;
            std::mem::replace(&mut state.opened, true)
        };
        if again {
            self.unread.refresh();
            self.live.changes.update(|n| *n += 1);
        }
        self.catch_up_ringing();
    }

    fn received(self, text: &str) {
        let Ok(message) = serde_json::from_str::<Envelope>(text) else { return };
        match message.kind {
            "incoming-call" => {
                if let Ok(Data { data }) = serde_json::from_str::<Data<IncomingCall>>(text) {
                    self.live.incoming.set(Some(data));
                }
            }
            "call-status" => {
                if let Ok(Data { data }) = serde_json::from_str::<Data<VideoCall>>(text) {
                    self.call_changed(data);
                }
            }
            "notification" => self.unread.count.update(|n| *n += 1),
            // booking-updated: pages that show bookings refetch (below).
            _ => {}
        }
        self.live.changes.update(|n| *n += 1);
    }

    fn call_changed(self, call: VideoCall) {
        let caller = self
            .live
            .incoming
            .with_untracked(|c| c.as_ref().filter(|c| c.call_id == call.id).map(|c| c.caller_name.clone()));
        if let Some(name) = caller.filter(|_| call.status != CallStatus::Ringing) {
            // Answered here (or in another tab), declined, missed or cancelled: it stops ringing.
            self.live.incoming.set(None);
            let i18n = self.i18n;
            match call.status {
                CallStatus::Missed => {
                    self.toasts.push(ToastKind::Info, t_string!(i18n, instant.missed_from, name = name))
                }
                CallStatus::Ended => self.toasts.push(ToastKind::Info, t_string!(i18n, instant.cancelled)),
                _ => {}
            }
        }
        self.live.call_status.set(Some(call));
    }

    /// A call that started ringing for me while no socket was open (another page was loading,
    /// the connection was down) rings now.
    fn catch_up_ringing(self) {
        if self.live.member.get_untracked().is_none() {
            return;
        }
        let me = self.session.user.with_untracked(|u| u.as_ref().map(|u| u.id));
        spawn_local(async move {
            let filter = VideoCallQuery { status: Some("RINGING".to_owned()), period: None };
            let Ok(page) = self.session.api.video_calls(&filter, PageQuery { page: 1, per_page: 5 }).await else {
                return;
            };
            if let Some(call) = page.calls.iter().find_map(|call| ringing_for(call, me)) {
                self.live.incoming.set(Some(call));
            }
        });
    }
}

/// `call` as an incoming call, when it rings for `me`.
fn ringing_for(call: &VideoCall, me: Option<Uuid>) -> Option<IncomingCall> {
    let (caller, callee) = match call.initiated_by {
        InitiatedBy::Staff => (&call.staff, &call.client),
        InitiatedBy::Client => (&call.client, &call.staff),
    };
    (call.status == CallStatus::Ringing && Some(callee.id) == me).then(|| IncomingCall {
        call_id: call.id,
        caller_id: caller.id,
        caller_name: caller.name.clone(),
        caller_avatar: caller.avatar.clone(),
        room_url: call.room_url.clone(),
        room_name: call.room_name.clone(),
        initiated_by: call.initiated_by,
        rings_until: call.rings_until.unwrap_or(call.started_at),
    })
}

/// The socket's address on this page's origin: `wss://` under https, `ws://` otherwise.
fn socket_url(ticket: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let secure = location.as_ref().and_then(|l| l.protocol().ok()).is_some_and(|p| p == "https:");
    let host = location.and_then(|l| l.host().ok()).unwrap_or_default();
    let ticket = String::from(js_sys::encode_uri_component(ticket));
    format!("{}://{host}/api/ws?ticket={ticket}", if secure { "wss" } else { "ws" })
}

/// The wait before attempt `failures` + 1: doubling from 1 s up to 30 s, and a random half of
/// it (`random` in 0..1) left out, so tabs that lost the same server do not return together.
fn backoff(failures: u32, random: f64) -> Duration {
    let ceiling = (1000_u64 << failures.saturating_sub(1).min(5)).min(30_000) as f64;
    Duration::from_millis((ceiling * (0.5 + random / 2.0)) as u64)
}
