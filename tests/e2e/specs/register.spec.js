// Pre-registration: the whole form in both languages, keyboard only, errors
// and the error summary, drafts that survive a reload, and delivery exactly
// once through every failure: offline, a closed tab, 5xx, an HTML error page,
// cut-off JSON, 429 with Retry-After, 422, 409, 413 and an answer that hangs.
//
// Every delivered registration is checked with the staff API and, where the
// `sqlite3` command exists, by counting its rows in the backend's database.
const { execFileSync } = require("child_process");
const path = require("path");
const { test, expect, appReady, expectAccessible } = require("../fixtures");

const API = "/api/v1/registrations";

const TEXT = {
  id: {
    start: /^Mulai/,
    cont: "Lanjut",
    name: "Siapa nama lengkap Anda?",
    dob: "Tanggal lahir",
    female: "Perempuan",
    nik: /^NIK \(16 angka\)/,
    passportHeld: /ditahan orang lain/,
    passportNumber: /^Nomor paspor/,
    phone: "Nomor telepon",
    waSame: "Ya, di nomor ini",
    location: "Kota atau provinsi",
    people: /^Berapa orang lain/,
    helpDoc: /^Dokumen perjalanan/,
    helpOther: "Lainnya",
    helpOtherText: "Bantuan apa lagi yang Anda perlukan?",
    forced: "Saya tidak mau menjawab",
    homeName: "Nama",
    homePhone: "Nomor telepon orang itu",
    homeRel: "Hubungan dengan Anda",
    check: "Periksa jawaban Anda",
    consent: /^Saya setuju/,
    send: "Kirim pendaftaran",
    done: "Pendaftaran terkirim",
    queued: "Disimpan di ponsel, belum terkirim",
    problem: "Ada masalah",
    error: "Galat: ",
    weWillUse: "Nomor yang akan kami pakai:",
  },
  en: {
    start: /^Start now/,
    cont: "Continue",
    name: "What is your full name?",
    dob: "Date of birth",
    female: "Female",
    nik: /^NIK \(16 digits\)/,
    passportHeld: /Someone else holds my passport/,
    passportNumber: /^Passport number/,
    phone: "Phone number",
    waSame: "Yes, on this number",
    location: "City or province",
    people: /^How many other people/,
    helpDoc: /^A travel document/,
    helpOther: "Something else",
    helpOtherText: "What other help do you need?",
    forced: "I prefer not to say",
    homeName: "Name",
    homePhone: "Their phone number",
    homeRel: "Relationship to you",
    check: "Check your answers",
    consent: /^I agree/,
    send: "Send registration",
    done: "Registration sent",
    queued: "Saved on this phone, not sent yet",
    problem: "There is a problem",
    error: "Error: ",
    weWillUse: "The number we will use:",
  },
};

/** A person with a name no other test uses (names take letters only). */
function person() {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let tail = "";
  for (let i = 0; i < 10; i++) tail += letters[Math.floor(Math.random() * letters.length)];
  return {
    name: `Siti Nur'aini ${tail[0].toUpperCase()}${tail.slice(1)}`,
    dob: "1995-03-14",
    // Female, born 14-03-95: day + 40 = 54.
    nik: "3174 0554 0395 0001",
    phone: "0812-3456-7890",
  };
}

/** Rows in the backend's database whose body has `text`; null if it cannot tell. */
function rowsWith(text) {
  const dir = process.env.PORTAL_DATA_DIR;
  if (!dir) return null;
  try {
    const out = execFileSync(
      "sqlite3",
      ["-readonly", path.join(dir, "portal.sqlite3"), `SELECT count(*) FROM registrations WHERE body LIKE '%${text}%';`],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    return Number(out.toString().trim());
  } catch {
    return null;
  }
}

/** The registration is stored once, under the reference the page shows. */
async function expectStoredOnce(request, reference, who) {
  const res = await request.get(`${API}/${reference}`, {
    headers: { Authorization: `Bearer ${process.env.STAFF_TOKEN}` },
  });
  expect(res.status(), "the staff API finds the reference").toBe(200);
  const record = await res.json();
  expect(record.reference).toBe(reference);
  expect(record.registration.full_name).toBe(who.name);
  expect(record.registration.phone).toBe("+6281234567890");
  const rows = rowsWith(who.name.split(" ").pop());
  if (rows !== null) expect(rows, "rows in the database for this person").toBe(1);
}

/** Records every POST of a registration and its Idempotency-Key. */
function watchPosts(page) {
  const posts = [];
  page.on("request", (req) => {
    if (req.method() === "POST" && new URL(req.url()).pathname === API) {
      posts.push(req.headers()["idempotency-key"]);
    }
  });
  return posts;
}

async function cont(page, lang) {
  await page.getByRole("button", { name: TEXT[lang].cont }).click();
}

/** Fills every question page with the mouse; `each` runs on every page. */
async function fillForm(page, lang, who, each = async () => {}) {
  const t = TEXT[lang];
  // A first visit: the start page is complete without the app.
  await page.goto(`/${lang}/register`);
  await each("start");
  await page.getByRole("link", { name: t.start }).click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/register/name$`));
  await page.getByLabel(t.name).fill(who.name);
  await each("name");
  await cont(page, lang);
  await page.getByLabel(t.dob).fill(who.dob);
  await page.getByLabel(t.female, { exact: true }).check();
  await each("birth");
  await cont(page, lang);
  await page.getByLabel(t.nik).fill(who.nik);
  await each("nik");
  await cont(page, lang);
  await page.getByLabel(t.passportHeld).check();
  await page.getByLabel(t.passportNumber).fill("x1234567");
  await each("passport");
  await cont(page, lang);
  await page.getByLabel(t.phone, { exact: true }).fill(who.phone);
  await expect(page.getByText(t.weWillUse)).toContainText("+62 812 3456 7890");
  await page.getByLabel(t.waSame).check();
  await each("phone");
  await cont(page, lang);
  await page.getByLabel(t.location).fill("Phnom Penh");
  await page.getByLabel(t.people).fill("2");
  await each("where");
  await cont(page, lang);
  await page.getByLabel(t.helpDoc).check();
  await page.getByLabel(t.helpOther, { exact: true }).check();
  await page.getByLabel(t.helpOtherText).fill("Saya perlu obat");
  await each("help");
  await cont(page, lang);
  await page.getByLabel(t.forced).check();
  await each("work");
  await cont(page, lang);
  await page.getByLabel(t.homeName, { exact: true }).fill("Ibu Aminah");
  await page.getByLabel(t.homePhone).fill("+62 813 1111 2222");
  await page.getByLabel(t.homeRel).fill("ibu");
  await each("home-contact");
  await cont(page, lang);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.check);
}

/** On the check page: agree and send. */
async function consentAndSend(page, lang) {
  await page.getByLabel(TEXT[lang].consent).check();
  await page.getByRole("button", { name: TEXT[lang].send }).click();
}

/** The confirmation: reference in large type, a QR code, the receipt kept. */
async function confirmation(page, lang, timeout = 45_000) {
  await expect(page.getByRole("heading", { level: 1, name: TEXT[lang].done })).toBeVisible({ timeout });
  const reference = (await page.locator("#reference").innerText()).trim();
  expect(reference).toMatch(/^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{5}$/);
  await expect(page.locator("svg.qr")).toBeVisible();
  await expect(page.locator("svg.qr")).toHaveAttribute("aria-label", new RegExp(reference));
  const kept = await page.evaluate(() => ({
    receipt: JSON.parse(localStorage.getItem("portal.register.receipt")),
    draft: localStorage.getItem("portal.register.draft"),
    outbox: localStorage.getItem("portal.register.outbox"),
  }));
  expect(Object.keys(kept.receipt)).toEqual(["reference", "received_at", "help_needed"]);
  expect(kept.receipt.reference).toBe(reference);
  expect(kept.receipt.received_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(kept.receipt.help_needed).toEqual(["travel_document", "other"]);
  expect(kept.draft, "answers are deleted once delivered").toBeNull();
  expect(kept.outbox, "nothing left to send").toBeNull();
  return reference;
}

test.describe("the form", () => {
  test.describe.configure({ timeout: 120_000 });

  test("the start page says what it is, what you need and what happens next", async ({ page }) => {
    // A first visit: the pre-rendered page, without the app.
    await page.goto("/id/register");
    await expect(page).toHaveTitle(/^Daftar sebelum datang ke kedutaan/);
    await expect(page.getByText(/Ini bukan "lapor diri" di Peduli WNI/)).toBeVisible();
    await expect(page.getByText(/tidak perlu membuat akun/)).toBeVisible();
    await expect(page.getByText("Sekitar 5 menit", { exact: false })).toBeVisible();
    await expect(page.getByText(/dihapus otomatis setelah 7 hari/)).toBeVisible();
    await expect(page.getByRole("region", { name: "Nomor darurat" })).toBeVisible();
    await expectAccessible(page, "/id/register");
    await page.goto("/en/register");
    await expect(page.getByText(/This is not "lapor diri"/)).toBeVisible();
    await expect(page.getByText(/deleted by themselves after 7 days/)).toBeVisible();
    await expectAccessible(page, "/en/register");
  });

  test("the whole form in Indonesian: every page accessible, Change links, delivered once", async ({ page, request }) => {
    const who = person();
    const posts = watchPosts(page);
    await fillForm(page, "id", who, async (step) => expectAccessible(page, `/id/register ${step}`));
    // The answers as they will be used.
    const summary = page.locator("dl.summary");
    await expect(summary).toContainText(who.name);
    await expect(summary).toContainText("14 Maret 1995");
    await expect(summary).toContainText("3174055403950001");
    await expect(summary).toContainText("X1234567");
    await expect(summary).toContainText("+62 812 3456 7890");
    await expect(summary).toContainText("Ibu Aminah (ibu), +62 813 1111 2222");
    await expectAccessible(page, "/id/register/check");
    // Change an answer: back to the question, then straight back here.
    await page.getByRole("link", { name: "Ubah Kota atau provinsi" }).click();
    await expect(page).toHaveURL(/\/id\/register\/where\?change=1$/);
    await expect(page.getByRole("link", { name: "Kembali" })).toHaveAttribute("href", "/id/register/check");
    await page.getByLabel("Kota atau provinsi").fill("Sihanoukville");
    await cont(page, "id");
    await expect(page).toHaveURL(/\/id\/register\/check$/);
    await expect(summary).toContainText("Sihanoukville");
    // Sending without consent says why, on the consent box.
    await page.getByRole("button", { name: "Kirim pendaftaran" }).click();
    await expect(page.locator("#error-summary")).toBeFocused();
    await expect(page).toHaveTitle(/^Galat: /);
    await expectAccessible(page, "/id/register/check with an error");
    await consentAndSend(page, "id");
    const reference = await confirmation(page, "id");
    await expect(page).toHaveTitle(/^Pendaftaran terkirim/);
    await expect(page.getByText("Datang ke kedutaan pada jam buka.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Jam buka" })).toBeVisible();
    await expectAccessible(page, "/id/register/done");
    expect(new Set(posts).size, "one Idempotency-Key").toBe(1);
    expect(posts[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await expectStoredOnce(request, reference, who);
    // Shown again later, and the start page says it is done.
    await page.goto("/id/register");
    await appReady(page);
    await expect(page.getByText(reference)).toBeVisible();
    await page.goto("/id/register/done");
    await appReady(page);
    await expect(page.locator("#reference")).toHaveText(reference);
  });

  test.describe("keyboard only", () => {
    // The date field's segments follow the locale: month, day, year in en-US.
    test.use({ locale: "en-US" });
    test("the whole form in English with the keyboard only", async ({ page, request }) => {
      const who = person();
      const key = (k) => page.keyboard.press(k);
      const type = (s) => page.keyboard.type(s);
      async function tabTo(locator) {
        for (let i = 0; i < 40; i++) {
          if (await locator.evaluate((el) => el === document.activeElement)) return;
          await key("Tab");
        }
        throw new Error(`Tab never reached ${locator}`);
      }
      async function next() {
        await tabTo(page.getByRole("button", { name: "Continue" }));
        await key("Enter");
      }
      await page.goto("/en/register");
      await tabTo(page.getByRole("link", { name: /^Start now/ }));
      await key("Enter");
      await expect(page).toHaveURL(/\/en\/register\/name$/);
      await tabTo(page.getByLabel("What is your full name?"));
      expect(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)).toBe("solid");
      await type(who.name);
      await key("Enter"); // submits, as Continue does
      await expect(page).toHaveURL(/\/birth$/);
      await tabTo(page.getByLabel("Date of birth"));
      await type("03141995");
      await expect(page.getByLabel("Date of birth")).toHaveValue(who.dob);
      await tabTo(page.getByLabel("Female", { exact: true }));
      await key("Space");
      await next();
      await tabTo(page.getByLabel(/^NIK/));
      await type(who.nik);
      await next();
      await tabTo(page.getByLabel("I have my passport"));
      await key("ArrowDown"); // radios move with the arrow keys
      await expect(page.getByLabel(/Someone else holds my passport/)).toBeChecked();
      await next();
      await tabTo(page.getByLabel("Phone number", { exact: true }));
      await type(who.phone);
      await tabTo(page.getByLabel("Yes, on this number"));
      await key("Space");
      await next();
      await tabTo(page.getByLabel("City or province"));
      await type("Phnom Penh");
      await next();
      await tabTo(page.getByLabel(/^A travel document/));
      await key("Space");
      await tabTo(page.getByLabel("Something else", { exact: true }));
      await key("Space");
      await tabTo(page.getByLabel("What other help do you need?"));
      await type("Saya perlu obat");
      await next();
      await next(); // forced to work: optional
      await next(); // contact at home: optional
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your answers");
      await tabTo(page.getByLabel(/^I agree/));
      await key("Space");
      await tabTo(page.getByRole("button", { name: "Send registration" }));
      await key("Enter");
      const reference = await confirmation(page, "en");
      await expectStoredOnce(request, reference, who);
    });
  });

  test("errors: the summary takes focus, links to the fields, and the title says Error", async ({ page }) => {
    await page.goto("/en/register/name");
    await appReady(page);
    await expect(page).toHaveTitle(/^What is your full name\?/);
    await cont(page, "en");
    const summary = page.locator("#error-summary");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("heading")).toHaveText("There is a problem");
    await expect(page).toHaveTitle(/^Error: What is your full name\?/);
    const input = page.getByLabel("What is your full name?");
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await expect(input).toHaveAttribute("aria-describedby", "f-full_name-hint f-full_name-error");
    await expect(page.locator("#f-full_name-error")).toHaveText("Error: Please fill this in.");
    await expectAccessible(page, "name page with an error");
    await summary.getByRole("link", { name: "Please fill this in." }).click();
    await expect(input).toBeFocused();
    // Checked as the person leaves the field, with the contract's words.
    await input.fill("Budi 2");
    await input.blur();
    await expect(page.locator("#f-full_name-error")).toContainText("Write the name with letters");
    await input.fill("Budi Santoso");
    await input.blur();
    await expect(page.locator("#f-full_name-error")).toHaveCount(0);
    await expect(page).toHaveTitle(/^What is your full name\?/);
    await cont(page, "en");
    await expect(page).toHaveURL(/\/birth$/);
    // The NIK must match the date of birth.
    await page.getByLabel("Date of birth").fill("1995-03-14");
    await cont(page, "en");
    await page.getByLabel(/^NIK/).fill("3174051405070001");
    await cont(page, "en");
    await expect(summary).toBeFocused();
    // The check of the field just left runs after the press (120 ms): the
    // summary keeps the focus it took.
    await page.waitForTimeout(400);
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("The date of birth in the NIK is not the date of birth you wrote");
    await page.getByLabel(/^NIK/).fill("");
    await cont(page, "en");
    // A choice must be made.
    await cont(page, "en");
    await expect(summary).toBeFocused();
    await summary.getByRole("link", { name: "Please fill this in." }).click();
    await expect(page.getByLabel("I have my passport")).toBeFocused();
    await page.getByLabel("My passport is lost").check();
    await cont(page, "en");
    // The phone number is shown back as it will be used, and checked.
    const phone = page.getByLabel("Phone number", { exact: true });
    await phone.fill("812 3456");
    await phone.blur();
    await expect(page.locator("#f-phone-error")).toContainText("with the country code");
    await phone.fill("+855 12 345 678");
    await expect(page.getByText("The number we will use:")).toContainText("+855 12 345 678");
    await page.getByLabel("Yes, on another number").check();
    // Leaving the corrected number clears its error, just after the press
    // (so the page does not move under it); then the page stays still.
    await expect(page.locator("#f-phone-error")).toHaveCount(0);
    await page.getByLabel("WhatsApp number").fill("12");
    await cont(page, "en");
    await expect(summary).toBeFocused();
    await summary.getByRole("link").first().click();
    await expect(page.getByLabel("WhatsApp number")).toBeFocused();
    await expectAccessible(page, "phone page with an error");
  });

  test("answers survive a reload and a closed tab; Back keeps them; drafts expire after 7 days", async ({ page, context }) => {
    const who = person();
    await page.goto("/id/register/name");
    await appReady(page);
    await page.getByLabel("Siapa nama lengkap Anda?").fill(who.name);
    await cont(page, "id");
    await page.getByLabel("Tanggal lahir").fill(who.dob);
    const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("portal.register.draft")));
    expect(draft.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(draft.saved_at - Date.now() / 1000)).toBeLessThan(60);
    expect(draft.answers.full_name).toBe(who.name);
    await page.reload();
    await appReady(page);
    await expect(page.getByLabel("Tanggal lahir")).toHaveValue(who.dob);
    await page.getByRole("link", { name: "Kembali" }).click();
    await expect(page.getByLabel("Siapa nama lengkap Anda?")).toHaveValue(who.name);
    // A new tab (the old one closed) finds the answers and offers to continue.
    await page.close();
    const tab = await context.newPage();
    await tab.goto("/id/register");
    await appReady(tab);
    await expect(tab.getByRole("heading", { name: "Ada jawaban Anda di ponsel ini" })).toBeVisible();
    await expect(tab.getByText(/^(Baru saja disimpan|Disimpan \d+ menit lalu)$/)).toBeVisible();
    await expectAccessible(tab, "start page with a draft");
    await tab.getByRole("link", { name: "Lanjutkan mengisi" }).click();
    // Continue goes to the first question still to answer.
    await expect(tab).toHaveURL(/\/id\/register\/passport$/);
    // Eight days later the answers are gone.
    await tab.evaluate(() => {
      const d = JSON.parse(localStorage.getItem("portal.register.draft"));
      d.saved_at -= 8 * 24 * 3600;
      localStorage.setItem("portal.register.draft", JSON.stringify(d));
    });
    await tab.goto("/id/register");
    await appReady(tab);
    await expect(tab.getByRole("link", { name: /^Mulai/ })).toBeVisible();
    expect(await tab.evaluate(() => localStorage.getItem("portal.register.draft"))).toBeNull();
    // "Delete my answers from this phone" and "Start again".
    await tab.goto("/id/register/name");
    await appReady(tab);
    await tab.getByLabel("Siapa nama lengkap Anda?").fill(who.name);
    await tab.goto("/id/register");
    await appReady(tab);
    await tab.getByRole("button", { name: "Hapus jawaban saya dari ponsel ini" }).click();
    // One tap cannot delete everything: it asks first, and "No" keeps it.
    const question = tab.locator(".confirm p[tabindex]");
    await expect(question).toBeFocused();
    await expect(question).toContainText("Anda yakin?");
    await expectAccessible(tab, "delete: are you sure?");
    await tab.getByRole("button", { name: "Tidak, simpan" }).click();
    expect(await tab.evaluate(() => localStorage.getItem("portal.register.draft"))).not.toBeNull();
    await tab.getByRole("button", { name: "Hapus jawaban saya dari ponsel ini" }).click();
    await tab.getByRole("button", { name: "Ya, hapus" }).click();
    await expect(tab.getByRole("status").filter({ hasText: "sudah dihapus" })).toBeVisible();
    expect(await tab.evaluate(() => localStorage.getItem("portal.register.draft"))).toBeNull();
    await tab.goto("/id/register/name");
    await appReady(tab);
    await tab.getByLabel("Siapa nama lengkap Anda?").fill(who.name);
    await tab.goto("/id/register");
    await appReady(tab);
    await tab.getByRole("button", { name: "Mulai lagi dari awal" }).click();
    await tab.getByRole("button", { name: "Ya, hapus" }).click();
    await expect(tab).toHaveURL(/\/id\/register\/name$/);
    await expect(tab.getByLabel("Siapa nama lengkap Anda?")).toHaveValue("");
    await tab.close();
  });
});

// The network does not depend on the screen: the `@phone-only` tag keeps these
// out of the desktop project (playwright.config.js).
test.describe("delivery when the network or the backend fails @phone-only", () => {
  test.describe.configure({ timeout: 120_000 });
  test.use({
    // One pattern: an array of several would be read as [value, options].
    allowedConsole: [/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_FAILED|ERR_ABORTED|ERR_NETWORK/],
  });

  test("offline: saved on the phone, sent when the network is back, exactly once", async ({ page, context, request }) => {
    const who = person();
    const posts = watchPosts(page);
    await fillForm(page, "id", who);
    await context.setOffline(true);
    await consentAndSend(page, "id");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TEXT.id.queued);
    await expect(page.locator("main").getByRole("status")).toContainText("tidak tersambung ke internet");
    await expect(page.getByText("Anda boleh menutup halaman ini.", { exact: false })).toBeVisible();
    await expectAccessible(page, "queued while offline");
    const outbox = await page.evaluate(() => JSON.parse(localStorage.getItem("portal.register.outbox")));
    expect(outbox).toHaveLength(1);
    expect(outbox[0].body.full_name).toBe(who.name);
    await context.setOffline(false);
    const reference = await confirmation(page, "id");
    expect(new Set(posts).size).toBe(1);
    await expectStoredOnce(request, reference, who);
  });

  test("a closed tab: the outbox is sent when the app opens again", async ({ page, context, request }) => {
    const who = person();
    await fillForm(page, "en", who);
    await context.setOffline(true);
    await consentAndSend(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TEXT.en.queued);
    const key = await page.evaluate(() => JSON.parse(localStorage.getItem("portal.register.outbox"))[0].key);
    await page.close();
    await context.setOffline(false);
    const again = await context.newPage();
    const posts = watchPosts(again);
    await again.goto("/en/register");
    await appReady(again);
    await expect(again.getByRole("heading", { name: "You have already registered" })).toBeVisible({ timeout: 45_000 });
    expect([...new Set(posts)]).toEqual([key]);
    await again.getByRole("link", { name: "See the number and QR code" }).click();
    const reference = await confirmation(again, "en");
    await expectStoredOnce(request, reference, who);
    await again.close();
  });

  test("a lost answer, 5xx, an HTML error page, cut-off JSON and 429: retried alone, stored once", async ({ page, request }) => {
    const who = person();
    const keys = [];
    let hidden = null;
    const faults = [
      // The backend stores it, but a proxy loses the answer.
      async (route) => {
        const res = await route.fetch();
        hidden = { status: res.status(), body: await res.json().catch(() => null) };
        await route.fulfill({ status: 502, contentType: "text/html", body: "<html><body><h1>502 Bad Gateway</h1></body></html>" });
      },
      (route) => route.fulfill({ status: 500, contentType: "application/json", body: '{"error":{"code":"unavailable","message":"x"}}' }),
      (route) => route.fulfill({ status: 201, contentType: "application/json", body: '{"reference":"7KQ4-M2' }),
      (route) =>
        route.fulfill({
          status: 429,
          headers: { "Retry-After": "3", "Content-Type": "application/json" },
          body: '{"error":{"code":"rate_limited","message":"x"}}',
        }),
    ];
    await page.route(`**${API}`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      const fault = faults.shift();
      return fault ? fault(route) : route.fallback();
    });
    await fillForm(page, "id", who);
    await consentAndSend(page, "id");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TEXT.id.queued);
    await expect(page.locator("main").getByRole("status")).toContainText("Layanan kedutaan sedang bermasalah");
    // Told to wait by the 429, and how long.
    await expect(page.locator("main").getByRole("status")).toContainText("3 detik", { timeout: 30_000 });
    const reference = await confirmation(page, "id");
    // Five tries, or more if the real backend's rate limit (shared by every
    // test on this address) asked to wait too.
    expect(keys.length).toBeGreaterThanOrEqual(5);
    expect(new Set(keys).size, "the same Idempotency-Key every time").toBe(1);
    if (hidden && hidden.status === 201) {
      // The first try was stored: the retry got the same reference back.
      expect(reference).toBe(hidden.body.reference);
    }
    await expectStoredOnce(request, reference, who);
  });

  test("an answer that never comes is aborted after 15 s and sent again", async ({ page, request }) => {
    const who = person();
    const keys = [];
    let hung = false;
    await page.route(`**${API}`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      if (!hung) {
        hung = true;
        return; // never answered
      }
      return route.fallback();
    });
    await fillForm(page, "en", who);
    await consentAndSend(page, "en");
    await expect(page.locator("main").getByRole("status")).toHaveText("Sending… Please wait.");
    await expect(page.locator("main").getByRole("status")).toContainText("did not answer", { timeout: 25_000 });
    const reference = await confirmation(page, "en");
    expect(new Set(keys).size).toBe(1);
    await expectStoredOnce(request, reference, who);
  });

  test("422: the backend's messages go on the right fields; corrected, it is stored once", async ({ page, request }) => {
    const who = person();
    const keys = [];
    let rejected = false;
    await page.route(`**${API}`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      if (!rejected) {
        rejected = true;
        return route.fulfill({
          status: 422,
          contentType: "application/json",
          body: JSON.stringify({
            error: {
              code: "validation",
              message: "Some fields are not valid.",
              fields: [{ field: "phone", code: "phone_length", message: "x" }],
            },
          }),
        });
      }
      return route.fallback();
    });
    await fillForm(page, "id", who);
    await consentAndSend(page, "id");
    await expect(page).toHaveURL(/\/id\/register\/phone\?change=1$/);
    const summary = page.locator("#error-summary");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("Nomor telepon ini terlalu pendek atau terlalu panjang");
    await expect(page.locator("#f-phone-error")).toContainText("terlalu pendek atau terlalu panjang");
    await expect(page).toHaveTitle(/^Galat: /);
    await expect(page.getByLabel("Nomor telepon", { exact: true })).toHaveValue(who.phone);
    await expectAccessible(page, "phone page with the backend's error");
    await cont(page, "id");
    await expect(page).toHaveURL(/\/id\/register\/check$/);
    await page.getByRole("button", { name: "Kirim pendaftaran" }).click();
    const reference = await confirmation(page, "id");
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size, "nothing was stored, so the same key is used").toBe(1);
    await expectStoredOnce(request, reference, who);
  });

  test("409: says to bring the earlier reference; never resends with a new key by itself", async ({ page }) => {
    const who = person();
    const keys = [];
    await page.route(`**${API}`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      return route.fulfill({
        status: 409,
        contentType: "application/json",
        body: '{"error":{"code":"idempotency_conflict","message":"x"}}',
      });
    });
    await fillForm(page, "en", who);
    await consentAndSend(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This registration was already sent");
    await expect(page.getByText(/If you have a reference number, bring it to the embassy/)).toBeVisible();
    await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
    await expectAccessible(page, "409");
    await page.waitForTimeout(4000);
    expect(keys.length, "no silent retry").toBe(1);
    const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("portal.register.draft")));
    expect(draft.answers.full_name, "the answers are kept").toBe(who.name);
    // Only when the person asks: a new registration, with a new key.
    await page.getByRole("button", { name: "Send these answers as a new registration" }).click();
    await expect.poll(() => keys.length).toBe(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  test("410 deleted: says the embassy no longer holds it; never resends that key; keeps the answers", async ({ page }) => {
    const who = person();
    const keys = [];
    await page.route(`**${API}`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      return route.fulfill({
        status: 410,
        contentType: "application/json",
        body: '{"error":{"code":"deleted","message":"x"}}',
      });
    });
    await fillForm(page, "en", who);
    await consentAndSend(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The embassy no longer holds this registration");
    await expect(page.getByText("This phone will not send it again.", { exact: false })).toBeVisible();
    await expect(page.getByText(/Your answers are still on this phone/)).toBeVisible();
    await expect(page.getByRole("region", { name: "Emergency contacts" })).toBeVisible();
    await expectAccessible(page, "410");
    await page.waitForTimeout(4000);
    expect(keys.length, "final: no retry").toBe(1);
    expect(await page.evaluate(() => localStorage.getItem("portal.register.outbox"))).toBeNull();
    const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("portal.register.draft")));
    expect(draft.answers.full_name, "the answers are kept").toBe(who.name);
    await page.getByRole("button", { name: "Send these answers as a new registration" }).click();
    await expect.poll(() => keys.length).toBe(2);
    expect(keys[1]).not.toBe(keys[0]);
  });

  test("413: says what to do, keeps every answer, does not retry by itself", async ({ page }) => {
    const who = person();
    const keys = [];
    await page.route(`**${API}`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      return route.fulfill({ status: 413, contentType: "text/html", body: "<html><body>413 Request Entity Too Large</body></html>" });
    });
    await fillForm(page, "id", who);
    await consentAndSend(page, "id");
    const box = page.locator("#not-sent");
    await expect(box).toContainText("Pendaftaran belum terkirim");
    await expect(box).toContainText("Jawaban terlalu panjang untuk dikirim");
    await expect(page.locator("dl.summary")).toContainText(who.name);
    await expectAccessible(page, "413");
    await page.waitForTimeout(3000);
    expect(keys.length).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem("portal.register.outbox"))).toBeNull();
    const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("portal.register.draft")));
    expect(draft.key).toBe(keys[0]);
  });
});
