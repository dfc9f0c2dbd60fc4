//! Stripe mode, against a local fake Stripe that speaks its wire format: Connect
//! onboarding, the destination charge, and webhooks (forged, stale, replayed, valid).

use callstar_tests::{Options, TestApp, assert_problem, on_both_databases};
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub(crate) const WEBHOOK_SECRET: &str = "whsec_test_callstar";
pub(crate) const CONNECT_SECRET: &str = "whsec_test_connect";

async fn fake_stripe() -> MockServer {
    let stripe = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/accounts"))
        .and(header("authorization", "Bearer sk_test_callstar"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "acct_123", "object": "account"})))
        .mount(&stripe)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/account_links"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "account_link", "created": 1_800_000_000, "expires_at": 1_800_000_300,
            "url": "https://connect.stripe.com/setup/e/acct_123/abc"})))
        .mount(&stripe)
        .await;
    // An account still on Stripe's automatic (daily) payouts, as accounts made before
    // Callstar paid out itself are.
    Mock::given(method("GET"))
        .and(path("/v1/accounts/acct_123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "acct_123", "object": "account", "charges_enabled": true, "payouts_enabled": true,
            "details_submitted": true, "default_currency": "eur",
            "settings": {"branding": {}, "card_payments": {}, "dashboard": {}, "payments": {},
                         "payouts": {"debit_negative_balances": false, "schedule": {"delay_days": 7, "interval": "daily"}}}})))
        .mount(&stripe)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/accounts/acct_123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "acct_123", "object": "account"})))
        .mount(&stripe)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/payment_intents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(payment_intent(
            "pi_123",
            "requires_payment_method",
            "booking",
        )))
        .mount(&stripe)
        .await;
    Mock::given(method("POST")).and(path("/v1/refunds"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "re_1", "object": "refund", "amount": 8000, "created": 1_800_000_000, "currency": "eur", "status": "succeeded"})))
        .mount(&stripe).await;
    stripe
}

pub(crate) fn payment_intent(id: &str, status: &str, booking_id: &str) -> Value {
    json!({
        "id": id, "object": "payment_intent", "amount": 8000, "amount_capturable": 0, "amount_received": 8000,
        "capture_method": "automatic", "confirmation_method": "automatic", "created": 1_800_000_000,
        "currency": "eur", "livemode": false, "metadata": {"booking_id": booking_id},
        "payment_method_types": ["card"], "status": status, "client_secret": format!("{id}_secret_abc"),
        "application_fee_amount": 1200, "transfer_data": {"destination": "acct_123"}, "latest_charge": "ch_123"
    })
}

pub(crate) fn event(id: &str, kind: &str, object: Value) -> String {
    json!({"id": id, "object": "event", "type": kind, "created": 1_800_000_000, "livemode": false,
           "pending_webhooks": 1, "api_version": "2026-09-30", "data": {"object": object}})
    .to_string()
}

pub(crate) async fn send_webhook(app: &TestApp, body: &str, signature: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/payments/webhook"))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

pub(crate) fn signed(body: &str, secret: &str, at: i64) -> String {
    format!("t={at},v1={}", providers::stripe_signature::sign(body.as_bytes(), at, secret))
}

pub(crate) async fn stripe_app(backend: callstar_tests::Backend, stripe: &MockServer) -> TestApp {
    let vars = vec![
        ("STRIPE_SECRET_KEY".to_owned(), "sk_test_callstar".to_owned()),
        ("STRIPE_PUBLISHABLE_KEY".to_owned(), "pk_test_callstar".to_owned()),
        ("STRIPE_API_BASE".to_owned(), stripe.uri()),
        ("STRIPE_WEBHOOK_SECRET".to_owned(), WEBHOOK_SECRET.to_owned()),
        ("STRIPE_CONNECT_WEBHOOK_SECRET".to_owned(), CONNECT_SECRET.to_owned()),
    ];
    TestApp::spawn_with(backend, Options { vars, ..Default::default() }).await
}

on_both_databases! {
    async fn connect_onboarding_and_the_destination_charge(backend: Backend) {
        let stripe = fake_stripe().await;
        let app = stripe_app(backend, &stripe).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let offer = app.offer(&creator.access_token, "80.00", 72).await;
        let booking: Value = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();

        // Without a connected account the creator cannot be paid yet.
        let early = app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]})).await;
        let problem = assert_problem(early, 409, "payments_not_ready").await;
        assert_eq!(problem["detail"], "This creator cannot take payments yet.");

        let link: Value = app.post_auth("/api/creators/me/stripe/onboarding-link", &creator.access_token, &json!({})).await.json().await.unwrap();
        assert_eq!(link["url"], "https://connect.stripe.com/setup/e/acct_123/abc");
        let me: Value = app.post_auth("/api/creators/me/stripe/refresh", &creator.access_token, &json!({})).await.json().await.unwrap();
        assert_eq!(me["stripe"], json!({"connected": true, "chargesEnabled": true, "payoutsEnabled": true,
                                        "detailsSubmitted": true, "defaultCurrency": "EUR", "testMode": false}));

        let intent: Value = app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]})).await.json().await.unwrap();
        assert_eq!(intent["clientSecret"], "pi_123_secret_abc");
        assert_eq!(intent["publishableKey"], "pk_test_callstar");
        assert_eq!(intent["isTestBooking"], false);
        assert_eq!(intent["booking"]["status"], "pending", "confirmed only by Stripe's webhook");

        let requests = stripe.received_requests().await.unwrap();
        // Accounts pay out only when Callstar says: created on the manual schedule, and an
        // older account still on automatic payouts is moved to it.
        let account = requests.iter().find(|r| r.url.path() == "/v1/accounts").unwrap();
        assert_eq!(url_decoded(&account.body)["settings[payouts][schedule][interval]"], "manual");
        let moved = requests.iter().find(|r| r.url.path() == "/v1/accounts/acct_123" && r.method.as_str() == "POST").unwrap();
        assert_eq!(url_decoded(&moved.body)["settings[payouts][schedule][interval]"], "manual");
        let create = requests.iter().find(|r| r.url.path() == "/v1/payment_intents").unwrap();
        let form: std::collections::HashMap<String, String> = url_decoded(&create.body);
        assert_eq!(form["amount"], "8000");
        assert_eq!(form["currency"], "eur");
        assert_eq!(form["application_fee_amount"], "1200", "15 % platform fee");
        assert_eq!(form["transfer_data[destination]"], "acct_123");
        assert_eq!(form["automatic_payment_methods[enabled]"], "true");
        assert_eq!(form["metadata[booking_id]"], booking["id"].as_str().unwrap());
        let key = create.headers.get("idempotency-key").unwrap().to_str().unwrap();
        assert_eq!(key, format!("callstar-booking-{}", booking["id"].as_str().unwrap()));
        assert_eq!(create.headers.get("authorization").unwrap(), "Bearer sk_test_callstar");
    }

    async fn webhooks_are_verified_and_applied_once(backend: Backend) {
        let stripe = fake_stripe().await;
        let app = stripe_app(backend, &stripe).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        app.admin("ops@example.com").await;
        app.post_auth("/api/creators/me/stripe/onboarding-link", &creator.access_token, &json!({})).await;
        app.post_auth("/api/creators/me/stripe/refresh", &creator.access_token, &json!({})).await;
        let offer = app.offer(&creator.access_token, "80.00", 72).await;
        let booking: Value = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        let booking_id = booking["id"].as_str().unwrap().to_owned();
        app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking_id})).await;
        let status = |app: &TestApp| {
            let app_url = app.url(&format!("/api/bookings/{booking_id}"));
            let client = app.client.clone();
            let token = fan.access_token.clone();
            async move { client.get(app_url).bearer_auth(token).send().await.unwrap().json::<Value>().await.unwrap()["status"].clone() }
        };

        let now = chrono::Utc::now().timestamp();
        let succeeded = event("evt_1", "payment_intent.succeeded", payment_intent("pi_123", "succeeded", &booking_id));

        // Forged, stale, unsigned and altered events change nothing.
        assert_problem(send_webhook(&app, &succeeded, &signed(&succeeded, "whsec_forged", now)).await, 400, "invalid_signature").await;
        assert_problem(send_webhook(&app, &succeeded, &signed(&succeeded, WEBHOOK_SECRET, now - 400)).await, 400, "invalid_signature").await;
        assert_problem(send_webhook(&app, &succeeded, "").await, 400, "invalid_signature").await;
        let altered = succeeded.replace("\"amount\":8000", "\"amount\":1");
        assert_problem(send_webhook(&app, &altered, &signed(&succeeded, WEBHOOK_SECRET, now)).await, 400, "invalid_signature").await;
        assert_eq!(status(&app).await, "pending");

        // A valid event confirms exactly once; a replay changes nothing.
        for _ in 0..3 {
            let response = send_webhook(&app, &succeeded, &signed(&succeeded, WEBHOOK_SECRET, now)).await;
            assert_eq!(response.status(), 200);
        }
        assert_eq!(status(&app).await, "confirmed");
        let payments = entity::payment::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(payments.len(), 1);
        assert_eq!((payments[0].platform_fee_minor, payments[0].creator_amount_minor, payments[0].is_test), (1200, 6800, false));
        assert_eq!(payments[0].stripe_charge_id.as_deref(), Some("ch_123"));
        let notes: Value = app.get("/api/notifications", Some(&fan.access_token)).await.json().await.unwrap();
        assert_eq!(notes["total"], 1, "one confirmation, not three: {notes}");
        // The same object under a new event id is also harmless.
        let again = event("evt_1b", "payment_intent.succeeded", payment_intent("pi_123", "succeeded", &booking_id));
        assert_eq!(send_webhook(&app, &again, &signed(&again, WEBHOOK_SECRET, now)).await.status(), 200);
        assert_eq!(entity::payment::Entity::find().all(&app.db).await.unwrap().len(), 1);

        // Refunds and disputes are recorded; admins hear about disputes.
        let refunded = event("evt_2", "charge.refunded", json!({"id": "ch_123", "object": "charge", "payment_intent": "pi_123",
            "amount": 8000, "amount_refunded": 3000, "refunded": false, "currency": "eur"}));
        assert_eq!(send_webhook(&app, &refunded, &signed(&refunded, WEBHOOK_SECRET, now)).await.status(), 200);
        let paid = entity::payment::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!((paid.refunded_amount_minor, paid.status.as_str()), (3000, "partially_refunded"));
        let dispute = event("evt_3", "charge.dispute.created", json!({"id": "dp_1", "object": "dispute", "charge": "ch_123",
            "payment_intent": "pi_123", "amount": 8000, "currency": "eur", "reason": "fraudulent", "status": "needs_response"}));
        assert_eq!(send_webhook(&app, &dispute, &signed(&dispute, WEBHOOK_SECRET, now)).await.status(), 200);
        let disputes = entity::dispute::Entity::find().all(&app.db).await.unwrap();
        assert_eq!((disputes.len(), disputes[0].reason.as_deref()), (1, Some("fraudulent")));
        let ops = app.login("ops@example.com", callstar_tests::PASSWORD).await.json::<Value>().await.unwrap();
        let admin_notes: Value = app.get("/api/notifications", ops["accessToken"].as_str()).await.json().await.unwrap();
        assert_eq!(admin_notes["items"][0]["type"], "DISPUTE_CREATED");

        // Unknown event types are acknowledged and ignored.
        let other = event("evt_4", "customer.created", json!({"id": "cus_1", "object": "customer"}));
        assert_eq!(send_webhook(&app, &other, &signed(&other, WEBHOOK_SECRET, now)).await.status(), 200);
    }

    async fn a_failed_payment_informs_and_the_fan_may_retry(backend: Backend) {
        let stripe = fake_stripe().await;
        let app = stripe_app(backend, &stripe).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fans = app.quick_users(2, "user").await;
        app.post_auth("/api/creators/me/stripe/onboarding-link", &creator.access_token, &json!({})).await;
        app.post_auth("/api/creators/me/stripe/refresh", &creator.access_token, &json!({})).await;
        let offer = app.offer(&creator.access_token, "80.00", 72).await;
        let booking: Value = app.post_auth("/api/bookings", &fans[0].1, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        let booking_id = booking["id"].as_str().unwrap();
        app.post_auth("/api/payments/create-intent", &fans[0].1, &json!({"bookingId": booking_id})).await;

        let mut object = payment_intent("pi_123", "requires_payment_method", booking_id);
        object["last_payment_error"] = json!({"type": "card_error", "code": "card_declined", "message": "Your card was declined."});
        let failed = event("evt_f", "payment_intent.payment_failed", object);
        let now = chrono::Utc::now().timestamp();
        assert_eq!(send_webhook(&app, &failed, &signed(&failed, WEBHOOK_SECRET, now)).await.status(), 200);
        // The booking still holds the offer: the fan may try again with the same PaymentIntent.
        let view: Value = app.get(&format!("/api/bookings/{booking_id}"), Some(&fans[0].1)).await.json().await.unwrap();
        assert_eq!((view["status"].as_str(), view["cancelReason"].as_str()), (Some("pending"), None));
        assert_problem(app.post_auth("/api/bookings", &fans[1].1, &json!({"callOfferId": offer["id"]})).await, 409, "already_booked").await;
        let notes: Value = app.get("/api/notifications", Some(&fans[0].1)).await.json().await.unwrap();
        assert_eq!(notes["items"][0]["type"], "PAYMENT_FAILED");
        assert!(notes["items"][0]["message"].as_str().unwrap().contains("Your card was declined."), "{notes}");
        // The retry succeeds: confirmed.
        let succeeded = event("evt_s", "payment_intent.succeeded", payment_intent("pi_123", "succeeded", booking_id));
        assert_eq!(send_webhook(&app, &succeeded, &signed(&succeeded, WEBHOOK_SECRET, now)).await.status(), 200);
        let view: Value = app.get(&format!("/api/bookings/{booking_id}"), Some(&fans[0].1)).await.json().await.unwrap();
        assert_eq!(view["status"], "confirmed");
    }

    async fn webhooks_without_a_configured_secret_are_refused(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let body = event("evt_x", "payment_intent.succeeded", json!({"id": "pi_x"}));
        let response = send_webhook(&app, &body, &signed(&body, WEBHOOK_SECRET, chrono::Utc::now().timestamp())).await;
        assert_problem(response, 503, "service_unavailable").await;
    }
}

pub(crate) fn url_decoded(body: &[u8]) -> std::collections::HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

on_both_databases! {
    async fn a_stripe_outage_is_a_502_and_a_stripe_refusal_a_422(backend: Backend) {
        let stripe = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/accounts"))
            .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": {"type": "api_error", "message": "down"}})))
            .mount(&stripe)
            .await;
        let app = stripe_app(backend, &stripe).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let down = app.post_auth("/api/creators/me/stripe/onboarding-link", &creator.access_token, &json!({})).await;
        let problem = assert_problem(down, 502, "provider_unavailable").await;
        assert!(!problem["detail"].as_str().unwrap().is_empty());

        stripe.reset().await;
        Mock::given(method("POST"))
            .and(path("/v1/accounts"))
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
                "type": "invalid_request_error", "code": "email_invalid", "message": "Invalid email address"}})))
            .mount(&stripe)
            .await;
        let refused = app.post_auth("/api/creators/me/stripe/onboarding-link", &creator.access_token, &json!({})).await;
        assert_problem(refused, 422, "provider_refused").await;
    }
}
