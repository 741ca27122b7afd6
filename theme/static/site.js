// zhenggai: larger-text and high-contrast switches and instant filters. Every page works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  function store(key, on) {
    try { localStorage.setItem(key, on ? "1" : "0"); } catch (e) { /* private mode: keep for this page */ }
  }
  // A switch that toggles a class on <html>, remembered across pages
  // (prefs.js applies it before the first paint).
  function setupSwitch(id, className, key) {
    var button = document.getElementById(id);
    if (!button) return;
    var sync = function () { button.setAttribute("aria-pressed", root.classList.contains(className) ? "true" : "false"); };
    button.hidden = false;
    sync();
    button.addEventListener("click", function () {
      var on = !root.classList.contains(className);
      root.classList.toggle(className, on);
      store(key, on);
      sync();
    });
  }
  function setupTextSize() {
    setupSwitch("textsize", "large", "zhenggai-large-text");
    setupSwitch("contrast", "contrast", "zhenggai-high-contrast");
  }

  function setupFilters() {
    var box = document.getElementById("filters");
    if (!box) return;
    box.hidden = false;
    var count = document.getElementById("filter-count");
    var items = document.querySelectorAll(".problem-list .issues li[data-status]");
    var areas = document.querySelectorAll(".problem-list section.area");
    function value(name) {
      var checked = box.querySelector('input[name="' + name + '"]:checked');
      return checked ? checked.value : "";
    }
    function apply() {
      var status = value("f-status"), area = value("f-area"), shown = 0;
      areas.forEach(function (section) {
        var inArea = !area || section.getAttribute("data-area") === area;
        var visible = 0;
        section.querySelectorAll(".issues li[data-status]").forEach(function (li) {
          var ok = inArea && (!status ||
            (status === "overdue" ? li.hasAttribute("data-overdue") :
             status === "due" ? li.hasAttribute("data-due") :
             li.getAttribute("data-status") === status));
          li.hidden = !ok;
          if (ok) visible++;
        });
        section.querySelectorAll(".group").forEach(function (g) {
          g.hidden = !g.querySelector(".issues li[data-status]:not([hidden])");
        });
        section.hidden = visible === 0;
        shown += visible;
      });
      count.textContent = (status || area) ? "显示 " + shown + " 个问题（共 " + items.length + " 个）" : "";
    }
    box.addEventListener("change", apply);
  }

  function setupSearchForm() {
    var form = document.querySelector("form.searchbar");
    if (!form || !form.getAttribute("data-search")) return;
    form.addEventListener("submit", function (event) {
      var q = form.querySelector("input[name=q]").value.trim();
      if (!q) return;
      event.preventDefault();
      window.location.href = form.getAttribute("data-search") + "?q=" + encodeURIComponent(q);
    });
  }

  // 朗读: the browser's own speech synthesis reads the page's main text,
  // block by block in reading order; pressed again, it stops. Where the
  // browser has no speech synthesis the button stays hidden.
  function setupReadAloud() {
    var button = document.getElementById("readaloud");
    var speech = window.speechSynthesis;
    if (!button || !speech || typeof window.SpeechSynthesisUtterance !== "function") return;
    var main = document.getElementById("main");
    button.hidden = false;
    var reading = false;
    function set(on) {
      reading = on;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "停止朗读" : "朗读";
    }
    function blocks() {
      // The title first, then the rest in reading order.
      var title = main.querySelector("h1");
      var out = title ? [title.textContent.replace(/\s+/g, " ").trim()] : [];
      main.querySelectorAll("h2, h3, h4, p, li, dt, dd, th, td, figcaption").forEach(function (el) {
        // The innermost blocks only, once each, visible ones.
        if (el.querySelector("p, li, dt, dd, h2, h3, h4") || !el.getClientRects().length) return;
        if (el.closest("[hidden], .visually-hidden, svg, details:not([open]) > :not(summary)")) return;
        var text = el.textContent.replace(/\s+/g, " ").trim();
        if (text) out.push(text);
      });
      return out;
    }
    button.addEventListener("click", function () {
      if (reading) {
        speech.cancel();
        set(false);
        return;
      }
      speech.cancel();
      var queue = blocks();
      set(true);
      queue.forEach(function (text, i) {
        var u = new window.SpeechSynthesisUtterance(text);
        u.lang = "zh-CN";
        if (i === queue.length - 1) u.onend = function () { set(false); };
        speech.speak(u);
      });
    });
    window.addEventListener("pagehide", function () { speech.cancel(); });
  }

  // Links to the search page's combined filters work only with scripts.
  function revealScriptLinks() {
    document.querySelectorAll(".facet-search").forEach(function (el) { el.hidden = false; });
  }

  function ready() { setupTextSize(); setupReadAloud(); setupFilters(); setupSearchForm(); revealScriptLinks(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
