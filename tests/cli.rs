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
        stderr(&out).contains("这里没有 content/ 文件夹"),
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
        text.contains("build") && text.contains("check") && text.contains("退出码"),
        "{text}"
    );
    assert!(text.contains("用法：") && text.contains("命令"), "{text}");
    let build = String::from_utf8_lossy(&run(dir.path(), &["build", "--help"]).stdout).into_owned();
    for flag in [
        "--out",
        "--base-url",
        "--quiet",
        "原来的网站一点不变",
        "显示这份说明",
    ] {
        assert!(build.contains(flag), "build --help lacks {flag}: {build}");
    }
    assert!(!build.contains("[default"), "{build}");
    // English on request, by flag or by the environment.
    let english =
        String::from_utf8_lossy(&run(dir.path(), &["--lang", "en", "build", "--help"]).stdout)
            .into_owned();
    assert!(english.contains("previous site"), "{english}");
    let by_env = std::process::Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(["check", "--help"])
        .env("ZHENGGAI_LANG", "en")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&by_env.stdout).contains("Validate the content"));
}

#[test]
fn command_line_slips_are_explained_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let typo = run(dir.path(), &["buld"]);
    assert_eq!(typo.status.code(), Some(2));
    let text = stderr(&typo);
    assert!(
        text.contains("错误：没有 buld 这个命令。是不是要写 build？"),
        "{text}"
    );
    assert!(text.contains("查看说明：zhenggai --help"), "{text}");
    let flag = stderr(&run(dir.path(), &["build", "--bse-url", "x"]));
    assert!(
        flag.contains("没有 --bse-url 这个选项。是不是要写 --base-url？"),
        "{flag}"
    );
    assert!(flag.contains("用法：zhenggai build"), "{flag}");
    let port = stderr(&run(dir.path(), &["serve", "--port", "八千"]));
    assert!(
        port.contains("--port <端口> 的值 八千 不对：要写端口号（0 到 65535 之间的数字）"),
        "{port}"
    );
    let missing = stderr(&run(dir.path(), &["new", "r1"]));
    assert!(
        missing.contains("缺少必须写的参数：--area <序号>、--group <序号>"),
        "{missing}"
    );
    let english = stderr(&run(dir.path(), &["--lang", "en", "buld"]));
    assert!(english.contains("unrecognized subcommand"), "{english}");
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
        stderr(&out).contains("不是 zhenggai 生成的"),
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
    assert!(text.starts_with("已生成 1 份报告、33 个问题"), "{text}");
    // Two declared figures that disagree, and the seed's anonymised 黄某某
    // listed for review.
    assert!(
        text.contains("3 条警告，运行 zhenggai check 查看"),
        "{text}"
    );
    // Not a terminal here: no progress bar, but the warnings are listed.
    let out = run(&repo(), &["build", "--out", site.to_str().unwrap()]);
    let text = stderr(&out);
    assert_eq!(
        text.lines().filter(|l| l.contains("警告：")).count(),
        3,
        "{text}"
    );
    assert!(
        !text.contains('\r') && !text.contains("页 ["),
        "no progress bar: {text}"
    );
}
