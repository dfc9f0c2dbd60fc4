//! Access tokens: only unexpired HS256 tokens signed with our secret are accepted.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use callstar_tests::{JWT_SECRET, TestApp, assert_problem, on_both_databases};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::json;

fn sign(alg: Algorithm, secret: &str, claims: &serde_json::Value) -> String {
    encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

const AUDIENCE: &str = service::tokens::JwtKeys::AUDIENCE;

fn with_role_admin(claims: &serde_json::Value) -> serde_json::Value {
    let mut claims = claims.clone();
    claims["role"] = json!("admin");
    claims
}

on_both_databases! {
    async fn forged_expired_and_malformed_tokens_are_refused(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.signed_in("ada@example.com", "user").await;
        let sub = session.user_id();
        let now = chrono::Utc::now().timestamp();
        let iss = app.jwt.issuer().to_owned();

        // Sanity: a token we sign ourselves with the right secret works, so the refusals
        // below are due to what we changed.
        let claims = json!({"iss": iss, "aud": AUDIENCE, "sub": sub, "role": "user", "iat": now, "exp": now + 60});
        let good = sign(Algorithm::HS256, JWT_SECRET, &claims);
        assert_eq!(app.get("/api/me", Some(&good)).await.status(), 200);
        let without = |field: &str| {
            let mut claims = claims.clone();
            claims.as_object_mut().unwrap().remove(field);
            sign(Algorithm::HS256, JWT_SECRET, &claims)
        };
        let with = |field: &str, value: serde_json::Value| {
            let mut claims = claims.clone();
            claims[field] = value;
            sign(Algorithm::HS256, JWT_SECRET, &claims)
        };

        let expired = with("exp", json!(now - 100));
        let wrong_secret = sign(Algorithm::HS256, "some-other-secret-some-other-secret!!", &claims);
        let other_alg = sign(Algorithm::HS512, JWT_SECRET, &claims);
        let no_exp = without("exp");
        let no_iat = without("iat");
        let no_iss = without("iss");
        let no_aud = without("aud");
        let other_issuer = with("iss", json!("https://staging.callstar.example"));
        let other_audience = with("aud", json!("another-service"));

        // Tampered: same signature, payload changed to claim the admin role.
        let mut parts: Vec<String> = session.access_token.split('.').map(str::to_owned).collect();
        let mut payload: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        payload["role"] = json!("admin");
        parts[1] = URL_SAFE_NO_PAD.encode(payload.to_string());
        let tampered = parts.join(".");

        // alg: none, unsigned.
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(with_role_admin(&claims).to_string());
        let alg_none = format!("{header}.{body}.");

        for (name, token) in [
            ("expired", expired),
            ("wrong secret", wrong_secret),
            ("HS512", other_alg),
            ("no exp", no_exp),
            ("no iat", no_iat),
            ("no iss", no_iss),
            ("no aud", no_aud),
            ("another issuer (same secret)", other_issuer),
            ("another audience", other_audience),
            ("tampered", tampered),
            ("alg none", alg_none),
            ("garbage", "not.a.token".to_owned()),
        ] {
            let response = app.get("/api/me", Some(&token)).await;
            assert_eq!(response.status(), 401, "{name}");
            assert_eq!(response.headers().get("www-authenticate").unwrap(), "Bearer", "{name}");
            assert_problem(response, 401, "unauthorized").await;
        }
    }

    async fn missing_or_malformed_authorization_headers(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        assert_problem(app.get("/api/me", None).await, 401, "unauthorized").await;
        let basic = app.client.get(app.url("/api/me")).header("authorization", "Basic YTpi").send().await.unwrap();
        assert_problem(basic, 401, "unauthorized").await;
        let empty = app.client.get(app.url("/api/me")).header("authorization", "Bearer ").send().await.unwrap();
        assert_problem(empty, 401, "unauthorized").await;
    }
}
