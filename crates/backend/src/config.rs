//! Backend configuration: environment variables, overridden by flags.

use std::net::SocketAddr;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: portal-backend [--addr HOST:PORT] [--data-dir DIR] [--profile FILE] [--stages FILE] [--dist DIR] [--staff-token TOKEN]
                      [--trusted-proxies CIDRS] [--proxy-header NAME] [--registrations-per-hour N]

  --addr         PORTAL_ADDR         where to listen (default 127.0.0.1:8080)
  --data-dir     PORTAL_DATA_DIR     SQLite database and other state (default ./data)
  --profile      PORTAL_PROFILE      the embassy profile JSON (default <dist>/profile.json)
  --stages       PORTAL_STAGES       the embassy's case stages JSON (default stages.json beside the profile)
  --dist         PORTAL_DIST         the built app to serve (default ./dist)
  --staff-token  PORTAL_STAFF_TOKEN  enables the staff endpoints (disabled while unset; at least
                                     128 random bits: make one with `openssl rand -base64 32`)

  --trusted-proxies         PORTAL_TRUSTED_PROXIES         comma-separated CIDRs of the reverse proxies / CDN
                                                           in front; only their header is read (default none)
  --proxy-header            PORTAL_PROXY_HEADER            the header they write: x-forwarded-for (default)
                                                           or forwarded (RFC 7239)
  --registrations-per-hour  PORTAL_REGISTRATIONS_PER_HOUR  new registrations from everyone together: up to N
                                                           at once, then N an hour (default 600)";

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
    // Who is asking (client.rs, ratelimit.rs).
    /// The proxies whose header names the client, and that header.
    pub trusted_proxies: crate::client::TrustedProxies,
    /// The global cap on new registrations (all clients together).
    pub registrations_per_hour: u32,
}

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
            // Who is asking.
            trusted_proxies: crate::client::TrustedProxies::default(),
            registrations_per_hour: REGISTRATIONS_PER_HOUR,
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
        // Who is asking.
        let mut trusted_proxies = env("PORTAL_TRUSTED_PROXIES").unwrap_or_default();
        let mut proxy_header = env("PORTAL_PROXY_HEADER");
        let mut registrations_per_hour = env("PORTAL_REGISTRATIONS_PER_HOUR");
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
                // Who is asking.
                "--trusted-proxies" => trusted_proxies = value,
                "--proxy-header" => proxy_header = Some(value),
                "--registrations-per-hour" => registrations_per_hour = Some(value),
                other => return Err(format!("unknown flag {other}")),
            }
        }
        let addr = addr
            .parse()
            .map_err(|_| format!("PORTAL_ADDR / --addr: `{addr}` is not HOST:PORT"))?;
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
        let dist = PathBuf::from(dist);
        let profile = profile.map_or_else(|| dist.join("profile.json"), PathBuf::from);
        Ok(Parsed::Run(Config {
            addr,
            data_dir: data_dir.into(),
            stages: stages.map_or_else(|| profile.with_file_name("stages.json"), PathBuf::from),
            profile,
            dist,
            staff_token,
            // Who is asking.
            trusted_proxies,
            registrations_per_hour,
        }))
    }
}
