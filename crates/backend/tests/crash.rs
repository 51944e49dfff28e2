//! `kill -9` in the middle of a burst of registrations, then a restart on
//! the same data directory: every registration answered 201 is there (its
//! retry answers 200 with the same reference), and none is stored twice.

mod common;
use common::process::{send, temp_site, Process, Request, Start};
use common::reg::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What one registration came to, seen from the phone.
#[derive(Debug, Clone)]
enum Seen {
    Created(String),
    /// Sent, and no whole answer: stored or not, nobody knows.
    InFlight,
    /// Refused before storing (a 429 or the like).
    Refused(u16),
}

const THREADS: u8 = 8;
/// The per-address burst: every try from one address is admitted.
const PER_THREAD: usize = 5;

#[test]
fn kill_9_mid_burst_loses_and_duplicates_nothing() {
    let (_dir, data, dist) = temp_site();
    let mut backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[],
    });
    let addr = backend.addr;
    let answered = Arc::new(AtomicUsize::new(0));
    let seen: Arc<Mutex<BTreeMap<String, Seen>>> = Arc::default();
    let body = valid_body().to_string().into_bytes();
    let workers: Vec<_> = (0..THREADS)
        .map(|i| {
            let (answered, seen, body) = (answered.clone(), seen.clone(), body.clone());
            std::thread::spawn(move || {
                let from = Some(std::net::IpAddr::from([127, 0, 2, 10 + i]));
                for _ in 0..PER_THREAD {
                    let key = uuid_v4();
                    seen.lock()
                        .expect("seen")
                        .insert(key.clone(), Seen::InFlight);
                    let headers = [("Idempotency-Key", key.as_str())];
                    let req = Request::post_json("/api/v1/registrations", &headers, &body);
                    let outcome = match send(addr, from, &req) {
                        Ok(res) if res.status == 201 => res.json()["reference"]
                            .as_str()
                            .map_or(Seen::InFlight, |r| Seen::Created(r.to_string())),
                        Ok(res) => Seen::Refused(res.status),
                        // Refused connections after the kill: never sent.
                        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                            seen.lock().expect("seen").remove(&key);
                            break;
                        }
                        Err(_) => Seen::InFlight,
                    };
                    seen.lock().expect("seen").insert(key, outcome);
                    answered.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    // Kill it once about a third of the burst has been answered.
    let deadline = Instant::now() + Duration::from_secs(20);
    while answered.load(Ordering::SeqCst) < (THREADS as usize * PER_THREAD) / 3 {
        assert!(Instant::now() < deadline, "{}", backend.output());
        std::thread::sleep(Duration::from_millis(1));
    }
    backend.kill_hard();
    for w in workers {
        w.join().expect("worker");
    }
    let seen = seen.lock().expect("seen").clone();
    let created: BTreeMap<&str, &str> = seen
        .iter()
        .filter_map(|(k, s)| match s {
            Seen::Created(r) => Some((k.as_str(), r.as_str())),
            _ => None,
        })
        .collect();
    let in_flight = seen
        .values()
        .filter(|s| matches!(s, Seen::InFlight))
        .count();
    let refused: Vec<u16> = seen
        .values()
        .filter_map(|s| match s {
            Seen::Refused(code) => Some(*code),
            _ => None,
        })
        .collect();
    assert!(refused.is_empty(), "within the burst: {refused:?}");
    assert!(!created.is_empty(), "nothing was answered before the kill");

    let backend = Process::start_on(
        backend.port(),
        Start {
            data_dir: &data,
            dist: &dist,
            env: &[],
        },
    );
    // Rows: every key answered 201, plus at most those in flight; each key once.
    let db = common::process::read_database(&data);
    let stored: Vec<String> = {
        let mut stmt = db
            .prepare("SELECT idempotency_key FROM registrations")
            .expect("select");
        let rows = stmt.query_map([], |r| r.get(0)).expect("rows");
        rows.collect::<Result<_, _>>().expect("rows")
    };
    let distinct: BTreeSet<&str> = stored.iter().map(String::as_str).collect();
    assert_eq!(distinct.len(), stored.len(), "a key stored twice");
    for key in &distinct {
        assert!(seen.contains_key(*key), "a row nobody sent");
    }
    assert!(
        stored.len() >= created.len() && stored.len() <= created.len() + in_flight,
        "{} rows, {} answered 201, {in_flight} in flight",
        stored.len(),
        created.len()
    );
    // 0 lost: each 201 replays as 200 with the same reference.
    for (key, reference) in &created {
        let headers = [("Idempotency-Key", *key)];
        let res = backend
            .send(&Request::post_json(
                "/api/v1/registrations",
                &headers,
                &body,
            ))
            .expect("replay");
        assert_eq!(res.status, 200, "{}", res.text());
        assert_eq!(res.json()["reference"], *reference);
    }
    let rows: i64 = db
        .query_row("SELECT COUNT(*) FROM registrations", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows as usize, stored.len(), "a replay stored again");
    println!(
        "crash: {} answered 201, {in_flight} in flight at the kill, {} rows after the restart",
        created.len(),
        stored.len()
    );
}
