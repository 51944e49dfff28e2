//! SQLite: one file in the data directory, schema migrations applied at start.
//! Calls are blocking; handlers run them with `Db::call` on the blocking pool.

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Ordered migrations: (name, SQL). Append only; never edit an applied one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_registrations", crate::registrations::MIGRATION),
    ("0002_advisories", crate::advisories::MIGRATION),
    ("0003_cases", crate::cases::MIGRATION),
    ("0004_staff", crate::staff::MIGRATION),
    ("0005_desk", crate::desk::MIGRATION),
];

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

impl Db {
    pub fn open(data_dir: &Path) -> Result<Db, DbError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            DbError(format!(
                "cannot create data directory {}: {e}",
                data_dir.display()
            ))
        })?;
        let path = data_dir.join("portal.sqlite3");
        let mut conn = Connection::open(&path)
            .map_err(|e| DbError(format!("cannot open {}: {e}", path.display())))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on this thread (command-line tools);
    /// `None` if the connection's lock is poisoned.
    pub fn with_connection<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> Option<T> {
        let mut guard = self.conn.lock().ok()?;
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
            let mut guard = conn
                .lock()
                .map_err(|_| DbError("database lock poisoned".into()))?;
            f(&mut guard).map_err(DbError::from)
        })
        .await
        .map_err(|e| DbError(format!("database task failed: {e}")))?
    }
}

fn migrate(conn: &mut Connection) -> Result<(), DbError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            name TEXT PRIMARY KEY,
            applied_at TEXT NOT NULL
        );",
    )?;
    for (name, sql) in MIGRATIONS {
        let tx = conn.transaction()?;
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
