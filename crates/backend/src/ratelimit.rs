//! Per-client rate limits: a token bucket per key (usually the client's
//! address), in memory, with a bounded number of buckets.
//!
//! Each key starts with `burst` tokens; a request takes one; tokens come back
//! at `per_minute` a minute up to `burst`. With no token left the caller gets
//! the seconds until the next one, for `Retry-After`.
//!
//! Memory: at most `max_keys` buckets. A bucket that has filled up again is
//! the same as no bucket, so when the table is full those are dropped first;
//! if every bucket is still in use (many addresses at once), the one idle the
//! longest is dropped, which can only make the limiter more lenient.
//!
//! Addresses come from the TCP connection (`ConnectInfo`); `X-Forwarded-For`
//! is not trusted. Behind a reverse proxy every client shares the proxy's
//! bucket, so limit there instead. IPv6 clients are keyed by their /64, which
//! one household or phone usually holds whole. Many people behind one
//! address (a shelter's Wi-Fi, carrier NAT) share one bucket: keep `burst`
//! and `per_minute` generous enough for that.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
    fn per_second(&self) -> f64 {
        f64::from(self.per_minute.max(1)) / 60.0
    }

    fn capacity(&self) -> f64 {
        f64::from(self.burst.max(1))
    }

    /// How long an untouched bucket takes to fill from empty.
    fn refill_time(&self) -> Duration {
        Duration::from_secs_f64(self.capacity() / self.per_second())
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
    limit: Limit,
    buckets: Arc<Mutex<HashMap<K, Bucket>>>,
}

impl<K: Eq + Hash + Clone> RateLimiter<K> {
    pub fn new(limit: Limit) -> Self {
        RateLimiter {
            limit,
            buckets: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    pub fn limit(&self) -> Limit {
        self.limit
    }

    /// Takes a token for `key` now: `Err(seconds)` to wait if none is left.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.check_at(key, Instant::now())
    }

    /// [`check`](Self::check) at a given instant (for tests).
    pub fn check_at(&self, key: &K, now: Instant) -> Result<(), u64> {
        let limit = self.limit;
        // A poisoned lock only means another request panicked mid-update;
        // the buckets are still usable numbers.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.contains_key(key) && buckets.len() >= limit.max_keys.max(1) {
            evict(&mut buckets, &limit, now);
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: limit.capacity(),
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * limit.per_second()).min(limit.capacity());
        bucket.updated = now.max(bucket.updated);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / limit.per_second();
            // The epsilon keeps float noise (2.000000001 s) from adding a second.
            Err(((wait - 1e-6).ceil() as u64).max(1))
        }
    }

    /// Buckets currently kept.
    pub fn len(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn evict<K: Eq + Hash + Clone>(buckets: &mut HashMap<K, Bucket>, limit: &Limit, now: Instant) {
    let full_after = limit.refill_time();
    buckets.retain(|_, b| now.saturating_duration_since(b.updated) < full_after);
    if buckets.len() >= limit.max_keys.max(1) {
        let oldest = buckets
            .iter()
            .min_by_key(|(_, b)| b.updated)
            .map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            buckets.remove(&k);
        }
    }
}

/// The rate-limit key of a client address: IPv4 as is (also when mapped into
/// IPv6), IPv6 by its /64 prefix.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The client's address from the connection (`ConnectInfo<SocketAddr>`), or
/// `0.0.0.0` when the server runs without connection info.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        ))
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

    #[test]
    fn keys() {
        let v6: IpAddr = "2001:db8:1:2:3:4:5:6".parse().expect("ip");
        assert_eq!(
            client_key(v6),
            "2001:db8:1:2::".parse::<IpAddr>().expect("ip")
        );
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().expect("ip");
        assert_eq!(
            client_key(mapped),
            "192.0.2.1".parse::<IpAddr>().expect("ip")
        );
    }
}
