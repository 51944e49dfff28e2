// The service worker keeps only what it should (public/sw.js): cache keys
// without the query string, only the app's own paths answered as pages, a
// profile kept only when it is usable, nothing of a registration, and after
// the privacy wipe no worker and no cache at all.
const {
  test, expect, appReady, installed, appPieces, markAppUsed, openBlankPage, holdWorkerInstall,
} = require("../fixtures");

test.use({
  serviceWorkers: "allow",
  // Offline, the advisory poll fails by design (and the page says so).
  allowedConsole: [/ERR_FAILED|ERR_INTERNET_DISCONNECTED/],
});

/** Every entry of every cache of this origin: its URL. */
async function cachedUrls(page) {
  return page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

/** Waits until this page's worker is active and its activation is over. */
async function activated(page) {
  await page.evaluate(async () => {
    const active = (await navigator.serviceWorker.ready).active;
    if (active.state !== "activated") {
      await new Promise((resolve) => active.addEventListener("statechange", () => active.state === "activated" && resolve()));
    }
  });
}

/** Pages that are not the app's (a status page, JSON, a script) make the
 *  browser ask for `/favicon.ico`, which the portal does not have: that 404
 *  (and only that) is expected in the tests that open them. */
function onlyFaviconMissing(page) {
  const missing = [];
  page.on("response", (res) => {
    if (res.status() === 404) missing.push(new URL(res.url()).pathname);
  });
  return () => expect(missing.filter((p) => p !== "/favicon.ico")).toEqual([]);
}

test.describe("pages that are not the app's", () => {
  // One pattern: a second one in the array would read as fixture options.
  test.use({ allowedConsole: [/ERR_FAILED|ERR_INTERNET_DISCONNECTED|status of 404 \(Not Found\)/] });

test("a query string never makes a new cache entry", async ({ page }) => {
  const checkMissing = onlyFaviconMissing(page);
  await installed(page, "/en");
  // One of each kind the worker caches at run time: the advisory, guidance
  // JSON, a no-script status page.
  await page.evaluate(async () => {
    await fetch("/api/v1/advisories");
    await fetch("/content/en/index.json");
  });
  await page.goto("/status/en");
  await page.goto("/en");
  const before = await cachedUrls(page);

  await page.evaluate(async () => {
    for (let i = 1; i <= 50; i++) {
      await fetch(`/api/v1/advisories?x=${i}`);
      await fetch(`/content/en/index.json?x=${i}`);
    }
  });
  for (const i of [1, 2, 3]) await page.goto(`/status/en?x=${i}`);
  await page.goto("/en");
  const after = await cachedUrls(page);
  expect(after.length).toBe(before.length);
  expect(after.filter((u) => u.includes("?"))).toEqual([]);
  expect(after.some((u) => new URL(u).pathname === "/api/v1/advisories")).toBe(true);
  checkMissing();
});

test("only the app's own paths are answered as pages: the API, sw.js and files go to the network", async ({ page }) => {
  const checkMissing = onlyFaviconMissing(page);
  await installed(page, "/en");
  for (const [path, type] of [
    ["/api/v1/health", /application\/json/],
    ["/sw.js", /javascript/],
    ["/profile.json", /application\/json/],
  ]) {
    const res = await page.goto(path);
    expect(res.status(), path).toBe(200);
    expect(res.fromServiceWorker(), `${path} answered by the worker`).toBe(false);
    expect(res.headers()["content-type"], path).toMatch(type);
    expect(await page.locator("#prerender, #app").count(), `${path} got the app's shell`).toBe(0);
  }
  const health = await page.goto("/api/v1/health");
  expect((await health.json()).status).toBe("ok");
  // The app's pages still come from the worker (the route table's shapes).
  for (const path of ["/en", "/id/register/name", "/en/advisories", "/staff", "/"]) {
    const res = await page.goto(path);
    expect(res.fromServiceWorker(), `${path} from the worker`).toBe(true);
  }
  checkMissing();
});
});

test("a broken profile from the server never replaces the good copy, and contacts still show offline", async ({ page, context }) => {
  await installed(page, "/en");
  const cachedProfile = () =>
    page.evaluate(async () => {
      const hit = await caches.match("/profile.json");
      return hit ? hit.text() : null;
    });
  const good = await cachedProfile();
  expect(JSON.parse(good).contacts.length).toBeGreaterThan(0);

  // While online the worker answers from its copy and refreshes it from the
  // network; the network here serves a broken file once for each case.
  let served = 0;
  const serveOnce = async (body) => {
    const before = served;
    await context.route("**/profile.json", (route) => {
      served++;
      return route.fulfill({ status: 200, contentType: "application/json", body });
    });
    await page.evaluate(() => fetch("/profile.json").then((r) => r.text()));
    await expect.poll(() => served, { message: "the worker asked the network" }).toBeGreaterThan(before);
    await context.unroute("**/profile.json");
    // Give a (wrong) cache.put time to land.
    await page.waitForTimeout(300);
  };
  const profile = JSON.parse(good);
  const { contacts, ...noContacts } = profile;
  for (const body of [
    '{"sample": true, "contacts": [',
    "<!doctype html><p>Bad gateway</p>",
    "[]",
    JSON.stringify(noContacts),
    JSON.stringify({ ...profile, contacts: [] }),
  ]) {
    await serveOnce(body);
    expect(await cachedProfile(), `kept the good copy over ${body.slice(0, 40)}`).toBe(good);
  }
  expect(contacts.length).toBeGreaterThan(0);

  // A usable new profile is taken (the check is not "never update").
  const changed = JSON.stringify({ ...profile, address: { ...profile.address, en: "2 Changed Street" } });
  await serveOnce(changed);
  await expect.poll(cachedProfile).toContain("2 Changed Street");

  await context.setOffline(true);
  await page.goto("/en");
  await expect(page.getByRole("region", { name: "Emergency contacts" }).locator('a[href^="tel:+"]')).toHaveCount(2);
  await context.setOffline(false);
});

test("after the privacy wipe no worker is registered and no cache is left", async ({ page }) => {
  await installed(page, "/en");
  await page.goto("/en/privacy");
  await appReady(page);
  const registrations = () =>
    page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  const cacheNames = () => page.evaluate(async () => (await caches.keys()).length);
  expect(await registrations()).toBe(1);
  expect(await cacheNames()).toBeGreaterThan(0);

  // A slow phone: the worker is busy, and deleting a cache takes a moment.
  await page.evaluate(() => {
    const tell = ServiceWorker.prototype.postMessage;
    ServiceWorker.prototype.postMessage = function (...message) {
      setTimeout(() => tell.apply(this, message), 2_000);
    };
    const remove = CacheStorage.prototype.delete;
    CacheStorage.prototype.delete = function (name) {
      return new Promise((resolve) => setTimeout(resolve, 300)).then(() => remove.call(this, name));
    };
  });
  await page.getByRole("button", { name: "Delete all my data from this phone" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleting…" })).toBeVisible();
  await expect(page.getByText("Done. The data on this phone is deleted.")).toBeVisible({ timeout: 15_000 });
  // "Done" is said only once no cache is left, not a moment before.
  expect(await cacheNames()).toBe(0);
  await expect.poll(registrations).toBe(0);
  // The old worker still controls this page until it is left: what the page
  // fetches now must not write a cache back.
  await page.evaluate(async () => {
    await fetch("/api/v1/advisories");
    await fetch("/content/en/index.json");
  });
  await page.waitForTimeout(500);
  expect(await cacheNames()).toBe(0);
  expect(await registrations()).toBe(0);
  const kept = await page.evaluate(() =>
    [...Array(localStorage.length).keys()].map((i) => localStorage.key(i)).filter((k) => k.startsWith("portal.")),
  );
  expect(kept).toEqual([]);
});

test("the privacy wipe while the worker installs leaves no cache, even when the page is left at once", async ({ page, context }) => {
  // A first visit on a slow link: the worker is still installing.
  const install = await holdWorkerInstall(context);
  await page.goto("/en/privacy");
  await appReady(page);
  await expect.poll(install.holding, { timeout: 15_000 }).toBe(true);
  await page.getByRole("button", { name: "Delete all my data from this phone" }).click();
  await expect(page.getByText("Done. The data on this phone is deleted.")).toBeVisible();
  // The person leaves the page at once, and then the install ends.
  await openBlankPage(page);
  install.release();
  const registrations = () =>
    page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  await expect.poll(registrations, { timeout: 15_000 }).toBe(0);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => caches.keys())).toEqual([]);
});

test("a worker whose caches are gone without the wipe unregisters, and the next visit works offline again", async ({ page, context }) => {
  await installed(page, "/en");
  const registrations = () =>
    page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  // The caches go, but not through the privacy wipe (the browser cleared
  // them, or the page that wiped was left before it unregistered).
  await page.evaluate(async () => {
    for (const name of await caches.keys()) await caches.delete(name);
  });
  // The worker finds out at the next thing it would keep.
  await page.evaluate(() => fetch("/content/en/index.json"));
  await expect.poll(registrations, { timeout: 15_000 }).toBe(0);
  // The next visit installs a worker again, and it keeps the portal.
  await installed(page, "/en");
  await context.setOffline(true);
  try {
    await page.goto("/en/register");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});

test("a page of a newer deployment is not kept by this version's worker", async ({ page, context }) => {
  const article = "/en/guidance/lost-passport";
  const keptCopy = () => page.evaluate(async (key) => {
    for (const name of await caches.keys()) {
      const hit = await (await caches.open(name)).match(key);
      if (hit) return hit.text();
    }
    return null;
  }, article + ".html");
  // The app has been used here: the article starts it (offline too).
  await markAppUsed(page);
  await installed(page, "/en");
  await page.goto(article);
  await expect.poll(keptCopy).not.toBeNull();
  const stem = /data-js="\/(portal-[0-9a-f]+)\.js"/.exec(await keptCopy())[1];
  const newer = "portal-" + "e".repeat(stem.length - "portal-".length);
  // The server now has a newer deployment; this phone's worker is still
  // the one before (its update waits, or is not found yet).
  let refreshed = false;
  await context.route(`**${article}`, async (route) => {
    if (!route.request().serviceWorker()) return route.continue();
    const response = await route.fetch();
    const body = (await response.text()).split(stem).join(newer);
    refreshed = true;
    await route.fulfill({ response, body });
  });
  await page.goto(article);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect.poll(() => refreshed).toBe(true);
  await page.waitForTimeout(500);
  const kept = await keptCopy();
  expect(kept).toContain(`data-js="/${stem}.js"`);
  expect(kept).not.toContain(newer);
  // Offline, the page kept still starts this version's app.
  await context.setOffline(true);
  try {
    await page.goto(article);
    await appReady(page);
    await expect(page.locator("#boot-problem")).toHaveCount(0);
  } finally {
    await context.setOffline(false);
  }
});

test("after a completed registration no cache entry holds its URL, its reference or what was typed", async ({ page }) => {
  await installed(page, "/en/register");
  const tail = Math.random().toString(36).replace(/[^a-z]/g, "").slice(0, 8) || "worker";
  const name = `Siti Cache${tail[0].toUpperCase()}${tail.slice(1)}`;
  const cont = () => page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("link", { name: /^Start now/ }).click();
  await page.getByLabel("What is your full name?").fill(name);
  await cont();
  await page.getByLabel("Date of birth").fill("1995-03-14");
  await page.getByLabel("Female", { exact: true }).check();
  await cont();
  await page.getByLabel(/^NIK \(16 digits\)/).fill("3174 0554 0395 0001");
  await cont();
  await page.getByLabel(/Someone else holds my passport/).check();
  await page.getByLabel(/^Passport number/).fill("q7654321");
  await cont();
  await page.getByLabel("Phone number", { exact: true }).fill("0812-3456-7890");
  await page.getByLabel("Yes, on this number").check();
  await cont();
  await page.getByLabel("City or province").fill("Kampot Cachetown");
  await page.getByLabel(/^How many other people/).fill("1");
  await cont();
  await page.getByLabel(/^A travel document/).check();
  await cont();
  await page.getByLabel("I prefer not to say").check();
  await cont();
  await cont();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your answers");
  await page.getByLabel(/^I agree/).check();
  await page.getByRole("button", { name: "Send registration" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Registration sent" })).toBeVisible({ timeout: 45_000 });
  const reference = (await page.locator("#reference").innerText()).trim();
  expect(reference).toMatch(/^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{5}$/);

  // Every entry's URL and, for text, its body.
  const entries = await page.evaluate(async () => {
    const out = [];
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = (response && response.headers.get("content-type")) || "";
        const body = /wasm/.test(type) ? "" : await response.text();
        out.push({ url: request.url, body });
      }
    }
    return out;
  });
  expect(entries.length).toBeGreaterThan(0);
  for (const { url, body } of entries) {
    expect(new URL(url).pathname, url).not.toMatch(/^\/api\/v1\/registrations/);
    for (const secret of [reference, name, "Cachetown", "Q7654321", "q7654321"]) {
      expect(url.includes(secret), `${url} holds ${secret}`).toBe(false);
      expect(body.includes(secret), `the cached ${url} holds ${secret}`).toBe(false);
    }
  }
});

test("the page of a first visit is kept: an article opened from a link reads offline", async ({ page, context }) => {
  // The worker is registered by this page, after its load: nothing passed
  // through it.
  await page.goto("/en/guidance/lost-passport");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Lost or taken passport/);
  await activated(page);
  await expect.poll(async () => (await cachedUrls(page)).some((u) => u.endsWith("/en/guidance/lost-passport.html"))).toBe(true);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Lost or taken passport/);
    await expect(page.getByText("This page cannot open yet")).toHaveCount(0);
  } finally {
    await context.setOffline(false);
  }
});

/** Runs `plant` (in the page) on a blank page of the origin, so that an
 *  older version's caches are there before this version's worker installs. */
async function plantOldCaches(page, plant, arg) {
  await openBlankPage(page);
  await page.evaluate(plant, arg);
}

/** Plants an older version's precache (`0bd`) holding `files` (and the
 *  list of its split points, when given), installs this version from home,
 *  and returns the paths its precache holds. */
async function precacheAfter(page, files, splitPoints) {
  await plantOldCaches(page, async ({ paths, listed }) => {
    const precache = await caches.open("portal-precache-0bd");
    for (const path of paths) await precache.put(path, new Response(""));
    if (listed) await precache.put("/sw-split-points.json", Response.json(listed));
  }, { paths: files, listed: splitPoints });
  await installed(page, "/en");
  return newPrecache(page);
}

/** The piece files the service worker asks the network for, from now on. */
function pieceFetches(context, pieces) {
  const files = new Set(Object.values(pieces).flat());
  const fetched = [];
  context.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (files.has(path)) fetched.push(path);
  });
  return fetched;
}

/** This version's app files (main module, its JS, the link module). */
function appFilesIn(have) {
  return have.filter((f) => /^\/portal-[0-9a-f]+(_bg\.wasm|\.js|_split\.js)$/.test(f));
}

/** The paths in every precache but the planted old version's. */
async function newPrecache(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const k of await caches.keys()) {
      if (!k.startsWith("portal-precache-") || k === "portal-precache-0bd") continue;
      for (const r of await (await caches.open(k)).keys()) out.push(new URL(r.url).pathname);
    }
    return out;
  });
}

/** Every public piece is in `have`, and never the staff page's own. */
function expectEveryPublicPiece(have, pieces) {
  for (const [split, files] of Object.entries(pieces)) {
    if (split === "staff") continue;
    for (const f of files) expect(have, `${split}: ${f}`).toContain(f);
  }
  expect(have.filter((f) => f.includes("-split_staff."))).toEqual([]);
}

test("a new version keeps the app but no piece when an old one, in pieces, kept none", async ({ page, context }) => {
  const pieces = await appPieces(page.request);
  const fetched = pieceFetches(context, pieces);
  // An older version's app in pieces (its link module), used only on pages
  // that need no piece; from before versions listed their split points.
  await precacheAfter(page, ["/portal-0bd.js", "/portal-0bd_bg.wasm", "/portal-0bd_split.js"]);
  // What activation keeps is not waited for by the page: give it time.
  await activated(page);
  await page.waitForTimeout(1_000);
  // The app stays offline...
  expect(appFilesIn(await newPrecache(page))).toHaveLength(3);
  // ...and no piece was downloaded for it (about 290 KB on prepaid data).
  expect(fetched).toEqual([]);
});

test("a new version keeps a split point the old one did not have: its code was in a part the phone had", async ({ page, context }) => {
  const pieces = await appPieces(page.request);
  const fetched = pieceFetches(context, pieces);
  // An older version in pieces whose privacy page was in the main part; it
  // lists its split points, and none of its pieces was used.
  const older = Object.keys(pieces).filter((split) => split !== "privacy");
  const have = await precacheAfter(page, ["/portal-0bd.js", "/portal-0bd_bg.wasm", "/portal-0bd_split.js"], older);
  await activated(page);
  await page.waitForTimeout(1_000);
  // The privacy page still opens offline; nothing else was downloaded.
  expect(appFilesIn(have)).toHaveLength(3);
  for (const f of pieces.privacy) expect(have).toContain(f);
  expect([...new Set(fetched)].sort()).toEqual([...pieces.privacy].sort());
});

test("a new version keeps every public piece when the old app was one file", async ({ page }) => {
  const pieces = await appPieces(page.request);
  // From before the app came in pieces: no link module, and the one file
  // held every page.
  expectEveryPublicPiece(await precacheAfter(page, ["/portal-0bd.js", "/portal-0bd_bg.wasm"]), pieces);
});

test("an install tried again keeps what the older version had, not what the failed try left", async ({ page }) => {
  const pieces = await appPieces(page.request);
  const sw = await (await page.request.get("/sw.js")).text();
  const version = /^self\.__VERSION = "([^"]+)";$/m.exec(sw)[1];
  const app = JSON.parse(/^self\.__APP = (.*);$/m.exec(sw)[1]);
  // A failed install of this version left its cache half filled: its link
  // module and one piece. The version before it was of one file.
  await plantOldCaches(page, async ({ mine, linkModule, piece }) => {
    const halfFilled = await caches.open(mine);
    await halfFilled.put(linkModule, new Response(""));
    await halfFilled.put(piece, new Response(""));
  }, {
    mine: "portal-precache-" + version,
    linkModule: app.find((f) => f.endsWith("_split.js")),
    piece: pieces.privacy[0],
  });
  expectEveryPublicPiece(await precacheAfter(page, ["/portal-0bd.js", "/portal-0bd_bg.wasm"]), pieces);
});

test("a new version keeps every public piece when an old one kept a piece it no longer has", async ({ page }) => {
  const pieces = await appPieces(page.request);
  // The piece home's extras were before the form's end took them over: its
  // code may be in any piece now (home's saved reference and queue line,
  // the form's end).
  expectEveryPublicPiece(
    await precacheAfter(page, ["/portal-0bd.js", "/portal-0bd_split.js", "/portal-0bd-split_home_extras.wasm"]),
    pieces,
  );
});

test("a new version's worker keeps visited articles, drops the rest and deletes the old caches", async ({ page }) => {
  // What an older version left on this phone, planted before this version's
  // worker installs (from a blank page of the origin, not served): its
  // runtime cache with a visited article this build still has, one it no
  // longer has, and a page; and its precache.
  await plantOldCaches(page, async () => {
    const runtime = await caches.open("portal-runtime");
    await runtime.put("/content/en/lost-passport.json", new Response('{"old":"copy"}'));
    await runtime.put("/content/en/an-article-since-removed.json", new Response("{}"));
    await runtime.put("/en/guidance/an-article-since-removed.html", new Response("<p>old</p>"));
    // A kept page of the old version: it names the old version's app files.
    await runtime.put("/en/guidance/lost-passport.html", new Response('<script data-js="/portal-0ld.js"></script>'));
    const precache = await caches.open("portal-precache-0ld");
    await precache.put("/index.html", new Response("<p>old shell</p>"));
  });

  await installed(page, "/en");
  // The activate step prunes; wait until it has finished.
  await activated(page);
  const names = await page.evaluate(async () => (await caches.keys()).sort());
  expect(names).not.toContain("portal-runtime");
  expect(names).not.toContain("portal-precache-0ld");
  const runtimes = names.filter((n) => n.startsWith("portal-runtime-"));
  expect(runtimes, `${names}`).toHaveLength(1);
  expect(names.filter((n) => n.startsWith("portal-precache-"))).toHaveLength(1);
  const kept = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const out = {};
    for (const r of await cache.keys()) out[new URL(r.url).pathname] = await (await cache.match(r)).text();
    return out;
  }, runtimes[0]);
  // The visited article is still readable offline; what this build does not
  // have is gone.
  expect(kept["/content/en/lost-passport.json"]).toBe('{"old":"copy"}');
  // A kept page becomes this version's copy, which names this version's
  // app (fetched after activation, so it may take a moment).
  const served = await (await page.request.get("/en/guidance/lost-passport.html")).text();
  expect(served).toMatch(/data-js="\/portal-[0-9a-f]+\.js"/);
  await expect.poll(() => page.evaluate(async (name) => {
    const r = await (await caches.open(name)).match("/en/guidance/lost-passport.html");
    return r ? r.text() : null;
  }, runtimes[0])).toBe(served);
  expect(Object.keys(kept).filter((p) => p.includes("since-removed"))).toEqual([]);
});
