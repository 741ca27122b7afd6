//! Which column of a ledger holds what: the header row found wherever it
//! is (title rows, notes and blank rows above it; a second header row
//! under a merged parent such as 整改情况), columns recognised by the
//! Chinese headers real ledgers use, and `--columns` to say it outright.

use super::sheet::{column_index, Sheet};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// 序号: a plain count, or a notice's numbering (一（三）2).
    Number,
    /// 问题类别, 方面: the area of the problem.
    Area,
    /// 分项: the group inside the area (zhenggai's own export).
    Group,
    Title,
    Measures,
    /// 整改进展, 完成情况: what has been done so far, also a measure.
    Progress,
    Department,
    Deadline,
    Status,
    /// 时限调整原因: why a deadline moved (for `import --update`).
    Reason,
    /// 问题标识: the problem's id, `report/file` (zhenggai's own export), by
    /// which `import --update` finds the problem a row is about.
    Key,
    /// A person's name or internal evidence: never imported.
    Internal,
    /// Read and dropped: notes, the link and the latest measure of
    /// zhenggai's own export (a copy of the last measure), the report.
    Ignored,
}

impl Field {
    /// The name `--columns` uses.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Area => "area",
            Field::Group => "group",
            Field::Title => "title",
            Field::Measures => "measures",
            Field::Progress => "progress",
            Field::Department => "department",
            Field::Deadline => "deadline",
            Field::Status => "status",
            Field::Reason => "reason",
            Field::Key => "key",
            Field::Internal => "internal",
            Field::Ignored => "ignore",
        }
    }

    /// The name `--columns` gives the field in Chinese, as its help lists it.
    pub(crate) fn chinese(self) -> &'static str {
        match self {
            Field::Number => "序号",
            Field::Area => "方面",
            Field::Group => "类别",
            Field::Title => "问题",
            Field::Measures => "措施",
            Field::Progress => "进展",
            Field::Department => "责任单位",
            Field::Deadline => "时限",
            Field::Status => "状态",
            Field::Reason => "时限调整原因",
            Field::Key => "问题标识",
            Field::Internal => "内部",
            Field::Ignored => "不用",
        }
    }
}

/// Headers as ledgers write them, compared without spaces, line breaks
/// and a bracketed remark (整改时限（截止日期）).
const HEADERS: &[(Field, &[&str])] = &[
    (Field::Number, &["序号", "编号", "问题序号", "问题编号"]),
    (
        Field::Area,
        &[
            "问题类别",
            "方面",
            "问题方面",
            "类别",
            "问题类型",
            "问题分类",
            "反馈问题类别",
            "巡察反馈问题类别",
            "巡视反馈问题类别",
            "领域",
            "板块",
        ],
    ),
    (Field::Group, &["分项", "问题分项", "子项"]),
    (
        Field::Title,
        &[
            "问题",
            "问题表现",
            "具体问题",
            "问题描述",
            "存在问题",
            "存在的问题",
            "反馈问题",
            "问题内容",
            "巡察反馈问题",
            "巡视反馈问题",
            "问题清单",
            "主要问题",
            "具体表现",
            "整改任务",
            "任务内容",
        ],
    ),
    (
        Field::Measures,
        &["整改措施", "整改举措", "措施", "具体措施", "整改措施及要求"],
    ),
    (
        Field::Progress,
        &[
            "整改进展",
            "完成情况",
            "整改情况",
            "进展情况",
            "落实情况",
            "整改落实情况",
            "整改完成情况",
            "整改成效",
            "工作进展",
        ],
    ),
    (
        Field::Department,
        &[
            "责任单位",
            "牵头部门",
            "责任部门",
            "牵头单位",
            "责任科室",
            "责任处室",
            "牵头科室",
            "责任主体",
            "主责单位",
            "牵头责任单位",
        ],
    ),
    (
        Field::Deadline,
        &[
            "整改时限",
            "完成时限",
            "时限",
            "整改期限",
            "完成时间",
            "整改时间",
            "时限要求",
        ],
    ),
    (
        Field::Status,
        &[
            "整改状态",
            "完成状态",
            "状态",
            "是否完成",
            "是否销号",
            "整改结果",
            "销号情况",
        ],
    ),
    (
        Field::Reason,
        &[
            "时限调整原因",
            "调整原因",
            "延期原因",
            "延期说明",
            "调整理由",
            "延期理由",
            "时限调整说明",
        ],
    ),
    (Field::Key, &["问题标识", "标识", "问题ID", "ID", "id"]),
    (
        Field::Internal,
        &[
            "责任领导",
            "牵头领导",
            "分管领导",
            "责任人",
            "具体责任人",
            "联系人",
            "经办人",
            "佐证材料",
            "证明材料",
            "佐证资料",
            "联系电话",
        ],
    ),
    // 配合单位 helps; the unit responsible is another column.
    (
        Field::Ignored,
        &[
            "备注",
            "链接",
            "最新整改措施",
            "通报",
            "配合单位",
            "配合部门",
            "整改目标",
        ],
    ),
];

/// A header cell's text as compared: no whitespace, no bracketed remark,
/// no trailing colon.
fn normalized(header: &str) -> String {
    let mut text: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let (Some(a), Some(b)) = (text.find(open), text.rfind(close)) {
            if a > 0 && b > a {
                text.replace_range(a..b + close.len_utf8(), "");
            }
        }
    }
    text.trim_end_matches(['：', ':']).to_string()
}

/// The field a header names, if it is one ledgers use. 整改 in front of a
/// header changes nothing (整改责任单位, 整改完成时限, 整改责任人).
pub(crate) fn field_of(header: &str) -> Option<Field> {
    let text = normalized(header);
    let lookup = |text: &str| {
        HEADERS
            .iter()
            .find(|(_, names)| names.contains(&text))
            .map(|(field, _)| *field)
    };
    lookup(&text).or_else(|| lookup(text.strip_prefix("整改")?))
}

/// The header found: the rows it spans and what each column holds.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The first row of data.
    pub data_from: usize,
    /// The header's own rows (one or two).
    pub rows: Vec<usize>,
    /// Per column: its field and its header text.
    pub columns: Vec<Option<(Field, String)>>,
}

impl Header {
    pub(crate) fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.as_ref().is_some_and(|(f, _)| *f == field))
    }
}

/// Rows searched for the header.
const HEADER_SEARCH: usize = 30;

/// Finds the header: the row (or pair of rows) whose cells name the most
/// known columns, a problem column among them.
pub(crate) fn find_header(sheet: &Sheet) -> Option<Header> {
    let width = |r: usize| sheet.rows.get(r).map_or(0, Vec::len);
    let mut best: Option<(usize, Header)> = None;
    for top in 0..sheet.rows.len().min(HEADER_SEARCH) {
        for rows in [vec![top], vec![top, top + 1]] {
            if rows.iter().any(|&r| r >= sheet.rows.len()) {
                continue;
            }
            let cols = rows.iter().map(|&r| width(r)).max().unwrap_or(0);
            let columns: Vec<Option<(Field, String)>> = (0..cols)
                .map(|c| {
                    // The lower row names the column where it can (整改措施
                    // under a merged 整改情况); else the upper row does.
                    rows.iter().rev().find_map(|&r| {
                        let text = sheet.cell(r, c).text();
                        field_of(&text).map(|f| (f, text))
                    })
                })
                .collect();
            let header = Header {
                data_from: rows[rows.len() - 1] + 1,
                rows,
                columns,
            };
            let mut fields: Vec<Field> = header.columns.iter().flatten().map(|c| c.0).collect();
            fields.sort_by_key(|f| f.key());
            fields.dedup();
            let score = fields.len();
            // A second row must add columns, not merely repeat the first.
            let better = best.as_ref().is_none_or(|(s, _)| score > *s);
            if fields.contains(&Field::Title) && score >= 2 && better {
                best = Some((score, header));
            }
        }
    }
    best.map(|(_, header)| header)
}

/// Applies `--columns title=C,status=H,…` to a header (or makes one when
/// none was found, with data from the row after the first non-empty one).
pub(crate) fn apply_overrides(
    sheet: &Sheet,
    header: Option<Header>,
    spec: &str,
) -> Result<Header, String> {
    let mut header = header.unwrap_or_else(|| {
        let first = sheet
            .rows
            .iter()
            .position(|r| r.iter().any(|c| !c.is_empty()))
            .unwrap_or(0);
        Header {
            data_from: first + 1,
            rows: vec![first],
            columns: Vec::new(),
        }
    });
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, col) = part.split_once('=').ok_or_else(|| {
            crate::say!(
                "--columns：“{part}”要写成 字段=列，如 title=C",
                "--columns: “{part}” is not FIELD=COLUMN (e.g. title=C)"
            )
        })?;
        // By its English key or the Chinese name the help gives it (进展),
        // or any header that names it (整改进展).
        let key = key.trim();
        let field = all_fields()
            .into_iter()
            .find(|f| f.key() == key || f.chinese() == key)
            .or_else(|| field_of(key))
            .ok_or_else(|| {
                let keys: Vec<&str> = all_fields().iter().map(|f| f.key()).collect();
                crate::say!(
                    "--columns：不认识的字段“{key}”；可用的字段：{}",
                    "--columns: unknown field “{key}”; fields are {}",
                    keys.join(", ")
                )
            })?;
        let index = column_index(col.trim()).ok_or_else(|| {
            crate::say!(
                "--columns：“{col}”不是列号（A、B、……、AA）",
                "--columns: “{col}” is not a column letter (A, B, … AA)"
            )
        })?;
        // A field has one column: an override moves it.
        for c in header.columns.iter_mut() {
            if c.as_ref().is_some_and(|(f, _)| *f == field) {
                *c = None;
            }
        }
        if header.columns.len() <= index {
            header.columns.resize(index + 1, None);
        }
        header.columns[index] = Some((field, format!("--columns {key}")));
    }
    if header.column(Field::Title).is_none() {
        return Err(crate::say!(
            "--columns：没有指定问题所在的列；加上 title=列号",
            "--columns: no column holds the problems; add title=<column>"
        ));
    }
    Ok(header)
}

fn all_fields() -> [Field; 13] {
    [
        Field::Number,
        Field::Area,
        Field::Group,
        Field::Title,
        Field::Measures,
        Field::Progress,
        Field::Department,
        Field::Deadline,
        Field::Status,
        Field::Reason,
        Field::Key,
        Field::Internal,
        Field::Ignored,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_in_the_forms_ledgers_write_them() {
        assert_eq!(field_of("整改时限（截止日期）"), Some(Field::Deadline));
        assert_eq!(field_of(" 问题\n表现 "), Some(Field::Title));
        assert_eq!(field_of("责任领导"), Some(Field::Internal));
        assert_eq!(field_of("最新整改措施"), Some(Field::Ignored));
        assert_eq!(field_of("整改措施："), Some(Field::Measures));
        assert_eq!(field_of("巡察整改工作台账"), None);
        assert_eq!(field_of("整改责任单位"), Some(Field::Department));
        assert_eq!(field_of("整改责任人"), Some(Field::Internal));
        assert_eq!(field_of("整改任务"), Some(Field::Title));
        assert_eq!(field_of("配合单位"), Some(Field::Ignored));
    }
}
