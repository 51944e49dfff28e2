//! Rate limits: a token bucket per key, in memory, with a bounded number of
//! buckets; and [`ClientLimiter`], the limits on one client address.
//!
//! Each key starts with `burst` tokens; a request takes one; tokens come back
//! at `per_minute` a minute up to `burst`. With no token left the caller gets
//! the seconds until the next one, for `Retry-After`. A token taken for work
//! that was then not done (the insert failed) is given back
//! ([`RateLimiter::give_back`]), so an outage does not drain the buckets.
//!
//! Memory: at most `max_keys` buckets. A bucket that has filled up again is
//! the same as no bucket, so when the table is full those are dropped first;
//! if that leaves it more than nine tenths full (many addresses at once),
//! the buckets idle the longest are dropped down to nine tenths, which can
//! only make the limiter more lenient. One such sweep is linear in
//! `max_keys` and frees a tenth of it, so a flood of new addresses costs a
//! constant time per request, not a scan each.
//!
//! Client addresses come from [`crate::client::ClientIp`] (the TCP peer, or
//! the trusted proxy's header). An IPv4 address is one key. IPv6 is keyed by
//! its /64, which one household or phone usually holds whole, and also by
//! its /48, which one site or customer usually holds (a VPS customer gets a
//! /48: 65,536 /64s): a request takes a token from both, and the /48's
//! bucket is [`SITE_FACTOR`] times the /64's. Many people behind one address
//! (a shelter's Wi-Fi, carrier NAT) share one bucket: keep `burst` and
//! `per_minute` generous enough for that. A global cap
//! ([`ClientLimiter::with_global`]) that refuses is logged as a warning,
//! once a minute at most, with no address.

use crate::client::{canonical, mask};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many times a /64's bucket an IPv6 /48 gets (both burst and rate):
/// room for several phones of one carrier block or site, while one holder
/// of a /48 gets 4 times one client's limit, not 65,536 times.
pub const SITE_FACTOR: u32 = 4;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// Tokens returned per minute.
    pub per_minute: u32,
    /// Most tokens a bucket holds (requests allowed at once).
    pub burst: u32,
    /// Most buckets kept in memory.
    pub max_keys: usize,
}

impl Limit {
    /// The limit of an IPv6 /48 holding clients with this limit.
    pub fn for_site(self) -> Limit {
        Limit {
            per_minute: self.per_minute.saturating_mul(SITE_FACTOR),
            burst: self.burst.saturating_mul(SITE_FACTOR),
            max_keys: self.max_keys,
        }
    }
}

/// A limit in the form the buckets use.
#[derive(Debug, Clone, Copy)]
struct Rate {
    per_second: f64,
    capacity: f64,
    max_keys: usize,
}

impl Rate {
    /// How long an untouched bucket takes to fill from empty.
    fn refill_time(&self) -> Duration {
        Duration::from_secs_f64(self.capacity / self.per_second)
    }
}

impl From<Limit> for Rate {
    fn from(l: Limit) -> Rate {
        Rate {
            per_second: f64::from(l.per_minute.max(1)) / 60.0,
            capacity: f64::from(l.burst.max(1)),
            max_keys: l.max_keys.max(1),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A shared, cloneable limiter; clones use the same buckets.
#[derive(Clone)]
pub struct RateLimiter<K> {
    rate: Rate,
    buckets: Arc<Mutex<HashMap<K, Bucket>>>,
}

impl<K: Eq + Hash + Clone> RateLimiter<K> {
    pub fn new(limit: Limit) -> Self {
        Self::with_rate(limit.into())
    }

    /// Up to `n` at once, then `n` an hour (a global cap: one key).
    pub fn per_hour(n: u32) -> Self {
        let n = f64::from(n.max(1));
        Self::with_rate(Rate {
            per_second: n / 3600.0,
            capacity: n,
            max_keys: 1,
        })
    }

    fn with_rate(rate: Rate) -> Self {
        RateLimiter {
            rate,
            buckets: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Takes a token for `key` now: `Err(seconds)` to wait if none is left.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.check_at(key, Instant::now())
    }

    /// [`check`](Self::check) at a given instant (for tests).
    pub fn check_at(&self, key: &K, now: Instant) -> Result<(), u64> {
        self.with_bucket(key, now, |bucket, rate| {
            if bucket.tokens >= 1.0 {
                bucket.tokens -= 1.0;
                Ok(())
            } else {
                Err(wait(bucket, rate))
            }
        })
    }

    /// Whether `key` has a token now, without taking it.
    pub fn peek(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let buckets = self.lock();
        match buckets.get(key) {
            None => Ok(()),
            Some(b) => {
                let mut b = *b;
                refill(&mut b, &self.rate, now);
                if b.tokens >= 1.0 {
                    Ok(())
                } else {
                    Err(wait(&b, &self.rate))
                }
            }
        }
    }

    /// Gives back a token taken for `key` (up to `burst`). A bucket dropped
    /// meanwhile is full already: nothing to do.
    pub fn give_back(&self, key: &K) {
        let mut buckets = self.lock();
        if let Some(b) = buckets.get_mut(key) {
            b.tokens = (b.tokens + 1.0).min(self.rate.capacity);
        }
    }

    /// Buckets currently kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most buckets kept.
    pub fn max_keys(&self) -> usize {
        self.rate.max_keys
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Bucket>> {
        // A poisoned lock only means another request panicked mid-update;
        // the buckets are still usable numbers.
        self.buckets.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with_bucket<T>(&self, key: &K, now: Instant, f: impl FnOnce(&mut Bucket, &Rate) -> T) -> T {
        let rate = self.rate;
        let mut buckets = self.lock();
        if !buckets.contains_key(key) && buckets.len() >= rate.max_keys {
            evict(&mut buckets, &rate, now);
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: rate.capacity,
            updated: now,
        });
        refill(bucket, &rate, now);
        f(bucket, &rate)
    }
}

fn refill(bucket: &mut Bucket, rate: &Rate, now: Instant) {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(rate.capacity);
    bucket.updated = now.max(bucket.updated);
}

fn wait(bucket: &Bucket, rate: &Rate) -> u64 {
    let wait = (1.0 - bucket.tokens) / rate.per_second;
    // The epsilon keeps float noise (2.000000001 s) from adding a second.
    ((wait - 1e-6).ceil() as u64).max(1)
}

/// Makes room in a full table (see the module's text): refilled buckets
/// go, then the longest idle down to nine tenths of `max_keys`.
fn evict<K: Eq + Hash + Clone>(buckets: &mut HashMap<K, Bucket>, rate: &Rate, now: Instant) {
    let full_after = rate.refill_time();
    buckets.retain(|_, b| now.saturating_duration_since(b.updated) < full_after);
    drop_oldest(buckets, rate.max_keys, |b| b.updated);
}

/// Drops the entries with the oldest times until nine tenths of `max_keys`
/// are left: linear in the table's size, and it frees a tenth of it.
fn drop_oldest<K: Eq + Hash + Clone, V>(
    map: &mut HashMap<K, V>,
    max_keys: usize,
    at: impl Fn(&V) -> Instant,
) {
    let keep = max_keys - max_keys.div_ceil(10);
    if map.len() <= keep {
        return;
    }
    let mut by_age: Vec<(Instant, K)> = map.iter().map(|(k, v)| (at(v), k.clone())).collect();
    let drop = by_age.len() - keep;
    by_age.select_nth_unstable_by_key(drop - 1, |(at, _)| *at);
    for (_, k) in by_age.into_iter().take(drop) {
        map.remove(&k);
    }
}

/// The limits on client addresses: per address (IPv4) or /64 (IPv6), per
/// /48 for IPv6 ([`Limit::for_site`]), and optionally a global cap that
/// every client takes from too. A request takes a token from each; refused
/// by one, it gives back those it took.
#[derive(Clone)]
pub struct ClientLimiter {
    client: RateLimiter<IpAddr>,
    site: RateLimiter<IpAddr>,
    global: Option<RateLimiter<()>>,
    /// What the global cap limits, for its warning.
    global_name: &'static str,
    global_warning: OncePerMinute,
}

impl ClientLimiter {
    pub fn new(limit: Limit) -> Self {
        ClientLimiter {
            client: RateLimiter::new(limit),
            site: RateLimiter::new(limit.for_site()),
            global: None,
            global_name: "",
            global_warning: OncePerMinute::default(),
        }
    }

    /// Adds a cap on all clients together; `what` names it in the warning
    /// logged (at most once a minute) while it refuses.
    pub fn with_global(self, global: RateLimiter<()>, what: &'static str) -> Self {
        ClientLimiter {
            global: Some(global),
            global_name: what,
            ..self
        }
    }

    /// Takes a token for `ip` from each bucket: `Err(seconds)` if one has
    /// none left (and then none is taken).
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        self.check_at(ip, Instant::now())
    }

    /// [`check`](Self::check) at a given instant (for tests).
    pub fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let (client, site) = keys(ip);
        self.client.check_at(&client, now)?;
        if let Some(site) = site {
            if let Err(wait) = self.site.check_at(&site, now) {
                self.client.give_back(&client);
                return Err(wait);
            }
        }
        if let Some(global) = &self.global {
            if let Err(wait) = global.check_at(&(), now) {
                if self.global_warning.due() {
                    tracing::warn!(
                        limit = self.global_name,
                        "the global cap is reached: everyone waits (said once a minute at most)"
                    );
                }
                self.client.give_back(&client);
                if let Some(site) = site {
                    self.site.give_back(&site);
                }
                return Err(wait);
            }
        }
        Ok(())
    }

    /// Whether `ip` would get a token now, without taking one.
    pub fn peek(&self, ip: IpAddr) -> Result<(), u64> {
        let (client, site) = keys(ip);
        self.client.peek(&client)?;
        if let Some(site) = site {
            self.site.peek(&site)?;
        }
        if let Some(global) = &self.global {
            global.peek(&())?;
        }
        Ok(())
    }

    /// Gives back what a successful [`check`](Self::check) took.
    pub fn give_back(&self, ip: IpAddr) {
        let (client, site) = keys(ip);
        self.client.give_back(&client);
        if let Some(site) = site {
            self.site.give_back(&site);
        }
        if let Some(global) = &self.global {
            global.give_back(&());
        }
    }

    /// Buckets kept per client and per site (each at most `max_keys`).
    pub fn len(&self) -> (usize, usize) {
        (self.client.len(), self.site.len())
    }

    /// The most buckets kept per client and per site.
    pub fn max_keys(&self) -> usize {
        self.client.max_keys()
    }
}

/// The keys of a client address: IPv4 as is (also when mapped into IPv6);
/// IPv6 by its /64, and its /48 as the site.
pub fn keys(ip: IpAddr) -> (IpAddr, Option<IpAddr>) {
    match canonical(ip) {
        v4 @ IpAddr::V4(_) => (v4, None),
        v6 => (mask(v6, 64), Some(mask(v6, 48))),
    }
}

/// A warning said at most once a minute, so that a flood does not flood
/// the log too.
#[derive(Clone, Default)]
pub struct OncePerMinute {
    last: Arc<Mutex<Option<Instant>>>,
}

impl OncePerMinute {
    /// True at most once a minute.
    pub fn due(&self) -> bool {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|at| now.saturating_duration_since(at) < Duration::from_secs(60)) {
            return false;
        }
        *last = Some(now);
        true
    }
}

/// Keys seen within a time (e.g. clients recently signed in), at most
/// `max_keys` of them: the oldest are forgotten first.
#[derive(Clone)]
pub struct Recent<K> {
    within: Duration,
    max_keys: usize,
    seen: Arc<Mutex<HashMap<K, Instant>>>,
}

impl<K: Eq + Hash + Clone> Recent<K> {
    pub fn new(within: Duration, max_keys: usize) -> Self {
        Recent {
            within,
            max_keys: max_keys.max(1),
            seen: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    pub fn mark(&self, key: &K) {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.contains_key(key) && seen.len() >= self.max_keys {
            let within = self.within;
            seen.retain(|_, at| now.saturating_duration_since(*at) < within);
            drop_oldest(&mut seen, self.max_keys, |at| *at);
        }
        seen.insert(key.clone(), now);
    }

    pub fn contains(&self, key: &K) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(key).is_some_and(|at| at.elapsed() < self.within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Limit = Limit {
        per_minute: 10,
        burst: 5,
        max_keys: 3,
    };

    #[test]
    fn burst_then_refill() {
        let rl = RateLimiter::new(LIMIT);
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(rl.check_at(&1, t0), Ok(()));
        }
        // 10 a minute: one token every 6 s.
        assert_eq!(rl.check_at(&1, t0), Err(6));
        assert_eq!(rl.check_at(&1, t0 + Duration::from_secs(4)), Err(2));
        assert_eq!(rl.check_at(&1, t0 + Duration::from_secs(6)), Ok(()));
        assert_eq!(rl.check_at(&2, t0), Ok(()), "other keys are separate");
    }

    #[test]
    fn memory_is_bounded() {
        let rl = RateLimiter::new(LIMIT);
        let t0 = Instant::now();
        for k in 0..100 {
            let _ = rl.check_at(&k, t0 + Duration::from_millis(k));
            assert!(rl.len() <= 3);
        }
        // Buckets that have refilled are dropped first.
        let later = t0 + Duration::from_secs(60);
        let _ = rl.check_at(&1000, later);
        assert_eq!(rl.len(), 1);
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn client_keys() {
        assert_eq!(
            keys(ip("2001:db8:1:2:3:4:5:6")),
            (ip("2001:db8:1:2::"), Some(ip("2001:db8:1::")))
        );
        assert_eq!(keys(ip("::ffff:192.0.2.1")), (ip("192.0.2.1"), None));
        assert_eq!(keys(ip("192.0.2.1")), (ip("192.0.2.1"), None));
    }

    #[test]
    fn ipv6_takes_from_its_64_and_its_48() {
        let rl = ClientLimiter::new(LIMIT);
        let t0 = Instant::now();
        // One /64: its own burst of 5.
        for _ in 0..5 {
            assert_eq!(rl.check_at(ip("2001:db8:1:1::1"), t0), Ok(()));
        }
        assert!(rl.check_at(ip("2001:db8:1:1::2"), t0).is_err());
        // Other /64s of the same /48 share the /48's 20 (4 x 5).
        let mut allowed = 5;
        for n in 2..40u16 {
            let a = std::net::Ipv6Addr::new(0x2001, 0xdb8, 1, n, 0, 0, 0, 1);
            if rl.check_at(IpAddr::V6(a), t0).is_ok() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 5 * SITE_FACTOR as usize);
        // Another /48 is separate.
        assert_eq!(rl.check_at(ip("2001:db8:2:1::1"), t0), Ok(()));
        // Refused by the /48, a /64 keeps its own tokens: ten refusals of a
        // fresh /64, then 8 s later (the /48 has 5 again, a /64 only 1.3
        // more) it still has its whole burst of 5.
        for _ in 0..10 {
            assert!(rl.check_at(ip("2001:db8:1:50::1"), t0).is_err());
        }
        let later = t0 + Duration::from_secs(8);
        for _ in 0..5 {
            assert_eq!(rl.check_at(ip("2001:db8:1:50::1"), later), Ok(()));
        }
    }

    #[test]
    fn global_cap_and_give_back() {
        let rl = ClientLimiter::new(LIMIT).with_global(RateLimiter::per_hour(3), "tests");
        let t0 = Instant::now();
        assert_eq!(rl.check_at(ip("192.0.2.1"), t0), Ok(()));
        assert_eq!(rl.check_at(ip("192.0.2.2"), t0), Ok(()));
        assert_eq!(rl.check_at(ip("192.0.2.3"), t0), Ok(()));
        // 3 an hour: the next token in 20 minutes, for everyone.
        assert_eq!(rl.check_at(ip("192.0.2.4"), t0), Err(1200));
        // Refused by the cap, 192.0.2.4 kept its own tokens: 5 once the cap
        // has room again.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(rl.check_at(ip("192.0.2.4"), later), Ok(()));
        }
        // A token given back (the insert failed) is there again, in the
        // client's bucket and in the cap.
        rl.give_back(ip("192.0.2.4"));
        assert_eq!(rl.check_at(ip("192.0.2.4"), later), Ok(()));
        assert!(
            rl.check_at(ip("192.0.2.5"), later).is_err(),
            "the cap is spent"
        );
    }

    #[test]
    fn peek_takes_nothing() {
        let rl = RateLimiter::new(LIMIT);
        for _ in 0..10 {
            assert_eq!(rl.peek(&7), Ok(()));
        }
        for _ in 0..5 {
            assert_eq!(rl.check(&7), Ok(()));
        }
        assert!(rl.peek(&7).is_err());
    }

    #[test]
    fn once_per_minute() {
        let w = OncePerMinute::default();
        assert!(w.due());
        assert!(!w.due());
        assert!(!w.clone().due(), "clones share it");
    }

    #[test]
    fn recent_keys_are_bounded() {
        let recent = Recent::new(Duration::from_secs(60), 10);
        for k in 0..1000 {
            recent.mark(&k);
            assert!(recent.seen.lock().expect("lock").len() <= 10);
        }
        assert!(recent.contains(&999));
        assert!(!recent.contains(&0));
    }
}
