//! SQLite and PostgreSQL answer the same: case-insensitive search beyond ASCII, `%` and `_`
//! searched literally, NULLs ordered the same, timestamps compared as instants.

use callstar_tests::{PASSWORD, TestApp, on_both_databases};
use serde_json::{Value, json};

async fn creator(app: &TestApp, email: &str, name: &str, expertise: Option<&str>) {
    let account = json!({"email": email, "password": PASSWORD, "name": name, "role": "creator"});
    assert_eq!(app.post_json("/api/auth/register", &account).await.status(), 201);
    let session: Value = app.login(email, PASSWORD).await.json().await.unwrap();
    let token = session["accessToken"].as_str().unwrap();
    let profile = json!({"currency": "EUR", "timezone": "Europe/Paris", "expertise": expertise, "socialLinks": {}});
    let saved = app.client.put(app.url("/api/creators/me")).bearer_auth(token).json(&profile).send().await.unwrap();
    assert_eq!(saved.status(), 200, "{email}");
}

async fn names(app: &TestApp, query: &str) -> Vec<String> {
    let url = format!("/api/creators?q={}", urlencode(query));
    let page: Value = app.get(&url, None).await.json().await.unwrap();
    page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect()
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

on_both_databases! {
    async fn names_beyond_ascii_are_found_whatever_their_case(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        creator(&app, "elodie@example.com", "Élodie Durand", Some("Économie comportementale")).await;
        creator(&app, "zoe@example.com", "ZOÉ ÅNGSTRÖM", None).await;
        creator(&app, "ada@example.com", "Ada", Some("Mathematics")).await;
        for query in ["élodie", "ÉLODIE", "Élodie", "E\u{301}lodie", "lodie dur"] {
            assert_eq!(names(&app, query).await, ["Élodie Durand"], "{query}");
        }
        assert_eq!(names(&app, "économie").await, ["Élodie Durand"], "expertise too");
        assert_eq!(names(&app, "zoé ångström").await, ["ZOÉ ÅNGSTRÖM"]);
        // A renamed account is found by its new name.
        let session: Value = app.login("ada@example.com", PASSWORD).await.json().await.unwrap();
        let renamed = app.client.patch(app.url("/api/me")).bearer_auth(session["accessToken"].as_str().unwrap())
            .json(&json!({"name": "Ådä Lovelace"})).send().await.unwrap();
        assert_eq!(renamed.status(), 200);
        assert_eq!(names(&app, "ÅDÄ").await, ["Ådä Lovelace"]);
        // The operators' account search folds the same way.
        let admin = app.admin("root@example.com").await;
        let found: Value = app.get(&format!("/api/admin/users?q={}", urlencode("ÉLODIE")), Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!(found["total"], 1);
    }

    async fn percent_and_underscore_are_searched_literally(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        creator(&app, "a@example.com", "100% Pure", None).await;
        creator(&app, "b@example.com", "Pure_Energy", None).await;
        creator(&app, "c@example.com", "Pure Energy", None).await;
        creator(&app, "d@example.com", "Back\\slash", None).await;
        assert_eq!(names(&app, "%").await, ["100% Pure"]);
        assert_eq!(names(&app, "_").await, ["Pure_Energy"]);
        assert_eq!(names(&app, "e_e").await, ["Pure_Energy"], "not 'Pure Energy'");
        assert_eq!(names(&app, "\\").await, ["Back\\slash"]);
        assert_eq!(names(&app, "pure").await.len(), 3);
        let admin = app.admin("root@example.com").await;
        let found: Value = app.get("/api/admin/users?q=%25", Some(&admin.access_token)).await.json().await.unwrap();
        assert_eq!(found["total"], 1, "{found}");
    }

    async fn nulls_are_ordered_last_on_both_engines(backend: Backend) {
        use sea_orm::{EntityTrait, Order, QueryOrder};
        let app = TestApp::spawn(backend).await;
        creator(&app, "a@example.com", "A", Some("zoology")).await;
        creator(&app, "b@example.com", "B", None).await;
        creator(&app, "c@example.com", "C", Some("astronomy")).await;
        for (order, expected) in [(Order::Asc, ["astronomy", "zoology"]), (Order::Desc, ["zoology", "astronomy"])] {
            let query = entity::creator::Entity::find();
            let query = service::db::order_nulls_last(query, entity::creator::Column::ExpertiseKey, order.clone())
                .order_by_asc(entity::creator::Column::Id);
            let rows = query.all(&app.db).await.unwrap();
            let keys: Vec<Option<String>> = rows.into_iter().map(|r| r.expertise_key).collect();
            assert_eq!(keys, [Some(expected[0].to_owned()), Some(expected[1].to_owned()), None], "{order:?}");
        }
    }

    async fn timestamps_are_compared_as_instants(backend: Backend) {
        use chrono::{DateTime, Duration, TimeZone as _, Utc};
        use sea_orm::Set;
        let app = TestApp::spawn(backend).await;
        let admin = app.admin("root@example.com").await;
        // Three entries around one instant, one with a fraction of a second.
        let t: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap();
        for (n, at) in [t - Duration::milliseconds(1), t + Duration::microseconds(500_000), t + Duration::seconds(1)].into_iter().enumerate() {
            entity::system_log::ActiveModel {
                id: Set(uuid::Uuid::new_v4()),
                level: Set(domain::operations::LogLevel::Info),
                log_type: Set(format!("INSTANT_{n}")),
                actor: Set(domain::operations::SystemActor::System),
                actor_id: Set(None),
                message: Set("at an instant".to_owned()),
                metadata: Set(json!({})),
                created_at: Set(at),
            }
            .insert_into(&app.db)
            .await;
        }
        // The same instants written with other offsets (Paris switched to summer time at 01:00 UTC
        // that day; +01:00 here) select the same rows: from inclusive, to exclusive.
        let types = |from: &str, to: &str| {
            let url = format!("/api/admin/system-logs?from={}&to={}&perPage=100", urlencode(from), urlencode(to));
            let (app, token) = (&app, admin.access_token.clone());
            async move {
                let page: Value = app.get(&url, Some(&token)).await.json().await.unwrap();
                let mut types: Vec<String> = page["items"].as_array().unwrap().iter()
                    .map(|e| e["type"].as_str().unwrap().to_owned()).filter(|t| t.starts_with("INSTANT_")).collect();
                types.sort();
                types
            }
        };
        assert_eq!(types("2026-03-29T01:30:00+01:00", "2026-03-29T01:30:01+01:00").await, ["INSTANT_1"]);
        assert_eq!(types("2026-03-29T00:30:00Z", "2026-03-29T00:30:01.000001Z").await, ["INSTANT_1", "INSTANT_2"]);
        assert_eq!(types("2026-03-28T19:29:59.999-05:00", "2026-03-29T00:30:00.5Z").await, ["INSTANT_0"]);
        assert_eq!(types("2026-03-29T00:30:00.500000Z", "2026-03-29T00:30:00.500001Z").await, ["INSTANT_1"]);
    }
}

/// Inserts a row, failing the test on error.
trait InsertInto {
    async fn insert_into(self, db: &sea_orm::DatabaseConnection);
}

impl InsertInto for entity::system_log::ActiveModel {
    async fn insert_into(self, db: &sea_orm::DatabaseConnection) {
        use sea_orm::ActiveModelTrait;
        self.insert(db).await.unwrap();
    }
}
