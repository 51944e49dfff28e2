// The portal's service worker: the app opens with no connection once visited.
// `self.__PRECACHE` (URL -> content hash) and `self.__VERSION` are written
// into this file by the build (`cargo xtask post-build`); never by hand.
//
// - Precached at install: the app shell (pre-rendered home pages), wasm, JS,
//   profile, manifest, icons, the guidance index and search index.
// - Visited guidance (article JSON and pre-rendered article pages) and the
//   last queue advisory are cached when fetched.
// - A new deployment installs beside the old one and waits; the app shows
//   "a new version is ready" and activates it when the person agrees, so
//   nothing typed is lost (drafts live in localStorage, not in this cache).
"use strict";
/* __BUILD__ */
const PRECACHE = "portal-precache-" + self.__VERSION;
const RUNTIME = "portal-runtime";
const ADVISORY = "/api/v1/advisories";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(PRECACHE).then((cache) => cache.addAll(Object.keys(self.__PRECACHE))),
  );
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

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
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

async function navigation(request) {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const page = path.endsWith(".html") ? path : path + ".html";
  // A pre-rendered guidance page: from cache if visited before, else network.
  if (/^\/(id|en)\/guidance(\/[a-z0-9-]+)?$/.test(path)) {
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
  if (path.startsWith("/status")) {
    return networkThenCache(request, RUNTIME, 4000);
  }
  const precached = (path === "/" || path === "/id") ? await fromPrecache("/index.html")
    : path === "/en" ? await fromPrecache("/en.html")
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
  if (url.pathname === "/profile.json" || url.pathname.startsWith("/content/")) {
    event.respondWith(
      fromPrecache(url.pathname).then((hit) =>
        hit ? cacheThenNetwork(request, PRECACHE) : cacheThenNetwork(request, RUNTIME),
      ),
    );
    return;
  }
  event.respondWith(
    fromPrecache(url.pathname).then((hit) => hit || fetch(request)),
  );
});
