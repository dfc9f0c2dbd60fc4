//! The JSON body extractor. Unlike `actix_web::web::Json` it reports *which* field is
//! wrong (via serde_path_to_error), so every body error is a per-field 422 or a 400/413/415
//! problem, never a bare string.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::ApiError;
use api_types::ErrorCode;

/// Largest JSON body accepted, in bytes.
pub const JSON_LIMIT: usize = 64 * 1024;

/// A deserialized JSON request body.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req.content_type().to_ascii_lowercase();
        let is_json = content_type == "application/json" || content_type.ends_with("+json");
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "The body must be JSON (Content-Type: application/json).",
                ));
            }
            let bytes = body.await.map_err(payload_error)?;
            parse(&bytes).map(Json)
        })
    }
}

/// A raw request body (webhooks verify signatures over the exact bytes; optional JSON bodies
/// are parsed by hand), with the same size limit as [`Json`] and the same problem details:
/// `web::Bytes` alone answers its refusals as plain text.
#[derive(Debug)]
pub struct RawBody(pub web::Bytes);

impl std::ops::Deref for RawBody {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl FromRequest for RawBody {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move { body.await.map(RawBody).map_err(payload_error) })
    }
}

/// The payload limit for the raw bytes under [`Json`], so oversized bodies stop early.
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(JSON_LIMIT)
}

fn payload_error(err: actix_web::Error) -> ApiError {
    match err.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => too_large(),
        _ if err.as_response_error().status_code() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        _ => ApiError::new(ErrorCode::InvalidBody, format!("The body could not be read: {err}.")),
    }
}

fn too_large() -> ApiError {
    ApiError::new(ErrorCode::PayloadTooLarge, format!("The body is larger than {JSON_LIMIT} bytes."))
}

/// Parses an optional JSON body: an empty (or blank) body is the type's default.
pub fn parse_or_default<T: DeserializeOwned + Default>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) { Ok(T::default()) } else { parse(bytes) }
}

/// Parses a JSON document: 400 when it is not JSON, 422 naming the field when the data is wrong.
///
/// Every request body of the API is a JSON object. serde reads a struct from an array of its
/// fields too (`[null, null]` would be a valid `PATCH /api/me`), so a top-level array is
/// refused here, like any other value that is not an object.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.len() > JSON_LIMIT {
        return Err(too_large());
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::field("body", "must be a JSON object, not an array"));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        data_error(&path, err.into_inner())
    })?;
    deserializer.end().map_err(|err| data_error(".", err))?;
    Ok(value)
}

fn data_error(path: &str, err: serde_json::Error) -> ApiError {
    if err.classify() != serde_json::error::Category::Data {
        return ApiError::new(ErrorCode::InvalidJson, format!("The body is not valid JSON: {err}."));
    }
    let message = err.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    let parent = if path == "." { String::new() } else { format!("{path}.") };
    match message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        Some(field) => ApiError::field(&format!("{parent}{field}"), "is required"),
        None if path == "." => ApiError::field("body", message.to_owned()),
        None => ApiError::field(path, message.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{LoginRequest, RegisterRequest};

    fn errors(err: ApiError) -> std::collections::BTreeMap<String, Vec<String>> {
        err.problem().errors.unwrap_or_default()
    }

    #[test]
    fn missing_fields_are_named() {
        let err = parse::<LoginRequest>(br#"{"email":"a@b.co"}"#).unwrap_err();
        assert_eq!(err.problem().status, 422);
        assert_eq!(errors(err)["password"], vec!["is required".to_owned()]);
    }

    #[test]
    fn wrong_values_are_reported_on_their_field() {
        let body = br#"{"email":"a@b.co","password":"x","name":"n","role":"admin"}"#;
        let errs = errors(parse::<RegisterRequest>(body).unwrap_err());
        assert!(errs["role"][0].contains("unknown variant `admin`"), "{errs:?}");
        let errs = errors(parse::<LoginRequest>(br#"{"email":5,"password":"x"}"#).unwrap_err());
        assert!(errs["email"][0].starts_with("invalid type"), "{errs:?}");
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        for body in [&b"{nope"[..], b"", br#"{"email":"a","password":"b"} trailing"#] {
            let problem = parse::<LoginRequest>(body).unwrap_err().problem();
            assert_eq!((problem.status, problem.code.as_str()), (400, "invalid_json"), "{body:?}");
        }
    }

    #[test]
    fn arrays_are_not_objects() {
        for body in [&b"[null, null]"[..], b" [\"a@b.co\", \"x\"]"] {
            let problem = parse::<LoginRequest>(body).unwrap_err().problem();
            assert_eq!((problem.status, problem.code.as_str()), (422, "validation_failed"), "{body:?}");
            assert!(problem.errors.is_some_and(|e| e.contains_key("body")));
        }
    }

    #[test]
    fn oversized_bodies_are_refused() {
        let body = vec![b' '; JSON_LIMIT + 1];
        assert_eq!(parse::<LoginRequest>(&body).unwrap_err().problem().status, 413);
    }
}
