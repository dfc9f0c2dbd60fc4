//! The committed `openapi/openapi.json` must be what the code generates.
//! Run with `UPDATE_OPENAPI=1` to rewrite it.

use std::path::PathBuf;

use serde_json::Value;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

#[test]
fn committed_openapi_document_is_up_to_date() {
    let generated = api::openapi_document().to_pretty_json().unwrap() + "\n";
    let path = committed_path();
    if std::env::var("UPDATE_OPENAPI").as_deref() == Ok("1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let diff = similar::TextDiff::from_lines(&committed, &generated);
        let shown =
            diff.unified_diff().context_radius(3).header("openapi/openapi.json (committed)", "generated").to_string();
        panic!(
            "openapi/openapi.json is stale. Regenerate it with:\n  UPDATE_OPENAPI=1 cargo test -p callstar-tests --test api openapi\n\n{shown}"
        );
    }
}

#[test]
fn every_operation_documents_its_errors_and_security() {
    let spec: Value = serde_json::to_value(api::openapi_document()).unwrap();
    assert_eq!(spec["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let mut operations = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("500"), "{method} {path} documents 500");
            assert!(op["description"].is_string() || op["summary"].is_string(), "{method} {path} has a description");
            if op.get("security").is_some() {
                assert!(responses.contains_key("401"), "{method} {path} documents 401");
            }
            if op.get("requestBody").is_some() {
                assert!(responses.contains_key("400"), "{method} {path} documents 400");
            }
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let content = response["content"].as_object();
                    if path != "/readyz" {
                        assert!(
                            content.is_some_and(|c| c.contains_key("application/problem+json")),
                            "{method} {path} {status} is problem+json"
                        );
                    }
                }
            }
        }
    }
    assert!(operations >= 11, "{operations} operations");
    let me = &spec["paths"]["/api/me"]["get"];
    assert_eq!(me["security"][0]["bearer"], serde_json::json!([]));
}

#[test]
fn page_bounds_in_the_document_are_the_enforced_ones() {
    let spec: Value = serde_json::to_value(api::openapi_document()).unwrap();
    let params = spec["paths"]["/api/creators"]["get"]["parameters"].as_array().unwrap();
    let schema = |name: &str| params.iter().find(|p| p["name"] == name).map(|p| p["schema"].clone()).unwrap();
    assert_eq!(schema("page")["minimum"], 1);
    assert_eq!(schema("page")["maximum"], domain::PageRequest::MAX_PAGE);
    assert_eq!(schema("perPage")["minimum"], 1);
    assert_eq!(schema("perPage")["maximum"], domain::PageRequest::MAX_PER_PAGE);
}

#[test]
fn every_json_body_and_query_documents_its_refusals() {
    let spec: Value = serde_json::to_value(api::openapi_document()).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let query = op["parameters"].as_array().is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            if query {
                assert!(responses.contains_key("400"), "{method} {path}: a query string can be malformed (400)");
            }
            let json_object = op["requestBody"]["content"]["application/json"]["schema"].to_string().contains("$ref");
            if json_object {
                assert!(responses.contains_key("422"), "{method} {path}: a body can be the wrong shape (422)");
            }
            if path.starts_with("/api/") {
                assert!(responses.contains_key("503"), "{method} {path}: the server can be busy (503)");
            }
        }
    }
}
