//! Sending e-mail: the `Mailer` trait and its Resend implementation (resend-rs). Failures are
//! classified so the outbox knows whether to retry soon, wait for the rate limit, or stop.

use std::time::Duration;

use async_trait::async_trait;
use resend_rs::idempotent::IdempotentTrait as _;
use resend_rs::types::{CreateAttachment, CreateEmailBaseOptions};
use resend_rs::{Config, Resend};

/// A file attached to an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name.
    pub filename: String,
    /// MIME type.
    pub content_type: String,
    /// Bytes.
    pub content: Vec<u8>,
}

/// One e-mail to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// HTML body.
    pub html: String,
    /// Plain-text body.
    pub text: String,
    /// Sent as `Idempotency-Key`: a retry after a lost answer is not sent twice.
    pub idempotency_key: String,
    /// Attachments.
    pub attachments: Vec<Attachment>,
}

/// Why an e-mail was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// 429: wait this long (from the rate-limit headers) before trying again.
    #[error("rate limited; retry in {0:?}")]
    RateLimited(Duration),
    /// Network error or 5xx: retry later.
    #[error("temporarily failed: {0}")]
    Temporary(String),
    /// Refused for good (4xx): retrying the same e-mail cannot succeed.
    #[error("refused: {0}")]
    Permanent(String),
}

/// The most e-mails Resend's batch endpoint takes in one call.
pub const BATCH_MAX: usize = 100;

/// Sends e-mails.
#[async_trait]
pub trait Mailer: Send + Sync + std::fmt::Debug {
    /// Sends one e-mail; returns the provider's id.
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError>;

    /// Sends up to [`BATCH_MAX`] e-mails without attachments in one call, all or none, under
    /// one idempotency key (the same key with the same e-mails sends nothing twice); returns
    /// the provider's ids in order.
    async fn send_batch(&self, emails: &[OutgoingEmail], idempotency_key: &str) -> Result<Vec<String>, MailError>;
}

/// Resend, through resend-rs.
#[derive(Clone)]
pub struct ResendMailer {
    client: Resend,
    from: String,
}

impl std::fmt::Debug for ResendMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResendMailer").field("from", &self.from).finish_non_exhaustive()
    }
}

impl ResendMailer {
    /// A mailer for `api_key` against `base_url` (`https://api.resend.com` or a fake), sending
    /// from `from` (`"Callstar <hello@example.com>"`).
    pub fn new(api_key: &str, base_url: &str, from: &str) -> Result<Self, crate::ProviderError> {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let url = base_url
            .parse()
            .map_err(|err| crate::ProviderError::Unavailable { provider: "Resend", message: format!("{err}") })?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|err| crate::ProviderError::Unavailable { provider: "Resend", message: err.to_string() })?;
        let config = Config::builder(api_key).base_url(url).client(http).build();
        Ok(Self { client: Resend::with_config(config), from: from.to_owned() })
    }
}

fn classify(err: resend_rs::Error) -> MailError {
    match err {
        resend_rs::Error::RateLimit { ratelimit_reset, .. } => {
            MailError::RateLimited(Duration::from_secs(ratelimit_reset.unwrap_or(1).max(1)))
        }
        resend_rs::Error::Resend(response) if response.status_code >= 500 => MailError::Temporary(response.to_string()),
        // Same key still in flight: the first request will settle it; try again later.
        resend_rs::Error::Resend(response) if response.name == "concurrent_idempotent_requests" => {
            MailError::Temporary(response.to_string())
        }
        resend_rs::Error::Resend(response) => MailError::Permanent(response.to_string()),
        resend_rs::Error::Http(err) => MailError::Temporary(err.to_string()),
        // An HTML error page from a proxy, or an unexpected body: treat as transient.
        other => MailError::Temporary(other.to_string()),
    }
}

impl ResendMailer {
    fn options(&self, email: &OutgoingEmail) -> CreateEmailBaseOptions {
        let mut options = CreateEmailBaseOptions::new(&self.from, [email.to.as_str()], &email.subject)
            .with_html(&email.html)
            .with_text(&email.text);
        for file in &email.attachments {
            options = options.with_attachment(
                CreateAttachment::from_content(file.content.clone())
                    .with_filename(&file.filename)
                    .with_content_type(&file.content_type),
            );
        }
        options
    }
}

#[async_trait]
impl Mailer for ResendMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, MailError> {
        let options = self.options(email).with_idempotency_key(&email.idempotency_key);
        let sent = self.client.emails.send(options).await.map_err(classify)?;
        Ok(sent.id.to_string())
    }

    async fn send_batch(&self, emails: &[OutgoingEmail], idempotency_key: &str) -> Result<Vec<String>, MailError> {
        if emails.iter().any(|e| !e.attachments.is_empty()) || emails.len() > BATCH_MAX {
            return Err(MailError::Permanent("a batch takes at most 100 e-mails, none with attachments".into()));
        }
        let options: Vec<CreateEmailBaseOptions> = emails.iter().map(|e| self.options(e)).collect();
        let sent = self.client.batch.send(options.with_idempotency_key(idempotency_key)).await.map_err(classify)?;
        if sent.len() != emails.len() {
            return Err(MailError::Temporary(format!(
                "the batch answered {} ids for {} e-mails",
                sent.len(),
                emails.len()
            )));
        }
        Ok(sent.into_iter().map(|r| r.id.to_string()).collect())
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn batches_go_to_the_batch_endpoint_under_one_key() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/emails/batch"))
            .and(header("idempotency-key", "callstar-batch-1"))
            .and(body_partial_json(serde_json::json!([{"to": ["a@example.com"]}, {"to": ["b@example.com"]}])))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [{"id": "id-a"}, {"id": "id-b"}]})),
            )
            .mount(&server)
            .await;
        let mailer = ResendMailer::new("re_test", &server.uri(), "Callstar <hello@callstar.test>").unwrap();
        let plain = |to: &str| OutgoingEmail { to: to.into(), attachments: Vec::new(), ..email() };
        let ids = mailer.send_batch(&[plain("a@example.com"), plain("b@example.com")], "callstar-batch-1").await;
        assert_eq!(ids, Ok(vec!["id-a".to_owned(), "id-b".to_owned()]));
    }

    use wiremock::matchers::{body_partial_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    fn email() -> OutgoingEmail {
        OutgoingEmail {
            to: "fan@example.com".into(),
            subject: "Booked".into(),
            html: "<p>Hi</p>".into(),
            text: "Hi".into(),
            idempotency_key: "callstar-email-1".into(),
            attachments: vec![Attachment {
                filename: "call.ics".into(),
                content_type: "text/calendar".into(),
                content: b"BEGIN:VCALENDAR".to_vec(),
            }],
        }
    }

    #[tokio::test]
    async fn sends_with_the_idempotency_key_and_classifies_failures() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/emails"))
            .and(header("authorization", "Bearer re_test"))
            .and(header("idempotency-key", "callstar-email-1"))
            .and(body_partial_json(
                serde_json::json!({"from": "Callstar <hello@callstar.test>", "to": ["fan@example.com"],
                "subject": "Booked", "text": "Hi", "attachments": [{"filename": "call.ics"}]}),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "49a3999c-0ce1"})))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/emails"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("ratelimit-limit", "10")
                    .insert_header("ratelimit-remaining", "0")
                    .insert_header("ratelimit-reset", "7"),
            )
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/emails"))
            .respond_with(
                ResponseTemplate::new(500).set_body_json(
                    serde_json::json!({"statusCode": 500, "name": "application_error", "message": "boom"}),
                ),
            )
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/emails"))
            .respond_with(ResponseTemplate::new(422).set_body_json(
                serde_json::json!({"statusCode": 422, "name": "invalid_parameter", "message": "bad to"}),
            ))
            .mount(&server)
            .await;
        let mailer = ResendMailer::new("re_test", &server.uri(), "Callstar <hello@callstar.test>").unwrap();
        assert_eq!(mailer.send(&email()).await, Ok("49a3999c-0ce1".to_owned()));
        assert!(matches!(mailer.send_batch(&[email()], "k").await, Err(MailError::Permanent(_))), "no attachments");
        assert_eq!(mailer.send(&email()).await, Err(MailError::RateLimited(Duration::from_secs(7))));
        assert!(matches!(mailer.send(&email()).await, Err(MailError::Temporary(_))));
        assert!(matches!(mailer.send(&email()).await, Err(MailError::Permanent(_))));
    }
}
