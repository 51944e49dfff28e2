//! Liveness and readiness: `GET /api/v1/health` and `GET /api/v1/health/ready`.
//!
//! - **Liveness** (`/health`) says the process answers: it touches nothing,
//!   so a full disk does not get a live process restarted in a loop.
//! - **Readiness** (`/health/ready`) says this backend can take a
//!   registration now: the data directory has at least
//!   `min_free_disk_bytes` free (statvfs, the space an ordinary user may
//!   use) and the database takes a real write (a committed one-row update
//!   of `health_probe`, so a read-only file or file system, a locked
//!   database or a failing disk are caught, which `SELECT 1` would not).
//!   Not ready: 503 JSON `not_ready` with `Retry-After`, so a load balancer
//!   stops sending registrations here and monitoring alerts.
//!
//! The write probe runs at most once per [`PROBE_INTERVAL`] (a flood of
//! readiness requests must not become a flood of fsyncs); the disk check is
//! a cheap system call and runs every time. Both answers are `no-store`.
//! New registrations and advisory posts ask [`Readiness::has_room`] before
//! writing: below the threshold they answer 503 instead of running SQLite
//! into a full disk.

use crate::api_error::ApiErr;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The shortest time between two write probes of the database.
pub const PROBE_INTERVAL: Duration = Duration::from_secs(1);

/// Seconds a client is asked to wait when the backend is not ready.
pub const NOT_READY_RETRY_AFTER_S: u64 = 30;

const PROBE_SQL: &str = "
CREATE TABLE IF NOT EXISTS health_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, datetime('now'))
    ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at;
";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(live))
        .route("/health/ready", get(ready))
}

/// What readiness knows: where the data is, how much room it needs, and the
/// last write probe.
#[derive(Clone)]
pub struct Readiness {
    data_dir: PathBuf,
    min_free_disk_bytes: u64,
    last_probe: Arc<Mutex<Option<(Instant, bool)>>>,
}

/// Why the backend is not ready (no path, no numbers from the disk in the
/// answer: only which check failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// Less free space than `min_free_disk_bytes`, or statvfs failed.
    Disk,
    /// The write probe failed (read-only, locked, I/O error).
    Database,
}

impl NotReady {
    pub fn error(self) -> ApiErr {
        let message = match self {
            NotReady::Disk => "The data directory is low on free space. Try again later.",
            NotReady::Database => "The database cannot take a write. Try again later.",
        };
        ApiErr {
            retry_after: Some(NOT_READY_RETRY_AFTER_S),
            ..ApiErr::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", message)
        }
    }
}

impl Readiness {
    pub fn new(data_dir: PathBuf, min_free_disk_bytes: u64) -> Readiness {
        Readiness {
            data_dir,
            min_free_disk_bytes,
            last_probe: Arc::new(Mutex::new(None)),
        }
    }

    /// Bytes an ordinary user may still write in the data directory.
    pub fn free_bytes(&self) -> Option<u64> {
        let s = rustix::fs::statvfs(&self.data_dir).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }

    /// Whether the data directory has at least `min_free_disk_bytes` free.
    /// An unreadable file system counts as full: better a 503 the phone
    /// retries than a write that half happens.
    pub fn has_room(&self) -> Result<(), NotReady> {
        match self.free_bytes() {
            Some(free) if free >= self.min_free_disk_bytes => Ok(()),
            Some(_) => Err(NotReady::Disk),
            None => {
                tracing::warn!("cannot read the free space of the data directory");
                Err(NotReady::Disk)
            }
        }
    }

    /// The disk, then the database (probed at most once per
    /// [`PROBE_INTERVAL`]).
    pub async fn check(&self, db: &crate::db::Db) -> Result<(), NotReady> {
        self.has_room()?;
        // One probe at a time: the caller that finds the last one stale
        // claims the next at once (others meanwhile get the last answer),
        // so a flood of readiness checks is one write a second, not one
        // fsync each.
        let probe = match self.last_probe.lock() {
            Ok(mut g) => match *g {
                Some((at, ok)) if at.elapsed() < PROBE_INTERVAL => Probe::Recent(ok),
                last => {
                    let previous = last.is_none_or(|(_, ok)| ok);
                    *g = Some((Instant::now(), previous));
                    Probe::Ours
                }
            },
            Err(_) => Probe::Ours,
        };
        let ok = match probe {
            Probe::Recent(ok) => ok,
            Probe::Ours => {
                let ok = match db.call(|c| c.execute_batch(PROBE_SQL)).await {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::warn!(error = %e, "readiness: the database cannot take a write");
                        false
                    }
                };
                if let Ok(mut g) = self.last_probe.lock() {
                    *g = Some((Instant::now(), ok));
                }
                ok
            }
        };
        if ok {
            Ok(())
        } else {
            Err(NotReady::Database)
        }
    }
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn ok() -> Json<contract::Health> {
    Json(contract::Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Liveness: the process answers.
async fn live() -> Response {
    no_store(ok().into_response())
}

/// Readiness: 200 when a registration can be stored now, else 503.
async fn ready(State(state): State<AppState>) -> Response {
    match state.readiness.check(&state.db).await {
        Ok(()) => no_store(ok().into_response()),
        Err(why) => why.error().into_response(),
    }
}

/// Whose turn it is to probe the database (`Readiness::check`).
enum Probe {
    /// The last probe is recent enough: its answer.
    Recent(bool),
    /// This caller probes.
    Ours,
}
