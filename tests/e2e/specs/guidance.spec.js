// Guidance: list by topic, articles, search, language switch, no-JavaScript
// pages, and honest messages when content is missing or broken.
const { test, expect, appReady, markAppUsed, expectAccessible } = require("../fixtures");

test("the list is grouped by topic and opens an article", async ({ page }) => {
  await page.goto("/en/guidance");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Guidance");
  await expect(page.getByRole("heading", { level: 2, name: "Passports and documents" })).toBeVisible();
  await page.getByRole("link", { name: "Lost or taken passport and the SPLP" }).click();
  await expect(page).toHaveURL(/\/en\/guidance\/lost-passport$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lost or taken passport and the SPLP");
  await expect(page).toHaveTitle(/Lost or taken passport/);
  await expect(page.getByText("Last reviewed:")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "On this page" })).toBeVisible();
  // Placeholders were filled from the profile: a tap-to-call link, no braces left.
  await expect(page.locator(".article-body")).not.toContainText("{{");
  await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
  await expectAccessible(page, "article");
});

test("switching language on an article opens the same article", async ({ page }) => {
  await markAppUsed(page);
  await page.goto("/id/guidance/lost-passport");
  await appReady(page);
  const idTitle = await page.getByRole("heading", { level: 1 }).textContent();
  await page.getByRole("link", { name: "Read in English" }).click();
  await expect(page).toHaveURL(/\/en\/guidance\/lost-passport$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lost or taken passport and the SPLP");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect(idTitle).not.toBe("Lost or taken passport and the SPLP");
});

test("search is instant, forgives missing accents and typos, and highlights", async ({ page }) => {
  await page.goto("/id/guidance");
  await appReady(page);
  const box = page.getByRole("searchbox", { name: "Cari panduan" });
  await box.fill("paspor hilang");
  const results = page.locator(".search-results li");
  await expect(results.first()).toContainText("SPLP");
  await expect(page.locator(".search-results mark").first()).toBeVisible();
  await box.fill("pasport hilng"); // two typos
  await expect(results.first()).toContainText("SPLP");
  await box.fill("zzzzqqq");
  await expect(page.getByRole("status").filter({ hasText: "Tidak ada hasil" })).toBeVisible();
  await page.goto("/en/guidance");
  await appReady(page);
  await page.getByRole("searchbox", { name: "Search the guidance" }).fill("tickt");
  await expect(page.locator(".search-results li").first()).toContainText(/ticket/i);
  await expectAccessible(page, "search results");
});

test("search makes one request for its index, then none per keystroke", async ({ page }) => {
  await page.goto("/en/guidance");
  await appReady(page);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const box = page.getByRole("searchbox", { name: "Search the guidance" });
  await box.pressSequentially("passport", { delay: 30 });
  await expect(page.locator(".search-results li").first()).toBeVisible();
  expect(requests.filter((u) => u.includes("search.json"))).toHaveLength(1);
  expect(requests.filter((u) => !u.includes("search.json"))).toEqual([]);
});

test("articles read with JavaScript off, from the pre-rendered page", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/id/guidance");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Panduan");
  await page.locator('main a[href="/id/guidance/lost-passport"]').click();
  await expect(page).toHaveURL(/\/id\/guidance\/lost-passport$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Paspor hilang");
  await expect(page.getByRole("region", { name: "Nomor darurat" }).locator('a[href^="tel:+"]')).toHaveCount(2);
  // The way back to the list, as in the app (one component for both).
  await page.getByRole("main").getByRole("link", { name: "Semua panduan" }).click();
  await expect(page).toHaveURL(/\/id\/guidance$/);
  await context.close();
});

test.describe("unknown article", () => {
  // The browser logs the server's 404 for the missing file: expected here.
  test.use({ allowedConsole: [/status of 404/] });
test("an unknown article says so in the page's language", async ({ page }) => {
  await page.goto("/en/guidance/no-such-article");
  await appReady(page);
  await expect(page.getByRole("alert")).toContainText("Guidance page not found");
  await expect(page.getByRole("link", { name: "All guidance" }).first()).toHaveAttribute("href", "/en/guidance");
  await page.goto("/id/guidance/..%2F..%2Fprofile");
  await appReady(page);
  await expect(page.getByRole("alert")).toContainText("Panduan tidak ditemukan");
});
});

test.describe("broken content", () => {
  test.use({ allowedConsole: [/Failed to load resource|502/] });
  for (const [name, fulfil] of [
    ["malformed JSON", { status: 200, contentType: "application/json", body: '{"slug":"lost-pass' }],
    ["an HTML error page", { status: 502, contentType: "text/html", body: "<h1>Bad gateway</h1>" }],
  ]) {
    test(`${name} for an article gives a clear message, not a blank page`, async ({ page }) => {
      await markAppUsed(page);
      await page.route("**/content/en/lost-passport.json", (route) => route.fulfill(fulfil));
      await page.goto("/en/guidance/lost-passport");
      await appReady(page);
      await expect(page.getByRole("alert")).toContainText("This page could not be loaded");
      await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
      await expectAccessible(page, `article with ${name}`);
    });
  }
});

for (const path of ["/id/guidance", "/en/guidance/trafficking"]) {
  test(`no accessibility violations on ${path}`, async ({ page }) => {
    await markAppUsed(page);
    await page.goto(path);
    await appReady(page);
    await expectAccessible(page, path);
  });
}
