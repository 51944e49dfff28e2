// The staff page: the token (session only), keyboard-only use, errors on
// their fields with a summary that takes focus, "Full for today", and the
// preview in both languages. Posts are answered by `page.route` here, so
// these tests never change the shared backend's advisory (see
// staff-publish.spec.js for the one that does).
const { test, expect, appReady, expectAccessible } = require("../fixtures");

test.use({ serviceWorkers: "block" });

const TOKEN = process.env.STAFF_TOKEN || "not-secret-CZj5XVsJ1aPhQHJJqcOk4_Q4Qaw-KitCYEk_yONeIE4";
const API = "**/api/v1/advisories";

/** Opens /staff in `lang`, optionally with the token already in the session. */
async function openStaff(page, { lang = "en", token = null } = {}) {
  await page.addInitScript(
    ([l, t]) => {
      localStorage.setItem("portal.lang", l);
      if (t) sessionStorage.setItem("portal.staff.token", t);
    },
    [lang, token],
  );
  await page.goto("/staff");
  await appReady(page);
  await expect(page.locator("form[data-loaded=true]")).toHaveCount(1);
}

/** Answers POSTs with `answer(body)` → {status, body}, and GETs with "no
 * advisory yet", so the form starts from its defaults whatever is current. */
async function answerPosts(page, answer) {
  const posted = [];
  await page.route(API, async (route) => {
    const req = route.request();
    if (req.method() !== "POST") {
      return route.fulfill({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
    }
    const body = req.postDataJSON();
    posted.push({ body, auth: req.headers()["authorization"] });
    const a = answer(body);
    await route.fulfill({
      status: a.status,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: JSON.stringify(a.body),
    });
  });
  return posted;
}

/** What the backend would answer for a valid post (enough for the page). */
const created = (body) => ({
  status: 201,
  body: { ...body, updated_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), next_update_by: null, valid_until: null },
});

/** Presses Tab until `locator` has focus (keyboard only). */
async function tabTo(page, locator, max = 150) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${locator}`);
}

test("the page works with the keyboard alone, and previews both languages", async ({ page }) => {
  const posted = await answerPosts(page, created);
  await openStaff(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Queue advisory (staff)");
  await expectAccessible(page, "staff page, no token");

  await tabTo(page, page.locator("#staff-token"));
  await page.keyboard.type(TOKEN);
  await page.keyboard.press("Enter");
  await expect(page.locator("#token-saved")).toBeFocused();

  await tabTo(page, page.locator("#f-verdict-come"));
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#f-verdict-do_not_come")).toBeChecked();

  await tabTo(page, page.locator("#f-template"));
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#f-template")).toHaveValue("full_today");
  await tabTo(page, page.getByRole("button", { name: "Use this message" }));
  await page.keyboard.press("Enter");
  await expect(page.locator("#f-notice-id")).toBeFocused();
  await expect(page.locator("#f-notice-en")).toHaveValue("Full today. Come tomorrow from 08:00.");

  const preview = page.getByRole("region", { name: "What people see" });
  await expect(preview.locator('[lang=id] .verdict')).toContainText("Jangan datang hari ini.");
  await expect(preview.locator('[lang=en] .verdict')).toContainText("Do not come today.");
  await expect(preview.locator("[lang=id]")).toContainText("Penuh hari ini. Datang besok mulai pukul 08:00.");

  await tabTo(page, page.getByRole("button", { name: "Publish", exact: true }));
  await page.keyboard.press("Enter");
  await expect(page.locator(".staff-form [role=status]")).toContainText(/Published at \d\d:\d\d\./);
  expect(posted).toHaveLength(1);
  expect(posted[0].auth).toBe(`Bearer ${TOKEN}`);
  expect(posted[0].body.verdict).toBe("do_not_come");
  expect(posted[0].body.notice).toEqual({
    id: "Penuh hari ini. Datang besok mulai pukul 08:00.",
    en: "Full today. Come tomorrow from 08:00.",
  });
  expect(posted[0].body.valid_until).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+07:00$/);
  await expectAccessible(page, "staff page, published");
});

test("the token is kept in sessionStorage only, and can be forgotten", async ({ page }) => {
  await openStaff(page);
  await page.getByRole("textbox", { name: "Staff token" }).fill(TOKEN);
  await page.getByRole("button", { name: "Use this token" }).click();
  await expect(page.getByText("Token saved for this browser session.")).toBeVisible();
  const stored = await page.evaluate(() => ({
    session: sessionStorage.getItem("portal.staff.token"),
    local: Object.keys(localStorage).map((k) => localStorage.getItem(k)),
  }));
  expect(stored.session).toBe(TOKEN);
  expect(stored.local.join(" ")).not.toContain(TOKEN);
  await page.reload();
  await appReady(page);
  await expect(page.getByText("Token saved for this browser session.")).toBeVisible();
  await page.getByRole("button", { name: "Forget token" }).click();
  await expect(page.locator("#staff-token")).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "The token is forgotten." })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem("portal.staff.token"))).toBe(null);
  // An empty token is refused, with the error tied to the field.
  await page.getByRole("button", { name: "Use this token" }).click();
  await expect(page.locator("#staff-token-error")).toContainText("Enter the staff token.");
  await expect(page.locator("#staff-token")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#staff-token")).toHaveAttribute("aria-describedby", /staff-token-error/);
});

test.describe("answers from the server", () => {
  test.use({ allowedConsole: [/Failed to load resource/] });

  test("a wrong token says so as soon as the page uses it, forgets it and asks again", async ({ page }) => {
    // The real backend answers 401 to the page's "who am I?"; nothing is published.
    await openStaff(page, { token: "wrong-token-wrong-token-wrong" });
    await expect(page.locator("#staff-token-error")).toContainText("The token is wrong.");
    await expect(page.locator("#staff-token")).toBeFocused();
    expect(await page.evaluate(() => sessionStorage.getItem("portal.staff.token"))).toBe(null);
    await expectAccessible(page, "staff page, wrong token");
  });

  test("422: each error on its field, with a summary that takes focus", async ({ page }) => {
    await answerPosts(page, () => ({
      status: 422,
      body: {
        error: {
          code: "validation",
          message: "Some fields are not valid.",
          fields: [
            { field: "valid_until", code: "in_past", message: "" },
            { field: "points[0].wait_min", code: "min_above_max", message: "" },
          ],
        },
      },
    }));
    await openStaff(page, { token: TOKEN });
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const summary = page.locator("#error-summary");
    await expect(summary).toBeFocused();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(summary).toContainText("There is a problem");
    // In the order of the form: the service point before the times.
    const links = summary.getByRole("link");
    await expect(links.nth(0)).toHaveText("Service point 1: Shortest wait (minutes): The shortest wait is more than the longest wait.");
    await expect(links.nth(1)).toHaveText("Valid until: This time has passed. Choose a time in the future.");
    const wait = page.locator("#f-points-0-wait_min");
    await expect(wait).toHaveAttribute("aria-invalid", "true");
    await expect(wait).toHaveAttribute("aria-describedby", "f-points-0-wait_min-error");
    await expect(page.locator("#f-points-0-wait_min-error")).toContainText("The shortest wait is more than the longest wait.");
    await expect(page.locator("#f-valid_until-date")).toHaveAttribute("aria-invalid", "true");
    await links.nth(1).click();
    await expect(page.locator("#f-valid_until-date")).toBeFocused();
    await expectAccessible(page, "staff page, errors from the server");
  });
});

test("errors found on the phone are shown before anything is sent", async ({ page }) => {
  const posted = await answerPosts(page, created);
  await openStaff(page, { lang: "id", token: TOKEN });
  await page.locator("#f-points-0-wait_min").fill("90");
  await page.locator("#f-points-0-wait_max").fill("30");
  await page.locator("#f-points-0-counters_open").fill("dua");
  await page.locator("#f-points-0-id").fill("Loket Satu");
  await page.getByRole("button", { name: "Terbitkan", exact: true }).click();
  const summary = page.locator("#error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Ada masalah");
  await expect(summary).toContainText("Loket 1: Waktu tunggu paling cepat (menit): Waktu tunggu terpendek lebih besar dari yang terpanjang.");
  await expect(summary).toContainText("Loket 1: Loket buka: Tulis angka bulat, misalnya 30.");
  await expect(summary).toContainText("Loket 1: Kode singkat (a-z, 0-9, -): Pakai huruf kecil, angka, - atau _ saja.");
  await expect(page).toHaveTitle(/^Kesalahan: /);
  expect(posted).toHaveLength(0);
  await expectAccessible(page, "staff page, errors on the phone (id)");
  // Fixed, it goes.
  await page.locator("#f-points-0-wait_min").fill("30");
  await page.locator("#f-points-0-wait_max").fill("90");
  await page.locator("#f-points-0-counters_open").fill("2");
  await page.locator("#f-points-0-id").fill("loket-1");
  await page.getByRole("button", { name: "Terbitkan", exact: true }).click();
  await expect(summary).toHaveCount(0);
  await expect(page.locator(".staff-form [role=status]")).toContainText("Sudah terbit pukul");
  expect(posted).toHaveLength(1);
  expect(posted[0].body.points[0]).toMatchObject({ id: "loket-1", wait_min: 30, wait_max: 90, counters_open: 2 });
});

test("'Full for today' posts 'do not come' with the template in one tap", async ({ page }) => {
  const posted = await answerPosts(page, created);
  await openStaff(page, { token: TOKEN });
  await page.getByRole("button", { name: "Full for today" }).click();
  await expect(page.locator(".staff-quick [role=status]")).toContainText(/Published at \d\d:\d\d\./);
  expect(posted).toHaveLength(1);
  const body = posted[0].body;
  expect(body.verdict).toBe("do_not_come");
  expect(body.notice).toEqual({
    id: "Penuh hari ini. Datang besok mulai pukul 08:00.",
    en: "Full today. Come tomorrow from 08:00.",
  });
  // Staff post again at the next opening (today's or tomorrow's), within
  // the contract's 24 hours; the advisory holds until tomorrow's opening.
  expect(body.next_update_by).toMatch(/T08:00:00\+07:00$/);
  expect(body.valid_until).toMatch(/T08:00:00\+07:00$/);
  const next = Date.parse(body.next_update_by);
  expect(next).toBeGreaterThan(Date.now());
  expect(next - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
  expect(next).toBeLessThanOrEqual(Date.parse(body.valid_until));
  await expect(page.locator("#f-verdict-do_not_come")).toBeChecked();
});

test("'Full for today' without a token asks for it first", async ({ page }) => {
  const posted = await answerPosts(page, created);
  await openStaff(page);
  await page.getByRole("button", { name: "Full for today" }).click();
  await expect(page.locator("#staff-token-error")).toContainText("Enter the staff token first.");
  await expect(page.locator("#staff-token")).toBeFocused();
  expect(posted).toHaveLength(0);
});

test("the form shows the other place and the invitation rule when they apply", async ({ page }) => {
  await answerPosts(page, created);
  await openStaff(page, { token: TOKEN });
  await expect(page.getByRole("heading", { name: "The other place" })).toHaveCount(0);
  await page.getByLabel("Do not come to the embassy. Go to the other place given here.").check();
  await expect(page.getByRole("heading", { name: "The other place" })).toBeVisible();
  await page.locator("#f-elsewhere-place-en").fill("Community hall");
  const preview = page.getByRole("region", { name: "What people see" });
  await expect(preview.locator("[lang=en] .adv-elsewhere")).toContainText("Community hall");
  await page.getByLabel("Invited people only. Come only if the invitation rule includes you.").check();
  await expect(page.locator("#f-invitation-date")).toBeVisible();
  await page.getByLabel("shelter").check();
  await expect(preview.locator("[lang=en] .adv-invitation")).toContainText("shelter");
  await expect(preview.locator("[lang=id] .adv-invitation")).toContainText("tempat tinggal sementara");
  // A new service point gets focus; removing one returns focus to "Add".
  await page.getByRole("button", { name: "Add a service point" }).click();
  await expect(page.locator("#f-points-1-name-id")).toBeFocused();
  await page.getByRole("button", { name: "Remove this service point (Service point 2)" }).click();
  await expect(page.locator("#f-points-add")).toBeFocused();
  await expectAccessible(page, "staff page, all sections");
});

test("the staff page has its own language switch", async ({ page }) => {
  await openStaff(page);
  await page.getByRole("button", { name: "Switch to Bahasa Indonesia" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Info antrean (petugas)");
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expectAccessible(page, "staff page (id)");
});
