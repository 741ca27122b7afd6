//! Import a rectification ledger (整改台账): a spreadsheet with one row per
//! problem, as staff keep it in Excel or WPS, into a report folder.
//!
//! [`sheet`] reads the file into cells → [`columns`] finds the header and
//! what each column holds → rows become problems here (an area or a
//! problem merged over several rows applies to each; rows under a problem
//! that carry only measures add to it) → [`values`] reads statuses and
//! deadlines → the report and issue files are written as a notice's are,
//! with a （请填写…） placeholder for whatever the ledger does not say.
//! Names of people (责任领导, 责任人) and evidence (佐证材料) stay out.
//! Every error names its cell, and any error means nothing is written.

pub(crate) mod columns;
mod edit;
pub(crate) mod sheet;
pub mod update;
pub(crate) mod values;

use super::facts::ReportFacts;
use super::structure::{AreaFound, GroupFound, Notice};
use super::PlannedFile;
use crate::model::{chinese_number, yaml_scalar as yaml, Status, PLACEHOLDER};
use columns::{Field, Header};
use sheet::{Cell, Sheet};
use std::fmt::Write as _;
use std::path::Path;
use values::Deadline;

/// How to read a ledger.
#[derive(Debug, Default, Clone)]
pub struct LedgerOptions<'a> {
    /// The sheet to read (else the first).
    pub sheet: Option<&'a str>,
    /// `title=C,status=H,…`: columns named outright.
    pub columns: Option<&'a str>,
}

/// A ledger read, ready to write.
#[derive(Debug, Clone)]
pub struct LedgerImport {
    pub files: Vec<PlannedFile>,
    /// Per column used: its letter, its header and what it was read as.
    pub columns: Vec<(String, String, &'static str)>,
    /// Headers of columns left out because they name people or evidence.
    pub internal: Vec<String>,
    /// Columns with a header and data that no field reads (`H 目前进展`).
    pub unread: Vec<String>,
    /// Problems per area: title and count.
    pub areas: Vec<(String, usize)>,
    /// The sheet and the row the data starts on, for the summary.
    pub sheet: String,
}

/// One problem as the ledger gives it.
#[derive(Debug, Clone)]
struct Row {
    line: usize,
    area: Option<String>,
    group: Option<String>,
    /// A notice's numbering in 序号 (一（三）2): group and number.
    place: Option<(u32, Option<u32>)>,
    title: String,
    status: Option<(Status, bool)>,
    deadline: Deadline,
    deadline_at: String,
    measures: Vec<(Option<String>, String)>,
    department: Option<String>,
    /// 问题标识 (`report/file`), where the ledger carries it.
    key: Option<String>,
    /// Why the deadline moved (时限调整原因), where given.
    reason: Option<String>,
    /// The progress cell as written: an update dates a status change by it.
    progress: String,
    /// The title's cell, for messages.
    title_at: String,
    /// The status cell, when the sheet has a status column and it is
    /// blank: an update may not restate last month's status as current.
    blank_status_at: Option<String>,
}

/// Reads a ledger. Pure: writes nothing. Errors are `place: message`
/// lines, every one found.
pub fn import_ledger(path: &Path, options: &LedgerOptions) -> Result<LedgerImport, Vec<String>> {
    let (sheet, header, rows) = read_ledger(path, options)?;
    let (notice, placed) = structure(&rows);
    // The day the sheet states its progress to (截至…), as an update reads it.
    let facts = ReportFacts {
        as_of: update::stated_as_of(&sheet, &header, &rows).and_then(Result::ok),
        ..ReportFacts::default()
    };
    let mut files = vec![PlannedFile {
        path: "report.md".into(),
        text: super::files::report_file(&notice, &facts),
    }];
    for (row, (a, g, n)) in rows.iter().zip(&placed) {
        files.push(issue_file(row, *a, *g, *n));
    }
    let columns = header
        .columns
        .iter()
        .enumerate()
        .filter_map(|(c, f)| {
            f.as_ref()
                .map(|(f, h)| (sheet::column_name(c), h.clone(), f.key()))
        })
        .filter(|(_, _, key)| *key != "internal")
        .collect();
    let internal = header
        .columns
        .iter()
        .flatten()
        .filter(|(f, _)| *f == Field::Internal)
        .map(|(_, h)| h.clone())
        .collect();
    let areas = notice
        .areas
        .iter()
        .map(|a| {
            (
                a.title.clone(),
                a.groups.iter().map(|g| g.problems.len()).sum(),
            )
        })
        .collect();
    Ok(LedgerImport {
        unread: unread_columns(&sheet, &header),
        files,
        columns,
        internal,
        areas,
        sheet: sheet.name.clone().unwrap_or_default(),
    })
}

/// A ledger's sheet, its header and its problem rows, every bad cell
/// reported at once.
fn read_ledger(
    path: &Path,
    options: &LedgerOptions,
) -> Result<(Sheet, Header, Vec<Row>), Vec<String>> {
    let shown = path.display().to_string();
    let sheet = sheet::read(path, options.sheet).map_err(|e| vec![format!("{shown}: {e}")])?;
    let found = columns::find_header(&sheet);
    let header = match options.columns {
        Some(spec) => columns::apply_overrides(&sheet, found, spec),
        None => found.ok_or_else(|| {
            crate::say!(
                "没找到表头：前几行里没有“问题”（问题表现、具体问题……）这样的列名和另一个认识的列名；用 --columns title=C,status=H,… 直接指定各列",
                "no header row found: none of the first rows names a problem column (问题, 问题表现, 具体问题…) and another known column; name them with --columns title=C,status=H,…"
            )
        }),
    }
    .map_err(|e| vec![format!("{}: {e}", sheet.at_file())])?;
    let mut errors = Vec::new();
    let mut rows = read_rows(&sheet, &header, &mut errors);
    settle_month_only_deadlines(&mut rows, &mut errors);
    if rows.is_empty() && errors.is_empty() {
        errors.push(crate::say!(
            "{}: 表头（第 {} 行）下面没有问题",
            "{}: no problems under the header (row {})",
            sheet.at_file(),
            header.rows[0] + 1
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((sheet, header, rows))
}

impl Sheet {
    /// The file (and sheet) as a place for errors about the whole sheet.
    fn at_file(&self) -> String {
        match &self.name {
            Some(name) => format!("{}:{name}", self.file),
            None => self.file.clone(),
        }
    }
}

/// The columns a clerk filled in that nothing reads: a header no field
/// knows (目前进展 for 整改进展) over data. Told, so no text is dropped
/// unseen: `--columns progress=H` reads it.
pub(crate) fn unread_columns(sheet: &Sheet, header: &Header) -> Vec<String> {
    let width = (header.data_from..sheet.rows.len())
        .chain(header.rows.iter().copied())
        .map(|r| sheet.rows.get(r).map_or(0, Vec::len))
        .max()
        .unwrap_or(0);
    (0..width)
        .filter(|&c| header.columns.get(c).is_none_or(Option::is_none))
        .filter_map(|c| {
            let name = header
                .rows
                .iter()
                .rev()
                .map(|&r| sheet.cell(r, c).text())
                .find(|t| !t.is_empty())?;
            let filled = (header.data_from..sheet.rows.len()).any(|r| !sheet.cell(r, c).is_empty());
            filled.then(|| format!("{} {name}", sheet::column_name(c)))
        })
        .collect()
}

/// The data rows as problems, reporting each bad cell.
fn read_rows(sheet: &Sheet, header: &Header, errors: &mut Vec<String>) -> Vec<Row> {
    let col = |f: Field| header.column(f);
    let title_col = col(Field::Title).expect("a header has a problem column");
    // Text read as measures may stand in more than one column (整改进展
    // and 整改成效): each is read, a line each, none dropped.
    let text = |r: usize, f: Field| match f {
        Field::Measures | Field::Progress => header
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.as_ref().is_some_and(|(field, _)| *field == f))
            .map(|(c, _)| sheet.cell(r, c).text())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => col(f).map(|c| sheet.cell(r, c).text()).unwrap_or_default(),
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut area: Option<String> = None;
    let mut group: Option<String> = None;
    for r in header.data_from..sheet.rows.len() {
        if sheet.rows[r].iter().all(Cell::is_empty) {
            continue;
        }
        let title = text(r, Field::Title);
        let number = text(r, Field::Number);
        // A heading row across the table: 一、党的建设方面.
        let filled: Vec<String> = sheet.rows[r]
            .iter()
            .filter(|c| !c.is_empty())
            .map(Cell::text)
            .collect();
        if filled.len() == 1 && section_heading(&filled[0]).is_some() && number == filled[0] {
            area = section_heading(&filled[0]);
            continue;
        }
        // 合计/小计 rows and the sheet's sign-off (填表人：…) are no problems.
        if is_tally_or_sign_off(&filled) {
            continue;
        }
        // A blank area (or group) cell under a filled one means the same:
        // merged cells leave all but the first blank.
        if let Some(a) = Some(text(r, Field::Area)).filter(|a| !a.is_empty()) {
            area = Some(section_heading(&a).unwrap_or(a));
            group = None;
        }
        if let Some(g) = Some(text(r, Field::Group)).filter(|g| !g.is_empty()) {
            group = Some(g);
        }
        let mut progress = text(r, Field::Progress);
        let mut status_text = text(r, Field::Status);
        // 完成情况 often holds just the status word: then it is the status.
        if status_text.is_empty() && values::status(&progress).is_ok() {
            status_text = std::mem::take(&mut progress);
        }
        let measures = measures_of(&text(r, Field::Measures), &progress);
        let deadline_cell = col(Field::Deadline).map_or(Cell::Empty, |c| sheet.cell(r, c).clone());
        let under_merged_title = sheet
            .merge_of(r, title_col)
            .is_some_and(|(top, _, _, _)| top < r);
        if title.is_empty() {
            let nothing_else =
                number.is_empty() && status_text.is_empty() && deadline_cell.is_empty();
            match rows.last_mut() {
                Some(last) if under_merged_title || nothing_else => {
                    last.measures.extend(measures);
                }
                _ if measures.is_empty() && nothing_else => {}
                _ => errors.push(crate::say!(
                    "{}: 这一行有别的内容，但“{}”列是空的：补上问题，或者删掉这一行",
                    "{}: a problem row without a problem: the {} column is empty",
                    sheet.at(r, title_col),
                    header.columns[title_col]
                        .as_ref()
                        .map_or("问题", |c| c.1.as_str())
                )),
            }
            continue;
        }
        let status = match status_text.as_str() {
            "" => None,
            word => match values::status(word) {
                Ok(s) => Some(s),
                Err(e) => {
                    errors.push(format!(
                        "{}: {e}",
                        sheet.at(r, col(Field::Status).unwrap_or(0))
                    ));
                    None
                }
            },
        };
        let blank_status_at = col(Field::Status)
            .filter(|_| status_text.is_empty())
            .map(|c| sheet.at(r, c));
        let deadline_at = sheet.at(r, col(Field::Deadline).unwrap_or(0));
        let deadline = values::deadline(&deadline_cell).unwrap_or_else(|e| {
            errors.push(format!("{deadline_at}: {e}"));
            Deadline::None
        });
        let department = Some(text(r, Field::Department)).filter(|d| !d.is_empty());
        let key = Some(text(r, Field::Key)).filter(|k| !k.is_empty());
        let reason = Some(text(r, Field::Reason)).filter(|k| !k.is_empty());
        rows.push(Row {
            blank_status_at,
            key,
            reason,
            progress: text(r, Field::Progress),
            title_at: sheet.at(r, title_col),
            line: r,
            area: area.clone(),
            group: group.clone(),
            place: notice_place(&number),
            title: title.replace('\n', ""),
            status,
            deadline,
            deadline_at,
            measures,
            department,
        });
    }
    rows
}

/// A row that totals the rows above it (合计, 小计：8个问题, 总计5项) or
/// signs the sheet off or notes something under it (填表人：, 审核人：,
/// 填报日期：, 备注：…): its first filled cell says so, in whichever column.
fn is_tally_or_sign_off(filled: &[String]) -> bool {
    let Some(first) = filled.first() else {
        return false;
    };
    let compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    let tally = ["合计", "小计", "总计", "共计", "累计", "总数"]
        .iter()
        .any(|word| {
            compact.strip_prefix(word).is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with([':', '：', '（', '('])
                    || rest.starts_with(|c: char| c.is_ascii_digit())
            })
        });
    if tally {
        return true;
    }
    [
        "备注",
        "说明",
        "注",
        "填表人",
        "填报人",
        "审核人",
        "制表人",
        "负责人",
        "联系人",
        "填报日期",
        "填表日期",
        "制表日期",
        "填报单位",
        "审核",
        "签发",
    ]
    .iter()
    .any(|label| {
        compact
            .strip_prefix(label)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '：']))
    })
}

/// 一、党的建设方面 → 党的建设方面; `None` when the text is not numbered so.
fn section_heading(text: &str) -> Option<String> {
    let (head, rest) = text.split_once('、')?;
    (!head.is_empty() && head.chars().all(|c| "一二三四五六七八九十".contains(c)))
        .then(|| rest.trim().to_string())
}

/// A notice's numbering as 序号 may hold it: 一（三）2 → group 3, number 2;
/// 一（一） → group 1, the group itself the problem.
fn notice_place(text: &str) -> Option<(u32, Option<u32>)> {
    let (_, rest) = text.split_once('（')?;
    let (group, number) = rest.split_once('）')?;
    let group = (1..=99).find(|&n| chinese_number(n) == group)?;
    let number = number.trim_end_matches('.');
    match number {
        "" => Some((group, None)),
        n => n.parse().ok().map(|n| (group, Some(n))),
    }
}

/// The measures of a row: each line of the measures cell, then each of
/// the progress cell; a line starting with a date (2023-04-20 …) is dated.
fn measures_of(measures: &str, progress: &str) -> Vec<(Option<String>, String)> {
    [measures, progress]
        .iter()
        .flat_map(|cell| cell.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match leading_date(line) {
            Some((date, rest)) => (Some(date), rest.to_string()),
            None => (None, line.to_string()),
        })
        .collect()
}

/// A measure line that starts with its date — `2023-04-20 …`, `2023-04 …`
/// or `2024年1月20日 …`, `2024年1月 …` — as (ISO date, the rest), so the
/// date is the measure's and not repeated in its text.
fn leading_date(line: &str) -> Option<(String, &str)> {
    static DATE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = DATE.get_or_init(|| {
        // ISO (as zhenggai's own export writes it, a year alone too) before
        // a space; a Chinese date before a space or a pause.
        regex::Regex::new(
            r"^(?:(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s+|(\d{4}年\d{1,2}月(?:\d{1,2}日)?)(?:[，,：:、\s]+|$))",
        )
        .expect("a valid pattern")
    });
    let found = re.captures(line)?;
    let rest = line[found.get(0)?.end()..].trim();
    if rest.is_empty() {
        return None;
    }
    let written = found.get(1).or_else(|| found.get(2))?.as_str();
    let date = crate::model::Date::read(written).ok()?;
    Some((date.to_string(), rest))
}

/// 12月底前 has no year: it takes the one most of the ledger's other
/// deadlines have. With no other deadline, it is an error.
fn settle_month_only_deadlines(rows: &mut [Row], errors: &mut Vec<String>) {
    let mut years = std::collections::BTreeMap::<String, usize>::new();
    for row in rows.iter() {
        if let Deadline::Date(d) = &row.deadline {
            *years.entry(d[..4].to_string()).or_default() += 1;
        }
    }
    let year = years
        .iter()
        .max_by_key(|(y, n)| (**n, std::cmp::Reverse(*y)))
        .map(|(y, _)| y.clone());
    for row in rows.iter_mut() {
        if let Deadline::MonthOnly(month) = row.deadline {
            match &year {
                Some(y) => row.deadline = Deadline::Date(format!("{y}-{month:02}")),
                None => errors.push(crate::say!(
                    "{}: “{month}月”没有年份，台账里也没有别的时限写了年份：写上年份，如 2024年{month}月",
                    "{}: “{month}月” has no year, and no other deadline in the ledger gives one: write the year",
                    row.deadline_at
                )),
            }
        }
    }
}

/// Areas and groups from the rows, and each row's (area, group, number):
/// - with a group column (分项), consecutive rows of the same group form
///   it, numbered in order unless 序号 gives a notice's numbering;
/// - else with a notice's numbering in 序号 (一（三）2), its group number
///   forms them (a numbered group's title is not in the ledger: a
///   placeholder);
/// - else each problem is a group of its own, as a notice writes a
///   problem that has no sub-problems.
fn structure(rows: &[Row]) -> (Notice, Vec<(usize, usize, Option<u32>)>) {
    let mut areas: Vec<AreaFound> = Vec::new();
    let mut placed: Vec<(usize, usize, Option<u32>)> = Vec::new();
    let mut previous: Option<&Row> = None;
    for row in rows {
        let same_area = previous.is_some_and(|p| p.area == row.area);
        if !same_area {
            let title = row
                .area
                .clone()
                .unwrap_or_else(|| format!("{PLACEHOLDER}方面：台账未分方面）"));
            areas.push(AreaFound {
                title,
                line: row.line,
                ..AreaFound::default()
            });
        }
        let area = areas.last_mut().expect("pushed above");
        let same_group = same_area
            && previous.is_some_and(|p| match (&row.group, row.place) {
                (Some(g), _) => p.group.as_ref() == Some(g),
                (None, Some((g, Some(_)))) => p.place.is_some_and(|(pg, _)| pg == g),
                _ => false,
            });
        if !same_group {
            let title = match (&row.group, row.place) {
                (Some(g), _) => g.clone(),
                (None, Some((_, Some(_)))) => format!("{PLACEHOLDER}问题分组标题：台账未写）"),
                _ => row.title.clone(),
            };
            area.groups.push(GroupFound {
                title,
                line: row.line,
                problems: Vec::new(),
            });
        }
        let group = area.groups.last_mut().expect("pushed above");
        group.problems.push(Default::default());
        let number = match (row.place, &row.group) {
            (Some((_, n)), _) => n,
            (None, Some(_)) => Some(group.problems.len() as u32),
            (None, None) => None,
        };
        placed.push((areas.len(), area_groups(&areas), number));
        previous = Some(row);
    }
    // The only problem of a group named as itself is the group.
    for (row, place) in rows.iter().zip(placed.iter_mut()) {
        let group = &areas[place.0 - 1].groups[place.1 - 1];
        if group.problems.len() == 1 && group.title == row.title && row.place.is_none() {
            place.2 = None;
        }
    }
    let notice = Notice {
        areas,
        ..Notice::default()
    };
    (notice, placed)
}

fn area_groups(areas: &[AreaFound]) -> usize {
    areas.last().map_or(0, |a| a.groups.len())
}

/// One problem's issue file.
fn issue_file(row: &Row, area: usize, group: usize, number: Option<u32>) -> PlannedFile {
    let slug = match number {
        Some(n) => format!("{area}-{group}-{n}"),
        None => format!("{area}-{group}"),
    };
    let mut y = String::from("---\n");
    let _ = writeln!(y, "area: {area}\ngroup: {group}");
    if let Some(n) = number {
        let _ = writeln!(y, "number: {n}");
    }
    let _ = writeln!(y, "title: {}", yaml(&row.title));
    match row.status {
        Some((status, _)) => {
            let _ = writeln!(y, "status: {}", status.key());
        }
        None => {
            let _ = writeln!(y, "status: {PLACEHOLDER}整改状态：台账未填写）");
        }
    }
    let long_term = row.status.is_some_and(|(_, l)| l) || row.deadline == Deadline::LongTerm;
    if long_term {
        let _ = writeln!(y, "long_term: true");
    }
    if let Deadline::Date(d) = &row.deadline {
        let _ = writeln!(y, "deadline: {d}");
    }
    if let Some(d) = &row.department {
        let _ = writeln!(y, "department: {}", yaml(d));
    }
    if !row.measures.is_empty() {
        let _ = writeln!(y, "measures:");
        for (date, text) in &row.measures {
            match date {
                Some(d) => {
                    let _ = writeln!(y, "  - date: {d}\n    text: {}", yaml(text));
                }
                None => {
                    let _ = writeln!(y, "  - text: {}", yaml(text));
                }
            }
        }
    }
    y.push_str("---\n");
    PlannedFile {
        path: format!("issues/{slug}.md"),
        text: y,
    }
}

#[cfg(test)]
mod tests {
    /// Rows under the table that total it or note something are no
    /// problems, in whichever column they start; a problem is one.
    #[test]
    fn tallies_and_notes_under_the_table_are_no_problems() {
        let row = |cells: &[&str]| -> Vec<String> { cells.iter().map(|c| c.to_string()).collect() };
        for skipped in [
            row(&["合计"]),
            row(&["合计：8个问题，已完成5个"]),
            row(&["小计 3"]),
            row(&["总计（个）", "8"]),
            row(&["备注：本表由办公室填报"]),
            row(&["注：整改时限以文件为准"]),
            row(&["填表人：张三"]),
        ] {
            assert!(super::is_tally_or_sign_off(&skipped), "{skipped:?}");
        }
        for problem in [
            row(&["1", "合计资金使用不规范", "已完成"]),
            row(&["合计资金使用不规范"]),
            row(&["注意力不集中，学习走过场"]),
            row(&["说明会制度未落实"]),
        ] {
            assert!(!super::is_tally_or_sign_off(&problem), "{problem:?}");
        }
    }

    #[test]
    fn a_measure_that_starts_with_its_date_takes_it() {
        let read = |line| super::leading_date(line).map(|(d, rest)| (d, rest.to_string()));
        assert_eq!(
            read("2023-05-10 开展排查"),
            Some(("2023-05-10".into(), "开展排查".into()))
        );
        assert_eq!(
            read("2023 严格控制总量"),
            Some(("2023".into(), "严格控制总量".into()))
        );
        assert_eq!(
            read("2024年1月20日 重新调查"),
            Some(("2024-01-20".into(), "重新调查".into()))
        );
        assert_eq!(
            read("2024年7月1日，制定办法"),
            Some(("2024-07-01".into(), "制定办法".into()))
        );
        // A year that is the text's own first word is no date.
        assert_eq!(read("2023年全市减少59家"), None);
        assert_eq!(read("2023，全市减少59家"), None);
    }
}
