//! Access tokens (JWT, HS256 pinned) and opaque tokens (refresh tokens, invitation links,
//! WebSocket tickets): 256 random bits, stored only as their SHA-256.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use domain::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The claims of a Callstar access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The user's role when the token was issued.
    pub role: Role,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
}

/// Signs and checks access tokens with one HMAC secret.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys").field("ttl", &self.ttl).finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// How long an access token lives.
    pub const ACCESS_TTL_SECS: i64 = 15 * 60;

    /// Keys from a secret of at least 32 bytes.
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        validation.validate_exp = true;
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl: Duration::seconds(Self::ACCESS_TTL_SECS),
        }
    }

    /// Issues an access token; returns it with its lifetime in seconds.
    pub fn issue(&self, user_id: Uuid, role: Role, now: DateTime<Utc>) -> Result<(String, u64), crate::ServiceError> {
        let claims = Claims { sub: user_id, role, iat: now.timestamp(), exp: (now + self.ttl).timestamp() };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|err| crate::ServiceError::Internal(format!("signing an access token failed: {err}")))?;
        Ok((token, self.ttl.num_seconds().unsigned_abs()))
    }

    /// Checks signature, algorithm, `exp`, `iat` and `sub`; returns the claims.
    pub fn verify(&self, token: &str) -> Result<Claims, crate::ServiceError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(|_| {
            crate::ServiceError::refused(api_types::ErrorCode::Unauthorized, "The access token is invalid or expired.")
        })
    }
}

/// A new random opaque token (256 bits, URL-safe base64).
pub fn new_opaque_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored of an opaque token: its hex SHA-256.
pub fn hash_opaque_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random refresh token.
pub fn new_refresh_token() -> String {
    new_opaque_token()
}

/// What is stored of a refresh token: its hex SHA-256.
pub fn hash_refresh_token(token: &str) -> String {
    hash_opaque_token(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn issued_tokens_verify() {
        let keys = JwtKeys::new(SECRET);
        let id = Uuid::new_v4();
        let (token, ttl) = keys.issue(id, Role::Creator, Utc::now()).unwrap();
        assert_eq!(ttl, 900);
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.sub, id);
        assert_eq!(claims.role, Role::Creator);
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let keys = JwtKeys::new(SECRET);
        let (old, _) = keys.issue(Uuid::new_v4(), Role::User, Utc::now() - Duration::minutes(20)).unwrap();
        assert!(keys.verify(&old).is_err());
        let other = JwtKeys::new(b"another-secret-another-secret-xx");
        let (foreign, _) = other.issue(Uuid::new_v4(), Role::User, Utc::now()).unwrap();
        assert!(keys.verify(&foreign).is_err());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_refresh_token();
        let b = new_refresh_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        let hash = hash_refresh_token(&a);
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, hash_refresh_token(&a));
        assert_ne!(hash, hash_refresh_token(&b));
    }
}
