//! `cargo xtask bench`: sizes, search latency, backend throughput, and
//! Lighthouse against a plain HTML baseline page. Prints a table and writes
//! `bench-results/bench.json`. Figures are measured, never assumed.

use crate::cmd::{self, info, output, root, step, tool_path, Result};
use crate::postbuild::brotli_len;
use crate::tasks::{Backend, TEST_STAFF_TOKEN};
use crate::tools;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn ensure_bench_tools() -> Result {
    step("Checking bench tools");
    tools::ensure_npm_dir(&root().join("tests/bench"))?;
    ensure_load_tools()?;
    if output(
        Command::new("twiggy")
            .arg("--version")
            .env("PATH", tool_path()),
    )
    .is_some()
    {
        info("twiggy: present");
    } else {
        info("installing twiggy with cargo (a few minutes)");
        cmd::run(Command::new("cargo").args(["install", "twiggy", "--locked"]))?;
    }
    Ok(())
}

/// What the backend's load figures need: `wrk`, and `sqlite3` to seed rows.
fn ensure_load_tools() -> Result {
    if output(Command::new("wrk").arg("-v")).is_none()
        && !Command::new("wrk").arg("-v").output().is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout).contains("wrk")
                || String::from_utf8_lossy(&o.stderr).contains("wrk")
        })
    {
        tools::apt_install(&["wrk"])?;
    } else {
        info("wrk: present");
    }
    if output(Command::new("sqlite3").arg("--version")).is_none() {
        tools::apt_install(&["sqlite3"])?;
    } else {
        info("sqlite3: present");
    }
    Ok(())
}

fn file_sizes(dist: &Path) -> Result<Value> {
    // The app's own files, every start of it needs them: the main module's
    // JS and wasm, and the link module that fetches the pieces.
    let [js, wasm, link] = crate::split::app_files(&crate::split::staged_stem(dist)?)
        .map(|f| f.trim_start_matches('/').to_string());
    let size = |name: &str| -> Result<(usize, usize)> {
        let data = std::fs::read(dist.join(name)).map_err(|e| format!("{name}: {e}"))?;
        Ok((data.len(), brotli_len(&data)))
    };
    let mut out = serde_json::Map::new();
    for (label, name) in [
        ("index_html", "index.html"),
        ("js", js.as_str()),
        ("wasm", wasm.as_str()),
        ("link_js", link.as_str()),
        ("profile_json", "profile.json"),
        ("icon_svg", "icon.svg"),
        ("manifest", "manifest.webmanifest"),
        ("sw_js", "sw.js"),
    ] {
        let (raw, br) = size(name)?;
        out.insert(
            label.into(),
            json!({ "file": name, "raw": raw, "brotli": br }),
        );
    }
    let br_of = |label: &str| out[label]["brotli"].as_u64().unwrap_or(0);
    // A first visit to home: the pre-rendered page (boot.js and exit.js are
    // inline) starts no app.
    const FIRST_VISIT: [&str; 3] = ["index_html", "icon_svg", "manifest"];
    let first_visit: u64 = FIRST_VISIT.iter().map(|l| br_of(l)).sum();
    let fetched_by_page = |name: &str| FIRST_VISIT.iter().any(|l| out[*l]["file"] == name);
    // What every start of the app adds (main JS + main wasm + link JS); a
    // page's pieces come on top (`pieces`).
    let app_start = br_of("js") + br_of("wasm") + br_of("link_js");
    // What the service worker fetches on top, once, to work offline later.
    let mut sw_extra = br_of("sw_js");
    for f in crate::postbuild::precache_list(dist)?.shell {
        let name = f.trim_start_matches('/');
        if !fetched_by_page(name) {
            sw_extra += size(name)?.1 as u64;
        }
    }
    out.insert("first_visit_home_brotli".into(), json!(first_visit));
    out.insert("app_start_brotli".into(), json!(app_start));
    out.insert(
        "service_worker_precache_extra_brotli".into(),
        json!(sw_extra),
    );
    let mut largest = ("".to_string(), 0usize);
    for lang in ["id", "en"] {
        let dir = dist.join("content").join(lang);
        let (_, search_br) = size(&format!("content/{lang}/search.json"))?;
        out.insert(format!("search_index_{lang}_brotli"), json!(search_br));
        for entry in std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && name != "index.json" && name != "search.json" {
                let (_, br) = size(&format!("content/{lang}/{name}"))?;
                if br > largest.1 {
                    largest = (format!("{lang}/{name}"), br);
                }
            }
        }
    }
    out.insert(
        "largest_article_brotli".into(),
        json!({ "file": largest.0, "brotli": largest.1 }),
    );
    Ok(Value::Object(out))
}

/// Search over the compiled corpus, natively (same code the wasm runs).
fn search_latency(dist: &Path) -> Result<Value> {
    let queries = [
        ("id", "paspor hilang"),
        ("id", "pasport hilng"),
        ("id", "tiket pesawat"),
        ("id", "perdagangan orang"),
        ("id", "kedutaan"),
        ("en", "lost passport"),
        ("en", "tickt"),
        ("en", "trafficking"),
        ("en", "what to bring"),
        ("en", "e"),
    ];
    let mut per = Vec::new();
    let mut all = Vec::new();
    for (lang, q) in queries {
        let text = std::fs::read(dist.join(format!("content/{lang}/search.json")))
            .map_err(|e| e.to_string())?;
        let index: search::Index = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let hits = search::search(&index, q, 8);
            std::hint::black_box(hits);
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        per.push(
            json!({ "lang": lang, "query": q, "median_us": times[100], "p99_us": times[198] }),
        );
        all.extend(times);
    }
    all.sort_by(|a, b| a.total_cmp(b));
    let docs = {
        let text = std::fs::read(dist.join("content/id/search.json")).map_err(|e| e.to_string())?;
        let index: search::Index = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
        index.docs().len()
    };
    Ok(json!({
        "articles_per_language": docs,
        "median_us": all[all.len() / 2],
        "p99_us": all[all.len() * 99 / 100],
        "queries": per,
        "note": "native x86_64, one core; the wasm build in a phone is slower (see the browser-side figure)",
    }))
}

/// A bare HTTP/1.1 request; returns (status, headers, body).
fn http(addr: &str, req: &str) -> Result<(u16, String, String)> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).map_err(|e| e.to_string())?;
    let (head, body) = buf.split_once("\r\n\r\n").unwrap_or((&buf, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Ok((status, head.to_string(), body.to_string()))
}

/// Requests per second, p99 and non-2xx/3xx answers from `wrk --latency`'s output.
fn wrk_figures(out: &str) -> Value {
    let rps = out
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok());
    let p99 = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| v.trim().to_string());
    let non2xx = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .map(|v| v.trim().to_string());
    json!({ "requests_per_s": rps, "p99": p99, "non_2xx_3xx": non2xx })
}

fn wrk(url: &str, header: Option<&str>) -> Result<Value> {
    let mut c = Command::new("wrk");
    c.args(["-t2", "-c64", "-d10s", "--latency"]);
    if let Some(h) = header {
        c.args(["-H", h]);
    }
    let out = output(c.arg(url)).ok_or("wrk failed")?;
    Ok(wrk_figures(&out))
}

fn backend_load(backend: &Backend) -> Result<Value> {
    let addr = backend.url.trim_start_matches("http://").to_string();
    // The contract caps how far ahead the times may be (24 hours, 7 days).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let body = json!({
        "verdict": "come",
        "points": [
            { "id": "main", "name": { "id": "Loket utama", "en": "Main counter" }, "status": "busy",
              "wait_min": 60, "wait_max": 120, "waiting_inside": 80, "line_outside": 40,
              "now_serving": "B-112", "counters_open": 4, "counters_max": 6 }
        ],
        "notice": { "id": "Layanan gratis, kecuali biaya resmi SPLP.", "en": "Services are free, except the official SPLP fee." },
        "next_update_by": contract::time::format_rfc3339(now + 2 * 3600),
        "valid_until": contract::time::format_rfc3339(now + 8 * 3600),
        "refresh_after_s": 60
    })
    .to_string();
    let (status, _, text) = http(
        &addr,
        &format!(
            "POST /api/v1/advisories HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TEST_STAFF_TOKEN}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )?;
    if status != 201 {
        return Err(format!(
            "posting the bench advisory failed: {status} {text}"
        ));
    }
    let (_, head, _) = http(
        &addr,
        &format!("GET /api/v1/advisories HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )?;
    let etag = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("etag").then(|| v.trim().to_string())
        })
        .ok_or("no ETag on GET /api/v1/advisories")?;
    let url = format!("{}/api/v1/advisories", backend.url);
    info("wrk: GET /api/v1/advisories (200)");
    let full = wrk(&url, None)?;
    info("wrk: GET /api/v1/advisories with If-None-Match (304)");
    let not_modified = wrk(&url, Some(&format!("If-None-Match: {etag}")))?;
    info("wrk: GET /status/id");
    let status_page = wrk(&format!("{}/status/id", backend.url), None)?;
    Ok(json!({
        "tool": "wrk -t2 -c64 -d10s on loopback, sharing the 2 cores with the server",
        "advisories_200": full,
        "advisories_304": not_modified,
        "status_page": status_page,
    }))
}

/// A lookup's answer time: `n` requests one after another, the median and
/// the slowest (ms), and the status of the last one.
fn lookup_times(addr: &str, body: &str, n: usize) -> Result<Value> {
    let mut times = Vec::with_capacity(n);
    let mut last = 0;
    for _ in 0..n {
        let started = Instant::now();
        let (status, _, _) = http(
            addr,
            &format!(
                "POST /api/v1/cases/lookup HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        )?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        last = status;
    }
    times.sort_by(f64::total_cmp);
    Ok(json!({
        "requests": n,
        "status": last,
        "median_ms": times[n / 2],
        "max_ms": times[n - 1],
        "min_ms": times[0],
    }))
}

/// `clients` lookups at once, each from its own loopback address
/// (127.0.0.2, .3, ...: one per phone, so the per-client limit does not
/// decide them): the wall time, lookups per second and the p99. With the
/// 400 ms padding awaited asynchronously, the wall time stays near 400 ms.
fn concurrent_lookups(addr: &str, clients: u8) -> Result<Value> {
    let target: std::net::SocketAddr = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
    let body = json!({ "reference": "7KQ4-M2XHF", "date_of_birth": "1995-03-04" }).to_string();
    let request = format!(
        "POST /api/v1/cases/lookup HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|i| {
            let request = request.clone();
            std::thread::spawn(move || -> std::result::Result<(f64, u16), String> {
                let from = std::net::SocketAddr::from(([127, 0, 0, i.saturating_add(2)], 0));
                let socket =
                    socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
                        .map_err(|e| e.to_string())?;
                socket.bind(&from.into()).map_err(|e| e.to_string())?;
                let t = Instant::now();
                socket.connect(&target.into()).map_err(|e| e.to_string())?;
                let mut s: TcpStream = socket.into();
                s.set_read_timeout(Some(Duration::from_secs(10)))
                    .map_err(|e| e.to_string())?;
                s.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
                let mut buf = String::new();
                s.read_to_string(&mut buf).map_err(|e| e.to_string())?;
                let status = buf
                    .split_whitespace()
                    .nth(1)
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(0);
                Ok((t.elapsed().as_secs_f64() * 1000.0, status))
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut not_404 = 0;
    for h in handles {
        let (ms, status) = h.join().map_err(|_| "a lookup thread failed")??;
        times.push(ms);
        if status != 404 {
            not_404 += 1;
        }
    }
    let wall = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    Ok(json!({
        "clients": clients,
        "wall_ms": wall * 1000.0,
        "lookups_per_s": f64::from(clients) / wall,
        "p99_ms": p99,
        "answers_not_404": not_404,
    }))
}

/// `wrk` posting `body` to `path` with the staff token.
fn wrk_post(url: &str, body: &str, dir: &Path) -> Result<Value> {
    let script = dir.join("post.lua");
    let lua = format!(
        "wrk.method = \"POST\"\nwrk.body = {}\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
         wrk.headers[\"Authorization\"] = \"Bearer {TEST_STAFF_TOKEN}\"\n",
        serde_json::to_string(body).map_err(|e| e.to_string())?
    );
    std::fs::write(&script, lua).map_err(|e| e.to_string())?;
    let mut c = Command::new("wrk");
    c.args(["-t2", "-c16", "-d10s", "--latency", "-s"])
        .arg(&script);
    let out = output(c.arg(url)).ok_or("wrk failed")?;
    Ok(wrk_figures(&out))
}

/// The case lookup and the staff desk with 10,000 registrations: whether a
/// lookup answers in the same time whatever the failure, the list's and the
/// search's latency, the export's time, and the no-script page's bytes.
fn desk_load(backend: &Backend, data: &Path) -> Result<Value> {
    let addr = backend.url.trim_start_matches("http://").to_string();
    // One real registration through the API, to look up.
    let reg = json!({
        "full_name": "Dewi Lestari", "date_of_birth": "1995-03-04", "passport_status": "lost",
        "phone": "0812-3456-7890", "whatsapp": "same_as_phone", "location": "Sihanoukville",
        "people_with_you": 1, "help_needed": ["travel_document"], "consent": true, "lang": "id"
    })
    .to_string();
    let (status, _, text) = http(
        &addr,
        &format!(
            "POST /api/v1/registrations HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Idempotency-Key: 0f6f1d3e-6a57-4c3b-9d0e-5b3c2a1f0e9d\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reg}",
            reg.len()
        ),
    )?;
    let reference = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["reference"].as_str().map(str::to_string))
        .ok_or(format!("bench registration failed: {status} {text}"))?;
    // 10,000 more, written straight into the database (the API's limit
    // per address would take hours): synthetic rows, no real data.
    info("seeding 10,000 synthetic registrations with sqlite3");
    let db = data.join("portal.sqlite3");
    let seed = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
        INSERT INTO registrations (reference, idempotency_key, body_hash, body, lang, received_at)
        SELECT printf('BNCH-%05d', i), printf('bench-%05d', i), 'bench',
          json_object('full_name', printf('Nama Contoh %d', i), 'date_of_birth', '1990-01-01',
            'help_needed', json_array(CASE i % 3 WHEN 0 THEN 'shelter' ELSE 'travel_document' END),
            'phone', '+6281234567890', 'location', 'Phnom Penh', 'lang', 'id'),
          'id', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', printf('-%d minutes', i))
        FROM n;";
    cmd::run(Command::new("sqlite3").arg(&db).arg(seed))?;
    info("lookups, one after another: found, wrong birth date, unknown reference");
    let found = lookup_times(
        &addr,
        &json!({ "reference": reference, "date_of_birth": "1995-03-04" }).to_string(),
        15,
    )?;
    let unknown = lookup_times(
        &addr,
        &json!({ "reference": "7KQ4-M2XHF", "date_of_birth": "1995-03-04" }).to_string(),
        15,
    )?;
    let wrong = lookup_times(
        &addr,
        &json!({ "reference": reference, "date_of_birth": "1995-03-05" }).to_string(),
        15,
    )?;
    info("200 lookups at once, from 200 loopback addresses");
    let at_once = concurrent_lookups(&addr, 200)?;
    let search_url = format!("{}/api/v1/registrations/search", backend.url);
    info("wrk: the desk's list, first page of all 10,001");
    let list = wrk_post(&search_url, "{}", data)?;
    info("wrk: the desk's list filtered by stage and help");
    let filtered = wrk_post(
        &search_url,
        r#"{"stage":"registered","help":"shelter","page":3}"#,
        data,
    )?;
    info("wrk: a name search");
    let by_name = wrk_post(&search_url, r#"{"q":"Contoh 99"}"#, data)?;
    let started = Instant::now();
    let (status, _, csv) = http(
        &addr,
        &format!(
            "POST /api/v1/registrations/export HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TEST_STAFF_TOKEN}\r\n\
             Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        ),
    )?;
    let export_ms = started.elapsed().as_secs_f64() * 1000.0;
    if status != 200 {
        return Err(format!("export failed: {status}"));
    }
    let (_, _, page) = http(
        &addr,
        &format!("GET /case/id HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )?;
    // With the app: what every start of it needs (main JS + main wasm +
    // link JS) and the pieces the build lists for the case page (brotli, as
    // served, from dist); null when dist has no split build.
    let pieces = pieces_report(&root().join("dist")).ok();
    let app_start = pieces.as_ref().and_then(|p| p["app_start_brotli"].as_u64());
    let case_pieces = pieces
        .as_ref()
        .and_then(|p| p["pages"][page_key("/id/case")]["brotli"].as_u64());
    Ok(json!({
        "app_start_brotli_bytes": app_start,
        "case_pieces_brotli_bytes": case_pieces,
        "case_app_code_brotli_bytes": app_start.zip(case_pieces).map(|(a, c)| a + c),
        "lookup_found": found,
        "lookup_wrong_birth_date": wrong,
        "lookup_unknown": unknown,
        "lookups_at_once": at_once,
        "list_10001": list,
        "list_filtered": filtered,
        "list_name_search": by_name,
        "export_10001_ms": export_ms,
        "export_bytes": csv.len(),
        "case_page_bytes": page.len(),
    }))
}

/// The crate a function in the wasm belongs to, from its demangled name:
/// `portal::x::f` -> `portal`; `<T as tachys::view::Render>::build` ->
/// `tachys`; `<portal::A as serde_core::de::Deserialize>::deserialize` ->
/// `portal`; data segments -> `data`.
fn crate_of(name: &str) -> &str {
    if name.starts_with("data segment") || name.starts_with("data[") {
        return "data";
    }
    let mut s = name.trim_start_matches(['<', '&', ' ']);
    for p in ["mut ", "dyn ", "impl "] {
        s = s.strip_prefix(p).unwrap_or(s);
    }
    // `<T as Trait>`: a generic type parameter; the trait's crate owns it.
    if let Some((ty, rest)) = s.split_once(" as ") {
        if ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && ty.starts_with(|c: char| c.is_ascii_uppercase())
        {
            s = rest.trim_start_matches(['<', '&', ' ']);
        }
    }
    let end = s
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
        .unwrap_or(s.len());
    let rest = &s[end..];
    // Crate names may carry a hash: `core[c5930c85a12de822]::`.
    let rest = match rest.strip_prefix('[') {
        Some(r) => r.split_once(']').map_or("", |(_, r)| r),
        None => rest,
    };
    if end > 0 && rest.starts_with("::") {
        &s[..end]
    } else {
        "other"
    }
}

/// The split's main module as wasm-bindgen wrote it, before wasm-opt
/// (`split.rs` keeps `portal-split/bindgen/` under the target directory
/// until the next build): the one `*_bg.wasm` there.
fn main_module_before_opt() -> Option<std::path::PathBuf> {
    let dir = cmd::target_dir().join("portal-split/bindgen");
    let found: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("_bg.wasm"))
        .collect();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => {
            info(&format!(
                "twiggy: expected one *_bg.wasm in {}, found {}",
                dir.display(),
                found.len()
            ));
            None
        }
    }
}

/// What the main module is made of, by crate (`twiggy top` on
/// wasm-bindgen's output, which still has function names; wasm-opt then
/// shrinks it ~10%). The pieces are not in it.
fn wasm_by_crate(dist: &Path) -> Option<Value> {
    let wasm = main_module_before_opt()?;
    // The split work directory is the last build's: say when it is not dist's.
    let stem = crate::split::staged_stem(dist).ok();
    let of_dist = stem.is_some_and(|s| {
        wasm.file_name()
            .is_some_and(|n| n.to_string_lossy() == format!("{s}_bg.wasm"))
    });
    let text = output(
        Command::new("twiggy")
            .args(["top", "-n", "1000000", "--format", "json"])
            .arg(&wasm)
            .env("PATH", tool_path()),
    )?;
    let items: Vec<Value> = serde_json::from_str(&text).ok()?;
    let mut by: std::collections::BTreeMap<&str, u64> = Default::default();
    let mut total = 0;
    for it in &items {
        let (Some(name), Some(bytes)) = (it["name"].as_str(), it["shallow_size"].as_u64()) else {
            continue;
        };
        // Names and other custom sections are stripped from the shipped file.
        if name.starts_with("custom section") || name.contains("subsection") {
            continue;
        }
        total += bytes;
        *by.entry(crate_of(name)).or_default() += bytes;
    }
    let mut rows: Vec<(&str, u64)> = by.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    Some(json!({
        "file": format!("{} (the main module, before wasm-opt)", wasm.display()),
        "same_build_as_dist": of_dist,
        "total": total,
        "crates": rows
            .iter()
            .map(|(c, b)| json!({ "crate": c, "bytes": b, "percent": *b as f64 * 100.0 / total.max(1) as f64 }))
            .collect::<Vec<_>>(),
    }))
}

fn ratio(a: &Value, b: &Value) -> String {
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
        _ => "n/a".into(),
    }
}

fn ms(v: &Value) -> String {
    v.as_f64().map_or("n/a".into(), |x| format!("{x:.0}"))
}

fn print_table(result: &Value) {
    let s = &result["sizes"];
    println!("\n== Sizes (brotli, quality 11) ==");
    for k in [
        "index_html",
        "js",
        "wasm",
        "link_js",
        "profile_json",
        "sw_js",
    ] {
        println!(
            "  {k:<14} raw {:>8} B   brotli {:>7} B",
            s[k]["raw"], s[k]["brotli"]
        );
    }
    println!(
        "  first visit to home (page's own files): {} B brotli  [target <= 160 KB]",
        s["first_visit_home_brotli"]
    );
    println!(
        "  + service worker precache, fetched once after load: {} B brotli",
        s["service_worker_precache_extra_brotli"]
    );
    println!(
        "  + the app's start (main JS + main wasm + link JS), fetched by the first page that needs it: {} B brotli, plus that page's pieces",
        s["app_start_brotli"]
    );
    println!(
        "  search index: id {} B, en {} B; largest article {} ({} B)",
        s["search_index_id_brotli"],
        s["search_index_en_brotli"],
        s["largest_article_brotli"]["file"],
        s["largest_article_brotli"]["brotli"]
    );
    let q = &result["search"];
    println!(
        "\n== Search ({} articles per language, native) == median {:.1} µs, p99 {:.1} µs",
        q["articles_per_language"],
        q["median_us"].as_f64().unwrap_or(0.0),
        q["p99_us"].as_f64().unwrap_or(0.0)
    );
    let b = &result["backend"];
    println!(
        "\n== Reference backend ({}) ==",
        b["tool"].as_str().unwrap_or("")
    );
    for k in ["advisories_200", "advisories_304", "status_page"] {
        println!(
            "  {k:<16} {:>10} req/s   p99 {}",
            b[k]["requests_per_s"]
                .as_f64()
                .map_or("n/a".into(), |x| format!("{x:.0}")),
            b[k]["p99"].as_str().unwrap_or("n/a")
        );
    }
    let lh = &result["browser"]["lighthouse"];
    for (method, label) in [
        (
            "devtools",
            "applied throttling (devtools): the real slow network",
        ),
        ("simulate", "simulated throttling (Lighthouse default)"),
    ] {
        println!("\n== Lighthouse mobile, slow 4G, {label}; medians ==");
        println!(
            "  {:<9} {:>5} {:>5} {:>5} {:>7} {:>7} {:>6} {:>6} {:>7} {:>8} {:>9} {:>9}",
            "page",
            "perf",
            "a11y",
            "bp",
            "FCP",
            "LCP",
            "TBT",
            "CLS",
            "TTI",
            "bytes",
            "FCP/base",
            "LCP/base"
        );
        let base = &lh[method]["baseline"];
        for page in ["home", "article", "form", "question", "baseline"] {
            let p = &lh[method][page];
            println!(
                "  {:<9} {:>5} {:>5} {:>5} {:>7} {:>7} {:>6} {:>6} {:>7} {:>8} {:>9} {:>9}",
                page,
                p["performance"],
                p["accessibility"],
                p["best_practices"],
                ms(&p["fcp"]),
                ms(&p["lcp"]),
                ms(&p["tbt"]),
                p["cls"]
                    .as_f64()
                    .map_or("n/a".into(), |x| format!("{x:.3}")),
                ms(&p["tti"]),
                ms(&p["bytes"]),
                ratio(&p["fcp"], &base["fcp"]),
                ratio(&p["lcp"], &base["lcp"]),
            );
            if let Some(f) = p["failing"].as_array().filter(|f| !f.is_empty()) {
                println!(
                    "            not passing: {}",
                    f.iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        println!(
            "  form = the form's start page; question = its first question on a first \
             visit, where the app starts (reported, not a target)"
        );
    }
    let r = &result["browser"]["repeat"];
    println!(
        "\n== Repeat visit, 4x CPU slowdown == form interactive: median {} ms  [target < 1000]; shell requests to the network: {}",
        ms(&r["form_interactive_ms_median"]),
        r["shell_requests_from_network"]
    );
}

/// `cargo xtask bench desk`: only the case lookup and the staff desk
/// (`desk_load`), on the backend alone; written to `bench-results/desk.json`.
fn bench_desk() -> Result {
    step("Checking bench tools");
    ensure_load_tools()?;
    let bin = tools::build_backend()?;
    let data = std::env::temp_dir().join(format!("portal-bench-desk-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let backend = Backend::start(&bin, &data)?;
    step("The case lookup and the staff desk with 10,000 registrations");
    let desk = desk_load(&backend, &data)?;
    drop(backend);
    let _ = std::fs::remove_dir_all(&data);
    let dir = root().join("bench-results");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("desk.json"),
        serde_json::to_vec_pretty(&desk).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    print_desk(&desk);
    println!("\nwritten to bench-results/desk.json");
    Ok(())
}

fn print_desk(desk: &Value) {
    println!("\n== Case lookup (one after another; every answer padded to 400 ms) ==");
    for (label, key) in [
        ("found", "lookup_found"),
        (
            "wrong birth date (locked after 5)",
            "lookup_wrong_birth_date",
        ),
        ("unknown reference", "lookup_unknown"),
    ] {
        let v = &desk[key];
        println!(
            "  {label:<34} status {}  min {:>6.1} ms  median {:>6.1} ms  max {:>6.1} ms",
            v["status"],
            v["min_ms"].as_f64().unwrap_or(0.0),
            v["median_ms"].as_f64().unwrap_or(0.0),
            v["max_ms"].as_f64().unwrap_or(0.0)
        );
    }
    let c = &desk["lookups_at_once"];
    println!(
        "  {} at once, one per address: all answered in {:.0} ms ({:.0} lookups/s), p99 {:.0} ms, {} answers not the one failure",
        c["clients"],
        c["wall_ms"].as_f64().unwrap_or(0.0),
        c["lookups_per_s"].as_f64().unwrap_or(0.0),
        c["p99_ms"].as_f64().unwrap_or(0.0),
        c["answers_not_404"]
    );
    println!("\n== Staff desk, 10,001 registrations (wrk -t2 -c16 -d10s) ==");
    for (label, key) in [
        ("list, first page", "list_10001"),
        ("list, stage + help filter, page 3", "list_filtered"),
        ("name search", "list_name_search"),
    ] {
        let v = &desk[key];
        println!(
            "  {label:<34} {:>8} req/s  p99 {}  non-2xx {}",
            v["requests_per_s"]
                .as_f64()
                .map_or("?".into(), |r| format!("{r:.0}")),
            v["p99"].as_str().unwrap_or("?"),
            v["non_2xx_3xx"].as_str().unwrap_or("0")
        );
    }
    println!(
        "  CSV export of all rows: {:.0} ms, {} B",
        desk["export_10001_ms"].as_f64().unwrap_or(0.0),
        desk["export_bytes"]
    );
    println!(
        "  the lookup without the app (/case/id, no script): {} B of HTML; with the app (/id/case): {} B brotli of wasm + JS \
         (the app's start {} B + the case page's pieces {} B, from dist), plus its page",
        desk["case_page_bytes"],
        desk["case_app_code_brotli_bytes"],
        desk["app_start_brotli_bytes"],
        desk["case_pieces_brotli_bytes"]
    );
}

pub fn bench(only: Option<&str>) -> Result {
    match only {
        None => {}
        Some("desk") => return bench_desk(),
        Some(other) => return Err(format!("unknown bench part `{other}` (known: desk)")),
    }
    tools::ensure_build_tools()?;
    tools::ensure_test_tools()?;
    ensure_bench_tools()?;
    tools::build_app()?;
    let bin = tools::build_backend()?;
    let dist = root().join("dist");
    // The plain baseline page, served by the same server for a fair comparison.
    // Made from this build's home page, so its content and style sheet are
    // always the portal's; kept in tests/bench so a change shows in git.
    let bench_dir = dist.join("bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| e.to_string())?;
    let home = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("dist/index.html: {e}"))?;
    let baseline = plain_baseline(&home)?;
    let kept = root().join("tests/bench/baseline.html");
    let changed = std::fs::read_to_string(&kept).ok().as_deref() != Some(baseline.as_str());
    std::fs::write(&kept, &baseline).map_err(|e| format!("{}: {e}", kept.display()))?;
    std::fs::write(bench_dir.join("baseline.html"), &baseline).map_err(|e| e.to_string())?;
    info(&format!(
        "baseline: the built home page without its scripts and manifest ({} B){}",
        baseline.len(),
        if changed {
            "; tests/bench/baseline.html updated"
        } else {
            ""
        }
    ));
    crate::postbuild::precompress(&bench_dir)?;
    step("Measuring sizes and search");
    let sizes = file_sizes(&dist)?;
    let pieces = pieces_report(&dist)?;
    let search = search_latency(&dist)?;
    let data = std::env::temp_dir().join(format!("portal-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let backend = Backend::start(&bin, &data)?;
    step("Load on the reference backend (wrk)");
    let load = backend_load(&backend)?;
    step("The case lookup and the staff desk with 10,000 registrations");
    let desk = desk_load(&backend, &data)?;
    step("Lighthouse, repeat-visit timing and the routes' downloads in Chromium (takes several minutes)");
    let out = data.join("browser.json");
    cmd::run(
        Command::new("node")
            .arg("bench.mjs")
            .current_dir(root().join("tests/bench"))
            .env("BASE_URL", &backend.url)
            .env("OUT", &out)
            .env("CHROME_PATH", "/usr/bin/chromium"),
    )?;
    drop(backend);
    let browser: Value =
        serde_json::from_slice(&std::fs::read(&out).map_err(|e| format!("browser results: {e}"))?)
            .map_err(|e| format!("browser results: {e}"))?;
    let targets = check_targets(&pieces, &browser["routes"]);
    let result = json!({
        "sizes": sizes,
        "pieces": pieces,
        "targets": targets,
        "search": search,
        "backend": load,
        "desk": desk,
        "browser": browser,
        "wasm_by_crate": wasm_by_crate(&dist),
    });
    let dir = root().join("bench-results");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("bench.json"),
        serde_json::to_vec_pretty(&result).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    print_table(&result);
    print_desk(&result["desk"]);
    print_pieces(&result);
    if let Some(w) = result["wasm_by_crate"].as_object() {
        println!(
            "\n== What the main wasm module is made of (twiggy, by crate; {} B of code and data before wasm-opt; the pieces are not in it) ==",
            w["total"]
        );
        if w["same_build_as_dist"] == false {
            println!("  (from another build than dist/: {})", w["file"]);
        }
        for c in w["crates"].as_array().into_iter().flatten().take(16) {
            println!(
                "  {:<16} {:>8} B  {:>5.1}%",
                c["crate"].as_str().unwrap_or("?"),
                c["bytes"],
                c["percent"].as_f64().unwrap_or(0.0)
            );
        }
    }
    println!("\nwritten to bench-results/bench.json");
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

// ---- The app in pieces (issue #17): the build's lists, their sizes, and
// the targets checked against what the browser measured.

/// The split point only the staff page uses.
const STAFF_SPLIT: &str = "staff";
/// Brotli bytes before the first question (and advisories, the case
/// lookup) is interactive on a first visit.
const FIRST_VISIT_LIMIT: u64 = 150_000;
/// Brotli bytes of all public app code together.
const PUBLIC_LIMIT: u64 = 300_000;
/// The routes whose first visit has the 150 KB target.
const FIRST_VISIT_TARGET_ROUTES: [&str; 3] = ["first_question", "advisories", "case_lookup"];
/// The order the routes are printed in (bench.mjs measures them).
const ROUTE_ORDER: [&str; 8] = [
    "home",
    "article",
    "form_start",
    "first_question",
    "advisories",
    "case_lookup",
    "guidance_search",
    "staff",
];

type SplitFiles = std::collections::BTreeMap<String, Vec<String>>;

/// The JSON after `marker` on its line of the built `sw.js`
/// (`self.__PIECES = {...};`).
fn sw_json_line(sw: &str, marker: &str) -> Result<Value> {
    let line = sw
        .lines()
        .find_map(|l| l.strip_prefix(marker))
        .ok_or(format!("sw.js has no line `{marker}...`"))?;
    let json = line.trim_end().trim_end_matches(';');
    serde_json::from_str(json).map_err(|e| format!("sw.js `{}`: {e}", marker.trim_end()))
}

/// A `{"name": ["a", "b"], ...}` map of lists of strings.
fn string_lists(v: &Value, what: &str) -> Result<SplitFiles> {
    let obj = v.as_object().ok_or(format!("{what}: not an object"))?;
    let mut out = SplitFiles::new();
    for (k, list) in obj {
        let list = list
            .as_array()
            .ok_or(format!("{what}: {k} is not a list"))?
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or(format!("{what}: {k} lists something not a string"))?;
        out.insert(k.clone(), list);
    }
    Ok(out)
}

/// Each split point's files (site paths), from `self.__PIECES = ` of sw.js.
fn parse_pieces(sw: &str) -> Result<SplitFiles> {
    let pieces = string_lists(
        &sw_json_line(sw, crate::postbuild::PIECES_LINE)?,
        "self.__PIECES",
    )?;
    if pieces.is_empty() {
        return Err("sw.js: self.__PIECES lists no split point".into());
    }
    Ok(pieces)
}

/// Each lazy page's split points, by its key (`/staff`, `register`).
fn parse_page_pieces(sw: &str) -> Result<SplitFiles> {
    string_lists(
        &sw_json_line(sw, crate::postbuild::PAGE_PIECES_LINE)?,
        "self.__PAGE_PIECES",
    )
}

/// The files only the staff split needs: a file listed by staff and by a
/// public split is public.
fn staff_only_files(pieces: &SplitFiles) -> std::collections::BTreeSet<String> {
    let public: std::collections::BTreeSet<&String> = pieces
        .iter()
        .filter(|(s, _)| s.as_str() != STAFF_SPLIT)
        .flat_map(|(_, f)| f)
        .collect();
    pieces
        .get(STAFF_SPLIT)
        .into_iter()
        .flatten()
        .filter(|f| !public.contains(f))
        .cloned()
        .collect()
}

/// Every public app file: the app's own (every start needs them) and every
/// piece file except those only staff needs.
fn public_files(app: &[String], pieces: &SplitFiles) -> std::collections::BTreeSet<String> {
    let staff_only = staff_only_files(pieces);
    app.iter()
        .chain(pieces.values().flatten())
        .filter(|f| !staff_only.contains(*f))
        .cloned()
        .collect()
}

/// The key the service worker knows a page by: the staff path itself, or
/// the segment after the language (`/id/register/name` is `register`).
fn page_key(path: &str) -> &str {
    if path == contract::site::STAFF_PATH {
        return path;
    }
    path.split('/').nth(2).unwrap_or("")
}

/// The split points and piece files of a page, by its key (none for home:
/// it is in the main module).
fn page_files(key: &str, pieces: &SplitFiles, pages: &SplitFiles) -> (Vec<String>, Vec<String>) {
    let splits = pages.get(key).cloned().unwrap_or_default();
    let mut files = Vec::new();
    for s in &splits {
        for f in pieces.get(s).into_iter().flatten() {
            if !files.contains(f) {
                files.push(f.clone());
            }
        }
    }
    (splits, files)
}

/// The sum of the brotli sizes of some files (`sizes`: path -> (raw, brotli)).
fn brotli_sum<'a>(
    files: impl IntoIterator<Item = &'a String>,
    sizes: &std::collections::BTreeMap<String, (u64, u64)>,
) -> u64 {
    files
        .into_iter()
        .map(|f| sizes.get(f).map_or(0, |s| s.1))
        .sum()
}

/// A file's raw size and its size as served: the `.br` beside it when the
/// build wrote one, else brotli quality 11 of it.
fn served_size(dist: &Path, site_path: &str) -> Result<(u64, u64)> {
    let name = site_path.trim_start_matches('/');
    let data = std::fs::read(dist.join(name)).map_err(|e| format!("dist/{name}: {e}"))?;
    let br = match std::fs::metadata(dist.join(format!("{name}.br"))) {
        Ok(m) => m.len(),
        Err(_) => brotli_len(&data) as u64,
    };
    Ok((data.len() as u64, br))
}

/// Sort key for piece files: split modules by name, chunks by number.
fn piece_order(file: &str) -> (u8, u64, String) {
    let tail = file.rsplit_once('-').map_or(file, |(_, t)| t);
    match tail
        .strip_prefix("chunk_")
        .and_then(|n| n.strip_suffix(".wasm"))
        .and_then(|n| n.parse().ok())
    {
        Some(n) => (1, n, String::new()),
        None => (0, 0, tail.to_string()),
    }
}

/// A short name for a file of the app: `main.js`, `main_bg.wasm`,
/// `link.js`, `split_staff`, `chunk_3`.
fn short_name(file: &str) -> String {
    let name = file.trim_start_matches('/');
    if let Some(rest) = name.strip_prefix("portal-") {
        let tail = rest.trim_start_matches(|c: char| c.is_ascii_hexdigit());
        return match tail {
            ".js" => "main.js".into(),
            "_bg.wasm" => "main_bg.wasm".into(),
            "_split.js" => "link.js".into(),
            t => t
                .trim_start_matches('-')
                .trim_end_matches(".wasm")
                .to_string(),
        };
    }
    name.to_string()
}

/// The app in pieces, from dist: the app's own files, each piece file with
/// its sizes and the splits that list it, each split's and each lazy page's
/// files, and the public and staff-only totals.
fn pieces_report(dist: &Path) -> Result<Value> {
    let sw = std::fs::read_to_string(dist.join("sw.js")).map_err(|e| format!("dist/sw.js: {e}"))?;
    let pieces = parse_pieces(&sw)?;
    let pages = parse_page_pieces(&sw)?;
    let app = crate::split::app_files(&crate::split::staged_stem(dist)?).to_vec();
    let mut sizes = std::collections::BTreeMap::new();
    for f in app.iter().chain(pieces.values().flatten()) {
        if !sizes.contains_key(f) {
            sizes.insert(f.clone(), served_size(dist, f)?);
        }
    }
    let staff_only = staff_only_files(&pieces);
    let public = public_files(&app, &pieces);
    let mut piece_files: Vec<&String> = pieces.values().flatten().collect();
    piece_files.sort_by_key(|f| piece_order(f));
    piece_files.dedup();
    let file_row = |f: &String| {
        let (raw, br) = sizes[f];
        let by: Vec<&String> = pieces
            .iter()
            .filter(|(_, files)| files.contains(f))
            .map(|(s, _)| s)
            .collect();
        json!({ "file": f, "raw": raw, "brotli": br, "splits": by, "staff_only": staff_only.contains(f) })
    };
    let splits: serde_json::Map<String, Value> = pieces
        .iter()
        .map(|(s, files)| {
            let raw: u64 = files.iter().map(|f| sizes[f].0).sum();
            (
                s.clone(),
                json!({ "files": files, "raw": raw, "brotli": brotli_sum(files, &sizes) }),
            )
        })
        .collect();
    let page_rows: serde_json::Map<String, Value> = pages
        .keys()
        .map(|k| {
            let (splits, files) = page_files(k, &pieces, &pages);
            (
                k.clone(),
                json!({ "splits": splits, "files": files, "brotli": brotli_sum(&files, &sizes) }),
            )
        })
        .collect();
    Ok(json!({
        "source": "dist/sw.js (self.__APP's files from the stem, self.__PIECES, self.__PAGE_PIECES); sizes of dist's .br files",
        "app": app.iter().map(file_row).collect::<Vec<_>>(),
        "app_start_brotli": brotli_sum(&app, &sizes),
        "files": piece_files.into_iter().map(file_row).collect::<Vec<_>>(),
        "splits": splits,
        "pages": page_rows,
        "public_files": public.len(),
        "public_brotli": brotli_sum(&public, &sizes),
        "staff_only": staff_only,
        "staff_only_brotli": brotli_sum(&staff_only, &sizes),
        "all_brotli": brotli_sum(sizes.keys(), &sizes),
    }))
}

/// Each target with its measured figure and PASS or MISS (`n/a` when the
/// figure was not measured: never a pass). `pieces` is `pieces_report`'s,
/// `routes` bench.mjs's `routes` part.
fn check_targets(pieces: &Value, routes: &Value) -> Vec<Value> {
    let verdict = |measured: Option<u64>, limit: u64| match measured {
        Some(m) if m <= limit => "PASS",
        Some(_) => "MISS",
        None => "n/a",
    };
    let mut out = Vec::new();
    for name in FIRST_VISIT_TARGET_ROUTES {
        let r = &routes["routes"][name];
        // Only a visit that loaded a piece showed the page: a blocked or
        // failed one would pass with fewer bytes.
        let loaded_a_piece = r["first_visit"]["requested"].as_array().is_some_and(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .any(|f| f.contains("-split_"))
        });
        let measured = r["first_visit"]["bytes"]
            .as_u64()
            .filter(|_| loaded_a_piece);
        out.push(json!({
            "page_bytes": r["first_visit"]["page_bytes"],
            "target": format!(
                "<= {} KB brotli wasm + JS before {name} ({}) is interactive, first visit",
                FIRST_VISIT_LIMIT / 1000,
                r["path"].as_str().unwrap_or("?")
            ),
            "limit": FIRST_VISIT_LIMIT,
            "measured": measured,
            "verdict": verdict(measured, FIRST_VISIT_LIMIT),
        }));
    }
    let public = pieces["public_brotli"].as_u64();
    out.push(json!({
        "target": format!(
            "<= {} KB brotli for all public app code together ({} files: every app file but those only staff needs)",
            PUBLIC_LIMIT / 1000,
            pieces["public_files"]
        ),
        "limit": PUBLIC_LIMIT,
        "measured": public,
        "verdict": verdict(public, PUBLIC_LIMIT),
    }));
    // Staff code asked for by a public route, on any visit measured.
    let staff_only: std::collections::BTreeSet<&str> = pieces["staff_only"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let size_of = |f: &str| {
        pieces["files"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["file"] == f)
            .and_then(|r| r["brotli"].as_u64())
            .unwrap_or(0)
    };
    let mut measured_routes = 0;
    let mut seen = std::collections::BTreeSet::new();
    let mut files = std::collections::BTreeSet::new();
    let mut by_staff = std::collections::BTreeSet::new();
    for (name, r) in routes["routes"].as_object().into_iter().flatten() {
        let staff = r["path"] == contract::site::STAFF_PATH;
        for variant in ["first_visit", "after_form_start"] {
            let Some(asked) = r[variant]["requested"].as_array() else {
                continue;
            };
            if !staff {
                measured_routes += 1;
            }
            for f in asked.iter().filter_map(Value::as_str) {
                if staff_only.contains(f) {
                    if staff {
                        by_staff.insert(f);
                    } else {
                        files.insert(f);
                        seen.insert(format!("{f} ({name}, {variant})"));
                    }
                }
            }
        }
    }
    // Public pages asked for staff code: a miss. Else it is a pass only if
    // the check could see staff code at all (the staff route asked for it).
    let measured = if !files.is_empty() {
        Some(files.iter().map(|f| size_of(f)).sum::<u64>())
    } else {
        (measured_routes > 0 && !by_staff.is_empty()).then_some(0)
    };
    out.push(json!({
        "target": format!(
            "0 B of staff code downloaded by any public page ({} staff-only files; {measured_routes} public visits measured)",
            staff_only.len()
        ),
        "limit": 0,
        "measured": measured,
        "verdict": verdict(measured, 0),
        "staff_files_requested_by_public_routes": seen,
        // Shows the check can see staff code: the staff route asks for it.
        "staff_only_files_requested_by_staff_route": by_staff.len(),
    }));
    out
}

/// `text` broken at spaces into lines of at most `width` characters, every
/// line after the first indented by `indent` spaces.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line = indent;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// "== The app in pieces ==": per route the bytes before interactive and
/// the time to interactive, the files, the chunk list and the targets.
fn print_pieces(result: &Value) {
    let p = &result["pieces"];
    let routes = &result["browser"]["routes"];
    println!("\n== The app in pieces ==");
    if p.is_null() {
        println!("  (no pieces: dist/sw.js has no self.__PIECES line)");
        return;
    }
    println!(
        "  brotli wasm + JS from the network before interactive; TTI = navigation start to interactive at {}x CPU slowdown; medians of {} runs",
        routes["cpu_slowdown"], routes["runs"]
    );
    println!(
        "  {:<16} {:<27} {:>23} {:>7}  {:>23} {:>7}",
        "", "", "first visit", "", "after the start page", ""
    );
    println!(
        "  {:<16} {:<27} {:>12} {:>10} {:>7}  {:>12} {:>10} {:>7}",
        "route", "path", "bytes", "page's", "TTI ms", "bytes", "page's", "TTI ms"
    );
    for name in ROUTE_ORDER {
        let r = &routes["routes"][name];
        if r.is_null() {
            continue;
        }
        let (f, a) = (&r["first_visit"], &r["after_form_start"]);
        println!(
            "  {:<16} {:<27} {:>12} {:>10} {:>7}  {:>12} {:>10} {:>7}",
            name,
            r["path"].as_str().unwrap_or("?"),
            f["bytes"].to_string(),
            f["page_bytes"].to_string(),
            ms(&f["tti_ms"]),
            a["bytes"].to_string(),
            a["page_bytes"].to_string(),
            ms(&a["tti_ms"])
        );
    }
    println!(
        "  after the start page: the service worker has the app and the form's pieces, and only bytes from the network count.\n  \
         page's: what the page asked for; the rest the service worker fetched to keep for offline use (it varies: it races the page)."
    );
    println!("\n  Files fetched before interactive (first visit; after the form's start page), and what the page's pieces are:");
    for name in ROUTE_ORDER {
        let r = &routes["routes"][name];
        if r.is_null() {
            continue;
        }
        let names = |v: &Value| {
            let list: Vec<String> = v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| {
                    let name = short_name(f["path"].as_str()?);
                    Some(if f["kept_by_worker"] == true {
                        format!("{name}(kept)")
                    } else {
                        name
                    })
                })
                .collect();
            if list.is_empty() {
                "none".to_string()
            } else {
                wrap(&format!("{} files: {}", list.len(), list.join(" ")), 100, 8)
            }
        };
        println!("  {name}");
        println!(
            "    first visit:       {}",
            names(&r["first_visit"]["files"])
        );
        println!(
            "    after form start:  {}",
            names(&r["after_form_start"]["files"])
        );
        for (variant, label) in [
            ("first_visit", "first visit"),
            ("after_form_start", "after form start"),
        ] {
            let v = &r[variant];
            if v["later_bytes"].as_u64().unwrap_or(0) > 0 {
                println!(
                    "    {label}, after interactive: {} B ({})",
                    v["later_bytes"],
                    names(&v["later_files"])
                );
            }
            if v["files_same_every_run"] == false {
                println!("    {label}: the runs did not fetch the same files (first run shown)");
            }
            if let Some(nb) = v["not_brotli"].as_array().filter(|x| !x.is_empty()) {
                println!(
                    "    {label}: not brotli: {}",
                    nb.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if let Some(m) = v["warm_missing"].as_array().filter(|x| !x.is_empty()) {
                println!(
                    "    {label}: the start page had not kept {} files when the route opened",
                    m.len()
                );
            }
        }
        if let Some(path) = r["path"].as_str() {
            let key = page_key(path);
            let page = &p["pages"][key];
            if page.is_null() {
                println!("    its pieces: none (the main module)");
            } else {
                println!(
                    "    its pieces ({}): {} files, {} B, + the app start {} B",
                    page["splits"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                    page["files"].as_array().map_or(0, Vec::len),
                    page["brotli"],
                    p["app_start_brotli"]
                );
            }
        }
    }
    println!("\n  Files (raw / brotli, from dist):");
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    for f in p["app"].as_array().into_iter().flatten() {
        println!(
            "    {:<22} {:>8} B {:>8} B  every start of the app",
            short_name(f["file"].as_str().unwrap_or("?")),
            n(&f["raw"]),
            n(&f["brotli"])
        );
    }
    for f in p["files"].as_array().into_iter().flatten() {
        let splits: Vec<&str> = f["splits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        println!(
            "    {:<22} {:>8} B {:>8} B  {}{}",
            short_name(f["file"].as_str().unwrap_or("?")),
            n(&f["raw"]),
            n(&f["brotli"]),
            splits.join(", "),
            if f["staff_only"] == true {
                "  (staff only)"
            } else {
                ""
            }
        );
    }
    println!(
        "    all: {} B brotli; public {} B ({} files); staff only {} B ({} files)",
        p["all_brotli"],
        p["public_brotli"],
        p["public_files"],
        p["staff_only_brotli"],
        p["staff_only"].as_array().map_or(0, Vec::len)
    );
    println!("\n  Targets:");
    for t in result["targets"].as_array().into_iter().flatten() {
        let measured = t["measured"]
            .as_u64()
            .map_or("not measured".to_string(), |m| format!("{m} B"));
        let measured = match t["page_bytes"].as_u64() {
            Some(own) => {
                format!("{measured} (the page's own {own} B, the rest the service worker keeping)")
            }
            None => measured,
        };
        println!(
            "    {:<4}  {}: {measured}",
            t["verdict"].as_str().unwrap_or("?"),
            t["target"].as_str().unwrap_or("?")
        );
        for f in t["staff_files_requested_by_public_routes"]
            .as_array()
            .into_iter()
            .flatten()
        {
            println!("          requested: {}", f.as_str().unwrap_or("?"));
        }
        if let Some(n) = t["staff_only_files_requested_by_staff_route"].as_u64() {
            println!("          (the staff route itself requested {n} staff-only files: the check sees them)");
        }
    }
}

const BASELINE_NOTE: &str = "<!-- Baseline for `cargo xtask bench`, written by it: the built home page\n     (dist/index.html) as plain static HTML. Same content, same inlined style\n     sheet; no script, no web app manifest, no app. Do not edit by hand. -->\n";

/// The home page as a plain HTML page: every `<script>` element, the
/// manifest link, the app's mount point and the start-up marks removed.
fn plain_baseline(home: &str) -> Result<String> {
    let mut out = home.to_string();
    let mut cut = |from: &str, to: &str, what: &str| -> Result<usize> {
        let mut n = 0;
        while let Some(i) = out.find(from) {
            let body = i + from.len();
            let j = out[body..]
                .find(to)
                .map(|j| body + j + to.len())
                .ok_or(format!("dist/index.html: {what} is not closed"))?;
            out.replace_range(i..j, "");
            n += 1;
        }
        Ok(n)
    };
    if cut("<script", "</script>", "a <script>")? == 0 {
        return Err("dist/index.html: no <script> (not a built home page?)".into());
    }
    cut("<link rel=\"manifest\"", ">", "the manifest link")?;
    cut("<div id=\"app\"", "</div>", "the app's mount point")?;
    cut(" data-light=\"", "\"", "data-light")?;
    cut(" data-warm=\"", "\"", "data-warm")?;
    if !out.contains("<div id=\"prerender\">") || !out.contains("</main>") {
        return Err("dist/index.html: no pre-rendered home page".into());
    }
    let start = out
        .find("<html")
        .ok_or("dist/index.html: no <html> element")?;
    out.insert_str(start, BASELINE_NOTE);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{
        brotli_sum, check_targets, crate_of, page_files, page_key, parse_page_pieces, parse_pieces,
        piece_order, plain_baseline, public_files, short_name, staff_only_files,
    };
    use serde_json::json;

    const SW: &str = "\"use strict\";\nself.__APP = [\"/portal-ab.js\",\"/portal-ab_bg.wasm\",\"/portal-ab_split.js\"];\n\
        self.__PIECES = {\"advisories\":[\"/portal-ab-chunk_2.wasm\",\"/portal-ab-split_advisories.wasm\"],\
        \"register\":[\"/portal-ab-chunk_2.wasm\",\"/portal-ab-chunk_10.wasm\",\"/portal-ab-split_register.wasm\"],\
        \"staff\":[\"/portal-ab-chunk_10.wasm\",\"/portal-ab-chunk_3.wasm\",\"/portal-ab-split_staff.wasm\"]};\n\
        self.__PAGE_PIECES = {\"/staff\":[\"staff\"],\"register\":[\"register\",\"advisories\"]};\nself.__VERSION = \"1\";\n";

    fn app() -> Vec<String> {
        ["/portal-ab.js", "/portal-ab_bg.wasm", "/portal-ab_split.js"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn the_pieces_line_of_sw_js_is_read() {
        let pieces = parse_pieces(SW).expect("pieces");
        assert_eq!(pieces.len(), 3);
        assert_eq!(
            pieces["staff"],
            [
                "/portal-ab-chunk_10.wasm",
                "/portal-ab-chunk_3.wasm",
                "/portal-ab-split_staff.wasm"
            ]
        );
        let pages = parse_page_pieces(SW).expect("page pieces");
        assert_eq!(pages["register"], ["register", "advisories"]);
        // The marker is the build's own constant, at a line's start.
        assert!(SW.contains(crate::postbuild::PIECES_LINE));
        assert!(parse_pieces("self.__APP = [];\n").is_err());
        assert!(parse_pieces("self.__PIECES = {};\n").is_err());
        assert!(parse_pieces("self.__PIECES = {\"a\":[1]};\n").is_err());
        assert!(parse_pieces("self.__PIECES = {\"a\":[\"/x\"]\n").is_err());
        assert!(parse_pieces("// self.__PIECES = {\"a\":[\"/x\"]};\n").is_err());
    }

    #[test]
    fn a_chunk_staff_shares_with_a_public_split_is_public() {
        let pieces = parse_pieces(SW).unwrap();
        let staff_only: Vec<String> = staff_only_files(&pieces).into_iter().collect();
        assert_eq!(
            staff_only,
            ["/portal-ab-chunk_3.wasm", "/portal-ab-split_staff.wasm"]
        );
        let public = public_files(&app(), &pieces);
        assert_eq!(public.len(), 3 + 4);
        assert!(public.contains("/portal-ab-chunk_10.wasm"));
        assert!(public.contains("/portal-ab_bg.wasm"));
        assert!(!public.contains("/portal-ab-split_staff.wasm"));
        assert!(!public.contains("/portal-ab-chunk_3.wasm"));
    }

    #[test]
    fn sums_count_each_file_once_and_only_known_files() {
        let sizes: std::collections::BTreeMap<String, (u64, u64)> =
            [("/a".to_string(), (100, 10)), ("/b".to_string(), (200, 20))]
                .into_iter()
                .collect();
        let set: std::collections::BTreeSet<String> =
            ["/a", "/b", "/c"].map(String::from).into_iter().collect();
        assert_eq!(brotli_sum(&set, &sizes), 30);
        assert_eq!(brotli_sum(&["/b".to_string()], &sizes), 20);
    }

    #[test]
    fn a_route_is_known_by_its_section_or_the_staff_path() {
        assert_eq!(page_key("/id/register/name"), "register");
        assert_eq!(page_key("/id/guidance/lost-passport"), "guidance");
        assert_eq!(page_key("/staff"), "/staff");
        assert_eq!(page_key("/id"), "");
        let pieces = parse_pieces(SW).unwrap();
        let pages = parse_page_pieces(SW).unwrap();
        let (splits, files) = page_files("register", &pieces, &pages);
        assert_eq!(splits, ["register", "advisories"]);
        // chunk_2 is in both splits: listed once.
        assert_eq!(
            files,
            [
                "/portal-ab-chunk_2.wasm",
                "/portal-ab-chunk_10.wasm",
                "/portal-ab-split_register.wasm",
                "/portal-ab-split_advisories.wasm"
            ]
        );
        assert!(page_files("", &pieces, &pages).1.is_empty());
    }

    #[test]
    fn files_get_short_names_and_chunks_sort_by_number() {
        assert_eq!(short_name("/portal-0a1b.js"), "main.js");
        assert_eq!(short_name("/portal-0a1b_bg.wasm"), "main_bg.wasm");
        assert_eq!(short_name("/portal-0a1b_split.js"), "link.js");
        assert_eq!(short_name("/portal-0a1b-split_staff.wasm"), "split_staff");
        assert_eq!(short_name("/portal-0a1b-chunk_12.wasm"), "chunk_12");
        assert_eq!(super::wrap("aa bb cc dd", 5, 2), "aa bb\n  cc\n  dd");
        assert_eq!(super::wrap("one", 1, 4), "one");
        let mut v = [
            "/p-ab-chunk_10.wasm",
            "/p-ab-split_staff.wasm",
            "/p-ab-chunk_9.wasm",
        ];
        v.sort_by_key(|f| piece_order(f));
        assert_eq!(
            v,
            [
                "/p-ab-split_staff.wasm",
                "/p-ab-chunk_9.wasm",
                "/p-ab-chunk_10.wasm"
            ]
        );
    }

    fn pieces_json() -> serde_json::Value {
        json!({
            "public_brotli": 250_000, "public_files": 7,
            "staff_only": ["/portal-ab-split_staff.wasm"],
            "files": [{ "file": "/portal-ab-split_staff.wasm", "brotli": 4_000 }],
        })
    }

    fn visit(bytes: u64, requested: &[&str]) -> serde_json::Value {
        json!({ "bytes": bytes, "page_bytes": bytes.min(140_000), "requested": requested })
    }

    #[test]
    fn targets_pass_or_miss_on_the_measured_figures() {
        let routes = json!({ "routes": {
            "first_question": { "path": "/id/register/name", "first_visit": visit(150_001, &["/portal-ab-split_register.wasm"]), "after_form_start": visit(0, &[]) },
            "advisories": { "path": "/id/advisories", "first_visit": visit(150_000, &["/portal-ab-split_advisories.wasm"]), "after_form_start": visit(0, &[]) },
            "case_lookup": { "path": "/id/case", "first_visit": visit(90_000, &["/portal-ab-split_case.wasm"]), "after_form_start": visit(0, &[]) },
            "staff": { "path": "/staff", "first_visit": visit(9, &["/portal-ab-split_staff.wasm"]), "after_form_start": visit(0, &[]) },
        }});
        let t = check_targets(&pieces_json(), &routes);
        let verdicts: Vec<&str> = t.iter().map(|t| t["verdict"].as_str().unwrap()).collect();
        assert_eq!(verdicts, ["MISS", "PASS", "PASS", "PASS", "PASS"]);
        assert_eq!(t[0]["measured"], 150_001);
        assert_eq!(t[0]["page_bytes"], 140_000);
        assert_eq!(t[3]["measured"], 250_000);
        assert_eq!(t[4]["measured"], 0);
        assert_eq!(t[4]["staff_only_files_requested_by_staff_route"], 1);
        // Over 300 KB of public code misses.
        let mut big = pieces_json();
        big["public_brotli"] = json!(300_001);
        assert_eq!(check_targets(&big, &routes)[3]["verdict"], "MISS");
    }

    #[test]
    fn a_public_route_asking_for_staff_code_misses() {
        let routes = json!({ "routes": {
            "home": { "path": "/id", "first_visit": visit(0, &[]),
                      "after_form_start": visit(0, &["/portal-ab_bg.wasm", "/portal-ab-split_staff.wasm"]) },
        }});
        let t = check_targets(&pieces_json(), &routes);
        assert_eq!(t[4]["verdict"], "MISS");
        assert_eq!(t[4]["measured"], 4_000);
        assert_eq!(
            t[4]["staff_files_requested_by_public_routes"],
            json!(["/portal-ab-split_staff.wasm (home, after_form_start)"])
        );
    }

    #[test]
    fn a_first_visit_that_loaded_no_piece_is_not_a_pass() {
        let routes = json!({ "routes": {
            "first_question": { "path": "/id/register/name", "first_visit": visit(9, &["/portal-ab_bg.wasm"]), "after_form_start": visit(0, &[]) },
        }});
        let t = check_targets(&pieces_json(), &routes);
        assert_eq!(t[0]["verdict"], "n/a");
        // Nor is "no staff code" when the staff page was not seen to fetch any.
        assert_eq!(t[4]["verdict"], "n/a");
    }

    #[test]
    fn nothing_measured_is_never_a_pass() {
        let t = check_targets(&pieces_json(), &serde_json::Value::Null);
        let verdicts: Vec<&str> = t.iter().map(|t| t["verdict"].as_str().unwrap()).collect();
        assert_eq!(verdicts, ["n/a", "n/a", "n/a", "PASS", "n/a"]);
        assert!(t[0]["measured"].is_null());
        assert!(t[4]["measured"].is_null());
    }

    #[test]
    fn the_baseline_is_the_home_page_without_the_app() {
        let home = "<!doctype html>\n<html lang=\"id\">\n<head><style>p{}</style>\n<link rel=\"manifest\" href=\"/m\">\n</head>\n<body>\n<div id=\"prerender\" data-light=\"/ /id\"><main><p>Nomor darurat</p></main></div>\n<div id=\"app\" hidden></div>\n<script>var a = 1;</script><script data-js=\"/p.js\">b()</script></body>\n</html>\n";
        let plain = plain_baseline(home).expect("a home page");
        assert!(plain.starts_with("<!doctype html>\n<!-- Baseline"));
        for gone in ["<script", "manifest\"", "id=\"app\"", "data-light"] {
            assert!(!plain.contains(gone), "{gone} is still in {plain}");
        }
        for kept in [
            "<style>p{}</style>",
            "<div id=\"prerender\"><main><p>Nomor darurat</p></main></div>",
        ] {
            assert!(plain.contains(kept), "{kept} is missing from {plain}");
        }
        assert!(plain_baseline("<html><body><main></main></body></html>").is_err());
        assert!(plain_baseline("<html><script>x").is_err());
    }

    #[test]
    fn functions_are_counted_to_their_crate() {
        assert_eq!(crate_of("portal::register::model::save::h1"), "portal");
        assert_eq!(
            crate_of("<T as tachys::view::any_view::IntoAny>::into_any::h2"),
            "tachys"
        );
        assert_eq!(
            crate_of("portal::_::<impl serde_core::de::Deserialize for portal::A>::deserialize"),
            "portal"
        );
        assert_eq!(
            crate_of("<&str as core[c5930c85a12de822]::fmt::Debug>::fmt"),
            "other"
        );
        assert_eq!(crate_of("<dlmalloc[e1]::Dlmalloc<T>>::malloc"), "dlmalloc");
        assert_eq!(crate_of("core[c5930c85a12de822]::fmt::write"), "core");
        assert_eq!(crate_of("data segment \".rodata\""), "data");
        assert_eq!(crate_of("elem[0]"), "other");
    }
}
