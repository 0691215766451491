//! Helpers shared by the server's tests: an app on a pretend port, and requests sent to it
//! in-process.
#![allow(dead_code, unreachable_pub)]

use std::sync::OnceLock;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use ft_server::{AccessLog, AppState};
use tower::ServiceExt as _;

/// The port the tests' app believes it is on.
pub const PORT: u16 = 4173;

/// The `Host` a browser on the right address sends.
pub fn host() -> String {
    format!("127.0.0.1:{PORT}")
}

/// An app with `pack`, logging into `log`.
pub fn app_with(pack: &str, log: AccessLog) -> Router {
    let engine = ft_server::load_engine(pack).expect("the pack loads");
    ft_server::app(AppState::new(engine, pack, PORT, log))
}

/// The app with the `uk-civil-service` pack (which extends `core`), compiled once per test
/// binary.
pub fn state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let engine = ft_server::load_engine("uk-civil-service").expect("the pack loads");
            AppState::new(engine, "uk-civil-service", PORT, AccessLog::none())
        })
        .clone()
}

pub fn app() -> Router {
    ft_server::app(state())
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The error's code, after checking the body has exactly the one error shape.
    pub fn error_code(&self) -> String {
        let v = self.json();
        let obj = v.as_object().expect("an object");
        assert_eq!(obj.len(), 1, "only `error`: {v}");
        let error = obj["error"].as_object().expect("`error` is an object");
        let mut keys: Vec<&str> = error.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["code", "message"], "{v}");
        assert!(
            !error["message"].as_str().unwrap_or("").is_empty(),
            "a message: {v}"
        );
        assert_eq!(self.header("content-type"), "application/json");
        error["code"].as_str().unwrap_or("").to_string()
    }

    pub fn error_message(&self) -> String {
        self.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("the body is readable");
    Reply {
        status,
        headers,
        body,
    }
}

pub fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, host())
        .body(Body::empty())
        .expect("a valid request")
}

pub fn post_json(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, host())
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("a valid request")
}

pub async fn get_json(app: &Router, path: &str) -> serde_json::Value {
    let reply = send(app, get(path)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
    reply.json()
}

pub async fn post(app: &Router, path: &str, body: serde_json::Value) -> Reply {
    send(app, post_json(path, body.to_string())).await
}

/// An app with an audit store in a temporary folder (removed when dropped).
pub struct WithStore {
    pub app: Router,
    pub state: AppState,
    pub dir: tempfile::TempDir,
}

impl WithStore {
    pub fn store_path(&self) -> std::path::PathBuf {
        self.dir.path().join("audit.sqlite")
    }
}

/// An app with the `uk-civil-service` pack and a new, empty audit store, logging into `log`.
pub fn app_with_store_and_log(log: AccessLog) -> WithStore {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let engine = ft_server::load_engine("uk-civil-service").expect("the pack loads");
    let state = AppState::with_store(
        engine,
        "uk-civil-service",
        PORT,
        log,
        dir.path().join("audit.sqlite"),
    );
    WithStore {
        app: ft_server::app(state.clone()),
        state,
        dir,
    }
}

pub fn app_with_store() -> WithStore {
    app_with_store_and_log(AccessLog::none())
}

/// A synthetic archive from the archive crate's generator.
pub fn archive(format: ft_archive::Format, posts: usize, seed: u64) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let options = ft_archive::generate::Options {
        seed,
        posts,
        ..Default::default()
    };
    ft_archive::generate::generate(format, &options, &mut out).expect("the archive is written");
    out.into_inner()
}

/// A POST with a raw body, as `fetch(url, {method: "POST", body: file})` sends an archive.
pub fn post_raw(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, host())
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(body.into())
        .expect("a valid request")
}

/// Server-sent events, as (event name, JSON data) pairs.
pub fn parse_events(text: &str) -> Vec<(String, serde_json::Value)> {
    let mut events = Vec::new();
    for block in text.split("\n\n") {
        let mut name = String::from("message");
        let mut data = Vec::new();
        for line in block.lines() {
            if let Some(v) = line.strip_prefix("event:") {
                name = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
            }
        }
        if data.is_empty() {
            continue;
        }
        let data = serde_json::from_str(&data.join("\n"))
            .unwrap_or_else(|e| panic!("event data is not JSON ({e}): {block}"));
        events.push((name, data));
    }
    events
}

/// Start an audit of `bytes` with `query` (after `?`); its id.
pub async fn start_audit(app: &Router, query: &str, bytes: Vec<u8>) -> String {
    let reply = send(app, post_raw(&format!("/api/v1/audits?{query}"), bytes)).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    let id = reply.json()["id"].as_str().expect("an id").to_string();
    assert_eq!(reply.header("location"), format!("/api/v1/audits/{id}"));
    id
}

/// Follow an audit's events to the end.
pub async fn follow(app: &Router, id: &str) -> Vec<(String, serde_json::Value)> {
    let reply = send(app, get(&format!("/api/v1/audits/{id}/events"))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(
        reply
            .header("content-type")
            .starts_with("text/event-stream"),
        "{}",
        reply.header("content-type")
    );
    parse_events(&reply.text())
}

/// Audit `bytes` with `query` and wait for the end: the summary (panics if it failed).
pub async fn audit(app: &Router, query: &str, bytes: Vec<u8>) -> serde_json::Value {
    let id = start_audit(app, query, bytes).await;
    let events = follow(app, &id).await;
    let (name, data) = events.last().expect("at least one event").clone();
    assert_eq!(name, "done", "{data}");
    data
}
