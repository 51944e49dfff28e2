//! Hostile and broken requests, as raw bytes on a socket to the real
//! `portal-backend`: every one gets a 4xx (JSON for `/api/...` whenever a
//! route answers it; hyper itself answers a head it cannot read with an
//! empty 400 or 431), never a 5xx, no file from outside dist/, and the
//! process is still alive and serving afterwards.

mod common;
use common::process::{connect, read_response, send, temp_site, Process, Request, Response, Start};
use common::reg::{uuid_v4, valid_body};
use common::STAFF_TOKEN;
use std::io::Write;
use std::time::Duration;

/// A file beside dist/ (and one above it) that must never be served.
const CANARY: &str = "canary-outside-dist-7f3a";

fn start() -> (tempfile::TempDir, Process) {
    let (dir, data, dist) = temp_site();
    std::fs::write(dir.path().join("Cargo.toml"), CANARY).expect("canary");
    std::fs::write(dir.path().join("secret.txt"), CANARY).expect("canary");
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    (dir, backend)
}

/// Writes `bytes` as they are and reads the answer to the end.
fn raw(backend: &Process, bytes: &[u8]) -> Response {
    let mut s = connect(backend.addr, None).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    // The server may answer and close before it has read everything.
    let _ = s.write_all(bytes);
    read_response(&mut s).expect("an answer")
}

fn bearer() -> String {
    format!("Bearer {STAFF_TOKEN}")
}

/// 4xx, and if JSON is expected, the error shape with `no-store`.
fn assert_4xx(what: &str, res: &Response, json: bool) {
    assert!(
        (400..500).contains(&res.status),
        "{what}: {} {}",
        res.status,
        res.text()
    );
    if json {
        assert_eq!(
            res.header("content-type"),
            Some("application/json"),
            "{what}"
        );
        assert_eq!(res.header("cache-control"), Some("no-store"), "{what}");
        assert!(
            res.json()["error"]["code"].as_str().is_some(),
            "{what}: {}",
            res.text()
        );
    }
}

fn still_alive(backend: &mut Process) {
    assert!(
        matches!(backend.child.try_wait(), Ok(None)),
        "the backend exited:\n{}",
        backend.output()
    );
    let health = backend
        .send(&Request::get("/api/v1/health"))
        .expect("health");
    assert_eq!(health.status, 200);
    assert!(
        !backend.output().contains("panicked"),
        "{}",
        backend.output()
    );
}

#[test]
fn huge_and_broken_heads() {
    let (_dir, mut backend) = start();
    // One header of 100 KiB.
    let big = "a".repeat(100 * 1024);
    let res = send(
        backend.addr,
        None,
        &Request {
            method: "GET",
            path: "/api/v1/advisories",
            headers: &[("X-Big", &big)],
            body: b"",
        },
    )
    .expect("answer");
    assert_eq!(res.status, 431, "one huge header");
    // A 200 KiB If-None-Match.
    let res = send(
        backend.addr,
        None,
        &Request {
            method: "GET",
            path: "/api/v1/advisories",
            headers: &[("If-None-Match", &"\"x\", ".repeat(40_000))],
            body: b"",
        },
    )
    .expect("answer");
    assert_eq!(res.status, 431, "a huge If-None-Match");
    // 150 small headers.
    let mut many = String::from("GET / HTTP/1.1\r\nHost: portal.test\r\n");
    for i in 0..150 {
        many.push_str(&format!("X-H{i}: v\r\n"));
    }
    many.push_str("Connection: close\r\n\r\n");
    let res = raw(&backend, many.as_bytes());
    assert_4xx("150 headers", &res, false);
    // NUL and invalid UTF-8 in the head.
    for (what, head) in [
        (
            "NUL in a header",
            &b"GET / HTTP/1.1\r\nHost: portal.test\r\nX-A: a\0b\r\nConnection: close\r\n\r\n"[..],
        ),
        (
            "invalid UTF-8 in the path",
            &b"GET /\xff\xfe HTTP/1.1\r\nHost: portal.test\r\nConnection: close\r\n\r\n"[..],
        ),
        (
            "NUL in the path",
            &b"GET /index.html\0 HTTP/1.1\r\nHost: portal.test\r\nConnection: close\r\n\r\n"[..],
        ),
        (
            "garbage",
            &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"[..],
        ),
    ] {
        let res = raw(&backend, head);
        assert_4xx(what, &res, false);
    }
    still_alive(&mut backend);
}

#[test]
fn bad_registration_bodies() {
    let (_dir, mut backend) = start();
    let post = |headers: &[(&str, &str)], body: &[u8]| {
        send(
            backend.addr,
            None,
            &Request::post_json("/api/v1/registrations", headers, body),
        )
        .expect("answer")
    };
    let key = uuid_v4();
    let one_key = [("Idempotency-Key", key.as_str())];
    let deep = "[".repeat(10_000);
    let mut nul = valid_body().to_string().into_bytes();
    let at = nul.iter().position(|b| *b == b'S').expect("a letter");
    nul[at] = 0;
    let mut not_utf8 = valid_body().to_string().into_bytes();
    not_utf8[at] = 0xff;
    for (what, body, code) in [
        // serde stops at the first `[` where an object belongs.
        ("10,000 [", deep.as_bytes().to_vec(), "invalid_body"),
        ("a raw NUL byte", nul, "malformed_json"),
        ("invalid UTF-8", not_utf8, "malformed_json"),
        ("a BOM", b"\xef\xbb\xbf{}".to_vec(), "malformed_json"),
        ("17 KiB", vec![b' '; 17 * 1024], "payload_too_large"),
    ] {
        let res = post(&one_key, &body);
        assert_4xx(what, &res, true);
        assert_eq!(res.json()["error"]["code"], code, "{what}: {}", res.text());
    }
    let other = uuid_v4();
    let body = valid_body().to_string();
    let res = post(
        &[
            ("Idempotency-Key", key.as_str()),
            ("Idempotency-Key", &other),
        ],
        body.as_bytes(),
    );
    assert_4xx("two Idempotency-Keys", &res, true);
    assert_eq!(res.json()["error"]["code"], "idempotency_key_invalid");
    let long_key = "a".repeat(8 * 1024);
    let res = post(&[("Idempotency-Key", &long_key)], body.as_bytes());
    assert_4xx("an 8 KiB Idempotency-Key", &res, true);
    // Chunked, over the limit, with no Content-Length.
    let chunk = vec![b' '; 20 * 1024];
    let mut chunked = format!(
        "POST /api/v1/registrations HTTP/1.1\r\nHost: portal.test\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {key}\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n",
        chunk.len()
    )
    .into_bytes();
    chunked.extend_from_slice(&chunk);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let res = raw(&backend, &chunked);
    assert_4xx("20 KiB chunked", &res, true);
    assert_eq!(res.json()["error"]["code"], "payload_too_large");
    // After all that, a good registration still goes in.
    let res = post(&one_key, body.as_bytes());
    assert_eq!(res.status, 201, "{}", res.text());
    still_alive(&mut backend);
}

#[test]
fn bad_advisories_from_staff() {
    let (_dir, mut backend) = start();
    let auth = bearer();
    let post = |body: &[u8]| {
        send(
            backend.addr,
            None,
            &Request::post_json(
                "/api/v1/advisories",
                &[("Authorization", auth.as_str())],
                body,
            ),
        )
        .expect("answer")
    };
    let huge_notice = format!(
        "{{\"status\":\"open\",\"notice\":{{\"id\":\"{}\",\"en\":\"x\"}}}}",
        "a".repeat(40 * 1024)
    );
    let res = post(huge_notice.as_bytes());
    assert_4xx("a 40 KiB advisory", &res, true);
    assert_eq!(res.json()["error"]["code"], "payload_too_large");
    let deep = "{\"a\":".repeat(10_000);
    let res = post(deep.as_bytes());
    assert_4xx("10,000 nested objects", &res, true);
    let res = post(b"{\"status\":\"op\xffen\"}");
    assert_4xx("invalid UTF-8", &res, true);
    let res = post(b"{\"status\":\"open\0\"}");
    assert_4xx("a NUL byte", &res, true);
    // The current advisory is unchanged and still served.
    let current = backend
        .send(&Request::get("/api/v1/advisories"))
        .expect("advisory");
    assert_eq!(current.status, 200);
    still_alive(&mut backend);
}

#[test]
fn traversal_on_static_paths_serves_nothing_from_outside_dist() {
    let (_dir, mut backend) = start();
    for path in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/secret.txt",
        "/..%2fCargo.toml",
        "/..%2fsecret.txt",
        "/index.html%00",
        "/index.html%00.js",
        "//etc/passwd",
        "/id/guidance/..%2f..%2fprofile",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/static/../../secret.txt",
    ] {
        let res = send(backend.addr, None, &Request::get(path)).expect("answer");
        assert_4xx(path, &res, false);
        assert!(
            !res.text().contains(CANARY),
            "{path} served a file outside dist/"
        );
        assert!(!res.text().contains("root:"), "{path} served /etc/passwd");
    }
    still_alive(&mut backend);
}

#[test]
fn other_methods_on_api_routes() {
    let (_dir, mut backend) = start();
    for path in ["/api/v1/registrations", "/api/v1/advisories", "/api"] {
        for method in ["PUT", "DELETE", "TRACE", "OPTIONS", "PATCH"] {
            let res = send(
                backend.addr,
                None,
                &Request {
                    method,
                    path,
                    headers: &[],
                    body: b"",
                },
            )
            .expect("answer");
            let what = format!("{method} {path}");
            assert_4xx(&what, &res, true);
            if path != "/api" {
                assert_eq!(res.status, 405, "{what}");
                assert!(res.header("allow").is_some(), "{what}: no Allow");
            }
        }
    }
    // And a page: 405 with Allow, not a 5xx.
    let res = send(
        backend.addr,
        None,
        &Request {
            method: "DELETE",
            path: "/",
            headers: &[],
            body: b"",
        },
    )
    .expect("answer");
    assert_4xx("DELETE /", &res, false);
    still_alive(&mut backend);
}
