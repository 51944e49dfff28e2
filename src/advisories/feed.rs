//! Loading the advisory and keeping it current: the last good document is
//! kept on the phone (`advisories.last`) and shown at once, with its age;
//! the server is asked again after its `refresh_after_s` (±10%), with the
//! last ETag, while the page is visible; errors back off exponentially.

use std::sync::Arc;
use std::time::Duration;

use contract::advisory::{Advisory, ServicePoint, DEFAULT_REFRESH_S, REFRESH_RANGE_S};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::Cancel;

pub const STORAGE_KEY: &str = "advisories.last";
/// First retry after an error; doubles with each further error.
const FIRST_RETRY_S: u32 = 15;
/// Longest wait between tries while errors go on.
const MAX_RETRY_S: u32 = 300;
/// How often "updated N minutes ago" and freshness are recomputed.
const TICK: Duration = Duration::from_secs(15);

/// A document as shown: the advisory, its ETag and when this phone last
/// confirmed it with the server (Unix seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub advisory: Arc<Advisory>,
    pub etag: Option<String>,
    pub fetched_at: i64,
}

/// What is kept on the phone.
#[derive(Serialize, Deserialize)]
struct Stored {
    #[serde(default)]
    etag: Option<String>,
    fetched_at: i64,
    advisory: Advisory,
}

/// The state of the connection to the server, for what the page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net {
    /// Nothing asked yet.
    Loading,
    /// The last answer was good.
    Live,
    /// The browser says it is offline.
    Offline,
    /// No usable answer: the server, or the way to it, failed.
    Failed,
}

/// Reads an advisory leniently. The contract already accepts missing fields,
/// `null` and unknown values; here a well-formed object with a field of the
/// wrong type keeps every other field (and every readable service point).
pub fn parse(text: &str) -> Option<Advisory> {
    if let Ok(a) = serde_json::from_str::<Advisory>(text) {
        return Some(a);
    }
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    let reads = |k: &str, v: &Value| {
        let mut one = Map::new();
        one.insert(k.to_string(), v.clone());
        serde_json::from_value::<Advisory>(Value::Object(one)).is_ok()
    };
    let mut kept = Map::new();
    for (k, v) in map {
        let v = match (k.as_str(), v) {
            ("points", Value::Array(points)) => Value::Array(
                points
                    .into_iter()
                    .filter(|p| serde_json::from_value::<ServicePoint>(p.clone()).is_ok())
                    .collect(),
            ),
            (_, v) => v,
        };
        if reads(&k, &v) {
            kept.insert(k, v);
        }
    }
    serde_json::from_value(Value::Object(kept)).ok()
}

/// Seconds until the next try: the server's `refresh_after_s` (bounded)
/// after a good answer; after `failures` errors in a row, 15 s doubling up
/// to 5 min (never later than the normal refresh). `random` in [0, 1)
/// spreads phones ±10% so they do not all ask at once.
pub fn next_delay_ms(refresh_after_s: u32, failures: u32, random: f64) -> u64 {
    let normal = refresh_after_s.clamp(REFRESH_RANGE_S.0, REFRESH_RANGE_S.1);
    let secs = if failures == 0 {
        normal
    } else {
        let backoff = FIRST_RETRY_S.saturating_mul(1 << (failures - 1).min(10));
        backoff.min(MAX_RETRY_S).min(normal.max(FIRST_RETRY_S))
    };
    let jitter = 0.9 + 0.2 * random.clamp(0.0, 1.0);
    (secs as f64 * 1000.0 * jitter) as u64
}

fn load_stored() -> Option<Snapshot> {
    let s: Stored = serde_json::from_str(&crate::storage::get(STORAGE_KEY)?).ok()?;
    Some(Snapshot {
        advisory: Arc::new(s.advisory),
        etag: s.etag,
        fetched_at: s.fetched_at,
    })
}

fn store(s: &Snapshot) {
    let stored = Stored {
        etag: s.etag.clone(),
        fetched_at: s.fetched_at,
        advisory: (*s.advisory).clone(),
    };
    if let Ok(text) = serde_json::to_string(&stored) {
        crate::storage::set(STORAGE_KEY, &text);
    }
}

/// A copy older than this (by its `Date` header) came from a cache on the
/// way (the service worker, offline), not from the server just now.
const CACHED_COPY_S: i64 = contract::advisory::CLOCK_SKEW_S;

/// Parses an HTTP date (`Wed, 25 Nov 2026 16:19:27 GMT`) into Unix seconds.
pub fn http_date(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, d, mon, y, clock, "GMT"] = parts.as_slice() else {
        return None;
    };
    let m = MONTHS.iter().position(|x| x == mon)? as u32 + 1;
    let date = format!("{y:0>4}-{m:02}-{d:0>2}T{clock}Z");
    contract::time::parse_rfc3339(&date)
}

enum Outcome {
    /// A document, its ETag and the `Date` it was served with.
    Doc(Box<Advisory>, Option<String>, Option<i64>),
    NotModified,
    Offline,
    Failed,
}

/// Asks once; without `etag` (no copy of ours to compare), past every cache
/// on the way.
async fn get(etag: Option<&str>, cancel: &Cancel) -> Outcome {
    let Ok(reply) = crate::api::get_advisory(etag, Some(cancel)).await else {
        return Outcome::Offline;
    };
    match reply.status {
        304 => Outcome::NotModified,
        200..=299 => {
            let date = reply.date.as_deref().and_then(http_date);
            match reply.body {
                Some(text) => parse(&text).map_or(Outcome::Failed, |a| {
                    Outcome::Doc(Box::new(a), reply.etag, date)
                }),
                None => Outcome::Offline,
            }
        }
        _ => Outcome::Failed,
    }
}

/// "Offline" only when the browser says so; otherwise the server, or the
/// way to it, failed.
fn problem() -> Net {
    if crate::dom::browser_offline() {
        Net::Offline
    } else {
        Net::Failed
    }
}

fn page_hidden() -> bool {
    crate::dom::document().is_some_and(|d| d.hidden())
}

impl Poll {
    fn cancel(&mut self) {
        self.plan = self.plan.wrapping_add(1);
        if let Some(t) = self.timer.take() {
            t.clear();
        }
    }
}

#[derive(Default)]
struct Poll {
    alive: bool,
    /// The page was hidden since the last request was planned.
    hidden: bool,
    busy: bool,
    failures: u32,
    timer: Option<TimeoutHandle>,
    /// Bumped whenever the planned request is cancelled or replaced: a timer
    /// that fires with an older number does nothing (clearing a timer by its
    /// handle is not always possible, e.g. under test clocks).
    plan: u32,
    abort: Option<Cancel>,
}

/// The advisory feed of one page: signals for the view, and the poller.
#[derive(Clone, Copy)]
pub struct Feed {
    pub snap: RwSignal<Option<Snapshot>>,
    pub net: RwSignal<Net>,
    /// Unix seconds, ticking, for ages and freshness.
    pub now: RwSignal<i64>,
    /// After an error: when (Unix seconds) the page asks again by itself.
    pub retry_at: RwSignal<Option<i64>>,
    poll: StoredValue<Poll, LocalStorage>,
}

impl Feed {
    /// Shows the saved copy at once, then loads and keeps polling until the
    /// calling component is removed.
    pub fn start() -> Feed {
        let feed = Feed {
            snap: RwSignal::new(load_stored()),
            net: RwSignal::new(Net::Loading),
            now: RwSignal::new(crate::dom::now_unix()),
            retry_at: RwSignal::new(None),
            poll: StoredValue::new_local(Poll {
                alive: true,
                ..Default::default()
            }),
        };
        // The first request waits (in `api`) for the profile, which names
        // the API's origin.
        feed.refresh();
        // Hidden: stop asking. Seen again: ask at once (only after being
        // hidden; browsers also send this event when nothing changed).
        let visible = window_event_listener_untyped("visibilitychange", move |_| {
            if page_hidden() {
                feed.cancel_timer();
                feed.retry_at.set(None);
                feed.poll.try_update_value(|p| p.hidden = true);
            } else if feed
                .poll
                .try_update_value(|p| std::mem::take(&mut p.hidden))
                .unwrap_or(false)
            {
                feed.refresh();
            }
        });
        let online = window_event_listener_untyped("online", move |_| feed.refresh());
        let offline = window_event_listener_untyped("offline", move |_| {
            feed.net.set(Net::Offline);
        });
        let tick =
            set_interval_with_handle(move || feed.now.set(crate::dom::now_unix()), TICK).ok();
        on_cleanup(move || {
            visible.remove();
            online.remove();
            offline.remove();
            if let Some(t) = tick {
                t.clear();
            }
            feed.poll.try_update_value(|p| {
                p.alive = false;
                p.cancel();
                if let Some(a) = p.abort.take() {
                    a.cancel();
                }
            });
        });
        feed
    }

    fn cancel_timer(self) {
        self.poll.try_update_value(Poll::cancel);
    }

    /// Asks the server now (unless a request is already on its way).
    pub fn refresh(self) {
        let cancel = self
            .poll
            .try_update_value(|p| {
                if !p.alive || p.busy {
                    return None;
                }
                p.busy = true;
                p.cancel();
                let cancel = Cancel::new();
                p.abort = Some(cancel.clone());
                Some(cancel)
            })
            .flatten();
        let Some(cancel) = cancel else {
            return;
        };
        let etag = self
            .snap
            .try_with_untracked(|s| s.as_ref().and_then(|s| s.etag.clone()))
            .flatten();
        leptos::task::spawn_local(async move {
            let mut out = get(etag.as_deref(), &cancel).await;
            let have_copy = self
                .snap
                .try_with_untracked(|s| s.is_some())
                .unwrap_or(false);
            if matches!(out, Outcome::NotModified) && !have_copy {
                // "Not modified" but nothing to show: ask for the document itself.
                out = match get(None, &cancel).await {
                    Outcome::NotModified => Outcome::Failed,
                    other => other,
                };
            }
            self.apply(out);
        });
    }

    fn apply(self, out: Outcome) {
        let alive = self
            .poll
            .try_update_value(|p| {
                p.busy = false;
                p.abort = None;
                p.alive
            })
            .unwrap_or(false);
        if !alive {
            return;
        }
        let now = crate::dom::now_unix();
        self.now.set(now);
        let ok = match out {
            Outcome::Doc(advisory, etag, date) => {
                // An old copy kept on the way (offline): shown, but not as new.
                let cached = date.filter(|d| now - d > CACHED_COPY_S);
                let snap = Snapshot {
                    advisory: Arc::new(*advisory),
                    etag,
                    fetched_at: cached.unwrap_or(now),
                };
                store(&snap);
                self.snap.set(Some(snap));
                if cached.is_some() {
                    self.net.set(problem());
                }
                cached.is_none()
            }
            Outcome::NotModified => {
                self.snap.update(|s| {
                    if let Some(s) = s {
                        s.fetched_at = now;
                        store(s);
                    }
                });
                true
            }
            Outcome::Offline | Outcome::Failed => {
                self.net.set(problem());
                false
            }
        };
        if ok {
            self.net.set(Net::Live);
        }
        self.poll.try_update_value(|p| {
            p.failures = if ok { 0 } else { p.failures.saturating_add(1) };
        });
        self.schedule();
    }

    fn schedule(self) {
        if page_hidden() {
            // `visibilitychange` asks again when the page is seen.
            self.poll.try_update_value(|p| p.hidden = true);
            self.retry_at.set(None);
            return;
        }
        let refresh = self
            .snap
            .try_with_untracked(|s| s.as_ref().map(|s| s.advisory.refresh_after_s))
            .flatten()
            .unwrap_or(DEFAULT_REFRESH_S);
        let failures = self.poll.try_with_value(|p| p.failures).unwrap_or(0);
        let ms = next_delay_ms(refresh, failures, js_sys::Math::random());
        let Some(plan) = self.poll.try_update_value(|p| {
            p.cancel();
            p.plan
        }) else {
            return;
        };
        let fire = move || {
            if self.poll.try_with_value(|p| p.plan == plan) == Some(true) {
                self.refresh();
            }
        };
        let handle = set_timeout_with_handle(fire, Duration::from_millis(ms)).ok();
        self.poll.try_update_value(|p| p.timer = handle);
        // Rounded up: the page never asks later than it says.
        let at = ((js_sys::Date::now() + ms as f64) / 1000.0).ceil() as i64;
        self.retry_at.set((failures > 0).then_some(at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::advisory::{PointStatus, Verdict};

    #[test]
    fn lenient_parse_keeps_what_reads() {
        assert_eq!(parse("{}"), Some(Advisory::default()));
        assert_eq!(parse(""), None);
        assert_eq!(parse("<html><body>502 Bad Gateway</body></html>"), None);
        assert_eq!(parse(r#"{"verdict":"come","points":[{"id":"a""#), None);
        assert_eq!(parse("[1,2]"), None);
        let a = parse(
            r#"{"verdict":"come","refresh_after_s":"soon","notice":7,
                "points":[{"id":"a","status":"open"},{"id":"b","wait_min":"x"},{"id":"c","status":"melting"}]}"#,
        )
        .expect("partial");
        assert_eq!(a.verdict, Verdict::Come);
        assert_eq!(a.refresh_after_s, DEFAULT_REFRESH_S);
        assert_eq!(a.notice, None);
        let ids: Vec<_> = a.points.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(a.points[1].status, PointStatus::Unknown);
        let a = parse(r#"{"verdict":"teleport"}"#).expect("unknown verdict");
        assert_eq!(a.verdict, Verdict::Unknown);
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            http_date("Mon, 19 Jan 2026 01:00:00 GMT"),
            Some(1_768_784_400)
        );
        assert_eq!(http_date("Mon, 19 Jan 2026 01:00:00 PST"), None);
        assert_eq!(http_date("yesterday"), None);
        assert_eq!(http_date("Mon, 9 Foo 2026 01:00:00 GMT"), None);
    }

    #[test]
    fn delays() {
        // A good answer: the server's value ±10%.
        assert_eq!(next_delay_ms(60, 0, 0.5), 60_000);
        assert_eq!(next_delay_ms(60, 0, 0.0), 54_000);
        assert_eq!(next_delay_ms(60, 0, 0.999_999), 65_999);
        // Out-of-range values from a server are bounded.
        assert_eq!(next_delay_ms(0, 0, 0.5), 30_000);
        assert_eq!(next_delay_ms(u32::MAX, 0, 0.5), 3_600_000);
        // Errors: 15 s, 30 s, 60 s... capped at 5 min.
        assert_eq!(next_delay_ms(3600, 1, 0.5), 15_000);
        assert_eq!(next_delay_ms(3600, 2, 0.5), 30_000);
        assert_eq!(next_delay_ms(3600, 3, 0.5), 60_000);
        assert_eq!(next_delay_ms(3600, 9, 0.5), 300_000);
        assert_eq!(next_delay_ms(3600, 60, 0.5), 300_000);
        // ...and never later than the normal refresh.
        assert_eq!(next_delay_ms(30, 5, 0.5), 30_000);
    }
}
