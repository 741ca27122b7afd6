//! The structure of a notice: title and publication line, introduction,
//! areas (一、), groups ((一)), numbered problems (1.) and measures (一是…),
//! the closing and the contact block. Which marker stands for which level
//! is read from the notice itself, so the layouts real notices use
//! (一、/(一)/1./一是, or (一)/1./(1), or 一、/(一)/一是) all parse.

use super::clean::Line;
use super::extract;
use regex::Regex;
use std::sync::OnceLock;

/// A heading or item marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Marker {
    /// 一、
    Chinese,
    /// (一)
    ParenChinese,
    /// 1. or 1、
    Arabic,
    /// (1)
    ParenArabic,
    /// 一是
    Ordinal,
}

/// Splits a line into its marker, the marker's number and the rest.
pub fn marker(text: &str) -> Option<(Marker, u32, &str)> {
    static PATTERNS: OnceLock<Vec<(Marker, Regex)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            (Marker::Chinese, r"^([一二三四五六七八九十]{1,3})、\s*"),
            (
                Marker::ParenChinese,
                r"^\(([一二三四五六七八九十]{1,3})\)\s*",
            ),
            (Marker::ParenArabic, r"^\((\d{1,2})\)\s*"),
            (Marker::Arabic, r"^(\d{1,2})[.、](?:\s*)(?:[^\d]|$)"),
            (Marker::Ordinal, r"^([一二三四五六七八九十]{1,3})是"),
        ]
        .into_iter()
        .map(|(m, p)| (m, Regex::new(p).expect("valid pattern")))
        .collect()
    });
    for (kind, pattern) in patterns {
        if let Some(c) = pattern.captures(text) {
            let digits = &c[1];
            let n = digits.parse().unwrap_or_else(|_| chinese_value(digits));
            let end = if *kind == Marker::Arabic {
                // The pattern peeked one character past the marker.
                c.get(1).expect("group").end()
                    + text[c.get(1).expect("group").end()..]
                        .chars()
                        .next()
                        .map_or(0, char::len_utf8)
            } else {
                c.get(0).expect("match").end()
            };
            return Some((*kind, n, text[end..].trim_start()));
        }
    }
    None
}

/// 一 → 1, 十三 → 13, 二十 → 20.
pub fn chinese_value(text: &str) -> u32 {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => 10,
        ['十', u] => 10 + digit(*u).unwrap_or(0),
        [t, '十'] => digit(*t).unwrap_or(0) * 10,
        [t, '十', u] => digit(*t).unwrap_or(0) * 10 + digit(*u).unwrap_or(0),
        [d] => digit(*d).unwrap_or(0),
        _ => 0,
    }
}

/// A notice as read.
#[derive(Debug, Clone, Default)]
pub struct Notice {
    pub title: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub intro: Vec<String>,
    pub areas: Vec<AreaFound>,
    pub closing: Vec<String>,
    pub statistics: extract::Statistics,
    pub contact: extract::ContactFound,
    /// Things the parser could not place, with the notice's line number.
    pub warnings: Vec<(usize, String)>,
}

/// An area (一、) and its groups.
#[derive(Debug, Clone, Default)]
pub struct AreaFound {
    pub title: String,
    pub line: usize,
    pub groups: Vec<GroupFound>,
}

/// A group ((一)) and its problems; a group without numbered problems is
/// itself the problem (its one entry has `number: None`).
#[derive(Debug, Clone, Default)]
pub struct GroupFound {
    pub title: String,
    pub line: usize,
    pub problems: Vec<ProblemFound>,
}

/// One problem and its measures.
#[derive(Debug, Clone, Default)]
pub struct ProblemFound {
    pub number: Option<u32>,
    pub title: Option<String>,
    pub line: usize,
    pub measures: Vec<(usize, String)>,
}

/// The text inside the first “…” (or "…") of a heading, which is how
/// notices quote the problem: 关于“贯彻落实上级决策部署不够有力”问题.
pub fn quoted(text: &str) -> Option<String> {
    let (start, open) = text.char_indices().find(|(_, c)| *c == '“' || *c == '"')?;
    let inner = &text[start + open.len_utf8()..];
    let end = inner.rfind(['”', '"'])?;
    let q = inner[..end].trim().trim_end_matches(['。', '.']).trim();
    (!q.is_empty()).then(|| q.to_string())
}

/// A heading's title: the quoted problem if there is one, else the text
/// without the stock phrases around it.
fn heading_title(text: &str) -> String {
    if let Some(q) = quoted(text) {
        // 在“聚焦…”方面 keeps its frame when the quote is the whole area.
        if !(text.starts_with('在') && text.trim_end_matches(['。', '.']).ends_with("方面")) {
            return q;
        }
    }
    let mut t = text
        .trim()
        .trim_end_matches(['。', '.', ':', '：'])
        .to_string();
    for tail in [
        "问题的整改进展情况",
        "问题整改进展情况",
        "的整改进展情况",
        "整改进展情况",
        "的整改情况",
        "问题的整改",
    ] {
        if let Some(stripped) = t.strip_suffix(tail) {
            t = stripped.to_string();
            break;
        }
    }
    t.trim().to_string()
}

static PUBLICATION: OnceLock<Regex> = OnceLock::new();
static SOURCE: OnceLock<Regex> = OnceLock::new();

/// Reads the cleaned lines of a notice.
pub fn parse(lines: &[Line], header: &[(String, String)]) -> Notice {
    let publication = PUBLICATION.get_or_init(|| {
        Regex::new(r"(?:时间|发布时间|发布日期|日期)\s*:?\s*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})日?(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?").expect("valid")
    });
    let source = SOURCE
        .get_or_init(|| Regex::new(r"(?:来源|信息来源|发布机构)\s*:\s*(\S+)").expect("valid"));
    let mut notice = Notice::default();
    for (label, value) in header {
        match label.as_str() {
            "发布机构" | "信息来源" => notice.source = Some(value.clone()),
            "成文日期" | "发布日期" => notice.published = normalize_date(value),
            _ => {}
        }
    }

    // Title: the short lines at the top, up to the publication line or the
    // first paragraph.
    let mut i = 0;
    while i < lines.len() {
        let text = &lines[i].text;
        if let Some(c) = publication.captures(text) {
            notice.published = Some(format!(
                "{}-{:02}-{:02}{}",
                &c[1],
                c[2].parse::<u32>().unwrap_or(1),
                c[3].parse::<u32>().unwrap_or(1),
                c.get(4)
                    .map(|t| format!(" {}", t.as_str()))
                    .unwrap_or_default()
            ));
            if let Some(s) = source.captures(text) {
                notice.source = Some(s[1].to_string());
            }
            i += 1;
            break;
        }
        if text.chars().count() > 45 || marker(text).is_some() {
            break;
        }
        notice.title.push_str(text);
        i += 1;
    }

    // Which markers head areas, groups and problems, and which number
    // measures: read from the markers the body uses.
    let body: Vec<&Line> = lines[i..].iter().collect();
    let mut used: Vec<Marker> = Vec::new();
    for line in &body {
        if let Some((m, _, _)) = marker(&line.text) {
            if !used.contains(&m) {
                used.push(m);
            }
        }
    }
    let mut heads: Vec<Marker> = [
        Marker::Chinese,
        Marker::ParenChinese,
        Marker::Arabic,
        Marker::ParenArabic,
    ]
    .into_iter()
    .filter(|m| used.contains(m))
    .collect();
    // 一是… is used both in the introduction and for measures: it numbers
    // measures only. Without it, the deepest of three heading levels does.
    let measure_marker = if used.contains(&Marker::Ordinal) {
        Some(Marker::Ordinal)
    } else if heads.len() >= 3 {
        heads.pop()
    } else {
        None
    };
    let (area_m, group_m, problem_m) = match heads.as_slice() {
        [a, g, p, ..] => (Some(*a), Some(*g), Some(*p)),
        [a, g] => (Some(*a), Some(*g), None),
        [g] => (None, Some(*g), None),
        [] => (None, None, None),
    };

    let mut in_body = false;
    let mut closing = false;
    let mut seen_group_numbers: Vec<u32> = Vec::new();
    for line in body {
        let text = line.text.as_str();
        extract::statistics(text, &mut notice.statistics);
        if text.contains("电话")
            || text.contains("邮箱")
            || text.contains("邮编")
            || text.contains("地址")
        {
            extract::contact(text, &mut notice.contact);
        }
        let found = marker(text);
        let kind = found.map(|f| f.0);
        if in_body
            && !closing
            && found.is_none()
            && (text.starts_with("下一步") || text.starts_with("欢迎") || text.starts_with("今后"))
        {
            closing = true;
        }
        if closing {
            notice.closing.push(text.to_string());
            continue;
        }
        if kind.is_some() && kind == area_m {
            let (_, _, rest) = found.expect("marker");
            in_body = true;
            seen_group_numbers.clear();
            notice.areas.push(AreaFound {
                title: heading_title(rest),
                line: line.number,
                groups: Vec::new(),
            });
        } else if kind.is_some() && kind == group_m {
            let (_, n, rest) = found.expect("marker");
            in_body = true;
            if notice.areas.is_empty() {
                notice.areas.push(AreaFound {
                    title: "巡察反馈问题整改情况".into(),
                    line: line.number,
                    groups: Vec::new(),
                });
            }
            if seen_group_numbers.contains(&n) {
                let area = notice.areas.len();
                let next = notice.areas.last().map_or(0, |a| a.groups.len()) + 1;
                notice.warnings.push((
                    line.number,
                    format!(
                        "group number ({}) appears twice in area {area}; imported as group {next}",
                        crate::derive::chinese_number(n)
                    ),
                ));
            }
            seen_group_numbers.push(n);
            let area = notice.areas.last_mut().expect("an area");
            area.groups.push(GroupFound {
                title: heading_title(rest),
                line: line.number,
                problems: Vec::new(),
            });
        } else if kind.is_some() && kind == problem_m && current_group(&mut notice).is_some() {
            let (_, n, rest) = found.expect("marker");
            let group = current_group(&mut notice).expect("a group");
            let number = group.problems.iter().filter(|p| p.number.is_some()).count() as u32 + 1;
            group.problems.push(ProblemFound {
                number: Some(number),
                title: Some(heading_title(rest)),
                line: line.number,
                measures: Vec::new(),
            });
            if number != n {
                notice.warnings.push((line.number, format!("problem numbered {n} is number {number} of its group; imported as {number}")));
            }
        } else if in_body && text.starts_with("针对") && current_group(&mut notice).is_some() {
            // An unnumbered sub-problem: 针对“…”问题的进展情况.
            let group = current_group(&mut notice).expect("a group");
            let number = group.problems.iter().filter(|p| p.number.is_some()).count() as u32 + 1;
            group.problems.push(ProblemFound {
                number: Some(number),
                title: Some(heading_title(text)),
                line: line.number,
                measures: Vec::new(),
            });
        } else if in_body {
            let measure = match found {
                Some((m, _, rest)) if Some(m) == measure_marker => {
                    rest.trim_start_matches(['，', ',', ':']).to_string()
                }
                _ => text.to_string(),
            };
            match current_problem(&mut notice) {
                Some(problem) => problem.measures.push((line.number, measure)),
                None => notice.warnings.push((
                    line.number,
                    format!("text outside any problem was skipped: {}", preview(text)),
                )),
            }
        } else {
            notice.intro.push(text.to_string());
        }
    }
    notice
}

fn current_group(notice: &mut Notice) -> Option<&mut GroupFound> {
    notice.areas.last_mut()?.groups.last_mut()
}

/// The problem measures go to: the group's last numbered problem, or the
/// group itself (created on first use) when it has none.
fn current_problem(notice: &mut Notice) -> Option<&mut ProblemFound> {
    let group = current_group(notice)?;
    if group.problems.is_empty() {
        let line = group.line;
        group.problems.push(ProblemFound {
            number: None,
            title: None,
            line,
            measures: Vec::new(),
        });
    }
    group.problems.last_mut()
}

fn preview(text: &str) -> String {
    let short: String = text.chars().take(24).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// 2023-9-7, 2023年9月7日, 2023/09/07 → 2023-09-07.
fn normalize_date(text: &str) -> Option<String> {
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match digits.as_slice() {
        [y, m, d, ..] => Some(format!("{y:04}-{m:02}-{d:02}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_numbers() {
        assert_eq!(
            marker("一、在聚焦方面").map(|m| (m.0, m.1)),
            Some((Marker::Chinese, 1))
        );
        assert_eq!(
            marker("(十三)关于“x”问题").map(|m| (m.0, m.1)),
            Some((Marker::ParenChinese, 13))
        );
        assert_eq!(
            marker("2.针对“x”问题").map(|m| (m.0, m.1, m.2)),
            Some((Marker::Arabic, 2, "针对“x”问题"))
        );
        assert_eq!(
            marker("(1)加强学习").map(|m| (m.0, m.1)),
            Some((Marker::ParenArabic, 1))
        );
        assert_eq!(
            marker("三是对相关责任人员问责。").map(|m| (m.0, m.1, m.2)),
            Some((Marker::Ordinal, 3, "对相关责任人员问责。"))
        );
        assert_eq!(marker("2.5万元已收回"), None);
        assert_eq!(marker("2023年4月"), None);
    }

    #[test]
    fn headings_become_titles() {
        assert_eq!(
            heading_title("关于“贯彻落实上级决策部署不够有力”问题的整改进展情况。"),
            "贯彻落实上级决策部署不够有力"
        );
        assert_eq!(
            heading_title("在“聚焦基层党组织领导班子和干部队伍建设”方面"),
            "在“聚焦基层党组织领导班子和干部队伍建设”方面"
        );
        assert_eq!(
            heading_title("对聚焦群众身边腐败问题和不正之风方面"),
            "对聚焦群众身边腐败问题和不正之风方面"
        );
    }
}
