//! The structure of a notice: title and publication line, introduction,
//! areas (一、), groups ((一)), numbered problems (1.) and measures (一是…),
//! the closing and the contact block. Which marker stands for which level
//! is read from the notice itself, so the layouts real notices use
//! (一、/(一)/1./一是, or (一)/1./(1), or 一、/(一)/一是) all parse.

use super::labels::{inline_measures, label_of, Label};
use super::text::{chinese_value, labelled, marker, preview, Line, Marker};

/// A notice as read.
#[derive(Debug, Clone, Default)]
pub struct Notice {
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub document_number: Option<String>,
    /// A date on a line of its own after the text (the signature's date).
    pub signed: Option<String>,
    pub intro: Vec<String>,
    /// How many of `intro`'s paragraphs are the notice's own introduction
    /// and general sections; the rest are sections that turned out to hold
    /// no problems (一、财政部门预算执行问题的整改情况: one area's text,
    /// whose figures are often that area's alone).
    pub intro_own: usize,
    /// The rest is one section of a notice that lists no problems: its
    /// figures may stand for the notice where the introduction has none.
    pub rest_may_be_whole: bool,
    pub areas: Vec<AreaFound>,
    pub closing: Vec<String>,
    /// Things the parser could not place, with the notice's line number.
    pub warnings: Vec<(usize, String)>,
    /// How problems were found, in words (一、为方面，（一）为问题…).
    pub levels: String,
}

/// An area (一、) and its groups.
#[derive(Debug, Clone, Default)]
pub struct AreaFound {
    pub title: String,
    pub line: usize,
    pub groups: Vec<GroupFound>,
    /// Paragraphs under the heading before its first group.
    pub notes: Vec<(usize, String)>,
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
    /// The status the notice states for this problem (整改状态:已完成),
    /// with its line.
    pub stated_status: Option<(usize, String)>,
    /// The deadline the notice states for it (整改时限:2023年12月底前).
    pub stated_deadline: Option<(usize, String)>,
    /// The responsible unit it names (责任单位:…).
    pub department: Option<String>,
}

/// A heading's title: the quoted problem if there is one, else the text
/// without the stock phrases around it.
fn heading_title(text: &str) -> String {
    // 反馈问题:… and a second marker (1.(1)…) are not part of the title.
    let text = labelled(text, &["反馈问题", "存在问题", "主要问题", "问题"]).unwrap_or(text);
    let text = match marker(text) {
        Some((m, _, rest)) if m != Marker::Ordinal && !rest.is_empty() => rest,
        _ => text,
    };
    if let Some(q) = named_by_quote(text) {
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
    // 关于少数领导干部不守政治规矩的问题 → 少数领导干部不守政治规矩.
    if let Some(inner) = t
        .strip_prefix("关于")
        .and_then(|r| r.strip_suffix("的问题"))
    {
        if !inner.is_empty() {
            t = inner.to_string();
        }
    }
    t.trim().to_string()
}

/// The quoted words a heading names its problem by (关于“…”问题的整改情况,
/// 针对巡察指出的“…”问题): the first quote, standing in the heading's first
/// sentence with nothing around it there but such framing. A phrase
/// quoted inside a sentence is no title (附海镇通过制订“三张单子”，对…问题
/// 进行持续整改), nor one beside other words of the title (“三重一大”决策
/// 制度执行不到位).
fn named_by_quote(text: &str) -> Option<String> {
    const ENDS: [char; 3] = ['。', '；', ';'];
    let open = text.find(['“', '"'])?;
    if text[..open].contains(ENDS) {
        return None;
    }
    let inside_at = open + text[open..].chars().next().map_or(1, char::len_utf8);
    let close = inside_at + text[inside_at..].find(['”', '"'])?;
    let after = &text[close..];
    let after = &after[..after.find(ENDS).unwrap_or(after.len())];
    let framing = [
        "关于", "针对", "巡察", "巡视", "反馈", "指出", "发现", "提出", "问题", "的", "整改",
        "进展", "情况", "在", "方面", "等", "“", "”", "\"",
    ];
    let rest = framing
        .iter()
        .fold(format!("{}{after}", &text[..open]), |rest, word| {
            rest.replace(word, "")
        });
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || "。.，,：:；;".contains(c));
    let quote = text[inside_at..close]
        .trim()
        .trim_end_matches(['。', '.'])
        .trim();
    (rest.chars().count() <= 2 && !quote.is_empty()).then(|| quote.to_string())
}

/// Reads the cleaned lines of a notice; `top` is what the top of the page
/// stated.
pub(crate) fn parse(lines: &[Line], top: &super::top::Top) -> Notice {
    let mut notice = Notice {
        title: top.title.clone(),
        published: top.published.clone(),
        source: top.source.clone(),
        document_number: top.document_number.clone(),
        ..Notice::default()
    };
    if let Some(bad) = &top.bad_date {
        notice.warnings.push((
            0,
            crate::say!(
                "发布时间“{bad}”不是日期：在 report.md 里改好 `published`",
                "the publication date `{bad}` is not a date; set `published` in report.md"
            ),
        ));
    }
    let mut lines: Vec<&Line> = lines.iter().collect();
    // The signature's date, on a line of its own at the end.
    if let Some(mut pos) = lines
        .iter()
        .rposition(|l| super::top::date_time(&l.text).is_some())
    {
        if lines.len() - pos <= 3 {
            notice.signed = super::top::date_time(&lines[pos].text);
            lines.remove(pos);
            // The signature (the unit's name on its own line just above
            // the date) closes the notice, wherever the text before it
            // ends: never a last measure. A numbered line is no signature.
            while pos > 0
                && super::top::is_signature(&lines[pos - 1].text)
                && marker(&lines[pos - 1].text).is_none()
            {
                lines.remove(pos - 1);
                pos -= 1;
            }
        }
    }
    let (before, own, structural, after) = sections(&lines);
    for line in before {
        notice.intro.push(line.shown_of(&strip_marker(&line.text)));
    }
    notice.intro_own = own;
    let mut prose_sections = usize::from(own < notice.intro.len());
    structure(&structural, &mut notice);
    if prose_sections == 0 {
        // Prose before the first area of the problems' sections speaks
        // for all of them.
        notice.intro_own = notice.intro.len();
    }
    // A heading with text but no problems under it is prose, not an area;
    // an area's notes before its first group are kept with a warning.
    let areas = std::mem::take(&mut notice.areas);
    let listed = areas.iter().any(|a| !a.groups.is_empty());
    for area in areas {
        if area.groups.is_empty() {
            prose_sections += 1;
            notice.intro.push(area.title.clone());
            notice.intro.extend(area.notes.into_iter().map(|n| n.1));
        } else {
            for (line, text) in &area.notes {
                notice.warnings.push((
                    *line,
                    crate::say!(
                        "不属于任何问题的文字没有导入：{}",
                        "text outside any problem was skipped: {}",
                        preview(text)
                    ),
                ));
            }
            notice.areas.push(area);
        }
    }
    notice.rest_may_be_whole = prose_sections == 1 && !listed;
    // A group heading with nothing under it is a problem whose measures
    // the notice does not give: its own file (and a warning), never an
    // empty group on the page.
    for group in notice.areas.iter_mut().flat_map(|a| a.groups.iter_mut()) {
        if group.problems.is_empty() {
            group.problems.push(ProblemFound {
                line: group.line,
                ..ProblemFound::default()
            });
        }
    }
    for line in after {
        // A 下一步 heading is not closing text; its paragraphs are.
        let is_heading = marker(&line.text).is_some_and(|(m, _, rest)| {
            m != Marker::Ordinal && rest.chars().count() <= 20 && !rest.ends_with('。')
        });
        if !is_heading {
            notice
                .closing
                .push(line.shown_of(&strip_marker(&line.text)));
        }
    }
    // The signature (the unit's name on a line of its own) closes the
    // notice; it is not closing text.
    while notice
        .closing
        .last()
        .is_some_and(|l| super::top::is_signature(l))
    {
        notice.closing.pop();
    }
    notice
}

/// A paragraph that opens by speaking of all the problems listed (以上问
/// 题，…; 针对上述问题，…), not of one: the comma after the words tells it
/// from a problem's own 上述问题已整改完成.
fn sums_up_the_problems(text: &str) -> bool {
    let text = text
        .trim_start()
        .trim_start_matches("针对")
        .trim_start_matches("对");
    ["以上问题", "上述问题"].iter().any(|w| {
        text.strip_prefix(w)
            .is_some_and(|rest| rest.starts_with(['，', ',']))
    })
}

/// The heading markers a run of lines uses, outermost first.
fn heading_markers(lines: &[&Line]) -> Vec<Marker> {
    let mut used: Vec<Marker> = Vec::new();
    for line in lines {
        if let Some((m, _, _)) = marker(&line.text) {
            if !used.contains(&m) {
                used.push(m);
            }
        }
    }
    [
        Marker::Chinese,
        Marker::ParenChinese,
        Marker::Arabic,
        Marker::ParenArabic,
    ]
    .into_iter()
    .filter(|m| used.contains(m))
    .collect()
}

/// What a top-level section is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// The work in general (整改工作开展情况, 组织领导): introduction.
    General,
    /// The feedback's problems and their rectification.
    Problems,
    /// 下一步: closing.
    Next,
}

fn section_kind(heading: &str) -> Section {
    let has = |words: &[&str]| words.iter().any(|w| heading.contains(w));
    if has(&["下一步", "下步", "今后", "工作打算", "下阶段", "下一阶段"]) {
        return Section::Next;
    }
    let general = has(&[
        "工作开展",
        "组织领导",
        "组织整改",
        "基本情况",
        "总体情况",
        "总体履责",
        "履责情况",
        "主要做法",
        "工作举措",
        "整改工作情况",
        "政治站位",
        "思想认识",
        "加强领导",
        "压实责任",
        "总体部署",
        // 审计整改工作总体推进情况 (a 慈溪 审计整改 report); 落实整改组织
        // 情况 (a 社区's 巡察整改 notice).
        "总体推进",
        "整改组织情况",
        "工作成效",
        "整改成效",
        // 郑州's 巡察整改情况公开办法 names these sections: the secretary's
        // and the party organisation's own work on the rectification.
        "主体责任落实",
        "整改主体责任",
        "第一责任人",
        // 认真履行主体责任，从严从实抓好巡视反馈整改工作; 强化政治自觉，
        // 全力以赴抓好巡察整改: the work itself, not its problems.
        "履行主体责任",
        "抓好巡视",
        "抓好巡察",
        "政治自觉",
    ]);
    if general && !has(&["方面", "反馈问题", "反馈意见", "具体问题"]) {
        return Section::General;
    }
    Section::Problems
}

/// Splits the text into what comes before the problems (introduction and
/// general sections), the problems, and what follows them. A single
/// problems section that wraps its own headings (二、巡察反馈问题整改落实
/// 情况 > (一) … > 1. …) is unwrapped, so areas start one level down.
/// The second value counts the lines of the first that are the notice's
/// own introduction and general sections (the rest is a problems section
/// that held no problem headings).
fn sections<'a>(lines: &[&'a Line]) -> (Vec<&'a Line>, usize, Vec<&'a Line>, Vec<&'a Line>) {
    let heads = heading_markers(lines);
    let Some(&top) = heads.first() else {
        return (Vec::new(), 0, lines.to_vec(), Vec::new());
    };
    // (heading index, kind) for each top-level section.
    let starts: Vec<(usize, Section)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match marker(&l.text) {
            Some((m, _, rest)) if m == top => Some((i, section_kind(rest))),
            _ => None,
        })
        .collect();
    let problems: Vec<usize> = starts
        .iter()
        .enumerate()
        .filter(|(_, (_, k))| *k == Section::Problems)
        .map(|(n, _)| n)
        .collect();
    let (Some(&first), Some(&last)) = (problems.first(), problems.last()) else {
        // No problem section: everything before the first 下一步 is the
        // introduction.
        let next = starts
            .iter()
            .find(|(_, k)| *k == Section::Next)
            .map_or(lines.len(), |(i, _)| *i);
        let own = lines[..next].len();
        return (
            lines[..next].to_vec(),
            own,
            Vec::new(),
            lines[next..].to_vec(),
        );
    };
    let begin = starts[first].0;
    let mut end = starts.get(last + 1).map_or(lines.len(), |(i, _)| *i);
    // 以上问题，我局高度重视…: a paragraph speaking of every problem above
    // closes the problems' sections; it is no measure of the last one.
    // Only after the last heading of any level: before it, the words
    // belong to a problem (（一）… 上述问题，已于6月整改完成。（二）…).
    let last_heading = (starts[last].0..end)
        .rev()
        .find(|&k| marker(&lines[k].text).is_some())
        .unwrap_or(starts[last].0);
    if let Some(k) = (last_heading + 1..end)
        .find(|&k| marker(&lines[k].text).is_none() && sums_up_the_problems(&lines[k].text))
    {
        end = k;
    }
    let mut before = lines[..begin].to_vec();
    let mut structural: Vec<&Line> = Vec::new();
    let mut after = lines[end..].to_vec();
    // General sections between problem sections go to the introduction.
    for (n, (i, kind)) in starts.iter().enumerate() {
        if n < first || n > last {
            continue;
        }
        let stop = match n == last {
            true => end,
            false => starts.get(n + 1).map_or(lines.len(), |(j, _)| *j),
        };
        match kind {
            Section::Problems => structural.extend_from_slice(&lines[*i..stop]),
            Section::General => before.extend_from_slice(&lines[*i..stop]),
            Section::Next => {
                after.splice(0..0, lines[*i..stop].iter().copied());
            }
        }
    }
    let own = before.len();
    if problems.len() == 1 {
        let heading = &structural[0].text;
        let inner = &structural[1..];
        let inner_heads = heading_markers(inner);
        // 二、巡察反馈问题整改落实情况 wraps the areas; 一、对“…”的整改
        // 进展情况 and 一、在…方面 are areas themselves.
        let wraps = marker(heading).is_some_and(|(_, _, rest)| {
            !rest.contains("方面")
                && !rest.contains(['“', '"'])
                && ["反馈", "整改落实", "整改情况", "整改进展", "问题"]
                    .iter()
                    .any(|w| rest.contains(w))
        });
        if wraps && !inner_heads.is_empty() {
            structural = inner.to_vec();
        } else if wraps {
            // A wrapper with no problem headings under it (a summary, or a
            // copy cut off before the list) is prose.
            before.append(&mut structural);
        }
    }
    (before, own, structural, after)
}

/// A heading with its measures run on after it (关于…的问题。一是…二是…):
/// the heading, and the measures' text from 一是 on.
fn split_heading(text: &str) -> (&str, Option<&str>) {
    if let Some(at) = inline_measures(text) {
        return (text[..at].trim_end(), Some(&text[at..]));
    }
    match super::text::regex(r"[。:；;]\s*一是").find(text) {
        Some(m) => {
            let cut = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            (&text[..cut], Some(text[cut..].trim_start()))
        }
        None => (text, None),
    }
}

/// 一是…。二是…。 on one line: one measure each, as when they stand on
/// lines of their own.
fn split_ordinals(text: &str) -> Vec<String> {
    let pattern = super::text::regex(r"[。；;]([二三四五六七八九十]{1,3})是");
    let mut parts = Vec::new();
    let mut start = 0;
    let mut expected = 2;
    for c in pattern.captures_iter(text) {
        // Only the next ordinal in sequence starts a new measure.
        if chinese_value(&c[1]) != expected {
            continue;
        }
        expected += 1;
        let cut = c.get(1).expect("group").start();
        parts.push(text[start..cut].to_string());
        start = cut + c[1].len() + '是'.len_utf8();
    }
    parts.push(text[start..].to_string());
    if parts.len() > 1 {
        parts[0] = parts[0]
            .strip_prefix("一是")
            .map(|p| p.trim_start_matches(['，', ',', ':']).to_string())
            .unwrap_or_else(|| parts[0].clone());
    }
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// A heading's text without its marker, for prose.
fn strip_marker(text: &str) -> String {
    match marker(text) {
        Some((Marker::Ordinal, _, _)) | None => text.to_string(),
        Some((_, _, rest)) => rest.to_string(),
    }
}

/// Which heading marker stands for which level of the problems' sections.
#[derive(Debug, Clone, Copy, Default)]
struct Levels {
    area: Option<Marker>,
    group: Option<Marker>,
    /// A numbered sub-problem of a group (absent: each group is a problem).
    problem: Option<Marker>,
    /// What numbers measures (一是, or the deepest of three levels).
    measure: Option<Marker>,
    /// Problems are labelled (问题3:, 【问题】) rather than headed.
    labelled: bool,
}

impl Levels {
    /// Reads the levels from the markers and labels the body uses. Where
    /// labels show the problems (`问题N:`) or what follows each problem
    /// (`整改情况:` after `(1)…`), they decide; otherwise the depth of the
    /// headings does (一、/(一)/1. with 一是 measures).
    fn of(body: &[&Line]) -> Levels {
        let used: Vec<Marker> = body
            .iter()
            .filter_map(|l| marker(&l.text).map(|m| m.0))
            .collect();
        let ordinal = used.contains(&Marker::Ordinal).then_some(Marker::Ordinal);
        let heading = |l: &Line| {
            marker(&l.text)
                .filter(|m| m.0 != Marker::Ordinal)
                .map(|m| m.0)
        };
        // Labelled problems: the heading levels standing right above them.
        let labelled: Vec<usize> = (0..body.len())
            .filter(|&i| matches!(label_of(&body[i].text), Some((Label::Problem, _))))
            .collect();
        if !labelled.is_empty() {
            let mut above: Vec<Marker> = Vec::new();
            for &i in &labelled {
                for l in body[i.saturating_sub(50)..i].iter().rev() {
                    match heading(l) {
                        Some(m) if !above.contains(&m) => above.push(m),
                        Some(_) => {}
                        None if label_of(&l.text).is_some() => break,
                        None => {}
                    }
                }
            }
            let mut heads: Vec<Marker> = heading_markers(body)
                .into_iter()
                .filter(|m| above.contains(m))
                .collect();
            heads.truncate(2);
            return Levels {
                area: heads.first().copied(),
                group: heads.get(1).copied(),
                problem: None,
                measure: ordinal,
                labelled: true,
            };
        }
        // `(1)…` then `整改情况:…`: the level of the lines that measures
        // labels follow is the problems' level.
        let mut votes: Vec<(Marker, usize)> = Vec::new();
        for (i, line) in body.iter().enumerate() {
            let inline = inline_measures(&line.text).is_some() && heading(line).is_some();
            let follows = matches!(
                label_of(&line.text),
                Some((Label::Measures | Label::Status, _))
            );
            let owner = if inline {
                heading(line)
            } else if follows {
                // The item a label belongs to stands a few lines above it;
                // looking no further keeps long texts linear.
                body[i.saturating_sub(8)..i]
                    .iter()
                    .rev()
                    .find_map(|l| heading(l))
            } else {
                None
            };
            if let Some(m) = owner {
                match votes.iter_mut().find(|v| v.0 == m) {
                    Some(v) => v.1 += 1,
                    None => votes.push((m, 1)),
                }
            }
        }
        let mut heads = heading_markers(body);
        if let Some(&(problem, _)) = votes.iter().max_by_key(|v| (v.1, v.0)) {
            let k = heads.iter().position(|m| *m == problem).unwrap_or(0);
            let measure = ordinal.or_else(|| heads.get(k + 1).copied());
            return match k {
                0 => Levels {
                    group: Some(problem),
                    measure,
                    ..Levels::default()
                },
                1 => Levels {
                    area: Some(heads[0]),
                    group: Some(problem),
                    measure,
                    ..Levels::default()
                },
                _ => Levels {
                    area: Some(heads[k - 2]),
                    group: Some(heads[k - 1]),
                    problem: Some(problem),
                    measure,
                    labelled: false,
                },
            };
        }
        // 一是… is used both in the introduction and for measures: it
        // numbers measures only. Without it, the deepest of three heading
        // levels does.
        let measure = if ordinal.is_some() {
            ordinal
        } else if heads.len() >= 3 {
            heads.pop()
        } else {
            None
        };
        let (area, group, problem) = match heads.as_slice() {
            [a, g, p, ..] => (Some(*a), Some(*g), Some(*p)),
            [a, g] => (Some(*a), Some(*g), None),
            [g] => (None, Some(*g), None),
            [] => (None, None, None),
        };
        Levels {
            area,
            group,
            problem,
            measure,
            labelled: false,
        }
    }
}

impl Levels {
    /// The levels in a clerk's words, for the import summary.
    fn describe(&self) -> String {
        let shown = |m: Marker| match m {
            Marker::Chinese => "“一、”",
            Marker::ParenChinese => "“（一）”",
            Marker::Arabic => "“1.”",
            Marker::ParenArabic => "“（1）”",
            Marker::Ordinal => "“一是”",
        };
        let mut parts = Vec::new();
        if let Some(a) = self.area {
            parts.push(format!("{}为方面", shown(a)));
        }
        match (self.group, self.problem, self.labelled) {
            (_, _, true) => parts.push("“问题N:”或“【问题】”为问题".to_string()),
            (Some(g), Some(p), _) => {
                parts.push(format!("{}为问题组", shown(g)));
                parts.push(format!("{}（或“针对…”）为问题", shown(p)));
            }
            (Some(g), None, _) => {
                parts.push(format!("{}为问题（其下的“针对…”为分项问题）", shown(g)))
            }
            (None, _, _) => parts.push("未找到问题的编号层次".to_string()),
        }
        if let Some(m) = self.measure {
            parts.push(format!("{}为整改措施", shown(m)));
        }
        parts.join("，")
    }
}

/// The reader's place in the problems' sections.
#[derive(Default)]
struct Reader {
    in_body: bool,
    closing: bool,
    seen_group_numbers: Vec<u32>,
    /// The current group was opened by a heading (labelled problems are
    /// then its numbered sub-problems, else each is a group of its own).
    headed_group: bool,
    /// A problem label stood alone: its title is the next line.
    title_pending: bool,
}

/// Reads areas, groups, problems and measures from the problem sections.
fn structure(body: &[&Line], notice: &mut Notice) {
    let levels = Levels::of(body);
    notice.levels = levels.describe();
    let mut r = Reader::default();
    for line in body {
        let text = line.text.as_str();
        let found = marker(text);
        let kind = found.map(|f| f.0);
        if r.in_body
            && !r.closing
            && found.is_none()
            && (text.starts_with("下一步") || text.starts_with("欢迎") || text.starts_with("今后"))
        {
            r.closing = true;
        }
        if r.closing {
            notice.closing.push(line.shown.clone());
            continue;
        }
        if r.title_pending && label_of(text).is_none() && kind.is_none() {
            r.title_pending = false;
            if let Some(problem) = current_problem(notice) {
                problem.title = Some(line.shown_of(text.trim_end_matches(['。', '.'])));
            }
            continue;
        }
        if kind.is_some() && kind == levels.area {
            let (_, _, rest) = found.expect("marker");
            r.in_body = true;
            r.headed_group = false;
            r.seen_group_numbers.clear();
            notice.areas.push(AreaFound {
                title: line.shown_of(&heading_title(rest)),
                line: line.number,
                groups: Vec::new(),
                notes: Vec::new(),
            });
        } else if kind.is_some() && kind == levels.group {
            let (_, n, rest) = found.expect("marker");
            r.in_body = true;
            r.headed_group = true;
            open_default_area(notice, line.number);
            if r.seen_group_numbers.contains(&n) {
                let area = notice.areas.len();
                let next = notice.areas.last().map_or(0, |a| a.groups.len()) + 1;
                notice.warnings.push((
                    line.number,
                    crate::say!(
                        "第 {area} 个方面里（{}）出现了两次；按第 {next} 类导入，请核对",
                        "group number ({}) appears twice in area {area}; imported as group {next}",
                        crate::model::chinese_number(n)
                    ),
                ));
            }
            r.seen_group_numbers.push(n);
            let (rest, inline) = split_heading(rest);
            let area = notice.areas.last_mut().expect("an area");
            area.groups.push(GroupFound {
                title: line.shown_of(&heading_title(rest)),
                line: line.number,
                problems: Vec::new(),
            });
            // Only a heading with its measures on the line makes the group
            // a problem now; otherwise numbered sub-problems may follow.
            if let Some(measures) = inline {
                read_label(line, measures, notice, &mut r);
            }
        } else if kind.is_some() && kind == levels.problem && current_group(notice).is_some() {
            let (_, n, rest) = found.expect("marker");
            let (rest, inline) = split_heading(rest);
            let number = push_problem(notice, line, line.shown_of(&heading_title(rest)));
            if let Some(measures) = inline {
                read_label(line, measures, notice, &mut r);
            }
            if number != n {
                notice.warnings.push((
                    line.number,
                    crate::say!(
                        "编号为 {n} 的问题是该类的第 {number} 个，按 {number} 导入",
                        "problem numbered {n} is number {number} of its group; imported as {number}"
                    ),
                ));
            }
        } else if levels.labelled && matches!(label_of(text), Some((Label::Problem, _))) {
            let (_, title) = label_of(text).expect("a label");
            r.in_body = true;
            let title = line.shown_of(title.trim_end_matches(['。', '.']));
            r.title_pending = title.is_empty();
            if r.headed_group && current_group(notice).is_some() {
                push_problem(notice, line, title);
            } else {
                // Under an area heading only: each problem is a group.
                open_default_area(notice, line.number);
                let area = notice.areas.last_mut().expect("an area");
                area.groups.push(GroupFound {
                    title: title.clone(),
                    line: line.number,
                    problems: vec![ProblemFound {
                        title: None,
                        line: line.number,
                        ..ProblemFound::default()
                    }],
                });
            }
        } else if r.in_body && text.starts_with("针对") && current_group(notice).is_some() {
            // An unnumbered sub-problem: 针对“…”问题的进展情况.
            push_problem(notice, line, line.shown_of(&heading_title(text)));
        } else if r.in_body && label_of(text).is_some() && current_group(notice).is_some() {
            read_label(line, text, notice, &mut r);
        } else if r.in_body {
            let measure = match marker(text) {
                Some((m, _, rest)) if Some(m) == levels.measure => {
                    rest.trim_start_matches(['，', ',', ':'])
                }
                _ => text,
            };
            add_measures(notice, line, measure);
        } else {
            notice.intro.push(line.shown.clone());
        }
    }
}

/// An area for groups that stand under no area heading.
fn open_default_area(notice: &mut Notice, line: usize) {
    if notice.areas.is_empty() {
        notice.areas.push(AreaFound {
            // The notice names no area: a placeholder, never a title it
            // does not state.
            title: format!(
                "{}方面标题：通报未分方面，请填写或沿用通报的标题）",
                crate::model::PLACEHOLDER
            ),
            line,
            groups: Vec::new(),
            notes: Vec::new(),
        });
    }
}

/// A numbered sub-problem of the current group; returns its number.
fn push_problem(notice: &mut Notice, line: &Line, title: String) -> u32 {
    let group = current_group(notice).expect("a group");
    let number = group.problems.iter().filter(|p| p.number.is_some()).count() as u32 + 1;
    group.problems.push(ProblemFound {
        number: Some(number),
        title: Some(title),
        line: line.number,
        ..ProblemFound::default()
    });
    number
}

/// Text that is (part of) the current problem's measures: one measure per
/// 一是/二是… on the line. Text outside any problem is kept as an area's
/// note or reported.
fn add_measures(notice: &mut Notice, line: &Line, text: &str) {
    let loose = notice.areas.last().is_some_and(|a| a.groups.is_empty());
    match current_problem(notice) {
        Some(problem) => {
            // 该问题已完成整改。一是…: the problem's first words state its
            // status; the rest are its measures.
            let mut text = text;
            if problem.measures.is_empty() && problem.stated_status.is_none() {
                if let Some((word, rest)) = status_sentence(text) {
                    problem.stated_status = Some((line.number, word.to_string()));
                    text = rest;
                }
            }
            for part in split_ordinals(text)
                .into_iter()
                .filter(|p| !p.trim().is_empty())
            {
                problem.measures.push((line.number, line.shown_of(&part)));
            }
        }
        None if loose => {
            if let Some(area) = notice.areas.last_mut() {
                area.notes.push((line.number, line.shown_of(text)));
            }
        }
        None => notice.warnings.push((
            line.number,
            crate::say!(
                "不属于任何问题的文字没有导入：{}",
                "text outside any problem was skipped: {}",
                preview(text)
            ),
        )),
    }
}

/// A sentence stating the problem's status, opening its text (该问题已完
/// 成整改。此项问题正在整改；), as the status word and the text after it;
/// only where the whole sentence is a word the status vocabulary knows.
fn status_sentence(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let rest = ["该问题", "此问题", "本问题", "该项问题", "此项问题", "该项"]
        .iter()
        .find_map(|w| t.strip_prefix(w))?;
    // The whole sentence is the status: 该问题已整改，但回头看发现反弹
    // says more than a word can.
    let end = rest.find(['。', '；', ';'])?;
    let word = rest[..end].trim_start_matches("已经").trim();
    let word = match word.strip_prefix('已') {
        // 已整改完成: the vocabulary knows 整改完成 without 已.
        Some(w) if crate::model::words::status_words(word).is_err() => w,
        _ => word,
    };
    crate::model::words::status_words(word).ok()?;
    let after = &rest[end..];
    let after = after.strip_prefix(['。', '；', ';']).unwrap_or(after);
    Some((word, after))
}

/// A labelled piece of the current problem (`整改情况:…`, `完成情况:…`,
/// `整改时限:…`, `责任单位:…`), or measures without a label.
fn read_label(line: &Line, text: &str, notice: &mut Notice, r: &mut Reader) {
    let Some((label, value)) = label_of(text) else {
        add_measures(notice, line, text);
        return;
    };
    r.title_pending = false;
    match label {
        Label::Measures | Label::Problem => {
            if !value.is_empty() {
                add_measures(notice, line, value);
            }
        }
        Label::Status => {
            // 完成情况:已完成 states a status; 完成情况:一是… is progress.
            let (word, rest) = status_prefix(value);
            if let (Some(word), Some(problem)) = (word, current_problem(notice)) {
                problem.stated_status = Some((line.number, word.to_string()));
            }
            if word.is_none() && rest.chars().count() <= 12 {
                // A word the vocabulary does not know: kept for the warning.
                if let Some(problem) = current_problem(notice) {
                    problem.stated_status = Some((line.number, rest.to_string()));
                }
            } else if !rest.is_empty() {
                add_measures(notice, line, rest);
            }
        }
        Label::Deadline => {
            if let Some(problem) = current_problem(notice).filter(|_| !value.is_empty()) {
                problem.stated_deadline = Some((line.number, value.to_string()));
            }
        }
        Label::Department => {
            if let Some(problem) = current_problem(notice).filter(|_| !value.is_empty()) {
                problem.department = Some(line.shown_of(value));
            }
        }
    }
}

/// A status word at the start of a value (`已完成。一是…`), and the rest.
fn status_prefix(value: &str) -> (Option<&str>, &str) {
    let value = value.trim();
    if crate::model::words::status_words(value).is_ok() {
        return (Some(value), "");
    }
    let cut = value
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '，' | ',' | '；' | ';' | ' ' | '('))
        .map(|(i, _)| i);
    match cut {
        Some(i) if crate::model::words::status_words(&value[..i]).is_ok() => {
            let rest = value[i..].trim_start_matches(['。', '，', ',', '；', ';', ' ']);
            (Some(&value[..i]), rest.trim())
        }
        _ => (None, value),
    }
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
            ..ProblemFound::default()
        });
    }
    group.problems.last_mut()
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

    /// 该问题已完成整改。一是… (南宁市 审计整改 函, m.ilynn.cn/document_detail/61662.html):
    /// the opening sentence states the status; the measures follow it.
    #[test]
    fn a_problems_opening_sentence_may_state_its_status() {
        assert_eq!(
            status_sentence("该问题已完成整改。一是每年制定计划。"),
            Some(("已完成整改", "一是每年制定计划。"))
        );
        assert_eq!(
            status_sentence("此项问题正在整改；已制定方案。"),
            Some(("正在整改", "已制定方案。"))
        );
        assert_eq!(
            status_sentence("该问题已整改完成。"),
            Some(("整改完成", ""))
        );
        // More than a status: the sentence goes on.
        assert_eq!(
            status_sentence("该问题已整改，但回头看发现反弹，目前正在整改。"),
            None
        );
        assert_eq!(
            status_sentence("该问题已整改到位。"),
            Some(("已整改到位", ""))
        );
        // Not a status: what was done about the problem.
        assert_eq!(status_sentence("该问题已由财政局牵头整改。"), None);
        assert_eq!(status_sentence("一是每年制定计划。"), None);
    }

    /// The sections on the rectification work itself are prose, however
    /// they are named; an area of problems stays one.
    #[test]
    fn general_sections_are_told_from_areas_of_problems() {
        for general in [
            "党组书记组织落实整改工作情况",
            "局党组织巡察整改主体责任落实情况",
            "整改工作开展情况",
            "审计整改工作总体推进情况",
            "落实整改组织情况",
        ] {
            assert_eq!(section_kind(general), Section::General, "{general}");
        }
        for problems in ["在落实全面从严治党主体责任方面", "巡察反馈问题整改落实情况"]
        {
            assert_eq!(section_kind(problems), Section::Problems, "{problems}");
        }
    }

    #[test]
    fn labels_and_inline_ordinals_are_not_text() {
        assert_eq!(
            heading_title("反馈问题:聚焦上轮巡察整改、审计整改方面"),
            "聚焦上轮巡察整改、审计整改方面"
        );
        assert_eq!(
            heading_title("(1)巡察整改责任未扛牢,常态化推进不力。"),
            "巡察整改责任未扛牢,常态化推进不力"
        );
        assert_eq!(
            labelled("整改状态:阶段性完成", &["整改状态"]),
            Some("阶段性完成")
        );
        assert_eq!(labelled("整改状态是关键", &["整改状态"]), None);
        assert_eq!(
            split_ordinals("加强学习。二是完善制度；三是问责。五是不在序列"),
            vec!["加强学习。", "完善制度；", "问责。五是不在序列"]
        );
        assert_eq!(split_ordinals("一是加强学习。"), vec!["一是加强学习。"]);
        assert_eq!(
            split_heading("关于少数领导干部不守政治规矩的问题。一是纳入学习。二是结合换届。"),
            (
                "关于少数领导干部不守政治规矩的问题。",
                Some("一是纳入学习。二是结合换届。")
            )
        );
        assert_eq!(
            split_heading("关于“一是”的问题"),
            ("关于“一是”的问题", None)
        );
        assert_eq!(
            heading_title("关于少数领导干部不守政治规矩的问题。"),
            "少数领导干部不守政治规矩"
        );
    }

    #[test]
    fn headings_become_titles() {
        assert_eq!(
            heading_title("关于“贯彻落实上级决策部署不够有力”问题的整改进展情况。"),
            "贯彻落实上级决策部署不够有力"
        );
        assert_eq!(heading_title("针对“三重一大”等问题"), "三重一大");
        assert_eq!(
            heading_title("关于巡察反馈“三重一大”问题的整改情况"),
            "三重一大"
        );
        assert_eq!(
            heading_title("针对巡察指出的“违规发放津贴；超标准接待”问题"),
            "违规发放津贴；超标准接待"
        );
        assert_eq!(heading_title("关于\"三重一大\"问题"), "三重一大");
        // A phrase quoted inside the heading, or in a sentence after it,
        // names nothing (a real 慈溪 审计整改 report made “三张单子” a
        // problem: https://cixird.gov.cn/index.php/home/content?id=1532529).
        assert_eq!(
            heading_title("“三重一大”决策制度执行不到位"),
            "“三重一大”决策制度执行不到位"
        );
        let paragraph = "落实整改主体责任,多措并举开展整改。附海镇通过制订“三张单子”,对2016年经责审计提出的21个问题进行持续整改";
        assert_eq!(heading_title(paragraph), paragraph);
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
