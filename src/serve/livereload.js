// zhenggai serve: reloads the page when a rebuild changes it (keeping the
// scroll position) and shows content errors over the page until they are fixed.
// Injected into pages by `zhenggai serve` only; never part of a build.
(function () {
  "use strict";
  var KEY = "zhenggai-scroll:" + location.pathname;
  // The reloads sent before this page was read: the server sends the
  // later ones when the stream opens, in case one came while it loaded.
  var script = document.currentScript;
  var since = script && script.getAttribute("data-since");
  try {
    var y = sessionStorage.getItem(KEY);
    if (y !== null) { sessionStorage.removeItem(KEY); window.scrollTo(0, +y); }
  } catch (e) { /* storage off: reload at the top */ }

  function overlay(lines) {
    var box = document.getElementById("zhenggai-errors");
    if (!lines) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "zhenggai-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#1d1d1f;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;border-top:4px solid #d4351c";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "zhenggai: " + lines.length + " 处错误，已保留上次成功构建的页面。修正后页面会自动刷新。";
    box.appendChild(title);
    lines.forEach(function (line) {
      var row = document.createElement("pre");
      row.style.cssText = "margin:.4rem 0 0;white-space:pre-wrap";
      row.textContent = line;
      box.appendChild(row);
    });
  }

  // This page's file in the output folder: "/a/" is "a/index.html".
  function file() {
    var path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return path === "" || /\/$/.test(path) ? path + "index.html" : path;
  }

  // Whether a rebuild that wrote or removed `paths` (the files any page
  // may show) changed what this page shows: the page itself, or a file
  // pages load (styles, scripts, pictures, attachments). The search page
  // also reads the search index (`search`).
  function touches(data) {
    var here = file();
    if (data.search && here === "search.html") return true;
    return data.paths.some(function (path) { return path === here || !/\.html$/.test(path); });
  }

  var events = new EventSource("/__zhenggai/events" + (since ? "?since=" + since : ""));
  events.addEventListener("reload", function (e) {
    var data = {};
    try { data = JSON.parse(e.data) || {}; } catch (err) { /* reload */ }
    if (data.paths && !touches(data)) return;
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  });
  events.addEventListener("errors", function (e) { overlay(JSON.parse(e.data)); });
  events.addEventListener("ok", function () { overlay(null); });
})();
