// "Exit this page" (GOV.UK pattern), in plain JS so it works before the
// WebAssembly app has loaded. A click on any `.exit-this-page` link, or
// pressing Shift three times within 5 seconds, blanks the page at once and
// replaces it with a neutral site.
//
// History: `location.replace` swaps the current entry for the neutral site.
// Where the browser has the Navigation API, we first go back to the first
// entry of this visit to the portal, so no portal page is left one "Back"
// tap away. A page cannot delete the browser's history itself: the privacy
// page explains how to clear it.
(function () {
  "use strict";
  var KEY = "portal.exiting";
  var shifts = [];

  function target() {
    var link = document.querySelector("a.exit-this-page");
    return (link && link.href) || "https://www.google.com/";
  }

  function cover() {
    try {
      var el = document.createElement("div");
      el.className = "exit-overlay";
      (document.body || document.documentElement).appendChild(el);
      document.title = "";
    } catch (e) { /* leave anyway */ }
  }

  function leave(url) {
    try { sessionStorage.removeItem(KEY); } catch (e) { /* storage disabled */ }
    window.location.replace(url);
  }

  function exitNow(url) {
    url = url || target();
    cover();
    try { sessionStorage.clear(); sessionStorage.setItem(KEY, url); } catch (e) { /* storage disabled */ }
    var nav = window.navigation;
    try {
      if (nav && nav.entries && nav.currentEntry) {
        var first = nav.entries()[0];
        if (first && first.key !== nav.currentEntry.key) {
          // If this crosses to another document, the check below finishes the exit there.
          var done = function () { leave(url); };
          nav.traverseTo(first.key).finished.then(done, done);
          return;
        }
      }
    } catch (e) { /* fall through */ }
    leave(url);
  }

  // Finishing an exit that went back to an earlier page of this visit.
  function resume() {
    var url = null;
    try { url = sessionStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
    if (url) { cover(); leave(url); }
  }
  resume();
  window.addEventListener("pageshow", resume);

  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a.exit-this-page") : null;
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    exitNow(a.href);
  }, true);

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Shift" || ev.repeat) return;
    var now = Date.now();
    shifts = shifts.filter(function (t) { return now - t < 5000; });
    shifts.push(now);
    if (shifts.length >= 3) { shifts = []; exitNow(); }
  });
})();
