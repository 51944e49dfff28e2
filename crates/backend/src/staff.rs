//! Named staff accounts with roles, and the audit log.
//!
//! # Accounts
//! Made on the server machine with the `portal-staff` command (`create`,
//! `revoke`, `list`): the token is printed once and stored only as its
//! SHA-256 (a token is 32 random bytes, so a fast hash is enough). A revoked
//! token answers 401 at once, also mid-session. `PORTAL_STAFF_TOKEN`, when
//! set, is an admin token named `admin`, so a new deployment has a way in.
//!
//! # Sign-in
//! `Authorization: Bearer TOKEN` (the scheme in any case). Failed attempts
//! are throttled ([`SignInThrottle`]): 10 a minute per client address (and
//! 40 per IPv6 /48), and 100 a minute from everyone together. Past either,
//! a request with a token gets 429 with `Retry-After` before its token is
//! even looked at. A client that signed in with a valid token in the last
//! 12 hours is spared the global bucket, so a guessing flood from many
//! addresses does not lock out the desk that is working; a new sign-in
//! during such a flood waits about a second per try. Requests without a
//! token cost nothing: they guess nothing. A token must carry at least 128
//! bits of randomness ([`check_token_strength`]).
//!
//! # Audit
//! Every staff read of a registration, every change and every export is a
//! row of `audit_log`: who, what, when, and which reference. No personal data
//! (no names, no birth dates) in the rows or in log lines. Every request
//! that a staff token opened is also one log line ([`request_context`]):
//! the account's name, the method, the route template and the status;
//! never a reference, a name, an address or a token.

use crate::api_error::ApiErr;
use crate::api_error::ApiJson;
use crate::client::ClientIp;
use crate::ratelimit::{ClientLimiter, Limit, OncePerMinute, RateLimiter, Recent};
use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::staff::{
    is_account_name, AuditEntry, AuditLog, AuditQuery, Role, StaffMe, AUDIT_MAX,
};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
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

/// The token of `Authorization: Bearer TOKEN`, the scheme matched in any
/// case (RFC 9110 §11.1).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim_start_matches(' ');
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
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
/// `needed` can: 401 without a valid token, 403 for a role below `needed`,
/// 429 while this client's failed attempts are throttled ([`SignInThrottle`]).
pub async fn require(state: &AppState, headers: &HeaderMap, needed: Role) -> Result<Staff, ApiErr> {
    let Some(given) = bearer(headers).map(str::to_string) else {
        return Err(ApiErr::unauthorized());
    };
    // Outside `request_context` (not an API route) every client is one.
    let client = CONTEXT
        .try_with(|c| c.lock().map(|c| c.client).unwrap_or(None))
        .ok()
        .flatten()
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let throttle = &state.staff_sign_ins;
    let attempt = match throttle.attempt(client) {
        Ok(attempt) => attempt,
        Err(wait) => {
            if throttle.warning.due() {
                tracing::warn!(
                    "wrong staff tokens are being throttled (said once a minute at most)"
                );
            }
            return Err(ApiErr::too_many(wait));
        }
    };
    let found = match find_staff(state, given).await {
        Ok(found) => found,
        Err(e) => {
            // Nothing was learnt about the token: the try is not counted.
            throttle.give_back(client, attempt);
            return Err(e);
        }
    };
    let Some(staff) = found else {
        return Err(ApiErr::unauthorized());
    };
    throttle.signed_in(client, attempt);
    let _ = CONTEXT.try_with(|c| {
        if let Ok(mut c) = c.lock() {
            c.account = Some(staff.name.clone());
        }
    });
    if staff.role.can(needed) {
        Ok(staff)
    } else {
        Err(forbidden())
    }
}

/// The account of a token: the deployment's token, compared by digest in
/// constant time, or a named account.
async fn find_staff(state: &AppState, given: String) -> Result<Option<Staff>, ApiErr> {
    if let Some(expected) = state.staff_token.as_deref() {
        let a = Sha256::digest(given.as_bytes());
        let b = Sha256::digest(expected.as_bytes());
        if bool::from(a.ct_eq(&b)) {
            return Ok(Some(Staff {
                name: ENV_ADMIN.into(),
                role: Role::Admin,
            }));
        }
    }
    state
        .db
        .call(move |conn| account_by_token(conn, &given))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "could not read staff accounts");
            ApiErr::internal()
        })
}

/// Failed sign-ins per client (10 a minute, 10 at once; an IPv6 /48 four
/// times that) before 429.
pub const FAILED_SIGN_INS: Limit = Limit {
    per_minute: 10,
    burst: 10,
    max_keys: 10_000,
};

/// Failed sign-ins from all clients together (100 a minute, 100 at once):
/// with tokens of 128 random bits guessing is hopeless anyway; this bounds
/// the work a flood from many addresses makes.
pub const FAILED_SIGN_INS_GLOBAL: Limit = Limit {
    per_minute: 100,
    burst: 100,
    max_keys: 1,
};

/// How long a client that signed in is spared the global bucket.
pub const SIGNED_IN_SPARED: std::time::Duration = std::time::Duration::from_secs(12 * 3600);

/// Throttles failed staff sign-ins (see the module's text).
#[derive(Clone)]
pub struct SignInThrottle {
    per_client: ClientLimiter,
    global: RateLimiter<()>,
    signed_in: Recent<IpAddr>,
    warning: OncePerMinute,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new()
    }
}

impl SignInThrottle {
    pub fn new() -> Self {
        SignInThrottle {
            per_client: ClientLimiter::new(FAILED_SIGN_INS),
            global: RateLimiter::new(FAILED_SIGN_INS_GLOBAL),
            signed_in: Recent::new(SIGNED_IN_SPARED, FAILED_SIGN_INS.max_keys),
            warning: OncePerMinute::default(),
        }
    }

    /// Takes a try for `client` before its token is checked, so that
    /// guesses sent at once are each counted (a peek now and a count after
    /// the database answered would let them all through): `Err(seconds)` to
    /// wait. A valid token gives the try back ([`Self::signed_in`]).
    pub fn attempt(&self, client: IpAddr) -> Result<Attempt, u64> {
        self.per_client.check(client)?;
        if self.signed_in.contains(&crate::ratelimit::keys(client).0) {
            return Ok(Attempt { took_global: false });
        }
        if let Err(wait) = self.global.check(&()) {
            self.per_client.give_back(client);
            return Err(wait);
        }
        Ok(Attempt { took_global: true })
    }

    /// The try did not count (the token could not be checked).
    pub fn give_back(&self, client: IpAddr, attempt: Attempt) {
        self.per_client.give_back(client);
        if attempt.took_global {
            self.global.give_back(&());
        }
    }

    /// A valid token from `client`: its try is given back, and the client
    /// is spared the global bucket for a while.
    pub fn signed_in(&self, client: IpAddr, attempt: Attempt) {
        self.give_back(client, attempt);
        self.signed_in.mark(&crate::ratelimit::keys(client).0);
    }
}

/// One try taken by [`SignInThrottle::attempt`].
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    took_global: bool,
}

/// What `require` knows of the request it runs in: the client (for the
/// throttle), and the account once a token opened it (for the log line).
#[derive(Debug, Default)]
struct Context {
    client: Option<IpAddr>,
    account: Option<String>,
}

tokio::task_local! {
    static CONTEXT: std::sync::Mutex<Context>;
}

/// Middleware on the API: gives `require` the client's address, and writes
/// one log line for every request a staff token opened: the account's
/// name, method, route template and status (never the raw path, which may
/// name a reference, nor an address or a token).
pub async fn request_context(ClientIp(client): ClientIp, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "/api/(unknown)".to_string(), |p| p.as_str().to_string());
    let context = std::sync::Mutex::new(Context {
        client: Some(client),
        account: None,
    });
    let (res, account) = CONTEXT
        .scope(context, async move {
            let res = next.run(req).await;
            let account = CONTEXT
                .try_with(|c| c.lock().ok().and_then(|mut c| c.account.take()))
                .ok()
                .flatten();
            (res, account)
        })
        .await;
    if let Some(staff) = account {
        tracing::info!(
            staff,
            %method,
            route,
            status = res.status().as_u16(),
            "staff request"
        );
    }
    res
}

/// The fewest characters a staff token may have.
pub const TOKEN_MIN_CHARS: usize = 22;
/// The least estimated randomness of a staff token, in bits.
pub const TOKEN_MIN_BITS: f64 = 128.0;
/// How to make a good token, for the refusal's message.
pub const TOKEN_HOW_TO: &str = "make one with `openssl rand -base64 32` \
     (or `head -c 32 /dev/urandom | base64`)";

/// Refuses a token that is not at least [`TOKEN_MIN_CHARS`] visible ASCII
/// characters with an estimated [`TOKEN_MIN_BITS`] ([`token_bits`]).
pub fn check_token_strength(token: &str) -> Result<(), String> {
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!(
            "a token is visible ASCII characters only, no spaces; {TOKEN_HOW_TO}"
        ));
    }
    if token.len() < TOKEN_MIN_CHARS {
        return Err(format!(
            "the token is too short ({} characters, at least {TOKEN_MIN_CHARS}); {TOKEN_HOW_TO}",
            token.len()
        ));
    }
    let bits = token_bits(token);
    if bits < TOKEN_MIN_BITS {
        return Err(format!(
            "the token looks guessable (about {bits:.0} bits of randomness, at least \
             {TOKEN_MIN_BITS:.0} needed: no words, runs or repeats); {TOKEN_HOW_TO}"
        ));
    }
    Ok(())
}

/// A cautious estimate of a token's randomness in bits, meant to pass
/// machine-made tokens (32 random bytes in base64 or hex score about 250)
/// and to fail what people make up:
/// - each character is worth log2 of the alphabet its classes span (hex
///   digits of one case: 16; else lower 26 + upper 26 + digits 10 +
///   symbols 32, for the classes used), a symbol at most 2 bits (a
///   separator);
/// - a character that continues a run or a sequence of the two before it
///   (`aaa`, `abc`, `321`) is worth 1 bit;
/// - a word (3 or more letters in one case, or capitalised, between other
///   kinds of characters or at a camelCase step) is worth at most 16 bits,
///   about a pick from 65,000 words;
/// - a part of 3 or more characters seen before in the token is worth 1 bit.
pub fn token_bits(token: &str) -> f64 {
    let t = token.as_bytes();
    let hex_lower = t
        .iter()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b));
    let hex_upper = t
        .iter()
        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b));
    let alphabet: u32 = if hex_lower || hex_upper {
        16
    } else {
        let mut size = 0;
        if t.iter().any(u8::is_ascii_lowercase) {
            size += 26;
        }
        if t.iter().any(u8::is_ascii_uppercase) {
            size += 26;
        }
        if t.iter().any(u8::is_ascii_digit) {
            size += 10;
        }
        if t.iter().any(|b| !b.is_ascii_alphanumeric()) {
            size += 32;
        }
        size
    };
    let per_char = f64::from(alphabet.max(2)).log2();
    let cost: Vec<f64> = (0..t.len())
        .map(|i| {
            if i >= 2 {
                let step = i16::from(t[i]) - i16::from(t[i - 1]);
                if step.abs() <= 1 && step == i16::from(t[i - 1]) - i16::from(t[i - 2]) {
                    return 1.0;
                }
            }
            if t[i].is_ascii_alphanumeric() {
                per_char
            } else {
                per_char.min(2.0)
            }
        })
        .collect();
    let kind = |b: u8| {
        if b.is_ascii_alphabetic() {
            0
        } else if b.is_ascii_digit() {
            1
        } else {
            2
        }
    };
    let mut total = 0.0;
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for end in 1..=t.len() {
        let split = end == t.len()
            || kind(t[end]) != kind(t[end - 1])
            || kind(t[end]) == 2
            || (t[end].is_ascii_uppercase() && t[end - 1].is_ascii_lowercase());
        if !split {
            continue;
        }
        let part = &t[start..end];
        let mut bits: f64 = cost[start..end].iter().sum();
        if part.len() >= 3 {
            if seen.contains(&part) {
                bits = bits.min(1.0);
            }
            seen.push(part);
            let word = part.iter().all(u8::is_ascii_alphabetic)
                && (part.iter().all(u8::is_ascii_lowercase)
                    || part.iter().all(u8::is_ascii_uppercase)
                    || (part[0].is_ascii_uppercase()
                        && part[1..].iter().all(u8::is_ascii_lowercase)));
            if word {
                bits = bits.min(16.0);
            }
        }
        total += bits;
        start = end;
    }
    total
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn auth(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(value).expect("value"),
        );
        h
    }

    #[test]
    fn bearer_scheme_in_any_case() {
        for v in [
            "Bearer abc",
            "bearer abc",
            "BEARER abc",
            "bEaReR  abc",
            " Bearer abc ",
        ] {
            assert_eq!(bearer(&auth(v)), Some("abc"), "`{v}`");
        }
        for v in ["Basic abc", "Bearer", "Bearer ", "Bearerabc", "abc"] {
            assert_eq!(bearer(&auth(v)), None, "`{v}`");
        }
        assert_eq!(bearer(&HeaderMap::new()), None);
    }

    /// 32 bytes that look random, made from `n` (tests must not flake).
    fn bytes(n: u32) -> Vec<u8> {
        Sha256::digest(n.to_le_bytes()).to_vec()
    }

    #[test]
    fn machine_made_tokens_pass() {
        use base64::Engine;
        let engines = [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        for n in 0..2000 {
            let b = bytes(n);
            let made = [
                engines[0].encode(&b),
                engines[1].encode(&b),
                hex(&b),
                hex(&b).to_uppercase(),
                format!("pst_{}", hex(&b)),
            ];
            for token in made {
                assert_eq!(check_token_strength(&token), Ok(()), "{token}");
            }
        }
    }

    #[test]
    fn made_up_tokens_are_refused() {
        for token in [
            "aaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "e2e-staff-token-not-secret-0123456789",
            "test-staff-token-0123456789",
            "wrong-token-wrong-token-wrong",
            "correct-horse-battery-staple",
            "CorrectHorseBatteryStapleExtraWordsHere",
            "Password1234567890123456",
            "staffToken2026secretvalue!!",
            "0123456789abcdef0123456789abcdef",
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
            "qwertyuiopasdfghjklzxcvbnm",
            "Xk3", // too short
            "with a space in it but long enough to count",
            "t\u{f6}ken-with-umlauts-\u{f6}\u{e4}\u{fc}-and-long-enough",
        ] {
            let refused = check_token_strength(token);
            let Err(message) = refused else {
                panic!("`{token}` was accepted ({:.0} bits)", token_bits(token));
            };
            assert!(message.contains("openssl rand -base64 32"), "{message}");
        }
    }

    #[test]
    fn sign_in_throttle() {
        let t = SignInThrottle::new();
        let me: IpAddr = "192.0.2.1".parse().expect("ip");
        let desk: IpAddr = "192.0.2.2".parse().expect("ip");
        let try_desk = t.attempt(desk).expect("a first try");
        t.signed_in(desk, try_desk);
        // Guesses sent at once: each takes its try before any is checked.
        let tries: Vec<_> = (0..FAILED_SIGN_INS.burst)
            .map(|_| t.attempt(me).expect("within the burst"))
            .collect();
        assert_eq!(tries.len(), FAILED_SIGN_INS.burst as usize);
        assert!(t.attempt(me).is_err(), "10 tries in flight: throttled");
        // Valid tokens give their try back: a desk is never throttled.
        for _ in 0..3 * FAILED_SIGN_INS.burst {
            let a = t.attempt(desk).expect("others are not throttled");
            t.signed_in(desk, a);
        }
        // A try whose token could not be checked (the database failed) is
        // not counted.
        let other: IpAddr = "192.0.2.9".parse().expect("ip");
        for _ in 0..3 * FAILED_SIGN_INS.burst {
            let a = t.attempt(other).expect("given back each time");
            t.give_back(other, a);
        }
        // Many addresses spend the global bucket; the desk that signed in
        // is spared, a new address waits.
        for n in 0..200u8 {
            let _ = t.attempt(IpAddr::from([198, 51, 100, n]));
        }
        assert!(t.attempt(desk).is_ok());
        let fresh: IpAddr = "203.0.113.1".parse().expect("ip");
        assert_eq!(t.attempt(fresh).map(|_| ()), Err(1));
    }
}
