//! The server's edge, in process: `Vary`, HSTS, CORS, 405s, one
//! Idempotency-Key, `/profile.json` from memory, the CSP that follows
//! dist/, API load shedding and the body deadline. (Timeouts on real
//! sockets are in `slowloris.rs`; hostile requests in `bad_input.rs`.)

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::reg::*;
use common::*;
use std::time::Duration;

fn dist(t: &TestApp) -> std::path::PathBuf {
    t.dir.path().join("dist")
}

fn with_headers(method: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.body(Body::empty()).expect("request")
}

fn varies_on(res: &axum::http::Response<Body>, name: &str) -> bool {
    res.headers()
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case(name))
}

fn sha256_source(script: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script))
    )
}

fn csp_of(res: &axum::http::Response<Body>) -> String {
    res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii")
        .to_string()
}

// --- Vary: Accept-Encoding (S12) ---

#[tokio::test]
async fn everything_from_dist_varies_on_accept_encoding() {
    let t = test_app();
    std::fs::write(dist(&t).join("app-0123456789abcdef.js.br"), "brotli bytes").expect("br");
    for path in [
        "/",
        "/en",
        "/id/guidance",
        "/app-0123456789abcdef.js",
        "/nope.js",
    ] {
        let res = t.send(get(path)).await;
        assert!(
            varies_on(&res, "accept-encoding"),
            "{path}: {:?}",
            res.headers()
        );
    }
    let br = t
        .send(with_headers(
            "GET",
            "/app-0123456789abcdef.js",
            &[("accept-encoding", "br")],
        ))
        .await;
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    assert!(varies_on(&br, "accept-encoding"));
    assert_eq!(body_string(br).await, "brotli bytes");
    // A revalidation answer says it too.
    let first = t.send(get("/")).await;
    let modified = first.headers()[header::LAST_MODIFIED]
        .to_str()
        .expect("date")
        .to_string();
    let again = t
        .send(with_headers(
            "GET",
            "/",
            &[("if-modified-since", &modified)],
        ))
        .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(varies_on(&again, "accept-encoding"));
    // The advisory is never compressed: one copy for every client in a cache.
    let api = t.send(get("/api/v1/advisories")).await;
    assert_eq!(api.status(), StatusCode::OK);
    assert!(!varies_on(&api, "accept-encoding"), "{:?}", api.headers());
}

#[tokio::test]
async fn a_precompressed_page_older_than_its_page_is_not_served() {
    let t = test_app();
    let page = dist(&t).join("index.html");
    let br = dist(&t).join("index.html.br");
    std::fs::write(&br, "old brotli").expect("br");
    let fresh = t
        .send(with_headers("GET", "/", &[("accept-encoding", "br")]))
        .await;
    assert_eq!(fresh.headers()[header::CONTENT_ENCODING], "br");
    // The page is rebuilt; its .br is left from the last build, an hour ago.
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&br)
        .expect("open")
        .set_modified(an_hour_ago)
        .expect("mtime");
    std::fs::write(&page, "<p>rebuilt</p>").expect("page");
    let res = t
        .send(with_headers("GET", "/", &[("accept-encoding", "br")]))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.headers().contains_key(header::CONTENT_ENCODING));
    assert_eq!(body_string(res).await, "<p>rebuilt</p>");
}

// --- HSTS (S7) ---

#[tokio::test]
async fn hsts_only_when_on() {
    let off = test_app();
    let res = off.send(get("/")).await;
    assert!(!res
        .headers()
        .contains_key(header::STRICT_TRANSPORT_SECURITY));

    let on = test_app_with(|c| c.edge.hsts = true);
    for path in ["/", "/api/v1/advisories", "/api/v1/nope", "/status/id"] {
        let res = on.send(get(path)).await;
        assert_eq!(
            res.headers()[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

// --- CORS (S10) ---

const PORTAL: &str = "https://portal.example.org";

fn cors_app() -> TestApp {
    test_app_with(|c| c.edge.cors_origins = vec![PORTAL.to_string()])
}

#[tokio::test]
async fn cors_answers_the_listed_origin_only() {
    let t = cors_app();
    let res = t
        .send(with_headers(
            "GET",
            "/api/v1/advisories",
            &[("origin", PORTAL)],
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
    assert_eq!(
        h[header::ACCESS_CONTROL_EXPOSE_HEADERS],
        "ETag, Retry-After, Location"
    );
    assert!(!h.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS));
    assert!(varies_on(&res, "origin"));

    for foreign in [
        "https://evil.example",
        "null",
        "https://portal.example.org.evil.example",
        "http://portal.example.org",
    ] {
        let res = t
            .send(with_headers(
                "GET",
                "/api/v1/advisories",
                &[("origin", foreign)],
            ))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{foreign}");
        assert!(
            !res.headers()
                .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "{foreign}: {:?}",
            res.headers()
        );
        assert!(varies_on(&res, "origin"), "{foreign}");
    }
    // An error answer can be read by the listed page too (429's Retry-After).
    let res = t
        .send(with_headers("GET", "/api/v1/nope", &[("origin", PORTAL)]))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
}

#[tokio::test]
async fn cors_preflight_for_a_registration() {
    let t = cors_app();
    let preflight = |origin: &'static str| {
        with_headers(
            "OPTIONS",
            "/api/v1/registrations",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "content-type, idempotency-key",
                ),
            ],
        )
    };
    let res = t.send(preflight(PORTAL)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let h = res.headers();
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
    assert_eq!(
        h[header::ACCESS_CONTROL_ALLOW_METHODS],
        "GET, POST, PUT, DELETE"
    );
    assert_eq!(
        h[header::ACCESS_CONTROL_ALLOW_HEADERS],
        "Content-Type, Idempotency-Key, If-None-Match, Authorization"
    );
    assert!(h.contains_key(header::ACCESS_CONTROL_MAX_AGE));
    assert!(!h.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS));
    assert!(varies_on(&res, "origin"));

    let res = t.send(preflight("https://evil.example")).await;
    assert!(!res
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    assert!(!res
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_METHODS));

    // The POST itself, from the listed page.
    let mut post = post(&valid_body(), &uuid_v4());
    post.headers_mut()
        .insert(header::ORIGIN, PORTAL.parse().expect("origin"));
    let res = t.send(post).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], PORTAL);
}

#[tokio::test]
async fn no_cors_headers_when_no_origin_is_configured() {
    let t = test_app();
    let res = t
        .send(with_headers(
            "GET",
            "/api/v1/advisories",
            &[("origin", PORTAL)],
        ))
        .await;
    assert!(!res
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let res = t
        .send(with_headers(
            "OPTIONS",
            "/api/v1/registrations",
            &[
                ("origin", PORTAL),
                ("access-control-request-method", "POST"),
            ],
        ))
        .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(!res
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

// --- 405 with Allow, JSON under /api (S27), one Idempotency-Key (S28) ---

#[tokio::test]
async fn wrong_methods_get_json_405_with_allow() {
    let t = cors_app();
    for (method, path, allowed) in [
        ("PUT", "/api/v1/registrations", "POST"),
        ("DELETE", "/api/v1/registrations", "POST"),
        ("TRACE", "/api/v1/advisories", "GET"),
        ("OPTIONS", "/api/v1/advisories", "GET"),
    ] {
        let res = t.send(with_headers(method, path, &[])).await;
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        let allow = res.headers()[header::ALLOW]
            .to_str()
            .expect("allow")
            .to_string();
        assert!(allow.contains(allowed), "{method} {path}: {allow}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        let v = body_json(res).await;
        assert_eq!(v["error"]["code"], "method_not_allowed", "{method} {path}");
    }
    // A page, by a method that is not GET or HEAD.
    let res = t.send(with_headers("DELETE", "/", &[])).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers()[header::ALLOW]
        .to_str()
        .expect("allow")
        .contains("GET"));
    for method in ["GET", "POST", "PUT"] {
        let res = t.send(with_headers(method, "/api", &[])).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{method} /api");
        assert_eq!(body_json(res).await["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn two_idempotency_keys_are_refused() {
    let t = test_app();
    let mut req = post(&valid_body(), &uuid_v4());
    req.headers_mut()
        .append("idempotency-key", uuid_v4().parse().expect("header value"));
    let res = t.send(req).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let v = body_json(res).await;
    assert_eq!(v["error"]["code"], "idempotency_key_invalid", "{v}");
}

// --- Served state matches disk (S11) ---

#[tokio::test]
async fn profile_json_is_the_validated_profile_from_memory() {
    let t = test_app();
    // dist/ holds another profile, not even valid: it is never served.
    std::fs::write(dist(&t).join("profile.json"), "{\"broken\": ").expect("profile");
    let res = t.send(get("/profile.json")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(varies_on(&res, "accept-encoding"));
    let etag = res.headers()[header::ETAG]
        .to_str()
        .expect("etag")
        .to_string();
    let served = body_string(res).await;
    let validated = std::fs::read_to_string(profile_path()).expect("profile");
    assert_eq!(served, validated);
    assert!(contract::Profile::from_json(&served).is_ok());

    let again = t
        .send(with_headers(
            "GET",
            "/profile.json",
            &[("if-none-match", &etag)],
        ))
        .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG], etag.as_str());

    let compressed = t
        .send(with_headers(
            "GET",
            "/profile.json",
            &[("accept-encoding", "gzip")],
        ))
        .await;
    assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn the_csp_follows_a_page_replaced_without_a_restart() {
    let t = test_app();
    let before = t.send(get("/")).await;
    assert!(csp_of(&before).contains(&sha256_source("init()")));

    let script = "window.redeployed = 2";
    std::fs::write(
        dist(&t).join("index.html"),
        format!("<!doctype html><script>{script}</script><style>p{{color:red}}</style><p>v2</p>"),
    )
    .expect("page");
    let after = t.send(get("/")).await;
    assert_eq!(after.status(), StatusCode::OK);
    let csp = csp_of(&after);
    assert!(csp.contains(&sha256_source(script)), "{csp}");
    assert!(csp.contains(&sha256_source("p{color:red}")), "{csp}");
    // The old build's script is gone from every page: so is its hash.
    assert!(!csp.contains(&sha256_source("init()")), "{csp}");
    assert!(body_string(after).await.contains("v2"));

    // By its file name, and for answers that are not pages, the same.
    let by_name = t.send(get("/index.html")).await;
    assert_eq!(by_name.status(), StatusCode::OK);
    assert!(csp_of(&by_name).contains(&sha256_source(script)));
    let api = t.send(get("/api/v1/advisories")).await;
    assert!(csp_of(&api).contains(&sha256_source(script)));

    // A page that was not there at start.
    std::fs::create_dir_all(dist(&t).join("id")).expect("dir");
    std::fs::write(
        dist(&t).join("id/guidance.html"),
        "<script>articles()</script>",
    )
    .expect("page");
    let page = t.send(get("/id/guidance")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(csp_of(&page).contains(&sha256_source("articles()")));
}

#[tokio::test]
async fn html_names_that_are_not_plain_are_not_found() {
    let t = test_app();
    for path in [
        "/in%64ex.html",
        "/../index.html",
        "/a.b.html",
        "/x/../index.html",
    ] {
        let res = t.send(get(path)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!body_string(res).await.contains("shell id"), "{path}");
    }
}

// --- API load shedding (S4) ---

#[tokio::test]
async fn a_full_api_sheds_with_503_while_pages_answer() {
    let t = test_app_with(|c| c.edge.max_api_requests = 2);
    let held = t
        .state
        .api_slots
        .clone()
        .acquire_many_owned(2)
        .await
        .expect("slots");
    let res = t.send(get("/api/v1/advisories/history")).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()[header::RETRY_AFTER], "2");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(body_json(res).await["error"]["code"], "unavailable");
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    for path in [
        "/",
        "/status/id",
        "/profile.json",
        "/api/v1/health",
        "/api/v1/advisories",
    ] {
        let res = t.send(get(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    // The no-script case lookup does work too: counted.
    let lookup = Request::post("/case/id")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("reference=7KQ4-M2XHF&date_of_birth=2001-08-17"))
        .expect("request");
    let res = t.send(lookup).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    drop(held);
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

// --- The body deadline (S4) ---

/// A body that sends its first bytes and then nothing, forever.
struct Stalled(bool);

impl http_body::Body for Stalled {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if self.0 {
            return std::task::Poll::Pending;
        }
        self.0 = true;
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(
            axum::body::Bytes::from_static(b"{\"full_name\":"),
        ))))
    }
}

#[tokio::test]
async fn a_body_that_stalls_gets_408_json() {
    let t = test_app_with(|c| c.edge.body_timeout = Duration::from_millis(300));
    let req = Request::post("/api/v1/registrations")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", uuid_v4())
        .body(Body::new(Stalled(false)))
        .expect("request");
    let started = std::time::Instant::now();
    let res = tokio::time::timeout(Duration::from_secs(10), t.send(req))
        .await
        .expect("an answer, not a wait");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(body_json(res).await["error"]["code"], "request_timeout");
}

// --- The real process: hyper's connections still give handlers the peer ---

/// Served through `server::run`, handlers still see each client's own
/// address (`ConnectInfo`): one address reaches its registration limit, the
/// next address is not affected.
#[test]
fn the_rate_limit_still_sees_each_client() {
    use common::process::{send, temp_site, Process, Request, Start};
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    let body = valid_body().to_string();
    let register = |from: [u8; 4]| {
        let key = uuid_v4();
        let headers = [("Idempotency-Key", key.as_str())];
        send(
            backend.addr,
            Some(std::net::IpAddr::from(from)),
            &Request::post_json("/api/v1/registrations", &headers, body.as_bytes()),
        )
        .expect("answer")
        .status
    };
    let first: Vec<u16> = (0..6).map(|_| register([127, 0, 0, 30])).collect();
    assert_eq!(
        first,
        [201, 201, 201, 201, 201, 429],
        "{}",
        backend.output()
    );
    assert_eq!(register([127, 0, 0, 31]), 201);
}

/// Every answer tells the client to drop an idle connection a second
/// before the server closes it, so a kept-alive client never sends into a
/// socket being closed (the race a Node client met as ECONNRESET).
#[tokio::test]
async fn answers_carry_a_keep_alive_hint_shorter_than_the_idle_timeout() {
    let t = test_app_with(|c| c.edge.idle_timeout = Duration::from_secs(5));
    for uri in ["/", "/api/v1/health", "/api/v1/advisories", "/no/such/page"] {
        let res = t.send(get(uri)).await;
        assert_eq!(res.headers()["keep-alive"], "timeout=4", "{uri}");
    }
    let t = test_app_with(|c| c.edge.idle_timeout = Duration::from_millis(1500));
    let res = t.send(get("/")).await;
    assert!(!res.headers().contains_key("keep-alive"));
}
