// Queue advisories, the public page: what it shows for each document, the
// "for me" answer from a stored receipt, offline and stale copies, polling,
// and bad answers from the network. Documents are injected with
// `page.route`, so these tests never depend on (or change) the shared
// backend's current advisory.
const { test, expect, appReady, markAppUsed, expectAccessible } = require("../fixtures");

// Injected answers must reach the page, not a service worker's cache.
test.use({ serviceWorkers: "block" });

const API = "**/api/v1/advisories";
const MIN = 60_000;
// A fixed instant: 2026-01-19 08:00 in Phnom Penh (UTC+7), a Monday.
const T = Date.parse("2026-01-19T01:00:00Z");
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A current advisory at `now`, with `extra` fields replacing the defaults. */
function doc(now, extra = {}) {
  return {
    verdict: "come",
    points: [
      {
        id: "splp",
        name: { id: "Loket SPLP", en: "SPLP counter" },
        status: "busy",
        wait_min: 30,
        wait_max: 90,
        now_serving: "A123",
        counters_open: 2,
        counters_max: 4,
        line_outside: 40,
        message: { id: "Bawa fotokopi KTP.", en: "Bring a copy of your ID card." },
      },
      { id: "passport", name: { id: "Paspor", en: "Passports" }, status: "closed" },
    ],
    notice: { id: "Waspada petugas palsu.", en: "Beware of fake staff." },
    updated_at: iso(now - 5 * MIN),
    next_update_by: iso(now + 60 * MIN),
    valid_until: iso(now + 8 * 60 * MIN),
    refresh_after_s: 60,
    ...extra,
  };
}

/** Answers every advisory request with `answer(request, n)` → {status, body, headers}. */
async function serve(page, answer) {
  const seen = [];
  await page.route(API, async (route) => {
    const req = route.request();
    seen.push({ inm: req.headers()["if-none-match"] || null });
    const a = await answer(req, seen.length);
    if (a === "abort") return route.abort("internetdisconnected");
    const headers = { "cache-control": "no-store", ...(a.headers || {}) };
    const body = typeof a.body === "string" ? a.body : a.body === undefined ? "" : JSON.stringify(a.body);
    if (typeof a.body !== "string" && a.body !== undefined) headers["content-type"] = "application/json";
    await route.fulfill({ status: a.status || 200, headers, body });
  });
  return seen;
}

const receipt = (receivedAt, help = ["travel_document"]) =>
  JSON.stringify({ reference: "ABCD-12345", received_at: receivedAt, help_needed: help });

async function setStorage(page, entries) {
  await page.addInitScript((e) => {
    for (const [k, v] of Object.entries(e)) localStorage.setItem(k, v);
  }, entries);
}

const verdictBox = (page) => page.locator("main .adv-card .verdict");

test("shows today's advisory in words, with icon, wait, points, notice and times", async ({ page }) => {
  await page.clock.install({ time: T });
  await serve(page, () => ({ body: doc(T), headers: { etag: '"v1"' } }));
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(page).toHaveTitle(/Can I come today/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can I come today?");
  const box = verdictBox(page);
  await expect(box).toHaveClass(/verdict-come/);
  await expect(box).toContainText("Come. Walk-ins are served.");
  await expect(box.locator("svg[aria-hidden=true]")).toHaveCount(1);
  await expect(page.locator(".adv-times")).toContainText("Updated 5 minutes ago (07:55).");
  await expect(page.locator(".adv-times")).toContainText("Next update by 09:00.");
  await expect(page.locator(".adv-times")).toContainText("All times are local time (UTC+7).");
  await expect(page.getByRole("heading", { name: "Notice" })).toBeVisible();
  await expect(page.getByText("Beware of fake staff.")).toBeVisible();
  const splp = page.locator(".point").filter({ hasText: "SPLP counter" });
  await expect(splp).toContainText("Busy");
  await expect(splp).toContainText("30–90 minutes");
  await expect(splp).toContainText("A123");
  await expect(splp).toContainText("2 of 4");
  await expect(splp).toContainText("40 people");
  await expect(splp).toContainText("Bring a copy of your ID card.");
  await expect(page.locator(".point").filter({ hasText: "Passports" })).toContainText("Closed");
  await expect(page.getByRole("heading", { name: "Opening hours" })).toBeVisible();
  await expect(page.getByText("Monday–Friday: 08:00–16:00")).toBeVisible();
  // "Updated N minutes ago" ticks.
  await page.clock.fastForward(3 * MIN);
  await expect(page.locator(".adv-times")).toContainText("Updated 8 minutes ago");
  await expectAccessible(page, "advisory, current (en)");
});

test("shows the advisory in Indonesian, and where to go instead", async ({ page }) => {
  await page.clock.install({ time: T });
  const elsewhere = {
    place: { id: "Aula Serbaguna", en: "Community hall" },
    address: { id: "Jalan Contoh 2", en: "2 Example Street" },
    hours: { id: "08:00–15:00", en: "8:00 to 15:00" },
  };
  await serve(page, () => ({ body: doc(T, { verdict: "go_elsewhere", elsewhere }) }));
  await page.goto("/id/advisories");
  await appReady(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(verdictBox(page)).toContainText("Jangan datang ke kedutaan.");
  const place = page.locator(".adv-elsewhere");
  await expect(place.getByRole("heading")).toContainText("Pergi ke tempat ini");
  await expect(place).toContainText("Aula Serbaguna");
  await expect(place).toContainText("Jalan Contoh 2");
  await expect(place).toContainText("08:00–15:00");
  await expect(page.locator(".point").first()).toContainText("Ramai");
  await expectAccessible(page, "advisory, go elsewhere (id)");
});

test.describe("for me", () => {
  const invitation = {
    date: "2026-01-19",
    window_start: "09:00",
    window_end: "12:00",
    registered_before: "2026-01-18T10:00:00Z",
    help_kinds: ["travel_document", "repatriation"],
  };

  test("registered before today's cut-off: yes, come with the reference", async ({ page }) => {
    await page.clock.install({ time: T });
    await setStorage(page, { "portal.register.receipt": receipt("2026-01-17T03:00:00Z") });
    await serve(page, () => ({ body: doc(T, { verdict: "invited_only", invitation }) }));
    await page.goto("/en/advisories");
    await appReady(page);
    const me = page.getByRole("region", { name: "For me" });
    await expect(me.locator(".for-me")).toHaveClass(/for-me-yes/);
    await expect(me).toContainText(
      "Yes, you are invited. You registered on 17 Jan, before the cut-off. Come today, between 09:00 and 12:00.",
    );
    await expect(me).toContainText("ABCD-12345");
    // The rule itself is public too.
    const rule = page.locator(".adv-invitation");
    await expect(rule).toContainText("09:00–12:00");
    await expect(rule).toContainText("18 Jan 17:00");
    await expect(rule).toContainText("travel document (SPLP)");
    await expectAccessible(page, "for me: yes");
  });

  test("registered after the cut-off: not yet", async ({ page }) => {
    await page.clock.install({ time: T });
    await setStorage(page, { "portal.register.receipt": receipt("2026-01-18T12:00:00Z") });
    await serve(page, () => ({ body: doc(T, { verdict: "invited_only", invitation }) }));
    await page.goto("/id/advisories");
    await appReady(page);
    const me = page.getByRole("region", { name: "Untuk saya" });
    await expect(me.locator(".for-me")).toHaveClass(/for-me-no/);
    await expect(me).toContainText("Belum. Anda mendaftar setelah batas waktu undangan hari ini.");
    await expect(me).toContainText("Jangan datang hari ini.");
    await expectAccessible(page, "for me: not yet");
  });

  test("no receipt, or a broken one: says how to register", async ({ page }) => {
    await page.clock.install({ time: T });
    await setStorage(page, { "portal.register.receipt": '{"reference":"ABCD-12345","received_at":"soon"' });
    await serve(page, () => ({ body: doc(T, { verdict: "invited_only", invitation }) }));
    await page.goto("/en/advisories");
    await appReady(page);
    const me = page.getByRole("region", { name: "For me" });
    await expect(me).toContainText("You have not registered on this phone.");
    await expect(me.getByRole("link", { name: "Register here first" })).toHaveAttribute("href", "/en/register");
    await expectAccessible(page, "for me: no receipt");
  });
});

test.describe("offline", () => {
  test.use({ allowedConsole: [/Failed to load resource/] });

  test("shows the saved advisory with its age", async ({ page, context }) => {
    await page.clock.install({ time: T });
    let offline = false;
    await serve(page, () => (offline ? "abort" : { body: doc(T), headers: { etag: '"v1"' } }));
    await page.goto("/en/advisories");
    await appReady(page);
    await expect(verdictBox(page)).toContainText("Come.");
    await expect(page.locator(".adv-net-problem")).toHaveCount(0);
    offline = true;
    await context.setOffline(true);
    await page.clock.fastForward(12 * MIN);
    const net = page.locator(".adv-net-problem");
    await expect(net).toContainText("You are offline. This is the last information saved on this phone.");
    await expect(net).toContainText("Last checked: 12 minutes ago.");
    // Still today's advisory (valid, and within its promised update time).
    await expect(verdictBox(page)).toContainText("Come.");
    await expectAccessible(page, "offline with a saved advisory");
    await context.setOffline(false);
  });
});

test.describe("opening with the network failing", () => {
  test.use({ allowedConsole: [/Failed to load resource/] });

  test("shows the copy kept on the phone, and how old it is", async ({ page }) => {
    await page.clock.install({ time: T });
    await setStorage(page, {
      "portal.advisories.last": JSON.stringify({ etag: '"v1"', fetched_at: T / 1000 - 25 * 60, advisory: doc(T) }),
    });
    await serve(page, () => "abort");
    await page.goto("/en/advisories");
    await appReady(page);
    await expect(page.locator(".adv-net-problem")).toContainText("Last checked: 25 minutes ago.");
    await expect(verdictBox(page)).toContainText("Come.");
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    await expectAccessible(page, "opened offline with a saved copy");
  });

  test("with nothing kept: says so, and still gives the opening hours", async ({ page }) => {
    await serve(page, () => "abort");
    await page.goto("/en/advisories");
    await appReady(page);
    await expect(page.locator(".adv-net-problem")).toContainText("could not be loaded");
    await expect(page.getByText("Monday–Friday: 08:00–16:00")).toBeVisible();
    await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
    await expectAccessible(page, "opened offline with nothing saved");
  });
});

test("past the promised update it says 'may be out of date' and shows the status as unknown", async ({ page }) => {
  await page.clock.install({ time: T });
  // The server keeps answering "not modified": nothing new was posted.
  await serve(page, (req, n) => (n === 1 ? { body: doc(T), headers: { etag: '"v1"' } } : { status: 304, headers: { etag: '"v1"' } }));
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(verdictBox(page)).toHaveClass(/verdict-come/);
  const live = page.locator("[aria-live=polite]");
  await expect(live).toHaveText("");
  await page.clock.fastForward(61 * MIN);
  await expect(verdictBox(page)).toHaveClass(/verdict-unknown/);
  await expect(verdictBox(page)).toContainText("Status unknown.");
  await expect(verdictBox(page)).toContainText("The update is late. Things may have changed.");
  await expect(verdictBox(page)).toContainText("Last advisory (07:55): Come. Walk-ins are served.");
  await expect(page.locator(".point").first()).toContainText("Unknown");
  await expect(page.locator(".point").first()).toContainText("wait time unknown");
  await expect(page.locator(".point").first()).not.toContainText("A123");
  await expect(live).toContainText("Queue information changed: Status unknown.");
  await expectAccessible(page, "stale advisory");
});

test("past valid_until on opening: out of date from the start", async ({ page }) => {
  await page.clock.setFixedTime(T + 9 * 60 * MIN);
  await serve(page, () => ({ body: doc(T) }));
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(verdictBox(page)).toContainText("This information has expired. Treat the status as unknown.");
  await expect(page.getByRole("region", { name: "For me" })).toBeVisible();
});

test("a new verdict appears within one poll, with If-None-Match, and is announced politely", async ({ page }) => {
  await page.clock.install({ time: T });
  const seen = await serve(page, (req, n) =>
    n === 1
      ? { body: doc(T, { refresh_after_s: 30 }), headers: { etag: '"v1"' } }
      : { body: doc(T, { verdict: "do_not_come", refresh_after_s: 30, updated_at: iso(T) }), headers: { etag: '"v2"' } },
  );
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(verdictBox(page)).toContainText("Come.");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
  await page.clock.runFor(34_000);
  await expect(verdictBox(page)).toContainText("Do not come today.");
  expect(seen.length).toBe(2);
  expect(seen[1].inm).toBe('"v1"');
  await expect(page.locator("[aria-live=polite]")).toHaveText(
    "Queue information changed: Do not come today. The embassy is closed or full.",
  );
  // Focus did not move.
  expect(await page.evaluate(() => document.activeElement && document.activeElement.tagName)).toBe(focused);
});

test("polling pauses while the page is hidden and resumes when it is seen", async ({ page }) => {
  await page.clock.install({ time: T });
  const seen = await serve(page, (req, n) =>
    n === 1 ? { body: doc(T, { refresh_after_s: 30 }), headers: { etag: '"v1"' } } : { status: 304, headers: { etag: '"v1"' } },
  );
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(verdictBox(page)).toContainText("Come.");
  const setHidden = (hidden) =>
    page.evaluate((h) => {
      Object.defineProperty(document, "hidden", { value: h, configurable: true });
      document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    }, hidden);
  await setHidden(true);
  await page.clock.runFor(5 * MIN);
  expect(seen.length).toBe(1);
  await setHidden(false);
  await expect.poll(() => seen.length).toBe(2);
  expect(seen[1].inm).toBe('"v1"');
  await expect(verdictBox(page)).toContainText("Come.");
});

test.describe("errors back off", () => {
  test.use({ allowedConsole: [/Failed to load resource/] });

  test("retries at 15 s, then 30 s, says when, and asks at once when the phone is back online", async ({ page }) => {
    await page.clock.install({ time: T });
    const seen = await serve(page, () => ({ status: 503, body: "<html><body>Service Unavailable</body></html>", headers: { "content-type": "text/html" } }));
    await page.goto("/en/advisories");
    await appReady(page);
    // The page says when it will ask again (`<time datetime>`, whole seconds
    // rounded up). It is set when the retry is planned, so the clock is only
    // moved once the page has taken in the failed answer.
    const retry = page.locator(".adv-net-problem time");
    const retryAt = async (not) => {
      await expect(retry).toHaveAttribute("datetime", /Z$/);
      if (not !== undefined) await expect(retry).not.toHaveAttribute("datetime", iso(not));
      return Date.parse(await retry.getAttribute("datetime"));
    };
    const pageNow = () => page.evaluate(() => Date.now());
    /** Moves the page's clock to `ms`, then gives a request it set off time to arrive. */
    const runTo = async (ms) => {
      await page.clock.runFor(Math.max(0, Math.round(ms - (await pageNow()))));
      await page.waitForTimeout(200);
    };

    await expect.poll(() => seen.length).toBe(1);
    const first = await retryAt();
    await expect(retry).toHaveText("It will try again by itself within a minute.");
    // 15 s ±10%, planned on an answer that came just now.
    const lead = first - (await pageNow());
    expect(lead).toBeGreaterThan(13_500 - 1_000);
    expect(lead).toBeLessThanOrEqual(16_500 + 1_000);
    await runTo(first - 1_500);
    expect(seen.length).toBe(1);
    await runTo(first + 500);
    await expect.poll(() => seen.length).toBe(2);

    const second = await retryAt(first);
    // 30 s ±10% after the second error.
    expect(second - first).toBeGreaterThan(27_000 - 1_000);
    expect(second - first).toBeLessThanOrEqual(33_000 + 2_000);
    await runTo(second - 1_500);
    expect(seen.length).toBe(2);
    await runTo(second + 500);
    await expect.poll(() => seen.length).toBe(3);

    // (Asked again and again: a request still on its way is not doubled.)
    await expect
      .poll(async () => {
        await page.evaluate(() => window.dispatchEvent(new Event("online")));
        return seen.length;
      })
      .toBeGreaterThanOrEqual(4);
    await expect(page.locator(".adv-net-problem")).toContainText("could not be loaded");
  });
});

test.describe("bad answers still give something true and useful", () => {
  test.use({ allowedConsole: [/Failed to load resource/] });

  const cases = [
    ["an HTML error page from a proxy", () => ({ body: "<!doctype html><h1>502 Bad Gateway</h1>", headers: { "content-type": "text/html" } }), "could not be loaded"],
    ["a 500 with HTML", () => ({ status: 500, body: "<html>oops</html>", headers: { "content-type": "text/html" } }), "could not be loaded"],
    ["truncated JSON", () => ({ body: JSON.stringify(doc(T)).slice(0, 60), headers: { "content-type": "application/json" } }), "could not be loaded"],
    ["an empty body", () => ({ body: "", headers: { "content-type": "application/json" } }), "could not be loaded"],
    ["an empty document", () => ({ body: {} }), "No current queue advisory. See the embassy's opening hours below."],
    ["a 304 with nothing kept", () => ({ status: 304 }), "could not be loaded"],
    ["an unknown verdict", () => ({ body: doc(T, { verdict: "teleport" }) }), "Status unknown."],
    ["a field of the wrong type", () => ({ body: doc(T, { notice: 42, verdict: "do_not_come" }) }), "Do not come today."],
    ["updated_at in the future", () => ({ body: doc(T, { updated_at: iso(T + 3 * 60 * MIN) }) }), "The clock on your phone or on the server is wrong."],
  ];
  for (const [name, answer, text] of cases) {
    test(name, async ({ page }) => {
      await page.clock.install({ time: T });
      await serve(page, answer);
      await page.goto("/en/advisories");
      await appReady(page);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can I come today?");
      await expect(page.locator("main")).toContainText(text);
      await expect(page.getByText("Monday–Friday: 08:00–16:00")).toBeVisible();
      await expectAccessible(page, `bad answer: ${name}`);
    });
  }

  test("an unknown point status shows as unknown", async ({ page }) => {
    await page.clock.install({ time: T });
    const d = doc(T);
    d.points[0].status = "on_fire";
    await serve(page, () => ({ body: d }));
    await page.goto("/en/advisories");
    await appReady(page);
    await expect(page.locator(".point").first().locator(".status")).toHaveClass(/status-unknown/);
    await expect(page.locator(".point").first()).toContainText("Unknown");
  });

  test("a 304 with nothing kept asks again without If-None-Match", async ({ page }) => {
    await page.clock.install({ time: T });
    const seen = await serve(page, (req, n) => (n === 1 ? { status: 304 } : { body: doc(T), headers: { etag: '"v1"' } }));
    await page.goto("/en/advisories");
    await appReady(page);
    await expect(verdictBox(page)).toContainText("Come.");
    expect(seen.length).toBe(2);
    expect(seen[1].inm).toBe(null);
  });
});

test("the compact line on the home page, once the queue was checked on this phone", async ({ page }) => {
  await markAppUsed(page);
  await page.clock.install({ time: T });
  await serve(page, () => ({ body: doc(T) }));
  // Before any queue check, home has no line, and fetches neither its
  // piece nor the advisory.
  const asked = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  await page.goto("/en");
  await appReady(page);
  await expect(page.locator(".adv-line")).toHaveCount(0);
  expect(asked.filter((p) => /split_queue_line|\/api\/v1\/advisories/.test(p))).toEqual([]);
  await page.goto("/en/advisories");
  await appReady(page);
  await expect(verdictBox(page)).toContainText("Come.");
  await page.goto("/en");
  await appReady(page);
  const line = page.locator(".adv-line");
  await expect(line).toHaveCount(1);
  await expect(line.getByRole("heading", { name: "Today at the embassy" })).toBeVisible();
  await expect(line.locator(".verdict")).toHaveClass(/verdict-come/);
  await expect(line).toContainText("Come. Walk-ins are served.");
  await expect(line).toContainText("Wait: 30–90 minutes.");
  await expect(line).toContainText("Updated 5 minutes ago. Next update by 09:00.");
  await expect(line.getByRole("link", { name: "See all queue information" })).toHaveAttribute("href", "/en/advisories");
  await page.clock.fastForward(61 * MIN);
  await expect(line.locator(".verdict")).toHaveClass(/verdict-unknown/);
  await expect(line).toContainText("Status unknown. The update is late.");
  await expectAccessible(page, "home page line");
});

test("the staff page is not linked from public pages", async ({ page }) => {
  await markAppUsed(page);
  for (const path of ["/id", "/en/advisories"]) {
    await page.goto(path);
    await appReady(page);
    await expect(page.locator('a[href*="staff"]')).toHaveCount(0);
  }
});
