//! What `zhenggai init` wrote, still in place: the example unit's name,
//! its phone 0000-00000000, the example report. A clerk who forgot one of
//! them would publish a made-up unit's contact beside the real notice, so
//! `check` lists each as a warning and a build for publication (one with a
//! base URL) refuses them.

use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::{locate, Step};
use crate::model::{Portal, PortalConfig, ReportMeta};
use crate::say;
use std::sync::OnceLock;

/// The starter's own values, read from the files `init` writes (the same
/// files, included here too, so the two never drift apart).
struct Starter {
    /// (key path in portal.yaml, value)
    portal: Vec<(&'static [&'static str], String)>,
    report_title: String,
    issue_titles: Vec<String>,
}

fn starter() -> &'static Starter {
    static STARTER: OnceLock<Starter> = OnceLock::new();
    STARTER.get_or_init(|| {
        let config: PortalConfig =
            serde_yaml::from_str(include_str!("../scaffold/starter/portal.yaml"))
                .expect("the starter portal.yaml parses");
        let front = |text: &str| text.split("---").nth(1).unwrap_or_default().to_string();
        let report: ReportMeta =
            serde_yaml::from_str(&front(include_str!("../scaffold/starter/report.md")))
                .expect("the starter report parses");
        let issue_titles = [
            include_str!("../scaffold/starter/issues/1-1-1.md"),
            include_str!("../scaffold/starter/issues/2-1-1.md"),
        ]
        .iter()
        .filter_map(|text| {
            let value: serde_yaml::Value = serde_yaml::from_str(&front(text)).ok()?;
            Some(value.get("title")?.as_str()?.to_string())
        })
        .collect();
        let c = &config.contact;
        let mut portal: Vec<(&'static [&'static str], String)> = vec![
            (&["name"], config.name.clone()),
            (&["publisher"], config.publisher.clone()),
        ];
        let contact: [(&'static [&'static str], &Option<String>); 3] = [
            (&["contact", "phone"], &c.phone),
            (&["contact", "email"], &c.email),
            (&["contact", "address"], &c.address),
        ];
        portal.extend(
            contact
                .into_iter()
                .filter_map(|(k, v)| Some((k, v.clone()?))),
        );
        Starter {
            portal,
            report_title: report.title,
            issue_titles,
        }
    })
}

/// Records every starter value still in `portal` into `found` (as errors
/// or warnings, as the caller chooses).
pub(crate) fn check(portal: &Portal, found: &mut Diagnostics, as_errors: bool) {
    check_portal_file(portal, found, as_errors);
    for report in &portal.reports {
        check_report(report, found, as_errors);
    }
}

/// Records a finding as an error (before publishing) or a warning.
fn push(
    found: &mut Diagnostics,
    as_errors: bool,
    path: &std::path::Path,
    line: usize,
    column: usize,
    message: String,
) {
    if as_errors {
        found.error(path, line, column, message);
    } else {
        found.warning(path, line, column, message);
    }
}

/// The portal file's part of [`check`].
pub(crate) fn check_portal_file(portal: &Portal, found: &mut Diagnostics, as_errors: bool) {
    let starter = starter();
    let mut push = |path: &std::path::Path, line: usize, column: usize, message: String| {
        push(found, as_errors, path, line, column, message)
    };
    let config = &portal.config;
    for (keys, value) in &starter.portal {
        let current = match *keys {
            ["name"] => Some(&config.name),
            ["publisher"] => Some(&config.publisher),
            ["contact", "phone"] => config.contact.phone.as_ref(),
            ["contact", "email"] => config.contact.email.as_ref(),
            ["contact", "address"] => config.contact.address.as_ref(),
            _ => None,
        };
        if current.is_some_and(|c| c.trim() == value.trim()) {
            let steps: Vec<Step> = keys.iter().map(|k| Step::Key(k)).collect();
            let (line, column) = locate(&portal.config_text, &steps);
            let key = keys.join(".");
            push(
                &portal.config_path,
                line,
                column,
                say!(
                    "`{key}` 还是 zhenggai init 写的示例（{value}）：换成本单位的，再发布",
                    "`{key}` is still the example zhenggai init wrote ({value}): replace it with your unit's before publishing"
                ),
            );
        }
    }
}

/// One report's part of [`check`]: its own files only, so watch mode
/// checks it again only when they change.
pub(crate) fn check_report(
    report: &crate::model::Report,
    found: &mut Diagnostics,
    as_errors: bool,
) {
    let starter = starter();
    let mut push = |path: &std::path::Path, line: usize, column: usize, message: String| {
        push(found, as_errors, path, line, column, message)
    };
    if report.meta.title.trim() == starter.report_title {
        let (line, column) = locate(&report.yaml, &[Step::Key("title")]);
        push(
            &report.path,
            report.yaml_first_line + line - 1,
            column,
            say!(
                "这是 zhenggai init 写的示例报告：导入或写好真实的通报后，删掉整个文件夹 {}",
                "this is the example report zhenggai init wrote: once the real notice is in, delete its folder {}",
                report.path.parent().unwrap_or(&report.path).display()
            ),
        );
        return;
    }
    for issue in &report.issues {
        if issue
            .meta
            .title
            .as_deref()
            .is_some_and(|t| starter.issue_titles.iter().any(|s| s == t.trim()))
        {
            // A one-shot build has let the text go: read it again.
            let (line, column) = locate(&super::front_matter(issue), &[Step::Key("title")]);
            push(
                &issue.path,
                issue.yaml_first_line + line - 1,
                column,
                say!(
                    "这是 zhenggai init 写的示例问题：换成通报里的问题，或者删掉这个文件",
                    "this is an example problem zhenggai init wrote: replace it with a problem of the notice, or delete the file"
                ),
            );
        }
    }
}
