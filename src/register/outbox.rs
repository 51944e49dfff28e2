//! Delivering registrations exactly once over a network that drops.
//!
//! A registration goes into the outbox (on the phone) *before* the first try,
//! with its `Idempotency-Key`. One loop sends what is due, one request at a
//! time, with the same key every time, so the backend stores it once however
//! often it is sent. It retries with exponential backoff and jitter (2 s up
//! to 5 min), waits for `Retry-After` on 429, wakes up on the `online` event,
//! on "Try sending now", and when the app starts again ([`start_outbox`]).
//! Each try is aborted after [`crate::api::TIMEOUT_MS`], also when the answer
//! starts but never ends. A registration leaves the outbox only when a receipt arrives,
//! when the backend says it stored nothing (400/413/415/422, or 409 for a key
//! used with other answers), when it says it stored it once and has deleted
//! it since (410 `deleted`: final, the key is never sent again; the answers
//! stay in the draft, so the person can send them as a new registration), or
//! when the person deletes it.

use contract::registration::{RegistrationReceipt, RegistrationRequest};
use contract::{ApiError, FieldError};
use js_sys::{Function, Promise};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::model::{store, Queued, Receipt, Status, Why};
use crate::api::Failure;

const BACKOFF_BASE_MS: f64 = 2_000.0;
const BACKOFF_MAX_MS: f64 = 300_000.0;

/// What one try came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered(RegistrationReceipt),
    Retry(Why),
    RateLimited(u32),
    Invalid(Vec<FieldError>),
    Conflict,
    Deleted,
    Rejected(String),
}

/// Reads an HTTP answer. Anything that is not clearly the contract's answer
/// counts as "not delivered" and is sent again with the same key.
pub fn classify(status: u16, retry_after: Option<&str>, body: &str) -> Outcome {
    let api_error = || serde_json::from_str::<ApiError>(body).ok().map(|e| e.error);
    match status {
        200 | 201 => match serde_json::from_str::<RegistrationReceipt>(body) {
            Ok(r) => match contract::reference::normalise(&r.reference) {
                Some(reference) => Outcome::Delivered(RegistrationReceipt { reference, ..r }),
                None => Outcome::Retry(Why::Server),
            },
            Err(_) => Outcome::Retry(Why::Server),
        },
        429 => Outcome::RateLimited(parse_retry_after(retry_after)),
        422 => match api_error() {
            Some(e) if e.code == "validation" && !e.fields.is_empty() => Outcome::Invalid(e.fields),
            _ => Outcome::Retry(Why::Server),
        },
        409 => match api_error() {
            Some(e) if e.code == "idempotency_conflict" => Outcome::Conflict,
            _ => Outcome::Retry(Why::Server),
        },
        410 => match api_error() {
            Some(e) if e.code == "deleted" => Outcome::Deleted,
            _ => Outcome::Retry(Why::Server),
        },
        // A proxy may say "too large" or "wrong type" in HTML: still true.
        413 => Outcome::Rejected("payload_too_large".into()),
        415 => Outcome::Rejected("unsupported_media_type".into()),
        400 => match api_error() {
            Some(e) => Outcome::Rejected(e.code),
            None => Outcome::Retry(Why::Server),
        },
        _ => Outcome::Retry(Why::Server),
    }
}

/// `Retry-After` in seconds (1 s to 1 h); an HTTP date or nonsense gives 30 s.
pub fn parse_retry_after(value: Option<&str>) -> u32 {
    value
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map(|s| s.clamp(1, 3600))
        .unwrap_or(30)
}

/// Milliseconds to wait before try number `attempt + 1`: exponential, capped,
/// with "equal jitter" (half fixed, half random) so phones that lost the
/// network together do not all come back at the same moment.
pub fn backoff_ms(attempt: u32, random: f64) -> f64 {
    let exp = BACKOFF_BASE_MS * 2f64.powi(attempt.min(20) as i32);
    let cap = exp.min(BACKOFF_MAX_MS);
    cap / 2.0 + cap / 2.0 * random.clamp(0.0, 1.0)
}

/// A UUID v4 from the browser's cryptographic random numbers (or, where
/// there are none, `Math.random`).
pub fn new_key() -> String {
    let mut b = [0u8; 16];
    let crypto_ok = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut b).is_ok());
    if !crypto_ok {
        for x in b.iter_mut() {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    format_uuid_v4(b)
}

pub fn format_uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

// ---------------------------------------------------------------------------
// One try

/// Sends one registration once. Never panics; every failure is an [`Outcome`].
pub async fn send_once(q: &Queued) -> Outcome {
    if crate::dom::browser_offline() {
        return Outcome::Retry(Why::Offline);
    }
    match crate::api::post_registration(&q.key, &q.body).await {
        Err(Failure::Unsent) => Outcome::Rejected("invalid_body".into()),
        Err(Failure::Timeout) => Outcome::Retry(Why::Timeout),
        Err(Failure::Network) => Outcome::Retry(if crate::dom::browser_offline() {
            Why::Offline
        } else {
            Why::Network
        }),
        Ok(reply) => {
            let retry_after = reply.retry_after.as_deref();
            match &reply.body {
                Some(text) => classify(reply.status, retry_after, text),
                // The answer was cut off: not known to be delivered.
                None => match reply.status {
                    413 | 415 | 429 => classify(reply.status, retry_after, ""),
                    _ => Outcome::Retry(Why::Network),
                },
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The loop

#[derive(Default)]
struct Schedule {
    attempts: u32,
    /// `Date.now()` milliseconds of the next try.
    next_at: f64,
    rate_limited: bool,
}

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static SCHEDULE: RefCell<HashMap<String, Schedule>> = RefCell::new(HashMap::new());
    /// Resolves the loop's current sleep early.
    static WAKER: RefCell<Option<(Function, i32)>> = const { RefCell::new(None) };
    /// Resolved when the registration with this key has had a try.
    static WAITERS: RefCell<Vec<(String, Function)>> = const { RefCell::new(Vec::new()) };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sleeps up to `ms`, or until [`wake`].
async fn sleep_or_wake(ms: f64) {
    let ms = ms.clamp(0.0, BACKOFF_MAX_MS) as i32;
    let promise = Promise::new(&mut |resolve, _reject| {
        let id = web_sys::window()
            .and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                    .ok()
            })
            .unwrap_or(0);
        WAKER.with(|w| *w.borrow_mut() = Some((resolve, id)));
    });
    let _ = JsFuture::from(promise).await;
}

fn wake_loop() {
    if let Some((resolve, id)) = WAKER.with(|w| w.borrow_mut().take()) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(id);
        }
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// Makes every waiting registration due now and wakes the loop. With
/// `respect_retry_after`, registrations told to wait by a 429 keep waiting.
pub fn wake(respect_retry_after: bool) {
    let now = now_ms();
    SCHEDULE.with(|s| {
        for sched in s.borrow_mut().values_mut() {
            if !(respect_retry_after && sched.rate_limited) {
                sched.next_at = now;
            }
        }
    });
    start_outbox();
    wake_loop();
}

fn listen_for_online() {
    if LISTENING.replace(true) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| wake(true));
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    // Lives as long as the app.
    on_online.forget();
}

/// Starts the loop that delivers the outbox, if it is not running. Safe to
/// call often: at app start, on every page of the form, after queueing.
pub fn start_outbox() {
    listen_for_online();
    if RUNNING.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(run_loop());
}

async fn run_loop() {
    let store = store();
    loop {
        store.sync_outbox();
        let queued = store.outbox.get_untracked();
        if queued.is_empty() {
            RUNNING.set(false);
            return;
        }
        let now = now_ms();
        let due_at =
            |key: &str| SCHEDULE.with(|s| s.borrow().get(key).map(|x| x.next_at).unwrap_or(0.0));
        match queued.iter().find(|q| due_at(&q.key) <= now) {
            Some(q) => try_one(q).await,
            None => {
                let next = queued
                    .iter()
                    .map(|q| due_at(&q.key))
                    .fold(f64::INFINITY, f64::min);
                sleep_or_wake(next - now).await;
            }
        }
    }
}

async fn try_one(q: &Queued) {
    let store = store();
    store.set_status(&q.key, Status::Sending);
    let outcome = send_once(q).await;
    // The person may have deleted it while it was being sent.
    store.sync_outbox();
    let still_queued = store.is_queued(&q.key);
    let status = match outcome {
        Outcome::Delivered(r) => {
            let receipt = Receipt {
                reference: r.reference,
                received_at: r.received_at,
                help_needed: q.body.help_needed.iter().copied().collect(),
            };
            finish(q, &store);
            store.set_receipt(Some(receipt.clone()));
            if store.draft.with_untracked(|d| d.key == q.key) {
                store.delete_draft();
            }
            Status::Delivered(receipt)
        }
        Outcome::Retry(why) => {
            SCHEDULE.with(|s| {
                let mut s = s.borrow_mut();
                let sched = s.entry(q.key.clone()).or_default();
                sched.next_at = now_ms() + backoff_ms(sched.attempts, js_sys::Math::random());
                sched.attempts += 1;
                sched.rate_limited = false;
            });
            Status::Waiting(why)
        }
        Outcome::RateLimited(secs) => {
            SCHEDULE.with(|s| {
                let mut s = s.borrow_mut();
                let sched = s.entry(q.key.clone()).or_default();
                // A little jitter, so a shelter's phones do not return together.
                let jitter = 1.0 + 0.2 * js_sys::Math::random();
                sched.next_at = now_ms() + f64::from(secs) * 1000.0 * jitter;
                sched.rate_limited = true;
            });
            Status::RateLimited(secs)
        }
        Outcome::Invalid(fields) => {
            finish(q, &store);
            store.pending_errors.set(fields);
            Status::Invalid
        }
        Outcome::Conflict => {
            finish(q, &store);
            Status::Conflict
        }
        Outcome::Deleted => {
            finish(q, &store);
            // The answers are kept a full week more from now: the person
            // may come back to send them as new.
            if store.draft.with_untracked(|d| d.key == q.key) {
                let mut draft = store.draft.get_untracked();
                draft.saved_at = crate::dom::now_unix();
                store.save_draft(draft);
            }
            Status::Deleted
        }
        Outcome::Rejected(code) => {
            finish(q, &store);
            Status::Rejected(code)
        }
    };
    if still_queued || matches!(status, Status::Delivered(_)) {
        store.set_status(&q.key, status);
    } else {
        store.status.update(|m| {
            m.remove(&q.key);
        });
    }
    notify(&q.key);
}

fn finish(q: &Queued, store: &super::model::Store) {
    store.remove_queued(&q.key);
    SCHEDULE.with(|s| s.borrow_mut().remove(&q.key));
}

fn notify(key: &str) {
    let ready: Vec<Function> = WAITERS.with(|w| {
        let mut w = w.borrow_mut();
        let (ready, rest): (Vec<_>, Vec<_>) = w.drain(..).partition(|(k, _)| k == key);
        *w = rest;
        ready.into_iter().map(|(_, f)| f).collect()
    });
    for f in ready {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// Resolves after the next try of the registration with `key`.
async fn next_try_of(key: &str) {
    let key = key.to_string();
    let promise = Promise::new(&mut |resolve, _reject| {
        WAITERS.with(|w| w.borrow_mut().push((key.clone(), resolve)));
    });
    let _ = JsFuture::from(promise).await;
}

/// Puts a registration in the outbox (once per key) and waits for its first
/// try. The answer is its status afterwards.
pub async fn submit(key: String, body: RegistrationRequest) -> Status {
    let store = store();
    store.sync_outbox();
    if !store.is_queued(&key) {
        let mut list = store.outbox.get_untracked();
        list.push(Queued {
            key: key.clone(),
            body,
            queued_at: crate::dom::now_unix(),
        });
        store.set_outbox(list);
    }
    store.pending_errors.set(Vec::new());
    store.set_status(&key, Status::Sending);
    let waiting = next_try_of(&key);
    SCHEDULE.with(|s| {
        let mut s = s.borrow_mut();
        let sched = s.entry(key.clone()).or_default();
        sched.next_at = 0.0;
        sched.rate_limited = false;
    });
    start_outbox();
    wake_loop();
    waiting.await;
    store
        .status
        .with_untracked(|m| m.get(&key).cloned())
        .unwrap_or(Status::Waiting(Why::Network))
}

/// Deletes a registration that has not been delivered.
pub fn delete(key: &str) {
    let store = store();
    store.remove_queued(key);
    SCHEDULE.with(|s| s.borrow_mut().remove(key));
    store.status.update(|m| {
        m.remove(key);
    });
    notify(key);
}

/// Milliseconds until the next try of `key`, if one is planned.
pub fn next_try_in_ms(key: &str) -> Option<f64> {
    SCHEDULE.with(|s| s.borrow().get(key).map(|x| (x.next_at - now_ms()).max(0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_delivered() {
        let body = r#"{"reference":"7kq4 m2xhf","received_at":"2026-01-19T08:00:00Z"}"#;
        assert_eq!(
            classify(201, None, body),
            Outcome::Delivered(RegistrationReceipt {
                reference: "7KQ4-M2XHF".into(),
                received_at: "2026-01-19T08:00:00Z".into()
            })
        );
        assert!(matches!(classify(200, None, body), Outcome::Delivered(_)));
    }

    #[test]
    fn anything_unclear_is_sent_again() {
        for (status, body) in [
            (200, "<html>proxy</html>"),
            (201, r#"{"reference":"7KQ4-M2X"#),
            (201, r#"{"reference":"not-a-ref","received_at":"x"}"#),
            (500, ""),
            (502, "<html><body>Bad gateway</body></html>"),
            (503, r#"{"error":{"code":"unavailable","message":""}}"#),
            (404, "<html>not found</html>"),
            (422, "<html>oops</html>"),
            (409, "<html>conflict</html>"),
            (400, "<html>bad</html>"),
            (410, "<html>gone</html>"),
            (410, r#"{"error":{"code":"expired","message":""}}"#),
        ] {
            assert_eq!(
                classify(status, None, body),
                Outcome::Retry(Why::Server),
                "{status} {body}"
            );
        }
    }

    #[test]
    fn the_backend_s_verdicts_are_kept() {
        let e422 = r#"{"error":{"code":"validation","message":"x","fields":[{"field":"phone","code":"phone_length","message":"x"}]}}"#;
        match classify(422, None, e422) {
            Outcome::Invalid(f) => assert_eq!(f[0].field, "phone"),
            other => panic!("{other:?}"),
        }
        let e409 = r#"{"error":{"code":"idempotency_conflict","message":"x"}}"#;
        assert_eq!(classify(409, None, e409), Outcome::Conflict);
        let e410 = r#"{"error":{"code":"deleted","message":"x"}}"#;
        assert_eq!(classify(410, None, e410), Outcome::Deleted);
        assert_eq!(
            classify(413, None, "<html>too big</html>"),
            Outcome::Rejected("payload_too_large".into())
        );
        assert_eq!(
            classify(415, None, ""),
            Outcome::Rejected("unsupported_media_type".into())
        );
        let e400 = r#"{"error":{"code":"malformed_json","message":"x"}}"#;
        assert_eq!(
            classify(400, None, e400),
            Outcome::Rejected("malformed_json".into())
        );
        assert_eq!(classify(429, Some("7"), ""), Outcome::RateLimited(7));
    }

    #[test]
    fn retry_after_is_read_safely() {
        assert_eq!(parse_retry_after(Some(" 12 ")), 12);
        assert_eq!(parse_retry_after(Some("0")), 1);
        assert_eq!(parse_retry_after(Some("99999")), 3600);
        assert_eq!(parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), 30);
        assert_eq!(parse_retry_after(None), 30);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        assert_eq!(backoff_ms(0, 0.0), 1_000.0);
        assert_eq!(backoff_ms(0, 1.0), 2_000.0);
        assert_eq!(backoff_ms(3, 1.0), 16_000.0);
        assert_eq!(backoff_ms(30, 1.0), BACKOFF_MAX_MS);
        assert_eq!(backoff_ms(30, 0.0), BACKOFF_MAX_MS / 2.0);
    }

    #[test]
    fn keys_are_uuid_v4() {
        let k = format_uuid_v4([0xff; 16]);
        assert_eq!(k, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let k = format_uuid_v4([0; 16]);
        assert_eq!(k, "00000000-0000-4000-8000-000000000000");
    }
}
