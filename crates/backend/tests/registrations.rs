//! `POST /api/v1/registrations` and the staff look-up, against a real SQLite
//! file: exactly-once delivery, every error status, the rate limit, and the
//! `portal-registration` CLI.

mod common;
use axum::body::Body;
use axum::http::{header, StatusCode};
use backend::registrations::{store, NewRegistration, Outcome};
use common::reg::*;
use common::*;
use contract::registration::{normalise, RegistrationRequest};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;

fn client(n: u8) -> SocketAddr {
    format!("192.0.2.{n}:50000").parse().expect("addr")
}

fn db_path(t: &TestApp) -> std::path::PathBuf {
    t.dir.path().join("data").join("portal.sqlite3")
}

fn row_count(t: &TestApp) -> i64 {
    let conn = rusqlite::Connection::open(db_path(t)).expect("open");
    conn.query_row("SELECT COUNT(*) FROM registrations", [], |r| r.get(0))
        .expect("count")
}

async fn assert_error(res: axum::http::Response<Body>, status: StatusCode, code: &str) -> Value {
    assert_eq!(res.status(), status, "{code}");
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/json",
        "{code}"
    );
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{code}");
    let v = body_json(res).await;
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    v
}

#[tokio::test]
async fn created_then_replayed_with_one_row() {
    let t = test_app();
    let key = uuid_v4();
    let res = t.send(post(&valid_body(), &key)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let location = res.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let receipt = body_json(res).await;
    let reference = receipt["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    assert!(contract::reference::is_valid(&reference), "{reference}");
    assert_eq!(
        contract::reference::normalise(&reference).as_deref(),
        Some(reference.as_str())
    );
    assert_eq!(location, format!("/api/v1/registrations/{reference}"));
    let received_at = receipt["received_at"].as_str().expect("received_at");
    assert!(contract::time::parse_rfc3339(received_at).is_some());

    // The same form sent again, even typed differently, gets the same receipt.
    let mut retyped = valid_body();
    retyped["phone"] = json!("+62 812 3456 7890");
    retyped["location"] = json!("Phnom Penh");
    for body in [valid_body(), retyped] {
        let res = t.send(post(&body, &key)).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(body_json(res).await, receipt);
    }
    // The key's case does not matter.
    let res = t.send(post(&valid_body(), &key.to_uppercase())).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(row_count(&t), 1);

    // What is stored is the normalised request.
    let conn = rusqlite::Connection::open(db_path(&t)).expect("open");
    let (body, lang): (String, String) = conn
        .query_row("SELECT body, lang FROM registrations", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    let stored: RegistrationRequest = serde_json::from_str(&body).expect("stored JSON");
    let sent: RegistrationRequest = serde_json::from_value(valid_body()).expect("body");
    assert_eq!(stored, normalise(&sent));
    assert_eq!(stored.phone, "+6281234567890");
    assert_eq!(stored.location, "Phnom Penh");
    assert_eq!(lang, "id");
}

#[tokio::test]
async fn same_key_with_another_body_is_409() {
    let t = test_app();
    let key = uuid_v4();
    assert_eq!(
        t.send(post(&valid_body(), &key)).await.status(),
        StatusCode::CREATED
    );
    let mut other = valid_body();
    other["people_with_you"] = json!(3);
    let res = t.send(post(&other, &key)).await;
    assert_error(res, StatusCode::CONFLICT, "idempotency_conflict").await;
    assert_eq!(row_count(&t), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_duplicates_store_one_row() {
    let t = Arc::new(test_app());
    let key = uuid_v4();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let t = t.clone();
        let key = key.clone();
        tasks.push(tokio::spawn(async move {
            let res = t.send(post(&valid_body(), &key)).await;
            let status = res.status();
            (status, body_json(res).await)
        }));
    }
    let mut created = 0;
    let mut references = std::collections::BTreeSet::new();
    for task in tasks {
        let (status, v) = task.await.expect("task");
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::OK => {}
            other => panic!("unexpected {other}: {v}"),
        }
        references.insert(v["reference"].as_str().expect("reference").to_string());
    }
    assert_eq!(created, 1);
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(row_count(&t), 1);
}

#[test]
fn separate_connections_racing_store_one_row() {
    // The in-process mutex is not the only guard: two connections (as two
    // processes would have) racing on one key still store one row.
    let t = test_app();
    let path = db_path(&t);
    let req: RegistrationRequest = serde_json::from_value(valid_body()).expect("body");
    let new = NewRegistration::new(uuid_v4(), &normalise(&req), "2026-01-19T01:00:00Z".into());
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8u64)
            .map(|i| {
                let path = path.clone();
                let new = new.clone();
                s.spawn(move || {
                    let mut conn = rusqlite::Connection::open(&path).expect("open");
                    conn.busy_timeout(std::time::Duration::from_secs(10))
                        .expect("busy timeout");
                    let candidates = vec![contract::reference::generate((i + 1).to_le_bytes())];
                    store(&mut conn, &new, &candidates, || Ok(())).expect("store")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let created: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Created(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(created.len(), 1, "{outcomes:?}");
    for o in &outcomes {
        match o {
            Outcome::Created(r) | Outcome::Replayed(r) => assert_eq!(r, &created[0]),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(row_count(&t), 1);
}

#[test]
fn a_reference_collision_takes_the_next_candidate() {
    let t = test_app();
    let mut conn = rusqlite::Connection::open(db_path(&t)).expect("open");
    let req: RegistrationRequest = serde_json::from_value(valid_body()).expect("body");
    let a = NewRegistration::new(uuid_v4(), &normalise(&req), "2026-01-19T01:00:00Z".into());
    let b = NewRegistration::new(uuid_v4(), &normalise(&req), "2026-01-19T01:00:01Z".into());
    let r1 = contract::reference::generate([1; 8]);
    let r2 = contract::reference::generate([2; 8]);
    let first = store(&mut conn, &a, std::slice::from_ref(&r1), || Ok(())).expect("a");
    assert!(matches!(first, Outcome::Created(ref r) if r.reference == r1));
    let second = store(&mut conn, &b, &[r1.clone(), r2.clone()], || Ok(())).expect("b");
    assert!(
        matches!(second, Outcome::Created(ref r) if r.reference == r2),
        "{second:?}"
    );
    let c = NewRegistration::new(uuid_v4(), &normalise(&req), "2026-01-19T01:00:02Z".into());
    assert!(store(&mut conn, &c, &[r1, r2], || Ok(())).is_err());
    assert_eq!(row_count(&t), 2);
}

#[tokio::test]
async fn oversize_body_is_413() {
    let t = test_app();
    let mut body = valid_body();
    body["help_other"] = json!("x".repeat(20 * 1024));
    let res = t.send(post(&body, &uuid_v4())).await;
    assert_error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert_eq!(row_count(&t), 0);
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let t = test_app();
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let res = t
            .send(post_raw(valid_body().to_string(), Some(&uuid_v4()), ct))
            .await;
        assert_error(
            res,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        )
        .await;
    }
}

#[tokio::test]
async fn malformed_json_is_400() {
    let t = test_app();
    for body in ["{", "", "not json", "{\"full_name\": }"] {
        let res = t
            .send(post_raw(body, Some(&uuid_v4()), Some("application/json")))
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "malformed_json").await;
    }
}

#[tokio::test]
async fn unknown_fields_and_wrong_types_are_422() {
    let t = test_app();
    let mut extra = valid_body();
    extra["favourite_colour"] = json!("blue");
    let mut nested = valid_body();
    nested["home_contact"]["email"] = json!("a@example.org");
    let mut bad_enum = valid_body();
    bad_enum["passport_status"] = json!("stolen");
    let mut too_many = valid_body();
    too_many["people_with_you"] = json!(300);
    let mut missing = valid_body();
    missing.as_object_mut().expect("object").remove("phone");
    for body in [extra, nested, bad_enum, too_many, missing] {
        let res = t.send(post(&body, &uuid_v4())).await;
        assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    }
    assert_eq!(row_count(&t), 0);
}

#[tokio::test]
async fn invalid_answers_are_422_with_every_field() {
    let t = test_app();
    let mut body = valid_body();
    body["full_name"] = json!("B");
    body["phone"] = json!("812 3456 7890");
    body["home_contact"]["phone"] = json!("abc");
    body["help_needed"] = json!([]);
    body["consent"] = json!(false);
    body["date_of_birth"] = json!("2001-08-18");
    let res = t.send(post(&body, &uuid_v4())).await;
    let v = assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let fields: Vec<(String, String)> = v["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
            (
                f["field"].as_str().expect("field").to_string(),
                f["code"].as_str().expect("code").to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("full_name", "too_short"),
        ("nik", "nik_dob_mismatch"),
        ("phone", "phone_country_code"),
        ("help_needed", "choose_at_least_one"),
        ("home_contact.phone", "phone_format"),
        ("consent", "consent_required"),
    ]
    .iter()
    .map(|(f, c)| (f.to_string(), c.to_string()))
    .collect();
    assert_eq!(fields, expected);
    // Messages are the English ones.
    assert_eq!(
        v["error"]["fields"][2]["message"],
        i18n::registration_errors::message("phone_country_code", contract::Lang::En)
    );
    assert_eq!(row_count(&t), 0);
}

#[tokio::test]
async fn missing_or_bad_idempotency_key_is_400() {
    let t = test_app();
    let res = t
        .send(post_raw(
            valid_body().to_string(),
            None,
            Some("application/json"),
        ))
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "idempotency_key_required").await;
    for bad in [
        "",
        "abc",
        "3f2b8c1e-9d4a-1e6f-8a7b-1c2d3e4f5a6b",
        "3f2b8c1e9d4a4e6f8a7b1c2d3e4f5a6b",
        "3f2b8c1e-9d4a-4e6f-8a7b-1c2d3e4f5a6b-extra",
    ] {
        let res = t.send(post(&valid_body(), bad)).await;
        assert_error(res, StatusCode::BAD_REQUEST, "idempotency_key_invalid").await;
    }
    assert_eq!(row_count(&t), 0);
}

#[tokio::test]
async fn too_many_new_registrations_are_429_but_replays_still_answer() {
    let t = test_app();
    let me = client(10);
    let mut keys = Vec::new();
    for _ in 0..5 {
        let key = uuid_v4();
        let res = t.send_from(me, post(&valid_body(), &key)).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        keys.push(key);
    }
    let res = t.send_from(me, post(&valid_body(), &uuid_v4())).await;
    let retry_after: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // A phone that lost its answer still gets its reference back.
    let res = t.send_from(me, post(&valid_body(), &keys[0])).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Other addresses have their own bucket.
    let res = t
        .send_from(client(11), post(&valid_body(), &uuid_v4()))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(row_count(&t), 6);
}

#[tokio::test]
async fn staff_look_up() {
    let t = test_app();
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let receipt = body_json(res).await;
    let reference = receipt["reference"]
        .as_str()
        .expect("reference")
        .to_string();

    for typed in [
        reference.clone(),
        reference.to_lowercase(),
        reference.replace('-', ""),
    ] {
        let res = t.send(staff_get(&typed, Some(STAFF_TOKEN))).await;
        assert_eq!(res.status(), StatusCode::OK, "{typed}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        let v = body_json(res).await;
        assert_eq!(v["reference"], receipt["reference"]);
        assert_eq!(v["received_at"], receipt["received_at"]);
        assert_eq!(v["registration"]["phone"], "+6281234567890");
        assert_eq!(v["registration"]["nik"], "3174055708010001");
        let record: contract::registration::RegistrationRecord =
            serde_json::from_value(v).expect("a RegistrationRecord");
        assert_eq!(record.registration.full_name, "Siti Aminah");
    }

    let res = t.send(staff_get(&reference, None)).await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let res = t.send(staff_get(&reference, Some("not-the-token"))).await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // 401 comes before any hint about whether the reference exists.
    let res = t.send(staff_get("nonsense", None)).await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;

    let unknown = contract::reference::generate([7; 8]);
    assert_ne!(unknown, reference);
    let res = t.send(staff_get(&unknown, Some(STAFF_TOKEN))).await;
    assert_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let mut typo: Vec<char> = reference.chars().collect();
    typo.swap(0, 1);
    let typo: String = typo.into_iter().collect();
    if typo != reference {
        let res = t.send(staff_get(&typo, Some(STAFF_TOKEN))).await;
        assert_error(res, StatusCode::NOT_FOUND, "reference_invalid").await;
    }
    let res = t.send(staff_get("O000-00000", Some(STAFF_TOKEN))).await;
    assert_error(res, StatusCode::NOT_FOUND, "reference_invalid").await;
}

#[tokio::test]
async fn wrong_method_is_405_json() {
    let t = test_app();
    let req = axum::http::Request::delete("/api/v1/registrations")
        .body(Body::empty())
        .expect("request");
    let res = t.send(req).await;
    assert_error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn staff_cli_prints_a_registration() {
    let t = test_app();
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    let reference = body_json(res).await["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    let data_dir = t.dir.path().join("data");
    let cli = env!("CARGO_BIN_EXE_portal-registration");

    let out = std::process::Command::new(cli)
        .arg("--data-dir")
        .arg(&data_dir)
        .arg(reference.to_lowercase().replace('-', " "))
        .env_remove("PORTAL_DATA_DIR")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["reference"], reference.as_str());
    assert_eq!(v["registration"]["full_name"], "Siti Aminah");

    let unknown = contract::reference::generate([9; 8]);
    let out = std::process::Command::new(cli)
        .args(["--data-dir"])
        .arg(&data_dir)
        .arg(&unknown)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());

    let out = std::process::Command::new(cli)
        .arg("--data-dir")
        .arg(&data_dir)
        .arg("ABCD-EFGHI")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));

    let out = std::process::Command::new(cli)
        .arg("--data-dir")
        .arg(t.dir.path().join("nowhere"))
        .arg(&reference)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !t.dir.path().join("nowhere").exists(),
        "the CLI never creates a database"
    );

    let out = std::process::Command::new(cli).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}
