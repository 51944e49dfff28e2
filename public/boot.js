// Starts the WebAssembly app only where a page needs it. The build inlines
// this file at the end of every page (`cargo xtask post-build`), with the
// app's file names on its script tag.
//
// Pre-rendered pages (home, guidance articles, the form's start page) are
// complete without the app: contacts, text and links are in the HTML. On a
// first visit they stay plain HTML, so a person on prepaid data does not
// download the app just to read what is already on the screen, and
// a slow phone is not busy starting it. The app starts:
//   - at once on pages that need it (the form's questions, advisories,
//     privacy, staff, the guidance list with its search): `#prerender` has no
//     `data-light` for the path being opened;
//   - on light pages too, once the app has been used on this phone (it is
//     then in the cache, so starting it costs no data): it adds the saved
//     reference, the saved answers, the queue line and "a new version is
//     ready". Without that mark there are none of these to show.
// Never on pages listed in `data-static` (the accessibility statement, a
// page from the build only). On pages listed in `data-warm` (the form's start page: the next tap opens
// the first question) the service worker downloads the app in the
// background, without starting it, so the question opens fast, even offline.
// Also registers the service worker, once the page has loaded.
(function () {
  "use strict";
  var USED = "portal.app";
  // The language of a page under `/:lang` is remembered on the phone (the
  // app does the same), so `/` opens it next time: see index.html's head.
  try {
    var lang = document.documentElement.lang;
    if (location.pathname.split("/")[1] === lang) localStorage.setItem("portal.lang", lang);
  } catch (e) { /* storage disabled: `/` stays Indonesian */ }
  var me = document.currentScript;
  var js = me && me.getAttribute("data-js");
  var wasm = me && me.getAttribute("data-wasm");
  var started = false;

  function used() {
    try { return localStorage.getItem(USED) === "1"; } catch (e) { return false; }
  }

  function here() {
    return location.pathname.replace(/\/+$/, "") || "/";
  }

  // Whether `#prerender`'s attribute lists the path being opened.
  function listed(attr) {
    var pre = document.getElementById("prerender");
    var paths = (pre && pre.getAttribute(attr)) || "";
    return paths.split(" ").indexOf(here()) !== -1;
  }

  // Asks the service worker to keep the app's main files, and with `path`
  // the pieces of that page too (it downloads what the browser does not have
  // yet). The app asks for a lazy page's pieces itself once that page is
  // shown (src/offline.rs, `dom::after_takeover`), so the worker does not
  // fetch its piece a second time beside the page; it then fetches what the
  // page leaves for later (the form's end, home's queue line).
  function keepApp(path) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ keep: "app", path: path });
    });
  }

  // Said where the app would have appeared, in the page's language.
  function cannotStart() {
    var id = document.documentElement.lang !== "en";
    var main = document.querySelector("#prerender main") || document.body;
    if (!main || document.getElementById("boot-problem")) return;
    var box = document.createElement("div");
    box.id = "boot-problem";
    box.className = "error-box";
    box.setAttribute("role", "alert");
    // The numbers are on most pages; where they are not (the guidance
    // list), the box says where they are.
    var here = document.querySelector('#prerender a[href^="tel:"]');
    var numbers = here
      ? (id
        ? "Nomor darurat ada di halaman ini dan bisa dipakai tanpa internet."
        : "The emergency numbers are on this page and work without the internet.")
      : (id
        ? 'Nomor darurat ada di <a href="/id">Beranda</a>.'
        : 'The emergency numbers are on the <a href="/en">home page</a>.');
    box.innerHTML = (id
      ? "<h2>Halaman ini belum bisa dibuka</h2><p>Bagian ini perlu internet saat pertama kali dibuka. Sambungkan internet, lalu muat ulang halaman.</p>"
      : "<h2>This page cannot open yet</h2><p>This part needs the internet the first time you open it. Connect, then reload the page.</p>") +
      "<p>" + numbers + "</p>";
    main.insertBefore(box, main.firstChild);
  }

  function hint(rel, href) {
    var link = document.createElement("link");
    link.rel = rel;
    link.href = href;
    if (rel === "preload") {
      // As the app's loader fetches it (`fetch`, same origin): it takes
      // this download instead of starting another.
      link.as = "fetch";
      link.crossOrigin = "anonymous";
    }
    document.head.appendChild(link);
  }

  // The app fetches a page's pieces only once its main part runs: ask for
  // them now, beside it (`data-pieces`: each lazy route's files, by the
  // staff path, or the section's segment, with "/" for the pages below it).
  function preloadPieces() {
    var pieces = {};
    try { pieces = JSON.parse(me.getAttribute("data-pieces") || "{}"); } catch (e) { /* none */ }
    var s = here().split("/");
    var key = (s[2] || "") + (s.length > 3 ? "/" : "");
    var stem = js.slice(0, -3);
    hint("modulepreload", stem + "_split.js");
    var names = pieces[here()] || (s.length > 2 && pieces[key]) || [];
    if (!Array.isArray(names)) names = [];
    for (var i = 0; i < names.length; i++) hint("preload", stem + "-" + names[i] + ".wasm");
  }

  function start() {
    if (started || !js || !wasm) return;
    started = true;
    preloadPieces();
    // The module and the wasm download side by side.
    var bytes = fetch(wasm);
    bytes.catch(function () { /* reported below */ });
    import(js)
      .then(function (m) { return m.default({ module_or_path: bytes }); })
      .then(function () {
        try { localStorage.setItem(USED, "1"); } catch (e) { /* private mode */ }
        // The service worker keeps the app for offline use from now on.
        keepApp("");
      })
      .catch(function () {
        started = false;
        cannotStart();
      });
  }

  // After the page's own load, so it does not compete with it.
  function afterLoad() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/sw.js").catch(function () { /* works without */ });
    }
    if (!started && listed("data-warm")) keepApp(here());
  }

  // A page from the build only (the accessibility statement): the app has
  // no route for it, so it never starts there.
  if (!listed("data-static") && (!listed("data-light") || used())) start();
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad);
})();
