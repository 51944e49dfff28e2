// The app in pieces (src/pieces.rs): a page fetches only the pieces it
// needs, no public page ever fetches the staff code, a piece that cannot be
// fetched says so with the contacts, every page opens offline after one use,
// and a new deployment never mixes its pieces with the old ones.
const fs = require("node:fs");
const path = require("node:path");
const {
  test, expect, appReady, expectAccessible, appPieces, staffOnlyFiles, cachedCount, installed, editingDist,
  writeServedFile,
} = require("../fixtures");

// Every public page of the app, and what shows it is its own.
const PUBLIC = [
  ["/id", { role: "region", name: "Nomor darurat" }],
  ["/en/guidance", { role: "searchbox", name: "Search the guidance" }],
  ["/id/guidance/lost-passport", { role: "heading", name: /Paspor hilang/ }],
  ["/id/register", { role: "heading", name: /Daftar/ }],
  ["/en/register/name", { role: "textbox", name: "What is your full name?" }],
  ["/en/register/check", { role: "heading", name: "Check your answers" }],
  ["/en/advisories", { role: "heading", name: "Can I come today?" }],
  ["/id/case", { role: "heading", name: /kasus/i }],
  ["/en/privacy", { role: "heading", name: "Privacy and safety" }],
];

const path_of = (url) => new URL(url).pathname;

test.describe("a person's phone", () => {
  test.use({ appUsed: true });

  test("no public page fetches a file only the staff page needs; /staff does", async ({ page }) => {
    const pieces = await appPieces(page.request);
    const staffOnly = staffOnlyFiles(pieces);
    expect(staffOnly.length).toBeGreaterThan(0);
    const fetched = [];
    page.on("request", (r) => fetched.push(path_of(r.url())));
    for (const [url, shows] of PUBLIC) {
      await page.goto(url);
      await appReady(page);
      await expect(page.getByRole(shows.role, { name: shows.name }).first(), url).toBeVisible();
    }
    // In-app navigation too: the footer and home's links.
    await page.goto("/en");
    await appReady(page);
    await page.getByRole("link", { name: "Privacy and safety" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy and safety");
    await page.getByRole("link", { name: "Home" }).first().click();
    await page.getByRole("link", { name: /Can I come today/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can I come today?");
    expect(fetched.filter((f) => staffOnly.includes(f))).toEqual([]);
    // Each page fetched its own piece, and only on that page.
    for (const split of ["register", "register_end", "advisories", "case", "guidance", "article", "privacy"]) {
      const own = pieces[split].find((f) => f.includes(`-split_${split}.wasm`));
      expect(fetched, split).toContain(own);
    }
    // The check above can fail: the staff page fetches its piece.
    await page.goto("/staff");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(fetched.filter((f) => staffOnly.includes(f)).length).toBeGreaterThan(0);
  });

  test("a page's pieces are fetched beside the app, each once", async ({ page }) => {
    const own = (await appPieces(page.request)).register.find((f) => f.includes("-split_register.wasm"));
    const fetched = [];
    page.on("request", (r) => fetched.push(path_of(r.url())));
    await page.goto("/en/register/name");
    await appReady(page);
    await expect(page.getByLabel("What is your full name?")).toBeVisible();
    // boot.js asked for it beside the main part; the app's loader took
    // that download instead of starting another.
    await expect(page.locator(`link[rel="preload"][href="${own}"]`)).toHaveCount(1);
    expect(fetched.filter((f) => f === own)).toEqual([own]);
    expect(fetched.filter((f) => f.endsWith(".wasm")).length).toBe(new Set(fetched.filter((f) => f.endsWith(".wasm"))).size);
  });

  test("the first question fetches none of the form's end; check your answers does", async ({ page }) => {
    const pieces = await appPieces(page.request);
    // Files of the form's end (check your answers, the confirmation) that
    // the questions do not need.
    const endOnly = pieces.register_end.filter((f) => !pieces.register.includes(f));
    expect(endOnly.length).toBeGreaterThan(0);
    const fetched = [];
    page.on("request", (r) => fetched.push(path_of(r.url())));
    await page.goto("/en/register/name");
    await appReady(page);
    await page.getByLabel("What is your full name?").fill("Siti Rahma");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/en\/register\/birth$/);
    expect(fetched.filter((f) => endOnly.includes(f))).toEqual([]);
    // The check above can fail: the form's end fetches them, and shows the answer.
    await page.goto("/en/register/check");
    await appReady(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your answers");
    await expect(page.getByText("Siti Rahma")).toBeVisible();
    expect(fetched.filter((f) => endOnly.includes(f)).length).toBeGreaterThan(0);
  });

  test("a tap on the pre-rendered page while its piece is on its way shows the page tapped", async ({ page }) => {
    // The article's piece comes slowly: the pre-rendered article stays up,
    // and the person taps the site name (home) in its header; the app's router
    // takes the tap.
    const own = (await appPieces(page.request)).article.find((f) => f.includes("-split_article.wasm"));
    let asked = 0;
    let letThrough;
    const held = new Promise((r) => (letThrough = r));
    await page.route(`**${own}`, async (route) => {
      asked += 1;
      await held;
      await route.continue();
    });
    await page.goto("/id/guidance/lost-passport");
    await expect.poll(() => asked).toBeGreaterThan(0);
    await expect(page.locator("#prerender")).toHaveCount(1);
    await page.locator("#prerender").getByRole("link", { name: "Bantuan Pulang" }).click();
    await expect(page).toHaveURL(/\/id$/);
    // The article was left before it was ready: home replaces it at once,
    // not after the article's piece, and not never.
    await appReady(page);
    await expect(page.getByRole("region", { name: "Nomor darurat" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /Paspor hilang/ })).toHaveCount(0);
    letThrough();
  });

  test("home fetches no extra piece until the phone has something for it", async ({ page }) => {
    const fetched = [];
    page.on("request", (r) => fetched.push(path_of(r.url())));
    await page.goto("/id");
    await appReady(page);
    await expect(page.getByRole("region", { name: "Nomor darurat" })).toBeVisible();
    const wasm = fetched.filter((f) => f.endsWith(".wasm"));
    expect(wasm.length).toBe(1);
    expect(wasm[0]).toMatch(/^\/portal-[0-9a-f]+_bg\.wasm$/);
  });
});

test.describe("the worker keeping pieces", () => {
  test.use({ appUsed: true, serviceWorkers: "allow" });

  test("the worker fetches the pieces of the pages a page links to only once that page is shown", async ({ page, context }) => {
    const pieces = await appPieces(page.request);
    const own = pieces.register.find((f) => f.includes("-split_register.wasm"));
    const linked = pieces.register_end.find((f) => f.includes("-split_register_end.wasm"));
    const shown = () => page.evaluate(() => !document.getElementById("prerender")).catch(() => null);
    // The page's profile comes slowly, so the page is shown well after its
    // piece is here: that is when the app asks the worker to keep the
    // form's pieces, its end among them.
    await context.route("**/profile.json", async (route) => {
      if (!route.request().serviceWorker()) await new Promise((r) => setTimeout(r, 3000));
      await route.continue();
    });
    const ownArrived = [];
    page.on("requestfinished", async (r) => {
      if (path_of(r.url()) === own) ownArrived.push(await shown());
    });
    const linkedAsked = [];
    await context.route(`**${linked}`, async (route) => {
      linkedAsked.push({ by: route.request().serviceWorker() ? "worker" : "page", shown: await shown() });
      await route.continue();
    });
    await page.goto("/en/register/name");
    await appReady(page);
    await expect.poll(() => linkedAsked.length, { timeout: 15000 }).toBeGreaterThan(0);
    // What makes the check below able to fail: the piece was here while the
    // pre-rendered page was still up.
    expect(ownArrived).toEqual([false]);
    expect(linkedAsked).toEqual([{ by: "worker", shown: true }]);
  });
});

test.describe("a piece answered with a page", () => {
  // The browser logs the refused module (wrong MIME type).
  test.use({ appUsed: true, serviceWorkers: "allow", allowedConsole: [/MIME|ERR_FAILED|Failed to fetch|Incorrect response/] });

  test("is not kept: once the server answers right, the page opens", async ({ page, context }) => {
    const own = (await appPieces(page.request)).privacy.find((f) => f.includes("-split_privacy.wasm"));
    await installed(page, "/en");
    // A server that answers a file it does not have with a page (200).
    let wrong = true;
    await context.route(`**${own}`, (route) =>
      wrong ? route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><p>not here</p>" }) : route.continue());
    await page.goto("/en/privacy");
    await appReady(page);
    const box = page.getByRole("alert").filter({ hasText: "This page did not open" });
    await expect(box).toBeVisible();
    wrong = false;
    await box.getByRole("button", { name: "Try again" }).click();
    await appReady(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy and safety");
  });
});

test.describe("a piece the worker fetches to keep, answered with a page", () => {
  // The app has not started on this phone: the form's start page has the
  // worker fetch the form's pieces (`data-warm`).
  test.use({ serviceWorkers: "allow" });

  test("is not kept", async ({ page, context }) => {
    const register = (await appPieces(page.request)).register;
    const wrongOne = register.find((f) => f.includes("-split_register.wasm"));
    await installed(page, "/en");
    // The worker asks for the form's pieces from its start page; one of
    // them is answered with a page.
    await context.route(`**${wrongOne}`, (route) => (route.request().serviceWorker()
      ? route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><p>not here</p>" })
      : route.continue()));
    await page.goto("/en/register");
    const others = register.filter((f) => f !== wrongOne);
    await expect.poll(() => cachedCount(page, others), { timeout: 15_000 }).toBe(others.length);
    expect(await cachedCount(page, [wrongOne])).toBe(0);
  });
});

test.describe("a piece that cannot be fetched", () => {
  // The blocked request is logged by the browser, and the splitter's loader
  // logs the failed fetch: expected here.
  test.use({ appUsed: true, allowedConsole: [/ERR_FAILED|net::|Failed to fetch/] });

  for (const [lang, url, split, words] of [
    // Online (only the piece is blocked): the page did not open, try again.
    ["en", "/en/advisories", "advisories", { title: "This page did not open", contacts: "Emergency contacts" }],
    ["id", "/id/register/name", "register", { title: "Halaman ini gagal dibuka", contacts: "Nomor darurat" }],
    ["en", "/en/register/check", "register_end", { title: "This page did not open", contacts: "Emergency contacts" }],
  ]) {
    test(`says what to do, with the contacts, and the app goes on (${lang}, ${split})`, async ({ page }) => {
      const own = (await appPieces(page.request))[split].find((f) => f.includes(`-split_${split}.wasm`));
      let blocked = true;
      await page.route(`**${own}`, (route) => (blocked ? route.abort() : route.continue()));
      await page.goto(url);
      await appReady(page);
      const box = page.getByRole("alert").filter({ hasText: words.title });
      await expect(box.getByRole("heading", { level: 1 })).toHaveText(words.title);
      await expect(page.getByRole("region", { name: words.contacts }).locator('a[href^="tel:+"]').first()).toBeVisible();
      await expectAccessible(page, `piece blocked (${lang})`);
      // The app is alive: another page opens from a link.
      await page.getByRole("link", { name: lang === "en" ? "Home" : "Beranda" }).first().click();
      await expect(page).toHaveURL(new RegExp(`/${lang}$`));
      await expect(page.locator("#piece-offline")).toHaveCount(0);
      await expect(page.getByRole("region", { name: words.contacts })).toBeVisible();
      // Once it can be fetched, opening the page again shows it.
      blocked = false;
      await page.goto(url);
      await appReady(page);
      await expect(page.getByRole("alert").filter({ hasText: words.title })).toHaveCount(0);
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(words.title);
    });
  }
});

test.describe("offline, and across a deployment", () => {
  test.use({
    appUsed: true,
    serviceWorkers: "allow",
    // Offline, the advisory poll fails by design (and says so on the page),
    // and a piece never fetched cannot be (the loader logs it).
    allowedConsole: [/ERR_FAILED|ERR_INTERNET_DISCONNECTED|Failed to fetch/],
  });
  // The deployment test changes the served files for a moment.
  test.describe.configure({ mode: "serial" });

  test("every public page opens offline after one use", async ({ page, context }) => {
    await installed(page, "/id");
    for (const [url, shows] of PUBLIC) {
      await page.goto(url);
      await appReady(page);
      await expect(page.getByRole(shows.role, { name: shows.name }).first(), url).toBeVisible();
    }
    await context.setOffline(true);
    try {
      for (const [url, shows] of PUBLIC) {
        await page.goto(url);
        await appReady(page);
        await expect(page.getByRole(shows.role, { name: shows.name }).first(), `${url} offline`).toBeVisible();
        await expect(page.locator("#piece-offline"), `${url} offline`).toHaveCount(0);
      }
    } finally {
      await context.setOffline(false);
    }
  });

  test("a page never used says it needs the internet once, offline", async ({ page, context }) => {
    await installed(page, "/en");
    await page.goto("/en/privacy");
    await appReady(page);
    await context.setOffline(true);
    try {
      // The app is on the phone; the advisories piece is not.
      await page.getByRole("link", { name: "Home" }).first().click();
      await page.getByRole("link", { name: /Can I come today/ }).click();
      const box = page.locator("#piece-offline");
      await expect(box).toContainText("This page needs the internet once");
      await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
    } finally {
      await context.setOffline(false);
    }
  });

  /**
   * A new deployment with other file names: every file of this version
   * copied under a new stem (the same code, as a rebuild with a change
   * would name it), and the pages and the worker pointing at the new names.
   * The old version's files stay served (as on a server that keeps them a
   * while). The pages and the worker are restored afterwards; the copies
   * stay until the next build (a test running beside this one may have a
   * page that names them).
   */
  function deployUnderNewNames(dist) {
    const files = fs.readdirSync(dist);
    // The version the pages name (a copy of an earlier test run may be beside it).
    const oldStem = /data-js="\/(portal-[0-9a-f]+)\.js"/.exec(fs.readFileSync(path.join(dist, "index.html")).toString())[1];
    const newStem = "portal-" + "f".repeat(oldStem.length - "portal-".length);
    const saved = new Map();
    const rename = (text) => text.split(oldStem).join(newStem);
    // The same length: the wasm's import names can be replaced in place.
    const renameBytes = (data) => {
      const from = Buffer.from(oldStem);
      const to = Buffer.from(newStem);
      const out = Buffer.from(data);
      for (let i = out.indexOf(from); i !== -1; i = out.indexOf(from, i + to.length)) to.copy(out, i);
      return out;
    };
    for (const f of files.filter((f) => f.startsWith(oldStem) && !/\.(br|gz)$/.test(f))) {
      writeServedFile(path.join(dist, rename(f)), renameBytes(fs.readFileSync(path.join(dist, f))));
    }
    const pages = [];
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith(".html") || e.name === "sw.js") pages.push(p);
      }
    };
    walk(dist);
    for (const p of pages) {
      const text = fs.readFileSync(p).toString();
      if (!text.includes(oldStem)) continue;
      for (const f of [p, p + ".br", p + ".gz"]) if (fs.existsSync(f)) saved.set(f, fs.readFileSync(f));
      // The worker's version changes with its lists (as the build makes it).
      const next = rename(text).replace(/self\.__VERSION = "([0-9a-f]+)"/, 'self.__VERSION = "$1ff"');
      writeServedFile(p, Buffer.from(next));
    }
    return {
      oldStem,
      newStem,
      restore() {
        for (const [f, data] of saved) fs.writeFileSync(f, data);
      },
    };
  }

  // It edits the served files: the "deployment" project runs it after all
  // the other tests (playwright.config.js).
  test.describe("an update", () => {
    // The old version's piece that the server no longer has fails to load
    // (404, then the loader's refusal): expected here.
    test.use({ allowedConsole: [/ERR_FAILED|ERR_INTERNET_DISCONNECTED|Failed to fetch|HTTP status code is not ok|status of 404/] });

    test("an update mid-visit never mixes the pieces of two versions @deployment", async ({ page, context }) => {
      const dist = process.env.PORTAL_DIST;
      if (!dist) throw new Error("PORTAL_DIST is not set (cargo xtask test sets it)");
      await installed(page, "/en");
      await page.goto("/en/register/name");
      await appReady(page);
      const name = page.getByLabel("What is your full name?");
      await name.fill("Kept Across Versions");
      await name.blur();
      const fetched = [];
      page.on("request", (r) => fetched.push(path_of(r.url())));
      let deployment;
      await editingDist(() => {
        deployment = deployUnderNewNames(dist);
        return deployment.restore;
      }, async () => {
        await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
        const banner = page.getByRole("status").filter({ hasText: "A new version of this site is ready" });
        await expect(banner).toBeVisible({ timeout: 15_000 });
        // Still the old version: a page opened now fetches the old pieces.
        await page.getByRole("link", { name: "Privacy and safety" }).first().click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy and safety");
        const before = fetched.filter((f) => f.startsWith("/portal-"));
        expect(before.length).toBeGreaterThan(0);
        expect(before.filter((f) => !f.startsWith(`/${deployment.oldStem}`))).toEqual([]);
        // The old version's pieces are gone from the server (a deployment
        // that did not keep them): the page says it did not open, and
        // trying again takes the new version, which has its own (the banner's
        // button does the same: offline.spec.js).
        await context.route(new RegExp(`/${deployment.oldStem}-`), (route) => route.fulfill({ status: 404, body: "" }));
        await page.getByRole("link", { name: "Home" }).first().click();
        await page.getByRole("link", { name: /Can I come today/ }).click();
        const box = page.getByRole("alert").filter({ hasText: "This page did not open" });
        await expect(box).toBeVisible();
        await box.getByRole("button", { name: "Try again" }).click();
        await page.waitForURL(/\/en\/advisories$/);
        await appReady(page);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can I come today?");
        // The new version precached, at its install, its own files of the
        // pieces the phone had (the form was used), before any visit.
        const pieces = await appPieces(page.request);
        expect(pieces.register.every((f) => f.startsWith(`/${deployment.newStem}`))).toBe(true);
        expect(await cachedCount(page, pieces.register)).toBe(pieces.register.length);
        fetched.length = 0;
        await page.goto("/en/register/name");
        await appReady(page);
        await expect(page.getByLabel("What is your full name?")).toHaveValue("Kept Across Versions");
        // The new version's pages fetch (or take from its cache) only its own files.
        const scripts = await page.evaluate(() =>
          performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.startsWith("/portal-")));
        expect(scripts.length).toBeGreaterThan(0);
        expect(scripts.filter((f) => !f.startsWith(`/${deployment.newStem}`))).toEqual([]);
        expect(fetched.filter((f) => f.startsWith(`/${deployment.oldStem}`))).toEqual([]);
        // The old version's files are gone from the phone.
        const old = pieces.register.map((f) => f.split(deployment.newStem).join(deployment.oldStem));
        expect(await cachedCount(page, old)).toBe(0);
      });
    });
  });
});
