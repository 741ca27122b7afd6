//! Derive: everything the pages show that is computed rather than written:
//! counts by status, overdue problems, the regulations index, neighbours.
//! The result is plain serialisable data that templates read directly.

pub mod markdown;

use crate::model::{
    regulation_key, Contact, Date, Issue, Portal, PortalConfig, RegulationKind, Report, Status,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The whole site as templates see it. Built once per build and shared by
/// every page.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub name: String,
    pub publisher: String,
    pub base_url: Option<String>,
    pub description_html: String,
    pub contact: ContactView,
    pub counts: Counts,
    /// Shared so that watch mode can keep the reports that did not change.
    pub reports: Vec<Arc<ReportView>>,
    /// Every regulation cited anywhere, by date then number.
    pub regulations: Vec<Arc<RegulationView>>,
    pub regulation_counts: KindCounts,
    /// The status legend, in display order.
    pub statuses: Vec<StatusView>,
}

/// Contact details with ready-made link targets.
#[derive(Debug, Serialize, Clone)]
pub struct ContactView {
    pub phone: Option<String>,
    /// `tel:` target: the number without spaces or dashes' neighbours.
    pub phone_href: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub note: Option<String>,
}

/// Problem counts by status, and the shares that the charts draw.
#[derive(Debug, Serialize, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub done: usize,
    pub basically_done: usize,
    pub in_progress: usize,
    pub not_done: usize,
    /// In progress or not done (未完成).
    pub open: usize,
    pub overdue: usize,
    pub long_term: usize,
    /// Done share in whole percent, rounded down so 99.6% never reads 100%.
    pub done_percent: usize,
    /// The stacked bar drawn for these counts, in thousandths of its width.
    pub segments: Vec<Segment>,
}

/// One coloured stretch of a progress bar.
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct Segment {
    pub status: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub x: usize,
    pub width: usize,
}

impl Counts {
    fn add(&mut self, status: Status, overdue: bool, long_term: bool) {
        self.total += 1;
        match status {
            Status::Done => self.done += 1,
            Status::BasicallyDone => self.basically_done += 1,
            Status::InProgress => self.in_progress += 1,
            Status::NotDone => self.not_done += 1,
        }
        self.open += status.is_open() as usize;
        self.overdue += overdue as usize;
        self.long_term += long_term as usize;
        self.finish();
    }

    fn merge(&mut self, other: &Counts) {
        self.total += other.total;
        self.done += other.done;
        self.basically_done += other.basically_done;
        self.in_progress += other.in_progress;
        self.not_done += other.not_done;
        self.open += other.open;
        self.overdue += other.overdue;
        self.long_term += other.long_term;
        self.finish();
    }

    /// Recomputes the shares; widths add up to exactly 1000 (largest
    /// remainder), so bars never show a gap or overflow.
    fn finish(&mut self) {
        self.done_percent = (self.done * 100).checked_div(self.total).unwrap_or(0);
        self.segments.clear();
        if self.total == 0 {
            return;
        }
        let parts = [
            (Status::Done, self.done),
            (Status::BasicallyDone, self.basically_done),
            (Status::InProgress, self.in_progress),
            (Status::NotDone, self.not_done),
        ];
        let mut widths: Vec<(usize, usize)> = parts
            .iter()
            .map(|(_, n)| (n * 1000 / self.total, n * 1000 % self.total))
            .collect();
        let mut left = 1000 - widths.iter().map(|w| w.0).sum::<usize>();
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by(|&a, &b| widths[b].1.cmp(&widths[a].1).then(a.cmp(&b)));
        for i in order {
            if left == 0 {
                break;
            }
            if parts[i].1 > 0 {
                widths[i].0 += 1;
                left -= 1;
            }
        }
        let mut x = 0;
        for ((status, count), (width, _)) in parts.iter().zip(widths) {
            if *count > 0 {
                self.segments.push(Segment {
                    status: status.key(),
                    label: status.label(),
                    count: *count,
                    x,
                    width,
                });
                x += width;
            }
        }
    }
}

/// Regulations by kind.
#[derive(Debug, Serialize, Clone, Default)]
pub struct KindCounts {
    pub established: usize,
    pub revised: usize,
    pub document: usize,
}

/// One entry of the status legend.
#[derive(Debug, Serialize)]
pub struct StatusView {
    pub key: &'static str,
    pub label: &'static str,
    pub meaning: &'static str,
}

/// One report with its areas, problems and figures.
#[derive(Debug, Serialize)]
pub struct ReportView {
    pub slug: String,
    pub title: String,
    pub unit: String,
    pub source: String,
    pub published: String,
    pub published_zh: String,
    pub published_date: String,
    pub as_of: String,
    pub as_of_zh: String,
    pub inspection: InspectionView,
    pub intro_html: String,
    pub closing_html: String,
    pub contact: ContactView,
    pub counts: Counts,
    pub areas: Vec<AreaView>,
    pub accountability: Vec<AccountabilityView>,
    pub accountability_total: u32,
    /// Amount recovered, formatted with thousands separators (45,349.42).
    pub recovered_yuan: Option<String>,
    pub declared: crate::model::Declared,
    pub regulations: Vec<Arc<RegulationView>>,
    pub regulation_counts: KindCounts,
    /// All problems in notice order; issue pages index into this.
    pub issues: Vec<IssueView>,
}

/// The inspection's facts, dates already in Chinese form.
#[derive(Debug, Serialize)]
pub struct InspectionView {
    pub team: String,
    pub start_zh: String,
    pub end_zh: String,
    pub feedback_zh: String,
}

/// An accountability line: kind and number of people.
#[derive(Debug, Serialize)]
pub struct AccountabilityView {
    pub kind: String,
    pub people: u32,
}

/// An area (一、) with its counts and groups.
#[derive(Debug, Serialize)]
pub struct AreaView {
    pub number: u32,
    /// 一, 二, …
    pub label: String,
    pub title: String,
    pub counts: Counts,
    pub groups: Vec<GroupView>,
}

/// A group ((一)) and the problems in it.
#[derive(Debug, Serialize)]
pub struct GroupView {
    pub number: u32,
    /// (一), (二), … in full-width brackets.
    pub label: String,
    pub title: String,
    /// True when the group is itself the one problem (no sub-numbers).
    pub single: bool,
    /// Positions of the group's problems in the report's `issues`.
    pub issues: Vec<usize>,
}

/// One problem, ready to show.
#[derive(Debug, Serialize)]
pub struct IssueView {
    pub slug: String,
    /// Position in the notice: 一（三）2.
    pub place: String,
    pub area: u32,
    pub group: u32,
    pub number: Option<u32>,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub long_term: bool,
    pub overdue: bool,
    pub deadline: Option<String>,
    pub deadline_zh: Option<String>,
    pub accountability: bool,
    pub measures: Vec<MeasureView>,
    pub regulations: Vec<RegulationRefView>,
    pub body_html: String,
    /// Dates of the first and last dated measure (ISO), for data and feeds.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// A measure with its date in both forms.
#[derive(Debug, Serialize)]
pub struct MeasureView {
    pub date: Option<String>,
    pub date_zh: Option<String>,
    pub text: String,
}

/// A problem's citation of a regulation, linking to the regulations page.
#[derive(Debug, Serialize)]
pub struct RegulationRefView {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub issued_zh: Option<String>,
}

/// A regulation with the problems that cite it.
#[derive(Debug, Serialize, Clone)]
pub struct RegulationView {
    /// Stable anchor id derived from the number (or title).
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub issued: Option<String>,
    pub issued_zh: Option<String>,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub citations: Vec<CitationView>,
}

/// A problem citing a regulation; `url` is relative to the site root.
#[derive(Debug, Serialize, Clone)]
pub struct CitationView {
    pub report_slug: String,
    pub report_title: String,
    pub issue_slug: String,
    pub issue_title: String,
    pub place: String,
    pub url: String,
}

/// Computes the site view. Issues are put in notice order inside each
/// report; `portal` must have passed validation.
pub fn derive(portal: &Portal) -> SiteView {
    let reports = portal
        .reports
        .iter()
        .map(|r| Arc::new(derive_report(r, &portal.config.contact)))
        .collect();
    assemble(&portal.config, reports)
}

/// Puts derived reports together into the site: orders them, merges the
/// regulations and adds up the counts. Cheap next to deriving a report.
pub fn assemble(config: &PortalConfig, mut reports: Vec<Arc<ReportView>>) -> SiteView {
    // Newest report first on the home page; slug breaks ties for stability.
    reports.sort_by(|a, b| b.published.cmp(&a.published).then(a.slug.cmp(&b.slug)));
    let regulations = merge_regulations(reports.iter().map(|r| &r.regulations));
    let mut counts = Counts::default();
    for r in &reports {
        counts.merge(&r.counts);
    }
    SiteView {
        name: config.name.clone(),
        publisher: config.publisher.clone(),
        base_url: config.base_url.clone(),
        description_html: markdown::to_html(config.description.as_deref().unwrap_or("")),
        contact: contact_view(&config.contact),
        counts,
        regulation_counts: kind_counts(&regulations),
        regulations,
        reports,
        statuses: status_legend(),
    }
}

fn status_legend() -> Vec<StatusView> {
    Status::ALL
        .iter()
        .map(|s| StatusView {
            key: s.key(),
            label: s.label(),
            meaning: match s {
                Status::Done => "整改措施已落实，问题已销号",
                Status::BasicallyDone => "主要措施已落实，仍有收尾工作",
                Status::InProgress => "正在推进，尚未完成",
                Status::NotDone => "尚未开始或未能完成",
            },
        })
        .collect()
}

/// Sorts a report's issues into notice order: area, group, number.
pub fn sorted_issues(report: &Report) -> Vec<&Issue> {
    let mut issues: Vec<&Issue> = report.issues.iter().collect();
    issues.sort_by_key(|i| {
        (
            i.meta.area,
            i.meta.group,
            i.meta.number.unwrap_or(0),
            i.slug.clone(),
        )
    });
    issues
}

/// Derives one report: independent of every other report, so watch mode
/// re-derives only the reports whose files changed.
pub fn derive_report(report: &Report, default_contact: &Contact) -> ReportView {
    let m = &report.meta;
    let as_of = m.as_of.unwrap_or(m.published.date);
    let issues_sorted = sorted_issues(report);
    let n = issues_sorted.len();
    let mut areas: Vec<AreaView> = m
        .areas
        .iter()
        .enumerate()
        .map(|(a, area)| AreaView {
            number: a as u32 + 1,
            label: chinese_number(a as u32 + 1),
            title: area.title.clone(),
            counts: Counts::default(),
            groups: area
                .groups
                .iter()
                .enumerate()
                .map(|(g, group)| GroupView {
                    number: g as u32 + 1,
                    label: format!("（{}）", chinese_number(g as u32 + 1)),
                    title: group.title.clone(),
                    single: false,
                    issues: Vec::new(),
                })
                .collect(),
        })
        .collect();
    let mut counts = Counts::default();
    let mut issues = Vec::with_capacity(n);
    for (index, issue) in issues_sorted.iter().enumerate() {
        let view = derive_issue(report, issue, as_of, index, n);
        counts.add(issue.meta.status, view.overdue, view.long_term);
        let area = &mut areas[issue.meta.area as usize - 1];
        area.counts
            .add(issue.meta.status, view.overdue, view.long_term);
        let group = &mut area.groups[issue.meta.group as usize - 1];
        group.single = issue.meta.number.is_none();
        group.issues.push(index);
        issues.push(view);
    }
    let regulations = report_regulations(report, &issues_sorted);
    let contact = m.contact.as_ref().unwrap_or(default_contact);
    ReportView {
        slug: report.slug.clone(),
        title: m.title.clone(),
        unit: m.unit.clone(),
        source: m.source.clone(),
        published: m.published.to_string(),
        published_zh: match &m.published.time {
            Some(t) => format!("{} {}", m.published.date.zh(), t),
            None => m.published.date.zh(),
        },
        published_date: m.published.date.to_string(),
        as_of: as_of.to_string(),
        as_of_zh: as_of.zh(),
        inspection: InspectionView {
            team: m.inspection.team.clone(),
            start_zh: m.inspection.start.zh(),
            end_zh: m.inspection.end.zh(),
            feedback_zh: m.inspection.feedback.zh(),
        },
        intro_html: markdown::to_html(&report.intro),
        closing_html: markdown::to_html(m.closing.as_deref().unwrap_or("")),
        contact: contact_view(contact),
        counts,
        areas,
        accountability: m
            .accountability
            .iter()
            .map(|a| AccountabilityView {
                kind: a.kind.clone(),
                people: a.people,
            })
            .collect(),
        accountability_total: m.accountability.iter().map(|a| a.people).sum(),
        recovered_yuan: m.recovered_yuan.map(format_yuan),
        declared: m.declared.clone(),
        regulation_counts: kind_counts(&regulations),
        regulations,
        issues,
    }
}

fn derive_issue(report: &Report, issue: &Issue, as_of: Date, index: usize, n: usize) -> IssueView {
    let m = &issue.meta;
    let area = &report.meta.areas[m.area as usize - 1];
    let group = &area.groups[m.group as usize - 1];
    let overdue = m.status.is_open() && m.deadline.is_some_and(|d| d.last_day() < as_of.last_day());
    let dates: Vec<Date> = m.measures.iter().filter_map(|x| x.date).collect();
    IssueView {
        slug: issue.slug.clone(),
        place: place(m.area, m.group, m.number),
        area: m.area,
        group: m.group,
        number: m.number,
        title: m.title.clone().unwrap_or_else(|| group.title.clone()),
        status: m.status.key(),
        status_label: m.status.label(),
        long_term: m.long_term,
        overdue,
        deadline: m.deadline.map(|d| d.to_string()),
        deadline_zh: m.deadline.map(|d| d.zh()),
        accountability: m.accountability,
        measures: m
            .measures
            .iter()
            .map(|x| MeasureView {
                date: x.date.map(|d| d.to_string()),
                date_zh: x.date.map(|d| d.zh()),
                text: x.text.trim().to_string(),
            })
            .collect(),
        regulations: m
            .regulations
            .iter()
            .map(|r| RegulationRefView {
                id: regulation_id(r.number.as_deref(), &r.title),
                number: r.number.clone(),
                title: r.title.clone(),
                kind: r.kind.key(),
                kind_label: r.kind.label(),
                issued_zh: r.issued.map(|d| d.zh()),
            })
            .collect(),
        body_html: markdown::to_html(&issue.body),
        first_date: dates.iter().min().map(|d| d.to_string()),
        last_date: dates.iter().max().map(|d| d.to_string()),
        prev: index.checked_sub(1),
        next: (index + 1 < n).then_some(index + 1),
    }
}

/// The regulations a report's problems cite, one entry per document.
fn report_regulations(report: &Report, issues: &[&Issue]) -> Vec<Arc<RegulationView>> {
    let mut by_key: BTreeMap<String, RegulationView> = BTreeMap::new();
    for issue in issues {
        let title = issue.meta.title.clone().unwrap_or_else(|| {
            report.meta.areas[issue.meta.area as usize - 1].groups[issue.meta.group as usize - 1]
                .title
                .clone()
        });
        for r in &issue.meta.regulations {
            let key = regulation_key(r.number.as_deref(), &r.title);
            let entry = by_key.entry(key).or_insert_with(|| RegulationView {
                id: regulation_id(r.number.as_deref(), &r.title),
                number: r.number.clone(),
                title: r.title.clone(),
                issued: r.issued.map(|d| d.to_string()),
                issued_zh: r.issued.map(|d| d.zh()),
                kind: r.kind.key(),
                kind_label: r.kind.label(),
                citations: Vec::new(),
            });
            if entry.issued.is_none() {
                entry.issued = r.issued.map(|d| d.to_string());
                entry.issued_zh = r.issued.map(|d| d.zh());
            }
            if !entry.citations.iter().any(|c| c.issue_slug == issue.slug) {
                entry.citations.push(CitationView {
                    report_slug: report.slug.clone(),
                    report_title: report.meta.title.clone(),
                    issue_slug: issue.slug.clone(),
                    issue_title: title.clone(),
                    place: place(issue.meta.area, issue.meta.group, issue.meta.number),
                    url: format!("reports/{}/issues/{}.html", report.slug, issue.slug),
                });
            }
        }
    }
    let list: Vec<RegulationView> = by_key.into_values().collect();
    let mut list: Vec<Arc<RegulationView>> = list.into_iter().map(Arc::new).collect();
    sort_regulations(&mut list);
    list
}

/// Joins per-report lists into the portal-wide one. Documents cited by one
/// report only are shared, not copied (watch mode merges on every change).
fn merge_regulations<'a>(
    lists: impl Iterator<Item = &'a Vec<Arc<RegulationView>>>,
) -> Vec<Arc<RegulationView>> {
    let mut by_id: BTreeMap<&str, Arc<RegulationView>> = BTreeMap::new();
    for list in lists {
        for r in list {
            match by_id.get_mut(r.id.as_str()) {
                Some(existing) => Arc::make_mut(existing)
                    .citations
                    .extend(r.citations.iter().cloned()),
                None => {
                    by_id.insert(&r.id, r.clone());
                }
            }
        }
    }
    let mut list: Vec<Arc<RegulationView>> = by_id.into_values().collect();
    sort_regulations(&mut list);
    list
}

fn sort_regulations(list: &mut [Arc<RegulationView>]) {
    // Newest first; undated last; then by number/title for stability.
    list.sort_by(|a, b| {
        b.issued
            .is_some()
            .cmp(&a.issued.is_some())
            .then(b.issued.cmp(&a.issued))
            .then(a.number.cmp(&b.number))
            .then(a.title.cmp(&b.title))
    });
}

fn kind_counts(list: &[Arc<RegulationView>]) -> KindCounts {
    let count = |k: RegulationKind| list.iter().filter(|r| r.kind == k.key()).count();
    KindCounts {
        established: count(RegulationKind::Established),
        revised: count(RegulationKind::Revised),
        document: count(RegulationKind::Document),
    }
}

/// A stable, ASCII anchor for a regulation: `reg-` and a hash of its
/// identity, so links survive reordering and other documents being added.
pub fn regulation_id(number: Option<&str>, title: &str) -> String {
    let key = regulation_key(number, title);
    // FNV-1a, 64-bit: tiny, deterministic across platforms and runs.
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in key.bytes() {
        hash ^= byte as u64;
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("reg-{:012x}", hash >> 16)
}

fn contact_view(c: &Contact) -> ContactView {
    ContactView {
        phone: c.phone.clone(),
        phone_href: c.phone.as_ref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        }),
        email: c.email.clone(),
        address: c.address.clone(),
        postcode: c.postcode.clone(),
        note: c.note.clone(),
    }
}

/// 一（三）2: the problem's position as the notice numbers it.
pub fn place(area: u32, group: u32, number: Option<u32>) -> String {
    let base = format!("{}（{}）", chinese_number(area), chinese_number(group));
    match number {
        Some(n) => format!("{base}{n}"),
        None => base,
    }
}

/// Chinese numerals as notices number areas and groups (一 … 九十九).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n > 10 {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if !n.is_multiple_of(10) {
                DIGITS[(n % 10) as usize]
            } else {
                ""
            }
        ),
        _ => n.to_string(),
    }
}

/// 45349.42 → "45,349.42": how amounts are printed in notices.
pub fn format_yuan(amount: f64) -> String {
    let fixed = format!("{amount:.2}");
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_and_amounts_read_as_in_notices() {
        assert_eq!(chinese_number(3), "三");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(13), "十三");
        assert_eq!(chinese_number(40), "四十");
        assert_eq!(chinese_number(42), "四十二");
        assert_eq!(format_yuan(45349.42), "45,349.42");
        assert_eq!(format_yuan(8366.0), "8,366.00");
        assert_eq!(format_yuan(200000.0), "200,000.00");
        assert_eq!(place(1, 3, Some(2)), "一（三）2");
    }

    #[test]
    fn regulation_ids_ignore_bracket_style() {
        assert_eq!(
            regulation_id(Some("温应急[2023]19号"), "a"),
            regulation_id(Some("温应急〔2023〕19号"), "b")
        );
    }
}
