//! Backend configuration: environment variables, overridden by flags.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const USAGE: &str = "\
Usage: portal-backend [--addr HOST:PORT] [--data-dir DIR] [--profile FILE] [--stages FILE] [--dist DIR] [--staff-token TOKEN]
                      [--trusted-proxies CIDRS] [--proxy-header NAME] [--registrations-per-hour N] [--min-free-disk-mb MB] [EDGE SETTINGS]

  --addr         PORTAL_ADDR         where to listen (default 127.0.0.1:8080)
  --data-dir     PORTAL_DATA_DIR     SQLite database and other state (default ./data)
  --profile      PORTAL_PROFILE      the embassy profile JSON (default <dist>/profile.json)
  --stages       PORTAL_STAGES       the embassy's case stages JSON (default stages.json beside the profile)
  --dist         PORTAL_DIST         the built app to serve (default ./dist)
  --staff-token  PORTAL_STAFF_TOKEN  enables the staff endpoints (disabled while unset; at least
                                     128 random bits: make one with `openssl rand -base64 32`)
  --min-free-disk-mb PORTAL_MIN_FREE_DISK_MB  below this free space (MiB) in the data
                     directory: not ready, new writes refused with 503 (default 64)

  --trusted-proxies         PORTAL_TRUSTED_PROXIES         comma-separated CIDRs of the reverse proxies / CDN
                                                           in front; only their header is read (default none)
  --proxy-header            PORTAL_PROXY_HEADER            the header they write: x-forwarded-for (default)
                                                           or forwarded (RFC 7239)
  --registrations-per-hour  PORTAL_REGISTRATIONS_PER_HOUR  new registrations from everyone together: up to N
                                                           at once, then N an hour (default 600)

The server's edge (times in seconds, fractions allowed):
  --header-timeout   PORTAL_HEADER_TIMEOUT    time to send a request's headers (default 10)
  --body-timeout     PORTAL_BODY_TIMEOUT      time to send a request's body, 408 after (default 10)
  --idle-timeout     PORTAL_IDLE_TIMEOUT      a connection with no request in hand and no byte
                                              moving is closed after this (default 5)
  --drain-timeout    PORTAL_DRAIN_TIMEOUT     on SIGTERM, time for open requests to finish (default 10)
  --max-connections  PORTAL_MAX_CONNECTIONS   open connections; more are refused at once (default 512)
  --max-api-requests PORTAL_MAX_API_REQUESTS  API requests and posts at once; more get 503 (default 64)
  --hsts             PORTAL_HSTS              on|off: Strict-Transport-Security (default on,
                                              off when --addr is a loopback address)
  --cors-origins     PORTAL_CORS_ORIGINS      origins (comma-separated, exact, https://host[:port])
                                              whose pages may call /api/ (default none)";

/// The default global cap on new registrations: up to this many at once,
/// then this many an hour, from all clients together. A day at the cap is
/// 14,400 registrations, far above an embassy's busiest day (a mass
/// release brings hundreds, over days), while a flood of junk stops at a
/// size staff can clear and a disk holds; raise it for a known crowd.
pub const REGISTRATIONS_PER_HOUR: u32 = 600;

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub profile: PathBuf,
    pub stages: PathBuf,
    pub dist: PathBuf,
    pub staff_token: Option<String>,
    /// Timeouts, caps, HSTS and CORS (`Edge`).
    pub edge: Edge,
    // Who is asking (client.rs, ratelimit.rs).
    /// The proxies whose header names the client, and that header.
    pub trusted_proxies: crate::client::TrustedProxies,
    /// The global cap on new registrations (all clients together).
    pub registrations_per_hour: u32,
    /// Below this much free space in the data directory the backend is not
    /// ready and refuses new writes with 503 (`health`).
    pub min_free_disk_bytes: u64,
}

/// Default for `PORTAL_MIN_FREE_DISK_MB`: 64 MiB. A registration is about
/// 2 KB, so this refuses writes while thousands still fit: room for the WAL
/// (which grows to about 4 MiB between checkpoints), a checkpoint and the
/// logs, and time for an operator alerted by readiness to act, before
/// SQLite itself meets a full disk.
pub const DEFAULT_MIN_FREE_DISK_MB: u64 = 64;

// Made once at start and moved straight into `serve`: a box would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Parsed {
    Run(Config),
    Help,
}

impl Config {
    /// The settings with nothing set: what `from_env_and_args` starts from.
    /// Tests build on it with `Config { data_dir, ..Config::defaults() }`.
    pub fn defaults() -> Config {
        let dist = PathBuf::from("dist");
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            profile: dist.join("profile.json"),
            stages: dist.join("stages.json"),
            dist,
            staff_token: None,
            edge: Edge::defaults(),
            // Who is asking.
            trusted_proxies: crate::client::TrustedProxies::default(),
            registrations_per_hour: REGISTRATIONS_PER_HOUR,
            min_free_disk_bytes: DEFAULT_MIN_FREE_DISK_MB * 1024 * 1024,
        }
    }

    pub fn from_env_and_args(args: &[String]) -> Result<Parsed, String> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let mut addr = env("PORTAL_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        let mut data_dir = env("PORTAL_DATA_DIR").unwrap_or_else(|| "data".into());
        let mut profile = env("PORTAL_PROFILE");
        let mut stages = env("PORTAL_STAGES");
        let mut dist = env("PORTAL_DIST").unwrap_or_else(|| "dist".into());
        let mut staff_token = env("PORTAL_STAFF_TOKEN");
        let mut edge_flags = Vec::new();
        // Who is asking.
        let mut trusted_proxies = env("PORTAL_TRUSTED_PROXIES").unwrap_or_default();
        let mut proxy_header = env("PORTAL_PROXY_HEADER");
        let mut registrations_per_hour = env("PORTAL_REGISTRATIONS_PER_HOUR");
        let mut min_free_disk_mb = env("PORTAL_MIN_FREE_DISK_MB");
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            if flag == "--help" || flag == "-h" {
                return Ok(Parsed::Help);
            }
            let value = it
                .next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--addr" => addr = value,
                "--data-dir" => data_dir = value,
                "--profile" => profile = Some(value),
                "--stages" => stages = Some(value),
                "--dist" => dist = value,
                "--staff-token" => staff_token = Some(value),
                other if Edge::is_flag(other) => edge_flags.push((other.to_string(), value)),
                // Who is asking.
                "--trusted-proxies" => trusted_proxies = value,
                "--proxy-header" => proxy_header = Some(value),
                "--registrations-per-hour" => registrations_per_hour = Some(value),
                "--min-free-disk-mb" => min_free_disk_mb = Some(value),
                other => return Err(format!("unknown flag {other}")),
            }
        }
        let addr: SocketAddr = addr
            .parse()
            .map_err(|_| format!("PORTAL_ADDR / --addr: `{addr}` is not HOST:PORT"))?;
        let edge = Edge::from_env_and_flags(&env, &edge_flags, &addr)?;
        if let Some(t) = &staff_token {
            crate::staff::check_token_strength(t)
                .map_err(|e| format!("PORTAL_STAFF_TOKEN / --staff-token: {e}"))?;
        }
        // Who is asking.
        let trusted_proxies = crate::client::TrustedProxies {
            proxies: crate::client::Cidr::parse_list(&trusted_proxies)
                .map_err(|e| format!("PORTAL_TRUSTED_PROXIES / --trusted-proxies: {e}"))?,
            header: proxy_header
                .as_deref()
                .map(crate::client::ProxyHeader::parse)
                .transpose()
                .map_err(|e| format!("PORTAL_PROXY_HEADER / --proxy-header: {e}"))?
                .unwrap_or_default(),
        };
        let registrations_per_hour = match registrations_per_hour {
            None => REGISTRATIONS_PER_HOUR,
            Some(n) => n.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                format!("PORTAL_REGISTRATIONS_PER_HOUR / --registrations-per-hour: `{n}` is not a whole number above 0")
            })?,
        };
        let min_free_disk_bytes = match min_free_disk_mb {
            None => DEFAULT_MIN_FREE_DISK_MB * 1024 * 1024,
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .and_then(|mb| mb.checked_mul(1024 * 1024))
                .ok_or_else(|| {
                    format!("PORTAL_MIN_FREE_DISK_MB / --min-free-disk-mb: `{v}` is not a whole number of MiB")
                })?,
        };
        let dist = PathBuf::from(dist);
        let profile = profile.map_or_else(|| dist.join("profile.json"), PathBuf::from);
        Ok(Parsed::Run(Config {
            addr,
            data_dir: data_dir.into(),
            stages: stages.map_or_else(|| profile.with_file_name("stages.json"), PathBuf::from),
            profile,
            dist,
            staff_token,
            edge,
            // Who is asking.
            trusted_proxies,
            registrations_per_hour,
            min_free_disk_bytes,
        }))
    }
}

/// The server's edge: how long a client may take, how many may be served at
/// once, and the headers that depend on where the backend runs. Used by
/// `server` (timeouts, caps, drain) and `web` (HSTS, CORS).
#[derive(Debug, Clone)]
pub struct Edge {
    /// From the first byte of a request (or the end of the previous answer on a
    /// kept-alive connection) to the end of its headers.
    pub header_timeout: Duration,
    /// From the start of a request's body to its end: 408 after.
    pub body_timeout: Duration,
    /// No request being answered and no byte moving either way: closed.
    pub idle_timeout: Duration,
    /// After SIGTERM or Ctrl-C: how long open requests may take to finish.
    pub drain_timeout: Duration,
    /// Open connections at once; a new one over the cap gets a 503 and is closed.
    pub max_connections: usize,
    /// `/api/` requests answered at once; over it, 503 JSON with `Retry-After`.
    /// Pages, `/status` and static files are not counted, so they stay up.
    pub max_api_requests: usize,
    /// Send `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
    pub hsts: bool,
    /// Exact origins whose pages may call the API (CORS); empty = same origin only.
    pub cors_origins: Vec<String>,
}

impl Edge {
    const FLAGS: [(&'static str, &'static str); 8] = [
        ("--header-timeout", "PORTAL_HEADER_TIMEOUT"),
        ("--body-timeout", "PORTAL_BODY_TIMEOUT"),
        ("--idle-timeout", "PORTAL_IDLE_TIMEOUT"),
        ("--drain-timeout", "PORTAL_DRAIN_TIMEOUT"),
        ("--max-connections", "PORTAL_MAX_CONNECTIONS"),
        ("--max-api-requests", "PORTAL_MAX_API_REQUESTS"),
        ("--hsts", "PORTAL_HSTS"),
        ("--cors-origins", "PORTAL_CORS_ORIGINS"),
    ];

    /// The defaults for the default address (loopback: no HSTS).
    pub fn defaults() -> Edge {
        Edge {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            drain_timeout: Duration::from_secs(10),
            max_connections: 512,
            max_api_requests: 64,
            hsts: false,
            cors_origins: Vec::new(),
        }
    }

    fn is_flag(flag: &str) -> bool {
        Edge::FLAGS.iter().any(|(f, _)| *f == flag)
    }

    fn from_env_and_flags(
        env: &dyn Fn(&str) -> Option<String>,
        flags: &[(String, String)],
        addr: &SocketAddr,
    ) -> Result<Edge, String> {
        let mut edge = Edge {
            hsts: !addr.ip().is_loopback(),
            ..Edge::defaults()
        };
        for (flag, var) in Edge::FLAGS {
            let given = flags
                .iter()
                .rev()
                .find(|(f, _)| f == flag)
                .map(|(_, v)| v.clone());
            let Some(value) = given.or_else(|| env(var)) else {
                continue;
            };
            let name = format!("{var} / {flag}");
            match flag {
                "--header-timeout" => edge.header_timeout = seconds(&name, &value)?,
                "--body-timeout" => edge.body_timeout = seconds(&name, &value)?,
                "--idle-timeout" => edge.idle_timeout = seconds(&name, &value)?,
                "--drain-timeout" => edge.drain_timeout = seconds(&name, &value)?,
                "--max-connections" => edge.max_connections = count(&name, &value)?,
                "--max-api-requests" => edge.max_api_requests = count(&name, &value)?,
                "--hsts" => {
                    edge.hsts = match value.as_str() {
                        "on" => true,
                        "off" => false,
                        _ => return Err(format!("{name}: `{value}` is not on or off")),
                    }
                }
                _ => edge.cors_origins = origins(&name, &value)?,
            }
        }
        Ok(edge)
    }
}

/// A time in seconds (`10`, `0.5`), more than 0 and at most an hour.
fn seconds(name: &str, value: &str) -> Result<Duration, String> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0 && *s <= 3600.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{name}: `{value}` is not a number of seconds between 0 and 3600"))
}

/// A count from 1 to 100,000.
fn count(name: &str, value: &str) -> Result<usize, String> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
        .ok_or_else(|| format!("{name}: `{value}` is not a whole number from 1 to 100000"))
}

/// Comma-separated exact origins: `https://host[:port]`, or `http://` for
/// localhost and 127.0.0.1 (development). No path, no wildcard, no `null`.
fn origins(name: &str, value: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for origin in value.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        if !contract::profile::is_origin(origin) {
            return Err(format!(
                "{name}: `{origin}` is not an origin like https://portal.example.org \
                 (scheme and host, an optional port, nothing else)"
            ));
        }
        // As browsers send it: lower case, without the scheme's default port.
        let origin = origin.to_ascii_lowercase();
        let origin = origin
            .strip_suffix(":443")
            .filter(|_| origin.starts_with("https://"))
            .or_else(|| {
                origin
                    .strip_suffix(":80")
                    .filter(|_| origin.starts_with("http://"))
            })
            .unwrap_or(&origin)
            .to_string();
        out.push(origin);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_written_as_browsers_send_them() {
        assert_eq!(
            origins(
                "o",
                " https://Portal.Example.org:443 ,http://localhost:8080"
            ),
            Ok(vec![
                "https://portal.example.org".to_string(),
                "http://localhost:8080".to_string()
            ])
        );
        assert!(origins("o", "https://a.example, null").is_err());
    }

    #[test]
    fn hsts_defaults_on_off_loopback() {
        let none = |_: &str| None;
        let public: SocketAddr = "0.0.0.0:8080".parse().expect("addr");
        let local: SocketAddr = "127.0.0.1:8080".parse().expect("addr");
        assert!(
            Edge::from_env_and_flags(&none, &[], &public)
                .expect("edge")
                .hsts
        );
        assert!(
            !Edge::from_env_and_flags(&none, &[], &local)
                .expect("edge")
                .hsts
        );
        let off = [("--hsts".to_string(), "off".to_string())];
        assert!(
            !Edge::from_env_and_flags(&none, &off, &public)
                .expect("edge")
                .hsts
        );
        let on = |k: &str| (k == "PORTAL_HSTS").then(|| "on".to_string());
        assert!(
            Edge::from_env_and_flags(&on, &[], &local)
                .expect("edge")
                .hsts
        );
    }

    #[test]
    fn times_and_counts_are_checked() {
        assert_eq!(seconds("t", "0.5"), Ok(Duration::from_millis(500)));
        assert!(seconds("t", "0").is_err());
        assert!(seconds("t", "ten").is_err());
        assert!(count("n", "0").is_err());
        assert_eq!(count("n", "64"), Ok(64));
    }
}
