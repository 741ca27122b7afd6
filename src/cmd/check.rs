//! `zhenggai check`: load and validate, compile the theme, write nothing.

use super::{print_diagnostics, EXIT_CONTENT};
use std::path::Path;
use zhenggai::build::{check_theme, load_and_check};

/// Checks the portal at `root`; warnings do not fail it.
pub fn run(root: &Path, fix: bool) -> i32 {
    if fix {
        match zhenggai::load::slips::fix_portal(root) {
            Ok(changed) if changed.is_empty() => eprintln!(
                "{}",
                zhenggai::say!("--fix：没有可以自动改的地方", "--fix: nothing to repair")
            ),
            Ok(changed) => {
                for (path, line, what) in &changed {
                    eprintln!(
                        "{}:{line}: {}{what}",
                        // As check names files: under the root given.
                        if root == Path::new(".") {
                            path.clone()
                        } else {
                            root.join(path)
                        }
                        .display(),
                        zhenggai::say!("已改：", "repaired: ")
                    );
                }
            }
            Err(message) => {
                eprintln!("{}{message}", zhenggai::say!("错误：", "error: "));
                return EXIT_CONTENT;
            }
        }
    }
    let checked = load_and_check(root).and_then(|(portal, mut diags)| {
        let theme = check_theme(root);
        if theme.has_errors() {
            diags.extend(theme);
            return Err(diags);
        }
        Ok((portal, diags))
    });
    match checked {
        Ok((portal, diags)) => {
            print_diagnostics(&diags);
            let problems: usize = portal.reports.iter().map(|r| r.issues.len()).sum();
            eprintln!(
                "{}",
                zhenggai::say!(
                    "已检查 {} 份报告、{} 个问题：没有错误，{} 条警告",
                    "checked {} report(s), {} problem(s): no errors, {} warning(s)",
                    portal.reports.len(),
                    problems,
                    diags.warning_count()
                )
            );
            0
        }
        Err(diags) => {
            print_diagnostics(&diags);
            eprintln!(
                "{}",
                zhenggai::say!(
                    "错误：共 {} 处错误，改好以前不能发布",
                    "error: {} error(s) found",
                    diags.error_count()
                )
            );
            EXIT_CONTENT
        }
    }
}
