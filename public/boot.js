// Starts the WebAssembly app only where a page needs it.
//
// Pre-rendered pages (home, guidance articles) are complete without the app:
// contacts, text and links are in the HTML. On a first visit they stay plain
// HTML, so a person on prepaid data does not download the app (~400 KB) just
// to read what is already on the screen. The app starts:
//   - at once on pages that need it (the form, advisories, privacy, staff,
//     the guidance list with its search): `#prerender` has no `data-light`
//     for the path being opened;
//   - on light pages too, once the app has been used on this phone (it is
//     then in the cache, so starting it costs no data) — it adds the saved
//     reference, the queue line and "a new version is ready".
// The file names of the app are written into this page's script tag by the
// build (`cargo xtask post-build`). Also registers the service worker.
(function () {
  "use strict";
  var USED = "portal.app";
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

  function lightHere() {
    var pre = document.getElementById("prerender");
    var paths = (pre && pre.getAttribute("data-light")) || "";
    return paths.split(" ").indexOf(here()) !== -1;
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
    box.innerHTML = id
      ? "<h2>Halaman ini belum bisa dibuka</h2><p>Bagian ini perlu internet saat pertama kali dibuka. Sambungkan internet, lalu muat ulang halaman.</p><p>Nomor darurat ada di halaman ini dan bisa dipakai tanpa internet.</p>"
      : "<h2>This page cannot open yet</h2><p>This part needs the internet the first time you open it. Connect, then reload the page.</p><p>The emergency numbers are on this page and work without the internet.</p>";
    main.insertBefore(box, main.firstChild);
  }

  function start() {
    if (started || !js || !wasm) return;
    started = true;
    // The module and the wasm download side by side.
    var bytes = fetch(wasm);
    bytes.catch(function () { /* reported below */ });
    import(js)
      .then(function (m) { return m.default({ module_or_path: bytes }); })
      .then(function () {
        try { localStorage.setItem(USED, "1"); } catch (e) { /* private mode */ }
        // The service worker keeps the app for offline use from now on.
        if ("serviceWorker" in navigator) {
          navigator.serviceWorker.ready.then(function (reg) {
            if (reg.active) reg.active.postMessage("app-in-use");
          });
        }
      })
      .catch(function () {
        started = false;
        cannotStart();
      });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* works without */ });
  }
  if (!lightHere() || used()) start();
})();
