//! Audits from the History page: an archive uploaded as the raw request body, streamed to a
//! private temporary file beside the audit store, checked on a thread of its own with
//! [`ft_audit::audit`] (posts with findings go into the store), its progress sent as server-sent
//! events, and the upload deleted when the audit ends.
//!
//! One audit runs at a time: the slot is taken before the upload is read, so a second archive is
//! refused (`audit_running`) before any of it is written to disk.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::hash::BuildHasher as _;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use ft_archive::Format;
use ft_audit::{AuditConfig, AuditError, Observer};
use ft_engine::Context;
use ft_pack::AccountKind;
use futures_util::StreamExt as _;
use serde::Serialize;
use tokio::io::AsyncWriteExt as _;
use tokio::sync::watch;

use crate::api::{context_error, json};
use crate::error::ApiError;
use crate::history::{self, no_store};
use crate::{AppState, MAX_ARCHIVE_BYTES};

/// Audits remembered for `GET /api/v1/audits/{id}` after they end.
const REMEMBERED: usize = 8;

/// The least time between two progress events of one stream: at most ten a second.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// How far an audit has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Progress {
    /// Posts checked so far.
    posts: u64,
    /// Bytes of the archive read so far.
    bytes_read: u64,
    /// The archive's size.
    bytes_total: u64,
}

/// Where an audit stands.
#[derive(Clone, Debug)]
enum Phase {
    Running(Progress),
    /// The summary, as `AuditSummary` serialises.
    Done(Arc<serde_json::Value>),
    /// What went wrong, for the person.
    Failed(String),
}

impl Phase {
    fn status(&self) -> &'static str {
        match self {
            Phase::Running(_) => "running",
            Phase::Done(_) => "done",
            Phase::Failed(_) => "failed",
        }
    }
}

/// One audit: its id and its phase, watched by the event streams.
pub(crate) struct Audit {
    id: String,
    phase: watch::Sender<Phase>,
}

impl Audit {
    fn phase(&self) -> Phase {
        self.phase.borrow().clone()
    }
}

/// The audits of this app: whether one is under way (its upload included), and the latest few.
#[derive(Default)]
pub(crate) struct Audits(Mutex<Registry>);

#[derive(Default)]
struct Registry {
    busy: bool,
    latest: VecDeque<Arc<Audit>>,
    /// The upload being audited, to delete if the server stops first.
    upload: Option<PathBuf>,
}

impl Audits {
    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn find(&self, id: &str) -> Option<Arc<Audit>> {
        self.lock().latest.iter().find(|a| a.id == id).cloned()
    }

    fn add(&self, audit: Arc<Audit>) {
        let mut registry = self.lock();
        registry.latest.push_front(audit);
        registry.latest.truncate(REMEMBERED);
    }

    /// The server is stopping: delete the upload of an audit under way (its thread dies with the
    /// process; the store resumes the audit when the archive is given again).
    pub(crate) fn stop(&self) {
        if let Some(path) = self.lock().upload.take() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The summary of the audit that recorded store run `run`, if this app ran it.
    pub(crate) fn summary_of_run(&self, run: i64) -> Option<Arc<serde_json::Value>> {
        self.lock().latest.iter().find_map(|a| match a.phase() {
            Phase::Done(summary) if summary["store"]["run"].as_i64() == Some(run) => Some(summary),
            _ => None,
        })
    }
}

/// The right to run the one audit: taken before the upload is read, given back when it is
/// dropped (a refused upload, a closed connection, or the end of the audit's thread).
struct Slot(AppState);

impl Slot {
    fn take(state: &AppState) -> Result<Slot, ApiError> {
        let mut registry = state.audits().lock();
        if registry.busy {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "audit_running",
                "an audit is already running; wait for it to finish, then audit the next archive",
            ));
        }
        registry.busy = true;
        Ok(Slot(state.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.audits().lock().busy = false;
    }
}

/// What `POST /api/v1/audits` was asked for, from its query string.
#[derive(Debug, Default)]
struct AuditRequest {
    file_name: Option<String>,
    format: Option<Format>,
    account: Option<AccountKind>,
    roles: Vec<String>,
    professions: Vec<String>,
}

impl AuditRequest {
    fn parse(pairs: Vec<(String, String)>) -> Result<AuditRequest, ApiError> {
        let mut request = AuditRequest::default();
        for (key, value) in pairs {
            match key.as_str() {
                "filename" => request.file_name = Some(value).filter(|v| !v.is_empty()),
                "format" if value.is_empty() => {}
                "format" => {
                    request.format = Some(Format::from_name(&value).ok_or_else(|| {
                        ApiError::bad_request(
                            "unknown_format",
                            format!(
                                "unknown archive format `{value}`; the formats are {}, or leave \
                                 `format` out to tell from the file",
                                Format::ALL.map(Format::as_str).join(", ")
                            ),
                        )
                    })?);
                }
                "account" if value.is_empty() => {}
                "account" => {
                    request.account = Some(AccountKind::from_name(&value).ok_or_else(|| {
                        ApiError::bad_request(
                            "unknown_account",
                            format!(
                                "unknown account kind `{value}`; it is personal, professional or \
                                 official"
                            ),
                        )
                    })?);
                }
                "role" if !value.is_empty() => request.roles.push(value),
                "profession" if !value.is_empty() => request.professions.push(value),
                "role" | "profession" => {}
                other => {
                    return Err(ApiError::bad_request(
                        "bad_query",
                        format!(
                            "unknown parameter `{other}`; the parameters are filename, format, \
                             account, role and profession"
                        ),
                    ));
                }
            }
        }
        Ok(request)
    }
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!(
            "the archive is larger than {MAX_ARCHIVE_BYTES} bytes (2 GiB), the most Forethought reads"
        ),
    )
}

fn unknown_audit() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_audit",
        "there is no audit with this id; it may have been run before the server restarted",
    )
}

fn cannot_write(e: &std::io::Error) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "cannot_write",
        format!("the archive could not be written beside the audit store: {e}"),
    )
}

/// A new audit id: 16 hexadecimal digits, unpredictable (ids need no secrecy: the guard keeps
/// other sites out, but they should not be guessable from one another either).
fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let hash = std::collections::hash_map::RandomState::new().hash_one((n, nanos));
    format!("{hash:016x}")
}

/// The folder of the store, where uploads go (on the same disk, and as private).
fn store_folder(store: &Path) -> PathBuf {
    match store.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The name every upload's temporary file starts with.
const UPLOAD_PREFIX: &str = ".forethought-upload-";

/// Remove uploads left in the store's folder by a server that was killed, untouched for an hour
/// or more (an upload under way is written to all the time, and an audit under way reads a file
/// it has open).
pub(crate) fn remove_stale_uploads(store: &Path) {
    let Ok(entries) = std::fs::read_dir(store_folder(store)) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if stale
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with(UPLOAD_PREFIX)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A temporary file for an upload, readable by its owner only, deleted when dropped.
fn upload_file(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)?;
        tempfile::Builder::new()
            .prefix(UPLOAD_PREFIX)
            .permissions(std::fs::Permissions::from_mode(0o600))
            .tempfile_in(folder)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(folder)?;
        tempfile::Builder::new()
            .prefix(UPLOAD_PREFIX)
            .tempfile_in(folder)
    }
}

/// `POST /api/v1/audits`: take the archive and start auditing it.
pub(crate) async fn start(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let store = state.store_path().ok_or_else(no_store)?.to_path_buf();
    let Query(pairs) = query.map_err(|_| {
        ApiError::bad_request(
            "bad_query",
            "the parameters are filename, format, account, role and profession",
        )
    })?;
    let request = AuditRequest::parse(pairs)?;
    let context = Context {
        account: request.account.unwrap_or(AccountKind::Personal),
        roles: request.roles,
        professions: request.professions,
        at: chrono::Local::now().fixed_offset(),
        platform: None,
    };
    state.engine().resolve(&context).map_err(context_error)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_ARCHIVE_BYTES) {
        return Err(too_large());
    }

    let slot = Slot::take(&state)?;
    let folder = store_folder(&store);
    let upload = tokio::task::spawn_blocking(move || upload_file(&folder))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| cannot_write(&e))?;
    let size = receive(&upload, body).await?;
    if size == 0 {
        return Err(ApiError::bad_request(
            "empty_archive",
            "the archive is empty; choose the file you downloaded from the platform",
        ));
    }
    let file_name = request.file_name.clone();
    let (upload, format) = tokio::task::spawn_blocking(move || {
        let format = match request.format {
            Some(format) => Ok(format),
            None => upload
                .reopen()
                .map_err(ft_archive::ImportError::Io)
                .and_then(|file| {
                    ft_archive::detect(&mut BufReader::new(file), file_name.as_deref())
                }),
        };
        (upload, format)
    })
    .await
    .map_err(|_| ApiError::internal())?;
    let format = format.map_err(|e| {
        ApiError::bad_request(
            "not_an_archive",
            format!(
                "{e}. Choose the archive you downloaded from X, Mastodon, Bluesky, LinkedIn or \
                 Facebook, or a CSV, JSON or JSON Lines file of posts"
            ),
        )
    })?;

    let id = new_id();
    let (phase, _) = watch::channel(Phase::Running(Progress {
        posts: 0,
        bytes_read: 0,
        bytes_total: size,
    }));
    let audit = Arc::new(Audit {
        id: id.clone(),
        phase,
    });
    state.audits().add(Arc::clone(&audit));
    state.audits().lock().upload = Some(upload.path().to_path_buf());
    let config = AuditConfig {
        context,
        format: Some(format),
        file_name: request.file_name,
        limits: ft_archive::Limits::default(),
    };
    let thread_state = state.clone();
    let thread_audit = Arc::clone(&audit);
    std::thread::Builder::new()
        .name("forethought-audit".into())
        .spawn(move || run(&thread_state, &thread_audit, upload, &config, &store, slot))
        .map_err(|_| {
            audit.phase.send_replace(Phase::Failed(
                "the audit could not be started; please try again".into(),
            ));
            ApiError::internal()
        })?;

    let mut response = (
        StatusCode::ACCEPTED,
        json(&serde_json::json!({"id": id, "status": "running"})),
    )
        .into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/audits/{id}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Write the request body into `upload`, chunk by chunk; its size.
async fn receive(upload: &tempfile::NamedTempFile, body: Body) -> Result<u64, ApiError> {
    let file = upload.as_file().try_clone().map_err(|e| cannot_write(&e))?;
    let mut out = tokio::fs::File::from_std(file);
    let mut stream = body.into_data_stream();
    let mut size = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::bad_request(
                "unreadable_body",
                "the archive did not arrive whole; please try again",
            )
        })?;
        size += chunk.len() as u64;
        if size > MAX_ARCHIVE_BYTES {
            return Err(too_large());
        }
        out.write_all(&chunk).await.map_err(|e| cannot_write(&e))?;
    }
    out.flush().await.map_err(|e| cannot_write(&e))?;
    Ok(size)
}

/// Hands the audit's progress to its watchers.
struct Reporter<'a>(&'a Audit);

impl Observer for Reporter<'_> {
    fn progress(&mut self, posts: u64, bytes_read: u64, bytes_total: u64) {
        self.0.phase.send_replace(Phase::Running(Progress {
            posts,
            bytes_read,
            bytes_total,
        }));
    }
}

/// The audit's thread: audit, delete the upload, keep the summary, free the slot, and only then
/// say it is done (so a page that starts the next audit on `done` finds the slot free).
fn run(
    state: &AppState,
    audit: &Audit,
    upload: tempfile::NamedTempFile,
    config: &AuditConfig,
    store: &Path,
    slot: Slot,
) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        audit_upload(state, audit, &upload, config, store)
    }));
    state.audits().lock().upload = None;
    drop(upload);
    let phase = match outcome {
        Ok(Ok(summary)) => Phase::Done(Arc::new(summary)),
        Ok(Err(message)) => Phase::Failed(message),
        Err(_) => Phase::Failed("the audit stopped unexpectedly; please try again".into()),
    };
    drop(slot);
    audit.phase.send_replace(phase);
}

fn audit_upload(
    state: &AppState,
    audit: &Audit,
    upload: &tempfile::NamedTempFile,
    config: &AuditConfig,
    store_path: &Path,
) -> Result<serde_json::Value, String> {
    let engine = state.audit_engine()?;
    let mut store = ft_store::Store::open(store_path).map_err(|e| history::store_message(&e))?;
    let file = upload
        .reopen()
        .map_err(|e| format!("cannot read the uploaded archive: {e}"))?;
    let summary = ft_audit::audit(
        BufReader::with_capacity(1 << 16, file),
        engine,
        config,
        Some(&mut store),
        &mut Reporter(audit),
    )
    .map_err(|e| match e {
        AuditError::Store(e) => history::store_message(&e),
        other => other.to_string(),
    })?;
    let summary = serde_json::to_value(&summary)
        .map_err(|_| "the audit's summary could not be written down".to_string())?;
    // The summary is also kept in memory; a History page after a restart falls back to the
    // store's own counts if it could not be saved.
    let _ = history::save_summary(store_path, &store, &summary);
    Ok(summary)
}

/// An audit's state as JSON.
fn status_json(audit: &Audit) -> serde_json::Value {
    let phase = audit.phase();
    let (progress, summary, error) = match &phase {
        Phase::Running(p) => (serde_json::to_value(p).ok(), None, None),
        Phase::Done(s) => (None, Some(s.as_ref().clone()), None),
        Phase::Failed(m) => (None, None, Some(m.clone())),
    };
    serde_json::json!({
        "id": audit.id,
        "status": phase.status(),
        "progress": progress,
        "summary": summary,
        "error": error,
    })
}

/// `GET /api/v1/audits/{id}`.
pub(crate) async fn status(
    State(state): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let audit = state.audits().find(&id).ok_or_else(unknown_audit)?;
    Ok(json(&status_json(&audit)))
}

/// `GET /api/v1/audits`: whether audits are possible, whether there is a history to show, and
/// this app's audits, newest first (a page that was reloaded finds the one under way).
pub(crate) async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let audits: Vec<serde_json::Value> = state
        .audits()
        .lock()
        .latest
        .iter()
        .map(|a| serde_json::json!({"id": a.id, "status": a.phase().status()}))
        .collect();
    let has_history = match state.store_path() {
        None => false,
        Some(_) => history::has_history(&state).await?,
    };
    Ok(json(&serde_json::json!({
        "store": state.store_path().is_some(),
        "history": has_history,
        "audits": audits,
    })))
}

fn event(name: &'static str, data: &impl Serialize) -> Event {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    Event::default().event(name).data(data)
}

fn failed_event(message: &str) -> Event {
    event("failed", &serde_json::json!({ "error": message }))
}

/// The stream's state between events: the audit, the server's stop signal, and the progress
/// last sent.
type Watch = (
    Arc<Audit>,
    watch::Receiver<Phase>,
    watch::Receiver<bool>,
    Option<Progress>,
);

/// `GET /api/v1/audits/{id}/events`: `progress` events as the audit goes (at most ten a second),
/// then one `done` (the summary) or `failed` (`{"error": …}`), and the end of the stream.
pub(crate) async fn events(
    State(state): State<AppState>,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let audit = state.audits().find(&id).ok_or_else(unknown_audit)?;
    let receiver = audit.phase.subscribe();
    let start: Option<Watch> = Some((audit, receiver, state.stopping(), None));
    // The stream ends with the audit, or when the server stops (which waits for open responses).
    let stream = futures_util::stream::unfold(start, |watching| async move {
        let (audit, mut receiver, mut stopping, last) = watching?;
        if last.is_some() {
            tokio::select! {
                () = tokio::time::sleep(PROGRESS_INTERVAL) => {}
                _ = stopping.wait_for(|stop| *stop) => return None,
            }
        }
        loop {
            if *stopping.borrow() {
                return None;
            }
            let phase = receiver.borrow_and_update().clone();
            match phase {
                Phase::Running(progress) if last != Some(progress) => {
                    let next = event("progress", &progress);
                    let watching = (audit, receiver, stopping, Some(progress));
                    return Some((Ok::<_, Infallible>(next), Some(watching)));
                }
                Phase::Running(_) => {
                    tokio::select! {
                        changed = receiver.changed() => if changed.is_err() {
                            let next = failed_event("the audit stopped unexpectedly; please try again");
                            return Some((Ok(next), None));
                        },
                        _ = stopping.wait_for(|stop| *stop) => return None,
                    }
                }
                Phase::Done(summary) => return Some((Ok(event("done", summary.as_ref())), None)),
                Phase::Failed(message) => return Some((Ok(failed_event(&message)), None)),
            }
        }
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
