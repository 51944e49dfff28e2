// Offline-first: a second visit with the network cut still opens the portal;
// the manifest makes it installable; an update keeps what was typed.
const fs = require("node:fs");
const path = require("node:path");
const {
  test, expect, appReady, cachedAppFiles, appPieces, cachedCount, installed, editingDist, writeServedFile,
  holdWorkerInstall,
} = require("../fixtures");

test.use({
  serviceWorkers: "allow",
  // Offline, the advisory poll and the outbox fail by design (and say so on the page).
  allowedConsole: [/ERR_FAILED|ERR_INTERNET_DISCONNECTED/],
});
// The update test changes the served sw.js for a moment: run these one by one.
test.describe.configure({ mode: "serial" });

test("a second visit with the network cut opens home, a visited article, the form with its draft, and the advisory", async ({ page, context }) => {
  await installed(page, "/id");
  await page.goto("/id/guidance");
  await appReady(page);
  await page.locator('main a[href="/id/guidance/lost-passport"]').click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Paspor hilang");

  // The queue information and a question of the form, with an answer typed.
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can I come today?");
  await page.goto("/id/register/name");
  await appReady(page);
  await page.getByLabel("Siapa nama lengkap Anda?").fill("Siti Offline");
  await page.getByLabel("Siapa nama lengkap Anda?").blur();

  await context.setOffline(true);
  await page.goto("/id/register/name");
  await appReady(page);
  await expect(page.getByLabel("Siapa nama lengkap Anda?")).toHaveValue("Siti Offline");
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can I come today?");
  await expect(page.getByRole("heading", { name: "Opening hours" })).toBeVisible();
  await page.goto("/id");
  await appReady(page);
  await expect(page.getByRole("region", { name: "Nomor darurat" }).locator('a[href^="tel:+"]')).toHaveCount(2);
  await page.goto("/id/guidance/lost-passport");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Paspor hilang");
  // The list says which articles can be read offline.
  await page.goto("/id/guidance");
  await appReady(page);
  const item = page.locator("main li").filter({ has: page.locator('a[href="/id/guidance/lost-passport"]') });
  await expect(item.getByText("Bisa dibaca tanpa internet")).toBeVisible();
  // Search works offline (its index is precached).
  await page.getByRole("searchbox", { name: "Cari panduan" }).fill("tiket");
  await expect(page.locator(".search-results li").first()).toBeVisible();
  await context.setOffline(false);
});

test("the accessibility statement, once visited, opens with the network cut (it never needs the app)", async ({ page, context }) => {
  await installed(page, "/id/accessibility");
  // A visit the service worker sees keeps the page.
  await page.goto("/id/accessibility");
  await context.setOffline(true);
  await page.goto("/id/accessibility");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pernyataan aksesibilitas");
  await expect(page.locator("#prerender main a[href^='tel:+']")).toHaveCount(2);
  await context.setOffline(false);
});

test("a repeat visit makes no network request for the shell", async ({ page }) => {
  // The form's start page does not start the app; the service worker keeps it.
  await installed(page, "/en/register");
  await expect.poll(() => cachedAppFiles(page), { timeout: 30_000 }).toBe(2);
  // ... and the form's pieces (the next tap opens the first question), its
  // end's too (check your answers and the confirmation).
  const pieces = await appPieces(page.request);
  const form = [...new Set([...pieces.register, ...pieces.register_end])];
  await expect.poll(() => cachedCount(page, form), { timeout: 30_000 }).toBe(form.length);
  const network = [];
  page.on("requestfinished", async (req) => {
    const res = await req.response();
    if (res && !res.fromServiceWorker()) network.push(req.url());
  });
  // The first question starts the app from the cache; then the start page does too.
  await page.goto("/en/register/name");
  await appReady(page);
  await page.goto("/en/register");
  await appReady(page);
  const shell = network.filter((u) => /\/(en\/register(\/name)?|index\.html|en\.html|register\.html)$|\.wasm$|portal-.*\.js$/.test(u));
  expect(shell).toEqual([]);
});

test("the manifest is valid and the app is installable", async ({ page, request }) => {
  await page.goto("/en");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const res = await request.get(href);
  expect(res.ok()).toBe(true);
  const m = await res.json();
  expect(m.name).toContain("Bantuan Pulang");
  expect(m.name).toContain("Help Getting Home");
  expect(m.short_name.length).toBeLessThanOrEqual(15);
  expect(m.start_url).toBe("/");
  expect(m.display).toBe("standalone");
  for (const size of ["192x192", "512x512"]) {
    const icon = m.icons.find((i) => i.sizes === size && i.type === "image/png");
    expect(icon, `a ${size} PNG icon`).toBeTruthy();
    const img = await request.get(icon.src);
    expect(img.ok()).toBe(true);
    expect(img.headers()["content-type"]).toBe("image/png");
    const buf = await img.body();
    expect(buf.subarray(1, 4).toString()).toBe("PNG");
    expect(buf.readUInt32BE(16)).toBe(Number(size.split("x")[0]));
  }
  expect(m.icons.some((i) => i.purpose === "maskable")).toBe(true);
});

/**
 * The served sw.js (and its precompressed copies), to deploy new versions
 * of it. The browser fetches the worker script itself, outside Playwright's
 * routing, so this edits the built files (PORTAL_DIST); `restore` puts the
 * built ones back.
 */
function servedWorker() {
  const dist = process.env.PORTAL_DIST;
  if (!dist) throw new Error("PORTAL_DIST is not set (cargo xtask test sets it)");
  const files = ["sw.js", "sw.js.br", "sw.js.gz"].map((f) => path.join(dist, f));
  const saved = files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null));
  const built = saved[0].toString();
  return {
    built,
    version: /self\.__VERSION = "([0-9a-f]+)"/.exec(built)[1],
    write(text) {
      writeServedFile(files[0], Buffer.from(text));
    },
    restore() {
      files.forEach((f, i) => (saved[i] ? fs.writeFileSync(f, saved[i]) : fs.rmSync(f, { force: true })));
    },
  };
}

/** A new deployment: the served sw.js gets a new build stamp, as a rebuild
 *  would give it. */
function deployNewServiceWorker() {
  const worker = servedWorker();
  worker.write(worker.built + "\n// next deployment\n");
  return worker.restore;
}

test("an update while something is typed keeps it @deployment", async ({ page }) => {
  await installed(page, "/en");
  await page.goto("/en/register/name");
  await appReady(page);
  const name = page.getByLabel("What is your full name?");
  await name.fill("Kept Across Update");
  await name.blur();
  await editingDist(deployNewServiceWorker, async () => {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole("status").filter({ hasText: "A new version of this site is ready" });
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await page.getByRole("button", { name: "Use the new version" }).click();
    await page.waitForLoadState("load");
    await appReady(page);
    await expect(banner).toHaveCount(0);
    await expect(page).toHaveURL(/\/en\/register\/name$/);
    await expect(page.getByLabel("What is your full name?")).toHaveValue("Kept Across Update");
  });
});

test("taking a new version while a newer one installs leaves the newer one whole @deployment", async ({ page, context }) => {
  await installed(page, "/en");
  // A page of the app: it shows when a new version is ready.
  await page.goto("/en/register/name");
  await appReady(page);
  const banner = page.getByRole("status").filter({ hasText: "A new version of this site is ready" });
  const update = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const registration = () => page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return { installing: !!r.installing, waiting: !!r.waiting };
  });
  let worker;
  await editingDist(() => {
    worker = servedWorker();
    return worker.restore;
  }, async () => {
    // Two more deployments, each with caches of its own (the version names them).
    const deploy = (suffix) => worker.write(worker.built.replace(
      `self.__VERSION = "${worker.version}"`, `self.__VERSION = "${worker.version}${suffix}"`));
    const newest = worker.version + "a3";
    deploy("a2");
    await update();
    await expect(banner).toBeVisible({ timeout: 15_000 });
    // The third starts installing, and one of its files is slow to come.
    const install = await holdWorkerInstall(context);
    deploy("a3");
    update().catch(() => {});
    await expect.poll(install.holding, { timeout: 15_000 }).toBe(true);
    expect(await registration()).toEqual({ installing: true, waiting: true });
    // Meanwhile the person takes the second.
    await page.getByRole("button", { name: "Use the new version" }).click();
    await page.waitForLoadState("load");
    await appReady(page);
    await expect.poll(registration).toEqual({ installing: true, waiting: false });
    install.release();
    // The third installs whole, waits, and is taken in turn.
    await expect.poll(registration, { timeout: 15_000 }).toEqual({ installing: false, waiting: true });
    expect(await page.evaluate((name) => caches.has(name), `portal-precache-${newest}`)).toBe(true);
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await page.getByRole("button", { name: "Use the new version" }).click();
    await page.waitForLoadState("load");
    await appReady(page);
    await expect.poll(registration).toEqual({ installing: false, waiting: false });
    // Only its caches are left, and it works with no connection.
    await expect.poll(() => page.evaluate(() => caches.keys()))
      .toEqual(expect.arrayContaining([`portal-precache-${newest}`]));
    expect((await page.evaluate(() => caches.keys())).filter((k) => !k.endsWith(newest))).toEqual([]);
    await context.setOffline(true);
    try {
      await page.goto("/en");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.goto("/en/register");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    } finally {
      await context.setOffline(false);
    }
  });
});

test("a page first used while a new version waits opens offline once that version is taken @deployment", async ({ page }) => {
  const privacy = (await appPieces(page.request)).privacy;
  // Home only: the app has not started on this phone yet.
  await installed(page, "/en");
  let worker;
  await editingDist(() => {
    worker = servedWorker();
    return worker.restore;
  }, async () => {
    const next = `${worker.version}b2`;
    worker.write(worker.built.replace(`self.__VERSION = "${worker.version}"`, `self.__VERSION = "${next}"`));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()).waiting),
      { timeout: 15_000 }).toBe(true);
    // The new version installed without the app (none was used). Now a
    // page of the app is used for the first time: the old version keeps it.
    await page.goto("/en/privacy");
    await appReady(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy and safety");
    await expect.poll(() => cachedCount(page, privacy), { timeout: 15_000 }).toBe(privacy.length);
    // The person takes the new version on another page (so the privacy
    // page's pieces do not pass through the new worker); the old one's
    // caches go.
    await page.goto("/en/register/name");
    await appReady(page);
    await page.getByRole("button", { name: "Use the new version" }).click();
    await page.waitForLoadState("load");
    await appReady(page);
    const own = (files) => page.evaluate(async ({ name, files }) => {
      const cache = await caches.open(name);
      let n = 0;
      for (const f of files) if (await cache.match(f)) n += 1;
      return n;
    }, { name: `portal-precache-${next}`, files });
    // The new version keeps the page's pieces itself.
    await expect.poll(() => own(privacy), { timeout: 15_000 }).toBe(privacy.length);
    expect((await page.evaluate(() => caches.keys())).filter((k) => !k.endsWith(next))).toEqual([]);
    await page.context().setOffline(true);
    try {
      await page.goto("/en/privacy");
      await appReady(page);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy and safety");
      await expect(page.locator("#piece-offline")).toHaveCount(0);
    } finally {
      await page.context().setOffline(false);
    }
  });
});

test("'Use the new version' in a second tab, after another tab took it, loads the new version @deployment", async ({ page, context }) => {
  await installed(page, "/en");
  await page.goto("/en/register/name");
  await appReady(page);
  const other = await context.newPage();
  await other.goto("/en/privacy");
  await appReady(other);
  const banner = (p) => p.getByRole("status").filter({ hasText: "A new version of this site is ready" });
  await editingDist(deployNewServiceWorker, async () => {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await expect(banner(page)).toBeVisible({ timeout: 15_000 });
    await expect(banner(other)).toBeVisible({ timeout: 15_000 });
    // The first tab takes it: the second is now served by the new version
    // but still runs the old one.
    await page.getByRole("button", { name: "Use the new version" }).click();
    await page.waitForLoadState("load");
    await appReady(page);
    await expect(banner(page)).toHaveCount(0);
    await other.evaluate(() => { window.stillTheOldPage = true; });
    await other.getByRole("button", { name: "Use the new version" }).click();
    await expect.poll(() => other.evaluate(() => window.stillTheOldPage === undefined).catch(() => false),
      { timeout: 15_000 }).toBe(true);
    await appReady(other);
    await expect(other.getByRole("heading", { level: 1 })).toHaveText("Privacy and safety");
    await expect(banner(other)).toHaveCount(0);
  });
  await other.close();
});
