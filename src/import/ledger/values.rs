//! A ledger's statuses and deadlines as staff write them.

use super::sheet::Cell;
use crate::model::Status;

/// A status word: the words issue files accept, plus what ledgers say
/// (销号, 是/否 under 是否完成, 长期坚持 for tasks without an end).
/// Returns the status and whether it is long-term.
pub(crate) fn status(word: &str) -> Result<(Status, bool), String> {
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
            return Err(format!(
                "unknown status “{word}”: use 已完成, 基本完成, 整改中, 未完成 (or 已销号, 正在整改, 长期坚持…)"
            ))
        }
    })
}

/// What a deadline cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Deadline {
    None,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as written.
    Date(String),
    /// 长期坚持: no end.
    LongTerm,
    /// A month without its year (12月底前): the year comes from the
    /// ledger's other deadlines.
    MonthOnly(u8),
}

/// Reads a deadline: a spreadsheet date, 2023.12.31, 2023-12, 2023年12月底前,
/// 2023年底前, 12月底前, 长期坚持, 立行立改 (done at once: no deadline).
pub(crate) fn deadline(cell: &Cell) -> Result<Deadline, String> {
    let text = match cell {
        Cell::Empty => return Ok(Deadline::None),
        Cell::Date(serial) => return serial_date(*serial).map(Deadline::Date),
        // A date typed into a cell formatted as a number.
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) => {
            return serial_date(*n).map(Deadline::Date)
        }
        other => other.text(),
    };
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || {
        format!("“{text}” is not a deadline: write a date (2023-12-31, 2023.12.31, 2023年12月底前), 长期坚持 or 立行立改")
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

/// An Excel date serial (1900 system) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> Result<String, String> {
    if !(1.0..200_000.0).contains(&serial) {
        return Err(format!("{serial} is not a date"));
    }
    // Days from 1970-01-01 (serial 25569), then the civil calendar.
    let days = serial.floor() as i64 - 25_569;
    let (y, m, d) = civil_from_days(days);
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        Cell::Text(t.into())
    }

    #[test]
    fn deadlines_are_read_as_staff_write_them() {
        let date = |s: &str| Ok(Deadline::Date(s.into()));
        assert_eq!(deadline(&Cell::Date(45291.0)), date("2023-12-31"));
        assert_eq!(deadline(&Cell::Number(45291.0)), date("2023-12-31"));
        assert_eq!(deadline(&text("2023.12.31")), date("2023-12-31"));
        assert_eq!(deadline(&text("2023年12月底前")), date("2023-12"));
        assert_eq!(deadline(&text("2024年6月30日前")), date("2024-06-30"));
        assert_eq!(deadline(&text("2023年底前")), date("2023"));
        assert_eq!(deadline(&text("12月底前")), Ok(Deadline::MonthOnly(12)));
        assert_eq!(deadline(&text("长期坚持")), Ok(Deadline::LongTerm));
        assert_eq!(deadline(&text("立行立改")), Ok(Deadline::None));
        assert_eq!(deadline(&text("即知即改")), Ok(Deadline::None));
        assert_eq!(deadline(&text("2024年三季度前")), date("2024-09"));
        assert_eq!(deadline(&text("三季度前")), Ok(Deadline::MonthOnly(9)));
        assert_eq!(deadline(&text("持续整改")), Ok(Deadline::LongTerm));
        assert!(deadline(&text("中期推进")).is_err());
        assert!(deadline(&text("尽快")).is_err());
        assert!(deadline(&text("2023.13.01")).is_err());
        assert!(deadline(&text("2023.02.30")).is_err());
    }

    #[test]
    fn status_words_and_their_synonyms() {
        assert_eq!(status("已销号"), Ok((Status::Done, false)));
        assert_eq!(status(" 正在整改 "), Ok((Status::InProgress, false)));
        assert_eq!(status("长期坚持"), Ok((Status::InProgress, true)));
        assert_eq!(status("否"), Ok((Status::NotDone, false)));
        assert_eq!(status("持续整改"), Ok((Status::InProgress, true)));
        assert_eq!(status("尚未整改"), Ok((Status::NotDone, false)));
        assert_eq!(
            status("基本完成取得阶段性成果并持续整改"),
            Ok((Status::BasicallyDone, false))
        );
        assert_eq!(status("部分整改"), Ok((Status::InProgress, false)));
        assert!(status("搞定").unwrap_err().contains("“搞定”"));
    }
}
