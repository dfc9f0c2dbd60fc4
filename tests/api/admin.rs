//! Operator endpoints: only admins, and admins only through `create-admin`.

use callstar_tests::{TestApp, assert_problem, on_both_databases};
use serde_json::Value;

on_both_databases! {
    async fn admins_list_and_read_accounts(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let fan = app.signed_in("fan@example.com", "user").await;
        app.register("creator@example.com", "creator").await;
        app.register("other.creator@example.com", "creator").await;
        let admin = app.admin("root@example.com").await;
        assert_eq!(admin.user["role"], "admin");
        let token = Some(admin.access_token.as_str());

        let page: Value = app.get("/api/admin/users?perPage=2", token).await.json().await.unwrap();
        assert_eq!((page["total"].as_u64(), page["perPage"].as_u64(), page["page"].as_u64()), (Some(4), Some(2), Some(1)));
        assert_eq!(page["items"].as_array().unwrap().len(), 2);

        let creators: Value = app.get("/api/admin/users?role=creator", token).await.json().await.unwrap();
        assert_eq!(creators["total"], 2);
        let search: Value = app.get("/api/admin/users?q=OTHER", token).await.json().await.unwrap();
        assert_eq!(search["total"], 1);
        assert_eq!(search["items"][0]["email"], "other.creator@example.com");
        let wildcard: Value = app.get("/api/admin/users?q=%25", token).await.json().await.unwrap();
        assert_eq!(wildcard["total"], 0, "LIKE wildcards in the search text are literal");

        let one: Value = app.get(&format!("/api/admin/users/{}", fan.user_id()), token).await.json().await.unwrap();
        assert_eq!(one["email"], "fan@example.com");
        let missing = app.get(&format!("/api/admin/users/{}", uuid::Uuid::new_v4()), token).await;
        assert_problem(missing, 404, "not_found").await;
    }

    async fn non_admins_are_forbidden(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let fan = app.signed_in("fan@example.com", "user").await;
        assert_problem(app.get("/api/admin/users", Some(&fan.access_token)).await, 403, "forbidden").await;
        assert_problem(app.get("/api/admin/users", None).await, 401, "unauthorized").await;
    }
}
