//! Cleaning a pasted notice into logical lines: what web pages and word
//! processors add (page furniture, repeated or blank lines, lines broken in
//! mid-sentence) goes; each kept line remembers
//! where it started in the file, for warnings.

/// One logical line of the notice and its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub number: usize,
    pub text: String,
}

/// Normalises what notices mix freely: full-width digits, letters,
/// brackets and spaces become their ASCII forms (except 〔〕 in document
/// numbers, which stay as written), and runs of spaces become one.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '（' => '(',
            '）' => ')',
            '．' => '.',
            '：' => ':',
            // Unicode line and paragraph separators end a YAML line.
            '\u{3000}' | '\u{00A0}' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
            // A byte-order mark or noncharacter pasted mid-text.
            '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' => continue,
            // Control characters (page breaks, stray bytes from a PDF copy)
            // would make the YAML we write unreadable.
            c if c.is_control() && c != '\n' => ' ',
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
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
        let rest: String = t
            .chars()
            .skip_while(|c| c.is_ascii_digit())
            .take(1)
            .collect();
        return matches!(rest.as_str(), "." | "、" | ")");
    }
    t.starts_with("针对")
        || t.starts_with("关于")
        || t.starts_with("下一步")
        || t.starts_with("欢迎")
}

/// Splits and cleans a notice's text: page furniture goes wherever it
/// sits, the top of the page is read by [`top`](super::top), and the rest
/// becomes logical lines. Returns the lines and what the top states.
pub(crate) fn clean(text: &str) -> (Vec<Line>, super::top::Top) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| Line {
            number: i + 1,
            text: normalize(raw),
        })
        .filter(|l| !l.text.is_empty() && !super::top::is_furniture(&l.text))
        .collect();
    let (top, start) = super::top::read(&raw);
    let mut lines: Vec<Line> = Vec::new();
    // A line pasted twice is dropped, also when the first copy was already
    // joined to its continuation.
    let (mut previous, mut before_previous, mut joined) = (String::new(), String::new(), false);
    for line in raw.into_iter().skip(start) {
        let text = line.text;
        if text == previous || (joined && text == before_previous) {
            continue;
        }
        before_previous = std::mem::replace(&mut previous, text.clone());
        joined = false;
        // A line broken in mid-sentence continues the previous one.
        if let Some(last) = lines.last_mut() {
            let ended = last
                .text
                .ends_with(['。', '；', ';', '！', '？', '：', ':', '”', '"', ')', '》']);
            if !ended
                && !starts_unit(&text)
                && !looks_like_title(&last.text)
                && !is_metadata(&last.text)
                && last.text.chars().count() > 20
            {
                last.text.push_str(&text);
                joined = true;
                continue;
            }
        }
        lines.push(Line {
            number: line.number,
            text,
        });
    }
    (lines, top)
}

/// The publication line ("时间:2023-09-07 11:05:25 来源:市委巡察办") ends
/// without punctuation but never continues on the next line.
fn is_metadata(text: &str) -> bool {
    [
        "时间:",
        "来源:",
        "发布时间:",
        "发布日期:",
        "日期:",
        "作者:",
        "编辑:",
    ]
    .iter()
    .any(|label| text.contains(label))
}

/// Short heading-like lines (a title split over two lines) are not glued
/// to what follows by `clean`; the parser joins the title itself.
fn looks_like_title(text: &str) -> bool {
    text.chars().count() <= 20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_page_furniture_and_glues_broken_lines() {
        let text = "索引号：001-2023-123\n发布机构：市委巡察办\n浏览量：123\n分享\n\n一是对照检查，逐条逐项梳理巡察反馈的每一项问题\n并全部整改到位。\n一是对照检查，发现问题\n二是加强学习。\n";
        let (lines, top) = clean(text);
        assert_eq!(top.source.as_deref(), Some("市委巡察办"));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "一是对照检查，逐条逐项梳理巡察反馈的每一项问题并全部整改到位。",
                "一是对照检查，发现问题",
                "二是加强学习。"
            ]
        );
        assert_eq!(lines[2].number, 9);
    }

    #[test]
    fn normalises_full_width_digits_and_brackets() {
        assert_eq!(
            normalize("（一）关于２０２３年　问题"),
            "(一)关于2023年 问题"
        );
    }
}
