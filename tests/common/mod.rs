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

/// Runs `zhenggai ARGS` in `dir`, with its default (Chinese) messages
/// whatever the environment asks for.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhenggai"))
        .args(args)
        .env_remove("ZHENGGAI_LANG")
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

/// Lays the invalid fixture `case` over a portal: its `content/` and
/// `theme/` files replace the base's, the paths listed in its `delete` file
/// are removed, and its `setup` file makes what git cannot hold:
///
/// - `big PATH BYTES`: a file of that size (front matter, then filler);
/// - `symlink PATH TARGET`: a symbolic link;
/// - `unreadable PATH`: a file nobody may read (mode 000);
/// - `delete-file PATH`, `mkdir PATH`.
///
/// Returns true when the case needs an unprivileged process to be seen
/// (root reads mode-000 files).
pub fn apply_case(portal: &Path, case: &Path) -> bool {
    for folder in ["content", "theme"] {
        if case.join(folder).is_dir() {
            copy_dir(&case.join(folder), &portal.join(folder));
        }
    }
    if let Ok(list) = fs::read_to_string(case.join("delete")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(portal.join(rel)).unwrap();
        }
    }
    let mut unprivileged = false;
    let setup = fs::read_to_string(case.join("setup")).unwrap_or_default();
    for line in setup.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let path = portal.join(words[1]);
        match words[0] {
            "big" => {
                use std::io::Write;
                let size: usize = words[2].parse().unwrap();
                let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
                let head = b"---\narea: 1\ngroup: 2\nnumber: 2\nstatus: done\n---\n";
                file.write_all(head).unwrap();
                let filler = "整改".repeat(1024);
                let mut written = head.len();
                while written < size {
                    let n = filler.len().min(size - written);
                    file.write_all(&filler.as_bytes()[..n]).unwrap();
                    written += n;
                }
            }
            "symlink" => std::os::unix::fs::symlink(words[2], &path).unwrap(),
            "unreadable" => {
                use std::os::unix::fs::PermissionsExt;
                make_world_writable(portal);
                fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
                unprivileged = true;
            }
            "delete-file" => fs::remove_file(&path).unwrap(),
            "mkdir" => fs::create_dir_all(&path).unwrap(),
            other => panic!("unknown setup command {other}"),
        }
    }
    unprivileged
}

/// Lets an unprivileged process read and replace everything in `dir`.
fn make_world_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let mode = if entry.file_type().is_dir() {
            0o777
        } else {
            0o666
        };
        let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode));
    }
}

/// Whether this process is root (who reads files of any mode).
pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::tempfile().unwrap();
    probe.metadata().unwrap().uid() == 0
}

/// Runs `zhenggai ARGS` in `dir`, as the unprivileged user `nobody` when
/// asked and this process is root.
pub fn run_unprivileged(dir: &Path, args: &[&str], unprivileged: bool) -> Output {
    use std::os::unix::process::CommandExt;
    if !(unprivileged && is_root()) {
        return run(dir, args);
    }
    // The checkout the binary was built in may sit in a folder only root
    // can enter: run a copy kept in the portal (removed with it).
    let copy = dir.join("bin-for-nobody");
    if !copy.exists() {
        use std::os::unix::fs::PermissionsExt;
        fs::copy(env!("CARGO_BIN_EXE_zhenggai"), &copy).unwrap();
        fs::set_permissions(&copy, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut command = Command::new(&copy);
    command.args(args).current_dir(dir).uid(65534).gid(65534);
    command.output().expect("run zhenggai as nobody")
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
            !l.starts_with("错误：") && !l.starts_with("已检查 ") && !l.starts_with("已生成 ")
        })
        .map(str::to_string)
        .collect()
}

pub mod browser;

/// The example portal built once per test process, into a folder of its
/// own under the target folder's scratch space, named by the process. The
/// folders of processes that have ended are removed first, so runs do not
/// pile them up (kept temporary folders had: hundreds in /tmp), and two
/// processes of one test binary at once (cargo-nextest) never share one.
pub fn example_site() -> PathBuf {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let binary = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "tests".into());
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let prefix = format!("example-{binary}-");
        // Whether a process is alive is read from /proc (Linux); elsewhere
        // nothing is removed.
        if Path::new("/proc/self").exists() {
            for entry in fs::read_dir(scratch).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let pid = name
                    .strip_prefix(&prefix)
                    .and_then(|p| p.parse::<u32>().ok());
                if pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()) {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = scratch.join(format!("{prefix}{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let site = dir.join("site");
        let out = run(&repo(), &["build", "--out", site.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        site
    })
    .clone()
}

/// A valid resident ID: region, birth date, sequence, check digit.
pub fn resident_id(region: u32, (y, m, d): (u32, u32, u32), sequence: u32) -> String {
    let head = format!("{region:06}{y:04}{m:02}{d:02}{sequence:03}");
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = head
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{head}{check}")
}

/// A Luhn-valid card number of `len` digits.
pub fn card(prefix: &str, body: u64, len: usize) -> String {
    let mut digits = format!("{prefix}{body:013}");
    digits.truncate(len - 1);
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = (b - b'0') as u32;
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

/// A text with its ASCII digits, brackets, colons and commas in their
/// full-width forms, as a Chinese input method types them.
pub fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            'X' => 'Ｘ',
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            c => c,
        })
        .collect()
}

/// What a clerk does after comparing each inferred status with the notice
/// and finding it right: deletes the importer's `# 推断自…` note from every
/// problem file of the portal. Returns how many were confirmed.
#[allow(dead_code)]
pub fn confirm_inferred_statuses(portal: &Path) -> usize {
    let mut confirmed = 0;
    for entry in walkdir::WalkDir::new(portal.join("content/reports")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let mut changed = false;
        let lines: Vec<String> = text
            .split('\n')
            .map(
                |line| match line.split_once(zhenggai::model::INFERRED_MARK) {
                    Some((status, _)) if line.trim_start().starts_with("status:") => {
                        changed = true;
                        confirmed += 1;
                        status.trim_end().to_string()
                    }
                    _ => line.to_string(),
                },
            )
            .collect();
        if changed {
            std::fs::write(entry.path(), lines.join("\n")).unwrap();
        }
    }
    confirmed
}
