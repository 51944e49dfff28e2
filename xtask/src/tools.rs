//! Installs what the build and the tests need, each step skipped when the
//! right version is already there. Nothing is downloaded outside the package
//! registries: cargo, npm and apt.

use crate::cmd::{self, info, output, root, run, step, tool_path, Result};
use std::process::Command;

pub const TRUNK: &str = "0.21.14";
/// Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml and `[tools]` in Trunk.toml
/// (a test checks), or Trunk would try to download another version.
pub const WASM_BINDGEN: &str = "0.2.130";
pub const BINARYEN: &str = "132";

fn has_version(program: &str, args: &[&str], want: &str) -> bool {
    output(Command::new(program).args(args).env("PATH", tool_path()))
        .is_some_and(|v| v.contains(want))
}

/// Rust target, trunk, wasm-bindgen, wasm-opt.
pub fn ensure_build_tools() -> Result {
    step("Checking build tools (first run installs them: about 25 minutes on 2 cores)");
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if targets
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        info("wasm32-unknown-unknown target: present");
    } else {
        info("installing the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
            .map_err(|e| format!("{e}\n    Fix: install rustup, then run `rustup target add wasm32-unknown-unknown`."))?;
    }
    if has_version("trunk", &["--version"], TRUNK) {
        info(&format!("trunk {TRUNK}: present"));
    } else {
        info(&format!(
            "installing trunk {TRUNK} with cargo (about 16 minutes)"
        ));
        run(Command::new("cargo").args(["install", "trunk", "--version", TRUNK, "--locked"]))
            .map_err(|e| {
                format!("{e}\n    Fix: check that crates.io is reachable, then run again.")
            })?;
    }
    if has_version("wasm-bindgen", &["--version"], WASM_BINDGEN) {
        info(&format!("wasm-bindgen {WASM_BINDGEN}: present"));
    } else {
        info(&format!(
            "installing wasm-bindgen-cli {WASM_BINDGEN} with cargo (about 8 minutes)"
        ));
        // `--locked` fails for this version; without it, it builds.
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN,
            "--force",
        ]))
        .map_err(|e| format!("{e}\n    Fix: check that crates.io is reachable, then run again."))?;
    }
    ensure_node()?;
    if has_version("wasm-opt", &["--version"], &format!("version {BINARYEN}")) {
        info(&format!("wasm-opt (binaryen {BINARYEN}): present"));
    } else {
        info(&format!(
            "installing wasm-opt from npm binaryen@{BINARYEN}.0.0 into .tools/"
        ));
        let dir = root().join(".tools");
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create .tools: {e}"))?;
        run(Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&dir)
            .arg(format!("binaryen@{BINARYEN}.0.0")))
        .map_err(|e| {
            format!("{e}\n    Fix: check that the npm registry is reachable, then run again.")
        })?;
        if !has_version("wasm-opt", &["--version"], &format!("version {BINARYEN}")) {
            return Err("wasm-opt from npm binaryen did not run; see the npm output above".into());
        }
    }
    Ok(())
}

pub fn apt_install(packages: &[&str]) -> Result {
    info(&format!("installing {} with apt-get", packages.join(", ")));
    let sudo = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() != "0");
    let mut update = Command::new(if sudo { "sudo" } else { "apt-get" });
    if sudo {
        update.arg("apt-get");
    }
    run(update.args(["update", "-q"]))?;
    let mut install = Command::new(if sudo { "sudo" } else { "apt-get" });
    if sudo {
        install.arg("apt-get");
    }
    run(install
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages))
    .map_err(|e| {
        format!(
            "{e}\n    Fix: run `apt-get install {}` as root.",
            packages.join(" ")
        )
    })
}

pub fn ensure_node() -> Result {
    if output(Command::new("npm").arg("--version")).is_some() {
        info("node and npm: present");
        Ok(())
    } else {
        apt_install(&["nodejs", "npm"])
    }
}

/// Debian Chromium, nginx, and the e2e test packages (Playwright, axe, Lighthouse).
pub fn ensure_test_tools() -> Result {
    step("Checking browser-test tools");
    if std::path::Path::new("/usr/bin/chromium").exists() {
        info("chromium: present");
    } else {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    // The backend's proxy test (crates/backend/tests/proxy.rs) runs nginx
    // in front of it, with deploy/nginx.conf.
    if std::path::Path::new("/usr/sbin/nginx").exists() {
        info("nginx: present");
    } else {
        apt_install(&["nginx"])?;
        info("nginx installed for the proxy test; on a machine with systemd Debian also starts its default site (`systemctl disable --now nginx` stops it)");
    }
    ensure_node()?;
    ensure_npm_dir(&root().join("tests/e2e"))?;
    Ok(())
}

/// `npm ci` in a folder with a lockfile, skipped while the lockfile is unchanged.
pub fn ensure_npm_dir(dir: &std::path::Path) -> Result {
    let lock = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("{}/package-lock.json: {e}", dir.display()))?;
    let stamp = dir.join("node_modules/.lock-stamp");
    let want = format!(
        "{:x}",
        sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&lock))
    );
    let name = dir
        .strip_prefix(root())
        .unwrap_or(dir)
        .display()
        .to_string();
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == want) {
        info(&format!("npm packages in {name}: present"));
    } else {
        info(&format!("installing npm packages (npm ci in {name})"));
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir))
        .map_err(|e| {
            format!("{e}\n    Fix: check that the npm registry is reachable, then run again.")
        })?;
        std::fs::write(&stamp, want)
            .map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    }
    Ok(())
}

/// Builds the app in release into `dist/`.
pub fn build_app() -> Result {
    step("Building the app (trunk build --release --offline)");
    let t = std::time::Instant::now();
    cmd::run(
        Command::new("trunk")
            .args(["build", "--release", "--offline"])
            .current_dir(root())
            .env("PATH", tool_path()),
    )?;
    info(&format!("built in {:.0} s", t.elapsed().as_secs_f64()));
    Ok(())
}

/// Builds the reference backend with the `server` profile; returns the binary.
pub fn build_backend() -> Result<std::path::PathBuf> {
    step("Building the reference backend");
    cmd::run(
        Command::new("cargo")
            .args([
                "build",
                "--profile",
                "server",
                "--package",
                "backend",
                "--bins",
            ])
            .current_dir(root()),
    )?;
    Ok(crate::cmd::target_dir().join("server/portal-backend"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_bindgen_pins_agree() {
        let cargo = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
        assert!(
            cargo.contains(&format!("wasm-bindgen = \"={WASM_BINDGEN}\"")),
            "Cargo.toml must pin wasm-bindgen = \"={WASM_BINDGEN}\""
        );
        let trunk = std::fs::read_to_string(root().join("Trunk.toml")).expect("Trunk.toml");
        assert!(trunk.contains(&format!("wasm_bindgen = \"{WASM_BINDGEN}\"")));
    }
}
