//! Serving the built app from `dist/`: files with precompressed variants,
//! pre-rendered pages, the SPA shell for app routes, cache rules and the
//! security headers (with a Content-Security-Policy computed from the build).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

/// The file that answers an app route that has no pre-rendered page of its own.
pub fn shell_for(dist: &Path, path: &str) -> PathBuf {
    if path == "/en" || path.starts_with("/en/") {
        dist.join("en.html")
    } else {
        dist.join("index.html")
    }
}

/// Fallback for every path no API route matched.
pub async fn serve_app(State(state): State<AppState>, req: Request) -> Response {
    let mut res = serve_from_dist(&state, req).await;
    // Any answer from dist/ may be a precompressed variant: a shared cache
    // must keep one copy per Accept-Encoding (304s say it too).
    vary_on(res.headers_mut(), header::ACCEPT_ENCODING);
    res
}

async fn serve_from_dist(state: &AppState, req: Request) -> Response {
    let dist = state.dist.clone();
    let path = req.uri().path().to_string();
    let last = path.rsplit('/').next().unwrap_or("");
    if has_extension(last) {
        if let Some(stem) = last_html_stem(&path) {
            // An HTML file by its name: only plain names, through the same
            // door as the pages, so its CSP is checked against its scripts.
            let file = dist.join(format!("{stem}.html"));
            if !is_plain(stem) || !file.is_file() {
                return StatusCode::NOT_FOUND.into_response();
            }
            return serve_html(state, file, req).await;
        }
        // A file: served as is, or a plain 404.
        let files = ServeDir::new(&dist)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false);
        return match files.oneshot(req).await {
            Ok(res) => res.map(Body::new),
            Err(e) => match e {},
        };
    }
    // An app route: a pre-rendered page if the build wrote one, else the shell.
    let trimmed = path.trim_end_matches('/');
    let page = dist.join(format!("{}.html", trimmed.trim_start_matches('/')));
    // Only plain paths can name a pre-rendered page; anything odd gets the shell.
    let prerendered = is_plain(trimmed) && !trimmed.is_empty() && page.is_file();
    let known = prerendered || contract::site::is_app_route(trimmed);
    let file = if prerendered {
        page
    } else {
        shell_for(&dist, &path)
    };
    if !file.is_file() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The app has not been built. Run `cargo xtask run`.",
        )
            .into_response();
    }
    let mut req = req;
    if !known {
        // Always the whole page with its 404, never "not modified".
        req.headers_mut().remove(header::IF_NONE_MATCH);
        req.headers_mut().remove(header::IF_MODIFIED_SINCE);
    }
    let mut res = serve_html(state, file, req).await;
    if !known && res.status() == StatusCode::OK {
        // The shell still comes with it: the app says "not found" in the
        // page's language, with the emergency contacts.
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    res
}

/// Letters, digits, `/` and `-` only: a path that may name a file in dist/.
fn is_plain(path: &str) -> bool {
    path.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'-')
}

/// `a/b` for `/a/b.html` (any case of `.html`), else None.
fn last_html_stem(path: &str) -> Option<&str> {
    let path = path.trim_start_matches('/');
    let dot = path.len().checked_sub(5)?;
    let ext = path.get(dot..)?;
    ext.eq_ignore_ascii_case(".html").then(|| &path[..dot])
}

/// How much older than its page a precompressed variant may be and still
/// count as the same build: a copy without `-p` (`cp -r`, `rsync` without
/// `-t`) writes the files of one build a few moments apart, in any order.
const VARIANT_SLACK: std::time::Duration = std::time::Duration::from_secs(60);

/// One HTML file from dist/, with the CSP that holds the hashes of its
/// inline scripts and styles as it is now on disk (`Csp::for_page`). A
/// precompressed variant older than the page (by more than
/// `VARIANT_SLACK`) is left out: it is from another build, with other
/// scripts.
async fn serve_html(state: &AppState, file: PathBuf, req: Request) -> Response {
    let csp = state.csp.for_page(&file);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let page_time = modified(&file);
    let fresh = |ext: &str| {
        let mut variant = file.clone().into_os_string();
        variant.push(ext);
        match (modified(Path::new(&variant)), page_time) {
            (Some(v), Some(p)) => v + VARIANT_SLACK >= p,
            _ => false,
        }
    };
    let mut serve = ServeFile::new(&file);
    if fresh(".br") {
        serve = serve.precompressed_br();
    }
    if fresh(".gz") {
        serve = serve.precompressed_gzip();
    }
    let mut res = match serve.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(e) => match e {},
    };
    res.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, csp);
    res
}

/// Adds `name` to the response's `Vary` unless it is there already.
pub fn vary_on(headers: &mut HeaderMap, name: HeaderName) {
    let present = headers.get_all(header::VARY).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|n| n.trim().eq_ignore_ascii_case(name.as_str()) || n.trim() == "*")
        })
    });
    if !present {
        headers.append(header::VARY, HeaderValue::from(name));
    }
}

/// `name.ext` with a short alphanumeric extension: a file, not an app route.
fn has_extension(segment: &str) -> bool {
    segment.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=12).contains(&ext.len())
            && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// True for the build's content-hashed files at the site root: Trunk's
/// `name-HASH.ext` (HASH is a SeaHash in hex, not zero-padded, so 8 to 16
/// digits in practice), wasm-bindgen's `_bg` after it, and the app's pieces
/// (`portal-HASH_split.js`, `portal-HASH-split_staff.wasm`,
/// `portal-HASH-chunk_3.wasm`, `xtask/src/split.rs`). Only at the root: a
/// guidance file such as `/content/id/a-cafe.json` is not one.
pub fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.strip_prefix('/').filter(|n| !n.contains('/')) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem
        .strip_suffix("_bg")
        .or_else(|| stem.strip_suffix("_split"))
        .unwrap_or(stem);
    // A piece: `portal-HASH-split_x` or `portal-HASH-chunk_N`.
    let stem = match stem.rsplit_once('-') {
        Some((base, piece)) if piece.starts_with("split_") || piece.starts_with("chunk_") => base,
        _ => stem,
    };
    stem.rsplit_once('-').is_some_and(|(name, h)| {
        !name.is_empty() && (8..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The app's code files (its wasm modules and hashed JS): a policy on them
/// does nothing (a CSP governs documents and workers, and these are neither),
/// and on a phone fetching a page's dozens of pieces over HTTP/1.1 it would
/// be a kilobyte of headers on each.
fn is_app_code(path: &str) -> bool {
    path.ends_with(".wasm") || (path.ends_with(".js") && is_hashed_asset(path))
}

/// Sent on every answer when HSTS is on (`Edge::hsts`): a year, subdomains too.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the security headers to every response, and cache rules to files.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) && !is_app_code(&path) {
        h.insert(header::CONTENT_SECURITY_POLICY, state.csp.current());
    }
    if let Some(hint) = &state.keep_alive_hint {
        h.insert("keep-alive", hint.clone());
    }
    if state.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !path.starts_with("/api/") && !h.contains_key(header::CACHE_CONTROL) {
        let rule = if is_hashed_asset(&path) && res.status() == StatusCode::OK {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(rule));
    }
    res
}

/// Every `.html` file under `dir`.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "html") {
                out.push(p);
            }
        }
    }
    out
}

/// The CSP source lists of inline scripts and styles.
#[derive(Default, Clone)]
struct Hashes {
    scripts: std::collections::BTreeSet<String>,
    styles: std::collections::BTreeSet<String>,
}

impl Hashes {
    fn of(html: &str) -> Hashes {
        let mut h = Hashes::default();
        h.add(html);
        h
    }

    fn add(&mut self, html: &str) {
        let mut scripts = Vec::new();
        let mut styles = Vec::new();
        collect_inline(html, "script", &mut scripts);
        collect_inline(html, "style", &mut styles);
        self.scripts.extend(scripts);
        self.styles.extend(styles);
    }

    fn contains(&self, other: &Hashes) -> bool {
        other.scripts.is_subset(&self.scripts) && other.styles.is_subset(&self.styles)
    }

    fn sorted(self) -> (Vec<String>, Vec<String>) {
        (
            self.scripts.into_iter().collect(),
            self.styles.into_iter().collect(),
        )
    }
}

fn collect_inline(html: &str, tag: &str, out: &mut Vec<String>) {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(gt) = after.find('>') else { return };
        let attrs = &after[..gt];
        let body_start = &after[gt + 1..];
        let Some(end) = body_start.find(&close) else {
            return;
        };
        if !attrs.contains("src=") {
            let digest = Sha256::digest(&body_start.as_bytes()[..end]);
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_start[end..];
    }
}

/// The Content-Security-Policy for this build (its inline hashes) and profile.
fn policy(scripts: &[String], styles: &[String], api_origin: Option<&str>) -> String {
    let connect = match api_origin {
        Some(o) => format!("'self' {o}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' {}; \
         img-src 'self' data:; font-src 'self'; connect-src {connect}; manifest-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        scripts.join(" "),
        styles.join(" ")
    )
}

/// The CSP that follows dist/ as it is on disk. Computed from every HTML
/// file at start; when a page is served whose size or time changed, it is
/// read again, and if it has an inline script or style the policy does not
/// hold, the policy is computed again from every page. So a redeploy of
/// dist/ without a restart never serves a page whose inline hashes are not
/// in the CSP sent with it. The cost per page served is a `stat` (and two
/// more in `serve_html` for its precompressed variants).
pub struct Csp {
    dist: PathBuf,
    api_origin: Option<String>,
    now: std::sync::Mutex<CspNow>,
}

struct CspNow {
    hashes: Hashes,
    header: HeaderValue,
    /// (modified, length) of each page when its hashes were taken.
    seen: std::collections::HashMap<PathBuf, (Option<std::time::SystemTime>, u64)>,
}

fn fingerprint(file: &Path) -> Option<(Option<std::time::SystemTime>, u64)> {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

impl Csp {
    /// Reads every page in `dist`. Fails only if the policy cannot be a header.
    pub fn new(dist: &Path, api_origin: Option<&str>) -> Result<Csp, String> {
        let csp = Csp {
            dist: dist.to_path_buf(),
            api_origin: api_origin.map(str::to_string),
            now: std::sync::Mutex::new(CspNow {
                hashes: Hashes::default(),
                header: HeaderValue::from_static("default-src 'none'"),
                seen: Default::default(),
            }),
        };
        let now = csp.scan()?;
        *csp.lock() = now;
        Ok(csp)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CspNow> {
        self.now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Every page in dist/, read now.
    fn scan(&self) -> Result<CspNow, String> {
        let mut hashes = Hashes::default();
        let mut seen = std::collections::HashMap::new();
        for page in html_files(&self.dist) {
            let before = fingerprint(&page);
            if let Ok(html) = std::fs::read_to_string(&page) {
                hashes.add(&html);
                if let Some(fp) = before {
                    seen.insert(page, fp);
                }
            }
        }
        let (scripts, styles) = hashes.clone().sorted();
        let text = policy(&scripts, &styles, self.api_origin.as_deref());
        let header = HeaderValue::from_str(&text)
            .map_err(|_| "the Content-Security-Policy is not a valid header".to_string())?;
        Ok(CspNow {
            hashes,
            header,
            seen,
        })
    }

    /// The policy for answers that are not pages from dist/.
    pub fn current(&self) -> HeaderValue {
        self.lock().header.clone()
    }

    /// The policy to send with `page`, which holds the page's inline hashes
    /// as the file is now.
    pub fn for_page(&self, page: &Path) -> HeaderValue {
        let fp = fingerprint(page);
        {
            let now = self.lock();
            if fp.is_some() && now.seen.get(page) == fp.as_ref() {
                return now.header.clone();
            }
        }
        // Changed or new: read it, outside the lock.
        let Ok(html) = std::fs::read_to_string(page) else {
            return self.current();
        };
        let page_hashes = Hashes::of(&html);
        let mut now = self.lock();
        if now.hashes.contains(&page_hashes) {
            if let Some(fp) = fp {
                now.seen.insert(page.to_path_buf(), fp);
            }
            return now.header.clone();
        }
        drop(now);
        match self.scan() {
            Ok(mut fresh) => {
                // The page as read above may already be gone from disk: its
                // hashes are kept in this policy so that this answer is covered.
                if !fresh.hashes.contains(&page_hashes) {
                    fresh
                        .hashes
                        .scripts
                        .extend(page_hashes.scripts.iter().cloned());
                    fresh
                        .hashes
                        .styles
                        .extend(page_hashes.styles.iter().cloned());
                    let (scripts, styles) = fresh.hashes.clone().sorted();
                    let text = policy(&scripts, &styles, self.api_origin.as_deref());
                    if let Ok(h) = HeaderValue::from_str(&text) {
                        fresh.header = h;
                    }
                }
                tracing::info!("dist/ changed: the Content-Security-Policy was computed again");
                let header = fresh.header.clone();
                *self.lock() = fresh;
                header
            }
            Err(e) => {
                tracing::warn!(error = %e, "dist/ changed, but its CSP could not be computed");
                self.current()
            }
        }
    }
}

/// CORS for pages on other origins that call the API (`/api/...` only) (`api_base` in their
/// profile names this backend). Only the exact origins configured
/// (`Edge::cors_origins`) get `Access-Control-Allow-Origin`, with their own
/// origin (never `*`, never an echo of another, never `null`, never
/// credentials). A preflight (`OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`) is answered here with 204; a plain
/// `OPTIONS` goes on to its route (405). While no origin is configured,
/// this does nothing.
pub async fn cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.cors_origins.is_empty() || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let allowed = req
        .headers()
        .get(header::ORIGIN)
        .filter(|o| {
            state
                .cors_origins
                .iter()
                .any(|a| a.as_bytes() == o.as_bytes())
        })
        .cloned();
    let preflight = req.method() == axum::http::Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = if preflight {
        let mut res = StatusCode::NO_CONTENT.into_response();
        if let Some(origin) = &allowed {
            let h = res.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(CORS_METHODS),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(CORS_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(CORS_MAX_AGE),
            );
        }
        vary_on(res.headers_mut(), header::ACCESS_CONTROL_REQUEST_METHOD);
        vary_on(res.headers_mut(), header::ACCESS_CONTROL_REQUEST_HEADERS);
        res
    } else {
        let mut res = next.run(req).await;
        if let Some(origin) = &allowed {
            let h = res.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(CORS_EXPOSE),
            );
        }
        res
    };
    vary_on(res.headers_mut(), header::ORIGIN);
    res
}

/// What a CORS preflight allows, and what a cross-origin page may read.
pub const CORS_METHODS: &str = "GET, POST, PUT, DELETE";
pub const CORS_HEADERS: &str = "Content-Type, Idempotency-Key, If-None-Match, Authorization";
pub const CORS_EXPOSE: &str = "ETag, Retry-After, Location";
/// Two hours (Chromium's ceiling): one preflight, then the POSTs.
pub const CORS_MAX_AGE: &str = "7200";

/// `/profile.json`: the profile this backend read and validated at start,
/// from memory, never the file in dist/ (which may have changed, or not
/// be valid). `no-cache` with a strong ETag, like every file from dist/.
#[derive(Clone)]
pub struct ProfileJson {
    body: axum::body::Bytes,
    etag: HeaderValue,
}

impl ProfileJson {
    pub fn new(text: &str) -> ProfileJson {
        let digest = Sha256::digest(text.as_bytes());
        let tag = format!(
            "\"{}\"",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..18])
        );
        ProfileJson {
            body: axum::body::Bytes::copy_from_slice(text.as_bytes()),
            etag: HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"profile\"")),
        }
    }
}

pub async fn profile_json(State(state): State<AppState>, req_headers: HeaderMap) -> Response {
    let profile = &state.profile_json;
    let matches = req_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t.as_bytes() == profile.etag.as_bytes());
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            profile.body.clone(),
        )
            .into_response()
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, profile.etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    vary_on(h, header::ACCEPT_ENCODING);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets() {
        assert!(is_hashed_asset("/portal-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/portal-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/profile.json"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/id/guidance/lost-passport"));
        // Trunk does not zero-pad its hash.
        assert!(is_hashed_asset("/portal-8aef7538a63358b_bg.wasm"));
        // The app's pieces (xtask/src/split.rs).
        assert!(is_hashed_asset("/portal-8aef7538a63358b_split.js"));
        assert!(is_hashed_asset("/portal-1a2b3c4d5e6f7a8b-split_staff.wasm"));
        assert!(is_hashed_asset("/portal-1a2b3c4d5e6f7a8b-chunk_3.wasm"));
        assert!(!is_hashed_asset("/portal-split_staff.wasm"));
        assert!(!is_hashed_asset("/content/id/a-cafebabe.json"));
        assert!(!is_hashed_asset("/sw-cafe.js"));
    }

    #[test]
    fn inline_script_hash_matches_content() {
        let mut out = Vec::new();
        collect_inline(
            "<script src=\"/a.js\"></script><script type=\"module\">alert(1)</script>",
            "script",
            &mut out,
        );
        // sha256("alert(1)")
        assert_eq!(
            out,
            ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]
        );
    }
}
