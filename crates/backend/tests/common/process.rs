//! The real thing: `portal-backend` as its own process on a free port, and a
//! raw HTTP/1.1 client over a socket that can be bound to any 127.0.0.x
//! source address (for per-client limits). For tests that need what a
//! `oneshot` cannot show: timeouts, crashes, a proxy in front, a full disk.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `portal-backend`; killed on drop.
pub struct Process {
    pub child: Child,
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub dist: PathBuf,
    /// What the process printed on stderr and stdout, once it has stopped
    /// (see `stop_and_read_output`).
    log_path: PathBuf,
}

/// How to start one: the data directory, the app to serve, and extra
/// `PORTAL_*` variables (`("PORTAL_LOG", "info")` and the like).
pub struct Start<'a> {
    pub data_dir: &'a Path,
    pub dist: &'a Path,
    pub env: &'a [(&'a str, &'a str)],
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Process {
    /// Starts the backend and waits until it accepts connections.
    pub fn start(start: Start<'_>) -> Process {
        Process::start_on(free_port(), start)
    }

    /// The same on a given port (a restart keeps its address).
    pub fn start_on(port: u16, start: Start<'_>) -> Process {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log_path = start
            .data_dir
            .with_extension(format!("log-{port}-{}", unique()));
        let log = std::fs::File::create(&log_path).expect("log file");
        let log_err = log.try_clone().expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_portal-backend"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("PORTAL_ADDR", addr.to_string())
            .env("PORTAL_DATA_DIR", start.data_dir)
            .env("PORTAL_DIST", start.dist)
            .env("PORTAL_PROFILE", super::profile_path())
            .env("PORTAL_STAGES", super::stages_path())
            .env("PORTAL_STAFF_TOKEN", super::STAFF_TOKEN)
            .env("PORTAL_LOG", "warn")
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err));
        for (k, v) in start.env {
            command.env(k, v);
        }
        let child = command.spawn().expect("start portal-backend");
        let mut process = Process {
            child,
            addr,
            data_dir: start.data_dir.to_path_buf(),
            dist: start.dist.to_path_buf(),
            log_path,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return process;
            }
            if let Ok(Some(status)) = process.child.try_wait() {
                panic!(
                    "portal-backend exited at start ({status}):\n{}",
                    process.output()
                );
            }
            assert!(
                Instant::now() < deadline,
                "portal-backend did not listen within 30 s:\n{}",
                process.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the process has printed so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// `kill -9`: no chance to flush or drain.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM (a supervisor's stop) and returns at once.
    pub fn terminate(&self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// One request from 127.0.0.1.
    pub fn send(&self, request: &Request<'_>) -> std::io::Result<Response> {
        send(self.addr, None, request)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill_hard();
        let _ = std::fs::remove_file(&self.log_path);
    }
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// One HTTP/1.1 request; `Connection: close` and `Host` are added.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    pub fn get(path: &'a str) -> Request<'a> {
        Request {
            method: "GET",
            path,
            headers: &[],
            body: b"",
        }
    }

    pub fn post_json(path: &'a str, headers: &'a [(&'a str, &'a str)], body: &'a [u8]) -> Self {
        Request {
            method: "POST",
            path,
            headers,
            body,
        }
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!(
            "{} {} HTTP/1.1\r\nHost: portal.test\r\n",
            self.method, self.path
        );
        let mut has_type = false;
        for (k, v) in self.headers {
            has_type |= k.eq_ignore_ascii_case("content-type");
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        if !self.body.is_empty() || self.method == "POST" {
            if !has_type {
                out.push_str("Content-Type: application/json\r\n");
            }
            out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        out.push_str("Connection: close\r\n\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(self.body);
        bytes
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A socket to `addr`, bound to `from` (any 127.0.0.x works on Linux
/// loopback) when given.
pub fn connect(addr: SocketAddr, from: Option<IpAddr>) -> std::io::Result<TcpStream> {
    let Some(from) = from else {
        return TcpStream::connect_timeout(&addr, Duration::from_secs(5));
    };
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        None,
    )?;
    socket.bind(&SocketAddr::new(from, 0).into())?;
    socket.connect_timeout(&addr.into(), Duration::from_secs(5))?;
    Ok(socket.into())
}

/// Sends `request` from `from` and reads the whole answer (30 s at most).
pub fn send(
    addr: SocketAddr,
    from: Option<IpAddr>,
    request: &Request<'_>,
) -> std::io::Result<Response> {
    let mut stream = connect(addr, from)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(&request.to_bytes())?;
    read_response(&mut stream)
}

/// Reads one answer to the end of the connection, undoing chunked encoding.
pub fn read_response(stream: &mut TcpStream) -> std::io::Result<Response> {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

pub fn parse_response(raw: &[u8]) -> std::io::Result<Response> {
    let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string());
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&rest[..line_end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        rest = &rest[line_end + 2..];
        if size == 0 || rest.len() < size {
            break;
        }
        body.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or(&[]);
    }
    body
}

/// The database in `data_dir`, opened read-only (beside a running backend,
/// or after it stopped).
pub fn read_database(data_dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(
        backend::db::database_path(data_dir),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the database read-only")
}

/// A fresh temporary directory with a fake built app in `dist/`; the data
/// directory is `data/` inside it (not created: the backend makes it).
pub fn temp_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let dist = dir.path().join("dist");
    super::write_fake_dist(&dist);
    let data = dir.path().join("data");
    (dir, data, dist)
}
