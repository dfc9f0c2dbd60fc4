//! Unpaid holds cannot be hoarded: one account holds at most `MAX_HOLDS_PER_USER` calls at
//! once (also when its requests race), and cannot renew a hold it let go at once.

use callstar_tests::{TestApp, assert_problem, on_both_databases};
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

on_both_databases! {
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
