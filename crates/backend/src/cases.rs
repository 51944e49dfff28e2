//! Cases: where a registration stands after the form is sent.
//! `POST /api/v1/cases/lookup` (public: the person), and for staff
//! `GET|PUT /api/v1/registrations/{reference}/case`.
//!
//! # Storage
//! Every change is a row of `case_changes` (stage, note, invitation, when,
//! by whom): the history is the table. `registrations.stage` and
//! `registrations.case_version` hold the newest, for lists and for the
//! version check. A registration with no change is at the first stage of
//! the embassy's list, since it was received.
//!
//! # One answer for every failure
//! An unknown reference, a wrong date of birth, a locked case, a reference
//! or date that cannot be read: all answer 404 `lookup_failed` with the same
//! body ([`failed`]), and every answer (success too) is sent no sooner than
//! [`MIN_ANSWER`] after the request arrived. The wait is a timer, not a
//! sleeping thread, and it runs after the lookup has given back its API
//! slot (`server::hold_answers`), so it does not limit how many lookups,
//! or registrations beside them, are served.
//!
//! Wrong dates of birth are counted per registration: after
//! [`FAILURES_BEFORE_LOCK`], the reference answers only the failure for
//! [`LOCK`], even with the right date. Unknown references are not counted
//! (nothing to protect, and counting them would let anyone fill the table).
//! The per-client limit is loose ([`LOOKUP_LIMIT`]): a shelter shares one
//! connection.
//!
//! # Privacy
//! The answer never carries a field of the registration. Nothing here logs
//! a reference, a date of birth or an address; the reference and the date
//! travel in the body, never in a URL.

use crate::api_error::{ApiErr, ApiJson};
use crate::client::ClientIp;
use crate::ratelimit::Limit;
use crate::server::AnswerNotBefore;
use crate::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::case::{
    parse_birth_date, CaseConflict, CaseRecord, CaseStatus, CaseUpdate, Invitation, LookupRequest,
    StaffStageChange, Stages, CASE_CONFLICT, LOOKUP_FAILED,
};
use contract::staff::Role;
use contract::{reference, ApiError, Localized};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::time::Duration;

pub const MIGRATION: &str = "
ALTER TABLE registrations ADD COLUMN stage TEXT;
ALTER TABLE registrations ADD COLUMN case_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX registrations_stage ON registrations (stage);
CREATE TABLE case_changes (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    note TEXT,
    invitation TEXT,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL
);
CREATE INDEX case_changes_registration ON case_changes (registration_id, id);
CREATE TABLE lookup_failures (
    registration_id INTEGER PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    failures INTEGER NOT NULL,
    locked_until INTEGER NOT NULL
);
";

/// Every lookup answer waits at least this long after the request arrived.
pub const MIN_ANSWER: Duration = Duration::from_millis(400);
/// Wrong dates of birth for one reference before it is locked.
pub const FAILURES_BEFORE_LOCK: i64 = 5;
/// How long a locked reference answers only the failure.
pub const LOCK: Duration = Duration::from_secs(15 * 60);
/// How often an open page may ask again.
pub const CHECK_AGAIN_SECONDS: u32 = 300;

/// Loose on purpose: a shelter's phones share one address.
pub const LOOKUP_LIMIT: Limit = Limit {
    per_minute: 120,
    burst: 60,
    max_keys: 10_000,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/lookup", post(lookup))
        .route("/registrations/{reference}/case", get(show).put(update))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn from_json<T: serde::de::DeserializeOwned>(text: Option<String>) -> Option<T> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// The case of registration `id` (received at `received_at`), from its
/// changes; with `before`, as it was just before that change.
pub fn case_of(
    conn: &Connection,
    id: i64,
    received_at: &str,
    stages: &Stages,
    before: Option<i64>,
) -> rusqlite::Result<CaseRecord> {
    let mut history = vec![StaffStageChange {
        stage: stages.initial().id.clone(),
        at: received_at.to_string(),
        by: String::new(),
    }];
    let mut note: Option<Localized> = None;
    let mut invitation: Option<Invitation> = None;
    let mut stmt = conn.prepare_cached(
        "SELECT stage, note, invitation, changed_at, changed_by
         FROM case_changes WHERE registration_id = ?1 AND id < ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![id, before.unwrap_or(i64::MAX)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut version = 0;
    for row in rows {
        let (stage, n, i, at, by) = row?;
        note = from_json(n);
        invitation = from_json(i);
        history.push(StaffStageChange { stage, at, by });
        version += 1;
    }
    let last = history.last().cloned().unwrap_or(StaffStageChange {
        stage: stages.initial().id.clone(),
        at: received_at.to_string(),
        by: String::new(),
    });
    Ok(CaseRecord {
        stage: last.stage,
        version,
        changed_at: last.at,
        note,
        invitation,
        history,
    })
}

/// The registration's row id.
pub fn registration_id(conn: &Connection, reference: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM registrations WHERE reference = ?1",
        [reference],
        |r| r.get(0),
    )
    .optional()
}

/// One change of a case, as stored.
pub struct Change<'a> {
    /// For the audit log.
    pub reference: &'a str,
    pub stage: &'a str,
    pub note: Option<&'a Localized>,
    pub invitation: Option<&'a Invitation>,
    pub at: &'a str,
    pub by: &'a str,
    /// The batch it is part of, if any.
    pub batch: Option<i64>,
}

/// Writes one change of registration `id` (its history row, its newest
/// stage and version), inside the caller's transaction.
pub fn apply_change(conn: &Connection, id: i64, change: &Change) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO case_changes
            (registration_id, stage, note, invitation, changed_at, changed_by, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            change.stage,
            change.note.and_then(|n| serde_json::to_string(n).ok()),
            change
                .invitation
                .and_then(|i| serde_json::to_string(i).ok()),
            change.at,
            change.by,
            change.batch
        ],
    )?;
    conn.execute(
        "UPDATE registrations SET stage = ?2, case_version = case_version + 1 WHERE id = ?1",
        params![id, change.stage],
    )?;
    crate::staff::audit(
        conn,
        change.at,
        change.by,
        "case_changed",
        Some(change.reference),
        change.stage,
    )?;
    Ok(())
}

/// The registration's row id, when it was received and the date of birth it gives.
fn registration(
    conn: &Connection,
    reference: &str,
) -> rusqlite::Result<Option<(i64, String, String)>> {
    let row = conn
        .query_row(
            "SELECT id, received_at, body FROM registrations WHERE reference = ?1",
            [reference],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(|(id, received_at, body)| {
        let dob = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("date_of_birth")?.as_str().map(str::to_string))
            .unwrap_or_default();
        (id, received_at, dob)
    }))
}

/// The lookup itself: the case if the reference exists, is not locked and
/// the date of birth matches; counts a wrong date. `None` for every failure.
pub fn lookup_case(
    conn: &mut Connection,
    reference: &str,
    date_of_birth: &str,
    stages: &Stages,
    now: i64,
) -> rusqlite::Result<Option<CaseRecord>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((id, received_at, stored_dob)) = registration(&tx, reference)? else {
        return Ok(None);
    };
    let (failures, locked_until): (i64, i64) = tx
        .query_row(
            "SELECT failures, locked_until FROM lookup_failures WHERE registration_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, 0));
    if locked_until > now {
        return Ok(None);
    }
    if stored_dob.is_empty() || stored_dob != date_of_birth {
        let failures = if locked_until > 0 { 1 } else { failures + 1 };
        let (failures, locked_until) = if failures >= FAILURES_BEFORE_LOCK {
            (0, now + LOCK.as_secs() as i64)
        } else {
            (failures, 0)
        };
        tx.execute(
            "INSERT INTO lookup_failures (registration_id, failures, locked_until)
             VALUES (?1, ?2, ?3)
             ON CONFLICT (registration_id) DO UPDATE
             SET failures = excluded.failures, locked_until = excluded.locked_until",
            params![id, failures, locked_until],
        )?;
        tx.commit()?;
        return Ok(None);
    }
    tx.execute(
        "DELETE FROM lookup_failures WHERE registration_id = ?1",
        [id],
    )?;
    let case = case_of(&tx, id, &received_at, stages, None)?;
    tx.commit()?;
    Ok(Some(case))
}

/// The one failure answer, byte for byte the same for every reason.
pub fn failed() -> Response {
    let body = ApiError::new(
        LOOKUP_FAILED,
        "No case matches this reference and date of birth, or it cannot be shown now.",
    );
    no_store(StatusCode::NOT_FOUND, &body)
}

fn no_store<T: serde::Serialize>(status: StatusCode, body: &T) -> Response {
    let mut res = (status, Json(body)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The person's case for `request`, or `None` (every failure is one).
/// Shared by the JSON endpoint and the no-script page.
pub async fn find_for_the_person(state: &AppState, request: LookupRequest) -> Option<CaseStatus> {
    let reference = reference::normalise(&request.reference)?;
    let dob = parse_birth_date(&request.date_of_birth)?;
    let stages = state.stages.clone();
    let found = state
        .db
        .call(move |conn| lookup_case(conn, &reference, &dob, &stages, unix_now()))
        .await;
    match found {
        Ok(case) => case.map(|c| c.for_the_person(CHECK_AGAIN_SECONDS)),
        Err(e) => {
            tracing::error!(error = %e, "could not look up a case");
            None
        }
    }
}

async fn lookup(
    AxState(state): AxState<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<ApiJson<LookupRequest>, ApiErr>,
) -> Result<Response, ApiErr> {
    let until = tokio::time::Instant::now() + MIN_ANSWER;
    if let Err(wait) = state.lookup_limiter.check(ip) {
        return Err(ApiErr::too_many(wait));
    }
    let ApiJson(request) = body?;
    let mut answer = match find_for_the_person(&state, request).await {
        Some(status) => no_store(StatusCode::OK, &status),
        None => failed(),
    };
    answer.extensions_mut().insert(AnswerNotBefore(until));
    Ok(answer)
}

/// A reference from a staff endpoint's path, as typed; 404 if it is none.
pub fn staff_reference(path: Result<Path<String>, PathRejection>) -> Result<String, ApiErr> {
    path.ok()
        .and_then(|Path(r)| reference::normalise(&r))
        .ok_or_else(|| {
            ApiErr::new(
                StatusCode::NOT_FOUND,
                "reference_invalid",
                "This is not a valid reference: check it for typing mistakes.",
            )
        })
}

fn no_registration() -> ApiErr {
    ApiErr::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "No registration has this reference.",
    )
}

fn unavailable(e: crate::db::DbError) -> ApiErr {
    tracing::error!(error = %e, "could not read or change a case");
    ApiErr::internal()
}

/// The case of a stored registration, for staff.
pub fn staff_case(
    conn: &Connection,
    reference: &str,
    stages: &Stages,
) -> rusqlite::Result<Option<CaseRecord>> {
    match registration(conn, reference)? {
        Some((id, received_at, _)) => case_of(conn, id, &received_at, stages, None).map(Some),
        None => Ok(None),
    }
}

async fn show(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiErr> {
    let staff = crate::staff::require(&state, &headers, Role::Desk).await?;
    let reference = staff_reference(path)?;
    let stages = state.stages.clone();
    let case = state
        .db
        .call(move |conn| {
            let at = contract::time::format_rfc3339(unix_now());
            crate::staff::audit(conn, &at, &staff.name, "case_read", Some(&reference), "")?;
            staff_case(conn, &reference, &stages)
        })
        .await
        .map_err(unavailable)?
        .ok_or_else(no_registration)?;
    Ok(no_store(StatusCode::OK, &case))
}

/// What an update came to.
pub enum Updated {
    Done(CaseRecord),
    NoSuchRegistration,
    /// The case is at another version: the fresh case.
    Conflict(CaseRecord),
}

/// Applies `change` to the case of `reference` if it is still at
/// `change.version`, in one immediate transaction.
pub fn apply_update(
    conn: &mut Connection,
    reference: &str,
    change: &CaseUpdate,
    by: &str,
    at: &str,
    stages: &Stages,
) -> rusqlite::Result<Updated> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((id, received_at, _)) = registration(&tx, reference)? else {
        return Ok(Updated::NoSuchRegistration);
    };
    let current = case_of(&tx, id, &received_at, stages, None)?;
    if current.version != change.version {
        return Ok(Updated::Conflict(current));
    }
    apply_change(
        &tx,
        id,
        &Change {
            reference,
            stage: &change.stage,
            note: change.note.as_ref(),
            invitation: change.invitation.as_ref(),
            at,
            by,
            batch: None,
        },
    )?;
    let fresh = case_of(&tx, id, &received_at, stages, None)?;
    tx.commit()?;
    Ok(Updated::Done(fresh))
}

async fn update(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<ApiJson<CaseUpdate>, ApiErr>,
) -> Result<Response, ApiErr> {
    let staff = crate::staff::require(&state, &headers, Role::Officer).await?;
    let reference = staff_reference(path)?;
    let ApiJson(change) = body?;
    let now = unix_now();
    let today = contract::time::local_date(now, state.profile.utc_offset_minutes);
    let errors = change.validate(&state.stages, &today);
    if !errors.is_empty() {
        return Err(ApiErr::validation(errors));
    }
    let stages = state.stages.clone();
    let at = contract::time::format_rfc3339(now);
    let outcome = state
        .db
        .call(move |conn| apply_update(conn, &reference, &change, &staff.name, &at, &stages))
        .await
        .map_err(unavailable)?;
    match outcome {
        Updated::Done(case) => Ok(no_store(StatusCode::OK, &case)),
        Updated::NoSuchRegistration => Err(no_registration()),
        Updated::Conflict(case) => {
            let body = CaseConflict {
                error: ApiError::new(
                    CASE_CONFLICT,
                    "Someone changed this case meanwhile. Here it is as it is now.",
                )
                .error,
                case,
            };
            Ok(no_store(StatusCode::CONFLICT, &body))
        }
    }
}
