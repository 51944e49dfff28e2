//! Rate limits by client address: trusted proxies, IPv6 /64 and /48, the
//! global cap on new registrations, tokens given back when the insert
//! fails, and bounded memory under 100,000 addresses.

mod common;
use axum::http::{header, StatusCode};
use common::reg::*;
use common::*;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

fn addr(s: &str) -> SocketAddr {
    s.parse().expect("socket address")
}

fn behind_proxy() -> TestApp {
    test_app_with(|c| {
        c.trusted_proxies = backend::client::TrustedProxies {
            proxies: backend::client::Cidr::parse_list("10.0.0.0/8").expect("cidrs"),
            header: backend::client::ProxyHeader::XForwardedFor,
        };
    })
}

fn post_via_proxy(forwarded_for: &str) -> axum::http::Request<axum::body::Body> {
    let mut req = post(&valid_body(), &uuid_v4());
    req.headers_mut().insert(
        "x-forwarded-for",
        forwarded_for.parse().expect("header value"),
    );
    req
}

/// How many of `n` new registrations from `peer` (with `X-Forwarded-For`)
/// are accepted.
async fn accepted(t: &TestApp, peer: &str, forwarded_for: &str, n: usize) -> usize {
    let mut ok = 0;
    for _ in 0..n {
        let res = t.send_from(addr(peer), post_via_proxy(forwarded_for)).await;
        match res.status() {
            StatusCode::CREATED => ok += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    ok
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_phone_has_its_own_bucket() {
    let t = behind_proxy();
    // Two phones behind the same proxy: 5 each (the burst), not 5 together.
    assert_eq!(accepted(&t, "10.0.0.1:5000", "198.51.100.1", 7).await, 5);
    assert_eq!(accepted(&t, "10.0.0.1:5001", "198.51.100.2", 7).await, 5);
    // A phone that forges an entry is still itself: the proxy appended
    // its real address, the right-most untrusted entry.
    assert_eq!(
        accepted(&t, "10.0.0.1:5002", "203.0.113.9, 198.51.100.1", 1).await,
        0
    );
    // A second proxy hop (trusted) is skipped.
    assert_eq!(
        accepted(&t, "10.0.0.2:5003", "198.51.100.1, 10.1.1.1", 1).await,
        0
    );
}

#[tokio::test]
async fn an_untrusted_peer_is_the_client_whatever_its_headers_say() {
    let t = behind_proxy();
    // Not a trusted proxy: X-Forwarded-For is ignored, all 7 share one bucket.
    let mut ok = 0;
    for n in 0..7 {
        let res = t
            .send_from(
                addr("203.0.113.5:5000"),
                post_via_proxy(&format!("198.51.100.{n}")),
            )
            .await;
        ok += usize::from(res.status() == StatusCode::CREATED);
    }
    assert_eq!(ok, 5);
    // And without any trusted proxy configured, not even 10.x is trusted.
    let plain = test_app();
    assert_eq!(
        accepted(&plain, "10.0.0.1:5000", "198.51.100.1", 3).await,
        3
    );
    assert_eq!(
        accepted(&plain, "10.0.0.1:5000", "198.51.100.2", 3).await,
        2
    );
}

#[tokio::test]
async fn malformed_forwarding_headers_fall_back_to_the_proxy() {
    let t = behind_proxy();
    // Garbage from behind the proxy: every such request is the proxy's.
    for (n, bad) in ["unknown", "nonsense", "198.51.100.1, ", "[::1"]
        .iter()
        .enumerate()
    {
        let res = t
            .send_from(addr("10.0.0.7:5000"), post_via_proxy(bad))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{n}: {bad}");
    }
    let res = t
        .send_from(addr("10.0.0.7:5000"), post(&valid_body(), &uuid_v4()))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "no header: the proxy too"
    );
    let res = t
        .send_from(addr("10.0.0.7:5000"), post_via_proxy("junk"))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the 6th from the proxy's own bucket"
    );
}

#[tokio::test]
async fn ipv6_is_limited_per_64_and_per_48() {
    let t = test_app();
    let from = |a: &str| SocketAddr::new(a.parse().expect("ip"), 40000);
    let mut created = 0;
    // One /64 gets its burst of 5 whatever the host part.
    for n in 1..=8 {
        let res = t
            .send_from(
                from(&format!("2001:db8:1:1::{n}")),
                post(&valid_body(), &uuid_v4()),
            )
            .await;
        created += usize::from(res.status() == StatusCode::CREATED);
    }
    assert_eq!(created, 5);
    // Other /64s of the same /48 together: the /48 holds 4 x 5 = 20.
    for n in 2..=20u16 {
        let ip = Ipv6Addr::new(0x2001, 0xdb8, 1, n, 0, 0, 0, 1);
        let res = t
            .send_from(
                SocketAddr::new(IpAddr::V6(ip), 40000),
                post(&valid_body(), &uuid_v4()),
            )
            .await;
        created += usize::from(res.status() == StatusCode::CREATED);
    }
    assert_eq!(created, 20, "a /48 is not 65,536 buckets of 5");
    // Another /48 is someone else.
    let res = t
        .send_from(from("2001:db8:2:1::1"), post(&valid_body(), &uuid_v4()))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_global_cap_on_new_registrations() {
    let t = test_app_with(|c| c.registrations_per_hour = 3);
    let mut keys = Vec::new();
    for n in 1..=3 {
        let key = uuid_v4();
        let res = t
            .send_from(
                addr(&format!("192.0.2.{n}:5000")),
                post(&valid_body(), &key),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        keys.push(key);
    }
    // A fourth phone, with its own bucket full: the cap says no, with
    // Retry-After (3 an hour: the next in 20 minutes).
    let res = t
        .send_from(addr("192.0.2.4:5000"), post(&valid_body(), &uuid_v4()))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()[header::RETRY_AFTER], "1200");
    assert_eq!(body_json(res).await["error"]["code"], "rate_limited");
    // A phone that lost its answer still gets its reference back.
    let res = t
        .send_from(addr("192.0.2.1:5000"), post(&valid_body(), &keys[0]))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_failed_insert_gives_the_token_back() {
    let t = test_app();
    let phone = addr("192.0.2.50:5000");
    // Every insert fails (as on a full disk: the transaction is open, the
    // token taken, the row not written): 503, never 429, however many
    // times the phone's outbox tries.
    let sql = |q: &'static str| {
        t.state
            .db
            .with_connection(|c| c.execute_batch(q))
            .expect("connection")
            .expect("sql");
    };
    sql("CREATE TRIGGER outage BEFORE INSERT ON registrations
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    for attempt in 0..12 {
        let res = t.send_from(phone, post(&valid_body(), &uuid_v4())).await;
        assert_eq!(
            res.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "attempt {attempt}"
        );
    }
    sql("DROP TRIGGER outage");
    // After the outage the phone has its whole burst.
    for n in 0..5 {
        let res = t.send_from(phone, post(&valid_body(), &uuid_v4())).await;
        assert_eq!(res.status(), StatusCode::CREATED, "registration {n}");
    }
    let res = t.send_from(phone, post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// 100,000 addresses, each in its own IPv6 /48 (so both tables fill): the
/// bucket count never passes the cap, stays near it, eviction keeps a
/// working limiter, and the whole flood takes well under a second of work
/// per 100,000 (a scan per new address would be 10,000 x 100,000 steps).
#[tokio::test]
async fn limiter_memory_stays_bounded_under_100_000_addresses() {
    let t = test_app_with(|c| c.registrations_per_hour = 10_000_000);
    let limiter = &t.state.registration_limiter;
    let cap = limiter.max_keys();
    let start = Instant::now();
    for n in 0..100_000u32 {
        let ip = Ipv6Addr::new(0x2001, 0xdb8 + (n >> 16) as u16, n as u16, 0, 0, 0, 0, 1);
        assert!(limiter.check(IpAddr::V6(ip)).is_ok(), "address {n}");
        if n % 1000 == 0 {
            let (clients, sites) = limiter.len();
            assert!(clients <= cap && sites <= cap, "{n}: {clients}, {sites}");
        }
    }
    let took = start.elapsed();
    let (clients, sites) = limiter.len();
    assert!(clients <= cap && sites <= cap, "{clients}, {sites}");
    assert!(
        clients >= cap * 9 / 10 && sites >= cap * 9 / 10,
        "the table is used, not emptied: {clients}, {sites} of {cap}"
    );
    assert!(
        took < Duration::from_secs(20),
        "100,000 new addresses took {took:?}"
    );
    // Eviction keeps the limiter working: the flood's last address still
    // has its own bucket and is limited...
    let last = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb9, 0x869f, 0, 0, 0, 0, 1));
    for _ in 0..4 {
        assert!(limiter.check(last).is_ok());
    }
    assert!(limiter.check(last).is_err(), "the 6th from one address");
    // ... and a phone that comes now gets its burst through the API.
    let phone = addr("192.0.2.99:5000");
    for _ in 0..5 {
        let res = t.send_from(phone, post(&valid_body(), &uuid_v4())).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = t.send_from(phone, post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}
