//! `zhenggai check`: load and validate, compile the theme, write nothing.

use super::{print_diagnostics, EXIT_CONTENT};
use std::path::Path;
use zhenggai::build::{check_theme, load_and_check};

/// Checks the portal at `root`; warnings do not fail it.
pub fn run(root: &Path, fix: bool) -> i32 {
    let _ = fix;
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
