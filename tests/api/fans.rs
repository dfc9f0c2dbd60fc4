//! Fans and creators (issue 14): call requests (accepted, declined, withdrawn, expired, and the
//! creator's overlap rule), reviews and ratings (hidden ones do not count), the dashboards, the
//! no-show policy (the host-absent call refunded exactly once, the guest-absent one not), the
//! admins' call-log search and call metrics. Each notification this work sends is read by its
//! recipient in English and in French, with its link.

use callstar_tests::{Options, Session, TestApp, assert_problem, on_both_databases};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Registers and signs in someone with a name (texts name people).
async fn person(app: &TestApp, email: &str, role: &str, name: &str) -> Session {
    let session = app.signed_in(email, role).await;
    set_me(app, &session, json!({"name": name})).await;
    session
}

async fn set_me(app: &TestApp, session: &Session, body: Value) {
    let response =
        app.client.patch(app.url("/api/me")).bearer_auth(&session.access_token).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 200, "PATCH /api/me {body}");
}

async fn ok_json(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

/// The creator id of a creator's account (the id of `/api/creators/{id}`).
async fn creator_id(app: &TestApp, creator: &Session) -> String {
    let me = ok_json(app.get("/api/creators/me", Some(&creator.access_token)).await, 200).await;
    me["id"].as_str().unwrap().to_owned()
}

/// The reader's notifications of one type, newest first.
async fn notes(app: &TestApp, reader: &Session, kind: &str) -> Vec<Value> {
    let page = ok_json(app.get("/api/notifications?perPage=100", Some(&reader.access_token)).await, 200).await;
    page["items"].as_array().unwrap().iter().filter(|n| n["type"] == kind).cloned().collect()
}

/// The reader's one notification of `kind`, as it reads in English and then in French (a
/// notification renders in the reader's current language); the reader is left in English.
async fn in_both_languages(app: &TestApp, reader: &Session, kind: &str) -> (Value, Value) {
    let en = notes(app, reader, kind).await;
    assert_eq!(en.len(), 1, "one {kind}: {en:?}");
    set_me(app, reader, json!({"locale": "fr"})).await;
    let fr = notes(app, reader, kind).await;
    set_me(app, reader, json!({"locale": "en"})).await;
    assert_eq!(fr[0]["id"], en[0]["id"]);
    (en[0].clone(), fr[0].clone())
}

fn text(note: &Value) -> (&str, &str) {
    (note["title"].as_str().unwrap(), note["message"].as_str().unwrap())
}

/// Queued e-mails of one template to one address.
async fn emails(app: &TestApp, to: &str, template: &str) -> Vec<entity::email::Model> {
    entity::email::Entity::find()
        .filter(entity::email::Column::ToAddress.eq(to))
        .filter(entity::email::Column::Template.eq(template))
        .all(&app.db)
        .await
        .unwrap()
}

fn request_body(creator_id: &str, starts_in: Duration, minutes: i32, price: &str) -> Value {
    json!({"creatorId": creator_id, "proposedDateTime": Utc::now() + starts_in, "duration": minutes,
           "proposedPrice": price, "message": "I would love feedback on my portfolio."})
}

async fn ask(app: &TestApp, fan: &Session, body: &Value) -> reqwest::Response {
    app.post_auth("/api/call-requests", &fan.access_token, body).await
}

fn at(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

on_both_databases! {
    async fn a_fan_asks_for_a_call_the_creator_accepts_and_the_fan_pays(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let stranger = person(&app, "eve@example.com", "user", "Eve").await;
        let id = creator_id(&app, &creator).await;

        let created = ok_json(ask(&app, &fan, &request_body(&id, Duration::days(3), 45, "40")).await, 201).await;
        assert_eq!(created["status"], "pending");
        assert_eq!((created["proposedPrice"].as_str(), created["currency"].as_str()), (Some("40.00"), Some("EUR")), "the creator's currency by default");
        assert_eq!((created["creatorId"].as_str(), created["creatorName"].as_str()), (Some(id.as_str()), Some("Camille")));
        assert_eq!((created["fan"]["name"].as_str(), created["duration"].as_i64()), (Some("Ada"), Some(45)));
        assert_eq!(at(&created["endsAt"]), at(&created["proposedDateTime"]) + Duration::minutes(45));
        assert_eq!(created["bookingId"], Value::Null);
        let request_id = created["id"].as_str().unwrap().to_owned();

        // CALL_REQUEST reaches the creator (not the fan), in both languages, linking to their requests.
        let (en, fr) = in_both_languages(&app, &creator, "CALL_REQUEST").await;
        assert_eq!(text(&en), ("New call request", "Ada would like a call with you."));
        assert_eq!(text(&fr), ("Nouvelle demande d’appel", "Ada aimerait un appel avec vous."));
        assert_eq!(en["link"], "/dashboard/creator/requests");
        assert!(notes(&app, &fan, "CALL_REQUEST").await.is_empty());
        let mail = emails(&app, "camille@example.com", "call_request").await;
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].subject, "Ada asks for a call");
        assert!(mail[0].text.contains("I would love feedback on my portfolio."), "{}", mail[0].text);

        // The creator sees it with its counts; the fan sees it as sent; a stranger does not see it.
        let received = ok_json(app.get("/api/call-requests?as=creator", Some(&creator.access_token)).await, 200).await;
        assert_eq!(received["total"], 1);
        assert_eq!(received["counts"], json!({"pending": 1, "accepted": 0, "rejected": 0, "expired": 0, "withdrawn": 0}));
        let sent = ok_json(app.get("/api/call-requests", Some(&fan.access_token)).await, 200).await;
        assert_eq!(sent["items"][0]["id"], request_id.as_str());
        let path = format!("/api/call-requests/{request_id}");
        assert_problem(app.get(&path, Some(&stranger.access_token)).await, 404, "not_found").await;

        // Only the creator accepts: the fan is refused, a stranger does not find it.
        let accept = format!("{path}/accept");
        assert_problem(app.post_auth(&accept, &fan.access_token, &json!({})).await, 403, "not_request_creator").await;
        assert_problem(app.post_auth(&accept, &stranger.access_token, &json!({})).await, 404, "not_found").await;
        let accepted = ok_json(app.post_auth(&accept, &creator.access_token, &json!({})).await, 200).await;
        assert_eq!(accepted["status"], "accepted");
        assert!(accepted["respondedAt"].is_string());
        let booking_id = accepted["bookingId"].as_str().unwrap().to_owned();
        assert_problem(app.post_auth(&accept, &creator.access_token, &json!({})).await, 409, "request_closed").await;

        // The booking is held for the fan for a day while they pay, at the proposed terms.
        let booking = ok_json(app.get(&format!("/api/bookings/{booking_id}"), Some(&fan.access_token)).await, 200).await;
        assert_eq!((booking["status"].as_str(), booking["totalPrice"].as_str()), (Some("pending"), Some("40.00")));
        assert_eq!(at(&booking["startsAt"]), at(&created["proposedDateTime"]));
        assert_eq!(booking["callOffer"]["title"], "Ada \u{2013} Camille");
        let hold = at(&booking["holdExpiresAt"]) - Utc::now();
        assert!(hold > Duration::hours(23) && hold <= Duration::hours(24), "{hold}");

        // CALL_REQUEST_ACCEPTED reaches the fan, linking to the booking to pay; and an e-mail.
        let (en, fr) = in_both_languages(&app, &fan, "CALL_REQUEST_ACCEPTED").await;
        assert_eq!(text(&en), ("Call request accepted", "Camille accepted your call request. Pay to confirm the call."));
        assert_eq!(text(&fr), ("Demande d’appel acceptée", "Camille a accepté votre demande d’appel. Payez pour confirmer l’appel."));
        assert_eq!(en["link"], format!("/bookings/{booking_id}"));
        assert!(notes(&app, &creator, "CALL_REQUEST_ACCEPTED").await.is_empty());
        let mail = emails(&app, "ada@example.com", "call_request_accepted").await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].text.contains(&format!("/bookings/{booking_id}")), "{}", mail[0].text);

        // The offer is the fan's alone: not listed, not bookable by anyone else.
        let offers = ok_json(app.get(&format!("/api/creators/{id}/offers"), None).await, 200).await;
        assert_eq!(offers["items"], json!([]));
        assert_eq!(offers["total"], 0);
        let offer_id = accepted["callOfferId"].as_str().unwrap();
        assert_problem(app.post_auth("/api/bookings", &stranger.access_token, &json!({"callOfferId": offer_id})).await, 404, "not_found").await;
        let profile = ok_json(app.get(&format!("/api/creators/{id}"), None).await, 200).await;
        assert_eq!(profile["availableOffers"], 0);

        // The fan pays (test mode): confirmed.
        let paid = ok_json(app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": booking_id})).await, 200).await;
        assert_eq!(paid["booking"]["status"], "confirmed");
        let counts = ok_json(app.get("/api/call-requests", Some(&fan.access_token)).await, 200).await;
        assert_eq!(counts["counts"]["accepted"], 1);

        // The fan's dashboard counts it and shows it as the next call.
        let dashboard = ok_json(app.get("/api/me/dashboard", Some(&fan.access_token)).await, 200).await;
        assert_eq!(dashboard["upcomingCalls"], 1);
        assert_eq!(dashboard["pendingRequests"], 0);
        assert_eq!(dashboard["nextCall"]["id"], booking_id.as_str());
    }

    async fn only_the_creator_declines_and_only_the_fan_withdraws(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let id = creator_id(&app, &creator).await;
        let first = ok_json(ask(&app, &fan, &request_body(&id, Duration::days(2), 30, "25.00")).await, 201).await;
        let second = ok_json(ask(&app, &fan, &request_body(&id, Duration::days(4), 30, "25.00")).await, 201).await;
        let third = ok_json(ask(&app, &fan, &request_body(&id, Duration::days(5), 30, "25.00")).await, 201).await;
        // At most three waiting requests to one creator.
        assert_problem(ask(&app, &fan, &request_body(&id, Duration::days(6), 30, "25.00")).await, 409, "pending_request_limit").await;

        // Decline, with a reason: the fan cannot, the creator can; once.
        let reject = format!("/api/call-requests/{}/reject", first["id"].as_str().unwrap());
        let reason = json!({"reason": "Travelling that week."});
        assert_problem(app.post_auth(&reject, &fan.access_token, &reason).await, 403, "not_request_creator").await;
        let declined = ok_json(app.post_auth(&reject, &creator.access_token, &reason).await, 200).await;
        assert_eq!((declined["status"].as_str(), declined["rejectionReason"].as_str()), (Some("rejected"), Some("Travelling that week.")));
        assert_problem(app.post_auth(&reject, &creator.access_token, &json!({})).await, 409, "request_closed").await;
        let (en, fr) = in_both_languages(&app, &fan, "CALL_REQUEST_REJECTED").await;
        assert_eq!(text(&en), ("Call request declined", "Camille declined your call request. Travelling that week."));
        assert_eq!(text(&fr), ("Demande d’appel refusée", "Camille a refusé votre demande d’appel. Travelling that week."));
        assert_eq!(en["link"], "/requests");
        let mail = emails(&app, "ada@example.com", "call_request_rejected").await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].text.contains("Their reason: Travelling that week."), "{}", mail[0].text);

        // Withdraw: the creator cannot, the fan can; once. Declining it afterwards is refused.
        let withdraw = format!("/api/call-requests/{}/withdraw", second["id"].as_str().unwrap());
        assert_problem(app.post_auth(&withdraw, &creator.access_token, &json!({})).await, 403, "not_request_fan").await;
        assert_eq!(ok_json(app.post_auth(&withdraw, &fan.access_token, &json!({})).await, 200).await["status"], "withdrawn");
        assert_problem(app.post_auth(&withdraw, &fan.access_token, &json!({})).await, 409, "request_closed").await;
        let reject_second = format!("/api/call-requests/{}/reject", second["id"].as_str().unwrap());
        assert_problem(app.post_auth(&reject_second, &creator.access_token, &json!({})).await, 409, "request_closed").await;

        // Counts per status, and a status filter.
        let mine = ok_json(app.get("/api/call-requests?status=pending", Some(&fan.access_token)).await, 200).await;
        assert_eq!(mine["total"], 1);
        assert_eq!(mine["items"][0]["id"], third["id"]);
        assert_eq!(mine["counts"], json!({"pending": 1, "accepted": 0, "rejected": 1, "expired": 0, "withdrawn": 1}));
        let dashboard = ok_json(app.get("/api/me/dashboard", Some(&fan.access_token)).await, 200).await;
        assert_eq!(dashboard["pendingRequests"], 1);
        let studio = ok_json(app.get("/api/creators/me/dashboard", Some(&creator.access_token)).await, 200).await;
        assert_eq!(studio["pendingRequests"], 1);
        assert_problem(app.get("/api/creators/me/dashboard", Some(&fan.access_token)).await, 403, "not_a_creator").await;
    }

    async fn requests_follow_the_offers_rules(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let id = creator_id(&app, &creator).await;
        let bad = json!({"creatorId": id, "proposedDateTime": Utc::now() - Duration::hours(1), "duration": 2,
                         "proposedPrice": "0.10", "message": "x".repeat(1001)});
        let problem = assert_problem(ask(&app, &fan, &bad).await, 422, "validation_failed").await;
        for field in ["proposedDateTime", "duration", "message"] {
            assert!(problem["errors"][field].is_array(), "{field}: {problem}");
        }
        let cheap = request_body(&id, Duration::days(1), 30, "0.10");
        let problem = assert_problem(ask(&app, &fan, &cheap).await, 422, "validation_failed").await;
        assert!(problem["errors"]["proposedPrice"].is_array(), "{problem}");
        let mut dollars = request_body(&id, Duration::days(1), 30, "20.00");
        dollars["currency"] = json!("USD");
        let problem = assert_problem(ask(&app, &fan, &dollars).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"]["currency"][0], "must be the creator's currency (EUR)");
        assert_problem(ask(&app, &creator, &request_body(&id, Duration::days(1), 30, "20.00")).await, 422, "own_request").await;
        let nobody = request_body(&Uuid::new_v4().to_string(), Duration::days(1), 30, "20.00");
        assert_problem(ask(&app, &fan, &nobody).await, 404, "not_found").await;
    }

    async fn expired_requests_cannot_be_accepted(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let id = creator_id(&app, &creator).await;
        let created = ok_json(ask(&app, &fan, &request_body(&id, Duration::hours(2), 30, "25.00")).await, 201).await;
        let request_id: Uuid = created["id"].as_str().unwrap().parse().unwrap();
        // Its proposed time passes.
        entity::call_request::Entity::update_many()
            .col_expr(entity::call_request::Column::ProposedAt, sea_orm::sea_query::Expr::value(Utc::now() - Duration::minutes(1)))
            .filter(entity::call_request::Column::Id.eq(request_id))
            .exec(&app.db)
            .await
            .unwrap();
        // Expired for everyone at once, before the job has run.
        let seen = ok_json(app.get(&format!("/api/call-requests/{request_id}"), Some(&creator.access_token)).await, 200).await;
        assert_eq!(seen["status"], "expired");
        let accept = format!("/api/call-requests/{request_id}/accept");
        let problem = assert_problem(app.post_auth(&accept, &creator.access_token, &json!({})).await, 409, "request_expired").await;
        assert_eq!(problem["detail"], "The proposed time of this call request has passed.");
        let withdraw = format!("/api/call-requests/{request_id}/withdraw");
        assert_problem(app.post_auth(&withdraw, &fan.access_token, &json!({})).await, 409, "request_expired").await;
        let counts = ok_json(app.get("/api/call-requests", Some(&fan.access_token)).await, 200).await;
        assert_eq!((counts["counts"]["pending"].as_u64(), counts["counts"]["expired"].as_u64()), (Some(0), Some(1)));
        // The job stores it; running it again changes nothing.
        assert_eq!(app.run_job("expire-call-requests").await.counts["expired"], 1);
        assert_eq!(app.run_job("expire-call-requests").await.counts["expired"], 0);
        let stored = entity::call_request::Entity::find_by_id(request_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(stored.status, domain::call_request::CallRequestStatus::Expired);
        assert_problem(app.post_auth(&accept, &creator.access_token, &json!({})).await, 409, "request_closed").await;
        assert!(app.get("/api/bookings", Some(&fan.access_token)).await.json::<Value>().await.unwrap()["total"] == 0);
    }

    async fn accepting_keeps_the_creators_overlap_rule(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let other = person(&app, "bob@example.com", "user", "Bob").await;
        let id = creator_id(&app, &creator).await;
        let (_, start) = app.confirmed_booking(&creator, &other, Duration::days(2), 60).await;
        let body = json!({"creatorId": id, "proposedDateTime": start + Duration::minutes(30), "duration": 30, "proposedPrice": "30"});
        let created = ok_json(ask(&app, &fan, &body).await, 201).await;
        let accept = format!("/api/call-requests/{}/accept", created["id"].as_str().unwrap());
        assert_problem(app.post_auth(&accept, &creator.access_token, &json!({})).await, 409, "host_busy").await;
        // Nothing was made, and the request still waits.
        let still = ok_json(app.get(&format!("/api/call-requests/{}", created["id"].as_str().unwrap()), Some(&fan.access_token)).await, 200).await;
        assert_eq!((still["status"].as_str(), still["bookingId"].as_str()), (Some("pending"), None));
        assert!(notes(&app, &fan, "CALL_REQUEST_ACCEPTED").await.is_empty());
        let offers = entity::call_offer::Entity::find().filter(entity::call_offer::Column::ReservedFor.is_not_null()).all(&app.db).await.unwrap();
        assert!(offers.is_empty());
    }
}

/// Both participants report having joined a call (or only `who`), at the server's clock.
async fn join(app: &TestApp, booking: Uuid, who: &[&Session]) {
    for session in who {
        let body = json!({"bookingId": booking, "event": "CALL_JOINED"});
        assert_eq!(app.post_auth("/api/call-logs", &session.access_token, &body).await.status(), 201);
    }
}

/// Settles every call that ends before `hours` from now.
async fn settle_until(app: &TestApp, hours: i64) -> Value {
    app.run_job_at("settle-calls", Utc::now() + Duration::hours(hours)).await.counts
}

on_both_databases! {
    async fn only_the_fan_of_a_completed_call_reviews_it_once(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let stranger = person(&app, "eve@example.com", "user", "Eve").await;
        let (booking, _) = app.confirmed_booking(&creator, &fan, Duration::hours(1), 30).await;
        let review = format!("/api/bookings/{booking}/review");
        let body = json!({"rating": 5, "comment": "  Clear and kind advice.  "});
        // Not before the call is completed.
        assert_problem(app.post_auth(&review, &fan.access_token, &body).await, 409, "call_not_completed").await;
        join(&app, booking, &[&creator, &fan]).await;
        assert_eq!(settle_until(&app, 3).await["settled"], 1);
        let seen = ok_json(app.get(&format!("/api/bookings/{booking}"), Some(&fan.access_token)).await, 200).await;
        assert_eq!((seen["status"].as_str(), seen["reviewed"].as_bool(), seen["canReview"].as_bool()), (Some("completed"), Some(false), Some(true)));

        // Only its fan: the creator is refused, a stranger does not find the call.
        assert_problem(app.post_auth(&review, &creator.access_token, &body).await, 403, "not_booking_guest").await;
        assert_problem(app.post_auth(&review, &stranger.access_token, &body).await, 404, "not_found").await;
        let invalid = assert_problem(app.post_auth(&review, &fan.access_token, &json!({"rating": 6, "comment": "x".repeat(2001)})).await, 422, "validation_failed").await;
        assert!(invalid["errors"]["rating"].is_array() && invalid["errors"]["comment"].is_array(), "{invalid}");
        let created = ok_json(app.post_auth(&review, &fan.access_token, &body).await, 201).await;
        assert_eq!((created["rating"].as_i64(), created["comment"].as_str()), (Some(5), Some("Clear and kind advice.")));
        assert_eq!((created["authorName"].as_str(), created["callTitle"].as_str()), (Some("Ada"), Some("Portfolio review")));
        // Once.
        assert_problem(app.post_auth(&review, &fan.access_token, &body).await, 409, "already_reviewed").await;
        let seen = ok_json(app.get(&format!("/api/bookings/{booking}"), Some(&fan.access_token)).await, 200).await;
        assert_eq!((seen["reviewed"].as_bool(), seen["canReview"].as_bool()), (Some(true), Some(false)));

        // REVIEW_RECEIVED reaches the creator, linking to their reviews.
        let (en, fr) = in_both_languages(&app, &creator, "REVIEW_RECEIVED").await;
        assert_eq!(text(&en), ("New review", "Ada reviewed your call \u{201c}Portfolio review\u{201d}."));
        assert_eq!(text(&fr), ("Nouvel avis", "Ada a laissé un avis sur votre appel « Portfolio review »."));
        assert_eq!(en["link"], "/dashboard/creator/reviews");
        assert!(notes(&app, &fan, "REVIEW_RECEIVED").await.is_empty());

        // The creator answers once; nobody else may.
        let answer = format!("/api/reviews/{}/answer", created["id"].as_str().unwrap());
        assert_problem(app.post_auth(&answer, &fan.access_token, &json!({"answer": "Me too"})).await, 403, "not_review_creator").await;
        assert_problem(app.post_auth(&answer, &creator.access_token, &json!({"answer": " "})).await, 422, "validation_failed").await;
        let answered = ok_json(app.post_auth(&answer, &creator.access_token, &json!({"answer": "Thank you, Ada!"})).await, 200).await;
        assert_eq!(answered["answer"], "Thank you, Ada!");
        assert_problem(app.post_auth(&answer, &creator.access_token, &json!({"answer": "Again"})).await, 409, "already_answered").await;

        // Public: the review with its answer, and the rating on the profile.
        let id = creator_id(&app, &creator).await;
        let listed = ok_json(app.get(&format!("/api/creators/{id}/reviews"), None).await, 200).await;
        assert_eq!(listed["total"], 1);
        assert_eq!(listed["items"][0]["answer"], "Thank you, Ada!");
        let profile = ok_json(app.get(&format!("/api/creators/{id}"), None).await, 200).await;
        assert_eq!((profile["averageRating"].as_f64(), profile["reviewCount"].as_u64()), (Some(5.0), Some(1)));
        let studio = ok_json(app.get("/api/creators/me/dashboard", Some(&creator.access_token)).await, 200).await;
        assert_eq!((studio["averageRating"].as_f64(), studio["reviewCount"].as_u64()), (Some(5.0), Some(1)));
        assert_eq!(studio["month"]["bookings"], 1);
        assert_eq!(studio["month"]["revenue"], json!([{"amount": "20.00", "currency": "EUR"}]));
        let dashboard = ok_json(app.get("/api/me/dashboard", Some(&fan.access_token)).await, 200).await;
        assert_eq!((dashboard["pastCalls"].as_u64(), dashboard["upcomingCalls"].as_u64()), (Some(0), Some(0)), "the call is in an hour: not past yet, and settled");
    }

    async fn hidden_reviews_do_not_count_in_the_average(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("ops@example.com").await;
        let camille = person(&app, "camille@example.com", "creator", "Camille").await;
        let basile = person(&app, "basile@example.com", "creator", "Basile").await;
        let chloe = person(&app, "chloe@example.com", "creator", "Chloé").await;
        creator_id(&app, &chloe).await;
        let fans = [
            person(&app, "ada@example.com", "user", "Ada").await,
            person(&app, "bob@example.com", "user", "Bob").await,
            person(&app, "cyd@example.com", "user", "Cyd").await,
        ];
        // Camille: 5 and 2 stars; Basile: 4.
        let mut reviews = Vec::new();
        for (i, (host, fan, stars)) in [(&camille, &fans[0], 5), (&camille, &fans[1], 2), (&basile, &fans[2], 4)].into_iter().enumerate() {
            let (booking, _) = app.confirmed_booking(host, fan, Duration::hours(1 + i as i64), 30).await;
            join(&app, booking, &[host, fan]).await;
            reviews.push((booking, fan, stars));
        }
        assert_eq!(settle_until(&app, 6).await["settled"], 3);
        let mut ids = Vec::new();
        for (booking, fan, stars) in reviews {
            let created = ok_json(app.post_auth(&format!("/api/bookings/{booking}/review"), &fan.access_token, &json!({"rating": stars})).await, 201).await;
            ids.push(created["id"].as_str().unwrap().to_owned());
        }
        let camille_id = creator_id(&app, &camille).await;
        let rating = |value: &Value| (value["name"].as_str().unwrap().to_owned(), value["averageRating"].as_f64(), value["reviewCount"].as_u64().unwrap());
        let list = ok_json(app.get("/api/creators?sort=rating", None).await, 200).await;
        let ranked: Vec<_> = list["items"].as_array().unwrap().iter().map(rating).collect();
        assert_eq!(ranked, [("Basile".to_owned(), Some(4.0), 1), ("Camille".to_owned(), Some(3.5), 2), ("Chloé".to_owned(), None, 0)]);
        let by_name = ok_json(app.get("/api/creators", None).await, 200).await;
        assert_eq!(by_name["items"][0]["name"], "Basile");
        assert_eq!(by_name["items"][1]["averageRating"], 3.5);
        assert_problem(app.get("/api/creators?sort=price", None).await, 422, "validation_failed").await;

        // Only admins hide, with a reason; once.
        let hide = format!("/api/admin/reviews/{}/hide", ids[1]);
        assert_problem(app.post_auth(&hide, &camille.access_token, &json!({"reason": "unfair"})).await, 403, "forbidden").await;
        assert_problem(app.post_auth(&hide, &admin.access_token, &json!({"reason": ""})).await, 422, "validation_failed").await;
        let hidden = ok_json(app.post_auth(&hide, &admin.access_token, &json!({"reason": "Insults the creator."})).await, 200).await;
        assert_eq!(hidden["hiddenReason"], "Insults the creator.");
        assert!(hidden["hiddenAt"].is_string());
        assert_problem(app.post_auth(&hide, &admin.access_token, &json!({"reason": "again"})).await, 409, "review_hidden").await;

        // The hidden 2-star review no longer counts, nor shows.
        let profile = ok_json(app.get(&format!("/api/creators/{camille_id}"), None).await, 200).await;
        assert_eq!((profile["averageRating"].as_f64(), profile["reviewCount"].as_u64()), (Some(5.0), Some(1)));
        let listed = ok_json(app.get(&format!("/api/creators/{camille_id}/reviews"), None).await, 200).await;
        assert_eq!(listed["total"], 1);
        assert_eq!(listed["items"][0]["id"], ids[0].as_str());
        let list = ok_json(app.get("/api/creators?sort=rating", None).await, 200).await;
        let ranked: Vec<_> = list["items"].as_array().unwrap().iter().map(rating).collect();
        assert_eq!(ranked[0], ("Camille".to_owned(), Some(5.0), 1));
    }
}

/// A server whose payments go to a fake Stripe that counts refunds: the first `failing`
/// refund requests answer 500.
async fn stripe_app(backend: callstar_tests::Backend, failing: u64) -> (TestApp, MockServer) {
    let stripe = MockServer::start().await;
    let ok = |body: Value| ResponseTemplate::new(200).set_body_json(body);
    Mock::given(method("POST"))
        .and(path("/v1/accounts"))
        .respond_with(ok(json!({"id": "acct_1", "object": "account"})))
        .mount(&stripe)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/account_links"))
        .respond_with(ok(json!({"object": "account_link",
        "created": 1_800_000_000, "expires_at": 1_800_000_300, "url": "https://connect.stripe.com/setup/x"})))
        .mount(&stripe)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/accounts/acct_1"))
        .respond_with(ok(json!({"id": "acct_1", "object": "account",
        "charges_enabled": true, "payouts_enabled": true, "details_submitted": true, "default_currency": "eur"})))
        .mount(&stripe)
        .await;
    Mock::given(method("POST")).and(path("/v1/payment_intents")).respond_with(ok(json!({"id": "pi_1", "object": "payment_intent",
        "amount": 2000, "amount_capturable": 0, "amount_received": 0, "capture_method": "automatic", "confirmation_method": "automatic",
        "created": 1_800_000_000, "currency": "eur", "livemode": false, "metadata": {}, "payment_method_types": ["card"],
        "status": "requires_payment_method", "client_secret": "pi_1_secret"}))).mount(&stripe).await;
    if failing > 0 {
        Mock::given(method("POST"))
            .and(path("/v1/refunds"))
            .respond_with(
                ResponseTemplate::new(500).set_body_json(json!({"error": {"type": "api_error", "message": "down"}})),
            )
            .up_to_n_times(failing)
            .with_priority(1)
            .mount(&stripe)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .respond_with(ok(json!({"id": "re_1", "object": "refund", "amount": 2000,
        "created": 1_800_000_000, "currency": "eur", "status": "succeeded"})))
        .mount(&stripe)
        .await;
    let vars = [
        ("STRIPE_SECRET_KEY", "sk_test_fans".to_owned()),
        ("STRIPE_PUBLISHABLE_KEY", "pk_test_fans".to_owned()),
        ("STRIPE_API_BASE", stripe.uri()),
        ("STRIPE_WEBHOOK_SECRET", "whsec_fans".to_owned()),
        ("STRIPE_CONNECT_WEBHOOK_SECRET", "whsec_fans_connect".to_owned()),
    ];
    let vars = vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    (TestApp::spawn_with(backend, Options { vars, ..Options::default() }).await, stripe)
}

/// A booking of a call starting in `hours`, paid through the fake Stripe (its signed webhook).
async fn paid_with_stripe(app: &TestApp, creator: &Session, fan: &Session, hours: i64) -> Uuid {
    app.post_auth("/api/creators/me/stripe/onboarding-link", &creator.access_token, &json!({})).await;
    app.post_auth("/api/creators/me/stripe/refresh", &creator.access_token, &json!({})).await;
    let offer = app.offer(&creator.access_token, "20.00", hours).await;
    let booking =
        ok_json(app.post_auth("/api/bookings", &fan.access_token, &json!({"callOfferId": offer["id"]})).await, 201)
            .await;
    let id = booking["id"].as_str().unwrap().to_owned();
    ok_json(app.post_auth("/api/payments/create-intent", &fan.access_token, &json!({"bookingId": id})).await, 200)
        .await;
    let intent = json!({"id": "pi_1", "object": "payment_intent", "amount": 2000, "amount_capturable": 0, "amount_received": 2000,
        "capture_method": "automatic", "confirmation_method": "automatic", "created": 1_800_000_000, "currency": "eur",
        "livemode": false, "metadata": {"booking_id": id}, "payment_method_types": ["card"], "status": "succeeded",
        "latest_charge": "ch_1", "application_fee_amount": 300, "transfer_data": {"destination": "acct_1"}});
    let event =
        json!({"id": "evt_paid", "object": "event", "type": "payment_intent.succeeded", "created": 1_800_000_000,
        "livemode": false, "pending_webhooks": 1, "api_version": "2026-09-30", "data": {"object": intent}})
        .to_string();
    let now = Utc::now().timestamp();
    let signature = format!("t={now},v1={}", providers::stripe_signature::sign(event.as_bytes(), now, "whsec_fans"));
    let response = app
        .client
        .post(app.url("/api/payments/webhook"))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    id.parse().unwrap()
}

async fn refund_requests(stripe: &MockServer) -> Vec<wiremock::Request> {
    stripe.received_requests().await.unwrap().into_iter().filter(|r| r.url.path() == "/v1/refunds").collect()
}

async fn refunds_of(app: &TestApp, booking: Uuid) -> Vec<entity::refund::Model> {
    entity::refund::Entity::find().filter(entity::refund::Column::BookingId.eq(booking)).all(&app.db).await.unwrap()
}

async fn payment_of(app: &TestApp, booking: Uuid) -> entity::payment::Model {
    entity::payment::Entity::find()
        .filter(entity::payment::Column::BookingId.eq(booking))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

on_both_databases! {
    async fn a_call_the_creator_missed_is_refunded_exactly_once(backend: Backend) {
        // Stripe is down for the first attempt: the refund queue tries again later.
        let (app, stripe) = stripe_app(backend, 1).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let booking = paid_with_stripe(&app, &creator, &fan, 1).await;
        // Only the fan came.
        join(&app, booking, &[&fan]).await;
        assert_eq!(settle_until(&app, 3).await, json!({"settled": 1}));
        let row = entity::booking::Entity::find_by_id(booking).one(&app.db).await.unwrap().unwrap();
        assert_eq!((row.status.as_str(), row.absent.map(|a| a.as_str())), ("no_show", Some("host")));
        // Settling queued the full refund with the payment's refunded amount; Stripe is not called yet.
        let paid = payment_of(&app, booking).await;
        assert_eq!((paid.refunded_amount_minor, paid.status.as_str()), (2000, "refunded"));
        let queued = refunds_of(&app, booking).await;
        assert_eq!(queued.len(), 1);
        assert_eq!((queued[0].amount_minor, queued[0].reason.as_str(), queued[0].status.as_str()), (2000, "no_show", "pending"));
        assert!(refund_requests(&stripe).await.is_empty());

        // The refund is due from the settling (three hours ahead here).
        let first = app.run_job_at("send-refunds", Utc::now() + Duration::hours(3)).await;
        assert_eq!(first.counts["retrying"], 1, "{first:?}");
        let second = app.run_job_at("send-refunds", Utc::now() + Duration::hours(3) + Duration::minutes(10)).await;
        assert_eq!(second.counts["sent"], 1, "{second:?}");
        // Settling again changes nothing: no second refund.
        assert_eq!(settle_until(&app, 3).await, json!({"settled": 0}));
        assert_eq!(refunds_of(&app, booking).await.len(), 1);
        let calls = refund_requests(&stripe).await;
        assert_eq!(calls.len(), 2, "one failed attempt, one refund");
        let key = format!("callstar-refund-{}", queued[0].id);
        assert!(calls.iter().all(|r| r.headers.get("idempotency-key").unwrap().to_str().unwrap() == key), "the retry carries the same key");
        let form: std::collections::HashMap<String, String> = url::form_urlencoded::parse(&calls[1].body).into_owned().collect();
        assert_eq!((form["payment_intent"].as_str(), form["amount"].as_str()), ("pi_1", "2000"));

        // Both are told: the fan that they are refunded, the creator that they missed it.
        let (en, fr) = in_both_languages(&app, &fan, "CALL_NO_SHOW").await;
        assert_eq!(text(&en), ("Missed call", "Camille did not join \u{201c}Mentoring session\u{201d}. You are refunded in full."));
        assert_eq!(text(&fr), ("Appel manqué", "Camille n’a pas rejoint « Mentoring session ». Vous êtes remboursé intégralement."));
        assert_eq!(en["link"], format!("/call/{booking}/summary"));
        let (en, fr) = in_both_languages(&app, &creator, "CALL_NO_SHOW").await;
        assert_eq!(text(&en), ("Missed call", "You did not join \u{201c}Mentoring session\u{201d}. Ada is refunded in full."));
        assert_eq!(text(&fr), ("Appel manqué", "Vous n’avez pas rejoint « Mentoring session ». Ada est remboursé intégralement."));
        let (en, fr) = in_both_languages(&app, &fan, "REFUND_CREATED").await;
        assert_eq!(
            text(&en).1,
            "€20.00 was refunded for \u{201c}Mentoring session\u{201d}. The call did not take place: the creator did not join, or you never met in it."
        );
        assert_eq!(
            text(&fr).1,
            "20,00\u{a0}€ ont été remboursés pour « Mentoring session ». L’appel n’a pas eu lieu : le créateur ne l’a pas rejoint, ou vous ne vous y êtes jamais retrouvés."
        );
        assert_eq!(en["link"], format!("/bookings/{booking}"));

        // The summary shows the outcome.
        let summary = ok_json(app.get(&format!("/api/call-summary/{booking}"), Some(&fan.access_token)).await, 200).await;
        let details = &summary["summary"]["callDetails"];
        assert_eq!(details["status"], "no_show");
        assert_eq!(details["noShow"], json!({"absent": "host", "refund": "full", "refundedAmount": "20.00", "currency": "EUR", "settled": true}));
    }

    async fn a_call_the_fan_missed_is_not_refunded(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let (missed, _) = app.confirmed_booking(&creator, &fan, Duration::hours(1), 30).await;
        let (nobody, _) = app.confirmed_booking(&creator, &fan, Duration::hours(2), 30).await;
        // The creator waited for the fan; nobody came to the other call.
        join(&app, missed, &[&creator]).await;
        assert_eq!(settle_until(&app, 4).await, json!({"settled": 2}));
        assert_eq!(settle_until(&app, 4).await, json!({"settled": 0}));
        assert!(refunds_of(&app, missed).await.is_empty(), "the fan missed it: nothing queued");
        assert_eq!(refunds_of(&app, nobody).await.len(), 1);
        let sent = app.run_job_at("send-refunds", Utc::now() + Duration::hours(4)).await;
        assert_eq!(sent.counts["sent"], 1, "a test payment: nothing to send to Stripe");
        let kept = payment_of(&app, missed).await;
        assert_eq!((kept.refunded_amount_minor, kept.status.as_str()), (0, "succeeded"), "the fan missed it: no refund");
        let refunded = payment_of(&app, nobody).await;
        assert_eq!((refunded.refunded_amount_minor, refunded.status.as_str()), (2000, "refunded"), "nobody came: refunded (test mode)");

        let summary = ok_json(app.get(&format!("/api/call-summary/{missed}"), Some(&creator.access_token)).await, 200).await;
        assert_eq!(summary["summary"]["callDetails"]["noShow"], json!({"absent": "guest", "refund": "none", "refundedAmount": "0.00", "currency": "EUR", "settled": true}));
        let summary = ok_json(app.get(&format!("/api/call-summary/{nobody}"), Some(&fan.access_token)).await, 200).await;
        assert_eq!(summary["summary"]["callDetails"]["noShow"]["absent"], "both");

        // Each side reads who missed which call, in both languages.
        let fan_notes = notes(&app, &fan, "CALL_NO_SHOW").await;
        let creator_notes = notes(&app, &creator, "CALL_NO_SHOW").await;
        assert_eq!((fan_notes.len(), creator_notes.len()), (2, 2));
        let about = |list: &[Value], id: Uuid| list.iter().find(|n| n["link"] == format!("/call/{id}/summary")).cloned().unwrap();
        assert_eq!(text(&about(&fan_notes, missed)).1, "You did not join \u{201c}Portfolio review\u{201d}. A call missed by the fan is not refunded.");
        assert_eq!(text(&about(&creator_notes, missed)).1, "Ada did not join \u{201c}Portfolio review\u{201d}. The call counts as held.");
        assert_eq!(text(&about(&fan_notes, nobody)).1, "Nobody joined \u{201c}Portfolio review\u{201d}. You are refunded in full.");
        assert_eq!(text(&about(&creator_notes, nobody)).1, "Nobody joined \u{201c}Portfolio review\u{201d}. Ada is refunded in full.");
        set_me(&app, &fan, json!({"locale": "fr"})).await;
        set_me(&app, &creator, json!({"locale": "fr"})).await;
        let fan_notes = notes(&app, &fan, "CALL_NO_SHOW").await;
        let creator_notes = notes(&app, &creator, "CALL_NO_SHOW").await;
        assert_eq!(text(&about(&fan_notes, missed)), ("Appel manqué", "Vous n’avez pas rejoint « Portfolio review ». Un appel manqué par le fan n’est pas remboursé."));
        assert_eq!(text(&about(&creator_notes, missed)).1, "Ada n’a pas rejoint « Portfolio review ». L’appel est considéré comme tenu.");
        assert_eq!(text(&about(&fan_notes, nobody)).1, "Personne n’a rejoint « Portfolio review ». Vous êtes remboursé intégralement.");
        assert_eq!(text(&about(&creator_notes, nobody)).1, "Personne n’a rejoint « Portfolio review ». Ada est remboursé intégralement.");
        // Only the refunded call told the fan of a refund.
        assert_eq!(notes(&app, &fan, "REFUND_CREATED").await.len(), 1);
    }

    async fn admins_search_call_logs_and_read_call_metrics(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("ops@example.com").await;
        let creator = person(&app, "camille@example.com", "creator", "Camille").await;
        let fan = person(&app, "ada@example.com", "user", "Ada").await;
        let (held, start) = app.confirmed_booking(&creator, &fan, Duration::hours(1), 30).await;
        let (missed, _) = app.confirmed_booking(&creator, &fan, Duration::hours(2), 30).await;
        // The fan spends two minutes in the pre-call phase, the creator four; both join the first call.
        let log = |booking: Uuid, event: &str, at: DateTime<Utc>| json!({"bookingId": booking, "event": event, "metadata": {"timestamp": at.to_rfc3339()}});
        let now = Utc::now();
        for (session, entered) in [(&fan, 2), (&creator, 4)] {
            let body = log(held, "PRE_CALL_ENTERED", now - Duration::minutes(entered));
            assert_eq!(app.post_auth("/api/call-logs", &session.access_token, &body).await.status(), 201);
        }
        join(&app, held, &[&fan, &creator]).await;
        join(&app, missed, &[&creator]).await;
        settle_until(&app, 4).await;

        // Search across bookings: by type (either spelling), booking, reporter and period.
        let search = |query: &str| {
            let (app, token, query) = (&app, admin.access_token.clone(), query.to_owned());
            async move { ok_json(app.get(&format!("/api/admin/call-logs?{query}"), Some(&token)).await, 200).await }
        };
        assert_eq!(search("").await["total"], 5);
        let joined = search("type=CALL_JOINED").await;
        assert_eq!(joined["total"], 3);
        assert_eq!(joined["items"][0]["type"], "CALL_CALL_JOINED");
        assert!(joined["items"][0]["bookingId"].is_string());
        assert_eq!(search("type=CALL_CALL_JOINED").await["total"], 3);
        assert_eq!(search(&format!("bookingId={missed}")).await["total"], 1);
        assert_eq!(search("actor=creator&type=PRE_CALL_ENTERED").await["total"], 1);
        let from = (now - Duration::minutes(3)).to_rfc3339().replace('+', "%2B");
        assert_eq!(search(&format!("type=PRE_CALL_ENTERED&from={from}")).await["total"], 1);
        assert_eq!(search("perPage=2").await["items"].as_array().unwrap().len(), 2);
        let bad = app.get("/api/admin/call-logs?type=CALL_PAUSED", Some(&admin.access_token)).await;
        assert_problem(bad, 422, "validation_failed").await;
        assert_problem(app.get("/api/admin/call-logs", Some(&fan.access_token)).await, 403, "forbidden").await;

        // Metrics: two calls, one completed (together until its end), one no-show.
        let period = |from: DateTime<Utc>, to: DateTime<Utc>| format!("from={}&to={}", from.to_rfc3339().replace('+', "%2B"), to.to_rfc3339().replace('+', "%2B"));
        let metrics = ok_json(app.get(&format!("/api/admin/call-metrics?{}", period(start - Duration::hours(1), start + Duration::hours(3))), Some(&admin.access_token)).await, 200).await;
        assert_eq!(metrics["calls"], 2);
        assert_eq!((metrics["completionRate"].as_f64(), metrics["noShowRate"].as_f64()), (Some(0.5), Some(0.5)));
        // Both joined (at the server's clock) an hour and a half before the scheduled end.
        let together = metrics["averageDurationSeconds"].as_f64().unwrap();
        assert!((5300.0..=5400.0).contains(&together), "{metrics}");
        // Pre-call: two and four minutes before joining, 180 s on average (plus the test's own time).
        let pre_call = metrics["averagePreCallSeconds"].as_f64().unwrap();
        assert!((180.0..=200.0).contains(&pre_call), "{metrics}");
        let empty = ok_json(app.get(&format!("/api/admin/call-metrics?{}", period(start + Duration::days(5), start + Duration::days(6))), Some(&admin.access_token)).await, 200).await;
        assert_eq!(empty["calls"], 0);
        assert_eq!((empty["completionRate"].clone(), empty["averageDurationSeconds"].clone()), (Value::Null, Value::Null));
        assert_problem(app.get(&format!("/api/admin/call-metrics?{}", period(start, start)), Some(&admin.access_token)).await, 422, "validation_failed").await;
        assert_problem(app.get("/api/admin/call-metrics", Some(&creator.access_token)).await, 403, "forbidden").await;
    }
}
