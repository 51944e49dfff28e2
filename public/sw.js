// The portal's service worker: the app opens with no connection once visited.
// `self.__PRECACHE` (URL -> content hash), `self.__APP` (the wasm and its JS),
// `self.__PAGES` (pre-rendered pages kept once visited), `self.__DEPLOYMENT_FILES`
// (the profile and the stages: an embassy may change them without a rebuild),
// `self.__NETWORK_ONLY`
// (pages never kept) and `self.__VERSION`
// are written into this file by the build
// (`cargo xtask post-build`); never by hand.
//
// - Precached at install: the shell (pre-rendered home and form start
//   pages, with boot.js and exit.js inline), profile, manifest, icons,
//   guidance index and search index.
// - The app (wasm + JS, ~370 KB) is kept from the first page that starts it,
//   or from the form's start page (`boot.js` starts it only where needed).
//   Once a phone has it, every new deployment precaches its new app files
//   too, so it keeps working offline.
// - Visited guidance (article JSON), the visited pages of `self.__PAGES`
//   and the last queue advisory are cached when fetched.
// - A new deployment installs beside the old one and waits; the app shows
//   "a new version is ready" and activates it when the person agrees, so
//   nothing typed is lost (drafts live in localStorage, not in this cache).
"use strict";
/* __BUILD__ */
const PRECACHE = "portal-precache-" + self.__VERSION;
const RUNTIME = "portal-runtime";
const ADVISORY = "/api/v1/advisories";

const APP_FILE = /^\/portal-[0-9a-f]+(_bg\.wasm|\.js)$/;

// True when an earlier version's cache holds app files: the app is in use here.
async function appInUse() {
  for (const key of await caches.keys()) {
    if (!key.startsWith("portal-precache-")) continue;
    const cache = await caches.open(key);
    const requests = await cache.keys();
    if (requests.some((r) => APP_FILE.test(new URL(r.url).pathname))) return true;
  }
  return false;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const files = Object.keys(self.__PRECACHE);
    if (await appInUse()) files.push(...self.__APP);
    const cache = await caches.open(PRECACHE);
    await cache.addAll(files);
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(
        keys
          .filter((k) => k.startsWith("portal-precache-") && k !== PRECACHE)
          .map((k) => caches.delete(k)),
      ),
    ).then(() => self.clients.claim()),
  );
});

// The page started the app, or leads to a page that needs it (boot.js): keep
// this version's app files. Those the page just loaded come from the
// browser's HTTP cache, not the network.
async function keepApp() {
  const cache = await caches.open(PRECACHE);
  for (const url of self.__APP) {
    if (!(await cache.match(url))) await cache.add(url);
  }
}

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "keep-app") event.waitUntil(keepApp().catch(() => {}));
});

// The page a navigation shows: a pre-rendered page if there is one, else the
// language's shell (the app then renders the route).
function shellFor(path) {
  if (path === "/en" || path.startsWith("/en/")) return "/en.html";
  return "/index.html";
}

async function fromPrecache(url) {
  const cache = await caches.open(PRECACHE);
  return cache.match(url);
}

async function networkThenCache(request, cacheName, timeoutMs) {
  const cache = await caches.open(cacheName);
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const response = await fetch(request, { signal: controller.signal });
    clearTimeout(timer);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw e;
  }
}

async function cacheThenNetwork(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  const refresh = fetch(request)
    .then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    })
    .catch(() => undefined);
  return cached || (await refresh) || Response.error();
}

// For files whose name carries their hash: never fetched twice.
async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone()).catch(() => {});
  return response;
}

async function navigation(request) {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const page = path.endsWith(".html") ? path : path + ".html";
  // A pre-rendered page kept once visited (the guidance list and articles,
  // the accessibility statement; listed by the build): from cache if
  // visited before, else network.
  if (self.__PAGES.includes(path)) {
    const cache = await caches.open(RUNTIME);
    const cached = await cache.match(page);
    if (cached) {
      fetch(request).then((r) => r.ok && cache.put(page, r)).catch(() => {});
      return cached;
    }
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(page, response.clone());
      return response;
    } catch (e) { /* offline and never visited: the shell says so */ }
  }
  // The no-script case lookup: never kept (it answers with a person's case).
  if (self.__NETWORK_ONLY.includes(path)) return fetch(request);
  if (path.startsWith("/status")) {
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
  if (request.mode === "navigate") {
    event.respondWith(navigation(request));
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
  if (self.__APP.includes(url.pathname)) {
    // This version's app: kept in this version's cache from its first use.
    event.respondWith(cacheFirst(request, PRECACHE));
    return;
  }
  event.respondWith(
    fromPrecache(url.pathname).then((hit) => hit || fetch(request)),
  );
});
