// "Where is my case?": a person registers, staff move the case, the open
// page shows the new stage within one check and home's card the last stage
// seen; failures say one thing; typed
// slips cost no request; offline shows the last answer with its age; the
// no-script lookup works with the HTML alone. In both languages, axe on
// every state.
const { test, expect, appReady, expectAccessible, registerThroughApi } = require("../fixtures");

const TOKEN = process.env.STAFF_TOKEN || "not-secret-CZj5XVsJ1aPhQHJJqcOk4_Q4Qaw-KitCYEk_yONeIE4";
const LOOKUP = "/api/v1/cases/lookup";

const TEXT = {
  en: {
    reference: "Reference", dob: "Date of birth", submit: "Check my case",
    registered: "Registered", interview: "Come for an interview", now: "Now",
    failed: "We cannot show a case", offline: "No internet", outOfDate: "It may be out of date",
    summary: "There is a problem", lightLink: "Light case check page (for weak signal)",
    lastSeen: "The last stage you saw", checkAgain: "Check again",
  },
  id: {
    reference: "Nomor pendaftaran", dob: "Tanggal lahir", submit: "Lihat kasus saya",
    registered: "Terdaftar", interview: "Datang untuk wawancara", now: "Sekarang",
    failed: "Kasus tidak bisa ditampilkan", offline: "Tidak ada internet", outOfDate: "Mungkin sudah berubah",
    summary: "Ada masalah", lightLink: "Cek kasus versi ringan (untuk sinyal lemah)",
    lastSeen: "Tahap terakhir yang Anda lihat", checkAgain: "Periksa lagi",
  },
};

/** A registration sent through the API, as the form sends it. */
function register(request, dob = "2001-08-17") {
  return registerThroughApi(request, {
    full_name: "Siti Aminah", date_of_birth: dob, passport_status: "held_by_others",
    phone: "0812-3456-7890", whatsapp: "same_as_phone", location: "Phnom Penh",
    people_with_you: 0, help_needed: ["travel_document"], forced_to_work: "prefer_not_to_say",
    consent: true, lang: "id",
  });
}

async function moveCase(request, reference, body) {
  const res = await request.put(`/api/v1/registrations/${reference}/case`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data: body,
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** The receipt the form keeps on the phone after sending. */
async function keepReceipt(page, reference) {
  await page.addInitScript((reference) => {
    localStorage.setItem("portal.register.receipt", JSON.stringify({
      reference, received_at: new Date().toISOString(), help_needed: ["travel_document"],
    }));
  }, reference);
}

for (const lang of ["en", "id"]) {
  const w = TEXT[lang];
  test(`a person checks their case, and the open page shows the staff's change within one check (${lang})`, async ({ page, request }) => {
    const reference = await register(request);
    await page.clock.install();
    await keepReceipt(page, reference);
    await page.goto(`/${lang}/case`);
    await appReady(page);
    // The reference comes from the receipt on the phone.
    await expect(page.getByLabel(w.reference, { exact: true })).toHaveValue(reference);
    await expectAccessible(page, `case form (${lang})`);
    await page.getByLabel(w.dob, { exact: true }).fill("17/8/2001");
    await page.getByRole("button", { name: w.submit }).click();
    const answer = page.locator(".case-answer");
    await expect(answer.getByRole("heading", { level: 2, name: w.registered })).toBeVisible();
    // Stages in words and symbols, not by colour alone.
    await expect(answer.locator(".stage.now")).toContainText(`${w.now}: ${w.registered}`);
    await expect(answer.locator(".stage.now")).toHaveAttribute("aria-current", "step");
    await expect(page.getByText(/SPLP/).last()).toBeVisible();
    // Nothing of the registration is shown.
    await expect(page.locator("main")).not.toContainText("Siti");
    await expectAccessible(page, `case found (${lang})`);

    const inAYear = new Date(Date.now() + 365 * 86400e3).toISOString().slice(0, 10);
    await moveCase(request, reference, {
      stage: "interview", version: 0,
      note: { id: "Bawa KTP Anda.", en: "Bring your KTP." },
      invitation: { date: inAYear, from: "09:00", to: "11:00", place: { id: "Loket 2", en: "Counter 2" } },
    });
    // The page asks again at the interval the server gives (5 minutes).
    await page.clock.fastForward("05:01");
    await expect(answer.getByRole("heading", { level: 2, name: w.interview })).toBeVisible();
    await expect(answer).toContainText(lang === "en" ? "Bring your KTP." : "Bawa KTP Anda.");
    await expect(answer).toContainText(lang === "en" ? "Counter 2" : "Loket 2");
    await expect(answer.locator(".stage.done")).toHaveCount(2);
    await expectAccessible(page, `case moved (${lang})`);

    // Home's card: the last stage seen on this phone, and "check again".
    await page.goto(`/${lang}`);
    await appReady(page);
    const card = page.locator(".saved-reference");
    await expect(card).toContainText(`${w.lastSeen}: ${w.interview}`);
    await expectAccessible(page, `home with the last stage (${lang})`);
    await card.getByRole("link", { name: w.checkAgain }).click();
    await expect(page.getByLabel(w.reference, { exact: true })).toHaveValue(reference);
  });

  test.describe(() => {
  // The failed lookup answers 404 (the browser logs it): expected here.
  test.use({ allowedConsole: [/status of 404/] });
  test(`a wrong date of birth and a typing slip (${lang})`, async ({ page, request }) => {
    const reference = await register(request);
    const lookups = [];
    page.on("request", (r) => { if (r.url().endsWith(LOOKUP)) lookups.push(r.url()); });
    await page.goto(`/${lang}/case`);
    await appReady(page);
    // A wrong check symbol and a date that does not exist: caught on the phone.
    const last = reference.slice(-1);
    await page.getByLabel(w.reference, { exact: true }).fill(reference.slice(0, -1) + (last === "2" ? "3" : "2"));
    await page.getByLabel(w.dob, { exact: true }).fill("31-02-2001");
    await page.getByRole("button", { name: w.submit }).click();
    await expect(page.getByRole("heading", { name: w.summary })).toBeVisible();
    await expect(page.locator("#error-summary")).toBeFocused();
    await expect(page.getByLabel(w.reference, { exact: true })).toHaveAttribute("aria-invalid", "true");
    expect(lookups).toEqual([]);
    await expectAccessible(page, `case typing errors (${lang})`);
    // Right reference, wrong date: the one failure.
    await page.getByLabel(w.reference, { exact: true }).fill(reference.toLowerCase().replace("-", " "));
    await page.getByLabel(w.dob, { exact: true }).fill("18-08-2001");
    await page.getByRole("button", { name: w.submit }).click();
    await expect(page.getByRole("alert")).toContainText(w.failed);
    expect(lookups).toHaveLength(1);
    await expect(page.getByLabel(w.dob, { exact: true })).toHaveValue("18-08-2001");
    await expectAccessible(page, `case failed (${lang})`);
  });
  });
}

test.describe(() => {
// The lookup is cut off on purpose: the browser logs it.
test.use({ allowedConsole: [/ERR_INTERNET_DISCONNECTED/] });
test("offline, the page shows the last answer with its age and says it may be out of date", async ({ page, request }) => {
  const w = TEXT.en;
  const reference = await register(request);
  await page.goto("/en/case");
  await appReady(page);
  await page.getByLabel(w.reference, { exact: true }).fill(reference);
  await page.getByLabel(w.dob, { exact: true }).fill("2001-08-17");
  // Remember the date: the page checks by itself next time.
  await page.getByLabel("Remember my date of birth on this phone").check();
  await page.getByRole("button", { name: w.submit }).click();
  await expect(page.locator(".case-answer h2")).toHaveText(w.registered);

  // Next visit: no connection to the API.
  await page.route(`**${LOOKUP}`, (route) => route.abort("internetdisconnected"));
  await page.reload();
  await appReady(page);
  await expect(page.getByLabel(w.dob, { exact: true })).toHaveValue("2001-08-17");
  const box = page.locator(".warning-box");
  await expect(box.getByRole("heading", { name: w.offline })).toBeVisible();
  await expect(box).toContainText(w.outOfDate);
  await expect(box).toContainText(/just now|minute/);
  await expect(page.locator("section.case h2")).toHaveText(w.registered);
  await expectAccessible(page, "case offline");

  // The privacy page's wipe removes the answer and the date.
  await page.goto("/en/privacy");
  await appReady(page);
  await page.getByRole("button", { name: "Delete all my data from this phone" }).click();
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("portal.case")));
  expect(left).toEqual([]);
});
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  for (const lang of ["id", "en"]) {
    const w = TEXT[lang];
    test(`the light lookup page, linked from home, works with the HTML alone (${lang})`, async ({ page, request }) => {
      const reference = await register(request);
      await page.goto(`/${lang}`);
      await page.getByRole("link", { name: w.lightLink }).click();
      await expect(page).toHaveURL(new RegExp(`/case/${lang}$`));
      await page.getByLabel(w.reference, { exact: true }).fill(reference);
      await page.getByLabel(w.dob, { exact: true }).fill("17-08-2001");
      await page.getByRole("button").click();
      await expect(page.getByRole("heading", { level: 2, name: w.registered })).toBeVisible();
      await expect(page.locator("body")).toContainText(`▶ ${w.now}: ${w.registered}`);
      // The reference and the date never go into the address.
      expect(page.url()).not.toContain(reference);
      expect(page.url()).not.toContain("2001");
    });
  }
});

// axe runs as a script: the same server pages (they have none of their own) in a normal browser.
for (const lang of ["id", "en"]) {
  const w = TEXT[lang];
  test(`the light lookup page is accessible in every state (${lang})`, async ({ page, request }) => {
    const reference = await register(request);
    await page.goto(`/case/${lang}`);
    await expectAccessible(page, `light lookup form (${lang})`);
    await page.getByRole("button").click();
    await expect(page.locator("#reference-error")).toBeVisible();
    await expectAccessible(page, `light lookup errors (${lang})`);
    await page.getByLabel(w.reference, { exact: true }).fill(reference);
    await page.getByLabel(w.dob, { exact: true }).fill("2001-08-18");
    await page.getByRole("button").click();
    await expect(page.locator("#failed")).toHaveText(w.failed);
    await expectAccessible(page, `light lookup failed (${lang})`);
    await page.getByLabel(w.dob, { exact: true }).fill("2001-08-17");
    await page.getByRole("button").click();
    await expect(page.getByRole("heading", { level: 2, name: w.registered })).toBeVisible();
    await expectAccessible(page, `light lookup case (${lang})`);
  });
}
