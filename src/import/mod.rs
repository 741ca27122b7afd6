//! Import: turn a published rectification notice (plain text, as staff
//! copy it from the document or the web page) into a report folder with one
//! issue file per problem, ready for `check` and `build`.
//!
//! Cleaning ([`clean`]) → structure ([`parse`]) → facts in sentences
//! ([`extract`]) → statuses inferred here, marked as inferred in the files
//! → YAML written by hand so it stays readable.

pub mod clean;
pub mod extract;
mod files;
pub mod parse;

pub use files::yaml;
use files::{issue_file, report_file};

use crate::model::Date;
use parse::Notice;
use std::path::{Path, PathBuf};

/// What `zhenggai import` needs to know.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Portal root (the folder holding `content/`).
    pub root: PathBuf,
    pub notice: PathBuf,
    pub slug: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

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
    /// (line, message) for everything that needs a look.
    pub warnings: Vec<(usize, String)>,
}

/// Reads a notice's text. Pure: writes nothing.
pub fn import_text(text: &str, slug: Option<&str>) -> Imported {
    let (lines, header) = clean::clean(text);
    let mut notice = parse::parse(&lines, &header);
    let mut warnings = std::mem::take(&mut notice.warnings);
    let facts = ReportFacts::find(&notice, &mut warnings);
    let slug = slug
        .map(str::to_string)
        .unwrap_or_else(|| default_slug(&facts));

    let mut files = Vec::new();
    let mut per_area = Vec::new();
    let (mut measures, mut inferred_done, mut inferred_open) = (0, 0, 0);
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
                if issue.open {
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
        warnings.push((0, "the notice lists no problems (a round-level summary?): the report is imported with its declared figures only".into()));
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
        warnings,
    }
}

/// Runs `zhenggai import`; returns the exit code.
pub fn run(options: &ImportOptions) -> i32 {
    let bytes = match std::fs::read(&options.notice) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", options.notice.display());
            return 1;
        }
    };
    let text = match crate::load::frontmatter::decode(&bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            eprintln!(
                "{}:{}:{}: {}",
                options.notice.display(),
                e.line,
                e.column,
                e.message
            );
            return 1;
        }
    };
    let imported = import_text(&text, options.slug.as_deref());
    if let Some(slug) = &options.slug {
        if slug.is_empty()
            || !slug
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            eprintln!("error: --slug `{slug}` must use only ASCII letters, digits, - and _");
            return 2;
        }
    }
    let folder = options.root.join("content/reports").join(&imported.slug);
    if options.dry_run {
        for file in &imported.files {
            println!(
                "=== {} ===\n{}",
                folder.join(&file.path).display(),
                file.text
            );
        }
    } else {
        if folder.exists() && !options.force {
            eprintln!(
                "error: {} already exists; choose another --slug or pass --force to overwrite it",
                folder.display()
            );
            return 1;
        }
        for file in &imported.files {
            let path = folder.join(&file.path);
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| std::fs::write(&path, &file.text));
            if let Err(e) = written {
                eprintln!("error: cannot write {}: {e}", path.display());
                return 1;
            }
        }
    }
    print_summary(&imported, &options.notice, &folder, options.dry_run);
    0
}

fn print_summary(imported: &Imported, notice: &Path, folder: &Path, dry_run: bool) {
    let n = &imported.notice;
    let total: usize = imported.per_area.iter().sum();
    let verb = if dry_run { "would write" } else { "wrote" };
    println!(
        "{verb} {} ({} files): {}",
        folder.display(),
        imported.files.len(),
        n.title
    );
    let per_area: Vec<String> = imported.per_area.iter().map(|c| c.to_string()).collect();
    println!(
        "  {} areas, {} problems ({}), {} measures, {} regulations and documents",
        imported.per_area.len(),
        total,
        per_area.join(", "),
        imported.measures,
        imported.regulations
    );
    let c = &n.contact;
    let contact: Vec<&str> = [
        ("phone", &c.phone),
        ("address", &c.address),
        ("postcode", &c.postcode),
        ("email", &c.email),
    ]
    .iter()
    .filter(|(_, v)| v.is_some())
    .map(|(k, _)| *k)
    .collect();
    println!(
        "  contact: {}",
        if contact.is_empty() {
            "none found".to_string()
        } else {
            contact.join(", ")
        }
    );
    let s = &n.statistics;
    let declared: Vec<String> = [
        ("problems", s.problems),
        ("done", s.done),
        ("basically done", s.basically_done),
        ("in progress", s.in_progress),
        ("unfinished", s.unfinished),
    ]
    .iter()
    .filter_map(|(k, v)| v.map(|v| format!("{v} {k}")))
    .collect();
    println!(
        "  declared: {}; inferred from the text: {} done, {} in progress (marked `# inferred` in the files; check them)",
        if declared.is_empty() { "no figures".to_string() } else { declared.join(", ") },
        imported.inferred_done,
        imported.inferred_open
    );
    for (line, message) in &imported.warnings {
        println!(
            "{}:{}:1: warning: {message}",
            notice.display(),
            (*line).max(1)
        );
    }
}

/// Report-level facts found in the introduction.
pub(crate) struct ReportFacts {
    unit: String,
    team: String,
    start: Option<Date>,
    end: Option<Date>,
    feedback: Option<Date>,
    published: String,
    year: u16,
}

impl ReportFacts {
    fn find(notice: &Notice, warnings: &mut Vec<(usize, String)>) -> ReportFacts {
        let intro = notice.intro.join("\n");
        let grab = |pattern: &'static str, text: &str| {
            extract::regex(pattern)
                .captures(text)
                .map(|c| c[1].to_string())
        };
        let unit = grab(
            r"对(\S{2,40}?)(?:开展了|进行了|开展|进行)(?:常规|专项|提级|机动)?巡察",
            &intro,
        )
        .or_else(|| {
            grab(r"^(?:中共)?(.{2,40}?)(?:委员会)?关于", &notice.title).map(|u| format!("{u}党委"))
        })
        .unwrap_or_else(|| {
            warnings.push((
                0,
                "the inspected unit was not found; set `unit` in report.md".into(),
            ));
            "（请填写被巡察单位）".into()
        });
        let team = grab(r"((?:省委|市委|县委|区委|州委|旗委)?第[一二三四五六七八九十]+巡察组|(?:省委|市委|县委|区委)巡察组)", &intro).unwrap_or_else(|| {
            warnings.push((0, "the inspection team was not found; set `inspection.team` in report.md".into()));
            "（请填写巡察组）".into()
        });
        let period = extract::regex(
            r"(\d{4})年(\d{1,2})月(\d{1,2})日至(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日",
        )
        .captures(&intro);
        let (start, end) = match period {
            Some(c) => {
                let y1: u16 = c[1].parse().unwrap_or(0);
                let y2: u16 = c.get(4).and_then(|y| y.as_str().parse().ok()).unwrap_or(y1);
                (
                    Date::parse(&format!(
                        "{y1:04}-{:02}-{:02}",
                        c[2].parse::<u32>().unwrap_or(0),
                        c[3].parse::<u32>().unwrap_or(0)
                    ))
                    .ok(),
                    Date::parse(&format!(
                        "{y2:04}-{:02}-{:02}",
                        c[5].parse::<u32>().unwrap_or(0),
                        c[6].parse::<u32>().unwrap_or(0)
                    ))
                    .ok(),
                )
            }
            None => (None, None),
        };
        let feedback = intro
            .split(['。', '；'])
            .filter(|s| s.contains("反馈"))
            .find_map(|s| {
                extract::dates(s, start.map(|d| d.year))
                    .into_iter()
                    .find(|d| d.day.is_some())
            });
        let stated = notice.published.clone();
        let valid = stated
            .clone()
            .filter(|p| crate::model::DateTime::parse(p).is_ok());
        if let (Some(p), None) = (&stated, &valid) {
            warnings.push((
                0,
                format!(
                    "the publication date `{p}` is not a valid date; set `published` in report.md"
                ),
            ));
        }
        let published = valid.unwrap_or_else(|| {
            warnings.push((
                0,
                "no publication date found; set `published` in report.md".into(),
            ));
            feedback
                .or(end)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "2000-01-01".into())
        });
        let year = published
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(2000);
        if start.is_none() {
            warnings.push((
                0,
                "the inspection period was not found; set `inspection.start` and `inspection.end`"
                    .into(),
            ));
        }
        if feedback.is_none() {
            warnings.push((
                0,
                "the feedback date was not found; set `inspection.feedback`".into(),
            ));
        }
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
fn default_slug(facts: &ReportFacts) -> String {
    let mut hash: u32 = 2_166_136_261;
    for b in facts.unit.bytes() {
        hash = (hash ^ b as u32).wrapping_mul(16_777_619);
    }
    format!(
        "{}-{:06x}",
        facts.published.get(..10).unwrap_or("notice"),
        hash & 0xFF_FFFF
    )
}
