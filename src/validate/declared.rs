//! Declared figures: what a report's notice states (problems, done, …,
//! regulations) against what its issue files add up to. A count of
//! problems or of a status that does not add up is an error: the portal
//! would publish a list that is not the notice's. Only a reason written in
//! `declared.reasons` lets it stand, and `check` shows that reason.
//! Regulation counts stay warnings: notices count documents they do not
//! all name.

use super::at;
use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::Step;
use crate::model::{regulation_key, Issue, Report, Status};
use std::collections::BTreeMap;

/// The keys `declared.reasons` may explain.
const EXPLAINABLE: &[&str] = &[
    "problems",
    "done",
    "basically_done",
    "in_progress",
    "unfinished",
    "regulations_established",
    "regulations_revised",
];

/// An issue's status on the day its notice was published: the last
/// history entry on or before that day, else its status.
fn status_at_notice(issue: &Issue, report: &Report) -> Status {
    let day = report.meta.published.date;
    issue
        .meta
        .history
        .iter()
        .rfind(|h| !h.date.surely_after(&day))
        .map_or(issue.meta.status, |h| h.status)
}

/// What one declared figure is compared with.
struct Check {
    key: &'static str,
    declared: Option<u32>,
    computed: u32,
    /// What the files hold, after the number.
    what: &'static str,
    /// Refused when unequal and unexplained (else a warning).
    refused: bool,
}

/// Where what a report declares disagrees with its issue files: errors
/// for counts that do not add up unexplained, warnings for the rest.
pub(super) fn compare(report: &Report, errors: &mut Diagnostics, warnings: &mut Diagnostics) {
    let d = &report.meta.declared;
    let locate = |steps: &[Step]| at(report.yaml_first_line, &report.yaml, steps);
    for key in d.reasons.keys() {
        if !EXPLAINABLE.contains(&key.as_str()) {
            let (line, column) = locate(&[Step::Key("declared"), Step::Key("reasons")]);
            errors.error(
                &report.path,
                line,
                column,
                format!(
                    "declared.reasons 里的“{key}”不是可说明的数字；可写：{}",
                    EXPLAINABLE.join("、")
                ),
            );
        }
    }
    if report.issues.is_empty() {
        // A totals-only notice: its figures are all there is to show.
        return;
    }
    // Problems added after the notice are not the notice's list.
    let listed: Vec<&Issue> = report
        .issues
        .iter()
        .filter(|i| i.meta.added.is_none())
        .collect();
    let statuses: Vec<Status> = listed.iter().map(|i| status_at_notice(i, report)).collect();
    let count = |f: &dyn Fn(Status) -> bool| statuses.iter().filter(|s| f(**s)).count() as u32;
    let regs = regulations_by_kind(report);
    let checks = [
        Check {
            key: "problems",
            declared: d.problems,
            computed: listed.len() as u32,
            what: "个问题文件",
            refused: true,
        },
        Check {
            key: "done",
            declared: d.done,
            computed: count(&|s| s == Status::Done),
            what: "个问题在通报发布时为“已完成”",
            refused: true,
        },
        Check {
            key: "basically_done",
            declared: d.basically_done,
            computed: count(&|s| s == Status::BasicallyDone),
            what: "个问题在通报发布时为“基本完成”",
            refused: true,
        },
        Check {
            key: "in_progress",
            declared: d.in_progress,
            computed: count(&|s| s == Status::InProgress),
            what: "个问题在通报发布时为“整改中”",
            refused: true,
        },
        Check {
            key: "unfinished",
            declared: d.unfinished,
            computed: count(&|s| s.is_open()),
            what: "个问题在通报发布时为“整改中”或“未完成”",
            refused: true,
        },
        Check {
            key: "regulations_established",
            declared: d.regulations_established,
            computed: regs.0,
            what: "项新建制度（kind: established）",
            refused: false,
        },
        Check {
            key: "regulations_revised",
            declared: d.regulations_revised,
            computed: regs.1,
            what: "项修订制度（kind: revised）",
            refused: false,
        },
    ];
    // Problems whose recorded history begins after the notice: their
    // status on its day is not written down, so it is taken to be today's.
    let day = report.meta.published.date;
    let late: Vec<String> = report
        .issues
        .iter()
        .filter(|i| i.meta.added.is_none())
        .filter(|i| {
            i.meta
                .history
                .first()
                .is_some_and(|h| h.date.surely_after(&day))
        })
        .map(|i| i.path.display().to_string())
        .collect();
    let late_hint = if late.is_empty() {
        String::new()
    } else {
        crate::say!(
            "。其中 {} 的 history 从通报发布之后才开始记，发布时的状态就按现在的 status 算了：在它的 history 最前面补一条通报发布日（{day}）的状态，如 `- date: {day}` 加 `status: 未完成`（照通报写）",
            ". The history of {} begins after the notice, so its status on the notice's day is taken to be today's: add an entry dated {day} with the status the notice gave at the top of its history",
            late.join("、")
        )
    };
    for c in checks {
        let Some(declared) = c.declared.filter(|n| *n != c.computed) else {
            continue;
        };
        let (key, computed, what) = (c.key, c.computed, c.what);
        let label = match key {
            "problems" => format!("{declared}个{}", d.word()),
            "done" => format!("已完成{declared}个"),
            "basically_done" => format!("基本完成{declared}个"),
            "in_progress" => format!("正在整改{declared}个"),
            "unfinished" => format!("未完成{declared}个"),
            "regulations_established" => format!("建立制度{declared}项"),
            _ => format!("完善制度{declared}项"),
        };
        match d.reasons.get(key) {
            Some(reason) => {
                let (line, column) =
                    locate(&[Step::Key("declared"), Step::Key("reasons"), Step::Key(key)]);
                warnings.warning(
                    &report.path,
                    line,
                    column,
                    format!("通报称{label}，问题文件为{computed}{what}；已说明原因：{reason}"),
                );
            }
            None if c.refused => {
                let (line, column) = locate(&[Step::Key("declared"), Step::Key(key)]);
                errors.error(
                    &report.path,
                    line,
                    column,
                    {
                        let hint = if key == "problems" { "" } else { late_hint.as_str() };
                        crate::say!(
                            "通报称{label}，但有{computed}{what}，数字对不上，不能发布。请对照通报逐项核对问题文件（是否漏了、多了，状态是否与通报一致；之后的进展写在 history 里）；若通报本身的数字与它所列的不符，在 declared 下写 reasons: {{{key}: 原因}} 说明{hint}",
                            "the notice declares {key}: {declared}, but the issue files give {computed}; the figures must agree before publishing: check the files against the notice (later progress goes into history), or explain a notice that contradicts itself under declared.reasons: {{{key}: reason}}{hint}"
                        )
                    },
                );
            }
            None => {
                let (line, column) = locate(&[Step::Key("declared"), Step::Key(key)]);
                warnings.warning(
                    &report.path,
                    line,
                    column,
                    crate::say!(
                        "通报称{label}，问题文件里列出{computed}{what}（通报所说的制度常多于点明名称的，这不影响发布；页面上会说明两者的差别）",
                        "the notice declares {key}: {declared}, the issue files list {computed} (notices often count documents they do not name; this does not stop publication, and pages say so)"
                    ),
                );
            }
        }
    }
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
