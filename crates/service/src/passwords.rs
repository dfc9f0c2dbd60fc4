//! Argon2id password hashing, run off the async executor.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use domain::Password;

use crate::ServiceError;

/// Hashes a password into a PHC string (Argon2id, the crate's recommended parameters).
pub async fn hash(password: &Password) -> Result<String, ServiceError> {
    let clear = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(clear.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| ServiceError::Internal(format!("password hashing failed: {err}")))
    })
    .await
    .map_err(|err| ServiceError::Internal(format!("password hashing task failed: {err}")))?
}

/// Whether `clear` matches the stored PHC string. A malformed hash never matches.
pub async fn verify(clear: &str, phc: &str) -> Result<bool, ServiceError> {
    let clear = clear.to_owned();
    let phc = phc.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc)
            .map(|parsed| Argon2::default().verify_password(clear.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|err| ServiceError::Internal(format!("password check task failed: {err}")))
}

/// A hash of a random password, checked against when the e-mail is unknown so that
/// a login takes as long whether or not the account exists.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Hq3Jz3Tf0lSAZc6/tqEXsDwfYqoFSv1cGI8BMBTfMXM"
}

/// The stored hash of an account without a password (a prospect a host booked for): no
/// password verifies against it, and registering with its e-mail sets a real one.
pub fn unusable_hash() -> String {
    "!no-password".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id() {
        let password = Password::parse("correct horse 1").unwrap();
        let phc = hash(&password).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse 1", &phc).await.unwrap());
        assert!(!verify("correct horse 2", &phc).await.unwrap());
        assert!(!verify("anything", "not a hash").await.unwrap());
    }

    #[tokio::test]
    async fn dummy_hash_is_well_formed_and_matches_nothing_guessable() {
        assert!(PasswordHash::new(dummy_hash()).is_ok());
        assert!(!verify("password", dummy_hash()).await.unwrap());
    }
}
