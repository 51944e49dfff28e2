// One source for the pre-rendered pages: the build renders the app's own
// components, so the text of `main` before the app equals its text after the
// app takes over, on every pre-rendered page in both languages. What only
// the app adds, and only when the phone has something to show (the saved
// reference, the queue line, search, "available offline", share), is marked
// `.app-extra` and left out of the comparison.
const { test, expect, appReady, markAppUsed } = require("../fixtures");

function mainText(page, root) {
  return page.evaluate((root) => {
    const main = document.querySelector(`${root} main`);
    const copy = main.cloneNode(true);
    // The "cannot start" box boot.js adds when the wasm is blocked is not page content.
    copy.querySelectorAll(".app-extra, #boot-problem").forEach((el) => el.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }, root);
}

async function prerenderedPaths(request, lang) {
  const res = await request.get(`/content/${lang}/index.json`);
  expect(res.ok()).toBeTruthy();
  const articles = await res.json();
  expect(articles.length).toBeGreaterThan(0);
  // The accessibility statement is not here: the app has no route for it
  // (frame.spec.js checks that it never starts there).
  return [`/${lang}`, `/${lang}/guidance`, `/${lang}/register`]
    .concat(articles.map((a) => `/${lang}/guidance/${a.slug}`));
}

for (const lang of ["id", "en"]) {
  test(`the pre-rendered main text equals the app's on every pre-rendered page (${lang}) @phone-only`, async ({ browser, baseURL, page }) => {
    test.setTimeout(180_000);
    const paths = await prerenderedPaths(page.request, lang);
    // Before the app: the wasm never arrives, so the pre-render stays.
    const before = await browser.newContext({ baseURL, serviceWorkers: "block" });
    const plain = await before.newPage();
    await plain.route(/\.wasm$/, (route) => route.abort());
    await markAppUsed(page);
    for (const path of paths) {
      await plain.goto(path);
      await expect(plain.locator("#prerender main")).toBeVisible();
      const pre = await mainText(plain, "#prerender");
      await page.goto(path);
      await appReady(page);
      const app = await mainText(page, "#app");
      expect(pre.length, path).toBeGreaterThan(100);
      expect(app, path).toBe(pre);
    }
    await before.close();
  });
}
