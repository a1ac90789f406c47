// The live class view (newslit/live/service.py): ask twice a second whether new answers arrived, and if so
// fetch the page again and swap its report in, keeping the teacher's place, ticks and open parts.
// Everything shown comes from the server already escaped; this script only moves whole elements.
(function () {
  "use strict";
  var meta = document.querySelector("meta[name='newslit-live']");
  if (!meta) return;
  var version = meta.getAttribute("content");
  var xsrf = meta.getAttribute("data-xsrf");
  var base = location.pathname.replace(/(report)?$/, "");
  var busy = false;

  function headers() { return { "X-XSRFToken": xsrf }; }

  function keyOf(element) { return element.textContent.trim().slice(0, 200); }

  function remember() {
    var ticked = {};
    document.querySelectorAll("main li.answer").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      if (box && box.checked) ticked[keyOf(item)] = true;
    });
    var open = {};
    document.querySelectorAll("main details[open] > summary").forEach(function (s) { open[keyOf(s)] = true; });
    return { ticked: ticked, open: open, scroll: window.scrollY };
  }

  function restore(kept) {
    document.querySelectorAll("main li.answer").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      if (box && kept.ticked[keyOf(item)]) box.checked = true;
    });
    document.querySelectorAll("main details > summary").forEach(function (s) {
      if (kept.open[keyOf(s)]) s.parentElement.open = true;
    });
    window.scrollTo(0, kept.scroll);
  }

  function status(text) {
    var line = document.getElementById("live-status");
    if (line) line.textContent = text;
  }

  function redraw(newVersion, received) {
    busy = true;
    fetch(base + "report" + location.search, { credentials: "same-origin", headers: headers() })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        var main = document.querySelector("main");
        if (!fresh || !main) return;
        var kept = remember();
        main.replaceWith(fresh);
        restore(kept);
        version = newVersion;
        status("Live: " + received + " answer" + (received === 1 ? "" : "s") + " received. Last update " +
               new Date().toLocaleTimeString() + ".");
      })
      .catch(function () { status("Live: the class view cannot be reached; trying again."); })
      .finally(function () { busy = false; });
  }

  function poll() {
    if (busy) return;
    fetch(base + "api/version" + location.search, { credentials: "same-origin", headers: headers(), redirect: "manual" })
      .then(function (response) {
        if (response.status === 403 || response.type === "opaqueredirect") {
          status("Live: your login has ended. Reload the page to log in again.");
          throw new Error("login");
        }
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { if (String(data.version) !== version) redraw(String(data.version), data.received); })
      .catch(function (error) {
        if (error.message !== "login") status("Live: the class view cannot be reached; trying again.");
      });
  }

  setInterval(poll, 500);
})();
