//! The access log records method, route, status and latency, and never the person's text: not
//! from a draft, a profile, a malformed request, an error message, a path or a query.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{app_with, host, send};
use ft_server::AccessLog;

/// A phrase that appears in every request below and must appear in no log line.
const SECRET: &str = "Vote Labour, my NHS number is 943 476 5919";
const SLUG: &str = "VoteLabourSecret";

fn post(path: &str, body: String) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, host())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("a request")
}

#[tokio::test]
async fn no_text_reaches_the_log() {
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&lines);
    let app = app_with(
        "uk-civil-service",
        AccessLog::to(move |record| {
            sink.lock()
                .expect("the log is not poisoned")
                .push(record.to_string());
        }),
    );
    let secret = serde_json::to_string(SECRET).expect("a JSON string");
    let requests: Vec<(Request<Body>, StatusCode)> = vec![
        (
            post("/api/v1/check", format!(r#"{{"text": {secret}}}"#)),
            StatusCode::OK,
        ),
        (
            post(
                "/api/v1/check-profile",
                format!(r#"{{"bio": {secret}, "name": {secret}}}"#),
            ),
            StatusCode::OK,
        ),
        // Errors whose messages could echo the request.
        (
            post(
                "/api/v1/check",
                format!(r#"{{"text": {secret}, "{SLUG}": 1}}"#),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                "/api/v1/check",
                format!(r#"{{"text": {secret}, "context": {{"role": "{SLUG}"}}}}"#),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            post(
                "/api/v1/check",
                format!(r#"{{"text": {secret}, "context": {{"at": "{SLUG}"}}}}"#),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            post("/api/v1/check", format!(r#"{{"text": {secret}"#)),
            StatusCode::BAD_REQUEST,
        ),
        // Text in the path and the query of unknown routes.
        (
            Request::get(format!("/{SLUG}?text={SLUG}"))
                .header(header::HOST, host())
                .body(Body::empty())
                .expect("a request"),
            StatusCode::NOT_FOUND,
        ),
        (
            Request::get(format!("/api/v1/handbook?format={SLUG}"))
                .header(header::HOST, host())
                .body(Body::empty())
                .expect("a request"),
            StatusCode::BAD_REQUEST,
        ),
        // A refused request from another host.
        (
            Request::post(format!("/api/v1/check?q={SLUG}"))
                .header(header::HOST, format!("{SLUG}.example"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(format!(r#"{{"text": {secret}}}"#)))
                .expect("a request"),
            StatusCode::MISDIRECTED_REQUEST,
        ),
    ];
    let count = requests.len();
    for (request, status) in requests {
        let reply = send(&app, request).await;
        assert_eq!(reply.status, status, "{}", reply.text());
    }

    let lines = lines.lock().expect("the log is not poisoned").clone();
    assert_eq!(lines.len(), count, "one line per request: {lines:#?}");
    for line in &lines {
        for word in ["Labour", "NHS", "943", SLUG, "example"] {
            assert!(!line.contains(word), "{word:?} is in the log line {line:?}");
        }
    }
    assert!(
        lines[0].starts_with("POST /api/v1/check 200 ") && lines[0].ends_with("ms"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("POST /api/v1/check-profile 200 "),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("POST /api/v1/check 400 "),
        "{}",
        lines[2]
    );
    assert!(lines[6].starts_with("GET - 404 "), "{}", lines[6]);
    assert!(
        lines[7].starts_with("GET /api/v1/handbook 400 "),
        "{}",
        lines[7]
    );
    assert!(
        lines[8].starts_with("POST /api/v1/check 421 "),
        "{}",
        lines[8]
    );
}
