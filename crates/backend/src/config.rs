//! Backend configuration: environment variables, overridden by flags.

use std::net::SocketAddr;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: portal-backend [--addr HOST:PORT] [--data-dir DIR] [--profile FILE] [--stages FILE] [--dist DIR] [--staff-token TOKEN] [--min-free-disk-mb MB]

  --addr         PORTAL_ADDR         where to listen (default 127.0.0.1:8080)
  --data-dir     PORTAL_DATA_DIR     SQLite database and other state (default ./data)
  --profile      PORTAL_PROFILE      the embassy profile JSON (default <dist>/profile.json)
  --stages       PORTAL_STAGES       the embassy's case stages JSON (default stages.json beside the profile)
  --dist         PORTAL_DIST         the built app to serve (default ./dist)
  --staff-token  PORTAL_STAFF_TOKEN  enables the staff endpoints (disabled while unset)
  --min-free-disk-mb PORTAL_MIN_FREE_DISK_MB  below this free space (MiB) in the data
                 directory: not ready, new writes refused with 503 (default 64)";

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub profile: PathBuf,
    pub stages: PathBuf,
    pub dist: PathBuf,
    pub staff_token: Option<String>,
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
                "--min-free-disk-mb" => min_free_disk_mb = Some(value),
                other => return Err(format!("unknown flag {other}")),
            }
        }
        let addr = addr
            .parse()
            .map_err(|_| format!("PORTAL_ADDR / --addr: `{addr}` is not HOST:PORT"))?;
        if let Some(t) = &staff_token {
            if t.len() < 16 {
                return Err("PORTAL_STAFF_TOKEN must be at least 16 characters".into());
            }
        }
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
            min_free_disk_bytes,
        }))
    }
}
