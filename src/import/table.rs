//! A table of problems pasted from Word or WPS as text: cells separated by
//! tabs (or by runs of two or more spaces), a header row naming the
//! columns as ledgers do (序号 问题类别 存在问题 整改措施 整改时限 整改状态).
//! The table is unfolded into the label blocks the structure reader knows
//! (`问题N:` / `整改措施:` / `整改时限:` / `整改状态:`), a new area at each
//! new 问题类别, so that a table and a labelled list read the same way.
//! Columns of people and evidence (责任人, 佐证材料) are never unfolded.

use super::ledger::columns::{field_of, Field};

/// The cells of a line, if it is laid out as a table row: split at tabs,
/// or at runs of two or more spaces (ASCII, ideographic or no-break).
fn cells(line: &str) -> Vec<String> {
    let line = line.trim_end_matches(['\r', '\n']);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut spaces = 0usize;
    for c in line.chars() {
        let space = matches!(c, ' ' | '\u{3000}' | '\u{00A0}');
        if c == '\t' || (space && spaces >= 1) {
            if !cell.trim().is_empty() || c == '\t' {
                cells.push(cell.trim().to_string());
            }
            cell.clear();
            spaces = 0;
            continue;
        }
        if space {
            spaces += 1;
        } else {
            if spaces == 1 {
                cell.push(' ');
            }
            spaces = 0;
            cell.push(c);
        }
    }
    cells.push(cell.trim().to_string());
    cells
}

/// The header row's columns, if `line` is one: at least three cells, one
/// naming the problem and one its measures, progress or status.
fn header(line: &str) -> Option<Vec<Option<Field>>> {
    let cells = cells(line);
    if cells.len() < 3 {
        return None;
    }
    let fields: Vec<Option<Field>> = cells.iter().map(|c| field_of(c)).collect();
    let has = |f: Field| fields.contains(&Some(f));
    (has(Field::Title) && (has(Field::Measures) || has(Field::Progress) || has(Field::Status)))
        .then_some(fields)
}

/// A row's number cell (序号): digits or a Chinese numeral.
fn is_row_number(cell: &str) -> bool {
    let cell = cell.trim().trim_end_matches(['.', '、', '．']);
    !cell.is_empty()
        && cell.chars().count() <= 4
        && (cell
            .chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            || cell.chars().all(|c| "一二三四五六七八九十".contains(c)))
}

/// Rewrites the lines of a text: a table with a header row becomes label
/// blocks; every other line is kept. Each line keeps the number of the
/// line it came from, so that warnings point into the file as given.
pub(crate) fn unfold(lines: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let Some(at) = lines.iter().position(|(_, l)| header(l).is_some()) else {
        return lines;
    };
    let fields = header(&lines[at].1).expect("a header");
    let column = |f: Field| fields.iter().position(|x| *x == Some(f));
    // Rows: (line number, cells); a line that does not start a row
    // continues the previous row's last cell.
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut end = lines.len();
    for (i, (number, line)) in lines.iter().enumerate().skip(at + 1) {
        let row = cells(line);
        if line.trim().is_empty() {
            continue;
        }
        let numbered = column(Field::Number).is_some_and(|_| is_row_number(&row[0]));
        let starts_row = if column(Field::Number) == Some(0) {
            numbered
        } else {
            row.len() >= 2
        };
        if starts_row {
            rows.push((*number, row));
        } else if let Some((_, last)) = rows.last_mut() {
            if row.len() == 1 && !line.contains('\t') && last.len() >= fields.len() {
                // A paragraph after a complete row ends the table.
                if looks_like_prose_after_table(line) {
                    end = i;
                    break;
                }
            }
            let mut parts = row.into_iter();
            if let (Some(first), Some(cell)) = (parts.next(), last.last_mut()) {
                cell.push_str(&first);
            }
            last.extend(parts);
        } else {
            end = i;
            break;
        }
    }
    let mut out: Vec<(usize, String)> = lines[..at].to_vec();
    let mut area = String::new();
    let mut areas = 0;
    let cell = |row: &[String], f: Field| -> String {
        column(f)
            .and_then(|c| row.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    for (n, (number, row)) in rows.iter().enumerate() {
        let category = cell(row, Field::Area);
        // A merged 问题类别 cell is pasted once: empty below it.
        if !category.is_empty() && category != area {
            area = category;
            areas += 1;
            out.push((
                *number,
                format!("{}、{area}", crate::model::chinese_number(areas)),
            ));
        }
        out.push((
            *number,
            format!("问题{}:{}", n + 1, cell(row, Field::Title)),
        ));
        for (field, label) in [
            (Field::Measures, "整改措施"),
            (Field::Progress, "整改进展"),
            (Field::Deadline, "整改时限"),
            (Field::Status, "整改状态"),
            (Field::Department, "责任单位"),
        ] {
            let value = cell(row, field);
            if !value.is_empty() {
                out.push((*number, format!("{label}:{value}")));
            }
        }
    }
    out.extend(lines[end..].iter().cloned());
    out
}

/// A line after the table that reads as the notice's own text again
/// (下一步…, 欢迎…, a heading), not as a cell's second paragraph.
fn looks_like_prose_after_table(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("下一步")
        || t.starts_with("欢迎")
        || t.starts_with("联系电话")
        || super::text::marker(t).is_some_and(|(m, _, _)| m == super::text::Marker::Chinese)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(text: &str) -> Vec<(usize, String)> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_string()))
            .collect()
    }

    #[test]
    fn a_pasted_table_becomes_label_blocks() {
        let text = "通报\n序号\t问题类别\t存在问题\t整改措施\t整改时限\t整改状态\t责任人\n1\t党建方面\t学习不够\t一是加强学习。\t2023年6月底\t已完成\t张三\n2\t\t制度不全\t建立制度。\n并严格执行。\t\t整改中\t李四\n3\t财务方面\t报销不规范\t规范报销。\t\t已完成\t王五\n下一步，继续整改。\n";
        let out: Vec<String> = unfold(numbered(text)).into_iter().map(|l| l.1).collect();
        assert_eq!(
            out,
            vec![
                "通报",
                "一、党建方面",
                "问题1:学习不够",
                "整改措施:一是加强学习。",
                "整改时限:2023年6月底",
                "整改状态:已完成",
                "问题2:制度不全",
                "整改措施:建立制度。并严格执行。",
                "整改状态:整改中",
                "二、财务方面",
                "问题3:报销不规范",
                "整改措施:规范报销。",
                "整改状态:已完成",
                "下一步，继续整改。",
            ]
        );
    }

    #[test]
    fn cells_split_at_tabs_or_wide_spaces() {
        assert_eq!(
            cells("1  党建方面　　学习 不够"),
            vec!["1", "党建方面", "学习 不够"]
        );
        assert_eq!(cells("a\t\tb"), vec!["a", "", "b"]);
        assert!(header("序号 问题 措施").is_none());
        assert!(header("正文一段话").is_none());
    }
}
