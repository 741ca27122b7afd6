//! Every broken portal under tests/fixtures/invalid/ reports exactly the
//! errors in its `expected` file, exits 1, and leaves a previous site whole:
//! one test per fixture, named after its folder, so every failing case is
//! reported on its own. After an intended change of wording, regenerate
//! the expected files with
//!
//! ```text
//! ZHENGGAI_BLESS=1 cargo test --test content_errors
//! ```
//!
//! and review the diff (`git diff tests/fixtures/invalid`).

mod common;

use common::*;
use std::fs;

/// One test per folder under tests/fixtures/invalid/, named after it.
macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                reports_its_exact_errors_and_keeps_the_old_site(stringify!($name));
            }
        )*

        /// The fixtures that have a test above.
        const LISTED: &[&str] = &[$(stringify!($name)),*];
    };
}

fixtures!(
    alias_bomb,
    area_without_groups,
    bad_date,
    bad_date_format,
    bad_published,
    bad_slug,
    bom_crlf_wrong_type,
    continued_twice,
    continues_missing_problem,
    continues_without_follows,
    crlf_unknown_status,
    dangling_area,
    dangling_group,
    dangling_symlink,
    deadline_change_without_reason,
    deeply_nested,
    duplicate_place,
    empty_file,
    empty_measure,
    empty_title,
    follows_later_report,
    follows_unknown,
    group_single_and_numbered,
    history_contradicts_status,
    history_out_of_order,
    huge_file,
    identifiers_malformed,
    inspection_order,
    issue_slug_case,
    malformed_yaml,
    many_errors,
    missing_area,
    missing_field,
    missing_report_file,
    negative_number,
    no_front_matter,
    non_utf8,
    number_overflow,
    number_zero,
    numbered_without_title,
    only_front_matter_empty,
    personal_card_in_body,
    personal_email_in_portal,
    personal_id_in_title,
    personal_in_report,
    personal_mobile_in_measure,
    portal_bad_base_url,
    portal_malformed,
    portal_missing,
    portal_unknown_key,
    regulation_title_conflict,
    regulation_title_conflict_across_reports,
    report_is_folder,
    report_slug_case,
    symlink_loop,
    tab_indent,
    template_missing_variable,
    template_syntax_error,
    unclosed_front_matter,
    unknown_key,
    unknown_regulation_kind,
    unknown_status,
    unreadable_file,
    wrong_type,
);

#[test]
fn every_fixture_folder_has_its_test() {
    let mut folders: Vec<String> = fs::read_dir(repo().join("tests/fixtures/invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = LISTED.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        folders, listed,
        "add the new fixture's folder name to fixtures!( … ) in tests/content_errors.rs"
    );
}

/// Applies one fixture to a built copy of the base portal: `check` reports
/// exactly the lines of its `expected` file (a `build-only` fixture passes
/// `check` and fails only when rendered), `build` reports the same, exits
/// 1, and leaves the previous site exactly as it was.
///
/// With `ZHENGGAI_BLESS=1` the `expected` file is rewritten from what was
/// reported instead (after an intended change of wording); review the diff.
fn reports_its_exact_errors_and_keeps_the_old_site(name: &str) {
    let case = repo().join("tests/fixtures/invalid").join(name);
    let portal = base_fixture();
    let first = run(portal.path(), &["build", "."]);
    assert!(
        first.status.success(),
        "{name}: base fixture must build: {}",
        stderr(&first)
    );
    let before = snapshot(&portal.path().join("site"));
    let unprivileged = apply_case(portal.path(), &case);
    let run = |dir: &std::path::Path, args: &[&str]| run_unprivileged(dir, args, unprivileged);
    // A template that reads a missing value is found only by rendering.
    let build_only = case.join("build-only").exists();
    let check = run(portal.path(), &["check", "."]);
    let build = run(portal.path(), &["build", "."]);
    let reported = diagnostic_lines(&stderr(if build_only { &build } else { &check }));
    if std::env::var_os("ZHENGGAI_BLESS").is_some() {
        fs::write(case.join("expected"), reported.join("\n") + "\n").unwrap();
    }
    let expected: Vec<String> = fs::read_to_string(case.join("expected"))
        .unwrap_or_else(|_| panic!("{name}: missing expected file"))
        .lines()
        .map(str::to_string)
        .collect();
    assert!(
        !expected.is_empty(),
        "{name}: an expected file lists errors"
    );
    if build_only {
        assert!(
            check.status.success(),
            "{name}: check should pass: {}",
            stderr(&check)
        );
    } else {
        assert_eq!(check.status.code(), Some(1), "{name}: check must fail");
        assert_eq!(diagnostic_lines(&stderr(&check)), expected, "{name}: check");
    }
    assert_eq!(build.status.code(), Some(1), "{name}: build must fail");
    assert_eq!(
        diagnostic_lines(&stderr(&build)),
        expected,
        "{name}: build reports the same errors"
    );
    assert!(
        stderr(&build).contains("保持原样"),
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

/// A count of problems or statuses that does not add up is refused at
/// its line until a reason is written; a regulation count only warns.
#[test]
fn declared_figures_that_disagree_are_refused_unless_explained() {
    let portal = base_fixture();
    let report = portal.path().join("content/reports/r1/report.md");
    let original = fs::read_to_string(&report).unwrap();
    let with = |declared: &str| original.replacen("---\n介绍", &format!("{declared}---\n介绍"), 1);
    fs::write(
        &report,
        with("declared:\n  problems: 2\n  done: 2\n  regulations_revised: 3\n"),
    )
    .unwrap();
    let out = run(portal.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = diagnostic_lines(&stderr(&out));
    assert!(
        lines.iter().any(|l| l.starts_with("content/reports/r1/report.md:18:3: 通报称已完成2个，但有1个问题在通报发布时为“已完成”，数字对不上")),
        "{lines:?}"
    );
    fs::write(
        &report,
        with("declared:\n  problems: 2\n  done: 2\n  regulations_revised: 3\n  reasons:\n    done: 通报把基本完成计入已完成\n"),
    )
    .unwrap();
    let out = run(portal.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut lines = diagnostic_lines(&stderr(&out));
    lines.sort();
    assert_eq!(
        lines,
        vec![
            "content/reports/r1/report.md:19:3: 警告：通报称完善制度3项，问题文件里列出0项修订制度（kind: revised）（通报所说的制度常多于点明名称的，这不影响发布；页面上会说明两者的差别）",
            "content/reports/r1/report.md:21:5: 警告：通报称已完成2个，问题文件为1个问题在通报发布时为“已完成”；已说明原因：通报把基本完成计入已完成",
        ]
    );
}
