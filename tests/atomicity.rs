//! A build killed with SIGKILL at any moment leaves the previous site
//! whole (or, if it had finished, the new one whole), never a mixture and
//! never a missing folder; and whatever it left beside the site does not
//! trouble the next build.

mod common;

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use common::{run, snapshot, stderr};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Rewrites one problem's title: the two content states the test flips
/// between.
fn set_title(portal: &Path, title: &str) {
    let issues = portal.join("content/reports/r00001/issues");
    let first = fs::read_dir(&issues)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let text = fs::read_to_string(&first).unwrap();
    let start = text.find("\ntitle: ").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap();
    fs::write(
        &first,
        format!("{}title: \"{title}\"{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

fn leftovers(portal: &Path) -> Vec<String> {
    fs::read_dir(portal)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // A killed build leaves its lock file (no longer locked: a lock
        // dies with its holder); the next build takes and removes it.
        .filter(|n| n.contains("zhenggai"))
        .collect()
}

#[test]
fn sigkill_at_any_moment_leaves_a_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(400, dir.path(), 7).unwrap();
    let portal = dir.path().join("portal");
    let titles = ["状态甲的问题标题", "状态乙的问题标题"];

    // Reference sites for both states, and how long a build takes.
    let mut reference = Vec::new();
    let mut took = Duration::ZERO;
    for title in titles {
        set_title(&portal, title);
        let started = Instant::now();
        let out = run(&portal, &["build", "--quiet"]);
        took = took.max(started.elapsed());
        assert!(out.status.success(), "{}", stderr(&out));
        reference.push(snapshot(&portal.join("site")));
    }
    assert_ne!(reference[0], reference[1]);

    // Now flip between the states, killing each build at a different
    // moment from its very start to past its end.
    let mut current = 1;
    let moments = 12;
    let mut killed = 0;
    for k in 0..=moments {
        let next = 1 - current;
        set_title(&portal, titles[next]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_zhenggai"))
            .args(["build", "--quiet"])
            .current_dir(&portal)
            .spawn()
            .unwrap();
        std::thread::sleep(took.mul_f64(k as f64 / moments as f64 * 1.1));
        child.kill().ok(); // SIGKILL; an error only means it had already exited
        let status = child.wait().unwrap();
        let site = snapshot(&portal.join("site"));
        if status.success() {
            assert_eq!(
                site, reference[next],
                "moment {k}: finished, so the new site"
            );
        } else {
            killed += 1;
            assert!(
                site == reference[current] || site == reference[next],
                "moment {k}: the site is neither the old one nor the new one"
            );
        }
        // The next build is not troubled by what the killed one left.
        let out = run(&portal, &["build", "--quiet"]);
        assert!(out.status.success(), "moment {k}: {}", stderr(&out));
        assert_eq!(
            snapshot(&portal.join("site")),
            reference[next],
            "moment {k}"
        );
        assert!(
            leftovers(&portal).is_empty(),
            "moment {k}: {:?}",
            leftovers(&portal)
        );
        current = next;
    }
    assert!(
        killed >= moments / 2,
        "only {killed} builds were killed mid-way"
    );
}
