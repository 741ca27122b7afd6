//! Checks of progress over time: a problem's status history, its revised
//! deadlines, and the links from a follow-up notice to the report it
//! follows. Each error points at the entry that is wrong.

use super::at;
use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::Step;
use crate::model::{Date, Issue, Portal, Report};
use std::collections::{BTreeMap, BTreeSet};

/// The date a report states progress at: `as_of`, else its publication.
pub(crate) fn as_of(report: &Report) -> Date {
    report.meta.as_of.unwrap_or(report.meta.published.date)
}

/// History and deadline changes of one problem: in date order, none after
/// the report's as-of date, the last status agreeing with `status`, every
/// revision with a reason and an original deadline to revise.
pub(super) fn check_issue(report: &Report, issue: &Issue, diags: &mut Diagnostics) {
    let m = &issue.meta;
    let pos = |path: &[Step]| at(issue.yaml_first_line, &issue.yaml, path);
    let stated_at = as_of(report);
    // Each finding is located by reading the YAML: past the first few,
    // they are counted, not located, so a file of 40,000 wrong entries
    // is checked in linear time.
    const LOCATED: usize = 20;
    let mut found = 0usize;
    let mut error = |path: &[Step], message: String| {
        found += 1;
        if found <= LOCATED {
            let (l, c) = pos(path);
            diags.error(&issue.path, l, c, message);
        }
    };
    fn dates(list: &'static str, i: usize) -> [Step<'static>; 3] {
        [Step::Key(list), Step::Index(i), Step::Key("date")]
    }
    for (i, entry) in m.history.iter().enumerate() {
        if i > 0 && m.history[i - 1].date.surely_after(&entry.date) {
            error(
                &dates("history", i),
                format!(
                    "history is out of date order: {} comes after {}; list the changes oldest first",
                    entry.date,
                    m.history[i - 1].date
                ),
            );
        }
        if entry.date.surely_after(&stated_at) {
            error(
                &dates("history", i),
                format!(
                    "history entry {} is dated after the report's as-of date {stated_at}",
                    entry.date
                ),
            );
        }
    }
    if let Some(last) = m.history.last() {
        if last.status != m.status {
            error(
                &[Step::Key("status")],
                format!(
                    "`status` is {} but the last history entry ({}) says {}; they must agree",
                    m.status.key(),
                    last.date,
                    last.status.key()
                ),
            );
        }
    }
    if !m.deadline_changes.is_empty() && m.deadline.is_none() {
        error(
            &[Step::Key("deadline_changes")],
            "deadline_changes revise a deadline: set `deadline` to the original one".into(),
        );
    }
    for (i, change) in m.deadline_changes.iter().enumerate() {
        if i > 0 && m.deadline_changes[i - 1].date.surely_after(&change.date) {
            error(
                &dates("deadline_changes", i),
                format!(
                    "deadline_changes are out of date order: {} comes after {}; list them oldest first",
                    change.date,
                    m.deadline_changes[i - 1].date
                ),
            );
        }
        if change.date.surely_after(&stated_at) {
            error(
                &dates("deadline_changes", i),
                format!(
                    "the deadline change of {} is dated after the report's as-of date {stated_at}",
                    change.date
                ),
            );
        }
        if change.reason.trim().is_empty() {
            error(
                &[
                    Step::Key("deadline_changes"),
                    Step::Index(i),
                    Step::Key("reason"),
                ],
                "a moved deadline needs its `reason`, which the pages show".into(),
            );
        }
    }
    if found > LOCATED {
        let (l, c) = pos(&[]);
        diags.error(
            &issue.path,
            l,
            c,
            format!(
                "{} more problems in history and deadline_changes like the ones above; fix those first",
                found - LOCATED
            ),
        );
    }
}

/// Links between reports: `follows` names another report, without a
/// cycle; `continues` names a problem of the followed report, and no
/// problem is continued twice.
pub(super) fn check_links(portal: &Portal, diags: &mut Diagnostics) {
    let reports: BTreeMap<&str, &Report> = portal
        .reports
        .iter()
        .map(|r| (r.slug.as_str(), r))
        .collect();
    for report in &portal.reports {
        let Some(follows) = report.meta.follows.as_deref() else {
            continue;
        };
        let pos = at(
            report.yaml_first_line,
            &report.yaml,
            &[Step::Key("follows")],
        );
        if follows == report.slug {
            diags.error(&report.path, pos.0, pos.1, "a report cannot follow itself");
        } else if !reports.contains_key(follows) {
            diags.error(
                &report.path,
                pos.0,
                pos.1,
                format!(
                    "`follows: {follows}`: there is no report folder content/reports/{follows}/"
                ),
            );
        } else if reports[follows].meta.published > report.meta.published {
            diags.error(
                &report.path,
                pos.0,
                pos.1,
                format!(
                    "`follows: {follows}`: that report was published later ({}) than this one ({}); a follow-up follows an earlier notice",
                    reports[follows].meta.published, report.meta.published
                ),
            );
        } else if follows_in_a_cycle(report, &reports) {
            diags.error(
                &report.path,
                pos.0,
                pos.1,
                format!("`follows: {follows}` leads back to this report: follow-ups form a line, oldest first"),
            );
        }
    }
    let mut continued: BTreeMap<(&str, &str), &Issue> = BTreeMap::new();
    for report in &portal.reports {
        for issue in &report.issues {
            let Some(target) = issue.meta.continues.as_deref() else {
                continue;
            };
            let (l, c) = at(
                issue.yaml_first_line,
                &issue.yaml,
                &[Step::Key("continues")],
            );
            let Some((slug, problem)) = target.split_once('/') else {
                diags.error(
                    &issue.path,
                    l,
                    c,
                    format!("`continues: {target}` must name `<report folder>/<issue file name>`"),
                );
                continue;
            };
            let problem = problem.trim_end_matches(".md");
            if report.meta.follows.as_deref() != Some(slug) {
                let why = match &report.meta.follows {
                    Some(f) => format!("this report follows `{f}`, not `{slug}`"),
                    None => format!(
                        "{} does not say which report it follows: add `follows: {slug}` to it",
                        report.path.display()
                    ),
                };
                diags.error(&issue.path, l, c, format!("`continues: {target}`: {why}"));
                continue;
            }
            let exists = reports
                .get(slug)
                .is_some_and(|r| r.issues.iter().any(|i| i.slug == problem));
            if !exists {
                diags.error(
                    &issue.path,
                    l,
                    c,
                    format!("`continues: {target}`: content/reports/{slug}/ has no issue file {problem}.md"),
                );
                continue;
            }
            match continued.get(&(slug, problem)) {
                Some(first) => diags.error(
                    &issue.path,
                    l,
                    c,
                    format!(
                        "`continues: {target}`: {} continues it already; a problem is continued by one problem",
                        first.path.display()
                    ),
                ),
                None => {
                    continued.insert((slug, problem), issue);
                }
            }
        }
    }
}

/// Whether following `follows` from `report` comes back to it.
fn follows_in_a_cycle(report: &Report, reports: &BTreeMap<&str, &Report>) -> bool {
    let mut seen = BTreeSet::new();
    let mut at = report;
    while let Some(next) = at.meta.follows.as_deref() {
        if next == report.slug {
            return true;
        }
        if !seen.insert(next) {
            return false; // a cycle that does not include this report
        }
        match reports.get(next) {
            Some(r) => at = r,
            None => return false,
        }
    }
    false
}
