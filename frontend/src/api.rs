//! The one typed API client of the web app, over gloo-net and the shared `api-types`.
//!
//! - The access token lives in memory only; the refresh token stays in the server's
//!   HttpOnly cookie, so no script can read a long-lived credential.
//! - Problem details are decoded into [`ApiError::Problem`].
//! - On a 401 the client refreshes once and retries. Refreshes are single-flight, so
//!   parallel requests never present the same (single-use) refresh token twice.
//! - Dropping a request's future (a component going away) aborts the fetch.
//! - Pages load their data through [`Remote`]; requests are serialized to text first, so
//!   the request code is compiled once, not once per body and answer type.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::rc::Rc;

use api_types::{
    Booking, CallLogRequest, CallOffer, CallTokenRequest, CallTokenResponse, CreateBookingRequest, CreateIntentRequest,
    CreateIntentResponse, CreateOfferRequest, CreatorProfile, ErrorCode, LoginRequest, MarkedRead, NotificationPage,
    OnboardingLink, ProblemDetails, RefreshRequest, RegisterRequest, SessionResponse, UpdateCreatorRequest,
    UpdateMeRequest, UpdateOfferRequest, User,
};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

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
    /// Per-field messages of a validation problem.
    pub fn field_errors(&self) -> BTreeMap<String, Vec<String>> {
        match self {
            Self::Problem(problem) => problem.errors.clone().unwrap_or_default(),
            _ => BTreeMap::new(),
        }
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

    // ---- endpoints -------------------------------------------------------------------

    /// `POST /api/auth/register`.
    pub async fn register(&self, body: &RegisterRequest) -> Result<User, ApiError> {
        self.send(Method::POST, "/api/auth/register", Some(body), false).await
    }

    /// `POST /api/auth/login`; keeps the access token.
    pub async fn login(&self, body: &LoginRequest) -> Result<SessionResponse, ApiError> {
        let session: SessionResponse = self.send(Method::POST, "/api/auth/login", Some(body), false).await?;
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
        let result = self.send_empty(Method::POST, "/api/auth/logout").await;
        self.clear();
        result
    }

    /// A `GET` of a JSON resource as text (`None`: a malformed path, reported as
    /// [`ApiError::Network`]); see [`Remote`].
    pub async fn load(self, path: Option<String>) -> Result<String, ApiError> {
        self.text(Method::GET, &path.ok_or(ApiError::Network)?, None, Auth::Retry, JSON).await
    }

    /// A `GET` of any JSON resource (path with query string).
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send::<(), _>(Method::GET, path, None, true).await
    }

    /// `PATCH /api/me`.
    pub async fn update_me(&self, body: &UpdateMeRequest) -> Result<User, ApiError> {
        self.send(Method::PATCH, "/api/me", Some(body), true).await
    }

    /// A `POST` of a JSON body to any path.
    pub async fn post_json<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send(Method::POST, path, Some(body), true).await
    }

    /// `GET /api/call-offers/{id}`.
    pub async fn offer(&self, id: Uuid) -> Result<CallOffer, ApiError> {
        self.get(&format!("/api/call-offers/{id}")).await
    }

    /// `POST /api/bookings`.
    pub async fn book(&self, call_offer_id: Uuid) -> Result<Booking, ApiError> {
        self.send(Method::POST, "/api/bookings", Some(&CreateBookingRequest { call_offer_id }), true).await
    }

    /// `POST /api/payments/create-intent`.
    pub async fn create_intent(&self, booking_id: Uuid) -> Result<CreateIntentResponse, ApiError> {
        self.send(Method::POST, "/api/payments/create-intent", Some(&CreateIntentRequest { booking_id }), true).await
    }

    /// `PUT /api/creators/me`.
    pub async fn update_my_creator(&self, body: &UpdateCreatorRequest) -> Result<CreatorProfile, ApiError> {
        self.send(Method::PUT, "/api/creators/me", Some(body), true).await
    }

    /// `POST /api/creators/me/stripe/onboarding-link`.
    pub async fn onboarding_link(&self) -> Result<OnboardingLink, ApiError> {
        self.send::<(), _>(Method::POST, "/api/creators/me/stripe/onboarding-link", None, true).await
    }

    /// `POST /api/call-offers`.
    pub async fn create_offer(&self, body: &CreateOfferRequest) -> Result<CallOffer, ApiError> {
        self.send(Method::POST, "/api/call-offers", Some(body), true).await
    }

    /// `PATCH /api/call-offers/{id}`.
    pub async fn update_offer(&self, id: Uuid, body: &UpdateOfferRequest) -> Result<CallOffer, ApiError> {
        self.send(Method::PATCH, &format!("/api/call-offers/{id}"), Some(body), true).await
    }

    /// `DELETE /api/call-offers/{id}`.
    pub async fn delete_offer(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::DELETE, &format!("/api/call-offers/{id}")).await
    }

    /// `GET /api/notifications`.
    pub async fn notifications(&self) -> Result<NotificationPage, ApiError> {
        self.get("/api/notifications?perPage=50").await
    }

    /// `POST /api/notifications/{id}/read`.
    pub async fn mark_read(&self, id: Uuid) -> Result<(), ApiError> {
        self.send_empty(Method::POST, &format!("/api/notifications/{id}/read")).await
    }

    /// `POST /api/notifications/read-all`.
    pub async fn mark_all_read(&self) -> Result<MarkedRead, ApiError> {
        self.send::<(), _>(Method::POST, "/api/notifications/read-all", None, true).await
    }

    /// `GET /api/bookings/{id}/ics`: the call as an iCalendar file.
    pub async fn booking_ics(&self, id: Uuid) -> Result<String, ApiError> {
        self.text(Method::GET, &format!("/api/bookings/{id}/ics"), None, Auth::Retry, "text/calendar").await
    }

    /// `POST /api/daily/get-token`: how to join a call.
    pub async fn call_token(&self, booking_id: Uuid) -> Result<CallTokenResponse, ApiError> {
        self.send(Method::POST, "/api/daily/get-token", Some(&CallTokenRequest { booking_id }), true).await
    }

    /// `POST /api/call-logs`.
    pub async fn call_log(&self, body: &CallLogRequest) -> Result<serde_json::Value, ApiError> {
        self.send(Method::POST, "/api/call-logs", Some(body), true).await
    }

    // ---- plumbing --------------------------------------------------------------------

    // Only `send` depends on the body and answer types; the request itself (`text`,
    // `fetch`) exists once in the wasm, whatever the types.
    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        retry_on_401: bool,
    ) -> Result<T, ApiError> {
        let body = body.map(to_json).transpose()?;
        let auth = if retry_on_401 { Auth::Retry } else { Auth::Bearer };
        from_json(&self.text(method, path, body, auth, JSON).await?)
    }

    async fn send_empty(&self, method: Method, path: &str) -> Result<(), ApiError> {
        self.text(method, path, None, Auth::Bearer, JSON).await.map(|_| ())
    }

    /// Sends a request and returns the body of a successful answer; failures become
    /// [`ApiError`]. With [`Auth::Retry`], a 401 refreshes the token once and sends again.
    async fn text(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        auth: Auth,
        accept: &str,
    ) -> Result<String, ApiError> {
        let token = self.token.get_untracked();
        let mut response = self.fetch(method.clone(), path, body.clone(), token.as_deref(), accept).await?;
        if response.status() == 401 && auth == Auth::Retry && self.refresh_once(token).await {
            let token = self.token.get_untracked();
            response = self.fetch(method, path, body, token.as_deref(), accept).await?;
        }
        if response.ok() {
            response.text().await.map_err(|err| ApiError::Decode(err.to_string()))
        } else {
            Err(problem(response).await)
        }
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

/// A page's data, fetched while the page is shown (for `<Transition>`; see
/// `components::status` for its view): loaded as JSON text by [`Api::load`] and decoded into
/// `T` when read. Every page shares the one resource type underneath, so the resource
/// machinery is compiled once instead of once per page.
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

/// The one resource constructor (not generic, so compiled once).
fn text_resource(api: Api, path: Box<dyn Fn() -> Option<String>>) -> LocalResource<Result<String, ApiError>> {
    LocalResource::new(move || api.load(path()))
}

impl<T: DeserializeOwned + 'static> Remote<T> {
    /// Fetches `path()` now and again whenever the signals it reads change.
    pub fn new(api: Api, path: impl Fn() -> Option<String> + 'static) -> Self {
        Self { resource: text_resource(api, Box::new(path)), decoded: PhantomData }
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

/// Which credentials a request carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// The access token, if any.
    Bearer,
    /// The access token, refreshed once after a 401.
    Retry,
}

fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|err| ApiError::Decode(err.to_string()))
}

fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|err| ApiError::Decode(err.to_string()))
}

async fn problem(response: gloo_net::http::Response) -> ApiError {
    let status = response.status();
    match response.json::<ProblemDetails>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Problem(ProblemDetails {
            problem_type: "about:blank".to_owned(),
            title: response.status_text(),
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
