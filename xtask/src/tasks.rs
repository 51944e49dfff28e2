//! `cargo xtask run` and `cargo xtask test`.

use crate::cmd::{self, info, root, step, tool_path, Result};
use crate::tools;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Installs what is missing, builds, and serves the app with the reference backend.
pub fn run() -> Result {
    tools::ensure_build_tools()?;
    tools::build_app()?;
    let bin = tools::build_backend()?;
    step("Starting the reference backend (PORTAL_* variables are passed through)");
    // The backend prints the URL; Ctrl-C reaches it too and it stops cleanly.
    cmd::run(Command::new(bin).current_dir(root()))
}

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    fn close(&self) {
        println!("\n{} passed, {} failed", self.passed, self.failed);
    }
}

/// Runs a cargo test command, streaming its output and adding up its counts.
fn cargo_tests(tally: &mut Tally, args: &[&str]) -> Result {
    let mut child = Command::new("cargo")
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let num = |word: &str| {
                    rest.split(';')
                        .find_map(|part| {
                            let part = part
                                .trim()
                                .trim_start_matches("ok. ")
                                .trim_start_matches("FAILED. ");
                            part.strip_suffix(word)
                                .map(|n| n.trim().parse::<u64>().unwrap_or(0))
                        })
                        .unwrap_or(0)
                };
                tally.passed += num(" passed");
                tally.failed += num(" failed");
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed", args.join(" ")))
    }
}

pub fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}

/// The test backends' staff token: random, since the backend refuses a
/// guessable one (`backend::staff::check_token_strength`), but not secret.
pub const TEST_STAFF_TOKEN: &str = "not-secret-CZj5XVsJ1aPhQHJJqcOk4_Q4Qaw-KitCYEk_yONeIE4";

/// A backend on a free port with a fresh temporary database; stopped on drop.
pub struct Backend {
    child: Child,
    pub url: String,
    pub data_dir: std::path::PathBuf,
    /// Where the backend's binaries are (the tests run `portal-staff`).
    pub bin_dir: std::path::PathBuf,
}

impl Backend {
    pub fn start(bin: &Path, data_dir: &Path) -> Result<Backend> {
        // The backend refuses a data directory other users may read.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| format!("{}: {e}", data_dir.display()))?;
        }
        let port = free_port()?;
        let url = format!("http://127.0.0.1:{port}");
        let child = Command::new(bin)
            .current_dir(root())
            .env("PORTAL_ADDR", format!("127.0.0.1:{port}"))
            .env("PORTAL_DATA_DIR", data_dir)
            .env("PORTAL_DIST", root().join("dist"))
            .env("PORTAL_PROFILE", root().join("dist/profile.json"))
            .env("PORTAL_STAFF_TOKEN", TEST_STAFF_TOKEN)
            .env("PORTAL_LOG", "warn")
            .spawn()
            .map_err(|e| format!("cannot start the backend: {e}"))?;
        let mut b = Backend {
            child,
            url,
            data_dir: data_dir.to_path_buf(),
            bin_dir: bin.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(b);
            }
            if let Ok(Some(status)) = b.child.try_wait() {
                return Err(format!("the backend exited at start ({status})"));
            }
            if Instant::now() > deadline {
                return Err("the backend did not start listening within 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "portal-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// Runs the Playwright suite against `url`, adding its counts to the tally.
fn browser_tests(tally: &mut Tally, backend: &Backend) -> Result {
    let e2e = root().join("tests/e2e");
    let report = backend.data_dir.join("e2e-report.json");
    let status = cmd::status(
        Command::new("npx")
            .args(["playwright", "test"])
            .current_dir(&e2e)
            .env("PATH", tool_path())
            .env("BASE_URL", &backend.url)
            .env("STAFF_TOKEN", TEST_STAFF_TOKEN)
            .env("PORTAL_DATA_DIR", &backend.data_dir)
            .env("PORTAL_BIN_DIR", &backend.bin_dir)
            .env("PORTAL_DIST", root().join("dist"))
            .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report),
    )?;
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let stats = &json["stats"];
    let passed = stats["expected"].as_u64().unwrap_or(0) + stats["flaky"].as_u64().unwrap_or(0);
    let failed = stats["unexpected"].as_u64().unwrap_or(0);
    tally.passed += passed;
    tally.failed += failed;
    info(&format!("browser tests: {passed} passed, {failed} failed"));
    if !status.success() || failed > 0 || passed == 0 {
        return Err("browser tests failed (see above; traces in tests/e2e/test-results)".into());
    }
    Ok(())
}

pub fn test() -> Result {
    let mut tally = Tally::default();
    let result = test_steps(&mut tally);
    if result.is_err() {
        tally.failed = tally.failed.max(1);
    }
    tally.close();
    result
}

fn test_steps(tally: &mut Tally) -> Result {
    let started = Instant::now();
    tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    let root = root();
    step("cargo fmt --check");
    cmd::run(
        Command::new("cargo")
            .args(["fmt", "--all", "--check"])
            .current_dir(&root),
    )?;
    step("cargo clippy (native, whole workspace)");
    cmd::run(
        Command::new("cargo")
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&root),
    )?;
    step("cargo clippy (the app, wasm32)");
    cmd::run(
        Command::new("cargo")
            .args([
                "clippy",
                "--package",
                "portal",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&root),
    )?;
    step("cargo test --workspace");
    cargo_tests(tally, &["test", "--workspace"])?;
    step("cargo test (the vendored splitter, with our patch: vendor/README.md)");
    cargo_tests(
        tally,
        &[
            "test",
            "--manifest-path",
            "vendor/wasm_split_cli_support/Cargo.toml",
            "--locked",
            "--target-dir",
            "target/vendor",
        ],
    )?;
    tools::build_app()?;
    let bin = tools::build_backend()?;
    step("Browser tests (Playwright + axe in Debian Chromium) against the reference backend");
    let data = temp_dir("e2e")?;
    let backend = Backend::start(&bin, &data)?;
    info(&format!(
        "backend at {} with a fresh database in {}",
        backend.url,
        data.display()
    ));
    let r = browser_tests(tally, &backend);
    drop(backend);
    if r.is_ok() {
        let _ = std::fs::remove_dir_all(&data);
    }
    r?;
    info(&format!(
        "all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
