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
    /// The workbook's other sheets, for messages (an office keeping a
    /// sheet a month, the one read by default being the first).
    pub others: Vec<String>,
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
    // XFD (16,384 columns) is as far as a spreadsheet goes.
    (n <= 16_384).then(|| n - 1)
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
    // Excel's own lock file beside an open workbook (~$台账.xlsx) holds
    // no table: the clerk meant the workbook.
    if file.starts_with("~$") {
        return Err(crate::say!(
            "这是 Excel 或 WPS 打开表格时生成的临时文件（名字以 ~$ 开头），不是台账：在 Excel 里保存并关闭台账，再导入同一文件夹里名字不带 ~$ 的那个文件",
            "this is the lock file Excel or WPS makes while a workbook is open (its name starts with ~$), not the ledger: save and close the ledger in Excel, then import the file without ~$"
        ));
    }
    // A file that is not there is not a damaged spreadsheet.
    let mut opened = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => crate::say!(
            "找不到这个文件：看看文件名和所在的文件夹是否写对了",
            "no such file: check the name and the folder"
        ),
        std::io::ErrorKind::PermissionDenied => {
            crate::say!("没有权限读这个文件", "no permission to read this file")
        }
        _ => crate::say!("读不了这个文件：{e}", "cannot read the file: {e}"),
    })?;
    // What the file is, by its first bytes: a workbook renamed .xls, .csv
    // or .xlsx still opens in Excel and WPS, so it opens here too.
    let mut magic = [0u8; 4];
    let magic = match std::io::Read::read(&mut opened, &mut magic) {
        Ok(4) => magic,
        _ => [0; 4],
    };
    let zipped = magic == *b"PK\x03\x04";
    let compound = magic == [0xD0, 0xCF, 0x11, 0xE0];
    if extension == "csv" && !zipped && !compound {
        if wanted.is_some() {
            return Err(crate::say!(
                "--sheet：CSV 文件没有工作表，去掉 --sheet",
                "--sheet: a CSV file has no sheets"
            ));
        }
        return read_csv(path, file);
    }
    check_budget(path, &extension)?;
    let opened = std::panic::catch_unwind(|| {
        use calamine::{open_workbook, Xls, Xlsx};
        match (zipped, compound, extension.as_str()) {
            (true, _, "xls" | "csv" | "et" | "") => open_workbook::<Xlsx<_>, _>(path)
                .map(Sheets::Xlsx)
                .map_err(calamine::Error::Xlsx),
            (_, true, "csv" | "et" | "") => open_workbook::<Xls<_>, _>(path)
                .map(Sheets::Xls)
                .map_err(calamine::Error::Xls),
            // An encrypted workbook is a compound file too: as .xlsx it is
            // told as one; an old .xls renamed .xlsx is read as .xls.
            (_, true, "xlsx" | "xlsm") => {
                open_workbook_auto(path).or_else(|first| match says_encrypted(&first.to_string()) {
                    true => Err(first),
                    false => open_workbook::<Xls<_>, _>(path)
                        .map(Sheets::Xls)
                        .map_err(|_| first),
                })
            }
            _ => open_workbook_auto(path),
        }
    });
    let mut book = match opened {
        Ok(book) => book.map_err(|e| unreadable(&e.to_string()))?,
        Err(_) => {
            return Err(unreadable(&crate::say!(
                "文件结构损坏",
                "the file's structure is broken"
            )))
        }
    };
    let names = book.sheet_names();
    let name = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| {
                crate::say!(
                    "没有叫“{w}”的工作表；有这些：{}",
                    "no sheet named “{w}”; the sheets are {}",
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| crate::say!("工作簿里没有工作表", "the workbook has no sheets"))?,
    };
    let rows = match &mut book {
        // Cell by cell: a stray value at XFD1048576 is one cell, not a
        // dense sheet of seventeen billion.
        Sheets::Xlsx(x) => sparse_rows(x, &name)?,
        other => {
            let range = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                other.worksheet_range(&name)
            }))
            .map_err(|_| {
                unreadable(&crate::say!(
                    "文件结构损坏",
                    "the file's structure is broken"
                ))
            })?
            .map_err(|e| unreadable(&e.to_string()))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); top as usize];
            for row in range.rows() {
                let mut cells = vec![Cell::Empty; left as usize];
                cells.extend(row.iter().map(cell));
                rows.push(cells);
            }
            rows
        }
    };
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
    let others = names.iter().filter(|n| **n != name).cloned().collect();
    Ok(Sheet {
        file,
        name: Some(name),
        others,
        rows,
        merged,
    })
}

/// The most cells with a value a ledger may have.
const CELL_BUDGET: usize = 2_000_000;
/// What a spreadsheet's parts may inflate to, together.
const INFLATE_BUDGET: u64 = 256 << 20;

/// A zipped spreadsheet (.xlsx, .xlsm, .ods) is inflated once, against a
/// budget, before calamine reads it: a small file that inflates to
/// gigabytes is refused. A binary `.xls` must be a sound OLE container
/// (cfb checks its sector chains), so that no loop or count in it can
/// make the reader run or allocate without end.
fn check_budget(path: &Path, extension: &str) -> Result<(), String> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| crate::say!("读不了这个文件：{e}", "cannot read the file: {e}");
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() || meta.len() > 64 << 20 {
        return Err(crate::say!(
            "这不是 64 MB 以内的普通文件：台账要是电子表格文件",
            "not a regular file of at most 64 MB: a ledger is a spreadsheet file"
        ));
    }
    let damaged = || {
        unreadable(&crate::say!(
            "文件有一部分损坏",
            "a part of the file is damaged"
        ))
    };
    let mut head = [0u8; 4];
    let _ = (&file).read(&mut head);
    if head == *b"PK\x03\x04" {
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(&file))
            .map_err(|e| unreadable(&e.to_string()))?;
        let mut total = 0u64;
        for i in 0..zip.len() {
            let Ok(entry) = zip.by_index(i) else {
                return Err(damaged());
            };
            total += std::io::copy(&mut entry.take(INFLATE_BUDGET + 1), &mut std::io::sink())
                .map_err(|_| damaged())?;
            if total > INFLATE_BUDGET {
                return Err(crate::say!(
                    "这个表格解压后超过 {} MB：没有这么大的台账（文件损坏或有问题）",
                    "the spreadsheet's contents inflate past {} MB: no ledger is that large (a damaged or hostile file)",
                    INFLATE_BUDGET >> 20
                ));
            }
        }
    } else if head == [0xD0, 0xCF, 0x11, 0xE0] || extension == "xls" {
        let sound =
            std::panic::catch_unwind(|| cfb::CompoundFile::open(&file).is_ok()).unwrap_or(false);
        if !sound {
            return Err(unreadable(&crate::say!(
                "它的 OLE 容器损坏",
                "its OLE container is broken"
            )));
        }
    }
    Ok(())
}

/// An .xlsx sheet's cells as rows, read one by one, within the budget.
fn sparse_rows(
    book: &mut calamine::Xlsx<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Result<Vec<Vec<Cell>>, String> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| unreadable(&e.to_string()))?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut count = 0usize;
    while let Some(found) = reader.next_cell().map_err(|e| unreadable(&e.to_string()))? {
        let value = cell(&Data::from(found.get_value().clone()));
        if value == Cell::Empty {
            continue;
        }
        count += 1;
        if count > CELL_BUDGET {
            return Err(crate::say!(
                "这个工作表填了超过 {CELL_BUDGET} 个单元格：没有这么大的台账",
                "the sheet has more than {CELL_BUDGET} filled cells: no ledger is that large"
            ));
        }
        let (row, col) = found.get_position();
        let (row, col) = (row as usize, col as usize);
        if rows.len() <= row {
            rows.resize(row + 1, Vec::new());
        }
        let cells = &mut rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = value;
    }
    Ok(rows)
}

/// What calamine's errors mean for staff.
/// Whether a reader's error says the workbook is encrypted.
fn says_encrypted(detail: &str) -> bool {
    let detail = detail.to_lowercase();
    detail.contains("password") || detail.contains("encrypt")
}

fn unreadable(detail: &str) -> String {
    if says_encrypted(detail) {
        crate::say!(
            "工作簿设了密码：另存一份不加密的再导入",
            "the workbook is password-protected; save an unprotected copy and import that"
        )
    } else {
        crate::say!(
            "读不出表格（{detail}）：文件是否损坏，或者不是 Excel、WPS、LibreOffice 的表格？",
            "cannot read this file as a spreadsheet ({detail}); is it damaged, or not an Excel, WPS or LibreOffice file?"
        )
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
    let bytes =
        crate::load::read_regular(path, 64 << 20, &crate::say!("台账文件", "ledger files"))?;
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(crate::say!(
                    "这个文件既不是 UTF-8 也不是 GBK 编码的文本",
                    "the file is neither UTF-8 nor GBK text"
                ));
            }
            text.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut widest = 0usize;
    for record in reader.records() {
        let record =
            record.map_err(|e| crate::say!("读不了这个 CSV：{e}", "cannot read the CSV: {e}"))?;
        // An unbalanced quote swallows the rows after it into one cell:
        // a cell holding lines that are themselves rows says so.
        let line = record.position().map_or(0, |p| p.line());
        let row_like = |cell: &str| {
            widest >= 3
                && cell.lines().count() > 2
                && cell
                    .lines()
                    .filter(|l| l.matches(',').count() + 1 >= widest)
                    .count()
                    >= 2
        };
        if let Some(col) = record.iter().position(row_like) {
            return Err(crate::say!(
                "{file}:{line}:{}: 这个单元格里的引号（\"）没有配对，后面的行都被读成了一个单元格：补上或删掉这个引号",
                "{file}:{line}:{}: a quote (\") opened in this cell is never closed, so the rows after it were read as one cell; close or remove the quote",
                col + 1
            ));
        }
        widest = widest.max(record.len());
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
        others: Vec::new(),
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
        assert_eq!(column_index("XFD"), Some(16_383));
        assert_eq!(column_index("XFE"), None);
        assert_eq!(column_index("ZZZZZZ"), None);
    }
}
