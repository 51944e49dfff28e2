// Shared fixtures: every test fails on a console error or on any request that
// leaves the portal's origin (no third-party requests, ever).
const base = require("@playwright/test");
const { default: AxeBuilder } = require("@axe-core/playwright");

const test = base.test.extend({
  // Tests that expect a console error (e.g. injected faults) list patterns here.
  allowedConsole: [[], { option: true }],
  // A returning person: the app has been used on this phone, so `boot.js`
  // starts it on the pre-rendered pages too (home, articles).
  appUsed: [false, { option: true }],
  // The tests' own API calls open a connection each. A pooled one can be the
  // connection the backend is just closing as idle (5 s), and on a busy
  // machine it was reused at that moment (ECONNRESET, about once a run).
  request: async ({ playwright, baseURL }, use) => {
    const context = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Connection: "close" },
    });
    await use(context);
    await context.dispose();
  },
  page: async ({ page, baseURL, allowedConsole, appUsed }, use, testInfo) => {
    const origin = new URL(baseURL).origin;
    const problems = [];
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const text = msg.text();
      if (allowedConsole.some((re) => re.test(text))) return;
      problems.push(`console error: ${text}`);
    });
    page.on("pageerror", (err) => {
      if (allowedConsole.some((re) => re.test(err.message))) return;
      problems.push(`page error: ${err.message}`);
    });
    page.on("request", (req) => {
      const url = req.url();
      if (url.startsWith("data:") || url.startsWith("blob:")) return;
      if (new URL(url).origin !== origin && !page.__allowExternal?.(url)) {
        problems.push(`request left the origin: ${url}`);
      }
    });
    if (appUsed) await markAppUsed(page);
    await use(page);
    if (testInfo.status === testInfo.expectedStatus) {
      base.expect(problems, "console errors / third-party requests").toEqual([]);
    }
  },
});

/** Opens a blank page of the portal's origin: not served, so nothing of the
 *  portal is loaded with it (no app, no worker registration). */
async function openBlankPage(page) {
  const blank = "**/__blank";
  await page.route(blank, (route) =>
    route.fulfill({ contentType: "text/html", body: '<!doctype html><title>-</title><link rel="icon" href="/icon.svg">' }),
  );
  await page.goto("/__blank");
  await page.unroute(blank);
}

/** As after an earlier use of the app on this phone: `boot.js` then starts
 *  the app on pre-rendered pages (home, articles) too. */
async function markAppUsed(page) {
  await openBlankPage(page);
  await page.evaluate(() => localStorage.setItem("portal.app", "1"));
}

/** The app's own files (its JS and wasm), by URL. */
const APP_FILE = /\/portal-[0-9a-f]+(_bg\.wasm|\.js)$/;

/** How many of the app's files the service worker's caches hold. */
async function cachedAppFiles(page) {
  return page.evaluate(async (source) => {
    const re = new RegExp(source);
    const names = new Set();
    for (const k of await caches.keys()) {
      for (const r of await (await caches.open(k)).keys()) {
        const path = new URL(r.url).pathname;
        if (re.test(path)) names.add(path);
      }
    }
    return names.size;
  }, APP_FILE.source);
}

/** The app's pieces, as the build lists them for the service worker
 *  (`self.__PIECES` in the built sw.js): split point -> its files. */
async function appPieces(request) {
  const marker = "self.__PIECES = ";
  const sw = await (await request.get("/sw.js")).text();
  const line = sw.split("\n").find((l) => l.startsWith(marker));
  if (!line) throw new Error("sw.js lists no pieces");
  return JSON.parse(line.slice(marker.length).replace(/;\s*$/, ""));
}

/** The files only the staff page needs: no public page may fetch one. */
function staffOnlyFiles(pieces) {
  const publicFiles = new Set(Object.entries(pieces).filter(([s]) => s !== "staff").flatMap(([, f]) => f));
  return pieces.staff.filter((f) => !publicFiles.has(f));
}

/** How many of some files the service worker's caches hold. */
async function cachedCount(page, files) {
  return page.evaluate(async (wanted) => {
    const have = new Set();
    for (const k of await caches.keys()) {
      for (const r of await (await caches.open(k)).keys()) have.add(new URL(r.url).pathname);
    }
    return wanted.filter((f) => have.has(f)).length;
  }, files);
}

/** First visit with the service worker allowed: wait until it controls the
 *  page (`boot.js` registers it on every page once loaded). */
async function installed(page, path) {
  await page.goto(path);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
  }
  base.expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** Runs `during` with no other test holding the lock `name` in any worker
 *  (a directory, created atomically, beside the run's database). A lock
 *  left by a crashed run is stale after two minutes. */
async function exclusively(name, during) {
  const fs = require("node:fs");
  const path = require("node:path");
  const lock = path.join(process.env.PORTAL_DATA_DIR || require("node:os").tmpdir(), `e2e-lock-${name}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch (_) {}
      if (Date.now() > deadline) throw new Error(`lock ${name} not released`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await during();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `change` (which edits the built files, PORTAL_DIST, and returns a
 *  restore function) and then `during`, with no other such edit at the same
 *  time in any worker; restores afterwards. A test that uses it is tagged
 *  `@deployment`: it then runs after every other test (playwright.config.js). */
function editingDist(change, during) {
  return exclusively("dist", async () => {
    const restore = change();
    try {
      return await during();
    } finally {
      restore();
    }
  });
}

/** Writes a served file of the build and its precompressed copies (a
 *  deployment, in tests that edit PORTAL_DIST). The server's Last-Modified
 *  is to the second, and the browser asks with If-Modified-Since: a file
 *  rewritten within the second of its last write would be answered "not
 *  modified", so this waits for the next second first. */
function writeServedFile(file, data) {
  const fs = require("node:fs");
  const zlib = require("node:zlib");
  const since = fs.existsSync(file) ? Math.floor(fs.statSync(file).mtimeMs / 1000) : 0;
  const wait = (since + 1) * 1000 - Date.now();
  if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  fs.writeFileSync(file, data);
  fs.writeFileSync(file + ".br", zlib.brotliCompressSync(data));
  fs.writeFileSync(file + ".gz", zlib.gzipSync(data));
}

/** Holds the service worker's fetch of one precached file until
 *  `release()`: an install still under way, as on a slow link. */
async function holdWorkerInstall(context) {
  let release;
  const held = new Promise((r) => { release = r; });
  let holding = false;
  await context.route("**/icon-192.png", async (route) => {
    if (route.request().serviceWorker()) {
      holding = true;
      await held;
    }
    await route.continue();
  });
  return { holding: () => holding, release: () => release() };
}

/** The app has taken over from the pre-rendered page. */
async function appReady(page) {
  await base.expect(page.locator("#prerender")).toHaveCount(0);
  await base.expect(page.locator("#app")).toBeVisible();
}

/** A registration sent through the API as the app's outbox sends it, and
 *  its reference. Every spec shares one address's limit, so a 429 is waited
 *  out (its Retry-After, at most 10 s), with the same Idempotency-Key. */
async function registerThroughApi(request, answers) {
  const key = crypto.randomUUID();
  for (;;) {
    const res = await request.post("/api/v1/registrations", {
      headers: { "Idempotency-Key": key },
      data: answers,
    });
    if (res.status() === 429) {
      const wait = Number(res.headers()["retry-after"] || "5");
      await new Promise((r) => setTimeout(r, Math.min(wait, 10) * 1000));
      continue;
    }
    base.expect(res.status()).toBe(201);
    return (await res.json()).reference;
  }
}

/** WCAG 2.2 A/AA scan of the current page; fails on any violation. */
async function expectAccessible(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`,
  );
  base.expect(summary, `axe violations on ${label || page.url()}`).toEqual([]);
}

module.exports = {
  test, expect: base.expect, appReady, markAppUsed, openBlankPage, expectAccessible, APP_FILE, cachedAppFiles,
  appPieces, staffOnlyFiles, cachedCount, installed, editingDist, writeServedFile, holdWorkerInstall,
  exclusively, registerThroughApi,
};
