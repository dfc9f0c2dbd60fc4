//! Money with Stripe, against a fake Stripe that speaks its wire format and behaves like it
//! where it matters here (an idempotency key answers the same object again): payouts created
//! exactly once by two runners and through a crash, Connect webhooks finishing them, events
//! applied exactly once, late payments re-checked and refunded, the refund queue, the
//! reconciliation of lost webhooks, disputes, and a cancellation racing a payment.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use callstar_tests::{Backend, Session, TestApp, assert_problem, on_both_databases};
use chrono::{Duration, Utc};
use domain::booking::BookingStatus;
use domain::payment::RefundStatus;
use entity::{booking, creator, email, ledger_entry, payment, payout, refund, stripe_event};
use futures_util::future::join_all;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::stripe::{
    CONNECT_SECRET, WEBHOOK_SECRET, event, payment_intent, send_webhook, signed, stripe_app, url_decoded,
};

/// What the fake Stripe saw and decided.
#[derive(Default)]
struct Seen {
    /// Payouts by idempotency key: the payout created for it, and how often the key came.
    payouts: HashMap<String, (String, usize)>,
    /// Each payout request: (Stripe-Account, form body).
    payout_requests: Vec<(String, HashMap<String, String>)>,
    /// Delay the answer to the first request of this key (the process dies meanwhile).
    slow_key: Option<String>,
    /// Refuse payouts with this message.
    refuse_payouts: Option<String>,
    /// Statuses to answer the next payout requests with, unprocessed (then as usual).
    payout_outages: Vec<u16>,
    /// Refund requests: (idempotency key, form body).
    refunds: Vec<(String, HashMap<String, String>)>,
    /// Statuses to answer the next refund requests with (then 200).
    refund_failures: Vec<u16>,
    /// PaymentIntent statuses for `GET /v1/payment_intents/{id}`.
    intents: HashMap<String, String>,
}

struct FakeStripe {
    server: MockServer,
    seen: Arc<Mutex<Seen>>,
}

fn key_of(req: &Request) -> String {
    req.headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

impl FakeStripe {
    async fn start() -> Self {
        let server = MockServer::start().await;
        let seen: Arc<Mutex<Seen>> = Arc::default();
        Mock::given(method("POST"))
            .and(path("/v1/payment_intents"))
            .respond_with(|req: &Request| {
                let form = url_decoded(&req.body);
                let booking = form.get("metadata[booking_id]").cloned().unwrap_or_default();
                let id = format!("pi_{}", booking.replace('-', ""));
                ResponseTemplate::new(200).set_body_json(payment_intent(&id, "requires_payment_method", &booking))
            })
            .mount(&server)
            .await;
        let state = seen.clone();
        Mock::given(method("GET"))
            .and(path_regex(r"^/v1/payment_intents/pi_[a-z0-9]+$"))
            .respond_with(move |req: &Request| {
                let id = req.url.path().rsplit('/').next().unwrap_or_default().to_owned();
                let status =
                    state.lock().unwrap().intents.get(&id).cloned().unwrap_or_else(|| "requires_payment_method".into());
                let booking = id.trim_start_matches("pi_").to_owned();
                let booking = Uuid::parse_str(&booking).map(|u| u.to_string()).unwrap_or_default();
                ResponseTemplate::new(200).set_body_json(payment_intent(&id, &status, &booking))
            })
            .mount(&server)
            .await;
        let state = seen.clone();
        Mock::given(method("POST"))
            .and(path("/v1/refunds"))
            .respond_with(move |req: &Request| {
                let mut seen = state.lock().unwrap();
                seen.refunds.push((key_of(req), url_decoded(&req.body)));
                if !seen.refund_failures.is_empty() {
                    let status = seen.refund_failures.remove(0);
                    let kind = if status >= 500 { "api_error" } else { "invalid_request_error" };
                    return ResponseTemplate::new(status)
                        .set_body_json(json!({"error": {"type": kind, "message": "refund refused"}}));
                }
                ResponseTemplate::new(200)
                    .set_body_json(json!({"id": format!("re_{}", seen.refunds.len()), "object": "refund",
                    "amount": 8000, "created": 1_800_000_000, "currency": "eur", "status": "succeeded"}))
            })
            .mount(&server)
            .await;
        let state = seen.clone();
        Mock::given(method("POST"))
            .and(path("/v1/payouts"))
            .respond_with(move |req: &Request| {
                let mut seen = state.lock().unwrap();
                let key = key_of(req);
                let account = req.headers.get("stripe-account").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                let form = url_decoded(&req.body);
                seen.payout_requests.push((account, form.clone()));
                if !seen.payout_outages.is_empty() {
                    let status = seen.payout_outages.remove(0);
                    return ResponseTemplate::new(status).set_body_json(json!({"error": {"type": "api_error", "message": "down"}}));
                }
                if let Some(message) = seen.refuse_payouts.clone() {
                    return ResponseTemplate::new(400).set_body_json(json!({"error": {"type": "invalid_request_error",
                        "code": "balance_insufficient", "message": message}}));
                }
                // Like Stripe: the same key answers the payout it created the first time.
                let fresh = format!("po_{}", seen.payouts.len() + 1);
                let entry = seen.payouts.entry(key.clone()).or_insert((fresh, 0));
                entry.1 += 1;
                let (id, count) = entry.clone();
                let body = json!({"id": id, "object": "payout", "amount": form["amount"].parse::<i64>().unwrap_or(0),
                    "arrival_date": 1_800_100_000, "automatic": false, "created": 1_800_000_000, "currency": form["currency"],
                    "livemode": false, "method": "standard", "reconciliation_status": "not_applicable", "source_type": "card",
                    "status": "pending", "type": "bank_account",
                    "metadata": {"callstar_payout_id": form.get("metadata[callstar_payout_id]")}});
                let template = ResponseTemplate::new(200).set_body_json(body);
                if seen.slow_key.as_deref() == Some(key.as_str()) && count == 1 {
                    return template.set_delay(StdDuration::from_secs(5));
                }
                template
            })
            .mount(&server)
            .await;
        Self { server, seen }
    }
}

async fn send_connect(app: &TestApp, body: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/payments/connect-webhook"))
        .header("content-type", "application/json")
        .header("stripe-signature", signed(body, CONNECT_SECRET, Utc::now().timestamp()))
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

fn connect_event(id: &str, kind: &str, account: &str, object: Value) -> String {
    let mut envelope: Value = serde_json::from_str(&event(id, kind, object)).unwrap();
    envelope["account"] = json!(account);
    envelope.to_string()
}

async fn platform(app: &TestApp, body: &str) -> reqwest::Response {
    send_webhook(app, body, &signed(body, WEBHOOK_SECRET, Utc::now().timestamp())).await
}

/// A creator with a connected account that can take charges and receive payouts.
async fn connected_creator(app: &TestApp, email: &str, account: &str) -> Session {
    let session = app.signed_in(email, "creator").await;
    app.get("/api/creators/me", Some(&session.access_token)).await;
    let user_id: Uuid = session.user_id().parse().unwrap();
    creator::Entity::update_many()
        .col_expr(creator::Column::StripeAccountId, Expr::value(account.to_owned()))
        .col_expr(creator::Column::ChargesEnabled, Expr::value(true))
        .col_expr(creator::Column::PayoutsEnabled, Expr::value(true))
        .col_expr(creator::Column::DetailsSubmitted, Expr::value(true))
        .filter(creator::Column::UserId.eq(user_id))
        .exec(&app.db)
        .await
        .unwrap();
    session
}

/// A pending booking of a new offer `hours` ahead, with its PaymentIntent: (booking id, pi).
async fn booked(app: &TestApp, creator: &Session, fan_token: &str, hours: i64) -> (String, String) {
    let offer = app.offer(&creator.access_token, "80.00", hours).await;
    book_offer(app, &offer, fan_token).await
}

async fn book_offer(app: &TestApp, offer: &Value, fan_token: &str) -> (String, String) {
    let booking = app.post_auth("/api/bookings", fan_token, &json!({"callOfferId": offer["id"]})).await;
    assert_eq!(booking.status(), 201);
    let booking: Value = booking.json().await.unwrap();
    let id = booking["id"].as_str().unwrap().to_owned();
    let intent = app.post_auth("/api/payments/create-intent", fan_token, &json!({"bookingId": id})).await;
    assert_eq!(intent.status(), 200);
    (id.clone(), format!("pi_{}", id.replace('-', "")))
}

fn succeeded(event_id: &str, pi: &str, booking_id: &str) -> String {
    event(event_id, "payment_intent.succeeded", payment_intent(pi, "succeeded", booking_id))
}

async fn status_of(app: &TestApp, booking_id: &str) -> BookingStatus {
    booking::Entity::find_by_id(booking_id.parse::<Uuid>().unwrap()).one(&app.db).await.unwrap().unwrap().status
}

async fn release_and_approve(app: &TestApp, admin: &Session, creators: &[&Session]) -> Vec<String> {
    crate::payouts::release_earnings(app).await;
    let mut ids = Vec::new();
    for creator in creators {
        let manual = app
            .client
            .put(app.url("/api/payouts/settings"))
            .bearer_auth(&creator.access_token)
            .json(&json!({"schedule": "MANUAL", "minimum": "10"}))
            .send()
            .await
            .unwrap();
        assert_eq!(manual.status(), 200);
        let payout = app.post_auth("/api/payouts", &creator.access_token, &json!({"amount": "68.00"})).await;
        assert_eq!(payout.status(), 201);
        let id = payout.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let approve = app.post_auth(&format!("/api/admin/payouts/{id}/approve"), &admin.access_token, &json!({})).await;
        assert_eq!(approve.status(), 200);
        ids.push(id);
    }
    ids
}

async fn paid_booking(app: &TestApp, creator: &Session, fan_token: &str, hours: i64) -> (String, String) {
    let (booking_id, pi) = booked(app, creator, fan_token, hours).await;
    let body = succeeded(&format!("evt_{}", Uuid::new_v4().simple()), &pi, &booking_id);
    assert_eq!(platform(app, &body).await.status(), 200);
    assert_eq!(status_of(app, &booking_id).await, BookingStatus::Confirmed);
    (booking_id, pi)
}

on_both_databases! {
    async fn each_payout_is_created_at_stripe_once_through_two_runners_and_a_crash(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let admin = app.admin("ops@example.com").await;
        let fans = app.quick_users(3, "user").await;
        let mut creators = Vec::new();
        for (i, fan) in fans.iter().enumerate() {
            let creator = connected_creator(&app, &format!("creator{i}@example.com"), &format!("acct_{i}")).await;
            paid_booking(&app, &creator, &fan.1, 48 + i64::try_from(i).unwrap()).await;
            creators.push(creator);
        }
        let ids = release_and_approve(&app, &admin, &creators.iter().collect::<Vec<_>>()).await;

        // Runner A sends; Stripe creates the first payout but its answer never arrives: the
        // process dies between Stripe's answer and the commit.
        stripe.seen.lock().unwrap().slow_key = Some(format!("callstar-payout-{}", ids[0]));
        let runner_a = app.ctx.clone();
        let crashed = tokio::spawn(async move { service::payouts::process(&runner_a, Utc::now()).await });
        for _ in 0..100 {
            if !stripe.seen.lock().unwrap().payouts.is_empty() {
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(20)).await;
        }
        crashed.abort();
        assert!(crashed.await.unwrap_err().is_cancelled(), "the runner died mid-way");
        let stuck = payout::Entity::find_by_id(ids[0].parse::<Uuid>().unwrap()).one(&app.db).await.unwrap().unwrap();
        assert_eq!((stuck.status.as_str(), stuck.attempts), ("APPROVED", 1), "Stripe's answer was never recorded");

        // Two runners (two pools) take over once the dead runner's claim has expired: each payout
        // is sent, the crashed one again with the same key, and Stripe answers the payout it made.
        let other = service::db::connect(&app.database_url, 2).await.unwrap();
        let runner_b = service::Context { db: other.clone(), runner: "b".into(), ..app.ctx.clone() };
        let later = Utc::now() + Duration::minutes(5);
        let (a, b) = tokio::join!(service::payouts::process(&app.ctx, later), service::payouts::process(&runner_b, later));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.sent + b.sent, 3, "{a:?} {b:?}");
        // And the job itself, on both runners: nothing is left to send.
        let job = service::jobs::named("process-payouts").unwrap();
        let trigger = domain::operations::JobTrigger::Schedule;
        let (x, y) = tokio::join!(service::jobs::run(&app.ctx, job, trigger, later), service::jobs::run(&runner_b, job, trigger, later));
        for run in [x, y].into_iter().flatten() {
            assert_eq!(run.counts["sent"], 0, "{run:?}");
        }

        let (payouts, requests) = {
            let seen = stripe.seen.lock().unwrap();
            (seen.payouts.clone(), seen.payout_requests.clone())
        };
        assert_eq!(payouts.len(), 3, "one payout per key: {payouts:?}");
        assert_eq!(payouts[&format!("callstar-payout-{}", ids[0])].1, 2, "the crashed one was sent again with its key");
        for (i, id) in ids.iter().enumerate() {
            let (stripe_id, _) = &payouts[&format!("callstar-payout-{id}")];
            let row = payout::Entity::find_by_id(id.parse::<Uuid>().unwrap()).one(&app.db).await.unwrap().unwrap();
            assert_eq!((row.status.as_str(), row.stripe_payout_id.as_deref()), ("PROCESSING", Some(stripe_id.as_str())));
            let (account, form) = requests.iter().find(|(_, f)| f.get("metadata[callstar_payout_id]") == Some(id)).unwrap();
            assert_eq!((account.as_str(), form["amount"].as_str(), form["currency"].as_str()), (format!("acct_{i}").as_str(), "6800", "eur"));
        }
        let payout_entries = ledger_entry::Entity::find().filter(ledger_entry::Column::Kind.eq(domain::ledger::EntryKind::Payout)).count(&app.db).await.unwrap();
        assert_eq!(payout_entries, 3, "one ledger entry per payout");
        other.close().await.ok();
    }

    async fn connect_webhooks_finish_payouts_and_update_accounts(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let admin = app.admin("ops@example.com").await;
        let fans = app.quick_users(2, "user").await;
        let creator = connected_creator(&app, "creator@example.com", "acct_9").await;
        paid_booking(&app, &creator, &fans[0].1, 48).await;
        paid_booking(&app, &creator, &fans[1].1, 50).await;
        crate::payouts::release_earnings(&app).await;
        app.client.put(app.url("/api/payouts/settings")).bearer_auth(&creator.access_token)
            .json(&json!({"schedule": "MANUAL", "minimum": "10"})).send().await.unwrap();
        let mut ids = Vec::new();
        for _ in 0..2 {
            let payout: Value = app.post_auth("/api/payouts", &creator.access_token, &json!({"amount": "68.00"})).await.json().await.unwrap();
            let id = payout["id"].as_str().unwrap().to_owned();
            app.post_auth(&format!("/api/admin/payouts/{id}/approve"), &admin.access_token, &json!({})).await;
            ids.push(id);
        }
        let run = app.run_job("process-payouts").await;
        assert_eq!((run.counts["sent"].as_u64(), run.counts["testPaid"].as_u64()), (Some(2), Some(0)), "{run:?}");
        let po = |id: &str| {
            let seen = stripe.seen.lock().unwrap();
            seen.payouts[&format!("callstar-payout-{id}")].0.clone()
        };
        let payout_object = |id: &str, status: &str| json!({"id": po(id), "object": "payout", "amount": 6800, "currency": "eur",
            "status": status, "failure_code": if status == "failed" { json!("account_closed") } else { Value::Null },
            "failure_message": if status == "failed" { json!("The bank account has been closed.") } else { Value::Null },
            "metadata": {"callstar_payout_id": id}});

        // Misrouted events are refused: a Connect event on the platform endpoint and back.
        let paid = connect_event("evt_po1", "payout.paid", "acct_9", payout_object(&ids[0], "paid"));
        assert_problem(platform(&app, &paid).await, 400, "invalid_event").await;
        let platform_event = succeeded("evt_x", "pi_x", &Uuid::new_v4().to_string());
        assert_problem(send_connect(&app, &platform_event).await, 400, "invalid_event").await;
        let forged = app.client.post(app.url("/api/payments/connect-webhook")).header("content-type", "application/json")
            .header("stripe-signature", signed(&paid, WEBHOOK_SECRET, Utc::now().timestamp())).body(paid.clone()).send().await.unwrap();
        assert_problem(forged, 400, "invalid_signature").await;
        // Another account's event about this payout changes nothing; the right one pays it.
        let stranger = connect_event("evt_po0", "payout.paid", "acct_other", payout_object(&ids[0], "paid"));
        assert_eq!(send_connect(&app, &stranger).await.status(), 200);
        let get = |id: &str| {
            let (app, path, token) = (&app, format!("/api/payouts/{id}"), creator.access_token.clone());
            async move { app.get(&path, Some(&token)).await }
        };
        assert_eq!(get(&ids[0]).await.json::<Value>().await.unwrap()["status"], "PROCESSING");
        for _ in 0..2 {
            assert_eq!(send_connect(&app, &paid).await.status(), 200);
        }
        assert_eq!(get(&ids[0]).await.json::<Value>().await.unwrap()["status"], "PAID");
        // The other fails: the amount is available again, the creator told in the app and by e-mail.
        let failed = connect_event("evt_po2", "payout.failed", "acct_9", payout_object(&ids[1], "failed"));
        assert_eq!(send_connect(&app, &failed).await.status(), 200);
        let view: Value = get(&ids[1]).await.json().await.unwrap();
        assert_eq!((view["status"].as_str(), view["failureReason"].as_str()), (Some("FAILED"), Some("The bank account has been closed.")));
        let balance: Value = app.get("/api/payouts/balance", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!((balance["available"].as_str(), balance["inFlight"].as_str()), (Some("68.00"), Some("0.00")));
        let notes: Value = app.get("/api/notifications", Some(&creator.access_token)).await.json().await.unwrap();
        let types: Vec<&str> = notes["items"].as_array().unwrap().iter().map(|n| n["type"].as_str().unwrap()).collect();
        assert!(types.contains(&"PAYOUT_FAILED") && types.contains(&"PAYOUT_COMPLETED"), "{types:?}");
        let mails: Vec<String> = email::Entity::find().filter(email::Column::ToAddress.eq("creator@example.com")).all(&app.db).await.unwrap()
            .into_iter().map(|e| e.template).collect();
        assert!(mails.contains(&"payout_failed".to_owned()) && mails.contains(&"payout_completed".to_owned()), "{mails:?}");
        let audit: Value = app.get(&format!("/api/admin/payouts/{}/audit", ids[1]), Some(&admin.access_token)).await.json().await.unwrap();
        let last = audit.as_array().unwrap().last().unwrap();
        assert_eq!((last["actor"].as_str(), last["from"].as_str(), last["to"].as_str()), (Some("STRIPE"), Some("PROCESSING"), Some("FAILED")));

        // account.updated: payouts disabled, so the next due payout is skipped with the reason.
        let account = connect_event("evt_acct", "account.updated", "acct_9", json!({"id": "acct_9", "object": "account",
            "charges_enabled": true, "payouts_enabled": false, "details_submitted": true, "default_currency": "eur"}));
        assert_eq!(send_connect(&app, &account).await.status(), 200);
        let me: Value = app.get("/api/creators/me", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(me["stripe"]["payoutsEnabled"], false);
        let refused = app.post_auth("/api/payouts", &creator.access_token, &json!({"amount": "10.00"})).await;
        assert_problem(refused, 409, "payouts_not_ready").await;
        // An event of the other mode (live, on a test key) is not ours.
        let mut live: Value = serde_json::from_str(&connect_event("evt_live", "account.updated", "acct_9", json!({"id": "acct_9",
            "object": "account", "charges_enabled": false, "payouts_enabled": true}))).unwrap();
        live["livemode"] = json!(true);
        assert_eq!(send_connect(&app, &live.to_string()).await.status(), 200);
        let me: Value = app.get("/api/creators/me", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(me["stripe"]["chargesEnabled"], true, "ignored");

        // Stripe refusing to create a payout fails it at once, the amount back.
        stripe.seen.lock().unwrap().refuse_payouts = Some("Insufficient funds in Stripe account.".into());
        account_payouts(&app, true).await;
        let payout: Value = app.post_auth("/api/payouts", &creator.access_token, &json!({"amount": "68.00"})).await.json().await.unwrap();
        let id = payout["id"].as_str().unwrap();
        app.post_auth(&format!("/api/admin/payouts/{id}/approve"), &admin.access_token, &json!({})).await;
        let run = app.run_job("process-payouts").await;
        assert_eq!(run.counts["failed"], 1, "{run:?}");
        let view: Value = get(id).await.json().await.unwrap();
        assert_eq!((view["status"].as_str(), view["failureReason"].as_str()), (Some("FAILED"), Some("Insufficient funds in Stripe account.")));
        let balance: Value = app.get("/api/payouts/balance", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(balance["available"], "68.00");
    }

    async fn a_payout_unanswered_past_stripes_idempotency_window_waits_for_an_admin(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let admin = app.admin("ops@example.com").await;
        let fans = app.quick_users(1, "user").await;
        let creator = connected_creator(&app, "creator@example.com", "acct_1").await;
        paid_booking(&app, &creator, &fans[0].1, 48).await;
        let ids = release_and_approve(&app, &admin, &[&creator]).await;
        let id = &ids[0];
        stripe.seen.lock().unwrap().payout_outages = vec![503, 503];

        // Stripe unavailable: retried with backoff, the same key.
        let run = app.run_job("process-payouts").await;
        assert_eq!(run.counts["retrying"], 1, "{run:?}");
        let run = app.run_job_at("process-payouts", Utc::now() + Duration::hours(1)).await;
        assert_eq!(run.counts["retrying"], 1, "{run:?}");
        // A day later the key may be gone at Stripe: held back, admins told.
        let day_later = Utc::now() + Duration::hours(24);
        let run = app.run_job_at("process-payouts", day_later).await;
        assert_eq!((run.counts["sent"].as_u64(), run.counts["skipped"][0]["reason"].as_str()), (Some(0), Some("idempotency_expired")), "{run:?}");
        assert_eq!(stripe.seen.lock().unwrap().payout_requests.len(), 2, "not sent again");
        let held: Value = app.get("/api/admin/payouts?status=APPROVED", Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!(held["items"][0]["skipReason"], "idempotency_expired");
        let notes: Value = app.get("/api/notifications", Some(&admin.access_token)).await.json().await.unwrap();
        assert!(notes["items"].as_array().unwrap().iter().any(|n| n["link"] == format!("/admin/payouts?id={id}")), "{notes}");
        // Other payouts cannot be released; this one can, after the admin checked Stripe.
        let other = Uuid::new_v4();
        assert_problem(app.post_auth(&format!("/api/admin/payouts/{other}/release"), &admin.access_token, &json!({})).await, 404, "not_found").await;
        let released = app.post_auth(&format!("/api/admin/payouts/{id}/release"), &admin.access_token, &json!({})).await;
        assert_eq!(released.status(), 200);
        assert_problem(app.post_auth(&format!("/api/admin/payouts/{id}/release"), &admin.access_token, &json!({})).await, 409, "payout_not_held").await;
        let run = app.run_job_at("process-payouts", day_later).await;
        assert_eq!(run.counts["sent"], 1, "{run:?}");
        let audit: Value = app.get(&format!("/api/admin/payouts/{id}/audit"), Some(&admin.access_token)).await.json().await.unwrap();
        let reasons: Vec<&str> = audit.as_array().unwrap().iter().filter_map(|a| a["reason"].as_str()).collect();
        assert!(reasons.iter().any(|r| r.starts_with("held back: the first attempt is more than 23 h old")), "{reasons:?}");
        assert!(reasons.contains(&"checked at Stripe: no payout made; sent again"), "{reasons:?}");
    }

    async fn duplicate_deliveries_apply_once_and_a_failed_effect_is_retried(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let fans = app.quick_users(2, "user").await;
        let creator = connected_creator(&app, "creator@example.com", "acct_1").await;

        // Ten deliveries of one event at once: each answer comes after the effect committed.
        let (booking_id, pi) = booked(&app, &creator, &fans[0].1, 48).await;
        let body = succeeded("evt_dup", &pi, &booking_id);
        let deliveries = (0..10).map(|_| {
            let (app, body, booking_id) = (&app, body.clone(), booking_id.clone());
            async move {
                let response = platform(app, &body).await;
                (response.status().as_u16(), status_of(app, &booking_id).await)
            }
        });
        for (status, seen) in join_all(deliveries).await {
            assert_eq!((status, seen), (200, BookingStatus::Confirmed), "no 200 before the first delivery committed");
        }
        let booking: Uuid = booking_id.parse().unwrap();
        assert_eq!(payment::Entity::find().filter(payment::Column::BookingId.eq(booking)).count(&app.db).await.unwrap(), 1);
        assert_eq!(ledger_entry::Entity::find().filter(ledger_entry::Column::BookingId.eq(booking)).count(&app.db).await.unwrap(), 1);
        let notes: Value = app.get("/api/notifications", Some(&fans[0].1)).await.json().await.unwrap();
        assert_eq!(notes["total"], 1, "one confirmation: {notes}");

        // An effect that fails half-way (the ledger refuses its entry): nothing of it stays,
        // not even the event's id, and Stripe is told to retry.
        let (second, pi2) = booked(&app, &creator, &fans[1].1, 50).await;
        let postgres = app.backend == Backend::Postgres;
        let (fail, heal) = if postgres {
            ("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql; \
              CREATE TRIGGER refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse()",
             "DROP TRIGGER refuse ON ledger_entries; DROP FUNCTION refuse()")
        } else {
            ("CREATE TRIGGER refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
             "DROP TRIGGER refuse")
        };
        app.db.execute_unprepared(fail).await.unwrap();
        let body = succeeded("evt_fail", &pi2, &second);
        assert_problem(platform(&app, &body).await, 500, "internal_error").await;
        assert_eq!(status_of(&app, &second).await, BookingStatus::Pending, "the confirmation was rolled back");
        assert!(stripe_event::Entity::find_by_id("evt_fail".to_owned()).one(&app.db).await.unwrap().is_none());
        let second_id: Uuid = second.parse().unwrap();
        assert_eq!(payment::Entity::find().filter(payment::Column::BookingId.eq(second_id)).count(&app.db).await.unwrap(), 0);
        app.db.execute_unprepared(heal).await.unwrap();
        // Stripe's retry is applied, once.
        for _ in 0..2 {
            assert_eq!(platform(&app, &body).await.status(), 200);
        }
        assert_eq!(status_of(&app, &second).await, BookingStatus::Confirmed);
        assert_eq!(payment::Entity::find().filter(payment::Column::BookingId.eq(second_id)).count(&app.db).await.unwrap(), 1);
    }

    async fn late_payments_are_rechecked_like_new_bookings(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let fans = app.quick_users(4, "user").await;
        let creator = connected_creator(&app, "creator@example.com", "acct_1").await;
        let expire = |id: &str| {
            let (app, id) = (&app, id.parse::<Uuid>().unwrap());
            async move {
                booking::Entity::update_many()
                    .col_expr(booking::Column::HoldExpiresAt, Expr::value(Utc::now() - Duration::seconds(1)))
                    .filter(booking::Column::Id.eq(id))
                    .exec(&app.db)
                    .await
                    .unwrap();
            }
        };

        // Free after its hold expired: the late payment still confirms it. What is recorded is
        // what Stripe received.
        let (free, pi_free) = booked(&app, &creator, &fans[0].1, 30).await;
        expire(&free).await;
        let mut intent = payment_intent(&pi_free, "succeeded", &free);
        intent["amount_received"] = json!(7990);
        assert_eq!(platform(&app, &event("evt_free", "payment_intent.succeeded", intent)).await.status(), 200);
        assert_eq!(status_of(&app, &free).await, BookingStatus::Confirmed);
        let recorded = payment::Entity::find().filter(payment::Column::BookingId.eq(free.parse::<Uuid>().unwrap())).one(&app.db).await.unwrap().unwrap();
        assert_eq!((recorded.amount_minor, recorded.platform_fee_minor, recorded.creator_amount_minor), (7990, 1200, 6790));

        // The call has started by the time the payment arrives.
        let started_offer = app.offer(&creator.access_token, "80.00", 20).await;
        let (started, pi_started) = book_offer(&app, &started_offer, &fans[1].1).await;
        expire(&started).await;
        app.reschedule_offer(started_offer["id"].as_str().unwrap().parse().unwrap(), Utc::now() - Duration::minutes(5)).await;
        assert_eq!(platform(&app, &succeeded("evt_started", &pi_started, &started)).await.status(), 200);
        assert_ne!(status_of(&app, &started).await, BookingStatus::Confirmed);

        // Someone else took the offer: refunded, the booking stays cancelled.
        let offer = app.offer(&creator.access_token, "80.00", 48).await;
        let (late, pi_late) = book_offer(&app, &offer, &fans[0].1).await;
        expire(&late).await;
        let taken = app.post_auth("/api/bookings", &fans[1].1, &json!({"callOfferId": offer["id"]})).await;
        assert_eq!(taken.status(), 201);
        assert_eq!(platform(&app, &succeeded("evt_late", &pi_late, &late)).await.status(), 200);
        assert_eq!(status_of(&app, &late).await, BookingStatus::Cancelled, "not revived");

        // The host is busy then: another offer at the same time was booked meanwhile.
        let first = app.offer(&creator.access_token, "80.00", 60).await;
        let (busy, pi_busy) = book_offer(&app, &first, &fans[2].1).await;
        expire(&busy).await;
        let overlapping = app.offer(&creator.access_token, "80.00", 60).await;
        assert_eq!(app.post_auth("/api/bookings", &fans[3].1, &json!({"callOfferId": overlapping["id"]})).await.status(), 201);
        assert_eq!(platform(&app, &succeeded("evt_busy", &pi_busy, &busy)).await.status(), 200);
        assert_eq!(status_of(&app, &busy).await, BookingStatus::Cancelled, "not revived");

        // The offer changed meanwhile (the creator repriced it after the hold expired).
        let changed_offer = app.offer(&creator.access_token, "80.00", 90).await;
        let (changed, pi_changed) = book_offer(&app, &changed_offer, &fans[0].1).await;
        expire(&changed).await;
        let edit = app.client.patch(app.url(&format!("/api/call-offers/{}", changed_offer["id"].as_str().unwrap())))
            .bearer_auth(&creator.access_token).json(&json!({"price": "95.00"})).send().await.unwrap();
        assert_eq!(edit.status(), 200);
        assert_eq!(platform(&app, &succeeded("evt_changed", &pi_changed, &changed)).await.status(), 200);
        let view: Value = app.get(&format!("/api/bookings/{changed}"), Some(&fans[0].1)).await.json().await.unwrap();
        assert_eq!(view["status"], "cancelled", "the expired hold stays what it was: not revived");

        // Each refund is queued with its reason, and the fan is told why.
        let reasons: Vec<(Uuid, String, i64)> = refund::Entity::find().all(&app.db).await.unwrap().into_iter()
            .map(|r| (r.booking_id, r.reason.as_str().to_owned(), r.amount_minor)).collect();
        let reason_of = |id: &str| reasons.iter().find(|r| r.0 == id.parse::<Uuid>().unwrap()).map(|r| (r.1.clone(), r.2));
        assert_eq!(reason_of(&late), Some(("late_offer_taken".to_owned(), 8000)), "the booking's own price, as received");
        assert_eq!(reason_of(&busy), Some(("late_host_busy".to_owned(), 8000)));
        assert_eq!(reason_of(&changed), Some(("late_offer_changed".to_owned(), 8000)));
        assert_eq!(reason_of(&started), Some(("late_call_started".to_owned(), 8000)));
        assert_eq!(reasons.len(), 4, "none for the revived booking");
        let notes: Value = app.get("/api/notifications", Some(&fans[2].1)).await.json().await.unwrap();
        let refund_note = notes["items"].as_array().unwrap().iter().find(|n| n["type"] == "REFUND_CREATED").unwrap();
        assert!(refund_note["message"].as_str().unwrap().contains("the creator is now booked at that time"), "{notes}");
        let sent_to_fan = email::Entity::find().filter(email::Column::Template.eq("payment_refunded")).count(&app.db).await.unwrap();
        assert_eq!(sent_to_fan, 4);
        // No Stripe call before the worker: then one per refund, with its key.
        assert!(stripe.seen.lock().unwrap().refunds.is_empty());
        let run = app.run_job("send-refunds").await;
        assert_eq!(run.counts["sent"], 4, "{run:?}");
        let seen = stripe.seen.lock().unwrap();
        let (key, form) = seen.refunds.iter().find(|(_, f)| f["payment_intent"] == pi_late).unwrap();
        assert!(key.starts_with("callstar-refund-"), "{key}");
        assert_eq!((form["amount"].as_str(), form["reverse_transfer"].as_str(), form["refund_application_fee"].as_str()), ("8000", "true", "true"));
    }

    async fn refunds_are_sent_by_the_worker_retried_and_visible_to_admins(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let admin = app.admin("ops@example.com").await;
        let fans = app.quick_users(2, "user").await;
        let creator = connected_creator(&app, "creator@example.com", "acct_1").await;
        let (booking_id, pi) = paid_booking(&app, &creator, &fans[0].1, 48).await;

        // The host cancels: the refund is a row; Stripe is not called yet.
        stripe.seen.lock().unwrap().refund_failures = vec![503];
        let cancelled = app.post_auth(&format!("/api/bookings/{booking_id}/cancel"), &creator.access_token, &json!({})).await;
        assert_eq!(cancelled.json::<Value>().await.unwrap()["refundedAmount"], "80.00");
        assert!(stripe.seen.lock().unwrap().refunds.is_empty());
        // Stripe unavailable: retried later with the same key.
        let run = app.run_job("send-refunds").await;
        assert_eq!(run.counts["retrying"], 1, "{run:?}");
        let queued: Value = app.get("/api/admin/refunds?status=pending", Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!((queued["total"].as_u64(), queued["items"][0]["attempts"].as_i64()), (Some(1), Some(1)));
        assert!(queued["items"][0]["error"].as_str().unwrap().contains("Stripe"), "{queued}");
        let run = app.run_job_at("send-refunds", Utc::now() + Duration::minutes(5)).await;
        assert_eq!(run.counts["sent"], 1, "{run:?}");
        {
            let seen = stripe.seen.lock().unwrap();
            assert_eq!(seen.refunds.len(), 2);
            assert_eq!(seen.refunds[0].0, seen.refunds[1].0, "the same idempotency key on every attempt");
            assert_eq!(seen.refunds[0].1["payment_intent"], pi);
        }
        let sent: Value = app.get(&format!("/api/admin/refunds?bookingId={booking_id}"), Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!((sent["items"][0]["status"].as_str(), sent["items"][0]["stripeRefundId"].as_str()), (Some("sent"), Some("re_2")));
        assert_eq!(sent["items"][0]["reason"], "host_cancelled");

        // Refused for good: failed, admins told; an admin queues it again.
        let (second, _) = paid_booking(&app, &creator, &fans[1].1, 52).await;
        stripe.seen.lock().unwrap().refund_failures = vec![400];
        app.post_auth(&format!("/api/bookings/{second}/cancel"), &fans[1].1, &json!({})).await;
        let run = app.run_job("send-refunds").await;
        assert_eq!(run.counts["failed"], 1, "{run:?}");
        let failed: Value = app.get("/api/admin/refunds?status=failed", Some(&admin.access_token)).await.json().await.unwrap();
        let id = failed["items"][0]["id"].as_str().unwrap().to_owned();
        let notes: Value = app.get("/api/notifications", Some(&admin.access_token)).await.json().await.unwrap();
        assert!(notes["items"][0]["message"].as_str().unwrap().contains("could not be sent"), "{notes}");
        let retried: Value = app.post_auth(&format!("/api/admin/refunds/{id}/retry"), &admin.access_token, &json!({})).await.json().await.unwrap();
        assert_eq!(retried["status"], "pending");
        assert_eq!(app.run_job("send-refunds").await.counts["sent"], 1);
        let row = refund::Entity::find_by_id(id.parse::<Uuid>().unwrap()).one(&app.db).await.unwrap().unwrap();
        assert_eq!(row.status, RefundStatus::Sent);
        // The creator's shares went back with them: nothing earned.
        let balance: Value = app.get("/api/payouts/balance", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!((balance["pending"].as_str(), balance["available"].as_str()), (Some("0.00"), Some("0.00")));
    }

    async fn reconciliation_applies_what_stripe_says_about_lost_webhooks(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let fans = app.quick_users(2, "user").await;
        let creator = connected_creator(&app, "creator@example.com", "acct_1").await;
        let (paid, pi_paid) = booked(&app, &creator, &fans[0].1, 48).await;
        let (slow, pi_slow) = booked(&app, &creator, &fans[1].1, 52).await;
        {
            let mut seen = stripe.seen.lock().unwrap();
            seen.intents.insert(pi_paid.clone(), "succeeded".into());
            seen.intents.insert(pi_slow.clone(), "processing".into());
        }
        // The webhook gets a few minutes first.
        let run = app.run_job("reconcile-payments").await;
        assert_eq!(run.counts["checked"], 0, "{run:?}");
        let later = Utc::now() + Duration::hours(2);
        let run = app.run_job_at("reconcile-payments", later).await;
        assert_eq!((run.counts["checked"].as_u64(), run.counts["confirmed"].as_u64(), run.counts["stuck"].as_u64()), (Some(2), Some(1), Some(1)), "{run:?}");
        assert_eq!(status_of(&app, &paid).await, BookingStatus::Confirmed);
        assert_eq!(status_of(&app, &slow).await, BookingStatus::Pending);
        // The webhook arriving after all changes nothing.
        assert_eq!(platform(&app, &succeeded("evt_after", &pi_paid, &paid)).await.status(), 200);
        assert_eq!(payment::Entity::find().count(&app.db).await.unwrap(), 1);
        // The stuck one is in the daily summary.
        app.admin("ops@example.com").await;
        let run = app.run_job_at("daily-summary", later).await;
        assert_eq!(run.counts["stuckPayments"], 1, "{run:?}");
        let summary = email::Entity::find().filter(email::Column::Template.eq("daily_summary")).one(&app.db).await.unwrap().unwrap();
        assert!(summary.text.contains("Payments stuck at Stripe: 1"), "{}", summary.text);
    }

    async fn disputes_hold_the_creators_share_until_decided(backend: Backend) {
        let stripe = FakeStripe::start().await;
        let app = stripe_app(backend, &stripe.server).await;
        let admin = app.admin("ops@example.com").await;
        let fans = app.quick_users(2, "user").await;
        let creator = connected_creator(&app, "creator@example.com", "acct_1").await;
        let (_, pi_won) = paid_booking(&app, &creator, &fans[0].1, 48).await;
        let (_, pi_lost) = paid_booking(&app, &creator, &fans[1].1, 52).await;
        crate::payouts::release_earnings(&app).await;
        let dispute = |id: &str, pi: &str, status: &str| json!({"id": id, "object": "dispute", "charge": "ch_123",
            "payment_intent": pi, "amount": 8000, "currency": "eur", "reason": "fraudulent", "status": status});
        for (id, pi) in [("dp_won", &pi_won), ("dp_lost", &pi_lost)] {
            let created = event(&format!("evt_{id}"), "charge.dispute.created", dispute(id, pi, "needs_response"));
            assert_eq!(platform(&app, &created).await.status(), 200);
        }
        let balance: Value = app.get("/api/payouts/balance", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(balance["available"], "0.00", "both shares held while disputed");
        let listed: Value = app.get("/api/admin/disputes?status=needs_response", Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!(listed["total"], 2);
        let notes: Value = app.get("/api/notifications", Some(&admin.access_token)).await.json().await.unwrap();
        let link = notes["items"][0]["link"].as_str().unwrap();
        let Some(api_types::Route::AdminPayments { refund: None, dispute: Some(opened) }) = api_types::Route::parse(link) else {
            panic!("the dispute notification opens the payments page on its dispute: {notes}");
        };
        let opened: Value = app.get(&format!("/api/admin/disputes/{opened}"), Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!((opened["status"].as_str(), opened["amount"].as_str()), (Some("needs_response"), Some("80.00")), "{opened}");
        assert!(["dp_won", "dp_lost"].contains(&opened["stripeDisputeId"].as_str().unwrap()), "{opened}");
        let missing = format!("/api/admin/disputes/{}", Uuid::new_v4());
        assert_problem(app.get(&missing, Some(&admin.access_token)).await, 404, "not_found").await;
        assert_problem(app.get(&format!("/api/admin/disputes/{}", opened["id"].as_str().unwrap()), Some(&creator.access_token)).await, 403, "forbidden").await;
        for (id, pi, status) in [("dp_won", &pi_won, "won"), ("dp_lost", &pi_lost, "lost")] {
            let closed = event(&format!("evt_{id}_closed"), "charge.dispute.closed", dispute(id, pi, status));
            assert_eq!(platform(&app, &closed).await.status(), 200);
        }
        let balance: Value = app.get("/api/payouts/balance", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(balance["available"], "68.00", "the won share is back, the lost one stays lost");
        let kinds: Vec<String> = app.get("/api/payouts/ledger", Some(&creator.access_token)).await.json::<Value>().await.unwrap()["items"]
            .as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
        assert_eq!(&kinds[..2], ["dispute_lost", "dispute_won"]);
    }
}

async fn account_payouts(app: &TestApp, enabled: bool) {
    creator::Entity::update_many()
        .col_expr(creator::Column::PayoutsEnabled, Expr::value(enabled))
        .exec(&app.db)
        .await
        .unwrap();
}

/// PostgreSQL only: a cancellation racing Stripe's `payment_intent.succeeded`, fifty times.
/// Whichever commits first, the outcome is consistent: confirmed with no refund, or cancelled
/// with exactly one queued refund of everything paid (never a cancelled, paid, unrefunded
/// booking; never a refund for an active one), and the creator's ledger nets to zero for a
/// cancelled booking.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancellation_racing_the_payment_always_ends_consistent_on_postgres() {
    if callstar_tests::postgres_admin_url().is_none() {
        eprintln!("skipped: TEST_DATABASE_URL is not set");
        return;
    }
    let stripe = FakeStripe::start().await;
    let app = stripe_app(Backend::Postgres, &stripe.server).await;
    let creator = connected_creator(&app, "creator@example.com", "acct_1").await;
    let fans = app.quick_users(50, "user").await;
    let mut outcomes: HashMap<&'static str, usize> = HashMap::new();
    for (i, (_, fan)) in fans.iter().enumerate() {
        let (booking_id, pi) = booked(&app, &creator, fan, 48 + 2 * i64::try_from(i).unwrap()).await;
        let body = succeeded(&format!("evt_race_{i}"), &pi, &booking_id);
        // Guest or host: both cancel with a full refund two days ahead.
        let canceller = if i % 2 == 0 { fan.clone() } else { creator.access_token.clone() };
        let (cancel_path, reason) = (format!("/api/bookings/{booking_id}/cancel"), json!({"reason": "race"}));
        let cancel = app.post_auth(&cancel_path, &canceller, &reason);
        let pay = platform(&app, &body);
        let (cancelled, paid) = tokio::join!(cancel, pay);
        assert_eq!(paid.status(), 200, "the payment is always accepted");
        assert!(matches!(cancelled.status().as_u16(), 200 | 409), "{}", cancelled.status());

        let id: Uuid = booking_id.parse().unwrap();
        let status = status_of(&app, &booking_id).await;
        let paid = payment::Entity::find().filter(payment::Column::BookingId.eq(id)).all(&app.db).await.unwrap();
        let refunds = refund::Entity::find().filter(refund::Column::BookingId.eq(id)).all(&app.db).await.unwrap();
        let ledger: i64 = ledger_entry::Entity::find()
            .filter(ledger_entry::Column::BookingId.eq(id))
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.amount_minor)
            .sum();
        assert_eq!(paid.len(), 1, "iteration {i}: the payment is recorded");
        match status {
            BookingStatus::Confirmed => {
                assert!(refunds.is_empty(), "iteration {i}: no refund for an active booking");
                outcomes.entry("confirmed").and_modify(|n| *n += 1).or_insert(1);
            }
            BookingStatus::Cancelled => {
                assert_eq!(refunds.len(), 1, "iteration {i}: exactly one refund");
                assert_eq!(refunds[0].amount_minor, paid[0].amount_minor, "iteration {i}: everything paid goes back");
                assert_eq!(ledger, 0, "iteration {i}: the creator keeps nothing of a cancelled booking");
                let first =
                    if refunds[0].reason.as_str() == "booking_cancelled" { "cancel first" } else { "payment first" };
                outcomes.entry(first).and_modify(|n| *n += 1).or_insert(1);
            }
            other => panic!("iteration {i}: {other}"),
        }
    }
    eprintln!("outcomes: {outcomes:?}");
    assert_eq!(outcomes.values().sum::<usize>(), 50);
}
