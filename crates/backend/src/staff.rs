//! Named staff accounts with roles, and the audit log.
//!
//! # Accounts
//! Made on the server machine with the `portal-staff` command (`create`,
//! `revoke`, `list`): the token is printed once and stored only as its
//! SHA-256 (a token is 32 random bytes, so a fast hash is enough). A revoked
//! token answers 401 at once, also mid-session. `PORTAL_STAFF_TOKEN`, when
//! set, is an admin token named `admin`, so a new deployment has a way in.
//!
//! # Audit
//! Every staff read of a registration, every change and every export is a
//! row of `audit_log`: who, what, when, and which reference. No personal data
//! (no names, no birth dates) in the rows or in log lines.

use crate::api_error::ApiErr;
use crate::api_error::ApiJson;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::staff::{
    is_account_name, AuditEntry, AuditLog, AuditQuery, Role, StaffMe, AUDIT_MAX,
};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const MIGRATION: &str = "
CREATE TABLE staff_accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    reference TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
";

/// The name the deployment's `PORTAL_STAFF_TOKEN` acts under.
pub const ENV_ADMIN: &str = "admin";

/// Who is asking, from their token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub name: String,
    pub role: Role,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty())
}

/// The account a token belongs to (not revoked).
pub fn account_by_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<Staff>> {
    let row = conn
        .query_row(
            "SELECT name, role FROM staff_accounts WHERE token_hash = ?1 AND revoked_at IS NULL",
            [token_hash(token)],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(name, role)| Role::from_code(&role).map(|role| Staff { name, role })))
}

fn forbidden() -> ApiErr {
    ApiErr::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "Your staff role cannot do this.",
    )
}

/// The staff member behind the request's token, if their role can do what
/// `needed` can: 401 without a valid token, 403 for a role below `needed`.
pub async fn require(state: &AppState, headers: &HeaderMap, needed: Role) -> Result<Staff, ApiErr> {
    let Some(given) = bearer(headers).map(str::to_string) else {
        return Err(ApiErr::unauthorized());
    };
    // The deployment's token, compared by digest in constant time.
    if let Some(expected) = state.staff_token.as_deref() {
        let a = Sha256::digest(given.as_bytes());
        let b = Sha256::digest(expected.as_bytes());
        if bool::from(a.ct_eq(&b)) {
            return Ok(Staff {
                name: ENV_ADMIN.into(),
                role: Role::Admin,
            });
        }
    }
    let found = state
        .db
        .call(move |conn| account_by_token(conn, &given))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "could not read staff accounts");
            ApiErr::internal()
        })?;
    match found {
        Some(staff) if staff.role.can(needed) => Ok(staff),
        Some(_) => Err(forbidden()),
        None => Err(ApiErr::unauthorized()),
    }
}

/// One audit row. `reference` and `detail` carry no personal data.
pub fn audit(
    conn: &Connection,
    at: &str,
    actor: &str,
    action: &str,
    reference: Option<&str>,
    detail: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, reference, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, actor, action, reference, detail],
    )?;
    Ok(())
}

/// Why an account could not be made or revoked.
#[derive(Debug, PartialEq, Eq)]
pub enum AccountError {
    BadName,
    Taken,
    NoSuchAccount,
    NoRandomness,
    Db(String),
}

impl std::fmt::Display for AccountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AccountError::BadName => write!(
                f,
                "a name is 1 to {} letters, digits, spaces, - . or _",
                contract::staff::NAME_MAX
            ),
            AccountError::Taken => f.write_str("an account has this name already"),
            AccountError::NoSuchAccount => f.write_str("no active account has this name"),
            AccountError::NoRandomness => f.write_str("no randomness for a token"),
            AccountError::Db(e) => write!(f, "database: {e}"),
        }
    }
}

impl From<rusqlite::Error> for AccountError {
    fn from(e: rusqlite::Error) -> Self {
        AccountError::Db(e.to_string())
    }
}

/// Makes an account and returns its token (shown once, never stored).
pub fn create_account(
    conn: &Connection,
    name: &str,
    role: Role,
    now: &str,
) -> Result<String, AccountError> {
    if !is_account_name(name) || name == ENV_ADMIN {
        return Err(AccountError::BadName);
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| AccountError::NoRandomness)?;
    let token = format!("pst_{}", hex(&bytes));
    let inserted = conn.execute(
        "INSERT INTO staff_accounts (name, role, token_hash, created_at)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO NOTHING",
        params![name, role.code(), token_hash(&token), now],
    )?;
    if inserted == 0 {
        return Err(AccountError::Taken);
    }
    audit(
        conn,
        now,
        "portal-staff",
        "account_created",
        None,
        &format!("{name} ({})", role.code()),
    )?;
    Ok(token)
}

pub fn revoke_account(conn: &Connection, name: &str, now: &str) -> Result<(), AccountError> {
    let n = conn.execute(
        "UPDATE staff_accounts SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
        params![name, now],
    )?;
    if n == 0 {
        return Err(AccountError::NoSuchAccount);
    }
    audit(conn, now, "portal-staff", "account_revoked", None, name)?;
    Ok(())
}

/// One account, as `portal-staff list` shows it.
pub struct AccountRow {
    pub name: String,
    pub role: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Every account, by name.
pub fn list_accounts(conn: &Connection) -> rusqlite::Result<Vec<AccountRow>> {
    let mut stmt = conn
        .prepare("SELECT name, role, created_at, revoked_at FROM staff_accounts ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok(AccountRow {
            name: r.get(0)?,
            role: r.get(1)?,
            created_at: r.get(2)?,
            revoked_at: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// The audit log, oldest first: from `since` (an RFC 3339 text or a
/// `YYYY-MM-DD` day, compared as text) and, if given, for one reference.
pub fn read_audit(
    conn: &Connection,
    since: &str,
    reference: Option<&str>,
) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT at, actor, action, reference, detail FROM audit_log
         WHERE at >= ?1 AND (?2 IS NULL OR reference = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(rusqlite::params![since, reference], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            actor: r.get(1)?,
            action: r.get(2)?,
            reference: r.get(3)?,
            detail: r.get(4)?,
        })
    })?;
    rows.collect()
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/me", get(me))
        .route("/audit/search", post(audit_search))
}

/// The audit log for admins: the newest entries first. Reading it is
/// audited too.
async fn audit_search(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<ApiJson<AuditQuery>, ApiErr>,
) -> Result<Response, ApiErr> {
    let staff = require(&state, &headers, Role::Admin).await?;
    let ApiJson(q) = body?;
    let mut errors = Vec::new();
    let since = match q.since.as_deref().filter(|d| !d.is_empty()) {
        None => String::new(),
        Some(d) if contract::time::parse_date(d).is_some() => d.to_string(),
        Some(_) => {
            errors.push(contract::FieldError::new(
                "since",
                "format",
                "must be YYYY-MM-DD",
            ));
            String::new()
        }
    };
    let reference = match q.reference.as_deref().filter(|r| !r.trim().is_empty()) {
        None => None,
        Some(r) => match contract::reference::normalise(r) {
            Some(r) => Some(r),
            None => {
                errors.push(contract::FieldError::new(
                    "reference",
                    "reference_invalid",
                    "not a reference",
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(ApiErr::validation(errors));
    }
    let now = contract::time::format_rfc3339(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    );
    let log = state
        .db
        .call(move |conn| {
            let mut entries = read_audit(conn, &since, reference.as_deref())?;
            audit(
                conn,
                &now,
                &staff.name,
                "audit_read",
                reference.as_deref(),
                "",
            )?;
            let more = entries.len() > AUDIT_MAX;
            entries.reverse();
            entries.truncate(AUDIT_MAX);
            Ok::<_, rusqlite::Error>(AuditLog { entries, more })
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "audit: database");
            ApiErr::internal()
        })?;
    Ok(crate::desk::no_store(Json(log).into_response()))
}

async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<StaffMe>, ApiErr> {
    let staff = require(&state, &headers, Role::Desk).await?;
    Ok(Json(StaffMe {
        name: staff.name,
        role: staff.role,
    }))
}
