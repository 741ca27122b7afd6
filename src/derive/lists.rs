//! Lists shown a page at a time: every problem, each facet of them (a
//! status, a year, overdue), the regulations, the reports, and the areas
//! of a long report. A list of 100,000 problems is no page anyone can
//! open on a phone; cut into pages of a few dozen, each is light.
//!
//! Page URLs must not change meaning as the portal grows, or links and
//! bookmarks to page 7 would show different problems next month. A list
//! grows at one end ([`Growth`]), and pages are cut from the other:
//!
//! - **Newest first** (the full list, facets, regulations, reports): new
//!   notices arrive at the top. Pages are numbered from the oldest end, so
//!   page 1 holds the oldest `size` items forever; the front page (the
//!   list's own URL) holds the newest `size` to `2·size − 1` items. When
//!   the front fills up, its oldest `size` items move to a new numbered
//!   page; no existing numbered page changes.
//! - **Reading order** (a report's area, in notice order): problems are
//!   added after the last, so pages are cut from the top, page 1 being
//!   the front.
//!
//! Navigation labels pages by their position from the front (第1页 is
//! always the front), whichever way they are numbered in the URL.
//!
//! "New content arrives at the top" holds for what a new notice brings:
//! its problems, the notice itself, and documents it cites that were
//! issued after the others. A document issued earlier than the newest
//! (or undated, which sorts last) lands lower in the regulations list and
//! moves the pages below it; the list keeps date order because that is
//! how readers look for a document.

use super::{IssueView, ReportView};
use crate::output;
use std::ops::Range;
use std::sync::Arc;

/// Problems per page of a problem list.
pub(crate) const PROBLEMS_PER_PAGE: usize = 25;
/// Regulations per page: a row shows its title, number, date and citing
/// problems, so fewer fit.
pub(crate) const REGULATIONS_PER_PAGE: usize = 20;
/// Reports per page of the list of reports.
pub(crate) const REPORTS_PER_PAGE: usize = 15;
/// Problems per page of a report's area.
pub(crate) const AREA_PROBLEMS_PER_PAGE: usize = 50;
/// A report with more problems than this lists them area by area on
/// pages of their own; its page shows the summary and the areas.
pub(crate) const REPORT_INLINE_PROBLEMS: usize = 60;
/// Reports the home page shows before linking to the full list.
pub(crate) const HOME_REPORTS: usize = 10;

/// Which end of a list new content arrives at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Growth {
    /// New items appear at the top (newest first).
    Top,
    /// New items appear at the bottom (notice order).
    Bottom,
}

/// One page of a list: its number in the URL (`None` for the front page)
/// and the items it shows, as positions in the list's display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub number: Option<usize>,
    pub items: Range<usize>,
}

/// A list of `T` (an index into what the list is of) cut into pages.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    /// Where the first page goes (`problems.html`).
    pub front: String,
    /// The pages in display order: the front first.
    pub pages: Vec<Slot>,
    /// Every item, in display order.
    pub items: Vec<T>,
}

impl<T> Listing<T> {
    /// Cuts `items` into pages of `size` for a list growing at `growth`.
    pub(crate) fn new(front: String, items: Vec<T>, size: usize, growth: Growth) -> Listing<T> {
        Listing {
            pages: slots(items.len(), size, growth),
            front,
            items,
        }
    }

    /// The output path of page `page` (0 is the front).
    pub(crate) fn path(&self, page: usize) -> String {
        output::list_page(&self.front, self.pages[page].number)
    }

    /// The page that shows item `index`.
    pub(crate) fn page_of(&self, index: usize) -> usize {
        // Pages hold consecutive stretches of the list, in display order.
        self.pages
            .partition_point(|slot| slot.items.end <= index)
            .min(self.pages.len() - 1)
    }

    /// The items page `page` shows.
    pub(crate) fn page_items(&self, page: usize) -> &[T] {
        &self.items[self.pages[page].items.clone()]
    }
}

/// The pages of a list of `n` items (see the module comment).
pub(crate) fn slots(n: usize, size: usize, growth: Growth) -> Vec<Slot> {
    let size = size.max(1);
    match growth {
        Growth::Bottom => {
            let count = n.div_ceil(size).max(1);
            (0..count)
                .map(|p| Slot {
                    number: (p > 0).then_some(p + 1),
                    items: (p * size).min(n)..((p + 1) * size).min(n),
                })
                .collect()
        }
        Growth::Top => {
            // Numbered pages hold the oldest full chunks; the front keeps
            // one full chunk and whatever has arrived since.
            let numbered = (n / size).saturating_sub(1);
            let front_end = n - numbered * size;
            let mut pages = vec![Slot {
                number: None,
                items: 0..front_end,
            }];
            pages.extend((1..=numbered).rev().map(|k| Slot {
                number: Some(k),
                items: n - k * size..n - (k - 1) * size,
            }));
            pages
        }
    }
}

/// A problem: its report's position in the site and its own in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueRef {
    pub report: u32,
    pub issue: u32,
}

/// What a facet filters by, for grouping the links to facets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Status,
    Due,
    Year,
}

/// The problems with one facet value (已完成, 2023年, 已逾期…).
#[derive(Debug, Clone)]
pub struct Facet {
    /// Names its pages (`problems/<key>.html`) and its search filter.
    pub key: String,
    pub label: String,
    pub kind: FacetKind,
    pub list: Listing<IssueRef>,
}

/// The portal-wide lists.
#[derive(Debug, Clone)]
pub struct SiteLists {
    /// Every problem file, as each notice published it.
    pub problems: Listing<IssueRef>,
    pub facets: Vec<Facet>,
    /// Positions in `SiteView::regulations`.
    pub regulations: Listing<usize>,
    /// Positions in `SiteView::reports`.
    pub reports: Listing<usize>,
}

impl SiteLists {
    /// The facet with the given key.
    pub(crate) fn facet(&self, key: &str) -> Option<&Facet> {
        self.facets.iter().find(|f| f.key == key)
    }
}

/// A report's own lists: its regulations, and its areas when it has too
/// many problems for one page (else none).
#[derive(Debug, Clone, Default)]
pub struct ReportLists {
    /// Positions in the report's `issues`, one list per area.
    pub areas: Vec<Listing<usize>>,
    /// Positions in the report's `regulations`.
    pub regulations: Option<Listing<usize>>,
}

/// The lists of a report (its problems and regulations are in notice and
/// date order already).
pub(crate) fn report_lists(report: &ReportView) -> ReportLists {
    let regulations = Some(Listing::new(
        output::report_regulations_page(&report.slug),
        (0..report.regulations.len()).collect(),
        REGULATIONS_PER_PAGE,
        Growth::Top,
    ));
    if report.issues.len() <= REPORT_INLINE_PROBLEMS {
        return ReportLists {
            areas: Vec::new(),
            regulations,
        };
    }
    let areas = report
        .areas
        .iter()
        .map(|area| {
            let items = area.groups.iter().flat_map(|g| g.issues.iter().copied());
            Listing::new(
                output::report_area_page(&report.slug, area.number),
                items.collect(),
                AREA_PROBLEMS_PER_PAGE,
                Growth::Bottom,
            )
        })
        .collect();
    ReportLists { areas, regulations }
}

/// The portal-wide lists. Reports come newest first, problems in notice
/// order inside each; a facet by status or deadline holds each real
/// problem once (a problem a later notice continues counts there), the
/// full list and the years every problem as its notice published it.
pub(crate) fn site_lists(reports: &[Arc<ReportView>], regulations: usize) -> SiteLists {
    let every: Vec<(IssueRef, &IssueView, &str)> = reports
        .iter()
        .enumerate()
        .flat_map(|(r, report)| {
            report.issues.iter().enumerate().map(move |(i, issue)| {
                let at = IssueRef {
                    report: r as u32,
                    issue: i as u32,
                };
                (at, issue, report.published_date.get(..4).unwrap_or(""))
            })
        })
        .collect();
    let problems = |front: String, keep: &dyn Fn(&IssueView, &str) -> bool| {
        let items = every
            .iter()
            .filter(|(_, issue, year)| keep(issue, year))
            .map(|(at, _, _)| *at)
            .collect();
        Listing::new(front, items, PROBLEMS_PER_PAGE, Growth::Top)
    };
    let mut facets = Vec::new();
    let mut facet = |key: String, label: String, kind, keep: &dyn Fn(&IssueView, &str) -> bool| {
        let list = problems(output::facet_page(&key), keep);
        if !list.items.is_empty() {
            facets.push(Facet {
                key,
                label,
                kind,
                list,
            });
        }
    };
    for status in crate::model::Status::ALL {
        facet(
            status.key().to_string(),
            status.label().to_string(),
            FacetKind::Status,
            &|issue, _| !issue.superseded && issue.status == status.key(),
        );
    }
    facet(
        "open".into(),
        "整改中及未完成".into(),
        FacetKind::Status,
        &|issue, _| !issue.superseded && matches!(issue.status, "in_progress" | "not_done"),
    );
    facet(
        "overdue".into(),
        "已逾期".into(),
        FacetKind::Due,
        &|issue, _| !issue.superseded && issue.overdue,
    );
    facet(
        "due-soon".into(),
        "30天内到期".into(),
        FacetKind::Due,
        &|issue, _| !issue.superseded && issue.due_soon,
    );
    let mut years: Vec<&str> = reports
        .iter()
        .filter_map(|r| r.published_date.get(..4))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    for year in years {
        facet(
            format!("year-{year}"),
            format!("{year}年通报"),
            FacetKind::Year,
            &|_, y| y == year,
        );
    }
    SiteLists {
        problems: problems(output::PROBLEMS.to_string(), &|_, _| true),
        facets,
        regulations: Listing::new(
            output::REGULATIONS.to_string(),
            (0..regulations).collect(),
            REGULATIONS_PER_PAGE,
            Growth::Top,
        ),
        reports: Listing::new(
            output::NOTICES.to_string(),
            (0..reports.len()).collect(),
            REPORTS_PER_PAGE,
            Growth::Top,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(n: usize, size: usize, growth: Growth) -> Vec<(Option<usize>, Range<usize>)> {
        slots(n, size, growth)
            .into_iter()
            .map(|s| (s.number, s.items))
            .collect()
    }

    #[test]
    fn a_list_growing_at_the_top_keeps_its_numbered_pages_as_it_grows() {
        assert_eq!(ranges(0, 10, Growth::Top), vec![(None, 0..0)]);
        assert_eq!(ranges(7, 10, Growth::Top), vec![(None, 0..7)]);
        assert_eq!(ranges(19, 10, Growth::Top), vec![(None, 0..19)]);
        assert_eq!(
            ranges(25, 10, Growth::Top),
            vec![(None, 0..15), (Some(1), 15..25)]
        );
        // Every page and item is shown exactly once, and what a numbered
        // page holds (counted from the oldest end) never changes.
        let mut seen: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        for n in 0..200 {
            let pages = slots(n, 10, Growth::Top);
            let mut all: Vec<usize> = pages.iter().flat_map(|s| s.items.clone()).collect();
            all.sort_unstable();
            assert_eq!(all, (0..n).collect::<Vec<_>>());
            for slot in &pages {
                let len = slot.items.len();
                match slot.number {
                    None => assert!(n < 10 || (10..20).contains(&len), "{n}: front {len}"),
                    Some(k) => {
                        assert_eq!(len, 10);
                        let from_oldest: Vec<usize> =
                            slot.items.clone().map(|i| n - 1 - i).collect();
                        let before = seen.entry(k).or_insert_with(|| from_oldest.clone());
                        assert_eq!(*before, from_oldest, "page {k} changed at {n}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_list_growing_at_the_bottom_is_cut_from_the_top() {
        assert_eq!(ranges(0, 10, Growth::Bottom), vec![(None, 0..0)]);
        assert_eq!(
            ranges(21, 10, Growth::Bottom),
            vec![(None, 0..10), (Some(2), 10..20), (Some(3), 20..21)]
        );
    }
}
