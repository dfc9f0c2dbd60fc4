//! The one typed API client of the web app, over gloo-net and the shared `api-types`: one
//! method per endpoint, so no page writes an `/api/…` path or reads untyped JSON.
//!
//! - The access token lives in memory only; the refresh token stays in the server's
//!   HttpOnly cookie, so no script can read a long-lived credential.
//! - Failures are decoded into [`ApiError::Problem`]; callers branch on its [`ErrorCode`].
//! - On `unauthorized` the client refreshes once and retries. Refreshes are single-flight, so
//!   parallel requests never present the same (single-use) refresh token twice.
//! - Dropping a request's future (a component going away) aborts the fetch.
//! - A `GET` is a [`Fetch`]: awaited for one answer, or followed by a page through [`Remote`].
//!   Requests are serialized to text first, so the request code is compiled once, not once
//!   per body and answer type.
//! - Methods are grouped by feature; money's (earnings, payouts, payments) are in `api/money.rs`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use api_types::{
    AcceptInvitationRequest, AcceptedInvitation, Appointment, AppointmentList, AppointmentReason,
    AppointmentReasonRequest, AppointmentRequest, AppointmentType, AppointmentTypeRequest, AppointmentsQuery,
    Availability, AvailabilityOverride, AvailabilityOverrideRequest, Booking, BookingQuery, CallLogCreated,
    CallLogRequest, CallOffer, CallStats, CallStatus, CallSummaryResponse, CallTokenRequest, CallTokenResponse,
    CancelBookingRequest, CancelBookingResponse, Client, Contact, CreateBookingRequest, CreateCallRequest,
    CreateIntentRequest, CreateIntentResponse, CreateInvitationRequest, CreateOfferRequest, CreateRoomResponse,
    CreatorProfile, CreatorQuery, EmailDetail, EmailQuery, EmailSummary, ErrorCode, GuestLinkRequest, Invitation,
    InvitationList, JobInfo, JobRun, JobRunQuery, LoginRequest, MarkedRead, Member, MemberRole, NotificationPage,
    OnboardingLink, Organization, OverridesQuery, Page, PageQuery, PaymentConfig, ProblemDetails, RefreshRequest,
    RegisterRequest, ReorderReasonsRequest, SessionResponse, SetPasswordRequest, Slots, SlotsQuery, SystemLogEntry,
    SystemLogQuery, UpdateAppointmentRequest, UpdateCallStatusRequest, UpdateCreatorRequest, UpdateMeRequest,
    UpdateOfferRequest, UpdatedCall, User, UserFilter, VideoCallPage, VideoCallQuery, WsTicket,
};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

mod money;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with problem details.
    Problem(ProblemDetails),
    /// The answer was not what the API documents.
    Decode(String),
}

impl ApiError {
    /// The refusal's code, when the server answered.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Problem(problem) => Some(problem.code),
            Self::Network | Self::Decode(_) => None,
        }
    }

    /// Per-field messages of a `validation_failed` refusal.
    pub fn field_errors(&self) -> BTreeMap<String, Vec<String>> {
        match self {
            Self::Problem(problem) => problem.errors.clone().unwrap_or_default(),
            Self::Network | Self::Decode(_) => BTreeMap::new(),
        }
    }

    /// A `not_found` refusal made here, for a page whose address names nothing (a malformed id).
    fn not_found() -> Self {
        let code = ErrorCode::NotFound;
        Self::Problem(ProblemDetails {
            problem_type: "about:blank".to_owned(),
            title: code.title().to_owned(),
            status: code.status(),
            detail: String::new(),
            code,
            errors: None,
            opens_at: None,
        })
    }
}

/// The access token and the single-flight refresh lock. Copy, so it goes in a context.
#[derive(Clone, Copy)]
pub struct Api {
    token: RwSignal<Option<String>>,
    lost: RwSignal<u32>,
    refreshing: StoredValue<Rc<RefCell<Option<RefreshWaiters>>>, LocalStorage>,
}

const JSON: &str = "application/json";

type RefreshWaiters = Vec<futures_channel::oneshot::Sender<bool>>;

impl Api {
    /// A client with no session.
    pub fn new() -> Self {
        Self {
            token: RwSignal::new(None),
            lost: RwSignal::new(0),
            refreshing: StoredValue::new_local(Rc::new(RefCell::new(None))),
        }
    }

    /// Counts refreshes that failed mid-session: the session is gone.
    pub fn lost(&self) -> RwSignal<u32> {
        self.lost
    }

    /// Forgets the access token (after logout or a failed refresh).
    pub fn clear(&self) {
        self.token.set(None);
    }

    /// Keeps a session's access token.
    pub fn keep(&self, session: &SessionResponse) {
        self.token.set(Some(session.access_token.clone()));
    }

    // ---- accounts and sessions -------------------------------------------------------

    /// `POST /api/auth/register`.
    pub async fn register(&self, body: &RegisterRequest) -> Result<User, ApiError> {
        self.send(Method::POST, "/api/auth/register", Some(body), Auth::Bearer).await
    }

    /// `POST /api/auth/login`; keeps the access token.
    pub async fn login(&self, body: &LoginRequest) -> Result<SessionResponse, ApiError> {
        let session: SessionResponse = self.send(Method::POST, "/api/auth/login", Some(body), Auth::Bearer).await?;
        self.keep(&session);
        Ok(session)
    }

    /// `POST /api/auth/refresh` with the cookie; keeps the new access token.
    pub async fn refresh(&self) -> Result<SessionResponse, ApiError> {
        let body = to_json(&RefreshRequest::default())?;
        let response = self.fetch(Method::POST, "/api/auth/refresh", Some(body), None, JSON).await?;
        if !response.ok() {
            return Err(problem(response).await);
        }
        let text = response.text().await.map_err(|err| ApiError::Decode(err.to_string()))?;
        let session: SessionResponse = from_json(&text)?;
        self.keep(&session);
        Ok(session)
    }

    /// `POST /api/auth/logout`; forgets the access token whatever the answer.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let result = self.send_empty(Method::POST, "/api/auth/logout", Auth::Bearer).await;
        self.clear();
        result
    }

    /// `PATCH /api/me`.
    pub async fn update_me(&self, body: &UpdateMeRequest) -> Result<User, ApiError> {
        self.send(Method::PATCH, "/api/me", Some(body), Auth::Retry).await
    }

    /// `POST /api/auth/guest`: a prospect's appointment link exchanged for a session; keeps the
    /// access token.
    pub async fn guest_login(&self, booking_id: Uuid, key: &str) -> Result<SessionResponse, ApiError> {
        let body = GuestLinkRequest { booking_id, key: key.to_owned() };
        let session: SessionResponse = self.send(Method::POST, "/api/auth/guest", Some(&body), Auth::Bearer).await?;
        self.keep(&session);
        Ok(session)
    }

    /// `POST /api/me/password`: a first password, for an account opened by an appointment link.
    pub async fn set_first_password(&self, password: &str) -> Result<User, ApiError> {
        let body = SetPasswordRequest { password: password.to_owned() };
        self.send(Method::POST, "/api/me/password", Some(&body), Auth::Retry).await
    }

    // ---- creators and offers ---------------------------------------------------------

    /// `GET /api/creators`: the directory.
    pub fn creators(self, filter: &CreatorQuery, page: PageQuery) -> Fetch<Page<CreatorProfile>> {
        self.get(Query::page(page).opt("q", filter.q.as_ref()).to("/api/creators"))
    }

    /// `GET /api/creators/{id}`.
    pub fn creator(self, id: Uuid) -> Fetch<CreatorProfile> {
        self.get(format!("/api/creators/{id}"))
    }

    /// `GET /api/creators/{id}/offers`: a creator's open offers, soonest first (the first
    /// page of the largest size: a creator has at most that many open offers).
    pub fn creator_offers(self, id: Uuid) -> Fetch<Page<CallOffer>> {
        self.get(Query::page(PageQuery { page: 1, per_page: 100 }).to(&format!("/api/creators/{id}/offers")))
    }

    /// `GET /api/creators/me`: the signed-in creator's profile.
    pub fn my_creator_profile(self) -> Fetch<CreatorProfile> {
        self.get("/api/creators/me".to_owned())
    }

    /// `PUT /api/creators/me`.
    pub async fn update_my_creator_profile(&self, body: &UpdateCreatorRequest) -> Result<CreatorProfile, ApiError> {
        self.send(Method::PUT, "/api/creators/me", Some(body), Auth::Retry).await
    }

    /// `POST /api/creators/me/stripe/onboarding-link`.
    pub async fn onboarding_link(&self) -> Result<OnboardingLink, ApiError> {
        self.send::<(), _>(Method::POST, "/api/creators/me/stripe/onboarding-link", None, Auth::Retry).await
    }

    /// `GET /api/creators/me/offers`: the signed-in creator's latest 100 offers.
    pub fn my_offers(self) -> Fetch<Page<CallOffer>> {
        self.get(Query::page(PageQuery { page: 1, per_page: 100 }).to("/api/creators/me/offers"))
    }

    /// `GET /api/call-offers/{id}`.
    pub fn offer(self, id: Uuid) -> Fetch<CallOffer> {
        self.get(format!("/api/call-offers/{id}"))
    }

    /// `POST /api/call-offers`.
    pub async fn create_offer(&self, body: &CreateOfferRequest) -> Result<CallOffer, ApiError> {
        self.send(Method::POST, "/api/call-offers", Some(body), Auth::Retry).await
    }

    /// `PATCH /api/call-offers/{id}`.
    pub async fn update_offer(&self, id: Uuid, body: &UpdateOfferRequest) -> Result<CallOffer, ApiError> {
        self.send(Method::PATCH, &format!("/api/call-offers/{id}"), Some(body), Auth::Retry).await
    }

    /// `DELETE /api/call-offers/{id}`.
    pub async fn delete_offer(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::DELETE, &format!("/api/call-offers/{id}"), Auth::Retry).await
    }

    // ---- bookings and payments -------------------------------------------------------

    /// `GET /api/bookings`: the signed-in person's bookings (or, `as=creator`, the calls they host).
    pub fn bookings(self, filter: &BookingQuery, page: PageQuery) -> Fetch<Page<Booking>> {
        let query = Query::page(page)
            .opt("when", filter.when.as_ref())
            .opt("status", filter.status.map(wire).as_ref())
            .opt("as", filter.perspective.as_ref());
        self.get(query.to("/api/bookings"))
    }

    /// `GET /api/bookings/{id}`.
    pub fn booking(self, id: Uuid) -> Fetch<Booking> {
        self.get(format!("/api/bookings/{id}"))
    }

    /// `POST /api/bookings`: holds the offer until it is paid.
    pub async fn book(&self, call_offer_id: Uuid) -> Result<Booking, ApiError> {
        self.send(Method::POST, "/api/bookings", Some(&CreateBookingRequest { call_offer_id }), Auth::Retry).await
    }

    /// `POST /api/bookings/{id}/cancel`.
    pub async fn cancel_booking(
        &self,
        id: Uuid,
        body: &CancelBookingRequest,
    ) -> Result<CancelBookingResponse, ApiError> {
        self.send(Method::POST, &format!("/api/bookings/{id}/cancel"), Some(body), Auth::Retry).await
    }

    /// `GET /api/bookings/{id}/ics`: the call as an iCalendar file.
    pub async fn booking_ics(&self, id: Uuid) -> Result<String, ApiError> {
        self.text(Method::GET, &format!("/api/bookings/{id}/ics"), None, Auth::Retry, "text/calendar").await
    }

    /// `GET /api/payments/config`: how this server takes payments.
    pub fn payment_config(self) -> Fetch<PaymentConfig> {
        self.get("/api/payments/config".to_owned())
    }

    /// `POST /api/payments/create-intent`: pays (or, in test mode, confirms) a pending booking.
    pub async fn create_intent(&self, booking_id: Uuid) -> Result<CreateIntentResponse, ApiError> {
        let body = CreateIntentRequest { booking_id };
        self.send(Method::POST, "/api/payments/create-intent", Some(&body), Auth::Retry).await
    }

    // ---- calls -----------------------------------------------------------------------

    /// `POST /api/daily/get-token`: how to join a call.
    pub async fn call_token(&self, booking_id: Uuid) -> Result<CallTokenResponse, ApiError> {
        self.send(Method::POST, "/api/daily/get-token", Some(&CallTokenRequest { booking_id }), Auth::Retry).await
    }

    /// `POST /api/call-logs`: records one call event.
    pub async fn call_log(&self, body: &CallLogRequest) -> Result<CallLogCreated, ApiError> {
        self.send(Method::POST, "/api/call-logs", Some(body), Auth::Retry).await
    }

    /// `GET /api/call-summary/{bookingId}`.
    pub fn call_summary(self, booking_id: Uuid) -> Fetch<CallSummaryResponse> {
        self.get(format!("/api/call-summary/{booking_id}"))
    }

    // ---- planning: types, reasons, hours, slots -------------------------------------

    /// `GET /api/appointment-types`: the signed-in host's types, or (`host`) another host's
    /// active ones.
    pub fn appointment_types(self, host: Option<Uuid>) -> Fetch<Vec<AppointmentType>> {
        self.get(Query::new().opt("hostId", host).to("/api/appointment-types"))
    }

    /// `POST /api/appointment-types`.
    pub async fn create_appointment_type(&self, body: &AppointmentTypeRequest) -> Result<AppointmentType, ApiError> {
        self.send(Method::POST, "/api/appointment-types", Some(body), Auth::Retry).await
    }

    /// `PUT /api/appointment-types/{id}`: every field replaced.
    pub async fn update_appointment_type(
        &self,
        id: Uuid,
        body: &AppointmentTypeRequest,
    ) -> Result<AppointmentType, ApiError> {
        self.send(Method::PUT, &format!("/api/appointment-types/{id}"), Some(body), Auth::Retry).await
    }

    /// `DELETE /api/appointment-types/{id}`.
    pub async fn delete_appointment_type(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::DELETE, &format!("/api/appointment-types/{id}"), Auth::Retry).await
    }

    /// `GET /api/appointment-reasons`: the signed-in host's reasons, or (`host`) another host's.
    pub fn appointment_reasons(self, host: Option<Uuid>) -> Fetch<Vec<AppointmentReason>> {
        self.get(Query::new().opt("hostId", host).to("/api/appointment-reasons"))
    }

    /// `POST /api/appointment-reasons`.
    pub async fn create_reason(&self, label: &str) -> Result<AppointmentReason, ApiError> {
        let body = AppointmentReasonRequest { label: label.to_owned() };
        self.send(Method::POST, "/api/appointment-reasons", Some(&body), Auth::Retry).await
    }

    /// `PATCH /api/appointment-reasons/{id}`: a new label.
    pub async fn rename_reason(&self, id: Uuid, label: &str) -> Result<AppointmentReason, ApiError> {
        let body = AppointmentReasonRequest { label: label.to_owned() };
        self.send(Method::PATCH, &format!("/api/appointment-reasons/{id}"), Some(&body), Auth::Retry).await
    }

    /// `DELETE /api/appointment-reasons/{id}`.
    pub async fn delete_reason(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::DELETE, &format!("/api/appointment-reasons/{id}"), Auth::Retry).await
    }

    /// `PUT /api/appointment-reasons/order`: every reason, first one first.
    pub async fn reorder_reasons(&self, ids: Vec<Uuid>) -> Result<Vec<AppointmentReason>, ApiError> {
        let body = ReorderReasonsRequest { ids };
        self.send(Method::PUT, "/api/appointment-reasons/order", Some(&body), Auth::Retry).await
    }

    /// `GET /api/availability`: the signed-in host's weekly hours.
    pub fn availability(self) -> Fetch<Availability> {
        self.get("/api/availability".to_owned())
    }

    /// `PUT /api/availability`.
    pub async fn put_availability(&self, body: &Availability) -> Result<Availability, ApiError> {
        self.send(Method::PUT, "/api/availability", Some(body), Auth::Retry).await
    }

    /// `GET /api/availability/overrides`: dates with other hours.
    pub fn availability_overrides(self, range: OverridesQuery) -> Fetch<Vec<AvailabilityOverride>> {
        self.get(Query::new().opt("from", range.from).opt("to", range.to).to("/api/availability/overrides"))
    }

    /// `POST /api/availability/overrides`: sets a date's hours (replacing its override).
    pub async fn put_availability_override(
        &self,
        body: &AvailabilityOverrideRequest,
    ) -> Result<AvailabilityOverride, ApiError> {
        self.send(Method::POST, "/api/availability/overrides", Some(body), Auth::Retry).await
    }

    /// `DELETE /api/availability/overrides/{id}`.
    pub async fn delete_availability_override(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::DELETE, &format!("/api/availability/overrides/{id}"), Auth::Retry).await
    }

    /// `GET /api/hosts/{host}/slots`: a host's free slots of a type, by day and part of the day.
    pub fn host_slots(self, host: Uuid, query: &SlotsQuery) -> Fetch<Slots> {
        let query = Query::new()
            .add("typeId", query.type_id)
            .opt("from", query.from.as_ref())
            .opt("to", query.to.as_ref())
            .opt("tz", query.tz.as_ref());
        self.get(query.to(&format!("/api/hosts/{host}/slots")))
    }

    // ---- planning: appointments ------------------------------------------------------

    /// `POST /api/appointments`.
    pub async fn create_appointment(&self, body: &AppointmentRequest) -> Result<Appointment, ApiError> {
        self.send(Method::POST, "/api/appointments", Some(body), Auth::Retry).await
    }

    /// `GET /api/appointments`: a host's appointments with the range's counts, or (`as=client`)
    /// the ones booked for the signed-in person.
    pub fn appointments(self, filter: &AppointmentsQuery, page: PageQuery) -> Fetch<AppointmentList> {
        let query = Query::page(page)
            .opt("from", filter.from.map(|at| at.to_rfc3339()).as_ref())
            .opt("to", filter.to.map(|at| at.to_rfc3339()).as_ref())
            .opt("status", filter.status.as_ref())
            .opt("as", filter.as_.as_ref());
        self.get(query.to("/api/appointments"))
    }

    /// `GET /api/appointments/{id}`.
    pub fn appointment(self, id: Uuid) -> Fetch<Appointment> {
        self.get(format!("/api/appointments/{id}"))
    }

    /// `PATCH /api/appointments/{id}`: reschedule or edit.
    pub async fn update_appointment(&self, id: Uuid, body: &UpdateAppointmentRequest) -> Result<Appointment, ApiError> {
        self.send(Method::PATCH, &format!("/api/appointments/{id}"), Some(body), Auth::Retry).await
    }

    /// `POST /api/appointments/{id}/cancel`.
    pub async fn cancel_appointment(&self, id: Uuid, body: &CancelBookingRequest) -> Result<Appointment, ApiError> {
        self.send(Method::POST, &format!("/api/appointments/{id}/cancel"), Some(body), Auth::Retry).await
    }

    /// `POST /api/appointments/{id}/complete` (the host, once it has started).
    pub async fn complete_appointment(&self, id: Uuid) -> Result<Appointment, ApiError> {
        self.send::<(), _>(Method::POST, &format!("/api/appointments/{id}/complete"), None, Auth::Retry).await
    }

    /// `POST /api/appointments/{id}/no-show` (the host, once it has started).
    pub async fn mark_no_show(&self, id: Uuid) -> Result<Appointment, ApiError> {
        self.send::<(), _>(Method::POST, &format!("/api/appointments/{id}/no-show"), None, Auth::Retry).await
    }

    /// `GET /api/hosts/me/clients`: the signed-in host's clients whose name or e-mail contains
    /// `search`.
    pub fn my_clients(self, search: &str) -> Fetch<Vec<Client>> {
        self.get(Query::new().add("search", search.trim()).to("/api/hosts/me/clients"))
    }

    // ---- notifications ---------------------------------------------------------------

    /// `GET /api/notifications`: unread first, then newest.
    pub fn notifications(self, page: PageQuery) -> Fetch<NotificationPage> {
        self.get(Query::page(page).to("/api/notifications"))
    }

    /// `POST /api/notifications/{id}/read`.
    pub async fn mark_read(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::POST, &format!("/api/notifications/{id}/read"), Auth::Retry).await
    }

    /// `POST /api/notifications/read-all`.
    pub async fn mark_all_read(&self) -> Result<MarkedRead, ApiError> {
        self.send::<(), _>(Method::POST, "/api/notifications/read-all", None, Auth::Retry).await
    }

    // ---- real time, organizations and instant calls ------------------------------------

    /// `POST /api/ws/ticket`: what opens one WebSocket.
    pub async fn ws_ticket(&self) -> Result<WsTicket, ApiError> {
        self.send::<(), _>(Method::POST, "/api/ws/ticket", None, Auth::Retry).await
    }

    /// `GET /api/organizations/mine`: the signed-in member's organization.
    pub fn my_organization(self) -> Fetch<Organization> {
        self.get("/api/organizations/mine".to_owned())
    }

    /// `GET /api/organizations/{id}/members`.
    pub fn members(self, organization: Uuid, page: PageQuery) -> Fetch<Page<Member>> {
        self.get(Query::page(page).to(&format!("/api/organizations/{organization}/members")))
    }

    /// `DELETE /api/organizations/{id}/members/{userId}` (the owner).
    pub async fn remove_member(&self, organization: Uuid, user: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::DELETE, &format!("/api/organizations/{organization}/members/{user}"), Auth::Retry).await
    }

    /// `POST /api/organizations/{id}/invitations` (the owner): e-mails a link to join.
    pub async fn invite(&self, organization: Uuid, body: &CreateInvitationRequest) -> Result<Invitation, ApiError> {
        self.send(Method::POST, &format!("/api/organizations/{organization}/invitations"), Some(body), Auth::Retry)
            .await
    }

    /// `GET /api/invitations`: the invitations sent to my e-mail.
    pub fn my_invitations(self) -> Fetch<InvitationList> {
        self.get("/api/invitations".to_owned())
    }

    /// `POST /api/invitations/{id}/accept`.
    pub async fn accept_invitation(
        &self,
        id: Uuid,
        body: &AcceptInvitationRequest,
    ) -> Result<AcceptedInvitation, ApiError> {
        self.send(Method::POST, &format!("/api/invitations/{id}/accept"), Some(body), Auth::Retry).await
    }

    /// `GET /api/staff/clients` (for staff) or `GET /api/client/staff` (for a client): the other
    /// side of my organization, searched by name, e-mail or company.
    pub fn contacts(self, side: MemberRole, search: &str) -> Fetch<Contacts> {
        let path = match side {
            MemberRole::Staff => "/api/staff/clients",
            MemberRole::Client => "/api/client/staff",
        };
        self.get(Query::new().add("search", search.trim()).to(path))
    }

    /// `POST /api/daily/create-room`: calls someone now (it rings at once).
    pub async fn create_room(&self, body: &CreateCallRequest) -> Result<CreateRoomResponse, ApiError> {
        self.send(Method::POST, "/api/daily/create-room", Some(body), Auth::Retry).await
    }

    /// `PATCH /api/video-calls/{callId}/status`: answer, decline, hang up or cancel.
    pub async fn update_call_status(&self, id: Uuid, status: CallStatus) -> Result<UpdatedCall, ApiError> {
        let body = UpdateCallStatusRequest { status: wire(status) };
        self.send(Method::PATCH, &format!("/api/video-calls/{id}/status"), Some(&body), Auth::Retry).await
    }

    /// `GET /api/video-calls`: my instant calls, newest first.
    pub fn video_calls(self, filter: &VideoCallQuery, page: PageQuery) -> Fetch<VideoCallPage> {
        let query = Query::page(page).opt("status", filter.status.as_ref()).opt("period", filter.period.as_ref());
        self.get(query.to("/api/video-calls"))
    }

    /// `GET /api/video-calls/stats`: figures of my instant calls.
    pub fn call_stats(self, period: Option<&String>) -> Fetch<CallStats> {
        self.get(Query::new().opt("period", period).to("/api/video-calls/stats"))
    }

    // ---- operations (admins) ---------------------------------------------------------

    /// `GET /api/admin/users`.
    pub fn users(self, filter: &UserFilter, page: PageQuery) -> Fetch<Page<User>> {
        let query = Query::page(page).opt("q", filter.q.as_ref()).opt("role", filter.role.map(wire).as_ref());
        self.get(query.to("/api/admin/users"))
    }

    /// `GET /api/admin/jobs`: every job with its latest run.
    pub fn jobs(self) -> Fetch<Vec<JobInfo>> {
        self.get("/api/admin/jobs".to_owned())
    }

    /// `POST /api/admin/jobs/{job}/run`: runs a job now and answers its run.
    pub async fn run_job(&self, job: &str) -> Result<JobRun, ApiError> {
        let path = format!("/api/admin/jobs/{}/run", String::from(js_sys::encode_uri_component(job)));
        self.send::<(), _>(Method::POST, &path, None, Auth::Retry).await
    }

    /// `GET /api/admin/job-runs`.
    pub fn job_runs(self, filter: &JobRunQuery, page: PageQuery) -> Fetch<Page<JobRun>> {
        let query = Query::page(page).opt("job", filter.job.as_ref()).opt("outcome", filter.outcome.as_ref());
        self.get(query.to("/api/admin/job-runs"))
    }

    /// `GET /api/admin/emails`: the outbox.
    pub fn emails(self, filter: &EmailQuery, page: PageQuery) -> Fetch<Page<EmailSummary>> {
        let query = Query::page(page)
            .opt("status", filter.status.as_ref())
            .opt("to", filter.to.as_ref())
            .opt("template", filter.template.as_ref());
        self.get(query.to("/api/admin/emails"))
    }

    /// `GET /api/admin/emails/{id}`: one e-mail with its rendered bodies.
    pub fn email(self, id: Uuid) -> Fetch<EmailDetail> {
        self.get(format!("/api/admin/emails/{id}"))
    }

    /// `POST /api/admin/emails/{id}/retry`: queues a failed e-mail again.
    pub async fn retry_email(&self, id: Uuid) -> Result<EmailSummary, ApiError> {
        self.send::<(), _>(Method::POST, &format!("/api/admin/emails/{id}/retry"), None, Auth::Retry).await
    }

    /// `GET /api/admin/system-logs`.
    pub fn system_logs(self, filter: &SystemLogQuery, page: PageQuery) -> Fetch<Page<SystemLogEntry>> {
        let query = Query::page(page)
            .opt("level", filter.level.as_ref())
            .opt("type", filter.log_type.as_ref())
            .opt("actor", filter.actor.as_ref())
            .opt("actorId", filter.actor_id.as_ref())
            .opt("from", filter.from.map(|at| at.to_rfc3339()).as_ref())
            .opt("to", filter.to.map(|at| at.to_rfc3339()).as_ref());
        self.get(query.to("/api/admin/system-logs"))
    }

    // ---- plumbing --------------------------------------------------------------------

    fn get<T>(self, path: String) -> Fetch<T> {
        Fetch { api: self, path, answer: PhantomData }
    }

    /// A `GET` of a JSON resource as text; see [`Remote`].
    async fn load(self, path: String) -> Result<String, ApiError> {
        self.text(Method::GET, &path, None, Auth::Retry, JSON).await
    }

    // Only `send` depends on the body and answer types; the request itself (`text`,
    // `fetch`) exists once in the wasm, whatever the types.
    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        auth: Auth,
    ) -> Result<T, ApiError> {
        let body = body.map(to_json).transpose()?;
        from_json(&self.text(method, path, body, auth, JSON).await?)
    }

    async fn send_empty(&self, method: Method, path: &str, auth: Auth) -> Result<(), ApiError> {
        self.text(method, path, None, auth, JSON).await.map(|_| ())
    }

    /// Sends a request and returns the body of a successful answer; failures become
    /// [`ApiError`]. With [`Auth::Retry`], an `unauthorized` answer (an expired access token)
    /// refreshes the token once and sends again.
    async fn text(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        auth: Auth,
        accept: &str,
    ) -> Result<String, ApiError> {
        let token = self.token.get_untracked();
        let response = self.fetch(method.clone(), path, body.clone(), token.as_deref(), accept).await?;
        let response = if response.ok() {
            response
        } else {
            let refused = problem(response).await;
            let expired = refused.code() == Some(ErrorCode::Unauthorized);
            if !(expired && auth == Auth::Retry && self.refresh_once(token).await) {
                return Err(refused);
            }
            let token = self.token.get_untracked();
            let retried = self.fetch(method, path, body, token.as_deref(), accept).await?;
            if !retried.ok() {
                return Err(problem(retried).await);
            }
            retried
        };
        response.text().await.map_err(|err| ApiError::Decode(err.to_string()))
    }

    async fn fetch(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        token: Option<&str>,
        accept: &str,
    ) -> Result<gloo_net::http::Response, ApiError> {
        let abort = AbortOnDrop::new();
        let mut builder =
            RequestBuilder::new(path).method(method).header("accept", accept).abort_signal(abort.signal().as_ref());
        if let Some(token) = token {
            builder = builder.header("authorization", &format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder.header("content-type", JSON).body(body),
            None => builder.build(),
        }
        .map_err(|err| ApiError::Decode(err.to_string()))?;
        let response = request.send().await.map_err(|_| ApiError::Network)?;
        abort.disarm();
        Ok(response)
    }

    /// Refreshes the access token unless another request already did since `stale` was
    /// read. Concurrent callers wait for the one refresh in flight. Returns whether a
    /// usable token is now available.
    async fn refresh_once(&self, stale: Option<String>) -> bool {
        if self.token.get_untracked() != stale && self.token.get_untracked().is_some() {
            return true;
        }
        let shared = self.refreshing.get_value();
        let waiter = {
            let mut slot = shared.borrow_mut();
            match slot.as_mut() {
                Some(waiters) => {
                    let (tx, rx) = futures_channel::oneshot::channel();
                    waiters.push(tx);
                    Some(rx)
                }
                None => {
                    *slot = Some(Vec::new());
                    None
                }
            }
        };
        if let Some(rx) = waiter {
            return rx.await.unwrap_or(false);
        }
        let ok = self.refresh().await.is_ok();
        if !ok {
            self.clear();
            self.lost.update(|n| *n += 1);
        }
        let waiters = shared.borrow_mut().take().unwrap_or_default();
        for waiter in waiters {
            let _ = waiter.send(ok);
        }
        ok
    }
}

impl Default for Api {
    fn default() -> Self {
        Self::new()
    }
}

/// A `GET` of one endpoint, typed by its answer: `.await` it for one answer, or give it to
/// [`Remote`] for a page that shows it.
#[must_use = "a request does nothing until it is awaited or shown"]
pub struct Fetch<T> {
    api: Api,
    path: String,
    answer: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + 'static> IntoFuture for Fetch<T> {
    type Output = Result<T, ApiError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { from_json(&self.api.load(self.path).await?) })
    }
}

/// A page's data, fetched while the page is shown (for `<Transition>`; see
/// `components::status` for its view): loaded as JSON text and decoded into `T` when read.
/// Every page shares the one resource type underneath, so the resource machinery is compiled
/// once instead of once per page.
pub struct Remote<T> {
    resource: LocalResource<Result<String, ApiError>>,
    decoded: PhantomData<fn() -> T>,
}

impl<T> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Remote<T> {}

/// What a [`Remote`] fetches: a path, or nothing when the page's address names nothing.
type Source = Box<dyn Fn() -> Option<(Api, String)>>;

/// The one resource constructor (not generic, so compiled once).
fn text_resource(source: Source) -> LocalResource<Result<String, ApiError>> {
    LocalResource::new(move || {
        let request = source();
        async move {
            match request {
                Some((api, path)) => api.load(path).await,
                None => Err(ApiError::not_found()),
            }
        }
    })
}

impl<T: DeserializeOwned + 'static> Remote<T> {
    /// Fetches `request()` now and again whenever the signals it reads change; `None` (an
    /// address with a malformed id) shows as `not_found`.
    pub fn new(request: impl Fn() -> Option<Fetch<T>> + 'static) -> Self {
        let source: Source = Box::new(move || request().map(|get| (get.api, get.path)));
        Self { resource: text_resource(source), decoded: PhantomData }
    }

    /// The data, once loaded (tracked, for `<Transition>`).
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.resource.get().map(|answer| answer.and_then(|text| from_json(&text)))
    }

    /// Fetches again.
    pub fn refetch(&self) {
        self.resource.refetch();
    }
}

/// Either contact list of the seeds, `{clients: […]}` or `{staff: […]}`, read as one.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Contacts {
    /// By name.
    #[serde(alias = "clients", alias = "staff")]
    pub people: Vec<Contact>,
}

/// Which credentials a request carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// The access token, if any.
    Bearer,
    /// The access token, refreshed once when the server answers `unauthorized`.
    Retry,
}

/// A query string under construction: percent-encoded pairs, empty values left out.
struct Query(String);

impl Query {
    fn new() -> Self {
        Self(String::new())
    }

    /// `page` and `perPage`.
    fn page(page: PageQuery) -> Self {
        Self::new().add("page", page.page).add("perPage", page.per_page)
    }

    fn add(mut self, key: &str, value: impl Display) -> Self {
        let value = value.to_string();
        if !value.is_empty() {
            self.0.push(if self.0.is_empty() { '?' } else { '&' });
            self.0.push_str(key);
            self.0.push('=');
            self.0.push_str(&String::from(js_sys::encode_uri_component(&value)));
        }
        self
    }

    fn opt(self, key: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.add(key, value),
            None => self,
        }
    }

    fn to(self, path: &str) -> String {
        format!("{path}{}", self.0)
    }
}

/// The wire spelling of a serde enum value (`confirmed`, `creator`).
fn wire<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        _ => String::new(),
    }
}

fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|err| ApiError::Decode(err.to_string()))
}

fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|err| ApiError::Decode(err.to_string()))
}

/// The problem details of a failed answer. An answer without them (a proxy's error page) gets
/// the code of its kind: `internal_error` for server failures, `unknown` otherwise.
async fn problem(response: gloo_net::http::Response) -> ApiError {
    let status = response.status();
    let title = response.status_text();
    // Read as text and decoded by `from_json`, like every answer: one decoder in the wasm.
    let text = response.text().await.unwrap_or_default();
    match from_json::<ProblemDetails>(&text) {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Problem(ProblemDetails {
            problem_type: "about:blank".to_owned(),
            title,
            status,
            detail: String::new(),
            code: if status >= 500 { ErrorCode::InternalError } else { ErrorCode::Unknown },
            errors: None,
            opens_at: None,
        }),
    }
}

/// Aborts a fetch if dropped before [`AbortOnDrop::disarm`].
struct AbortOnDrop {
    controller: Option<web_sys::AbortController>,
}

impl AbortOnDrop {
    fn new() -> Self {
        Self { controller: web_sys::AbortController::new().ok() }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(web_sys::AbortController::signal)
    }

    fn disarm(mut self) {
        self.controller = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
    }
}
