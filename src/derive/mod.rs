//! Derive: everything the pages show that is computed rather than written:
//! counts by status, overdue problems, the regulations index, neighbours.
//! The result is plain serialisable data that templates read directly.

pub(crate) mod attached;
pub(crate) mod lists;
pub(crate) mod markdown;
mod measures;
pub(crate) mod progress;
pub(crate) mod updates;
mod views;

pub(crate) use views::*;

use crate::model::{
    chinese_number, regulation_key, Contact, Date, Issue, Portal, PortalConfig, RegulationKind,
    Report, Status,
};
use progress::Links;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Computes the site view. Issues are put in notice order inside each
/// report; `portal` must have passed validation. Takes the portal so each
/// report's content is freed as soon as its view exists: a large portal
/// never holds both whole.
pub fn derive(portal: Portal) -> SiteView {
    derive_on(portal, build_date())
}

/// As [`derive`], for pages read on `today`: a deadline that passed after
/// a report's as-of date, with no later progress published, is said to
/// have passed. The same content on the same day gives the same site.
pub fn derive_on(portal: Portal, today: Date) -> SiteView {
    use rayon::prelude::*;
    let links = Links::build(&portal);
    let Portal {
        config, reports, ..
    } = portal;
    let reports = reports
        .into_par_iter()
        .map(|r| Arc::new(derive_report(&r, &config.contact, &links, today)))
        .collect();
    assemble(&config, reports, today)
}

/// The day a build speaks for: `SOURCE_DATE_EPOCH` when set (the
/// reproducible-builds convention), else today by the system clock (UTC).
pub fn build_date() -> Date {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    let (y, m, d) = crate::model::civil_from_days((seconds / 86_400) as i64);
    Date {
        year: y as u16,
        month: Some(m as u8),
        day: Some(d as u8),
    }
}

/// Puts derived reports together into the site: orders them, merges the
/// regulations and adds up the counts. Cheap next to deriving a report.
pub(crate) fn assemble(
    config: &PortalConfig,
    mut reports: Vec<Arc<ReportView>>,
    today: Date,
) -> SiteView {
    // Newest report first on the home page; slug breaks ties for stability.
    reports.sort_by(|a, b| b.published.cmp(&a.published).then(a.slug.cmp(&b.slug)));
    let regulations = merge_regulations(reports.iter().map(|r| &r.regulations));
    // Each real problem once, at its latest status: problems a later
    // notice continues count there.
    let mut counts = Counts::default();
    for r in &reports {
        counts.merge(&r.latest_counts);
    }
    let updates = updates::latest(&reports);
    let due = updates::due(&reports);
    let lists = lists::site_lists(&reports, regulations.len());
    // The newest date the content states: a notice, or a dated measure.
    let updated = reports
        .iter()
        .flat_map(|r| {
            std::iter::once(Date::parse(&r.published_date).ok())
                .chain(r.issues.iter().map(|i| i.last_date))
        })
        .flatten()
        // A date known only to the month or year counts from its start, so
        // "2023" never reads as newer than 2023年9月7日.
        .max_by_key(|d| {
            (
                d.year,
                d.month.unwrap_or(1),
                d.day.unwrap_or(1),
                d.day.is_some(),
            )
        });
    // The days the figures speak for: each report's as-of date.
    let mut days: Vec<Date> = reports
        .iter()
        .filter_map(|r| Date::parse(&r.as_of).ok())
        .collect();
    days.sort();
    let as_of_span = match (days.first(), days.last()) {
        (Some(a), Some(b)) if a == b => Some(a.zh()),
        (Some(a), Some(b)) => Some(format!("{}至{}", a.zh(), b.zh())),
        _ => None,
    };
    let problems: usize = reports.iter().map(|r| r.issues.len()).sum();
    SiteView {
        open_data_split: problems > crate::output::OPEN_DATA_SPLIT_ABOVE,
        today: today.to_string(),
        today_zh: today.zh(),
        as_of_span,
        name: config.name.clone(),
        publisher: config.publisher.clone(),
        base_url: config.base_url.clone(),
        description_html: markdown::to_html(config.description.as_deref().unwrap_or("")),
        contact: contact_view(&config.contact),
        identifiers: identifiers_view(config),
        updated: updated.as_ref().map(|d| d.to_string()),
        updated_zh: updated.map(|d| d.zh()),
        domain: config.base_url.as_deref().and_then(|url| {
            let rest = url.split_once("://")?.1;
            Some(rest.split(['/', ':']).next()?.to_string())
        }),
        counts,
        regulation_counts: kind_counts(&regulations),
        regulations,
        reports,
        statuses: status_legend(),
        updates,
        due,
        lists,
    }
}

fn identifiers_view(config: &PortalConfig) -> IdentifiersView {
    let ids = &config.identifiers;
    let trimmed = |v: &Option<String>| v.as_deref().map(str::trim).map(str::to_string);
    IdentifiersView {
        host: trimmed(&ids.host).unwrap_or_else(|| config.publisher.clone()),
        organizer: trimmed(&ids.organizer),
        site_code: trimmed(&ids.site_code),
        icp: trimmed(&ids.icp),
        police: trimmed(&ids.police),
        police_code: ids
            .police
            .as_deref()
            .and_then(crate::validate::identifiers::police_code),
        party_mark: trimmed(&ids.party_mark),
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
pub(crate) fn sorted_issues(report: &Report) -> Vec<&Issue> {
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
pub(crate) fn derive_report(
    report: &Report,
    default_contact: &Contact,
    links: &Links,
    today: Date,
) -> ReportView {
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
            page: None,
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
    let mut latest_counts = Counts::default();
    let mut issues = Vec::with_capacity(n);
    for (index, issue) in issues_sorted.iter().enumerate() {
        let view = derive_issue(report, issue, (as_of, today), index, n, links);
        counts.add(issue.meta.status, &view);
        if !view.superseded {
            latest_counts.add(issue.meta.status, &view);
        }
        let area = &mut areas[issue.meta.area as usize - 1];
        area.counts.add(issue.meta.status, &view);
        let group = &mut area.groups[issue.meta.group as usize - 1];
        group.single = issue.meta.number.is_none();
        group.issues.push(index);
        issues.push(view);
    }
    let regulations = report_regulations(report, &issues_sorted);
    let contact = m.contact.as_ref().unwrap_or(default_contact);
    let mut view = ReportView {
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
        intro_html: markdown::to_html_with(
            &report.intro,
            &attached::picture(
                report,
                &report.path,
                &crate::output::report_page(&report.slug),
            ),
        ),
        closing_html: markdown::to_html(m.closing.as_deref().unwrap_or("")),
        contact: contact_view(contact),
        links: links.of_report(&report.slug),
        counts,
        latest_counts,
        areas,
        accountability: m
            .accountability
            .iter()
            .map(|a| AccountabilityView {
                kind: a.kind.clone(),
                people: a.people,
                unit: a.unit.clone().unwrap_or_else(|| "人".into()),
            })
            .collect(),
        accountability_total: m.accountability.iter().map(|a| a.people).sum(),
        recovered_yuan: m.recovered_yuan.map(format_yuan),
        declared: m.declared.clone(),
        declared_figures: declared_figures(&m.declared),
        funds: m
            .funds
            .iter()
            .map(|f| FundView {
                kind: f.kind.clone(),
                amount: group_thousands(f.amount.trim()),
                unit: f.unit.clone(),
            })
            .collect(),
        document_number: m.document_number.clone(),
        listed: !report.issues.is_empty(),
        regulation_counts: kind_counts(&regulations),
        regulations,
        issues,
        attachments: attached::views(report, &report.path, &m.attachments),
        files: report.attachments.values().cloned().collect(),
        lists: lists::ReportLists::default(),
        newest_events: Vec::new(),
    };
    view.newest_events = updates::newest_events(&view.issues, &view.published_date);
    attach_lists(&mut view);
    view
}

/// Cuts a report's long lists into pages and points its areas and its
/// problems' citations at the pages that show them.
fn attach_lists(view: &mut ReportView) {
    let lists = lists::report_lists(view);
    let folder = crate::output::report_page(&view.slug);
    let folder = folder.trim_end_matches("index.html");
    let local = |path: String| path.strip_prefix(folder).unwrap_or(&path).to_string();
    for (area, list) in view.areas.iter_mut().zip(&lists.areas) {
        area.page = Some(local(list.path(0)));
    }
    if let Some(list) = &lists.regulations {
        let pages: std::collections::HashMap<&str, String> = list
            .items
            .iter()
            .enumerate()
            .map(|(at, &r)| {
                let page = list.path(list.page_of(at));
                (view.regulations[r].id.as_str(), local(page))
            })
            .collect();
        for issue in &mut view.issues {
            for cited in &mut issue.regulations {
                if let Some(page) = pages.get(cited.id.as_str()) {
                    Arc::make_mut(cited).page = page.clone();
                }
            }
        }
    }
    view.lists = lists;
    share_citations(&mut view.issues);
}

/// Makes the problems that cite a document in the same words share one
/// view of the citation.
fn share_citations(issues: &mut [IssueView]) {
    let mut shared: std::collections::HashSet<Arc<RegulationRefView>> = Default::default();
    for cited in issues.iter_mut().flat_map(|i| i.regulations.iter_mut()) {
        match shared.get(&**cited) {
            Some(same) => *cited = same.clone(),
            None => {
                shared.insert(cited.clone());
            }
        }
    }
}

fn derive_issue(
    report: &Report,
    issue: &Issue,
    (as_of, today): (Date, Date),
    index: usize,
    n: usize,
    links: &Links,
) -> IssueView {
    let m = &issue.meta;
    let area = &report.meta.areas[m.area as usize - 1];
    let group = &area.groups[m.group as usize - 1];
    let deadline = progress::current_deadline(issue);
    let original_deadline = m.deadline.filter(|_| !m.deadline_changes.is_empty());
    let due = progress::due_state(m.status, deadline, as_of);
    // 最近更新: the newest dated event of any kind — a measure, a change of
    // status, a moved deadline.
    let dates: Vec<Date> = m
        .measures
        .iter()
        .filter_map(|x| x.date)
        .chain(m.history.iter().map(|h| h.date))
        .chain(m.deadline_changes.iter().map(|c| c.date))
        .collect();
    let chain = links.of(&report.slug, &issue.slug);
    let linked = |offset: isize| {
        chain.as_ref().and_then(|(chain, at)| {
            let i = at.checked_add_signed(offset)?;
            chain.members.get(i).cloned().map(Box::new)
        })
    };
    let continued_by = linked(1);
    // Open, due after the progress stated and before the reader's day,
    // and not followed up by a later notice: the deadline has passed
    // with nothing published since.
    let lapsed = m.status.is_open()
        && continued_by.is_none()
        && !due.overdue
        && deadline
            .is_some_and(|d| d.last_day() < today.last_day() && as_of.last_day() <= d.last_day());
    IssueView {
        lapsed,
        open_without_deadline: m.status.is_open() && deadline.is_none() && continued_by.is_none(),
        added_zh: InChinese(m.added),
        slug: issue.slug.clone(),
        place: place(m.area, m.group, m.number),
        area: m.area,
        group: m.group,
        number: m.number,
        title: m.title.clone().unwrap_or_else(|| group.title.clone()),
        status: m.status.key(),
        status_label: m.status.label(),
        long_term: m.long_term,
        department: m.department.clone(),
        overdue: due.overdue,
        due_soon: due.due_soon,
        days_overdue: due.days_overdue,
        days_left: due.days_left,
        deadline,
        deadline_zh: InChinese(deadline),
        original_deadline,
        original_deadline_zh: InChinese(original_deadline),
        deadline_changes: progress::deadline_changes(issue),
        history: progress::history(issue),
        continues: linked(-1),
        superseded: continued_by.is_some(),
        continued_by,
        chain: chain.map(|(chain, at)| ChainView { chain, at }),
        accountability: m.accountability,
        measures: Measures::new(
            m.measures
                .iter()
                .map(|x| MeasureView {
                    date: x.date,
                    text: match x.text.trim() {
                        trimmed if trimmed.len() == x.text.len() => x.text.clone(),
                        trimmed => trimmed.into(),
                    },
                })
                .collect(),
        ),
        regulations: m
            .regulations
            .iter()
            .map(|r| {
                Arc::new(RegulationRefView {
                    id: regulation_id(r.number.as_deref(), &r.title),
                    number: r.number.clone(),
                    title: r.title.clone(),
                    kind: r.kind.key(),
                    kind_label: r.kind.label(),
                    issued_zh: r.issued.map(|d| d.zh()),
                    page: String::new(),
                })
            })
            .collect(),
        attachments: attached::views(report, &issue.path, &m.attachments),
        // Only a picture needs the report (its attachments) to be drawn:
        // any other body waits as Markdown until its text is indexed.
        body_html: match (&issue.released, issue.body.contains("![")) {
            (Some(released), _) => Body::file(issue.path.clone(), released.fingerprint),
            (None, true) => Body::new(markdown::to_html_with(
                &issue.body,
                &attached::picture(
                    report,
                    &issue.path,
                    &crate::output::issue_page(&report.slug, &issue.slug),
                ),
            )),
            (None, false) => Body::markdown(issue.body.clone()),
        },
        first_date: dates.iter().min().copied(),
        last_date: dates.iter().max().copied(),
        last_date_zh: InChinese(dates.iter().max().copied()),
        prev: index.checked_sub(1),
        next: (index + 1 < n).then_some(index + 1),
    }
}

/// The regulations a report's problems cite, one entry per document.
fn report_regulations(report: &Report, issues: &[&Issue]) -> Vec<Arc<RegulationView>> {
    let mut by_key: BTreeMap<String, RegulationView> = BTreeMap::new();
    let report_slug: Arc<str> = report.slug.as_str().into();
    let report_title: Arc<str> = report.meta.title.as_str().into();
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
                entry.citations.push(Arc::new(CitationView {
                    report_slug: report_slug.clone(),
                    report_title: report_title.clone(),
                    issue_slug: issue.slug.clone(),
                    issue_title: title.clone(),
                    place: place(issue.meta.area, issue.meta.group, issue.meta.number),
                }));
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
    // Which order they are gathered in does not matter: the sort below
    // orders them completely.
    let mut by_id: rustc_hash::FxHashMap<&str, Arc<RegulationView>> = Default::default();
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
    use rayon::prelude::*;
    use std::cmp::Reverse;
    // Newest first; undated last; then by number and title. No two
    // entries tie (each is one number and title), so the order is the
    // same whatever order they came in. The keys are made once: a large
    // portal has tens of thousands of regulations, and comparing through
    // their pointers took most of the time.
    list.par_sort_by_cached_key(|r| {
        (
            Reverse(r.issued.clone()),
            r.number.clone(),
            r.title.clone(),
            r.id.clone(),
        )
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
pub(crate) fn regulation_id(number: Option<&str>, title: &str) -> String {
    let key = regulation_key(number, title);
    format!("reg-{:012x}", crate::model::fnv1a64(key.as_bytes()) >> 16)
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
pub(crate) fn place(area: u32, group: u32, number: Option<u32>) -> String {
    let base = format!("{}（{}）", chinese_number(area), chinese_number(group));
    match number {
        Some(n) => format!("{base}{n}"),
        None => base,
    }
}

/// 45349.42 → "45,349.42": how amounts are printed in notices.
pub(crate) fn format_yuan(amount: f64) -> String {
    group_thousands(&format!("{amount:.2}"))
}

/// 45349.42 → 45,349.42; the digits themselves are never changed.
pub(crate) fn group_thousands(number: &str) -> String {
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// The declared figures in the order a notice states them, each labelled
/// with what it counts.
fn declared_figures(d: &crate::model::Declared) -> Vec<FigureView> {
    let word = d.word();
    let unit = if word.contains("任务") || word.contains("事项") {
        "项"
    } else {
        "个"
    };
    let figure = |label: String, value: Option<u32>, unit: &str| {
        value.map(|value| FigureView {
            label,
            value,
            unit: unit.to_string(),
        })
    };
    [
        figure(format!("{word}总数"), d.problems, unit),
        figure("整改任务".into(), d.tasks, "项"),
        figure("涉及方面".into(), d.areas, "个"),
        figure("已完成".into(), d.done, unit),
        figure("基本完成".into(), d.basically_done, unit),
        figure("正在整改".into(), d.in_progress, unit),
        figure("未完成".into(), d.unfinished, unit),
        figure("需长期坚持".into(), d.long_term, unit),
        figure("新建立制度".into(), d.regulations_established, "件"),
        figure("完善修订制度".into(), d.regulations_revised, "件"),
        figure("建立完善制度".into(), d.regulations, "项"),
    ]
    .into_iter()
    .flatten()
    .collect()
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
