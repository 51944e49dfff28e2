//! Retention: the purge after the profile's period (counted from the last
//! change), a staff admin's deletion by reference (API and `portal-staff
//! delete`), the tombstone that answers a late retry 410 `deleted`, a
//! deleted case looked up exactly like an unknown one, and an honest retry
//! of a body stored under an older normalisation rule.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::retention::{purge, TOMBSTONE_DAYS};
use common::reg::*;
use common::*;
use serde_json::{json, Value};

const DAY: i64 = 86_400;

async fn register(t: &TestApp, key: &str) -> String {
    let res = t.send(post(&valid_body(), key)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body_json(res).await["reference"]
        .as_str()
        .expect("reference")
        .to_string()
}

fn sql<T: Send + 'static>(
    t: &TestApp,
    f: impl FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<T>,
) -> T {
    t.state
        .db
        .with_connection(f)
        .expect("connection")
        .expect("sql")
}

fn count(t: &TestApp, table: &str) -> i64 {
    let q = format!("SELECT COUNT(*) FROM {table}");
    sql(t, move |c| c.query_row(&q, [], |r| r.get(0)))
}

/// Sets when a registration was received (and so last changed).
fn received(t: &TestApp, reference: &str, at: i64) {
    let (reference, at) = (reference.to_string(), contract::time::format_rfc3339(at));
    sql(t, move |c| {
        c.execute(
            "UPDATE registrations SET received_at = ?2 WHERE reference = ?1",
            [&reference, &at],
        )
    });
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn delete(reference: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::delete(format!("/api/v1/registrations/{reference}"));
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::empty()).expect("request")
}

fn lookup(reference: &str) -> Request<Body> {
    Request::post("/api/v1/cases/lookup")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({ "reference": reference, "date_of_birth": "2001-08-17" }).to_string(),
        ))
        .expect("request")
}

async fn answer(t: &TestApp, req: Request<Body>) -> (StatusCode, Vec<(String, String)>, String) {
    let res = t.send(req).await;
    let status = res.status();
    let mut headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    headers.sort();
    (status, headers, body_string(res).await)
}

async fn assert_deleted(t: &TestApp, key: &str) {
    let res = t.send(post(&valid_body(), key)).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let v: Value = body_json(res).await;
    assert_eq!(v["error"]["code"], "deleted", "{v}");
}

#[tokio::test]
async fn the_purge_deletes_what_is_older_than_the_period_since_its_last_change() {
    let t = test_app();
    let days = t.state.profile.retention_days();
    assert_eq!(days, 90, "the sample profile's period");
    let now = now();
    let (old_key, changed_key, fresh_key) = (uuid_v4(), uuid_v4(), uuid_v4());
    let old = register(&t, &old_key).await;
    let changed = register(&t, &changed_key).await;
    let fresh = register(&t, &fresh_key).await;
    received(&t, &old, now - (i64::from(days) + 1) * DAY);
    received(&t, &changed, now - (i64::from(days) + 30) * DAY);
    received(&t, &fresh, now - (i64::from(days) - 1) * DAY);
    // Received long ago, but staff moved the case 10 days ago: kept.
    let res = t
        .send(
            Request::put(format!("/api/v1/registrations/{changed}/case"))
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, format!("Bearer {STAFF_TOKEN}"))
                .body(Body::from(
                    json!({ "stage": "checked", "version": 0 }).to_string(),
                ))
                .expect("request"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", body_string(res).await);
    let ten_days_ago = contract::time::format_rfc3339(now - 10 * DAY);
    sql(&t, move |c| {
        c.execute("UPDATE case_changes SET changed_at = ?1", [&ten_days_ago])
    });
    // The old one has history and a lookup counter that must go with it.
    let old_for_sql = old.clone();
    sql(&t, move |c| {
        let id: i64 = c.query_row(
            "SELECT id FROM registrations WHERE reference = ?1",
            [&old_for_sql],
            |r| r.get(0),
        )?;
        c.execute(
            "INSERT INTO case_changes (registration_id, stage, note, changed_at, changed_by)
             VALUES (?1, 'checked', '{\"id\":\"catatan pribadi\",\"en\":\"private note\"}',
                     '2000-01-01T00:00:00Z', 'admin')",
            [id],
        )?;
        c.execute(
            "INSERT INTO lookup_failures (registration_id, failures, locked_until) VALUES (?1, 2, 0)",
            [id],
        )
    });

    let purged = sql(&t, move |c| purge(c, now, days));
    assert_eq!(purged.registrations, 1);
    let left: Vec<String> = sql(&t, |c| {
        let mut s = c.prepare("SELECT reference FROM registrations ORDER BY reference")?;
        let rows = s.query_map([], |r| r.get(0))?;
        rows.collect()
    });
    let mut kept = vec![changed.clone(), fresh.clone()];
    kept.sort();
    assert_eq!(left, kept);
    // Its history and counters went with it; the other case's stayed.
    assert_eq!(count(&t, "case_changes"), 1);
    assert_eq!(count(&t, "lookup_failures"), 0);
    // The tombstone holds the key, the reference and when: nothing personal.
    let tomb: (String, String) = sql(&t, |c| {
        c.query_row(
            "SELECT idempotency_key, reference FROM registration_tombstones",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    });
    assert_eq!(tomb, (old_key.clone(), old.clone()));
    let columns: Vec<String> = sql(&t, |c| {
        let mut s = c.prepare("SELECT name FROM pragma_table_info('registration_tombstones')")?;
        let rows = s.query_map([], |r| r.get(0))?;
        rows.collect()
    });
    assert_eq!(columns, ["idempotency_key", "reference", "deleted_at"]);
    // The purge is audited with a count, never a reference.
    let audit: (String, Option<String>, String) = sql(&t, |c| {
        c.query_row(
            "SELECT actor, reference, detail FROM audit_log WHERE action = 'retention_purge'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    });
    assert_eq!(audit.0, "retention");
    assert_eq!(audit.1, None);
    assert!(audit.2.starts_with("1 registrations"), "{}", audit.2);
    // The write-ahead log was emptied: the old pages are not left in it.
    let wal = t.dir.path().join("data").join("portal.sqlite3-wal");
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    // A second purge finds nothing more.
    assert_eq!(sql(&t, move |c| purge(c, now, days)).registrations, 0);
    // The late retry from the phone: 410, and nothing stored again.
    assert_deleted(&t, &old_key).await;
    assert_eq!(count(&t, "registrations"), 2);
    // The others still replay.
    let res = t.send(post(&valid_body(), &fresh_key)).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn tombstones_are_kept_five_years_then_go() {
    let t = test_app();
    let key = uuid_v4();
    let reference = register(&t, &key).await;
    let now = now();
    received(&t, &reference, now - 400 * DAY);
    assert_eq!(sql(&t, move |c| purge(c, now, 90)).registrations, 1);
    let later = now + (TOMBSTONE_DAYS - 1) * DAY;
    assert_eq!(sql(&t, move |c| purge(c, later, 90)).tombstones, 0);
    assert_deleted(&t, &key).await;
    let much_later = now + (TOMBSTONE_DAYS + 1) * DAY;
    assert_eq!(sql(&t, move |c| purge(c, much_later, 90)).tombstones, 1);
    assert_eq!(count(&t, "registration_tombstones"), 0);
}

#[tokio::test]
async fn an_admin_deletes_one_registration_and_it_looks_never_to_have_existed() {
    let t = test_app();
    let key = uuid_v4();
    let reference = register(&t, &key).await;
    let other = register(&t, &uuid_v4()).await;
    // Looked up before: the case is there.
    assert_eq!(t.send(lookup(&reference)).await.status(), StatusCode::OK);
    // The answer a reference nobody ever had gets.
    let mut n = 0u64;
    let unknown = loop {
        let r = contract::reference::generate(n.to_le_bytes());
        if r != reference && r != other {
            break r;
        }
        n += 1;
    };
    let never = answer(&t, lookup(&unknown)).await;

    // No token: 401; a desk account: 403; nothing deleted.
    assert_eq!(
        t.send(delete(&reference, None)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let desk = sql(&t, |c| {
        backend::staff::create_account(
            c,
            "Desk 1",
            contract::staff::Role::Desk,
            "2026-01-01T00:00:00Z",
        )
        .map_err(|e| rusqlite::Error::InvalidParameterName(e.to_string()))
    });
    assert_eq!(
        t.send(delete(&reference, Some(&desk))).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&t, "registrations"), 2);

    let res = t.send(delete(&reference, Some(STAFF_TOKEN))).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(count(&t, "registrations"), 1);
    // Again: it is gone, 404 JSON.
    let res = t.send(delete(&reference, Some(STAFF_TOKEN))).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(res).await["error"]["code"], "not_found");
    // The person's lookup cannot tell it from a reference nobody had.
    assert_eq!(answer(&t, lookup(&reference)).await, never);
    // Staff see it as unknown too.
    let res = t.send(staff_get(&reference, Some(STAFF_TOKEN))).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The phone's retry: 410, not a new registration.
    assert_deleted(&t, &key).await;
    assert_eq!(count(&t, "registrations"), 1);
    // Audited under the admin's name, with the reference only.
    let audit: (String, String) = sql(&t, |c| {
        c.query_row(
            "SELECT actor, detail FROM audit_log WHERE action = 'registration_deleted'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    });
    assert_eq!(audit, ("admin".to_string(), String::new()));
    // A bad reference is the usual 404, after the role check.
    let res = t.send(delete("not-a-ref", Some(STAFF_TOKEN))).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(res).await["error"]["code"], "reference_invalid");
}

#[tokio::test]
async fn a_new_registration_never_gets_a_deleted_reference() {
    let t = test_app();
    let reference = register(&t, &uuid_v4()).await;
    sql(&t, {
        let reference = reference.clone();
        move |c| {
            backend::retention::delete_by_reference(c, &reference, "admin", "2026-01-01T00:00:00Z")
        }
    });
    let new = backend::registrations::NewRegistration::new(
        uuid_v4(),
        &contract::registration::normalise(&serde_json::from_value(valid_body()).expect("request")),
        "2026-01-02T00:00:00Z".into(),
    );
    let fresh = contract::reference::generate([7; 8]);
    let outcome = sql(&t, move |c| {
        backend::registrations::store(c, &new, &[reference.clone(), fresh.clone()], || Ok(()))
    });
    match outcome {
        backend::registrations::Outcome::Created(r) => {
            assert_eq!(r.reference, contract::reference::generate([7; 8]))
        }
        other => panic!("{other:?}"),
    }
}

/// A body stored by an older rule (here: spaces in `location` not yet
/// collapsed, so another hash) is the same registration under today's rule.
#[tokio::test]
async fn an_honest_retry_after_a_rule_change_is_a_replay_not_a_conflict() {
    let t = test_app();
    let key = uuid_v4();
    let request: contract::registration::RegistrationRequest =
        serde_json::from_value(valid_body()).expect("request");
    let mut older = contract::registration::normalise(&request);
    older.location = "  Phnom   Penh ".into();
    let old = backend::registrations::NewRegistration::new(
        key.clone(),
        &older,
        "2026-01-19T08:00:00Z".into(),
    );
    let today = backend::registrations::NewRegistration::new(
        key.clone(),
        &contract::registration::normalise(&request),
        String::new(),
    );
    assert_ne!(old.body_hash, today.body_hash, "the rules must differ");
    let reference = contract::reference::generate([9; 8]);
    sql(&t, {
        let reference = reference.clone();
        move |c| {
            c.execute(
                "INSERT INTO registrations
                    (reference, idempotency_key, body_hash, body, lang, received_at)
                 VALUES (?1, ?2, ?3, ?4, 'id', ?5)",
                [
                    &reference,
                    &old.idempotency_key,
                    &old.body_hash,
                    &old.body,
                    &old.received_at,
                ],
            )
        }
    });
    let res = t.send(post(&valid_body(), &key)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let v = body_json(res).await;
    assert_eq!(v["reference"], reference.as_str());
    assert_eq!(v["received_at"], "2026-01-19T08:00:00Z");
    // Other answers under that key are still a conflict.
    let mut other = valid_body();
    other["full_name"] = json!("Dewi Lestari");
    let res = t.send(post(&other, &key)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(count(&t, "registrations"), 1);
}

#[test]
fn portal_staff_deletes_one_registration_by_reference() {
    let t = test_app();
    let key = uuid_v4();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let reference = rt.block_on(register(&t, &key));
    let data = t.dir.path().join("data");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_portal-staff"))
            .env_clear()
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .output()
            .expect("portal-staff")
    };
    let bad = run(&["delete", "nonsense"]);
    assert_eq!(bad.status.code(), Some(1));
    let typed = reference.to_lowercase().replace('-', " ");
    let done = run(&["delete", &typed]);
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(count(&t, "registrations"), 0);
    let again = run(&["delete", &reference]);
    assert_eq!(again.status.code(), Some(1));
    rt.block_on(assert_deleted(&t, &key));
    let actor: String = sql(&t, |c| {
        c.query_row(
            "SELECT actor FROM audit_log WHERE action = 'registration_deleted'",
            [],
            |r| r.get(0),
        )
    });
    assert_eq!(actor, "portal-staff");
}

/// Embassies build their own backends from openapi.yaml: the tombstone's
/// answer and the deletion are in it.
#[test]
fn the_contract_documents_deleted_and_the_deletion() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../contract/openapi.yaml");
    let spec: Value =
        serde_norway::from_str(&std::fs::read_to_string(path).expect("read")).expect("yaml");
    let gone = &spec["paths"]["/registrations"]["post"]["responses"]["410"];
    assert_eq!(
        gone["content"]["application/json"]["example"]["error"]["code"],
        "deleted"
    );
    let delete = &spec["paths"]["/registrations/{reference}"]["delete"];
    assert_eq!(delete["operationId"], "deleteRegistration");
    for status in ["204", "401", "403", "404"] {
        assert!(!delete["responses"][status].is_null(), "{status}");
    }
}

/// The real server purges at start, by itself: a registration whose period
/// ended while the server was stopped is gone soon after it starts.
#[test]
fn the_server_purges_at_start() {
    use common::process::{temp_site, Process, Start};
    let (dir, data, dist) = temp_site();
    let config = test_config(dir.path(), "data", None);
    let state = backend::AppState::new(&config).expect("state");
    let (old_key, fresh_key) = (uuid_v4(), uuid_v4());
    let request: contract::registration::RegistrationRequest =
        serde_json::from_value(valid_body()).expect("request");
    let body = contract::registration::normalise(&request);
    let long_ago = contract::time::format_rfc3339(now() - 200 * DAY);
    let today = contract::time::format_rfc3339(now());
    for (key, at, seed) in [(&old_key, long_ago, 1u8), (&fresh_key, today, 2u8)] {
        let new = backend::registrations::NewRegistration::new(key.clone(), &body, at);
        let reference = contract::reference::generate([seed; 8]);
        state
            .db
            .with_connection(|c| backend::registrations::store(c, &new, &[reference], || Ok(())))
            .expect("connection")
            .expect("store");
    }
    drop(state);
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    let db = common::process::read_database(&data);
    let keys = || -> Vec<String> {
        let mut stmt = db
            .prepare("SELECT idempotency_key FROM registrations")
            .expect("select");
        let rows = stmt.query_map([], |r| r.get(0)).expect("rows");
        rows.collect::<Result<_, _>>().expect("rows")
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while keys().len() != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "not purged: {}",
            backend.output()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(keys(), [fresh_key]);
}
