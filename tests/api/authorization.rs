//! The authorization matrix: every operation of the OpenAPI document, called by four callers,
//! each expected status written down once in [`MATRIX`]. An operation in the document without
//! a row (a new endpoint), or a row without an operation, fails the test and names it.
//!
//! The callers: nobody signed in; another user (a fan with no part in the fixtures); the
//! owner (the row's [`Owner`]: the fan who booked, or the creator who publishes; for operations
//! on nobody's resource, a signed-in fan without rights); an admin. They call in the order
//! anonymous, another user, admin, owner, so an owner's change (a cancellation, a deletion)
//! comes last.
//!
//! To add an endpoint: one `row(…)` line with the operation as the document names it, the path
//! and body with fixtures in braces (see [`World::resolve`]), the owner and the four statuses.

use callstar_tests::{PASSWORD, Session, TestApp, on_both_databases};
use serde_json::{Value, json};

/// Whose resource a row's operation acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// The fan who booked (their bookings, notifications, account).
    Fan,
    /// The creator who publishes the offers.
    Creator,
}

use Owner::{Creator, Fan};

/// One operation and what each caller gets.
struct Row {
    /// `METHOD /path` exactly as in the OpenAPI document.
    operation: &'static str,
    /// The concrete path, fixtures in braces.
    path: &'static str,
    /// A JSON body, fixtures in braces.
    body: Option<&'static str>,
    owner: Owner,
    /// Statuses for [anonymous, another user, owner, admin].
    expect: [u16; 4],
}

const fn row(
    operation: &'static str,
    path: &'static str,
    body: Option<&'static str>,
    owner: Owner,
    expect: [u16; 4],
) -> Row {
    Row { operation, path, body, owner, expect }
}

/// Every operation: [anonymous, another user, owner, admin].
const MATRIX: &[Row] = &[
    // Operations and public reads.
    row("GET /healthz", "/healthz", None, Fan, [200, 200, 200, 200]),
    row("GET /readyz", "/readyz", None, Fan, [200, 200, 200, 200]),
    row("GET /metrics", "/metrics", None, Fan, [200, 200, 200, 200]),
    row("GET /api/payments/config", "/api/payments/config", None, Fan, [200, 200, 200, 200]),
    row("GET /api/creators", "/api/creators", None, Fan, [200, 200, 200, 200]),
    row("GET /api/creators/{id}", "/api/creators/{creator}", None, Creator, [200, 200, 200, 200]),
    row("GET /api/creators/{id}/offers", "/api/creators/{creator}/offers", None, Creator, [200, 200, 200, 200]),
    row("GET /api/call-offers/{id}", "/api/call-offers/{offer}", None, Creator, [200, 200, 200, 200]),
    // Sessions: a bearer token changes nothing.
    row(
        "POST /api/auth/register",
        "/api/auth/register",
        Some(r#"{"email": "{fresh_email}", "password": "correct horse 1", "name": "New", "role": "user"}"#),
        Fan,
        [201, 201, 201, 201],
    ),
    row(
        "POST /api/auth/login",
        "/api/auth/login",
        Some(r#"{"email": "fan@example.com", "password": "correct horse 1"}"#),
        Fan,
        [200, 200, 200, 200],
    ),
    row("POST /api/auth/refresh", "/api/auth/refresh", Some("{}"), Fan, [401, 401, 401, 401]),
    row("POST /api/auth/logout", "/api/auth/logout", Some("{}"), Fan, [204, 204, 204, 204]),
    // Webhooks are signed by the provider, cron calls by CRON_SECRET: no access token opens them.
    row("POST /api/payments/webhook", "/api/payments/webhook", Some(r#"{"id": "evt_1"}"#), Fan, [400, 400, 400, 400]),
    row("POST /api/webhooks/daily", "/api/webhooks/daily", Some(r#"{"id": "evt_1"}"#), Fan, [400, 400, 400, 400]),
    row("POST /api/cron/{job}", "/api/cron/cleanup-logs", None, Fan, [401, 401, 401, 401]),
    // One's own account.
    row("GET /api/me", "/api/me", None, Fan, [401, 200, 200, 200]),
    row("PATCH /api/me", "/api/me", Some(r#"{"locale": "en"}"#), Fan, [401, 200, 200, 200]),
    row("GET /api/notifications", "/api/notifications", None, Fan, [401, 200, 200, 200]),
    row("POST /api/notifications/read-all", "/api/notifications/read-all", None, Fan, [401, 200, 200, 200]),
    row("POST /api/notifications/{id}/read", "/api/notifications/{notification}/read", None, Fan, [401, 404, 204, 404]),
    // Bookings and calls: their guest and their creator; admins read.
    row("GET /api/bookings", "/api/bookings", None, Fan, [401, 200, 200, 200]),
    row("POST /api/bookings", "/api/bookings", Some(r#"{"callOfferId": "{fresh_offer}"}"#), Fan, [401, 201, 201, 201]),
    row("GET /api/bookings/{id}", "/api/bookings/{booking}", None, Fan, [401, 404, 200, 200]),
    row("GET /api/bookings/{id}/ics", "/api/bookings/{booking}/ics", None, Fan, [401, 404, 200, 200]),
    row("POST /api/bookings/{id}/cancel", "/api/bookings/{cancellable}/cancel", Some("{}"), Fan, [401, 404, 200, 404]),
    row(
        "POST /api/payments/create-intent",
        "/api/payments/create-intent",
        Some(r#"{"bookingId": "{unpaid}"}"#),
        Fan,
        [401, 404, 200, 404],
    ),
    row("GET /api/call-logs", "/api/call-logs?bookingId={booking}", None, Fan, [401, 404, 200, 200]),
    row(
        "POST /api/call-logs",
        "/api/call-logs",
        Some(r#"{"bookingId": "{booking}", "event": "CAMERA_TOGGLED"}"#),
        Fan,
        [401, 404, 201, 404],
    ),
    row("GET /api/call-summary/{bookingId}", "/api/call-summary/{booking}", None, Fan, [401, 404, 200, 200]),
    // The call opens 15 minutes before its start: the owner is told when (403), others nothing (404).
    row(
        "POST /api/daily/get-token",
        "/api/daily/get-token",
        Some(r#"{"bookingId": "{booking}"}"#),
        Fan,
        [401, 404, 403, 404],
    ),
    // A creator's own tools.
    row("GET /api/creators/me", "/api/creators/me", None, Creator, [401, 403, 200, 403]),
    row(
        "PUT /api/creators/me",
        "/api/creators/me",
        Some(r#"{"currency": "EUR", "timezone": "Europe/Paris"}"#),
        Creator,
        [401, 403, 200, 403],
    ),
    row("GET /api/creators/me/offers", "/api/creators/me/offers", None, Creator, [401, 403, 200, 403]),
    row(
        "POST /api/creators/me/stripe/onboarding-link",
        "/api/creators/me/stripe/onboarding-link",
        None,
        Creator,
        [401, 403, 200, 403],
    ),
    row("POST /api/creators/me/stripe/refresh", "/api/creators/me/stripe/refresh", None, Creator, [401, 403, 200, 403]),
    row(
        "POST /api/call-offers",
        "/api/call-offers",
        Some(r#"{"title": "New", "price": "20.00", "currency": "EUR", "dateTime": "{tomorrow}", "duration": 30}"#),
        Creator,
        [401, 403, 201, 403],
    ),
    row(
        "PATCH /api/call-offers/{id}",
        "/api/call-offers/{editable}",
        Some(r#"{"title": "Renamed"}"#),
        Creator,
        [401, 403, 200, 403],
    ),
    row("DELETE /api/call-offers/{id}", "/api/call-offers/{deletable}", None, Creator, [401, 403, 204, 403]),
    // Operators only.
    row("GET /api/admin/users", "/api/admin/users", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/users/{id}", "/api/admin/users/{fan}", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/jobs", "/api/admin/jobs", None, Fan, [401, 403, 403, 200]),
    row("POST /api/admin/jobs/{job}/run", "/api/admin/jobs/cleanup-logs/run", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/job-runs", "/api/admin/job-runs", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/emails", "/api/admin/emails", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/emails/{id}", "/api/admin/emails/{email}", None, Fan, [401, 403, 403, 200]),
    // Only failed e-mails are retried: the admin is let in and told so.
    row("POST /api/admin/emails/{id}/retry", "/api/admin/emails/{email}/retry", None, Fan, [401, 403, 403, 409]),
    row("GET /api/admin/system-logs", "/api/admin/system-logs", None, Fan, [401, 403, 403, 200]),
    // The live connection: a ticket for the signed-in, then the socket (a plain GET is no upgrade).
    row("POST /api/ws/ticket", "/api/ws/ticket", None, Fan, [401, 200, 200, 200]),
    row("GET /api/ws", "/api/ws", None, Fan, [401, 401, 401, 401]),
    row(
        "POST /api/payments/connect-webhook",
        "/api/payments/connect-webhook",
        Some(r#"{"id": "evt_1"}"#),
        Fan,
        [400, 400, 400, 400],
    ),
    row(
        "POST /api/auth/guest",
        "/api/auth/guest",
        Some(r#"{"bookingId": "{booking}", "key": "not-a-key"}"#),
        Fan,
        [401, 401, 401, 401],
    ),
    row(
        "POST /api/me/password",
        "/api/me/password",
        Some(r#"{"password": "another horse 2"}"#),
        Fan,
        [401, 409, 409, 409],
    ),
    // Planning: the host's settings, the client's appointments.
    row("GET /api/availability", "/api/availability", None, Creator, [401, 403, 200, 403]),
    row(
        "PUT /api/availability",
        "/api/availability",
        Some(
            r#"{"timezone": "UTC", "weekly": [{"weekday": 1, "ranges": [{"start": "00:00", "end": "24:00"}]}, {"weekday": 2, "ranges": [{"start": "00:00", "end": "24:00"}]}, {"weekday": 3, "ranges": [{"start": "00:00", "end": "24:00"}]}, {"weekday": 4, "ranges": [{"start": "00:00", "end": "24:00"}]}, {"weekday": 5, "ranges": [{"start": "00:00", "end": "24:00"}]}, {"weekday": 6, "ranges": [{"start": "00:00", "end": "24:00"}]}, {"weekday": 7, "ranges": [{"start": "00:00", "end": "24:00"}]}]}"#,
        ),
        Creator,
        [401, 403, 200, 403],
    ),
    row("GET /api/availability/overrides", "/api/availability/overrides", None, Creator, [401, 403, 200, 403]),
    row(
        "POST /api/availability/overrides",
        "/api/availability/overrides",
        Some(r#"{"date": "{far_date}", "unavailable": true}"#),
        Creator,
        [401, 403, 200, 403],
    ),
    row(
        "DELETE /api/availability/overrides/{id}",
        "/api/availability/overrides/{override}",
        None,
        Creator,
        [401, 404, 204, 404],
    ),
    row("GET /api/appointment-types", "/api/appointment-types", None, Creator, [401, 403, 200, 403]),
    row(
        "POST /api/appointment-types",
        "/api/appointment-types",
        Some(r##"{"name": "Another", "duration": 30, "color": "#4f46e5", "meetingTypes": ["video"]}"##),
        Creator,
        [401, 403, 201, 403],
    ),
    row(
        "PUT /api/appointment-types/{id}",
        "/api/appointment-types/{type}",
        Some(r##"{"name": "Session", "duration": 60, "color": "#4f46e5", "meetingTypes": ["video"]}"##),
        Creator,
        [401, 403, 200, 403],
    ),
    row(
        "DELETE /api/appointment-types/{id}",
        "/api/appointment-types/{deletable_type}",
        None,
        Creator,
        [401, 404, 204, 404],
    ),
    row("GET /api/appointment-reasons", "/api/appointment-reasons", None, Creator, [401, 403, 200, 403]),
    row(
        "POST /api/appointment-reasons",
        "/api/appointment-reasons",
        Some(r#"{"label": "Another reason"}"#),
        Creator,
        [401, 403, 201, 403],
    ),
    row(
        "PATCH /api/appointment-reasons/{id}",
        "/api/appointment-reasons/{reason}",
        Some(r#"{"label": "Renamed"}"#),
        Creator,
        [401, 404, 200, 404],
    ),
    row(
        "DELETE /api/appointment-reasons/{id}",
        "/api/appointment-reasons/{deletable_reason}",
        None,
        Creator,
        [401, 404, 204, 404],
    ),
    row(
        "PUT /api/appointment-reasons/order",
        "/api/appointment-reasons/order",
        Some(r#"{"ids": ["{reason}"]}"#),
        Creator,
        [401, 403, 422, 403],
    ),
    row(
        "GET /api/hosts/{id}/slots",
        "/api/hosts/{creator_user}/slots?typeId={type}",
        None,
        Creator,
        [200, 200, 200, 200],
    ),
    row("GET /api/hosts/me/clients", "/api/hosts/me/clients", None, Creator, [401, 403, 200, 403]),
    row("GET /api/appointments", "/api/appointments", None, Fan, [401, 200, 200, 200]),
    row(
        "POST /api/appointments",
        "/api/appointments",
        Some(
            r#"{"appointmentTypeId": "{type}", "startsAt": "{slot_b}", "meetingType": "video", "hostId": "{creator_user}"}"#,
        ),
        Fan,
        [401, 201, 409, 409],
    ),
    row("GET /api/appointments/{id}", "/api/appointments/{appointment}", None, Fan, [401, 404, 200, 200]),
    row(
        "PATCH /api/appointments/{id}",
        "/api/appointments/{appointment}",
        Some(r#"{"title": "Renamed"}"#),
        Fan,
        [401, 404, 200, 404],
    ),
    row(
        "POST /api/appointments/{id}/cancel",
        "/api/appointments/{cancellable_appointment}/cancel",
        Some("{}"),
        Fan,
        [401, 404, 200, 404],
    ),
    // Not started yet: the host is let in and told so.
    row(
        "POST /api/appointments/{id}/complete",
        "/api/appointments/{appointment}/complete",
        None,
        Creator,
        [401, 404, 409, 404],
    ),
    row(
        "POST /api/appointments/{id}/no-show",
        "/api/appointments/{appointment}/no-show",
        None,
        Creator,
        [401, 404, 409, 404],
    ),
    // Money: a creator's own balance and payouts.
    row("GET /api/payouts/balance", "/api/payouts/balance", None, Creator, [401, 403, 200, 403]),
    row("GET /api/payouts/ledger", "/api/payouts/ledger", None, Creator, [401, 403, 200, 403]),
    row("GET /api/payouts/settings", "/api/payouts/settings", None, Creator, [401, 403, 200, 403]),
    row(
        "PUT /api/payouts/settings",
        "/api/payouts/settings",
        Some(r#"{"schedule": "MANUAL", "minimum": "10.00"}"#),
        Creator,
        [401, 403, 200, 403],
    ),
    row("GET /api/payouts", "/api/payouts", None, Creator, [401, 403, 200, 403]),
    row("POST /api/payouts", "/api/payouts", Some(r#"{"amount": "10.00"}"#), Creator, [401, 403, 409, 403]),
    // `{nowhere}`: an id nothing has (payouts, refunds and instant calls need Stripe or Daily to
    // exist); such a row shows who gets past the gate, not the owner's success.
    row("GET /api/payouts/{id}", "/api/payouts/{nowhere}", None, Creator, [401, 404, 404, 404]),
    // Organizations and instant calls.
    row(
        "POST /api/organizations",
        "/api/organizations",
        Some(r#"{"name": "Another Ltd"}"#),
        Creator,
        [401, 403, 409, 201],
    ),
    row("GET /api/organizations/mine", "/api/organizations/mine", None, Creator, [401, 403, 200, 200]),
    row("GET /api/organizations/{id}/members", "/api/organizations/{org}/members", None, Creator, [401, 404, 200, 404]),
    row(
        "POST /api/organizations/{id}/invitations",
        "/api/organizations/{org}/invitations",
        Some(r#"{"email": "{fresh_email}", "role": "client"}"#),
        Creator,
        [401, 404, 201, 404],
    ),
    row("GET /api/invitations", "/api/invitations", None, Fan, [401, 200, 200, 200]),
    row(
        "POST /api/invitations/{id}/accept",
        "/api/invitations/{invitation}/accept",
        Some("{}"),
        Fan,
        [422, 404, 404, 404],
    ),
    row("GET /api/staff/clients", "/api/staff/clients", None, Creator, [401, 403, 200, 200]),
    row("GET /api/client/staff", "/api/client/staff", None, Fan, [401, 403, 403, 403]),
    row(
        "POST /api/video-calls",
        "/api/video-calls",
        Some(r#"{"clientId": "{member}"}"#),
        Creator,
        [401, 403, 201, 404],
    ),
    row(
        "POST /api/daily/create-room",
        "/api/daily/create-room",
        Some(r#"{"clientId": "{member}"}"#),
        Creator,
        [401, 403, 409, 404],
    ),
    row("GET /api/video-calls", "/api/video-calls", None, Creator, [401, 200, 200, 200]),
    row("GET /api/video-calls/stats", "/api/video-calls/stats", None, Creator, [401, 200, 200, 200]),
    row(
        "PATCH /api/video-calls/{callId}/status",
        "/api/video-calls/{nowhere}/status",
        Some(r#"{"status": "ENDED"}"#),
        Creator,
        [401, 404, 404, 404],
    ),
    row(
        "GET /api/video-calls/{callId}/recording",
        "/api/video-calls/{nowhere}/recording",
        None,
        Creator,
        [401, 404, 404, 404],
    ),
    row(
        "DELETE /api/organizations/{id}/members/{userId}",
        "/api/organizations/{org}/members/{member}",
        None,
        Creator,
        [401, 404, 204, 404],
    ),
    // Operators: payments, refunds, disputes, payouts.
    row("GET /api/admin/payments", "/api/admin/payments", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/refunds", "/api/admin/refunds", None, Fan, [401, 403, 403, 200]),
    row("POST /api/admin/refunds/{id}/retry", "/api/admin/refunds/{nowhere}/retry", None, Fan, [401, 403, 403, 404]),
    row("GET /api/admin/disputes", "/api/admin/disputes", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/payouts", "/api/admin/payouts", None, Creator, [401, 403, 403, 200]),
    row(
        "POST /api/admin/payouts/{id}/approve",
        "/api/admin/payouts/{nowhere}/approve",
        None,
        Creator,
        [401, 403, 403, 404],
    ),
    row(
        "POST /api/admin/payouts/{id}/reject",
        "/api/admin/payouts/{nowhere}/reject",
        Some(r#"{"reason": "No"}"#),
        Creator,
        [401, 403, 403, 404],
    ),
    row(
        "POST /api/admin/payouts/{id}/release",
        "/api/admin/payouts/{nowhere}/release",
        None,
        Creator,
        [401, 403, 403, 404],
    ),
    row("GET /api/admin/payouts/{id}/audit", "/api/admin/payouts/{nowhere}/audit", None, Creator, [401, 403, 403, 404]),
    row(
        "GET /api/admin/creators/{id}/payout-settings",
        "/api/admin/creators/{creator}/payout-settings",
        None,
        Creator,
        [401, 403, 403, 200],
    ),
    row(
        "PUT /api/admin/creators/{id}/payout-block",
        "/api/admin/creators/{creator}/payout-block",
        Some(r#"{"blocked": false}"#),
        Creator,
        [401, 403, 403, 200],
    ),
    row(
        "POST /api/admin/creators/{id}/ledger-adjustments",
        "/api/admin/creators/{creator}/ledger-adjustments",
        Some(r#"{"amount": "1.00", "reason": "Goodwill"}"#),
        Creator,
        [401, 403, 403, 201],
    ),
    // Operators: one payout, refund or dispute by id; reviews; call logs and metrics.
    row("GET /api/admin/payouts/{id}", "/api/admin/payouts/{nowhere}", None, Fan, [401, 403, 403, 404]),
    row("GET /api/admin/refunds/{id}", "/api/admin/refunds/{nowhere}", None, Fan, [401, 403, 403, 404]),
    row("GET /api/admin/disputes/{id}", "/api/admin/disputes/{nowhere}", None, Fan, [401, 403, 403, 404]),
    row(
        "POST /api/admin/reviews/{id}/hide",
        "/api/admin/reviews/{nowhere}/hide",
        Some(r#"{"reason": "Abusive"}"#),
        Fan,
        [401, 403, 403, 404],
    ),
    row("GET /api/admin/call-logs", "/api/admin/call-logs", None, Fan, [401, 403, 403, 200]),
    row("GET /api/admin/call-metrics", "/api/admin/call-metrics", None, Fan, [401, 403, 403, 200]),
    // Fans and creators: requests, reviews, dashboards. A request or review nobody has is 404 to
    // everyone; a review of a call not yet held is refused to its fan (409).
    row("GET /api/call-requests", "/api/call-requests", None, Fan, [401, 200, 200, 200]),
    row("GET /api/call-requests/{id}", "/api/call-requests/{nowhere}", None, Fan, [401, 404, 404, 404]),
    row("POST /api/call-requests", "/api/call-requests", Some("{}"), Fan, [401, 422, 422, 422]),
    row(
        "POST /api/call-requests/{id}/accept",
        "/api/call-requests/{nowhere}/accept",
        None,
        Creator,
        [401, 404, 404, 404],
    ),
    row(
        "POST /api/call-requests/{id}/reject",
        "/api/call-requests/{nowhere}/reject",
        Some("{}"),
        Creator,
        [401, 404, 404, 404],
    ),
    row(
        "POST /api/call-requests/{id}/withdraw",
        "/api/call-requests/{nowhere}/withdraw",
        None,
        Fan,
        [401, 404, 404, 404],
    ),
    row(
        "POST /api/bookings/{id}/review",
        "/api/bookings/{booking}/review",
        Some(r#"{"rating": 5}"#),
        Fan,
        [401, 404, 409, 404],
    ),
    row("GET /api/creators/{id}/reviews", "/api/creators/{creator}/reviews", None, Creator, [200, 200, 200, 200]),
    row(
        "POST /api/reviews/{id}/answer",
        "/api/reviews/{nowhere}/answer",
        Some(r#"{"answer": "Thanks"}"#),
        Creator,
        [401, 404, 404, 404],
    ),
    row("GET /api/me/dashboard", "/api/me/dashboard", None, Fan, [401, 200, 200, 200]),
    row("GET /api/creators/me/dashboard", "/api/creators/me/dashboard", None, Creator, [401, 403, 200, 403]),
];

/// The operations of the document, `METHOD /path`.
fn documented_operations() -> Vec<String> {
    let spec: Value = serde_json::to_value(api::openapi_document()).unwrap();
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    operations.sort();
    operations
}

#[test]
fn every_documented_operation_has_a_row_and_every_row_an_operation() {
    let documented = documented_operations();
    let missing: Vec<&String> =
        documented.iter().filter(|op| !MATRIX.iter().any(|r| r.operation == op.as_str())).collect();
    let stale: Vec<&str> =
        MATRIX.iter().map(|r| r.operation).filter(|op| !documented.iter().any(|d| d == op)).collect();
    let mut seen = std::collections::BTreeSet::new();
    let twice: Vec<&str> = MATRIX.iter().map(|r| r.operation).filter(|op| !seen.insert(*op)).collect();
    let hint = |op: &String| {
        let path = op.split_once(' ').map_or("", |(_, p)| p);
        format!("    row(\"{op}\", \"{path}\", None, Fan, [anonymous, another user, owner, admin]),")
    };
    assert!(
        missing.is_empty() && stale.is_empty() && twice.is_empty(),
        "the authorization matrix (tests/api/authorization.rs, MATRIX) is out of date.\n\
         Operations of the OpenAPI document without a row — add one each, with the status every caller gets:\n{}\n\
         Rows naming no operation of the document (renamed or removed?): {stale:?}\nRows given twice: {twice:?}",
        missing.iter().map(|op| hint(op)).collect::<Vec<_>>().join("\n")
    );
}

/// The fixtures the rows name.
struct World {
    fan: Session,
    other: Session,
    creator: Session,
    admin: Session,
    values: Vec<(&'static str, String)>,
}

impl World {
    async fn build(app: &TestApp) -> Self {
        let fan = app.signed_in("fan@example.com", "user").await;
        let other = app.signed_in("other@example.com", "user").await;
        let creator = app.signed_in("creator@example.com", "creator").await;
        let admin = app.admin("admin@example.com").await;
        let profile = json!({"currency": "EUR", "timezone": "Europe/Paris"});
        let saved = app
            .client
            .put(app.url("/api/creators/me"))
            .bearer_auth(&creator.access_token)
            .json(&profile)
            .send()
            .await
            .unwrap();
        let creator_id = saved.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let (booking, _) = app.confirmed_booking(&creator, &fan, chrono::Duration::days(2), 30).await;
        let (cancellable, _) = app.confirmed_booking(&creator, &fan, chrono::Duration::days(3), 30).await;
        let unpaid_offer = app.offer(&creator.access_token, "20.00", 24 * 4).await;
        let unpaid: Value = app
            .post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": unpaid_offer["id"]}))
            .await
            .json()
            .await
            .unwrap();
        let offer = app.offer(&creator.access_token, "20.00", 24 * 5).await;
        let editable = app.offer(&creator.access_token, "20.00", 24 * 6).await;
        let deletable = app.offer(&creator.access_token, "20.00", 24 * 7).await;
        let notifications: Value = app.get("/api/notifications", Some(&fan.access_token)).await.json().await.unwrap();
        let notification = notifications["items"][0]["id"].as_str().unwrap().to_owned();
        let emails: Value = app.get("/api/admin/emails", Some(&admin.access_token)).await.json().await.unwrap();
        let email = emails["items"][0]["id"].as_str().unwrap().to_owned();
        let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
        let planning = Planning::build(app, &creator, &fan).await;
        let values = vec![
            ("{creator}", creator_id),
            ("{fan}", fan.user_id()),
            ("{booking}", booking.to_string()),
            ("{cancellable}", cancellable.to_string()),
            ("{unpaid}", id(&unpaid)),
            ("{offer}", id(&offer)),
            ("{editable}", id(&editable)),
            ("{deletable}", id(&deletable)),
            ("{notification}", notification),
            ("{email}", email),
            ("{tomorrow}", (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339()),
            ("{creator_user}", creator.user_id()),
            ("{type}", planning.kind),
            ("{deletable_type}", planning.deletable_kind),
            ("{reason}", planning.reason),
            ("{deletable_reason}", planning.deletable_reason),
            ("{override}", planning.day_off),
            ("{far_date}", planning.far_date),
            ("{appointment}", planning.appointment),
            ("{cancellable_appointment}", planning.cancellable_appointment),
            ("{slot_b}", planning.free_slot),
            ("{org}", planning.org),
            ("{member}", planning.member),
            ("{invitation}", planning.invitation),
            ("{nowhere}", uuid::Uuid::new_v4().to_string()),
        ];
        Self { fan, other, creator, admin, values }
    }

    /// Fills in the fixtures of a path or body; `{fresh_offer}` and `{fresh_email}` are new
    /// for every request.
    async fn resolve(&self, app: &TestApp, text: &str) -> String {
        let mut text = text.to_owned();
        for (name, value) in &self.values {
            text = text.replace(name, value);
        }
        if text.contains("{fresh_offer}") {
            let offer = app.offer(&self.creator.access_token, "20.00", 24 * 8 + rand_hours()).await;
            text = text.replace("{fresh_offer}", offer["id"].as_str().unwrap());
        }
        if text.contains("{fresh_email}") {
            text = text.replace("{fresh_email}", &format!("new-{}@example.com", uuid::Uuid::new_v4().simple()));
        }
        text
    }
}

/// The creator's planning (hours every day, a type, reasons, a day off), two appointments
/// the fan booked with them, and the creator's organization with one client and one invitation.
struct Planning {
    kind: String,
    deletable_kind: String,
    reason: String,
    deletable_reason: String,
    day_off: String,
    far_date: String,
    appointment: String,
    cancellable_appointment: String,
    free_slot: String,
    org: String,
    member: String,
    invitation: String,
}

impl Planning {
    async fn build(app: &TestApp, creator: &Session, fan: &Session) -> Self {
        let token = creator.access_token.as_str();
        let send = |method: reqwest::Method, path: &str, body: Value| {
            app.client.request(method, app.url(path)).bearer_auth(token).json(&body).send()
        };
        let created = |response: reqwest::Response| async move {
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            assert!(status.is_success(), "{status}: {body}");
            body["id"].as_str().unwrap().to_owned()
        };
        let all_day = json!([{"start": "00:00", "end": "24:00"}]);
        let weekly: Vec<Value> = (1..=7).map(|day| json!({"weekday": day, "ranges": all_day})).collect();
        let hours = send(reqwest::Method::PUT, "/api/availability", json!({"timezone": "UTC", "weekly": weekly}))
            .await
            .unwrap();
        assert_eq!(hours.status(), 200);
        let kind_body = json!({"name": "Session", "duration": 60, "color": "#4f46e5", "meetingTypes": ["video"], "minimumNotice": 0});
        let kind =
            created(send(reqwest::Method::POST, "/api/appointment-types", kind_body.clone()).await.unwrap()).await;
        let deletable_kind =
            created(send(reqwest::Method::POST, "/api/appointment-types", kind_body).await.unwrap()).await;
        let reason =
            created(send(reqwest::Method::POST, "/api/appointment-reasons", json!({"label": "First"})).await.unwrap())
                .await;
        let deletable_reason =
            created(send(reqwest::Method::POST, "/api/appointment-reasons", json!({"label": "Second"})).await.unwrap())
                .await;
        let far = (chrono::Utc::now() + chrono::Duration::days(60)).date_naive();
        let day_off = created(
            send(
                reqwest::Method::POST,
                "/api/availability/overrides",
                json!({"date": far - chrono::Duration::days(1), "unavailable": true}),
            )
            .await
            .unwrap(),
        )
        .await;
        use chrono::Timelike as _;
        let at = |days: i64| {
            let t = chrono::Utc::now() + chrono::Duration::days(days);
            t.with_hour(10)
                .unwrap()
                .with_minute(0)
                .unwrap()
                .with_second(0)
                .unwrap()
                .with_nanosecond(0)
                .unwrap()
                .to_rfc3339()
        };
        let book = |when: String| {
            let body = json!({"appointmentTypeId": kind, "startsAt": when, "meetingType": "video", "hostId": creator.user_id()});
            app.client.post(app.url("/api/appointments")).bearer_auth(&fan.access_token).json(&body).send()
        };
        let appointment = created(book(at(20)).await.unwrap()).await;
        let cancellable_appointment = created(book(at(21)).await.unwrap()).await;
        let org =
            created(send(reqwest::Method::POST, "/api/organizations", json!({"name": "Matrix Ltd"})).await.unwrap())
                .await;
        let member = app.signed_in("member@example.com", "user").await;
        app.join(org.parse().unwrap(), &member, "client", None).await;
        let invite = json!({"email": "invitee@example.com", "role": "client"});
        let invitation = created(
            send(reqwest::Method::POST, &format!("/api/organizations/{org}/invitations"), invite).await.unwrap(),
        )
        .await;
        Self {
            kind,
            deletable_kind,
            reason,
            deletable_reason,
            day_off,
            far_date: far.to_string(),
            appointment,
            cancellable_appointment,
            free_slot: at(22),
            org,
            member: member.user_id(),
            invitation,
        }
    }
}

/// Fresh offers must not overlap (a host is never booked twice at once).
fn rand_hours() -> i64 {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

on_both_databases! {
    async fn every_caller_gets_the_status_written_down(backend: Backend) {
        let vars = vec![
            ("CRON_SECRET".to_owned(), "matrix-cron-secret-0123456789".to_owned()),
            ("STRIPE_WEBHOOK_SECRET".to_owned(), "whsec_matrix".to_owned()),
            ("DAILY_WEBHOOK_SECRET".to_owned(), "c2VjcmV0".to_owned()),
            ("STRIPE_CONNECT_WEBHOOK_SECRET".to_owned(), "whsec_matrix_connect".to_owned()),
        ];
        let app = TestApp::spawn_with(backend, callstar_tests::Options { vars, ..Default::default() }).await;
        let world = World::build(&app).await;
        let mut wrong = Vec::new();
        for row in MATRIX {
            let owner = match row.owner {
                Owner::Fan => &world.fan,
                Owner::Creator => &world.creator,
            };
            // Owner last: its changes must not decide the others' answers.
            let callers = [("anonymous", None, 0), ("another user", Some(&world.other), 1), ("admin", Some(&world.admin), 3), ("owner", Some(owner), 2)];
            for (who, session, column) in callers {
                let (method, _) = row.operation.split_once(' ').unwrap();
                let path = world.resolve(&app, row.path).await;
                let mut request = app.client.request(method.parse().unwrap(), app.url(&path));
                if let Some(session) = session {
                    request = request.bearer_auth(&session.access_token);
                }
                if let Some(body) = row.body {
                    request = request.header("content-type", "application/json").body(world.resolve(&app, body).await);
                }
                let status = request.send().await.unwrap().status().as_u16();
                if status != row.expect[column] {
                    wrong.push(format!("{} as {who}: {status}, expected {}", row.operation, row.expect[column]));
                }
            }
        }
        assert!(wrong.is_empty(), "statuses differ from the matrix:\n{}", wrong.join("\n"));
        let _ = PASSWORD;
    }
}
