//! Open data: every problem as JSON (`data/issues.json`, described by
//! `data/issues.schema.json`) and as CSV (`data/issues.csv`), and every
//! regulation as CSV (`data/regulations.csv`). The CSV files start with a
//! UTF-8 byte-order mark, which is how Excel recognises Chinese text as
//! UTF-8; ids are stable across builds (`<report>/<issue>`, both the file
//! names staff chose).

use super::url;
use crate::derive::{Counts, IssueView, ReportView, SiteView};
use crate::model::Date;
use crate::output::OutputFile;
use serde::Serialize;
use std::sync::Arc;

/// The JSON Schema of `issues.json`, published beside it.
pub(crate) const SCHEMA: &str = include_str!("issues.schema.json");

/// Bumped when a field changes meaning or disappears.
pub(crate) const FORMAT_VERSION: u32 = 1;

/// Makes the open-data files one after another, handing each to `emit`
/// before making the next: at scale each is tens of megabytes. `parts`:
/// the index entries of split open data whose parts were made already,
/// report by report ([`part`]); only the index is left to make.
pub(crate) fn each(
    site: &SiteView,
    parts: Option<Vec<serde_json::Value>>,
    emit: &mut dyn FnMut(OutputFile),
) {
    emit(OutputFile {
        path: crate::output::DATA_ISSUES_SCHEMA.into(),
        bytes: SCHEMA.as_bytes().to_vec(),
    });
    if site.open_data_split {
        match parts {
            Some(parts) => emit(index(site, parts)),
            None => split(site, emit),
        }
    } else {
        emit(OutputFile {
            path: crate::output::DATA_ISSUES_JSON.into(),
            bytes: issues_json(site, &site.reports, &site.counts).into_bytes(),
        });
        emit(OutputFile {
            path: crate::output::DATA_ISSUES_CSV.into(),
            bytes: issues_csv(site, &site.reports),
        });
    }
    emit(OutputFile {
        path: crate::output::DATA_REGULATIONS_CSV.into(),
        bytes: regulations_csv(site),
    });
}

/// The open data of a large portal: each report's issues.json, .csv and
/// .xlsx (the same shapes as the portal-wide files, for that report), and
/// `data/index.json` listing every part with its size and SHA-256, so a
/// reader fetches what they need and can check what they fetched.
fn split(site: &SiteView, emit: &mut dyn FnMut(OutputFile)) {
    use rayon::prelude::*;
    let mut parts = Vec::with_capacity(site.reports.len());
    // Made on every core a few dozen reports at a time (the parts of a
    // million problems would not fit in memory at once), written in order.
    for chunk in site.reports.chunks(32) {
        let made: Vec<_> = chunk.par_iter().map(|r| part(site, r)).collect();
        for (files, listed) in made {
            files.into_iter().for_each(&mut *emit);
            parts.push(listed);
        }
    }
    emit(index(site, parts));
}

/// A report's part of split open data: its files, and its entry in the
/// index of parts.
pub(crate) fn part(
    site: &SiteView,
    report: &Arc<ReportView>,
) -> (Vec<OutputFile>, serde_json::Value) {
    let one = std::slice::from_ref(report);
    let files = [
        ("json", issues_json(site, one, &report.counts).into_bytes()),
        ("csv", issues_csv(site, one)),
        ("xlsx", super::xlsx::xlsx_bytes(site, one)),
    ];
    let mut listed = Vec::with_capacity(files.len());
    let files = files
        .into_iter()
        .map(|(extension, bytes)| {
            let path = crate::output::data_part(&report.slug, extension);
            listed.push(serde_json::json!({
                "path": path,
                "bytes": bytes.len(),
                "sha256": crate::model::sha256_hex(&bytes),
            }));
            OutputFile { path, bytes }
        })
        .collect();
    let entry = serde_json::json!({
        "report": report.slug,
        "title": report.title,
        "problems": report.issues.len(),
        "files": listed,
    });
    (files, entry)
}

/// `data/index.json`: every part of split open data, in report order.
pub(crate) fn index(site: &SiteView, parts: Vec<serde_json::Value>) -> OutputFile {
    let index = serde_json::json!({
        "format_version": FORMAT_VERSION,
        "portal": { "name": site.name, "publisher": site.publisher, "base_url": site.base_url },
        "problems": site.reports.iter().map(|r| r.issues.len()).sum::<usize>(),
        "parts": parts,
    });
    let mut text = serde_json::to_string_pretty(&index).expect("the index serialises");
    text.push('\n');
    OutputFile {
        path: crate::output::DATA_INDEX.into(),
        bytes: text.into_bytes(),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    portal: Portal<'a>,
    counts: CountsOut,
    reports: Vec<Report<'a>>,
    issues: Issues<'a>,
}

#[derive(Serialize)]
struct Portal<'a> {
    name: &'a str,
    publisher: &'a str,
    base_url: Option<&'a str>,
}

/// Counts without the drawing data the pages use.
#[derive(Serialize)]
struct CountsOut {
    total: usize,
    done: usize,
    basically_done: usize,
    in_progress: usize,
    not_done: usize,
    overdue: usize,
    due_soon: usize,
    revised: usize,
    long_term: usize,
}

impl From<&Counts> for CountsOut {
    fn from(c: &Counts) -> CountsOut {
        CountsOut {
            total: c.total,
            done: c.done,
            basically_done: c.basically_done,
            in_progress: c.in_progress,
            not_done: c.not_done,
            overdue: c.overdue,
            due_soon: c.due_soon,
            revised: c.revised,
            long_term: c.long_term,
        }
    }
}

#[derive(Serialize)]
struct Report<'a> {
    id: &'a str,
    title: &'a str,
    unit: &'a str,
    source: &'a str,
    published: &'a str,
    as_of: &'a str,
    follows: Option<&'a str>,
    url: String,
    counts: CountsOut,
    areas: Vec<Area<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<AttachmentOut<'a>>,
}

/// An attachment in open data: enough to fetch it and prove it unchanged.
#[derive(Serialize)]
struct AttachmentOut<'a> {
    title: &'a str,
    path: &'a str,
    url: String,
    #[serde(rename = "type")]
    kind: &'a str,
    bytes: usize,
    sha256: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

fn attachments_out<'a>(
    site: &SiteView,
    list: &'a [crate::derive::AttachmentView],
) -> Vec<AttachmentOut<'a>> {
    list.iter()
        .map(|a| AttachmentOut {
            title: &a.title,
            path: &a.path,
            url: url(site, &a.url),
            kind: a.kind,
            bytes: a.bytes,
            sha256: &a.sha256,
            width: a.width,
            height: a.height,
        })
        .collect()
}

#[derive(Serialize)]
struct Area<'a> {
    number: u32,
    title: &'a str,
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct Group<'a> {
    number: u32,
    title: &'a str,
}

#[derive(Serialize)]
struct Issue<'a> {
    id: String,
    report: &'a str,
    area: u32,
    group: u32,
    number: Option<u32>,
    place: &'a str,
    title: &'a str,
    status: &'a str,
    status_label: &'a str,
    long_term: bool,
    overdue: bool,
    days_overdue: Option<i64>,
    due_soon: bool,
    days_left: Option<i64>,
    deadline: Option<Date>,
    original_deadline: Option<Date>,
    deadline_changes: Vec<DeadlineChange<'a>>,
    history: Vec<StatusChange<'a>>,
    continues: Option<String>,
    continued_by: Option<String>,
    department: Option<&'a str>,
    accountability: Option<bool>,
    first_measure: Option<Date>,
    last_measure: Option<Date>,
    measures: Vec<Measure>,
    regulations: Vec<Regulation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<AttachmentOut<'a>>,
    url: String,
}

#[derive(Serialize)]
struct DeadlineChange<'a> {
    date: &'a str,
    deadline: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct StatusChange<'a> {
    date: &'a str,
    status: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Measure {
    date: Option<String>,
    text: Arc<str>,
}

#[derive(Serialize)]
struct Regulation<'a> {
    number: Option<&'a str>,
    title: &'a str,
    kind: &'a str,
}

/// The stable id of a problem in open data.
pub(crate) fn issue_id(report: &ReportView, issue: &IssueView) -> String {
    format!("{}/{}", report.slug, issue.slug)
}

fn issue_url(site: &SiteView, report: &ReportView, issue: &IssueView) -> String {
    url(site, &crate::output::issue_page(&report.slug, &issue.slug))
}

/// Every problem, serialised one at a time as the JSON is written: at
/// 100,000 problems a list of them all would be hundreds of megabytes.
struct Issues<'a>(&'a SiteView, &'a [Arc<ReportView>]);

impl Serialize for Issues<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        serializer.collect_seq(
            self.1
                .iter()
                .flat_map(|r| r.issues.iter().map(move |i| (&**r, i)))
                .map(|(r, i)| issue_row(site, r, i)),
        )
    }
}

fn issue_row<'a>(site: &SiteView, r: &'a ReportView, i: &'a IssueView) -> Issue<'a> {
    Issue {
        id: issue_id(r, i),
        report: &r.slug,
        area: i.area,
        group: i.group,
        number: i.number,
        place: &i.place,
        title: &i.title,
        status: i.status,
        status_label: i.status_label,
        long_term: i.long_term,
        overdue: i.overdue,
        days_overdue: i.days_overdue,
        due_soon: i.due_soon,
        days_left: i.days_left,
        deadline: i.deadline,
        original_deadline: i.original_deadline,
        deadline_changes: i
            .deadline_changes
            .iter()
            .map(|c| DeadlineChange {
                date: &c.date,
                deadline: &c.deadline,
                reason: &c.reason,
            })
            .collect(),
        history: i
            .history
            .iter()
            .map(|h| StatusChange {
                date: &h.date,
                status: h.status,
                note: h.note.as_deref(),
            })
            .collect(),
        continues: i
            .continues
            .as_ref()
            .map(|l| format!("{}/{}", l.report_slug, l.issue_slug)),
        continued_by: i
            .continued_by
            .as_ref()
            .map(|l| format!("{}/{}", l.report_slug, l.issue_slug)),
        department: i.department.as_deref(),
        accountability: i.accountability,
        first_measure: i.first_date,
        last_measure: i.last_date,
        measures: i
            .measures
            .read()
            .iter()
            .map(|m| Measure {
                date: m.date.map(|d| d.to_string()),
                text: m.text.clone(),
            })
            .collect(),
        regulations: i
            .regulations
            .iter()
            .map(|x| Regulation {
                number: x.number.as_deref(),
                title: &x.title,
                kind: x.kind,
            })
            .collect(),
        attachments: attachments_out(site, &i.attachments),
        url: issue_url(site, r, i),
    }
}

fn issues_json(site: &SiteView, reports: &[Arc<ReportView>], counts: &Counts) -> String {
    let listed = reports;
    let reports = listed
        .iter()
        .map(|r| Report {
            id: &r.slug,
            title: &r.title,
            unit: &r.unit,
            source: &r.source,
            published: &r.published,
            as_of: &r.as_of,
            follows: r.links.follows.as_ref().map(|f| f.slug.as_str()),
            url: url(site, &crate::output::report_page(&r.slug)),
            counts: (&r.counts).into(),
            areas: r
                .areas
                .iter()
                .map(|a| Area {
                    number: a.number,
                    title: &a.title,
                    groups: a
                        .groups
                        .iter()
                        .map(|g| Group {
                            number: g.number,
                            title: &g.title,
                        })
                        .collect(),
                })
                .collect(),
            attachments: attachments_out(site, &r.attachments),
        })
        .collect();
    let document = Document {
        format_version: FORMAT_VERSION,
        portal: Portal {
            name: &site.name,
            publisher: &site.publisher,
            base_url: site.base_url.as_deref(),
        },
        counts: counts.into(),
        reports,
        issues: Issues(site, listed),
    };
    // Compact: a tenth of the portal's output at scale; any JSON viewer
    // indents it.
    let mut json = serde_json::to_string(&document).expect("open data serialises");
    json.push('\n');
    json
}

/// A CSV writer into memory that Excel reads as UTF-8 (BOM, CRLF).
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{FEFF}".as_bytes().to_vec())
}

/// A cell as written: text that Excel would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
/// apostrophe, so a hostile title cannot compute in an analyst's sheet.
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Vec<u8> {
    writer.into_inner().expect("writing to memory cannot fail")
}

/// Column headers of `issues.csv`, Chinese for the readers who open it in
/// Excel; README lists what each holds.
pub(crate) const ISSUE_COLUMNS: [&str; 18] = [
    "编号",
    "通报",
    "领域",
    "问题类别",
    "序号",
    "问题",
    "整改状态",
    "整改时限",
    "原定时限",
    "时限调整次数",
    "状态变更次数",
    "接续问题",
    "后续问题",
    "首次措施日期",
    "最近措施日期",
    "制度文件文号",
    "链接",
    // Added after the others, so readers that go by position keep working.
    "责任单位",
];

fn issues_csv(site: &SiteView, reports: &[Arc<ReportView>]) -> Vec<u8> {
    let mut w = csv_writer();
    w.write_record(ISSUE_COLUMNS).expect("csv to memory");
    for r in reports {
        for i in &r.issues {
            let area = &r.areas[i.area as usize - 1];
            let group = &area.groups[i.group as usize - 1];
            let numbers: Vec<&str> = i
                .regulations
                .iter()
                .filter_map(|x| x.number.as_deref())
                .collect();
            let id = issue_id(r, i);
            let continues = i
                .continues
                .as_ref()
                .map(|l| format!("{}/{}", l.report_slug, l.issue_slug))
                .unwrap_or_default();
            let continued_by = i
                .continued_by
                .as_ref()
                .map(|l| format!("{}/{}", l.report_slug, l.issue_slug))
                .unwrap_or_default();
            let record = [
                id.as_str(),
                &r.title,
                &area.title,
                &group.title,
                &i.place,
                &i.title,
                i.status_label,
                &day(i.deadline),
                &day(i.original_deadline),
                &i.deadline_changes.len().to_string(),
                &i.history.len().to_string(),
                &continues,
                &continued_by,
                &day(i.first_date),
                &day(i.last_date),
                &numbers.join("；"),
                &issue_url(site, r, i),
                i.department.as_deref().unwrap_or(""),
            ];
            w.write_record(record.iter().map(|c| cell(c).into_owned()))
                .expect("csv to memory");
        }
    }
    finish(w)
}

/// Column headers of `regulations.csv`.
pub(crate) const REGULATION_COLUMNS: [&str; 6] = [
    "文号",
    "文件名称",
    "类别",
    "印发日期",
    "对应问题数",
    "对应问题编号",
];

/// A date as a CSV cell writes it: ISO, or nothing.
fn day(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

fn regulations_csv(site: &SiteView) -> Vec<u8> {
    let mut w = csv_writer();
    w.write_record(REGULATION_COLUMNS).expect("csv to memory");
    for x in &site.regulations {
        let cited: Vec<String> = x
            .citations
            .iter()
            .map(|c| format!("{}/{}", c.report_slug, c.issue_slug))
            .collect();
        let record = [
            x.number.as_deref().unwrap_or(""),
            &x.title,
            x.kind_label,
            x.issued.as_deref().unwrap_or(""),
            &cited.len().to_string(),
            &cited.join("；"),
        ];
        w.write_record(record.iter().map(|c| cell(c).into_owned()))
            .expect("csv to memory");
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formula_like_cells_are_defused() {
        assert_eq!(super::cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::cell("森林消防"), "森林消防");
    }
}
