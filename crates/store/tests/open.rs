//! Opening a store: the file and its mode, the schema and its version, files that are not ours.

mod common;

use common::{TestResult, post, sam};
use ft_store::{SCHEMA_VERSION, Store, StoreError};

#[test]
fn creates_the_schema_at_the_current_version() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("audit.sqlite");
    let store = Store::open(&path)?;
    assert_eq!(store.path(), path);
    store.check_integrity()?;
    drop(store);

    let conn = rusqlite::Connection::open(&path)?;
    let version: i64 = conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0))?;
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 1);
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tables.sort();
    assert_eq!(
        tables,
        [
            "audit_runs",
            "decisions",
            "findings",
            "posts",
            "run_fingerprints",
            "schema_version",
            "sources"
        ]
    );
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "wal");
    Ok(())
}

#[test]
fn reopening_keeps_the_data() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("audit.sqlite");
    let mut store = Store::open(&path)?;
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    store.record_batch(run, &[post("1", "2020-01-01T00:00:00Z", "hello")], &[])?;
    store.finish_audit(run)?;
    drop(store);

    let store = Store::open(&path)?;
    assert_eq!(store.stats()?.posts, 1);
    assert_eq!(store.run(run)?.posts_checked, 1);
    store.check_integrity()?;
    Ok(())
}

#[cfg(unix)]
#[test]
fn files_are_private_to_their_owner() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| -> std::io::Result<u32> {
        Ok(std::fs::metadata(p)?.permissions().mode() & 0o777)
    };

    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("forethought").join("stores");
    let path = folder.join("audit.sqlite");
    let mut store = Store::open(&path)?;
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    store.record_batch(run, &[post("1", "2020-01-01T00:00:00Z", "hello")], &[])?;
    assert_eq!(mode(&path)?, 0o600);
    assert_eq!(mode(&folder)?, 0o700);
    assert_eq!(mode(&dir.path().join("forethought"))?, 0o700);
    // SQLite gives its side files the database's mode.
    for suffix in ["-wal", "-shm"] {
        let side = folder.join(format!("audit.sqlite{suffix}"));
        assert_eq!(mode(&side)?, 0o600, "{}", side.display());
    }
    drop(store);

    // An existing store that others can read is tightened when opened.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))?;
    Store::open(&path)?;
    assert_eq!(mode(&path)?, 0o600);
    Ok(())
}

#[test]
fn a_newer_schema_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("audit.sqlite");
    drop(Store::open(&path)?);
    let conn = rusqlite::Connection::open(&path)?;
    conn.execute("UPDATE schema_version SET version = 3", [])?;
    drop(conn);

    let err = Store::open(&path).expect_err("a newer schema must be refused");
    assert!(
        matches!(
            err,
            StoreError::SchemaTooNew {
                found: 3,
                known: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "the audit store at {} was written by a newer Forethought (schema 3; this one knows 1)",
            path.display()
        )
    );
    Ok(())
}

#[test]
fn other_sqlite_databases_are_not_stores() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&path)?;
    conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ann');")?;
    drop(conn);

    let err = Store::open(&path).expect_err("another database is not a store");
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("{} is not a Forethought audit store", path.display())
    );
    // Left as it was: still a rollback-journal database with its table.
    let conn = rusqlite::Connection::open(&path)?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "delete");
    Ok(())
}

#[test]
fn a_text_file_is_not_a_store() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "not a database at all, but long enough to have a header.......",
    )?;
    let err = Store::open(&path).expect_err("a text file is not a store");
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
    Ok(())
}

#[test]
fn a_folder_in_the_way_is_a_clear_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "")?;
    let err = Store::open(&blocker.join("audit.sqlite")).expect_err("cannot create under a file");
    assert!(matches!(err, StoreError::Create { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("could not create the audit store at "),
        "{err}"
    );
    Ok(())
}

#[test]
fn in_memory_stores_work() -> TestResult {
    let store = Store::open_in_memory()?;
    store.check_integrity()?;
    assert_eq!(store.stats()?, ft_store::StoreStats::default());
    Ok(())
}

#[test]
fn an_empty_file_becomes_a_store() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("audit.sqlite");
    std::fs::write(&path, "")?;
    let store = Store::open(&path)?;
    store.check_integrity()?;
    assert!(store.sources()?.is_empty());
    Ok(())
}
