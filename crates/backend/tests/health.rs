//! Liveness and readiness (`health.rs`): liveness never touches the disk,
//! readiness fails on too little free space and on a database that cannot
//! take a write, with 503 JSON, `Retry-After` and `no-store`. The real faults
//! (a full tmpfs, a file system gone read-only) are in `faults.rs`.

mod common;
use axum::http::{header, StatusCode};
use common::reg::{post, uuid_v4, valid_body};
use common::*;

fn app_with(min_free_disk_bytes: u64) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    write_fake_dist(&dir.path().join("dist"));
    let config = backend::Config {
        min_free_disk_bytes,
        ..test_config(dir.path(), "data", Some(STAFF_TOKEN))
    };
    let state = backend::AppState::new(&config).expect("state");
    TestApp {
        app: backend::app(state.clone()),
        state,
        dir,
    }
}

#[tokio::test]
async fn liveness_and_readiness_say_ok_and_are_not_cached() {
    let t = test_app();
    for uri in ["/api/v1/health", "/api/v1/health/ready"] {
        let res = t.send(get(uri)).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{uri}");
        let body = body_json(res).await;
        assert_eq!(body["status"], "ok", "{uri}");
        assert_eq!(body["version"], env!("CARGO_PKG_VERSION"), "{uri}");
    }
}

#[tokio::test]
async fn readiness_writes_to_the_database() {
    let t = test_app();
    let res = t.send(get("/api/v1/health/ready")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let checked: String = t
        .state
        .db
        .call(|c| c.query_row("SELECT checked_at FROM health_probe", [], |r| r.get(0)))
        .await
        .expect("the probe left its row");
    assert!(checked.starts_with("20"), "{checked}");
}

#[tokio::test]
async fn too_little_free_space_is_not_ready_and_refuses_new_writes() {
    // No disk has this much free: the check must say "not ready".
    let t = app_with(u64::MAX);
    let res = t.send(get("/api/v1/health/ready")).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(res.headers()[header::RETRY_AFTER], "30");
    let body = body_json(res).await;
    assert_eq!(body["error"]["code"], "not_ready");
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("free space"), "{message}");
    assert!(
        !message.contains(t.dir.path().to_string_lossy().as_ref()),
        "no path in the answer: {message}"
    );

    // Liveness stays ok: a full disk is no reason to restart the process.
    let res = t.send(get("/api/v1/health")).await;
    assert_eq!(res.status(), StatusCode::OK);

    // A registration is refused before SQLite meets the full disk.
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()[header::RETRY_AFTER], "30");
    assert_eq!(body_json(res).await["error"]["code"], "not_ready");
    let rows: i64 = t
        .state
        .db
        .call(|c| c.query_row("SELECT COUNT(*) FROM registrations", [], |r| r.get(0)))
        .await
        .expect("count");
    assert_eq!(rows, 0);

    // Reads keep working.
    let res = t.send(get("/api/v1/advisories")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_retry_of_a_stored_registration_is_answered_on_a_full_disk() {
    // Stored while there was room...
    let roomy = test_app();
    let key = uuid_v4();
    let res = roomy.send(post(&valid_body(), &key)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first = body_json(res).await;
    // ...then the same database with no room left.
    let config = backend::Config {
        min_free_disk_bytes: u64::MAX,
        ..test_config(roomy.dir.path(), "data", Some(STAFF_TOKEN))
    };
    let full = backend::app(backend::AppState::new(&config).expect("state"));
    let send = |req| {
        use tower::ServiceExt;
        let mut req: axum::http::Request<axum::body::Body> = req;
        req.extensions_mut().insert(axum::extract::ConnectInfo(
            "127.0.0.1:40000"
                .parse::<std::net::SocketAddr>()
                .expect("addr"),
        ));
        full.clone().oneshot(req)
    };
    let res = send(post(&valid_body(), &key)).await.expect("answer");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body_json(res).await["reference"], first["reference"]);
    let res = send(post(&valid_body(), &uuid_v4())).await.expect("answer");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_database_that_cannot_take_a_write_is_not_ready() {
    let t = test_app();
    // The probe's table made read-only by a trigger: every write fails
    // inside SQLite, as on a read-only or failing file.
    t.state
        .db
        .call(|c| {
            c.execute_batch(
                "CREATE TABLE IF NOT EXISTS health_probe (
                    id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL);
                 CREATE TRIGGER no_probe_insert BEFORE INSERT ON health_probe
                    BEGIN SELECT RAISE(ABORT, 'read-only'); END;
                 CREATE TRIGGER no_probe_update BEFORE UPDATE ON health_probe
                    BEGIN SELECT RAISE(ABORT, 'read-only'); END;",
            )
        })
        .await
        .expect("triggers");
    let res = t.send(get("/api/v1/health/ready")).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    let body = body_json(res).await;
    assert_eq!(body["error"]["code"], "not_ready");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("database"),
        "{body}"
    );

    // Fixed: ready again once the probe interval has passed.
    t.state
        .db
        .call(|c| c.execute_batch("DROP TRIGGER no_probe_insert; DROP TRIGGER no_probe_update;"))
        .await
        .expect("drop triggers");
    tokio::time::sleep(backend::health::PROBE_INTERVAL).await;
    let res = t.send(get("/api/v1/health/ready")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[test]
fn the_free_space_floor_is_configurable() {
    let parsed =
        backend::Config::from_env_and_args(&["--min-free-disk-mb".to_string(), "5".to_string()]);
    match parsed {
        Ok(backend::Parsed::Run(c)) => assert_eq!(c.min_free_disk_bytes, 5 * 1024 * 1024),
        _ => panic!("--min-free-disk-mb 5 should parse"),
    }
    for bad in ["-1", "five", "99999999999999999"] {
        let parsed =
            backend::Config::from_env_and_args(&["--min-free-disk-mb".to_string(), bad.into()]);
        assert!(parsed.is_err(), "{bad} should be refused");
    }
    assert_eq!(
        backend::Config::defaults().min_free_disk_bytes,
        backend::config::DEFAULT_MIN_FREE_DISK_MB * 1024 * 1024
    );
}
