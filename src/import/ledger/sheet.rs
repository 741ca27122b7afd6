//! A ledger file as a grid of cells: Excel (.xlsx, .xlsm, .xls), WPS or
//! LibreOffice (.ods) read with calamine, or CSV in UTF-8 or GBK. Merged
//! cells are kept as rectangles, so a value spanning rows is known to
//! cover them.

use calamine::{open_workbook_auto, Data, Reader, Sheets};
use std::path::Path;

/// One cell's value, as the importer needs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A spreadsheet date: days since 1899-12-30 (Excel's serial).
    Date(f64),
}

impl Cell {
    /// The cell as text, trimmed ("" when empty).
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => format!("{d}"),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// A sheet: its cells from the top-left of the file (row 0 is the file's
/// first row, so positions print as the spreadsheet shows them).
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    /// The file name as messages show it.
    pub file: String,
    /// The sheet's name; `None` for CSV.
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Merged rectangles: first row, first column, last row, last column.
    pub merged: Vec<(usize, usize, usize, usize)>,
}

impl Sheet {
    pub(crate) fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    /// Where a cell is, as people name it: `台账.xlsx:Sheet1!H12`, or
    /// `台账.csv:12:8` for CSV.
    pub(crate) fn at(&self, row: usize, col: usize) -> String {
        match &self.name {
            Some(name) => format!("{}:{name}!{}{}", self.file, column_name(col), row + 1),
            None => format!("{}:{}:{}", self.file, row + 1, col + 1),
        }
    }

    /// The merged rectangle that covers a cell, if any.
    pub(crate) fn merge_of(&self, row: usize, col: usize) -> Option<(usize, usize, usize, usize)> {
        self.merged
            .iter()
            .copied()
            .find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub(crate) fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// The 0-based column a name (`H`, `aa`) stands for.
pub(crate) fn column_index(name: &str) -> Option<usize> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut n = 0usize;
    for b in name.to_ascii_uppercase().bytes() {
        n = n.checked_mul(26)?.checked_add((b - b'A') as usize + 1)?;
    }
    Some(n - 1)
}

/// Reads the sheet named `wanted` (else the first) of a ledger file.
pub(crate) fn read(path: &Path, wanted: Option<&str>) -> Result<Sheet, String> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // A file that is not there is not a damaged spreadsheet.
    std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if extension == "csv" {
        if wanted.is_some() {
            return Err("--sheet: a CSV file has no sheets".into());
        }
        return read_csv(path, file);
    }
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(&e.to_string()))?;
    let names = book.sheet_names();
    let name = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| format!("no sheet named “{w}”; the sheets are {}", names.join(", ")))?,
        None => names.first().cloned().ok_or("the workbook has no sheets")?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| unreadable(&e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(cell));
        rows.push(cells);
    }
    let merged = merged_cells(&mut book, &name)
        .into_iter()
        .map(|d| {
            (
                d.start.0 as usize,
                d.start.1 as usize,
                d.end.0 as usize,
                d.end.1 as usize,
            )
        })
        .collect();
    Ok(Sheet {
        file,
        name: Some(name),
        rows,
        merged,
    })
}

/// What calamine's errors mean for staff.
fn unreadable(detail: &str) -> String {
    if detail.to_lowercase().contains("password") || detail.contains("encrypt") {
        "the workbook is password-protected; save an unprotected copy and import that".into()
    } else {
        format!("cannot read this file as a spreadsheet ({detail}); is it damaged, or not an Excel, WPS or LibreOffice file?")
    }
}

fn merged_cells(
    book: &mut Sheets<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Vec<calamine::Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        // LibreOffice's and Excel's binary-XML formats: no merge
        // information from calamine; a blank area cell still means "as
        // above" (see the importer).
        _ => Vec::new(),
    }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(d) => Cell::Date(d.as_f64()),
        Data::DateTimeIso(s) => Cell::Text(s.get(..10).unwrap_or(s).to_string()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// CSV: UTF-8 (with or without a BOM) or, failing that, GBK, as Excel
/// saves it on a Chinese Windows.
fn read_csv(path: &Path, file: String) -> Result<Sheet, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err("the file is neither UTF-8 nor GBK text".into());
            }
            text.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("cannot read the CSV: {e}"))?;
        rows.push(
            record
                .iter()
                .map(|c| match c.trim() {
                    "" => Cell::Empty,
                    t => Cell::Text(t.to_string()),
                })
                .collect(),
        );
    }
    Ok(Sheet {
        file,
        name: None,
        rows,
        merged: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        for (i, name) in [
            (0, "A"),
            (7, "H"),
            (25, "Z"),
            (26, "AA"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_name(i), name);
            assert_eq!(column_index(name), Some(i));
        }
        assert_eq!(column_index("h"), Some(7));
        assert_eq!(column_index("H1"), None);
    }
}
