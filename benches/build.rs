//! Full-build benchmark: zhenggai (search index included) beside Hugo on the
//! same generated content, alternating runs, output on tmpfs, medians of
//! wall time and peak memory.
//!
//! ```text
//! apt-get install hugo
//! cargo bench --bench build                    # ZHENGGAI_BENCH_SIZES=1000,10000
//! ZHENGGAI_BENCH_SIZES=100000 cargo bench --bench build
//! ```
//!
//! Prints figures; asserts nothing about time. Peak memory is the maximum
//! resident set size that GNU time reports. A second table gives the sizes
//! of the HTML pages each tool wrote (what a reader downloads): the
//! largest, the median and the total.

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs per tool and size (alternating).
const RUNS: usize = 3;

fn main() {
    let sizes: Vec<usize> = std::env::var("ZHENGGAI_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let tmpfs = PathBuf::from("/dev/shm");
    let scratch = if tmpfs.is_dir() {
        tmpfs
    } else {
        std::env::temp_dir()
    };
    assert!(
        Path::new("/usr/bin/time").exists(),
        "GNU time is missing: apt-get install time"
    );
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .expect("hugo is missing: apt-get install hugo");
    println!("# Full build\n");
    println!(
        "zhenggai {} · hugo {} · output in {}\n",
        env!("CARGO_PKG_VERSION"),
        String::from_utf8_lossy(&hugo.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap_or(""),
        scratch.display()
    );
    println!("machine: {}\n", machine());
    println!("| problems | zhenggai (median) | peak | hugo (median) | peak | zhenggai / hugo | search index | files |\n|---|---|---|---|---|---|---|---|");
    let mut pages = Vec::new();
    for n in sizes {
        let work = tempfile::Builder::new()
            .prefix("zhenggai-build-bench-")
            .tempdir()
            .unwrap();
        corpus::write_corpus(n, work.path(), 2023).unwrap();
        let out = tempfile::Builder::new()
            .prefix("zhenggai-build-out-")
            .tempdir_in(&scratch)
            .unwrap();
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let site = out.path().join("site");
            let _ = std::fs::remove_dir_all(&site);
            ours.push(timed(
                Command::new(env!("CARGO_BIN_EXE_zhenggai"))
                    .args(["build", "--quiet", "--out"])
                    .arg(&site)
                    .arg(work.path().join("portal")),
            ));
            let public = out.path().join("public");
            let _ = std::fs::remove_dir_all(&public);
            theirs.push(timed(
                Command::new("hugo")
                    .args(["--quiet", "--destination"])
                    .arg(&public)
                    .current_dir(work.path().join("hugo")),
            ));
        }
        let (ot, om) = medians(&ours);
        let (ht, hm) = medians(&theirs);
        let site = out.path().join("site");
        let (index_bytes, _) = folder_size(&site.join("search"));
        let (_, files) = folder_size(&site);
        println!(
            "| {n} | {ot:.2} s | {om:.0} MiB | {ht:.2} s | {hm:.0} MiB | {:.2} | {:.1} MB | {files} |",
            ot / ht,
            index_bytes as f64 / 1e6
        );
        for (tool, dir) in [("zhenggai", site), ("hugo", out.path().join("public"))] {
            pages.push((n, tool, html_sizes(&dir)));
        }
    }
    println!("\n## HTML page sizes\n");
    println!("| problems | tool | pages | largest page | median page | all pages |\n|---|---|---|---|---|---|");
    for (n, tool, sizes) in pages {
        println!(
            "| {n} | {tool} | {} | {} ({:.0} KB) | {:.1} KB | {:.1} MB |",
            sizes.count,
            sizes.largest.0,
            sizes.largest.1 as f64 / 1e3,
            sizes.median as f64 / 1e3,
            sizes.total as f64 / 1e6
        );
    }
}

/// What the HTML pages of a built site weigh.
struct PageSizes {
    count: usize,
    /// Path (from the site root) and bytes of the largest page.
    largest: (String, u64),
    median: u64,
    total: u64,
}

fn html_sizes(dir: &Path) -> PageSizes {
    let mut sizes: Vec<(u64, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            (
                e.metadata().map_or(0, |m| m.len()),
                rel.to_string_lossy().into_owned(),
            )
        })
        .collect();
    sizes.sort();
    PageSizes {
        count: sizes.len(),
        largest: sizes
            .last()
            .map(|(b, p)| (p.clone(), *b))
            .unwrap_or_default(),
        median: sizes.get(sizes.len() / 2).map_or(0, |s| s.0),
        total: sizes.iter().map(|s| s.0).sum(),
    }
}

/// Runs a command under GNU time; returns (seconds, peak MiB).
fn timed(command: &mut Command) -> (f64, f64) {
    let program = command.get_program().to_os_string();
    let args: Vec<_> = command.get_args().map(|a| a.to_os_string()).collect();
    let dir = command.get_current_dir().map(Path::to_path_buf);
    let mut time = Command::new("/usr/bin/time");
    time.args(["-f", "%e %M"]).arg(program).args(args);
    if let Some(dir) = dir {
        time.current_dir(dir);
    }
    let output = time.output().expect("run under time");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let seconds: f64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    let kib: f64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    (seconds, kib / 1024.0)
}

fn medians(runs: &[(f64, f64)]) -> (f64, f64) {
    let mut t: Vec<f64> = runs.iter().map(|r| r.0).collect();
    let mut m: Vec<f64> = runs.iter().map(|r| r.1).collect();
    t.sort_by(|a, b| a.partial_cmp(b).unwrap());
    m.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (t[t.len() / 2], m[m.len() / 2])
}

/// Bytes and number of files under a folder.
fn folder_size(dir: &Path) -> (u64, usize) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(bytes, files), e| {
            (bytes + e.metadata().map_or(0, |m| m.len()), files + 1)
        })
}

/// Cores, memory and processor, for the record.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown processor".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or("?".into(), |kib| {
            format!("{:.0} GiB", kib / 1024.0 / 1024.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {memory}, {cpu}")
}
