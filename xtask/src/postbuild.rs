//! The build steps Trunk's hooks run: `pre-build` checks the inputs before the
//! wasm is compiled; `post-build` writes pre-rendered pages and precompressed
//! files into Trunk's staging directory (Trunk then moves it to `dist/`).

use crate::cmd::{info, root, Result};
use crate::content::{self, Compiled};
use crate::prerender::{self, Boot};
use contract::site::{self, Section};
use contract::{Lang, Profile};
use i18n::Key;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn read_profile(path: &Path) -> Result<Profile> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Profile::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn read_stages(path: &Path) -> Result<contract::case::Stages> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    contract::case::Stages::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, data: impl AsRef<[u8]>) -> Result {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, data).map_err(|e| format!("{}: {e}", path.display()))
}

/// Checks the profile (and the content) before the slow wasm build starts.
pub fn pre_build() -> Result {
    let profile = read_profile(&root().join("public/profile.json"))?;
    info(&format!(
        "profile OK ({} contacts{})",
        profile.contacts.len(),
        if profile.sample { ", SAMPLE data" } else { "" }
    ));
    let stages = read_stages(&root().join("public/stages.json"))?;
    info(&format!(
        "stages OK ({} on the path, and \"{}\")",
        stages.path.len(),
        stages.contact.id
    ));
    let compiled = compile_content(&profile)?;
    info(&format!(
        "content OK ({} articles in each language)",
        compiled.get(Lang::Id).articles.len()
    ));
    Ok(())
}

fn compile_content(profile: &Profile) -> Result<Compiled> {
    let dir = root().join("content");
    content::compile(&dir, profile).map_err(|diags| {
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        format!(
            "{}\ncontent: {} problem(s); see content/README.md",
            lines.join("\n"),
            diags.len()
        )
    })
}

/// A value as the app reads it: the build's own type written to JSON and
/// read back as the contract's (what `/content/...` files carry).
fn as_read_by_app<T: serde::Serialize, U: serde::de::DeserializeOwned>(value: &T) -> Result<U> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| format!("content: not readable by the app: {e}"))
}

/// Writes one pre-rendered page at `path`'s file (`site::prerendered_file`).
fn write_page(
    dir: &Path,
    template: &str,
    lang: Lang,
    path: &str,
    title: &str,
    body: &str,
    boot: Boot,
) -> Result {
    let html = prerender::page(template, lang, title, body)?;
    // The default language's home is also `/`.
    let answers = if path == Section::Home.path(Lang::default()) {
        format!("/ {path}")
    } else {
        path.to_string()
    };
    let html = prerender::mark_boot(&html, &answers, boot)?;
    write(&dir.join(site::prerendered_file(path)), html)
}

/// Writes the compiled content and one static page per article and language
/// at the article's app URL, plus the guidance index page.
fn write_guidance(
    dir: &Path,
    template: &str,
    profile: &Profile,
    compiled: &Compiled,
) -> Result<usize> {
    use i18n::guidance::Key as G;
    content::write(compiled, dir).map_err(|e| format!("content: {e}"))?;
    let mut pages = 0;
    for l in Lang::ALL {
        let items = as_read_by_app(&compiled.get(l).index)?;
        let path = Section::Guidance.path(l);
        let body = prerender::guidance_index(profile, l, items);
        // Not light: its search box needs the app.
        write_page(
            dir,
            template,
            l,
            &path,
            G::Title.get(l),
            &body,
            Boot::AppAtOnce,
        )?;
        pages += 1;
        for a in &compiled.get(l).articles {
            let path = site::article_path(l, &a.slug);
            let body = prerender::article(profile, l, as_read_by_app(a)?);
            write_page(dir, template, l, &path, &a.title, &body, Boot::Light)?;
            pages += 1;
        }
    }
    Ok(pages)
}

fn staging_dir() -> Result<PathBuf> {
    std::env::var("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .map_err(|_| "post-build runs as a Trunk hook (TRUNK_STAGING_DIR is not set)".into())
}

pub fn post_build() -> Result {
    let dir = staging_dir()?;
    // First: everything after reads or lists the app's final files.
    let pieces = crate::split::split(&dir)?;
    let profile = read_profile(&dir.join("profile.json"))?;
    let trunk_html = std::fs::read_to_string(dir.join("index.html"))
        .map_err(|e| format!("staged index.html: {e}"))?;
    let mut scripts = PageScripts::read()?;
    scripts.pieces = route_pieces(&pieces)?;
    let template = boot_on_demand(&trunk_html, &scripts)?;
    for lang in Lang::ALL {
        let path = Section::Home.path(lang);
        let body = prerender::home(&profile, lang);
        let title = Key::SiteName.get(lang);
        write_page(&dir, &template, lang, &path, title, &body, Boot::Light)?;
        // The form's start page: its next tap needs the app (warm).
        let path = Section::Register.path(lang);
        let body = prerender::register_start(&profile, lang);
        let title = i18n::register::Key::StartTitle.get(lang);
        write_page(&dir, &template, lang, &path, title, &body, Boot::LightWarm)?;
        let path = Section::Accessibility.path(lang);
        let body = prerender::accessibility(&profile, lang);
        let title = i18n::accessibility::Key::Title.get(lang);
        // A page from the build only (`Section::is_app_page`).
        write_page(&dir, &template, lang, &path, title, &body, Boot::Static)?;
    }
    let compiled = compile_content(&profile)?;
    let pages = write_guidance(&dir, &template, &profile, &compiled)?;
    for (name, size, maskable) in [
        ("icon-192.png", 192, false),
        ("icon-512.png", 512, false),
        ("icon-maskable-512.png", 512, true),
    ] {
        let png = crate::icons::png(size, &crate::icons::pixels(size, maskable))
            .map_err(|e| format!("icon {name}: {e}"))?;
        write(&dir.join(name), png)?;
    }
    let precached = write_service_worker(&dir, &pieces)?;
    let n = precompress(&dir)?;
    info(&format!(
        "post-build: pre-rendered 2 home pages, 2 form start pages, 2 accessibility statements and {pages} guidance pages, \
         service worker precaches {precached} files, compressed {n} files"
    ));
    Ok(())
}

/// The plain-JS parts of every page, inlined by `boot_on_demand`.
pub struct PageScripts {
    /// `public/exit.js`: "Exit this page" works before anything else loads.
    pub exit: String,
    /// `public/boot.js`: starts the app where the page needs it.
    pub boot: String,
    /// Each lazy route's piece files, as JSON (`route_pieces`): `boot.js`
    /// preloads a page's pieces beside the app, not after it.
    pub pieces: String,
}

impl PageScripts {
    pub fn read() -> Result<PageScripts> {
        let read = |name: &str| {
            let p = root().join("public").join(name);
            std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
        };
        Ok(PageScripts {
            exit: read("exit.js")?,
            boot: read("boot.js")?,
            pieces: "{}".into(),
        })
    }
}

/// A script's text for inlining: whole-line comments and indentation go;
/// text that would end the `<script>` element early is refused.
fn inline_js(name: &str, js: &str) -> Result<String> {
    let lower = js.to_ascii_lowercase();
    if lower.contains("</script") || lower.contains("<!--") {
        return Err(format!(
            "{name}: cannot be inlined (contains </script or <!--)"
        ));
    }
    Ok(js
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Replaces what Trunk writes to start the app at once (its inline module
/// script and the preload links) with `boot.js`, given the app's file names,
/// and puts it and `exit.js` inline at the end of the body: no extra request
/// before the page works, so "Exit this page" works with the HTML alone.
/// `boot.js` starts the app where the page needs it (see its header).
pub fn boot_on_demand(html: &str, scripts: &PageScripts) -> Result<String> {
    let start = html
        .find("<script type=\"module\">")
        .ok_or("index.html: Trunk's start script is missing")?;
    let end = html[start..]
        .find("</script>")
        .map(|e| start + e + "</script>".len())
        .ok_or("index.html: Trunk's start script is not closed")?;
    let script = &html[start..end];
    let quoted = |after: &str| -> Result<String> {
        let i = script
            .find(after)
            .ok_or(format!("index.html: no `{after}` in Trunk's start script"))?
            + after.len();
        let rest = &script[i..];
        let j = rest
            .find('\'')
            .ok_or("index.html: unterminated file name")?;
        let name = &rest[..j];
        if !name.starts_with("/portal-") || name.contains(['"', '<', '>', ' ']) {
            return Err(format!("index.html: unexpected app file name {name:?}"));
        }
        Ok(name.to_string())
    };
    let js = quoted("from '")?;
    let wasm = quoted("module_or_path: '")?;
    let mut out = format!("{}{}", &html[..start], &html[end..]);
    // Preloads would fetch the app on pages that do not start it.
    for marker in ["<link rel=\"modulepreload\"", "<link rel=\"preload\""] {
        while let Some(i) = out.find(marker) {
            let j = out[i..]
                .find('>')
                .map(|j| i + j + 1)
                .ok_or("index.html: unclosed preload link")?;
            out.replace_range(i..j, "");
        }
    }
    let body_end = out.rfind("</body>").ok_or("index.html: no </body>")?;
    out.insert_str(
        body_end,
        &format!(
            "<script>{}</script><script data-js=\"{js}\" data-wasm=\"{wasm}\" data-pieces=\"{}\">{}</script>",
            inline_js("exit.js", &scripts.exit)?,
            scripts.pieces.replace('&', "&amp;").replace('"', "&quot;"),
            inline_js("boot.js", &scripts.boot)?,
        ),
    );
    Ok(out)
}

/// What the service worker keeps: `shell` is precached at install; `app`
/// (the main wasm, its JS and the link module that fetches the pieces) is
/// kept once the app has been used on the phone (`sw.js` then also
/// precaches each new version's app files); the pieces are kept per page
/// (`split::Pieces`, `portal::pieces::PAGE_PIECES`).
pub struct CacheLists {
    pub shell: Vec<String>,
    pub app: Vec<String>,
    /// The other pre-rendered pages, by path (`/id/guidance/lost-passport`):
    /// the service worker keeps each once visited.
    pub pages: Vec<String>,
}

/// The deployment files the app reads (the same URLs it asks for): an
/// embassy may change them without a rebuild, so the service worker serves
/// its copy and refreshes it.
const DEPLOYMENT_FILES: [&str; 2] = [portal::api::PROFILE_URL, portal::api::STAGES_URL];

/// Files the service worker caches, relative to the site root.
pub fn precache_list(dir: &Path) -> Result<CacheLists> {
    // The pre-rendered pages needed offline from the first visit (home, the
    // form's start), in both languages, from the route table; other pages
    // are cached when visited.
    let mut shell: Vec<String> = Section::ALL
        .into_iter()
        .filter(|s| s.is_precached())
        .flat_map(|s| Lang::ALL.map(|l| format!("/{}", site::prerendered_file(&s.path(l)))))
        .collect();
    shell.extend(DEPLOYMENT_FILES.map(String::from));
    shell.extend([
        "/manifest.webmanifest".into(),
        "/icon.svg".into(),
        "/icon-192.png".into(),
    ]);
    for l in Lang::ALL {
        // The same URLs the app asks for (one place: `portal::api`).
        shell.push(portal::api::index_url(l));
        shell.push(portal::api::search_url(l));
    }
    let app = crate::split::app_files(&crate::split::staged_stem(dir)?).to_vec();
    for f in shell.iter().chain(&app) {
        if !dir.join(f.trim_start_matches('/')).is_file() {
            return Err(format!("precache: {f} is not in the build"));
        }
    }
    let pages = kept_once_visited(dir, &shell)?;
    Ok(CacheLists { shell, app, pages })
}

/// Every pre-rendered page under a language folder (`id/…/x.html` is the
/// page `/id/…/x`) that is not precached.
fn kept_once_visited(dir: &Path, precached: &[String]) -> Result<Vec<String>> {
    let mut pages = Vec::new();
    let mut stack: Vec<PathBuf> = Lang::ALL.iter().map(|l| dir.join(l.code())).collect();
    while let Some(d) = stack.pop() {
        if !d.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let p = entry.map_err(|e| e.to_string())?.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let Ok(rel) = p.strip_prefix(dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if let Some(path) = rel.strip_suffix(".html") {
                let path = format!("/{path}");
                if !precached.contains(&format!("/{}", site::prerendered_file(&path))) {
                    pages.push(path);
                }
            }
        }
    }
    pages.sort();
    Ok(pages)
}

/// Writes the cache lists (URL -> content hash) and a version derived from
/// them into the staged `sw.js`, so every deployment with a changed file
/// installs a new service worker.
fn write_service_worker(dir: &Path, pieces: &crate::split::Pieces) -> Result<usize> {
    use sha2::{Digest, Sha256};
    let lists = precache_list(dir)?;
    let page_pieces = page_pieces(pieces)?;
    let mut all = Sha256::new();
    let mut entries = Vec::new();
    for f in &lists.shell {
        let data =
            std::fs::read(dir.join(f.trim_start_matches('/'))).map_err(|e| format!("{f}: {e}"))?;
        let h = Sha256::digest(&data);
        let short: String = h.iter().take(8).map(|b| format!("{b:02x}")).collect();
        all.update(f.as_bytes());
        all.update(h);
        entries.push(format!(
            "{}:{}",
            serde_json::Value::from(f.as_str()),
            serde_json::Value::from(short)
        ));
    }
    // The app's files and pieces, by their bytes (their names already come
    // from their bytes, `split::name_by_content`; this keeps the version
    // right even if that ever changes).
    for f in lists.app.iter().chain(pieces.by_split.values().flatten()) {
        let data =
            std::fs::read(dir.join(f.trim_start_matches('/'))).map_err(|e| format!("{f}: {e}"))?;
        all.update(f.as_bytes());
        all.update(Sha256::digest(&data));
    }
    let version: String = all
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let sw_path = dir.join("sw.js");
    let sw = std::fs::read_to_string(&sw_path).map_err(|e| format!("staged sw.js: {e}"))?;
    let marker = "/* __BUILD__ */";
    if !sw.contains(marker) {
        return Err(format!("sw.js has no {marker} marker"));
    }
    let build = format!(
        "self.__PRECACHE = {{{}}};\nself.__APP = {};\nself.__PAGES = {};\nself.__DEPLOYMENT_FILES = {};\nself.__NETWORK_ONLY = {};\nself.__ROUTES = {};\nself.__STATUS = {};\nself.__ARTICLES = {};\n{PIECES_LINE}{};\n{PAGE_PIECES_LINE}{};\nself.__PUBLIC_SPLITS = {};\nself.__VERSION = \"{version}\";",
        entries.join(","),
        serde_json::Value::from(lists.app.clone()),
        serde_json::Value::from(lists.pages.clone()),
        serde_json::Value::from(DEPLOYMENT_FILES.to_vec()),
        serde_json::Value::from(Lang::ALL.map(site::case_page_path).to_vec()),
        app_routes(),
        serde_json::Value::from(Lang::ALL.map(site::status_page_path).to_vec()),
        serde_json::Value::from(article_urls(&lists.pages)),
        serde_json::json!(pieces.by_split),
        page_pieces,
        serde_json::json!(public_splits()),
    );
    write(&sw_path, sw.replacen(marker, &build, 1))?;
    Ok(lists.shell.len())
}

/// The line of the built `sw.js` that lists each split point's files
/// (`self.__PIECES = {...};`), as the bench and the tests read it.
pub const PIECES_LINE: &str = "self.__PIECES = ";

/// The line of the built `sw.js` that lists each lazy page's split points
/// (`self.__PAGE_PIECES = {...};`), as the bench reads it.
pub const PAGE_PIECES_LINE: &str = "self.__PAGE_PIECES = ";

/// Each lazy page's pieces for the service worker, by the page's key (the
/// segment after the language, or the staff path), from the app's own
/// table. Fails the build when the table and the split disagree: a split
/// point no page lists would never be kept for offline use, and a listed
/// one the split did not make would be a page that never opens.
fn page_pieces(pieces: &crate::split::Pieces) -> Result<serde_json::Value> {
    let mut listed = std::collections::BTreeSet::new();
    let mut by_page = serde_json::Map::new();
    for (page, splits) in portal::pieces::PAGE_PIECES {
        for split in splits {
            if !pieces.by_split.contains_key(*split) {
                return Err(format!(
                    "split: the page {:?} needs the piece {split:?}, which the wasm does not have",
                    page.key()
                ));
            }
            listed.insert(split.to_string());
        }
        by_page.insert(page.key().to_string(), serde_json::json!(splits));
    }
    for split in pieces.by_split.keys() {
        if !listed.contains(split) {
            return Err(format!(
                "split: the piece {split:?} is on no page of portal::pieces::PAGE_PIECES"
            ));
        }
    }
    Ok(serde_json::Value::Object(by_page))
}

/// Each lazy route's piece files for `boot.js`, by the route's key (the
/// staff path; a section's segment; the segment and `/` for the pages below
/// it, `guidance/` for an article), each file by its name after the stem
/// (`chunk_9`, `split_register`): JSON for `data-pieces`.
fn route_pieces(pieces: &crate::split::Pieces) -> Result<String> {
    let mut by_route = serde_json::Map::new();
    for &(page, below, split) in portal::pieces::ROUTE_SPLITS {
        let files = pieces.by_split.get(split).ok_or(format!(
            "split: the route of {:?} has no piece {split:?}",
            page.key()
        ))?;
        let names: Vec<&str> = files
            .iter()
            .filter_map(|f| f.rsplit_once('-'))
            .filter_map(|(_, name)| name.strip_suffix(".wasm"))
            .collect();
        let key = format!("{}{}", page.key(), if below { "/" } else { "" });
        by_route.insert(key, serde_json::json!(names));
    }
    Ok(serde_json::Value::Object(by_route).to_string())
}

/// The split points of the public pages (all but the staff page's own).
fn public_splits() -> Vec<&'static str> {
    let mut splits: Vec<&str> = portal::pieces::PAGE_PIECES
        .iter()
        .filter(|(page, _)| *page != portal::pieces::LazyPage::Staff)
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    splits.sort_unstable();
    splits.dedup();
    splits
}

/// The app's routes for the service worker (`isAppPath` in `sw.js`), from
/// the route table `contract::site` (the shape of `site::is_app_route`): the
/// worker answers a navigation from its cache only on one of these paths.
fn app_routes() -> serde_json::Value {
    serde_json::json!({
        "languages": Lang::ALL.map(|l| l.code()).to_vec(),
        "sections": Section::ALL
            .into_iter()
            .map(Section::segment)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>(),
        "steps": Section::Register.segment(),
        "staff": site::STAFF_PATH,
    })
}

/// The article JSON URLs of this build (the same URLs the app asks for), from
/// its pre-rendered article pages: the worker keeps visited articles across an
/// update only when they are still in the build.
fn article_urls(pages: &[String]) -> Vec<String> {
    let mut urls = Vec::new();
    for l in Lang::ALL {
        let prefix = format!("{}/", Section::Guidance.path(l));
        for page in pages {
            if let Some(slug) = page.strip_prefix(&prefix) {
                if !slug.is_empty() && !slug.contains('/') {
                    urls.push(portal::api::article_url(l, slug));
                }
            }
        }
    }
    urls.sort();
    urls
}

fn compressible(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("html" | "js" | "wasm" | "css" | "json" | "svg" | "webmanifest" | "txt")
    )
}

/// Writes `.br` (quality 11) and `.gz` (level 9) beside every text or wasm file.
pub fn precompress(dir: &Path) -> Result<usize> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let p = entry.map_err(|e| e.to_string())?.path();
            if p.is_dir() {
                stack.push(p);
            } else if compressible(&p) {
                files.push(p);
            }
        }
    }
    for p in &files {
        let data = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let mut br = Vec::new();
        {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params)
                .map_err(|e| format!("brotli {}: {e}", p.display()))?;
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data).map_err(|e| e.to_string())?;
        let gz = gz.finish().map_err(|e| e.to_string())?;
        let name = p.as_os_str().to_string_lossy();
        write(Path::new(&format!("{name}.br")), br)?;
        write(Path::new(&format!("{name}.gz")), gz)?;
    }
    Ok(files.len())
}

/// Brotli size of some bytes (for reports).
pub fn brotli_len(data: &[u8]) -> usize {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    match brotli::BrotliCompress(&mut &data[..], &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => data.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::{app_routes, article_urls, boot_on_demand, PageScripts};
    use contract::site;

    /// The worker's `isAppPath` reads these lists in the shape of
    /// `site::is_app_route`: every path they admit is an app route.
    #[test]
    fn the_public_splits_are_every_public_pages_and_not_the_staff_pages_own() {
        let public = super::public_splits();
        for split in [
            "register",
            "advisories",
            "case",
            "guidance",
            "privacy",
            "register_end",
            "queue_line",
        ] {
            assert!(public.contains(&split), "{split}");
        }
        assert!(!public.contains(&"staff"));
    }

    #[test]
    fn the_workers_route_lists_agree_with_the_route_table() {
        let routes = app_routes();
        let list = |k: &str| -> Vec<String> {
            routes[k]
                .as_array()
                .expect(k)
                .iter()
                .map(|v| v.as_str().expect("a string").to_string())
                .collect()
        };
        let (languages, sections) = (list("languages"), list("sections"));
        assert!(!languages.is_empty() && !sections.is_empty());
        for l in &languages {
            assert!(site::is_app_route(&format!("/{l}")), "/{l}");
            for s in &sections {
                assert!(site::is_app_route(&format!("/{l}/{s}")), "/{l}/{s}");
            }
            let steps = routes["steps"].as_str().expect("steps");
            assert!(site::is_app_route(&format!("/{l}/{steps}/name")));
            assert!(!site::is_app_route(&format!("/{l}/no-such-section")));
        }
        assert!(site::is_app_route(routes["staff"].as_str().expect("staff")));
        assert!(!languages.iter().any(|l| l == "api"));
    }

    #[test]
    fn article_urls_are_the_apps_own() {
        let pages = vec![
            "/en/guidance/lost-passport".to_string(),
            "/id/guidance/paspor".to_string(),
            "/en/accessibility".to_string(),
        ];
        assert_eq!(
            article_urls(&pages),
            [
                portal::api::article_url(contract::Lang::En, "lost-passport"),
                portal::api::article_url(contract::Lang::Id, "paspor"),
            ]
        );
    }

    const TRUNK: &str = "<head><link rel=\"icon\" href=\"/icon.svg\"><script type=\"module\">\nimport init, * as bindings from '/portal-abc123.js';\nconst wasm = await init({ module_or_path: '/portal-abc123_bg.wasm' });\n</script>\n<link rel=\"modulepreload\" href=\"/portal-abc123.js\" integrity=\"x\"><link rel=\"preload\" href=\"/portal-abc123_bg.wasm\" as=\"fetch\"></head><body><main></main></body>";

    fn scripts() -> PageScripts {
        PageScripts {
            exit: "// Exit.\n(function () {\n  exit();\n})();\n".into(),
            boot: "// Boot.\nboot(\"<p>\");\n".into(),
            pieces: "{\"x\":[\"chunk_1\"]}".into(),
        }
    }

    #[test]
    fn trunk_start_becomes_inline_boot_js_with_the_app_files() {
        let out = boot_on_demand(TRUNK, &scripts()).expect("rewrite");
        assert!(out.ends_with(
            "<main></main><script>(function () {\nexit();\n})();</script>\
             <script data-js=\"/portal-abc123.js\" data-wasm=\"/portal-abc123_bg.wasm\" \
             data-pieces=\"{&quot;x&quot;:[&quot;chunk_1&quot;]}\">boot(\"<p>\");</script></body>"
        ));
        assert!(!out.contains("type=\"module\""));
        assert!(!out.contains("preload"));
        assert!(out.contains("<link rel=\"icon\" href=\"/icon.svg\">"));
    }

    #[test]
    fn a_changed_trunk_output_fails_the_build() {
        assert!(boot_on_demand("<head></head>", &scripts()).is_err());
        let odd = TRUNK.replace("/portal-abc123.js", "/other.js");
        assert!(boot_on_demand(&odd, &scripts()).is_err());
        let no_body = TRUNK.replace("</body>", "");
        assert!(boot_on_demand(&no_body, &scripts()).is_err());
    }

    #[test]
    fn a_script_that_would_end_the_element_is_refused() {
        let mut bad = scripts();
        bad.boot = "x = \"</script>\";".into();
        assert!(boot_on_demand(TRUNK, &bad).is_err());
    }

    #[test]
    fn the_real_scripts_can_be_inlined() {
        let real = PageScripts::read().expect("public/exit.js and public/boot.js");
        let out = boot_on_demand(TRUNK, &real).expect("inline");
        assert!(out.contains("exit-this-page"));
        assert!(out.contains("data-light"));
    }
}
