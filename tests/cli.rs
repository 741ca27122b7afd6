//! The command line: exit codes (0 ok, 1 content errors, 2 usage), help
//! text, refusal to overwrite foreign folders, and theme overrides.

mod common;

use common::*;
use std::fs;

#[test]
fn exit_codes_distinguish_success_content_errors_and_usage() {
    let portal = base_fixture();
    assert_eq!(run(portal.path(), &["check"]).status.code(), Some(0));
    assert_eq!(run(portal.path(), &["build"]).status.code(), Some(0));
    assert_eq!(
        run(portal.path(), &["build", "--no-such-flag"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(portal.path(), &[]).status.code(), Some(2));
    assert_eq!(run(portal.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        run(portal.path(), &["build", "--base-url", "example.org"])
            .status
            .code(),
        Some(2)
    );
    let empty = tempfile::tempdir().unwrap();
    let out = run(empty.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no content/ folder here"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_explains_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let top = run(dir.path(), &["--help"]);
    assert_eq!(top.status.code(), Some(0));
    let text = String::from_utf8_lossy(&top.stdout);
    assert!(
        text.contains("build") && text.contains("check") && text.contains("Exit codes"),
        "{text}"
    );
    let build = String::from_utf8_lossy(&run(dir.path(), &["build", "--help"]).stdout).into_owned();
    for flag in ["--out", "--base-url", "--quiet", "previous site"] {
        assert!(build.contains(flag), "build --help lacks {flag}: {build}");
    }
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_write() {
    let portal = base_fixture();
    let precious = portal.path().join("precious");
    fs::create_dir(&precious).unwrap();
    fs::write(precious.join("notes.txt"), "mine").unwrap();
    let out = run(portal.path(), &["build", "--out", "precious"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("was not written by zhenggai"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(precious.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_local_theme_file_overrides_the_built_in_one() {
    let portal = base_fixture();
    let templates = portal.path().join("theme/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>自定义的404</h1>{% endblock %}",
    )
    .unwrap();
    let out = run(portal.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = fs::read_to_string(portal.path().join("site/404.html")).unwrap();
    assert!(page.contains("自定义的404"));
    let home = fs::read_to_string(portal.path().join("site/index.html")).unwrap();
    assert!(home.contains("测试门户"), "other templates stay built in");
}

#[test]
fn a_template_error_is_reported_at_its_file_and_line() {
    let portal = base_fixture();
    assert!(run(portal.path(), &["build"]).status.success());
    let before = snapshot(&portal.path().join("site"));
    let templates = portal.path().join("theme/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("feedback.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
    )
    .unwrap();
    let out = run(portal.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("theme/templates/feedback.html:3:1: template error:"),
        "{err}"
    );
    assert_eq!(snapshot(&portal.path().join("site")), before);
}

#[test]
fn a_template_reading_a_missing_variable_fails_the_build() {
    let portal = base_fixture();
    let templates = portal.path().join("theme/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join("404.html"), "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ no_such_variable }}</p>\n{% endblock %}\n").unwrap();
    let out = run(portal.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("theme/templates/404.html:3:1: template error: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_theme_file_is_embedded_in_the_binary() {
    let theme = repo().join("theme");
    let embedded: Vec<&str> = zhenggai::load::theme::EMBEDDED
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&theme)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            assert!(
                embedded.contains(&rel.as_str()),
                "theme/{rel} is not listed in load::theme::EMBEDDED"
            );
        }
    }
}

#[test]
fn quiet_builds_print_one_summary_line() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = run(
        &repo(),
        &["build", "--quiet", "--out", site.to_str().unwrap()],
    );
    assert!(out.status.success());
    let text = stderr(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("built 1 report(s), 33 problem(s)"),
        "{text}"
    );
    // Two declared figures that disagree, and the seed's anonymised 黄某某
    // listed for review.
    assert!(text.contains("3 warning(s); run zhenggai check"), "{text}");
    // Not a terminal here: no progress bar, but the warnings are listed.
    let out = run(&repo(), &["build", "--out", site.to_str().unwrap()]);
    let text = stderr(&out);
    assert_eq!(
        text.lines().filter(|l| l.contains("warning:")).count(),
        3,
        "{text}"
    );
    assert!(
        !text.contains('\r') && !text.contains("pages ["),
        "no progress bar: {text}"
    );
}
