//! 100,000 generated problems build, with bounded memory: the peak
//! resident set stays under 2 GiB, and nothing overflows the stack or
//! takes quadratic time (a quadratic step would not finish in the test's
//! time). The figures are printed, not asserted beyond the bound.

mod common;

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use common::stderr;
use std::process::Command;
use std::time::{Duration, Instant};

/// The peak resident set of a process so far (VmHWM), in KiB.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn a_hundred_thousand_problems_build_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    corpus::write_corpus(100_000, dir.path(), 2023).unwrap();
    let generated = started.elapsed();
    let portal = dir.path().join("portal");

    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(["build", "--quiet"])
        .current_dir(&portal)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // VmHWM only grows: the last reading before exit is the peak, to
    // within one interval.
    let mut peak = 0;
    let mut readings = 0;
    let status = loop {
        if let Some(kib) = peak_kib(child.id()) {
            peak = peak.max(kib);
            readings += 1;
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "the build did not finish in 15 minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    assert!(status.success(), "{}", stderr(&output));
    // Without /proc there is no reading, and a bound on nothing is no test.
    assert!(
        readings > 0 && peak > 0,
        "could not read the build's memory from /proc/<pid>/status; this test needs Linux's /proc"
    );
    let took = started.elapsed();
    let site = portal.join("site");
    let pages = walkdir::WalkDir::new(site.join("reports"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    println!(
        "100,000 problems: corpus written in {:.1} s, built in {:.1} s (debug build of zhenggai), peak RSS {} MiB, {pages} report and problem pages",
        generated.as_secs_f64(),
        took.as_secs_f64(),
        peak / 1024
    );
    assert!(pages >= 100_000, "{pages} pages");
    // Past 50,000 problems the open data comes per report, with an index
    // of the parts: every part is listed with its true size and SHA-256,
    // no file is over 100 MB, and every problem is in exactly one part.
    assert!(!site.join("data/issues.json").exists());
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("data/index.json")).unwrap())
            .unwrap();
    assert_eq!(index["problems"], 100_000);
    let mut ids = std::collections::HashSet::new();
    for part in index["parts"].as_array().unwrap() {
        for file in part["files"].as_array().unwrap() {
            let bytes = std::fs::read(site.join(file["path"].as_str().unwrap())).unwrap();
            assert_eq!(file["bytes"], bytes.len());
            assert!(bytes.len() < 100 << 20, "{file}");
            use sha2::Digest;
            let sum: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(file["sha256"], sum, "{file}");
            if file["path"].as_str().unwrap().ends_with(".json") {
                let data: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                let issues = data["issues"].as_array().unwrap();
                assert_eq!(issues.len(), part["problems"].as_u64().unwrap() as usize);
                for issue in issues {
                    assert!(
                        ids.insert(issue["id"].as_str().unwrap().to_string()),
                        "{issue}"
                    );
                }
            }
        }
    }
    assert_eq!(ids.len(), 100_000, "every problem once");
    assert!(site.join("search/index.js").is_file());
    assert!(
        peak < 2 * 1024 * 1024,
        "peak resident memory {} MiB is over 2 GiB",
        peak / 1024
    );
}
