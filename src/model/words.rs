//! One vocabulary for what staff write in every file zhenggai reads —
//! issue files, report.md, notices and ledgers: status words with their
//! synonyms, and deadlines in the forms people type them.

use super::Status;

/// A status word: the words issue files accept, plus what ledgers say
/// (销号, 是/否 under 是否完成, 长期坚持 for tasks without an end).
/// Returns the status and whether it is long-term.
pub fn status_words(word: &str) -> Result<(Status, bool), String> {
    let word: String = word.chars().filter(|c| !c.is_whitespace()).collect();
    // Audit offices' category for what cannot end by a date.
    if matches!(
        word.as_str(),
        "长期坚持" | "长期整改" | "持续坚持" | "持续整改"
    ) {
        return Ok((Status::InProgress, true));
    }
    if let Ok(status) = Status::try_from(word.clone()) {
        return Ok((status, false));
    }
    // 基本完成取得阶段性成果并持续整改 and the like.
    if word.starts_with("基本完成") || word.starts_with("已基本完成") {
        return Ok((Status::BasicallyDone, false));
    }
    Ok(match word.as_str() {
        "销号" | "已办结" | "办结" | "完成整改" | "已落实" | "是" | "已完成整改" | "已完成整改任务"
        | "整改到位" => (Status::Done, false),
        "进行中" | "正在落实" | "落实中" | "整改推进中" | "正在推进中" | "未完成，正在整改"
        | "正在办理" | "部分整改" | "进展滞后" => (Status::InProgress, false),
        "未启动" | "尚未完成" | "尚未整改" | "未完成整改" | "否" | "未销号" => {
            (Status::NotDone, false)
        }
        _ => {
            return Err(crate::say!(
                "不认识的整改状态“{word}”：写 已完成、基本完成、整改中 或 未完成（也认 已销号、正在整改、长期坚持 等）",
                "unknown status “{word}”: use 已完成, 基本完成, 整改中, 未完成 (or 已销号, 正在整改, 长期坚持…)"
            ))
        }
    })
}

/// Where an issue file says "long-term" in words rather than with
/// `long_term: true`: `status: 长期坚持` or `deadline: 长期坚持`. Returns
/// the key and its 1-based line within `yaml`. Cheap when neither word is
/// there, which is nearly always.
pub fn long_term_written(yaml: &str) -> Option<(&'static str, usize)> {
    if !yaml.contains("长期") && !yaml.contains("持续") {
        return None;
    }
    yaml.lines().enumerate().find_map(|(i, line)| {
        let (key, value) = line.split_once(':')?;
        let value = value
            .split(" #")
            .next()
            .unwrap_or_default()
            .trim()
            .trim_matches(['"', '\'']);
        match key {
            "status" if matches!(status_words(value), Ok((_, true))) => Some(("status", i + 1)),
            "deadline" if deadline_words(value) == Ok(Deadline::LongTerm) => {
                Some(("deadline", i + 1))
            }
            _ => None,
        }
    })
}

/// What a deadline cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    None,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as written.
    Date(String),
    /// 长期坚持: no end.
    LongTerm,
    /// A month without its year (12月底前): the year comes from the
    /// ledger's other deadlines.
    MonthOnly(u8),
}

/// Reads a deadline as staff write it in any file: 2023-12-31, 2023.12.31,
/// 2023/12/31, 2023-12, 2023年12月底前, 2023年底前, 2024年上半年 (June),
/// 2024年三季度 (September), 12月底前 (a month whose year the caller knows),
/// 长期坚持 (no end), 立行立改 (done at once: no deadline).
pub fn deadline_words(text: &str) -> Result<Deadline, String> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || {
        crate::say!(
            "“{text}”不是整改时限：写日期（2023-12-31、2023年12月底前、2024年上半年），或 长期坚持、立行立改",
            "“{text}” is not a deadline: write a date (2023-12-31, 2023.12.31, 2023年12月底前), 长期坚持 or 立行立改"
        )
    };
    if text.is_empty() {
        return Ok(Deadline::None);
    }
    if matches!(
        text.as_str(),
        "长期坚持" | "长期" | "持续推进" | "长期整改" | "持续整改"
    ) {
        return Ok(Deadline::LongTerm);
    }
    if matches!(
        text.as_str(),
        "立行立改" | "即知即改" | "立即整改" | "已完成" | "无"
    ) {
        return Ok(Deadline::None);
    }
    if let Some(quarter) = quarter_end(&text) {
        return Ok(quarter);
    }
    if let Some(half) = half_year_end(&text) {
        return Ok(half);
    }
    // Drop what only softens the date: 前, 底, 以前, 之前.
    let core = text
        .trim_end_matches(['前', '止'])
        .trim_end_matches(['以', '之'])
        .trim_end_matches('底')
        .trim_end_matches('末');
    let numbers: Vec<u32> = core
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or(u32::MAX))
        .collect();
    let valid_day = |y: u32, m: u32, d: u32| {
        crate::model::Date::parse(&format!("{y:04}-{m:02}-{d:02}")).is_ok()
    };
    match numbers[..] {
        [y, m, d] if (1990..2100).contains(&y) && valid_day(y, m, d) => {
            Ok(Deadline::Date(format!("{y:04}-{m:02}-{d:02}")))
        }
        [y, m] if (1990..2100).contains(&y) && (1..=12).contains(&m) => {
            Ok(Deadline::Date(format!("{y:04}-{m:02}")))
        }
        [y] if (1990..2100).contains(&y) && (core.ends_with('年') || core.len() == 4) => {
            Ok(Deadline::Date(format!("{y:04}")))
        }
        [m] if (1..=12).contains(&m) && core.ends_with('月') => Ok(Deadline::MonthOnly(m as u8)),
        _ => Err(bad()),
    }
}

/// 2024年三季度(末/前), 三季度前: the quarter's last month.
fn quarter_end(text: &str) -> Option<Deadline> {
    let (head, _) = text.split_at(text.find("季度")?);
    let digit = head.chars().last()?;
    let quarter = "一二三四1234".chars().position(|c| c == digit)? % 4;
    let month = (quarter as u8 + 1) * 3;
    let year: String = head.chars().take_while(char::is_ascii_digit).collect();
    match year.parse::<u16>() {
        Ok(y) if (1990..2100).contains(&y) => Some(Deadline::Date(format!("{y:04}-{month:02}"))),
        _ if head.chars().count() <= 2 => Some(Deadline::MonthOnly(month)),
        _ => None,
    }
}

/// 2024年上半年 → June, 2024年下半年 / 2024年年底 → December: the half's
/// last month, never the whole year (which would move a deadline later).
fn half_year_end(text: &str) -> Option<Deadline> {
    let core = text
        .trim_end_matches(['前', '止'])
        .trim_end_matches(['以', '之']);
    let (head, month) = if let Some(h) = core.strip_suffix("上半年") {
        (h, 6)
    } else if let Some(h) = core
        .strip_suffix("下半年")
        .or_else(|| core.strip_suffix("年年底"))
        .or_else(|| core.strip_suffix("年底"))
        .or_else(|| core.strip_suffix("年末"))
    {
        (h, 12)
    } else {
        return None;
    };
    let head = head.trim_end_matches('年');
    match head.parse::<u16>() {
        Ok(y) if (1990..2100).contains(&y) => Some(Deadline::Date(format!("{y:04}-{month:02}"))),
        _ if head.is_empty() => Some(Deadline::MonthOnly(month)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_and_year_ends_are_their_last_month() {
        let date = |s: &str| Ok(Deadline::Date(s.into()));
        assert_eq!(deadline_words("2024年上半年"), date("2024-06"));
        assert_eq!(deadline_words("2024年下半年"), date("2024-12"));
        assert_eq!(deadline_words("2024年底前"), date("2024-12"));
        assert_eq!(deadline_words("年底前"), Ok(Deadline::MonthOnly(12)));
        assert_eq!(deadline_words("2023/12/31"), date("2023-12-31"));
        assert_eq!(deadline_words("2024年6月底"), date("2024-06"));
    }
}
