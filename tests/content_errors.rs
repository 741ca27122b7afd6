//! Every broken portal under tests/fixtures/invalid/ reports exactly the
//! errors in its `expected` file, exits 1, and leaves a previous site whole.

mod common;

use common::*;
use std::fs;

#[test]
fn every_invalid_fixture_reports_its_exact_errors_and_keeps_the_old_site() {
    let cases_dir = repo().join("tests/fixtures/invalid");
    let mut cases: Vec<_> = fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "expected at least 40 fixture cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let portal = base_fixture();
        let first = run(portal.path(), &["build", "."]);
        assert!(
            first.status.success(),
            "{name}: base fixture must build: {}",
            stderr(&first)
        );
        let before = snapshot(&portal.path().join("site"));
        let unprivileged = apply_case(portal.path(), case);
        let run = |dir: &std::path::Path, args: &[&str]| run_unprivileged(dir, args, unprivileged);
        // A template that reads a missing value is found only by rendering.
        let build_only = case.join("build-only").exists();

        let expected: Vec<String> = fs::read_to_string(case.join("expected"))
            .unwrap_or_else(|_| panic!("{name}: missing expected file"))
            .lines()
            .map(str::to_string)
            .collect();
        let check = run(portal.path(), &["check", "."]);
        let got = diagnostic_lines(&stderr(&check));
        if build_only {
            if !check.status.success() {
                failures.push(format!("{name}: check should pass: {}", stderr(&check)));
                continue;
            }
        } else if check.status.code() != Some(1) || got != expected {
            failures.push(format!(
                "{name}: exit {:?}\n  expected: {expected:#?}\n  got: {got:#?}",
                check.status.code()
            ));
            continue;
        }
        let build = run(portal.path(), &["build", "."]);
        assert_eq!(build.status.code(), Some(1), "{name}: build must fail");
        assert_eq!(
            diagnostic_lines(&stderr(&build)),
            expected,
            "{name}: build reports the same errors"
        );
        assert!(
            stderr(&build).contains("left unchanged"),
            "{name}: says the site was kept"
        );
        assert_eq!(
            snapshot(&portal.path().join("site")),
            before,
            "{name}: previous site changed"
        );
        let leftovers: Vec<_> = fs::read_dir(portal.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("zhenggai"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "{name}: temporary folders left: {leftovers:?}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn errors_from_many_files_are_all_reported_in_one_run() {
    let portal = base_fixture();
    apply_case(
        portal.path(),
        &repo().join("tests/fixtures/invalid/many_errors"),
    );
    let out = run(portal.path(), &["check", "."]);
    let lines = diagnostic_lines(&stderr(&out));
    assert_eq!(lines.len(), 3, "{lines:?}");
    for file in ["issues/a.md:", "issues/b.md:", "report.md:"] {
        assert!(
            lines.iter().any(|l| l.contains(file)),
            "no error for {file}: {lines:?}"
        );
    }
}

#[test]
fn utf8_bom_and_crlf_line_ends_are_accepted() {
    let portal = base_fixture();
    let path = portal.path().join("content/reports/r1/issues/a.md");
    let text = fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    fs::write(
        &path,
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    let out = run(portal.path(), &["build", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = fs::read_to_string(portal.path().join("site/reports/r1/issues/a.html")).unwrap();
    assert!(page.contains("问题甲"));
}

#[test]
fn declared_figures_that_disagree_are_warnings_from_check() {
    let portal = base_fixture();
    let report = portal.path().join("content/reports/r1/report.md");
    let text = fs::read_to_string(&report)
        .unwrap()
        .replace("  done: 1", "  done: 2");
    fs::write(&report, text).unwrap();
    let out = run(portal.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "warnings do not fail check");
    assert_eq!(
        diagnostic_lines(&stderr(&out)),
        vec!["content/reports/r1/report.md:18:3: warning: the report declares done: 2, but there are 1 files with status done"]
    );
}
