//! `zhenggai init` and `zhenggai new`: starter files for staff.

use super::EXIT_CONTENT;
use std::path::Path;

/// Writes a new portal into `dir` and says what to do next.
pub fn init(dir: &Path, theme: bool, force: bool) -> i32 {
    match zhenggai::scaffold::init(dir, theme, force) {
        Ok(files) => {
            for file in &files {
                println!("wrote {}", dir.join(file).display());
            }
            println!(
                "\nA new portal is in {dir}. Next:\n  cd {dir}\n  zhenggai serve      # preview at http://127.0.0.1:4000/, rebuilt on every save\n  zhenggai new example-2024 --area 1 --group 1   # add a problem",
                dir = dir.display()
            );
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_CONTENT
        }
    }
}

/// Adds the next problem file of a group and prints its path.
pub fn new(root: &Path, report: &str, area: u32, group: u32) -> i32 {
    match zhenggai::scaffold::new_issue(root, report, area, group) {
        Ok(path) => {
            println!(
                "wrote {}",
                path.strip_prefix(".").unwrap_or(&path).display()
            );
            0
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_CONTENT
        }
    }
}
