//! Facts inside sentences: dates, document numbers, regulation titles,
//! amounts, the statistics a notice declares and its contact block.

use super::structure::Notice;
use super::text::{count_value, dates, document_numbers, regex, Line};
use crate::model::{Date, RegulationKind};
use regex::Regex;

/// A regulation or document named in a measure.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundRegulation {
    pub title: String,
    pub number: Option<String>,
    pub kind: RegulationKind,
}

/// Titles in 《》 paired with a document number right before or after
/// them, e.g. 印发了《…规定》（温应急[2023]19号） or 温应急[2023]25号《…通报》.
/// Titles without a number count only where the text says the unit issued
/// them (印发, 制定, 修订 …); commitment letters and laws quoted in passing
/// are not regulations.
pub(crate) fn regulations(text: &str) -> Vec<FoundRegulation> {
    let titles = regex(r"《([^《》]{2,80})》");
    let numbers = document_numbers(text);
    let mut found: Vec<FoundRegulation> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for caps in titles.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let title = caps[1].trim().to_string();
        let after = &text[whole.end()..];
        let before = &text[..whole.start()];
        // The numbers are in text order: the one just after the title, or
        // the one ending where it starts (found by search, not by a scan:
        // a measure may cite thousands of documents).
        let next = numbers.partition_point(|(start, _, _)| *start < whole.end());
        let number = numbers
            .get(next)
            .filter(|(start, _, _)| {
                let gap = &text[whole.end()..*start];
                gap.chars().count() <= 2 && gap.chars().all(|c| "([〔（ ,，、".contains(c))
            })
            .or_else(|| {
                let ending = numbers.partition_point(|(_, end, _)| *end < whole.start());
                numbers
                    .get(ending)
                    .filter(|(_, end, _)| *end == whole.start())
            })
            .map(|(_, _, n)| n.clone());
        let verb_window: String = before
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let issued_here = [
            "印发",
            "制定",
            "出台",
            "修订",
            "完善",
            "建立",
            "下发",
            "重新修订",
        ]
        .iter()
        .any(|v| verb_window.contains(v));
        if number.is_none() && !issued_here {
            continue;
        }
        // 传达学习市委巡察工作领导小组印发的《…》: a document someone else
        // issued, which the unit studied, is none of its regulations.
        if before.ends_with("印发的") || before.ends_with("下发的") {
            let clause = near_clause_before(text, whole.start());
            if ["学习", "传达", "贯彻"].iter().any(|w| clause.contains(w)) {
                continue;
            }
        }
        if title.contains("承诺书") || title.ends_with("清单") || after.starts_with("规定") {
            continue;
        }
        let kind = if ["修订", "完善", "修改", "重新"]
            .iter()
            .any(|v| verb_window.contains(v))
        {
            RegulationKind::Revised
        } else if title.ends_with("通知")
            || title.ends_with("通报")
            || title.ends_with("函")
            || title.ends_with("意见")
        {
            RegulationKind::Document
        } else {
            RegulationKind::Established
        };
        match seen.get(&title) {
            // Quoted twice: keep the mention that carries the number.
            Some(&i) => {
                let existing: &mut FoundRegulation = &mut found[i];
                if existing.number.is_none() {
                    existing.number = number;
                }
            }
            None => {
                seen.insert(title.clone(), found.len());
                found.push(FoundRegulation {
                    title,
                    number,
                    kind,
                });
            }
        }
    }
    found
}

/// Whether a text reports people being held accountable.
pub(crate) fn mentions_accountability(text: &str) -> bool {
    text.contains("问责")
        || text.contains("诫勉")
        || text.contains("责令检查")
        || text.contains("党纪处分")
}

/// The figures a notice declares about itself, each in the notice's own
/// terms: what a count counts, the unit of an amount, a combined count kept
/// combined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    pub problems: Option<u32>,
    /// 问题, 具体问题, 整改任务 …: what `problems` counts.
    pub problem_word: Option<String>,
    /// A task count stated beside the problem count.
    pub tasks: Option<u32>,
    /// The number of 方面 or 大项.
    pub areas: Option<u32>,
    pub done: Option<u32>,
    pub basically_done: Option<u32>,
    pub in_progress: Option<u32>,
    pub unfinished: Option<u32>,
    pub long_term: Option<u32>,
    /// (kind, count, unit) as written: 诫勉谈话 3 人.
    pub accountability: Vec<(String, u32, String)>,
    /// (kind, amount, unit) as written: 追缴资金 7.132 万元.
    pub funds: Vec<(String, String, String)>,
    pub regulations_established: Option<u32>,
    pub regulations_revised: Option<u32>,
    /// One combined count (制定及完善制度 12项).
    pub regulations: Option<u32>,
    /// 整改完成率, if stated (percent).
    pub completion_rate: Option<u32>,
    /// The problem totals of a paragraph that states several (2016年…反馈
    /// 的23项问题…2018年…反馈5项问题): each round's own, so none of that
    /// paragraph's figures is taken as the notice's.
    pub several_totals: Vec<u32>,
}

impl Statistics {
    /// The counts found, as `report.md`'s `declared:` keys name them and
    /// in the order it lists them (the file and the import summary both
    /// read this list).
    pub fn declared(&self) -> Vec<(&'static str, u32)> {
        [
            ("problems", self.problems),
            ("tasks", self.tasks),
            ("areas", self.areas),
            ("done", self.done),
            ("basically_done", self.basically_done),
            ("in_progress", self.in_progress),
            ("unfinished", self.unfinished),
            ("long_term", self.long_term),
            ("regulations_established", self.regulations_established),
            ("regulations_revised", self.regulations_revised),
            ("regulations", self.regulations),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect()
    }
}

/// Whether the two characters before `at` turn a 完成 into another status
/// (基本完成, 未完成, 尚未完成, 阶段性完成).
fn qualified(text: &str, at: usize) -> bool {
    let before: String = text[..at]
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    ["基本", "未", "性", "没有", "不"]
        .iter()
        .any(|q| before.ends_with(q))
}

/// Whether the count at `at` is of problems found poorly rectified
/// ("督查发现…存在8个方面36个问题整改不够到位"): a supervision's finding,
/// not the notice's own total, so it is not declared as one.
fn found_lacking(text: &str, at: usize) -> bool {
    let clause: String = text[at..]
        .chars()
        .take_while(|c| !"，,。；;：:".contains(*c))
        .take(24)
        .collect();
    [
        "整改不",
        "未整改",
        "整改未",
        "未完成整改",
        "没有整改",
        "不到位",
    ]
    .iter()
    .any(|w| clause.contains(w))
}

/// The paragraph without its sentences that count a whole programme of
/// inspections since it began (自2015年8月巡察工作开展以来，…诫勉谈话5人;
/// 自2016年9月本届州委开展首轮巡察工作以来，全州巡察共发现…): every round
/// since, in news of a district's work, never one notice's figures. The
/// notice's own period (巡察反馈以来, 整改工作开展以来) is kept.
fn without_program_totals(text: &str) -> String {
    let programme = regex(
        r"\d{4}年[^。；]{0,20}?(?:巡察|巡视)(?:工作)?(?:开展)?以来|本届[^。；]{0,12}?(?:巡察|巡视)[^。；]{0,6}?以来",
    );
    if !programme.is_match(text) {
        return text.to_string();
    }
    text.split_inclusive('。')
        .filter(|sentence| !programme.is_match(sentence))
        .collect()
}

/// The problem totals a paragraph gives for several rounds of inspection,
/// each fed back by its own (…督察反馈的23项问题…回头看反馈5项问题…): a
/// count after 反馈, 指出, 发现 or 交办 in its clause. A count of problems
/// done (已完成整改30个问题) or of leads (5个问题线索) is none.
fn several_rounds(text: &str) -> Vec<u32> {
    let mut totals: Vec<u32> = Vec::new();
    let counts = regex(r"(?:^|[^\d.])(\d+)(?:个|项|条)(?:具体问题|个性问题|问题)");
    for c in counts.captures_iter(text) {
        let count = c.get(1).expect("a count");
        let clause = near_clause_before(text, count.start());
        let after = &text[c.get(0).expect("match").end()..];
        let fed_back = ["反馈", "指出", "发现", "交办"]
            .iter()
            .any(|w| clause.contains(w));
        let done = ["完成", "到位", "销号", "办结", "其中"]
            .iter()
            .any(|w| clause.contains(w));
        if !fed_back || done || after.starts_with("线索") {
            continue;
        }
        if let Ok(n) = count.as_str().parse::<u32>() {
            if !totals.contains(&n) {
                totals.push(n);
            }
        }
    }
    totals
}

/// Reads declared figures from one paragraph of the introduction, in the
/// forms notices use: "三方面33个问题，已完成整改26个，未完成7个",
/// "反馈问题697个…完成688个、基本完成4个、未完成5个", "4个方面39个具体问
/// 题，细化为157项整改措施", "诫勉谈话3人", "政务处分0人",
/// "追缴资金7.132万元", "制定及修改完善制度12项".
pub(crate) fn statistics(text: &str, into: &mut Statistics) {
    // A running total over earlier batches (1—33批224件) is not this
    // notice's own count.
    if regex(r"\d+\s*[—–\-~～至]+\s*\d+批").is_match(text) {
        return;
    }
    let without = without_program_totals(text);
    let text = without.as_str();
    let rounds = several_rounds(text);
    if rounds.len() > 1 {
        into.several_totals = rounds;
        return;
    }
    batch_of_complaints(text, into);
    let first_count = |pattern: &'static str| -> Option<(u32, usize)> {
        let c = regex(pattern).captures(text)?;
        let m = c.get(1)?;
        Some((count_value(m.as_str())?, c.get(0)?.start()))
    };
    if into.areas.is_none() {
        into.areas = first_count(
            r"(\d+|[一二三四五六七八九十]{1,3})(?:个)?(?:大方面|方面|大项|大类|个领域)",
        )
        // 紧紧围绕…三个方面的问题: what an inspection looks at, not how
        // many areas its problems fell into (聚焦巡视反馈四方面29个具体问题
        // is a count: the feedback's).
        .filter(|&(_, at)| {
            let clause = clause_before(text, at);
            let focus = ["围绕", "聚焦"].iter().any(|w| clause.contains(w))
                && !["反馈", "指出", "发现", "交办"]
                    .iter()
                    .any(|w| clause.contains(w));
            text.contains("问题") && !found_lacking(text, at) && !focus
        })
        .map(|c| c.0);
    }
    if into.problems.is_none() {
        // A count is a total only in a clause that says so (反馈的33个问题,
        // 共梳理…), not in 主动认领4项具体问题 or 其中6个立行立改问题, and
        // only when no 方面/大项 follows it (4个大方面26个大项的问题).
        let total = |c: &regex::Captures| {
            let m = c.get(0).expect("match");
            // Up to the count itself: the match may begin with the
            // character before it (反馈5项问题 matches 馈5项问题).
            let clause = clause_before(text, c.get(1).map_or(m.start(), |n| n.start()));
            let after: String = text[m.end()..].chars().take(3).collect();
            // 建立…12项具体问题台账, 对照33个具体问题清单: the list itself.
            let listed =
                after.starts_with("台账") || after.starts_with("清单") || clause.contains("对照");
            ([
                "反馈", "指出", "发现", "交办", "移交", "梳理", "共", "涉及", "巡察", "巡视",
                "截至", "截止", "查摆", "合计", "总计", "目前",
            ]
            .iter()
            .any(|w| clause.contains(w) || m.as_str().contains(w))
                || listed)
                && !["认领", "其中", "立行立改", "每"]
                    .iter()
                    .any(|w| clause.contains(w))
                && !["方面", "大方", "大项", "类", "线索"]
                    .iter()
                    .any(|w| after.starts_with(w))
                && !found_lacking(text, m.start())
        };
        let problem_total = regex(r"(?:^|[^\d.])(\d+)(?:个|项|条)(具体问题|个性问题|问题)");
        let problem = problem_total
            .captures_iter(text)
            .find(|c| total(c))
            .or_else(|| {
                regex(r"(?:反馈|指出|发现|交办|移交)(?:的)?(具体问题|问题)(?:共|共计|总数)?(?:为|有)?(\d+)(?:个|项|条)")
                    .captures_iter(text)
                    .find(|c| total(c))
            });
        let task = regex(r"(?:^|[^\d.])(\d+)(?:个|项|条)(整改任务|整改事项|整改措施|具体任务)")
            .captures(text)
            .or_else(|| {
                regex(r"(整改任务|整改事项|具体任务)(?:共|共计)?(\d+)(?:个|项|条)").captures(text)
            });
        let read = |c: &regex::Captures| -> Option<(u32, String)> {
            let (a, b) = (c.get(1)?.as_str(), c.get(2)?.as_str());
            match a.parse() {
                Ok(n) => Some((n, b.to_string())),
                Err(_) => Some((b.parse().ok()?, a.to_string())),
            }
        };
        let problem = problem.as_ref().and_then(read);
        let task = task.as_ref().and_then(read);
        // Problems counted only in 方面/大项 are no total of problems.
        let problems_in_other_units =
            regex(r"\d+(?:个)?(?:大方面|方面|大项|类)(?:的)?问题").is_match(text);
        match (problem, task) {
            (Some((n, word)), task) => {
                into.problems = Some(n);
                into.problem_word = Some(word);
                into.tasks = into.tasks.or(task.map(|t| t.0));
            }
            (None, Some((n, _))) if problems_in_other_units => {
                into.tasks = into.tasks.or(Some(n));
            }
            (None, Some((n, word))) => {
                into.problems = Some(n);
                into.problem_word = Some(word);
            }
            (None, None) => {}
        }
    }
    let done_pattern = regex(
        r"(?:已经|已)?(?:全部)?(?:完成整改|整改完成|完成|整改到位|办结|销号|整改)(?:整改|销号)?(?:的)?(?:问题)?(?:共)?(\d+)(?:个|项|条)",
    );
    if into.done.is_none() {
        into.done = done_pattern
            .captures_iter(text)
            .find(|c| {
                let m = c.get(0).expect("match");
                let head = m.as_str();
                // A bare 整改6个 is 正在整改6个's tail; 未整改到位 is not done.
                !qualified(text, m.start())
                    && (!head.starts_with("整改")
                        || head.starts_with("整改完成")
                        || head.starts_with("整改到位"))
            })
            .and_then(|c| c[1].parse().ok())
            .or_else(|| {
                regex(r"(\d+)(?:个|项|条)(?:问题)?(?:已经|已)(?:全部)?(?:完成|整改到位|办结|销号)")
                    .captures(text)
                    .and_then(|c| c[1].parse().ok())
            });
    }
    let simple = |slot: &mut Option<u32>, pattern: &'static str| {
        if slot.is_none() {
            *slot = regex(pattern)
                .captures(text)
                .and_then(|c| count_value(&c[1]));
        }
    };
    simple(
        &mut into.basically_done,
        r"基本完成[^，,；;。\d]{0,16}?(\d+)(?:个|项|条)",
    );
    if into.in_progress.is_none() {
        // Not the 持续整改 inside a 基本完成… clause, which counts those.
        into.in_progress = regex(
            r"(?:正在整改|正在推进|整改中|正在落实|持续整改|正在办理)(?:的)?(?:问题)?(\d+)(?:个|项|条)",
        )
        .captures_iter(text)
        .find(|c| !clause_before(text, c.get(0).expect("match").start()).contains("基本完成"))
        .and_then(|c| c[1].parse().ok());
    }
    simple(
        &mut into.unfinished,
        r"(?:尚未完成|未完成|未整改到位|尚未整改到位|未办结)(?:整改)?(?:的)?(?:问题)?(\d+)(?:个|项|条)",
    );
    simple(
        &mut into.long_term,
        r"(?:需长期坚持|长期坚持|需长期整改|长期整改|需长期推进|长期推进|需持续推进)(?:整改)?(?:的)?(?:问题)?(\d+)(?:个|项|条)",
    );
    simple(
        &mut into.completion_rate,
        r"完成率(?:为|达|达到)?(\d+)(?:\.\d+)?%",
    );
    regulations_counted(text, into);
    accountability(text, into);
    funds(text, into);
}

/// An environmental inspection's batch of public complaints (第二十六批群众
/// 信访举报件97件…已办结75件,阶段性办结19件,正在办理3件): counted in 件,
/// each state its own figure.
fn batch_of_complaints(text: &str, into: &mut Statistics) {
    if into.problems.is_some() || !text.contains("信访") || !text.contains('批') {
        return;
    }
    let batch = regex(
        r"第[一二三四五六七八九十百零\d]+批(?:(\d+)件(?:群众)?信访|(?:群众)?信访(?:举报)?件(\d+)件)",
    );
    let Some(n) = batch
        .captures(text)
        .and_then(|c| c.get(1).or(c.get(2)))
        .and_then(|m| m.as_str().parse().ok())
    else {
        return;
    };
    into.problems = Some(n);
    into.problem_word = Some("件".into());
    let count = |pattern: &'static str| -> Option<u32> {
        regex(pattern)
            .captures_iter(text)
            .find(|c| !qualified(text, c.get(0).expect("match").start()))
            .and_then(|c| c[1].parse().ok())
    };
    into.done = into.done.or(count(r"(?:已经|已)?办结(\d+)件"));
    into.basically_done = into.basically_done.or_else(|| {
        regex(r"阶段性办结(\d+)件")
            .captures(text)
            .and_then(|c| c[1].parse().ok())
    });
    into.in_progress = into.in_progress.or_else(|| {
        regex(r"正在办理(\d+)件")
            .captures(text)
            .and_then(|c| c[1].parse().ok())
    });
    into.unfinished = into.unfinished.or_else(|| {
        regex(r"未办结(\d+)件")
            .captures(text)
            .and_then(|c| c[1].parse().ok())
    });
}

/// [`clause_before`] within the 60 characters before `at`: for a check
/// run at every match of a pattern, which a hostile text can hold
/// thousands of times in one clause.
fn near_clause_before(text: &str, at: usize) -> &str {
    let before = &text[..at];
    let near = before.char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    clause_before(&before[near..], at - near)
}

/// The clause a position stands in, from the last separator before it.
fn clause_before(text: &str, at: usize) -> &str {
    let start = text[..at]
        .rfind(['，', ',', '；', ';', '。', '：', ':'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    &text[start..at]
}

/// 建立规章制度6件 / 完善规章制度6件 / 制定及修改完善制度12项: the verb
/// phrase before 制度 says which count it is; one naming both is combined.
fn regulations_counted(text: &str, into: &mut Statistics) {
    let after =
        regex(r"([\p{Han}、]{1,12}?)(?:规章)?制度(?:机制)?(?:共|共计)?(\d+)(?:件|项|个|份|条)");
    // 先后制定、完善31项制度: the count before 制度.
    let before = regex(r"([\p{Han}、]{1,12}?)(\d+)(?:件|项|个|份|条)(?:规章)?制度");
    let found = after.captures_iter(text).chain(before.captures_iter(text));
    for c in found {
        let verb = &c[1];
        let n: Option<u32> = c[2].parse().ok();
        let new = ["建立", "新建", "制定", "出台", "新制定", "建章立制"]
            .iter()
            .any(|w| verb.contains(w));
        let fix = ["完善", "修订", "修改", "健全", "修正"]
            .iter()
            .any(|w| verb.contains(w));
        let slot = match (new, fix) {
            (true, false) => &mut into.regulations_established,
            (false, true) => &mut into.regulations_revised,
            _ => &mut into.regulations,
        };
        if slot.is_none() {
            *slot = n;
        }
    }
}

/// Accountability kinds a notice counts, longest first.
const ACCOUNTABILITY: &str = "开除党籍|开除公职|留党察看|撤销党内职务|严重警告|记大过|记过|警告|撤职|降级|诫勉谈话|诫勉处理|诫勉|提醒谈话|谈话提醒|批评教育|批评帮助|责令作出书面检查|责令书面检查|书面检查|责令检查|通报批评|通报问责|党纪政务处分|党纪处分|政务处分|纪律处分|组织处理|组织调整|调整岗位|停职检查|免职|降职|约谈|函询|立案审查调查|立案审查|立案调查|立案|移送司法机关|移送纪检监察机关|移交纪检监察机关|移交纪委监委|移送纪委监委|交由纪委调查|交由纪委处理|移交纪委|追责问责|责任追究|问责";

fn accountability(text: &str, into: &mut Statistics) {
    static PATTERNS: std::sync::OnceLock<[Regex; 2]> = std::sync::OnceLock::new();
    let [after, before] = PATTERNS.get_or_init(|| {
        [
            // 诫勉谈话3人, 立案5件
            Regex::new(&format!(r"((?:{ACCOUNTABILITY})(?:、(?:{ACCOUNTABILITY}))*)(?:处理)?(?:共)?(\d+)(人次|人|名|件|起)")).expect("valid"),
            // 给予3人党纪处分, 对2名干部进行诫勉谈话
            Regex::new(&format!(r"(?:给予|对)(\d+)(人次|人|名)[^，,；;。]{{0,6}}?(?:给予|进行|予以)?({ACCOUNTABILITY})")).expect("valid"),
        ]
    });
    let mut found: Vec<(usize, String, u32, String)> = Vec::new();
    for c in after.captures_iter(text) {
        if let Ok(n) = c[2].parse() {
            found.push((
                c.get(0).expect("m").start(),
                c[1].to_string(),
                n,
                c[3].to_string(),
            ));
        }
    }
    for c in before.captures_iter(text) {
        if let Ok(n) = c[1].parse() {
            let unit = if &c[2] == "名" { "人" } else { &c[2] };
            found.push((
                c.get(0).expect("m").start(),
                c[3].to_string(),
                n,
                unit.to_string(),
            ));
        }
    }
    found.sort_by_key(|f| f.0);
    for (_, kind, n, unit) in found {
        let unit = if unit == "名" {
            "人".to_string()
        } else {
            unit
        };
        if !into.accountability.iter().any(|(k, _, _)| *k == kind) {
            into.accountability.push((kind, n, unit));
        }
    }
}

/// 追缴资金7.132万元, 挽回经济损失45349.42元: kind, amount and unit as written.
fn funds(text: &str, into: &mut Statistics) {
    let pattern = regex(
        r"((?:追缴|清退|收回|追回|挽回|退还|返还|退回|收缴|上缴|补缴|节约|核减|追偿|整改|纠正|规范|避免|减少|盘活|清收|清理)[\p{Han}、]{0,14}?)(?:共计|合计|累计|共|计|金额)?(\d+(?:\.\d+)?)(元|万元|亿元)",
    );
    for c in pattern.captures_iter(text) {
        let kind = c[1].trim_end_matches(['共', '计', '达']);
        // 未整改资金 is money not yet recovered: the negation is part of
        // the kind, never dropped.
        let before = &text[..c.get(1).map_or(0, |m| m.start())];
        let negation = ["尚未", "未", "没有", "不"]
            .into_iter()
            .find(|n| before.ends_with(n))
            .unwrap_or("");
        let kind = format!("{negation}{kind}");
        if !into.funds.iter().any(|(k, _, _)| *k == kind) {
            into.funds.push((kind, c[2].to_string(), c[3].to_string()));
        }
    }
}

/// The feedback contact block: phone, postal address, postcode, email.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactFound {
    pub phone: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub email: Option<String>,
}

/// Reads a contact block ("联系电话:0576-86161521;邮寄地址:…,邮编:317500;电子邮箱:…").
pub(crate) fn contact(text: &str, into: &mut ContactFound) {
    let grab = |pattern: &'static str| -> Option<String> {
        Some(
            regex(pattern)
                .captures(text)?
                .get(1)?
                .as_str()
                .trim()
                .trim_end_matches(['。', '；', ';', '，', ','])
                .to_string(),
        )
    };
    into.phone = into.phone.clone().or_else(|| {
        grab(r"(?:联系电话|举报电话|监督电话|电话)\s*[:：]?\s*([0-9][0-9\-— ]{5,20}[0-9])")
    });
    into.postcode = into
        .postcode
        .clone()
        .or_else(|| grab(r"邮(?:政)?编(?:码)?\s*[:：]?\s*(\d{6})"));
    into.email = into.email.clone().or_else(|| grab(r"(?:电子邮箱|电子信箱|邮箱|E-?mail)\s*[:：]?\s*([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})"));
    into.address = into.address.clone().or_else(|| grab(r"(?:邮寄地址|通信地址|通讯地址|来信地址|地址)\s*[:：]?\s*([^;；，,]+?)(?:[,，;；]?\s*邮(?:政)?编|[;；]|$)"));
}

/// Report-level facts found in the introduction; `None` where the notice
/// does not state them (the files then carry a placeholder).
#[derive(Default)]
pub(crate) struct ReportFacts {
    /// The figures the notice declares about itself.
    pub statistics: Statistics,
    /// The feedback contact block.
    pub contact: ContactFound,
    pub unit: Option<String>,
    pub team: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub feedback: Option<Date>,
    /// `YYYY-MM-DD[ HH:MM[:SS]]`.
    pub published: Option<String>,
    /// The day progress is stated to, where the source says so (a ledger's
    /// 截至2024年5月31日 line).
    pub as_of: Option<Date>,
    /// The year measures' dates without one are read in.
    pub year: Option<u16>,
}

/// The inspected unit in the phrasings notices use: 对X进行了巡察,
/// 对X开展了为期45天的政治巡察, 对X开展了巡视“回头看”, 巡察组进驻X.
fn inspected_unit(intro: &str) -> Option<String> {
    let patterns: [&'static str; 2] = [
        r"对([^，,。；;:“”]{2,60}?)(?:开展了|进行了|开展|进行|实施了|实施)(?:了)?(?:为期[^，,。；;]{1,12}?的)?(?:常规|专项|提级|机动|政治|交叉|联动|延伸|巡察“回头看”|巡视“回头看”|[^，,。；;]{0,10}?)?(?:巡察|巡视)",
        r"(?:巡察组|巡视组)(?:进驻|入驻)([^，,。；;:、]{2,40}?)(?:开展|进行)",
    ];
    let mut units: Vec<String> = Vec::new();
    for p in patterns {
        for c in regex(p).captures_iter(intro) {
            let u = c[1].trim().to_string();
            if !units.contains(&u) {
                units.push(u);
            }
        }
    }
    // A round that inspected several units names no one unit.
    let [unit] = units.as_slice() else {
        return None;
    };
    // (简称党工委), （以下简称“明珠湾管理局”）: a note inside the name.
    let unit = regex(r"[(（](?:以下)?简称[^)）]*[)）]")
        .replace_all(unit, "")
        .to_string();
    // 我单位, 我局: the notice speaking of itself names nothing; nor does
    // a count (对8个单位开展了巡察).
    let counted = regex(r"^\d+(?:个|家|名)").is_match(&unit);
    (!unit.starts_with('我') && !unit.starts_with('本') && !counted).then_some(unit)
}

/// The team: 市委第三巡察组, 省委第二巡视组, 市委巡视一组, 区委巡察组.
fn inspection_team(intro: &str) -> Option<String> {
    // 中央第二生态环境保护督察组: an environmental inspection team.
    if let Some(c) =
        regex(r"((?:中央|省委|省)(?:第[一二三四五六七八九十]+)?生态环境保护督察组)").captures(intro)
    {
        return Some(c[1].to_string());
    }
    let pattern = regex(
        r"((?:十[一二三四五六七八九]?届)?(?:\p{Han}{2,3}[市县区]委|中央|省委|市委|州委|盟委|地委|县委|区委|旗委|市|县|区|镇委|工委)(?:第[一二三四五六七八九十]+轮)?(?:第[一二三四五六七八九十]+)?(?:\p{Han}{0,6}?(?:提级交叉|机动|专项|交叉|提级|联动))?(?:(?:巡察|巡视)(?:组|工作组)|(?:巡察|巡视)[一二三四五六七八九十]+组|(?:巡察|巡视)第[一二三四五六七八九十]+组))",
    );
    // A place before 市委 (，兴宁市委…) belongs to the name only where a
    // clause starts with it; inside a clause the characters before 区委
    // are words of the sentence (在接到区委巡察组…), not a place.
    let named = |found: regex::Match| {
        let team = found.as_str();
        let at_clause_start = intro[..found.start()]
            .chars()
            .next_back()
            .is_none_or(|c| "，,。；;：:、 \n（(“".contains(c));
        let place = regex(r"^\p{Han}{2,3}[市县区]委").find(team);
        match place {
            Some(p)
                if !at_clause_start
                    || ["按照", "根据", "经过", "随后", "就落实", "落实"]
                        .iter()
                        .any(|w| p.as_str().starts_with(w)) =>
            {
                // Keep from the 市/县/区 on.
                let keep = team[..p.end()]
                    .char_indices()
                    .rev()
                    .nth(1)
                    .map_or(0, |(i, _)| i);
                team[keep..].to_string()
            }
            _ => team.to_string(),
        }
    };
    let teams: Vec<String> = pattern
        .captures_iter(intro)
        .filter_map(|c| c.get(1).map(named))
        .collect();
    // A team with its own name (第三, 一组, 机动) over a bare 市委巡察组
    // mentioned in passing.
    let bare = |t: &str| {
        t.ends_with("巡察组")
            && !t.contains('第')
            && !regex(r"[一二三四五六七八九十]组$|机动|专项|交叉|提级").is_match(t)
    };
    teams.iter().find(|t| !bare(t)).or(teams.first()).cloned()
}

impl ReportFacts {
    /// Reads the facts of a notice whose structure is known; `lines` are
    /// all its lines (the contact block may stand anywhere).
    pub(crate) fn find(
        notice: &Notice,
        lines: &[Line],
        warnings: &mut Vec<(usize, String)>,
    ) -> ReportFacts {
        let mut contact_found = ContactFound::default();
        for line in lines {
            if ["电话", "邮箱", "邮编", "地址", "信箱"]
                .iter()
                .any(|w| line.text.contains(w))
            {
                contact(&line.shown, &mut contact_found);
            }
        }
        // The notice's own figures stand in its introduction (or, rarely,
        // its closing); a measure's 追缴资金2万元 is that problem's, not a
        // total.
        // A section that held no problems (一、财政部门预算执行问题的整改
        // 情况) states that area's figures: they stand for the notice only
        // when its introduction states none and nothing else could be meant.
        let own = notice.intro_own.min(notice.intro.len());
        let mut figures = Statistics::default();
        for text in notice.intro[..own].iter().chain(&notice.closing) {
            statistics(text, &mut figures);
        }
        if figures == Statistics::default() && notice.rest_may_be_whole {
            for text in &notice.intro[own..] {
                statistics(text, &mut figures);
            }
        }
        if !figures.several_totals.is_empty() {
            let totals: Vec<String> = figures
                .several_totals
                .iter()
                .map(|n| n.to_string())
                .collect();
            warnings.push((
                0,
                crate::say!(
                    "通报同一段里有几个问题总数（{}），像是几轮巡察（督察）各自的数字：这一段的数字都没有取用；若其中有这份通报自己的数字，照原文写进 report.md 的 declared",
                    "one paragraph of the notice states several problem totals ({}), apparently each round's own: none of its figures was taken; if one is this notice's own, write it under `declared` in report.md as the notice states it",
                    totals.join("、")
                ),
            ));
        }
        let intro = notice.intro.join("\n");
        let mut missing = |what: String, key: &str| {
            warnings.push((
                0,
                crate::say!(
                    "通报里没找到{what}：`{key}` 写的是占位文字，填好以前 check 不让发布",
                    "the notice does not state {what}: `{key}` holds a placeholder that `check` refuses until it is filled in"
                ),
            ));
        };
        let unit = inspected_unit(&intro);
        if unit.is_none() {
            missing(crate::say!("被巡察单位", "the inspected unit"), "unit");
        }
        let team = inspection_team(&intro);
        if team.is_none() {
            missing(
                crate::say!("巡察组", "the inspection team"),
                "inspection.team",
            );
        }
        let period = regex(
            r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?\s*(?:至|到|—{1,2}|－|-|~|～)\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日",
        )
        .captures(&intro);
        // 2024年3月至4月, 2021年10月下旬至11月下旬: months only.
        let months = regex(
            r"(\d{4})年(\d{1,2})月(?:上旬|中旬|下旬|初|中|底)?(?:起)?\s*(?:至|到|—{1,2}|－|-|~|～)\s*(?:(\d{4})年)?(\d{1,2})月(?:上旬|中旬|下旬|初|中|底)?",
        )
        .captures(&intro)
        .filter(|_| period.is_none());
        let (start, end) = match &period {
            Some(c) => {
                let y1: u16 = c[1].parse().unwrap_or(0);
                let y2: u16 = c.get(4).and_then(|y| y.as_str().parse().ok()).unwrap_or(y1);
                let day = |y: u16, m: &str, d: &str| {
                    Date::parse(&format!(
                        "{y:04}-{:02}-{:02}",
                        m.parse::<u32>().unwrap_or(0),
                        d.parse::<u32>().unwrap_or(0)
                    ))
                    .ok()
                };
                (day(y1, &c[2], &c[3]), day(y2, &c[5], &c[6]))
            }
            None => match &months {
                Some(c) => {
                    let y1: u16 = c[1].parse().unwrap_or(0);
                    let y2: u16 = c.get(3).and_then(|y| y.as_str().parse().ok()).unwrap_or(y1);
                    let month = |y: u16, m: &str| {
                        Date::parse(&format!("{y:04}-{:02}", m.parse::<u32>().unwrap_or(0))).ok()
                    };
                    (month(y1, &c[2]), month(y2, &c[4]))
                }
                None => (None, None),
            },
        };
        if start.is_none() {
            missing(
                crate::say!("巡察时间", "the inspection period"),
                "inspection.start",
            );
        }
        let period_text = period
            .as_ref()
            .or(months.as_ref())
            .map(|c| c[0].to_string());
        let feedback = intro
            .split(['。', '；', ';'])
            .filter(|s| s.contains("反馈"))
            .find_map(|s| {
                // The inspection period's own dates are not the feedback's.
                let s = match &period_text {
                    Some(p) => s.replace(p.as_str(), ""),
                    None => s.to_string(),
                };
                // 反馈 as an event (市委巡察组向…反馈了巡察意见), not a
                // reference to it (学院根据巡察反馈意见，制定了整改方案):
                // the latter's clause says 根据, 按照, 针对… before it.
                let event = s.rmatch_indices("反馈").map(|(at, _)| at).find(|&at| {
                    let head = &s[..at];
                    let clause = head.rfind([',', '，', ':', '：']).map_or(head, |c| {
                        &head[c + head[c..].chars().next().map_or(1, char::len_utf8)..]
                    });
                    !["根据", "按照", "针对", "对照", "结合", "围绕"]
                        .iter()
                        .any(|w| clause.contains(w))
                })?;
                let sentence = &s[..event];
                // The date closest before 反馈 is when it happened.
                let found = dates(sentence, end.or(start).map(|d| d.year));
                // The day if stated (2023年3月10日), else the month (2024年6月).
                found
                    .iter()
                    .rfind(|d| d.day.is_some())
                    .or_else(|| found.iter().rfind(|d| d.month.is_some()))
                    .copied()
            });
        if feedback.is_none() {
            missing(
                crate::say!("反馈时间", "the feedback date"),
                "inspection.feedback",
            );
        }
        let stated = notice.published.clone().or_else(|| notice.signed.clone());
        let published = stated
            .clone()
            .filter(|p| crate::model::DateTime::parse(p).is_ok());
        if let (Some(p), None) = (&stated, &published) {
            warnings.push((
                0,
                crate::say!(
                    "发布时间“{p}”不是有效日期：在 report.md 里改好 `published`",
                    "the publication date `{p}` is not a valid date; set `published` in report.md"
                ),
            ));
        } else if published.is_none() {
            missing(crate::say!("发布时间", "its publication date"), "published");
        }
        let year = published
            .as_deref()
            .and_then(|p| p.get(..4)?.parse().ok())
            .or(feedback.map(|d| d.year));
        ReportFacts {
            statistics: figures,
            contact: contact_found,
            unit,
            team,
            start,
            end,
            feedback,
            published,
            // A notice's 截至目前 names no day; the day it does name
            // (截至8月底) is read into the figures' context, not here.
            as_of: None,
            year,
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_place_belongs_to_the_team_only_at_a_clause_start() {
        assert_eq!(
            inspection_team("单位在接到区委巡察组反馈巡察意见后").as_deref(),
            Some("区委巡察组")
        );
        assert_eq!(
            inspection_team("2018年11月26日，兴宁市委机动巡察一组对叶塘镇党委进行了政治巡察")
                .as_deref(),
            Some("兴宁市委机动巡察一组")
        );
        assert_eq!(
            inspection_team("按照市委部署，市委第三巡察组对某局进行了巡察").as_deref(),
            Some("市委第三巡察组")
        );
    }

    use super::super::text::first_date;
    use super::*;

    #[test]
    fn dates_take_their_year_from_context() {
        let found = dates("分别于2023年3月20日、4月17日和4月26日组织学习", None);
        let shown: Vec<String> = found.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, vec!["2023-03-20", "2023-04-17", "2023-04-26"]);
        assert_eq!(
            first_date("2022年11月8-9日完成验收", None)
                .unwrap()
                .to_string(),
            "2022-11-08"
        );
        assert_eq!(
            first_date("2023年4月底完成", None).unwrap().to_string(),
            "2023-04"
        );
        assert_eq!(
            first_date("5月15日市政府同意", Some(2023))
                .unwrap()
                .to_string(),
            "2023-05-15"
        );
        assert_eq!(
            first_date("2022年底完成摸排", None).unwrap().to_string(),
            "2022"
        );
        assert!(first_date("严格执行制度", None).is_none());
    }

    #[test]
    fn regulations_pair_titles_with_their_numbers() {
        let found = regulations(
            "2023年4月20日印发了《安全生产事故调查处理闭环管理规定》(温应急[2023]19号)。",
        );
        assert_eq!(
            found,
            vec![FoundRegulation {
                title: "安全生产事故调查处理闭环管理规定".into(),
                number: Some("温应急[2023]19号".into()),
                kind: RegulationKind::Established
            }]
        );
        let revised = regulations(
            "修订并印发《温岭市应急管理局工会经费支出范围和标准规定》(温应急〔2023〕22号)",
        );
        assert_eq!(revised[0].kind, RegulationKind::Revised);
        assert_eq!(revised[0].number.as_deref(), Some("温应急〔2023〕22号"));
        assert!(regulations("并签订《党风廉政承诺书》。").is_empty());
        let twice = regulations("对《温岭市烟花爆竹事故应急预案》进行重新修订完善,6月30日印发了《温岭市烟花爆竹事故应急预案》(温政办发〔2023〕11号)文件。");
        assert_eq!(twice.len(), 1);
        assert_eq!(twice[0].number.as_deref(), Some("温政办发〔2023〕11号"));
        let cited = regulations(
            "该建议内容已写入温应急[2023]25号《关于三件行政执法处罚裁量不规范案件的通报》文件。",
        );
        assert_eq!(cited[0].number.as_deref(), Some("温应急[2023]25号"));
        assert!(regulations("未按照《浙江省生产安全事故报告和调查处理规定》履行").is_empty());
    }

    /// A document a superior issued, which the unit studied, is none of
    /// its regulations; the one it issued itself is (许昌 东城区,
    /// dongchengqu.xuchang.gov.cn, 2026).
    #[test]
    fn a_document_studied_is_not_one_issued() {
        let found = regulations("同时在2025年12月30日召开党工委会议，传达学习中共许昌市委巡察工作领导小组印发的《关于对干扰市委巡察工作及不落实巡察整改要求的处置规定(试行)》，进一步严明纪律；四是2025年12月12日印发《关于加强巡视巡察整改监督的若干措施(试行)》。");
        let titles: Vec<&str> = found.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["关于加强巡视巡察整改监督的若干措施(试行)"]);
        // Issued by the unit itself, it stays.
        assert_eq!(
            regulations("局党组印发的《公务接待管理办法》已实施。").len(),
            1
        );
    }

    /// A news item on several rounds of inspection (qj.gov.cn, 陆良县,
    /// 2019-11-21): each round has its own total, done and open counts, so
    /// none of them is the notice's; taking the first total and a later
    /// round's done count would publish a mixture (23 problems, 11 done).
    #[test]
    fn a_paragraph_of_several_rounds_declares_nothing() {
        let mut s = Statistics::default();
        statistics("截至目前,2016年,中央第一轮生态环境保护督察反馈的23项问题,完成整改并通过验收20项、需长期持续整改3项,交办的33件投诉举报件全部办结并通过验收;2018年,中央环境保护督察回头看反馈5项问题,完成整改并通过验收4项、正在整改1项;2017年,省级环保督察反馈18项问题,完成整改11项、需长期持续整改7项。", &mut s);
        assert_eq!(s.several_totals, [23, 5, 18], "{s:?}");
        assert_eq!(
            (s.problems, s.done, s.in_progress, s.unfinished),
            (None, None, None, None)
        );
        // One total said twice is one total.
        let mut t = Statistics::default();
        statistics(
            "巡察反馈的33个问题,已完成整改26个;巡察反馈的33个问题中未完成7个。",
            &mut t,
        );
        assert!(t.several_totals.is_empty());
        assert_eq!(t.problems, Some(33));
        // A count of leads, or of problems done, is no second round.
        let mut u = Statistics::default();
        statistics(
            "巡察反馈的33个问题，已完成整改30个，正在整改3个；巡察移交的5个问题线索已全部办结。",
            &mut u,
        );
        assert!(u.several_totals.is_empty(), "{u:?}");
        assert_eq!(
            (u.problems, u.done, u.in_progress),
            (Some(33), Some(30), Some(3))
        );
        let mut v = Statistics::default();
        statistics("巡察反馈的33个问题，目前已完成整改30个问题。", &mut v);
        assert!(v.several_totals.is_empty(), "{v:?}");
        assert_eq!(v.problems, Some(33));
    }

    #[test]
    fn statistics_in_their_usual_forms() {
        let mut s = Statistics::default();
        statistics("截止目前,巡察反馈的三方面33个问题,已完成整改26个,未完成7个。在巡察整改工作中,诫勉谈话3人,责令检查9人,批评教育2人,提醒谈话12人;共挽回经济损失45349.42元;建立规章制度6件,完善规章制度6件。", &mut s);
        assert_eq!(
            (s.areas, s.problems, s.done, s.unfinished),
            (Some(3), Some(33), Some(26), Some(7))
        );
        assert_eq!(s.problem_word.as_deref(), Some("问题"));
        assert_eq!(s.accountability.len(), 4);
        assert_eq!(
            s.funds,
            vec![("挽回经济损失".into(), "45349.42".into(), "元".into())]
        );
        assert_eq!(
            (s.regulations_established, s.regulations_revised),
            (Some(6), Some(6))
        );
        let mut t = Statistics::default();
        statistics(
            "共反馈问题25个，已完成整改19个，正在整改6个，整改完成率76%",
            &mut t,
        );
        assert_eq!(
            (t.problems, t.done, t.in_progress, t.completion_rate),
            (Some(25), Some(19), Some(6), Some(76))
        );
        let mut u = Statistics::default();
        statistics("完成688个、基本完成4个、未完成5个", &mut u);
        assert_eq!(
            (u.done, u.basically_done, u.unfinished),
            (Some(688), Some(4), Some(5))
        );
        let mut w = Statistics::default();
        statistics("反馈问题12个，未整改到位3个。", &mut w);
        assert_eq!(
            (w.problems, w.done, w.unfinished),
            (Some(12), None, Some(3))
        );
        let mut v = Statistics::default();
        let mut lacking = Statistics::default();
        statistics(
            "联合督导组通过检查整改材料发现被巡察党组织和单位存在8个方面36个问题整改不够到位。",
            &mut lacking,
        );
        assert_eq!(
            (lacking.areas, lacking.problems),
            (None, None),
            "{lacking:?}"
        );
        statistics("反馈的4个方面39个具体问题，细化为157项整改措施。政务处分0人，给予2人党纪处分，追缴资金7.132万元，制定及修改完善制度12项。", &mut v);
        assert_eq!(
            (v.areas, v.problems, v.tasks),
            (Some(4), Some(39), Some(157))
        );
        assert_eq!(v.problem_word.as_deref(), Some("具体问题"));
        assert_eq!(
            v.accountability,
            vec![
                ("政务处分".into(), 0, "人".into()),
                ("党纪处分".into(), 2, "人".into())
            ]
        );
        assert_eq!(
            v.funds,
            vec![("追缴资金".into(), "7.132".into(), "万元".into())]
        );
        assert_eq!((v.regulations, v.regulations_established), (Some(12), None));
        // A real audit report (瑞金市, 2021): money not yet recovered keeps
        // its 未, never read as money recovered.
        let mut a = Statistics::default();
        statistics(
            "整改到位资金215587.84万元,正在整改10项,未整改资金35435.70万元。",
            &mut a,
        );
        assert_eq!(
            a.funds,
            vec![
                ("整改到位资金".into(), "215587.84".into(), "万元".into()),
                ("未整改资金".into(), "35435.70".into(), "万元".into())
            ]
        );
    }

    #[test]
    fn contact_blocks() {
        let mut c = ContactFound::default();
        contact("联系电话:0576-86161521;邮寄地址:温岭市应急管理局(温岭市太平街道人民东路200号),邮编:317500;电子邮箱:32719516@qq.com。", &mut c);
        assert_eq!(c.phone.as_deref(), Some("0576-86161521"));
        assert_eq!(c.postcode.as_deref(), Some("317500"));
        assert_eq!(c.email.as_deref(), Some("32719516@qq.com"));
        assert_eq!(
            c.address.as_deref(),
            Some("温岭市应急管理局(温岭市太平街道人民东路200号)")
        );
    }
}
