//! Payouts in test mode (no Stripe key): the balance from the ledger, a MANUAL request that
//! an admin approves (or rejects), scheduled payouts sent without approval on a calendar that
//! never drifts, blocks, debt and its threshold, adjustments, and every change in the audit
//! trail. Payouts go through the same states as with Stripe and complete at once.

use callstar_tests::{Options, Session, TestApp, assert_problem, on_both_databases};
use chrono::{DateTime, Duration, Utc};
use entity::{email, ledger_entry};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// Moves every release date of the creator's earnings into the past, as the clock passing the
/// holding period would.
pub(crate) async fn release_earnings(app: &TestApp) {
    ledger_entry::Entity::update_many()
        .col_expr(ledger_entry::Column::ReleaseAt, Expr::value(Utc::now() - Duration::minutes(1)))
        .filter(ledger_entry::Column::ReleaseAt.is_not_null())
        .exec(&app.db)
        .await
        .unwrap();
}

async fn put_json(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.client.put(app.url(path)).bearer_auth(token).json(body).send().await.unwrap()
}

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

async fn balance(app: &TestApp, creator: &Session) -> Value {
    json_of(app.get("/api/payouts/balance", Some(&creator.access_token)).await).await
}

async fn notification_types(app: &TestApp, token: &str) -> Vec<String> {
    let notes = json_of(app.get("/api/notifications?perPage=100", Some(token)).await).await;
    notes["items"].as_array().unwrap().iter().map(|n| n["type"].as_str().unwrap().to_owned()).collect()
}

async fn templates_to(app: &TestApp, address: &str) -> Vec<String> {
    email::Entity::find()
        .filter(email::Column::ToAddress.eq(address))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.template)
        .collect()
}

/// A creator (French) with one paid 80.00 EUR test booking: 68.00 earned, held 7 days.
async fn creator_with_earnings(app: &TestApp) -> (Session, Session) {
    let creator = app.signed_in("creator@example.com", "creator").await;
    let fan = app.signed_in("fan@example.com", "user").await;
    let french = app.client.patch(app.url("/api/me")).bearer_auth(&creator.access_token).json(&json!({"locale": "fr"}));
    assert_eq!(french.send().await.unwrap().status(), 200);
    let offer = app.offer(&creator.access_token, "80.00", 72).await;
    let booking =
        json_of(app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await).await;
    let paid =
        app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]})).await;
    assert_eq!(paid.status(), 200);
    (creator, fan)
}

on_both_databases! {
    async fn a_manual_payout_is_requested_approved_and_paid_in_test_mode(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("ops@example.com").await;
        let (creator, fan) = creator_with_earnings(&app).await;

        // Pending until the holding period is over, with its release date.
        let b = balance(&app, &creator).await;
        assert_eq!((b["currency"].as_str(), b["pending"].as_str(), b["available"].as_str()), (Some("EUR"), Some("68.00"), Some("0.00")));
        assert_eq!((b["inFlight"].as_str(), b["debt"].as_str()), (Some("0.00"), Some("0.00")));
        let release: DateTime<Utc> = b["releases"][0]["releaseAt"].as_str().unwrap().parse().unwrap();
        assert!(release > Utc::now() + Duration::days(6) && release <= Utc::now() + Duration::days(7));
        let ledger = json_of(app.get("/api/payouts/ledger", Some(&creator.access_token)).await).await;
        assert_eq!((ledger["total"].as_u64(), ledger["items"][0]["kind"].as_str(), ledger["items"][0]["amount"].as_str()), (Some(1), Some("earning"), Some("68.00")));
        assert!(ledger["items"][0]["bookingId"].is_string());

        // Only MANUAL creators request; only what is available.
        let request = |amount: &str| {
            let (app, token, body) = (&app, creator.access_token.clone(), json!({"amount": amount}));
            async move { app.post_auth("/api/payouts", &token, &body).await }
        };
        assert_problem(request("10.00").await, 409, "not_manual_schedule").await;
        let manual = put_json(&app, "/api/payouts/settings", &creator.access_token, &json!({"schedule": "MANUAL", "minimum": "10"})).await;
        let manual = json_of(manual).await;
        assert_eq!((manual["schedule"].as_str(), manual["minimum"].as_str(), manual["nextPayoutAt"].as_null()), (Some("MANUAL"), Some("10.00"), Some(())));
        assert_problem(request("10.00").await, 409, "payout_above_available").await;
        release_earnings(&app).await;
        let problem = assert_problem(request("68.01").await, 409, "payout_above_available").await;
        assert_eq!(problem["detail"], "You can request at most 68.00 EUR, your available balance.");
        let problem = assert_problem(request("0.50").await, 422, "validation_failed").await;
        assert_eq!(problem["errors"]["amount"][0], "must be at least 1.00");
        assert_problem(app.post_auth("/api/payouts", &fan.access_token, &json!({"amount": "1.00"})).await, 403, "not_a_creator").await;

        let payout = request("50.00").await;
        assert_eq!(payout.status(), 201);
        let payout: Value = payout.json().await.unwrap();
        let id = payout["id"].as_str().unwrap().to_owned();
        assert_eq!((payout["status"].as_str(), payout["amount"].as_str(), payout["origin"].as_str()), (Some("REQUESTED"), Some("50.00"), Some("REQUEST")));
        let b = balance(&app, &creator).await;
        assert_eq!((b["available"].as_str(), b["inFlight"].as_str()), (Some("18.00"), Some("50.00")), "set aside at once");
        assert_eq!(notification_types(&app, &admin.access_token).await, ["PAYOUT_REQUEST"]);
        assert!(templates_to(&app, "ops@example.com").await.contains(&"payout_requested".to_owned()));
        // Someone else's payout is not found; admins see any.
        let other = app.signed_in("other@example.com", "creator").await;
        assert_problem(app.get(&format!("/api/payouts/{id}"), Some(&other.access_token)).await, 404, "not_found").await;
        assert_eq!(app.get(&format!("/api/payouts/{id}"), Some(&admin.access_token)).await.status(), 200);

        // Admins only; then approved and sent by the job: paid at once in test mode.
        let approve = format!("/api/admin/payouts/{id}/approve");
        assert_problem(app.post_auth(&approve, &creator.access_token, &json!({})).await, 403, "forbidden").await;
        let requested = json_of(app.get("/api/admin/payouts?status=REQUESTED", Some(&admin.access_token)).await).await;
        assert_eq!((requested["total"].as_u64(), requested["items"][0]["creatorName"].as_str()), (Some(1), Some("Test Person")));
        let opened = json_of(app.get(&format!("/api/admin/payouts/{id}"), Some(&admin.access_token)).await).await;
        assert_eq!((opened["status"].as_str(), opened["creatorName"].as_str(), opened["amount"].as_str()), (Some("REQUESTED"), Some("Test Person"), Some("50.00")));
        assert_eq!(opened["creatorId"], requested["items"][0]["creatorId"]);
        assert_problem(app.get(&format!("/api/admin/payouts/{id}"), Some(&creator.access_token)).await, 403, "forbidden").await;
        let approved = json_of(app.post_auth(&approve, &admin.access_token, &json!({})).await).await;
        assert_eq!(approved["status"], "APPROVED");
        assert_problem(app.post_auth(&approve, &admin.access_token, &json!({})).await, 409, "payout_not_requested").await;
        let run = app.run_job("process-payouts").await;
        assert_eq!((run.counts["sent"].as_u64(), run.counts["testPaid"].as_u64()), (Some(1), Some(1)), "{run:?}");
        let paid = json_of(app.get(&format!("/api/payouts/{id}"), Some(&creator.access_token)).await).await;
        assert_eq!((paid["status"].as_str(), paid["isTest"].as_bool()), (Some("PAID"), Some(true)));
        assert!(paid["paidAt"].is_string() && paid["approvedAt"].is_string() && paid["sentAt"].is_string());
        let b = balance(&app, &creator).await;
        assert_eq!((b["available"].as_str(), b["inFlight"].as_str()), (Some("18.00"), Some("0.00")));
        let types = notification_types(&app, &creator.access_token).await;
        assert!(types.contains(&"PAYOUT_APPROVED".to_owned()) && types.contains(&"PAYOUT_COMPLETED".to_owned()), "{types:?}");
        let notes = json_of(app.get("/api/notifications", Some(&creator.access_token)).await).await;
        let completed = notes["items"].as_array().unwrap().iter().find(|n| n["type"] == "PAYOUT_COMPLETED").unwrap();
        assert_eq!(completed["message"], "Votre virement de 50,00\u{a0}€ a été versé sur votre compte bancaire. (Virement de test : aucun argent n’a circulé.)");
        let creator_mails = templates_to(&app, "creator@example.com").await;
        assert!(creator_mails.contains(&"payout_approved".to_owned()) && creator_mails.contains(&"payout_completed".to_owned()));

        // The audit trail: who, from → to, why.
        let audit = json_of(app.get(&format!("/api/admin/payouts/{id}/audit"), Some(&admin.access_token)).await).await;
        let steps: Vec<(String, Value, String)> = audit.as_array().unwrap().iter()
            .map(|a| (a["actor"].as_str().unwrap().to_owned(), a["from"].clone(), a["to"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(steps, vec![
            ("CREATOR".to_owned(), Value::Null, "REQUESTED".to_owned()),
            ("ADMIN".to_owned(), json!("REQUESTED"), "APPROVED".to_owned()),
            ("SYSTEM".to_owned(), json!("APPROVED"), "PROCESSING".to_owned()),
            ("SYSTEM".to_owned(), json!("PROCESSING"), "PAID".to_owned()),
        ]);
        assert_eq!(audit[1]["actorName"], "Admin");

        // A rejected request gives the amount back, with the admin's reason.
        let second: Value = request("10.00").await.json().await.unwrap();
        let reject = format!("/api/admin/payouts/{}/reject", second["id"].as_str().unwrap());
        assert_problem(app.post_auth(&reject, &admin.access_token, &json!({"reason": " "})).await, 422, "validation_failed").await;
        let rejected = json_of(app.post_auth(&reject, &admin.access_token, &json!({"reason": "Bank details under review"})).await).await;
        assert_eq!((rejected["status"].as_str(), rejected["rejectionReason"].as_str()), (Some("REJECTED"), Some("Bank details under review")));
        assert_eq!(balance(&app, &creator).await["available"], "18.00");
        let mine = json_of(app.get("/api/payouts?status=PAID", Some(&creator.access_token)).await).await;
        assert_eq!(mine["total"], 1);
        let kinds: Vec<String> = json_of(app.get("/api/payouts/ledger?perPage=100", Some(&creator.access_token)).await).await["items"]
            .as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
        assert_eq!(kinds, ["payout_rejected", "payout", "payout_paid", "payout", "earning"]);
    }

    async fn scheduled_payouts_go_without_approval_on_a_calendar_that_never_drifts(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("ops@example.com").await;
        let (creator, _fan) = creator_with_earnings(&app).await;
        release_earnings(&app).await;
        let settings = |body: Value| {
            let (app, token) = (&app, creator.access_token.clone());
            async move { put_json(app, "/api/payouts/settings", &token, &body).await }
        };
        let problem = assert_problem(settings(json!({"schedule": "WEEKLY", "minimum": "0.5"})).await, 422, "validation_failed").await;
        assert!(problem["errors"]["weeklyDay"].is_array() && problem["errors"]["minimum"].is_array(), "{problem}");
        let daily = json_of(settings(json!({"schedule": "DAILY", "minimum": "100"})).await).await;
        let first: DateTime<Utc> = daily["nextPayoutAt"].as_str().unwrap().parse().unwrap();
        assert_eq!(first.format("%H:%M:%S").to_string(), "02:00:00", "the calendar's moment");
        assert!(first > Utc::now() && first <= Utc::now() + Duration::days(1));

        // Not due yet: nothing. Due, but below the minimum: nothing, and the next moment is the
        // calendar's, not "now + 24 h".
        let run = app.run_job("process-payouts").await;
        assert_eq!(run.counts["created"], 0, "{run:?}");
        let late = first + Duration::hours(5);
        let run = app.run_job_at("process-payouts", late).await;
        assert_eq!(run.counts["created"], 0, "68.00 is below the 100.00 minimum: {run:?}");
        let now_settings = json_of(app.get("/api/payouts/settings", Some(&creator.access_token)).await).await;
        assert_eq!(now_settings["nextPayoutAt"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), first + Duration::days(1));

        // Blocked: skipped, with the reason recorded.
        json_of(settings(json!({"schedule": "DAILY", "minimum": "10"})).await).await;
        let creator_id = json_of(app.get("/api/creators/me", Some(&creator.access_token)).await).await["id"].as_str().unwrap().to_owned();
        let block = format!("/api/admin/creators/{creator_id}/payout-block");
        assert_problem(put_json(&app, &block, &admin.access_token, &json!({"blocked": true})).await, 422, "validation_failed").await;
        let blocked = json_of(put_json(&app, &block, &admin.access_token, &json!({"blocked": true, "reason": "Identity check"})).await).await;
        assert_eq!((blocked["blocked"].as_bool(), blocked["blockReason"].as_str()), (Some(true), Some("Identity check")));
        let due = first + Duration::days(1) + Duration::minutes(1);
        let run = app.run_job_at("process-payouts", due).await;
        assert_eq!((run.counts["created"].as_u64(), run.counts["skipped"][0]["reason"].as_str()), (Some(0), Some("blocked")), "{run:?}");
        let skipped = json_of(app.get("/api/payouts/settings", Some(&creator.access_token)).await).await;
        assert_eq!(skipped["skipReason"], "blocked");

        // Unblocked: the next moment pays everything available, without approval.
        json_of(put_json(&app, &block, &admin.access_token, &json!({"blocked": false})).await).await;
        let due = first + Duration::days(2) + Duration::minutes(1);
        let other = service::Context { runner: "b".into(), ..app.ctx.clone() };
        let (a, b) = tokio::join!(service::payouts::process(&app.ctx, due), service::payouts::process(&other, due));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.created + b.created, 1, "one moment, one payout, whoever runs: {a:?} {b:?}");
        let payouts = json_of(app.get("/api/payouts", Some(&creator.access_token)).await).await;
        assert_eq!(payouts["total"], 1);
        let payout = &payouts["items"][0];
        assert_eq!((payout["origin"].as_str(), payout["status"].as_str(), payout["amount"].as_str()), (Some("SCHEDULE"), Some("PAID"), Some("68.00")));
        assert!(notification_types(&app, &admin.access_token).await.is_empty(), "no approval asked");
        let audit = json_of(app.get(&format!("/api/admin/payouts/{}/audit", payout["id"].as_str().unwrap()), Some(&admin.access_token)).await).await;
        assert_eq!((audit[0]["actor"].as_str(), audit[0]["to"].as_str(), audit[0]["reason"].as_str()), (Some("SYSTEM"), Some("APPROVED"), Some("DAILY payout")));
        let again = app.run_job_at("process-payouts", due).await;
        assert_eq!(again.counts["created"], 0, "the moment was taken");
    }

    async fn debt_is_deducted_from_later_payouts_and_blocks_them_above_the_threshold(backend: Backend) {
        let vars = vec![("PAYOUT_DEBT_THRESHOLD".to_owned(), "30".to_owned())];
        let app = TestApp::spawn_with(backend, Options { vars, ..Options::default() }).await;
        let admin = app.admin("ops@example.com").await;
        let (creator, _fan) = creator_with_earnings(&app).await;
        release_earnings(&app).await;
        put_json(&app, "/api/payouts/settings", &creator.access_token, &json!({"schedule": "MANUAL", "minimum": "10"})).await;
        let creator_id = json_of(app.get("/api/creators/me", Some(&creator.access_token)).await).await["id"].as_str().unwrap().to_owned();
        let adjust = format!("/api/admin/creators/{creator_id}/ledger-adjustments");

        // Everything paid out, then 25.00 taken back: debt, below the threshold.
        let payout: Value = app.post_auth("/api/payouts", &creator.access_token, &json!({"amount": "68.00"})).await.json().await.unwrap();
        app.post_auth(&format!("/api/admin/payouts/{}/approve", payout["id"].as_str().unwrap()), &admin.access_token, &json!({})).await;
        app.run_job("process-payouts").await;
        let problem = assert_problem(app.post_auth(&adjust, &admin.access_token, &json!({"amount": "0", "reason": ""})).await, 422, "validation_failed").await;
        assert!(problem["errors"]["amount"].is_array() && problem["errors"]["reason"].is_array(), "{problem}");
        let entry = app.post_auth(&adjust, &admin.access_token, &json!({"amount": "-25.00", "reason": "Chargeback fee"})).await;
        assert_eq!(entry.status(), 201);
        let entry: Value = entry.json().await.unwrap();
        assert_eq!((entry["kind"].as_str(), entry["amount"].as_str(), entry["reason"].as_str()), (Some("adjustment"), Some("-25.00"), Some("Chargeback fee")));
        let b = balance(&app, &creator).await;
        assert_eq!((b["available"].as_str(), b["debt"].as_str()), (Some("0.00"), Some("25.00")));
        assert!(!notification_types(&app, &admin.access_token).await.contains(&"DEBT_THRESHOLD_EXCEEDED".to_owned()));

        // Another 10.00: above the 30.00 threshold. Admins and the creator are told, payouts blocked.
        app.post_auth(&adjust, &admin.access_token, &json!({"amount": "-10", "reason": "Dispute fee"})).await;
        assert!(notification_types(&app, &admin.access_token).await.contains(&"DEBT_THRESHOLD_EXCEEDED".to_owned()));
        assert!(notification_types(&app, &creator.access_token).await.contains(&"DEBT_THRESHOLD_EXCEEDED".to_owned()));
        assert!(templates_to(&app, "ops@example.com").await.contains(&"debt_threshold_admin".to_owned()));
        assert!(templates_to(&app, "creator@example.com").await.contains(&"debt_threshold".to_owned()));
        let settings = json_of(app.get("/api/payouts/settings", Some(&creator.access_token)).await).await;
        assert_eq!(settings["blocked"], true);
        assert_problem(app.post_auth("/api/payouts", &creator.access_token, &json!({"amount": "1.00"})).await, 409, "payouts_blocked").await;

        // New earnings pay the debt back first; once it is settled the block lifts by itself,
        // and the next payout says how much was deducted.
        app.post_auth(&adjust, &admin.access_token, &json!({"amount": "50.00", "reason": "Bonus"})).await;
        let b = balance(&app, &creator).await;
        assert_eq!((b["available"].as_str(), b["debt"].as_str()), (Some("15.00"), Some("0.00")));
        let run = app.run_job("process-payouts").await;
        assert_eq!(run.counts["unblocked"], 1, "{run:?}");
        let payout = app.post_auth("/api/payouts", &creator.access_token, &json!({"amount": "15.00"})).await;
        assert_eq!(payout.status(), 201);
        let ledger = json_of(app.get("/api/payouts/ledger", Some(&creator.access_token)).await).await;
        let deduction = ledger["items"].as_array().unwrap().iter().find(|e| e["kind"] == "debt_deduction").unwrap();
        assert_eq!(deduction["amount"], "-35.00");
        assert!(notification_types(&app, &creator.access_token).await.contains(&"DEBT_DEDUCTED".to_owned()));
        assert!(templates_to(&app, "creator@example.com").await.contains(&"debt_deducted".to_owned()));
        assert_eq!(balance(&app, &creator).await["available"], "0.00", "the deduction is informational");
    }

    async fn admins_see_payments_refunds_and_their_queue(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("ops@example.com").await;
        let (creator, fan) = creator_with_earnings(&app).await;
        let bookings = json_of(app.get("/api/bookings", Some(&fan.access_token)).await).await;
        let booking_id = bookings["items"][0]["id"].as_str().unwrap().to_owned();
        // 72 h ahead, the fan cancels: the refund is queued in the cancellation's transaction,
        // and the creator's held share goes with it.
        let cancelled = json_of(app.post_auth(&format!("/api/bookings/{booking_id}/cancel"), &fan.access_token, &json!({})).await).await;
        assert_eq!(cancelled["refundedAmount"], "80.00");
        let refunds = json_of(app.get("/api/admin/refunds", Some(&admin.access_token)).await).await;
        assert_eq!(refunds["total"], 1);
        let refund = &refunds["items"][0];
        assert_eq!((refund["status"].as_str(), refund["reason"].as_str(), refund["creatorShare"].as_str()), (Some("pending"), Some("guest_cancelled"), Some("68.00")));
        let b = balance(&app, &creator).await;
        assert_eq!((b["pending"].as_str(), b["available"].as_str(), b["debt"].as_str()), (Some("0.00"), Some("0.00"), Some("0.00")));
        let run = app.run_job("send-refunds").await;
        assert_eq!(run.counts["sent"], 1, "a test payment's refund needs no Stripe call: {run:?}");
        let refunds = json_of(app.get(&format!("/api/admin/refunds?bookingId={booking_id}&status=sent"), Some(&admin.access_token)).await).await;
        assert_eq!(refunds["total"], 1);
        let payments = json_of(app.get("/api/admin/payments?status=refunded", Some(&admin.access_token)).await).await;
        assert_eq!((payments["total"].as_u64(), payments["items"][0]["refundedAmount"].as_str()), (Some(1), Some("80.00")));
        assert_problem(app.get("/api/admin/payments?status=lost", Some(&admin.access_token)).await, 422, "validation_failed").await;
        let id = refunds["items"][0]["id"].as_str().unwrap();
        let one = json_of(app.get(&format!("/api/admin/refunds/{id}"), Some(&admin.access_token)).await).await;
        assert_eq!((one["status"].as_str(), one["bookingId"].as_str(), one["amount"].as_str()), (Some("sent"), Some(booking_id.as_str()), Some("80.00")));
        assert_problem(app.get(&format!("/api/admin/refunds/{}", uuid::Uuid::new_v4()), Some(&admin.access_token)).await, 404, "not_found").await;
        assert_problem(app.post_auth(&format!("/api/admin/refunds/{id}/retry"), &admin.access_token, &json!({})).await, 409, "refund_not_failed").await;
        let fan_notes = json_of(app.get("/api/notifications", Some(&fan.access_token)).await).await;
        let refund_note = fan_notes["items"].as_array().unwrap().iter().find(|n| n["type"] == "REFUND_CREATED").unwrap();
        assert_eq!(refund_note["message"], "€80.00 was refunded for \u{201c}Mentoring session\u{201d}. You cancelled the booking at least 24 hours before the call.");
        let disputes = json_of(app.get("/api/admin/disputes", Some(&admin.access_token)).await).await;
        assert_eq!(disputes["total"], 0);
    }
}
