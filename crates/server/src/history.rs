//! The History page's view of the audit store: the latest audit of the account audited last,
//! its flagged posts still to decide on (and those decided), decisions, and the links of the
//! posts to delete. Mirrors `forethought review`.
//!
//! Requests share one connection, opened on first use and held behind a mutex; every store call
//! runs on a blocking thread. An audit writes through a connection of its own, and the store is
//! in WAL mode, so reading never waits for it.
//!
//! An audit's full summary (across posts, what worked, the profile) is not in the store: it is
//! kept beside it, in `<store>.summaries.json` (mode 0600), one per account, so the page shows it
//! again after a reload or a restart. A summary from an older run is never shown for a newer one
//! (say, one the command line ran); the store's own counts are there instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::PoisonError;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use ft_store::{
    Decision, PostKind, ReviewFilter, ReviewItem, RunId, RunState, Severity, SourceId, SourceInfo,
    Store, StoreError,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::api::{json, read_json};
use crate::error::ApiError;

/// Posts per page when the request does not say, and the most it may ask for.
const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 100;

pub(crate) fn no_store() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "no_store",
        "this server has no audit store, so it cannot run or keep audits; start it with one \
         (`forethought serve` keeps it in your data folder)",
    )
}

fn no_audit() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_audit",
        "there is no audit yet; audit an archive of your posts first",
    )
}

/// What went wrong with the store, in words for the person, without its path.
pub(crate) fn store_message(e: &StoreError) -> String {
    match e {
        StoreError::Create { source, .. } => {
            format!("the audit store could not be created: {source}")
        }
        StoreError::Open { source, .. } => format!("the audit store could not be opened: {source}"),
        StoreError::NotAStore { .. } => {
            "the file given as the audit store is not a Forethought audit store".into()
        }
        StoreError::SchemaTooNew { .. } => {
            "the audit store was written by a newer Forethought; update Forethought to read it"
                .into()
        }
        StoreError::Corrupt { details, .. } => format!("the audit store is damaged: {details}"),
        StoreError::InvalidSource { .. } => {
            "the archive does not say whose account it is (it has no profile or handle), so its \
             results cannot be kept in the audit store"
                .into()
        }
        other => other.to_string(),
    }
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::UnknownPost { .. } => ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_post",
            "the account has no flagged post with this id",
        ),
        StoreError::UnknownSource(_) => unknown_source(),
        other => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "store_failed",
            store_message(&other),
        ),
    }
}

fn unknown_source() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_source",
        "the audit store has no account with this id",
    )
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        store_error(e)
    }
}

/// Run `f` on the requests' connection to the store, on a blocking thread. `no_store` without a
/// store; `no_audit` when its file does not exist yet (reading never creates it).
async fn with_store<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let path = state.store_path().ok_or_else(no_store)?.to_path_buf();
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut connection = state.store().lock().unwrap_or_else(PoisonError::into_inner);
        if connection.is_none() {
            if !path.exists() {
                return Err(no_audit());
            }
            *connection = Some(Store::open(&path)?);
        }
        match connection.as_mut() {
            Some(store) => f(store),
            None => Err(ApiError::internal()),
        }
    })
    .await
    .map_err(|_| ApiError::internal())?
}

/// The account to show: the one asked for, or the one audited last.
fn pick_source(store: &Store, wanted: Option<i64>) -> Result<SourceInfo, ApiError> {
    let sources = store.sources()?;
    match wanted {
        Some(id) => sources
            .into_iter()
            .find(|s| s.id.get() == id)
            .ok_or_else(unknown_source),
        None => sources
            .into_iter()
            .filter(|s| s.last_audit_at.is_some())
            .max_by(|a, b| a.last_audit_at.cmp(&b.last_audit_at))
            .ok_or_else(no_audit),
    }
}

/// Whether `GET /api/v1/history` has something to show.
pub(crate) async fn has_history(state: &AppState) -> Result<bool, ApiError> {
    match with_store(state, |store| pick_source(store, None).map(|_| ())).await {
        Ok(()) => Ok(true),
        Err(e) if e.code == "no_audit" => Ok(false),
        Err(e) => Err(e),
    }
}

fn source_json(source: &SourceInfo) -> Value {
    json!({
        "id": source.id.get(),
        "platform": source.key.platform,
        "handle": source.key.handle,
        "last_audit_at": source.last_audit_at,
    })
}

/// A query's optional parameters, all as text: empty means not given.
fn given(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn parse<T: FromStr>(name: &str, value: Option<String>, what: &str) -> Result<Option<T>, ApiError> {
    given(value)
        .map(|v| {
            v.trim().parse().map_err(|_| {
                ApiError::bad_request("bad_query", format!("`{name}` must be {what}, not `{v}`"))
            })
        })
        .transpose()
}

fn bad_query(e: &QueryRejection) -> ApiError {
    ApiError::bad_request("bad_query", format!("the query is not valid: {e}"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceQuery {
    source: Option<String>,
}

/// The summaries kept beside the store: `<store>.summaries.json`.
fn summaries_path(store: &Path) -> PathBuf {
    let mut name = store
        .file_name()
        .map_or_else(|| "audit.sqlite".into(), ToOwned::to_owned);
    name.push(".summaries.json");
    store.with_file_name(name)
}

/// The kept summary of `run` of `source`, if there is one.
fn saved_summary(store: &Path, source: SourceId, run: RunId) -> Option<Value> {
    let text = std::fs::read(summaries_path(store)).ok()?;
    let mut saved: Value = serde_json::from_slice(&text).ok()?;
    let entry = saved["sources"].get_mut(source.get().to_string())?;
    if entry["run"].as_i64() != Some(run.get()) {
        return None;
    }
    Some(entry["summary"].take())
}

/// Keep an audit's summary beside the store, replacing the account's previous one. Written to a
/// private temporary file and renamed, so a reader never sees half of it.
pub(crate) fn save_summary(
    store_path: &Path,
    store: &Store,
    summary: &Value,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let Some(run) = summary["store"]["run"].as_i64() else {
        return Ok(());
    };
    let source = store
        .run(RunId::from_raw(run))
        .map_err(std::io::Error::other)?
        .source;
    let path = summaries_path(store_path);
    let mut saved: Value = std::fs::read(&path)
        .ok()
        .and_then(|text| serde_json::from_slice(&text).ok())
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}));
    saved["version"] = json!(1);
    if !saved["sources"].is_object() {
        saved["sources"] = json!({});
    }
    saved["sources"][source.get().to_string()] = json!({"run": run, "summary": summary});
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".forethought-summaries-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut file = builder.tempfile_in(folder)?;
    file.write_all(&serde_json::to_vec(&saved).map_err(std::io::Error::other)?)?;
    file.as_file().sync_all()?;
    file.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// `GET /api/v1/history`: the latest finished audit of the account audited last (or of
/// `?source=ID`): its full summary when it was kept, the store's counts, and how many posts are
/// still to decide on.
pub(crate) async fn latest(
    State(state): State<AppState>,
    query: Result<Query<SourceQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| bad_query(&e))?;
    let wanted = parse::<i64>("source", query.source, "an account's id")?;
    let store_path = state.store_path().ok_or_else(no_store)?.to_path_buf();
    let principles = principle_titles(&state);
    let for_blocking = state.clone();
    let value = with_store(&state, move |store| {
        let source = pick_source(store, wanted)?;
        let run = store
            .runs(source.id)?
            .into_iter()
            .find(|r| r.state == RunState::Finished)
            .ok_or_else(no_audit)?;
        let counts = store.summary(run.id)?;
        let open = store.open_item_count(source.id, &ReviewFilter::all())?;
        let decisions = store.decisions(source.id)?;
        let decided = decisions.iter().filter(|d| d.decision.is_final()).count();
        let will_delete = decisions
            .iter()
            .filter(|d| d.decision == Decision::WillDelete)
            .count();
        let summary = saved_summary(&store_path, source.id, run.id).or_else(|| {
            for_blocking
                .audits()
                .summary_of_run(run.id.get())
                .map(|s| s.as_ref().clone())
        });
        let tally = |t: ft_store::Tally| json!({"findings": t.findings, "posts": t.posts});
        Ok(json!({
            "source": source_json(&source),
            "run": {
                "id": run.id.get(),
                "pack_id": run.pack_id,
                "pack_version": run.pack_version,
                "context": run.context,
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "posts_checked": run.posts_checked,
                "posts_with_findings": run.posts_with_findings,
                "findings": run.findings,
            },
            "summary": summary,
            "counts": {
                "by_severity": counts.by_severity.iter().map(|(s, t)| {
                    let mut v = tally(*t);
                    v["severity"] = json!(s.as_str());
                    v
                }).collect::<Vec<_>>(),
                "by_principle": counts.by_principle.iter().map(|(id, t)| {
                    let mut v = tally(*t);
                    v["id"] = json!(id);
                    v["title"] = json!(principles.get(id).cloned().unwrap_or_else(|| id.clone()));
                    v
                }).collect::<Vec<_>>(),
                "by_year": counts.by_year.iter().map(|(year, t)| {
                    let mut v = tally(*t);
                    v["year"] = json!(year);
                    v
                }).collect::<Vec<_>>(),
            },
            "open_posts": open,
            "decided_posts": decided,
            "will_delete_posts": will_delete,
        }))
    })
    .await?;
    Ok(json(&value))
}

/// The pack's principles, id to title.
fn principle_titles(state: &AppState) -> BTreeMap<String, String> {
    state
        .engine()
        .pack()
        .principles
        .iter()
        .map(|p| (p.id.clone(), p.title.clone()))
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PostsQuery {
    severity: Option<String>,
    principle: Option<String>,
    rule: Option<String>,
    year: Option<String>,
    kind: Option<String>,
    decided: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
    source: Option<String>,
}

/// A UTF-16 offset (a JavaScript string index) for a byte offset into `text`.
fn utf16(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.encode_utf16().count())
}

fn item_json(item: &ReviewItem, principles: &BTreeMap<String, String>) -> Value {
    let post = &item.post;
    let findings: Vec<Value> = item
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule_id,
                "principle": {
                    "id": f.principle_id,
                    "title": principles.get(&f.principle_id).cloned().unwrap_or_else(|| f.principle_id.clone()),
                },
                "severity": f.severity.as_str(),
                "confidence": f.confidence,
                "message": f.message,
                "matched": f.matched_text,
                "byte_start": f.byte_start,
                "byte_end": f.byte_end,
                "utf16_start": utf16(&post.text, f.byte_start),
                "utf16_end": utf16(&post.text, f.byte_end),
            })
        })
        .collect();
    json!({
        "id": post.id,
        "url": post.url,
        "created_at": Some(&post.created_at).filter(|t| !t.is_empty()),
        "year": post.year,
        "kind": post.kind.as_str(),
        "text": post.text,
        "deleted": post.deleted,
        "likes": post.likes,
        "reposts": post.reposts,
        "replies": post.replies,
        "severity": item.top_severity.as_str(),
        "findings": findings,
        "decision": item.decision.as_ref().map(|d| json!({
            "decision": d.decision.as_str(),
            "note": d.note,
            "decided_at": d.decided_at,
        })),
    })
}

/// Whether a decided post meets the filter (as the store's open items apply it: some finding
/// meets every condition on findings).
fn meets(item: &ReviewItem, filter: &ReviewFilter) -> bool {
    let post_ok = filter.year.is_none_or(|y| item.post.year == Some(y))
        && filter.kind.is_none_or(|k| item.post.kind == k);
    post_ok
        && item.findings.iter().any(|f| {
            filter.min_severity.is_none_or(|s| f.severity >= s)
                && filter
                    .principle
                    .as_ref()
                    .is_none_or(|p| &f.principle_id == p)
                && filter.rule.as_ref().is_none_or(|r| &f.rule_id == r)
        })
}

/// `GET /api/v1/history/posts`: the flagged posts still to decide on, most serious first (or,
/// with `decided=true`, the posts decided, latest decision first), a page at a time.
pub(crate) async fn posts(
    State(state): State<AppState>,
    query: Result<Query<PostsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| bad_query(&e))?;
    let mut filter = ReviewFilter::all();
    filter.min_severity = parse::<Severity>(
        "severity",
        query.severity,
        "serious, warning, advice or note",
    )?;
    filter.principle = given(query.principle);
    filter.rule = given(query.rule);
    filter.year = parse::<i32>("year", query.year, "a year such as 2019")?;
    filter.kind = parse::<PostKind>(
        "kind",
        query.kind,
        "post, reply, repost, quote, like or comment",
    )?;
    let decided = parse::<bool>("decided", query.decided, "true or false")?.unwrap_or(false);
    let offset = parse::<u32>("offset", query.offset, "a number of posts to skip")?.unwrap_or(0);
    let limit =
        parse::<u32>("limit", query.limit, "a number from 1 to 100")?.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(
            "bad_query",
            format!("`limit` must be a number from 1 to {MAX_LIMIT}, not `{limit}`"),
        ));
    }
    let wanted = parse::<i64>("source", query.source, "an account's id")?;
    let principles = principle_titles(&state);
    let value = with_store(&state, move |store| {
        let source = pick_source(store, wanted)?;
        let (total, items) = if decided {
            let mut items = Vec::new();
            for d in store.decisions(source.id)? {
                if !d.decision.is_final() {
                    continue;
                }
                if let Some(item) = store.item(source.id, &d.post_id)?
                    && meets(&item, &filter)
                {
                    items.push(item);
                }
            }
            let total = items.len() as u64;
            let page = items
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect::<Vec<_>>();
            (total, page)
        } else {
            let total = store.open_item_count(source.id, &filter)?;
            let items = store.open_items(source.id, &filter.clone().page(offset, limit))?;
            (total, items)
        };
        Ok(json!({
            "source": source_json(&source),
            "decided": decided,
            "total": total,
            "offset": offset,
            "limit": limit,
            "posts": items.iter().map(|i| item_json(i, &principles)).collect::<Vec<_>>(),
        }))
    })
    .await?;
    Ok(json(&value))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionRequest {
    post_id: String,
    decision: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    source: Option<i64>,
}

/// `POST /api/v1/history/decisions`: what the person decided about a post.
pub(crate) async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: DecisionRequest = read_json(&headers, body)?;
    let decision = Decision::from_str(&request.decision).map_err(|_| {
        ApiError::bad_request(
            "unknown_decision",
            format!(
                "unknown decision `{}`; it is one of {}",
                request.decision,
                Decision::ALL
                    .iter()
                    .map(|d| d.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let value = with_store(&state, move |store| {
        let source = pick_source(store, request.source)?;
        let note = request.note.unwrap_or_default();
        let record = store.set_decision(source.id, &request.post_id, decision, &note)?;
        let open = store.open_item_count(source.id, &ReviewFilter::all())?;
        Ok(json!({
            "post_id": record.post_id,
            "decision": record.decision.as_str(),
            "note": record.note,
            "decided_at": record.decided_at,
            "open_posts": open,
        }))
    })
    .await?;
    Ok(json(&value))
}

/// `GET /api/v1/history/will-delete`: the posts the person decided to delete, newest first, as
/// links to open.
pub(crate) async fn will_delete(
    State(state): State<AppState>,
    query: Result<Query<SourceQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| bad_query(&e))?;
    let wanted = parse::<i64>("source", query.source, "an account's id")?;
    let value = with_store(&state, move |store| {
        let source = pick_source(store, wanted)?;
        let links = store.will_delete_links(source.id)?;
        Ok(json!({
            "source": source_json(&source),
            "links": links.iter().map(|l| json!({
                "post_id": l.post_id,
                "url": l.url,
                "created_at": Some(&l.created_at).filter(|t| !t.is_empty()),
            })).collect::<Vec<_>>(),
        }))
    })
    .await?;
    Ok(json(&value))
}
