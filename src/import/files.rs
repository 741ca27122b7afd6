//! Writing the imported notice as content files: `report.md` and one issue
//! file per problem, in readable YAML, with each problem's status inferred
//! from its measures and marked as inferred.

use super::facts::{self, ReportFacts};
use super::structure::{self, Notice};
use super::text;
use crate::model::words::Deadline;
use crate::model::{yaml_scalar as yaml, Date, RegulationKind};
use std::fmt::Write as _;

/// The report file: facts, areas and groups, declared figures, contact,
/// closing, and the introduction as its body.
pub(super) fn report_file(notice: &Notice, facts: &ReportFacts) -> String {
    let mut y = String::from("---\n");
    let stated = |value: Option<&str>, what: &str| match value {
        Some(v) => yaml(v),
        None => format!("{}{what}）", crate::model::PLACEHOLDER),
    };
    let _ = writeln!(y, "title: {}", stated(notice.title.as_deref(), "标题"));
    let _ = writeln!(y, "unit: {}", stated(facts.unit.as_deref(), "被巡察单位"));
    let _ = writeln!(y, "source: {}", stated(notice.source.as_deref(), "来源"));
    let _ = writeln!(
        y,
        "published: {}",
        stated(facts.published.as_deref(), "发布日期，如 2023-09-07")
    );
    if let Some(as_of) = facts.as_of {
        let _ = writeln!(y, "as_of: {as_of}");
    }
    if let Some(number) = &notice.document_number {
        let _ = writeln!(y, "document_number: {}", yaml(number));
    }
    let date = |d: Option<Date>, what: &str| {
        d.map(|d| d.to_string())
            .unwrap_or_else(|| format!("{}{what}，如 2023-03-10）", crate::model::PLACEHOLDER))
    };
    let _ = writeln!(
        y,
        "inspection:\n  team: {}\n  start: {}\n  end: {}\n  feedback: {}",
        stated(facts.team.as_deref(), "巡察组"),
        date(facts.start, "巡察开始日期"),
        date(facts.end, "巡察结束日期"),
        date(facts.feedback, "反馈日期")
    );
    if notice.areas.is_empty() {
        let _ = writeln!(y, "areas: []                  # 通报未逐项列出问题");
    } else {
        let _ = writeln!(y, "areas:");
    }
    for area in &notice.areas {
        let _ = writeln!(y, "  - title: {}\n    groups:", yaml(&area.title));
        if area.groups.is_empty() {
            let _ = writeln!(y, "      - title: {}", yaml(&area.title));
        }
        for group in &area.groups {
            let _ = writeln!(y, "      - title: {}", yaml(&group.title));
        }
    }
    let s = &facts.statistics;
    let mut declared: Vec<String> = Vec::new();
    if let (Some(_), Some(word)) = (s.problems, &s.problem_word) {
        if word != "问题" {
            declared.push(format!("  problem_word: {}", yaml(word)));
        }
    }
    declared.extend(
        s.declared()
            .into_iter()
            .map(|(key, value)| format!("  {key}: {value}")),
    );
    if !declared.is_empty() {
        let _ = writeln!(
            y,
            "declared:                  # 通报所述数字；zhenggai check 会与问题文件核对\n{}",
            declared.join("\n")
        );
    }
    if !s.accountability.is_empty() {
        let _ = writeln!(y, "accountability:");
        for (kind, count, unit) in &s.accountability {
            let _ = writeln!(y, "  - kind: {}\n    people: {count}", yaml(kind));
            if unit != "人" {
                let _ = writeln!(y, "    unit: {}", yaml(unit));
            }
        }
    }
    if !s.funds.is_empty() {
        let _ = writeln!(y, "funds:");
        for (kind, amount, unit) in &s.funds {
            let _ = writeln!(
                y,
                "  - kind: {}\n    amount: \"{amount}\"\n    unit: {unit}",
                yaml(kind)
            );
        }
    }
    let c = &facts.contact;
    if c.phone.is_some() || c.email.is_some() || c.address.is_some() {
        let _ = writeln!(y, "contact:");
        for (k, v) in [
            ("phone", &c.phone),
            ("email", &c.email),
            ("address", &c.address),
            ("postcode", &c.postcode),
        ] {
            if let Some(v) = v {
                let _ = writeln!(
                    y,
                    "  {k}: {}",
                    if k == "postcode" {
                        format!("\"{v}\"")
                    } else {
                        yaml(v)
                    }
                );
            }
        }
    }
    let closing: Vec<String> = notice
        .closing
        .iter()
        .map(|p| match p.find("联系电话") {
            Some(i) => p[..i].trim_end_matches(['。', '，', ',', ' ']).to_string() + "。",
            None => p.clone(),
        })
        .filter(|p| p.chars().count() > 1)
        .collect();
    if !closing.is_empty() {
        let _ = writeln!(y, "closing: |");
        for (i, p) in closing.iter().enumerate() {
            if i > 0 {
                y.push('\n');
            }
            let _ = writeln!(y, "  {p}");
        }
    }
    y.push_str("---\n");
    y.push_str(
        &notice
            .intro
            .iter()
            .skip_while(|p| p.chars().count() < 30 && !p.ends_with('。'))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n"),
    );
    y.push('\n');
    y
}

/// A deadline as the notice states it for one problem.
enum StatedDeadline {
    Date(String),
    LongTerm,
    /// 立行立改 and the like: none.
    None,
    /// Words that are no date: written as a placeholder for staff.
    Unread(String),
}

/// One issue file, with what the summary counts.
pub(super) struct IssueFile {
    pub slug: String,
    pub text: String,
    pub open: bool,
    /// What the status was inferred from; `None` where the notice states it
    /// or nothing tells it (`unstated`).
    pub inferred_from: Option<String>,
    /// Neither stated nor told by a measure (the notice lists none): the
    /// status is a placeholder for staff, never a guess of 已完成.
    pub unstated: bool,
    pub regulations: Vec<facts::FoundRegulation>,
}

/// Words that show a problem is still being worked on.
/// (Deadlines such as "12月底前" or "2年内" count only when they fall after
/// the publication date: "已于3月底前完成" is done.)
const OPEN_SIGNALS: &[&str] = &[
    "未完成",
    "正在",
    "需待",
    "待考核",
    "将于",
    "下阶段",
    "下一步将",
    "继续",
    "尚未",
    "启动纠正程序",
    "进一步调查",
    "逐步",
];

pub(super) fn issue_file(
    problem: &structure::ProblemFound,
    (area, group): (usize, usize),
    facts: &ReportFacts,
) -> IssueFile {
    let slug = match problem.number {
        Some(n) => format!("{area}-{group}-{n}"),
        None => format!("{area}-{group}"),
    };
    let all: String = problem
        .measures
        .iter()
        .map(|m| m.1.as_str())
        .collect::<Vec<_>>()
        .join("");
    // Phrases that contain a signal word without meaning unfinished work.
    let plain = ["继续经营", "不存在继续", "继续保持", "计划生育"]
        .iter()
        .fold(all.clone(), |t, p| t.replace(p, ""));
    // 计划 as a verb (今年计划对…, 计划于6月底前) is work to come; as a noun
    // (学习计划, 按计划完成) it is not.
    let planned = text::regex(r"计划(?:于|在|将|对|年底|年内|下半年|\d{1,4}[年月])")
        .is_match(&plain)
        .then_some(&"计划");
    let signal = OPEN_SIGNALS.iter().find(|s| plain.contains(*s)).or(planned);
    let deadline = deadline_in(&all, facts).filter(|d| {
        facts
            .published
            .as_deref()
            .is_none_or(|p| d.to_string().as_str() > p)
    });
    let open = signal.is_some() || deadline.is_some();
    let mut y = String::from("---\n");
    let _ = writeln!(y, "area: {area}\ngroup: {group}");
    if let Some(n) = problem.number {
        let _ = writeln!(y, "number: {n}");
    }
    if let Some(title) = &problem.title {
        let _ = writeln!(y, "title: {}", yaml(title));
    }
    let stated = problem.stated_status.as_ref().and_then(|(_, word)| {
        crate::model::words::status_words(word)
            .ok()
            .map(|(status, long_term)| (status, long_term, word))
    });
    // A deadline the notice states (整改时限:…) is read as stated; one
    // found in the measures' text only where no label states it.
    let stated_deadline = problem.stated_deadline.as_ref().map(|(_, text)| {
        match crate::model::words::deadline_words(text) {
            Ok(Deadline::Date(d)) => StatedDeadline::Date(d),
            Ok(Deadline::MonthOnly(m)) => match facts.year {
                Some(y) => StatedDeadline::Date(format!("{y:04}-{m:02}")),
                None => StatedDeadline::Unread(text.clone()),
            },
            Ok(Deadline::LongTerm) => StatedDeadline::LongTerm,
            Ok(Deadline::None) => StatedDeadline::None,
            // 2年内, 12月底前 in a sentence: read against the notice's dates.
            Err(_) => match deadline_in(text, facts) {
                Some(d) => StatedDeadline::Date(d.to_string()),
                None => StatedDeadline::Unread(text.clone()),
            },
        }
    });
    // Nothing to tell the status by: no status word (one that is none of
    // ours is still inferred, with a warning to check it: import/mod.rs)
    // and no measure (whose words or deadlines would tell it).
    let unstated = problem.stated_status.is_none() && problem.measures.is_empty();
    let (open, inferred_from) = match stated {
        Some((status, long_term, word)) => {
            let _ = writeln!(y, "status: {}  # 通报所述：“{word}”", status.key());
            if long_term {
                let _ = writeln!(y, "long_term: true");
            }
            (status.is_open(), None)
        }
        // No measure to infer from: "nothing unfinished is said" of no
        // measures at all would be a guess.
        None if unstated => {
            let _ = writeln!(
                y,
                "status: {}",
                yaml(&format!(
                    "{}状态：通报没写，也没列整改措施；照实写 已完成、基本完成、整改中 或 未完成）",
                    crate::model::PLACEHOLDER
                ))
            );
            (false, None)
        }
        None => {
            let from = match (open, signal) {
                (true, Some(s)) => format!("“{s}”"),
                (true, None) => "整改时限".to_string(),
                _ => "措施里没有尚未完成的说法".to_string(),
            };
            let key = if open { "in_progress" } else { "done" };
            let mark = crate::model::INFERRED_MARK;
            let _ = writeln!(y, "status: {key}  {mark}{from}，请核对");
            (open, Some(from))
        }
    };
    match &stated_deadline {
        Some(StatedDeadline::Date(d)) => {
            let _ = writeln!(y, "deadline: {d}");
        }
        Some(StatedDeadline::LongTerm) if stated.is_none_or(|s| !s.1) => {
            let _ = writeln!(y, "long_term: true");
        }
        Some(StatedDeadline::Unread(text)) => {
            let _ = writeln!(
                y,
                "deadline: {}",
                yaml(&format!(
                    "{}整改时限“{text}”，请写成 2023-12-31 或 2023-12）",
                    crate::model::PLACEHOLDER
                ))
            );
        }
        Some(_) => {}
        None => {
            if let Some(d) = deadline {
                let _ = writeln!(y, "deadline: {d}");
            }
        }
    }
    if let Some(department) = &problem.department {
        let _ = writeln!(y, "department: {}", yaml(department));
    }
    // Written only where the notice says so; silence states nothing.
    if problem
        .measures
        .iter()
        .any(|m| facts::mentions_accountability(&m.1))
    {
        let _ = writeln!(y, "accountability: true");
    }
    let mut regulations: Vec<(facts::FoundRegulation, Option<Date>)> = Vec::new();
    let mut regulation_titles = std::collections::HashSet::new();
    if !problem.measures.is_empty() {
        let _ = writeln!(y, "measures:");
    }
    let mut year = facts.year;
    for (_, text) in &problem.measures {
        // A measure's date is when it was done: never a date inside a
        // document's title (《…2024-2026年…纲要》), a year a plan is for
        // (2025年度), or a date after the notice was published.
        let date = text::first_date(&without_titles(text), year).filter(|d| {
            facts
                .published
                .as_deref()
                .is_none_or(|p| d.to_string().as_str() <= p)
        });
        if let Some(d) = text::dates(text, year).last() {
            year = Some(d.year);
        }
        match date {
            Some(d) => {
                // The date leads the text: it is shown once, as the date.
                let text = without_leading_date(text);
                let _ = writeln!(y, "  - date: {d}\n    text: {}", yaml(text));
            }
            None => {
                let _ = writeln!(y, "  - text: {}", yaml(text));
            }
        }
        for found in facts::regulations(text) {
            if regulation_titles.insert(found.title.clone()) {
                regulations.push((found, date.filter(|d| d.day.is_some())));
            }
        }
    }
    if !regulations.is_empty() {
        let _ = writeln!(y, "regulations:");
        for (r, issued) in &regulations {
            let mut first = true;
            let mut line = |k: &str, v: String| {
                let _ = writeln!(y, "{}{k}: {v}", if first { "  - " } else { "    " });
                first = false;
            };
            if let Some(n) = &r.number {
                line("number", yaml(n));
            }
            line("title", yaml(&r.title));
            if let Some(d) = issued {
                line("issued", d.to_string());
            }
            line(
                "kind",
                match r.kind {
                    RegulationKind::Established => "established".into(),
                    RegulationKind::Revised => "revised".into(),
                    RegulationKind::Document => "document".into(),
                },
            );
        }
    }
    y.push_str("---\n");
    IssueFile {
        slug,
        text: y,
        open,
        inferred_from,
        unstated,
        regulations: regulations.into_iter().map(|(r, _)| r).collect(),
    }
}

/// A deadline stated in the measures: "12月底前" (year from context),
/// "年底前", "2年内" (from the feedback date).
fn deadline_in(text: &str, facts: &ReportFacts) -> Option<Date> {
    let month_end = super::text::regex(r"(?:(\d{4})年)?(\d{1,2})月底前");
    if let Some(c) = month_end.captures(text) {
        // 12月底前 without a year is a deadline only where the year is known.
        let year: u16 = c
            .get(1)
            .and_then(|y| y.as_str().parse().ok())
            .or(facts.year)?;
        return Date::parse(&format!(
            "{year:04}-{:02}",
            c[2].parse::<u32>().unwrap_or(12)
        ))
        .ok();
    }
    if text.contains("年底前") {
        return Date::parse(&format!("{:04}-12", facts.year?)).ok();
    }
    let within = super::text::regex(r"([1-5一二两三四五])年内");
    if let Some(c) = within.captures(text) {
        let years = match &c[1] {
            "一" => 1,
            "二" | "两" => 2,
            "三" => 3,
            "四" => 4,
            "五" => 5,
            n => n.parse().unwrap_or(1),
        };
        let from = facts.feedback?;
        return Date::parse(&format!(
            "{:04}-{:02}",
            from.year + years,
            from.month.unwrap_or(12)
        ))
        .ok();
    }
    None
}

/// A measure's text without the full date it starts with (于2023年4月21日，
/// 对…): the date is the measure's `date`, shown beside the text.
fn without_leading_date(text: &str) -> &str {
    let pattern = text::regex(
        r"^(?:于|在)?(?:\d{4}年\d{1,2}月\d{1,2}日(?:[，,]\s*)?|\d{4}年\d{1,2}月[，,]\s*)",
    );
    match pattern.find(text) {
        Some(m) if text[m.end()..].chars().count() > 4 => {
            let rest = &text[m.end()..];
            // Nothing but the date and a particle before the verb.
            rest.trim_start_matches(['，', ','])
        }
        _ => text,
    }
}

/// A measure's text with what names a document or a period blanked out,
/// so that its dates are not read as when the measure was done.
fn without_titles(text: &str) -> String {
    let titles = text::regex(r"《[^》]*》|\d{4}\s*[-—–至~]\s*\d{4}年|\d{4}年度");
    titles.replace_all(text, "").into_owned()
}
