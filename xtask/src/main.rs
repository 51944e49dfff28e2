//! `cargo xtask <command>`: see `USAGE`.

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command>

  setup       install what is missing (Rust target, trunk, wasm-bindgen, wasm-opt, Chromium, nginx, Playwright)
  run         install what is missing, build the app, serve it with the reference backend
  test        install what is missing, then fmt, clippy, tests, release build, browser tests
  bench       sizes, search latency, backend load (wrk), the case lookup and the staff desk
              with 10,000 registrations, Lighthouse vs a plain HTML page
  bench desk  only the case lookup and the staff desk (the backend alone)
  pre-build   (Trunk hook) check the profile and content before the wasm build
  post-build  (Trunk hook) pre-render pages, compile content, precompress files";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => {
            xtask::tools::ensure_build_tools().and_then(|()| xtask::tools::ensure_test_tools())
        }
        Some("run") => xtask::tasks::run(),
        Some("test") => xtask::tasks::test(),
        Some("bench") => xtask::bench::bench(args.get(1).map(String::as_str)),
        Some("pre-build") => xtask::postbuild::pre_build(),
        Some("post-build") => xtask::postbuild::post_build(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e}");
            ExitCode::FAILURE
        }
    }
}
