//! How long registrations are kept, and deleting them.
//!
//! # The period
//! A registration is deleted [`contract::Profile::retention_days`] days
//! after its last change: when it was received, marked arrived, or its case
//! changed (a closed case: from its closing, which is its last change). The
//! profile holds the number, so the privacy page states the same period
//! the purge applies. [`spawn`] purges at start and then every
//! [`PURGE_EVERY`], inside the server.
//!
//! # What goes
//! The registration row, its case history (`case_changes`, whose notes may
//! hold personal words) and its lookup counters. The audit log stays: its
//! rows hold who did what to which reference, never personal data, and a
//! reference alone points at nothing once the registration is gone.
//! `secure_delete` (set on every connection in `db.rs`) overwrites the
//! freed pages, and a `wal_checkpoint(TRUNCATE)` afterwards empties the
//! write-ahead log, which would otherwise keep the old pages for a while.
//!
//! # Tombstones
//! Each deletion leaves a row of `registration_tombstones`: the
//! idempotency key (a random UUID the phone made), the reference and when
//! it was deleted. No personal data, and no hash of the body either (a
//! hash of name, birth date and NIK lets anyone with a guess confirm it).
//! A phone that sent the registration, lost the answer and comes back
//! online weeks later retries with the same key: the tombstone answers 410
//! `deleted` instead of storing it again. A phone keeps an undelivered
//! registration until it is delivered or deleted by the person, so there is
//! no retry horizon to match; tombstones are kept [`TOMBSTONE_DAYS`] (five
//! years), far longer than a phone lies unused in a drawer, and a few bytes
//! each. New references never reuse a tombstone's.

use crate::db::{Db, DbError};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::time::Duration;

pub const MIGRATION: &str = "
CREATE TABLE registration_tombstones (
    idempotency_key TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    deleted_at TEXT NOT NULL
);
CREATE INDEX registration_tombstones_reference ON registration_tombstones (reference);
CREATE INDEX registration_tombstones_deleted_at ON registration_tombstones (deleted_at);
";

/// How often the server purges expired registrations.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// How long a tombstone is kept: five years.
pub const TOMBSTONE_DAYS: i64 = 5 * 365 + 1;

/// The actor named in the audit log for the scheduled purge.
pub const PURGE_ACTOR: &str = "retention";

/// What one purge deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub registrations: usize,
    pub tombstones: usize,
}

/// True if a registration with this idempotency key was deleted.
pub fn tombstone_for_key(conn: &Connection, key: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM registration_tombstones WHERE idempotency_key = ?1)",
        [key],
        |r| r.get(0),
    )
}

/// True if a deleted registration had this reference (it is never reused).
pub fn tombstone_for_reference(conn: &Connection, reference: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM registration_tombstones WHERE reference = ?1)",
        [reference],
        |r| r.get(0),
    )
}

/// Deletes registration `id` with everything about it and leaves its
/// tombstone, inside the caller's transaction.
fn delete_one(
    conn: &Connection,
    id: i64,
    reference: &str,
    key: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO registration_tombstones (idempotency_key, reference, deleted_at)
         VALUES (?1, ?2, ?3) ON CONFLICT (idempotency_key) DO NOTHING",
        params![key, reference, now],
    )?;
    conn.execute("DELETE FROM case_changes WHERE registration_id = ?1", [id])?;
    conn.execute(
        "DELETE FROM lookup_failures WHERE registration_id = ?1",
        [id],
    )?;
    conn.execute("DELETE FROM registrations WHERE id = ?1", [id])?;
    Ok(())
}

/// Empties the write-ahead log after a deletion, so the deleted rows'
/// pages are not left in it. It never waits: while another process reads
/// (a backup, `portal-registration`) it would have to, and this connection
/// is everyone's; it then does what it can and the next one finishes. It
/// never fails the deletion, which has already been committed: a checkpoint
/// that cannot run is logged.
pub fn checkpoint(conn: &Connection) {
    let result = conn
        .busy_timeout(std::time::Duration::ZERO)
        .and_then(|()| conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())));
    if let Err(e) = result {
        tracing::warn!(error = %e, "the write-ahead log could not be emptied after a deletion");
    }
    if let Err(e) = conn.busy_timeout(crate::db::BUSY_TIMEOUT) {
        tracing::error!(error = %e, "could not restore the database's busy timeout");
    }
}

/// A staff admin's deletion of one registration by its canonical
/// reference, audited under `actor`. False if there is none.
pub fn delete_by_reference(
    conn: &mut Connection,
    reference: &str,
    actor: &str,
    now: &str,
) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, idempotency_key FROM registrations WHERE reference = ?1",
            [reference],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, key)) = found else {
        return Ok(false);
    };
    delete_one(&tx, id, reference, &key, now)?;
    crate::staff::audit(&tx, now, actor, "registration_deleted", Some(reference), "")?;
    tx.commit()?;
    checkpoint(conn);
    Ok(true)
}

/// The moment `days` days before `now`, as stored times are written.
fn days_before(now: i64, days: i64) -> String {
    contract::time::format_rfc3339(now - days * 86_400)
}

/// Deletes every registration whose last change is more than
/// `retention_days` before `now` (unix seconds), and tombstones older than
/// [`TOMBSTONE_DAYS`]; one audit row says how many.
pub fn purge(conn: &mut Connection, now: i64, retention_days: u32) -> rusqlite::Result<Purged> {
    let cutoff = days_before(now, i64::from(retention_days));
    let at = contract::time::format_rfc3339(now);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Times are RFC 3339 in UTC (`...Z`), so text order is time order.
    let expired: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT r.id, r.reference, r.idempotency_key FROM registrations r
             WHERE max(
                 r.received_at,
                 coalesce(r.arrived_at, ''),
                 coalesce((SELECT max(c.changed_at) FROM case_changes c
                           WHERE c.registration_id = r.id), '')
             ) < ?1",
        )?;
        let rows = stmt.query_map([&cutoff], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (id, reference, key) in &expired {
        delete_one(&tx, *id, reference, key, &at)?;
    }
    let tombstones = tx.execute(
        "DELETE FROM registration_tombstones WHERE deleted_at < ?1",
        [days_before(now, TOMBSTONE_DAYS)],
    )?;
    if !expired.is_empty() {
        crate::staff::audit(
            &tx,
            &at,
            PURGE_ACTOR,
            "retention_purge",
            None,
            &format!(
                "{} registrations older than {retention_days} days",
                expired.len()
            ),
        )?;
    }
    tx.commit()?;
    if !expired.is_empty() || tombstones > 0 {
        checkpoint(conn);
    }
    Ok(Purged {
        registrations: expired.len(),
        tombstones,
    })
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// One purge now, logged with its counts (never a reference).
pub async fn purge_now(db: &Db, retention_days: u32) -> Result<Purged, DbError> {
    let purged = db
        .call(move |conn| purge(conn, unix_now(), retention_days))
        .await;
    match &purged {
        Ok(p) if p.registrations > 0 || p.tombstones > 0 => tracing::info!(
            registrations = p.registrations,
            tombstones = p.tombstones,
            retention_days,
            "retention: deleted expired registrations"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "retention: the purge failed; trying again later"),
    }
    purged
}

/// Purges at once and then every [`PURGE_EVERY`], for as long as the
/// server runs.
pub fn spawn(db: Db, retention_days: u32) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let _ = purge_now(&db, retention_days).await;
        }
    })
}
