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
    let mut wasm = None;
    let mut js = None;
    for entry in std::fs::read_dir(dist).map_err(|e| e.to_string())? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("portal-") && name.ends_with("_bg.wasm") {
            wasm = Some(name);
        } else if name.starts_with("portal-") && name.ends_with(".js") {
            js = Some(name);
        }
    }
    let size = |name: &str| -> Result<(usize, usize)> {
        let data = std::fs::read(dist.join(name)).map_err(|e| format!("{name}: {e}"))?;
        Ok((data.len(), brotli_len(&data)))
    };
    let wasm = wasm.ok_or("no wasm in dist/")?;
    let js = js.ok_or("no JS in dist/")?;
    let mut out = serde_json::Map::new();
    for (label, name) in [
        ("index_html", "index.html"),
        ("js", js.as_str()),
        ("wasm", wasm.as_str()),
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
    // What the first page that needs the app adds: its JS and wasm.
    let app_start = br_of("js") + br_of("wasm");
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
    // With the app: its code (brotli, as served) on a first visit.
    let app_code: u64 = std::fs::read_dir(root().join("dist"))
        .map(|dir| {
            dir.flatten()
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    n.starts_with("portal-")
                        && (n.ends_with("_bg.wasm.br") || n.ends_with(".js.br"))
                })
                .filter_map(|e| e.metadata().ok().map(|m| m.len()))
                .sum()
        })
        .unwrap_or(0);
    Ok(json!({
        "app_code_brotli_bytes": app_code,
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

/// What the wasm is made of, by crate (`twiggy top` on wasm-bindgen's output,
/// which still has function names; wasm-opt then shrinks it ~10%).
fn wasm_by_crate() -> Option<Value> {
    let wasm = root().join("target/wasm-bindgen/release/portal_bg.wasm");
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
        "file": "target/wasm-bindgen/release/portal_bg.wasm (before wasm-opt)",
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
    for k in ["index_html", "js", "wasm", "profile_json", "sw_js"] {
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
        "  + the app (JS + wasm), fetched by the first page that needs it: {} B brotli",
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
        "  the lookup without the app (/case/id, no script): {} B of HTML; with the app (/id/case): {} B brotli of wasm + JS on a first visit, plus its page",
        desk["case_page_bytes"], desk["app_code_brotli_bytes"]
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
    let search = search_latency(&dist)?;
    let data = std::env::temp_dir().join(format!("portal-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let backend = Backend::start(&bin, &data)?;
    step("Load on the reference backend (wrk)");
    let load = backend_load(&backend)?;
    step("The case lookup and the staff desk with 10,000 registrations");
    let desk = desk_load(&backend, &data)?;
    step("Lighthouse and repeat-visit timing in Chromium (takes several minutes)");
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
    let result = json!({
        "sizes": sizes,
        "search": search,
        "backend": load,
        "desk": desk,
        "browser": browser,
        "wasm_by_crate": wasm_by_crate(),
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
    if let Some(w) = result["wasm_by_crate"].as_object() {
        println!(
            "\n== What the wasm is made of (twiggy, by crate; {} B of code and data before wasm-opt) ==",
            w["total"]
        );
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
    use super::{crate_of, plain_baseline};

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
