//! The local web app: the JSON API (in the wire format of `forethought check --format json`) and
//! the pages in `web/`, embedded in the binary, served on 127.0.0.1 only.
//!
//! The person is the only user of their results. The server binds to the loopback address,
//! refuses requests for other host names (DNS rebinding) and from other web sites, makes no
//! network calls, and logs only each request's method, route, status and latency: never the text
//! of a draft.
//!
//! The pack is compiled once, when the server starts; every check then runs on the compiled
//! [`Engine`], directly in the request's task: a check takes well under a millisecond, and
//! measured, a hand-off to a blocking thread only added latency (about 0.09 ms a request
//! directly, 0.15 ms through `spawn_blocking`) for no gain in throughput.
//!
//! The History page audits a whole archive: it is uploaded to a temporary file beside the audit
//! store (never held in memory), checked on a thread of its own with [`ft_audit::audit`], and
//! the flagged posts are kept in the person's audit store ([`ServeConfig::store`]), where they
//! work through them over days.
//!
//! - [`serve`] runs the app until Ctrl-C, for `forethought serve`.
//! - [`app`] builds the router around an [`AppState`], for tests.
#![deny(missing_docs)]

mod api;
mod assets;
mod audits;
mod error;
mod guard;
mod guidance;
mod history;
mod log;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use ft_engine::Engine;

pub use crate::log::{AccessLog, AccessRecord};

use crate::error::ApiError;
use crate::guidance::Catalogue;

/// The largest request body the server reads: 2 MiB, room for a draft at the engine's limit
/// (1 MiB) written with JSON escapes.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The largest archive `POST /api/v1/audits` takes: 2 GiB. The archive is streamed to a
/// temporary file, so this bounds the disk it may use, not memory.
pub const MAX_ARCHIVE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// How to run the app.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServeConfig {
    /// The pack: a shipped name (`core`, `uk-civil-service`) or a path to a pack file.
    pub pack: String,
    /// The port on 127.0.0.1; `None` or `Some(0)` picks a free one.
    pub port: Option<u16>,
    /// Open the app in the person's browser once it is listening.
    pub open_browser: bool,
    /// Where the access log goes (standard error by default).
    pub access_log: AccessLog,
    /// The audit store (an SQLite file, created on the first audit), where the History page keeps
    /// flagged posts and decisions. `None`: the History page explains that audits need one, and
    /// the audit routes answer `no_store`.
    pub store: Option<PathBuf>,
}

impl ServeConfig {
    /// Serve `pack` on a free port, open the browser, log to standard error.
    pub fn new(pack: impl Into<String>) -> Self {
        Self {
            pack: pack.into(),
            port: None,
            open_browser: true,
            access_log: AccessLog::stderr(),
            store: None,
        }
    }
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self::new(ft_packs::DEFAULT_PACK)
    }
}

/// What every request handler shares: the compiled engine, the pack's documents, and the audit
/// store with the audits under way.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    engine: Engine,
    reference: String,
    port: u16,
    access_log: AccessLog,
    catalogue: Catalogue,
    packs: OnceLock<Bytes>,
    /// The audit store's path, if the app has one.
    store_path: Option<PathBuf>,
    /// The requests' own connection to the store, opened on first use. An audit writes through
    /// a connection of its own; the store is in WAL mode, so these reads never wait for it.
    store: Mutex<Option<ft_store::Store>>,
    /// The engine audits use (the pack without its time-of-day rules), compiled on first use.
    audit_engine: OnceLock<Engine>,
    /// The audits this app has run.
    audits: audits::Audits,
    /// Becomes `true` when the server starts to stop: event streams end, so it need not wait for
    /// an audit to finish.
    stopping: tokio::sync::watch::Sender<bool>,
}

impl AppState {
    /// The state of an app checking with `engine` (compiled from the pack named `reference`) and
    /// answering on `port`: requests whose `Host` is not `127.0.0.1:port` or `localhost:port`
    /// are refused. It has no audit store (see [`AppState::with_store`]).
    pub fn new(engine: Engine, reference: &str, port: u16, access_log: AccessLog) -> Self {
        Self::build(engine, reference, port, access_log, None)
    }

    /// [`AppState::new`] with the audit store at `store` (created on the first audit).
    pub fn with_store(
        engine: Engine,
        reference: &str,
        port: u16,
        access_log: AccessLog,
        store: impl Into<PathBuf>,
    ) -> Self {
        Self::build(engine, reference, port, access_log, Some(store.into()))
    }

    fn build(
        engine: Engine,
        reference: &str,
        port: u16,
        access_log: AccessLog,
        store_path: Option<PathBuf>,
    ) -> Self {
        let catalogue = Catalogue::new(engine.pack(), reference);
        Self(Arc::new(Inner {
            engine,
            reference: reference.to_string(),
            port,
            access_log,
            catalogue,
            packs: OnceLock::new(),
            store_path,
            store: Mutex::new(None),
            audit_engine: OnceLock::new(),
            audits: audits::Audits::default(),
            stopping: tokio::sync::watch::Sender::new(false),
        }))
    }

    /// The audit store's path, if the app has one.
    pub fn store_path(&self) -> Option<&Path> {
        self.0.store_path.as_deref()
    }

    pub(crate) fn store(&self) -> &Mutex<Option<ft_store::Store>> {
        &self.0.store
    }

    pub(crate) fn audits(&self) -> &audits::Audits {
        &self.0.audits
    }

    /// Whether the server is stopping, to watch.
    pub(crate) fn stopping(&self) -> tokio::sync::watch::Receiver<bool> {
        self.0.stopping.subscribe()
    }

    /// Start stopping: end the event streams and delete the upload of an audit under way. The
    /// server calls it on Ctrl-C; a test may too.
    pub fn stop(&self) {
        self.0.stopping.send_replace(true);
        self.0.audits.stop();
    }

    /// The engine for audits, compiled on first use (on an audit's own thread).
    pub(crate) fn audit_engine(&self) -> Result<&Engine, String> {
        if let Some(engine) = self.0.audit_engine.get() {
            return Ok(engine);
        }
        let engine = ft_audit::audit_engine(self.0.engine.pack().clone())
            .map_err(|e| format!("cannot compile the pack for an audit: {e}"))?;
        Ok(self.0.audit_engine.get_or_init(|| engine))
    }

    /// The compiled pack.
    pub fn engine(&self) -> &Engine {
        &self.0.engine
    }

    /// The port the app answers on.
    pub fn port(&self) -> u16 {
        self.0.port
    }

    pub(crate) fn access_log(&self) -> &AccessLog {
        &self.0.access_log
    }

    pub(crate) fn catalogue(&self) -> &Catalogue {
        &self.0.catalogue
    }

    /// The shipped packs, loaded on first use (loading them all costs more than a request should
    /// wait for at start).
    pub(crate) fn packs_json(&self) -> Bytes {
        self.0
            .packs
            .get_or_init(|| guidance::packs_json(self.0.engine.pack(), &self.0.reference))
            .clone()
    }
}

/// Load and compile a pack, with the pack's problems in the error.
pub fn load_engine(reference: &str) -> anyhow::Result<Engine> {
    let pack = ft_packs::load(reference)
        .map_err(|errors| anyhow::anyhow!("the pack `{reference}` has problems:\n{errors}"))?;
    Engine::new(pack).with_context(|| format!("cannot compile the pack `{reference}`"))
}

/// The API's routes, as (lower-case method, path): what the OpenAPI description must cover.
pub fn api_routes() -> Vec<(&'static str, &'static str)> {
    api::routes().list
}

/// The OpenAPI 3.1 description of the API (the text of `docs/openapi.json`).
pub fn openapi() -> &'static str {
    api::OPENAPI
}

async fn not_found() -> Response {
    ApiError::not_found().into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::method_not_allowed().into_response()
}

/// The app: the API, the pages, and the guard (host and origin checks, security headers, access
/// log) around them all.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes().router)
        .merge(assets::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

/// The address to open: `http://127.0.0.1:PORT/`.
pub fn url(address: SocketAddr) -> String {
    format!("http://{address}/")
}

/// Run the app on 127.0.0.1 until Ctrl-C. Compiles the pack, binds, calls `on_ready` with the
/// bound address (the caller prints it), opens the browser if asked, and serves. Blocks; builds
/// its own tokio runtime. Fails if the pack does not load or the port cannot be bound; never
/// because the browser could not be opened.
pub fn serve(config: ServeConfig, on_ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let engine = load_engine(&config.pack)?;
    serve_engine(engine, config, on_ready)
}

/// [`serve`] with an engine the caller has already compiled (say, to report pack errors its own
/// way); `config.pack` only names the pack in `/api/v1/packs`.
pub fn serve_engine(
    engine: Engine,
    config: ServeConfig,
    on_ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let port = config.port.unwrap_or(0);
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        let address = listener
            .local_addr()
            .context("cannot read the bound address")?;
        let state = AppState::build(
            engine,
            &config.pack,
            address.port(),
            config.access_log,
            config.store,
        );
        if let Some(store) = state.store_path() {
            audits::remove_stale_uploads(store);
        }
        on_ready(address);
        if config.open_browser {
            open_browser(&url(address));
        }
        let stopping = state.clone();
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async move {
                let _ = tokio::signal::ctrl_c().await;
                stopping.stop();
            })
            .await
            .context("the server stopped with an error")
    })
}

/// Open `url` with the platform's opener. Returns whether the opener started; a failure is not
/// an error, since the address has been printed.
pub fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            // Reap the opener when it exits, without holding up the server.
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            true
        }
        Err(_) => false,
    }
}
