//! Calendar dates as rectification notices write them: often only a year
//! and month ("2023年3月"), sometimes a full day, occasionally with a time.

use crate::say;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A date known to the year, the month or the day. Notices say "2022年12月份"
/// as often as "2023年4月20日", so precision is part of the value; ordering
/// puts a month before any day inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible days
    /// (2023-02-30) so a typo never reaches the public page.
    pub(crate) fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, what: &str, width: usize| -> Result<u32, String> {
            if s.len() != width || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(say!(
                    "日期“{text}”不对：写成 2023-04-20、2023年4月20日、2023/4/20 或 2023年4月",
                    "invalid date `{text}`: the {what} must be {width} digits (write YYYY-MM-DD, YYYY-MM or YYYY)"
                ));
            }
            Ok(s.parse().unwrap_or(0))
        };
        if parts.is_empty() || parts.len() > 3 {
            return Err(say!(
                "日期“{text}”不对：写成 2023-04-20、2023年4月20日、2023/4/20 或 2023年4月",
                "invalid date `{text}`: write YYYY-MM-DD, YYYY-MM or YYYY"
            ));
        }
        let year = number(parts[0], "year", 4)?;
        if !(1900..=2999).contains(&year) {
            return Err(say!(
                "日期“{text}”的年份 {year} 不对",
                "invalid date `{text}`: year {year} is out of range"
            ));
        }
        let month = match parts.get(1) {
            Some(m) => {
                let m = number(m, "month", 2)?;
                if !(1..=12).contains(&m) {
                    return Err(say!(
                        "日期“{text}”不对：没有 {m} 月",
                        "invalid date `{text}`: there is no month {m}"
                    ));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => {
                let d = number(d, "day", 2)?;
                let last = days_in_month(year, m as u32);
                if d == 0 || d > last {
                    return Err(say!(
                        "日期“{text}”不对：{year}年{m}月只有 {last} 天，没有 {d} 日",
                        "invalid date `{text}`: {year}-{m:02} has {last} days, not {d}"
                    ));
                }
                Some(d as u8)
            }
            _ => None,
        };
        Ok(Date {
            year: year as u16,
            month,
            day,
        })
    }

    /// Reads a date as staff type it: 2023-04-20, 2023年4月20日, 2023/4/20,
    /// 2023.4.20, 2023年4月(底), 2024年上半年 (June), 2024年三季度
    /// (September), 2023 — one reader for every file, so what a ledger
    /// accepts an issue file accepts too. A month without its year, and
    /// words that are not dates (长期坚持), are refused with what to write.
    pub(crate) fn read(text: &str) -> Result<Date, String> {
        use crate::model::words::{deadline_words, Deadline};
        if let Ok(date) = Date::parse(text) {
            return Ok(date);
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let plain =
            |c: char| c.is_ascii_digit() || "-/.年月日号底前末止以之上下半季度一二三四".contains(c);
        match deadline_words(&compact) {
            Ok(Deadline::Date(iso)) if compact.chars().all(plain) => Date::parse(&iso),
            Ok(Deadline::MonthOnly(m)) => Err(say!(
                "日期“{compact}”没有写年份：写成 2024年{m}月 或 2024-{m:02} 这样带年份的",
                "the date “{compact}” has no year: write it with one, such as 2024-{m:02}"
            )),
            Ok(Deadline::LongTerm) => Err(say!(
                "“{compact}”不是日期：需长期坚持的事项写 long_term: true",
                "“{compact}” is not a date: a task without an end is marked long_term: true"
            )),
            _ => Date::parse(text),
        }
    }

    /// Reads an issue's `deadline`: a date as [`Date::read`] takes it, or
    /// a word that means there is none — 长期坚持/持续整改 (the issue is
    /// long-term; the loader marks it so) and 立行立改 (done at once).
    pub(crate) fn read_deadline(text: &str) -> Result<Option<Date>, String> {
        use crate::model::words::{deadline_words, Deadline};
        match Date::read(text) {
            Ok(date) => Ok(Some(date)),
            Err(message) => match deadline_words(text) {
                Ok(Deadline::LongTerm | Deadline::None) => Ok(None),
                _ => Err(message),
            },
        }
    }

    /// The Chinese form used on pages: 2023年4月20日, 2023年4月, 2023年.
    pub(crate) fn zh(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}年{}月{}日", self.year, m, d),
            (Some(m), None) => format!("{}年{}月", self.year, m),
            _ => format!("{}年", self.year),
        }
    }

    /// The first day this date can stand for: "2023-06" may be any day of
    /// June, from the 1st.
    pub(crate) fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Whether this date is certainly after `other`: every day it can stand
    /// for comes after every day `other` can ("2023-09-15" is not after
    /// "2023-09", which may be the 30th).
    pub(crate) fn surely_after(&self, other: &Date) -> bool {
        self.first_day() > other.last_day()
    }

    /// The last day this date can stand for: "2023-06" is due at the end
    /// of June, so it only becomes overdue from July on.
    pub(crate) fn last_day(&self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self
            .day
            .unwrap_or(days_in_month(self.year as u32, month as u32) as u8);
        (self.year, month, day)
    }
}

/// Days from 1970-01-01 to a day of the calendar (negative before it), so
/// that "how many days overdue" is one subtraction.
pub(crate) fn day_number((year, month, day): (u16, u8, u8)) -> i64 {
    // Howard Hinnant's days_from_civil, with March as the first month.
    let (y, m, d) = (year as i64, month as i64, day as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

/// ISO form (2023-04-20, 2023-04 or 2023): what files, feeds and data use.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        // Any scalar: `published: 2023` reads as a number.
        d.deserialize_any(super::TextVisitor(Date::read, "a date such as 2023-04-20"))
    }
}

/// A publication moment: a full date with an optional time of day, as in
/// the notice's "时间:2023-09-07 11:05:25".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub date: Date,
    pub time: Option<String>,
}

impl DateTime {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or the same with `T`.
    pub(crate) fn parse(text: &str) -> Result<DateTime, String> {
        let text = text.trim();
        let (date_part, time_part) = match text.find([' ', 'T']) {
            Some(i) => (&text[..i], Some(text[i + 1..].trim())),
            None => (text, None),
        };
        let date = Date::read(date_part)?;
        if date.day.is_none() {
            return Err(say!(
                "“{text}”要写到哪一天，如 2023-09-07 或 2023-09-07 11:05:25",
                "invalid date-time `{text}`: give a full date, such as 2023-09-07 11:05:25"
            ));
        }
        let time = match time_part {
            None => None,
            Some(t) => {
                let fields: Vec<&str> = t.split(':').collect();
                let limits = [23, 59, 59];
                let ok = (2..=3).contains(&fields.len())
                    && fields.iter().zip(limits).all(|(f, max)| {
                        f.len() == 2
                            && f.bytes().all(|b| b.is_ascii_digit())
                            && f.parse::<u32>().is_ok_and(|n| n <= max)
                    });
                if !ok {
                    return Err(say!(
                        "“{text}”里的时刻不对：日期后面写 时:分 或 时:分:秒，如 2023-09-07 11:05",
                        "invalid time in `{text}`: write HH:MM or HH:MM:SS after the date"
                    ));
                }
                Some(t.to_string())
            }
        };
        Ok(DateTime { date, time })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.time {
            Some(t) => write!(f, "{} {}", self.date, t),
            None => write!(f, "{}", self.date),
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DateTime, D::Error> {
        d.deserialize_str(super::TextVisitor(
            DateTime::parse,
            "a date-time such as 2023-09-07 11:05:25",
        ))
    }
}

/// Howard Hinnant's days-to-civil algorithm.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
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

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number((1970, 1, 1)), 0);
        assert_eq!(day_number((2000, 3, 1)) - day_number((2000, 2, 28)), 2);
        assert_eq!(day_number((2024, 1, 1)) - day_number((2023, 1, 1)), 365);
        assert_eq!(day_number((2023, 9, 7)), 19607);
    }

    #[test]
    fn parses_each_precision_and_rejects_impossible_days() {
        assert_eq!(Date::parse("2023-04-20").unwrap().zh(), "2023年4月20日");
        assert_eq!(Date::parse("2023-04").unwrap().zh(), "2023年4月");
        assert_eq!(Date::parse("2023").unwrap().to_string(), "2023");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-13-01").is_err());
        assert!(Date::parse("2023/04/01").is_err());
        assert!(Date::parse("").is_err());
        assert_eq!(Date::parse("2023-06").unwrap().last_day(), (2023, 6, 30));
    }

    #[test]
    fn months_sort_before_their_days() {
        let month = Date::parse("2023-04").unwrap();
        let day = Date::parse("2023-04-01").unwrap();
        assert!(month < day);
    }

    #[test]
    fn date_times_need_a_full_date_and_a_sane_time() {
        let t = DateTime::parse("2023-09-07 11:05:25").unwrap();
        assert_eq!(t.to_string(), "2023-09-07 11:05:25");
        assert!(DateTime::parse("2023-09-07 25:00").is_err());
        assert!(DateTime::parse("2023-09").is_err());
        assert!(DateTime::parse("2023-09-07T08:30").is_ok());
    }
}
