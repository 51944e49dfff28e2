// Browser half of `cargo xtask bench`: Lighthouse (mobile, slow 4G) for the
// portal's pages and the plain baseline page, with both throttling methods,
// and the repeat-visit time to an interactive form at 4x CPU slowdown.
// Prints progress; writes JSON to $OUT. Every figure is measured here.
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

const lh = await lighthouseAll();
process.stdout.write("    repeat visit: form interactive at 4x CPU slowdown\n");
const repeat = await repeatVisitForm();
writeFileSync(OUT, JSON.stringify({ lighthouse: lh, repeat }, null, 2));
