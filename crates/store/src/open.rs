//! Opening a store: the file (created private before any data is written), the connection's
//! settings, and the schema migrations.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use crate::{Store, StoreError};

/// The schema migrations, in order: `MIGRATIONS[i]` takes a store from version `i` to `i + 1`.
/// Append only; never edit one that has shipped.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_initial.sql")];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// SQLite's `application_id` for a Forethought audit store ("FTAS"), so other programs (and
/// this one) can tell the file apart from other SQLite databases.
const APPLICATION_ID: i64 = 0x4654_4153;

/// Holds the schema version: one table, one row.
const VERSION_TABLE: &str = "CREATE TABLE schema_version (version INTEGER NOT NULL);
     INSERT INTO schema_version (version) VALUES (0);";

impl Store {
    /// Opens the audit store at `path`, creating it (and its folder) if needed.
    ///
    /// A new file is created with mode 0600 (and a new folder with 0700) on Unix before anything
    /// is written to it; an existing file readable by others is tightened to 0600. The store
    /// runs in WAL mode with `synchronous=NORMAL`, so a killed process loses nothing that was
    /// committed, and foreign keys on. An older schema is migrated; a newer one is refused.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_private_file(path).map_err(|source| StoreError::Create {
            path: path.to_owned(),
            source,
        })?;
        let conn = Connection::open(path).map_err(|source| open_error(path, source))?;
        Store::configure(conn, path.to_owned())
    }

    /// Opens a new, empty store in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| open_error(&path, source))?;
        Store::configure(conn, path)
    }

    fn configure(conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        set_connection_pragmas(&conn).map_err(|source| open_error(&path, source))?;
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = Store { conn, path };
        // Make sure the file is ours before changing anything about it, such as its journal.
        store.migrate()?;
        set_journal(&store.conn).map_err(|source| open_error(&store.path, source))?;
        Ok(store)
    }

    /// Brings the schema up to [`SCHEMA_VERSION`], one migration per transaction, after
    /// checking that the file is a Forethought store no newer than this build.
    fn migrate(&mut self) -> Result<(), StoreError> {
        // The common case, a current store, needs no write lock: an open by the web app must
        // not wait for a running audit's batch to commit.
        if is_current(&self.conn).unwrap_or(false) {
            return Ok(());
        }
        let path = self.path.clone();
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|source| open_error(&path, source))?;
            // Read inside the write transaction: another process may have migrated meanwhile.
            let version = match read_version(&tx).map_err(|source| open_error(&path, source))? {
                Some(version) => version,
                None if is_empty_database(&tx)? => {
                    tx.execute_batch(VERSION_TABLE)?;
                    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                    0
                }
                None => return Err(StoreError::NotAStore { path }),
            };
            let application_id: i64 =
                tx.pragma_query_value(None, "application_id", |row| row.get(0))?;
            if application_id != APPLICATION_ID || version < 0 {
                return Err(StoreError::NotAStore { path });
            }
            if version > SCHEMA_VERSION {
                return Err(StoreError::SchemaTooNew {
                    path,
                    found: version,
                    known: SCHEMA_VERSION,
                });
            }
            let next = usize::try_from(version)
                .ok()
                .and_then(|v| MIGRATIONS.get(v));
            let Some(migration) = next else {
                tx.commit()?;
                return Ok(());
            };
            tx.execute_batch(migration)?;
            tx.execute("UPDATE schema_version SET version = ?1", [version + 1])?;
            tx.commit()?;
        }
    }
}

/// The store's schema version, or `None` if the file has no version table yet.
fn read_version(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version')",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    conn.query_row("SELECT version FROM schema_version", [], |row| row.get(0))
        .optional()
        // A version table without its row is not one of ours.
        .map(|version| version.or(Some(-1)))
}

/// Whether the file is a Forethought store at [`SCHEMA_VERSION`].
fn is_current(conn: &Connection) -> rusqlite::Result<bool> {
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    Ok(application_id == APPLICATION_ID && read_version(conn)? == Some(SCHEMA_VERSION))
}

/// Whether the database has no tables, indexes or views (a new file, or an empty one).
fn is_empty_database(conn: &Connection) -> Result<bool, StoreError> {
    let objects: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    Ok(objects == 0 && (application_id == 0 || application_id == APPLICATION_ID))
}

fn set_connection_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // 64 MiB of page cache: an audit of a decade of posts touches the post index a lot.
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")
}

/// WAL: readers (the web app) do not block the audit, and a commit is one append. With WAL,
/// `synchronous=NORMAL` still loses nothing committed when the process is killed; only a power
/// cut can lose the last commits (never corrupt the file).
fn set_journal(conn: &Connection) -> rusqlite::Result<()> {
    // `journal_mode` answers with the mode in force: "memory" for an in-memory database.
    let _mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
}

/// SQLite reports a file that is not a database only when it first reads it.
fn open_error(path: &Path, source: rusqlite::Error) -> StoreError {
    if source.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        StoreError::NotAStore {
            path: path.to_owned(),
        }
    } else {
        StoreError::Open {
            path: path.to_owned(),
            source,
        }
    }
}

/// Creates the file (and its folder) private to the person, or tightens an existing one, before
/// SQLite writes anything. SQLite gives its `-wal` and `-shm` files the database file's mode.
#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::fs::{DirBuilder, OpenOptions, Permissions};
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)?;
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    tighten(&file)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        match OpenOptions::new().read(true).open(&side) {
            Ok(side) => tighten(&side)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    return Ok(());

    fn tighten(file: &std::fs::File) -> std::io::Result<()> {
        let mode = file.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(Permissions::from_mode(0o600))?;
        }
        Ok(())
    }
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(drop)
}
