//! Text helpers every stage of the notice reader shares: the logical line,
//! the pattern cache, Chinese numerals, heading markers, labels, quotes,
//! dates and document numbers in a sentence. Stages depend on this module
//! and on the stages before them, never on later ones.

use crate::model::Date;
use regex::Regex;
use std::sync::OnceLock;

/// One logical line of the notice and its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub number: usize,
    /// Normalised for matching: ASCII brackets, colon and digits.
    pub text: String,
    /// The same characters as `text`, one for one, with the notice's own
    /// full-width punctuation: what is published.
    pub shown: String,
    /// Page furniture (浏览量:, 分享) was dropped just before this line: it
    /// is not the value of a label standing above it.
    pub after_furniture: bool,
}

impl Line {
    /// A piece of `text` as the notice wrote it: the same characters of
    /// `shown`. A piece not found in the line is returned as it is.
    pub(crate) fn shown_of(&self, piece: &str) -> String {
        shown_in(&self.text, &self.shown, piece)
    }
}

/// `piece`, found in `text`, as the characters at the same places of
/// `shown` (which has as many characters as `text`).
pub(crate) fn shown_in(text: &str, shown: &str, piece: &str) -> String {
    let Some(at) = text.find(piece) else {
        return piece.to_string();
    };
    let skip = text[..at].chars().count();
    let take = piece.chars().count();
    let found: String = shown.chars().skip(skip).take(take).collect();
    if found.chars().count() == take {
        found
    } else {
        piece.to_string()
    }
}

/// A compiled pattern, kept for the life of the process: the importer
/// matches dozens of patterns per problem, and compiling each again was
/// most of its time.
pub(crate) fn regex(pattern: &'static str) -> &'static Regex {
    type Cache = std::collections::HashMap<&'static str, &'static Regex>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry(pattern)
        .or_insert_with(|| Box::leak(Box::new(Regex::new(pattern).expect("valid pattern"))))
}

/// The first date in a text, as precisely as written. `year` fills in
/// dates written without one ("4月17日"); ranges ("11月8-9日", "5月至6月")
/// give their start.
pub(crate) fn first_date(text: &str, year: Option<u16>) -> Option<Date> {
    dates(text, year).into_iter().next()
}

/// Every date in a text, in order.
pub(crate) fn dates(text: &str, mut year: Option<u16>) -> Vec<Date> {
    let pattern = regex(
        r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})(?:日|号|[-—–~至]\d{1,2}日))?|(\d{4})年(?:底|初|以来|上半年|下半年)?",
    );
    let mut found = Vec::new();
    for caps in pattern.captures_iter(text) {
        if let Some(y) = caps.get(4) {
            // A bare year ("2023年底", "2019年以来").
            let y: u16 = y.as_str().parse().unwrap_or(0);
            year = Some(y);
            // "2019年以来" says since when, not when anything was done.
            if caps[0].ends_with("以来") {
                continue;
            }
            if let Ok(d) = Date::parse(&format!("{y:04}")) {
                found.push(d);
            }
            continue;
        }
        if let Some(y) = caps.get(1) {
            year = y.as_str().parse().ok();
        }
        let Some(y) = year else { continue };
        let month: u32 = caps[2].parse().unwrap_or(0);
        let text = match caps.get(3) {
            Some(day) => format!(
                "{y:04}-{month:02}-{:02}",
                day.as_str().parse::<u32>().unwrap_or(0)
            ),
            None => format!("{y:04}-{month:02}"),
        };
        if let Ok(d) = Date::parse(&text) {
            found.push(d);
        }
    }
    found
}

/// Document numbers (温应急[2023]19号, 温政办发〔2023〕11号, 温应急管罚[2019]11-1号)
/// with their byte range in the text.
pub(crate) fn document_numbers(text: &str) -> Vec<(usize, usize, String)> {
    let pattern = regex(r"\p{Han}{1,10}[\[〔【［(]\d{4}[\]〕】］)]\d{1,5}(?:-\d{1,4})?号");
    pattern
        .find_iter(text)
        .map(|m| {
            let issuer_start = issuer_start(m.as_str());
            (
                m.start() + issuer_start,
                m.end(),
                m.as_str()[issuer_start..].to_string(),
            )
        })
        .collect()
}

/// Where the issuer abbreviation starts in `<words><issuer>[year]n号`:
/// issuers are at most six characters, and the words before them
/// ("已写入", "印发", "根据") are not part of the number.
fn issuer_start(found: &str) -> usize {
    const LEADING: &[&str] = &[
        "建议内容",
        "内容",
        "建议",
        "已经",
        "已",
        "写入",
        "载入",
        "印发",
        "下发",
        "出台",
        "制定",
        "根据",
        "按照",
        "依据",
        "依照",
        "见",
        "并",
        "和",
        "及",
        "与",
        "以",
        "的",
        "是",
        "在",
        "对",
        "经",
        "将",
        "于",
        "文件",
        "了",
    ];
    let bracket = found.find(['[', '〔', '【', '［', '(']).unwrap_or(0);
    let issuer = &found[..bracket];
    let chars: Vec<(usize, char)> = issuer.char_indices().collect();
    let mut at = chars
        .get(chars.len().saturating_sub(6))
        .map_or(issuer.len(), |c| c.0);
    'strip: loop {
        for word in LEADING {
            if issuer[at..].starts_with(word)
                && issuer[at..].chars().count() > word.chars().count() + 1
            {
                at += word.len();
                continue 'strip;
            }
        }
        return at;
    }
}

/// 33, 三十三 or 十二 → the number; `None` for anything else.
pub(crate) fn count_value(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let n = chinese_value(text);
    (n > 0 || text == "零").then_some(n)
}

/// A heading or item marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Marker {
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
pub(crate) fn marker(text: &str) -> Option<(Marker, u32, &str)> {
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
pub(crate) fn chinese_value(text: &str) -> u32 {
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

/// The text after one of `labels` and its colon (整改状态:已完成 → 已完成).
pub(crate) fn labelled<'t>(text: &'t str, labels: &[&str]) -> Option<&'t str> {
    labels.iter().find_map(|label| {
        let rest = text.strip_prefix(label)?.trim_start();
        let value = rest.strip_prefix([':', '：'])?.trim();
        (!value.is_empty()).then_some(value)
    })
}

pub(crate) fn preview(text: &str) -> String {
    let short: String = text.chars().take(24).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_year_since_which_is_no_date_of_a_measure() {
        // 2019年以来 says since when, not when the measure was taken.
        assert!(super::first_date("全面梳理2019年以来的案件", None).is_none());
        let found = super::dates("2023年3月20日起全面梳理2019年以来的案件", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].to_string(), "2023-03-20");
    }
}
