// zhenggai search client. Reads the index that `zhenggai build` writes to
// search/ (format: src/search/mod.rs), segments the query with the same rules
// as the index (src/search/tokens.rs) against the index's own vocabulary, and
// ranks like elasticlunr: the per-term scores (boosted tf-idf over fields) come
// precomputed; prefix expansion gets elasticlunr's penalty; words are ANDed.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";
  var waiting = {}, loaded = {};

  // Index files call these as they load.
  window.zhenggaiSearch = {
    meta: function (data) { settle("index", data); },
    vocab: function (n, data) { settle("v" + n, data); },
    postings: function (n, data) { settle("p" + n, data); },
    tails: function (n, data) { settle("t" + n, data); },
    tailRange: function (n, r, data) { settle("t" + n + "-" + r, data); },
    docs: function (n, data) { settle("d" + n, data); },
    facet: function (data) { settle("f-" + data[0], data[1]); },
    reports: function (data) { settle("reports", data); },
    regs: function (data) { settle("regs", data); }
  };
  function settle(name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (w) { w.resolve(data); });
    delete waiting[name];
  }
  // Loads search/<name>.js once, as a script (works from file:// too).
  function load(name) {
    if (name in loaded) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve, reject) {
      if (!waiting[name]) {
        waiting[name] = [];
        var s = document.createElement("script");
        s.src = root + "search/" + name + ".js";
        s.async = true;
        s.onerror = function () {
          (waiting[name] || []).forEach(function (w) { w.reject(new Error("cannot load " + s.src)); });
          delete waiting[name];
        };
        document.head.appendChild(s);
      }
      waiting[name].push({ resolve: resolve, reject: reject });
    });
  }

  // --- Query text to terms: the rules of src/search/tokens.rs ---
  var OPEN = "〔【［〖（(", CLOSE = "〕】］〗）)";
  function normChar(c) {
    if (OPEN.indexOf(c) >= 0) return "[";
    if (CLOSE.indexOf(c) >= 0) return "]";
    var code = c.charCodeAt(0);
    if (code === 0x3000) return " ";
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    return c.toLowerCase();
  }
  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += normChar(text[i]);
    return out;
  }
  function isHan(c) {
    var code = c.codePointAt(0);
    return (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0xf900 && code <= 0xfaff) || (code >= 0x20000 && code <= 0x2fa1f);
  }
  function isAlnum(c) { return /^[0-9a-z]$/.test(c); }
  // Plain numbers are looked up whole: the vocabulary leaves them out.
  function isNumber(term) { return /^[0-9]+$/.test(term); }
  function vocabBucket(term, buckets) {
    var chars = Array.from(term), key = chars[0].codePointAt(0);
    if (chars.length > 1 && isAlnum(chars[0])) key = key * 128 + chars[1].codePointAt(0) % 128;
    return (Math.imul(key, 2654435761) >>> 0) % buckets;
  }
  function postingsBucket(term, buckets) {
    var h = 2166136261;
    for (var c of term) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0;
    return h % buckets;
  }
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  // Decodes "doc-delta, score, …" into absolute [doc, score, doc, score, …].
  function decode(text) {
    var out = [], value = 0, factor = 1, doc = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGITS.indexOf(text[i]);
      if (d >= 32) { value += (d - 32) * factor; factor *= 32; continue; }
      value += d * factor;
      if (out.length % 2 === 0) { doc += value; out.push(doc); } else out.push(value);
      value = 0; factor = 1;
    }
    return out;
  }

  // Splits a normalised query into document numbers and runs of Han or ASCII.
  function pieces(text, meta) {
    var found = [], rest = "";
    var re = /\[(\d{4})\](\d+(?:-\d+)*)号/g, last = 0, m;
    while ((m = re.exec(text))) {
      var start = m.index, k = 0;
      while (start > 0 && isHan(text[start - 1]) && k < meta.max_issuer) { start--; k++; }
      found.push({ kind: "exact", text: text.slice(start, re.lastIndex) });
      rest += text.slice(last, start) + " ";
      last = re.lastIndex;
    }
    rest += text.slice(last);
    var chars = Array.from(rest), run = "", han = false;
    function flush() {
      if (run) found.push({ kind: han ? "han" : "ascii", text: run });
      run = "";
    }
    chars.forEach(function (c) {
      var h = isHan(c), a = isAlnum(c);
      if (!h && !a) { flush(); return; }
      if (run && h !== han) flush();
      han = h;
      run += c;
    });
    flush();
    return found;
  }

  // Forward maximum matching against the index's own vocabulary: the
  // longest term starting here; a character no term starts with stays
  // single and matches by prefix.
  function segmentHan(run, vocab) {
    var chars = Array.from(run), out = [], i = 0;
    while (i < chars.length) {
      var best = chars[i];
      for (var j = chars.length; j > i + 1; j--) {
        var word = chars.slice(i, j).join("");
        if (vocab(word)) { best = word; break; }
      }
      out.push(best);
      i += Array.from(best).length;
    }
    return out;
  }

  // The query's words (split at spaces), each as its list of terms.
  function queryWords(query, meta) {
    var words = normalize(query).split(/\s+/).filter(Boolean).map(function (w) { return pieces(w, meta); });
    var needed = {};
    words.forEach(function (parts) {
      parts.forEach(function (p) {
        // Han runs are segmented from any character; other terms are whole.
        var starts = p.kind === "han" ? Array.from(p.text) :
          p.kind === "ascii" && !isNumber(p.text) ? [p.text] : [];
        starts.forEach(function (c) { needed[vocabBucket(c, meta.vocab_buckets)] = true; });
      });
    });
    return Promise.all(Object.keys(needed).map(function (b) { return load("v" + b); })).then(function () {
      var vocab = function (term) {
        var bucket = loaded["v" + vocabBucket(term, meta.vocab_buckets)];
        return bucket && Object.prototype.hasOwnProperty.call(bucket, term);
      };
      return words.map(function (parts) {
        var terms = [];
        parts.forEach(function (p) {
          (p.kind === "han" ? segmentHan(p.text, vocab) : [p.text]).forEach(function (t) {
            if (meta.stop.indexOf(t) < 0 && terms.indexOf(t) < 0) terms.push(t);
          });
        });
        return terms;
      }).filter(function (terms) { return terms.length; });
    });
  }

  // --- Ranking ---
  // Every term of a word must match (a phrase is one idea). Documents must
  // match every word; if none does, those matching most words are shown.
  //
  // A term in very many documents comes in two tiers: its best-scoring
  // documents, then the rest (a tail, whole and by range of documents). A
  // query that stands for one index term (itself, or the one longer term
  // it expands to) is ranked from the first tier alone, which holds its
  // best results, and counted from the term's document count; the tail
  // loads only for a later page (`rest`). With several terms, one of them
  // held whole (a rare word) names every document that can match them
  // all: the tails load only for those documents' ranges. Otherwise, and
  // when no document matches every word, every document is needed.
  function search(query, set) {
    return load("index").then(function (meta) {
      return queryWords(query, meta).then(function (words) {
        var terms = [].concat.apply([], words), keys = {};
        terms.forEach(function (t) {
          keys[t] = t.indexOf("[") >= 0 || isNumber(t) ? [[t, 1]] : expansions(t, meta);
        });
        var buckets = {};
        Object.keys(keys).forEach(function (t) {
          keys[t].forEach(function (k) { buckets[postingsBucket(k[0], meta.postings_buckets)] = true; });
        });
        return Promise.all(Object.keys(buckets).map(function (b) { return load("p" + b); })).then(function () {
          // A word with a term the index lacks matches nothing, whatever its
          // other terms' tails hold: they are not loaded for it.
          var tiered = [], whole = [], count = 0, lackingWords = 0;
          words.forEach(function (word) {
            var lacking = word.some(function (t) {
              return keys[t].every(function (k) { return entryOf(k[0], meta) === ""; });
            });
            if (lacking) { lackingWords++; return; }
            word.forEach(function (t) {
              var held = true;
              keys[t].forEach(function (k) {
                var entry = entryOf(k[0], meta);
                if (typeof entry !== "string") { tiered.push(entry); count = entry.count; held = false; }
              });
              if (held) whole.push(t);
            });
          });
          // The tiered terms' tails: whole (one file a bucket), or only
          // the ranges `wanted` says while they are a small part of a
          // term's tail (past a quarter of its ranges, or RANGE_FILES, the
          // whole tail is one request instead). A bucket loaded whole needs
          // none of its ranges.
          function tailFiles(wanted) {
            var files = {};
            tiered.forEach(function (entry) {
              var hit = wanted ? entry.ranges.filter(function (r) { return wanted[r]; }) : [];
              if (!wanted || hit.length > Math.min(RANGE_FILES, entry.ranges.length / 4)) files["t" + entry.bucket] = true;
            });
            if (wanted) tiered.forEach(function (entry) {
              var whole = "t" + entry.bucket;
              if (files[whole] || loaded[whole]) return;
              entry.ranges.forEach(function (r) { if (wanted[r]) files[whole + "-" + r] = true; });
            });
            return Promise.all(Object.keys(files).map(load));
          }
          function ranked(full, matchAll) {
            var scored = words.map(function (word) { return wordScores(word, keys, meta, full); });
            // Filters apply before falling back to documents that match some
            // words only: a filter may exclude every full match.
            var keep = function (hits) { return set ? hits.filter(function (h) { return set[h.doc]; }) : hits; };
            var hits = keep(rank(scored, words.length, true)), partial = false;
            if (!hits.length && words.length > 1 && !matchAll) { hits = keep(rank(scored, words.length, false)); partial = hits.length > 0; }
            return { terms: terms, hits: hits, partial: partial, meta: meta, count: hits.length };
          }
          var completed = null;
          function complete() {
            completed = completed || tailFiles(null).then(function () { return ranked(true); });
            return completed;
          }
          if (!tiered.length) return ranked(true);
          var one = terms.length === 1 && keys[terms[0]].length === 1 && !set;
          if (one) {
            var first = ranked(false);
            first.count = count;
            first.rest = complete;
            return first;
          }
          // No rare term, or a word matching nothing (so no document
          // matches every word, and the fallback needs every document).
          if (!whole.length || lackingWords || !meta.tail_range) return complete();
          // The rarest term held whole: only its documents can match.
          var fewest = null;
          whole.forEach(function (t) {
            var docs = Object.keys(scoreTerm(keys[t], meta, false));
            if (!fewest || docs.length < fewest.length) fewest = docs;
          });
          var wanted = {};
          fewest.forEach(function (doc) { wanted[Math.floor(doc / meta.tail_range)] = true; });
          return tailFiles(wanted).then(function () {
            // Every document that matches every word is ranked in full;
            // if none does, the fallback needs every document.
            var found = ranked(true, true);
            return found.hits.length || words.length === 1 ? found : complete();
          });
        });
      });
    });
  }

  // The most range files of one tail a query loads (see tailFiles).
  var RANGE_FILES = 32;

  // A term's entry in its postings bucket: its encoded documents, or
  // { top, count, ranges, bucket } when only its first tier is there.
  function entryOf(term, meta) {
    var b = postingsBucket(term, meta.postings_buckets), entry = (loaded["p" + b] || {})[term];
    if (entry === undefined) return "";
    return typeof entry === "string" ? entry : { top: entry[0], count: entry[1], ranges: entry[2], bucket: b };
  }

  // The index terms a query term stands for: itself if the index has it
  // (jieba already indexed the sub-words of longer words); otherwise the
  // most common terms it begins (elasticlunr's expansion, with its penalty).
  function expansions(term, meta) {
    var bucket = loaded["v" + vocabBucket(term, meta.vocab_buckets)] || {}, longer = [], out = [];
    if (Object.prototype.hasOwnProperty.call(bucket, term)) return [[term, 1]];
    Object.keys(bucket).forEach(function (key) {
      if (key !== term && key.lastIndexOf(term, 0) === 0) longer.push(key);
    });
    longer.sort(function (a, b) { return bucket[b] - bucket[a] || (a < b ? -1 : 1); });
    longer.slice(0, meta.expand).forEach(function (key) {
      out.push([key, (1 - (key.length - term.length) / key.length) * 0.15]);
    });
    return out;
  }

  // Scores of the documents that contain every term of one word.
  function wordScores(word, keys, meta, full) {
    var per = word.map(function (t) { return scoreTerm(keys[t], meta, full); }), out = {};
    Object.keys(per[0] || {}).forEach(function (doc) {
      var sum = 0;
      for (var i = 0; i < per.length; i++) {
        if (!(doc in per[i])) return;
        sum += per[i][doc];
      }
      out[doc] = sum;
    });
    return out;
  }

  // Scores of every document for one query term (over its expansions):
  // with `full`, a tiered term's tail too.
  function scoreTerm(keys, meta, full) {
    var scores = {};
    keys.forEach(function (k) {
      var entry = entryOf(k[0], meta), parts = [entry];
      if (typeof entry !== "string") {
        parts = [entry.top];
        // The whole tail, or each range of it as far as it is loaded (a
        // query loads the ranges of every document it can match).
        var whole = loaded["t" + entry.bucket];
        if (full && whole) parts.push(whole[k[0]] || "");
        else if (full) entry.ranges.forEach(function (r) {
          parts.push((loaded["t" + entry.bucket + "-" + r] || {})[k[0]] || "");
        });
      }
      parts.forEach(function (text) {
        var list = decode(text);
        for (var i = 0; i < list.length; i += 2) {
          scores[list[i]] = (scores[list[i]] || 0) + list[i + 1] / meta.scale * k[1];
        }
      });
    });
    return scores;
  }

  // Adds up the words; with `all`, a document must match every word.
  // Otherwise more words matched ranks higher (elasticlunr's coordNorm).
  function rank(perWord, count, all) {
    var total = {}, matched = {};
    perWord.forEach(function (scores) {
      Object.keys(scores).forEach(function (doc) {
        total[doc] = (total[doc] || 0) + scores[doc];
        matched[doc] = (matched[doc] || 0) + 1;
      });
    });
    return Object.keys(total)
      .filter(function (doc) { return !all || matched[doc] === count; })
      .map(function (doc) { return { doc: +doc, score: total[doc] * matched[doc] / count }; })
      .sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  function shown(hits, meta) {
    var chunks = {};
    hits.forEach(function (h) { chunks[Math.floor(h.doc / meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("d" + c); })).then(function () {
      return hits.map(function (h) {
        var row = loaded["d" + Math.floor(h.doc / meta.chunk)][h.doc % meta.chunk];
        var passages = row[6] || [];
        // No teaser sent: it is the first passage's opening (90 characters,
        // TEASER_CHARS in src/search/mod.rs).
        var teaser = row[5] !== null ? row[5] : Array.from(passages[0] || "").slice(0, 90).join("");
        return { title: row[0], url: row[1], report: row[2], status: row[3], place: row[4], teaser: teaser, passages: passages };
      });
    });
  }

  // --- Filters: sets of documents by status, deadline, year, report ---
  // A facet file holds alternating run lengths: outside, inside, outside…
  function decodeRuns(text, n) {
    var set = new Uint8Array(n), at = 0, inside = false, value = 0, factor = 1;
    for (var i = 0; i < text.length; i++) {
      var d = DIGITS.indexOf(text[i]);
      if (d >= 32) { value += (d - 32) * factor; factor *= 32; continue; }
      value += d * factor;
      if (inside) set.fill(1, at, Math.min(n, at + value));
      at += value;
      inside = !inside;
      value = 0; factor = 1;
    }
    return set;
  }
  // The documents every chosen filter allows, or null when none is chosen.
  function allowed(meta, filters) {
    var parts = [], known = {};
    (meta.facets || []).forEach(function (f) { known[f[0]] = true; });
    ["status", "due", "year"].forEach(function (k) {
      // Only filters the index has: a stale or mistyped URL is ignored.
      if (filters[k] && known[filters[k]]) {
        parts.push(load("f-" + filters[k]).then(function (runs) { return decodeRuns(runs, meta.docs); }));
      }
    });
    if (filters.report) {
      parts.push(load("reports").then(function (reports) {
        var set = new Uint8Array(meta.docs);
        reports.forEach(function (r) { if (r[0] === filters.report) set.fill(1, r[2], r[2] + r[3]); });
        return set;
      }));
    }
    if (!parts.length) return Promise.resolve(null);
    return Promise.all(parts).then(function (sets) {
      return sets.reduce(function (a, b) {
        for (var i = 0; i < a.length; i++) a[i] &= b[i];
        return a;
      });
    });
  }
  // Every allowed document, in site order (newest report first).
  function listed(set) {
    var hits = [];
    for (var i = 0; i < set.length; i++) if (set[i]) hits.push({ doc: i, score: 0 });
    return hits;
  }

  // --- The page ---
  var PAGE = 10;
  function highlight(el, text, terms) {
    var norm = normalize(text), marks = [];
    terms.forEach(function (t) {
      if (!t) return;
      for (var i = norm.indexOf(t); i >= 0; i = norm.indexOf(t, i + t.length)) marks.push([i, i + t.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      el.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      at = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(at)));
  }
  // The text a result line shows: the passage (a measure, a cited
  // document) that holds most of the query's terms, cut around the first
  // one, else the teaser.
  function snippet(r, terms) {
    var count = function (text) {
      var norm = normalize(text);
      return terms.filter(function (t) { return t && norm.indexOf(t) >= 0; }).length;
    };
    var best = r.teaser, most = count(r.teaser), cut = Array.from(r.teaser).length >= 90;
    r.passages.forEach(function (p) {
      var c = count(p);
      if (c > most) { best = p; most = c; cut = false; }
    });
    if (most && best !== r.teaser) {
      var norm = normalize(best), first = -1;
      terms.forEach(function (t) {
        var i = t ? norm.indexOf(t) : -1;
        if (i >= 0 && (first < 0 || i < first)) first = i;
      });
      if (first > 30) best = "…" + best.slice(first - 20);
      if (best.length > 100) { best = best.slice(0, 100); cut = true; }
    }
    return best + (cut ? "…" : "");
  }
  // Regulations whose title or number holds every word of the query: a
  // reader looking for 温应急〔2023〕19号 is shown the document itself.
  function regulationsFor(query) {
    var words = normalize(query).split(/\s+/).filter(Boolean);
    if (!words.length) return Promise.resolve([]);
    return load("regs").then(function (regs) {
      return regs.filter(function (r) {
        var text = normalize(r[0] + " " + r[1]);
        return words.every(function (w) { return text.indexOf(w) >= 0; });
      }).slice(0, 10);
    }, function () { return []; });
  }
  function tag(status, meta) {
    var span = document.createElement("span");
    span.className = "tag tag-" + status;
    meta.statuses.forEach(function (s) { if (s[0] === status) span.textContent = s[1]; });
    return span;
  }

  function setup() {
    var input = document.getElementById("q"), list = document.getElementById("results");
    var status = document.getElementById("search-status"), more = document.getElementById("more");
    if (!input || !list) return;
    var latest = 0, current = null, limit = PAGE;
    var filters = { status: "", due: "", year: "", report: "" }, reportName = "";
    var statusSel = document.getElementById("f-status"), dueSel = document.getElementById("f-due");
    var yearSel = document.getElementById("f-year");

    function render(query, result, seq) {
      if (seq !== latest) return; // a newer query has started: drop this one
      current = { query: query, result: result };
      var hits = result.hits.slice(0, limit);
      return shown(hits, result.meta).then(function (rows) {
        if (seq !== latest) return;
        list.textContent = "";
        rows.forEach(function (r) {
          var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
          a.href = root + r.url;
          highlight(a, r.title, result.terms);
          h.appendChild(a);
          li.appendChild(h);
          var meta = document.createElement("p");
          meta.className = "meta";
          meta.appendChild(tag(r.status, result.meta));
          meta.appendChild(document.createTextNode(" " + r.place + " · " + r.report));
          li.appendChild(meta);
          var teaser = document.createElement("p");
          teaser.className = "teaser";
          highlight(teaser, snippet(r, result.terms), result.terms);
          li.appendChild(teaser);
          list.appendChild(li);
        });
        var n = result.count !== undefined ? result.count : result.hits.length, within = result.filtered ? "在" + result.filtered + "的问题中" : "";
        var shownPart = n > rows.length ? "，显示前 " + rows.length + " 个" : "";
        status.textContent = !query ? (n === 0 ? "没有" + result.filtered + "的问题。" :
            result.filtered + "的问题共 " + n + " 个" + shownPart + "。") :
          n === 0 ? within + "没有找到与“" + query + "”相关的问题。" :
          (result.partial ? within + "没有同时包含全部关键词的问题；以下 " + n + " 个问题包含部分关键词。" :
            within + "找到 " + n + " 个相关问题" + shownPart + "。");
        if (more) more.hidden = n <= rows.length;
        list.setAttribute("data-query", query);
        return showRegulations(query, seq, result.meta);
      });
    }

    var regBox = document.getElementById("reg-results");
    // Says which regulations the box searched, with a link to them all.
    function partNote(found, regs) {
      var note = document.createElement("p"), all = document.createElement("a");
      note.className = "reg-note";
      note.appendChild(document.createTextNode((found ? "只在" : "在") + "被引用最多的 " + regs[0] +
        " 项制度中查找" + (found ? "" : "，没有找到") + "；全部 " + regs[1] + " 项见"));
      all.href = root + "regulations.html";
      all.textContent = "规章制度";
      note.appendChild(all);
      note.appendChild(document.createTextNode("。"));
      return note;
    }
    function showRegulations(query, seq, meta) {
      if (!regBox) return;
      return regulationsFor(query).then(function (regs) {
        if (seq !== latest) return;
        regBox.textContent = "";
        // A large portal's regulations do not all come to the browser:
        // the most-cited do, and the box says so when it has something
        // to show, or when the query looks like a document number.
        var part = meta && meta.regs && meta.regs[0] < meta.regs[1];
        var number = /\d/.test(query) && /[号〔\[【（(]/.test(query);
        regBox.hidden = !regs.length && !(part && number);
        if (regBox.hidden) return;
        if (!regs.length) {
          regBox.appendChild(partNote(0, meta.regs));
          return;
        }
        var h = document.createElement("h2");
        h.textContent = "规章制度（" + regs.length + "）";
        regBox.appendChild(h);
        var ul = document.createElement("ul");
        regs.forEach(function (r) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = root + r[2];
          highlight(a, "《" + r[0] + "》" + (r[1] ? "（" + r[1] + "）" : ""), normalize(query).split(/\s+/).filter(Boolean));
          li.appendChild(a);
          var about = [];
          if (r[3]) about.push(r[3] + "印发");
          if (r[4]) about.push("对应 " + r[4] + " 个问题");
          if (about.length) li.appendChild(document.createTextNode(" " + about.join("，")));
          ul.appendChild(li);
        });
        regBox.appendChild(ul);
        if (part) regBox.appendChild(partNote(regs.length, meta.regs));
      });
    }

    function chosen() { return filters.status || filters.due || filters.year || filters.report; }
    function describe() {
      var words = [];
      [statusSel, dueSel, yearSel].forEach(function (sel) {
        if (sel && sel.value) words.push(sel.options[sel.selectedIndex].text.replace(/（.*$/, ""));
      });
      if (filters.report && reportName) words.push("“" + reportName + "”");
      return words.join("、");
    }
    function run(query) {
      var seq = ++latest;
      limit = PAGE;
      query = query.trim();
      var params = new URLSearchParams();
      if (query) params.set("q", query);
      ["status", "due", "year", "report"].forEach(function (k) { if (filters[k]) params.set(k, filters[k]); });
      var qs = params.toString();
      try {
        history.replaceState(null, "", qs ? "?" + qs : location.pathname);
      } catch (e) { /* some file:// contexts refuse; the search still runs */ }
      if (regBox && !query) { regBox.textContent = ""; regBox.hidden = true; }
      if (!query && !chosen()) {
        list.textContent = "";
        status.textContent = "";
        list.setAttribute("data-query", "");
        if (more) more.hidden = true;
        return;
      }
      status.textContent = query ? "正在搜索…" : "正在筛选…";
      load("index").then(function (meta) {
        return allowed(meta, filters).then(function (set) {
          return (query ? search(query, set) : Promise.resolve(null)).then(function (result) {
            if (!result) result = { terms: [], hits: listed(set), partial: false, meta: meta };
            if (set) result.filtered = describe();
            return render(query, result, seq);
          });
        });
      }).catch(function () {
        if (seq === latest) status.textContent = "搜索索引加载失败，请稍后重试，或浏览全部问题。";
      });
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 120);
    });
    input.form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
    if (more) {
      more.addEventListener("click", function () {
        if (!current) return;
        limit += PAGE;
        var result = current.result, seq = latest;
        // Past a common word's best documents: the rest of them first.
        if (result.rest && limit > result.hits.length) {
          status.textContent = "正在加载…";
          result.rest().then(function (full) {
            full.filtered = result.filtered;
            render(current.query, full, seq);
          }).catch(function () {
            if (seq === latest) status.textContent = "搜索索引加载失败，请稍后重试，或浏览全部问题。";
          });
          return;
        }
        render(current.query, result, seq);
      });
    }
    var params = new URLSearchParams(location.search);
    filters.status = params.get("status") || "";
    filters.due = params.get("due") || "";
    filters.year = params.get("year") || "";
    filters.report = params.get("report") || "";
    if (params.get("q")) input.value = params.get("q");
    setupFilters().then(function () {
      if (input.value || chosen()) run(input.value);
    });

    // Fills the filter controls from the index and shows them.
    function setupFilters() {
      var box = document.getElementById("search-filters");
      if (!box) return Promise.resolve();
      return load("index").then(function (meta) {
        (meta.facets || []).forEach(function (f) {
          var sel = f[2] === "Year" ? yearSel : f[2] === "Due" ? dueSel : statusSel;
          if (!sel) return;
          var option = document.createElement("option");
          option.value = f[0];
          option.textContent = f[1] + "（" + f[3] + "）";
          sel.appendChild(option);
        });
        [[statusSel, "status"], [dueSel, "due"], [yearSel, "year"]].forEach(function (pair) {
          var sel = pair[0], key = pair[1];
          if (!sel) return;
          // A select with no choices (no deadline is near) stays hidden.
          if (sel.options.length < 2) { sel.hidden = true; sel.labels.forEach(function (l) { l.hidden = true; }); }
          if (!sel.querySelector('option[value="' + CSS.escape(filters[key]) + '"]')) filters[key] = "";
          sel.value = filters[key];
          sel.addEventListener("change", function () { filters[key] = sel.value; run(input.value); });
        });
        box.hidden = false;
        if (!filters.report) return;
        return load("reports").then(function (reports) {
          var found = reports.filter(function (r) { return r[0] === filters.report; })[0];
          if (!found) { filters.report = ""; return; }
          reportName = found[1];
          var chip = document.getElementById("f-report");
          chip.querySelector("span").textContent = found[1];
          chip.hidden = false;
          chip.querySelector("button").addEventListener("click", function () {
            filters.report = "";
            chip.hidden = true;
            run(input.value);
            input.focus();
          });
        });
      }).catch(function () { /* filters stay hidden; search still works */ });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
