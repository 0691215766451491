//! The JSON API under `/api/v1/`: the same reports as `forethought check --format json`, and the
//! pack as the pages need it. Requests are read strictly (unknown keys are errors, as in the
//! command line's JSONL input); every failure is an [`ApiError`].

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, FixedOffset};
use ft_engine::{Context, MAX_DRAFT_BYTES, Profile, ResolvedContext};
use ft_pack::{AccountKind, Platform, Target};
use ft_report::Checked;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::{AppState, audits, history};

/// The OpenAPI description of this API, as committed in `docs/openapi.json`.
pub(crate) const OPENAPI: &str = include_str!("../../../docs/openapi.json");

/// A router that also records its routes, so a test can check that each appears in the OpenAPI
/// description.
pub(crate) struct Routes {
    pub(crate) router: Router<AppState>,
    pub(crate) list: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn new() -> Self {
        Self {
            router: Router::new(),
            list: Vec::new(),
        }
    }

    fn get<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.list.push(("get", path));
        self.router = self.router.route(path, get(handler));
        self
    }

    fn post<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.list.push(("post", path));
        self.router = self.router.route(path, post(handler));
        self
    }
}

/// The API's routes.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/healthz", healthz)
        .get("/api/v1/openapi.json", openapi)
        .post("/api/v1/check", check)
        .post("/api/v1/check-profile", check_profile)
        .get("/api/v1/packs", packs)
        .get("/api/v1/pack", pack)
        .get("/api/v1/rules", rules)
        .get("/api/v1/handbook", handbook)
        .get("/api/v1/audits", audits::list)
        .post("/api/v1/audits", audits::start)
        .get("/api/v1/audits/{id}", audits::status)
        .get("/api/v1/audits/{id}/events", audits::events)
        .get("/api/v1/history", history::latest)
        .get("/api/v1/history/posts", history::posts)
        .post("/api/v1/history/decisions", history::decide)
        .get("/api/v1/history/will-delete", history::will_delete)
}

/// A JSON response from bytes already serialised.
pub(crate) fn json_bytes(body: Bytes) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A JSON response.
pub(crate) fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => json_bytes(Bytes::from(body)),
        Err(_) => ApiError::internal().into_response(),
    }
}

async fn healthz() -> Response {
    json(&serde_json::json!({"status": "ok"}))
}

async fn openapi() -> Response {
    json_bytes(Bytes::from_static(OPENAPI.as_bytes()))
}

/// Read a JSON request body: refuse other media types, oversized bodies and bad JSON, each with
/// its own status and a message that says what to fix.
pub(crate) fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the request as JSON, with `Content-Type: application/json`",
        ));
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "the request is larger than {} bytes (2 MiB), the most this server reads",
                    crate::MAX_BODY_BYTES
                ),
            )
        } else {
            ApiError::bad_request("unreadable_body", "the request body could not be read")
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request("invalid_json", format!("the request is not valid: {e}"))
    })
}

/// The `context` of a request; missing keys take the defaults of `forethought check`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextRequest {
    account: Option<AccountKind>,
    role: Option<OneOrMany>,
    profession: Option<OneOrMany>,
    at: Option<String>,
    platform: Option<Platform>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// An id as the command line's JSONL input takes it: a string or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

impl Id {
    fn into_string(self) -> String {
        match self {
            Id::Text(s) => s,
            Id::Number(n) => n.to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    text: String,
    #[serde(default)]
    id: Option<Id>,
    #[serde(default)]
    context: Option<ContextRequest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileRequest {
    #[serde(default)]
    id: Option<Id>,
    #[serde(default, alias = "display_name")]
    name: Option<String>,
    #[serde(default)]
    handle: Option<String>,
    #[serde(default)]
    bio: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    context: Option<ContextRequest>,
}

fn parse_time(s: &str) -> Result<DateTime<FixedOffset>, ApiError> {
    DateTime::parse_from_rfc3339(s).map_err(|e| {
        ApiError::bad_request(
            "bad_time",
            format!("`{s}` is not an RFC 3339 time ({e}); write it like 2026-05-07T23:30:00+01:00"),
        )
    })
}

fn too_long(len: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "draft_too_long",
        format!(
            "the draft is {len} bytes or more; drafts are limited to {MAX_DRAFT_BYTES} bytes (1 MiB)"
        ),
    )
}

impl AppState {
    /// The context of a request, resolved against the pack, as `forethought check` builds it.
    fn resolve(&self, request: Option<ContextRequest>) -> Result<ResolvedContext, ApiError> {
        let request = request.unwrap_or_default();
        let at = match &request.at {
            Some(s) => parse_time(s)?,
            None => chrono::Local::now().fixed_offset(),
        };
        let context = Context {
            account: request.account.unwrap_or(AccountKind::Personal),
            roles: request.role.map(OneOrMany::into_vec).unwrap_or_default(),
            professions: request
                .profession
                .map(OneOrMany::into_vec)
                .unwrap_or_default(),
            at,
            platform: request.platform,
        };
        self.engine().resolve(&context).map_err(context_error)
    }
}

/// A context the pack does not know (a role or profession it lacks), as an [`ApiError`].
pub(crate) fn context_error(e: ft_engine::ContextError) -> ApiError {
    let code = match e {
        ft_engine::ContextError::UnknownRole { .. } => "unknown_role",
        ft_engine::ContextError::UnknownProfession { .. } => "unknown_profession",
    };
    ApiError::bad_request(code, e.to_string())
}

async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: CheckRequest = read_json(&headers, body)?;
    if request.text.len() > MAX_DRAFT_BYTES {
        return Err(too_long(request.text.len()));
    }
    let context = state.resolve(request.context)?;
    let engine = state.engine();
    let report = engine.check(&request.text, &context);
    let id = request.id.map(Id::into_string);
    let checked = Checked {
        id: id.as_deref(),
        text: &request.text,
        report: &report,
        context: &context,
        first_line: 1,
    };
    Ok(json(&ft_report::wire_report(engine, &checked)))
}

async fn check_profile(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: ProfileRequest = read_json(&headers, body)?;
    let profile = Profile {
        name: request.name,
        handle: request.handle,
        bio: request.bio,
        location: request.location,
        website: request.website,
    };
    let fields = || {
        Target::PROFILE_FIELDS
            .iter()
            .filter_map(|&t| profile.field(t))
    };
    if let Some(longest) = fields().map(str::len).max()
        && longest > MAX_DRAFT_BYTES
    {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "draft_too_long",
            format!("a profile field is longer than {MAX_DRAFT_BYTES} bytes"),
        ));
    }
    if fields().next().is_none() {
        return Err(ApiError::bad_request(
            "empty_profile",
            "give at least one profile field: name, handle, bio, location or website",
        ));
    }
    let context = state.resolve(request.context)?;
    let engine = state.engine();
    let report = engine.check_profile(&profile, &context);
    let id = request.id.map(Id::into_string);
    Ok(json(&ft_report::wire_profile(
        engine,
        id.as_deref(),
        &profile,
        &report,
        &context,
    )))
}

async fn packs(State(state): State<AppState>) -> Response {
    json_bytes(state.packs_json())
}

async fn pack(State(state): State<AppState>) -> Response {
    json_bytes(state.catalogue().pack.clone())
}

async fn rules(State(state): State<AppState>) -> Response {
    json_bytes(state.catalogue().rules.clone())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HandbookQuery {
    format: Option<String>,
}

async fn handbook(
    State(state): State<AppState>,
    query: Result<Query<HandbookQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request(
            "bad_query",
            "the only parameter is `format`, `json` (the default) or `markdown`",
        )
    })?;
    match query.format.as_deref() {
        None | Some("json") => Ok(json_bytes(state.catalogue().handbook.clone())),
        Some("markdown") => {
            let mut response =
                (StatusCode::OK, state.catalogue().handbook_markdown.clone()).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/markdown; charset=utf-8"),
            );
            Ok(response)
        }
        Some(_) => Err(ApiError::bad_request(
            "bad_query",
            "`format` must be `json` (the default) or `markdown`",
        )),
    }
}
