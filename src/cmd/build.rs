//! `zhenggai build`: the pipeline once, with a one-line summary.

use super::{default_out, print_diagnostics, EXIT_CONTENT, EXIT_USAGE};
use std::io::IsTerminal;
use std::path::PathBuf;
use zhenggai::build::{build, BuildError, BuildOptions};
use zhenggai::say;

/// Builds the portal at `root` into `out` (default `root/site`).
pub fn run(
    root: PathBuf,
    out: Option<PathBuf>,
    base_url: Option<String>,
    today: Option<String>,
    quiet: bool,
) -> i32 {
    let out = out.unwrap_or_else(|| default_out(&root));
    let base_url = match base_url.as_deref().map(zhenggai::model::base_url) {
        None => None,
        Some(Ok(Some(url))) => Some(url),
        Some(Ok(None)) => {
            eprintln!("{}", say!("错误：--base-url 是空的；写网站对外的完整网址，如 https://www.example.gov.cn/zhenggai/", "error: --base-url is empty; give the absolute URL the site is served from, such as https://www.example.gov.cn/zhenggai/"));
            return EXIT_USAGE;
        }
        Some(Err(message)) => {
            eprintln!(
                "{}",
                say!(
                    "错误：--base-url：{message}",
                    "error: --base-url: {message}"
                )
            );
            return EXIT_USAGE;
        }
    };
    let options = BuildOptions {
        root,
        out,
        base_url,
        progress: !quiet && std::io::stderr().is_terminal(),
        today,
    };
    match build(&options) {
        Ok(summary) => {
            if !quiet {
                print_diagnostics(&summary.warnings);
            }
            let warnings = match summary.warnings.warning_count() {
                0 => String::new(),
                n if quiet => say!(
                    "（{n} 条警告，运行 zhenggai check 查看）",
                    " ({n} warning(s); run zhenggai check to see them)"
                ),
                n => say!("（{n} 条警告）", " ({n} warning(s))"),
            };
            eprintln!(
                "{}",
                say!(
                    "已生成 {} 份报告、{} 个问题：{} 个文件，在 {}，用时 {} 毫秒{warnings}",
                    "built {} report(s), {} problem(s): {} files in {} in {} ms{warnings}",
                    summary.reports,
                    summary.problems,
                    summary.files,
                    options.out.display(),
                    summary.elapsed.as_millis()
                )
            );
            0
        }
        Err(BuildError::Content(diags)) => {
            print_diagnostics(&diags);
            let kept = if options.out.exists() {
                say!(
                    "；{} 保持原样",
                    "; {} was left unchanged",
                    options.out.display()
                )
            } else {
                String::new()
            };
            eprintln!(
                "{}",
                say!(
                    "错误：有 {} 处错误，没有生成{kept}。按上面的提示改好后再运行",
                    "error: build failed with {} error(s){kept}",
                    diags.error_count()
                )
            );
            EXIT_CONTENT
        }
        Err(BuildError::Output(message)) => {
            eprintln!("{}{message}", say!("错误：", "error: "));
            EXIT_CONTENT
        }
    }
}
