//! Behind a real caching reverse proxy: Debian's nginx, configured with the
//! repository's `deploy/nginx.conf` (what the README tells an embassy to
//! use), in front of the real `portal-backend`. `cargo xtask setup`
//! installs nginx.

mod common;
use common::process::{free_port, send, temp_site, Process, Request, Response, Start};
use common::reg::{uuid_v4, valid_body};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn nginx_binary() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join("nginx"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("nginx is missing: run `cargo xtask setup` (it installs Debian's nginx for this test)")
        })
}

/// nginx in the foreground, one process, everything in `dir`; stopped on drop.
struct Nginx {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
}

impl Nginx {
    /// Starts nginx on a free port. A port found free can be taken by
    /// another test before nginx binds it: then nginx exits, or another
    /// server answers there; either way it tries again on another port.
    fn start(dir: &Path, backend: SocketAddr) -> Nginx {
        for _ in 0..5 {
            if let Some(nginx) = Nginx::try_start(dir, backend) {
                return nginx;
            }
        }
        panic!(
            "nginx did not start on a free port in 5 tries:\n{}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
    }

    fn try_start(dir: &Path, backend: SocketAddr) -> Option<Nginx> {
        let template = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx.conf"),
        )
        .expect("deploy/nginx.conf");
        let port = free_port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let d = dir.display();
        let site = template
            .replace("@LISTEN@", &addr.to_string())
            .replace("@SERVER_NAME@", "portal.test")
            .replace("@TLS@", "")
            .replace("@BACKEND@", &backend.to_string())
            .replace("@CACHE_DIR@", &format!("{d}/cache"))
            .replace("@LOG_DIR@", &d.to_string());
        assert!(!site.contains('@'), "a placeholder is left:\n{site}");
        std::fs::write(dir.join("portal.conf"), site).expect("portal.conf");
        // The machine's part, which Debian's /etc/nginx/nginx.conf has.
        std::fs::write(
            dir.join("nginx.conf"),
            format!(
                "master_process off;
error_log {d}/error.log info;
pid {d}/nginx.pid;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {d}/tmp-body;
    proxy_temp_path {d}/tmp-proxy;
    fastcgi_temp_path {d}/tmp-fastcgi;
    uwsgi_temp_path {d}/tmp-uwsgi;
    scgi_temp_path {d}/tmp-scgi;
    include {d}/portal.conf;
}}
"
            ),
        )
        .expect("nginx.conf");
        let child = Command::new(nginx_binary())
            .arg("-p")
            .arg(dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut nginx = Nginx {
            child,
            addr,
            dir: dir.to_path_buf(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(_)) = nginx.child.try_wait() {
                // Most likely the port was taken meanwhile.
                return None;
            }
            if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                // nginx names itself in `Server`; another server would not.
                let probe = send(addr, None, &Request::get("/api/v1/health"));
                let ours = probe
                    .as_ref()
                    .is_ok_and(|r| r.header("server").is_some_and(|s| s.starts_with("nginx")));
                return ours.then_some(nginx);
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not listen within 10 s:\n{}",
                nginx.errors()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn errors(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn get_with<'a>(path: &'a str, headers: &'a [(&'a str, &'a str)]) -> Request<'a> {
    Request {
        method: "GET",
        path,
        headers,
        body: b"",
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// A realistic advisory, valid for the next hours.
fn advisory() -> serde_json::Value {
    let at = |offset: i64| contract::time::format_rfc3339(now() + offset);
    serde_json::json!({
        "verdict": "come",
        "points": [
            {
                "id": "splp",
                "name": {"id": "SPLP (dokumen perjalanan)", "en": "SPLP (travel document)"},
                "status": "busy",
                "wait_min": 60, "wait_max": 120
            }
        ],
        "notice": {
            "id": "Layanan KBRI gratis.",
            "en": "Embassy services are free."
        },
        "next_update_by": at(3600),
        "valid_until": at(4 * 3600)
    })
}

/// The text without ANSI colour codes (`ESC [ ... m`).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// How many requests for `route` the backend logged (its request log, at info).
fn origin_requests(backend: &Process, route: &str) -> usize {
    let needle = format!("route=\"{route}\"");
    without_colours(&backend.output())
        .lines()
        .filter(|l| l.contains(" request ") && l.contains(&needle))
        .count()
}

fn register(proxy: SocketAddr, from: IpAddr, extra: &[(&str, &str)]) -> Response {
    let key = uuid_v4();
    let body = valid_body().to_string();
    let mut headers = vec![("Idempotency-Key", key.as_str())];
    headers.extend_from_slice(extra);
    send(
        proxy,
        Some(from),
        &Request::post_json("/api/v1/registrations", &headers, body.as_bytes()),
    )
    .expect("registration through the proxy")
}

fn brotli_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

fn gzip_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

/// A hashed asset (cached for a year) with its `.br` and `.gz` files, as
/// the build writes them.
fn write_precompressed(dist: &Path, name: &str) -> Vec<u8> {
    let text: String = (0..2000)
        .map(|n| format!("export const line{n} = \"{}\";\n", n * 7919 % 1000))
        .collect();
    let raw = text.into_bytes();
    std::fs::write(dist.join(name), &raw).expect("file");
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 9, 22);
        w.write_all(&raw).expect("brotli");
    }
    std::fs::write(dist.join(format!("{name}.br")), &br).expect("br");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&raw).expect("gzip");
    std::fs::write(dist.join(format!("{name}.gz")), gz.finish().expect("gzip")).expect("gz");
    raw
}

/// A backend that trusts nginx's header (nginx connects from 127.0.0.1),
/// logging every request, with nginx in front; `raw` is the precompressed
/// asset's content.
struct Site {
    backend: Process,
    nginx: Nginx,
    raw: Vec<u8>,
    _dir: tempfile::TempDir,
}

const ASSET: &str = "big-0123456789abcdef.js";

fn site() -> Site {
    assert!(nginx_binary().is_file());
    let (dir, data, dist) = temp_site();
    let raw = write_precompressed(&dist, ASSET);
    let backend = Process::start(Start {
        data_dir: &data,
        dist: &dist,
        env: &[
            ("PORTAL_LOG", "info"),
            ("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32"),
        ],
    });
    let nginx_dir = dir.path().join("nginx");
    std::fs::create_dir_all(&nginx_dir).expect("nginx dir");
    let nginx = Nginx::start(&nginx_dir, backend.addr);
    Site {
        backend,
        nginx,
        raw,
        _dir: dir,
    }
}

#[test]
fn advisories_come_from_the_cache_and_stay_when_the_origin_is_down() {
    // (Bound by name: `..` in a pattern would drop the rest at once.)
    let Site {
        mut backend,
        nginx,
        raw: _,
        _dir,
    } = site();
    let proxy = nginx.addr;
    // Staff post an advisory (to the backend; it is no-store anyway).
    let auth = format!("Bearer {}", common::STAFF_TOKEN);
    let body = advisory().to_string();
    let posted = backend
        .send(&Request::post_json(
            "/api/v1/advisories",
            &[("Authorization", auth.as_str())],
            body.as_bytes(),
        ))
        .expect("post advisory");
    assert_eq!(posted.status, 201, "{}", posted.text());

    // The first read through the proxy fills its cache.
    let cached_at = Instant::now();
    let first = send(proxy, None, &Request::get("/api/v1/advisories")).expect("advisory");
    assert_eq!(first.status, 200, "{}\n{}", first.text(), nginx.errors());
    let etag = first.header("etag").expect("etag").to_string();
    let status_page = send(proxy, None, &Request::get("/status/id")).expect("status page");
    assert_eq!(status_page.status, 200);

    // 1,000 phones read it: the origin sees a handful, not 1,000.
    let workers: Vec<_> = (0..8u8)
        .map(|w| {
            let etag = etag.clone();
            std::thread::spawn(move || {
                let from = Some(IpAddr::from([127, 0, 1, w + 1]));
                for _ in 0..125 {
                    let res = send(proxy, from, &Request::get("/api/v1/advisories"))
                        .expect("advisory through the proxy");
                    assert_eq!(res.status, 200);
                    assert_eq!(res.header("etag"), Some(etag.as_str()));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("reader thread");
    }
    let origin = origin_requests(&backend, "/api/v1/advisories");
    assert!(
        (1..=5).contains(&origin),
        "1,001 reads reached the origin {origin} times:\n{}",
        backend.output()
    );

    // The origin goes down: once the copy is past its 30 s, the proxy
    // still answers with the last advisory and status page.
    backend.kill_hard();
    let stale_from = cached_at + Duration::from_secs(31);
    if let Some(wait) = stale_from.checked_duration_since(Instant::now()) {
        std::thread::sleep(wait);
    }
    let stale = send(proxy, None, &Request::get("/api/v1/advisories")).expect("stale advisory");
    assert_eq!(stale.status, 200, "{}", nginx.errors());
    assert_eq!(stale.body, first.body);
    assert_eq!(stale.header("etag"), Some(etag.as_str()));
    assert!(
        matches!(stale.header("x-cache-status"), Some("STALE" | "UPDATING")),
        "{:?}",
        stale.header("x-cache-status")
    );
    let stale_page = send(proxy, None, &Request::get("/status/id")).expect("stale page");
    assert_eq!(stale_page.status, 200);
    assert_eq!(stale_page.body, status_page.body);
}

#[test]
fn through_the_proxy_each_phone_has_its_own_rate_limit() {
    let site = site();
    let proxy = site.nginx.addr;
    // It said at start how it finds client addresses.
    assert!(
        without_colours(&site.backend.output())
            .contains("from=x-forwarded-for from trusted proxies 127.0.0.1/32, else the TCP peer"),
        "{}",
        site.backend.output()
    );
    // The backend trusts nginx's X-Forwarded-For: 5 at once per phone.
    for phone in [[127, 0, 0, 2], [127, 0, 0, 3]] {
        let phone = IpAddr::from(phone);
        for n in 0..5 {
            let res = register(proxy, phone, &[]);
            assert_eq!(res.status, 201, "{phone} #{n}: {}", res.text());
        }
        let res = register(proxy, phone, &[]);
        assert_eq!(res.status, 429, "{phone}: the 6th");
        assert!(res.header("retry-after").is_some());
        assert_eq!(res.json()["error"]["code"], "rate_limited");
    }
    // A phone that writes another address into the header is still itself.
    let forged = register(
        proxy,
        IpAddr::from([127, 0, 0, 2]),
        &[("X-Forwarded-For", "203.0.113.50")],
    );
    assert_eq!(forged.status, 429);
    // A third phone is not held back by the other two.
    let res = register(proxy, IpAddr::from([127, 0, 0, 4]), &[]);
    assert_eq!(res.status, 201);
}

/// Needs the backend's `Vary: Accept-Encoding` on precompressed files:
/// without it the cache hands the first encoding it stored to everyone.
#[test]
fn brotli_and_gzip_clients_each_get_their_bytes() {
    let site = site();
    let (proxy, raw) = (site.nginx.addr, &site.raw);
    let path = format!("/{ASSET}");
    for round in ["from the backend", "from the cache"] {
        let br = send(proxy, None, &get_with(&path, &[("Accept-Encoding", "br")])).expect("br");
        assert_eq!(br.status, 200, "{round}");
        assert_eq!(br.header("content-encoding"), Some("br"), "{round}");
        assert_eq!(&brotli_decode(&br.body), raw, "brotli {round}");
        let gz = send(
            proxy,
            None,
            &get_with(&path, &[("Accept-Encoding", "gzip")]),
        )
        .expect("gzip");
        assert_eq!(gz.status, 200, "{round}");
        assert_eq!(
            gz.header("content-encoding"),
            Some("gzip"),
            "{round}: a gzip client got another encoding (the backend must send \
             Vary: Accept-Encoding for the cache to keep them apart)"
        );
        assert_eq!(&gzip_decode(&gz.body), raw, "gzip {round}");
        assert!(
            gz.header("vary")
                .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
            "the proxy passes Vary on"
        );
        let plain = send(proxy, None, &Request::get(&path)).expect("identity");
        assert_eq!(plain.status, 200, "{round}");
        assert_eq!(plain.header("content-encoding"), None, "{round}");
        assert_eq!(&plain.body, raw, "identity {round}");
    }
    let again = send(
        proxy,
        None,
        &get_with(&path, &[("Accept-Encoding", "gzip")]),
    )
    .expect("gz");
    assert_eq!(again.header("x-cache-status"), Some("HIT"));
}
