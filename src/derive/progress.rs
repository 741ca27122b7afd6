//! Progress over time: a problem's history and revised deadlines, what is
//! overdue or due soon, the chain of problems a follow-up notice continues,
//! and the portal's latest dated events (最近更新, the feeds).

use super::place;
use crate::model::{day_number, Date, Issue, Portal, Report, Status};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Days ahead of the as-of date within which an open problem is 即将到期.
pub(crate) const DUE_SOON_DAYS: i64 = 30;

/// Events on the 最近更新 page and in each feed (the portal's, a report's).
pub(crate) const LATEST_EVENTS: usize = 100;

/// A status change as pages show it.
#[derive(Debug, Serialize, Clone)]
pub struct HistoryView {
    pub date: String,
    pub date_zh: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub note: Option<String>,
}

/// A moved deadline: from what, to what, when and why.
#[derive(Debug, Serialize, Clone)]
pub struct DeadlineChangeView {
    pub date: String,
    pub date_zh: String,
    pub from_zh: String,
    pub deadline: String,
    pub deadline_zh: String,
    pub reason: String,
}

/// Where a deadline stands against the report's as-of date.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DueState {
    pub overdue: bool,
    pub due_soon: bool,
    /// Days past the current deadline, when overdue.
    pub days_overdue: Option<i64>,
    /// Days until the current deadline, when due soon.
    pub days_left: Option<i64>,
}

/// The current deadline (the last revision's, else the original) against
/// `as_of`: overdue from the day after it, due soon within 30 days. Days
/// are counted only from an as-of date known to the day; from "2023-09" a
/// problem is overdue only if its deadline passed before September, and
/// nothing is said about how many days, or about what falls due soon.
pub(crate) fn due_state(status: Status, deadline: Option<Date>, as_of: Date) -> DueState {
    let Some(deadline) = deadline.filter(|_| status.is_open()) else {
        return DueState::default();
    };
    if as_of.day.is_none() {
        return DueState {
            overdue: as_of.surely_after(&deadline),
            ..DueState::default()
        };
    }
    let days = day_number(deadline.last_day()) - day_number(as_of.last_day());
    DueState {
        overdue: days < 0,
        due_soon: (0..=DUE_SOON_DAYS).contains(&days),
        days_overdue: (days < 0).then_some(-days),
        days_left: (0..=DUE_SOON_DAYS).contains(&days).then_some(days),
    }
}

/// The current deadline of a problem: its last revision, else the original.
pub(crate) fn current_deadline(issue: &Issue) -> Option<Date> {
    issue
        .meta
        .deadline_changes
        .last()
        .map(|c| c.deadline)
        .or(issue.meta.deadline)
}

pub(crate) fn history(issue: &Issue) -> Vec<HistoryView> {
    issue
        .meta
        .history
        .iter()
        .map(|h| HistoryView {
            date: h.date.to_string(),
            date_zh: h.date.zh(),
            status: h.status.key(),
            status_label: h.status.label(),
            note: h.note.clone().filter(|n| !n.trim().is_empty()),
        })
        .collect()
}

pub(crate) fn deadline_changes(issue: &Issue) -> Vec<DeadlineChangeView> {
    let mut from = issue.meta.deadline;
    issue
        .meta
        .deadline_changes
        .iter()
        .map(|c| {
            let view = DeadlineChangeView {
                date: c.date.to_string(),
                date_zh: c.date.zh(),
                from_zh: from.map(|d| d.zh()).unwrap_or_default(),
                deadline: c.deadline.to_string(),
                deadline_zh: c.deadline.zh(),
                reason: c.reason.trim().to_string(),
            };
            from = Some(c.deadline);
            view
        })
        .collect()
}

/// A problem in another notice, as a link shows it.
#[derive(Debug, Serialize, Clone, PartialEq, Eq, Hash)]
pub struct ProblemLink {
    /// The problem's page, from the site root.
    pub url: String,
    pub report_slug: String,
    pub issue_slug: String,
    pub report_title: String,
    pub unit: String,
    pub published_zh: String,
    pub place: String,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
}

/// One dated event of a problem, in a timeline or among the latest.
#[derive(Debug, Serialize, Clone, PartialEq, Eq, Hash)]
pub struct EventView {
    pub date: String,
    pub date_zh: String,
    /// `measure`, `status` or `deadline`.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub text: String,
    /// Which problem (a position in the chain, for timelines).
    pub member: usize,
}

/// The events of one problem file, oldest first (stable for equal dates:
/// measures, then status changes, then deadline changes).
pub(crate) fn events(issue: &Issue, member: usize) -> Vec<(Date, EventView)> {
    let m = &issue.meta;
    let mut events: Vec<(Date, EventView)> = Vec::new();
    let event = |date: Date, kind, kind_label, text: String| {
        (
            date,
            EventView {
                date: date.to_string(),
                date_zh: date.zh(),
                kind,
                kind_label,
                text,
                member,
            },
        )
    };
    for x in &m.measures {
        if let Some(date) = x.date {
            events.push(event(
                date,
                "measure",
                "整改措施",
                x.text.trim().to_string(),
            ));
        }
    }
    for h in &m.history {
        let text = status_text(h.status.label(), h.note.as_deref());
        events.push(event(h.date, "status", "状态变更", text));
    }
    let mut from = m.deadline;
    for c in &m.deadline_changes {
        let text = deadline_text(
            &from.map(|d| d.zh()).unwrap_or_default(),
            &c.deadline.zh(),
            &c.reason,
        );
        from = Some(c.deadline);
        events.push(event(c.date, "deadline", "时限调整", text));
    }
    events.sort_by_key(|e| e.0);
    events
}

/// How a status change reads among events.
pub(crate) fn status_text(label: &str, note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => format!("整改状态变为“{label}”：{note}"),
        None => format!("整改状态变为“{label}”"),
    }
}

/// How a moved deadline reads among events.
pub(crate) fn deadline_text(from_zh: &str, to_zh: &str, reason: &str) -> String {
    format!("整改时限由{from_zh}调整为{to_zh}，原因：{}", reason.trim())
}

/// Problems linked across notices (`continues`), oldest notice first, with
/// one timeline of all their events.
#[derive(Debug, Serialize)]
pub struct Chain {
    pub members: Vec<ProblemLink>,
    pub timeline: Vec<EventView>,
}

/// A report as a follow-up link shows it.
#[derive(Debug, Serialize, Clone, PartialEq, Eq, Hash)]
pub struct ReportLink {
    /// The report's page, from the site root.
    pub url: String,
    pub slug: String,
    pub title: String,
    pub published_zh: String,
}

/// The notices a report follows up and is followed up by.
#[derive(Debug, Serialize, Clone, Default, PartialEq, Eq, Hash)]
pub struct ReportLinks {
    pub follows: Option<ReportLink>,
    pub followed_by: Vec<ReportLink>,
}

/// Every chain of the portal, by report and problem. Built from the whole
/// portal before reports are derived one by one, as a report's pages show
/// problems of other reports; empty (and nearly free) when nothing links.
#[derive(Debug, Default)]
pub(crate) struct Links {
    /// Report → problem → its chain and place in it.
    chains: HashMap<String, HashMap<String, (Arc<Chain>, usize)>>,
    reports: HashMap<String, ReportLinks>,
}

impl Links {
    /// Follows `follows` and `continues` through a validated portal.
    pub(crate) fn build(portal: &Portal) -> Links {
        let mut links = Links::default();
        let report_link = |r: &Report| ReportLink {
            url: crate::output::report_page(&r.slug),
            slug: r.slug.clone(),
            title: r.meta.title.clone(),
            published_zh: r.meta.published.date.zh(),
        };
        for report in &portal.reports {
            let Some(target) = report.meta.follows.as_deref() else {
                continue;
            };
            let Some(earlier) = portal.reports.iter().find(|r| r.slug == target) else {
                continue;
            };
            links
                .reports
                .entry(report.slug.clone())
                .or_default()
                .follows = Some(report_link(earlier));
            links
                .reports
                .entry(earlier.slug.clone())
                .or_default()
                .followed_by
                .push(report_link(report));
        }
        // Only problems of a followed or following report can be linked.
        let linked: Vec<&Report> = portal
            .reports
            .iter()
            .filter(|r| links.reports.contains_key(&r.slug))
            .collect();
        let mut by_key: HashMap<(&str, &str), (&Report, &Issue)> = HashMap::new();
        let mut next: HashMap<(&str, &str), (&str, &str)> = HashMap::new();
        for report in &linked {
            for issue in &report.issues {
                by_key.insert((&report.slug, &issue.slug), (report, issue));
                if let Some((r, i)) = issue
                    .meta
                    .continues
                    .as_deref()
                    .and_then(|t| t.split_once('/'))
                {
                    next.insert((r, i.trim_end_matches(".md")), (&report.slug, &issue.slug));
                }
            }
        }
        let continuing: std::collections::HashSet<&(&str, &str)> = next.values().collect();
        let mut roots: Vec<(&str, &str)> = next
            .keys()
            .filter(|k| !continuing.contains(k))
            .copied()
            .collect();
        roots.sort_unstable();
        for root in roots {
            let mut keys = vec![root];
            while let Some(following) = next.get(keys.last().expect("non-empty")) {
                if keys.contains(following) || keys.len() > 1000 {
                    break; // validation refuses cycles; never loop here
                }
                keys.push(*following);
            }
            let mut members = Vec::new();
            let mut timeline: Vec<(Date, EventView)> = Vec::new();
            for (n, key) in keys.iter().enumerate() {
                let Some((report, issue)) = by_key.get(key) else {
                    continue;
                };
                members.push(problem_link(report, issue));
                timeline.extend(events(issue, n));
            }
            timeline.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.member.cmp(&b.1.member)));
            // A follow-up's file may repeat the earlier file's entries: one
            // event is shown once, from the notice that first recorded it.
            let mut seen = std::collections::HashSet::new();
            timeline.retain(|(date, e)| seen.insert((*date, e.kind, e.text.clone())));
            let chain = Arc::new(Chain {
                members,
                timeline: timeline.into_iter().map(|(_, e)| e).collect(),
            });
            for (n, (report, issue)) in keys.iter().enumerate() {
                links
                    .chains
                    .entry(report.to_string())
                    .or_default()
                    .insert(issue.to_string(), (chain.clone(), n));
            }
        }
        links
    }

    /// The chain a problem is in, and its place in it.
    pub(crate) fn of(&self, report: &str, issue: &str) -> Option<(Arc<Chain>, usize)> {
        self.chains.get(report)?.get(issue).cloned()
    }

    /// The notices a report follows and is followed by.
    pub(crate) fn of_report(&self, report: &str) -> ReportLinks {
        self.reports.get(report).cloned().unwrap_or_default()
    }

    /// Everything of other reports that a report's pages show, as text
    /// (watch mode's fingerprint of a report); empty when nothing.
    pub(crate) fn shown_in(&self, report: &str) -> String {
        let links = self.reports.get(report);
        let mut chains: Vec<&Chain> = self
            .chains
            .get(report)
            .into_iter()
            .flat_map(|by_issue| by_issue.values().map(|(chain, _)| &**chain))
            .collect();
        if chains.is_empty() && links.is_none() {
            return String::new();
        }
        chains.sort_by(|a, b| a.members[0].url.cmp(&b.members[0].url));
        chains.dedup_by(|a, b| std::ptr::eq(*a, *b));
        serde_json::to_string(&(chains, links)).unwrap_or_default()
    }
}

fn problem_link(report: &Report, issue: &Issue) -> ProblemLink {
    let m = &issue.meta;
    let title = m.title.clone().unwrap_or_else(|| {
        report
            .meta
            .areas
            .get(m.area as usize - 1)
            .and_then(|a| a.groups.get(m.group as usize - 1))
            .map(|g| g.title.clone())
            .unwrap_or_default()
    });
    ProblemLink {
        url: crate::output::issue_page(&report.slug, &issue.slug),
        report_slug: report.slug.clone(),
        issue_slug: issue.slug.clone(),
        report_title: report.meta.title.clone(),
        unit: report.meta.unit.clone(),
        published_zh: report.meta.published.date.zh(),
        place: place(m.area, m.group, m.number),
        title,
        status: m.status.key(),
        status_label: m.status.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_and_due_soon_count_days_from_the_as_of_date() {
        let d = |s: &str| Date::parse(s).unwrap();
        let open = Status::InProgress;
        let state = due_state(open, Some(d("2023-06")), d("2023-07-10"));
        assert_eq!((state.overdue, state.days_overdue), (true, Some(10)));
        let state = due_state(open, Some(d("2023-08-09")), d("2023-07-10"));
        assert_eq!((state.due_soon, state.days_left), (true, Some(30)));
        let state = due_state(open, Some(d("2023-08-10")), d("2023-07-10"));
        assert!(!state.due_soon && !state.overdue);
        let state = due_state(Status::Done, Some(d("2023-06")), d("2023-07-10"));
        assert_eq!(state, DueState::default(), "done is never overdue");
        // An as-of month: overdue only when certain, and never in days.
        let state = due_state(open, Some(d("2023-09-10")), d("2023-09"));
        assert_eq!(state, DueState::default(), "September may be the 5th");
        let state = due_state(open, Some(d("2023-08")), d("2023-09"));
        assert_eq!((state.overdue, state.days_overdue), (true, None));
    }
}
