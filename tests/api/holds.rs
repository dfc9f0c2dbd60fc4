//! Unpaid holds cannot be hoarded: one account holds at most `MAX_HOLDS_PER_USER` calls at
//! once (also when its requests race), cannot renew a hold it let go at once, and asks for
//! at most `BOOKING_RATE_LIMIT` bookings and as many payment intents an hour.

use callstar_tests::{Options, TestApp, assert_problem, on_both_databases};
use chrono::{Duration, Utc};
use domain::booking::{BookingStatus, CancelledBy};
use futures_util::future::join_all;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

async fn book(app: &TestApp, token: &str, offer: &Value) -> reqwest::Response {
    app.post_auth("/api/bookings", token, &json!({"callOfferId": offer["id"]})).await
}

/// A 429 `rate_limited` that says when to come back.
async fn assert_rate_limited(response: reqwest::Response) {
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry_after), "Retry-After {retry_after}");
    assert_problem(response, 429, "rate_limited").await;
}

on_both_databases! {
    async fn bookings_and_payment_intents_are_rate_limited_per_account(backend: Backend) {
        let app = TestApp::spawn_with(backend, Options { booking_rate_limit: 4, ..Options::default() }).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let mut offers = Vec::new();
        for hours in 0..6 {
            offers.push(app.offer(&creator.access_token, "20.00", 24 + hours).await);
        }
        let churner = app.signed_in("churner@example.com", "user").await;
        // Every attempt counts, refused ones too: three holds, one refusal, then 429.
        let first: Value = book(&app, &churner.access_token, &offers[0]).await.json().await.unwrap();
        let cancel = format!("/api/bookings/{}/cancel", first["id"].as_str().unwrap());
        assert_eq!(app.post_auth(&cancel, &churner.access_token, &json!({})).await.status(), 200);
        assert_eq!(book(&app, &churner.access_token, &offers[1]).await.status(), 201);
        assert_problem(book(&app, &churner.access_token, &offers[0]).await, 409, "hold_cooldown").await;
        assert_eq!(book(&app, &churner.access_token, &offers[2]).await.status(), 201);
        assert_rate_limited(book(&app, &churner.access_token, &offers[3]).await).await;
        // The limit is the account's, not the offer's nor everyone's.
        let fan = app.signed_in("fan@example.com", "user").await;
        assert_eq!(book(&app, &fan.access_token, &offers[3]).await.status(), 201);

        // Payment intents are counted apart: four asked for, the fifth refused.
        let bookings: Value = app.get("/api/bookings", Some(&churner.access_token)).await.json().await.unwrap();
        let pending = bookings["items"].as_array().unwrap().iter().find(|b| b["status"] == "pending").unwrap();
        let intent = json!({"bookingId": pending["id"]});
        assert_eq!(app.post_auth("/api/payments/create-intent", &churner.access_token, &intent).await.status(), 200);
        for _ in 0..3 {
            let again = app.post_auth("/api/payments/create-intent", &churner.access_token, &intent).await;
            assert_problem(again, 409, "already_paid").await;
        }
        assert_rate_limited(app.post_auth("/api/payments/create-intent", &churner.access_token, &intent).await).await;
        // The fan's own budget is untouched.
        let theirs: Value = app.get("/api/bookings", Some(&fan.access_token)).await.json().await.unwrap();
        let theirs = json!({"bookingId": theirs["items"][0]["id"]});
        assert_eq!(app.post_auth("/api/payments/create-intent", &fan.access_token, &theirs).await.status(), 200);
    }

    async fn one_account_cannot_block_a_creators_calendar(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let mut offers = Vec::new();
        for hours in 0..8 {
            offers.push(app.offer(&creator.access_token, "20.00", 24 + hours).await);
        }
        let hoarder = app.signed_in("hoarder@example.com", "user").await;
        for offer in &offers[..3] {
            assert_eq!(book(&app, &hoarder.access_token, offer).await.status(), 201);
        }
        let body = assert_problem(book(&app, &hoarder.access_token, &offers[3]).await, 409, "too_many_holds").await;
        assert!(body["detail"].as_str().unwrap().contains("3 unpaid"), "{body}");
        // Everyone else books the rest.
        let fan = app.signed_in("fan@example.com", "user").await;
        assert_eq!(book(&app, &fan.access_token, &offers[3]).await.status(), 201);

        // Racing requests of one account do not get past the cap either.
        let racer = app.quick_users(1, "user").await.remove(0).1;
        let requests = offers[4..].iter().map(|offer| book(&app, &racer, offer));
        let statuses: Vec<u16> = join_all(requests).await.into_iter().map(|r| r.status().as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 3, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 1, "{statuses:?}");

        // Paying for one frees a place under the cap.
        let bookings: Value = app.get("/api/bookings", Some(&hoarder.access_token)).await.json().await.unwrap();
        let id = bookings["items"][0]["id"].clone();
        let paid = app.post_auth("/api/payments/create-intent", &hoarder.access_token, &json!({"bookingId": id})).await;
        assert_eq!(paid.status(), 200);
        let more = app.offer(&creator.access_token, "20.00", 40).await;
        assert_eq!(book(&app, &hoarder.access_token, &more).await.status(), 201);
    }

    async fn a_hold_let_go_is_not_renewed_at_once(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let offer = app.offer(&creator.access_token, "20.00", 24).await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let held: Value = book(&app, &fan.access_token, &offer).await.json().await.unwrap();
        let cancel = app.post_auth(&format!("/api/bookings/{}/cancel", held["id"].as_str().unwrap()), &fan.access_token, &json!({})).await;
        assert_eq!(cancel.status(), 200);
        let body = assert_problem(book(&app, &fan.access_token, &offer).await, 409, "hold_cooldown").await;
        assert!(body["detail"].as_str().unwrap().contains("open to others"), "{body}");

        // Someone else may take it meanwhile; then it expires unpaid.
        let other = app.signed_in("other@example.com", "user").await;
        let taken: Value = book(&app, &other.access_token, &offer).await.json().await.unwrap();
        let taken_id: Uuid = taken["id"].as_str().unwrap().parse().unwrap();
        entity::booking::Entity::update_many()
            .col_expr(entity::booking::Column::HoldExpiresAt, Expr::value(Utc::now() - Duration::minutes(1)))
            .filter(entity::booking::Column::Id.eq(taken_id))
            .exec(&app.db)
            .await
            .unwrap();
        assert_problem(book(&app, &other.access_token, &offer).await, 409, "hold_cooldown").await;
        // The first fan's pause is over (as if 15 minutes had passed): they may hold it again.
        entity::booking::Entity::update_many()
            .col_expr(entity::booking::Column::CancelledAt, Expr::value(Utc::now() - Duration::minutes(16)))
            .col_expr(entity::booking::Column::HoldExpiresAt, Expr::value(Utc::now() - Duration::minutes(16)))
            .filter(entity::booking::Column::Id.eq(held["id"].as_str().unwrap().parse::<Uuid>().unwrap()))
            .exec(&app.db)
            .await
            .unwrap();
        let again: Value = book(&app, &fan.access_token, &offer).await.json().await.unwrap();
        assert_eq!(again["status"], "pending");

        // A failed payment is not hoarding: trying another card books again at once.
        let again_id: Uuid = again["id"].as_str().unwrap().parse().unwrap();
        entity::booking::Entity::update_many()
            .col_expr(entity::booking::Column::Status, Expr::value(BookingStatus::Cancelled))
            .col_expr(entity::booking::Column::CancelledBy, Expr::value(CancelledBy::Payment))
            .col_expr(entity::booking::Column::CancelledAt, Expr::value(Utc::now()))
            .filter(entity::booking::Column::Id.eq(again_id))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(book(&app, &fan.access_token, &offer).await.status(), 201);
    }
}
