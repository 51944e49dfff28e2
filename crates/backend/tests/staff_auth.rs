//! Staff sign-in: wrong tokens throttled per client and overall, `Bearer`
//! in any case, and guessable tokens refused at start.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use std::net::SocketAddr;

fn me(authorization: Option<&str>) -> Request<Body> {
    let mut r = Request::get("/api/v1/staff/me");
    if let Some(a) = authorization {
        r = r.header(header::AUTHORIZATION, a);
    }
    r.body(Body::empty()).expect("request")
}

fn with_token(token: &str) -> Request<Body> {
    me(Some(&format!("Bearer {token}")))
}

fn from(n: u8) -> SocketAddr {
    SocketAddr::from(([192, 0, 2, n], 40000))
}

const WRONG: &str = "not-secret-wrong-token-aW5jb3JyZWN0IHRva2Vu";

#[tokio::test]
async fn wrong_tokens_are_throttled_per_client() {
    let t = test_app();
    // Ten wrong tokens a minute are answered 401...
    for n in 0..10 {
        let res = t.send_from(from(1), with_token(WRONG)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    // ... then 429 with Retry-After, before the token is looked at: the
    // right token from there waits too.
    for token in [WRONG, STAFF_TOKEN] {
        let res = t.send_from(from(1), with_token(token)).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = res.headers()[header::RETRY_AFTER]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!((1..=6).contains(&wait), "{wait}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(body_json(res).await["error"]["code"], "rate_limited");
    }
    // Another client is not affected.
    let res = t.send_from(from(2), with_token(STAFF_TOKEN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    // A request without a token guesses nothing and costs nothing.
    for _ in 0..30 {
        let res = t.send_from(from(3), me(None)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = t.send_from(from(3), with_token(STAFF_TOKEN)).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Public endpoints are never throttled by this.
    let res = t.send_from(from(1), get("/api/v1/health")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_guessing_flood_from_many_addresses_spares_the_desk_that_is_working() {
    let t = test_app();
    // The desk signed in this morning.
    let desk = SocketAddr::from(([198, 51, 100, 7], 40000));
    assert_eq!(
        t.send_from(desk, with_token(STAFF_TOKEN)).await.status(),
        StatusCode::OK
    );
    // 150 addresses, one wrong token each: the global bucket (100) runs
    // out, and the rest are asked to wait about a second.
    let mut refused = 0;
    for n in 0..150u8 {
        let res = t
            .send_from(
                SocketAddr::from(([203, 0, 113, n], 40000)),
                with_token(WRONG),
            )
            .await;
        match res.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => {
                assert_eq!(res.headers()[header::RETRY_AFTER], "1");
                refused += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(refused >= 40, "only {refused} refused");
    // The desk keeps working.
    assert_eq!(
        t.send_from(desk, with_token(STAFF_TOKEN)).await.status(),
        StatusCode::OK
    );
    // A new sign-in meanwhile waits what Retry-After says (a second), and
    // then gets in: not locked out for long.
    let newcomer = SocketAddr::from(([198, 51, 100, 8], 40000));
    let mut tries = 0;
    loop {
        tries += 1;
        let res = t.send_from(newcomer, with_token(STAFF_TOKEN)).await;
        if res.status() == StatusCode::OK {
            break;
        }
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers()[header::RETRY_AFTER], "1");
        assert!(tries < 3, "still refused after {tries} tries");
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    }
}

#[tokio::test]
async fn bearer_is_matched_in_any_case() {
    let t = test_app();
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let res = t.send(me(Some(&format!("{scheme} {STAFF_TOKEN}")))).await;
        assert_eq!(res.status(), StatusCode::OK, "{scheme}");
        assert_eq!(body_json(res).await["name"], "admin");
    }
    for wrong in [
        format!("Basic {STAFF_TOKEN}"),
        format!("Bearer{STAFF_TOKEN}"),
        STAFF_TOKEN.to_string(),
    ] {
        let res = t.send_from(from(9), me(Some(&wrong))).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{wrong}");
    }
}

fn parse(args: &[&str]) -> Result<backend::Parsed, String> {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    backend::Config::from_env_and_args(&args)
}

#[test]
fn guessable_tokens_are_refused_at_start_with_how_to_make_one() {
    for weak in [
        "aaaaaaaaaaaaaaaa",
        "e2e-staff-token-not-secret-0123456789",
        "test-staff-token-0123456789",
        "correct-horse-battery-staple",
    ] {
        let Err(message) = parse(&["--staff-token", weak]) else {
            panic!("`{weak}` was accepted");
        };
        assert!(message.contains("PORTAL_STAFF_TOKEN"), "{message}");
        assert!(message.contains("openssl rand -base64 32"), "{message}");
    }
    // The test tokens are strong.
    assert!(matches!(
        parse(&["--staff-token", STAFF_TOKEN]),
        Ok(backend::Parsed::Run(_))
    ));
    // A token `portal-staff create` made is strong.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = backend::db::Db::open(&dir.path().join("data")).expect("db");
    let token = db
        .with_connection(|c| {
            backend::staff::create_account(
                c,
                "Desk 1",
                contract::staff::Role::Desk,
                "2026-01-19T00:00:00Z",
            )
        })
        .expect("connection")
        .expect("account");
    assert_eq!(backend::staff::check_token_strength(&token), Ok(()));
}

/// The real binary refuses a weak `PORTAL_STAFF_TOKEN` and says how to
/// make a good one.
#[test]
fn the_backend_does_not_start_with_a_weak_token() {
    let (_dir, data, dist) = common::process::temp_site();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portal-backend"))
        .env_clear()
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", &data)
        .env("PORTAL_DIST", &dist)
        .env("PORTAL_PROFILE", profile_path())
        .env("PORTAL_STAFF_TOKEN", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .output()
        .expect("run portal-backend");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("openssl rand -base64 32"), "{stderr}");
    assert!(!data.exists(), "nothing was made before the refusal");
}
