//! Import: turn a published rectification notice (plain text, as staff
//! copy it from the document or the web page) into a report folder with one
//! issue file per problem, ready for `check` and `build`.
//!
//! Cleaning ([`clean`]) → structure ([`parse`]) → facts in sentences
//! ([`extract`]) → statuses inferred here, marked as inferred in the files
//! → YAML written by hand so it stays readable.

pub(crate) mod clean;
pub(crate) mod facts;
mod files;
pub mod follow;
mod labels;
mod layout;
pub mod ledger;
mod notice;

/// The readers import uses: [`crate::read`]'s, and a notice file's as a
/// whole (a PDF's text tidied of its print layout).
pub mod read {
    pub use super::notice::{pdf_notice, read_notice};
    pub use crate::read::*;
}
pub(crate) mod structure;
mod table;
pub(crate) mod text;
pub(crate) mod top;

use files::{issue_file, report_file};

use std::path::Path;
use structure::Notice;

/// One file to write, relative to the report folder.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub path: String,
    pub text: String,
}

/// The result of reading a notice.
#[derive(Debug, Clone)]
pub struct Imported {
    pub notice: Notice,
    /// The figures the notice declares about itself.
    pub statistics: facts::Statistics,
    /// The feedback contact it states.
    pub contact: facts::ContactFound,
    pub slug: String,
    pub files: Vec<PlannedFile>,
    /// Problems per area, for the summary.
    pub per_area: Vec<usize>,
    pub measures: usize,
    pub regulations: usize,
    pub inferred_done: usize,
    pub inferred_open: usize,
    /// Problems whose status the notice states (整改状态:…).
    pub stated: usize,
    /// Problems whose status nothing tells: left as a placeholder.
    pub unstated: usize,
    /// (line, message) for everything that needs a look.
    pub warnings: Vec<(usize, String)>,
    /// Where the problems found do not add up to the notice's own counts,
    /// in plain words: said first, since `check` refuses such a report.
    pub disagreements: Vec<String>,
    /// Each status inferred rather than stated, for staff to check.
    pub inferred: Vec<InferredStatus>,
}

/// A status the notice does not state, inferred from its words.
#[derive(Debug, Clone)]
pub struct InferredStatus {
    /// The issue file, relative to the report folder.
    pub file: String,
    /// Inferred as unfinished (整改中) rather than done.
    pub open: bool,
    /// The words (or the deadline) it was inferred from.
    pub from: String,
}

/// The notice's counts against what was found, in plain Chinese naming
/// both numbers and the levels the problems were read at.
fn count_disagreements(
    stated: &facts::Statistics,
    notice: &Notice,
    found: usize,
    open: usize,
    inferred: &[InferredStatus],
) -> Vec<String> {
    let mut said = Vec::new();
    let word = stated.problem_word.as_deref().unwrap_or("问题");
    if let Some(declared) = stated
        .problems
        .filter(|n| *n as usize != found && found > 0)
    {
        let per_area: Vec<String> = notice
            .areas
            .iter()
            .map(|a| {
                let n: usize = a
                    .groups
                    .iter()
                    .map(|g| {
                        let numbered = g.problems.iter().any(|p| p.number.is_some());
                        g.problems
                            .iter()
                            .filter(|p| !numbered || p.number.is_some())
                            .count()
                    })
                    .sum();
                n.to_string()
            })
            .collect();
        said.push(format!(
            "通报称{declared}个{word}，导入只找到{found}个（{}个方面各{}个）。导入是按这样的层次找问题的：{}。请对照通报检查：是否还有一层编号（如（1））下的才是问题，或问题被并进了别的问题的措施里；改正后重新导入（--force）。若通报本身的数字与所列不符，在 report.md 的 declared 下写 reasons: {{problems: 原因}}。在此之前 check 和 build 不会发布这份通报",
            per_area.len(),
            per_area.join("、"),
            notice.levels
        ));
    }
    let done = found - open;
    let guessed = inferred.len();
    for (declared, have, what) in [
        (stated.done, done, "已完成"),
        (stated.unfinished, open, "未完成"),
    ] {
        if let Some(declared) = declared.filter(|n| *n as usize != have && found > 0) {
            said.push(format!(
                "通报称{what}{declared}个，问题文件中为{have}个（{guessed}个状态是推断的，见下面的清单）。请按通报逐个改正 status，check 和 build 在此之前不会发布这份通报"
            ));
        }
    }
    said
}

/// Writes a report's files as one transaction: into a hidden folder
/// beside `folder` first, then swapped in. An import that fails or is
/// interrupted leaves the old report exactly as it was (and the next one
/// clears the half-written folder). A report replaced (`--force`) is moved
/// whole to `backups/<slug>-<time>/` under the portal `root`, never
/// deleted; its path is returned. The new folder holds only the new files,
/// so a problem withdrawn from a corrected notice is gone.
pub fn write_report(
    files: &[PlannedFile],
    folder: &Path,
    root: &Path,
) -> Result<Option<std::path::PathBuf>, String> {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| crate::say!("报告文件夹没有名字", "the report folder has no name"))?;
    let parent = folder.parent().ok_or_else(|| {
        crate::say!(
            "报告文件夹没有上级文件夹",
            "the report folder has no parent"
        )
    })?;
    let staging = parent.join(format!(".{name}.zhenggai-import"));
    let _ = std::fs::remove_dir_all(&staging);
    let written = files.iter().try_for_each(|file| {
        let path = staging.join(&file.path);
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, &file.text))
            .map_err(|e| crate::say!("无法写入 {}：{e}", "cannot write {}: {e}", path.display()))
    });
    if let Err(message) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(message);
    }
    let backup = if folder.exists() {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let (days, seconds) = (stamp / 86_400, stamp % 86_400);
        let (y, mo, d) = crate::model::civil_from_days(days as i64);
        let backup = root.join("backups").join(format!(
            "{name}-{y:04}{mo:02}{d:02}-{:02}{:02}{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        ));
        std::fs::create_dir_all(root.join("backups"))
            .and_then(|_| std::fs::rename(folder, &backup))
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&staging);
                crate::say!(
                    "无法把原来的报告 {} 移到备份：{e}；什么也没改",
                    "cannot move the old report {} aside: {e}; nothing was changed",
                    folder.display()
                )
            })?;
        Some(backup)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&staging, folder) {
        // Put the old report back: the portal is as it was.
        if let Some(b) = &backup {
            let _ = std::fs::rename(b, folder);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(crate::say!(
            "无法放入新报告：{e}；什么也没改",
            "cannot put the new report in place: {e}; nothing was changed"
        ));
    }
    Ok(backup)
}

/// Whether `text` announces an inspection (巡察公告, 进驻公告: the units
/// it visits, what letters and calls it takes) rather than reporting on
/// rectification. Such a text names its kind, or the range of letters and
/// calls it takes, which no rectification notice does.
fn announces_an_inspection(text: &str) -> bool {
    [
        "巡察公告",
        "巡视公告",
        "进驻公告",
        "信访举报受理范围",
        "受理信访举报范围",
    ]
    .iter()
    .any(|mark| text.contains(mark))
}

/// Reads a notice's text. Pure: writes nothing.
pub fn import_text(text: &str, slug: Option<&str>) -> Imported {
    let raw = clean::lines(text);
    let (top, start) = top::read(&raw);
    let lines = clean::join(raw.into_iter().skip(start).collect());
    let mut notice = structure::parse(&lines, &top);
    let mut warnings = std::mem::take(&mut notice.warnings);
    // A 巡察公告 picked by mistake lists the units to be inspected under
    // headings: read as a notice, they became problems "done".
    if announces_an_inspection(text) {
        notice.areas.clear();
        warnings.push((
            0,
            crate::say!(
                "这像是巡察公告（巡察开始时公布受理信访的范围和联系方式），不是整改情况通报：没有从中导入问题。请确认选对了文件，不对就删掉刚写入的报告文件夹",
                "this reads as an inspection's announcement (what letters and calls it takes, and where), not a rectification notice: no problems were imported from it; check the file, and delete the report folder just written if it is the wrong one"
            ),
        ));
    }
    let facts = facts::ReportFacts::find(&notice, &lines, &mut warnings);
    let slug = slug
        .map(str::to_string)
        .unwrap_or_else(|| default_slug(&facts, &notice));

    let mut files = Vec::new();
    let mut per_area = Vec::new();
    let (mut measures, mut inferred_done, mut inferred_open, mut stated) = (0, 0, 0, 0);
    let mut unstated = 0;
    let mut open_total = 0;
    let mut inferred = Vec::new();
    let mut regulation_titles = std::collections::BTreeSet::new();
    for (a, area) in notice.areas.iter().enumerate() {
        let mut count = 0;
        for (g, group) in area.groups.iter().enumerate() {
            let numbered = group.problems.iter().any(|p| p.number.is_some());
            for problem in &group.problems {
                if numbered && problem.number.is_none() {
                    warnings.push((
                        problem.line,
                        crate::say!(
                            "第 {} 个方面第 {} 类在第一个带编号的问题之前的文字没有导入",
                            "text under group {1} of area {0} before its first numbered problem was skipped",
                            a + 1,
                            g + 1
                        ),
                    ));
                    continue;
                }
                // A text cut off mid-list leaves a measure of a word or two.
                if let Some((line, m)) = problem
                    .measures
                    .last()
                    .filter(|(_, m)| m.chars().count() <= 4 && !m.ends_with(['。', '；', ';', '.']))
                {
                    warnings.push((
                        *line,
                        format!("措施“{m}”只有几个字，原文可能在这里被截断了：请对照原文补全"),
                    ));
                }
                if problem.measures.is_empty() {
                    warnings.push((
                        problem.line,
                        crate::say!(
                            "这个问题没找到整改措施：对照通报核对",
                            "no measures found for this problem"
                        ),
                    ));
                }
                let issue = issue_file(problem, (a + 1, g + 1), &facts);
                measures += problem.measures.len();
                regulation_titles.extend(issue.regulations.iter().map(|r| r.title.clone()));
                let inferred_from = issue.inferred_from.clone();
                if let Some((line, word)) = problem
                    .stated_status
                    .as_ref()
                    .filter(|_| inferred_from.is_some())
                {
                    warnings.push((
                        *line,
                        crate::say!(
                            "通报写的状态“{word}”不是 已完成、基本完成、整改中、未完成（或同义词）之一，状态改为推断的：请核对",
                            "the stated status “{word}” is none of 已完成, 基本完成, 整改中, 未完成 (or their synonyms); the status was inferred instead: check it"
                        ),
                    ));
                }
                match inferred_from {
                    None if issue.unstated => unstated += 1,
                    None => stated += 1,
                    Some(from) => {
                        if issue.open {
                            inferred_open += 1
                        } else {
                            inferred_done += 1
                        }
                        inferred.push(InferredStatus {
                            file: format!("issues/{}.md", issue.slug),
                            open: issue.open,
                            from,
                        });
                    }
                }
                if issue.open {
                    open_total += 1;
                }
                files.push(PlannedFile {
                    path: format!("issues/{}.md", issue.slug),
                    text: issue.text,
                });
                count += 1;
            }
        }
        per_area.push(count);
    }
    let found: usize = per_area.iter().sum();
    let disagreements =
        count_disagreements(&facts.statistics, &notice, found, open_total, &inferred);
    if found == 0 && facts.statistics.declared().is_empty() {
        warnings.push((
            0,
            crate::say!(
                "通报没有逐个列出问题，也没找到它公布的数字：只导入了通报的文字；页面上会说明没有逐个列出问题",
                "the notice lists no problems one by one and no figures were found: only its text is imported, and its page says it lists no problems"
            ),
        ));
    } else if found == 0 {
        warnings.push((
            0,
            crate::say!(
                "通报没有逐个列出问题：只导入了通报公布的数字，页面上会说明这一点",
                "the notice lists no problems one by one: the report is imported with its declared figures only, and its page says so"
            ),
        ));
    }
    // A 巡察进驻公告 or a news item picked by mistake: every notice of
    // rectification speaks of 整改.
    if !text.contains("整改") {
        warnings.push((
            0,
            crate::say!(
                "这份文件里没有“整改”二字，可能不是整改情况通报（如巡察进驻公告、新闻报道）：请确认选对了文件，不对就删掉刚写入的报告文件夹",
                "the file never says 整改 (rectification): it may not be a rectification notice (an inspection's arrival notice, a news item); check the file, and delete the report folder just written if it is the wrong one"
            ),
        ));
    }
    if notice.title.is_none() {
        warnings.push((
            0,
            crate::say!(
                "没找到通报标题：`title` 写的是占位文字，填好以前 check 不让发布",
                "the notice's title was not found: `title` holds a placeholder that `check` refuses until it is filled in"
            ),
        ));
    }
    if notice.source.is_none() {
        warnings.push((
            0,
            crate::say!(
                "通报没写信息来源（来源/发布机构）：`source` 写的是占位文字，填好以前 check 不让发布",
                "the notice does not state its source (来源/发布机构): `source` holds a placeholder that `check` refuses until it is filled in"
            ),
        ));
    }
    files.insert(
        0,
        PlannedFile {
            path: "report.md".into(),
            text: report_file(&notice, &facts),
        },
    );
    Imported {
        disagreements,
        inferred,
        notice,
        statistics: facts.statistics,
        contact: facts.contact,
        slug,
        files,
        per_area,
        measures,
        regulations: regulation_titles.len(),
        inferred_done,
        inferred_open,
        unstated,
        stated,
        warnings,
    }
}

/// `<publication date>-<short hash of the unit>`: ASCII, stable, and
/// distinct for two units publishing on one day.
fn default_slug(facts: &facts::ReportFacts, notice: &Notice) -> String {
    let named = facts
        .unit
        .as_deref()
        .or(notice.title.as_deref())
        .unwrap_or("");
    let hash = crate::model::fnv1a32(named.bytes().map(u32::from));
    format!(
        "{}-{:06x}",
        facts
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .unwrap_or("notice"),
        hash & 0xFF_FFFF
    )
}
