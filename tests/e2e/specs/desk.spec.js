// The staff desk on /staff: a named account signs in; the desk finds a
// person by reference and marks them arrived (a second time says when and by
// whom); a case officer moves the case and a second officer working from the
// old version gets the conflict and the fresh case; a revoked token is said
// plainly mid-session. Keyboard only, axe on every state, both languages.
const { execFileSync } = require("child_process");
const path = require("path");
const { test, expect, appReady, expectAccessible, registerThroughApi } = require("../fixtures");

// Registrations share one address's limit with the other specs: a test may
// wait out a 429 or two.
test.describe.configure({ timeout: 120_000 });

const BIN_DIR = process.env.PORTAL_BIN_DIR || path.join(__dirname, "../../../target/server");
const DATA_DIR = process.env.PORTAL_DATA_DIR;

let accounts = 0;
/** A new account made with the `portal-staff` command; its token. */
function account(role) {
  accounts += 1;
  const name = `${role} ${process.pid}-${accounts}-${Date.now() % 100000}`;
  const out = execFileSync(path.join(BIN_DIR, "portal-staff"), ["--data-dir", DATA_DIR, "create", name, "--role", role]);
  return { name, token: out.toString().trim() };
}

function revoke(name) {
  execFileSync(path.join(BIN_DIR, "portal-staff"), ["--data-dir", DATA_DIR, "revoke", name]);
}

/** A registration from the API, as the form sends it. */
function register(request) {
  return registerThroughApi(request, {
    full_name: "Dewi Lestari", date_of_birth: "1995-03-04", passport_status: "lost",
    phone: "0812-3456-7890", whatsapp: "same_as_phone", location: "Sihanoukville",
    people_with_you: 1, help_needed: ["travel_document"], consent: true, lang: "id",
  });
}

/** Signs in on /staff with the keyboard: type the token, press Enter. */
async function signIn(page, token, lang = "en") {
  await page.addInitScript((lang) => localStorage.setItem("portal.lang", lang), lang);
  await page.goto("/staff");
  await appReady(page);
  await page.locator("#staff-token").fill(token);
  await page.keyboard.press("Enter");
}

async function find(page, reference) {
  await page.locator("#desk-find-input").fill(reference.toLowerCase().replace("-", " "));
  await page.keyboard.press("Enter");
  await expect(page.locator("#desk-case h2")).toHaveText(reference);
}

test.describe(() => {
// The revoked token's answers: the browser logs the 401s.
test.use({ allowedConsole: [/status of 401/] });
test("the desk finds a person, marks them arrived once, and a revoked token is said plainly @phone-only", async ({ page, request, browser }) => {
  const desk = account("desk");
  const other = account("desk");
  const reference = await register(request);
  await signIn(page, desk.token);
  await expect(page.getByText(`Signed in as ${desk.name} (desk)`)).toBeVisible();
  await expectAccessible(page, "desk signed in");
  // Not a reference: said, and the field is marked.
  await page.locator("#desk-find-input").fill("HELLO-WORLD");
  await page.keyboard.press("Enter");
  await expect(page.locator("#desk-find-error")).toContainText("This is not a reference");
  await expect(page.locator("#desk-find-input")).toHaveAttribute("aria-invalid", "true");
  await find(page, reference);
  const panel = page.locator("#desk-case");
  await expect(panel).toContainText("Dewi Lestari");
  await expect(panel).toContainText("Sihanoukville");
  await expect(panel).toContainText("Not marked arrived yet.");
  // The desk cannot change a stage: no form for it.
  await expect(panel.getByRole("button", { name: "Save the change" })).toHaveCount(0);
  await panel.getByRole("button", { name: "Mark arrived" }).press("Enter");
  await expect(panel).toContainText(`Marked arrived at`);
  await expect(panel).toContainText(`by ${desk.name}`);
  await expectAccessible(page, "desk case arrived");

  // A second desk scans the same person: "already marked ... by" the first.
  const second = await browser.newPage();
  await signIn(second, other.token);
  await find(second, reference);
  await second.locator("#desk-case").getByRole("button", { name: "Mark arrived" }).click();
  await expect(second.locator("#desk-case")).toContainText(`Already marked:`);
  await expect(second.locator("#desk-case")).toContainText(`by ${desk.name}`);
  await second.close();

  // The token is revoked while the page is open.
  revoke(desk.name);
  await find(page, reference).catch(() => {});
  await expect(page.getByRole("alert").filter({ hasText: "This token no longer works" })).toBeVisible();
  await expect(page.locator("#staff-token")).toBeVisible();
  await expectAccessible(page, "desk token ended");
});
});

for (const lang of ["en", "id"]) {
  test(`a case officer moves a case; a second officer on the old version gets the conflict (${lang}) @phone-only`, async ({ page, browser, request }) => {
    const w = lang === "en"
      ? { save: "Save the change", saved: "Saved.", conflict: "Someone else changed this case", stage: "New stage", interview: "Come for an interview", checked: "Details checked" }
      : { save: "Simpan perubahan", saved: "Tersimpan.", conflict: "Petugas lain mengubah kasus ini", stage: "Tahap baru", interview: "Datang untuk wawancara", checked: "Data sudah diperiksa" };
    const a = account("officer");
    const b = account("officer");
    const reference = await register(request);
    await signIn(page, a.token, lang);
    // A second officer on another computer (axe needs a context of its own).
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signIn(other, b.token, lang);
    await find(page, reference);
    await find(other, reference);

    await page.getByLabel(w.stage).selectOption({ label: w.checked });
    await page.getByRole("button", { name: w.save }).press("Enter");
    await expect(page.locator("#desk-change-said")).toHaveText(w.saved);
    await expect(page.locator("#desk-case ol")).toContainText(`${w.checked} · `);
    await expectAccessible(page, `officer saved (${lang})`);

    // The other officer still has version 0 on screen.
    await other.getByLabel(w.stage).selectOption({ label: w.interview });
    await other.getByRole("button", { name: w.save }).click();
    await expect(other.locator("#desk-change-said")).toContainText(w.conflict);
    await expect(other.locator("#desk-case ol")).toContainText(w.checked);
    await expectAccessible(other, `officer conflict (${lang})`);
    await otherContext.close();

    // A note too long is refused before sending, tied to its field.
    await page.getByLabel(w.stage).selectOption({ label: w.checked });
    await page.locator("#f-case-note-id").fill("x".repeat(201));
    await page.locator("#f-case-note-en").fill("ok");
    await page.getByRole("button", { name: w.save }).click();
    await expect(page.locator("#desk-error-summary")).toBeFocused();
    await expect(page.locator("#f-case-note-id")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, `officer field error (${lang})`);
  });
}

test("the list shows today's registrations with counts per stage, filters, exports and opens a case @phone-only", async ({ page, request }) => {
  const officer = account("officer");
  const reference = await register(request);
  await signIn(page, officer.token);
  await page.getByRole("button", { name: "Registrations" }).click();
  await expect(page.getByRole("button", { name: "Registrations" })).toHaveAttribute("aria-pressed", "true");
  const list = page.locator(".desk-list");
  await expect(list.locator(".desk-counts")).toContainText("Registered: ");
  await list.getByLabel("Arrived").selectOption("no");
  await expect(list.getByRole("button", { name: reference })).toBeVisible();
  await expect(list.locator(".pager")).toContainText(/Page 1 \/ \d+/);
  await expectAccessible(page, "desk list");
  // The export: a CSV file with a byte-order mark, the reference in it.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    list.getByRole("button", { name: "Download as CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^registrations-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = require("fs").readFileSync(await download.path(), "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain(`"${reference}"`);
  await expect(list.getByRole("status").filter({ hasText: "Downloaded." })).toBeVisible();
  // A name search: too short is said at the field; the name never goes in a URL.
  const urls = [];
  page.on("request", (r) => urls.push(r.url()));
  await list.getByLabel("Search by name", { exact: true }).fill("De");
  await list.getByRole("button", { name: "Search", exact: true }).click();
  await expect(list.locator("#desk-name-error")).toContainText("Type at least 3 letters.");
  await expect(list.getByLabel("Search by name", { exact: true })).toBeFocused();
  await list.getByLabel("Search by name", { exact: true }).fill("Dewi");
  await list.getByRole("button", { name: "Search", exact: true }).click();
  await expect(list.getByLabel("Days")).toHaveValue("all");
  await expect(list.getByRole("button", { name: reference })).toBeVisible();
  expect(urls.filter((u) => /dewi/i.test(u))).toEqual([]);
  // Select all on this page: every row's box is ticked, the count says so.
  await list.getByRole("button", { name: "Select all on this page" }).click();
  await expect(list.getByRole("checkbox", { name: `Select ${reference}` })).toBeChecked();
  await expect(list.getByRole("status").filter({ hasText: "Selected: " })).not.toHaveText("Selected: 0");
  await list.getByRole("button", { name: reference }).click();
  await expect(page.locator("#desk-case h2")).toHaveText(reference);
  await expect(page.locator("#desk-case")).toBeFocused();
  // Back to the list: the filter chosen is still chosen.
  await page.getByRole("button", { name: "Registrations" }).click();
  await expect(page.locator(".desk-list").getByLabel("Arrived")).toHaveValue("no");
});

for (const lang of ["en", "id"]) {
  test(`a batch: selected in the list and pasted, a wrong line named, confirmed with its count, then undone (${lang}) @phone-only`, async ({ page, request }) => {
    const w = lang === "en"
      ? { list: "Registrations", change: "Change the selected cases", refs: "References, one per line", check: "Check the change", yes: "Yes, change them all", done: "Done. Cases changed: 2", undo: "Undo this change", undone: "Undone. The cases are back as they were. Cases: 2", line: "Line 3: This is not a reference", stage: "New stage", ready: "Document ready to collect", arrivedLabel: "Arrived", select: "Select" }
      : { list: "Pendaftaran", change: "Ubah kasus yang dipilih", refs: "Nomor pendaftaran, satu per baris", check: "Periksa perubahan", yes: "Ya, ubah semuanya", done: "Sudah diubah. Jumlah kasus: 2", undo: "Batalkan perubahan ini", undone: "Sudah dibatalkan. Kasus kembali seperti semula. Jumlah: 2", line: "Baris 3: Ini bukan nomor pendaftaran", stage: "Tahap baru", ready: "Dokumen siap diambil", arrivedLabel: "Datang", select: "Pilih" };
    const officer = account("officer");
    const a = await register(request);
    const b = await register(request);
    await signIn(page, officer.token, lang);
    await page.getByRole("button", { name: w.list }).click();
    const list = page.locator(".desk-list");
    await list.getByLabel(w.arrivedLabel).selectOption("no");
    await list.getByRole("checkbox", { name: `${w.select} ${a}` }).check();
    await list.getByRole("button", { name: w.change }).click();
    const refs = page.getByLabel(w.refs);
    await expect(refs).toHaveValue(a);
    // Pasted: the second one typed loosely, and a line that is no reference.
    await refs.fill(`${a}\n${b.toLowerCase().replace("-", " ")}\nHELLO`);
    await page.getByLabel(w.stage).selectOption({ label: w.ready });
    await page.getByRole("button", { name: w.check }).click();
    await expect(page.locator("#desk-error-summary")).toBeFocused();
    await expect(page.locator("#desk-error-summary")).toContainText(w.line);
    await expect(refs).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, `batch error (${lang})`);
    // To the list and back: what was typed and chosen is still there.
    await page.getByRole("button", { name: w.list }).click();
    await page.getByRole("button", { name: lang === "en" ? "Change many cases" : "Ubah banyak kasus" }).click();
    await expect(refs).toHaveValue(/HELLO$/);
    await expect(page.getByLabel(w.stage)).toHaveValue("ready");
    await refs.fill(`${a}\n${b.toLowerCase().replace("-", " ")}`);
    await page.getByRole("button", { name: w.check }).click();
    await expect(page.locator("#desk-batch-confirm")).toBeFocused();
    await expect(page.locator("#desk-batch-confirm")).toContainText(w.ready);
    await expect(page.locator("#desk-batch-confirm")).toContainText(`${a}, ${b}`);
    await expectAccessible(page, `batch confirm (${lang})`);
    await page.getByRole("button", { name: w.yes }).press("Enter");
    await expect(page.locator("#desk-batch-done")).toContainText(w.done);
    const lookup = async (reference) => (await request.get(`/api/v1/registrations/${reference}/case`, { headers: { Authorization: `Bearer ${officer.token}` } })).json();
    expect((await lookup(a)).stage).toBe("ready");
    expect((await lookup(b)).stage).toBe("ready");
    await page.getByRole("button", { name: w.undo }).click();
    await expect(page.getByText(w.undone)).toBeVisible();
    expect((await lookup(a)).stage).toBe("registered");
    expect((await lookup(b)).stage).toBe("registered");
    await expectAccessible(page, `batch undone (${lang})`);
  });
}

test("the notice board lists references only, never names, ready to print @phone-only", async ({ page, request }) => {
  const officer = account("officer");
  const reference = await register(request);
  const put = await request.put(`/api/v1/registrations/${reference}/case`, {
    headers: { Authorization: `Bearer ${officer.token}` },
    data: { stage: "ready", version: 0 },
  });
  expect(put.status()).toBe(200);
  await signIn(page, officer.token);
  await page.getByRole("button", { name: "Notice board" }).click();
  await page.locator("#desk-board-stage").selectOption("ready");
  await page.getByRole("button", { name: "Show the list" }).click();
  const board = page.locator("#notice-board");
  await expect(board).toContainText("Dokumen siap diambil / Document ready to collect");
  await expect(board.locator(".board-refs")).toContainText(reference);
  await expect(board).not.toContainText("Dewi");
  await expect(board).toContainText("/case/en");
  await expectAccessible(page, "notice board");
  // Printed, only the board shows.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".desk-parts")).toBeHidden();
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(board).toBeVisible();
  await page.emulateMedia({ media: "screen" });
});

test("a desk account sees no batch, notice board or export @phone-only", async ({ page }) => {
  const desk = account("desk");
  await signIn(page, desk.token);
  await expect(page.getByRole("button", { name: "Find a person" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Change many cases" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Notice board" })).toHaveCount(0);
  await page.getByRole("button", { name: "Registrations" }).click();
  await expect(page.locator(".desk-list")).toBeVisible();
  await expect(page.getByRole("button", { name: "Download as CSV" })).toHaveCount(0);
  await expect(page.locator(".desk-list").getByRole("checkbox")).toHaveCount(0);
});

/** A camera and a QR reader for the page: the browser's BarcodeDetector
 *  reads `code` from any frame; the camera is a canvas, or refused. */
async function fakeCamera(page, code, refused = false) {
  await page.addInitScript(({ code, refused }) => {
    window.BarcodeDetector = class {
      async detect() { return [{ rawValue: code }]; }
    };
    navigator.mediaDevices.getUserMedia = async () => {
      if (refused) throw new DOMException("Permission denied", "NotAllowedError");
      const canvas = document.createElement("canvas");
      canvas.width = 64;
      canvas.height = 64;
      canvas.getContext("2d").fillRect(0, 0, 32, 32);
      return canvas.captureStream(5);
    };
  }, { code, refused });
}

test("the desk scans the receipt's QR code with the camera; a refused camera is said, typing still works @phone-only", async ({ page, browser, request }) => {
  const desk = account("desk");
  const reference = await register(request);
  await fakeCamera(page, reference);
  await signIn(page, desk.token);
  await page.getByRole("button", { name: "Scan the QR code" }).click();
  await expect(page.locator("#desk-case h2")).toHaveText(reference);
  await expect(page.locator("#desk-find-input")).toHaveValue(reference);

  const refusedContext = await browser.newContext();
  const refused = await refusedContext.newPage();
  await fakeCamera(refused, reference, true);
  await signIn(refused, desk.token);
  await refused.getByRole("button", { name: "Scan the QR code" }).click();
  await expect(refused.locator("#desk-find-error")).toContainText("The camera cannot be used");
  await expect(refused.locator("#desk-find-input")).toBeFocused();
  await refused.keyboard.type(reference);
  await refused.keyboard.press("Enter");
  await expect(refused.locator("#desk-case h2")).toHaveText(reference);
  await refusedContext.close();
});

test("an admin reads the audit log: who read what, and when, without personal data @phone-only", async ({ page, request }) => {
  const officer = account("officer");
  const reference = await register(request);
  const read = await request.get(`/api/v1/registrations/${reference}`, { headers: { Authorization: `Bearer ${officer.token}` } });
  expect(read.status()).toBe(200);
  await signIn(page, process.env.STAFF_TOKEN || "not-secret-CZj5XVsJ1aPhQHJJqcOk4_Q4Qaw-KitCYEk_yONeIE4");
  await page.getByRole("button", { name: "Audit log" }).click();
  // A reference that is not one is said at its field.
  await page.getByLabel("One reference (may be empty)").fill("HELLO");
  await page.getByRole("button", { name: "Show the log" }).press("Enter");
  await expect(page.locator("#desk-audit-reference-error")).toContainText("This is not a reference");
  await expect(page.getByLabel("One reference (may be empty)")).toBeFocused();
  await page.getByLabel("One reference (may be empty)").fill(reference.toLowerCase());
  await page.getByRole("button", { name: "Show the log" }).click();
  const table = page.locator(".desk-audit table");
  await expect(table).toContainText("Registration read");
  await expect(table).toContainText(officer.name);
  await expect(table).toContainText(reference);
  await expect(table).not.toContainText("Dewi");
  await expectAccessible(page, "audit log");
});

test("a case officer sees no audit log @phone-only", async ({ page }) => {
  const officer = account("officer");
  await signIn(page, officer.token);
  await expect(page.getByRole("button", { name: "Notice board" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Audit log" })).toHaveCount(0);
});
