//! The staff desk: the registrations list (filters, counts per stage,
//! pages), marking arrived, one change for many cases (all or nothing, undo
//! within 10 minutes), the notice-board list and the CSV export.
//!
//! Roles (`contract::staff::Role`): the desk lists, searches by full
//! reference and marks arrived; a case officer also searches by name,
//! changes cases, makes batches, the notice board and the export.
//! Every read of registrations, change and export is audited
//! ([`crate::staff::audit`]), without personal data: a name searched for is
//! never written, only that a name search was made.

use crate::api_error::{ApiErr, ApiJson};
use crate::cases::{apply_change, case_of, registration_id, staff_reference, Change};
use crate::staff::{audit, require, Staff};
use crate::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::case::{CaseUpdate, Stages};
use contract::desk::{
    csv_cell, read_references, Arrival, ArrivedAnswer, BatchDone, BatchUpdate, ListFilter,
    ListItem, NoticeBoard, RegistrationList, StageCount, NAME_SEARCH_MIN, PER_PAGE_MAX,
    UNDO_SECONDS,
};
use contract::staff::Role;
use contract::time::{format_rfc3339, parse_date};
use contract::{reference, FieldError};
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};

pub const MIGRATION: &str = "
ALTER TABLE registrations ADD COLUMN arrived_at TEXT;
ALTER TABLE registrations ADD COLUMN arrived_by TEXT;
CREATE TABLE case_batches (
    id INTEGER PRIMARY KEY,
    made_at INTEGER NOT NULL,
    made_by TEXT NOT NULL,
    undone_at INTEGER
);
ALTER TABLE case_changes ADD COLUMN batch_id INTEGER REFERENCES case_batches (id);
";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/registrations/search", post(list))
        .route("/registrations/export", post(export))
        .route("/registrations/{reference}/arrived", post(arrived))
        .route("/cases/batch", post(batch))
        .route("/cases/batch/{id}/undo", post(undo))
        .route("/notice-board", get(notice_board))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn unavailable(e: crate::db::DbError) -> ApiErr {
    tracing::error!(error = %e, "desk: database");
    ApiErr::internal()
}

/// A filter made into SQL: the `WHERE` text and its values, checked.
struct Where {
    sql: String,
    values: Vec<Sql>,
    /// Whether a name was searched (audited as such, never the text).
    by_name: bool,
    /// The reference searched for, if a full one was (audited with it).
    by_reference: Option<String>,
}

fn bad(field: &str, code: &str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

/// Midnight of a local day, as a UTC RFC 3339 text (stored times compare as text).
fn local_midnight_utc(day: &str, utc_offset_minutes: i32) -> Option<String> {
    let (y, m, d) = parse_date(day)?;
    let unix =
        contract::time::days_from_civil(y, m, d) * 86400 - i64::from(utc_offset_minutes) * 60;
    Some(format_rfc3339(unix))
}

fn build_where(
    f: &ListFilter,
    staff: &Staff,
    stages: &Stages,
    utc_offset_minutes: i32,
    with_stage: bool,
) -> Result<Where, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut sql = vec!["1".to_string()];
    let mut values: Vec<Sql> = Vec::new();
    let mut by_name = false;
    let mut by_reference = None;
    for (field, day, end) in [("from", &f.from, false), ("to", &f.to, true)] {
        let Some(day) = day.as_deref().filter(|d| !d.is_empty()) else {
            continue;
        };
        let bound = if end {
            parse_date(day).and_then(|(y, m, d)| {
                let next =
                    contract::time::civil_from_days(contract::time::days_from_civil(y, m, d) + 1);
                local_midnight_utc(
                    &format!("{:04}-{:02}-{:02}", next.0, next.1, next.2),
                    utc_offset_minutes,
                )
            })
        } else {
            local_midnight_utc(day, utc_offset_minutes)
        };
        match bound {
            Some(b) => {
                sql.push(format!("received_at {} ?", if end { "<" } else { ">=" }));
                values.push(Sql::Text(b));
            }
            None => errors.push(bad(field, "format", "must be YYYY-MM-DD")),
        }
    }
    if with_stage {
        if let Some(stage) = f.stage.as_deref().filter(|s| !s.is_empty()) {
            if stages.get(stage).is_none() {
                errors.push(bad("stage", "unknown_stage", "not a stage of this embassy"));
            }
            sql.push("COALESCE(stage, ?) = ?".into());
            values.push(Sql::Text(stages.initial().id.clone()));
            values.push(Sql::Text(stage.to_string()));
        }
    }
    if let Some(help) = f.help.as_deref().filter(|s| !s.is_empty()) {
        sql.push("EXISTS (SELECT 1 FROM json_each(body, '$.help_needed') WHERE value = ?)".into());
        values.push(Sql::Text(help.to_string()));
    }
    match f.arrived.as_deref() {
        None | Some("") => {}
        Some("yes") => sql.push("arrived_at IS NOT NULL".into()),
        Some("no") => sql.push("arrived_at IS NULL".into()),
        Some(_) => errors.push(bad("arrived", "format", "must be yes or no")),
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if let Some(r) = reference::normalise(q) {
            sql.push("reference = ?".into());
            values.push(Sql::Text(r.clone()));
            by_reference = Some(r);
        } else if !staff.role.can(Role::Officer) {
            errors.push(bad(
                "q",
                "reference_only",
                "the desk searches by the full reference",
            ));
        } else if q.chars().count() < NAME_SEARCH_MIN {
            errors.push(bad("q", "too_short", "give at least 3 letters of the name"));
        } else {
            by_name = true;
            sql.push("json_extract(body, '$.full_name') LIKE ? ESCAPE '\\'".into());
            let escaped = q
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            values.push(Sql::Text(format!("%{escaped}%")));
        }
    }
    if errors.is_empty() {
        Ok(Where {
            sql: sql.join(" AND "),
            values,
            by_name,
            by_reference,
        })
    } else {
        Err(errors)
    }
}

fn item_from_row(r: &rusqlite::Row, stages: &Stages) -> rusqlite::Result<ListItem> {
    let body: String = r.get(3)?;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let arrived_at: Option<String> = r.get(4)?;
    let arrived_by: Option<String> = r.get(5)?;
    Ok(ListItem {
        reference: r.get(0)?,
        received_at: r.get(1)?,
        stage: r
            .get::<_, Option<String>>(2)?
            .unwrap_or_else(|| stages.initial().id.clone()),
        full_name: v["full_name"].as_str().unwrap_or_default().to_string(),
        help_needed: v["help_needed"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        arrived: arrived_at.map(|at| Arrival {
            at,
            by: arrived_by.unwrap_or_default(),
        }),
    })
}

/// The list for `filter`, newest first, with the counts per stage.
pub fn list_registrations(
    conn: &Connection,
    filter: &ListFilter,
    staff: &Staff,
    stages: &Stages,
    utc_offset_minutes: i32,
) -> rusqlite::Result<Result<RegistrationList, Vec<FieldError>>> {
    let (all, without_stage) = match (
        build_where(filter, staff, stages, utc_offset_minutes, true),
        build_where(filter, staff, stages, utc_offset_minutes, false),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let per_page = filter.per_page.unwrap_or(50).clamp(1, PER_PAGE_MAX);
    // Capped: an offset past every row finds nothing, and cannot overflow.
    let page = filter.page.unwrap_or(1).clamp(1, 1_000_000);
    let total: u32 = conn.query_row(
        &format!("SELECT COUNT(*) FROM registrations WHERE {}", all.sql),
        params_from_iter(all.values.iter()),
        |r| r.get(0),
    )?;
    let mut values = all.values.clone();
    values.push(Sql::Integer(i64::from(per_page)));
    values.push(Sql::Integer(i64::from(page - 1) * i64::from(per_page)));
    let mut stmt = conn.prepare(&format!(
        "SELECT reference, received_at, stage, body, arrived_at, arrived_by FROM registrations
         WHERE {} ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
        all.sql
    ))?;
    let items = stmt
        .query_map(params_from_iter(values.iter()), |r| {
            item_from_row(r, stages)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut values = vec![Sql::Text(stages.initial().id.clone())];
    values.extend(without_stage.values.iter().cloned());
    let mut stmt = conn.prepare(&format!(
        "SELECT COALESCE(stage, ?), COUNT(*) FROM registrations WHERE {} GROUP BY 1",
        without_stage.sql
    ))?;
    let found: Vec<(String, u32)> = stmt
        .query_map(params_from_iter(values.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Every stage of the list, in its order, then any the list does not know.
    let mut counts: Vec<StageCount> = stages
        .path
        .iter()
        .chain(std::iter::once(&stages.contact))
        .map(|s| StageCount {
            stage: s.id.clone(),
            count: found
                .iter()
                .find(|(id, _)| *id == s.id)
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    for (id, n) in &found {
        if stages.get(id).is_none() {
            counts.push(StageCount {
                stage: id.clone(),
                count: *n,
            });
        }
    }
    let detail = if all.by_name { "name search" } else { "" };
    audit(
        conn,
        &format_rfc3339(unix_now()),
        &staff.name,
        "list",
        all.by_reference.as_deref(),
        detail,
    )?;
    Ok(Ok(RegistrationList {
        items,
        total,
        page,
        per_page,
        counts,
    }))
}

fn query_error(e: QueryRejection) -> ApiErr {
    ApiErr::new(StatusCode::BAD_REQUEST, "bad_query", e.body_text())
}

/// What `list_registrations` and `export_csv` have in common.
type Filtered<T> = fn(
    &Connection,
    &ListFilter,
    &Staff,
    &Stages,
    i32,
) -> rusqlite::Result<Result<T, Vec<FieldError>>>;

/// Checks `role`, reads the filter from the body, and runs `query` with it
/// on the database; its field errors become a 422.
async fn run_filtered<T: Send + 'static>(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<ApiJson<ListFilter>, ApiErr>,
    role: Role,
    query: Filtered<T>,
) -> Result<T, ApiErr> {
    let staff = require(state, headers, role).await?;
    let ApiJson(filter) = body?;
    let stages = state.stages.clone();
    let off = state.profile.utc_offset_minutes;
    state
        .db
        .call(move |conn| query(conn, &filter, &staff, &stages, off))
        .await
        .map_err(unavailable)?
        .map_err(ApiErr::validation)
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<ApiJson<ListFilter>, ApiErr>,
) -> Result<Response, ApiErr> {
    let list = run_filtered(&state, &headers, body, Role::Desk, list_registrations).await?;
    Ok(no_store(Json(list).into_response()))
}

/// The answer marked `Cache-Control: no-store` (staff answers hold
/// personal data or who did what).
pub fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Marks `reference` arrived, once: a second scan gives the first arrival.
pub fn mark_arrived(
    conn: &mut Connection,
    reference: &str,
    by: &str,
    at: &str,
) -> rusqlite::Result<Option<ArrivedAnswer>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<(Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT arrived_at, arrived_by FROM registrations WHERE reference = ?1",
            [reference],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let answer = match row {
        None => None,
        Some((Some(at), by)) => Some(ArrivedAnswer {
            arrival: Arrival {
                at,
                by: by.unwrap_or_default(),
            },
            already: true,
        }),
        Some((None, _)) => {
            tx.execute(
                "UPDATE registrations SET arrived_at = ?2, arrived_by = ?3 WHERE reference = ?1",
                params![reference, at, by],
            )?;
            audit(&tx, at, by, "arrived", Some(reference), "")?;
            Some(ArrivedAnswer {
                arrival: Arrival {
                    at: at.to_string(),
                    by: by.to_string(),
                },
                already: false,
            })
        }
    };
    tx.commit()?;
    Ok(answer)
}

async fn arrived(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiErr> {
    let staff = require(&state, &headers, Role::Desk).await?;
    let reference = staff_reference(path)?;
    let at = format_rfc3339(unix_now());
    let answer = state
        .db
        .call(move |conn| mark_arrived(conn, &reference, &staff.name, &at))
        .await
        .map_err(unavailable)?
        .ok_or_else(|| {
            ApiErr::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "No registration has this reference.",
            )
        })?;
    Ok(no_store(Json(answer).into_response()))
}

/// What a batch came to, before it is answered.
pub enum BatchOutcome {
    Done(BatchDone),
    /// Nothing was changed: the problem with each reference.
    Refused(Vec<FieldError>),
}

/// One change for every reference, in one transaction: all or nothing.
pub fn apply_batch(
    conn: &mut Connection,
    references: &[String],
    change: &CaseUpdate,
    by: &str,
    now: i64,
) -> rusqlite::Result<BatchOutcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut ids = Vec::with_capacity(references.len());
    let mut errors = Vec::new();
    for (i, r) in references.iter().enumerate() {
        match registration_id(&tx, r)? {
            Some(id) => ids.push((id, r.as_str())),
            None => errors.push(FieldError::new(
                format!("references[{i}]"),
                "not_found",
                "no registration has this reference",
            )),
        }
    }
    if !errors.is_empty() {
        return Ok(BatchOutcome::Refused(errors));
    }
    tx.execute(
        "INSERT INTO case_batches (made_at, made_by) VALUES (?1, ?2)",
        params![now, by],
    )?;
    let batch = tx.last_insert_rowid();
    let at = format_rfc3339(now);
    for (id, reference) in &ids {
        apply_change(
            &tx,
            *id,
            &Change {
                reference,
                stage: &change.stage,
                note: change.note.as_ref(),
                invitation: change.invitation.as_ref(),
                at: &at,
                by,
                batch: Some(batch),
            },
        )?;
    }
    audit(
        &tx,
        &at,
        by,
        "batch",
        None,
        &format!("batch {batch}: {} cases to {}", ids.len(), change.stage),
    )?;
    tx.commit()?;
    Ok(BatchOutcome::Done(BatchDone {
        batch,
        changed: ids.len() as u32,
        undo_until: format_rfc3339(now + UNDO_SECONDS),
    }))
}

async fn batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<ApiJson<BatchUpdate>, ApiErr>,
) -> Result<Response, ApiErr> {
    let staff = require(&state, &headers, Role::Officer).await?;
    let ApiJson(input) = body?;
    let references = read_references(&input.references).map_err(ApiErr::validation)?;
    let change = CaseUpdate {
        stage: input.stage,
        note: input.note,
        invitation: input.invitation,
        version: 0,
    };
    let now = unix_now();
    let today = contract::time::local_date(now, state.profile.utc_offset_minutes);
    let errors = change.validate(&state.stages, &today);
    if !errors.is_empty() {
        return Err(ApiErr::validation(errors));
    }
    let outcome = state
        .db
        .call(move |conn| apply_batch(conn, &references, &change, &staff.name, now))
        .await
        .map_err(unavailable)?;
    match outcome {
        BatchOutcome::Done(done) => Ok(no_store(Json(done).into_response())),
        BatchOutcome::Refused(fields) => Err(ApiErr::validation(fields)),
    }
}

/// What undoing a batch came to.
pub enum UndoOutcome {
    Done(u32),
    NoSuchBatch,
    TooLate,
    AlreadyUndone,
    /// Some cases changed since: nothing was undone.
    ChangedSince(Vec<String>),
}

/// Restores, for every case of `batch`, the stage, note and invitation it
/// had before (a new change in its history), if none changed since.
pub fn undo_batch(
    conn: &mut Connection,
    batch: i64,
    by: &str,
    now: i64,
    stages: &Stages,
) -> rusqlite::Result<UndoOutcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<(i64, Option<i64>)> = tx
        .query_row(
            "SELECT made_at, undone_at FROM case_batches WHERE id = ?1",
            [batch],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((made_at, undone_at)) = row else {
        return Ok(UndoOutcome::NoSuchBatch);
    };
    if undone_at.is_some() {
        return Ok(UndoOutcome::AlreadyUndone);
    }
    if now > made_at + UNDO_SECONDS {
        return Ok(UndoOutcome::TooLate);
    }
    let mut stmt = tx.prepare(
        "SELECT c.id, c.registration_id, r.reference, r.received_at FROM case_changes c
         JOIN registrations r ON r.id = c.registration_id WHERE c.batch_id = ?1",
    )?;
    let changes: Vec<(i64, i64, String, String)> = stmt
        .query_map([batch], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    let mut changed_since = Vec::new();
    let mut restore = Vec::new();
    for (change_id, reg, reference, received_at) in &changes {
        let last: i64 = tx.query_row(
            "SELECT MAX(id) FROM case_changes WHERE registration_id = ?1",
            [reg],
            |r| r.get(0),
        )?;
        if last != *change_id {
            changed_since.push(reference.clone());
            continue;
        }
        // The case as it was just before the batch's change.
        let before = case_of(&tx, *reg, received_at, stages, Some(*change_id))?;
        restore.push((*reg, reference.clone(), before));
    }
    if !changed_since.is_empty() {
        return Ok(UndoOutcome::ChangedSince(changed_since));
    }
    let at = format_rfc3339(now);
    for (reg, reference, before) in &restore {
        apply_change(
            &tx,
            *reg,
            &Change {
                reference,
                stage: &before.stage,
                note: before.note.as_ref(),
                invitation: before.invitation.as_ref(),
                at: &at,
                by,
                batch: None,
            },
        )?;
    }
    tx.execute(
        "UPDATE case_batches SET undone_at = ?2 WHERE id = ?1",
        params![batch, now],
    )?;
    audit(
        &tx,
        &at,
        by,
        "batch_undone",
        None,
        &format!("batch {batch}"),
    )?;
    tx.commit()?;
    Ok(UndoOutcome::Done(restore.len() as u32))
}

async fn undo(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiErr> {
    let staff = require(&state, &headers, Role::Officer).await?;
    let Ok(Path(batch)) = path else {
        return Err(ApiErr::not_found());
    };
    let stages = state.stages.clone();
    let now = unix_now();
    let outcome = state
        .db
        .call(move |conn| undo_batch(conn, batch, &staff.name, now, &stages))
        .await
        .map_err(unavailable)?;
    match outcome {
        UndoOutcome::Done(n) => Ok(no_store(
            Json(serde_json::json!({ "restored": n })).into_response(),
        )),
        UndoOutcome::NoSuchBatch => Err(ApiErr::not_found()),
        UndoOutcome::TooLate => Err(ApiErr::new(
            StatusCode::CONFLICT,
            "undo_too_late",
            "A batch can be undone only in its first 10 minutes.",
        )),
        UndoOutcome::AlreadyUndone => Err(ApiErr::new(
            StatusCode::CONFLICT,
            "already_undone",
            "This batch was undone already.",
        )),
        UndoOutcome::ChangedSince(refs) => {
            let mut e = ApiErr::new(
                StatusCode::CONFLICT,
                "changed_since",
                "Some of these cases changed after the batch: nothing was undone.",
            );
            e.body.error.fields = refs
                .into_iter()
                .map(|r| FieldError::new("references", "changed_since", r))
                .collect();
            Err(e)
        }
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoardQuery {
    pub stage: String,
}

async fn notice_board(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<BoardQuery>, QueryRejection>,
) -> Result<Response, ApiErr> {
    let staff = require(&state, &headers, Role::Officer).await?;
    let Query(q) = query.map_err(query_error)?;
    if state.stages.get(&q.stage).is_none() {
        return Err(ApiErr::validation(vec![FieldError::new(
            "stage",
            "unknown_stage",
            "not a stage of this embassy",
        )]));
    }
    let initial = state.stages.initial().id.clone();
    let stage = q.stage.clone();
    let references = state
        .db
        .call(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT reference FROM registrations WHERE COALESCE(stage, ?1) = ?2 ORDER BY reference",
            )?;
            let refs = stmt
                .query_map(params![initial, stage], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            audit(conn, &format_rfc3339(unix_now()), &staff.name, "notice_board", None, &stage)?;
            Ok(refs)
        })
        .await
        .map_err(unavailable)?;
    Ok(no_store(
        Json(NoticeBoard {
            stage: q.stage,
            references,
        })
        .into_response(),
    ))
}

/// The CSV columns, in order: the list's, then every field of the form.
const COLUMNS: [&str; 19] = [
    "reference",
    "received_at",
    "stage",
    "arrived_at",
    "arrived_by",
    "full_name",
    "date_of_birth",
    "nik",
    "sex",
    "passport_status",
    "passport_number",
    "phone",
    "whatsapp",
    "location",
    "people_with_you",
    "help_needed",
    "forced_to_work",
    "home_contact",
    "lang",
];

/// The export for `filter` (every page), UTF-8 with a byte-order mark so
/// spreadsheets read it as UTF-8, every cell neutralised.
pub fn export_csv(
    conn: &Connection,
    filter: &ListFilter,
    staff: &Staff,
    stages: &Stages,
    utc_offset_minutes: i32,
) -> rusqlite::Result<Result<(String, u32), Vec<FieldError>>> {
    let w = match build_where(filter, staff, stages, utc_offset_minutes, true) {
        Ok(w) => w,
        Err(e) => return Ok(Err(e)),
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.map(csv_cell).join(","));
    out.push_str("\r\n");
    let mut stmt = conn.prepare(&format!(
        "SELECT reference, received_at, COALESCE(stage, ?), arrived_at, arrived_by, body FROM registrations
         WHERE {} ORDER BY received_at, id",
        w.sql
    ))?;
    let mut values = vec![Sql::Text(stages.initial().id.clone())];
    values.extend(w.values.iter().cloned());
    let mut rows = stmt.query(params_from_iter(values.iter()))?;
    let mut n = 0u32;
    while let Some(r) = rows.next()? {
        let body: String = r.get(5)?;
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let text = |key: &str| match &v[key] {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(" "),
            serde_json::Value::Object(o) => o
                .values()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(" / "),
            other => other.to_string(),
        };
        let fixed: [String; 5] = [
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        ];
        let cells: Vec<String> = fixed
            .iter()
            .cloned()
            .chain(COLUMNS[5..].iter().map(|k| text(k)))
            .map(|c| csv_cell(&c))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
        n += 1;
    }
    drop(rows);
    drop(stmt);
    let detail = format!("{n} rows{}", if w.by_name { ", name search" } else { "" });
    audit(
        conn,
        &format_rfc3339(unix_now()),
        &staff.name,
        "export",
        None,
        &detail,
    )?;
    Ok(Ok((out, n)))
}

async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<ApiJson<ListFilter>, ApiErr>,
) -> Result<Response, ApiErr> {
    let (csv, _) = run_filtered(&state, &headers, body, Role::Officer, export_csv).await?;
    let mut res = csv.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"registrations.csv\""),
    );
    Ok(no_store(res))
}
