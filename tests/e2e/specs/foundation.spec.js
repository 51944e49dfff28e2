// The foundation: home in both languages, language memory, contacts without
// JavaScript, accessibility of every page, not-found, exit this page.
const { test, expect, appReady, markAppUsed, expectAccessible, APP_FILE, cachedAppFiles } = require("../fixtures");

test("home renders in Indonesian with the contacts first", async ({ page }) => {
  await markAppUsed(page);
  await page.goto("/id");
  await appReady(page);
  await expect(page).toHaveTitle(/Bantuan Pulang/);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  // The site name is in the header; the page's heading names the embassy.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("KBRI Contoh");
  const contacts = page.getByRole("region", { name: "Nomor darurat" });
  await expect(contacts).toBeVisible();
  await expect(contacts.locator('a[href^="tel:+"]').first()).toBeVisible();
  await expect(page.getByText("DATA CONTOH", { exact: false }).first()).toBeVisible();
  // Contacts come before the three jobs in reading order.
  const order = await page.evaluate(() => {
    const c = document.querySelector("#app .contacts");
    const j = document.querySelector("#app .jobs");
    return c.compareDocumentPosition(j) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  await expect(page.getByRole("link", { name: /Cara pulang/ })).toBeVisible();
});

test("home renders in English", async ({ page }) => {
  await markAppUsed(page);
  await page.goto("/en");
  await appReady(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
  await expect(page.getByText("SAMPLE DATA", { exact: false }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /Can I come today/ })).toBeVisible();
});

test("the language choice keeps the page and persists across reload", async ({ page }) => {
  await page.goto("/id/privacy");
  await appReady(page);
  await page.getByRole("link", { name: "Read in English" }).click();
  await expect(page).toHaveURL(/\/en\/privacy$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy and safety");
  await page.reload();
  await appReady(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/");
  await expect(page).toHaveURL(/\/en$/);
  await appReady(page);
  await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
});

test("contacts are readable with JavaScript off", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  for (const [path, heading, noscript] of [
    ["/id", "Nomor darurat", "JavaScript mati"],
    ["/en", "Emergency contacts", "JavaScript is off"],
  ]) {
    await page.goto(path);
    const contacts = page.getByRole("region", { name: heading });
    await expect(contacts).toBeVisible();
    await expect(contacts.locator('a[href^="tel:+"]')).toHaveCount(2);
    // Chromium's script switch does not render <noscript>: check it is in the HTML.
    const html = await (await page.request.get(path)).text();
    expect(html).toMatch(new RegExp(`<noscript><p class="noscript">${noscript}`));
    await expect(page.locator("a.exit-this-page")).toBeVisible();
  }
  await context.close();
});

test("without JavaScript, home links to the light status page, which has no script", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/en");
  await page.getByRole("link", { name: "Light queue status page (for weak signal)" }).click();
  await expect(page).toHaveURL(/\/status\/en$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const html = await (await page.request.get("/status/en")).text();
  expect(html).not.toContain("<script");
  expect(Buffer.byteLength(html)).toBeLessThan(2048);
  await context.close();
});

test.describe("unknown routes", () => {
  // The browser logs the server's 404 for the page: expected here.
  test.use({ allowedConsole: [/status of 404/] });
  test("unknown routes show a helpful not-found page in the current language, with status 404", async ({ page }) => {
    // The server says 404 (for link checkers and search engines) and still
    // sends the page; the app's own routes answer 200.
    for (const path of ["/en/no-such-page", "/id/tidak-ada", "/fr", "/xx/privacy", "/fr/register/name", "/de/guidance/lost-passport", "/en/guidance/no-such-article"]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(404);
      expect(await res.text(), path).toContain('id="app"');
    }
    for (const path of ["/", "/id", "/en/guidance", "/en/guidance/lost-passport", "/id/register", "/id/register/name", "/en/advisories", "/id/privacy", "/en/accessibility", "/staff"]) {
      expect((await page.request.get(path)).status(), path).toBe(200);
    }
    await page.goto("/en/no-such-page");
    await appReady(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByRole("link", { name: "Back to home" })).toHaveAttribute("href", "/en");
    await page.goto("/id/tidak-ada");
    await appReady(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Halaman tidak ditemukan");
    // A first segment that is not a language: no page under it opens.
    for (const path of ["/fr", "/xx/privacy", "/fr/register/name", "/de/guidance/lost-passport"]) {
      await page.goto(path);
      await appReady(page);
      await expect(page.getByRole("heading", { level: 1 }), path).toHaveText("Halaman tidak ditemukan");
    }
  });
});

for (const path of ["/id", "/en", "/id/privacy", "/en/privacy", "/en/no-such-page"]) {
  test.describe(() => {
    if (path.includes("no-such")) test.use({ allowedConsole: [/status of 404/] });
    test(`no accessibility violations on ${path}`, async ({ page }) => {
      await markAppUsed(page);
      await page.goto(path);
      await appReady(page);
      await expectAccessible(page, path);
    });
  });
}

test.describe("before the app", () => {
  test.use({ allowedConsole: [/wasm|WebAssembly|Failed to load resource|Failed to fetch|ERR_FAILED/i] });
  for (const path of ["/id", "/en", "/id/guidance/lost-passport", "/en/register", "/id/accessibility", "/en/accessibility", "/en/guidance"]) {
    test(`no accessibility violations on the pre-rendered ${path}`, async ({ page }) => {
      // Without the wasm, only the pre-rendered page is there (as on a slow network).
      await page.route(/\.wasm$/, (route) => route.abort());
      await page.goto(path);
      // The guidance list has no contacts: its heading is there instead.
      const shown = path.endsWith("/guidance") ? "#prerender main h1" : "#prerender .contacts";
      await expect(page.locator(shown)).toBeVisible();
      await expectAccessible(page, `${path} pre-rendered`);
    });
  }
});

test("the whole home page works with the keyboard alone", async ({ page }) => {
  await markAppUsed(page);
  await page.goto("/en");
  await appReady(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  // "Exit this page" is first after the skip link (GOV.UK).
  await page.keyboard.press("Tab");
  await expect(page.locator("a.exit-this-page")).toBeFocused();
  // Focus is visible: an outline is drawn.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(outline).toBe("solid");
  await page.keyboard.press("Tab");
  await expect(page.locator(".site-name")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.locator(".lang-switch")).toBeFocused();
});

test("the privacy page deletes what the portal keeps on the phone", async ({ page }) => {
  // How long the embassy keeps a registration: the profile's retention_days.
  await page.goto("/id/privacy");
  await appReady(page);
  await expect(page.locator("#kept-period")).toHaveText(/^Kedutaan menyimpan pendaftaran Anda selama 90 hari setelah perubahan terakhir/);
  await page.goto("/en/privacy");
  await appReady(page);
  expect(await page.evaluate(() => localStorage.getItem("portal.lang"))).toBe("en");
  await expect(page.locator("#kept-period")).toHaveText(/^The embassy keeps your registration for 90 days after the last change/);
  await page.evaluate(() => localStorage.setItem("portal.draft", "{}"));
  await page.getByRole("button", { name: "Delete all my data from this phone" }).click();
  await expect(page.getByRole("status")).toHaveText("Done. The data on this phone is deleted.");
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("portal.") && k !== "portal.lang"));
  expect(left).toEqual([]);
});

test.describe("exit this page", () => {
  async function neutralSite(page) {
    page.__allowExternal = (url) => url.startsWith("https://www.google.com/");
    await page.route("https://www.google.com/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>neutral</title><p>neutral</p>" }),
    );
  }

  test.describe("from a page of the app", () => {
  // It goes back to the tab's first page, the test's `/__mark-app-used`.
  // The server answers that unknown path 404 with the shell, whose inline
  // exit script carries on leaving; the browser logs the 404.
  test.use({ allowedConsole: [/status of 404/] });
  test("the button leaves at once and no portal page is one Back away", async ({ page, baseURL }) => {
    await markAppUsed(page);
    await neutralSite(page);
    await page.goto("/id");
    await appReady(page);
    await page.getByRole("link", { name: "Privasi dan keamanan" }).first().click();
    await expect(page).toHaveURL(/\/id\/privacy$/);
    await page.getByRole("link", { name: "Keluar dari halaman ini" }).click();
    await expect(page).toHaveURL("https://www.google.com/");
    await page.goBack().catch(() => {});
    expect(page.url()).not.toContain(new URL(baseURL).host);
  });
  });

  test.describe("without the app", () => {
  test.use({ allowedConsole: [/wasm|WebAssembly|Failed to load resource|Failed to fetch|ERR_FAILED/i] });
  test("pressing Shift three times leaves, even before the app loads", async ({ page }) => {
    await neutralSite(page);
    // Block the wasm so only the pre-rendered page and its inline exit.js are there.
    await page.route(/\.wasm$/, (route) => route.abort());
    page.__allowExternal = (url) => url.startsWith("https://www.google.com/");
    await page.goto("/en");
    await expect(page.locator("#prerender .contacts")).toBeVisible();
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await expect(page).toHaveURL("https://www.google.com/");
  });
});
});

test.describe("the app starts only where it is needed", () => {
  /** The app's files this page asked for. */
  function appRequests(page) {
    const seen = [];
    page.on("request", (req) => {
      if (APP_FILE.test(new URL(req.url()).pathname)) seen.push(req.url());
    });
    return seen;
  }

  test("a first visit to home or an article downloads no app, and the page is complete", async ({ page }) => {
    const app = appRequests(page);
    await page.goto("/id");
    await page.waitForLoadState("load");
    const contacts = page.getByRole("region", { name: "Nomor darurat" });
    await expect(contacts.locator('a[href^="tel:+"]')).toHaveCount(2);
    await expect(page.getByRole("link", { name: /Cara pulang/ })).toBeVisible();
    await page.goto("/id/guidance/lost-passport");
    await page.waitForLoadState("load");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Paspor hilang");
    await expect(page.locator("#prerender")).toBeVisible();
    expect(app).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem("portal.app"))).toBe(null);
    // The guidance list has the search: it needs the app, and starts it.
    await page.locator('footer a[href="/id/guidance"]').click();
    await appReady(page);
    await expect(page.getByRole("searchbox", { name: "Cari panduan" })).toBeVisible();
    expect(app.length).toBe(2);
  });

  test.describe("with the service worker", () => {
    test.use({ serviceWorkers: "allow" });
    test("the form's start page readies the app without starting it; the questions start it; home then starts it too", async ({ page }) => {
      const app = appRequests(page);
      await page.goto("/en");
      await page.waitForLoadState("load");
      expect(app).toEqual([]);
      await page.getByRole("link", { name: /Register before you come/ }).first().click();
      await expect(page).toHaveURL(/\/en\/register$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register before you come to the embassy");
      // The next tap opens a question, which needs the app: the service worker
      // downloads it now. The start page itself does not start it.
      await expect.poll(() => cachedAppFiles(page), { timeout: 30_000 }).toBe(2);
      await expect(page.locator("#prerender")).toBeVisible();
      expect(app).toEqual([]);
      const fromNetwork = [];
      page.on("response", (res) => {
        if (APP_FILE.test(new URL(res.url()).pathname) && !res.fromServiceWorker()) {
          fromNetwork.push(res.url());
        }
      });
      await page.getByRole("link", { name: /^Start now/ }).click();
      await expect(page).toHaveURL(/\/en\/register\/name$/);
      await appReady(page);
      await expect(page.getByLabel("What is your full name?")).toBeVisible();
      expect(app.length).toBe(2);
      expect(fromNetwork, "the app came from the service worker's cache").toEqual([]);
      await page.goto("/en");
      await appReady(page);
      await expect(page.locator("#app .contacts")).toBeVisible();
    });
  });

  test.describe("when the app cannot be downloaded", () => {
    test.use({ allowedConsole: [/Failed to load resource|ERR_FAILED|ERR_INTERNET_DISCONNECTED/i] });
    test("the page says so in its language, and keeps the contacts", async ({ page }) => {
      await page.route(APP_FILE, (route) => route.abort());
      await page.goto("/id/register/name");
      const problem = page.getByRole("alert");
      await expect(problem).toContainText("Halaman ini belum bisa dibuka");
      await expect(problem).toContainText("Sambungkan internet");
      await expect(page.getByRole("region", { name: "Nomor darurat" }).locator('a[href^="tel:+"]')).toHaveCount(2);
      await expectAccessible(page, "app could not start");
    });

    test("a page without the numbers says where they are", async ({ page }) => {
      await page.route(APP_FILE, (route) => route.abort());
      // The guidance list starts the app at once, and has no contacts.
      await page.goto("/en/guidance");
      const problem = page.getByRole("alert");
      await expect(problem).toContainText("This page cannot open yet");
      await expect(page.locator('a[href^="tel:"]')).toHaveCount(0);
      await expect(problem).not.toContainText("are on this page");
      await problem.getByRole("link", { name: "home page" }).click();
      await expect(page).toHaveURL(/\/en$/);
      await expect(page.getByRole("region", { name: "Emergency contacts" }).locator('a[href^="tel:+"]').first()).toBeVisible();
    });
  });
});
