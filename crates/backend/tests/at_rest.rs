//! Data at rest: the modes of the data directory and the database files,
//! the refusal to start when they are loose, the pragmas read back, the
//! migrations (a newer database refused), a panic inside a database call,
//! the online backup and the restore procedure of the README, and the
//! read-only `portal-registration`.

mod common;
use axum::http::StatusCode;
use common::process::{send, temp_site, Process, Request, Start};
use common::reg::*;
use common::*;
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn start_error(dir: &Path) -> String {
    match backend::AppState::new(&test_config(dir, "data", None)) {
        Ok(_) => panic!("started with loose modes"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn the_data_directory_is_0700_and_the_database_files_0600() {
    let t = test_app();
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let data = t.dir.path().join("data");
    assert_eq!(mode(&data), 0o700);
    for path in backend::db::database_files(&data) {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

#[test]
fn loose_modes_refuse_the_start_with_the_chmod_that_fixes_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_fake_dist(&dir.path().join("dist"));
    let data = dir.path().join("data");
    drop(backend::AppState::new(&test_config(dir.path(), "data", None)).expect("first start"));
    let abs = std::path::absolute(&data).expect("absolute");

    chmod(&data, 0o755);
    let e = start_error(dir.path());
    assert!(e.contains(&format!("chmod 700 {}", abs.display())), "{e}");
    chmod(&data, 0o700);

    let db = data.join("portal.sqlite3");
    chmod(&db, 0o644);
    let e = start_error(dir.path());
    assert!(
        e.contains(&format!(
            "chmod 600 {}",
            abs.join("portal.sqlite3").display()
        )),
        "{e}"
    );
    assert!(e.contains("644"), "{e}");
    chmod(&db, 0o600);

    // A side file left readable by an older version.
    let shm = data.join("portal.sqlite3-shm");
    std::fs::write(&shm, b"").ok();
    chmod(&shm, 0o640);
    let e = start_error(dir.path());
    assert!(e.contains("portal.sqlite3-shm (640)"), "{e}");
    chmod(&shm, 0o600);
    assert!(backend::AppState::new(&test_config(dir.path(), "data", None)).is_ok());
}

/// The real binary, started with a group-readable directory: it exits at
/// once, says the fix, and has logged nothing else; started right, it logs
/// where the database is.
#[test]
fn the_real_backend_refuses_loose_modes_and_logs_its_database_path() {
    let (_dir, data, dist) = temp_site();
    std::fs::create_dir(&data).expect("data");
    chmod(&data, 0o750);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portal-backend"))
        .env_clear()
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", &data)
        .env("PORTAL_DIST", &dist)
        .env("PORTAL_PROFILE", profile_path())
        .env("PORTAL_STAGES", stages_path())
        .output()
        .expect("portal-backend");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let abs = std::path::absolute(&data).expect("absolute");
    assert!(
        stderr.contains(&format!("chmod 700 {}", abs.display())),
        "{stderr}"
    );
    chmod(&data, 0o700);
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    let db = abs.join("portal.sqlite3");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !backend.output().contains(&db.display().to_string()) {
        assert!(Instant::now() < deadline, "{}", backend.output());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(mode(&db), 0o600);
}

#[tokio::test]
async fn wal_synchronous_full_and_secure_delete_are_on() {
    let t = test_app();
    let (journal, synchronous, secure, foreign): (String, i64, i64, i64) = t
        .state
        .db
        .call(|c| {
            Ok((
                c.pragma_query_value(None, "journal_mode", |r| r.get(0))?,
                c.pragma_query_value(None, "synchronous", |r| r.get(0))?,
                c.pragma_query_value(None, "secure_delete", |r| r.get(0))?,
                c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?,
            ))
        })
        .await
        .expect("pragmas");
    assert_eq!(journal, "wal");
    assert_eq!(synchronous, 2, "FULL");
    assert_eq!(secure, 1);
    assert_eq!(foreign, 1);
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_fake_dist(&dir.path().join("dist"));
    drop(backend::AppState::new(&test_config(dir.path(), "data", None)).expect("first start"));
    let conn = rusqlite::Connection::open(dir.path().join("data/portal.sqlite3")).expect("open");
    conn.execute(
        "INSERT INTO schema_migrations (name, applied_at) VALUES ('0099_from_the_future', '')",
        [],
    )
    .expect("insert");
    drop(conn);
    let e = start_error(dir.path());
    assert!(e.contains("newer version"), "{e}");
    assert!(e.contains("0099_from_the_future"), "{e}");
}

/// Another writer holds the database while the backend starts (a backup,
/// the staff command): the start waits for it instead of failing at once.
#[test]
fn the_start_waits_for_another_writer() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_fake_dist(&dir.path().join("dist"));
    drop(backend::AppState::new(&test_config(dir.path(), "data", None)).expect("first start"));
    let conn = rusqlite::Connection::open(dir.path().join("data/portal.sqlite3")).expect("open");
    conn.execute_batch(
        "BEGIN EXCLUSIVE; INSERT INTO audit_log (at, actor, action) VALUES ('', 'x', 'x');",
    )
    .expect("lock");
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        conn.execute_batch("COMMIT").expect("commit");
    });
    // Each migration's IMMEDIATE transaction needs the write lock.
    let started = Instant::now();
    let state = backend::AppState::new(&test_config(dir.path(), "data", None));
    let waited = started.elapsed();
    holder.join().expect("holder");
    assert!(state.is_ok(), "{:?}", state.err());
    assert!(waited >= Duration::from_millis(400), "{waited:?}");
}

/// A panic inside a database call (a bug) rolls its transaction back, and
/// the next call works: not 503 until a restart.
#[tokio::test]
async fn a_panic_in_a_database_call_does_not_take_the_database_down() {
    let t = test_app();
    let failed = t
        .state
        .db
        .call(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO audit_log (at, actor, action) VALUES ('', 'half-done', 'x')",
                [],
            )?;
            if tx.is_autocommit() {
                return Ok(());
            }
            panic!("a bug in the middle of a transaction");
        })
        .await;
    assert!(failed.is_err());
    let failed = t
        .state
        .db
        .call(|c| {
            c.execute_batch(
                "BEGIN; INSERT INTO audit_log (at, actor, action) VALUES ('', 'half-done', 'y');",
            )?;
            if !c.is_autocommit() {
                panic!("a bug after a plain BEGIN");
            }
            Ok(())
        })
        .await;
    assert!(failed.is_err());
    let half_done: i64 = t
        .state
        .db
        .call(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE actor = 'half-done'",
                [],
                |r| r.get(0),
            )
        })
        .await
        .expect("the database works again");
    assert_eq!(half_done, 0);
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_backup_is_0600_complete_and_never_overwrites() {
    let t = test_app();
    for _ in 0..3 {
        let res = t.send(post(&valid_body(), &uuid_v4())).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let out = t.dir.path().join("backup.sqlite3");
    t.state
        .db
        .with_connection(|c| backend::db::backup(c, &out))
        .expect("connection")
        .expect("backup");
    assert_eq!(mode(&out), 0o600);
    let copy = rusqlite::Connection::open(&out).expect("open backup");
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let rows: i64 = copy
        .query_row("SELECT COUNT(*) FROM registrations", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 3);
    drop(copy);
    let before = std::fs::read(&out).expect("read");
    let again = t
        .state
        .db
        .with_connection(|c| backend::db::backup(c, &out))
        .expect("connection");
    assert!(
        matches!(again, Err(backend::db::BackupError::Exists)),
        "{again:?}"
    );
    assert_eq!(std::fs::read(&out).expect("read"), before);
}

fn registration_rows(path: &Path) -> BTreeSet<(String, String, String)> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let mut stmt = conn
        .prepare("SELECT reference, idempotency_key, body FROM registrations")
        .expect("select");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows");
    rows.collect::<Result<_, _>>().expect("rows")
}

fn body_bytes() -> Vec<u8> {
    valid_body().to_string().into_bytes()
}

/// The README's procedure, exactly: `portal-staff backup` while the backend
/// runs and registrations keep arriving; stop it; copy the backup into a
/// fresh data directory as portal.sqlite3, 0600, no -wal/-shm; start.
#[test]
fn backup_while_writing_then_restore_gives_the_same_rows() {
    let (dir, data, dist) = temp_site();
    let mut backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    let addr = backend.addr;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let body = body_bytes();
            let mut created: Vec<(Instant, String, String)> = Vec::new();
            let mut n = 0u8;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && n < 200 {
                // Five from each address: the per-address burst.
                let from = Some(std::net::IpAddr::from([127, 0, 1, 10 + n / 5]));
                n += 1;
                let key = uuid_v4();
                let headers = [("Idempotency-Key", key.as_str())];
                let req = Request::post_json("/api/v1/registrations", &headers, &body);
                if let Ok(res) = send(addr, from, &req) {
                    if res.status == 201 {
                        let reference = res.json()["reference"].as_str().unwrap_or("").to_string();
                        created.push((Instant::now(), key, reference));
                    }
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            created
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let backup_started = Instant::now();
    let out = dir.path().join("backup.sqlite3");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_portal-staff"))
        .env_clear()
        .arg("--data-dir")
        .arg(&data)
        .args(["backup", "--out"])
        .arg(&out)
        .output()
        .expect("portal-staff backup");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let created = writer.join().expect("writer");
    backend.terminate();
    let _ = backend.child.wait();
    assert_eq!(mode(&out), 0o600);

    let before: Vec<_> = created
        .iter()
        .filter(|(at, _, _)| *at < backup_started)
        .collect();
    assert!(!before.is_empty(), "no registration before the backup");
    assert!(
        created.len() > before.len(),
        "registrations kept arriving after the backup began"
    );
    let in_backup = registration_rows(&out);
    let keys: BTreeSet<&str> = in_backup.iter().map(|(_, k, _)| k.as_str()).collect();
    for (_, key, _) in &before {
        assert!(
            keys.contains(key.as_str()),
            "confirmed before the backup, missing"
        );
    }

    // The restore, as the README says.
    let restored = dir.path().join("restored");
    std::fs::DirBuilder::new()
        .recursive(true)
        .create(&restored)
        .expect("dir");
    chmod(&restored, 0o700);
    let db = restored.join("portal.sqlite3");
    std::fs::copy(&out, &db).expect("copy");
    chmod(&db, 0o600);
    for side in ["portal.sqlite3-wal", "portal.sqlite3-shm"] {
        let _ = std::fs::remove_file(restored.join(side));
    }
    let check: String = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");

    let backend = Process::start(Start {
        data_dir: &restored,
        dist: &dist,
        env: &[],
    });
    // The same rows, and every registration confirmed before the backup
    // began answers its retry with its reference.
    assert_eq!(registration_rows(&db), in_backup);
    let body = body_bytes();
    for (_, key, reference) in before {
        let headers = [("Idempotency-Key", key.as_str())];
        let res = backend
            .send(&Request::post_json(
                "/api/v1/registrations",
                &headers,
                &body,
            ))
            .expect("replay");
        assert_eq!(res.status, 200, "{}", res.text());
        assert_eq!(res.json()["reference"], reference.as_str());
    }
    assert_eq!(registration_rows(&db), in_backup);
}

/// `portal-registration` reads while the backend holds the file, and never
/// creates a database.
#[test]
fn portal_registration_reads_without_creating() {
    let (dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    let key = uuid_v4();
    let body = body_bytes();
    let headers = [("Idempotency-Key", key.as_str())];
    let res = backend
        .send(&Request::post_json(
            "/api/v1/registrations",
            &headers,
            &body,
        ))
        .expect("post");
    assert_eq!(res.status, 201);
    let reference = res.json()["reference"].as_str().expect("ref").to_string();
    let run = |data_dir: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_portal-registration"))
            .env_clear()
            .arg("--data-dir")
            .arg(data_dir)
            .arg(&reference)
            .output()
            .expect("portal-registration")
    };
    let found = run(&data);
    assert_eq!(
        found.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    assert!(String::from_utf8_lossy(&found.stdout).contains(&reference));
    let nowhere = dir.path().join("nowhere");
    std::fs::create_dir(&nowhere).expect("dir");
    assert_eq!(run(&nowhere).status.code(), Some(2));
    assert!(!nowhere.join("portal.sqlite3").exists());
}
