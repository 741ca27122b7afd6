#!/usr/bin/env node
// What a reader's first search downloads: runs the built site's own
// assets/search.js under Node with a stand-in page, as search.html?q=…
// does in a browser, and adds up the search/ files it loads. A benchmark
// aid (BENCHMARKS.md), not a test: the browser tests check search itself.
//
//   node scripts/first-query.js <site folder> <query>…
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, ...queries] = process.argv.slice(2);
if (!site || !queries.length) {
  console.error("用法：node scripts/first-query.js <网站文件夹> <查询>…");
  process.exit(2);
}
const client = fs.readFileSync(path.join(site, "assets/search.js"), "utf8");

// One fresh page per query: nothing cached between them.
function firstQuery(query) {
  return new Promise((resolve) => {
    const loaded = [];
    const elements = {};
    const element = (tag) => {
      const el = {
        tag, children: [], style: {}, options: [], labels: [], attributes: {},
        hidden: false, textContent: "", value: "",
        appendChild(child) {
          this.children.push(child);
          if (child.tag === "script") {
            // Scripts arrive later, as in a browser.
            setImmediate(() => {
              const file = path.join(site, child.src);
              let code;
              try { code = fs.readFileSync(file, "utf8"); } catch (e) { return child.onerror && child.onerror(); }
              loaded.push([child.src, Buffer.byteLength(code)]);
              vm.runInContext(code, context);
            });
          }
          return child;
        },
        setAttribute(k, v) { this.attributes[k] = v; },
        getAttribute(k) { return this.attributes[k]; },
        addEventListener() {},
        remove() {},
        querySelector() { return null; },
        form: { addEventListener() {} },
      };
      return el;
    };
    for (const id of ["q", "results", "search-status", "more", "reg-results"]) elements[id] = element("div");
    const script = element("script");
    script.attributes["data-root"] = "";
    const document = {
      currentScript: script,
      head: element("head"),
      createElement: element,
      createTextNode: (text) => ({ tag: "#text", textContent: text }),
      getElementById: (id) => elements[id] || null,
    };
    const location = { search: "?q=" + encodeURIComponent(query), pathname: "/search.html" };
    const context = vm.createContext({
      document, location, URLSearchParams, setTimeout, clearTimeout, Promise,
      history: { replaceState() {} }, CSS: { escape: (s) => s },
    });
    context.window = context;
    vm.runInContext(client, context);
    const status = elements["search-status"];
    const started = Date.now();
    (function wait() {
      const text = status.textContent;
      if (text && !text.startsWith("正在")) {
        const links = elements.results.children.map((li) => li.children[0].children[0].href);
        setTimeout(() => resolve({ status: text, loaded, links }), 20);
      } else if (Date.now() - started > 60000) {
        resolve({ status: "（超时）" + text, loaded });
      } else {
        setTimeout(wait, 5);
      }
    })();
  });
}

(async () => {
  for (const query of queries) {
    const { status, loaded, links } = await firstQuery(query);
    const total = loaded.reduce((sum, [, bytes]) => sum + bytes, 0);
    const largest = loaded.slice().sort((a, b) => b[1] - a[1]).slice(0, 3)
      .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} kB`).join(", ");
    console.log(`${query}\t${(total / 1024).toFixed(1)} kB in ${loaded.length} files\t(${largest})\t${status}`);
    if (process.env.RESULTS) console.log("  " + (links || []).join(" "));
  }
})();
