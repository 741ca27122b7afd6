//! What the portal-wide pages of progress read, made from the derived
//! reports: the latest dated events (最近更新, the feeds) and the open
//! problems past or near their deadline. Texts are built only for what is
//! shown: a large portal has hundreds of thousands of events.

use super::progress::{deadline_text, status_text, EventView};
use super::{IssueView, ReportView, UpdateView};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which dated event of a problem: a measure, a status change or a moved
/// deadline, by its index in the problem's view.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which {
    Measure(usize),
    Status(usize),
    Deadline(usize),
}

/// A problem's dated events as (date, which, n): oldest first, and `n`
/// counting events of the same kind on the same date (for stable ids).
/// A first status dated on or before `notice_day`, the day its notice was
/// published, is where the history starts (what the notice stated, as a
/// ledger update records it before the first change), not a change: no
/// status "became" anything that day.
fn dated<'a>(issue: &'a IssueView, notice_day: &str) -> Vec<(Cow<'a, str>, Which, usize)> {
    let mut events: Vec<(Cow<str>, Which)> = Vec::new();
    for (k, m) in issue.measures.read().iter().enumerate() {
        if let Some(date) = m.date {
            events.push((Cow::Owned(date.to_string()), Which::Measure(k)));
        }
    }
    for (k, h) in issue.history.iter().enumerate() {
        if k == 0 && h.date.as_str() <= notice_day {
            continue;
        }
        events.push((Cow::Borrowed(&h.date), Which::Status(k)));
    }
    for (k, c) in issue.deadline_changes.iter().enumerate() {
        events.push((Cow::Borrowed(&c.date), Which::Deadline(k)));
    }
    // ISO dates sort as dates ("2023-04" before "2023-04-20"); a stable
    // sort keeps measures, then status changes, then deadlines.
    events.sort_by(|a, b| a.0.cmp(&b.0));
    let mut seen: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    let counted: Vec<usize> = events
        .iter()
        .map(|(date, which)| {
            let kind = match which {
                Which::Measure(_) => 0,
                Which::Status(_) => 1,
                Which::Deadline(_) => 2,
            };
            let n = seen.entry((kind, date)).or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    events
        .into_iter()
        .zip(counted)
        .map(|((date, which), n)| (date, which, n))
        .collect()
}

/// One event as the 最近更新 page and the feeds show it.
fn update(report: &ReportView, issue: &IssueView, which: Which, n: usize) -> UpdateView {
    let (date, date_zh, kind, kind_label, text) = match which {
        Which::Measure(k) => {
            let m = &issue.measures.read()[k];
            (
                m.date.map(|d| d.to_string()).unwrap_or_default(),
                m.date.map(|d| d.zh()).unwrap_or_default(),
                "measure",
                "整改措施",
                m.text.to_string(),
            )
        }
        Which::Status(k) => {
            let h = &issue.history[k];
            (
                h.date.clone(),
                h.date_zh.clone(),
                "status",
                "状态变更",
                status_text(h.status_label, h.note.as_deref()),
            )
        }
        Which::Deadline(k) => {
            let c = &issue.deadline_changes[k];
            (
                c.date.clone(),
                c.date_zh.clone(),
                "deadline",
                "时限调整",
                deadline_text(&c.from_zh, &c.deadline_zh, &c.reason),
            )
        }
    };
    let latest = issue
        .chain
        .as_ref()
        .and_then(|c| c.chain.members.last())
        .map(|m| (m.status, m.status_label))
        .unwrap_or((issue.status, issue.status_label));
    UpdateView {
        id: format!(
            "urn:zhenggai:{}:{}:{kind}:{date}:{n}",
            report.slug, issue.slug
        ),
        event: EventView {
            date,
            date_zh,
            kind,
            kind_label,
            text,
            member: 0,
        },
        url: crate::output::issue_page(&report.slug, &issue.slug),
        report_slug: report.slug.clone(),
        issue_slug: issue.slug.clone(),
        unit: report.unit.clone(),
        place: issue.place.clone(),
        title: issue.title.clone(),
        // A problem a later notice continues stands at that notice's status.
        status: latest.0,
        status_label: latest.1,
    }
}

/// A report's newest dated events (for its feed), newest first; ties
/// keep notice order.
pub(crate) fn of_report(report: &ReportView) -> Vec<UpdateView> {
    made(events_of(report).collect())
}

/// The portal's newest dated events, newest first; ties keep report and
/// notice order. Only those get their text made; the rest are dates and
/// positions.
pub(crate) fn latest(reports: &[Arc<ReportView>]) -> Vec<UpdateView> {
    // The newest of each report's newest, found when it was derived: a
    // large portal's hundreds of thousands of events are not looked at
    // again on every save.
    made(newest_first(
        reports.iter().flat_map(|r| events_of(r)).collect(),
        |event| &event.0,
    ))
}

/// A dated event of a report's problem, by position: its problem, which
/// event, and its number among same-day events of its kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EventRef {
    issue: usize,
    which: Which,
    n: usize,
}

/// A dated event of a problem, as ranked before its text is made.
type Event<'a> = (Cow<'a, str>, &'a ReportView, &'a IssueView, Which, usize);

/// A report's newest `LATEST_EVENTS` events (kept on its view as
/// `newest_events`), newest first.
pub(crate) fn newest_events(issues: &[IssueView], notice_day: &str) -> Vec<EventRef> {
    let events = issues
        .iter()
        .enumerate()
        .flat_map(|(at, issue)| {
            dated(issue, notice_day)
                .into_iter()
                .map(move |(date, which, n)| (date, at, which, n))
        })
        .collect();
    let mut newest: Vec<EventRef> = newest_first(events, |event| &event.0)
        .into_iter()
        .map(|(_, issue, which, n)| EventRef { issue, which, n })
        .collect();
    // Collected in place, it would keep the room of every event of the
    // report: a fifth of a large portal's derived views.
    newest.shrink_to_fit();
    newest
}

/// A report's newest events with what they point at.
fn events_of(report: &ReportView) -> impl Iterator<Item = Event<'_>> {
    report.newest_events.iter().map(move |e| {
        let issue = &report.issues[e.issue];
        (date_of(issue, e.which), report, issue, e.which, e.n)
    })
}

/// The date of one event of a problem.
fn date_of(issue: &IssueView, which: Which) -> Cow<'_, str> {
    match which {
        Which::Measure(k) => Cow::Owned(
            issue.measures.read()[k]
                .date
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        Which::Status(k) => Cow::Borrowed(&issue.history[k].date),
        Which::Deadline(k) => Cow::Borrowed(&issue.deadline_changes[k].date),
    }
}

fn made(events: Vec<Event>) -> Vec<UpdateView> {
    events
        .into_iter()
        .map(|(_, report, issue, which, n)| update(report, issue, which, n))
        .collect()
}

/// The first `LATEST_EVENTS` of `events` by `date`, newest first, equal
/// dates in the order given (selected, then only those sorted).
fn newest_first<T>(events: Vec<T>, date: impl Fn(&T) -> &str) -> Vec<T> {
    let wanted = super::progress::LATEST_EVENTS;
    let mut ranked: Vec<(usize, T)> = events.into_iter().enumerate().collect();
    let order = |a: &(usize, T), b: &(usize, T)| date(&b.1).cmp(date(&a.1)).then(a.0.cmp(&b.0));
    if ranked.len() > wanted {
        ranked.select_nth_unstable_by(wanted, order);
        ranked.truncate(wanted);
    }
    ranked.sort_unstable_by(order);
    ranked.into_iter().map(|(_, event)| event).collect()
}

/// The portal's most overdue and soonest due problems: what the overdue
/// page shows before linking to the full lists (which are paged).
#[derive(Debug, Serialize, Default)]
pub struct DueSummary {
    /// Most days overdue first.
    pub overdue: Vec<DueIssue>,
    /// Soonest first.
    pub due_soon: Vec<DueIssue>,
    /// Due after their report's as-of date and passed since, with no later
    /// progress published; earliest deadline first.
    pub lapsed: Vec<DueIssue>,
    /// Open without a deadline.
    pub without_deadline: Vec<DueIssue>,
}

/// Problems each part of the overdue page shows.
pub(crate) const DUE_SHOWN: usize = 20;

/// What the overdue page shows of a problem.
#[derive(Debug, Serialize)]
pub struct DueIssue {
    /// The problem's page, from the site root.
    pub url: String,
    pub unit: String,
    pub place: String,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub long_term: bool,
    pub overdue: bool,
    pub due_soon: bool,
    /// The deadline passed since, with no progress published (the tag
    /// says so instead of "N天后到期").
    pub lapsed: bool,
    pub days_overdue: Option<i64>,
    pub days_left: Option<i64>,
    pub deadline: Option<String>,
    pub deadline_zh: Option<String>,
    pub original_deadline_zh: Option<String>,
    /// The progress this problem's status is stated to.
    pub as_of_zh: String,
}

/// The most overdue and the soonest due problems, each real problem once;
/// ties go to the newer report, then notice order.
pub(crate) fn due(reports: &[Arc<ReportView>]) -> DueSummary {
    let brief = |(r, i): (&ReportView, &IssueView)| DueIssue {
        url: crate::output::issue_page(&r.slug, &i.slug),
        unit: r.unit.clone(),
        place: i.place.clone(),
        title: i.title.clone(),
        status: i.status,
        status_label: i.status_label,
        long_term: i.long_term,
        overdue: i.overdue,
        due_soon: i.due_soon,
        lapsed: i.lapsed,
        as_of_zh: r.as_of_zh.clone(),
        days_overdue: i.days_overdue,
        days_left: i.days_left,
        deadline: i.deadline.map(|d| d.to_string()),
        deadline_zh: i.deadline_zh.text(),
        original_deadline_zh: i.original_deadline_zh.text(),
    };
    let live = || {
        reports.iter().flat_map(|r| {
            r.issues
                .iter()
                .filter(|i| !i.superseded)
                .map(move |i| (&**r, i))
        })
    };
    let mut overdue: Vec<(&ReportView, &IssueView)> = live().filter(|(_, i)| i.overdue).collect();
    let mut due_soon: Vec<(&ReportView, &IssueView)> = live().filter(|(_, i)| i.due_soon).collect();
    // Stable sorts keep site order among equals.
    overdue.sort_by_key(|(_, i)| std::cmp::Reverse(i.days_overdue));
    due_soon.sort_by_key(|(_, i)| i.days_left);
    let mut lapsed: Vec<(&ReportView, &IssueView)> = live().filter(|(_, i)| i.lapsed).collect();
    lapsed.sort_by_key(|a| a.1.deadline);
    let without: Vec<(&ReportView, &IssueView)> =
        live().filter(|(_, i)| i.open_without_deadline).collect();
    DueSummary {
        overdue: overdue.into_iter().take(DUE_SHOWN).map(brief).collect(),
        due_soon: due_soon.into_iter().take(DUE_SHOWN).map(brief).collect(),
        lapsed: lapsed.into_iter().take(DUE_SHOWN).map(brief).collect(),
        without_deadline: without.into_iter().take(DUE_SHOWN).map(brief).collect(),
    }
}
