//! Video rooms: Daily.co's REST API (rooms, meeting tokens and recording links) behind a
//! small trait.
//! Server errors, rate limits and network failures are retried with exponential backoff;
//! refusals (4xx) are not.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use crate::ProviderError;

/// A private two-person room (for one booking, or one instant call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRequest {
    /// Room name (`[A-Za-z0-9_-]`, at most 128 characters).
    pub name: String,
    /// Nobody joins before this.
    pub not_before: DateTime<Utc>,
    /// Nobody joins after this, and everyone is ejected.
    pub expires_at: DateTime<Utc>,
    /// Allow Daily's cloud recording in this room (`enable_recording: "cloud"`).
    pub cloud_recording: bool,
}

/// A created room.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Room {
    /// Its name.
    pub name: String,
    /// Where participants join (built from the domain when Daily leaves it out).
    #[serde(default)]
    pub url: String,
}

/// A meeting token for one participant of one room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// The room.
    pub room_name: String,
    /// Not usable before.
    pub not_before: DateTime<Utc>,
    /// Expires (and ejects) then.
    pub expires_at: DateTime<Utc>,
    /// The host gets owner rights.
    pub is_owner: bool,
    /// Shown to the other participant.
    pub user_name: String,
    /// Echoed in webhooks.
    pub user_id: String,
    /// Start the room's cloud recording when this participant joins.
    pub start_recording: bool,
}

/// A short-lived signed link to a recording's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingLink {
    /// Use it exactly as given (its query string is the signature).
    pub download_link: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// What Callstar needs from a video provider.
#[async_trait]
pub trait VideoRooms: Send + Sync + std::fmt::Debug {
    /// Creates the room, or returns it when it already exists.
    async fn create_room(&self, request: &RoomRequest) -> Result<Room, ProviderError>;
    /// Deletes a room; a room that does not exist counts as deleted.
    async fn delete_room(&self, name: &str) -> Result<(), ProviderError>;
    /// A meeting token.
    async fn meeting_token(&self, request: &TokenRequest) -> Result<String, ProviderError>;
    /// A download link of a recording (`GET /recordings/{id}/access-link`).
    async fn recording_link(&self, recording_id: &str) -> Result<RecordingLink, ProviderError>;
}

/// Retries of a provider call.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all (at least 1).
    pub attempts: u32,
    /// Wait before the second attempt; doubled each time.
    pub first_delay: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self { attempts: 4, first_delay: Duration::from_millis(500) }
    }
}

/// Daily's REST API.
#[derive(Clone)]
pub struct DailyClient {
    http: reqwest::Client,
    api_base: String,
    api_key: String,
    retry: Retry,
    domain: Option<String>,
}

impl std::fmt::Debug for DailyClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DailyClient").field("api_base", &self.api_base).finish_non_exhaustive()
    }
}

#[derive(Debug, Deserialize)]
struct DailyError {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    info: Option<String>,
}

impl DailyClient {
    /// A client for `api_key` against `api_base` (`https://api.daily.co/v1` or a fake).
    pub fn new(api_key: &str, api_base: &str, retry: Retry) -> Result<Self, ProviderError> {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|err| ProviderError::Unavailable { provider: "Daily", message: err.to_string() })?;
        Ok(Self {
            http,
            api_base: api_base.trim_end_matches('/').to_owned(),
            api_key: api_key.to_owned(),
            retry,
            domain: None,
        })
    }

    /// The Daily domain (`yourteam.daily.co`), used for room URLs Daily does not spell out.
    #[must_use]
    pub fn with_domain(mut self, domain: Option<String>) -> Self {
        self.domain = domain.map(|d| d.trim_start_matches("https://").trim_end_matches('/').to_owned());
        self
    }

    fn complete(&self, mut room: Room) -> Room {
        if room.url.is_empty()
            && let Some(domain) = &self.domain
        {
            room.url = format!("https://{domain}/{}", room.name);
        }
        room
    }

    /// Sends a request built by `build`, retrying transient failures.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ProviderError> {
        let mut delay = self.retry.first_delay;
        let mut last = None;
        for attempt in 1..=self.retry.attempts.max(1) {
            let result = build(&self.http).bearer_auth(&self.api_key).send().await;
            let transient = match result {
                Ok(response) if response.status().is_server_error() || response.status().as_u16() == 429 => {
                    format!("HTTP {}", response.status())
                }
                Ok(response) => return Ok(response),
                Err(err) => err.to_string(),
            };
            tracing::warn!(attempt, error = %transient, "Daily call failed; retrying");
            last = Some(transient);
            if attempt < self.retry.attempts {
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
        }
        Err(ProviderError::Unavailable { provider: "Daily", message: last.unwrap_or_default() })
    }

    async fn refused(response: reqwest::Response) -> ProviderError {
        let status = response.status().as_u16();
        let body: DailyError = response.json().await.unwrap_or(DailyError { error: None, info: None });
        ProviderError::Refused {
            provider: "Daily",
            status,
            code: body.error,
            message: body.info.unwrap_or_else(|| format!("HTTP {status}")),
        }
    }

    async fn get_room(&self, name: &str) -> Result<Room, ProviderError> {
        let url = format!("{}/rooms/{name}", self.api_base);
        let response = self.send(|http| http.get(&url)).await?;
        if !response.status().is_success() {
            return Err(Self::refused(response).await);
        }
        response
            .json()
            .await
            .map(|room| self.complete(room))
            .map_err(|err| ProviderError::Unavailable { provider: "Daily", message: err.to_string() })
    }
}

#[async_trait]
impl VideoRooms for DailyClient {
    async fn create_room(&self, request: &RoomRequest) -> Result<Room, ProviderError> {
        let mut body = json!({
            "name": request.name,
            "privacy": "private",
            "properties": {
                "nbf": request.not_before.timestamp(),
                "exp": request.expires_at.timestamp(),
                "max_participants": 2,
                "eject_at_room_exp": true,
                "enable_prejoin_ui": false,
                "enable_chat": false,
            }
        });
        if request.cloud_recording {
            body["properties"]["enable_recording"] = json!("cloud");
        }
        let url = format!("{}/rooms", self.api_base);
        let response = self.send(|http| http.post(&url).json(&body)).await?;
        if response.status().is_success() {
            return response
                .json()
                .await
                .map(|room| self.complete(room))
                .map_err(|err| ProviderError::Unavailable { provider: "Daily", message: err.to_string() });
        }
        let error = Self::refused(response).await;
        // A retry after a lost answer finds the room already there: that is success.
        if matches!(&error, ProviderError::Refused { status: 400, message, .. } if message.contains("already exists")) {
            return self.get_room(&request.name).await;
        }
        Err(error)
    }

    async fn delete_room(&self, name: &str) -> Result<(), ProviderError> {
        let url = format!("{}/rooms/{name}", self.api_base);
        let response = self.send(|http| http.delete(&url)).await?;
        if response.status().is_success() || response.status().as_u16() == 404 {
            Ok(())
        } else {
            Err(Self::refused(response).await)
        }
    }

    async fn meeting_token(&self, request: &TokenRequest) -> Result<String, ProviderError> {
        #[derive(Deserialize)]
        struct Token {
            token: String,
        }
        let mut body = json!({
            "properties": {
                "room_name": request.room_name,
                "nbf": request.not_before.timestamp(),
                "exp": request.expires_at.timestamp(),
                "eject_at_token_exp": true,
                "is_owner": request.is_owner,
                "user_name": request.user_name,
                "user_id": request.user_id,
            }
        });
        if request.start_recording {
            body["properties"]["start_cloud_recording"] = json!(true);
        }
        let url = format!("{}/meeting-tokens", self.api_base);
        let response = self.send(|http| http.post(&url).json(&body)).await?;
        if !response.status().is_success() {
            return Err(Self::refused(response).await);
        }
        let token: Token = response
            .json()
            .await
            .map_err(|err| ProviderError::Unavailable { provider: "Daily", message: err.to_string() })?;
        Ok(token.token)
    }

    async fn recording_link(&self, recording_id: &str) -> Result<RecordingLink, ProviderError> {
        #[derive(Deserialize)]
        struct Link {
            download_link: String,
            expires: i64,
        }
        let url = format!("{}/recordings/{recording_id}/access-link", self.api_base);
        let response = self.send(|http| http.get(&url)).await?;
        if !response.status().is_success() {
            return Err(Self::refused(response).await);
        }
        let link: Link = response
            .json()
            .await
            .map_err(|err| ProviderError::Unavailable { provider: "Daily", message: err.to_string() })?;
        let expires_at = DateTime::from_timestamp(link.expires, 0).ok_or_else(|| ProviderError::Unavailable {
            provider: "Daily",
            message: format!("an access link expiring at {} is out of range", link.expires),
        })?;
        Ok(RecordingLink { download_link: link.download_link, expires_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{body_partial_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn client(server: &MockServer) -> DailyClient {
        DailyClient::new(
            "daily_key",
            &format!("{}/v1", server.uri()),
            Retry { attempts: 3, first_delay: Duration::from_millis(10) },
        )
        .unwrap()
    }

    fn request() -> RoomRequest {
        RoomRequest {
            name: "booking-42".to_owned(),
            not_before: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            expires_at: DateTime::from_timestamp(1_800_090_000, 0).unwrap(),
            cloud_recording: false,
        }
    }

    fn room() -> serde_json::Value {
        json!({"id": "5e3cf703", "name": "booking-42", "api_created": true, "privacy": "private",
               "url": "https://callstar.daily.co/booking-42", "created_at": "2026-11-21T10:00:00.000Z",
               "config": {"max_participants": 2, "nbf": 1_800_000_000, "exp": 1_800_090_000}})
    }

    #[tokio::test]
    async fn creates_a_private_two_person_room_and_retries_a_500() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/rooms"))
            .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": "server-error", "info": "oops"})))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/rooms"))
            .and(header("authorization", "Bearer daily_key"))
            .and(body_partial_json(json!({"name": "booking-42", "privacy": "private",
                "properties": {"max_participants": 2, "nbf": 1_800_000_000, "exp": 1_800_090_000, "eject_at_room_exp": true}})))
            .respond_with(ResponseTemplate::new(200).set_body_json(room()))
            .expect(1)
            .mount(&server)
            .await;
        let created = client(&server).create_room(&request()).await.unwrap();
        assert_eq!(created, Room { name: "booking-42".into(), url: "https://callstar.daily.co/booking-42".into() });
        assert_eq!(server.received_requests().await.unwrap().len(), 2, "one failure, one retry");
    }

    #[tokio::test]
    async fn an_existing_room_is_returned_and_refusals_are_not_retried() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/rooms"))
            .respond_with(ResponseTemplate::new(400).set_body_json(
                json!({"error": "invalid-request-error", "info": "a room named booking-42 already exists"}),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/rooms/booking-42"))
            .respond_with(ResponseTemplate::new(200).set_body_json(room()))
            .mount(&server)
            .await;
        assert_eq!(client(&server).create_room(&request()).await.unwrap().name, "booking-42");

        let refused = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/rooms"))
            .respond_with(
                ResponseTemplate::new(401).set_body_json(json!({"error": "authentication-error", "info": "bad key"})),
            )
            .mount(&refused)
            .await;
        let err = client(&refused).create_room(&request()).await.unwrap_err();
        assert!(
            matches!(err, ProviderError::Refused { status: 401, ref code, .. } if code.as_deref() == Some("authentication-error"))
        );
        assert_eq!(refused.received_requests().await.unwrap().len(), 1, "a 401 is not retried");
    }

    #[tokio::test]
    async fn persistent_failures_give_up_after_the_attempts() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/rooms"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let err = client(&server).create_room(&request()).await.unwrap_err();
        assert!(matches!(err, ProviderError::Unavailable { .. }));
        assert_eq!(server.received_requests().await.unwrap().len(), 3);
    }

    #[tokio::test]
    async fn deleting_a_missing_room_counts_as_deleted() {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path("/v1/rooms/gone"))
            .respond_with(
                ResponseTemplate::new(404)
                    .set_body_json(json!({"error": "not-found", "info": "room gone not found", "deleted": true})),
            )
            .mount(&server)
            .await;
        client(&server).delete_room("gone").await.unwrap();
    }

    #[tokio::test]
    async fn meeting_tokens_carry_the_participant_and_eject_at_expiry() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/meeting-tokens"))
            .and(body_partial_json(
                json!({"properties": {"room_name": "booking-42", "is_owner": true, "user_name": "Camille",
                "user_id": "u1", "eject_at_token_exp": true, "exp": 1_800_090_000}}),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "eyJhbGciOi.x.y"})))
            .mount(&server)
            .await;
        let token = client(&server)
            .meeting_token(&TokenRequest {
                room_name: "booking-42".into(),
                not_before: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
                expires_at: DateTime::from_timestamp(1_800_090_000, 0).unwrap(),
                is_owner: true,
                user_name: "Camille".into(),
                user_id: "u1".into(),
                start_recording: false,
            })
            .await
            .unwrap();
        assert_eq!(token, "eyJhbGciOi.x.y");
    }

    #[tokio::test]
    async fn recording_rooms_and_tokens_and_links() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/rooms"))
            .and(body_partial_json(json!({"properties": {"enable_recording": "cloud"}})))
            .respond_with(ResponseTemplate::new(200).set_body_json(room()))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/meeting-tokens"))
            .and(body_partial_json(json!({"properties": {"start_cloud_recording": true}})))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "t"})))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/recordings/rec-1/access-link"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"download_link": "https://b.daily.co/recordings/x?Expires=1&Signature=s", "expires": 1_800_000_600}),
            ))
            .mount(&server)
            .await;
        let daily = client(&server);
        daily.create_room(&RoomRequest { cloud_recording: true, ..request() }).await.unwrap();
        let token = TokenRequest {
            room_name: "booking-42".into(),
            not_before: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            expires_at: DateTime::from_timestamp(1_800_090_000, 0).unwrap(),
            is_owner: true,
            user_name: "Sam".into(),
            user_id: "u2".into(),
            start_recording: true,
        };
        assert_eq!(daily.meeting_token(&token).await.unwrap(), "t");
        let link = daily.recording_link("rec-1").await.unwrap();
        assert_eq!(link.download_link, "https://b.daily.co/recordings/x?Expires=1&Signature=s");
        assert_eq!(link.expires_at.timestamp(), 1_800_000_600);
    }
}
