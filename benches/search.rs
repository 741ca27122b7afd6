//! Search benchmark: index sizes and the cost of a first query, zhenggai
//! beside Pagefind on the same built site, in a real headless Chromium.
//!
//! ```text
//! ./scripts/install-test-deps.sh      # Chromium, chromedriver, axe-core, pagefind
//! cargo bench --bench search          # ZHENGGAI_BENCH_SIZES=1000,10000 by default
//! ```
//!
//! Prints figures; asserts nothing about time. For each portal (the bundled
//! example and generated corpora): the index's size raw and gzipped, and for
//! a set of queries the bytes each engine loads for a first query (fresh
//! browser session, so nothing is cached) and the top results it finds.
//! On the largest corpus it also times submit-to-results in the browser.

#[path = "../tests/common/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use browser::{encode_query, Driver, FileServer};
use fantoccini::{Client, Locator};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let pagefind = repo.join("node_modules/.bin/pagefind");
    assert!(
        pagefind.exists(),
        "pagefind is missing: run `npm ci` (or ./scripts/install-test-deps.sh)"
    );
    let sizes: Vec<usize> = std::env::var("ZHENGGAI_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let work = tempfile::Builder::new()
        .prefix("zhenggai-search-bench-")
        .tempdir()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let mut portals = vec![("example (33)".to_string(), repo.clone(), example_queries())];
    for &n in &sizes {
        let dir = work.path().join(format!("c{n}"));
        corpus::write_corpus(n, &dir, 2023).unwrap();
        let queries = corpus_queries(&dir.join("portal"));
        portals.push((format!("generated ({n})"), dir.join("portal"), queries));
    }

    println!("# Search benchmark\n");
    println!(
        "zhenggai {} · pagefind {} · {}",
        env!("CARGO_PKG_VERSION"),
        tool_version(&pagefind),
        chromium_version()
    );
    for (i, (name, root, queries)) in portals.iter().enumerate() {
        let site = work.path().join(format!("site{i}"));
        let started = std::time::Instant::now();
        let options = zhenggai::build::BuildOptions {
            root: root.clone(),
            out: site.clone(),
            base_url: None,
            progress: false,
            today: None,
        };
        zhenggai::build::build(&options).expect("build");
        let build_ms = started.elapsed().as_millis();
        let (raw, gz, files) = folder_size(&site.join("search"));
        let pf_started = std::time::Instant::now();
        let status = Command::new(&pagefind)
            .args([
                "--site",
                site.to_str().unwrap(),
                "--glob",
                "reports/*/issues/*.html",
                "--silent",
            ])
            .status()
            .expect("run pagefind");
        assert!(status.success(), "pagefind failed");
        let pf_ms = pf_started.elapsed().as_millis();
        let (pf_raw, pf_gz, pf_files) = folder_size(&site.join("pagefind"));
        std::fs::write(site.join("pagefind-bench.html"), PAGEFIND_PAGE).unwrap();

        println!("\n## {name}\n");
        println!("| | zhenggai | Pagefind |\n|---|---|---|");
        println!("| index, raw | {} | {} |", kb(raw), kb(pf_raw));
        println!("| index, gzip | {} | {} |", kb(gz), kb(pf_gz));
        println!("| files | {files} | {pf_files} |");
        println!("| indexing time | {build_ms} ms (whole build) | {pf_ms} ms (index only) |\n");
        let server = FileServer::start(&site, "/");
        let driver = Driver::start();
        let rows = runtime.block_on(compare(&driver, &server, queries));
        println!("| query | zhenggai: first query loads | found | top 3 | Pagefind: first query loads | found | top 3 | same first hit |");
        println!("|---|---|---|---|---|---|---|---|");
        for row in &rows {
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                row.query,
                kb(row.ours_bytes),
                row.ours_count,
                short(&row.ours),
                kb(row.theirs_bytes),
                row.theirs_count,
                short(&row.theirs),
                if row.ours.first() == row.theirs.first() {
                    "yes"
                } else {
                    "no"
                }
            );
        }
        if i == portals.len() - 1 {
            let times = runtime.block_on(latency(&driver, &server.url, queries));
            println!("\nSubmit-to-results in Chromium ({name}; median of the query set): first query {:.0} ms, repeated {:.0} ms", times.0, times.1);
        }
        std::io::stdout().flush().unwrap();
    }
}

/// Queries for the bundled example: the ones the browser tests assert.
fn example_queries() -> Vec<String> {
    [
        "森林消防",
        "烟花爆竹",
        "年休假",
        "工会 经费",
        "温应急〔2023〕19号",
        "亿腾铝业",
        "量子计算机",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Queries for a generated corpus: its topic words, a company, a two-word
/// query, a document number taken from the corpus itself, and a miss.
fn corpus_queries(portal: &Path) -> Vec<String> {
    let mut number = None;
    for entry in walkdir::WalkDir::new(portal.join("content/reports")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            if let Some(line) = text
                .lines()
                .find(|l| l.trim_start().starts_with("- number:"))
            {
                number = Some(
                    line.split_once(':')
                        .unwrap()
                        .1
                        .trim()
                        .trim_matches('"')
                        .to_string(),
                );
                break;
            }
        }
    }
    let mut queries: Vec<String> = [
        "森林消防",
        "烟花爆竹",
        "年休假",
        "工会经费 审批",
        "亿腾铝业",
        "量子计算机",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    queries.extend(number);
    queries
}

struct Row {
    query: String,
    ours: Vec<String>,
    ours_bytes: u64,
    ours_count: usize,
    theirs: Vec<String>,
    theirs_bytes: u64,
    theirs_count: usize,
}

async fn compare(driver: &Driver, server: &FileServer, queries: &[String]) -> Vec<Row> {
    let base = &server.url;
    let mut rows = Vec::new();
    for query in queries {
        // A fresh session per query and engine: nothing cached.
        let c = driver.client(1024, 800).await;
        server.served.lock().unwrap().clear();
        c.goto(&format!("{base}search.html?q={}", encode_query(query)))
            .await
            .unwrap();
        let done = format!(r#"#results[data-query="{}"]"#, query.trim());
        c.wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css(&done))
            .await
            .unwrap();
        let ours: Vec<String> = json(&c, "return [...document.querySelectorAll('#results li h2 a')].slice(0,3).map(a => a.getAttribute('href'));").await;
        let ours_bytes = served_under(server, "/search/");
        let ours_count: usize = json(&c, "return (document.getElementById('search-status').textContent.match(/(\\d+) 个/) || [0, 0])[1] * 1;").await;
        c.close().await.unwrap();

        let c = driver.client(1024, 800).await;
        server.served.lock().unwrap().clear();
        c.goto(&format!(
            "{base}pagefind-bench.html?q={}",
            encode_query(query)
        ))
        .await
        .unwrap();
        c.wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css("#done"))
            .await
            .unwrap();
        let theirs: Vec<String> = json(&c, "return window.pagefindTop;").await;
        let theirs_count: usize = json(&c, "return window.pagefindCount;").await;
        let theirs_bytes = served_under(server, "/pagefind/");
        c.close().await.unwrap();
        let theirs = theirs
            .into_iter()
            .map(|u| u.trim_start_matches('/').to_string())
            .collect();
        rows.push(Row {
            query: query.clone(),
            ours,
            ours_bytes,
            ours_count,
            theirs,
            theirs_bytes,
            theirs_count,
        });
    }
    rows
}

/// Median submit-to-results time, first (cold) and repeated (warm).
async fn latency(driver: &Driver, base: &str, queries: &[String]) -> (f64, f64) {
    let c = driver.client(1024, 800).await;
    c.goto(&format!("{base}search.html")).await.unwrap();
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for round in 0..2 {
        for query in queries {
            let ms = c
                .execute_async(
                    "const [q, done] = arguments; const input = document.getElementById('q');
                     const list = document.getElementById('results'); const t0 = performance.now();
                     input.value = q; input.form.requestSubmit();
                     (function wait() { if (list.getAttribute('data-query') === q.trim()) done(performance.now() - t0);
                                        else setTimeout(wait, 2); })();",
                    vec![serde_json::json!(query)],
                )
                .await
                .unwrap()
                .as_f64()
                .unwrap();
            if round == 0 {
                cold.push(ms)
            } else {
                warm.push(ms)
            }
        }
    }
    c.close().await.unwrap();
    (median(cold), median(warm))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

async fn json<T: serde::de::DeserializeOwned>(c: &Client, script: &str) -> T {
    serde_json::from_value(c.execute(script, vec![]).await.unwrap()).unwrap()
}

/// Body bytes the server sent for paths under `path` since the last clear
/// (uncompressed; this server does not gzip).
fn served_under(server: &FileServer, path: &str) -> u64 {
    server
        .served
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.contains(path))
        .map(|(_, b)| b)
        .sum()
}

fn folder_size(dir: &Path) -> (u64, u64, usize) {
    let (mut raw, mut gz, mut files) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            raw += bytes.len() as u64;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&bytes).unwrap();
            gz += enc.finish().unwrap().len() as u64;
            files += 1;
        }
    }
    (raw, gz, files)
}

fn kb(bytes: u64) -> String {
    if bytes >= 1_048_576 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.1} kB", bytes as f64 / 1024.0)
    }
}

fn short(urls: &[String]) -> String {
    if urls.is_empty() {
        return "–".into();
    }
    urls.iter()
        .map(|u| {
            u.rsplit('/')
                .take(3)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("/")
                .replace("/issues/", ":")
                .replace(".html", "")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn tool_version(bin: &Path) -> String {
    Command::new(bin)
        .arg("--version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .replace("pagefind ", "")
        })
        .unwrap_or_default()
}

fn chromium_version() -> String {
    Command::new("chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// A page running the same query through Pagefind's own JS API.
const PAGEFIND_PAGE: &str = r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">
const q = new URLSearchParams(location.search).get("q") || "";
const pagefind = await import("./pagefind/pagefind.js");
const search = await pagefind.search(q);
const top = await Promise.all(search.results.slice(0, 3).map(r => r.data()));
window.pagefindTop = top.map(d => d.url);
window.pagefindCount = search.results.length;
const done = document.createElement("p"); done.id = "done"; document.body.appendChild(done);
</script></body></html>"#;
