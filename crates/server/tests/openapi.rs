//! The hand-written OpenAPI description (`docs/openapi.json`) stays true: every route of the
//! router is in it and nothing else is, it is what the server serves, and real responses match
//! its schemas key for key.

mod common;

use common::{app, get_json, post};
use serde_json::{Value, json};

fn doc() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    let text = std::fs::read_to_string(path).expect("docs/openapi.json is readable");
    serde_json::from_str(&text).expect("docs/openapi.json is JSON")
}

#[test]
fn it_is_openapi_3_1() {
    let doc = doc();
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1.")),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string());
}

#[test]
fn every_route_is_described_and_every_description_is_a_route() {
    let doc = doc();
    let mut routes = ft_server::api_routes();
    routes.sort();
    let mut described: Vec<(String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("a path item")
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    described.sort();
    let routes: Vec<(String, String)> = routes
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(described, routes);
    for (method, path) in &routes {
        let op = &doc["paths"][path][method];
        assert!(op["operationId"].is_string(), "{method} {path}");
        assert!(
            op["responses"]["default"]["$ref"] == "#/components/responses/Error",
            "{method} {path} documents the error shape"
        );
    }
}

#[tokio::test]
async fn the_server_serves_the_committed_file() {
    let served = get_json(&app(), "/api/v1/openapi.json").await;
    assert_eq!(served, doc());
    assert_eq!(
        serde_json::from_str::<Value>(ft_server::openapi()).expect("JSON"),
        doc()
    );
}

/// Check `value` against `schema`: required keys present, no key the schema does not describe
/// (unless it allows more), and the same for nested objects and arrays. Returns the problems.
fn conform(doc: &Value, value: &Value, schema: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return conform(
            doc,
            value,
            &doc["components"]["schemas"][name],
            at,
            problems,
        );
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let fits = options.iter().any(|o| {
            let mut p = Vec::new();
            conform(doc, value, o, at, &mut p);
            p.is_empty()
        });
        if !fits {
            problems.push(format!("{at}: fits none of oneOf"));
        }
        return;
    }
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    let mut parts = vec![schema.clone()];
    for part in schema["allOf"].as_array().into_iter().flatten() {
        let part = match part["$ref"].as_str() {
            Some(r) => {
                doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")].clone()
            }
            None => part.clone(),
        };
        parts.push(part);
    }
    for part in &parts {
        if let Some(p) = part["properties"].as_object() {
            properties.extend(p.clone());
        }
        if let Some(r) = part["required"].as_array() {
            required.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
        }
    }
    if let Some(object) = value.as_object() {
        for key in &required {
            if !object.contains_key(key) {
                problems.push(format!("{at}: missing `{key}`"));
            }
        }
        // Objects may have keys the description leaves open: a map (`additionalProperties`
        // with a schema, or `true`), an object described only as an object, and evidence.
        let open = schema["additionalProperties"] == true
            || schema["additionalProperties"].is_object()
            || properties.is_empty()
            || schema_is_evidence(schema);
        for (key, v) in object {
            match properties.get(key) {
                Some(s) => conform(doc, v, s, &format!("{at}.{key}"), problems),
                None if open => {}
                None => problems.push(format!("{at}: `{key}` is not in the description")),
            }
        }
    } else if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            conform(doc, v, items, &format!("{at}[{i}]"), problems);
        }
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {options:?}"));
    }
}

/// The evidence object documents only `detector`; its other keys depend on the detector.
fn schema_is_evidence(schema: &Value) -> bool {
    schema["required"] == json!(["detector"])
}

fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn assert_conforms(value: &Value, name: &str) {
    let mut problems = Vec::new();
    conform(&doc(), value, &schema(name), name, &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[tokio::test]
async fn responses_match_their_schemas() {
    let app = app();
    let report = post(
        &app,
        "/api/v1/check",
        json!({
            "text": "Proud to vote Labour tomorrow! Email me at jo.bloggs@example.com. SO ANGRY!!!",
            "context": {"account": "professional", "platform": "x", "at": "2026-01-14T23:30:00Z"},
        }),
    )
    .await
    .json();
    assert!(
        report["findings"].as_array().is_some_and(|f| f.len() >= 3),
        "{report}"
    );
    assert_conforms(&report, "Report");

    let profile = post(
        &app,
        "/api/v1/check-profile",
        json!({"name": "Jo", "bio": "Proud Labour member", "context": {}}),
    )
    .await
    .json();
    assert_conforms(&profile, "ProfileReport");

    let error = post(&app, "/api/v1/check", json!({"text": 1})).await.json();
    assert_conforms(&error, "Error");

    assert_conforms(&get_json(&app, "/api/v1/pack").await, "Pack");
    assert_conforms(&get_json(&app, "/api/v1/packs").await, "Packs");
    assert_conforms(&get_json(&app, "/api/v1/rules").await, "Rules");
    assert_conforms(&get_json(&app, "/api/v1/handbook").await, "Handbook");
}

#[tokio::test]
async fn audit_and_history_responses_match_their_schemas() {
    let with = common::app_with_store();
    let app = &with.app;
    assert_conforms(&get_json(app, "/api/v1/audits").await, "Audits");
    let query = "filename=x.zip&account=professional&role=politically-restricted";
    let id = common::start_audit(app, query, common::archive(ft_archive::Format::X, 300, 7)).await;
    let events = common::follow(app, &id).await;
    for (name, data) in &events {
        match name.as_str() {
            "progress" => assert_conforms(data, "Progress"),
            "done" => assert_conforms(data, "AuditSummary"),
            other => panic!("unexpected event {other}: {data}"),
        }
    }
    let summary = &events.last().expect("events").1;
    assert!(
        summary["profile"].is_object(),
        "the profile is checked: {summary}"
    );
    assert!(!summary["look_first"].as_array().expect("posts").is_empty());
    assert_conforms(
        &get_json(app, &format!("/api/v1/audits/{id}")).await,
        "AuditStatus",
    );
    assert_conforms(&get_json(app, "/api/v1/audits").await, "Audits");
    assert_conforms(&get_json(app, "/api/v1/history").await, "History");

    let posts = get_json(app, "/api/v1/history/posts?limit=5").await;
    assert_conforms(&posts, "HistoryPosts");
    let post_id = posts["posts"][0]["id"]
        .as_str()
        .expect("a post")
        .to_string();
    let recorded = post(
        app,
        "/api/v1/history/decisions",
        json!({"post_id": post_id, "decision": "will-delete", "note": "old"}),
    )
    .await
    .json();
    assert_conforms(&recorded, "DecisionRecorded");
    let decided = get_json(app, "/api/v1/history/posts?decided=true").await;
    assert_eq!(decided["total"], 1);
    assert_conforms(&decided, "HistoryPosts");
    assert_conforms(
        &get_json(app, "/api/v1/history/will-delete").await,
        "WillDelete",
    );

    // A failed audit's status.
    let failed = common::start_audit(
        app,
        "format=bluesky",
        common::archive(ft_archive::Format::X, 20, 1),
    )
    .await;
    common::follow(app, &failed).await;
    assert_conforms(
        &get_json(app, &format!("/api/v1/audits/{failed}")).await,
        "AuditStatus",
    );
}

#[test]
fn the_checker_catches_undocumented_and_missing_keys() {
    let mut problems = Vec::new();
    conform(
        &doc(),
        &json!({"error": {"code": "x", "message": "y", "extra": 1}}),
        &schema("Error"),
        "Error",
        &mut problems,
    );
    conform(
        &doc(),
        &json!({"error": {"code": "x"}}),
        &schema("Error"),
        "Error",
        &mut problems,
    );
    assert_eq!(
        problems,
        [
            "Error.error: `extra` is not in the description",
            "Error.error: missing `message`"
        ]
    );
}
