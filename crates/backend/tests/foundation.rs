//! The foundation's contract: health, JSON errors for every API failure,
//! the SPA fallback, cache rules and security headers.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;

#[tokio::test]
async fn health_reports_ok_and_version() {
    let t = test_app();
    let res = t.send(get("/api/v1/health")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let v = body_json(res).await;
    assert_eq!(v["status"], "ok");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn unknown_api_path_is_json_404() {
    let t = test_app();
    for path in ["/api/v1/nope", "/api/v2/health", "/api/x"] {
        let res = t.send(get(path)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "application/json",
            "{path}"
        );
        let v = body_json(res).await;
        assert_eq!(v["error"]["code"], "not_found", "{path}");
    }
}

#[tokio::test]
async fn wrong_method_is_json_405() {
    let t = test_app();
    let res = t
        .send(
            Request::delete("/api/v1/health")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body_json(res).await["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn app_routes_fall_back_to_the_language_shell() {
    let t = test_app();
    for (path, shell) in [
        ("/", "shell id"),
        ("/id", "shell id"),
        ("/id/register", "shell id"),
        ("/en", "shell en"),
        ("/en/register/name", "shell en"),
    ] {
        let res = t.send(get(path)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        assert!(body_string(res).await.contains(shell), "{path}");
    }
}

#[tokio::test]
async fn unknown_pages_are_404_with_the_shell() {
    let t = test_app();
    for (path, shell) in [
        ("/fr", "shell id"),
        ("/fr/privacy", "shell id"),
        ("/id/nope", "shell id"),
        ("/en/guidance/unknown", "shell en"),
        ("/en/register/name/extra", "shell en"),
    ] {
        let res = t.send(get(path)).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        // The app says "not found" in the page's language.
        assert!(body_string(res).await.contains(shell), "{path}");
        // Never "not modified": the 404 comes with its page.
        let res = t
            .send(
                Request::get(path)
                    .header(header::IF_MODIFIED_SINCE, "Sat, 01 Jan 2100 00:00:00 GMT")
                    .body(Body::empty())
                    .expect("req"),
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn missing_file_is_404_not_the_shell() {
    let t = test_app();
    let res = t.send(get("/missing-file.png")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_immutable() {
    let t = test_app();
    let res = t.send(get("/app-0123456789abcdef.js")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // Code files carry no CSP (it would do nothing there); pages and the
    // worker's script do.
    assert!(!res.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    for path in ["/", "/sw.js", "/profile.json"] {
        let res = t.send(get(path)).await;
        assert!(
            res.headers().contains_key(header::CONTENT_SECURITY_POLICY),
            "{path}"
        );
    }
}

#[tokio::test]
async fn security_headers_and_csp_hash_of_inline_script() {
    let t = test_app();
    let res = t.send(get("/")).await;
    let h = res.headers();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    // sha256 of `init()`, the fake shell's inline module script.
    assert!(
        csp.contains("'sha256-w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8='"),
        "{csp}"
    );
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    assert!(h.contains_key("permissions-policy"));
}

/// The built binary starts from the environment alone, serves the app and
/// the API over a real socket, and answers from a 127.0.0.x address too.
#[test]
fn the_real_process_serves_app_and_api() {
    use common::process::{send, temp_site, Process, Request, Start};
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    let home = backend.send(&Request::get("/")).expect("home");
    assert_eq!(home.status, 200, "{}", backend.output());
    assert!(home.text().contains("shell id"), "{}", home.text());
    let from = Some(std::net::IpAddr::from([127, 0, 0, 7]));
    let health = send(backend.addr, from, &Request::get("/api/v1/health")).expect("health");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
}

/// Written to a file (the journal, `2>> portal.log`), the log is plain
/// text: no terminal colour codes around its levels and fields.
#[test]
fn a_log_written_to_a_file_has_no_colour_codes() {
    use common::process::{temp_site, Process, Request, Start};
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[("PORTAL_LOG", "info")],
    });
    let health = backend
        .send(&Request::get("/api/v1/health"))
        .expect("health");
    assert_eq!(health.status, 200);
    let log = backend.output();
    assert!(log.contains("INFO"), "the log has lines: {log}");
    assert!(log.contains("portal backend listening"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in the log file: {log:?}"
    );
}

/// A handler that panics answers the JSON 503 a database failure gets
/// (the phone retries), and the router goes on serving.
#[tokio::test]
async fn a_panicking_handler_answers_503_json_and_the_router_goes_on() {
    use tower::ServiceExt;
    let router = axum::Router::new()
        .route(
            "/boom",
            axum::routing::get(|| async {
                let parts: Vec<&str> = Vec::new();
                // Out of bounds on purpose: a bug, not a user's input.
                parts[1].to_string()
            }),
        )
        .route("/fine", axum::routing::get(|| async { "fine" }))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            backend::api_error::answer_panic,
        ));
    let res = router
        .clone()
        .oneshot(get("/boom"))
        .await
        .expect("infallible");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(body_json(res).await["error"]["code"], "unavailable");
    let res = router.oneshot(get("/fine")).await.expect("infallible");
    assert_eq!(res.status(), StatusCode::OK);
}
