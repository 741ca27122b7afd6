//! Labelled lines and the lines that open a unit (a heading, an item, a
//! label). Labelled lines: what a notice says a piece of text is, in the label
//! forms real notices use — `整改情况:一是…`, `问题3:…`, `完成情况:已完成`,
//! and the same in brackets, `【问题】…`, `【整改情况】…`.

/// What a label says the text after it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    /// A problem's title: 问题3:, 存在问题:, 【问题】.
    Problem,
    /// What was done: 整改情况:, 整改措施:, 整改进展:.
    Measures,
    /// The status the notice states: 整改状态:, 完成情况:.
    Status,
    /// The deadline the notice states: 整改时限:.
    Deadline,
    /// The responsible unit: 责任单位:.
    Department,
}

const LABELS: &[(Label, &[&str])] = &[
    (
        Label::Problem,
        &[
            "巡察反馈问题",
            "巡视反馈问题",
            "反馈问题",
            "存在问题",
            "具体问题",
            "主要问题",
            "问题表现",
            "问题描述",
            "问题",
        ],
    ),
    (
        Label::Measures,
        &[
            "整改落实情况",
            "整改进展情况",
            "整改完成情况",
            "整改情况",
            "整改措施",
            "整改举措",
            "整改进展",
            "落实情况",
            "进展情况",
        ],
    ),
    (
        Label::Status,
        &[
            "整改状态",
            "完成状态",
            "整改进度",
            "完成情况",
            "是否完成",
            "整改结果",
        ],
    ),
    (
        Label::Deadline,
        &["整改时限", "完成时限", "整改期限", "时限要求", "时限"],
    ),
    (
        Label::Department,
        &["责任单位", "责任部门", "牵头单位", "牵头部门"],
    ),
];

/// The label a line starts with, and the text after it (possibly empty:
/// the text then follows on the next lines). `问题3:` and `问题三:` count;
/// a label must be followed by a colon or stand in 【】.
pub(crate) fn label_of(text: &str) -> Option<(Label, &str)> {
    let t = text.trim_start();
    let (name, rest) = if let Some(inner) = t.strip_prefix('【') {
        let (name, rest) = inner.split_once('】')?;
        let rest = rest.trim_start();
        (name.trim(), rest.strip_prefix([':', '：']).unwrap_or(rest))
    } else {
        let colon = t.find([':', '：'])?;
        let rest = &t[colon..];
        let rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
        (t[..colon].trim(), rest)
    };
    // 问题3 / 问题三 / 问题(3): the problem label numbered.
    let bare = name
        .trim_end_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十()（）".contains(c))
        .trim();
    for (label, names) in LABELS {
        let matched = names.contains(&name) || (*label == Label::Problem && names.contains(&bare));
        if matched {
            return Some((*label, rest.trim()));
        }
    }
    None
}

/// Where a measures label starts inside a line (`（1）问题。整改情况：一是…`):
/// the byte offset of the label, if one follows a sentence's end.
pub(crate) fn inline_measures(text: &str) -> Option<usize> {
    let found = super::text::regex(
        r"(?:[。；;.]\s*|\s)(?:【)?(?:整改落实情况|整改进展情况|整改情况|整改措施|整改进展)(?:】|[:：])",
    )
    .find(text)?;
    let sep = text[found.start()..].chars().next()?;
    let after_sep = found.start() + sep.len_utf8();
    Some(if sep.is_whitespace() {
        after_sep
    } else {
        // Keep the 。 with the heading; the label starts after it and any
        // spaces.
        after_sep + (text[after_sep..].len() - text[after_sep..].trim_start().len())
    })
}

/// True if a line opens a new unit of the notice (a heading, a numbered
/// item or a measure) and so must not be glued to the line before.
pub(crate) fn starts_unit(text: &str) -> bool {
    let t = text.trim_start();
    let first = t.chars().next().unwrap_or(' ');
    const NUMERALS: &str = "一二三四五六七八九十";
    if NUMERALS.contains(first) {
        let rest: String = t
            .chars()
            .skip_while(|c| NUMERALS.contains(*c))
            .take(1)
            .collect();
        return matches!(rest.as_str(), "、" | "是" | ".");
    }
    if first == '(' {
        return t
            .chars()
            .nth(1)
            .is_some_and(|c| NUMERALS.contains(c) || c.is_ascii_digit());
    }
    if first.is_ascii_digit() {
        // 1. 12、 3) — an item number, not 45349.42元 continuing a sentence.
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let mut rest = t.chars().skip(digits);
        let (mark, next) = (rest.next(), rest.next());
        return digits <= 2
            && matches!(mark, Some('.' | '、' | ')'))
            && !next.is_some_and(|c| c.is_ascii_digit());
    }
    label_of(t).is_some()
        || t.starts_with("针对")
        || t.starts_with("关于")
        || t.starts_with("下一步")
        || t.starts_with("欢迎")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_the_forms_notices_write_them() {
        assert_eq!(
            label_of("整改情况:一是加强学习"),
            Some((Label::Measures, "一是加强学习"))
        );
        assert_eq!(
            label_of("问题3：制度不全"),
            Some((Label::Problem, "制度不全"))
        );
        assert_eq!(
            label_of("问题十二:制度不全"),
            Some((Label::Problem, "制度不全"))
        );
        assert_eq!(
            label_of("【问题】制度不全"),
            Some((Label::Problem, "制度不全"))
        );
        assert_eq!(
            label_of("【完成情况】已完成"),
            Some((Label::Status, "已完成"))
        );
        assert_eq!(
            label_of("整改时限：2023年12月底前"),
            Some((Label::Deadline, "2023年12月底前"))
        );
        assert_eq!(label_of("整改情况:"), Some((Label::Measures, "")));
        assert_eq!(label_of("问题整改到位:好"), None);
        assert_eq!(label_of("一是加强学习:好"), None);
        assert_eq!(label_of("加强学习"), None);
    }

    #[test]
    fn a_label_inside_a_heading_line() {
        let line = "(1)学习不够深入。整改情况:一是加强学习。";
        let at = inline_measures(line).expect("found");
        assert_eq!(&line[at..], "整改情况:一是加强学习。");
        assert_eq!(inline_measures("(1)整改情况不好"), None);
    }
}
