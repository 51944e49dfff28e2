// The portal's service worker: the app opens with no connection once visited.
// `self.__PRECACHE` (URL -> content hash), `self.__APP` (the wasm and its JS),
// `self.__PAGES` (pre-rendered pages kept once visited), `self.__DEPLOYMENT_FILES`
// (the profile and the stages: an embassy may change them without a rebuild),
// `self.__NETWORK_ONLY` (pages never kept), `self.__ROUTES` (the app's
// routes, from the route table), `self.__STATUS` (the no-script advisory
// pages), `self.__ARTICLES` (this build's article JSON), `self.__PIECES`
// (each split point's wasm files), `self.__PAGE_PIECES` (the split points
// of each lazy page, by its key), `self.__PUBLIC_SPLITS` (those of the
// public pages) and `self.__VERSION`
// are written into this file by the build
// (`cargo xtask post-build`); never by hand.
//
// - Precached at install: the shell (pre-rendered home and form start
//   pages, with boot.js and exit.js inline), profile, manifest, icons,
//   guidance index and search index.
// - The app (main wasm + JS + the link module) is kept from the first page
//   that starts it, or from the form's start page (`boot.js` starts it only
//   where needed). Once a phone has it, every new deployment precaches its
//   new app files too, so it keeps working offline.
// - The app is in pieces (src/pieces.rs): a lazy page's pieces are kept
//   from that page's first use (`keep-app` names the page; a piece fetched
//   later is kept as it passes), and the form's start page keeps the form's.
//   A new deployment precaches its own files for the pieces the phone had.
//   Every file name carries the version (`portal-HASH…`), and a version's
//   files live in its own cache, so old and new pieces never mix.
// - Visited guidance (article JSON), the visited pages of `self.__PAGES`
//   and the last queue advisory are cached when fetched, in this version's
//   runtime cache (the page that registered the worker is fetched once
//   the worker is active, as it was loaded before): keyed by path (a query
//   string never makes a new entry), at most RUNTIME_MAX entries, and on
//   activation only what this version
//   still has is carried over from the old one (then it is deleted). A
//   carried pre-rendered page names the old version's app files: once the
//   worker is active it is replaced by this version's copy from the server.
//   A page is kept only when it names this version's app (a newer
//   deployment's page could not start the app offline).
// - Only the app's own paths are answered as pages: any other navigation
//   (`/api/...`, `/sw.js`, a file) goes to the network as it is.
// - A deployment file (profile, stages) is kept only when it parses and has
//   what the app needs; a broken one is passed on but never replaces the
//   good copy.
// - "forget" (the privacy wipe) stops all caching and deletes every cache;
//   the page then unregisters this worker.
// - A new deployment installs beside the old one and waits; the app shows
//   "a new version is ready" and activates it when the person agrees, so
//   nothing typed is lost (drafts live in localStorage, not in this cache).
"use strict";
/* __BUILD__ */
const PRECACHE = "portal-precache-" + self.__VERSION;
const RUNTIME = "portal-runtime-" + self.__VERSION;
// Visited pages and articles, status pages, the last advisory: enough for a
// person's whole use of the portal, small enough for any phone.
const RUNTIME_MAX = 120;
const ADVISORY = "/api/v1/advisories";

const APP_FILE = /^\/portal-[0-9a-f]+(_bg\.wasm|\.js)$/;
// A split point's own module (`portal-HASH-split_staff.wasm` is `staff`).
const SPLIT_FILE = /^\/portal-[0-9a-f]+-split_([a-z0-9_]+)\.wasm$/;
// The link module that fetches the pieces: only an app in pieces has it.
const LINK_FILE = /^\/portal-[0-9a-f]+_split\.js$/;
// Where a version's precache lists its split points (never fetched or
// served: only the next version reads it).
const SPLIT_POINTS = "/sw-split-points.json";

// What nothing kept shows.
function nothingInUse() {
  return { app: false, inPieces: false, splits: new Set(), knew: null, knewAll: true };
}

// What older versions' caches (all precaches but `skip`) show of the
// app's use here: whether the app is kept, whether it was in pieces,
// which split points were kept, and the split points every version that
// kept the app had (`knew`, null while none is read; `knewAll` is false
// when one of them did not list its own: it was from before SPLIT_POINTS).
async function inUse(skip) {
  const found = nothingInUse();
  for (const key of await caches.keys()) {
    if (!key.startsWith("portal-precache-") || key === skip) continue;
    const cache = await caches.open(key);
    let app = false;
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (APP_FILE.test(path)) app = true;
      if (LINK_FILE.test(path)) found.inPieces = true;
      const split = SPLIT_FILE.exec(path);
      if (split) found.splits.add(split[1]);
    }
    if (!app) continue;
    found.app = true;
    const listed = await cache.match(SPLIT_POINTS).then((r) => r && r.json()).catch(() => null);
    if (!Array.isArray(listed)) {
      found.knewAll = false;
      continue;
    }
    found.knew = new Set(found.knew ? listed.filter((split) => found.knew.has(split)) : listed);
  }
  return found;
}

// This version's files of some split points (an unknown one has none).
function piecesOf(splits) {
  const files = [];
  for (const split of splits) {
    for (const f of self.__PIECES[split] || []) if (!files.includes(f)) files.push(f);
  }
  return files;
}

// The split points a new version keeps, from what older ones kept: the
// same ones (none when none was used: the app started only on pages of no
// piece), and those the older versions did not have (their code was in
// the main part or another piece, so the phone may have used it). A split
// point this version no longer has (its code moved to others) may be in
// any of them, and a phone that had the app before it came in pieces had
// all of it: then every public piece, with the ones still known. A version
// in pieces from before SPLIT_POINTS had this version's split points.
function splitsToKeep(used) {
  const known = [...used.splits].filter((split) => split in self.__PIECES);
  if (known.length < used.splits.size || !used.inPieces) {
    return [...new Set([...self.__PUBLIC_SPLITS, ...known])];
  }
  if (!used.knewAll) return known;
  const added = self.__PUBLIC_SPLITS.filter((split) => !(used.knew && used.knew.has(split)));
  return [...new Set([...known, ...added])];
}

// Every file of this version's pieces: served cache-first, kept once used.
function isPieceFile(path) {
  return Object.values(self.__PIECES).some((files) => files.includes(path));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    // Not this version's own cache: a failed install may have left it half
    // filled, which is not what the phone used.
    const used = await inUse(PRECACHE);
    const app = used.app ? [...self.__APP, ...piecesOf(splitsToKeep(used))] : [];
    if (forgotten) throw new Error("wiped while installing");
    const cache = await caches.open(PRECACHE);
    await cache.addAll(Object.keys(self.__PRECACHE));
    await cache.put(SPLIT_POINTS, new Response(JSON.stringify(Object.keys(self.__PIECES)), {
      headers: { "content-type": "application/json" },
    }));
    // A file that is not the one asked for fails the install: the browser
    // tries again later, and the version before goes on meanwhile.
    await Promise.all(app.map((url) => keepAppFile(cache, url)));
    // Wiped while installing (the page tells every worker): nothing stays,
    // and this version never takes over.
    if (forgotten) {
      await caches.delete(PRECACHE);
      throw new Error("wiped while installing");
    }
  })());
});

// Fetches one of this version's app files into `cache`, if the answer is
// that file (`typeFits`); else throws.
async function keepAppFile(cache, url) {
  const response = await fetch(url);
  if (!response.ok || !typeFits(url, response)) throw new Error(url + " did not come");
  await cache.put(url, response);
}

// What this version's runtime cache may hold, by path.
function keptByThisVersion(path) {
  return path === ADVISORY || self.__STATUS.includes(path) ||
    self.__ARTICLES.includes(path) ||
    (path.endsWith(".html") && self.__PAGES.includes(path.slice(0, -5)));
}

// A newer version installing or waiting beside this one (deployed while the
// person took this one): the caches it is filling are not this version's to
// delete. The other versions' caches then stay until it activates, and it
// deletes them.
function newerVersionOnTheWay() {
  return self.registration.installing !== null || self.registration.waiting !== null;
}

// Moves what this version still has from older runtime caches into its own,
// then deletes every cache of another version (unless a newer one is on
// its way).
async function pruneOldCaches() {
  const runtime = await caches.open(RUNTIME);
  const pages = [];
  // Newest first (the names come in the order the caches were made): when
  // two older versions are left (a newer one was on its way), the newer
  // copy of a page or of the advisory is the one carried.
  for (const key of (await caches.keys()).reverse()) {
    if (key === PRECACHE || key === RUNTIME) continue;
    if (key.startsWith("portal-runtime")) {
      const old = await caches.open(key);
      for (const request of await old.keys()) {
        const path = new URL(request.url).pathname;
        if (!keptByThisVersion(path) || (await runtime.match(path))) continue;
        try {
          const response = await old.match(request);
          if (response) await runtime.put(path, response);
        } catch {
          // A phone short of space refuses the copy: it is lost, and the
          // old caches below are deleted all the same.
          continue;
        }
        if (path.endsWith(".html")) pages.push(path);
      }
    }
    // Asked for each cache: a newer version may begin installing meanwhile.
    if (key.startsWith("portal-") && !newerVersionOnTheWay()) await caches.delete(key);
  }
  await bound(runtime);
  return pages;
}

// The pre-rendered pages carried from an old version name its app files,
// which are gone: each is replaced by this version's copy when the server
// gives it (else the old copy stays: its words can still be read). After
// activation, so no page waits for these downloads.
async function refreshPages(pages) {
  for (const page of pages) await keepFromServer(page);
}

// Keeps this version's copy of a page from the server, if it gives it.
async function keepFromServer(page) {
  try {
    await keepPage(page, await fetch(page, { cache: "no-cache" }));
  } catch { /* offline: what is kept stays */ }
}

// Keeps a pre-rendered page the server gave, if it is this version's: a
// page of a newer deployment names app files this version does not have,
// so offline it could not start the app. The copy kept before then stays.
async function keepPage(page, response) {
  if (!response.ok) return;
  const text = await response.clone().text();
  if (text.includes(`data-js="${self.__APP[0]}"`)) await keep(RUNTIME, page, response);
}

// The page that registered this worker was loaded before it was there:
// keep it now, so a first visit (an article from a shared link) can be read
// again offline.
async function keepOpenPages() {
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    const path = new URL(client.url).pathname.replace(/\/+$/, "") || "/";
    if (!self.__PAGES.includes(path)) continue;
    const page = path + ".html";
    if (!(await caches.match(page, { cacheName: RUNTIME }))) await keepFromServer(page);
  }
}

// Keeps this version's files of the app and the pieces the older versions
// had: a page first used while this version waited was kept by the old
// one only (install saw the phone as it was then), and the old copy goes.
// Offline this cannot fetch them: that page's pieces are then fetched, and
// kept, at its next use online.
async function keepWhatWasUsed(had) {
  const used = await had;
  if (used.app) await keepApp(splitsToKeep(used));
}

self.addEventListener("activate", (event) => {
  // Read before the older versions' caches are deleted.
  const had = inUse().catch(() => nothingInUse());
  const activated = had.then(() => pruneOldCaches()).catch(() => []);
  event.waitUntil(activated.then(() => self.clients.claim()));
  // Not waited for: the pages would wait on them (best effort; the pages
  // are also refreshed whenever they are opened online, and a piece is
  // kept as it passes).
  activated.then((pages) => refreshPages(pages))
    .then(() => keepOpenPages())
    .then(() => keepWhatWasUsed(had))
    .catch(() => {});
});

// Drops the oldest entries (keys come in insertion order) over RUNTIME_MAX.
async function bound(cache) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - RUNTIME_MAX))) {
    await cache.delete(request);
  }
}

// The cache key of a request: its path, never its query string.
function keyOf(request) {
  const url = new URL(request.url);
  return url.origin + url.pathname;
}

// Set by the privacy wipe: from then on nothing is cached. The flag is lost
// when the browser stops an idle worker, so a restarted one also counts as
// wiped when its precache is gone (the wipe deletes it; an installed worker
// always has it). Reads use `caches.match`, which never creates a cache.
// A worker that finds its precache gone also unregisters: if the page's
// own unregistering did not happen (the page was left first) or was undone
// (a page registered it again before it ended), the next visit installs a
// fresh worker instead of keeping one that caches nothing, for good.
let forgotten = false;

async function wiped() {
  if (!forgotten && !(await caches.has(PRECACHE))) {
    forgotten = true;
    self.registration.unregister().catch(() => {});
  }
  return forgotten;
}

async function forget() {
  forgotten = true;
  for (const key of await caches.keys()) await caches.delete(key);
}

// Stores a copy under the request's path (bounded, for the runtime cache).
async function keep(cacheName, key, response) {
  if (await wiped()) return;
  const cache = await caches.open(cacheName);
  await cache.put(key, response);
  if (cacheName === RUNTIME) await bound(cache);
}

// The fields the app cannot start without (contract::Profile's required
// ones); anything else is checked by the app.
function usableProfile(p) {
  return p !== null && typeof p === "object" && !Array.isArray(p) &&
    typeof p.embassy === "object" && p.embassy !== null &&
    typeof p.country === "object" && p.country !== null &&
    typeof p.address === "object" && p.address !== null &&
    typeof p.utc_offset_minutes === "number" &&
    typeof p.exit_url === "string" &&
    Array.isArray(p.opening_hours) &&
    Array.isArray(p.contacts) && p.contacts.length > 0 &&
    p.contacts.every((c) => c !== null && typeof c === "object" && typeof c.number === "string");
}

// A deployment file worth keeping: JSON, and for the profile the fields the
// app needs. A broken file goes to the page (which says so) but never
// replaces the good copy.
async function worthKeeping(path, response) {
  if (!response.ok) return false;
  if (!path.endsWith(".json")) return true;
  try {
    const value = await response.clone().json();
    return path === "/profile.json" ? usableProfile(value) : value !== null && typeof value === "object";
  } catch (e) {
    return false;
  }
}

// The split points a page of the app needs, by its path: `/staff`, or the
// segment after the language (`/id/register/name` is `register`).
function splitsOfPage(path) {
  const s = path.split("/");
  const key = path === self.__ROUTES.staff ? path : s[2] || "";
  return self.__PAGE_PIECES[key] || [];
}

// The page started the app, or leads to a page that needs it (boot.js), or
// a lazy page's piece has loaded (the app): keep this version's app files and
// those pieces. What the page just loaded comes from the browser's HTTP
// cache, not the network.
async function keepApp(splits) {
  if (await wiped()) return;
  const cache = await caches.open(PRECACHE);
  for (const url of [...self.__APP, ...piecesOf(splits)]) {
    if (!(await cache.match(url))) await keepAppFile(cache, url).catch(() => {});
  }
}

// Which pieces a message asks to keep: `{ keep: "app", path }` from boot.js
// (the pieces of the page at that path), `{ keep: "app", page }` from the app
// (a page's key in `__PAGE_PIECES`), or "keep-app" from an older page (none).
function splitsAsked(data) {
  if (data === "keep-app") return [];
  if (data === null || typeof data !== "object" || data.keep !== "app") return null;
  if (typeof data.page === "string") return self.__PAGE_PIECES[data.page] || [];
  return typeof data.path === "string" ? splitsOfPage(data.path) : [];
}

self.addEventListener("message", (event) => {
  const data = event.data;
  if (data === "skip-waiting") self.skipWaiting();
  if (data === "forget") event.waitUntil(forget().catch(() => {}));
  const splits = splitsAsked(data);
  if (splits) event.waitUntil(keepApp(splits).catch(() => {}));
});

// The page a navigation shows: a pre-rendered page if there is one, else the
// language's shell (the app then renders the route).
function shellFor(path) {
  if (path === "/en" || path.startsWith("/en/")) return "/en.html";
  return "/index.html";
}

async function fromPrecache(url) {
  return caches.match(url, { cacheName: PRECACHE });
}

async function networkThenCache(request, cacheName, timeoutMs) {
  const key = keyOf(request);
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const response = await fetch(request, { signal: controller.signal });
    clearTimeout(timer);
    if (response.ok) await keep(cacheName, key, response.clone());
    return response;
  } catch (e) {
    const cached = await caches.match(key, { cacheName });
    if (cached) return cached;
    throw e;
  }
}

async function cacheThenNetwork(request, cacheName) {
  const key = keyOf(request);
  const path = new URL(request.url).pathname;
  const cached = await caches.match(key, { cacheName });
  const refresh = fetch(request)
    .then(async (response) => {
      if (await worthKeeping(path, response)) await keep(cacheName, key, response.clone());
      return response;
    })
    .catch(() => undefined);
  return cached || (await refresh) || Response.error();
}

// For files whose name carries their hash: never fetched twice.
async function cacheFirst(request, cacheName) {
  const key = keyOf(request);
  const cached = await caches.match(key, { cacheName });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && typeFits(new URL(key).pathname, response)) {
    keep(cacheName, key, response.clone()).catch(() => {});
  }
  return response;
}

// Whether an answer is the app file it was asked for: a server that answers
// a missing file with a page (200, text/html) must not leave that page in
// the cache as a piece, where it would fail until the next version.
function typeFits(path, response) {
  const type = response.headers.get("content-type") || "";
  return path.endsWith(".wasm") ? type.startsWith("application/wasm") : type.includes("javascript");
}

// Whether a path is one of the app's pages (the shape of
// `contract::site::is_app_route`, with the build's lists from its table),
// a pre-rendered page of the build, or a no-script page of the backend.
function isAppPath(path) {
  const r = self.__ROUTES;
  if (path === "/" || path === r.staff) return true;
  if (self.__PAGES.includes(path) || self.__STATUS.includes(path)) return true;
  if (self.__NETWORK_ONLY.includes(path)) return true;
  const s = path.slice(1).split("/");
  if (!r.languages.includes(s[0])) return false;
  if (s.length === 1) return true;
  if (s.length === 2) return r.sections.includes(s[1]);
  return s.length === 3 && s[1] === r.steps && s[2] !== "";
}

async function navigation(request) {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const page = path.endsWith(".html") ? path : path + ".html";
  // A pre-rendered page kept once visited (the guidance list and articles,
  // the accessibility statement; listed by the build): from cache if
  // visited before, else network.
  if (self.__PAGES.includes(path)) {
    const cached = await caches.match(page, { cacheName: RUNTIME });
    if (cached) {
      fetch(request).then((r) => keepPage(page, r)).catch(() => {});
      return cached;
    }
    try {
      const response = await fetch(request);
      await keepPage(page, response.clone());
      return response;
    } catch (e) { /* offline and never visited: the shell says so */ }
  }
  // The no-script case lookup: never kept (it answers with a person's case).
  if (self.__NETWORK_ONLY.includes(path)) return fetch(request);
  if (self.__STATUS.includes(path)) {
    return networkThenCache(request, RUNTIME, 4000);
  }
  // A precached pre-rendered page (home, form start) by its own name.
  const precached = (path === "/" || path === "/id") ? await fromPrecache("/index.html")
    : page in self.__PRECACHE ? await fromPrecache(page)
    : await fromPrecache(shellFor(path));
  return precached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (forgotten) return;
  if (request.mode === "navigate") {
    // Anything that is not a page of the app (`/api/...`, `/sw.js`, a
    // file opened on its own) is the network's to answer.
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (isAppPath(path)) event.respondWith(navigation(request));
    return;
  }
  if (url.pathname === ADVISORY) {
    // Always the newest when online; the last one when not.
    event.respondWith(networkThenCache(request, RUNTIME, 8000));
    return;
  }
  if (url.pathname.startsWith("/api/")) return;
  if (self.__DEPLOYMENT_FILES.includes(url.pathname) || url.pathname.startsWith("/content/")) {
    event.respondWith(
      fromPrecache(url.pathname).then((hit) =>
        hit ? cacheThenNetwork(request, PRECACHE) : cacheThenNetwork(request, RUNTIME),
      ),
    );
    return;
  }
  if (self.__APP.includes(url.pathname) || isPieceFile(url.pathname)) {
    // This version's app and pieces: kept in this version's cache from
    // their first use.
    event.respondWith(cacheFirst(request, PRECACHE));
    return;
  }
  event.respondWith(
    fromPrecache(url.pathname).then((hit) => hit || fetch(request)),
  );
});
