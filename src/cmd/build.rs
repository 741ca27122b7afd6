//! `zhenggai build`: the pipeline once, with a one-line summary.

use super::{default_out, print_diagnostics, EXIT_CONTENT, EXIT_USAGE};
use std::io::IsTerminal;
use std::path::PathBuf;
use zhenggai::build::{build, BuildError, BuildOptions};

/// Builds the portal at `root` into `out` (default `root/site`).
pub fn run(root: PathBuf, out: Option<PathBuf>, base_url: Option<String>, quiet: bool) -> i32 {
    let out = out.unwrap_or_else(|| default_out(&root));
    let base_url = match base_url.as_deref().map(zhenggai::model::base_url) {
        None => None,
        Some(Ok(Some(url))) => Some(url),
        Some(Ok(None)) => {
            eprintln!("error: --base-url is empty; give the absolute URL the site is served from, such as https://www.example.gov.cn/zhenggai/");
            return EXIT_USAGE;
        }
        Some(Err(message)) => {
            eprintln!("error: --base-url: {message}");
            return EXIT_USAGE;
        }
    };
    let options = BuildOptions {
        root,
        out,
        base_url,
        progress: !quiet && std::io::stderr().is_terminal(),
    };
    match build(&options) {
        Ok(summary) => {
            if !quiet {
                print_diagnostics(&summary.warnings);
            }
            let warnings = match summary.warnings.warning_count() {
                0 => String::new(),
                n if quiet => format!(" ({n} warning(s); run zhenggai check to see them)"),
                n => format!(" ({n} warning(s))"),
            };
            eprintln!(
                "built {} report(s), {} problem(s): {} files in {} in {} ms{warnings}",
                summary.reports,
                summary.problems,
                summary.files,
                options.out.display(),
                summary.elapsed.as_millis()
            );
            0
        }
        Err(BuildError::Content(diags)) => {
            print_diagnostics(&diags);
            eprintln!(
                "error: build failed with {} error(s); {} was left unchanged",
                diags.error_count(),
                options.out.display()
            );
            EXIT_CONTENT
        }
        Err(BuildError::Output(message)) => {
            eprintln!("error: {message}");
            EXIT_CONTENT
        }
    }
}
