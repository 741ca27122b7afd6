//! Facts inside sentences: dates, document numbers, regulation titles,
//! amounts, the statistics a notice declares and its contact block.

use crate::model::{Date, RegulationKind};
use regex::Regex;

/// A compiled pattern, kept for the life of the process: the importer
/// matches dozens of patterns per problem, and compiling each again was
/// most of its time.
pub fn regex(pattern: &'static str) -> &'static Regex {
    type Cache = std::collections::HashMap<&'static str, &'static Regex>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry(pattern)
        .or_insert_with(|| Box::leak(Box::new(Regex::new(pattern).expect("valid pattern"))))
}

/// The first date in a text, as precisely as written. `year` fills in
/// dates written without one ("4月17日"); ranges ("11月8-9日", "5月至6月")
/// give their start.
pub fn first_date(text: &str, year: Option<u16>) -> Option<Date> {
    dates(text, year).into_iter().next()
}

/// Every date in a text, in order.
pub fn dates(text: &str, mut year: Option<u16>) -> Vec<Date> {
    let pattern = regex(
        r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})(?:日|号|[-—–~至]\d{1,2}日))?|(\d{4})年(?:底|初|以来|上半年|下半年)?",
    );
    let mut found = Vec::new();
    for caps in pattern.captures_iter(text) {
        if let Some(y) = caps.get(4) {
            // A bare year ("2023年底", "2019年以来").
            let y: u16 = y.as_str().parse().unwrap_or(0);
            year = Some(y);
            if let Ok(d) = Date::parse(&format!("{y:04}")) {
                found.push(d);
            }
            continue;
        }
        if let Some(y) = caps.get(1) {
            year = y.as_str().parse().ok();
        }
        let Some(y) = year else { continue };
        let month: u32 = caps[2].parse().unwrap_or(0);
        let text = match caps.get(3) {
            Some(day) => format!(
                "{y:04}-{month:02}-{:02}",
                day.as_str().parse::<u32>().unwrap_or(0)
            ),
            None => format!("{y:04}-{month:02}"),
        };
        if let Ok(d) = Date::parse(&text) {
            found.push(d);
        }
    }
    found
}

/// Document numbers (温应急[2023]19号, 温政办发〔2023〕11号, 温应急管罚[2019]11-1号)
/// with their byte range in the text.
pub fn document_numbers(text: &str) -> Vec<(usize, usize, String)> {
    let pattern = regex(r"\p{Han}{1,10}[\[〔【［(]\d{4}[\]〕】］)]\d{1,5}(?:-\d{1,4})?号");
    pattern
        .find_iter(text)
        .map(|m| {
            let issuer_start = issuer_start(m.as_str());
            (
                m.start() + issuer_start,
                m.end(),
                m.as_str()[issuer_start..].to_string(),
            )
        })
        .collect()
}

/// Where the issuer abbreviation starts in `<words><issuer>[year]n号`:
/// issuers are at most six characters, and the words before them
/// ("已写入", "印发", "根据") are not part of the number.
fn issuer_start(found: &str) -> usize {
    const LEADING: &[&str] = &[
        "建议内容",
        "内容",
        "建议",
        "已经",
        "已",
        "写入",
        "载入",
        "印发",
        "下发",
        "出台",
        "制定",
        "根据",
        "按照",
        "依据",
        "依照",
        "见",
        "并",
        "和",
        "及",
        "与",
        "以",
        "的",
        "是",
        "在",
        "对",
        "经",
        "将",
        "于",
        "文件",
        "了",
    ];
    let bracket = found.find(['[', '〔', '【', '［', '(']).unwrap_or(0);
    let issuer = &found[..bracket];
    let chars: Vec<(usize, char)> = issuer.char_indices().collect();
    let mut at = chars
        .get(chars.len().saturating_sub(6))
        .map_or(issuer.len(), |c| c.0);
    'strip: loop {
        for word in LEADING {
            if issuer[at..].starts_with(word)
                && issuer[at..].chars().count() > word.chars().count() + 1
            {
                at += word.len();
                continue 'strip;
            }
        }
        return at;
    }
}

/// A regulation or document named in a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundRegulation {
    pub title: String,
    pub number: Option<String>,
    pub kind: RegulationKind,
}

/// Titles in 《》 paired with a document number right before or after
/// them, e.g. 印发了《…规定》（温应急[2023]19号） or 温应急[2023]25号《…通报》.
/// Titles without a number count only where the text says the unit issued
/// them (印发, 制定, 修订 …); commitment letters and laws quoted in passing
/// are not regulations.
pub fn regulations(text: &str) -> Vec<FoundRegulation> {
    let titles = regex(r"《([^《》]{2,80})》");
    let numbers = document_numbers(text);
    let mut found = Vec::new();
    for caps in titles.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let title = caps[1].trim().to_string();
        let after = &text[whole.end()..];
        let before = &text[..whole.start()];
        let number = numbers
            .iter()
            .find(|(start, _, _)| {
                *start >= whole.end() && {
                    let gap = &text[whole.end()..*start];
                    gap.chars().count() <= 2 && gap.chars().all(|c| "([〔（ ,，、".contains(c))
                }
            })
            .or_else(|| numbers.iter().find(|(_, end, _)| *end == whole.start()))
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
        match found
            .iter_mut()
            .find(|f: &&mut FoundRegulation| f.title == title)
        {
            // Quoted twice: keep the mention that carries the number.
            Some(existing) if existing.number.is_none() => existing.number = number,
            Some(_) => {}
            None => found.push(FoundRegulation {
                title,
                number,
                kind,
            }),
        }
    }
    found
}

/// Amounts of money in yuan: "40000元", "20万元", "50.78万元".
pub fn amounts(text: &str) -> Vec<f64> {
    let pattern = regex(r"(\d+(?:\.\d+)?)(万)?元");
    pattern
        .captures_iter(text)
        .filter_map(|c| {
            let n: f64 = c[1].parse().ok()?;
            Some(if c.get(2).is_some() { n * 10_000.0 } else { n })
        })
        .collect()
}

/// Whether a text reports people being held accountable.
pub fn mentions_accountability(text: &str) -> bool {
    text.contains("问责")
        || text.contains("诫勉")
        || text.contains("责令检查")
        || text.contains("党纪处分")
}

/// The figures a notice declares about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    pub problems: Option<u32>,
    pub done: Option<u32>,
    pub basically_done: Option<u32>,
    pub in_progress: Option<u32>,
    pub unfinished: Option<u32>,
    pub accountability: Vec<(String, u32)>,
    pub recovered_yuan: Option<f64>,
    pub regulations_established: Option<u32>,
    pub regulations_revised: Option<u32>,
    /// 整改完成率, if stated (percent).
    pub completion_rate: Option<u32>,
}

impl Statistics {
    /// True if nothing was found.
    pub fn is_empty(&self) -> bool {
        *self == Statistics::default()
    }
}

/// Reads declared figures from a paragraph, in the forms notices use:
/// "三方面33个问题，已完成整改26个，未完成7个", "完成688个、基本完成4个、
/// 未完成5个", "已完成整改19个，正在整改6个，整改完成率76%".
pub fn statistics(text: &str, into: &mut Statistics) {
    let number = |pattern: &'static str| -> Option<u32> {
        regex(pattern).captures(text)?.get(1)?.as_str().parse().ok()
    };
    into.problems = into.problems.or_else(|| {
        number(r"(?:问题总数|反馈(?:的)?(?:[一二三四五六七八九十]+(?:个)?方面)?(?:共)?|共(?:计)?|方面)(\d+)(?:个|项|条)(?:具体)?问题")
            .or_else(|| number(r"(?:反馈|发现|指出|共有)问题(?:共|总数)?(?:为)?(\d+)(?:个|项|条)"))
            .or_else(|| number(r"(\d+)(?:个|项|条)(?:具体)?问题"))
    });
    into.done = into.done.or_else(|| {
        number(r"(?:已完成|已整改完成|已经完成)(?:整改)?(\d+)(?:个|项|条)")
            .or_else(|| number(r"(?:^|[，,、；;])完成(?:整改)?(\d+)(?:个|项|条)"))
    });
    into.basically_done = into
        .basically_done
        .or_else(|| number(r"基本完成(?:整改)?(\d+)(?:个|项|条)"));
    into.in_progress = into
        .in_progress
        .or_else(|| number(r"(?:正在整改|正在推进|整改中|持续整改)(\d+)(?:个|项|条)"));
    into.unfinished = into
        .unfinished
        .or_else(|| number(r"(?:未完成|尚未完成)(?:整改)?(\d+)(?:个|项|条)"));
    into.completion_rate = into
        .completion_rate
        .or_else(|| number(r"完成率(?:为|达)?(\d+)(?:\.\d+)?%"));
    into.regulations_established = into
        .regulations_established
        .or_else(|| number(r"(?:建立|新建|制定)(?:健全)?(?:规章)?制度(\d+)(?:件|项|个|份)"));
    into.regulations_revised = into
        .regulations_revised
        .or_else(|| number(r"(?:完善|修订|修改)(?:规章)?制度(\d+)(?:件|项|个|份)"));
    if into.recovered_yuan.is_none() {
        if let Some(c) = regex(r"挽回(?:经济)?损失(?:共)?(\d+(?:\.\d+)?)(万)?元").captures(text)
        {
            let n: f64 = c[1].parse().unwrap_or(0.0);
            into.recovered_yuan = Some(if c.get(2).is_some() { n * 10_000.0 } else { n });
        }
    }
    let people = regex(
        r"(诫勉谈话|责令检查|批评教育|提醒谈话|通报批评|党纪处分|政务处分|组织处理|约谈|函询|诫勉)(\d+)人",
    );
    for c in people.captures_iter(text) {
        let kind = c[1].to_string();
        if !into.accountability.iter().any(|(k, _)| *k == kind) {
            into.accountability.push((kind, c[2].parse().unwrap_or(0)));
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
pub fn contact(text: &str, into: &mut ContactFound) {
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

#[cfg(test)]
mod tests {
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

    #[test]
    fn statistics_in_their_usual_forms() {
        let mut s = Statistics::default();
        statistics("截止目前,巡察反馈的三方面33个问题,已完成整改26个,未完成7个。在巡察整改工作中,诫勉谈话3人,责令检查9人,批评教育2人,提醒谈话12人;共挽回经济损失45349.42元;建立规章制度6件,完善规章制度6件。", &mut s);
        assert_eq!(
            (s.problems, s.done, s.unfinished),
            (Some(33), Some(26), Some(7))
        );
        assert_eq!(s.accountability.len(), 4);
        assert_eq!(s.recovered_yuan, Some(45349.42));
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
            (t.done, t.in_progress, t.completion_rate),
            (Some(19), Some(6), Some(76))
        );
        let mut u = Statistics::default();
        statistics("完成688个、基本完成4个、未完成5个", &mut u);
        assert_eq!(
            (u.done, u.basically_done, u.unfinished),
            (Some(688), Some(4), Some(5))
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
