// zhenggai serve: reloads the page when a rebuild changes it (keeping the
// scroll position) and shows content errors over the page until they are fixed.
// Injected into pages by `zhenggai serve` only; never part of a build.
(function () {
  "use strict";
  var KEY = "zhenggai-scroll:" + location.pathname;
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

  // Whether a rebuild that wrote or removed `paths` changed what this page
  // shows: the page itself, or a file pages load (styles, scripts,
  // pictures, attachments). The search page also reads the search index;
  // the open data and feeds are shown by no page.
  function touches(paths) {
    var here = file();
    return paths.some(function (path) {
      if (path === here) return true;
      if (/^search\//.test(path)) return here === "search.html";
      return !/\.html$/.test(path) && !/^data\//.test(path) && !/\.xml$/.test(path) &&
        path !== "robots.txt";
    });
  }

  var events = new EventSource("/__zhenggai/events");
  events.addEventListener("reload", function (e) {
    var paths = null;
    try { paths = JSON.parse(e.data).paths || null; } catch (err) { /* reload */ }
    if (paths && !touches(paths)) return;
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  });
  events.addEventListener("errors", function (e) { overlay(JSON.parse(e.data)); });
  events.addEventListener("ok", function () { overlay(null); });
})();
