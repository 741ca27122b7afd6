//! Checks of progress over time: a problem's status history, its revised
//! deadlines, and the links from a follow-up notice to the report it
//! follows. Each error points at the entry that is wrong.

use super::at;
use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::Step;
use crate::model::{Date, Issue, Portal, Report};
use crate::say;
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
                say!(
                    "history 的日期顺序不对：{} 写在了 {} 后面；按时间先后，早的在前",
                    "history is out of date order: {} comes after {}; list the changes oldest first",
                    entry.date,
                    m.history[i - 1].date
                ),
            );
        }
        if entry.date.surely_after(&stated_at) {
            error(
                &dates("history", i),
                as_of_hint(report, &entry.date, &stated_at),
            );
        }
    }
    if let Some(last) = m.history.last() {
        if last.status != m.status {
            error(
                &[Step::Key("status")],
                say!(
                    "`status` 写的是 {}，但 history 最后一条（{}）是 {}：两者要一致，改 status 或者在 history 末尾加一条",
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
            say!(
                "写了 deadline_changes（时限调整），就要用 `deadline` 写明原定时限",
                "deadline_changes revise a deadline: set `deadline` to the original one"
            ),
        );
    }
    for (i, change) in m.deadline_changes.iter().enumerate() {
        if i > 0 && m.deadline_changes[i - 1].date.surely_after(&change.date) {
            error(
                &dates("deadline_changes", i),
                say!(
                    "deadline_changes 的日期顺序不对：{} 写在了 {} 后面；按时间先后，早的在前",
                    "deadline_changes are out of date order: {} comes after {}; list them oldest first",
                    change.date,
                    m.deadline_changes[i - 1].date
                ),
            );
        }
        if change.date.surely_after(&stated_at) {
            error(
                &dates("deadline_changes", i),
                as_of_hint(report, &change.date, &stated_at),
            );
        }
        if change.reason.trim().is_empty() {
            error(
                &[
                    Step::Key("deadline_changes"),
                    Step::Index(i),
                    Step::Key("reason"),
                ],
                say!(
                    "调整时限要写明原因 `reason`，页面上会显示",
                    "a moved deadline needs its `reason`, which the pages show"
                ),
            );
        }
    }
    if found > LOCATED {
        let (l, c) = pos(&[]);
        diags.error(
            &issue.path,
            l,
            c,
            say!(
                "history 和 deadline_changes 里还有 {} 处同类问题：先改好上面这些",
                "{} more problems in history and deadline_changes like the ones above; fix those first",
                found - LOCATED
            ),
        );
    }
}

/// A change dated after the progress the report states: how to move the
/// report's as-of date (written, or not yet, when it is the publication
/// day).
fn as_of_hint(report: &Report, date: &Date, stated_at: &Date) -> String {
    let path = report.path.display();
    if report.meta.as_of.is_some() {
        say!(
            "这条记录的日期 {date} 晚于报告的进展截止日期 {stated_at}：记录新进展时，把 {path} 里的 `as_of` 改成 {date} 或更晚的日期",
            "dated {date}, after the report's as-of date {stated_at}: when recording new progress, move `as_of` in {path} to {date} or later"
        )
    } else {
        say!(
            "这条记录的日期 {date} 晚于报告的进展截止日期 {stated_at}（没写 as_of 时按发布日期算）：记录新进展时，在 {path} 里加一行 `as_of: {date}`（或更晚的日期）",
            "dated {date}, after the report's as-of date {stated_at} (its publication day, as no as_of is written): when recording new progress, add `as_of: {date}` (or later) to {path}"
        )
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
            diags.error(
                &report.path,
                pos.0,
                pos.1,
                say!(
                    "`follows` 写的是这份报告自己：要写它跟进的前一份报告的文件夹名",
                    "a report cannot follow itself"
                ),
            );
        } else if !reports.contains_key(follows) {
            diags.error(
                &report.path,
                pos.0,
                pos.1,
                say!(
                    "`follows: {follows}`：没有报告文件夹 content/reports/{follows}/，检查文件夹名",
                    "`follows: {follows}`: there is no report folder content/reports/{follows}/"
                ),
            );
        } else if reports[follows].meta.published > report.meta.published {
            diags.error(
                &report.path,
                pos.0,
                pos.1,
                say!(
                    "`follows: {follows}`：那份报告的发布时间（{}）比这份（{}）还晚；follows 要写更早的那份",
                    "`follows: {follows}`: that report was published later ({}) than this one ({}); a follow-up follows an earlier notice",
                    reports[follows].meta.published,
                    report.meta.published
                ),
            );
        } else if follows_in_a_cycle(report, &reports) {
            diags.error(
                &report.path,
                pos.0,
                pos.1,
                say!(
                    "`follows: {follows}` 绕回了这份报告：跟进关系要从早到晚排成一条线",
                    "`follows: {follows}` leads back to this report: follow-ups form a line, oldest first"
                ),
            );
        }
    }
    let mut continued: BTreeMap<(&str, &str), &Issue> = BTreeMap::new();
    for report in &portal.reports {
        for issue in &report.issues {
            let Some(target) = issue.meta.continues.as_deref() else {
                continue;
            };
            // Found only for a message: the text may have to be read
            // again (`super::front_matter`).
            let at_key = || {
                at(
                    issue.yaml_first_line,
                    &super::front_matter(issue),
                    &[Step::Key("continues")],
                )
            };
            let Some((slug, problem)) = target.split_once('/') else {
                let (l, c) = at_key();
                diags.error(
                    &issue.path,
                    l,
                    c,
                    say!(
                        "`continues: {target}` 要写成“前一份报告的文件夹名/问题文件名”，如 example-2023/1-1-1",
                        "`continues: {target}` must name `<report folder>/<issue file name>`"
                    ),
                );
                continue;
            };
            let problem = problem.trim_end_matches(".md");
            if report.meta.follows.as_deref() != Some(slug) {
                let why = match &report.meta.follows {
                    Some(f) => say!(
                        "这份报告跟进的是 `{f}`，不是 `{slug}`",
                        "this report follows `{f}`, not `{slug}`"
                    ),
                    None => say!(
                        "{} 没有写它跟进哪份报告：在里面加一行 `follows: {slug}`",
                        "{} does not say which report it follows: add `follows: {slug}` to it",
                        report.path.display()
                    ),
                };
                let (l, c) = at_key();
                diags.error(
                    &issue.path,
                    l,
                    c,
                    say!(
                        "`continues: {target}`：{why}",
                        "`continues: {target}`: {why}"
                    ),
                );
                continue;
            }
            let exists = reports
                .get(slug)
                .is_some_and(|r| r.issues.iter().any(|i| i.slug == problem));
            if !exists {
                let (l, c) = at_key();
                diags.error(
                    &issue.path,
                    l,
                    c,
                    say!(
                        "`continues: {target}`：content/reports/{slug}/ 里没有问题文件 {problem}.md",
                        "`continues: {target}`: content/reports/{slug}/ has no issue file {problem}.md"
                    ),
                );
                continue;
            }
            match continued.get(&(slug, problem)) {
                Some(first) => {
                    let (l, c) = at_key();
                    diags.error(
                    &issue.path,
                    l,
                    c,
                    say!(
                        "`continues: {target}`：{} 已经接续了它；一个问题只能由一个问题接续",
                        "`continues: {target}`: {} continues it already; a problem is continued by one problem",
                        first.path.display()
                    ),
                )
                }
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
