//! Watch-mode benchmark: time from saving one issue file to the changed
//! page being written, for `zhenggai serve` and `hugo server` on the same
//! generated content, alternating, in one run.
//!
//! ```text
//! apt-get install hugo            # Debian's Hugo, if missing
//! cargo bench --bench watch       # ZHENGGAI_BENCH_SIZES=1000,10000 by default
//! ```
//!
//! Prints medians; asserts nothing about time.

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Saves per tool and size.
const EDITS: usize = 9;

fn main() {
    let sizes: Vec<usize> = std::env::var("ZHENGGAI_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .expect("hugo is missing: apt-get install hugo");
    let hugo_version = String::from_utf8_lossy(&hugo.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string();
    println!("# Watch mode: save to page written\n");
    println!(
        "zhenggai {} · hugo {hugo_version}\n",
        env!("CARGO_PKG_VERSION")
    );
    println!(
        "| problems | zhenggai serve (median) | hugo server (median) | ratio |\n|---|---|---|---|"
    );
    for n in sizes {
        let work = tempfile::Builder::new()
            .prefix("zhenggai-watch-bench-")
            .tempdir()
            .unwrap();
        corpus::write_corpus(n, work.path(), 2023).unwrap();
        let portal = work.path().join("portal");
        let hugo_site = work.path().join("hugo");

        let ours = Tool::zhenggai(&portal, &work.path().join("site"));
        let theirs = Tool::hugo(&hugo_site, &work.path().join("hugo-out"));
        let issues = sample_issues(&portal, EDITS);
        let (mut ours_ms, mut theirs_ms) = (Vec::new(), Vec::new());
        for (i, (report, issue)) in issues.iter().enumerate() {
            let marker = format!("基准修改{i}");
            ours_ms.push(save_and_wait(
                &portal.join(format!("content/reports/{report}/issues/{issue}.md")),
                &ours
                    .out
                    .join(format!("reports/{report}/issues/{issue}.html")),
                &marker,
            ));
            theirs_ms.push(save_and_wait(
                &hugo_site.join(format!("content/reports/{report}/{issue}.md")),
                &theirs.out.join(format!("reports/{report}/{issue}.html")),
                &marker,
            ));
        }
        let (a, b) = (median(ours_ms), median(theirs_ms));
        println!(
            "| {n} | {a:.0} ms | {b:.0} ms | hugo takes {:.1}× as long |",
            b / a
        );
        drop(ours);
        drop(theirs);
    }
}

/// A watching server, stopped when dropped.
struct Tool {
    child: Child,
    out: PathBuf,
}

impl Tool {
    fn zhenggai(portal: &Path, out: &Path) -> Tool {
        let command = &mut Command::new(env!("CARGO_BIN_EXE_zhenggai"));
        command.args([
            "serve",
            portal.to_str().unwrap(),
            "--port",
            "0",
            "--out",
            out.to_str().unwrap(),
        ]);
        Tool::start(command, "serving ", out)
    }

    fn hugo(site: &Path, out: &Path) -> Tool {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let command = &mut Command::new("hugo");
        command
            .args([
                "server",
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--renderToDisk",
                "--destination",
            ])
            .arg(out)
            .current_dir(site);
        Tool::start(command, "Web Server is available", out)
    }

    /// Starts a server and waits for the stdout line containing `ready`.
    fn start(command: &mut Command, ready: &str, out: &Path) -> Tool {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        lines
            .by_ref()
            .map_while(Result::ok)
            .find(|l| l.contains(ready))
            .unwrap_or_else(|| panic!("server did not print {ready:?}"));
        std::thread::spawn(move || lines.for_each(drop));
        Tool {
            child,
            out: out.to_path_buf(),
        }
    }
}

impl Drop for Tool {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while matches!(self.child.try_wait(), Ok(None))
            && started.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Issue files spread over the corpus: (report slug, issue slug).
fn sample_issues(portal: &Path, count: usize) -> Vec<(String, String)> {
    let mut reports: Vec<String> = std::fs::read_dir(portal.join("content/reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    reports.sort();
    (0..count)
        .map(|i| {
            let report = reports[i * reports.len() / count].clone();
            let mut issues: Vec<String> =
                std::fs::read_dir(portal.join("content/reports").join(&report).join("issues"))
                    .unwrap()
                    .map(|e| {
                        e.unwrap()
                            .path()
                            .file_stem()
                            .unwrap()
                            .to_string_lossy()
                            .into_owned()
                    })
                    .collect();
            issues.sort();
            (report, issues[i % issues.len()].clone())
        })
        .collect()
}

/// Rewrites the file's title with `marker` and waits until `page` holds it.
fn save_and_wait(source: &Path, page: &Path, marker: &str) -> f64 {
    std::thread::sleep(Duration::from_millis(700)); // let the previous rebuild settle
    let text = std::fs::read_to_string(source).unwrap();
    let changed: String = text
        .lines()
        .map(|l| match l.strip_prefix("title: \"") {
            Some(rest) => format!("title: \"{marker}{rest}"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let started = Instant::now();
    std::fs::write(source, changed + "\n").unwrap();
    loop {
        if std::fs::read_to_string(page).is_ok_and(|p| p.contains(marker)) {
            return started.elapsed().as_secs_f64() * 1000.0;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{} never showed the change",
            page.display()
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}
