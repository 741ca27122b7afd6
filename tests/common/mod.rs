//! Helpers shared by the integration tests: running the binary, building
//! fixture portals in temporary folders, and reading a built site back.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where the example portal lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `zhenggai ARGS` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run zhenggai")
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary portal holding a copy of the example content.
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    dir
}

/// A temporary portal holding the small valid base fixture.
pub fn base_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo().join("tests/fixtures/base/content"),
        &dir.path().join("content"),
    );
    dir
}

/// Lays the invalid fixture `case` over a portal: its files replace the
/// base's, and the paths listed in its `delete` file are removed.
pub fn apply_case(portal: &Path, case: &Path) {
    if case.join("content").is_dir() {
        copy_dir(&case.join("content"), &portal.join("content"));
    }
    if let Ok(list) = fs::read_to_string(case.join("delete")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(portal.join(rel)).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The diagnostic lines (`path:line:col: message`) of a run's stderr.
pub fn diagnostic_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| {
            !l.starts_with("error: ") && !l.starts_with("checked ") && !l.starts_with("built ")
        })
        .map(str::to_string)
        .collect()
}

pub mod browser;

/// The example portal built once per test binary into a temporary folder
/// that lives until the process ends.
pub fn example_site() -> PathBuf {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("zhenggai-example-")
            .tempdir()
            .unwrap()
            .keep();
        let site = dir.join("site");
        let out = run(&repo(), &["build", "--out", site.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        site
    })
    .clone()
}
