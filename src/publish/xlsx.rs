//! `data/issues.xlsx`: every problem as a spreadsheet, the form in which
//! staff keep and report a rectification ledger (整改台账). One sheet, a
//! header row that stays in view, filters on, dates as dates. Its columns
//! are ones `zhenggai import` reads back (see `import::ledger`), so the
//! file can be edited and imported again.

use crate::derive::{IssueView, ReportView, SiteView};
use crate::output::{self, OutputFile};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// The columns: header and width (in characters).
pub(crate) const COLUMNS: [(&str, f64); 12] = [
    ("通报", 36.0),
    ("方面", 30.0),
    ("分项", 30.0),
    ("序号", 10.0),
    ("问题", 50.0),
    ("整改状态", 10.0),
    ("整改时限", 12.0),
    ("整改措施", 60.0),
    ("最新整改措施", 40.0),
    ("责任单位", 20.0),
    ("链接", 40.0),
    // `report/file`: by it `import --update` finds each row's problem.
    ("问题标识", 24.0),
];

/// The workbook's bytes. The same site gives the same bytes: the document
/// date is the newest report's, never the time of the build.
pub(crate) fn issues_xlsx(site: &SiteView) -> OutputFile {
    let bytes = workbook(site, &site.reports).expect("an in-memory workbook of valid cells");
    OutputFile {
        path: output::DATA_ISSUES_XLSX.into(),
        bytes,
    }
}

/// The workbook of some reports (one report's part of split open data).
pub(crate) fn xlsx_bytes(site: &SiteView, reports: &[std::sync::Arc<ReportView>]) -> Vec<u8> {
    workbook(site, reports).expect("an in-memory workbook of valid cells")
}

fn workbook(site: &SiteView, reports: &[std::sync::Arc<ReportView>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Light compression: the default level took several times as long
    // (a 10,000-problem file is 2.4 MB instead of 1.4 MB).
    book.set_zip_compression_level(1);
    let created = site
        .reports
        .iter()
        .map(|r| r.published_date.as_str())
        .max()
        .and_then(|day| crate::model::Date::parse(day).ok())
        .and_then(excel_date)
        .unwrap_or(ExcelDateTime::from_ymd(2000, 1, 1)?);
    book.set_properties(
        &DocProperties::new()
            .set_title("整改问题台账")
            .set_author(&site.publisher)
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("整改问题")?;
    for (c, (name, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    let mut row = 0u32;
    'rows: for report in reports {
        for issue in &report.issues {
            row += 1;
            if row == EXCEL_ROWS - 1 {
                // A sheet holds 1,048,576 rows: say where the rest is.
                sheet.write_string(
                    row,
                    4,
                    "……超出 Excel 的行数上限，其余问题见同目录的 issues.csv 和 issues.json",
                )?;
                break 'rows;
            }
            let cells = text_cells(site, report, issue);
            for (c, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string_with_format(
                        row,
                        c as u16,
                        cell_text(text).as_ref(),
                        &wrap,
                    )?;
                }
            }
            match issue.deadline.and_then(excel_date) {
                Some(day) => {
                    sheet.write_datetime_with_format(row, 6, &day, &date)?;
                }
                None if issue.long_term => {
                    sheet.write_string(row, 6, "长期坚持")?;
                }
                None => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row, COLUMNS.len() as u16 - 1)?;
    book.save_to_buffer()
}

/// The text columns of a problem's row (the deadline, a date, is written
/// apart). Measures are one a line, a dated one starting with its date.
fn text_cells(site: &SiteView, report: &ReportView, issue: &IssueView) -> [String; 12] {
    let area = &report.areas[issue.area as usize - 1];
    let group = &area.groups[issue.group as usize - 1];
    let read = issue.measures.read();
    let measures: Vec<String> = read
        .iter()
        .map(|m| match &m.date {
            Some(date) => format!("{date} {}", m.text),
            None => m.text.to_string(),
        })
        .collect();
    let link = output::issue_page(&report.slug, &issue.slug);
    [
        report.title.clone(),
        area.title.clone(),
        group.title.clone(),
        issue.place.clone(),
        issue.title.clone(),
        issue.status_label.to_string(),
        String::new(),
        measures.join("\n"),
        read.last().map(|m| m.text.to_string()).unwrap_or_default(),
        issue.department.clone().unwrap_or_default(),
        match &site.base_url {
            Some(base) => format!("{base}{link}"),
            None => link,
        },
        format!("{}/{}", report.slug, issue.slug),
    ]
}

/// `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`: the last day, as deadlines mean)
/// as a spreadsheet date.
fn excel_date(date: crate::model::Date) -> Option<ExcelDateTime> {
    let (year, month, day) = date.last_day();
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// The rows an Excel sheet holds.
const EXCEL_ROWS: u32 = 1_048_576;

/// The most characters an Excel cell holds.
const CELL_LIMIT: usize = 32_767;

/// A cell's text within Excel's limit: a longer one (a pasted document in
/// a title) is cut with a note pointing to the page, which has it whole.
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= CELL_LIMIT {
        return std::borrow::Cow::Borrowed(text);
    }
    const NOTE: &str = "……（超出 Excel 单元格上限，全文见问题页面和 issues.json）";
    let kept: String = text
        .chars()
        .take(CELL_LIMIT - NOTE.chars().count())
        .collect();
    std::borrow::Cow::Owned(kept + NOTE)
}
