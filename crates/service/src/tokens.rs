//! Access tokens (JWT, HS256 pinned, with this server's issuer and audience) and opaque
//! tokens (refresh tokens, invitation links, WebSocket tickets): 256 random bits, stored only
//! as their SHA-256; a refresh token's successor is derived from it with a keyed hash.

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
    /// Who issued it: the server's public origin (`PUBLIC_URL`), so a token of one deployment
    /// is refused by another even if they share a secret by mistake.
    pub iss: String,
    /// Whom it is for: [`JwtKeys::AUDIENCE`].
    pub aud: String,
    /// The user id.
    pub sub: Uuid,
    /// The user's role when the token was issued.
    pub role: Role,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
}

/// The claims of a guest link: a prospect's signed, expiring key to one appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct GuestClaims {
    /// The prospect's account.
    sub: Uuid,
    /// The one booking it opens.
    bid: Uuid,
    /// Always [`GUEST_AUDIENCE`]: an access token is not a link, nor a link an access token.
    aud: String,
    /// Expires at (Unix seconds).
    exp: i64,
}

const GUEST_AUDIENCE: &str = "callstar-guest-link";

/// Signs and checks access tokens with one HMAC secret; derives refresh-token successors
/// with a key of their own, derived from the same secret.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
    issuer: String,
    successor_key: [u8; 32],
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys").field("ttl", &self.ttl).field("issuer", &self.issuer).finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// How long an access token lives.
    pub const ACCESS_TTL_SECS: i64 = 15 * 60;
    /// The audience of every access token: this API.
    pub const AUDIENCE: &'static str = "callstar-api";

    /// Keys from a secret of at least 32 bytes, for tokens issued by `issuer` (the public origin).
    pub fn new(secret: &[u8], issuer: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[Self::AUDIENCE]);
        validation.validate_exp = true;
        validation.leeway = 5;
        let mut successor = Sha256::new();
        successor.update(b"callstar refresh-token successor key\0");
        successor.update(secret);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl: Duration::seconds(Self::ACCESS_TTL_SECS),
            issuer: issuer.to_owned(),
            successor_key: successor.finalize().into(),
        }
    }

    /// A guest link's key: lets `user_id` (a prospect) into `booking_id` until `expires_at`.
    pub fn guest_key(
        &self,
        user_id: Uuid,
        booking_id: Uuid,
        expires_at: DateTime<Utc>,
    ) -> Result<String, crate::ServiceError> {
        let claims =
            GuestClaims { sub: user_id, bid: booking_id, aud: GUEST_AUDIENCE.to_owned(), exp: expires_at.timestamp() };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|err| crate::ServiceError::Internal(format!("signing a guest link failed: {err}")))
    }

    /// Checks a guest link's key for `booking_id`; returns the prospect's account.
    pub fn verify_guest_key(&self, key: &str, booking_id: Uuid) -> Result<Uuid, crate::ServiceError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_required_spec_claims(&["exp", "sub", "aud"]);
        validation.set_audience(&[GUEST_AUDIENCE]);
        let refused =
            || crate::ServiceError::refused(api_types::ErrorCode::Unauthorized, "This link is invalid or has expired.");
        let claims =
            jsonwebtoken::decode::<GuestClaims>(key, &self.decoding, &validation).map_err(|_| refused())?.claims;
        if claims.bid == booking_id { Ok(claims.sub) } else { Err(refused()) }
    }

    /// The issuer tokens are signed as and must carry.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The refresh token that follows `token` when it is exchanged: an HMAC of it under a key
    /// only the server has. Being derived, not random, the same successor can be answered to
    /// a second request that raced the first with the same token (two tabs refreshing at
    /// once), on any instance, without storing it in clear.
    pub fn successor_token(&self, token: &str) -> String {
        use hmac::Mac as _;
        let mut mac = <hmac::Hmac<Sha256> as hmac::Mac>::new_from_slice(&self.successor_key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(token.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Issues an access token; returns it with its lifetime in seconds.
    pub fn issue(&self, user_id: Uuid, role: Role, now: DateTime<Utc>) -> Result<(String, u64), crate::ServiceError> {
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: Self::AUDIENCE.to_owned(),
            sub: user_id,
            role,
            iat: now.timestamp(),
            exp: (now + self.ttl).timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|err| crate::ServiceError::Internal(format!("signing an access token failed: {err}")))?;
        Ok((token, self.ttl.num_seconds().unsigned_abs()))
    }

    /// Checks signature, algorithm, `exp`, `iat`, `sub`, `iss` and `aud`; returns the claims.
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
    const ISSUER: &str = "https://calls.example.com";

    #[test]
    fn issued_tokens_verify() {
        let keys = JwtKeys::new(SECRET, ISSUER);
        let id = Uuid::new_v4();
        let (token, ttl) = keys.issue(id, Role::Creator, Utc::now()).unwrap();
        assert_eq!(ttl, 900);
        let claims = keys.verify(&token).unwrap();
        assert_eq!(claims.sub, id);
        assert_eq!(claims.role, Role::Creator);
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let keys = JwtKeys::new(SECRET, ISSUER);
        let (old, _) = keys.issue(Uuid::new_v4(), Role::User, Utc::now() - Duration::minutes(20)).unwrap();
        assert!(keys.verify(&old).is_err());
        let other = JwtKeys::new(b"another-secret-another-secret-xx", ISSUER);
        let (foreign, _) = other.issue(Uuid::new_v4(), Role::User, Utc::now()).unwrap();
        assert!(keys.verify(&foreign).is_err());
    }

    #[test]
    fn tokens_of_another_issuer_or_audience_are_refused() {
        let keys = JwtKeys::new(SECRET, ISSUER);
        let staging = JwtKeys::new(SECRET, "https://staging.example.com");
        let (theirs, _) = staging.issue(Uuid::new_v4(), Role::Admin, Utc::now()).unwrap();
        assert!(keys.verify(&theirs).is_err(), "same secret, another deployment");
        let now = Utc::now().timestamp();
        let claims = serde_json::json!({"iss": ISSUER, "aud": "someone-else", "sub": Uuid::new_v4(), "role": "user",
                                        "iat": now, "exp": now + 60});
        let other_audience =
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(SECRET)).unwrap();
        assert!(keys.verify(&other_audience).is_err());
    }

    #[test]
    fn successors_are_derived_and_secret() {
        let keys = JwtKeys::new(SECRET, ISSUER);
        let token = new_refresh_token();
        assert_eq!(keys.successor_token(&token), keys.successor_token(&token));
        assert_ne!(keys.successor_token(&token), keys.successor_token(&new_refresh_token()));
        assert_ne!(
            keys.successor_token(&token),
            JwtKeys::new(b"another-secret-another-secret-xx", ISSUER).successor_token(&token)
        );
        assert_eq!(keys.successor_token(&token).len(), 43);
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

#[cfg(test)]
mod guest_tests {
    use super::*;

    #[test]
    fn a_guest_key_opens_one_booking_until_it_expires() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", "https://calls.example.com");
        let (user, booking) = (Uuid::new_v4(), Uuid::new_v4());
        let key = keys.guest_key(user, booking, Utc::now() + Duration::hours(1)).unwrap();
        assert_eq!(keys.verify_guest_key(&key, booking).unwrap(), user);
        assert!(keys.verify_guest_key(&key, Uuid::new_v4()).is_err(), "another booking");
        let old = keys.guest_key(user, booking, Utc::now() - Duration::hours(1)).unwrap();
        assert!(keys.verify_guest_key(&old, booking).is_err(), "expired");
        assert!(keys.verify(&key).is_err(), "a link is not an access token");
        let (access, _) = keys.issue(user, Role::User, Utc::now()).unwrap();
        assert!(keys.verify_guest_key(&access, booking).is_err(), "an access token is not a link");
    }
}
