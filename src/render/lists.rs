//! What a page of a list shows: its rows, grouped under their report or
//! group heading, the numbered navigation between its pages, and the links
//! to the facets. Made here as small plain values, so a page of 25
//! problems serialises 25 rows, never a whole report.

use crate::derive::lists::{Facet, FacetKind, Listing};
use crate::derive::{IssueView, ReportView, SiteView};
use crate::output;
use serde::Serialize;

/// Page numbers shown on each side of the current one.
const PAGER_SPAN: usize = 2;

/// Links between the pages of a list (absent for a one-page list).
#[derive(Debug, Serialize)]
pub(super) struct Pager {
    /// The page's position from the front, from 1.
    current: usize,
    count: usize,
    /// The items shown, as positions from 1, and how many there are.
    from: usize,
    to: usize,
    total: usize,
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    last: Option<String>,
    numbers: Vec<PageNumber>,
}

/// A numbered link; `href` is `None` for the page itself. `gap` marks a
/// jump over pages not shown.
#[derive(Debug, Serialize)]
struct PageNumber {
    label: usize,
    href: Option<String>,
    gap: bool,
}

/// The navigation of page `page` of `list`, with links relative to it.
pub(super) fn pager<T>(list: &Listing<T>, page: usize) -> Pager {
    let here = list.path(page);
    let root = output::to_root(&here);
    let href = |p: usize| format!("{root}{}", list.path(p));
    let count = list.pages.len();
    let other = |p: usize| (p != page).then(|| href(p));
    let items = &list.pages[page].items;
    let lo = page.saturating_sub(PAGER_SPAN);
    let hi = (page + PAGER_SPAN).min(count - 1);
    let mut shown: Vec<usize> = vec![0];
    shown.extend(lo..=hi);
    shown.push(count - 1);
    shown.sort_unstable();
    shown.dedup();
    let mut numbers = Vec::with_capacity(shown.len());
    let mut last_shown = None;
    for p in shown {
        numbers.push(PageNumber {
            label: p + 1,
            href: other(p),
            gap: last_shown.is_some_and(|l: usize| p > l + 1),
        });
        last_shown = Some(p);
    }
    Pager {
        current: page + 1,
        count,
        from: items.start + 1,
        to: items.end,
        total: list.items.len(),
        first: other(0),
        prev: page.checked_sub(1).map(href),
        next: (page + 1 < count).then(|| href(page + 1)),
        last: other(count - 1),
        numbers,
    }
}

/// A problem as a list shows it: the fields the status tags read, and the
/// link to its page.
#[derive(Debug, Serialize)]
pub(super) struct Row<'a> {
    href: String,
    place: &'a str,
    title: &'a str,
    status: &'static str,
    status_label: &'static str,
    long_term: bool,
    overdue: bool,
    days_overdue: Option<i64>,
    due_soon: bool,
    days_left: Option<i64>,
    /// An open problem's current deadline, in Chinese: lists show when
    /// each open problem is due.
    deadline_zh: Option<String>,
    /// The deadline passed after the report's as-of date (see `IssueView`).
    lapsed: bool,
    /// The problem's page in the notice that continues it.
    continued_at: Option<String>,
}

fn row<'a>(issue: &'a IssueView, href: String, root: &str) -> Row<'a> {
    Row {
        href,
        place: &issue.place,
        title: &issue.title,
        status: issue.status,
        status_label: issue.status_label,
        long_term: issue.long_term,
        overdue: issue.overdue,
        days_overdue: issue.days_overdue,
        due_soon: issue.due_soon,
        days_left: issue.days_left,
        deadline_zh: issue
            .deadline_zh
            .text()
            .filter(|_| matches!(issue.status, "in_progress" | "not_done")),
        lapsed: issue.lapsed,
        continued_at: issue
            .continued_by
            .as_ref()
            .map(|c| format!("{root}{}", c.url)),
    }
}

/// Rows under one heading: a report (portal-wide lists) or a group of an
/// area (a report's area pages).
#[derive(Debug, Serialize)]
pub(super) struct RowGroup<'a> {
    /// Anchor of the heading, unique on the page.
    id: String,
    heading: Option<String>,
    href: Option<String>,
    /// The report's 进展截至 date (portal-wide lists).
    as_of_zh: Option<&'a str>,
    rows: Vec<Row<'a>>,
}

/// The rows of page `page` of a portal-wide problem list, under their
/// reports' headings.
pub(super) fn site_rows<'a>(
    site: &'a SiteView,
    list: &Listing<crate::derive::lists::IssueRef>,
    page: usize,
) -> Vec<RowGroup<'a>> {
    let root = output::to_root(&list.path(page));
    let mut groups: Vec<RowGroup> = Vec::new();
    let mut current = None;
    for at in list.page_items(page) {
        let report = &site.reports[at.report as usize];
        let issue = &report.issues[at.issue as usize];
        if current != Some(at.report) {
            current = Some(at.report);
            groups.push(RowGroup {
                id: format!("r-{}", report.slug),
                heading: Some(report.title.clone()),
                href: Some(format!("{root}{}", output::report_page(&report.slug))),
                as_of_zh: Some(&report.as_of_zh),
                rows: Vec::new(),
            });
        }
        let href = format!("{root}{}", output::issue_page(&report.slug, &issue.slug));
        let group = groups.last_mut().expect("pushed above");
        group.rows.push(row(issue, href, &root));
    }
    groups
}

/// The rows of page `page` of one area of a report, under their groups'
/// headings.
pub(super) fn area_rows<'a>(
    report: &'a ReportView,
    list: &Listing<usize>,
    page: usize,
) -> Vec<RowGroup<'a>> {
    let path = list.path(page);
    let root = output::to_root(&path);
    let mut groups: Vec<RowGroup> = Vec::new();
    let mut current = None;
    for &i in list.page_items(page) {
        let issue = &report.issues[i];
        let key = (issue.area, issue.group);
        if current != Some(key) {
            current = Some(key);
            let group = &report.areas[issue.area as usize - 1].groups[issue.group as usize - 1];
            groups.push(RowGroup {
                id: format!("g-{}-{}", issue.area, issue.group),
                heading: (!group.single).then(|| format!("{}{}", group.label, group.title)),
                href: None,
                as_of_zh: None,
                rows: Vec::new(),
            });
        }
        let href = format!("{root}{}", output::issue_page(&report.slug, &issue.slug));
        let group = groups.last_mut().expect("pushed above");
        group.rows.push(row(issue, href, &root));
    }
    groups
}

/// A link to a facet (or to the full list), for the filter links on
/// every portal-wide problem list.
#[derive(Debug, Serialize)]
pub(super) struct FacetLink {
    label: String,
    /// None for the full list, whose lead gives the figures.
    count: Option<usize>,
    href: String,
    current: bool,
}

/// The facet links, by kind, as seen from `from` (an output path);
/// `current` is the facet shown (`None` for the full list).
pub(super) fn facet_links(
    site: &SiteView,
    from: &str,
    current: Option<&str>,
) -> Vec<(&'static str, Vec<FacetLink>)> {
    let root = output::to_root(from);
    let link = |facet: &Facet| FacetLink {
        label: facet.label.clone(),
        count: Some(facet.list.items.len()),
        href: format!("{root}{}", facet.list.front),
        current: current == Some(facet.key.as_str()),
    };
    let of_kind = |kind: FacetKind| -> Vec<FacetLink> {
        site.lists
            .facets
            .iter()
            .filter(|f| f.kind == kind)
            .map(link)
            .collect()
    };
    let mut status = vec![FacetLink {
        label: "全部".into(),
        count: None,
        href: format!("{root}{}", output::PROBLEMS),
        current: current.is_none(),
    }];
    status.extend(of_kind(FacetKind::Status));
    [
        ("整改状态", status),
        ("整改时限", of_kind(FacetKind::Due)),
        ("通报年份", of_kind(FacetKind::Year)),
    ]
    .into_iter()
    .filter(|(_, links)| !links.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::lists::Growth;

    #[test]
    fn the_pager_links_the_ends_and_the_pages_around_the_current_one() {
        let list = Listing::new("problems.html".into(), (0..255).collect(), 10, Growth::Top);
        assert_eq!(list.pages.len(), 25);
        let p = pager(&list, 10);
        assert_eq!(p.current, 11);
        let labels: Vec<usize> = p.numbers.iter().map(|n| n.label).collect();
        assert_eq!(labels, vec![1, 9, 10, 11, 12, 13, 25]);
        assert!(p.numbers[1].gap && !p.numbers[2].gap && p.numbers[6].gap);
        assert!(p.numbers[3].href.is_none());
        // The page after the front is the newest numbered one.
        assert_eq!(pager(&list, 0).next.as_deref(), Some("problems/24.html"));
        assert_eq!(p.first.as_deref(), Some("../problems.html"));
        assert_eq!(p.last.as_deref(), Some("../problems/1.html"));
        let front = pager(&list, 0);
        assert!(front.first.is_none() && front.prev.is_none());
        assert_eq!((front.from, front.to, front.total), (1, 15, 255));
    }
}
