//! Serving the built app from `dist/`: files with precompressed variants,
//! pre-rendered pages, the SPA shell for app routes, cache rules and the
//! security headers (with a Content-Security-Policy computed from the build).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
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
    let dist = state.dist.clone();
    let path = req.uri().path().to_string();
    let files = ServeDir::new(&dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    let last = path.rsplit('/').next().unwrap_or("");
    if has_extension(last) {
        // A file: served as is, or a plain 404.
        return match files.oneshot(req).await {
            Ok(res) => res.map(Body::new),
            Err(e) => match e {},
        };
    }
    // An app route: a pre-rendered page if the build wrote one, else the shell.
    let trimmed = path.trim_end_matches('/');
    let page = dist.join(format!("{}.html", trimmed.trim_start_matches('/')));
    // Only plain paths can name a pre-rendered page; anything odd gets the shell.
    let plain = trimmed
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'-');
    let prerendered = plain && !trimmed.is_empty() && page.is_file();
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
    let mut res = match ServeFile::new(file)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await
    {
        Ok(res) => res.map(Body::new),
        Err(e) => match e {},
    };
    if !known && res.status() == StatusCode::OK {
        // The shell still comes with it: the app says "not found" in the
        // page's language, with the emergency contacts.
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    res
}

/// `name.ext` with a short alphanumeric extension: a file, not an app route.
fn has_extension(segment: &str) -> bool {
    segment.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=12).contains(&ext.len())
            && ext.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// True for Trunk's content-hashed file names (`name-0123456789abcdef.ext`).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    // Trunk appends `-` and 16 hex digits; wasm-bindgen adds `_bg` after it.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Adds the security headers to every response, and cache rules to files.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
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

/// Hashes of every inline `<script>` and `<style>` in the built HTML files.
pub fn inline_hashes(dist: &Path) -> (Vec<String>, Vec<String>) {
    let mut scripts = Vec::new();
    let mut styles = Vec::new();
    let mut stack = vec![dist.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "html") {
                if let Ok(html) = std::fs::read_to_string(&p) {
                    collect_inline(&html, "script", &mut scripts);
                    collect_inline(&html, "style", &mut styles);
                }
            }
        }
    }
    scripts.sort();
    scripts.dedup();
    styles.sort();
    styles.dedup();
    (scripts, styles)
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

/// The Content-Security-Policy for this build and profile.
pub fn csp(dist: &Path, api_origin: Option<&str>) -> String {
    let (scripts, styles) = inline_hashes(dist);
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
