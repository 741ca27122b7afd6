//! Cleaning a pasted notice into logical lines: what web pages and word
//! processors add (page furniture, repeated or blank lines, lines broken in
//! mid-sentence) goes; each kept line remembers
//! where it started in the file, for warnings.

use super::text::Line;

/// Normalises what notices mix freely: full-width digits, letters,
/// brackets and spaces become their ASCII forms (except 〔〕 in document
/// numbers, which stay as written), and runs of spaces become one. Returns
/// that text for matching, and beside it the text to publish:
/// the same characters one for one, except that the full-width brackets,
/// colon and dot stay as the notice wrote them (镇（街道）).
pub(crate) fn normalize_pair(text: &str) -> (String, String) {
    let mut out = String::with_capacity(text.len());
    let mut shown = String::with_capacity(text.len());
    for original in text.chars() {
        let c = match original {
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
                char::from_u32(original as u32 - 0xFEE0).unwrap_or(original)
            }
            _ => original,
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
        shown.push(if matches!(original, '（' | '）' | '．' | '：') {
            original
        } else {
            c
        });
    }
    // Both trim the same spaces, so they stay one for one.
    (out.trim().to_string(), shown.trim().to_string())
}

/// Splits a notice's text into lines, normalised, without page furniture
/// (wherever it sits) and blank lines; each remembers its line number.
pub(crate) fn lines(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect();
    let mut lines = Vec::new();
    let mut dropped = false;
    for (number, raw) in super::table::unfold(raw) {
        let (text, shown) = normalize_pair(&raw);
        if text.is_empty() {
            continue;
        }
        if is_furniture(&text) {
            dropped = true;
            continue;
        }
        lines.push(Line {
            number,
            text,
            shown,
            after_furniture: std::mem::take(&mut dropped),
        });
    }
    lines
}

/// Joins the lines of the text proper (after the top of the page) into
/// logical lines: a line broken in mid-sentence continues the one before,
/// and a line pasted twice is dropped.
pub(crate) fn join(raw: Vec<Line>) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    // A line pasted twice is dropped, also when the first copy was already
    // joined to its continuation.
    let (mut previous, mut before_previous, mut joined) = (String::new(), String::new(), false);
    for line in raw {
        let text = line.text;
        if text == previous || (joined && text == before_previous) {
            continue;
        }
        before_previous = std::mem::replace(&mut previous, text.clone());
        joined = false;
        // A line broken in mid-sentence continues the previous one.
        if let Some(last) = lines.last_mut() {
            // A quote closing at a line's end ends it, unless the next line
            // goes on with what the quote names (“…”/问题的整改进展情况).
            let quote_goes_on = last.text.ends_with(['”', '"', '》'])
                && (["问题", "的问题", "等问题", "方面", "的整改", "整改"]
                    .iter()
                    .any(|w| text.starts_with(w))
                    // 《…》 then its number on the next line: (温应急[2023]22号)
                    || (last.text.ends_with('》') && text.starts_with('(')));
            let ended = !quote_goes_on
                && last
                    .text
                    .ends_with(['。', '；', ';', '！', '？', '：', ':', '”', '"', ')', '》']);
            if !ended
                && !super::labels::starts_unit(&text)
                && !looks_like_title(&last.text)
                && !is_metadata(&last.text)
                && last.text.chars().count() > 20
            {
                last.text.push_str(&text);
                last.shown.push_str(&line.shown);
                joined = true;
                continue;
            }
        }
        lines.push(Line {
            number: line.number,
            text,
            shown: line.shown,
            after_furniture: line.after_furniture,
        });
    }
    lines
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

/// Page furniture: lines that are never content, wherever they sit.
pub(crate) fn is_furniture(text: &str) -> bool {
    const EXACT: &[&str] = &[
        "分享",
        "分享到",
        "朗读",
        "打印",
        "关闭",
        "关闭窗口",
        "打印本页",
        "打印本文",
        "收藏",
        "【打印】",
        "【关闭】",
        "【打印本页】",
        "【关闭窗口】",
        "【字体：大 中 小】",
        "字号：大 中 小",
        "扫一扫在手机打开当前页",
        "扫一扫在手机上查看当前页面",
        "返回顶部",
        "返回首页",
        "上一篇",
        "下一篇",
        "关怀版",
        "无障碍",
        "长者模式",
        "简体",
        "繁体",
        "繁體",
        "微信",
        "微博",
        "QQ空间",
        "手机版",
        "English",
        "登录",
        "注册",
        "搜索",
        "首页",
        "相关链接",
        "相关文章",
        "相关附件",
        "附件：",
        "附件:",
        "正文",
        "大",
        "中",
        "小",
        "A+",
        "A-",
        "A",
        // Column names printed above an article (本级巡察 › the title).
        "本级巡察",
        "巡察工作",
        "巡视巡察",
        "巡察整改",
        "巡视整改",
        "整改公开",
        "工作动态",
        "通知公告",
    ];
    let t = text.trim().trim_matches(['|', '｜', '·', '•', ' ']);
    if t.is_empty() || EXACT.contains(&t) {
        return true;
    }
    const STARTS: &[&str] = &[
        "浏览量",
        "浏览次数",
        "阅读量",
        "阅读次数",
        "访问量",
        "访问次数",
        "点击数",
        "点击量",
        "点击次数",
        "【字体",
        "字体:",
        "字体：",
        "分享到",
        "您当前所在位置",
        "您现在的位置",
        "您的位置",
        "当前位置",
        "所在位置",
        "当前所在位置",
        "版权所有",
        "Copyright",
        "copyright",
        "网站标识码",
        "技术支持",
        "网站地图",
        "主办单位:",
        "主办单位：",
        "承办单位:",
        "承办单位：",
        "主办:",
        "主办：",
        "扫一扫",
        "【打印",
        "【关闭",
        "[打印",
        "[关闭",
        "视力保护色",
        "今天是",
        "今天是:",
        "无障碍浏览",
        "适老化",
    ];
    if STARTS.iter().any(|s| t.starts_with(s)) {
        return true;
    }
    if t.starts_with("字号") && t.contains('大') && t.contains('小') {
        return true;
    }
    // ICP and public-security filing numbers in a footer.
    if (t.contains("ICP备") || t.contains("公网安备")) && t.chars().count() < 80 {
        return true;
    }
    // Breadcrumbs: 首页 > 政务公开 > 通知公告.
    let arrows = t.matches(['>', '＞', '»', '›']).count();
    if arrows >= 1 && (t.contains("首页") || t.contains("位置") || arrows >= 2) {
        return true;
    }
    // A row of page controls: 打印 关闭 收藏.
    let words: Vec<&str> = t
        .split([' ', '|', '｜', '/'])
        .filter(|w| !w.is_empty())
        .collect();
    words.len() > 1
        && words
            .iter()
            .all(|w| EXACT.contains(&w.trim_matches(['【', '】', '[', ']'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_page_furniture_and_glues_broken_lines() {
        let text = "索引号：001-2023-123\n发布机构：市委巡察办\n浏览量：123\n分享\n\n一是对照检查，逐条逐项梳理巡察反馈的每一项问题\n并全部整改到位。\n一是对照检查，发现问题\n二是加强学习。\n";
        let raw = lines(text);
        let (top, start) = super::super::top::read(&raw);
        let lines = join(raw.into_iter().skip(start).collect());
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
            normalize_pair("（一）关于２０２３年　问题").0,
            "(一)关于2023年 问题"
        );
    }
}
