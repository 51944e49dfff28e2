//! SQLite: one file in the data directory, schema migrations applied at start.
//! Calls are blocking; handlers run them with `Db::call` on the blocking pool.
//!
//! # At rest
//! The data directory is made 0700 and the database with its `-wal` and
//! `-shm` files 0600 ([`restrict_umask`] makes every file the process
//! creates private too). If any of them is open to the group or to others
//! already, [`Db::open`] refuses, with the `chmod` that fixes it: the file
//! holds trafficking victims' data.
//!
//! # Durability
//! `busy_timeout` comes first (a backup or the staff command may hold a
//! lock at that moment), then WAL and `synchronous=FULL`, each read back: a
//! registration answered 201 survives a power cut, and a filesystem without
//! WAL (a network mount) is refused rather than quietly run in another mode.
//! `secure_delete` is on, so a deleted registration is overwritten, not
//! only unlinked from the b-tree. Each migration runs in its own IMMEDIATE
//! transaction that checks again inside it (two processes starting
//! together), and a database with a migration this binary does not know
//! (written by a newer version) is refused.
//!
//! # A panic in a call
//! The connection's lock is taken back from a poisoned mutex and any
//! transaction left open is rolled back, so one panic does not turn every
//! later request into a 503.

use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Ordered migrations: (name, SQL). Append only; never edit an applied one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_registrations", crate::registrations::MIGRATION),
    ("0002_advisories", crate::advisories::MIGRATION),
    ("0003_cases", crate::cases::MIGRATION),
    ("0004_staff", crate::staff::MIGRATION),
    ("0005_desk", crate::desk::MIGRATION),
    ("0006_retention", crate::retention::MIGRATION),
];

/// The database's file name inside the data directory.
pub const FILE_NAME: &str = "portal.sqlite3";

/// How long a call waits for another connection's lock before failing.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

#[derive(Debug)]
pub struct DbError(pub String);

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError(e.to_string())
    }
}

/// Every file the process creates from now on is for its own user only
/// (umask 077). Called first thing by the binaries that touch the data.
pub fn restrict_umask() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// The database file in `data_dir`.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// The database and its two side files, the ones that must be 0600.
pub fn database_files(data_dir: &Path) -> [PathBuf; 3] {
    let db = database_path(data_dir);
    let side = |suffix: &str| {
        let mut name = db.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    [db.clone(), side("-wal"), side("-shm")]
}

/// `path` made absolute (for messages and the start-up log line), without
/// requiring that it exists.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(unix)]
fn mode_of(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

/// Refuses a data directory or database file that the group or others may
/// read or write, naming the `chmod` that fixes it.
#[cfg(unix)]
pub fn check_modes(data_dir: &Path) -> Result<(), DbError> {
    if let Some(mode) = mode_of(data_dir) {
        if mode & 0o077 != 0 {
            return Err(DbError(format!(
                "the data directory {} is open to other users (mode {mode:03o}); it holds \
                 personal data. Fix: chmod 700 {}",
                absolute(data_dir).display(),
                absolute(data_dir).display()
            )));
        }
    }
    let loose: Vec<String> = database_files(data_dir)
        .iter()
        .filter_map(|p| {
            let mode = mode_of(p)?;
            (mode & 0o077 != 0).then(|| format!("{} ({mode:03o})", absolute(p).display()))
        })
        .collect();
    if !loose.is_empty() {
        let paths: Vec<String> = database_files(data_dir)
            .iter()
            .filter(|p| p.exists())
            .map(|p| absolute(p).display().to_string())
            .collect();
        return Err(DbError(format!(
            "the database is open to other users: {}; it holds personal data. Fix: chmod 600 {}",
            loose.join(", "),
            paths.join(" ")
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn check_modes(_data_dir: &Path) -> Result<(), DbError> {
    Ok(())
}

/// Makes the data directory 0700 (and its missing parents, as the umask says).
fn create_data_dir(data_dir: &Path) -> Result<(), DbError> {
    let cannot = |e: std::io::Error| {
        DbError(format!(
            "cannot create the data directory {}: {e}",
            absolute(data_dir).display()
        ))
    };
    if data_dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = data_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(cannot)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(data_dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(cannot(e)),
    }
    // The umask may have taken more than 077 away; never less than 0700.
    set_mode(data_dir, 0o700)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), DbError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| {
        DbError(format!(
            "cannot set mode {mode:03o} on {}: {e}",
            absolute(path).display()
        ))
    })
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<(), DbError> {
    Ok(())
}

/// The database and its side files made 0600 (those that exist).
fn tighten_files(data_dir: &Path) -> Result<(), DbError> {
    for path in database_files(data_dir) {
        if path.exists() {
            set_mode(&path, 0o600)?;
        }
    }
    Ok(())
}

/// The pragmas every connection of the backend runs with, each checked.
pub fn configure(conn: &Connection) -> Result<(), DbError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(DbError(format!(
            "the database cannot use write-ahead logging here (journal mode `{mode}`): put the \
             data directory on a local disk, not a network mount"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    let synchronous: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    if synchronous != 2 {
        return Err(DbError(format!(
            "PRAGMA synchronous is {synchronous}, not FULL (2): a confirmed registration could be lost in a power cut"
        )));
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    let secure: i64 = conn.pragma_query_value(None, "secure_delete", |r| r.get(0))?;
    if secure != 1 {
        return Err(DbError(
            "PRAGMA secure_delete could not be turned on".into(),
        ));
    }
    Ok(())
}

/// The lock, also after a panic in an earlier call: the panic's unfinished
/// transaction is rolled back (a `Transaction` does so when dropped; a
/// transaction begun in plain SQL is rolled back here).
fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    match conn.lock() {
        Ok(guard) => guard,
        Err(poisoned) => {
            conn.clear_poison();
            let guard = poisoned.into_inner();
            if !guard.is_autocommit() {
                let _ = guard.execute_batch("ROLLBACK");
            }
            tracing::warn!("database lock recovered after a panic");
            guard
        }
    }
}

impl Db {
    pub fn open(data_dir: &Path) -> Result<Db, DbError> {
        create_data_dir(data_dir)?;
        check_modes(data_dir)?;
        let path = database_path(data_dir);
        let mut conn = Connection::open(&path)
            .map_err(|e| DbError(format!("cannot open {}: {e}", absolute(&path).display())))?;
        tighten_files(data_dir)?;
        configure(&conn)?;
        migrate(&mut conn)?;
        // The side files exist now (WAL): 0600 like the database.
        tighten_files(data_dir)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on this thread (command-line tools).
    /// `Some` always since a poisoned lock is recovered; kept an `Option`
    /// for the callers.
    pub fn with_connection<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> Option<T> {
        let mut guard = lock(&self.conn);
        Some(f(&mut guard))
    }

    /// Runs `f` with the connection on the blocking thread pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = lock(&conn);
            f(&mut guard).map_err(DbError::from)
        })
        .await
        .map_err(|e| DbError(format!("database task failed: {e}")))?
    }
}

/// Why a backup was not made.
#[derive(Debug)]
pub enum BackupError {
    /// The file exists: a backup never overwrites one.
    Exists,
    Failed(String),
}

/// A consistent copy of the whole database in `out`, made while the
/// backend runs (`VACUUM INTO`: one read transaction, so every registration
/// committed before it is in the copy, and no freed page, so nothing
/// deleted either). The file is created 0600 and never overwritten, and is
/// on disk when this returns.
pub fn backup(conn: &Connection, out: &Path) -> Result<(), BackupError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(out) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(BackupError::Exists);
        }
        Err(e) => return Err(BackupError::Failed(format!("{}: {e}", out.display()))),
    }
    let written = (|| {
        // VACUUM INTO accepts an existing empty file, and keeps its mode.
        let name = out
            .to_str()
            .ok_or_else(|| "the file name is not UTF-8".to_string())?;
        conn.execute("VACUUM INTO ?1", [name])
            .map_err(|e| e.to_string())?;
        std::fs::File::open(out)
            .and_then(|f| f.sync_all())
            .map_err(|e| e.to_string())
    })();
    written.map_err(|e| {
        // Never leave a half-written copy that looks like a backup.
        let _ = std::fs::remove_file(out);
        BackupError::Failed(e)
    })
}

/// Names of the migrations this binary knows, oldest first.
pub fn known_migrations() -> impl Iterator<Item = &'static str> {
    MIGRATIONS.iter().map(|(name, _)| *name)
}

fn migrate(conn: &mut Connection) -> Result<(), DbError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            name TEXT PRIMARY KEY,
            applied_at TEXT NOT NULL
        );",
    )?;
    let applied: Vec<String> = {
        let mut stmt = conn.prepare("SELECT name FROM schema_migrations ORDER BY name")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    if let Some(unknown) = applied
        .iter()
        .find(|name| !known_migrations().any(|k| k == name.as_str()))
    {
        return Err(DbError(format!(
            "the database was written by a newer version of the portal (schema migration \
             `{unknown}` is unknown to this one): run that version or a newer one, or restore \
             a backup made by this version"
        )));
    }
    for (name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if !done {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, datetime('now'))",
                [name],
            )?;
            tracing::info!(migration = name, "applied schema migration");
        }
        tx.commit()?;
    }
    Ok(())
}
