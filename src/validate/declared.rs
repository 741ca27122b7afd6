//! Declared figures: what a report's notice states (problems, done, …,
//! regulations) against what its issue files add up to. Disagreements are
//! warnings, not errors: the notice may be older than the files.

use super::at;
use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::Step;
use crate::model::{regulation_key, Report, Status};
use std::collections::BTreeMap;

/// Where what a report declares disagrees with its issue files: warnings,
/// because the notice may be older than the files.
pub(super) fn compare(report: &Report) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if report.issues.is_empty() {
        // A totals-only notice: its figures are all there is to show.
        return diags;
    }
    let d = &report.meta.declared;
    let count = |f: &dyn Fn(Status) -> bool| {
        report.issues.iter().filter(|i| f(i.meta.status)).count() as u32
    };
    let regs = regulations_by_kind(report);
    let checks: [(&str, Option<u32>, u32, &str); 7] = [
        (
            "problems",
            d.problems,
            report.issues.len() as u32,
            "issue files",
        ),
        (
            "done",
            d.done,
            count(&|s| s == Status::Done),
            "files with status done",
        ),
        (
            "basically_done",
            d.basically_done,
            count(&|s| s == Status::BasicallyDone),
            "files with status basically_done",
        ),
        (
            "in_progress",
            d.in_progress,
            count(&|s| s == Status::InProgress),
            "files with status in_progress",
        ),
        (
            "unfinished",
            d.unfinished,
            count(&|s| s.is_open()),
            "files with status in_progress or not_done",
        ),
        (
            "regulations_established",
            d.regulations_established,
            regs.0,
            "distinct regulations of kind established",
        ),
        (
            "regulations_revised",
            d.regulations_revised,
            regs.1,
            "distinct regulations of kind revised",
        ),
    ];
    for (key, declared, computed, what) in checks {
        if let Some(declared) = declared {
            if declared != computed {
                let (line, column) = at(
                    report.yaml_first_line,
                    &report.yaml,
                    &[Step::Key("declared"), Step::Key(key)],
                );
                diags.warning(
                    &report.path,
                    line,
                    column,
                    format!(
                        "the report declares {key}: {declared}, but there are {computed} {what}"
                    ),
                );
            }
        }
    }
    diags
}

fn regulations_by_kind(report: &Report) -> (u32, u32) {
    use crate::model::RegulationKind;
    let mut seen = BTreeMap::new();
    for issue in &report.issues {
        for r in &issue.meta.regulations {
            seen.entry(regulation_key(r.number.as_deref(), &r.title))
                .or_insert(r.kind);
        }
    }
    let established = seen
        .values()
        .filter(|k| **k == RegulationKind::Established)
        .count() as u32;
    let revised = seen
        .values()
        .filter(|k| **k == RegulationKind::Revised)
        .count() as u32;
    (established, revised)
}
