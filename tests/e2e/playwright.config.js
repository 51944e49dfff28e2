// Browser tests run by `cargo xtask test` against the reference backend,
// which it starts on a free port with a fresh database (BASE_URL).
const { defineConfig } = require("@playwright/test");

const chromiumArgs = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

module.exports = defineConfig({
  testDir: "./specs",
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: process.env.BASE_URL || "http://127.0.0.1:8080",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
    trace: "retain-on-failure",
    // A service worker answers fetches before `page.route` sees them: tests
    // that inject faults need it off. The offline tests turn it on.
    serviceWorkers: "block",
  },
  projects: [
    { name: "phone", use: phone, grepInvert: /@deployment/ },
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } }, grepInvert: /@phone-only|@deployment/ },
    // Tests that deploy a new version (they change the served files): after
    // all the others and one at a time, so no other test is served a page of
    // the other version halfway through.
    { name: "deployment", use: phone, grep: /@deployment/, dependencies: ["phone", "desktop"], workers: 1 },
  ],
});
