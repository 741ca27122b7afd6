//! Import: turn a published rectification notice (plain text, as staff
//! copy it from the document or the web page) into a report folder with one
//! issue file per problem, ready for `check` and `build`.
//!
//! Cleaning ([`clean`]) → structure ([`parse`]) → facts in sentences
//! ([`extract`]) → statuses inferred here, marked as inferred in the files
//! → YAML written by hand so it stays readable.

pub(crate) mod clean;
pub(crate) mod extract;
mod files;
pub mod follow;
pub mod ledger;
pub(crate) mod parse;
pub mod read;
pub(crate) mod top;

use files::{issue_file, report_file};

use crate::model::Date;
use parse::Notice;
use std::path::Path;

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
    /// (line, message) for everything that needs a look.
    pub warnings: Vec<(usize, String)>,
}

/// Writes an import's files into `folder` (the report's folder).
pub fn write_files(imported: &Imported, folder: &Path) -> Result<(), String> {
    for file in &imported.files {
        let path = folder.join(&file.path);
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, &file.text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Reads a notice's text. Pure: writes nothing.
pub fn import_text(text: &str, slug: Option<&str>) -> Imported {
    let (lines, top) = clean::clean(text);
    let mut notice = parse::parse(&lines, &top);
    let mut warnings = std::mem::take(&mut notice.warnings);
    let facts = ReportFacts::find(&notice, &mut warnings);
    let slug = slug
        .map(str::to_string)
        .unwrap_or_else(|| default_slug(&facts, &notice));

    let mut files = Vec::new();
    let mut per_area = Vec::new();
    let (mut measures, mut inferred_done, mut inferred_open, mut stated) = (0, 0, 0, 0);
    let mut regulation_titles = std::collections::BTreeSet::new();
    for (a, area) in notice.areas.iter().enumerate() {
        let mut count = 0;
        for (g, group) in area.groups.iter().enumerate() {
            let numbered = group.problems.iter().any(|p| p.number.is_some());
            for problem in &group.problems {
                if numbered && problem.number.is_none() {
                    warnings.push((problem.line, format!("text under group {} of area {} before its first numbered problem was skipped", g + 1, a + 1)));
                    continue;
                }
                if problem.measures.is_empty() {
                    warnings.push((
                        problem.line,
                        "no measures found for this problem".to_string(),
                    ));
                }
                let issue = issue_file(problem, (a + 1, g + 1), &facts);
                measures += problem.measures.len();
                regulation_titles.extend(issue.regulations.iter().map(|r| r.title.clone()));
                if let Some((line, word)) = problem.stated_status.as_ref().filter(|_| !issue.stated)
                {
                    warnings.push((*line, format!("the stated status “{word}” is none of 已完成, 基本完成, 整改中, 未完成 (or their synonyms); the status was inferred instead: check it")));
                }
                if issue.stated {
                    stated += 1;
                } else if issue.open {
                    inferred_open += 1
                } else {
                    inferred_done += 1
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
    if per_area.iter().sum::<usize>() == 0 {
        warnings.push((0, "the notice lists no problems one by one: the report is imported with its declared figures only, and its page says so".into()));
    }
    if notice.title.is_none() {
        warnings.push((
            0,
            "the notice's title was not found: `title` holds a placeholder that `check` refuses until it is filled in".into(),
        ));
    }
    if notice.source.is_none() {
        warnings.push((
            0,
            "the notice does not state its source (来源/发布机构): `source` holds a placeholder that `check` refuses until it is filled in".into(),
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
        notice,
        slug,
        files,
        per_area,
        measures,
        regulations: regulation_titles.len(),
        inferred_done,
        inferred_open,
        stated,
        warnings,
    }
}

/// Report-level facts found in the introduction; `None` where the notice
/// does not state them (the files then carry a placeholder).
#[derive(Default)]
pub(crate) struct ReportFacts {
    unit: Option<String>,
    team: Option<String>,
    start: Option<Date>,
    end: Option<Date>,
    feedback: Option<Date>,
    /// `YYYY-MM-DD[ HH:MM[:SS]]`.
    published: Option<String>,
    /// The year measures' dates without one are read in.
    year: Option<u16>,
}

/// The inspected unit in the phrasings notices use: 对X进行了巡察,
/// 对X开展了为期45天的政治巡察, 对X开展了巡视“回头看”, 巡察组进驻X.
fn inspected_unit(intro: &str) -> Option<String> {
    let patterns: [&'static str; 2] = [
        r"对([^，,。；;:“”]{2,60}?)(?:开展了|进行了|开展|进行|实施了|实施)(?:了)?(?:为期[^，,。；;]{1,12}?的)?(?:常规|专项|提级|机动|政治|交叉|联动|延伸|巡察“回头看”|巡视“回头看”|[^，,。；;]{0,6}?)?(?:巡察|巡视)",
        r"(?:巡察组|巡视组)(?:进驻|入驻)([^，,。；;:、]{2,40}?)(?:开展|进行)",
    ];
    let mut units: Vec<String> = Vec::new();
    for p in patterns {
        for c in extract::regex(p).captures_iter(intro) {
            let u = c[1].trim().to_string();
            if !units.contains(&u) {
                units.push(u);
            }
        }
    }
    // A round that inspected several units names no one unit.
    let [unit] = units.as_slice() else {
        return None;
    };
    let unit = unit.clone();
    // 我单位, 我局: the notice speaking of itself names nothing; nor does
    // a count (对8个单位开展了巡察).
    let counted = extract::regex(r"^\d+(?:个|家|名)").is_match(&unit);
    (!unit.starts_with('我') && !unit.starts_with('本') && !counted).then_some(unit)
}

/// The team: 市委第三巡察组, 省委第二巡视组, 市委巡视一组, 区委巡察组.
fn inspection_team(intro: &str) -> Option<String> {
    extract::regex(
        r"((?:十[一二三四五六七八九]?届)?(?:中央|省委|市委|州委|盟委|地委|县委|区委|旗委|市|县|区|镇委|工委)(?:第[一二三四五六七八九十]+轮)?(?:第[一二三四五六七八九十]+(?:巡察|巡视)(?:组|工作组)|(?:巡察|巡视)[一二三四五六七八九十]+组|(?:巡察|巡视)组))",
    )
    .captures(intro)
    .map(|c| c[1].to_string())
}

impl ReportFacts {
    fn find(notice: &Notice, warnings: &mut Vec<(usize, String)>) -> ReportFacts {
        let intro = notice.intro.join("\n");
        let mut missing = |what: &str, key: &str| {
            warnings.push((
                0,
                format!("the notice does not state {what}: `{key}` holds a placeholder that `check` refuses until it is filled in"),
            ));
        };
        let unit = inspected_unit(&intro);
        if unit.is_none() {
            missing("the inspected unit", "unit");
        }
        let team = inspection_team(&intro);
        if team.is_none() {
            missing("the inspection team", "inspection.team");
        }
        let period = extract::regex(
            r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?\s*(?:至|到|—|－|-|~|～)\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日",
        )
        .captures(&intro);
        let (start, end) = match &period {
            Some(c) => {
                let y1: u16 = c[1].parse().unwrap_or(0);
                let y2: u16 = c.get(4).and_then(|y| y.as_str().parse().ok()).unwrap_or(y1);
                let day = |y: u16, m: &str, d: &str| {
                    Date::parse(&format!(
                        "{y:04}-{:02}-{:02}",
                        m.parse::<u32>().unwrap_or(0),
                        d.parse::<u32>().unwrap_or(0)
                    ))
                    .ok()
                };
                (day(y1, &c[2], &c[3]), day(y2, &c[5], &c[6]))
            }
            None => (None, None),
        };
        if start.is_none() {
            missing("the inspection period", "inspection.start");
        }
        let period_text = period.as_ref().map(|c| c[0].to_string());
        let feedback = intro
            .split(['。', '；', ';'])
            .filter(|s| s.contains("反馈"))
            .find_map(|s| {
                // The inspection period's own dates are not the feedback's.
                let s = match &period_text {
                    Some(p) => s.replace(p.as_str(), ""),
                    None => s.to_string(),
                };
                let sentence = s.rsplit_once("反馈").map_or(s.as_str(), |(head, _)| head);
                // The date closest before 反馈 is when it happened.
                extract::dates(sentence, end.or(start).map(|d| d.year))
                    .into_iter()
                    .rfind(|d| d.day.is_some())
            });
        if feedback.is_none() {
            missing("the feedback date", "inspection.feedback");
        }
        let stated = notice.published.clone().or_else(|| notice.signed.clone());
        let published = stated
            .clone()
            .filter(|p| crate::model::DateTime::parse(p).is_ok());
        if let (Some(p), None) = (&stated, &published) {
            warnings.push((
                0,
                format!(
                    "the publication date `{p}` is not a valid date; set `published` in report.md"
                ),
            ));
        } else if published.is_none() {
            missing("its publication date", "published");
        }
        let year = published
            .as_deref()
            .and_then(|p| p.get(..4)?.parse().ok())
            .or(feedback.map(|d| d.year));
        ReportFacts {
            unit,
            team,
            start,
            end,
            feedback,
            published,
            year,
        }
    }
}

/// `<publication date>-<short hash of the unit>`: ASCII, stable, and
/// distinct for two units publishing on one day.
fn default_slug(facts: &ReportFacts, notice: &Notice) -> String {
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
