//! Slow and many clients against the real `portal-backend` process: the
//! header, body and idle timeouts close them, the connection cap refuses
//! the one too many at once, and SIGTERM stops within the drain deadline.
//! Timeouts are set short (`PORTAL_*_TIMEOUT`) so that this runs in seconds.

mod common;
use common::process::{connect, free_port, send, temp_site, Process, Request, Start};
use common::reg::{uuid_v4, valid_body};
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, TcpStream};
use std::time::{Duration, Instant};

/// What a slow connection shows when the server is done with it.
#[derive(Debug, PartialEq)]
enum Ended {
    /// Closed (EOF or reset), perhaps after an error answer such as 408.
    Closed,
    /// Still open at the deadline.
    Open,
}

/// Reads until the server closes the connection or `deadline` passes.
fn wait_for_close(stream: &mut TcpStream, deadline: Instant) -> Ended {
    let mut buf = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ended::Open;
        }
        if stream
            .set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .is_err()
        {
            return Ended::Closed;
        }
        match stream.read(&mut buf) {
            Ok(0) => return Ended::Closed,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ended::Open
            }
            Err(_) => return Ended::Closed,
        }
    }
}

/// Sends `bytes` one at a time, `every` apart, until the server closes the
/// socket or `stop` is set; on its own thread.
fn drip(
    streams: Vec<TcpStream>,
    bytes: Vec<u8>,
    every: Duration,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut open: Vec<(TcpStream, usize)> = streams.into_iter().map(|s| (s, 0)).collect();
        while !open.is_empty() && !stop.load(std::sync::atomic::Ordering::Relaxed) {
            open.retain_mut(|(s, at)| {
                let byte = bytes[*at % bytes.len()];
                *at += 1;
                s.write_all(&[byte]).is_ok()
            });
            std::thread::sleep(every);
        }
    })
}

fn registration_body() -> Vec<u8> {
    valid_body().to_string().into_bytes()
}

/// 300 connections sending their headers a byte at a time: home, the status
/// page and a registration still answer within 2 s each, and the slow
/// connections are closed by the header timeout.
#[test]
fn slow_headers_do_not_take_the_portal_down() {
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[("PORTAL_HEADER_TIMEOUT", "2"), ("PORTAL_IDLE_TIMEOUT", "5")],
    });
    let mut slow = Vec::new();
    for i in 0..300u32 {
        // From 127.0.0.10..=127.0.0.209, like many phones.
        let from = IpAddr::from([127, 0, 0, 10 + (i % 200) as u8]);
        let s = connect(backend.addr, Some(from)).expect("a slow connection");
        slow.push(s);
    }
    let watchers: Vec<TcpStream> = slow.iter().map(|s| s.try_clone().expect("clone")).collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // A request line, then a header that never ends.
    let mut head = b"GET / HTTP/1.1\r\nHost: portal.test\r\nX-Slow: ".to_vec();
    head.extend(std::iter::repeat_n(b'a', 4000));
    let dripper = drip(slow, head, Duration::from_millis(100), stop.clone());
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(500));

    let timed = |what: &str, request: &Request<'_>| {
        let t = Instant::now();
        let res = send(backend.addr, Some(IpAddr::from([127, 0, 0, 250])), request)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let took = t.elapsed();
        assert!(
            took < Duration::from_secs(2),
            "{what} took {took:?}:\n{}",
            backend.output()
        );
        res
    };
    let home = timed("home", &Request::get("/"));
    assert_eq!(home.status, 200);
    assert!(home.text().contains("shell id"));
    let status = timed("status page", &Request::get("/status/id"));
    assert_eq!(status.status, 200);
    let key = uuid_v4();
    let body = registration_body();
    let headers = [("Idempotency-Key", key.as_str())];
    let created = timed(
        "registration",
        &Request::post_json("/api/v1/registrations", &headers, &body),
    );
    assert_eq!(created.status, 201, "{}", created.text());

    // Every slow connection is closed by the 2 s header timeout, although
    // its client keeps sending.
    let deadline = started + Duration::from_secs(6);
    let mut still_open = 0;
    for mut w in watchers {
        if wait_for_close(&mut w, deadline) == Ended::Open {
            still_open += 1;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = dripper.join();
    assert_eq!(still_open, 0, "slow connections left open");
    // And the portal still answers.
    let home = backend.send(&Request::get("/")).expect("home");
    assert_eq!(home.status, 200);
}

/// A body sent a byte at a time is cut off with 408 at the body timeout.
#[test]
fn a_slow_body_is_cut_off() {
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[
            ("PORTAL_BODY_TIMEOUT", "1.5"),
            ("PORTAL_IDLE_TIMEOUT", "30"),
        ],
    });
    let mut s = connect(backend.addr, None).expect("connect");
    let key = uuid_v4();
    let head = format!(
        "POST /api/v1/registrations HTTP/1.1\r\nHost: portal.test\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {key}\r\n\
         Content-Length: 16000\r\n\r\n{{\"full_name\":"
    );
    s.write_all(head.as_bytes()).expect("head");
    let started = Instant::now();
    let writer = s.try_clone().expect("clone");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let dripper = drip(
        vec![writer],
        b" ".to_vec(),
        Duration::from_millis(100),
        stop.clone(),
    );
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let took = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = dripper.join();
    assert!(
        took >= Duration::from_millis(1400) && took < Duration::from_secs(5),
        "cut after {took:?}"
    );
    let res = common::process::parse_response(&raw).expect("an answer before the close");
    assert_eq!(res.status, 408, "{}", res.text());
    assert_eq!(res.json()["error"]["code"], "request_timeout");
}

/// Many slow API requests (bodies that trickle in) fill the API's slots:
/// the next API request gets 503 with `Retry-After` at once, and home and
/// the status page still answer within 2 s.
#[test]
fn a_flood_of_slow_api_requests_leaves_the_pages_up() {
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[
            ("PORTAL_MAX_API_REQUESTS", "8"),
            ("PORTAL_BODY_TIMEOUT", "30"),
            ("PORTAL_IDLE_TIMEOUT", "30"),
        ],
    });
    let mut slow = Vec::new();
    for i in 0..40u8 {
        let mut s = connect(backend.addr, Some(IpAddr::from([127, 0, 1, i + 1]))).expect("connect");
        let key = uuid_v4();
        let head = format!(
            "POST /api/v1/registrations HTTP/1.1\r\nHost: portal.test\r\n\
             Content-Type: application/json\r\nIdempotency-Key: {key}\r\n\
             Content-Length: 10000\r\n\r\n{{"
        );
        s.write_all(head.as_bytes()).expect("head");
        slow.push(s);
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers = slow.iter().map(|s| s.try_clone().expect("clone")).collect();
    let dripper = drip(
        writers,
        b" ".to_vec(),
        Duration::from_millis(200),
        stop.clone(),
    );
    std::thread::sleep(Duration::from_millis(500));
    let from = Some(IpAddr::from([127, 0, 0, 251]));
    for path in ["/", "/status/id", "/en"] {
        let t = Instant::now();
        let res = send(backend.addr, from, &Request::get(path)).expect("page");
        assert_eq!(res.status, 200, "{path}");
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "{path}: {:?}",
            t.elapsed()
        );
    }
    let t = Instant::now();
    let key = uuid_v4();
    let body = registration_body();
    let headers = [("Idempotency-Key", key.as_str())];
    let shed = send(
        backend.addr,
        from,
        &Request::post_json("/api/v1/registrations", &headers, &body),
    )
    .expect("an answer");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(shed.status, 503, "{}", shed.text());
    assert_eq!(shed.json()["error"]["code"], "unavailable");
    assert!(shed.header("retry-after").is_some());
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = dripper.join();
    drop(slow);
    // Once the slow ones are gone, registrations go in again.
    std::thread::sleep(Duration::from_millis(300));
    let created = send(
        backend.addr,
        from,
        &Request::post_json("/api/v1/registrations", &headers, &body),
    )
    .expect("an answer");
    assert_eq!(created.status, 201, "{}", created.text());
}

/// A kept-alive connection with nothing more to say is closed at the idle
/// timeout; one that never says anything too.
#[test]
fn idle_connections_are_closed() {
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[
            ("PORTAL_IDLE_TIMEOUT", "1"),
            ("PORTAL_HEADER_TIMEOUT", "20"),
        ],
    });
    let mut kept = connect(backend.addr, None).expect("connect");
    kept.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: portal.test\r\n\r\n")
        .expect("request");
    let mut buf = [0u8; 4096];
    kept.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let n = kept.read(&mut buf).expect("an answer");
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    let answered = Instant::now();
    assert_eq!(
        wait_for_close(&mut kept, answered + Duration::from_secs(4)),
        Ended::Closed
    );
    assert!(answered.elapsed() >= Duration::from_millis(900));

    let mut silent = connect(backend.addr, None).expect("connect");
    let opened = Instant::now();
    assert_eq!(
        wait_for_close(&mut silent, opened + Duration::from_secs(4)),
        Ended::Closed
    );
}

/// Over the connection cap, a new connection gets a 503 at once instead of
/// waiting; once connections close, new ones are served again.
#[test]
fn the_connection_cap_refuses_at_once() {
    let (_dir, data, dist) = temp_site();
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[
            ("PORTAL_MAX_CONNECTIONS", "20"),
            ("PORTAL_IDLE_TIMEOUT", "30"),
            ("PORTAL_HEADER_TIMEOUT", "30"),
        ],
    });
    // The harness's own readiness probe may still hold a slot for a moment.
    std::thread::sleep(Duration::from_millis(200));
    let held: Vec<TcpStream> = (0..20)
        .map(|_| connect(backend.addr, None).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // The refusal comes before the client says anything.
    let t = Instant::now();
    let mut one_more = connect(backend.addr, None).expect("connect");
    one_more
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut raw = Vec::new();
    let _ = one_more.read_to_end(&mut raw);
    let refused = common::process::parse_response(&raw).expect("an answer");
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("retry-after"), Some("5"));
    assert_eq!(refused.json()["error"]["code"], "unavailable");
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    let home = backend.send(&Request::get("/")).expect("home");
    assert_eq!(home.status, 200);
}

/// SIGTERM with a client stuck in the middle of its body: the process exits
/// within the drain deadline (1 s here) instead of waiting for it.
#[test]
fn sigterm_exits_within_the_drain_deadline() {
    let (_dir, data, dist) = temp_site();
    let port = free_port();
    let mut backend = Process::start_on(
        port,
        Start {
            data_dir: &data,
            dist: &dist,
            env: &[
                ("PORTAL_DRAIN_TIMEOUT", "1"),
                ("PORTAL_BODY_TIMEOUT", "60"),
                ("PORTAL_IDLE_TIMEOUT", "60"),
                ("PORTAL_HEADER_TIMEOUT", "60"),
            ],
        },
    );
    let mut s = connect(backend.addr, None).expect("connect");
    s.write_all(
        b"POST /api/v1/registrations HTTP/1.1\r\nHost: portal.test\r\n\
          Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{",
    )
    .expect("head");
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    backend.terminate();
    let status = loop {
        if let Ok(Some(status)) = backend.child.try_wait() {
            break status;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(6),
            "still running 6 s after SIGTERM:\n{}",
            backend.output()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = signalled.elapsed();
    assert!(status.success(), "{status}:\n{}", backend.output());
    assert!(
        took >= Duration::from_millis(900),
        "exited after {took:?}, before the drain deadline"
    );
    assert!(
        backend.output().contains("drain deadline passed"),
        "{}",
        backend.output()
    );
    drop(s);
}
