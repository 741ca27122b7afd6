//! Personal data that must not reach a public portal by accident (政府信息
//! 公开条例 Art. 15, 个人信息保护法): resident ID numbers, mobile numbers,
//! bank card numbers, passports, vehicle plates and e-mail addresses, found
//! in every published text before anything is built. A finding names the
//! kind and shows the value with its middle masked, never in full.
//!
//! What is not personal stays quiet: document numbers, amounts, dates,
//! office phones (area code + 7–8 digits), an 18-digit number whose check
//! digit is wrong, and the values a file or the portal declares public
//! (`public_data:`), such as a hotline or a company's registration number.

use regex::Regex;
use std::sync::OnceLock;

/// One piece of personal data in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is, as staff say it (居民身份证号, 手机号码…).
    pub kind: &'static str,
    /// Byte offset of its start in the text searched.
    pub start: usize,
    /// The value as found (for comparing with declared exceptions).
    pub value: String,
}

impl Finding {
    /// The value with its middle hidden: the first three and last two
    /// characters of a number, the first and the domain of an address.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.value.chars().collect();
        if let Some(at) = self.value.find('@') {
            let first = self.value.chars().next().unwrap_or('*');
            return format!("{first}***{}", &self.value[at..]);
        }
        let keep_front = 3.min(chars.len() / 3);
        let keep_back = 2.min(chars.len() / 4);
        let hidden = chars.len() - keep_front - keep_back;
        let front: String = chars[..keep_front].iter().collect();
        let back: String = chars[chars.len() - keep_back..].iter().collect();
        format!("{front}{}{back}", "*".repeat(hidden))
    }
}

/// A pattern, and what a match of it is (or `None`: not personal after all).
type Pattern = (Regex, fn(&str) -> Option<&'static str>);

fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let r = |p: &str| Regex::new(p).expect("a valid pattern");
        vec![
            // Runs of digits (with the separators people type: a space,
            // a dash, a dot, a line break where text was wrapped), judged
            // whole (an 18- or 15-digit ID, an 11-digit mobile, a card),
            // else part by part between spaces and line breaks: a number
            // ending a line is not glued to a date starting the next.
            (r(r"(?:\+86[ -]?)?\d(?:[\d .\-\r\n]*[\dXx])?"), digits_kind),
            // Passports: E12345678, EA1234567, G12345678; 港澳通行证
            // C/H/M + 8 digits.
            (r(r"(?:E[A-HJ-NP-Z0-9]\d{7}|[GDSPH]\d{8}|[CM]\d{8})"), |_| Some("护照或通行证号码")),
            // Vehicle plates: 浙A12345, 浙A·D12345, 京AD12345 (new energy).
            (
                r(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•]?[A-HJ-NP-Z0-9]{5,6}"),
                |plate| plate.chars().skip(2).any(|c| c.is_ascii_digit()).then_some("机动车号牌"),
            ),
            (
                r(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
                |_| Some("电子邮箱地址"),
            ),
        ]
    })
}

/// Every piece of personal data in `text`, in order.
pub fn find(text: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    // Most text holds no run of digits long enough, no @ and no plate:
    // the cheap test first, and each pattern runs only where its sign is.
    let signs = signs(text);
    if !signs.iter().any(|&s| s) {
        return found;
    }
    for (index, (pattern, kind_of)) in patterns().iter().enumerate() {
        if !signs[index] {
            continue;
        }
        // Digit runs are read even glued to letters (Tel13800138000); a
        // passport or plate inside a longer code (浙ICP…) is no passport.
        let digit_run = index == 0;
        for m in pattern.find_iter(text) {
            // Inside a longer code it is something else: a document's tail,
            // a page's 索引号 (3704063704060004/2023-00364), an amount's
            // whole part (1234567890123456.78).
            let before = text[..m.start()].chars().next_back();
            let mut following = text[m.end()..].chars();
            let after = following.next();
            let is_email = m.as_str().contains('@');
            // A digit, `_` or a decimal point before more digits makes the
            // run part of a longer code or amount; a letter does not (a
            // number glued to text is still read as a number), nor does a
            // full stop ending the sentence.
            let decimal =
                after == Some('.') && following.next().is_some_and(|c| c.is_ascii_digit());
            let joined =
                |c: char| c.is_ascii_digit() || c == '_' || (!digit_run && c.is_ascii_alphabetic());
            let code_before = before == Some('.')
                && text[..m.start()]
                    .chars()
                    .rev()
                    .nth(1)
                    .is_some_and(|c| c.is_ascii_digit());
            if !is_email
                && (before.is_some_and(joined)
                    || after.is_some_and(joined)
                    || decimal
                    || code_before)
            {
                continue;
            }
            // Beside a `/` it may be a page's 索引号 (3704063704060004/
            // 2023-00364): only a mobile or an ID, which carry their own
            // proof, is taken there.
            let slashed = before == Some('/') || after == Some('/');
            // A run that is nothing whole may be two numbers side by side.
            let parts: Vec<(usize, &str)> = match kind_of(m.as_str()) {
                Some(_) => vec![(m.start(), m.as_str())],
                None => m
                    .as_str()
                    .split([' ', '\n', '\r'])
                    .scan(m.start(), |at, part| {
                        let start = *at;
                        *at += part.len() + 1;
                        Some((start, part))
                    })
                    .filter(|(_, part)| !part.is_empty())
                    .collect(),
            };
            for (start, part) in parts {
                let Some(kind) = kind_of(part) else { continue };
                if slashed && kind == "银行卡号" {
                    continue;
                }
                let taken = found
                    .iter()
                    .any(|f| f.start <= start && start < f.start + f.value.len());
                if !taken {
                    found.push(Finding {
                        kind,
                        start,
                        value: part.trim().replace(['\n', '\r'], " "),
                    });
                }
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// Whether a text could hold a finding of each pattern of [`patterns`]:
/// eleven digits in a run, separators aside (the shortest personal number
/// is a mobile's 11; a date with its time, 2019-01-19 10:00, has 10),
/// seven digits in a row (a passport's), a capital letter after a Han
/// character (a plate), an @ (an email address). A file whose digits are
/// only dates and amounts is never searched for numbers.
fn signs(text: &str) -> [bool; 4] {
    let (mut eleven_digits, mut seven_in_a_row) = (false, false);
    let (mut han_capital, mut at) = (false, false);
    let (mut digits, mut in_a_row) = (0, 0);
    let mut previous_han = false;
    // Byte by byte: every sign is ASCII, and the last byte of any other
    // character is not (so `previous_han` is the same as by characters).
    for &b in text.as_bytes() {
        if b.is_ascii_digit() {
            digits += 1;
            in_a_row += 1;
            eleven_digits |= digits >= 11;
            seven_in_a_row |= in_a_row >= 7;
        } else {
            in_a_row = 0;
            if !matches!(b, b' ' | b'-' | b'.' | b'\n' | b'\r') {
                digits = 0;
            }
        }
        at |= b == b'@';
        han_capital |= previous_han && b.is_ascii_uppercase();
        if eleven_digits && seven_in_a_row && han_capital && at {
            break;
        }
        previous_han = !b.is_ascii();
    }
    [eleven_digits, seven_in_a_row, han_capital, at]
}

/// What a run of digits is, if it is personal.
fn digits_kind(run: &str) -> Option<&'static str> {
    let international = run.starts_with("+86");
    let body = run.trim_start_matches("+86");
    // Dots part digit groups (138.0013.8000, a card's 6200.0000.…) only
    // where no group but the last is shorter than three digits, and a
    // single dot is a decimal point: 130000000.00 is an amount, 2023.12.31
    // a date.
    if body.contains('.') {
        let groups: Vec<usize> = body.split('.').map(|g| g.trim().len()).collect();
        let decimal = groups.len() == 2 && groups[1] < 3;
        if decimal || groups[..groups.len() - 1].iter().any(|n| *n < 3) {
            return None;
        }
    }
    let digits: String = body
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\n' | '\r'))
        .collect();
    // An office phone (0576-86123456) starts with its area code.
    if digits.starts_with('0') && !international {
        return None;
    }
    let upper = digits.to_ascii_uppercase();
    match upper.len() {
        // Grouped as people write it (110105 19491231 002X): the check
        // digit and the birth date are proof enough.
        18 if resident_id_18(&upper) => Some("居民身份证号码"),
        15 if id_15_grouping(body) && resident_id_15(&upper) => Some("居民身份证号码（15位）"),
        11 if mobile(&upper) => Some("手机号码"),
        // Never across a line: a column of years (2019 2020 2021 2022)
        // is no card.
        16..=19
            if !body.contains('\n')
                && upper.bytes().all(|b| b.is_ascii_digit())
                && luhn(&upper)
                && card_grouping(body) =>
        {
            Some("银行卡号")
        }
        _ => None,
    }
}

/// A 15-digit ID (no check digit) is taken whole or in its own groups:
/// region, birth date, sequence (6-6-3).
fn id_15_grouping(body: &str) -> bool {
    let groups: Vec<usize> = body
        .split([' ', '-', '.', '\n', '\r'])
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    groups == [15] || groups == [6, 6, 3]
}

/// A card number is written whole or in groups of four.
fn card_grouping(body: &str) -> bool {
    let groups: Vec<&str> = body
        .split([' ', '-', '.', '\n', '\r'])
        .filter(|g| !g.is_empty())
        .collect();
    groups.len() == 1 || groups[..groups.len() - 1].iter().all(|g| g.len() == 4)
}

fn mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && digits.bytes().all(|c| c.is_ascii_digit())
}

/// GB 11643: region, birth date, sequence, and an ISO 7064 MOD 11-2 check.
fn resident_id_18(id: &str) -> bool {
    let b = id.as_bytes();
    if !b[..17].iter().all(u8::is_ascii_digit) || !(b'1'..=b'8').contains(&b[0]) {
        return false;
    }
    if !birth_date(&id[6..14]) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| (d - b'0') as u32 * w)
        .sum();
    CHECK[(sum % 11) as usize] == b[17]
}

/// The 15-digit form of before 1999: region and a 19xx birth date.
fn resident_id_15(id: &str) -> bool {
    id.bytes().all(|b| b.is_ascii_digit())
        && (b'1'..=b'8').contains(&id.as_bytes()[0])
        && birth_date(&format!("19{}", &id[6..12]))
}

fn birth_date(yyyymmdd: &str) -> bool {
    let n = |r: std::ops::Range<usize>| yyyymmdd[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    (1900..=2030).contains(&y)
        && crate::model::Date::parse(&format!("{y:04}-{m:02}-{d:02}")).is_ok()
}

/// The Luhn check bank cards carry.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = (b - b'0') as u32;
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Names in the form notices anonymise them (黄某某, 王某) and the phrases
/// that introduce a person (对…同志, 责任人：, 当事人): not errors (a name
/// cannot be told reliably), but listed for a reviewer.
pub fn name_hints(text: &str) -> Vec<(usize, String)> {
    static HINTS: OnceLock<Regex> = OnceLock::new();
    let hints = HINTS.get_or_init(|| {
        Regex::new(
            r"对[\p{Han}]{2,4}同志|[\p{Han}]某某|[\p{Han}]某(?:同志|等人|[，。、；）])|(?:责任人|当事人|经办人)[：:]\s*[\p{Han}]{2,4}",
        )
            .expect("a valid pattern")
    });
    // Each hint holds one of these words; most text holds none, and
    // looking for them is much cheaper than running the pattern over
    // text that is all Han characters.
    const NEEDED: [&str; 5] = ["同志", "某", "责任人", "当事人", "经办人"];
    if !NEEDED.iter().any(|w| text.contains(w)) {
        return Vec::new();
    }
    // 对相关同志, 对有关同志: no one in particular.
    const NOBODY: [&str; 6] = ["相关", "有关", "上述", "涉事", "全体", "所有"];
    hints
        .find_iter(text)
        .filter(|m| {
            !NOBODY
                .iter()
                .any(|w| m.as_str().starts_with(&format!("对{w}")))
        })
        .map(|m| (m.start(), m.as_str().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        find(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn personal_numbers_are_found_and_ordinary_ones_are_not() {
        // A valid ID (check digit X), a mobile in three spellings, a card.
        assert_eq!(
            kinds("当事人身份证号11010519491231002X。"),
            ["居民身份证号码"]
        );
        assert_eq!(kinds("联系电话13812345678"), ["手机号码"]);
        assert_eq!(
            kinds("手机 138-1234-5678，或 +86 138 1234 5678"),
            ["手机号码", "手机号码"]
        );
        assert_eq!(
            kinds("13812345678 11010519491231002X"),
            ["手机号码", "居民身份证号码"]
        );
        assert_eq!(kinds("退款至 6222 0202 0000 0000 006"), ["银行卡号"]);
        assert_eq!(kinds("卡号6217001234567890122"), ["银行卡号"]);
        assert_eq!(kinds("车牌浙A12345的公务车"), ["机动车号牌"]);
        assert_eq!(kinds("护照号E12345678"), ["护照或通行证号码"]);
        assert_eq!(kinds("发送至 zhang.san@example.com"), ["电子邮箱地址"]);
        // Not personal: a wrong check digit, an office phone, a document
        // number, an amount, a date, a year range.
        assert!(find("号码110105194912310021有误").is_empty());
        assert!(find("举报电话0576-86123456，或 0576 8612 3456").is_empty());
        assert!(find("温应急〔2023〕19号、温政办发[2022]123号").is_empty());
        assert!(find("挽回经济损失45,349.42元，资金1234567890.12元").is_empty());
        assert!(find("挽回经济损失130000000.00元，2023.12.31").is_empty());
        assert_eq!(kinds("电话138.0013.8000。"), ["手机号码"]);
        // A number ending a line, whatever starts the next one.
        assert_eq!(
            kinds("举报电话13812345678\n2024年6月起每月公布进展"),
            ["手机号码"]
        );
        assert_eq!(
            kinds("身份证11010519491231002X\n2024年"),
            ["居民身份证号码"]
        );
        assert_eq!(
            kinds("电话\n13812345678\n11010519491231002X"),
            ["手机号码", "居民身份证号码"]
        );
        assert_eq!(kinds("13812345678\t2019"), ["手机号码"]);
        assert!(find("2019-01-19 10:00\n2019-01-20 10:00\n挽回1065270元").is_empty());
        // Wrapped where the text was, as the page shows it (13812345 678).
        assert_eq!(kinds("举报电话13812345\n678，欢迎监督"), ["手机号码"]);
        assert_eq!(find("电话13812345\r\n678")[0].value, "13812345  678");
        assert!(find("2019\n2020\n2021\n2022\n").is_empty());
        assert!(find("2023年4月20日，2019—2023年").is_empty());
        assert!(find("索 引 号:3704063704060004/2023-00364").is_empty());
    }

    #[test]
    fn values_are_masked_in_the_middle() {
        let f = &find("身份证11010519491231002X")[0];
        assert_eq!(f.masked(), "110*************2X");
        let f = &find("电话13812345678")[0];
        assert_eq!(f.masked(), "138******78");
        let f = &find("邮箱 zhang.san@example.com")[0];
        assert_eq!(f.masked(), "z***@example.com");
    }

    #[test]
    fn names_in_the_anonymised_form_are_listed() {
        let hints: Vec<String> = name_hints("对黄某某同志进行提醒谈话，责任人：张三")
            .into_iter()
            .map(|h| h.1)
            .collect();
        assert_eq!(hints, ["对黄某某同志", "责任人：张三"]);
        assert!(name_hints("在某单位开展检查").is_empty());
        assert!(name_hints("对相关同志进行批评教育").is_empty());
    }
}

/// Checks every published text of the portal for personal data: what the
/// validate stage runs. Errors are findings; warnings list the declared
/// exceptions and the names a reviewer should look at.
pub(crate) mod check;
