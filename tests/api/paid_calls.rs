//! Creators, offers, bookings, test-mode payments, cancellation and notifications.

use callstar_tests::{TestApp, assert_problem, on_both_databases};
use futures_util::future::join_all;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

on_both_databases! {
    async fn a_host_is_never_booked_twice_at_the_same_time(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        // Three offers of one host: 10:00–10:30 and 10:15–10:45 overlap; 10:30–11:00 touches the first.
        let start = chrono::Utc::now() + chrono::Duration::days(2);
        let mut offers = Vec::new();
        for minutes in [0, 15, 30] {
            let body = json!({"title": format!("Slot +{minutes}"), "price": "20.00", "currency": "EUR",
                              "dateTime": start + chrono::Duration::minutes(minutes), "duration": 30});
            let offer: Value = app.post_auth("/api/call-offers", &creator.access_token, &body).await.json().await.unwrap();
            offers.push(offer["id"].as_str().unwrap().to_owned());
        }
        // Forty fans race for the two overlapping offers: one booking in all.
        let fans = app.quick_users(40, "user").await;
        let requests = fans.iter().enumerate().map(|(i, (_, token))| {
            app.client.post(app.url("/api/bookings")).bearer_auth(token).json(&json!({"callOfferId": offers[i % 2]})).send()
        });
        let statuses: Vec<u16> = join_all(requests).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 39, "{statuses:?}");
        // Whichever won, the other overlapping offer says why it cannot be booked now.
        let late = app.signed_in("late@example.com", "user").await;
        for offer in &offers[..2] {
            let response = app.post_auth("/api/bookings", &late.access_token, &json!({"callOfferId": offer})).await;
            assert_eq!(response.status(), 409);
            let body: Value = response.json().await.unwrap();
            let (code, detail) = (body["code"].as_str().unwrap(), body["detail"].as_str().unwrap());
            assert!(
                (code, detail) == ("already_booked", "This call offer is already booked.")
                    || (code, detail) == ("host_busy", "The creator already has a call booked at this time."),
                "{body}"
            );
        }
        // 10:30–11:00 touches 10:00–10:30 (fine) but overlaps 10:15–10:45.
        let winner = statuses.iter().position(|s| *s == 201).unwrap() % 2;
        let third = app.post_auth("/api/bookings", &late.access_token, &json!({"callOfferId": offers[2]})).await;
        assert_eq!(third.status(), if winner == 0 { 201 } else { 409 }, "winner: offer {winner}");
    }

    async fn two_hundred_concurrent_bookings_one_winner(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let offer = app.offer(&creator.access_token, "49.00", 48).await;
        let offer_id = offer["id"].as_str().unwrap().to_owned();
        let fans = app.quick_users(200, "user").await;

        let requests = fans.iter().map(|(_, token)| {
            app.client
                .post(app.url("/api/bookings"))
                .bearer_auth(token)
                .json(&json!({"callOfferId": offer_id}))
                .send()
        });
        let responses = join_all(requests).await;
        let mut created = Vec::new();
        let mut conflicts = 0;
        for (i, response) in responses.into_iter().enumerate() {
            let response = response.unwrap();
            match response.status().as_u16() {
                201 => created.push(i),
                409 => {
                    let body = assert_problem(response, 409, "already_booked").await;
                    assert_eq!(body["detail"], "This call offer is already booked.");
                    conflicts += 1;
                }
                other => panic!("unexpected status {other}: {}", response.text().await.unwrap()),
            }
        }
        assert_eq!((created.len(), conflicts), (1, 199));

        let offer_now: Value = app.get(&format!("/api/call-offers/{offer_id}"), None).await.json().await.unwrap();
        assert_eq!(offer_now["status"], "BOOKED", "a pending hold shows the offer as booked");

        // The winner cancels: the offer can be booked again, by someone else.
        let winner = &fans[created[0]].1;
        let bookings: Value = app.get("/api/bookings", Some(winner)).await.json().await.unwrap();
        let booking_id = bookings["items"][0]["id"].as_str().unwrap().to_owned();
        let cancel = app.post_auth(&format!("/api/bookings/{booking_id}/cancel"), winner, &json!({"reason": "changed my mind"})).await;
        assert_eq!(cancel.status(), 200);
        let again = app.post_auth("/api/bookings", &fans[(created[0] + 1) % 200].1, &json!({"callOfferId": offer_id})).await;
        assert_eq!(again.status(), 201);
    }

    async fn test_mode_booking_confirms_notifies_and_cancels_with_refund(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        // The fan reads in French.
        let patch = app.client.patch(app.url("/api/me")).bearer_auth(&fan.access_token).json(&json!({"locale": "fr"})).send().await.unwrap();
        assert_eq!(patch.status(), 200);
        let offer = app.offer(&creator.access_token, "80.00", 72).await;

        let booking: Value = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        assert_eq!(booking["status"], "pending");
        assert!(booking["holdExpiresAt"].is_string());
        assert_eq!(booking["totalPrice"], "80.00");

        let intent: Value = app
            .post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(intent["isTestBooking"], true);
        assert_eq!(intent["clientSecret"], Value::Null);
        assert_eq!((intent["amount"].as_str(), intent["currency"].as_str()), (Some("80.00"), Some("EUR")));
        assert_eq!(intent["booking"]["status"], "confirmed");
        assert_eq!(intent["booking"]["isTestBooking"], true);
        // Paying twice is refused.
        let again = app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]})).await;
        assert_problem(again, 409, "already_paid").await;

        let config: Value = app.get("/api/payments/config", None).await.json().await.unwrap();
        assert_eq!(config, json!({"testMode": true, "publishableKey": null, "platformFeePercent": "15", "bookingHoldMinutes": 15}));

        // The payment row has the 15 % fee and a 7-day payout hold.
        let payments = entity::payment::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(payments.len(), 1);
        assert_eq!((payments[0].amount_minor, payments[0].platform_fee_minor, payments[0].creator_amount_minor), (8000, 1200, 6800));
        let hold = payments[0].payout_release_date - chrono::Utc::now();
        assert!(hold > chrono::Duration::days(6) && hold <= chrono::Duration::days(7));

        // Both sides are notified, each in their language.
        let fan_notes: Value = app.get("/api/notifications", Some(&fan.access_token)).await.json().await.unwrap();
        assert_eq!(fan_notes["unreadCount"], 1);
        assert_eq!(fan_notes["items"][0]["type"], "BOOKING_CONFIRMED");
        assert_eq!(fan_notes["items"][0]["title"], "Réservation confirmée");
        assert_eq!(fan_notes["items"][0]["link"], format!("/bookings/{}", booking["id"].as_str().unwrap()));
        let host_notes: Value = app.get("/api/notifications", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(host_notes["items"][0]["type"], "PAYMENT_RECEIVED");
        assert!(host_notes["items"][0]["message"].as_str().unwrap().contains("Your share: €68.00."), "{host_notes}");

        // The creator sees the call they host; a stranger sees nothing.
        let hosted: Value = app.get("/api/bookings?as=creator&when=upcoming", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(hosted["total"], 1);
        let stranger = app.signed_in("stranger@example.com", "user").await;
        assert_problem(app.get(&format!("/api/bookings/{}", booking["id"].as_str().unwrap()), Some(&stranger.access_token)).await, 404, "not_found").await;

        // 72 h ahead, the guest cancels with a full refund; the offer is open again.
        let cancelled: Value = app
            .post_auth(&format!("/api/bookings/{}/cancel", booking["id"].as_str().unwrap()), &fan.access_token, &json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(cancelled["booking"]["status"], "cancelled");
        assert_eq!(cancelled["refundedAmount"], "80.00");
        let offer_now: Value = app.get(&format!("/api/call-offers/{}", offer["id"].as_str().unwrap()), None).await.json().await.unwrap();
        assert_eq!(offer_now["status"], "AVAILABLE");
        let host_notes: Value = app.get("/api/notifications", Some(&creator.access_token)).await.json().await.unwrap();
        assert_eq!(host_notes["items"][0]["type"], "BOOKING_CANCELLED");
        let fan_notes: Value = app.get("/api/notifications", Some(&fan.access_token)).await.json().await.unwrap();
        assert_eq!(fan_notes["items"][0]["type"], "REFUND_CREATED", "unread first, newest first: {fan_notes}");

        // Mark one, then all, read.
        let first = fan_notes["items"][0]["id"].as_str().unwrap();
        assert_eq!(app.post_auth(&format!("/api/notifications/{first}/read"), &fan.access_token, &json!({})).await.status(), 204);
        let all: Value = app.post_auth("/api/notifications/read-all", &fan.access_token, &json!({})).await.json().await.unwrap();
        assert_eq!(all["updated"], 1);
        let fan_notes: Value = app.get("/api/notifications", Some(&fan.access_token)).await.json().await.unwrap();
        assert_eq!(fan_notes["unreadCount"], 0);
        // Someone else's notification is not found.
        assert_problem(app.post_auth(&format!("/api/notifications/{first}/read"), &creator.access_token, &json!({})).await, 404, "not_found").await;
    }

    async fn a_late_guest_cancellation_refunds_nothing(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let offer = app.offer(&creator.access_token, "30.00", 3).await;
        let booking: Value = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]})).await;
        let cancelled: Value = app
            .post_auth(&format!("/api/bookings/{}/cancel", booking["id"].as_str().unwrap()), &fan.access_token, &json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(cancelled["refundedAmount"], "0.00", "3 h before the call: no refund");

        // The creator cancelling always refunds in full.
        let booking: Value = app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking["id"]})).await;
        let cancelled: Value = app
            .post_auth(&format!("/api/bookings/{}/cancel", booking["id"].as_str().unwrap()), &creator.access_token, &json!({"reason": "ill"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(cancelled["refundedAmount"], "30.00");
        assert_eq!(cancelled["booking"]["cancelReason"], "ill");
        let again = app.post_auth(&format!("/api/bookings/{}/cancel", booking["id"].as_str().unwrap()), &creator.access_token, &json!({})).await;
        assert_problem(again, 409, "booking_closed").await;
    }

    async fn an_expired_hold_frees_the_offer_without_any_job(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fans = app.quick_users(2, "user").await;
        let offer = app.offer(&creator.access_token, "25.00", 24).await;
        let first: Value = app.post_auth("/api/bookings", &fans[0].1, &json!({"callOfferId": offer["id"]})).await.json().await.unwrap();
        assert_eq!(app.post_auth("/api/bookings", &fans[1].1, &json!({"callOfferId": offer["id"]})).await.status(), 409);

        // The hold runs out (the clock is moved by rewriting the booking's expiry).
        let id = uuid::Uuid::parse_str(first["id"].as_str().unwrap()).unwrap();
        let row = entity::booking::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        let mut active: entity::booking::ActiveModel = row.into();
        active.hold_expires_at = Set(Some(chrono::Utc::now() - chrono::Duration::seconds(1)));
        active.update(&app.db).await.unwrap();

        let offer_now: Value = app.get(&format!("/api/call-offers/{}", offer["id"].as_str().unwrap()), None).await.json().await.unwrap();
        assert_eq!(offer_now["status"], "AVAILABLE");
        let stale: Value = app.get(&format!("/api/bookings/{id}"), Some(&fans[0].1)).await.json().await.unwrap();
        assert_eq!(stale["status"], "cancelled");
        let late = app.post_auth("/api/payments/create-intent", &fans[0].1, &json!({"bookingId": id})).await;
        assert_problem(late, 409, "hold_expired").await;
        assert_eq!(app.post_auth("/api/bookings", &fans[1].1, &json!({"callOfferId": offer["id"]})).await.status(), 201);
    }

    async fn offers_rules(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let other = app.signed_in("other@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;

        // Fans do not publish offers; invalid fields are listed.
        let date_time = chrono::Utc::now() + chrono::Duration::days(1);
        let body = json!({"title": "x", "price": "49.00", "currency": "EUR", "dateTime": date_time, "duration": 30});
        assert_problem(app.post_auth("/api/call-offers", &fan.access_token, &body).await, 403, "not_a_creator").await;
        let bad = json!({"title": " ", "price": "0.10", "currency": "JPY", "dateTime": date_time, "duration": 2});
        let problem = assert_problem(app.post_auth("/api/call-offers", &creator.access_token, &bad).await, 422, "validation_failed").await;
        for field in ["title", "currency", "duration"] {
            assert!(problem["errors"][field].is_array(), "{field}: {problem}");
        }
        let precise = json!({"title": "t", "price": "10.001", "currency": "EUR", "dateTime": date_time, "duration": 30});
        let problem = assert_problem(app.post_auth("/api/call-offers", &creator.access_token, &precise).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"]["price"][0], "must have at most 2 decimal places");
        let past = json!({"title": "t", "price": "10.00", "currency": "EUR", "dateTime": chrono::Utc::now() - chrono::Duration::hours(1), "duration": 30});
        assert_problem(app.post_auth("/api/call-offers", &creator.access_token, &past).await, 422, "validation_failed").await;

        let offer = app.offer(&creator.access_token, "49.90", 30).await;
        let id = offer["id"].as_str().unwrap();
        assert_eq!((offer["price"].as_str(), offer["status"].as_str()), (Some("49.90"), Some("AVAILABLE")));

        // Only the owner edits; a creator cannot book their own offer.
        let edit = app.client.patch(app.url(&format!("/api/call-offers/{id}"))).bearer_auth(&other.access_token).json(&json!({"title": "Mine now"})).send().await.unwrap();
        assert_problem(edit, 403, "not_offer_owner").await;
        let edit = app.client.patch(app.url(&format!("/api/call-offers/{id}"))).bearer_auth(&creator.access_token).json(&json!({"title": "Deep dive", "price": "60.00"})).send().await.unwrap();
        let edited: Value = edit.json().await.unwrap();
        assert_eq!((edited["title"].as_str(), edited["price"].as_str()), (Some("Deep dive"), Some("60.00")));
        let own = app.post_auth("/api/bookings", &creator.access_token, &json!({"callOfferId": id})).await;
        let problem = assert_problem(own, 422, "own_offer").await;
        assert_eq!(problem["detail"], "You cannot book your own call offer.");

        // Once booked it can no longer be changed or deleted.
        assert_eq!(app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": id})).await.status(), 201);
        let edit = app.client.patch(app.url(&format!("/api/call-offers/{id}"))).bearer_auth(&creator.access_token).json(&json!({"title": "Too late"})).send().await.unwrap();
        assert_problem(edit, 409, "offer_booked").await;
        let delete = app.client.delete(app.url(&format!("/api/call-offers/{id}"))).bearer_auth(&creator.access_token).send().await.unwrap();
        assert_problem(delete, 409, "offer_booked").await;

        // A free offer is deleted; a missing one is 404.
        let free = app.offer(&creator.access_token, "20.00", 50).await;
        let free_id = free["id"].as_str().unwrap();
        let delete = app.client.delete(app.url(&format!("/api/call-offers/{free_id}"))).bearer_auth(&creator.access_token).send().await.unwrap();
        assert_eq!(delete.status(), 204);
        assert_problem(app.get(&format!("/api/call-offers/{free_id}"), None).await, 404, "not_found").await;
    }

    async fn creator_profiles_search_and_offer_counts(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let camille = app.signed_in("camille@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let profile = app
            .client
            .put(app.url("/api/creators/me"))
            .bearer_auth(&camille.access_token)
            .json(&json!({"bio": "Piano teacher", "expertise": "Music, Piano", "currency": "CHF", "timezone": "Europe/Zurich",
                          "socialLinks": {"instagram": "https://instagram.com/camille"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(profile.status(), 200);
        let profile: Value = profile.json().await.unwrap();
        assert_eq!(profile["currency"], "CHF");
        assert_eq!(profile["stripe"]["testMode"], true);
        let bad = app.client.put(app.url("/api/creators/me")).bearer_auth(&camille.access_token)
            .json(&json!({"currency": "XYZ", "timezone": "Nowhere/Town", "profileImage": "javascript:alert(1)"})).send().await.unwrap();
        let problem = assert_problem(bad, 422, "validation_failed").await;
        for field in ["currency", "timezone", "profileImage"] {
            assert!(problem["errors"][field].is_array(), "{field}: {problem}");
        }
        let not_creator = app.client.put(app.url("/api/creators/me")).bearer_auth(&fan.access_token)
            .json(&json!({"currency": "EUR", "timezone": "UTC"})).send().await.unwrap();
        assert_problem(not_creator, 403, "not_a_creator").await;

        // Offers are priced in the creator's payout currency.
        let offer = |hours: i64, currency: &str| {
            let body = json!({"title": "Piano lesson", "price": "40.00", "currency": currency,
                              "dateTime": chrono::Utc::now() + chrono::Duration::hours(hours), "duration": 30});
            let (app, token) = (&app, camille.access_token.clone());
            async move { app.post_auth("/api/call-offers", &token, &body).await }
        };
        let problem = assert_problem(offer(10, "EUR").await, 422, "validation_failed").await;
        assert_eq!(problem["errors"]["currency"][0], "must be CHF, your payout currency (change it in your profile first)");
        assert_eq!(offer(10, "CHF").await.status(), 201);
        assert_eq!(offer(20, "CHF").await.status(), 201);
        // Once offers are open in it, the payout currency stays.
        let change = app.client.put(app.url("/api/creators/me")).bearer_auth(&camille.access_token)
            .json(&json!({"currency": "EUR", "timezone": "Europe/Zurich"})).send().await.unwrap();
        assert_problem(change, 409, "currency_locked").await;
        let found: Value = app.get("/api/creators?q=piano", None).await.json().await.unwrap();
        assert_eq!(found["total"], 1);
        assert_eq!(found["items"][0]["availableOffers"], 2);
        assert!(found["items"][0].get("stripe").is_none(), "Stripe state is private");
        let none: Value = app.get("/api/creators?q=violin", None).await.json().await.unwrap();
        assert_eq!(none["total"], 0);
        let id = profile["id"].as_str().unwrap();
        let offers: Value = app.get(&format!("/api/creators/{id}/offers"), None).await.json().await.unwrap();
        assert_eq!((offers["items"].as_array().unwrap().len(), offers["total"].as_u64()), (2, Some(2)));
        assert_problem(app.get(&format!("/api/creators/{}", uuid::Uuid::new_v4()), None).await, 404, "not_found").await;

        // Test-mode onboarding: the account is ready at once.
        let link: Value = app.post_auth("/api/creators/me/stripe/onboarding-link", &camille.access_token, &json!({})).await.json().await.unwrap();
        assert!(link["url"].as_str().unwrap().ends_with("/dashboard/creator/profile?stripe=test"), "{link}");
        let me: Value = app.get("/api/creators/me", Some(&camille.access_token)).await.json().await.unwrap();
        assert_eq!((me["stripe"]["connected"].as_bool(), me["stripe"]["chargesEnabled"].as_bool()), (Some(true), Some(true)));
    }
}
