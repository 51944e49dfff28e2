//! Test harness: a real backend on a fresh temporary SQLite database, driven
//! in-process through `tower::ServiceExt::oneshot` (no sockets needed).
#![allow(dead_code)]

pub mod logs;
pub mod process;
pub mod reg;

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use tower::ServiceExt;

/// Random, since the backend refuses a guessable token; not secret.
pub const STAFF_TOKEN: &str = "not-secret-L86aEBxQ1uAlXM9mSSv8f_C7WE6nd8-o_TwxGGVEFew";

pub struct TestApp {
    pub app: axum::Router,
    pub state: backend::AppState,
    pub dir: tempfile::TempDir,
}

pub fn profile_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/profile.json")
}

pub fn stages_path() -> std::path::PathBuf {
    profile_path().with_file_name("stages.json")
}

/// The settings of a test backend in `dir`: its database in `dir/<data>`,
/// the app from `dir/dist`, the sample profile and stages; every other
/// setting at its default (hence the update that may set nothing today).
#[allow(clippy::needless_update)]
pub fn test_config(
    dir: &std::path::Path,
    data: &str,
    staff_token: Option<&str>,
) -> backend::Config {
    backend::Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        data_dir: dir.join(data),
        profile: profile_path(),
        stages: stages_path(),
        dist: dir.join("dist"),
        staff_token: staff_token.map(str::to_string),
        ..backend::Config::defaults()
    }
}

/// A fake built app in `dist`: the shell page (with one inline script) in
/// both languages and one hashed asset.
pub fn write_fake_dist(dist: &std::path::Path) {
    std::fs::create_dir_all(dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html lang=\"id\"><script type=\"module\">init()</script><p>shell id</p></html>",
    )
    .expect("index");
    std::fs::write(dist.join("en.html"), "<p>shell en</p>").expect("en");
    std::fs::write(dist.join("app-0123456789abcdef.js"), "x").expect("asset");
}

/// A backend with a fake `dist/` holding one shell page.
pub fn test_app() -> TestApp {
    test_app_with(|_| {})
}

/// The same with some settings changed (`|c| c.registrations_per_hour = 3`).
pub fn test_app_with(change: impl FnOnce(&mut backend::Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    write_fake_dist(&dir.path().join("dist"));
    let mut config = test_config(dir.path(), "data", Some(STAFF_TOKEN));
    change(&mut config);
    let state = backend::AppState::new(&config).expect("state");
    TestApp {
        app: backend::app(state.clone()),
        state,
        dir,
    }
}

impl TestApp {
    /// Sends a request as if from `client` (for per-client rate limits).
    pub async fn send_from(&self, client: SocketAddr, mut req: Request<Body>) -> Response<Body> {
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(client));
        match self.app.clone().oneshot(req).await {
            Ok(r) => r,
            Err(e) => match e {},
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        self.send_from("127.0.0.1:40000".parse().expect("addr"), req)
            .await
    }
}

pub async fn body_string(res: Response<Body>) -> String {
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

pub async fn body_json(res: Response<Body>) -> serde_json::Value {
    let s = body_string(res).await;
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}
