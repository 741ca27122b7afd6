//! `import LEDGER --update REPORT`: the monthly cycle. Staff update their
//! 整改台账 in Excel or WPS; this reads it against the report already
//! published and changes only what the ledger changed: a status becomes a
//! dated `history` entry, a moved deadline a `deadline_changes` entry with
//! its reason, new measures are appended, the 责任单位 follows. Rows are
//! matched to problems without guessing (the 问题标识 the portal's own
//! `data/issues.xlsx` carries, else the title); a retitled or vanished
//! problem is refused, since published wording never changes silently and
//! no problem leaves a disclosure. Everything the ledger does not hold is
//! kept byte for byte. Pure: the caller writes what it returns.

use super::edit::Edited;
use super::{read_ledger, sheet::Sheet, LedgerOptions, Row};
use crate::import::PlannedFile;
use crate::load::parse_document;
use crate::model::{normalize_title, yaml_scalar as yaml, Date, IssueMeta, ReportMeta, Status};
use crate::say;
use std::path::Path;

/// What an update would change.
#[derive(Debug, Default)]
pub struct LedgerUpdate {
    /// The files that change, relative to the report folder, with their
    /// new text (unchanged files are not listed).
    pub files: Vec<PlannedFile>,
    /// Per problem changed: its file and what changed, in words.
    pub changes: Vec<(String, Vec<String>)>,
    /// Said once: rows of other reports left out, the as-of date.
    pub notes: Vec<String>,
    /// Columns with a header and data that no field reads (`H 目前进展`).
    pub unread: Vec<String>,
}

/// One problem of the report as it stands.
struct Existing {
    /// `issues/1-2.md`, relative to the report folder.
    file: String,
    slug: String,
    text: String,
    meta: IssueMeta,
    title: String,
}

/// Reads `ledger` against the report in `folder` (its folder name
/// `slug`). `as_of` is the date progress is stated to; without it, the
/// sheet's own 截至/填报时间 line; without either, an error (never today).
pub fn update_from_ledger(
    ledger: &Path,
    folder: &Path,
    slug: &str,
    options: &LedgerOptions,
    as_of: Option<&str>,
) -> Result<LedgerUpdate, Vec<String>> {
    if !folder.join("report.md").is_file() {
        return Err(vec![say!(
            "没有报告 {slug}（{} 里没有 report.md）：--update 后面写 content/reports/ 下已有报告的文件夹名",
            "there is no report {slug} ({} holds no report.md): --update names a report folder under content/reports/",
            folder.display()
        )]);
    }
    let (sheet, header, rows) = read_ledger(ledger, options)?;
    let report_path = folder.join("report.md");
    let report_text = std::fs::read_to_string(&report_path).map_err(|e| {
        vec![say!(
            "{}: 读不了：{e}；--update 后面写 content/reports/ 下已有报告的文件夹名",
            "{}: cannot read: {e}; --update names a report folder under content/reports/",
            report_path.display()
        )]
    })?;
    let report: ReportMeta = parse_document::<ReportMeta>(report_text.as_bytes())
        .map(|d| d.meta)
        .map_err(|e| vec![fix_first(&report_path, e.line, e.column, &e.message)])?;
    let existing = read_issues(folder, &report)?;
    let stated = stated_as_of(&sheet, &header, &rows);
    let as_of = match as_of {
        Some(text) => {
            let given = Date::read(text).map_err(|e| vec![format!("--as-of: {e}")])?;
            match stated.and_then(Result::ok) {
                // The sheet's own line is what the office wrote: --as-of
                // may fill in a missing one, never overrule it.
                Some(stated) if stated != given => {
                    return Err(vec![say!(
                        "{}: 台账自己写的是截至 {}，--as-of 却是 {}：以台账为准就去掉 --as-of；台账那一行写错了，先改台账",
                        "{}: the ledger states its progress as of {}, but --as-of says {}: drop --as-of to go by the ledger, or correct the ledger's line first",
                        sheet_name(&sheet),
                        stated.zh(),
                        given.zh()
                    )]);
                }
                _ => given,
            }
        }
        None => stated.ok_or_else(|| {
            vec![say!(
                "{}: 台账没写进展截至哪一天：加上 --as-of 2024-03-31，或者在表头上方写一行“截至2024年3月31日”",
                "{}: the ledger does not say to which day its progress is stated: pass --as-of 2024-03-31, or write a line 截至2024年3月31日 above the header",
                sheet_name(&sheet)
            )]
        })??,
    };
    let stated_before = report.as_of.unwrap_or(report.published.date);
    if stated_before.surely_after(&as_of) {
        let others = match sheet.others.is_empty() {
            true => String::new(),
            false => say!(
                "；这个文件里还有工作表 {}，要读哪一张就加 --sheet 表名",
                "; the file has other sheets ({}): name the one to read with --sheet",
                sheet.others.join("、")
            ),
        };
        return Err(vec![say!(
            "{}: 进展截至 {}，早于报告里已经写到的 {}：这是一份旧台账，请用最新的{}",
            "{}: progress as of {}, before the report's {}: this is an older ledger; use the latest{}",
            sheet_name(&sheet),
            as_of.zh(),
            stated_before.zh(),
            others
        )]);
    }
    let mut update = LedgerUpdate {
        unread: super::unread_columns(&sheet, &header),
        ..LedgerUpdate::default()
    };
    let mut errors = Vec::new();
    let mut matched: Vec<Option<usize>> = vec![None; rows.len()];
    let mut taken: Vec<Option<usize>> = vec![None; existing.len()];
    let mut other_reports = 0usize;
    for (r, row) in rows.iter().enumerate() {
        let found = match row.key.as_deref() {
            Some(key) => match key.split_once('/') {
                Some((report, file)) if report != slug => {
                    let _ = file;
                    other_reports += 1;
                    continue;
                }
                Some((_, file)) => match existing.iter().position(|e| e.slug == file) {
                    Some(i) => Some(i),
                    None => {
                        errors.push(say!(
                            "{}: 问题标识 {key} 在报告 {slug} 里没有：检查这一格，或者清空它按新问题导入",
                            "{}: the problem id {key} is not in the report {slug}: check the cell, or empty it to import the row as a new problem",
                            row.title_at
                        ));
                        continue;
                    }
                },
                None => None,
            },
            None => None,
        };
        let found = match found {
            Some(i) => Some(i),
            None => {
                let title = normalize_title(&row.title);
                let same: Vec<usize> = (0..existing.len())
                    .filter(|&i| normalize_title(&existing[i].title) == title)
                    .collect();
                match same.len() {
                    0 => None,
                    1 => Some(same[0]),
                    _ => {
                        // The same title twice: its place (序号) decides.
                        let by_place: Vec<usize> = same
                            .iter()
                            .copied()
                            .filter(|&i| {
                                row.place.is_some_and(|(g, n)| {
                                    existing[i].meta.group == g && existing[i].meta.number == n
                                })
                            })
                            .collect();
                        if by_place.len() == 1 {
                            Some(by_place[0])
                        } else {
                            let names: Vec<&str> =
                                same.iter().map(|&i| existing[i].file.as_str()).collect();
                            errors.push(say!(
                                "{}: 这个问题在报告里有 {} 个同名的（{}）：在“序号”列写明它是第几个（如 一（二）3），或者加一列“问题标识”",
                                "{}: the report has {} problems of this title ({}): give its place in the 序号 column (一（二）3), or add a 问题标识 column",
                                row.title_at,
                                same.len(),
                                names.join("、")
                            ));
                            continue;
                        }
                    }
                }
            }
        };
        if let Some(i) = found {
            if let Some(first) = taken[i] {
                errors.push(say!(
                    "{}: 这一行和第 {} 行说的是同一个问题（{}）：删掉重复的一行",
                    "{}: this row and row {} are the same problem ({}): remove the repeated row",
                    row.title_at,
                    rows[first].line + 1,
                    existing[i].file
                ));
                continue;
            }
            taken[i] = Some(r);
        }
        matched[r] = found;
    }
    // A problem never leaves a disclosure. Its row may be there with its
    // title retyped: the rows that match no problem are named as where to
    // look.
    let unmatched: Vec<String> = rows
        .iter()
        .zip(&matched)
        .filter(|(row, m)| m.is_none() && row.key.is_none())
        .map(|(row, _)| format!("{}（{}）", row.title_at, row.title))
        .collect();
    let look = match unmatched.is_empty() {
        true => String::new(),
        false => say!(
            "；台账里对不上已公开问题的行：{}，若其中有这一问题而改了标题字句，请改回公开时的标题",
            "; rows that match no published problem: {}; if one of them is this problem with its title retyped, put the published title back",
            unmatched.join("、")
        ),
    };
    for (i, e) in existing.iter().enumerate() {
        if taken[i].is_none() {
            errors.push(say!(
                "{}: 报告里的问题 {}（{}）不在台账里：公开过的问题不能消失，台账里要留着这一行{}",
                "{}: the report's problem {} ({}) is not in the ledger: a published problem never disappears; keep its row{}",
                sheet_name(&sheet),
                e.file,
                e.title,
                look
            ));
        }
    }
    let published = report.published.date;
    let mut new_groups: Vec<(usize, String)> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        match matched[r] {
            Some(i) => {
                if let Some(note) = measures_left_out(row, &existing[i], folder) {
                    update.notes.push(note);
                }
                if let Some((file, text, said)) =
                    changes(row, &existing[i], &report, as_of, published, &mut errors)
                {
                    update.files.push(PlannedFile {
                        path: file.clone(),
                        text,
                    });
                    update.changes.push((file, said));
                }
            }
            None if row.key.as_deref().is_some_and(|k| k.contains('/')) => {}
            None => match new_problem(row, &report, &new_groups, as_of) {
                Ok((area, group, file)) => {
                    new_groups.push((area, row.title.clone()));
                    update.changes.push((
                        file.path.clone(),
                        vec![say!(
                            "新问题（第 {} 个方面第 {} 类）",
                            "new problem (area {}, group {})",
                            area + 1,
                            group
                        )],
                    ));
                    update.files.push(file);
                }
                Err(message) => errors.push(message),
            },
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // report.md: new groups, and the date progress is stated to.
    // The report parsed above, so it has front matter.
    let Some(mut edited) = Edited::of(&report_text) else {
        return Err(vec![fix_first(&report_path, 1, 1, "no front matter")]);
    };
    for (area, title) in &new_groups {
        if edited.append_group(*area, &yaml(title)).is_none() {
            return Err(vec![say!(
                "{}: 第 {} 个方面的 groups 写法特殊（不是逐行的“- title: …”列表），无法自动加入新问题“{title}”：先把它改成逐行列表，或手工添加这个问题",
                "{}: the groups of area {} are not written as a block list (`- title: …` lines), so the new problem “{title}” cannot be added: rewrite them as one, or add the problem by hand",
                report_path.display(),
                area + 1
            )]);
        }
    }
    let as_of_now = report.as_of.unwrap_or(published);
    if report.as_of != Some(as_of) && (as_of != as_of_now || !update.files.is_empty()) {
        edited.set("as_of", &as_of.to_string(), Some("published"));
    }
    let new_report = edited.text();
    if new_report != report_text {
        update.files.push(PlannedFile {
            path: "report.md".into(),
            text: new_report,
        });
    }
    if other_reports > 0 {
        update.notes.push(say!(
            "台账里有 {other_reports} 行属于其他报告，已跳过",
            "{other_reports} row(s) of other reports were left out"
        ));
    }
    update
        .notes
        .push(say!("进展截至 {}", "progress as of {}", as_of.zh()));
    Ok(update)
}

/// What one row changes in its problem's file: the file, its new text and
/// the changes in words; `None` when nothing changes.
fn changes(
    row: &Row,
    problem: &Existing,
    report: &ReportMeta,
    as_of: Date,
    published: Date,
    errors: &mut Vec<String>,
) -> Option<(String, String, Vec<String>)> {
    let m = &problem.meta;
    let mut said = Vec::new();
    let mut file = Edited::of(&problem.text)?;
    if normalize_title(&row.title) != normalize_title(&problem.title) {
        errors.push(say!(
            "{}: 问题标题和已公开的不同（原为“{}”）：公开过的问题表述不能悄悄改动；确需更正的，先在 {} 里改好，再导入",
            "{}: the title differs from the published one (“{}”): published wording never changes silently; correct it in {} first, then import",
            row.title_at,
            problem.title,
            problem.file
        ));
        return None;
    }
    if let Some(cell) = &row.blank_status_at {
        // The progress is restated as of the new day: a blank status would
        // publish last month's as this month's.
        errors.push(say!(
            "{cell}: 整改状态是空的：照实填写本期的状态（已公开的是“{}”），已完成、基本完成、整改中 或 未完成",
            "{cell}: the status is blank: give this period's status (the published one is “{}”): 已完成, 基本完成, 整改中 or 未完成",
            m.status.label()
        ));
        return None;
    }
    if let Some((status, long_term)) = row.status {
        // How far along: a ledger may move a problem on, never back.
        let done = |s: Status| match s {
            Status::Done => 2,
            Status::BasicallyDone => 1,
            Status::InProgress | Status::NotDone => 0,
        };
        if done(status) < done(m.status) {
            errors.push(say!(
                "{}: 台账写的是“{}”，已公开的状态却是“{}”：公开的整改进度不能凭台账倒退。台账写错了或是旧表，先改台账；确实要重新整改的，先在 {} 里改 status，并在 history 里写明日期和原因，再导入",
                "{}: the ledger says “{}” but the published status is “{}”: published progress never goes back by a ledger. If the ledger is wrong or old, correct it; if the problem is truly reopened, change status in {} and give the day and reason under history first, then import",
                row.title_at,
                status.label(),
                m.status.label(),
                problem.file
            ));
            return None;
        }
        if status != m.status {
            // The day the progress cell states, if it falls after what the
            // file already records (the notice, the last change) and not
            // after the as-of date; else the as-of date.
            let floor = m
                .history
                .last()
                .map_or(published, |h| h.date.max(published));
            let stated = stated_date(&row.progress)
                .filter(|d| !d.surely_after(&as_of) && !floor.surely_after(d));
            let date = stated.unwrap_or(as_of);
            // Without a day of its own, the change is known as of the
            // ledger's day, not to have happened on it: the note says so.
            let note = match stated {
                Some(_) => say!("据整改台账更新", "from the rectification ledger"),
                None => say!(
                    "据整改台账更新（台账进展截至{}，未写变化的日期）",
                    "from the rectification ledger (its progress as of {}; the day of the change is not given)",
                    as_of.zh()
                ),
            };
            let mut items = String::new();
            if m.history.is_empty() {
                // What the files said until now, on the notice's day.
                items.push_str(&format!(
                    "- date: {published}\n  status: {}\n",
                    m.status.key()
                ));
            }
            items.push_str(&format!(
                "- date: {date}\n  status: {}\n  note: {}\n",
                status.key(),
                yaml(&note)
            ));
            // In the clerk's words where the clerk wrote Chinese.
            let chinese = problem
                .text
                .lines()
                .find_map(|l| l.strip_prefix("status:"))
                .is_some_and(|v| !v.split(" #").next().unwrap_or("").trim().is_ascii());
            let word = if chinese {
                status.label()
            } else {
                status.key()
            };
            file.set("status", word, None);
            file.append("history", &items);
            said.push(say!(
                "状态 {}→{}（{}）",
                "status {}→{} ({})",
                m.status.label(),
                status.label(),
                date.zh()
            ));
        }
        if long_term && !m.long_term {
            file.set("long_term", "true", Some("status"));
            said.push(say!("长期坚持", "long-term"));
        }
    }
    if let super::Deadline::Date(text) = &row.deadline {
        if let Ok(new) = Date::read(text) {
            let current = m.deadline_changes.last().map(|c| c.deadline).or(m.deadline);
            match current {
                None => {
                    // A first deadline, not a move: no reason is needed.
                    file.set("deadline", &new.to_string(), Some("status"));
                    said.push(say!(
                        "时限 {}（原无时限）",
                        "deadline {} (none before)",
                        new.zh()
                    ));
                }
                Some(c) if c.last_day() != new.last_day() => match &row.reason {
                    Some(reason) => {
                        file.append(
                            "deadline_changes",
                            &format!(
                                "- date: {as_of}\n  deadline: {new}\n  reason: {}\n",
                                yaml(reason)
                            ),
                        );
                        said.push(say!(
                            "时限 {}→{}（{}）",
                            "deadline {}→{} ({})",
                            c.zh(),
                            new.zh(),
                            reason
                        ));
                    }
                    None => errors.push(say!(
                        "{}: 整改时限从 {} 改成了 {}，要在“时限调整原因”列写明原因（页面上会显示）；没有调整的，改回 {1}",
                        "{}: the deadline moved from {} to {}: give the reason in a 时限调整原因 column (pages show it), or put it back",
                        row.deadline_at,
                        c.zh(),
                        new.zh()
                    )),
                },
                Some(_) => {}
            }
        }
    }
    let known: Vec<String> = m.measures.iter().map(|x| measure_key(&x.text)).collect();
    let new_measures: Vec<&(Option<String>, String)> = row
        .measures
        .iter()
        .filter(|(_, text)| !known.contains(&measure_key(text)))
        .collect();
    if !new_measures.is_empty() {
        let mut items = String::new();
        for (date, text) in &new_measures {
            let date = date
                .as_deref()
                .and_then(|d| Date::read(d).ok())
                .or_else(|| stated_date(text))
                .filter(|d| !d.surely_after(&as_of));
            match date {
                Some(d) => items.push_str(&format!("- date: {d}\n  text: {}\n", yaml(text))),
                None => items.push_str(&format!("- text: {}\n", yaml(text))),
            }
        }
        file.append("measures", &items);
        said.push(say!("+{} 条措施", "+{} measure(s)", new_measures.len()));
    }
    if let Some(department) = &row.department {
        if m.department.as_deref().map(str::trim) != Some(department.trim()) {
            file.set("department", &yaml(department), Some("deadline"));
            said.push(say!("责任单位 {department}", "department {department}"));
        }
    }
    let _ = report;
    if said.is_empty() {
        return None;
    }
    Some((problem.file.clone(), file.text(), said))
}

/// A row that matches no problem: a new group at the end of its area, the
/// problem being the group. Returns (area index, group number, the file).
fn new_problem(
    row: &Row,
    report: &ReportMeta,
    added: &[(usize, String)],
    as_of: Date,
) -> Result<(usize, usize, PlannedFile), String> {
    let area = row
        .area
        .as_deref()
        .and_then(|a| {
            report
                .areas
                .iter()
                .position(|x| normalize_title(&x.title) == normalize_title(a))
        })
        .or_else(|| (report.areas.len() == 1).then_some(0))
        .ok_or_else(|| {
            say!(
                "{}: 这一行的问题报告里没有，按新问题导入时要知道它属于哪个方面：在“方面”列写上报告里已有的方面名称",
                "{}: this row is no problem of the report; to add it as a new one, its area must be one of the report's: fill in the 方面 column",
                row.title_at
            )
        })?;
    let group =
        report.areas[area].groups.len() + added.iter().filter(|(a, _)| *a == area).count() + 1;
    let mut planned = super::issue_file(row, area + 1, group, None);
    // Not one of the notice's problems: said so on its page, and left out
    // when the notice's own figures are compared.
    planned.text = planned.text.replacen(
        "---\n",
        &format!(
            "---\n{}\nadded: {as_of}\n",
            say!(
                "# 据整改台账新增的问题，不在通报所列之内（页面上会注明）",
                "# added from the rectification ledger, not among the notice's problems (its page says so)"
            )
        ),
        1,
    );
    Ok((area, group, planned))
}

/// The report's issue files as they stand, each parsed.
fn read_issues(folder: &Path, report: &ReportMeta) -> Result<Vec<Existing>, Vec<String>> {
    let issues = folder.join("issues");
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut paths: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&issues)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::load::is_ignored(&e.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    paths.sort();
    for path in paths {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        match parse_document::<IssueMeta>(text.as_bytes()) {
            Ok(doc) => {
                let meta = doc.meta;
                let title = meta.title.clone().unwrap_or_else(|| {
                    report
                        .areas
                        .get((meta.area as usize).wrapping_sub(1))
                        .and_then(|a| a.groups.get((meta.group as usize).wrapping_sub(1)))
                        .map(|g| g.title.clone())
                        .unwrap_or_default()
                });
                found.push(Existing {
                    file: path
                        .strip_prefix(folder)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/"),
                    slug: path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    text,
                    meta,
                    title,
                });
            }
            Err(e) => errors.push(fix_first(&path, e.line, e.column, &e.message)),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

fn fix_first(path: &Path, line: usize, column: usize, message: &str) -> String {
    say!(
        "{}:{}:{}: {}；先改好报告里的这个错误（运行 zhenggai check 查看），再更新",
        "{}:{}:{}: {}; fix the report first (zhenggai check), then update",
        path.display(),
        line.max(1),
        column.max(1),
        message
    )
}

fn sheet_name(sheet: &Sheet) -> String {
    match &sheet.name {
        Some(name) => format!("{}:{name}", sheet.file),
        None => sheet.file.clone(),
    }
}

/// Text compared without spaces and line breaks.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A row that lists the problem's published measures but leaves some out
/// (a line deleted in the cell): they stay published, and the clerk is told
/// so. A row listing none of them (a ledger of this month's progress only)
/// says nothing.
fn measures_left_out(row: &Row, problem: &Existing, folder: &Path) -> Option<String> {
    let listed: Vec<String> = row.measures.iter().map(|(_, t)| measure_key(t)).collect();
    let (kept, left): (Vec<_>, Vec<_>) = problem
        .meta
        .measures
        .iter()
        .partition(|m| listed.contains(&measure_key(&m.text)));
    let first = left.first()?;
    if kept.is_empty() {
        return None;
    }
    let shown: String = first.text.chars().take(20).collect();
    let more = if first.text.chars().count() > 20 {
        "…"
    } else {
        ""
    };
    Some(say!(
        "{}: 台账里少了已公开的 {} 条措施（如“{shown}{more}”）：公开过的措施不会删去，网站上照旧显示；确实写错了的，在这个文件里改正",
        "{}: the ledger leaves out {} published measure(s) (such as “{shown}{more}”): published measures are never removed, and the site keeps them; correct a wrong one in this file",
        folder.join(&problem.file).display(),
        left.len()
    ))
}

/// A measure as compared with those already published: a line whose
/// only change is its closing stop (。 for ；, or none) or a full-width
/// digit is the same measure, not a new one to publish beside it.
fn measure_key(text: &str) -> String {
    compact(&crate::model::reading::as_read(text))
        .trim_end_matches(['。', '；', ';', '，', ',', '.', '、', '！', '!'])
        .to_string()
}

/// The last full date a text states (2024年3月15日, 2024-03-15), if any.
fn stated_date(text: &str) -> Option<Date> {
    static DATE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = DATE.get_or_init(|| {
        regex::Regex::new(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
            .expect("a valid pattern")
    });
    re.captures_iter(text)
        .filter_map(|c| Date::parse(&format!("{}-{:0>2}-{:0>2}", &c[1], &c[2], &c[3])).ok())
        .last()
}

/// The day a sheet states its progress to: a cell reading 截至2024年3月31日,
/// 填报时间：2024年4月5日 or the like, above the header or below the last
/// problem (never inside a problem's own text).
pub(super) fn stated_as_of(
    sheet: &Sheet,
    header: &super::columns::Header,
    rows: &[Row],
) -> Option<Result<Date, Vec<String>>> {
    const LABELS: [&str; 6] = [
        "截至",
        "截止",
        "填报时间",
        "填报日期",
        "统计时间",
        "统计截止",
    ];
    // Above the data (a title row may be taken into a two-row header).
    let top = header.data_from;
    let bottom = rows
        .iter()
        .map(|r| r.line)
        .max()
        .map_or(sheet.rows.len(), |l| l + 1);
    let outside = sheet.rows[..top.min(sheet.rows.len())]
        .iter()
        .chain(sheet.rows.get(bottom..).unwrap_or(&[]));
    for row in outside {
        for cell in row {
            let text = cell.text();
            let compact = compact(&text);
            let Some(at) = LABELS.iter().filter_map(|l| compact.find(l)).min() else {
                continue;
            };
            if let Some(date) = stated_date(&compact[at..]).or_else(|| {
                // 截至2024年3月底: the month's last day.
                Date::read(
                    compact[at..]
                        .trim_start_matches(|c: char| !c.is_ascii_digit())
                        .split(|c: char| !(c.is_ascii_digit() || "年月日底末-/.".contains(c)))
                        .next()
                        .unwrap_or(""),
                )
                .ok()
            }) {
                return Some(Ok(date));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    /// A clerk who changes a measure's closing stop, or types a digit
    /// full-width, has not added a measure; a changed word has.
    #[test]
    fn a_measure_retyped_with_other_stops_is_the_same_measure() {
        let key = super::measure_key;
        assert_eq!(key("2.组织执法人员培训。"), key("2.组织执法人员培训；"));
        assert_eq!(key("2.组织执法人员培训。"), key("２.组织执法人员培训"));
        assert_eq!(key("完成 整改 。"), key("完成整改"));
        assert_ne!(key("2.组织执法人员培训。"), key("2.组织执法人员考试。"));
        assert_ne!(key("挽回损失5万元"), key("挽回损失6万元"));
    }
}
