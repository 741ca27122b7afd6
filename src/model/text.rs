//! Names and numbers as notices and URLs write them: the slug and base-URL
//! rules, Chinese numerals, and the canonical forms that let two spellings
//! of one title or document number compare equal.

/// The one rule for a slug (a report folder, an issue file name), as it
/// becomes part of a URL: ASCII letters, digits, `-` and `_`, so that every
/// static host and file:// serve it the same.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err(crate::say!("是空的", "is empty"));
    }
    match slug
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        Some(c) => Err(crate::say!(
            "`{slug}` 里有“{c}”：名字会成为网址，只能用英文字母、数字、- 和 _（如 wenling-2023、1-2-1）",
            "`{slug}` contains `{c}`; use only ASCII letters, digits, - and _ (it becomes the page's URL)"
        )),
        // Windows hosts cannot serve a folder or file with these names.
        None if is_reserved_on_windows(slug) => Err(crate::say!(
            "`{slug}` 是 Windows 保留给设备的名字（CON、PRN、AUX、NUL、COM1–9、LPT1–9），放到 Windows 服务器上会打不开：换一个名字",
            "`{slug}` is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9): a site deployed on a Windows host could not serve it; choose another name"
        )),
        None => Ok(()),
    }
}

fn is_reserved_on_windows(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

/// The deployment URL in the one form every output uses (feeds, sitemap,
/// the 404 page, open data): trimmed, with exactly one trailing slash.
/// Empty means none. Anything but an absolute http(s) URL is an error, as
/// a relative one would make feeds and the 404 page point nowhere.
pub fn base_url(raw: &str) -> Result<Option<String>, String> {
    let url = raw.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| rest.split('/').next().unwrap_or(""));
    let problem = match host {
        None => Some(crate::say!(
            "要以 https:// 或 http:// 开头",
            "it must begin with https:// or http://"
        )),
        Some("") => Some(crate::say!("缺少域名", "it has no host name")),
        Some(_) if url.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Some(crate::say!("里面有空格", "it contains a space"))
        }
        Some(_) if url.contains(['?', '#']) => Some(crate::say!(
            "不能带 ? 或 #",
            "it must not have a query or fragment"
        )),
        Some(_) => None,
    };
    match problem {
        Some(why) => Err(crate::say!(
            "网址“{url}”用不了：{why}（写成 https://www.example.gov.cn/zhenggai/ 这样）",
            "`{url}` is not a usable base URL: {why} (such as https://www.example.gov.cn/zhenggai/)"
        )),
        None => Ok(Some(format!("{}/", url.trim_end_matches('/')))),
    }
}

/// Chinese numerals as notices number areas and groups (一 … 九十九).
pub(crate) fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n > 10 {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if !n.is_multiple_of(10) {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        _ => n.to_string(),
    }
}

/// The identity of a regulation: its normalised number, else its title.
pub(crate) fn regulation_key(number: Option<&str>, title: &str) -> String {
    match number {
        Some(n) => normalize_doc_number(n),
        None => format!("title:{}", normalize_title(title)),
    }
}

/// A title without 《》 or spaces, for comparing two spellings.
pub(crate) fn normalize_title(title: &str) -> String {
    title
        .trim()
        .trim_start_matches('《')
        .trim_end_matches('》')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Document numbers are written with [ ], 〔 〕, 【 】, ［ ］ or ( ), and
/// with full-width digits; one canonical form makes them comparable.
pub(crate) fn normalize_doc_number(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '〔' | '【' | '［' | '（' | '(' | '[' | '〖' => '[',
            '〕' | '】' | '］' | '）' | ')' | ']' | '〗' => ']',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// How deep raw HTML elements nest in a text, and the most attributes one
/// tag has: HTML parsers take time quadratic in both, so a text past
/// [`MARKUP_LIMIT`] in either is refused (or, in a page being imported,
/// read as plain text) rather than parsed. One linear pass; void
/// elements (`<br>`, `<img>`) and self-closed tags do not nest.
pub fn markup_depth(text: &str) -> (usize, usize) {
    // Void elements, and those whose end tag HTML lets a page leave out
    // (a paragraph or list item closes when the next begins).
    const FLAT: [&str; 29] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "thead", "tbody",
        "tfoot", "option", "optgroup", "colgroup", "rt", "rp",
    ];
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut most_attributes) = (0usize, 0usize, 0usize);
    let mut at = 0;
    // `str::find` of one ASCII character is a vectorised byte search.
    while let Some(found) = text[at..].find('<') {
        at += found + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = text[name_start..name_start + name_len].to_ascii_lowercase();
        let end = bytes[name_start..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(bytes.len(), |p| name_start + p);
        let inside = &bytes[name_start + name_len..end];
        let attributes = inside.iter().filter(|b| **b == b'=').count();
        most_attributes = most_attributes.max(attributes);
        if closing && !FLAT.contains(&name.as_str()) {
            depth = depth.saturating_sub(1);
        } else if !FLAT.contains(&name.as_str()) && !inside.ends_with(b"/") {
            depth += 1;
            deepest = deepest.max(depth);
        }
        at = end.max(at);
    }
    (deepest, most_attributes)
}

/// The deepest nesting and the most attributes a text's markup may have.
pub const MARKUP_LIMIT: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_match_whatever_the_brackets() {
        let a = normalize_doc_number("温应急[2023]19号");
        assert_eq!(a, normalize_doc_number("温应急〔2023〕19号"));
        assert_eq!(a, normalize_doc_number("温应急【２０２３】19号"));
        assert_ne!(a, normalize_doc_number("温应急[2023]21号"));
    }
}
