//! What print layout adds to a notice's text and a reader must take away:
//! page numbers (`— 3 —`, `第3页 共9页`), headers and footers repeated on
//! every page, the spaces a PDF's text runs leave between Chinese and
//! digits (`2022 年 9 月`), and the compatibility code points PDF printers
//! emit for common characters (Kangxi radicals such as ⽇ ⾄ ⼤ for 日 至 大,
//! which look the same and match nothing). Lines broken in mid-sentence
//! are joined later by the notice reader, as for any text.

use unicode_normalization::UnicodeNormalization;

/// The pages' lines as one text, without what the layout added.
pub(crate) fn tidy(pages: Vec<Vec<String>>) -> String {
    let pages: Vec<Vec<String>> = pages
        .into_iter()
        .map(|lines| {
            lines
                .into_iter()
                .map(|l| without_layout_spaces(&normalized(&l)))
                .filter(|l| !l.trim().is_empty() && !is_page_number(l))
                .collect()
        })
        .collect();
    let repeated = running_lines(&pages);
    let mut out = String::new();
    for page in &pages {
        let kept: Vec<&str> = page
            .iter()
            .enumerate()
            .filter(|(i, line)| !(at_edge(*i, page.len()) && repeated.contains(line.trim())))
            .map(|(_, line)| line.trim())
            .collect();
        // A line as wide as the page goes on in the next one, whatever it
        // ends with (a sentence or a title may end at the margin), unless
        // the next line opens a unit of its own (二是…, (三)…).
        let full = kept.iter().map(|l| width(l)).max().unwrap_or(0);
        for (i, line) in kept.iter().enumerate() {
            out.push_str(line);
            let wide = full >= 40 && width(line) * 10 >= full * 9;
            let next_opens = kept
                .get(i + 1)
                .is_none_or(|next| super::labels::starts_unit(next));
            if !wide || next_opens {
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}

/// NFKC, plus the CJK Radicals Supplement forms NFKC leaves alone (⻛ ⻋
/// ⻓ ⺠ ⻔ ⻅ ⻩ ⻰ ⻘), which Chromium's PDFs use for 风 车 长 民 门 见 黄 龙 青.
pub(crate) fn normalized(text: &str) -> String {
    text.nfkc()
        .map(|c| match c {
            '⺠' => '民',
            '⻅' => '见',
            '⻋' => '车',
            '⻓' => '长',
            '⻔' => '门',
            '⻛' => '风',
            '⻩' => '黄',
            '⻰' => '龙',
            '⻘' => '青',
            '⺟' => '母',
            '⻜' => '飞',
            '⻝' => '食',
            '⻢' => '马',
            '⻥' => '鱼',
            '⻦' => '鸟',
            '⻬' => '齐',
            '⻮' => '齿',
            '⻆' => '角',
            '⻄' => '西',
            '⻉' => '贝',
            '⻚' => '页',
            '⻣' => '骨',
            '⻤' => '鬼',
            '⻨' => '麦',
            c => c,
        })
        .collect()
}

/// A line's printed width in half-width units: Chinese characters and
/// full-width punctuation take two, digits and Latin letters one.
fn width(line: &str) -> usize {
    line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF65}')
}

/// Removes spaces that stand between a Chinese character and a digit or
/// another Chinese character: `2022 年 9 月` → `2022年9月`. Spaces between
/// Latin words and numbers stay (`2023-09-07 11:05:25`).
fn without_layout_spaces(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            let before = out.chars().last();
            let after = chars[i + 1..]
                .iter()
                .find(|c| **c != ' ' && **c != '\u{3000}');
            let glue = |c: char| is_cjk(c) || c.is_ascii_digit();
            if let (Some(b), Some(&a)) = (before, after) {
                if (is_cjk(b) || is_cjk(a)) && glue(b) && glue(a) {
                    continue;
                }
            }
            if out.ends_with(' ') {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// `— 3 —`, `-3-`, `3`, `第 3 页`, `第3页 共9页`, `3/9`: a line that is only
/// a page number.
fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(['—', '–', '-', '－', '一', '·', '•']);
    if !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let re = super::text::regex(
        r"^(?:第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|\d{1,4}/\d{1,4}|共\d{1,4}页第\d{1,4}页)$",
    );
    re.is_match(&t)
}

/// Whether line `i` of a page of `n` lines is where running headers and
/// footers stand: the first two or the last two.
fn at_edge(i: usize, n: usize) -> bool {
    i < 2 || i + 2 >= n
}

/// Short lines that stand at the top or bottom of most pages: running
/// headers and footers (a line of the text repeated mid-page stays).
fn running_lines(pages: &[Vec<String>]) -> std::collections::HashSet<String> {
    let mut found = std::collections::HashSet::new();
    if pages.len() < 3 {
        return found;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for page in pages {
        let mut seen = std::collections::HashSet::new();
        for (i, line) in page.iter().enumerate() {
            if !at_edge(i, page.len()) {
                continue;
            }
            let line = line.trim();
            if line.chars().count() <= 40 && seen.insert(line) {
                *counts.entry(line).or_default() += 1;
            }
        }
    }
    for (line, n) in counts {
        if n * 2 > pages.len() {
            found.insert(line.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_taken_away() {
        assert_eq!(normalized("⽇⾄⼤⾸⻚⽂ ⻛⺠"), "日至大首页文 风民");
        assert_eq!(
            without_layout_spaces("2022 年 9 月 15 日至 10 月"),
            "2022年9月15日至10月"
        );
        assert_eq!(
            without_layout_spaces("时间:2023-09-07 11:05:25"),
            "时间:2023-09-07 11:05:25"
        );
        assert_eq!(without_layout_spaces("在编 79 人"), "在编79人");
        for page in [
            "— 3 —",
            "—3—",
            "- 12 -",
            "第 3 页",
            "第3页 共9页",
            "3/9",
            "7",
        ] {
            assert!(is_page_number(page), "{page}");
        }
        for text in ["一、在方面", "2023年", "三是对相关责任人员问责。"] {
            assert!(!is_page_number(text), "{text}");
        }
        let pages = vec![
            vec![
                "某某局文件".to_string(),
                "正文一".to_string(),
                "— 1 —".to_string(),
            ],
            vec![
                "某某局文件".to_string(),
                "正文二".to_string(),
                "— 2 —".to_string(),
            ],
            vec![
                "某某局文件".to_string(),
                "正文三".to_string(),
                "— 3 —".to_string(),
            ],
        ];
        assert_eq!(tidy(pages), "正文一\n\n正文二\n\n正文三\n\n");
    }
}
