//! Organizations: creating one, invitations by e-mail (a new account through the link, an
//! existing account signed in), members, and the staff/client lists, each only within the
//! caller's own organization.

use callstar_tests::{TestApp, assert_problem, on_both_databases};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// The invitation link's id and token, read from the captured e-mail to `to`.
async fn link_in_email(app: &TestApp, to: &str) -> (String, String) {
    let email = entity::email::Entity::find()
        .filter(entity::email::Column::ToAddress.eq(to))
        .filter(entity::email::Column::Template.eq("invitation"))
        .order_by_desc(entity::email::Column::CreatedAt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no invitation e-mail to {to}"));
    let link = email.text.split_whitespace().find(|w| w.contains("/invitations/")).unwrap().to_owned();
    let (path, token) = link.split_once("#token=").unwrap();
    (path.rsplit('/').next().unwrap().to_owned(), token.to_owned())
}

on_both_databases! {
    async fn an_owner_invites_and_people_join_by_the_link(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let owner = app.signed_in("owner@example.com", "creator").await;
        let bob = app.signed_in("bob@example.com", "user").await;
        let outsider = app.signed_in("outsider@example.com", "creator").await;

        assert_problem(app.post_auth("/api/organizations", &bob.access_token, &json!({"name": "Bob Co"})).await, 403, "cannot_create_organization").await;
        assert_problem(app.post_auth("/api/organizations", &owner.access_token, &json!({"name": "  "})).await, 422, "validation_failed").await;
        let created = app.post_auth("/api/organizations", &owner.access_token, &json!({"name": " Shore Agents "})).await;
        assert_eq!(created.status(), 201);
        let org: Value = created.json().await.unwrap();
        assert_eq!((org["name"].as_str(), org["myRole"].as_str(), org["isOwner"].as_bool()), (Some("Shore Agents"), Some("staff"), Some(true)));
        assert_eq!((org["staffCount"].as_u64(), org["clientCount"].as_u64()), (Some(1), Some(0)));
        let id = org["id"].as_str().unwrap().to_owned();
        assert_problem(app.post_auth("/api/organizations", &owner.access_token, &json!({"name": "Second"})).await, 409, "already_in_organization").await;

        // Invitations: every field error at once; outsiders and non-owners refused.
        let invite = |token: String, body: Value| {
            let (app, path) = (&app, format!("/api/organizations/{id}/invitations"));
            async move { app.post_auth(&path, &token, &body).await }
        };
        let bad = assert_problem(invite(owner.access_token.clone(), json!({"email": "nope", "role": "boss"})).await, 422, "validation_failed").await;
        assert!(bad["errors"]["email"].is_array() && bad["errors"]["role"].is_array(), "{bad}");
        assert_problem(invite(outsider.access_token.clone(), json!({"email": "x@example.com", "role": "client"})).await, 404, "not_found").await;

        let jane = invite(owner.access_token.clone(), json!({"email": "Jane@Acme.example", "role": "client", "company": "Acme Corp"})).await;
        assert_eq!(jane.status(), 201);
        let jane: Value = jane.json().await.unwrap();
        assert_eq!((jane["email"].as_str(), jane["role"].as_str(), jane["status"].as_str()), (Some("jane@acme.example"), Some("client"), Some("pending")));
        assert!(jane.get("token").is_none(), "the token travels only in the e-mail");
        let to_bob = invite(owner.access_token.clone(), json!({"email": "bob@example.com", "role": "staff"})).await;
        assert_eq!(to_bob.status(), 201);

        // Bob has an account: the bell and his list show the invitation.
        let notes: Value = app.get("/api/notifications", Some(&bob.access_token)).await.json().await.unwrap();
        assert_eq!(notes["items"][0]["type"], "ORGANIZATION_INVITATION", "{notes}");
        assert!(notes["items"][0]["message"].as_str().unwrap().contains("Shore Agents"), "{notes}");
        let mine: Value = app.get("/api/invitations", Some(&bob.access_token)).await.json().await.unwrap();
        assert_eq!(mine["invitations"].as_array().unwrap().len(), 1);
        assert_eq!(mine["invitations"][0]["organizationName"], "Shore Agents");
        assert_eq!(mine["invitations"][0]["invitedBy"], owner.user["name"]);

        // Jane has no account: the e-mailed link creates one.
        let (jane_id, token) = link_in_email(&app, "jane@acme.example").await;
        assert_eq!(jane_id, jane["id"].as_str().unwrap());
        let accept = |body: Value, bearer: Option<String>| {
            let (app, path) = (&app, format!("/api/invitations/{jane_id}/accept"));
            async move {
                let mut request = app.client.post(app.url(&path)).json(&body);
                if let Some(bearer) = bearer {
                    request = request.bearer_auth(bearer);
                }
                request.send().await.unwrap()
            }
        };
        let wrong = json!({"token": "not-the-token", "name": "Jane", "password": callstar_tests::PASSWORD});
        assert_problem(accept(wrong, None).await, 404, "not_found").await;
        assert_problem(accept(json!({"token": token}), None).await, 422, "validation_failed").await;
        let joined = accept(json!({"token": token, "name": "Jane Smith", "password": callstar_tests::PASSWORD}), None).await;
        assert_eq!(joined.status(), 200);
        let joined: Value = joined.json().await.unwrap();
        assert_eq!((joined["accountCreated"].as_bool(), joined["user"]["email"].as_str()), (Some(true), Some("jane@acme.example")));
        assert_eq!((joined["organization"]["myRole"].as_str(), joined["organization"]["clientCount"].as_u64()), (Some("client"), Some(1)));
        let again = json!({"token": token, "name": "Jane Again", "password": callstar_tests::PASSWORD});
        assert_problem(accept(again, None).await, 409, "invitation_closed").await;
        let jane_session: Value = app.login("jane@acme.example", callstar_tests::PASSWORD).await.json().await.unwrap();
        let jane_token = jane_session["accessToken"].as_str().unwrap().to_owned();
        let hers: Value = app.get("/api/organizations/mine", Some(&jane_token)).await.json().await.unwrap();
        assert_eq!((hers["id"].as_str(), hers["myRole"].as_str(), hers["isOwner"].as_bool()), (Some(id.as_str()), Some("client"), Some(false)));

        // Bob, signed in with the invited e-mail, needs no token; the outsider's account may
        // not take an invitation addressed to someone else without its token.
        let bob_invitation = mine["invitations"][0]["id"].as_str().unwrap().to_owned();
        let path = format!("/api/invitations/{bob_invitation}/accept");
        assert_problem(app.client.post(app.url(&path)).bearer_auth(&outsider.access_token).send().await.unwrap(), 404, "not_found").await;
        let bob_joined = app.client.post(app.url(&path)).bearer_auth(&bob.access_token).send().await.unwrap();
        assert_eq!(bob_joined.status(), 200);
        let bob_joined: Value = bob_joined.json().await.unwrap();
        assert_eq!((bob_joined["accountCreated"].as_bool(), bob_joined["organization"]["myRole"].as_str()), (Some(false), Some("staff")));
        assert!(app.get("/api/invitations", Some(&bob.access_token)).await.json::<Value>().await.unwrap()["invitations"].as_array().unwrap().is_empty());

        // Members: by name, filtered by role; only members see them.
        let members: Value = app.get(&format!("/api/organizations/{id}/members"), Some(&owner.access_token)).await.json().await.unwrap();
        assert_eq!(members["total"], 3, "{members}");
        let clients: Value = app.get(&format!("/api/organizations/{id}/members?role=client"), Some(&bob.access_token)).await.json().await.unwrap();
        assert_eq!(clients["items"].as_array().unwrap().len(), 1);
        assert_eq!((clients["items"][0]["name"].as_str(), clients["items"][0]["company"].as_str()), (Some("Jane Smith"), Some("Acme Corp")));
        assert_problem(app.get(&format!("/api/organizations/{id}/members"), Some(&outsider.access_token)).await, 404, "not_found").await;
        assert_problem(app.get(&format!("/api/organizations/{id}/members?role=boss"), Some(&owner.access_token)).await, 422, "validation_failed").await;
        assert_problem(app.get("/api/organizations/mine", Some(&outsider.access_token)).await, 403, "not_in_organization").await;

        // Only the owner invites and removes; the owner stays.
        assert_problem(invite(bob.access_token.clone(), json!({"email": "z@example.com", "role": "client"})).await, 403, "not_organization_owner").await;
        assert_problem(invite(owner.access_token.clone(), json!({"email": "bob@example.com", "role": "client"})).await, 409, "already_member").await;
        let remove = |token: String, user: String| {
            let (app, path) = (&app, format!("/api/organizations/{id}/members/{user}"));
            async move { app.client.delete(app.url(&path)).bearer_auth(token).send().await.unwrap() }
        };
        let jane_user = joined["user"]["id"].as_str().unwrap().to_owned();
        assert_problem(remove(bob.access_token.clone(), jane_user.clone()).await, 403, "not_organization_owner").await;
        assert_problem(remove(owner.access_token.clone(), owner.user_id()).await, 403, "forbidden").await;
        assert_eq!(remove(owner.access_token.clone(), jane_user.clone()).await.status(), 204);
        assert_problem(remove(owner.access_token.clone(), jane_user).await, 404, "not_found").await;
        assert_problem(app.get("/api/organizations/mine", Some(&jane_token)).await, 403, "not_in_organization").await;
    }

    async fn an_expired_invitation_is_closed(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let org = app.organization("exp", 0, 0).await;
        let carl = app.signed_in("carl@example.com", "user").await;
        let path = format!("/api/organizations/{}/invitations", org.id);
        let invitation: Value = app.post_auth(&path, &org.owner.access_token, &json!({"email": "carl@example.com", "role": "client"})).await.json().await.unwrap();
        entity::invitation::Entity::update_many()
            .col_expr(entity::invitation::Column::ExpiresAt, Expr::value(Utc::now() - Duration::seconds(1)))
            .exec(&app.db)
            .await
            .unwrap();
        let accept = format!("/api/invitations/{}/accept", invitation["id"].as_str().unwrap());
        assert_problem(app.client.post(app.url(&accept)).bearer_auth(&carl.access_token).send().await.unwrap(), 409, "invitation_closed").await;
        let mine: Value = app.get("/api/invitations", Some(&carl.access_token)).await.json().await.unwrap();
        assert!(mine["invitations"].as_array().unwrap().is_empty(), "expired invitations are not listed");
    }

    async fn staff_and_clients_list_each_other_within_their_organization(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let org = app.organization("acme", 1, 0).await;
        let (c0, c1) = (app.signed_in("c0@example.com", "user").await, app.signed_in("c1@example.com", "user").await);
        app.join(org.id, &c0, "client", Some("Beta Inc")).await;
        app.join(org.id, &c1, "client", None).await;
        let other = app.organization("other", 0, 1).await;
        let loner = app.signed_in("loner@example.com", "user").await;

        let list = |token: String, path: &'static str| {
            let app = &app;
            async move { app.get(path, Some(&token)).await.json::<Value>().await.unwrap() }
        };
        // Everyone here is called "Test Person": compare sets of e-mails.
        let emails = |list: &Value, key: &str| -> Vec<String> {
            let mut found: Vec<String> = list[key].as_array().unwrap().iter().map(|c| c["email"].as_str().unwrap().to_owned()).collect();
            found.sort();
            found
        };
        let entry = |list: &Value, email: &str| -> Value {
            list["clients"].as_array().unwrap().iter().find(|c| c["email"] == email).cloned().unwrap()
        };
        let staff_token = org.staff[0].access_token.clone();
        let all = list(staff_token.clone(), "/api/staff/clients").await;
        assert_eq!(emails(&all, "clients"), ["c0@example.com", "c1@example.com"], "{all}");
        assert_eq!(entry(&all, "c0@example.com")["company"]["companyName"], "Beta Inc");
        assert_eq!(entry(&all, "c1@example.com")["company"]["companyName"], "acme Ltd", "no company of their own: the organization's");
        assert_eq!(entry(&all, "c0@example.com")["busy"], false);
        assert_eq!(emails(&list(staff_token.clone(), "/api/staff/clients?search=BETA").await, "clients"), ["c0@example.com"]);
        assert_eq!(emails(&list(staff_token.clone(), "/api/staff/clients?search=c1@").await, "clients"), ["c1@example.com"]);
        assert_eq!(emails(&list(staff_token.clone(), "/api/staff/clients?search=acme").await, "clients"), ["c1@example.com"]);
        assert!(list(staff_token.clone(), "/api/staff/clients?search=other").await["clients"].as_array().unwrap().is_empty(), "another organization's clients stay hidden");

        let staff = list(c0.access_token.clone(), "/api/client/staff").await;
        assert_eq!(emails(&staff, "staff"), ["acme.owner@example.com", "acme.staff0@example.com"]);
        assert_problem(app.get("/api/staff/clients", Some(&c0.access_token)).await, 403, "wrong_member_role").await;
        assert_problem(app.get("/api/client/staff", Some(&staff_token)).await, 403, "wrong_member_role").await;
        assert_problem(app.get("/api/client/staff", Some(&loner.access_token)).await, 403, "not_in_organization").await;
        let theirs = list(other.owner.access_token.clone(), "/api/staff/clients").await;
        assert_eq!(emails(&theirs, "clients"), ["other.client0@example.com"]);
    }
}

on_both_databases! {
    async fn the_demo_organization_has_two_staff_and_two_clients_who_can_call(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let hasher = service::passwords::Hasher::for_this_machine();
        let logins = service::demo::seed(&app.db, &hasher).await.unwrap();
        let again = service::demo::seed(&app.db, &hasher).await.unwrap();
        assert_eq!(logins.len(), again.len(), "seeding twice changes nothing");
        let members: Vec<(&str, String)> = logins
            .iter()
            .filter_map(|l| l.member.map(|m| (l.email, m.to_string())))
            .collect();
        assert_eq!(members, [
            ("staff@callstar.test", "staff".to_owned()),
            ("staff2@callstar.test", "staff".to_owned()),
            ("client@callstar.test", "client".to_owned()),
            ("client2@callstar.test", "client".to_owned()),
        ]);
        let sign_in = |email: &'static str| {
            let app = &app;
            async move {
                let session: Value = app.login(email, service::demo::DEMO_PASSWORD).await.json().await.unwrap();
                session["accessToken"].as_str().unwrap().to_owned()
            }
        };
        let staff = sign_in("staff2@callstar.test").await;
        let org: Value = app.get("/api/organizations/mine", Some(&staff)).await.json().await.unwrap();
        assert_eq!((org["name"].as_str(), org["staffCount"].as_u64(), org["clientCount"].as_u64()), (Some(service::demo::ORGANIZATION), Some(2), Some(2)));
        let clients: Value = app.get("/api/staff/clients?search=acme", Some(&staff)).await.json().await.unwrap();
        assert_eq!(clients["clients"][0]["name"], "Jane Client");
        let client = sign_in("client@callstar.test").await;
        let staff_list: Value = app.get("/api/client/staff", Some(&client)).await.json().await.unwrap();
        let sam = staff_list["staff"].as_array().unwrap().iter().find(|s| s["name"] == "Sam Support").unwrap();
        let call = app.post_auth("/api/daily/create-room", &client, &json!({"staffId": sam["id"]})).await;
        assert_eq!(call.status(), 200);
    }
}
