//! Verification of the `Stripe-Signature` header on the raw webhook body: HMAC-SHA256 of
//! `"<t>.<body>"` with the endpoint secret (as-is, `whsec_` included), hex-encoded, compared
//! in constant time with every `v1` value; the timestamp must be within the tolerance.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Stripe's SDK default tolerance, in seconds.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `t=` or no `v1=` in the header.
    #[error("malformed Stripe-Signature header")]
    Malformed,
    /// No `v1` matches.
    #[error("no valid v1 signature")]
    Mismatch,
    /// `t` is outside the tolerance.
    #[error("timestamp outside the tolerance")]
    Stale,
}

/// Checks a webhook signature at `now` (Unix seconds).
pub fn verify(body: &[u8], header: &str, secret: &str, now: i64) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for item in header.split(',') {
        match item.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => candidates.push(value.to_owned()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let expected = sign(body, timestamp, secret);
    let matches = candidates.iter().any(|candidate| bool::from(candidate.as_bytes().ct_eq(expected.as_bytes())));
    if !matches {
        return Err(SignatureError::Mismatch);
    }
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    Ok(())
}

/// The hex `v1` signature of a payload, as Stripe computes it (also used by tests to sign).
pub fn sign(body: &[u8], timestamp: i64, secret: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;

    #[test]
    fn accepts_a_valid_signature_among_others() {
        let t = 1_800_000_000;
        let good = sign(BODY, t, SECRET);
        assert_eq!(verify(BODY, &format!("t={t},v1={good}"), SECRET, t + 10), Ok(()));
        let rolled = format!("t={t},v1={},v1={good},v0=deadbeef", sign(BODY, t, "whsec_old"));
        assert_eq!(verify(BODY, &rolled, SECRET, t), Ok(()), "one valid v1 among several is enough");
    }

    #[test]
    fn refuses_forged_changed_stale_and_malformed() {
        let t = 1_800_000_000;
        let good = sign(BODY, t, SECRET);
        assert_eq!(
            verify(BODY, &format!("t={t},v1={}", sign(BODY, t, "whsec_wrong")), SECRET, t),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"{\"id\":\"evt_2\"}", &format!("t={t},v1={good}"), SECRET, t),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(verify(BODY, &format!("t={t},v1={good}"), SECRET, t + 301), Err(SignatureError::Stale));
        assert_eq!(verify(BODY, &format!("t={t},v0={good}"), SECRET, t), Err(SignatureError::Malformed));
        assert_eq!(verify(BODY, &format!("v1={good}"), SECRET, t), Err(SignatureError::Malformed));
        assert_eq!(verify(BODY, "", SECRET, t), Err(SignatureError::Malformed));
    }

    #[test]
    fn matches_stripes_reference_construction() {
        // HMAC-SHA256("t.body") keyed with the secret string, lower-case hex, 64 chars.
        let signature = sign(b"{}", 1, "whsec_x");
        assert_eq!(signature.len(), 64);
        assert!(signature.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }
}
