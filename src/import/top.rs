//! The top of a pasted page, before the notice's first paragraph: the
//! disclosure header government sites print (信息索引号, 文件名称, 发布机构,
//! 成文日期 …, on one line or several, the value beside its label or on the
//! next line), the publication line (时间:… 来源:…, sometimes glued as
//! `2021-02-23 12:42:06来源:…`), site names and breadcrumbs, and the
//! document's own title, one line or wrapped. Only what is read here as a
//! fact is kept; everything else in this zone is page chrome.

use super::text::regex;
use super::text::Line;

/// What the top of the page states. `None` means "not stated".
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Top {
    pub title: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]`.
    pub published: Option<String>,
    pub source: Option<String>,
    pub document_number: Option<String>,
    /// The title given by the header's 文件名称/标题 field, used when the
    /// document's own title line is missing.
    pub header_title: Option<String>,
    /// A stated date that is not a valid date (kept to warn about it).
    pub bad_date: Option<String>,
}

/// Labels of the disclosure header and the publication line, longest
/// first so that 信息索引号 wins over 索引号. Traditional-script spellings
/// of the common ones are included: copies from mirrors use them.
const LABELS: &[&str] = &[
    "信息索引号",
    "信息时间",
    "信息日期",
    "阅读次数",
    "文章来源",
    "更新时间",
    "成文时间",
    "来源单位",
    "服务对象分类",
    "发布日期",
    "发布时间",
    "發佈時間",
    "發布時間",
    "發佈日期",
    "成文日期",
    "生成日期",
    "公开日期",
    "发文日期",
    "发文时间",
    "印发日期",
    "生效日期",
    "废止日期",
    "文件名称",
    "发布机构",
    "发文机关",
    "发文单位",
    "发布单位",
    "发文字号",
    "信息来源",
    "公开方式",
    "公开范围",
    "公开时限",
    "效力状态",
    "主题分类",
    "组配分类",
    "体裁分类",
    "所属机构",
    "责任编辑",
    "浏览次数",
    "访问次数",
    "点击次数",
    "索引号",
    "索引號",
    "有效性",
    "主题词",
    "关键词",
    "浏览量",
    "阅读量",
    "访问量",
    "点击量",
    "点击数",
    "阅读数",
    "时效性",
    "文号",
    "文號",
    "标题",
    "名称",
    "来源",
    "來源",
    "时间",
    "時間",
    "日期",
    "作者",
    "编辑",
    "字号",
    "分类",
];

/// The field a label fills, if it is one we keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Published,
    Written,
    Source,
    Number,
    Other,
}

fn field_of(label: &str) -> Field {
    match label {
        "文件名称" | "标题" | "名称" => Field::Title,
        "发布日期" | "发布时间" | "發佈時間" | "發布時間" | "發佈日期" | "公开日期" | "时间"
        | "時間" | "日期" => Field::Published,
        "更新时间" | "信息时间" | "信息日期" => Field::Published,
        "成文日期" | "成文时间" | "发文日期" | "发文时间" | "印发日期" | "生成日期" => {
            Field::Written
        }
        "发布机构" | "发文机关" | "发文单位" | "发布单位" | "信息来源" | "来源" | "來源"
        | "文章来源" | "来源单位" => Field::Source,
        "文号" | "文號" | "发文字号" => Field::Number,
        _ => Field::Other,
    }
}

/// Labels that are ordinary words too: they count as labels only with a
/// colon after them.
fn needs_colon(label: &str) -> bool {
    matches!(
        label,
        "标题"
            | "名称"
            | "来源"
            | "來源"
            | "时间"
            | "時間"
            | "日期"
            | "作者"
            | "编辑"
            | "字号"
            | "分类"
    )
}

/// Splits a header line into (label, value) pairs, or `None` when the
/// line is not a header line.
fn header_pairs(text: &str) -> Option<Vec<(&'static str, String)>> {
    let t = text.trim_start_matches(BULLETS);
    // 索 引 号: and 文 号: are written with spaces to line up the labels.
    let collapsed;
    let t = match regex(r"^((?:\p{Han} ){1,5}\p{Han}) ?:").captures(t) {
        Some(c) => {
            let label = c[1].replace(' ', "");
            collapsed = format!("{label}{}", &t[c[1].len()..]);
            collapsed.as_str()
        }
        None => t,
    };
    // Where each label stands, with the offset where its value begins.
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !t.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &t[i..];
        let hit = LABELS.iter().find_map(|label| {
            let after = rest.strip_prefix(label)?;
            let after_trim = after.trim_start_matches(['】', ' ']);
            if let Some(v) = after_trim.strip_prefix([':', '：']) {
                let start = t.len() - v.len();
                return Some((start, *label));
            }
            // Without a colon only at the line's start, for labels that are
            // not ordinary words, and with a space or nothing after them.
            (i == 0 && !needs_colon(label) && (after.is_empty() || after.starts_with(' ')))
                .then(|| (t.len() - after.len(), *label))
        });
        match hit {
            // A label with its colon counts wherever it stands, also glued
            // to the value before it (…12:42:06来源:…).
            Some((start, label)) => {
                found.push((i, start, label));
                i = start;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    let first = found.first()?;
    // The line must begin with a label, or with a date glued to one.
    if first.0 != 0 {
        let lead = t[..first.0].trim();
        date_time(lead)?;
    }
    let mut pairs = Vec::new();
    if first.0 != 0 {
        pairs.push(("时间", t[..first.0].trim().to_string()));
    }
    for (k, (_, start, label)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(t.len(), |next| next.0);
        let value = t[*start..end]
            .trim()
            .trim_end_matches(['|', '｜', '】', ' '])
            .trim()
            .to_string();
        pairs.push((*label, value));
    }
    Some(pairs)
}

/// What lists and headers put before a line.
const BULLETS: &[char] = &[
    '·', '•', '●', '◆', '■', '|', '｜', '【', ' ', '-', '*', '▪', '○',
];

/// `2023-09-07`, `2023-09-07 11:05:25`, `2023年9月7日`, `2023/9/7 11:05`,
/// `2023.09.07` → `2023-09-07[ 11:05:25]`.
pub(crate) fn date_time(text: &str) -> Option<String> {
    let c = regex(
        r"^\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}:\d{2}(?::\d{2})?))?\s*$",
    )
    .captures(text)?;
    let mut s = format!(
        "{}-{:02}-{:02}",
        &c[1],
        c[2].parse::<u32>().ok()?,
        c[3].parse::<u32>().ok()?
    );
    if let Some(t) = c.get(4) {
        let t = t.as_str();
        // 9:30 → 09:30, as the content format writes times.
        if t.find(':') == Some(1) {
            s.push_str(" 0");
        } else {
            s.push(' ');
        }
        s.push_str(t);
    }
    Some(s)
}

/// The date at the start of a value (`2023-09-07 11:05:25 浏览量:3`).
fn leading_date(text: &str) -> Option<String> {
    let m = regex(
        r"^\s*\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?",
    )
    .find(text)?;
    date_time(m.as_str())
}

/// True where the notice's text proper begins: a sentence, a heading
/// marker, or a long line.
fn starts_body(text: &str) -> bool {
    text.contains(['。', '，', ',', '；', ';', '！', '？'])
        || text.chars().count() > 60
        || super::text::marker(text).is_some()
        || [
            "根据",
            "按照",
            "依据",
            "经",
            "为深入",
            "为贯彻",
            "为进一步",
            "近日",
            "日前",
        ]
        .iter()
        .any(|w| text.starts_with(w) && text.chars().count() > 15)
}

/// Words a title ends with.
fn ends_like_title(text: &str) -> bool {
    let t = text.trim_end_matches(['。', ' ']);
    [
        "通报", "情况", "公告", "公示", "报告", "通知", "说明", "公开", "清单", "的函", "进展",
    ]
    .iter()
    .any(|e| t.ends_with(e))
}

/// The site's own name above a page (XX市人民政府门户网站), never a title.
fn is_site_name(text: &str) -> bool {
    [
        "网站",
        "门户",
        "政务网",
        "政府网",
        "官网",
        "客户端",
        "公众号",
        "频道",
        "栏目",
    ]
    .iter()
    .any(|w| text.contains(w))
        || text.ends_with("网")
        || text.contains("www.")
        || text.contains("http")
}

/// A signature line: an issuer's name alone (中共XX局委员会, XX局党组).
pub(crate) fn is_signature(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 30
        && !t.contains(['。', '，', ',', '；', ';', ':', '：'])
        && ends_like_issuer(t)
}

/// Words an issuer's name ends with, for titles wrapped after the issuer
/// (中共XX局委员会 / 关于巡察整改进展情况的通报).
fn ends_like_issuer(text: &str) -> bool {
    text.starts_with("中共")
        || [
            "委员会",
            "党组",
            "党委",
            "党工委",
            "总支",
            "支部",
            "政府",
            "办公室",
            "局",
            "委",
            "厅",
            "院",
            "中心",
            "公司",
            "学校",
            "大学",
            "医院",
            "集团",
            "协会",
            "联合会",
            "部",
        ]
        .iter()
        .any(|e| text.ends_with(e))
}

/// Reads the top of the page. Returns what it states and the index in
/// `lines` where the notice's text begins.
pub(crate) fn read(lines: &[Line]) -> (Top, usize) {
    let mut top = Top::default();
    let mut candidates: Vec<(usize, &str)> = Vec::new();
    let mut written = None;
    let mut published = None;
    let mut i = 0;
    let mut pending: Option<&'static str> = None;
    while i < lines.len() {
        let text = lines[i].text.as_str();
        if let Some(label) = pending.take() {
            // The value of a label that stood alone on the line before
            // (not across dropped furniture: 来源: / 浏览量: / the title).
            if !lines[i].after_furniture && header_pairs(text).is_none() && !starts_body(text) {
                take(label, text, &mut top, &mut published, &mut written);
                i += 1;
                continue;
            }
        }
        if let Some(pairs) = header_pairs(text) {
            for (label, value) in pairs {
                if value.is_empty() {
                    pending = Some(label);
                } else {
                    take(label, &value, &mut top, &mut published, &mut written);
                }
            }
            i += 1;
            continue;
        }
        if let Some(d) = date_time(text) {
            // A date alone on a line at the top: the publication date.
            published.get_or_insert(d);
            i += 1;
            continue;
        }
        if starts_body(text) {
            break;
        }
        // A title with its date glued on: …的通报 (2024-07-26).
        let text = text.trim_start_matches(BULLETS);
        let text = match regex(r"^(.{6,}?)\s*\((\d{4}-\d{1,2}-\d{1,2})\)$").captures(text) {
            Some(c) if ends_like_title(c.get(1).map_or("", |m| m.as_str())) => {
                published.get_or_insert_with(|| date_time(&c[2]).unwrap_or_default());
                c.get(1).map_or(text, |m| m.as_str())
            }
            _ => text,
        };
        if super::text::document_numbers(text)
            .first()
            .is_some_and(|(s, e, _)| e - s + 2 >= text.len())
        {
            top.document_number.get_or_insert_with(|| text.to_string());
        } else {
            candidates.push((i, text));
        }
        i += 1;
    }
    top.title = title(&candidates);
    if top.title.is_none() {
        top.title = top.header_title.clone();
    }
    top.published = published.or(written);
    (top, i)
}

fn take(
    label: &str,
    value: &str,
    top: &mut Top,
    published: &mut Option<String>,
    written: &mut Option<String>,
) {
    let value = value.trim();
    match field_of(label) {
        Field::Title => {
            top.header_title
                .get_or_insert_with(|| value.replace(' ', ""));
        }
        Field::Published | Field::Written => {
            let slot = if field_of(label) == Field::Published {
                published
            } else {
                written
            };
            match leading_date(value) {
                Some(d) => {
                    slot.get_or_insert(d);
                }
                None if regex(r"^\d{4}").is_match(value) => {
                    top.bad_date.get_or_insert_with(|| value.to_string());
                }
                None => {}
            }
        }
        Field::Source => {
            // 来源:本站 is still what the page says; keep it as written.
            let v = value.split(' ').next().unwrap_or("").to_string();
            if !v.is_empty() {
                top.source.get_or_insert(v);
            }
        }
        Field::Number => {
            if !value.is_empty() && value != "无" && value != "-" {
                top.document_number.get_or_insert_with(|| value.to_string());
            }
        }
        Field::Other => {}
    }
}

/// The document's title among the short lines above the text: the run of
/// lines that ends like a title, extended upwards over a wrapped first
/// line; the last such run wins (the title stands nearest the text).
fn title(candidates: &[(usize, &str)]) -> Option<String> {
    let Some(end) = candidates
        .iter()
        .rposition(|(_, t)| ends_like_title(t) && !is_site_name(t))
    else {
        return repeated_headline(candidates);
    };
    let mut start = end;
    let mut joined = candidates[end].1.to_string();
    while start > 0 {
        let (prev_index, prev) = candidates[start - 1];
        let adjacent = prev_index + 1 == candidates[start].0;
        // A banner or breadcrumb (温岭市人民政府 · 巡察整改) is no part of a
        // title, and a title that starts with 中共 has its issuer whole.
        if !adjacent
            || is_site_name(prev)
            || ends_like_title(prev)
            || prev.contains(['|', '｜', '·', '•', '>', '＞'])
            || joined.starts_with("中共")
        {
            break;
        }
        let cut_issuer = ["委员会", "党组", "党委", "党工委"]
            .iter()
            .any(|w| joined.starts_with(w));
        let wraps = if cut_issuer {
            // …有限公司 / 委员会关于…: the issuer's name was cut before its
            // last word.
            true
        } else if joined.contains("关于") && !joined.starts_with("关于") {
            // The run already has its issuer; only a cut word continues.
            !ends_like_issuer(prev) && prev.chars().count() >= 10
        } else if joined.starts_with("关于") {
            ends_like_issuer(prev)
        } else {
            true
        };
        if !wraps {
            break;
        }
        joined = format!("{prev}{joined}");
        start -= 1;
    }
    Some(joined.replace(' ', ""))
}

/// A news page's headline ends in no word a title ends in (向阳区开展巡察
/// 整改专项督查), but the page shows it twice above the text: alone, and
/// in its title bar or after its column's label (本级巡察整改:…).
fn repeated_headline(candidates: &[(usize, &str)]) -> Option<String> {
    let shown_as = |line: &str, headline: &str| {
        line == headline
            || [':', '：'].iter().any(|colon| {
                line.strip_suffix(headline)
                    .is_some_and(|label| label.ends_with(*colon))
            })
    };
    candidates
        .iter()
        .map(|(_, line)| line.trim())
        .find(|headline| {
            headline.chars().count() >= 8
                && !is_site_name(headline)
                && !headline.contains(['|', '｜', '·', '•', '>', '＞', ':', '：'])
                && candidates
                    .iter()
                    .filter(|(_, line)| shown_as(line.trim(), headline))
                    .count()
                    >= 2
        })
        .map(|headline| headline.replace(' ', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headline_shown_twice_is_the_title() {
        let lines = [
            (0, "本级巡察整改:向阳区开展巡察整改专项督查"),
            (2, "向阳区开展巡察整改专项督查"),
        ];
        assert_eq!(title(&lines).as_deref(), Some("向阳区开展巡察整改专项督查"));
        // Once is not enough: a first sentence is no headline.
        assert_eq!(title(&lines[1..]), None);
    }

    fn lines(text: &str) -> Vec<Line> {
        super::super::clean::lines(text)
    }

    #[test]
    fn a_disclosure_header_with_values_on_the_next_line() {
        let text = "关怀版\n无障碍\n您当前所在位置：首页 > 信息公开 > 通知公告\n·信息索引号：\n11330000-2023-00123\n·文件名称：\n关于巡察整改进展情况的通报\n·发布机构：\n县委巡察办\n·成文日期：\n2023-09-07\n·公开方式：主动公开\n效力状态：有效\n中共某某县某某局委员会\n关于巡察整改进展情况的通报\n根据县委统一部署，县委第一巡察组对某某局党委进行了巡察。\n";
        let ls = lines(text);
        let (top, start) = read(&ls);
        assert_eq!(
            top.title.as_deref(),
            Some("中共某某县某某局委员会关于巡察整改进展情况的通报")
        );
        assert_eq!(top.source.as_deref(), Some("县委巡察办"));
        assert_eq!(top.published.as_deref(), Some("2023-09-07"));
        assert!(ls[start].text.starts_with("根据"));
    }

    #[test]
    fn a_glued_publication_line_and_a_long_title() {
        let text = "中共广州市住房和城乡建设局党组关于十一届市委第十轮巡察整改进展情况的通报\n2021-02-23 12:42:06来源:广州市住房和城乡建设局\n分享\n按照市委统一部署，2020年4月至6月，市委第一巡察组对市住房城乡建设局党组开展了巡察。\n";
        let (top, start) = read(&lines(text));
        assert_eq!(
            top.title.as_deref(),
            Some("中共广州市住房和城乡建设局党组关于十一届市委第十轮巡察整改进展情况的通报")
        );
        assert_eq!(top.published.as_deref(), Some("2021-02-23 12:42:06"));
        assert_eq!(top.source.as_deref(), Some("广州市住房和城乡建设局"));
        assert_eq!(start, 2);
    }

    #[test]
    fn several_fields_on_one_line_and_the_site_name_above() {
        let text = "某某市人民政府门户网站\n发布时间：2022-3-8 9:30 来源：市委巡察办 浏览次数：1024\n关于中共某某市某某局党组巡察整改进展情况的通报\n一、整改工作开展情况\n";
        let (top, _) = read(&lines(text));
        assert_eq!(
            top.title.as_deref(),
            Some("关于中共某某市某某局党组巡察整改进展情况的通报")
        );
        assert_eq!(top.published.as_deref(), Some("2022-03-08 09:30"));
        assert_eq!(top.source.as_deref(), Some("市委巡察办"));
    }

    /// 【信息时间:2026-02-13 阅读次数: 】【字号 】 (dongchengqu.xuchang.gov.cn).
    #[test]
    fn an_information_time_in_brackets_is_the_publication_date() {
        let text = "中共许昌市东城区工委关于巡察整改情况的通报\n【信息时间:2026-02-13 阅读次数: 】【字号 】【我要打印】【关闭\n根据市委统一部署，市委第一巡察组对东城区进行了巡察。\n";
        let (top, _) = read(&lines(text));
        assert_eq!(top.published.as_deref(), Some("2026-02-13"));
        assert_eq!(
            top.title.as_deref(),
            Some("中共许昌市东城区工委关于巡察整改情况的通报")
        );
    }

    #[test]
    fn nothing_stated_gives_nothing() {
        let (top, start) = read(&lines("按照部署，开展了巡察。\n"));
        assert_eq!(top, Top::default());
        assert_eq!(start, 0);
    }
}
