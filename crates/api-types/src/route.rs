//! The pages of the web app as one typed [`Route`] enum: [`Route::href`] builds a page's path
//! (with its query string) and [`Route::parse`] reads it back. The web app builds every internal
//! link and navigation with it; the server uses it for links in e-mails, calendar files and
//! notifications, so a page's path is written in exactly one place.
//!
//! ```
//! use api_types::Route;
//! use uuid::Uuid;
//!
//! let booking = Uuid::nil();
//! assert_eq!(Route::Call(booking).href(), "/call/00000000-0000-0000-0000-000000000000");
//! assert_eq!(Route::parse(&Route::Call(booking).href()), Some(Route::Call(booking)));
//! assert_eq!(Route::Call(booking).url("https://callstar.example/"),
//!            "https://callstar.example/call/00000000-0000-0000-0000-000000000000");
//! ```

use std::fmt;

use uuid::Uuid;

use crate::RegistrationRole;

/// A page of the web app (and `/help`, the static help page the server itself serves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the landing page.
    Home,
    /// `/login?next=…`: sign in, then go to `next` (a local path) or the role's dashboard.
    Login {
        /// Where to go after signing in.
        next: Option<String>,
    },
    /// `/register?role=creator`: create an account; `role` preselects fan or creator.
    Register {
        /// The role chosen beforehand.
        role: Option<RegistrationRole>,
    },
    /// `/creators`: the creator directory.
    Creators,
    /// `/creators/{creatorId}`: one creator and their open offers.
    Creator(Uuid),
    /// `/book/{offerId}`: book and pay for an offer.
    Book(Uuid),
    /// `/book/{offerId}/success?booking={bookingId}`: after paying (also Stripe's return URL).
    BookSuccess {
        /// The offer booked.
        offer: Uuid,
        /// The booking, when known.
        booking: Option<Uuid>,
    },
    /// `/bookings/{bookingId}`: one booking, with cancellation.
    Booking(Uuid),
    /// `/calls` or `/calls?when=past`: the signed-in person's calls.
    Calls {
        /// Past calls instead of upcoming ones.
        past: bool,
    },
    /// `/call/{bookingId}`: the call page (countdown, device test, call).
    Call(Uuid),
    /// `/call/{bookingId}?key=…`: the call page for a prospect (a guest without an account),
    /// who signs in with the appointment link's key.
    GuestCall {
        /// The booking.
        booking: Uuid,
        /// The link's signed key.
        key: String,
    },
    /// `/call/{bookingId}/summary`: how the call went.
    CallSummary(Uuid),
    /// `/notifications`.
    Notifications,
    /// `/dashboard/user`: a fan's home.
    UserDashboard,
    /// `/dashboard/creator`: a creator's offers.
    CreatorDashboard,
    /// `/dashboard/creator/profile`: a creator's public profile and Stripe onboarding.
    CreatorProfile,
    /// `/dashboard/creator/earnings`: a creator's balance, ledger, payouts and payout settings.
    CreatorEarnings,
    /// `/requests`: a fan's call requests, with their statuses and counts.
    Requests,
    /// `/dashboard/creator/requests`: the call requests sent to a creator, to accept or decline.
    CreatorRequests,
    /// `/dashboard/creator/reviews`: a creator's reviews, to answer.
    CreatorReviews,
    /// `/profile`: name, language and time zone.
    Profile,
    /// `/planning`: a host's calendar of appointments (month and list), with counts.
    Planning,
    /// `/planning/new`: the wizard of a host's new appointment.
    NewAppointment,
    /// `/planning/settings`: a host's appointment types, reasons and availability.
    PlanningSettings,
    /// `/appointments`: a client's appointments.
    Appointments,
    /// `/appointments/{bookingId}`: one appointment (join, reschedule, cancel, mark).
    Appointment(Uuid),
    /// `/hosts/{hostUserId}/book`: a client books an appointment with a host.
    BookAppointment(Uuid),
    /// `/admin/users`: every account (operators).
    AdminUsers,
    /// `/admin/jobs`: scheduled jobs and their runs (operators).
    AdminJobs,
    /// `/admin/emails`: the e-mail outbox (operators).
    AdminEmails,
    /// `/admin/emails/{emailId}`: one e-mail as sent (operators).
    AdminEmail(Uuid),
    /// `/admin/logs`: the system log (operators).
    AdminLogs,
    /// `/admin/payments?refund=…&dispute=…`: payments, the refund queue and disputes
    /// (operators), opened on one refund or dispute when given.
    AdminPayments {
        /// A refund to show.
        refund: Option<Uuid>,
        /// A dispute to show.
        dispute: Option<Uuid>,
    },
    /// `/admin/payouts?creatorId=…&id=…`: payout requests and payouts (operators), for one
    /// creator or opened on one payout when given.
    AdminPayouts {
        /// Only this creator's.
        creator: Option<Uuid>,
        /// A payout to show.
        payout: Option<Uuid>,
    },
    /// `/video-calls`: an organization member's instant calls and their figures.
    VideoCalls,
    /// `/video-calls/{callId}`: one instant call, joined once answered (the call bundle).
    VideoCall(Uuid),
    /// `/organization`: the signed-in member's organization (members; invitations for its owner).
    Organization,
    /// `/invitations`: invitations to organizations sent to the signed-in person's e-mail.
    Invitations,
    /// `/invitations/{invitationId}`: one invitation (its e-mail link adds `#token=…`, a fragment
    /// the server never sees).
    Invitation(Uuid),
    /// `/admin/call-logs`: call events searched across bookings (operators).
    AdminCallLogs,
    /// `/admin/call-metrics`: completion and no-show rates, durations (operators).
    AdminCallMetrics,
    /// `/help`: the static help page, served by the server rather than the web app.
    Help,
}

/// The web app is built as separate bundles, each a wasm with its own HTML entry, so that a group
/// of pages costs only the people who open it: the main app, the call experience, the creators'
/// studio and the operators' console. Moving between bundles is a normal page load; the server
/// answers a path with the entry of its bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// What a visitor sees before signing in: the home page, the creators, signing in and up.
    Main,
    /// A signed-in person's own pages (a fan's dashboard, booking and paying, a booking, calls,
    /// notifications, the profile) and the call they lead to: device test, Daily bridge,
    /// timeline, summary.
    Call,
    /// The creators' own tools: their offers, their public profile and their planning; and
    /// the client's side of appointments.
    Studio,
    /// The operators' pages under `/admin`.
    Admin,
    /// Not the web app: a page the server renders itself (`/help`).
    Server,
}

impl Bundle {
    /// Where the bundle's `index.html` and assets live in the build, relative to its root
    /// (`""` for the main bundle; `None` for server pages).
    pub fn dir(self) -> Option<&'static str> {
        match self {
            Self::Main => Some(""),
            Self::Call => Some("call"),
            Self::Studio => Some("studio"),
            Self::Admin => Some("admin"),
            Self::Server => None,
        }
    }
}

impl Route {
    /// The path of the page, with its query string, e.g. `/login?next=%2Fprofile`.
    pub fn href(&self) -> String {
        match self {
            Self::Home => "/".to_owned(),
            Self::Login { next: None } => "/login".to_owned(),
            Self::Login { next: Some(next) } => format!("/login?next={}", encode_component(next)),
            Self::Register { role: None } => "/register".to_owned(),
            Self::Register { role: Some(role) } => format!("/register?role={}", role_name(*role)),
            Self::Creators => "/creators".to_owned(),
            Self::Creator(id) => format!("/creators/{id}"),
            Self::Book(offer) => format!("/book/{offer}"),
            Self::BookSuccess { offer, booking: None } => format!("/book/{offer}/success"),
            Self::BookSuccess { offer, booking: Some(booking) } => format!("/book/{offer}/success?booking={booking}"),
            Self::Booking(id) => format!("/bookings/{id}"),
            Self::Calls { past: false } => "/calls".to_owned(),
            Self::Calls { past: true } => "/calls?when=past".to_owned(),
            Self::Call(booking) => format!("/call/{booking}"),
            Self::GuestCall { booking, key } => format!("/call/{booking}?key={}", encode_component(key)),
            Self::CallSummary(booking) => format!("/call/{booking}/summary"),
            Self::Notifications => "/notifications".to_owned(),
            Self::UserDashboard => "/dashboard/user".to_owned(),
            Self::CreatorDashboard => "/dashboard/creator".to_owned(),
            Self::CreatorProfile => "/dashboard/creator/profile".to_owned(),
            Self::CreatorEarnings => "/dashboard/creator/earnings".to_owned(),
            Self::Requests => "/requests".to_owned(),
            Self::CreatorRequests => "/dashboard/creator/requests".to_owned(),
            Self::CreatorReviews => "/dashboard/creator/reviews".to_owned(),
            Self::Profile => "/profile".to_owned(),
            Self::Planning => "/planning".to_owned(),
            Self::NewAppointment => "/planning/new".to_owned(),
            Self::PlanningSettings => "/planning/settings".to_owned(),
            Self::Appointments => "/appointments".to_owned(),
            Self::Appointment(id) => format!("/appointments/{id}"),
            Self::BookAppointment(host) => format!("/hosts/{host}/book"),
            Self::AdminUsers => "/admin/users".to_owned(),
            Self::AdminJobs => "/admin/jobs".to_owned(),
            Self::AdminEmails => "/admin/emails".to_owned(),
            Self::AdminEmail(id) => format!("/admin/emails/{id}"),
            Self::AdminLogs => "/admin/logs".to_owned(),
            Self::AdminPayments { refund, dispute } => with_query(
                "/admin/payments",
                &[("refund", refund.map(|id| id.to_string())), ("dispute", dispute.map(|id| id.to_string()))],
            ),
            Self::AdminPayouts { creator, payout } => with_query(
                "/admin/payouts",
                &[("creatorId", creator.map(|id| id.to_string())), ("id", payout.map(|id| id.to_string()))],
            ),
            Self::VideoCalls => "/video-calls".to_owned(),
            Self::VideoCall(id) => format!("/video-calls/{id}"),
            Self::Organization => "/organization".to_owned(),
            Self::Invitations => "/invitations".to_owned(),
            Self::Invitation(id) => format!("/invitations/{id}"),
            Self::AdminCallLogs => "/admin/call-logs".to_owned(),
            Self::AdminCallMetrics => "/admin/call-metrics".to_owned(),
            Self::Help => "/help".to_owned(),
        }
    }

    /// An absolute URL of the page under `base` (e.g. `https://callstar.example`, with or
    /// without a trailing slash), for e-mails and calendar files.
    pub fn url(&self, base: &str) -> String {
        format!("{}{}", base.trim_end_matches('/'), self.href())
    }

    /// The page at `path` (a path with an optional query string and fragment, as in a link
    /// or `location.pathname + location.search`), or `None` when no page lives there.
    /// Unknown query parameters are ignored; a trailing slash is accepted.
    pub fn parse(path: &str) -> Option<Self> {
        let path = path.split_once('#').map_or(path, |(path, _)| path);
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let path = path.strip_prefix('/').filter(|rest| !rest.starts_with('/'))?;
        let path = path.strip_suffix('/').unwrap_or(path);
        let param = |name: &str| query_param(query, name);
        let id = |text: &str| Uuid::parse_str(text).ok();
        let segments: Vec<&str> = if path.is_empty() { Vec::new() } else { path.split('/').collect() };
        Some(match segments.as_slice() {
            [] => Self::Home,
            ["login"] => Self::Login { next: param("next") },
            ["register"] => Self::Register { role: param("role").and_then(|role| parse_role(&role)) },
            ["creators"] => Self::Creators,
            ["creators", creator] => Self::Creator(id(creator)?),
            ["book", offer] => Self::Book(id(offer)?),
            ["book", offer, "success"] => {
                Self::BookSuccess { offer: id(offer)?, booking: param("booking").and_then(|b| id(&b)) }
            }
            ["bookings", booking] => Self::Booking(id(booking)?),
            ["calls"] => Self::Calls { past: param("when").as_deref() == Some("past") },
            ["call", booking] => match param("key").filter(|key| !key.is_empty()) {
                Some(key) => Self::GuestCall { booking: id(booking)?, key },
                None => Self::Call(id(booking)?),
            },
            ["call", booking, "summary"] => Self::CallSummary(id(booking)?),
            ["notifications"] => Self::Notifications,
            ["dashboard", "user"] => Self::UserDashboard,
            ["dashboard", "creator"] => Self::CreatorDashboard,
            ["dashboard", "creator", "profile"] => Self::CreatorProfile,
            ["dashboard", "creator", "earnings"] => Self::CreatorEarnings,
            ["requests"] => Self::Requests,
            ["dashboard", "creator", "requests"] => Self::CreatorRequests,
            ["dashboard", "creator", "reviews"] => Self::CreatorReviews,
            ["profile"] => Self::Profile,
            ["planning"] => Self::Planning,
            ["planning", "new"] => Self::NewAppointment,
            ["planning", "settings"] => Self::PlanningSettings,
            ["appointments"] => Self::Appointments,
            ["appointments", appointment] => Self::Appointment(id(appointment)?),
            ["hosts", host, "book"] => Self::BookAppointment(id(host)?),
            ["admin", "users"] => Self::AdminUsers,
            ["admin", "jobs"] => Self::AdminJobs,
            ["admin", "emails"] => Self::AdminEmails,
            ["admin", "emails", email] => Self::AdminEmail(id(email)?),
            ["admin", "logs"] => Self::AdminLogs,
            ["admin", "payments"] => Self::AdminPayments {
                refund: param("refund").and_then(|r| id(&r)),
                dispute: param("dispute").and_then(|d| id(&d)),
            },
            ["admin", "payouts"] => Self::AdminPayouts {
                creator: param("creatorId").and_then(|c| id(&c)),
                payout: param("id").and_then(|p| id(&p)),
            },
            ["video-calls"] => Self::VideoCalls,
            ["video-calls", call] => Self::VideoCall(id(call)?),
            ["organization"] => Self::Organization,
            ["invitations"] => Self::Invitations,
            ["invitations", invitation] => Self::Invitation(id(invitation)?),
            ["admin", "call-logs"] => Self::AdminCallLogs,
            ["admin", "call-metrics"] => Self::AdminCallMetrics,
            ["help"] => Self::Help,
            _ => return None,
        })
    }

    /// The bundle that renders this page.
    pub fn bundle(&self) -> Bundle {
        match self {
            Self::Call(_)
            | Self::GuestCall { .. }
            | Self::CallSummary(_)
            | Self::UserDashboard
            | Self::Book(_)
            | Self::BookSuccess { .. }
            | Self::Booking(_)
            | Self::Calls { .. }
            | Self::Notifications
            | Self::Requests
            | Self::Profile
            | Self::VideoCalls
            | Self::VideoCall(_)
            | Self::Organization
            | Self::Invitations
            | Self::Invitation(_) => Bundle::Call,
            Self::CreatorDashboard
            | Self::CreatorProfile
            | Self::CreatorEarnings
            | Self::CreatorRequests
            | Self::CreatorReviews
            | Self::Planning
            | Self::NewAppointment
            | Self::PlanningSettings
            | Self::Appointments
            | Self::Appointment(_)
            | Self::BookAppointment(_) => Bundle::Studio,
            Self::AdminUsers
            | Self::AdminJobs
            | Self::AdminEmails
            | Self::AdminEmail(_)
            | Self::AdminLogs
            | Self::AdminPayments { .. }
            | Self::AdminPayouts { .. }
            | Self::AdminCallLogs
            | Self::AdminCallMetrics => Bundle::Admin,
            Self::Help => Bundle::Server,
            _ => Bundle::Main,
        }
    }

    /// The bundle whose HTML entry the server answers for `path` (any path outside the API):
    /// the page's bundle, and the main one (with its "page not found") for unknown paths.
    pub fn bundle_of_path(path: &str) -> Bundle {
        Self::parse(path).map_or(Bundle::Main, |route| route.bundle())
    }
}

impl fmt::Display for Route {
    /// Writes [`Route::href`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.href())
    }
}

fn role_name(role: RegistrationRole) -> &'static str {
    match role {
        RegistrationRole::User => "user",
        RegistrationRole::Creator => "creator",
    }
}

fn parse_role(name: &str) -> Option<RegistrationRole> {
    match name {
        "user" => Some(RegistrationRole::User),
        "creator" => Some(RegistrationRole::Creator),
        _ => None,
    }
}

/// `path` with the query parameters that are set (none: no `?`).
fn with_query(path: &str, params: &[(&str, Option<String>)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}={}", encode_component(v))))
        .collect();
    if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) }
}

/// The first value of `name` in a query string (`a=1&b=2`), percent-decoded.
fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| decode_component(value))
}

/// Percent-encodes everything but RFC 3986's unreserved characters (as `encodeURIComponent`
/// does, minus its few extra exceptions).
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space, as forms send it); `None` when malformed.
fn decode_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_route() -> Vec<Route> {
        let id = Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0);
        let other = Uuid::from_u128(42);
        vec![
            Route::Home,
            Route::Login { next: None },
            Route::Login { next: Some("/call/abc?debug=1&x=a b/é#top".to_owned()) },
            Route::Register { role: None },
            Route::Register { role: Some(RegistrationRole::User) },
            Route::Register { role: Some(RegistrationRole::Creator) },
            Route::Creators,
            Route::Creator(id),
            Route::Book(id),
            Route::BookSuccess { offer: id, booking: None },
            Route::BookSuccess { offer: id, booking: Some(other) },
            Route::Booking(id),
            Route::Calls { past: false },
            Route::Calls { past: true },
            Route::Call(id),
            Route::GuestCall { booking: id, key: "a.b-c_d".to_owned() },
            Route::CallSummary(id),
            Route::Notifications,
            Route::UserDashboard,
            Route::CreatorDashboard,
            Route::CreatorProfile,
            Route::CreatorEarnings,
            Route::Requests,
            Route::CreatorRequests,
            Route::CreatorReviews,
            Route::Profile,
            Route::Planning,
            Route::NewAppointment,
            Route::PlanningSettings,
            Route::Appointments,
            Route::Appointment(id),
            Route::BookAppointment(id),
            Route::AdminUsers,
            Route::AdminJobs,
            Route::AdminEmails,
            Route::AdminEmail(id),
            Route::AdminLogs,
            Route::AdminPayments { refund: None, dispute: None },
            Route::AdminPayments { refund: Some(id), dispute: None },
            Route::AdminPayments { refund: None, dispute: Some(other) },
            Route::AdminPayouts { creator: None, payout: None },
            Route::AdminPayouts { creator: Some(id), payout: Some(other) },
            Route::VideoCalls,
            Route::VideoCall(id),
            Route::Organization,
            Route::Invitations,
            Route::Invitation(id),
            Route::AdminCallLogs,
            Route::AdminCallMetrics,
            Route::Help,
        ]
    }

    #[test]
    fn every_route_round_trips() {
        for route in every_route() {
            let href = route.href();
            assert!(href.starts_with('/'), "{href}");
            assert_eq!(Route::parse(&href), Some(route.clone()), "{href}");
            assert_eq!(route.to_string(), href);
        }
    }

    #[test]
    fn every_variant_is_covered_by_the_round_trip() {
        // A new variant must be added to `every_route`: this match stops compiling otherwise.
        let covered = |route: &Route| match route {
            Route::Home
            | Route::Login { .. }
            | Route::Register { .. }
            | Route::Creators
            | Route::Creator(_)
            | Route::Book(_)
            | Route::BookSuccess { .. }
            | Route::Booking(_)
            | Route::Calls { .. }
            | Route::Call(_)
            | Route::GuestCall { .. }
            | Route::CallSummary(_)
            | Route::Notifications
            | Route::UserDashboard
            | Route::CreatorDashboard
            | Route::CreatorProfile
            | Route::CreatorEarnings
            | Route::Requests
            | Route::CreatorRequests
            | Route::CreatorReviews
            | Route::Profile
            | Route::Planning
            | Route::NewAppointment
            | Route::PlanningSettings
            | Route::Appointments
            | Route::Appointment(_)
            | Route::BookAppointment(_)
            | Route::AdminUsers
            | Route::AdminJobs
            | Route::AdminEmails
            | Route::AdminEmail(_)
            | Route::AdminLogs
            | Route::AdminPayments { .. }
            | Route::AdminPayouts { .. }
            | Route::VideoCalls
            | Route::VideoCall(_)
            | Route::Organization
            | Route::Invitations
            | Route::Invitation(_)
            | Route::AdminCallLogs
            | Route::AdminCallMetrics
            | Route::Help => std::mem::discriminant(route),
        };
        let kinds: std::collections::HashSet<_> = every_route().iter().map(covered).collect();
        assert_eq!(kinds.len(), 42);
    }

    #[test]
    fn paths_are_the_documented_ones() {
        let id = Uuid::nil();
        assert_eq!(Route::Home.href(), "/");
        assert_eq!(Route::Login { next: Some("/profile".to_owned()) }.href(), "/login?next=%2Fprofile");
        assert_eq!(Route::Register { role: Some(RegistrationRole::Creator) }.href(), "/register?role=creator");
        assert_eq!(Route::Call(id).href(), format!("/call/{id}"));
        assert_eq!(Route::CallSummary(id).href(), format!("/call/{id}/summary"));
        assert_eq!(
            Route::BookSuccess { offer: id, booking: Some(id) }.href(),
            format!("/book/{id}/success?booking={id}")
        );
        assert_eq!(Route::Calls { past: true }.href(), "/calls?when=past");
        assert_eq!(Route::CreatorProfile.href(), "/dashboard/creator/profile");
        assert_eq!(Route::AdminEmail(id).href(), format!("/admin/emails/{id}"));
        assert_eq!(Route::Help.url("https://callstar.example/"), "https://callstar.example/help");
    }

    #[test]
    fn parsing_is_lenient_where_browsers_are() {
        let id = Uuid::nil();
        assert_eq!(Route::parse("/creators/"), Some(Route::Creators));
        assert_eq!(Route::parse(&format!("/call/{id}?debug=1")), Some(Route::Call(id)));
        assert_eq!(Route::parse("/calls?page=2&when=past#list"), Some(Route::Calls { past: true }));
        assert_eq!(Route::parse("/login?next=/a+b"), Some(Route::Login { next: Some("/a b".to_owned()) }));
        assert_eq!(Route::parse("/register?role=admin"), Some(Route::Register { role: None }));
    }

    #[test]
    fn unknown_paths_are_none() {
        for path in ["", "login", "/nope", "/call/not-a-uuid", "/creators/1/2", "/admin", "/admin/emails/x", "//"] {
            assert_eq!(Route::parse(path), None, "{path}");
        }
        assert_eq!(Route::parse("/login?next=%zz"), Some(Route::Login { next: None }));
    }

    #[test]
    fn paths_pick_their_bundle() {
        let id = Uuid::nil();
        assert_eq!(Route::bundle_of_path("/"), Bundle::Main);
        assert_eq!(Route::bundle_of_path(&format!("/creators/{id}")), Bundle::Main);
        assert_eq!(Route::bundle_of_path(&format!("/book/{id}")), Bundle::Call, "a visitor signs in before booking");
        assert_eq!(Route::bundle_of_path("/dashboard/user"), Bundle::Call);
        assert_eq!(Route::bundle_of_path(&format!("/call/{id}/summary")), Bundle::Call);
        assert_eq!(Route::bundle_of_path("/video-calls"), Bundle::Call);
        assert_eq!(Route::bundle_of_path(&format!("/video-calls/{id}")), Bundle::Call);
        assert_eq!(Route::bundle_of_path("/organization"), Bundle::Call);
        assert_eq!(Route::bundle_of_path(&format!("/invitations/{id}")), Bundle::Call);
        assert_eq!(Route::bundle_of_path("/dashboard/creator/profile"), Bundle::Studio);
        assert_eq!(Route::bundle_of_path("/requests"), Bundle::Call, "a fan's requests, with their other pages");
        assert_eq!(Route::bundle_of_path("/dashboard/creator/requests"), Bundle::Studio);
        assert_eq!(Route::bundle_of_path("/dashboard/creator/reviews"), Bundle::Studio);
        assert_eq!(Route::bundle_of_path("/admin/call-metrics"), Bundle::Admin);
        assert_eq!(Route::bundle_of_path(&format!("/admin/emails/{id}")), Bundle::Admin);
        assert_eq!(Route::bundle_of_path("/admin/nothing"), Bundle::Main, "unknown paths get the main 404 page");
        assert_eq!(Route::bundle_of_path("/help"), Bundle::Server);
        assert_eq!(Bundle::Admin.dir(), Some("admin"));
        assert_eq!(Bundle::Server.dir(), None);
    }
}
