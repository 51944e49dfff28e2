//! The one door to the network: every URL the app asks for, and the only
//! module that calls `gloo_net`. Shaped like leptos' hackernews example
//! (`examples/hackernews/src/api.rs`): the URLs, one way to send with a
//! timeout, then one typed function per request. What an answer *means*
//! stays with the page that asked (`outbox::classify`, `feed::parse`, the
//! staff page's verdicts); here is only how to ask.
//!
//! The API's origin comes from the embassy profile (`api_base`: empty = this
//! origin, else an https origin). The profile is loaded here, once for
//! everyone: the page's `ProfileCtx` and the outbox (which may start before
//! the profile has arrived) wait on the same request, and the base is
//! derived once, when it arrives.
//!
//! Nothing the user typed goes into a URL: registrations and advisories go
//! in the body, the staff token in a header.

use std::cell::RefCell;
use std::sync::Arc;

use contract::advisory::AdvisoryInput;
use contract::case::{CaseUpdate, LookupRequest, Stages};
use contract::desk::{BatchUpdate, ListFilter};
use contract::guidance::{ArticleDoc, ArticleSummary};
use contract::registration::RegistrationRequest;
use contract::staff::AuditQuery;
use contract::Profile;
use gloo_net::http::{Request, RequestBuilder};
use js_sys::{Function, Promise};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCache};

use crate::lang::Lang;

/// A request that has not finished after this long (answer included) is
/// aborted.
pub const TIMEOUT_MS: i32 = 15_000;

// ---------------------------------------------------------------------------
// URLs

/// The embassy profile (a deployment file).
pub const PROFILE_URL: &str = "/profile.json";

/// The guidance list of one language.
pub fn index_url(lang: Lang) -> String {
    format!("/content/{}/index.json", lang.code())
}

/// One article (also the key of its copy in the offline cache).
pub fn article_url(lang: Lang, slug: &str) -> String {
    format!("/content/{}/{slug}.json", lang.code())
}

/// The compact search index of one language.
pub fn search_url(lang: Lang) -> String {
    format!("/content/{}/search.json", lang.code())
}

fn advisories_url(base: &str) -> String {
    format!("{base}/api/v1/advisories")
}

/// The embassy's case stages (a deployment file beside the profile).
pub const STAGES_URL: &str = "/stages.json";

fn case_lookup_url(base: &str) -> String {
    format!("{base}/api/v1/cases/lookup")
}

fn registrations_url(base: &str) -> String {
    format!("{base}/api/v1/registrations")
}

// ---------------------------------------------------------------------------
// Sending

/// Why a static file (profile, guidance) could not be loaded, so each page
/// can tell the user what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The server says there is no such file.
    NotFound,
    /// No answer: offline, timed out, or the server is down.
    Network,
    /// An answer that is not what we expect (HTML error page, truncated JSON...).
    BadData,
}

/// An answer from the server: its status, the headers the app reads, and
/// its body (`None` when the answer started but was cut off).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    pub date: Option<String>,
    pub retry_after: Option<String>,
    pub body: Option<String>,
}

/// A request that brought no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// It could not be made (its body could not be written).
    Unsent,
    /// Aborted after [`TIMEOUT_MS`] (or cancelled), also when the answer
    /// started but never ended.
    Timeout,
    /// No answer: offline, refused, or no API known yet.
    Network,
}

/// Stops a request on its way, e.g. when the page that asked is left.
#[derive(Clone)]
pub struct Cancel(Option<AbortController>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel(AbortController::new().ok())
    }

    pub fn cancel(&self) {
        if let Some(c) = &self.0 {
            c.abort();
        }
    }
}

impl Default for Cancel {
    fn default() -> Cancel {
        Cancel::new()
    }
}

/// The one abort-after-timeout for every request: aborts the controller
/// after `ms`; the timer is cleared when the request is over (dropped).
struct Deadline {
    controller: Option<AbortController>,
    timer: Option<i32>,
}

impl Deadline {
    fn start(controller: Option<AbortController>, ms: i32) -> Deadline {
        // `abort` bound to the controller: no Rust closure to keep alive.
        let timer = controller.as_ref().and_then(|c| {
            let abort = js_sys::Reflect::get(c.as_ref(), &JsValue::from_str("abort")).ok()?;
            let bound = abort.dyn_into::<Function>().ok()?.bind0(c.as_ref());
            web_sys::window()?
                .set_timeout_with_callback_and_timeout_and_arguments_0(&bound, ms)
                .ok()
        });
        Deadline { controller, timer }
    }

    fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    fn aborted(&self) -> bool {
        self.controller
            .as_ref()
            .is_some_and(|c| c.signal().aborted())
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(window), Some(id)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(id);
        }
    }
}

/// Sends `req` (with a JSON `body`, if any) and reads the whole answer,
/// within [`TIMEOUT_MS`]. Never panics; every failure is a [`Failure`].
async fn send(
    req: RequestBuilder,
    body: Option<String>,
    cancel: Option<&Cancel>,
) -> Result<Reply, Failure> {
    let controller = match cancel {
        Some(c) => c.0.clone(),
        None => AbortController::new().ok(),
    };
    let deadline = Deadline::start(controller, TIMEOUT_MS);
    let signal = deadline.signal();
    let req = req.abort_signal(signal.as_ref());
    let req = match body {
        Some(body) => req.body(body),
        None => req.build(),
    };
    let Ok(req) = req else {
        return Err(Failure::Unsent);
    };
    let res = match req.send().await {
        Ok(res) => res,
        Err(_) if deadline.aborted() => return Err(Failure::Timeout),
        Err(_) => return Err(Failure::Network),
    };
    let headers = res.headers();
    let mut reply = Reply {
        status: res.status(),
        etag: headers.get("etag"),
        date: headers.get("date"),
        retry_after: headers.get("retry-after"),
        body: None,
    };
    match res.text().await {
        Ok(text) => reply.body = Some(text),
        Err(_) if deadline.aborted() => return Err(Failure::Timeout),
        // The answer was cut off: the caller decides what its status is worth.
        Err(_) => {}
    }
    Ok(reply)
}

/// A static file's text: 200 only; 404 is "not found", 5xx "no answer".
async fn get_text(url: &str) -> Result<String, LoadError> {
    let reply = send(Request::get(url), None, None)
        .await
        .map_err(|_| LoadError::Network)?;
    match reply.status {
        200 => {}
        404 => return Err(LoadError::NotFound),
        s if s >= 500 => return Err(LoadError::Network),
        _ => return Err(LoadError::BadData),
    }
    reply.body.ok_or(LoadError::Network)
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, LoadError> {
    let text = get_text(url).await?;
    serde_json::from_str(&text).map_err(|_| LoadError::BadData)
}

// ---------------------------------------------------------------------------
// The profile, and the API base it gives

pub type ProfileResult = Result<Arc<Profile>, String>;

#[derive(Default)]
struct ProfileLoad {
    /// The request on its way: everyone who asks meanwhile waits on it.
    pending: Option<Promise>,
    /// The last result; once it is a profile, it is kept for good.
    last: Option<ProfileResult>,
    /// The loaded profile's `api_base`, derived once, without a trailing `/`.
    base: Option<String>,
}

thread_local! {
    static PROFILE: RefCell<ProfileLoad> = RefCell::new(ProfileLoad::default());
}

async fn fetch_profile() -> ProfileResult {
    let text = get_text(PROFILE_URL)
        .await
        .map_err(|e| format!("{PROFILE_URL}: {e:?}"))?;
    Profile::from_json(&text)
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

/// The embassy profile (`/profile.json`, validated). Loaded once and kept;
/// callers that ask while it is on its way wait for the same request; after
/// a failure the next call asks again.
pub async fn profile() -> ProfileResult {
    let wait = PROFILE.with_borrow_mut(|p| {
        if let Some(Ok(profile)) = &p.last {
            return Ok(profile.clone());
        }
        let pending = p.pending.get_or_insert_with(|| {
            wasm_bindgen_futures::future_to_promise(async {
                let result = fetch_profile().await;
                PROFILE.with_borrow_mut(|p| {
                    if let Ok(profile) = &result {
                        p.base = Some(profile.api_base.trim_end_matches('/').to_string());
                    }
                    p.last = Some(result);
                    p.pending = None;
                });
                Ok(JsValue::UNDEFINED)
            })
        });
        Err(pending.clone())
    });
    match wait {
        Ok(profile) => Ok(profile),
        Err(pending) => {
            let _ = JsFuture::from(pending).await;
            PROFILE
                .with_borrow(|p| p.last.clone())
                .unwrap_or_else(|| Err(format!("{PROFILE_URL}: not loaded")))
        }
    }
}

/// The API's origin (`""` = this origin), once the profile is loaded;
/// `None` while it cannot be.
async fn base() -> Option<String> {
    profile().await.ok()?;
    PROFILE.with_borrow(|p| p.base.clone())
}

// ---------------------------------------------------------------------------
// Typed requests

/// The guidance list of `lang`.
pub async fn guidance_index(lang: Lang) -> Result<Vec<ArticleSummary>, LoadError> {
    get_json(&index_url(lang)).await
}

/// One guidance article.
pub async fn article(lang: Lang, slug: &str) -> Result<ArticleDoc, LoadError> {
    get_json(&article_url(lang, slug)).await
}

/// The search index of `lang`.
pub async fn search_index(lang: Lang) -> Result<search::Index, LoadError> {
    get_json(&search_url(lang)).await
}

/// `GET /api/v1/advisories`. With `etag`, "changed since?"
/// (`If-None-Match`, 304 if not); without, past every cache on the way.
/// Without a profile, this origin's API.
pub async fn get_advisory(etag: Option<&str>, cancel: Option<&Cancel>) -> Result<Reply, Failure> {
    let base = base().await.unwrap_or_default();
    let req = Request::get(&advisories_url(&base)).header("Accept", "application/json");
    let req = match etag {
        Some(tag) => req.header("If-None-Match", tag),
        None => req.cache(RequestCache::NoStore),
    };
    send(req, None, cancel).await
}

/// `POST /api/v1/advisories` with `Authorization: Bearer <token>`.
/// Without a profile, this origin's API.
pub async fn post_advisory(token: &str, input: &AdvisoryInput) -> Result<Reply, Failure> {
    let base = base().await.unwrap_or_default();
    let Ok(body) = serde_json::to_string(input) else {
        return Err(Failure::Unsent);
    };
    let req = Request::post(&advisories_url(&base))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    send(req, Some(body), None).await
}

/// `POST /api/v1/registrations` with its `Idempotency-Key`. Personal data
/// goes only to the profile's API: without a profile, nothing is sent.
pub async fn post_registration(key: &str, body: &RegistrationRequest) -> Result<Reply, Failure> {
    let Some(base) = base().await else {
        return Err(Failure::Network);
    };
    let Ok(body) = serde_json::to_string(body) else {
        return Err(Failure::Unsent);
    };
    let req = Request::post(&registrations_url(&base))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("Idempotency-Key", key);
    send(req, Some(body), None).await
}

/// The embassy's case stages, checked like the profile.
pub async fn stages() -> Result<Stages, LoadError> {
    let text = get_text(STAGES_URL).await?;
    Stages::from_json(&text).map_err(|_| LoadError::BadData)
}

/// `POST /api/v1/cases/lookup`: the reference and the date of birth go in
/// the body, only to the profile's API (without a profile, nothing is sent),
/// past every cache.
pub async fn lookup_case(request: &LookupRequest) -> Result<Reply, Failure> {
    let Some(base) = base().await else {
        return Err(Failure::Network);
    };
    let Ok(body) = serde_json::to_string(request) else {
        return Err(Failure::Unsent);
    };
    let req = Request::post(&case_lookup_url(&base))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .cache(RequestCache::NoStore);
    send(req, Some(body), None).await
}

// ---------------------------------------------------------------------------
// The staff desk: every request carries the staff member's token; a
// reference goes in the path (the API's own scheme), nothing else typed.

fn staff_url(base: &str, rest: &str) -> String {
    format!("{base}/api/v1/{rest}")
}

async fn staff_request(
    method: &str,
    token: &str,
    rest: &str,
    body: Option<String>,
) -> Result<Reply, Failure> {
    let Some(base) = base().await else {
        return Err(Failure::Network);
    };
    let url = staff_url(&base, rest);
    let req = match method {
        "PUT" => Request::put(&url),
        "POST" => Request::post(&url),
        _ => Request::get(&url),
    }
    .header("Authorization", &format!("Bearer {token}"))
    .header("Accept", "application/json")
    .cache(RequestCache::NoStore);
    let req = if body.is_some() {
        req.header("Content-Type", "application/json")
    } else {
        req
    };
    send(req, body, None).await
}

/// `GET /api/v1/staff/me`.
pub async fn staff_me(token: &str) -> Result<Reply, Failure> {
    staff_request("GET", token, "staff/me", None).await
}

/// `GET /api/v1/registrations/{reference}` (a canonical reference).
pub async fn get_registration(token: &str, reference: &str) -> Result<Reply, Failure> {
    staff_request("GET", token, &format!("registrations/{reference}"), None).await
}

/// `GET /api/v1/registrations/{reference}/case`.
pub async fn get_case(token: &str, reference: &str) -> Result<Reply, Failure> {
    staff_request(
        "GET",
        token,
        &format!("registrations/{reference}/case"),
        None,
    )
    .await
}

/// `PUT /api/v1/registrations/{reference}/case`.
pub async fn put_case(token: &str, reference: &str, change: &CaseUpdate) -> Result<Reply, Failure> {
    let Ok(body) = serde_json::to_string(change) else {
        return Err(Failure::Unsent);
    };
    staff_request(
        "PUT",
        token,
        &format!("registrations/{reference}/case"),
        Some(body),
    )
    .await
}

/// `POST /api/v1/registrations/{reference}/arrived`.
pub async fn mark_arrived(token: &str, reference: &str) -> Result<Reply, Failure> {
    staff_request(
        "POST",
        token,
        &format!("registrations/{reference}/arrived"),
        None,
    )
    .await
}

/// `POST /api/v1/registrations/search`: the filters go in the body, never
/// in the URL (a name searched is personal data).
pub async fn list_registrations(token: &str, filter: &ListFilter) -> Result<Reply, Failure> {
    let Ok(body) = serde_json::to_string(filter) else {
        return Err(Failure::Unsent);
    };
    staff_request("POST", token, "registrations/search", Some(body)).await
}

/// `POST /api/v1/registrations/export`: the CSV of every registration the
/// filter matches (its page ignored).
pub async fn export_registrations(token: &str, filter: &ListFilter) -> Result<Reply, Failure> {
    let Ok(body) = serde_json::to_string(filter) else {
        return Err(Failure::Unsent);
    };
    staff_request("POST", token, "registrations/export", Some(body)).await
}

/// `POST /api/v1/audit/search` (admins): the filters in the body.
pub async fn search_audit(token: &str, query: &AuditQuery) -> Result<Reply, Failure> {
    let Ok(body) = serde_json::to_string(query) else {
        return Err(Failure::Unsent);
    };
    staff_request("POST", token, "audit/search", Some(body)).await
}

/// `POST /api/v1/cases/batch`.
pub async fn batch_cases(token: &str, batch: &BatchUpdate) -> Result<Reply, Failure> {
    let Ok(body) = serde_json::to_string(batch) else {
        return Err(Failure::Unsent);
    };
    staff_request("POST", token, "cases/batch", Some(body)).await
}

/// `POST /api/v1/cases/batch/{id}/undo`.
pub async fn undo_batch(token: &str, batch: i64) -> Result<Reply, Failure> {
    staff_request("POST", token, &format!("cases/batch/{batch}/undo"), None).await
}

/// `GET /api/v1/notice-board?stage=…` (a stage id of `stages.json`, not
/// personal data; kept to the characters an id has).
pub async fn notice_board(token: &str, stage: &str) -> Result<Reply, Failure> {
    let stage: String = stage
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    staff_request("GET", token, &format!("notice-board?stage={stage}"), None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(case_lookup_url(""), "/api/v1/cases/lookup");
        assert_eq!(staff_url("", "staff/me"), "/api/v1/staff/me");
        assert_eq!(index_url(Lang::En), "/content/en/index.json");
        assert_eq!(
            article_url(Lang::Id, "lost-passport"),
            "/content/id/lost-passport.json"
        );
        assert_eq!(search_url(Lang::Id), "/content/id/search.json");
        assert_eq!(advisories_url(""), "/api/v1/advisories");
        assert_eq!(
            registrations_url("https://api.example.org"),
            "https://api.example.org/api/v1/registrations"
        );
    }
}
