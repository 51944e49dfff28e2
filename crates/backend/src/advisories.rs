//! Queue advisories (issue 9): `GET /api/v1/advisories` (public),
//! `POST /api/v1/advisories` and `GET /api/v1/advisories/history` (staff),
//! and the status pages `/status/id`, `/status/en`.
//!
//! The public read path never touches the database and never serialises:
//! the current advisory lives in memory as an `Arc<Current>` holding the JSON
//! bytes, their strong ETag and the status pages (rendered once per
//! language and freshness state, on first use). A GET clones an `Arc`,
//! compares `If-None-Match` against a pre-built header value and answers
//! from shared `Bytes`. Posting stores the new advisory in SQLite (every
//! version is kept, with its time) and swaps the pointer.
//!
//! Caching (`CACHE_RULE`): `public, max-age=30` bounds how old a cached copy
//! is before the browser or a proxy asks again (queues change on a scale of
//! minutes; asking again is a cheap `304` thanks to the ETag);
//! `stale-while-revalidate=60` lets a cache answer at once while it refreshes
//! in the background; `stale-if-error=86400` lets a cached copy be shown for
//! up to a day while the backend or the network is down: better than
//! nothing, and safe because the document and the pages carry absolute
//! `updated_at` / `next_update_by` / `valid_until` times, and the app shows
//! the status as unknown once they have passed.

use crate::api_error::{ApiErr, ApiJson};
use crate::db::{Db, DbError};
use crate::status_page;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State as Axum};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use contract::advisory::{
    validate, Advisory, AdvisoryHistory, AdvisoryInput, Freshness, HistoryEntry, Times,
};
use contract::staff::Role;
use contract::{FieldError, Lang, Profile};
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock, RwLock};

/// Every posted advisory, with the time it was posted; the newest is current.
pub const MIGRATION: &str = "CREATE TABLE IF NOT EXISTS advisories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    posted_at TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
);";

/// `Cache-Control` of the public document and the status pages (see the module docs).
pub const CACHE_RULE: &str = "public, max-age=30, stale-while-revalidate=60, stale-if-error=86400";

/// Default and largest `limit` of the history endpoint.
/// Advisory posts per staff account: 1 a minute, 10 at once. Every version
/// is kept (`/advisories/history`), so a leaked token or a stuck script must
/// not fill the disk; a desk calling tickets all day stays well inside it.
/// Keyed by the staff account, not the address: staff often share one
/// office connection, and a token is what a script would abuse.
pub const POST_LIMIT: crate::ratelimit::Limit = crate::ratelimit::Limit {
    per_minute: 1,
    burst: 10,
    max_keys: 1_000,
};

pub const HISTORY_DEFAULT: u32 = 20;
pub const HISTORY_MAX: u32 = 100;

fn json_type() -> HeaderValue {
    HeaderValue::from_static("application/json")
}
fn html_type() -> HeaderValue {
    HeaderValue::from_static("text/html; charset=utf-8")
}
fn no_store() -> HeaderValue {
    HeaderValue::from_static("no-store")
}

/// A body and its strong ETag, ready to send.
pub struct Cached {
    pub body: Bytes,
    pub etag: HeaderValue,
}

impl Cached {
    fn new(body: Bytes) -> Cached {
        let digest = Sha256::digest(&body);
        let tag = format!(
            "\"{}\"",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16])
        );
        // Base64url in quotes is always a valid header value.
        let etag = HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"0\""));
        Cached { body, etag }
    }
}

/// The advisory being served, with everything the read path needs.
pub struct Current {
    pub advisory: Advisory,
    pub times: Times,
    pub json: Cached,
    /// Status pages by `Freshness::index() * 2 + language`, rendered on first use.
    pages: [OnceLock<Cached>; 2 * Freshness::COUNT],
}

impl Current {
    fn new(advisory: Advisory, json: Bytes) -> Current {
        Current {
            times: advisory.times(),
            advisory,
            json: Cached::new(json),
            pages: Default::default(),
        }
    }

    fn from_advisory(advisory: Advisory) -> Current {
        // Serialising these plain types cannot fail; fall back to `{}` anyway.
        let json = serde_json::to_vec(&advisory).unwrap_or_else(|_| b"{}".to_vec());
        Current::new(advisory, Bytes::from(json))
    }

    /// The status page in `lang` as judged `fresh`.
    pub fn page(&self, lang: Lang, fresh: Freshness, profile: &Profile) -> &Cached {
        let i = fresh.index() * 2 + usize::from(lang == Lang::En);
        self.pages[i].get_or_init(|| {
            Cached::new(Bytes::from(status_page::render(
                &self.advisory,
                fresh,
                profile,
                lang,
            )))
        })
    }
}

/// Shared advisory state (cheap to clone).
#[derive(Clone)]
pub struct State {
    current: Arc<RwLock<Arc<Current>>>,
    /// Serialises posts so the database order and the in-memory order agree.
    write: Arc<tokio::sync::Mutex<()>>,
    /// Posts per staff account ([`POST_LIMIT`]).
    post_limiter: crate::ratelimit::RateLimiter<String>,
}

impl Default for State {
    /// Serves the truthful default document.
    fn default() -> Self {
        State {
            current: Arc::new(RwLock::new(Arc::new(Current::from_advisory(
                Advisory::default(),
            )))),
            write: Arc::new(tokio::sync::Mutex::new(())),
            post_limiter: crate::ratelimit::RateLimiter::new(POST_LIMIT),
        }
    }
}

impl State {
    /// Restores the latest advisory from SQLite; the default document if none.
    pub fn load(db: &Db) -> Result<State, DbError> {
        let latest = run_sync(db, |c| {
            // Idempotent; also covers a database whose `0002_advisories`
            // migration was recorded while it was still empty.
            c.execute_batch(MIGRATION)?;
            let mut st = c.prepare("SELECT id, body FROM advisories ORDER BY id DESC LIMIT 1")?;
            let mut rows = st.query([])?;
            match rows.next()? {
                Some(r) => Ok(Some((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))),
                None => Ok(None),
            }
        })?;
        let state = State::default();
        if let Some((id, body)) = latest {
            match serde_json::from_str::<Advisory>(&body) {
                Ok(adv) => state.replace(Current::new(adv, Bytes::from(body))),
                Err(e) => {
                    tracing::warn!(id, error = %e, "stored advisory unreadable; serving the default")
                }
            }
        }
        Ok(state)
    }

    /// The advisory being served now.
    pub fn current(&self) -> Arc<Current> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn replace(&self, c: Current) {
        let c = Arc::new(c);
        match self.current.write() {
            Ok(mut g) => *g = c,
            Err(p) => *p.into_inner() = c,
        }
    }
}

/// Runs a database call to completion from synchronous code (start-up, which
/// may itself run inside a runtime): on its own thread with its own runtime.
fn run_sync<T, F>(db: &Db, f: F) -> Result<T, DbError>
where
    T: Send + 'static,
    F: FnOnce(&mut rusqlite::Connection) -> Result<T, rusqlite::Error> + Send + 'static,
{
    let db = db.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| DbError(format!("cannot start a runtime: {e}")))?;
        rt.block_on(db.call(f))
    })
    .join()
    .map_err(|_| DbError("the database thread panicked".into()))?
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// True when `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks
/// for GET/HEAD), or is `*`. Handles lists and repeated headers.
pub fn etag_matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.as_bytes();
    headers.get_all(header::IF_NONE_MATCH).iter().any(|v| {
        v.as_bytes().split(|b| *b == b',').any(|t| {
            let t = t.trim_ascii();
            t == b"*" || t.strip_prefix(b"W/").unwrap_or(t) == ours
        })
    })
}

/// 200 with the body, or 304; both with the ETag and the cache rule.
fn cached_response(headers: &HeaderMap, c: &Cached, content_type: HeaderValue) -> Response {
    let mut res = if etag_matches(headers, &c.etag) {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        let mut r = Response::new(Body::from(c.body.clone()));
        r.headers_mut().insert(header::CONTENT_TYPE, content_type);
        r
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, c.etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_RULE));
    res
}

async fn get_current(Axum(app): Axum<AppState>, headers: HeaderMap) -> Response {
    let cur = app.advisories.current();
    cached_response(&headers, &cur.json, json_type())
}

async fn post_advisory(
    Axum(app): Axum<AppState>,
    headers: HeaderMap,
    body: Result<ApiJson<AdvisoryInput>, ApiErr>,
) -> Result<Response, ApiErr> {
    let staff = crate::staff::require(&app, &headers, Role::Admin).await?;
    let ApiJson(input) = body?;
    let now = now_unix();
    let mut errors = validate(&input, now);
    for e in &mut errors {
        e.message = i18n::advisory_errors::message(&e.code, Lang::En).into();
    }
    if !errors.is_empty() {
        return Err(ApiErr::validation(errors));
    }
    app.readiness.has_room().map_err(|why| why.error())?;
    // Only a post that would be stored counts: fixing a form's errors is free.
    app.advisories
        .post_limiter
        .check(&staff.name)
        .map_err(ApiErr::too_many)?;
    let advisory = input.into_advisory(now);
    let text = serde_json::to_string(&advisory).map_err(|e| {
        tracing::error!(error = %e, "cannot serialise advisory");
        ApiErr::internal()
    })?;
    let posted_at = advisory.updated_at.clone().unwrap_or_default();

    let _guard = app.advisories.write.lock().await;
    let stored = text.clone();
    app.db
        .call(move |c| {
            c.execute(
                "INSERT INTO advisories (posted_at, body) VALUES (?1, ?2)",
                (&posted_at, &stored),
            )
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot store advisory");
            ApiErr::internal()
        })?;
    let current = Current::new(advisory, Bytes::from(text));
    // Render the pages people will ask for first, before they ask.
    let fresh = current.times.freshness(now);
    for lang in Lang::ALL {
        current.page(lang, fresh, &app.profile);
    }
    let (body, etag) = (current.json.body.clone(), current.json.etag.clone());
    app.advisories.replace(current);
    tracing::info!("advisory posted");

    let mut res = (StatusCode::CREATED, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, json_type());
    h.insert(header::ETAG, etag);
    h.insert(header::CACHE_CONTROL, no_store());
    h.insert(
        header::LOCATION,
        HeaderValue::from_static("/api/v1/advisories"),
    );
    Ok(res)
}

/// `limit` from the query: absent = default, above the maximum = the maximum.
fn history_limit(query: Option<&str>) -> Result<u32, ApiErr> {
    let raw = query
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.strip_prefix("limit="))
        .next_back();
    match raw {
        None => Ok(HISTORY_DEFAULT),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n.min(HISTORY_MAX)),
            _ => Err(ApiErr::validation(vec![FieldError::new(
                "limit",
                "range",
                format!("must be a whole number from 1 to {HISTORY_MAX}"),
            )])),
        },
    }
}

async fn get_history(
    Axum(app): Axum<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiErr> {
    crate::staff::require(&app, &headers, Role::Admin).await?;
    let limit = history_limit(query.as_deref())?;
    let rows = app
        .db
        .call(move |c| {
            let mut st =
                c.prepare("SELECT id, posted_at, body FROM advisories ORDER BY id DESC LIMIT ?1")?;
            let rows = st.query_map([limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            rows.collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot read advisory history");
            ApiErr::internal()
        })?;
    let items = rows
        .into_iter()
        .filter_map(|(id, posted_at, body)| match serde_json::from_str(&body) {
            Ok(advisory) => Some(HistoryEntry {
                id,
                posted_at,
                advisory,
            }),
            Err(e) => {
                tracing::warn!(id, error = %e, "stored advisory unreadable; left out of history");
                None
            }
        })
        .collect();
    let mut res = axum::Json(AdvisoryHistory { items }).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, no_store());
    Ok(res)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/advisories", get(get_current).post(post_advisory))
        .route("/advisories/history", get(get_history))
}

async fn status_page(app: &AppState, headers: &HeaderMap, lang: Lang) -> Response {
    let cur = app.advisories.current();
    let fresh = cur.times.freshness(now_unix());
    cached_response(headers, cur.page(lang, fresh, &app.profile), html_type())
}

async fn status_id(Axum(app): Axum<AppState>, headers: HeaderMap) -> Response {
    status_page(&app, &headers, Lang::Id).await
}

async fn status_en(Axum(app): Axum<AppState>, headers: HeaderMap) -> Response {
    status_page(&app, &headers, Lang::En).await
}

/// Server-rendered pages outside `/api` (the status pages).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/status", get(|| async { Redirect::to("/status/id") }))
        .route("/status/", get(|| async { Redirect::to("/status/id") }))
        .route("/status/id", get(status_id))
        .route("/status/en", get(status_en))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&'static str]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for x in v {
            m.append(header::IF_NONE_MATCH, HeaderValue::from_static(x));
        }
        m
    }

    #[test]
    fn if_none_match_forms() {
        let tag = HeaderValue::from_static("\"abc\"");
        assert!(etag_matches(&h(&["\"abc\""]), &tag));
        assert!(etag_matches(&h(&["W/\"abc\""]), &tag));
        assert!(etag_matches(&h(&["\"x\", W/\"abc\" ,\"y\""]), &tag));
        assert!(etag_matches(&h(&["\"x\"", "\"abc\""]), &tag));
        assert!(etag_matches(&h(&["*"]), &tag));
        assert!(!etag_matches(&h(&["\"abcd\""]), &tag));
        assert!(!etag_matches(&h(&["abc"]), &tag));
        assert!(!etag_matches(&h(&[]), &tag));
    }

    #[test]
    fn history_limits() {
        assert_eq!(history_limit(None).ok(), Some(HISTORY_DEFAULT));
        assert_eq!(history_limit(Some("limit=5")).ok(), Some(5));
        assert_eq!(history_limit(Some("x=1&limit=500")).ok(), Some(HISTORY_MAX));
        assert!(history_limit(Some("limit=0")).is_err());
        assert!(history_limit(Some("limit=ten")).is_err());
        assert!(history_limit(Some("limit=")).is_err());
    }
}
