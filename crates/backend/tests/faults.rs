//! Disk faults against the real `portal-backend` process: a full disk (a
//! small tmpfs as the data directory, filled with a file) and a file system
//! the kernel turned read-only under the running server (ext4 on a loop
//! device with `errors=remount-ro`, then an ext4 error).
//!
//! Each fault must give 503 JSON with `Retry-After` (never a 500, never a
//! dead process), readiness "not ready", reads (the advisory, `/status/id`,
//! home) still answered, and nothing half-written (`integrity_check` ok, the
//! rows those answered 201 and no others). After recovery, the same POST
//! with the same `Idempotency-Key` gets 201: that is what the phone's outbox
//! does (`src/register/outbox.rs`: it keeps the key and sends again after
//! `Retry-After`).
//!
//! Why not `mount -o remount,ro` for the read-only case: Linux refuses to
//! remount read-only while a process holds a file open for writing (EBUSY),
//! and the server always holds its database open. A running server only
//! ever sees its file system turn read-only the way the kernel does it
//! after a disk error, which is what this test does. The kernel also aborts
//! the journal then, so the file system stays read-only until it is
//! unmounted and checked: recovery is stop, `e2fsck`, mount, start.
//!
//! Needs root (mount, loop devices), as `cargo xtask test` runs here.

mod common;
use common::process::{send, temp_site, Process, Request, Start};
use common::reg::{uuid_v4, valid_body};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file system mounted for one test; unmounted on drop (lazily if busy).
struct Mounted {
    dir: PathBuf,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
    }
}

fn run(program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (this test needs root and util-linux)"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// A tmpfs of `size` (e.g. "4m") at `dir`, 0700 like a data directory.
fn mount_tmpfs(dir: &Path, size: &str) -> Mounted {
    std::fs::create_dir_all(dir).expect("mount point");
    run(
        "mount",
        &[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0700"),
            "tmpfs",
            path_str(dir),
        ],
    );
    Mounted {
        dir: dir.to_path_buf(),
    }
}

/// ext4 in `image` (made once), on a loop device at `dir`; an ext4 error
/// turns it read-only.
fn mount_ext4(image: &Path, dir: &Path) -> Mounted {
    std::fs::create_dir_all(dir).expect("mount point");
    run(
        "mount",
        &[
            "-o",
            "loop,errors=remount-ro",
            path_str(image),
            path_str(dir),
        ],
    );
    run("chmod", &["0700", path_str(dir)]);
    Mounted {
        dir: dir.to_path_buf(),
    }
}

/// Writes a file until the disk is full; returns its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).expect("filler");
    let chunk = vec![0x5au8; 64 * 1024];
    loop {
        if f.write_all(&chunk).and_then(|()| f.flush()).is_err() {
            break;
        }
    }
    // The last partial pages too.
    while f.write_all(&[0x5a]).is_ok() {}
    path
}

fn client(n: u8) -> Option<IpAddr> {
    Some(IpAddr::from([127, 0, 0, n]))
}

/// POST one registration with `key` from 127.0.0.`from`.
fn register(p: &Process, key: &str, from: u8) -> common::process::Response {
    let body = valid_body().to_string();
    let headers = [("Idempotency-Key", key)];
    send(
        p.addr,
        client(from),
        &Request::post_json("/api/v1/registrations", &headers, body.as_bytes()),
    )
    .unwrap_or_else(|e| panic!("the backend did not answer ({e}):\n{}", p.output()))
}

/// A 503 with a JSON error in the contract's shape and `Retry-After`.
fn assert_unavailable(res: &common::process::Response, what: &str, p: &Process) {
    assert_eq!(
        res.status,
        503,
        "{what}: {} {}\n{}",
        res.status,
        res.text(),
        p.output()
    );
    let wait: u64 = res
        .header("retry-after")
        .unwrap_or_else(|| panic!("{what}: no Retry-After"))
        .parse()
        .expect("Retry-After in seconds");
    assert!(wait >= 1, "{what}: Retry-After {wait}");
    assert_eq!(res.header("cache-control"), Some("no-store"), "{what}");
    let code = res.json()["error"]["code"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        code == "unavailable" || code == "not_ready",
        "{what}: code {code:?} in {}",
        res.text()
    );
}

fn ready(p: &Process) -> common::process::Response {
    p.send(&Request::get("/api/v1/health/ready"))
        .expect("readiness")
}

/// Readiness answers 503 within a few seconds (the write probe runs at most
/// once a second).
fn assert_becomes_not_ready(p: &Process) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let res = ready(p);
        if res.status == 503 {
            assert_unavailable(&res, "readiness", p);
            assert_eq!(res.json()["error"]["code"], "not_ready");
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "readiness still {} {}",
            res.status,
            res.text()
        );
        std::thread::sleep(backend::health::PROBE_INTERVAL / 4);
    }
}

fn assert_reads_still_work(p: &Process) {
    for path in ["/api/v1/advisories", "/status/id", "/", "/api/v1/health"] {
        let res = p.send(&Request::get(path)).expect(path);
        assert_eq!(res.status, 200, "{path} {}\n{}", res.text(), p.output());
    }
}

/// `integrity_check` and the references stored, read beside the server.
fn stored(data: &Path) -> Vec<String> {
    let conn = common::process::read_database(data);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    let mut st = conn
        .prepare("SELECT reference FROM registrations ORDER BY reference")
        .expect("select");
    let rows = st
        .query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .collect::<Result<Vec<_>, _>>()
        .expect("references");
    rows
}

fn reference(res: &common::process::Response) -> String {
    res.json()["reference"]
        .as_str()
        .unwrap_or_else(|| panic!("no reference in {}", res.text()))
        .to_string()
}

/// Below the configured free-space floor the backend refuses before
/// SQLite meets the full disk.
#[test]
fn a_full_disk_answers_503_and_the_outbox_delivers_after() {
    let (_dir, data, dist) = temp_site();
    let _mount = mount_tmpfs(&data, "4m");
    let p = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[("PORTAL_MIN_FREE_DISK_MB", "1")],
    });
    let first_key = uuid_v4();
    let first = register(&p, &first_key, 2);
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(ready(&p).status, 200);

    let filler = fill(&data);
    assert_becomes_not_ready(&p);
    let key = uuid_v4();
    let refused = register(&p, &key, 3);
    assert_unavailable(&refused, "a registration on a full disk", &p);
    assert_eq!(refused.json()["error"]["code"], "not_ready");
    assert_reads_still_work(&p);
    assert_eq!(stored(&data), [reference(&first)], "nothing half-written");
    // A phone that lost its first answer still gets its reference back: a
    // retry of a stored key writes nothing.
    let replay = register(&p, &first_key, 2);
    assert_eq!(
        (replay.status, reference(&replay)),
        (200, reference(&first))
    );

    // Space again: the outbox sends the same request with the same key.
    std::fs::remove_file(filler).expect("remove the filler");
    let delivered = register(&p, &key, 3);
    assert_eq!(delivered.status, 201, "{}", delivered.text());
    assert_eq!(ready(&p).status, 200);
    let mut expected = vec![reference(&first), reference(&delivered)];
    expected.sort();
    assert_eq!(stored(&data), expected);
}

/// With no floor (0 MiB), SQLite itself meets the full disk: every answer
/// is 201 or 503 JSON, what answered 201 is stored and nothing else, and
/// the connection recovers once there is space again, without a restart.
#[test]
fn sqlite_meeting_a_full_disk_leaves_nothing_half_written() {
    let (_dir, data, dist) = temp_site();
    let _mount = mount_tmpfs(&data, "4m");
    let p = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[("PORTAL_MIN_FREE_DISK_MB", "0")],
    });
    let first = register(&p, &uuid_v4(), 2);
    assert_eq!(first.status, 201, "{}", first.text());
    let filler = fill(&data);

    let mut created = vec![reference(&first)];
    let mut refused_key = None;
    // Each from its own address: the per-address limit is 5 at once.
    for from in 10..40u8 {
        let key = uuid_v4();
        let res = register(&p, &key, from);
        match res.status {
            201 => created.push(reference(&res)),
            _ => {
                assert_unavailable(&res, "a registration SQLite could not write", &p);
                refused_key = Some((key, from));
                break;
            }
        }
    }
    let (key, from) = refused_key.expect("a full disk refused a registration at last");
    assert_reads_still_work(&p);
    created.sort();
    assert_eq!(stored(&data), created, "only what answered 201 is stored");

    std::fs::remove_file(filler).expect("remove the filler");
    let delivered = register(&p, &key, from);
    assert_eq!(
        delivered.status,
        201,
        "{}\n{}",
        delivered.text(),
        p.output()
    );
    created.push(reference(&delivered));
    created.sort();
    assert_eq!(stored(&data), created);
    assert_eq!(ready(&p).status, 200);
}

/// The kernel turns the file system read-only under the running server
/// (what it does on a disk error with `errors=remount-ro`).
#[test]
fn a_file_system_gone_read_only_answers_503_and_reads_keep_working() {
    let (dir, _data, dist) = temp_site();
    let image = dir.path().join("disk.img");
    std::fs::File::create(&image)
        .and_then(|f| f.set_len(16 * 1024 * 1024))
        .expect("image");
    run("mkfs.ext4", &["-q", "-F", path_str(&image)]);
    let mnt = dir.path().join("mnt");
    // The process's log file goes beside the data directory, so here on the
    // same disk: a log line that cannot be written must not cost an answer.
    let data = mnt.join("data");
    let mount = mount_ext4(&image, &mnt);
    let p = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[("PORTAL_MIN_FREE_DISK_MB", "1")],
    });
    let first_key = uuid_v4();
    let first = register(&p, &first_key, 2);
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(ready(&p).status, 200);

    // An ext4 error, as a failing disk would cause: the kernel remounts
    // the file system read-only while the server holds its files open.
    let out = Command::new("findmnt")
        .args(["-n", "-o", "SOURCE", path_str(&mnt)])
        .output()
        .expect("findmnt");
    let device = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let name = device.rsplit('/').next().unwrap_or("").to_string();
    assert!(name.starts_with("loop"), "mounted from {device:?}");
    std::fs::write(format!("/sys/fs/ext4/{name}/trigger_fs_error"), "faults.rs")
        .expect("trigger an ext4 error");

    let key = uuid_v4();
    let refused = register(&p, &key, 3);
    assert_unavailable(&refused, "a registration on a read-only disk", &p);
    assert_becomes_not_ready(&p);
    assert_reads_still_work(&p);
    assert!(
        p.send(&Request::get("/api/v1/health"))
            .is_ok_and(|r| r.status == 200),
        "liveness stays ok"
    );

    // Recovery: stop, check the file system, mount it again, start.
    p.terminate();
    let mut p = p;
    let _ = p.child.wait();
    let port = p.port();
    drop(p);
    drop(mount);
    let fsck = Command::new("e2fsck")
        .args(["-fy", path_str(&image)])
        .output()
        .expect("e2fsck");
    // 0: clean, 1: errors corrected.
    assert!(
        matches!(fsck.status.code(), Some(0 | 1)),
        "e2fsck: {}",
        String::from_utf8_lossy(&fsck.stdout)
    );
    let _mount = mount_ext4(&image, &mnt);
    let p = Process::start_on(
        port,
        Start {
            data_dir: &data,
            dist: &dist,
            env: &[("PORTAL_MIN_FREE_DISK_MB", "1")],
        },
    );
    // The registration confirmed before the fault is still there: its retry
    // gets the same reference (200), not a new one.
    let replay = register(&p, &first_key, 2);
    assert_eq!(
        (replay.status, reference(&replay)),
        (200, reference(&first)),
        "a registration answered 201 before the disk error was lost (each commit must reach the disk: synchronous=FULL)"
    );
    let delivered = register(&p, &key, 3);
    assert_eq!(delivered.status, 201, "{}", delivered.text());
    let mut expected = vec![reference(&first), reference(&delivered)];
    expected.sort();
    assert_eq!(stored(&data), expected);
}
