// Offline-first: a second visit with the network cut still opens the portal;
// the manifest makes it installable; an update keeps what was typed.
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const {
  test, expect, appReady, cachedAppFiles, appPieces, cachedCount, installed, editingDist,
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
 * A new deployment: the served sw.js (and its precompressed copies) gets a new
 * build stamp, as a rebuild would give it. The browser fetches the worker
 * script itself, outside Playwright's routing, so this edits the built files
 * (PORTAL_DIST) and restores them afterwards.
 */
function deployNewServiceWorker() {
  const dist = process.env.PORTAL_DIST;
  if (!dist) throw new Error("PORTAL_DIST is not set (cargo xtask test sets it)");
  const files = ["sw.js", "sw.js.br", "sw.js.gz"].map((f) => path.join(dist, f));
  const saved = files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null));
  const next = Buffer.concat([saved[0], Buffer.from("\n// next deployment\n")]);
  fs.writeFileSync(files[0], next);
  fs.writeFileSync(files[1], zlib.brotliCompressSync(next));
  fs.writeFileSync(files[2], zlib.gzipSync(next));
  return () => files.forEach((f, i) => (saved[i] ? fs.writeFileSync(f, saved[i]) : fs.rmSync(f, { force: true })));
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
