// Browser half of `cargo xtask bench`: Lighthouse (mobile, slow 4G) for the
// portal's pages and the plain baseline page, with both throttling methods,
// the repeat-visit time to an interactive form at 4x CPU slowdown, and per
// route the app code (wasm + JS) it downloads before it is interactive and
// its time to interactive at 4x CPU slowdown (the app in pieces, issue #17).
// Prints progress; writes JSON to $OUT. Every figure is measured here.
//
// ONLY=routes (or lighthouse, repeat; comma-separated) runs only those
// parts, for trying; the default runs everything. ROUTE_RUNS (default RUNS)
// sets how many times each route is measured.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { chromium } from "@playwright/test";
import { writeFileSync } from "node:fs";

const BASE = process.env.BASE_URL;
const OUT = process.env.OUT;
const RUNS = Number(process.env.RUNS || 3);
const FLAGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const PAGES = {
  home: "/id",
  article: "/id/guidance/lost-passport",
  form: "/id/register",
  // Where the app starts on a first visit: reported beside the targets.
  question: "/id/register/name",
  baseline: "/bench/baseline.html",
};
const METRICS = {
  fcp: "first-contentful-paint",
  lcp: "largest-contentful-paint",
  tbt: "total-blocking-time",
  cls: "cumulative-layout-shift",
  tti: "interactive",
  bytes: "total-byte-weight",
};

const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

async function lighthouseOnce(url, method) {
  const chrome = await chromeLauncher.launch({ chromePath: "/usr/bin/chromium", chromeFlags: FLAGS });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
      formFactor: "mobile",
      throttlingMethod: method,
    });
    const lhr = result.lhr;
    const out = {};
    for (const [k, id] of Object.entries(METRICS)) out[k] = lhr.audits[id]?.numericValue ?? null;
    out.performance = Math.round((lhr.categories.performance.score ?? 0) * 100);
    out.accessibility = Math.round((lhr.categories.accessibility.score ?? 0) * 100);
    out.best_practices = Math.round((lhr.categories["best-practices"].score ?? 0) * 100);
    const failing = [];
    for (const cat of ["accessibility", "best-practices"]) {
      for (const ref of lhr.categories[cat].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) failing.push(ref.id);
      }
    }
    out.failing = failing;
    return out;
  } finally {
    await chrome.kill();
  }
}

async function lighthouseAll() {
  const results = {};
  for (const method of ["simulate", "devtools"]) {
    results[method] = {};
    for (const [name, path] of Object.entries(PAGES)) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        process.stdout.write(`    lighthouse ${method} ${name} run ${i + 1}/${RUNS}\n`);
        runs.push(await lighthouseOnce(BASE + path, method));
      }
      const agg = {};
      for (const k of [...Object.keys(METRICS), "performance", "accessibility", "best_practices"]) {
        agg[k] = median(runs.map((r) => r[k]));
      }
      agg.failing = [...new Set(runs.flatMap((r) => r.failing))];
      results[method][name] = agg;
    }
  }
  return results;
}

async function repeatVisitForm() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS.filter((f) => f !== "--headless=new") });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const page = await context.newPage();
  // First visit: the form's first question starts the app; the service worker
  // keeps it. From then on the start page starts the app too.
  await page.goto(BASE + "/id/register/name");
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller && !document.getElementById("prerender"));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const times = [];
  let networkShell = 0;
  page.on("requestfinished", async (req) => {
    const res = await req.response();
    if (res && !res.fromServiceWorker() && /\.(wasm|js)$|\/id\/register$/.test(req.url())) networkShell += 1;
  });
  for (let i = 0; i < 5; i++) {
    await page.goto(BASE + "/id/register");
    await page.waitForFunction(() => !document.getElementById("prerender") && document.querySelector("main h1"));
    // Interactive: the app has rendered the form's start page and handles input.
    times.push(await page.evaluate(() => performance.now()));
  }
  await browser.close();
  return { form_interactive_ms_median: median(times), runs_ms: times, shell_requests_from_network: networkShell };
}

// ---- The app in pieces: what each route downloads before it is interactive.

// Each route and whether it is a light page (pre-rendered; on a first visit
// no app code loads, and it is interactive at `load`). On app routes the app
// has taken over when `#prerender` is gone and `#app` is visible.
const ROUTES = {
  home: { path: "/id", light: true },
  article: { path: "/id/guidance/lost-passport", light: true },
  form_start: { path: "/id/register", light: true },
  first_question: { path: "/id/register/name", light: false },
  advisories: { path: "/id/advisories", light: false },
  case_lookup: { path: "/id/case", light: false },
  guidance_search: { path: "/id/guidance", light: false },
  staff: { path: "/staff", light: false },
};
const FORM_START = "/id/register";
const ROUTE_RUNS = Number(process.env.ROUTE_RUNS || RUNS);
const CPU_SLOWDOWN = 4;
// After interactive, the visit goes on until no wasm/JS request has been
// open for QUIET_MS (at most SETTLE_MAX_MS), to see what a page fetches later.
const QUIET_MS = 1500;
const SETTLE_MAX_MS = 20000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pathOf = (url) => { try { return new URL(url).pathname; } catch { return url; } };
// App code: the wasm and JS the portal serves (the worker's own script is
// not app code: every page registers it after load, and it is tiny).
const isCode = (path) => /\.(js|wasm)$/.test(path) && path !== "/sw.js";

// The build's lists, as the served sw.js has them.
async function servedLists() {
  const sw = await (await fetch(BASE + "/sw.js")).text();
  const line = (marker) => {
    const l = sw.split("\n").find((x) => x.startsWith(marker));
    if (!l) throw new Error(`sw.js has no line ${marker}`);
    return JSON.parse(l.slice(marker.length).replace(/;\s*$/, ""));
  };
  return { app: line("self.__APP = "), pieces: line("self.__PIECES = "), pagePieces: line("self.__PAGE_PIECES = ") };
}

// Runs in every page before its own scripts: notes when the app has taken
// over (`#prerender` gone, `#app` visible), in ms since navigation start.
function watchTakeover() {
  const taken = () => {
    if (window.__takeoverAt !== undefined) return true;
    if (document.getElementById("prerender")) return false;
    const app = document.getElementById("app");
    if (!app || app.hidden) return false;
    const r = app.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(app).visibility === "hidden") return false;
    window.__takeoverAt = performance.now();
    return true;
  };
  window.__takenOver = taken;
  new MutationObserver((_, observer) => { if (taken()) observer.disconnect(); })
    .observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["hidden", "style", "class"] });
}

// Every wasm/JS request of a context (its pages' and its service worker's),
// with where the answer came from and its size as transferred.
function trackCode(context) {
  const seen = [];
  let recording = false;
  let lastActivity = Date.now();
  context.on("request", (req) => {
    const path = pathOf(req.url());
    if (!recording || !isCode(path)) return;
    lastActivity = Date.now();
    seen.push({ req, path, by: req.serviceWorker() ? "service-worker" : "page", at: Date.now(), done: false, failed: false });
  });
  const finish = (failed) => (req) => {
    const e = seen.find((x) => x.req === req);
    if (!e) return;
    e.done = true;
    e.failed = failed;
    lastActivity = Date.now();
  };
  context.on("requestfinished", finish(false));
  context.on("requestfailed", finish(true));
  return {
    start() { seen.length = 0; recording = true; lastActivity = Date.now(); },
    // Waits until no code request has been open for QUIET_MS.
    async settle() {
      const until = Date.now() + SETTLE_MAX_MS;
      while (Date.now() < until) {
        if (seen.every((e) => e.done) && Date.now() - lastActivity >= QUIET_MS) break;
        await sleep(100);
      }
      recording = false;
    },
    async entries() {
      const out = [];
      for (const e of seen) {
        const item = { path: e.path, by: e.by, started_ms: e.at, failed: e.failed, done: e.done };
        if (e.done && !e.failed) {
          const res = await e.req.response();
          const sizes = await e.req.sizes().catch(() => null);
          const t = e.req.timing();
          if (t && t.startTime > 0) item.started_ms = t.startTime;
          item.status = res ? res.status() : null;
          item.from_service_worker = res ? res.fromServiceWorker() : false;
          item.encoding = res ? (await res.headerValue("content-encoding")) || "identity" : null;
          // Chromium's encodedDataLength: 0 when the browser's HTTP cache
          // answered (the worker keeping a file the page just loaded).
          const transfer = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : null;
          item.from_browser_cache = transfer !== null && transfer <= 0;
          item.body_bytes = !sizes || item.from_browser_cache ? 0 : sizes.responseBodySize;
          item.header_bytes = !sizes || item.from_browser_cache ? 0 : sizes.responseHeadersSize;
        }
        out.push(item);
      }
      // A file the worker fetched that no page request of this visit was
      // answered with is the worker keeping it for offline use (boot.js's
      // `keep` message), not something the page asked for.
      for (const item of out) {
        if (item.by !== "service-worker") continue;
        item.kept_by_worker = !out.some((p) => p.by === "page" && p.from_service_worker && p.path === item.path);
      }
      return out;
    },
  };
}

async function newContext(browser) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 }, isMobile: true, serviceWorkers: "allow",
  });
  await context.addInitScript(watchTakeover);
  return context;
}

// Opens the form's start page and waits until the worker has kept the app
// and the form's pieces (what the start page warms). Returns what it waited for.
async function warmFormStart(context, lists) {
  const page = await context.newPage();
  await page.goto(BASE + FORM_START, { waitUntil: "load" });
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  const key = FORM_START.split("/")[2];
  const want = [...lists.app];
  for (const split of lists.pagePieces[key] || []) {
    for (const f of lists.pieces[split] || []) if (!want.includes(f)) want.push(f);
  }
  const until = Date.now() + 60000;
  let missing = want;
  while (Date.now() < until) {
    missing = await page.evaluate(async (files) => {
      const have = new Set();
      for (const k of await caches.keys()) {
        for (const r of await (await caches.open(k)).keys()) have.add(new URL(r.url).pathname);
      }
      return files.filter((f) => !have.has(f));
    }, want);
    if (!missing.length) break;
    await sleep(250);
  }
  await page.close();
  return { waited_for: want.length, missing };
}

// One visit to a route in `context` at 4x CPU slowdown: the time to
// interactive and every code request, split at the moment it was interactive.
async function visitRoute(context, tracker, route) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  tracker.start();
  await page.goto(BASE + route.path, { waitUntil: "load", timeout: 120000 });
  const loadAt = await (await page.waitForFunction(
    () => performance.getEntriesByType("navigation")[0]?.loadEventEnd || 0, null, { timeout: 60000 },
  )).jsonValue();
  if (!route.light) {
    await page.waitForFunction(() => window.__takenOver && window.__takenOver(), null, { timeout: 120000, polling: 100 });
  }
  const origin = await page.evaluate(() => performance.timeOrigin);
  await tracker.settle();
  // Measured, not assumed: whether the app took over on this visit.
  const state = await page.evaluate(() => ({
    taken: window.__takenOver(), at: window.__takeoverAt ?? null, controlled: !!navigator.serviceWorker.controller,
  }));
  const tti = state.taken ? state.at : loadAt;
  const entries = await tracker.entries();
  await page.close();
  const interactiveAt = origin + tti;
  const network = (e) => e.done && !e.failed && !e.from_service_worker && !e.from_browser_cache;
  const before = entries.filter((e) => network(e) && e.started_ms <= interactiveAt);
  const later = entries.filter((e) => network(e) && e.started_ms > interactiveAt);
  const sum = (xs) => xs.reduce((a, e) => a + (e.body_bytes || 0), 0);
  const file = (e) => ({
    path: e.path, bytes: e.body_bytes, header_bytes: e.header_bytes, encoding: e.encoding, by: e.by,
    kept_by_worker: !!e.kept_by_worker,
  });
  return {
    tti_ms: tti,
    app_started: state.taken,
    controlled_by_service_worker: state.controlled,
    bytes: sum(before),
    // Of those, what the page asked for, and what the worker fetched to
    // keep, unasked (it races with the page: it varies from run to run).
    page_bytes: sum(before.filter((e) => !e.kept_by_worker)),
    worker_keep_bytes: sum(before.filter((e) => e.kept_by_worker)),
    transfer_bytes: before.reduce((a, e) => a + (e.body_bytes || 0) + (e.header_bytes || 0), 0),
    files: before.map(file),
    later_bytes: sum(later),
    later_files: later.map(file),
    from_service_worker: entries.filter((e) => e.from_service_worker).map((e) => e.path),
    from_browser_cache: entries.filter((e) => e.from_browser_cache).map((e) => e.path),
    // Every code file asked for during the visit, from anywhere.
    requested: [...new Set(entries.map((e) => e.path))].sort(),
    failed: entries.filter((e) => e.failed).map((e) => e.path),
    not_brotli: before.concat(later).filter((e) => e.encoding !== "br").map((e) => `${e.path} (${e.encoding})`),
  };
}

// The runs of one route and variant, summarised: medians, and the files
// of the first run (with a note when the runs did not fetch the same).
function summarise(runs, warm) {
  const key = (r) => r.files.filter((f) => !f.kept_by_worker).map((f) => f.path).sort().join(" ");
  const out = {
    bytes: median(runs.map((r) => r.bytes)),
    page_bytes: median(runs.map((r) => r.page_bytes)),
    worker_keep_bytes: median(runs.map((r) => r.worker_keep_bytes)),
    transfer_bytes: median(runs.map((r) => r.transfer_bytes)),
    tti_ms: median(runs.map((r) => r.tti_ms)),
    tti_runs_ms: runs.map((r) => Math.round(r.tti_ms)),
    bytes_runs: runs.map((r) => r.bytes),
    app_started: runs.every((r) => r.app_started),
    controlled_by_service_worker: runs.every((r) => r.controlled_by_service_worker),
    files: runs[0].files,
    // Whether every run's page asked for the same files.
    files_same_every_run: runs.every((r) => key(r) === key(runs[0])),
    later_bytes: median(runs.map((r) => r.later_bytes)),
    later_files: runs[0].later_files,
    from_service_worker: runs[0].from_service_worker,
    from_browser_cache: runs[0].from_browser_cache,
    requested: [...new Set(runs.flatMap((r) => r.requested))].sort(),
    failed: [...new Set(runs.flatMap((r) => r.failed))],
    not_brotli: [...new Set(runs.flatMap((r) => r.not_brotli))],
  };
  if (warm) out.warm_missing = [...new Set(warm.flatMap((w) => w.missing))];
  return out;
}

async function routesAll() {
  const lists = await servedLists();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS.filter((f) => f !== "--headless=new") });
  const routes = {};
  const started = Date.now();
  try {
    for (const [name, route] of Object.entries(ROUTES)) {
      routes[name] = { path: route.path, light: route.light };
      for (const variant of ["first_visit", "after_form_start"]) {
        const runs = [];
        const warms = [];
        for (let i = 0; i < ROUTE_RUNS; i++) {
          process.stdout.write(`    route ${name} (${route.path}) ${variant.replace(/_/g, " ")} run ${i + 1}/${ROUTE_RUNS}\n`);
          const context = await newContext(browser);
          try {
            const tracker = trackCode(context);
            if (variant === "after_form_start") warms.push(await warmFormStart(context, lists));
            runs.push(await visitRoute(context, tracker, route));
          } finally {
            await context.close();
          }
        }
        routes[name][variant] = summarise(runs, variant === "after_form_start" ? warms : null);
      }
    }
  } finally {
    await browser.close();
  }
  return {
    cpu_slowdown: CPU_SLOWDOWN,
    runs: ROUTE_RUNS,
    seconds: Math.round((Date.now() - started) / 1000),
    note: "first_visit: a fresh context with service workers allowed, as on a phone's first visit (the worker " +
      "registers after load and may take over the page's later fetches); after_form_start: a fresh context that " +
      `opened ${FORM_START} first and waited until the worker kept the app and the form's pieces. ` +
      "bytes: wasm + JS bodies as transferred (brotli) from the network before the route was interactive " +
      "(light routes: `load`; app routes: #prerender gone and #app visible); a file the service worker answered " +
      "from its cache, or the browser from its HTTP cache, is not counted; one the worker fetched from the network is. " +
      "page_bytes: the part the page asked for; worker_keep_bytes: the part the worker fetched to keep for offline use, " +
      "which no request of the page asked for (each a median of its own). later_*: fetched after interactive, " +
      `until no code request for ${QUIET_MS} ms. tti_ms: navigation start to interactive, ${CPU_SLOWDOWN}x CPU slowdown, no network throttling.`,
    app_files: lists.app,
    routes,
  };
}

const PARTS = (process.env.ONLY || "lighthouse,repeat,routes").split(",").map((p) => p.trim());
for (const p of PARTS) {
  if (!["lighthouse", "repeat", "routes"].includes(p)) throw new Error(`ONLY: unknown part ${p} (known: lighthouse, repeat, routes)`);
}
const result = {};
if (PARTS.includes("lighthouse")) result.lighthouse = await lighthouseAll();
if (PARTS.includes("repeat")) {
  process.stdout.write("    repeat visit: form interactive at 4x CPU slowdown\n");
  result.repeat = await repeatVisitForm();
}
if (PARTS.includes("routes")) result.routes = await routesAll();
writeFileSync(OUT, JSON.stringify(result, null, 2));
