// The page frame on a phone: the first emergency number on the first
// screen, one compact header, the Shift hint only with a keyboard, a one-line
// sample note, the site name once; the language remembered without the app.
const { test, expect, appReady, markAppUsed, APP_FILE } = require("../fixtures");

const PHONE = { width: 360, height: 740 };
const SITE = { id: "Bantuan Pulang", en: "Help Getting Home" };

async function expectFirstNumberOnFirstScreen(page, label) {
  const tel = page.locator('main a[href^="tel:"]').first();
  await expect(tel).toBeVisible();
  expect(await page.evaluate(() => window.scrollY), label).toBe(0);
  const box = await tel.boundingBox();
  expect(box, label).not.toBeNull();
  expect(box.y, label).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${label}: bottom of the tel: link`).toBeLessThanOrEqual(PHONE.height);
}

test.describe("the first screen @phone-only", () => {
  test.use({ viewport: PHONE });
  for (const lang of ["id", "en"]) {
    test(`the first emergency number is fully visible at 360x740 without JavaScript (${lang})`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: PHONE, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`/${lang}`);
      await expectFirstNumberOnFirstScreen(page, `/${lang} without JavaScript`);
      await context.close();
    });

    test(`the first emergency number is fully visible at 360x740 with the app (${lang})`, async ({ page }) => {
      await markAppUsed(page);
      await page.goto(`/${lang}`);
      await appReady(page);
      // The sample profile is shown with its note: the number is still on screen.
      await expect(page.locator(".sample-banner")).toBeVisible();
      await expectFirstNumberOnFirstScreen(page, `/${lang} with the app`);
    });

    test(`the first emergency number is fully visible at 360x740 before the app (${lang})`, async ({ page }) => {
      await page.goto(`/${lang}`);
      await expect(page.locator("#prerender")).toBeVisible();
      await expectFirstNumberOnFirstScreen(page, `/${lang} pre-rendered`);
    });
  }

  test("the header is compact: Exit this page is large, the sample note is one line, the site name appears once", async ({ page }) => {
    for (const lang of ["id", "en"]) {
      await page.goto(`/${lang}`);
      const exit = page.locator("a.exit-this-page");
      const box = await exit.boundingBox();
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
      // The old frame took 45% of the screen; the header with its sample
      // note now takes at most 30% (one row more where the site name and the
      // language switch do not fit side by side).
      const header = await page.locator(".site-header").boundingBox();
      expect(header.y + header.height, `the header on /${lang}`).toBeLessThanOrEqual(0.3 * PHONE.height);
      // One line of text: less than two line heights.
      const note = page.locator(".sample-banner");
      const lineHeight = await note.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
      const inner = await note.evaluate((el) => el.clientHeight - parseFloat(getComputedStyle(el).paddingTop) - parseFloat(getComputedStyle(el).paddingBottom));
      expect(inner).toBeLessThan(2 * lineHeight);
      const text = await page.locator("body").innerText();
      expect(text.split(SITE[lang]).length - 1, `"${SITE[lang]}" on /${lang}`).toBe(1);
    }
  });
});

test("the Shift hint shows only where there is a keyboard", async ({ page }, testInfo) => {
  await page.goto("/en");
  const keyboard = await page.evaluate(() => matchMedia("(hover: hover) and (pointer: fine)").matches);
  expect(keyboard).toBe(testInfo.project.name === "desktop");
  const hint = page.getByText("Press Shift 3 times to leave fast.");
  if (keyboard) await expect(hint).toBeVisible();
  else await expect(hint).toBeHidden();
});

test("the sample note links to its longer explanation, with the HTML alone", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/id");
  await page.locator(".sample-banner").getByRole("link", { name: "DATA CONTOH: bukan nomor asli" }).click();
  await expect(page).toHaveURL(/#sample-about$/);
  const about = page.getByRole("region", { name: "Tentang data contoh" });
  await expect(about).toBeVisible();
  await expect(about).toContainText("Jangan hubungi nomor ini.");
  await context.close();
});

test.describe("the language is remembered without the app", () => {
  test("a language chosen on a light page opens at / before the first paint", async ({ page }) => {
    // A first visit: the app never starts on home.
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.goto("/id");
    await page.getByRole("link", { name: "Read in English" }).click();
    await expect(page).toHaveURL(/\/en$/);
    expect(await page.evaluate(() => localStorage.getItem("portal.lang"))).toBe("en");
    // The Indonesian page at `/` never finishes parsing: it is replaced first.
    const loaded = [];
    page.on("domcontentloaded", (p) => loaded.push(new URL(p.url()).pathname));
    await page.goto("/");
    await expect(page).toHaveURL(/\/en$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
    expect(loaded).not.toContain("/");
    expect(requested.filter((p) => /\.wasm$/.test(p))).toEqual([]);
    // Back to Indonesian, and `/` follows.
    await page.getByRole("link", { name: "Baca dalam Bahasa Indonesia" }).click();
    await expect(page).toHaveURL(/\/id$/);
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
  });

  test("a stored value that is not a language is ignored", async ({ page }) => {
    await page.goto("/id");
    await page.evaluate(() => localStorage.setItem("portal.lang", "javascript:alert(1)"));
    await page.goto("/");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
  });

  test("without JavaScript, / stays Indonesian", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page.getByRole("region", { name: "Nomor darurat" })).toBeVisible();
    await context.close();
  });
});

test("the accessibility statement is linked from the footer, in both languages", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  for (const [lang, link, title] of [["id", "Aksesibilitas", "Pernyataan aksesibilitas"], ["en", "Accessibility", "Accessibility statement"]]) {
    await page.goto(`/${lang}`);
    await page.getByRole("contentinfo").getByRole("link", { name: link }).click();
    await expect(page).toHaveURL(new RegExp(`/${lang}/accessibility$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    // How to report a problem: the embassy's own numbers.
    await expect(page.locator('main a[href^="tel:+"]')).toHaveCount(2);
  }
  await context.close();
});

test("the accessibility statement is a page from the build: the app never starts on it, even from inside the app", async ({ page }) => {
  await markAppUsed(page);
  await page.goto("/en/advisories");
  await appReady(page);
  // boot.js starts the app (imports its JS) while the page loads: by the
  // load event every app request the page would make has been made.
  const appRequests = [];
  page.on("request", (req) => {
    if (APP_FILE.test(new URL(req.url()).pathname)) appRequests.push(req.url());
  });
  // From the app's footer, the link loads the page whole (the router has no route for it).
  const link = page.getByRole("contentinfo").getByRole("link", { name: "Accessibility" });
  await expect(link).toHaveAttribute("rel", "external");
  await link.click();
  await expect(page).toHaveURL(/\/en\/accessibility$/);
  await page.waitForLoadState("load");
  await expect(page.locator("#prerender main h1")).toHaveText("Accessibility statement");
  await expect(page.locator("#prerender")).toHaveAttribute("data-static", "/en/accessibility");
  expect(appRequests).toEqual([]);
  await expect(page.locator("#prerender main a[href^='tel:+']")).toHaveCount(2);
});
