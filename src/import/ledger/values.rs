//! A ledger's statuses and deadlines as staff write them.

use super::sheet::Cell;
use crate::model::words::deadline_words;
pub(crate) use crate::model::words::{status_words as status, Deadline};

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
    deadline_words(&text)
}

/// An Excel date serial (1900 system) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> Result<String, String> {
    if !(1.0..200_000.0).contains(&serial) {
        return Err(crate::say!("{serial} 不是日期", "{serial} is not a date"));
    }
    // Days from 1970-01-01 (serial 25569), then the civil calendar.
    let days = serial.floor() as i64 - 25_569;
    let (y, m, d) = crate::model::civil_from_days(days);
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

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
        assert_eq!(deadline(&text("2023年底前")), date("2023-12"));
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
