//! The WebSocket: opened only with a fresh single-use ticket; a person's events reach every
//! tab of theirs and nobody else's; with two server instances on one PostgreSQL, an event
//! raised on one reaches a socket held by the other.

use std::time::Duration as StdDuration;

use callstar_tests::{Backend, TestApp, assert_problem, on_both_databases};
use chrono::{Duration, Utc};
use sea_orm::EntityTrait;
use sea_orm::sea_query::Expr;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite;

/// The HTTP status a refused WebSocket handshake was answered with, and its problem code.
async fn refused(app: &TestApp, query: &str) -> (u16, String) {
    match app.ws_with_query(query).await {
        Ok(_) => panic!("the socket opened with `{query}`"),
        Err(tungstenite::Error::Http(response)) => {
            let body: Value = serde_json::from_slice(response.body().as_deref().unwrap_or_default()).unwrap();
            (response.status().as_u16(), body["code"].as_str().unwrap().to_owned())
        }
        Err(other) => panic!("unexpected failure: {other}"),
    }
}

on_both_databases! {
    async fn a_socket_opens_only_with_a_fresh_ticket(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let ada = app.signed_in("ada@example.com", "user").await;
        let unauthorized = (401, "ticket_invalid".to_owned());
        assert_eq!(refused(&app, "").await, unauthorized, "no ticket");
        assert_eq!(refused(&app, "ticket=made-up").await, unauthorized, "unknown ticket");
        assert_eq!(refused(&app, &format!("ticket={}", ada.access_token)).await, unauthorized, "an access token is no ticket");
        assert_problem(app.client.post(app.url("/api/ws/ticket")).send().await.unwrap(), 401, "unauthorized").await;

        let ticket = app.ws_ticket(&ada.access_token).await;
        let socket = app.ws_with_query(&format!("ticket={ticket}")).await.unwrap();
        assert_eq!(refused(&app, &format!("ticket={ticket}")).await, unauthorized, "a used ticket");
        socket.close().await;

        let stale = app.ws_ticket(&ada.access_token).await;
        entity::ws_ticket::Entity::update_many()
            .col_expr(entity::ws_ticket::Column::ExpiresAt, Expr::value(Utc::now() - Duration::seconds(1)))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(refused(&app, &format!("ticket={stale}")).await, unauthorized, "an expired ticket");

        // A plain GET with a good ticket is no WebSocket.
        let plain = app.ws_ticket(&ada.access_token).await;
        assert_problem(app.get(&format!("/api/ws?ticket={plain}"), None).await, 400, "websocket_expected").await;
    }

    async fn each_person_hears_their_own_events_on_every_tab_and_nobody_else_does(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = app.signed_in("host@example.com", "creator").await;
        let fan = app.signed_in("fan@example.com", "user").await;
        let stranger = app.signed_in("stranger@example.com", "user").await;
        let (mut tab1, mut tab2) = (app.ws(&fan.access_token).await, app.ws(&fan.access_token).await);
        let mut host_tab = app.ws(&creator.access_token).await;
        let mut stranger_tab = app.ws(&stranger.access_token).await;

        let (booking, _) = app.confirmed_booking(&creator, &fan, Duration::days(2), 30).await;
        for tab in [&mut tab1, &mut tab2] {
            let updated = tab.expect("booking-updated").await;
            assert_eq!(updated, json!({"bookingId": booking, "status": "confirmed"}));
            let note = tab.expect("notification").await;
            assert_eq!((note["type"].as_str(), note["title"].as_str(), note["read"].as_bool()), (Some("BOOKING_CONFIRMED"), Some("Booking confirmed"), Some(false)));
        }
        assert_eq!(host_tab.expect("booking-updated").await["status"], "confirmed");
        assert_eq!(host_tab.expect("notification").await["type"], "PAYMENT_RECEIVED");

        // The creator cancels: both participants' sockets hear it, the fan is notified.
        let cancel = app.post_auth(&format!("/api/bookings/{booking}/cancel"), &creator.access_token, &json!({})).await;
        assert_eq!(cancel.status(), 200);
        assert_eq!(host_tab.expect("booking-updated").await["status"], "cancelled");
        for tab in [&mut tab1, &mut tab2] {
            assert_eq!(tab.expect("booking-updated").await["status"], "cancelled");
            assert_eq!(tab.expect("notification").await["type"], "BOOKING_CANCELLED");
        }
        stranger_tab.assert_silent(StdDuration::from_millis(500)).await;
        host_tab.assert_silent(StdDuration::from_millis(100)).await;
    }
}

/// The acceptance test of scale-out: two server instances on one PostgreSQL database. A
/// client's socket is held by instance B; a call placed through instance A rings it, and a
/// notification created on A reaches it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_raised_on_one_instance_reaches_a_socket_on_another() {
    if callstar_tests::postgres_admin_url().is_none() {
        eprintln!("skipped: TEST_DATABASE_URL is not set");
        return;
    }
    let a = TestApp::spawn(Backend::Postgres).await;
    let b = a.second_instance().await;
    assert_ne!(a.address, b.address);
    let org = a.organization("scale", 0, 1).await;
    let client = &org.clients[0];
    // The ticket comes from A (a load balancer may send each request anywhere); the socket is B's.
    let ticket = a.ws_ticket(&client.access_token).await;
    let mut on_b = b.ws_with_query(&format!("ticket={ticket}")).await.unwrap();

    let placed =
        a.post_auth("/api/daily/create-room", &org.owner.access_token, &json!({"clientId": client.user_id()})).await;
    assert_eq!(placed.status(), 200);
    let placed: Value = placed.json().await.unwrap();
    let ring = on_b.expect("incoming-call").await;
    assert_eq!(ring["callId"], placed["callId"]);
    assert_eq!(ring["callerId"], org.owner.user_id());

    // A notification created on A: the missed call, decided by A's job.
    let run = a.run_job_at("mark-missed-calls", Utc::now() + Duration::seconds(31)).await;
    assert_eq!(run.counts["missed"], 1);
    let note = on_b.expect_eventually("notification").await;
    assert_eq!(note["type"], "MISSED_CALL");
    on_b.close().await;
    drop(b);
}
