// End to end, against the shared backend: a verdict posted from the staff
// page appears on an open public page within one poll, without a reload.
//
// This is the only browser test that changes the backend's advisory. The
// phone and desktop projects run it in parallel workers, so it takes a lock
// (`exclusively`) for the whole test; tests that only read
// advisories are written to accept whatever is current.
const { test, expect, appReady, exclusively } = require("../fixtures");

test.describe.configure({ mode: "serial" });
test.use({ serviceWorkers: "block" });

const TOKEN = process.env.STAFF_TOKEN || "not-secret-CZj5XVsJ1aPhQHJJqcOk4_Q4Qaw-KitCYEk_yONeIE4";
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

test("a verdict posted from the staff page appears on an open public page within one poll", async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(60_000);
  const mark = `${testInfo.project.name}-${Date.now().toString(36)}`;
  await exclusively("advisory", async () => {
    // Start from a known advisory that asks phones to check every 30 s.
    const now = Date.now();
    const res = await page.request.post("/api/v1/advisories", {
      headers: { authorization: `Bearer ${TOKEN}` },
      data: {
        verdict: "come",
        points: [{ id: "main", name: { id: "Loket utama", en: "Main counter" }, status: "open", wait_min: 10, wait_max: 20 }],
        notice: { id: `Mulai ${mark}`, en: `Start ${mark}` },
        next_update_by: iso(now + 3_600_000),
        valid_until: iso(now + 7_200_000),
        refresh_after_s: 30,
      },
    });
    expect(res.status()).toBe(201);

    await page.clock.install();
    await page.goto("/en/advisories");
    await appReady(page);
    await expect(page.getByText(`Start ${mark}`)).toBeVisible();
    await expect(page.locator(".adv-card .verdict")).toContainText("Come.");

    const staff = await context.newPage();
    await staff.addInitScript((t) => {
      localStorage.setItem("portal.lang", "en");
      sessionStorage.setItem("portal.staff.token", t);
    }, TOKEN);
    await staff.goto("/staff");
    await expect(staff.locator("form[data-loaded=true]")).toHaveCount(1);
    // The form starts from what is published now.
    await expect(staff.locator("#f-notice-en")).toHaveValue(`Start ${mark}`);
    await staff.getByLabel("Do not come today. The embassy is closed or full.").check();
    await staff.locator("#f-notice-id").fill(`Penuh ${mark}`);
    await staff.locator("#f-notice-en").fill(`Full ${mark}`);
    await staff.locator("#f-points-0-status").selectOption("closed");
    await staff.locator("#f-refresh_after_s").fill("30");
    await staff.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(staff.locator(".staff-form [role=status]")).toContainText("Published at");
    await staff.close();

    // One poll later (30 s ± 10%), without a reload.
    await page.clock.runFor(34_000);
    await expect(page.getByText(`Full ${mark}`)).toBeVisible();
    await expect(page.locator(".adv-card .verdict")).toContainText("Do not come today.");
    await expect(page.locator(".point").first()).toContainText("Closed");
    await expect(page.locator("[aria-live=polite]")).toContainText("Queue information changed: Do not come today.");
  });
});
