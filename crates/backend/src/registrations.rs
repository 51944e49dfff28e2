//! Pre-registrations: `POST /api/v1/registrations` (public, idempotent,
//! rate limited) and `GET /api/v1/registrations/{reference}` (staff).
//!
//! # Exactly once
//! Every POST carries an `Idempotency-Key` (a UUID v4 the app makes once per
//! filled-in form and keeps until it has a receipt). The request is
//! validated and normalised with the contract, and the normalised JSON is
//! hashed. Then, in ONE `BEGIN IMMEDIATE` transaction: if a row has that key,
//! the same hash answers 200 with the first receipt and a different hash
//! answers 409 `idempotency_conflict`; otherwise a row is inserted with
//! `ON CONFLICT(idempotency_key) DO NOTHING`. The UNIQUE constraints on
//! `idempotency_key` and `reference` and the immediate transaction keep this
//! right even with several connections or processes on the same file, not
//! only behind the in-process mutex.
//!
//! A stored body was normalised by the rules of its day. When the hashes
//! differ, the stored body is normalised again with today's rules and
//! compared once more before answering 409: a rule change (phone numbers,
//! spaces) must not turn a phone's honest retry into a conflict.
//!
//! A key whose registration was deleted (by the retention purge or by an
//! admin, see `retention.rs`) answers 410 `deleted` from its tombstone:
//! never stored again, never a new reference.
//!
//! # Rate limit
//! New registrations take a token from the client address's bucket
//! ([`LIMIT`]: 10 a minute, 5 at once; IPv6 also from its /48's) and from
//! the global cap (`PORTAL_REGISTRATIONS_PER_HOUR`) → 429 `rate_limited`
//! with `Retry-After`; the token goes back when the row is not stored. A replay of a key that is already stored takes no token: a
//! phone that lost the first answer must get its reference back even while
//! others on the same network (a shelter's Wi-Fi) used up the bucket, and a
//! replay writes nothing. Requests rejected before storage (400/413/415/422)
//! take no token either: they write nothing.
//!
//! # Privacy
//! Nothing here logs a body, a reference, a key or an address.

use crate::api_error::ApiErr;
use crate::client::ClientIp;
use crate::ratelimit::Limit;
use crate::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::reference;
use contract::registration::{
    normalise, validate, RegistrationReceipt, RegistrationRecord, RegistrationRequest,
};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

pub const MIGRATION: &str = "
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    body_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    lang TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX registrations_received_at ON registrations (received_at);
";

/// The limit on new registrations per client address.
pub const LIMIT: Limit = Limit {
    per_minute: 10,
    burst: 5,
    max_keys: 10_000,
};

/// Name of the idempotency header.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/registrations", post(create))
        .route("/registrations/{reference}", get(show).delete(remove))
}

/// True for a UUID v4 in its 36-character text form (either case).
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b' | b'A' | b'B')
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiErr> {
    if headers.get_all(IDEMPOTENCY_KEY).iter().nth(1).is_some() {
        // Two keys: which one the client meant is unknowable.
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_invalid",
            "Send one Idempotency-Key header, not several.",
        ));
    }
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_required",
            "Send an Idempotency-Key header: a UUID v4 made once per form.",
        ));
    };
    let key = value.to_str().map(str::trim).unwrap_or("");
    if !is_uuid_v4(key) {
        return Err(ApiErr::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_invalid",
            "The Idempotency-Key must be a UUID v4, e.g. 3f2b8c1e-9d4a-4e6f-8a7b-1c2d3e4f5a6b.",
        ));
    }
    Ok(key.to_ascii_lowercase())
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The latest calendar date anywhere on Earth (UTC+14), so the backend never
/// calls a date of birth "in the future" that is today where the person is.
pub fn latest_today(unix: i64) -> (i64, u32, u32) {
    contract::time::civil_from_days((unix + 14 * 3600).div_euclid(86400))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A registration ready to store.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub idempotency_key: String,
    /// SHA-256 (hex) of `body`.
    pub body_hash: String,
    /// The normalised request as JSON.
    pub body: String,
    pub lang: String,
    pub received_at: String,
}

impl NewRegistration {
    pub fn new(idempotency_key: String, reg: &RegistrationRequest, received_at: String) -> Self {
        // Serialising a plain struct of strings, enums and sets cannot fail.
        let body = serde_json::to_string(reg).unwrap_or_default();
        NewRegistration {
            idempotency_key,
            body_hash: hex(&Sha256::digest(body.as_bytes())),
            body,
            lang: reg.lang.code().to_string(),
            received_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new row (201).
    Created(RegistrationReceipt),
    /// The key was stored already with the same body (200).
    Replayed(RegistrationReceipt),
    /// The key was stored already with another body (409).
    Conflict,
    /// The registration with this key was deleted (410).
    Deleted,
    /// No token left for a new registration: seconds to wait (429).
    RateLimited(u64),
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation
    )
}

/// The hash a stored body has under today's normalisation; `None` if it
/// no longer reads as a request.
fn hash_by_todays_rules(stored_body: &str) -> Option<String> {
    let stored: RegistrationRequest = serde_json::from_str(stored_body).ok()?;
    Some(NewRegistration::new(String::new(), &normalise(&stored), String::new()).body_hash)
}

fn by_key(conn: &Connection, new: &NewRegistration) -> rusqlite::Result<Option<Outcome>> {
    conn.query_row(
        "SELECT reference, received_at, body_hash, body FROM registrations
         WHERE idempotency_key = ?1",
        [&new.idempotency_key],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )
    .optional()
    .map(|row| {
        row.map(|(reference, received_at, hash, body)| {
            let same = hash == new.body_hash
                || hash_by_todays_rules(&body).is_some_and(|h| h == new.body_hash);
            if same {
                Outcome::Replayed(RegistrationReceipt {
                    reference,
                    received_at,
                })
            } else {
                Outcome::Conflict
            }
        })
    })
}

/// Stores `new` exactly once per idempotency key, in one immediate
/// transaction. `admit` is asked only before inserting a new row (the rate
/// limit). `candidates` are fresh references, tried in turn on the rare
/// collision; an error if all collide.
pub fn store(
    conn: &mut Connection,
    new: &NewRegistration,
    candidates: &[String],
    admit: impl FnOnce() -> Result<(), u64>,
) -> rusqlite::Result<Outcome> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(found) = by_key(&tx, new)? {
        return Ok(found);
    }
    if crate::retention::tombstone_for_key(&tx, &new.idempotency_key)? {
        return Ok(Outcome::Deleted);
    }
    if let Err(wait) = admit() {
        return Ok(Outcome::RateLimited(wait));
    }
    for reference in candidates {
        if crate::retention::tombstone_for_reference(&tx, reference)? {
            continue;
        }
        let inserted = tx.execute(
            "INSERT INTO registrations
                (reference, idempotency_key, body_hash, body, lang, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (idempotency_key) DO NOTHING",
            params![
                reference,
                new.idempotency_key,
                new.body_hash,
                new.body,
                new.lang,
                new.received_at
            ],
        );
        match inserted {
            Ok(1) => {
                tx.commit()?;
                return Ok(Outcome::Created(RegistrationReceipt {
                    reference: reference.clone(),
                    received_at: new.received_at.clone(),
                }));
            }
            Ok(_) => {
                // Another writer stored this key after our look-up.
                let found = by_key(&tx, new)?;
                return found.ok_or(rusqlite::Error::QueryReturnedNoRows);
            }
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(rusqlite::Error::InvalidParameterName(
        "no free reference among the candidates".into(),
    ))
}

/// One stored registration by its canonical reference (`XXXX-XXXXX`).
pub fn find_by_reference(
    conn: &Connection,
    reference: &str,
) -> rusqlite::Result<Option<RegistrationRecord>> {
    let row = conn
        .query_row(
            "SELECT reference, received_at, body, arrived_at, arrived_by
             FROM registrations WHERE reference = ?1",
            [reference],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((reference, received_at, body, arrived_at, arrived_by)) = row else {
        return Ok(None);
    };
    // serde's message could quote stored personal data: keep it out of logs.
    let registration = serde_json::from_str(&body).map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            "a stored registration does not fit the contract".into(),
        )
    })?;
    Ok(Some(RegistrationRecord {
        reference,
        received_at,
        registration,
        arrived: arrived_at.map(|at| contract::desk::Arrival {
            at,
            by: arrived_by.unwrap_or_default(),
        }),
    }))
}

fn candidates() -> Result<Vec<String>, ApiErr> {
    (0..8)
        .map(|_| {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_err(|_| {
                tracing::error!("no randomness for a reference");
                ApiErr::internal()
            })?;
            Ok(reference::generate(bytes))
        })
        .collect()
}

fn json_no_store<T: serde::Serialize>(
    status: StatusCode,
    body: &T,
    location: Option<&str>,
) -> Response {
    let mut res = (status, Json(body)).into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(v) = location.and_then(|l| HeaderValue::from_str(l).ok()) {
        h.insert(header::LOCATION, v);
    }
    res
}

async fn create(
    AxState(state): AxState<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<crate::api_error::ApiJson<RegistrationRequest>, ApiErr>,
) -> Result<Response, ApiErr> {
    let key = idempotency_key(&headers)?;
    let crate::api_error::ApiJson(req) = body?;
    let now = unix_now();
    let mut errors = validate(&req, latest_today(now));
    for e in &mut errors {
        e.message = i18n::registration_errors::message(&e.code, contract::Lang::En).into();
    }
    if !errors.is_empty() {
        return Err(ApiErr::validation(errors));
    }
    // Below the free-space floor: 503 before SQLite meets a full disk. A
    // retry of a stored key writes nothing, so it still gets its receipt.
    if let Err(why) = state.readiness.has_room() {
        let stored_key = key.clone();
        let stored = state
            .db
            .call(move |conn| {
                conn.query_row(
                    "SELECT EXISTS(SELECT 1 FROM registrations WHERE idempotency_key = ?1)",
                    [&stored_key],
                    |r| r.get::<_, bool>(0),
                )
            })
            .await
            .unwrap_or(false);
        if !stored {
            return Err(why.error());
        }
    }
    let new = NewRegistration::new(key, &normalise(&req), contract::time::format_rfc3339(now));
    let candidates = candidates()?;
    let limiter = state.registration_limiter.clone();
    let outcome = state
        .db
        .call(move |conn| {
            let mut took = false;
            let outcome = store(conn, &new, &candidates, || {
                let admitted = limiter.check(ip);
                took = admitted.is_ok();
                admitted
            });
            // A token taken for a registration that was not stored (the
            // insert or the commit failed: a full disk, a database error)
            // goes back, so an outage does not drain the buckets.
            if took && !matches!(outcome, Ok(Outcome::Created(_))) {
                limiter.give_back(ip);
            }
            outcome
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "could not store a registration");
            ApiErr::internal()
        })?;
    tracing::debug!(outcome = outcome_name(&outcome), "registration");
    match outcome {
        Outcome::Created(receipt) => Ok(json_no_store(
            StatusCode::CREATED,
            &receipt,
            Some(&format!("/api/v1/registrations/{}", receipt.reference)),
        )),
        Outcome::Replayed(receipt) => Ok(json_no_store(
            StatusCode::OK,
            &receipt,
            Some(&format!("/api/v1/registrations/{}", receipt.reference)),
        )),
        Outcome::Conflict => Err(ApiErr::new(
            StatusCode::CONFLICT,
            "idempotency_conflict",
            "This Idempotency-Key was already used with a different registration.",
        )),
        Outcome::Deleted => Err(ApiErr::new(
            StatusCode::GONE,
            "deleted",
            "The embassy no longer holds the registration sent with this Idempotency-Key: it was \
             deleted. It is not stored again.",
        )),
        Outcome::RateLimited(wait) => Err(ApiErr::too_many(wait)),
    }
}

fn outcome_name(o: &Outcome) -> &'static str {
    match o {
        Outcome::Created(_) => "created",
        Outcome::Replayed(_) => "replayed",
        Outcome::Conflict => "conflict",
        Outcome::Deleted => "deleted",
        Outcome::RateLimited(_) => "rate_limited",
    }
}

async fn show(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiErr> {
    let staff = crate::staff::require(&state, &headers, contract::staff::Role::Desk).await?;
    let reference = crate::cases::staff_reference(path)?;
    let record = state
        .db
        .call(move |conn| {
            let at = contract::time::format_rfc3339(unix_now());
            crate::staff::audit(
                conn,
                &at,
                &staff.name,
                "registration_read",
                Some(&reference),
                "",
            )?;
            find_by_reference(conn, &reference)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "could not read a registration");
            ApiErr::internal()
        })?;
    match record {
        Some(r) => Ok(json_no_store(StatusCode::OK, &r, None)),
        None => Err(ApiErr::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No registration has this reference.",
        )),
    }
}

/// An admin deletes one registration (its case history with it) and
/// leaves its tombstone: 204, or 404 for a reference with none.
async fn remove(
    AxState(state): AxState<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiErr> {
    let staff = crate::staff::require(&state, &headers, contract::staff::Role::Admin).await?;
    let reference = crate::cases::staff_reference(path)?;
    let deleted = state
        .db
        .call(move |conn| {
            let at = contract::time::format_rfc3339(unix_now());
            crate::retention::delete_by_reference(conn, &reference, &staff.name, &at)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "could not delete a registration");
            ApiErr::internal()
        })?;
    if !deleted {
        return Err(ApiErr::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No registration has this reference.",
        ));
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_format() {
        assert!(is_uuid_v4("3f2b8c1e-9d4a-4e6f-8a7b-1c2d3e4f5a6b"));
        assert!(is_uuid_v4("3F2B8C1E-9D4A-4E6F-BA7B-1C2D3E4F5A6B"));
        for bad in [
            "",
            "3f2b8c1e-9d4a-1e6f-8a7b-1c2d3e4f5a6b",
            "3f2b8c1e-9d4a-4e6f-7a7b-1c2d3e4f5a6b",
            "3f2b8c1e9d4a4e6f8a7b1c2d3e4f5a6b",
            "3f2b8c1e-9d4a-4e6f-8a7b-1c2d3e4f5a6g",
            "{3f2b8c1e-9d4a-4e6f-8a7b-1c2d3e4f5a6b}",
        ] {
            assert!(!is_uuid_v4(bad), "{bad}");
        }
    }

    #[test]
    fn latest_today_is_utc_plus_14() {
        let t = contract::time::parse_rfc3339("2026-01-19T10:00:00Z").unwrap_or(0);
        assert_eq!(latest_today(t), (2026, 1, 20));
        let t = contract::time::parse_rfc3339("2026-01-19T09:59:59Z").unwrap_or(0);
        assert_eq!(latest_today(t), (2026, 1, 19));
    }
}
