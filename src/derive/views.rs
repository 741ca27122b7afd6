//! The data templates read: the site, its reports, areas, groups and
//! problems as plain serialisable types, with the counts and chart
//! geometry computed as problems are added.

use crate::model::{Date, Status};
use serde::Serialize;
use std::sync::Arc;

pub use super::measures::{MeasureView, Measures};

/// The whole site as templates see it. Built once per build and shared by
/// every page.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub name: String,
    pub publisher: String,
    pub base_url: Option<String>,
    pub description_html: String,
    pub contact: ContactView,
    /// The footer's identifiers, ready to show.
    pub identifiers: IdentifiersView,
    /// The deployment's host name (SiteDomain), when the URL is known.
    pub domain: Option<String>,
    /// When the portal's content last changed: the newest notice or dated
    /// measure (`YYYY-MM-DD`, or as precise as known), and in Chinese.
    pub updated: Option<String>,
    pub updated_zh: Option<String>,
    /// The day the site was built for (`SOURCE_DATE_EPOCH`, a flag, or
    /// today): statements of deadlines passed since are made as of it.
    pub today: String,
    pub today_zh: String,
    /// The as-of dates of the reports, as a span (2023年9月7日, or
    /// 2023年9月7日至2024年6月1日): the figures speak for those days.
    pub as_of_span: Option<String>,
    pub counts: Counts,
    /// Shared so that watch mode can keep the reports that did not change.
    pub reports: Vec<Arc<ReportView>>,
    /// Every regulation cited anywhere, by date then number.
    pub regulations: Vec<Arc<RegulationView>>,
    pub regulation_counts: KindCounts,
    /// The status legend, in display order.
    pub statuses: Vec<StatusView>,
    /// The newest dated events across the portal (最近更新), newest first.
    pub updates: Vec<UpdateView>,
    /// The problems most overdue and soonest due, for the overdue page.
    pub due: super::updates::DueSummary,
    /// The open data is published per report (past
    /// `output::OPEN_DATA_SPLIT_ABOVE` problems).
    pub open_data_split: bool,
    /// The portal-wide lists shown a page at a time.
    #[serde(skip)]
    pub lists: super::lists::SiteLists,
}

/// One of the portal's latest events, with the problem it belongs to.
#[derive(Debug, Serialize, Clone)]
pub struct UpdateView {
    /// Stable across rebuilds, for feed readers.
    pub id: String,
    pub event: super::progress::EventView,
    /// The problem's page, from the site root.
    pub url: String,
    pub report_slug: String,
    pub issue_slug: String,
    pub unit: String,
    pub place: String,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
}

/// A problem's chain of notices, and its place in it.
#[derive(Debug, Serialize, Clone)]
pub struct ChainView {
    pub chain: Arc<super::progress::Chain>,
    pub at: usize,
}

/// A government website's identifiers as its footer shows them.
#[derive(Debug, Serialize, Clone, Default)]
pub struct IdentifiersView {
    /// 主办单位: as configured, else the publisher.
    pub host: String,
    pub organizer: Option<String>,
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police: Option<String>,
    /// The number the 公安 record page looks the site up by.
    pub police_code: Option<String>,
    /// The 党政机关网站 mark's file in the theme's static folder.
    pub party_mark: Option<String>,
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
    /// Open, with the deadline within 30 days of the as-of date.
    pub due_soon: usize,
    /// Open, due after the as-of date and before the build's day, with no
    /// later progress published (see [`IssueView::lapsed`]).
    pub lapsed: usize,
    /// Open without any deadline (long-term tasks among them).
    pub open_without_deadline: usize,
    /// Problems whose deadline was moved at least once.
    pub revised: usize,
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
    pub(crate) fn add(&mut self, status: Status, issue: &IssueView) {
        self.total += 1;
        match status {
            Status::Done => self.done += 1,
            Status::BasicallyDone => self.basically_done += 1,
            Status::InProgress => self.in_progress += 1,
            Status::NotDone => self.not_done += 1,
        }
        self.open += status.is_open() as usize;
        self.overdue += issue.overdue as usize;
        self.due_soon += issue.due_soon as usize;
        self.lapsed += issue.lapsed as usize;
        self.open_without_deadline += issue.open_without_deadline as usize;
        self.revised += !issue.deadline_changes.is_empty() as usize;
        self.long_term += issue.long_term as usize;
        self.finish();
    }

    pub(crate) fn merge(&mut self, other: &Counts) {
        self.total += other.total;
        self.done += other.done;
        self.basically_done += other.basically_done;
        self.in_progress += other.in_progress;
        self.not_done += other.not_done;
        self.open += other.open;
        self.overdue += other.overdue;
        self.due_soon += other.due_soon;
        self.lapsed += other.lapsed;
        self.open_without_deadline += other.open_without_deadline;
        self.revised += other.revised;
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
    /// The notices this one follows up and is followed up by.
    pub links: super::progress::ReportLinks,
    /// This notice's figures, as published.
    pub counts: Counts,
    /// Without the problems a later notice continues (they count there):
    /// what site-wide figures add up.
    pub latest_counts: Counts,
    pub areas: Vec<AreaView>,
    pub accountability: Vec<AccountabilityView>,
    pub accountability_total: u32,
    /// Amount recovered, formatted with thousands separators (45,349.42).
    pub recovered_yuan: Option<String>,
    pub declared: crate::model::Declared,
    /// The notice's own figures in reading order, each in its own words;
    /// what a totals-only report shows in place of computed counts.
    pub declared_figures: Vec<FigureView>,
    /// Money figures exactly as published.
    pub funds: Vec<FundView>,
    /// The notice's 文号, if any.
    pub document_number: Option<String>,
    /// False for a notice that gives only totals: its page shows the
    /// declared figures and never a computed 0 of 0.
    pub listed: bool,
    pub regulations: Vec<Arc<RegulationView>>,
    pub regulation_counts: KindCounts,
    /// All problems in notice order; issue pages index into this.
    pub issues: Vec<IssueView>,
    /// The notice's own attachments (the notice as a PDF, a plan).
    pub attachments: Vec<AttachmentView>,
    /// Every clean copy the report publishes, its problems' included:
    /// written with the report's pages.
    #[serde(skip)]
    pub files: Vec<Arc<crate::attachments::Prepared>>,
    /// The report's lists shown a page at a time.
    #[serde(skip)]
    pub lists: super::lists::ReportLists,
    /// Its newest dated events, found once when derived: the portal's
    /// 最近更新 merges these rather than every event of every report.
    #[serde(skip)]
    pub(crate) newest_events: Vec<super::updates::EventRef>,
}

/// An attachment as pages and open data show it: 整改方案（Word，36 KB）.
#[derive(Debug, Serialize, Clone)]
pub struct AttachmentView {
    pub title: String,
    /// The site path, as written on disk (`reports/r/files/方案.pdf`).
    pub path: String,
    /// The same, percent-encoded for a link from the site root.
    pub url: String,
    /// `pdf`, `docx`, `jpg`… and the word readers know it by.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub bytes: usize,
    /// 36 KB, 1.2 MB.
    pub size_label: String,
    pub sha256: String,
    pub is_image: bool,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: Option<String>,
}

/// The inspection's facts, dates already in Chinese form.
#[derive(Debug, Serialize)]
pub struct InspectionView {
    pub team: String,
    pub start_zh: String,
    pub end_zh: String,
    pub feedback_zh: String,
}

/// An accountability line: kind, count and its unit (人, 人次, 件).
#[derive(Debug, Serialize)]
pub struct AccountabilityView {
    pub kind: String,
    pub people: u32,
    pub unit: String,
}

/// One declared figure: what it counts, the number, the unit word.
#[derive(Debug, Serialize)]
pub struct FigureView {
    pub label: String,
    pub value: u32,
    pub unit: String,
}

/// A money figure: kind, amount with thousands separators, unit as written.
#[derive(Debug, Serialize)]
pub struct FundView {
    pub kind: String,
    pub amount: String,
    pub unit: String,
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
    /// The area's own page, from the report's folder, when the report is
    /// too long to list its problems on its page.
    pub page: Option<String>,
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

/// A problem's Markdown body, made HTML when first read. At scale the
/// bodies are most of a site's text: the derived site holds each as
/// written (the HTML and its buffer's slack were a fifth of a 100,000-
/// problem site), the HTML exists from when the problem's text is indexed
/// until its page is written, and then it is let go
/// ([`IssueView::release_body`]: a build as each page is written, watch
/// mode once a rebuild is done; a report derived again has its body anew).
#[derive(Debug, Default)]
pub struct Body(std::sync::RwLock<BodyText>);

#[derive(Debug)]
enum BodyText {
    Markdown(std::sync::Arc<str>),
    /// Let go after loading: read again from `path` when first read, as
    /// long as it is still the text checked (its hash is `fingerprint`).
    File {
        path: std::path::PathBuf,
        fingerprint: u64,
    },
    Html(String),
    /// The file changed after it was checked: nothing is shown, and the
    /// build refuses to publish ([`Body::changed`]).
    Changed {
        path: std::path::PathBuf,
    },
}

/// What a body that is no longer the text checked shows: nothing.
static NO_TEXT: String = String::new();

impl Default for BodyText {
    fn default() -> BodyText {
        BodyText::Html(String::new())
    }
}

/// A body's HTML, borrowed from its [`Body`].
pub struct BodyHtml<'a>(std::sync::RwLockReadGuard<'a, BodyText>);

impl std::ops::Deref for BodyHtml<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        match &*self.0 {
            BodyText::Html(html) => html,
            BodyText::Changed { .. } => &NO_TEXT,
            BodyText::Markdown(_) | BodyText::File { .. } => {
                unreachable!("read makes the HTML first")
            }
        }
    }
}

impl Body {
    /// A body already made HTML (one with pictures: they need the
    /// report's attachments, which the derived site does not keep).
    pub fn new(html: String) -> Body {
        Body(std::sync::RwLock::new(BodyText::Html(html)))
    }

    /// A body to be made HTML by [`super::markdown::to_html`] when first
    /// read: Markdown with no picture in it.
    pub fn markdown(markdown: std::sync::Arc<str>) -> Body {
        Body(std::sync::RwLock::new(BodyText::Markdown(markdown)))
    }

    /// A body let go after loading ([`crate::model::Released`]), read
    /// again from its file when first read.
    pub fn file(path: std::path::PathBuf, fingerprint: u64) -> Body {
        Body(std::sync::RwLock::new(BodyText::File { path, fingerprint }))
    }

    /// The file of a body read again that is no longer the text checked.
    pub fn changed(&self) -> Option<std::path::PathBuf> {
        match &*self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            BodyText::Changed { path, .. } => Some(path.clone()),
            _ => None,
        }
    }

    /// The HTML, made now if it was not yet (empty once its page is
    /// written: [`IssueView::release_body`]).
    pub fn read(&self) -> BodyHtml<'_> {
        let read = || {
            self.0
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let text = read();
        if matches!(*text, BodyText::Html(_) | BodyText::Changed { .. }) {
            return BodyHtml(text);
        }
        drop(text);
        {
            let mut text = self.write();
            match &*text {
                BodyText::Markdown(markdown) => {
                    *text = BodyText::Html(super::markdown::to_html(markdown));
                }
                BodyText::File { path, fingerprint } => {
                    *text = match crate::load::body_again(path) {
                        Ok(markdown)
                            if crate::model::fnv1a64(markdown.as_bytes()) == *fingerprint =>
                        {
                            BodyText::Html(super::markdown::to_html(&markdown))
                        }
                        _ => BodyText::Changed { path: path.clone() },
                    }
                }
                BodyText::Html(_) | BodyText::Changed { .. } => {}
            }
        }
        BodyHtml(read())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, BodyText> {
        self.0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl IssueView {
    /// Lets the body go once its page is rendered and its text indexed. A
    /// problem without measures keeps it: its search result shows the
    /// body's opening, made after the pages.
    pub(crate) fn release_body(&self) {
        let mut body = self.body_html.write();
        if !self.measures.read().is_empty() && !matches!(*body, BodyText::Changed { .. }) {
            *body = BodyText::default();
        }
    }
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
    /// The deadline passed after the report's as-of date, before the day
    /// the site was built, and no later progress is published: pages say
    /// so rather than show the old status as current.
    pub lapsed: bool,
    /// Open with no deadline at all.
    pub open_without_deadline: bool,
    /// When a problem not among the notice's was added, in Chinese.
    pub added_zh: InChinese,
    /// Open, with the deadline within 30 days of the as-of date.
    pub due_soon: bool,
    pub days_overdue: Option<i64>,
    pub days_left: Option<i64>,
    /// The current deadline: the last revision's, else the original.
    /// (A problem's dates are held as dates, written out when shown: a
    /// large portal's views hold a million problems at once.)
    pub deadline: Option<Date>,
    pub deadline_zh: InChinese,
    /// The deadline as first set, when it has been revised since.
    pub original_deadline: Option<Date>,
    pub original_deadline_zh: InChinese,
    pub deadline_changes: Vec<super::progress::DeadlineChangeView>,
    pub history: Vec<super::progress::HistoryView>,
    /// The problem of the followed notice that this one continues.
    /// (Boxed, as `continued_by`: most problems have neither, and a
    /// million problems' views are held at once.)
    pub continues: Option<Box<super::progress::ProblemLink>>,
    /// The responsible unit or department (责任单位), if stated.
    pub department: Option<String>,
    /// The problem of a later notice that continues this one.
    pub continued_by: Option<Box<super::progress::ProblemLink>>,
    /// Continued by a later notice: counted there, not here, site-wide.
    pub superseded: bool,
    /// One timeline across the notices, when linked.
    pub chain: Option<ChainView>,
    pub accountability: Option<bool>,
    pub measures: Measures,
    /// Shared by the report's problems citing the same document the
    /// same way (at scale, most citations repeat a few documents).
    pub regulations: Vec<Arc<RegulationRefView>>,
    pub attachments: Vec<AttachmentView>,
    /// Only the problem's own page shows the body, so it stays out of the
    /// report's template value (at scale, most of the text) and is given
    /// to that page alone.
    #[serde(skip_serializing)]
    pub body_html: Body,
    /// Dates of the first and last dated event, for data and feeds.
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// `last_date` in Chinese (2023年4月20日), for 最近更新.
    pub last_date_zh: InChinese,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// A date that pages show in Chinese (2023年4月20日), as a date until it
/// is shown; none shows as none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InChinese(pub Option<Date>);

impl InChinese {
    /// The date in Chinese, if there is one.
    pub fn text(&self) -> Option<String> {
        self.0.map(|d| d.zh())
    }
}

impl Serialize for InChinese {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text().serialize(serializer)
    }
}

/// A problem's citation of a regulation, linking to the regulations page.
#[derive(Debug, Serialize, Clone, PartialEq, Eq, Hash)]
pub struct RegulationRefView {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub issued_zh: Option<String>,
    /// The page of the report's regulations that lists it, from the
    /// report's folder (`regulations/2.html`).
    pub page: String,
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
    /// Shared: the portal-wide list merges every report's citations, and
    /// at scale copying them took most of a save's time.
    pub citations: Vec<Arc<CitationView>>,
}

/// A problem citing a regulation. Templates also read its `url`, from
/// the site root, made when it is shown: a large portal holds a citation
/// for most of its problems, and the report's own strings are shared.
#[derive(Debug, Clone)]
pub struct CitationView {
    pub report_slug: Arc<str>,
    pub report_title: Arc<str>,
    pub issue_slug: String,
    pub issue_title: String,
    pub place: String,
}

impl CitationView {
    /// The problem's page, from the site root.
    pub fn url(&self) -> String {
        crate::output::issue_page(&self.report_slug, &self.issue_slug)
    }
}

impl Serialize for CitationView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("CitationView", 6)?;
        out.serialize_field("report_slug", &*self.report_slug)?;
        out.serialize_field("report_title", &*self.report_title)?;
        out.serialize_field("issue_slug", &self.issue_slug)?;
        out.serialize_field("issue_title", &self.issue_title)?;
        out.serialize_field("place", &self.place)?;
        out.serialize_field("url", &self.url())?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_held_as_a_date_shows_as_the_text_it_was() {
        let day = Date::read("2024-06-30").unwrap();
        let month = Date::read("2024-06").unwrap();
        assert_eq!(
            serde_json::to_value(InChinese(Some(day))).unwrap(),
            "2024年6月30日"
        );
        assert_eq!(
            serde_json::to_value(InChinese(Some(month))).unwrap(),
            "2024年6月"
        );
        assert_eq!(
            serde_json::to_value(InChinese(None)).unwrap(),
            serde_json::Value::Null
        );
        // And the ISO form beside it, as `deadline` is written.
        assert_eq!(serde_json::to_value(Some(day)).unwrap(), "2024-06-30");
    }

    #[test]
    fn a_body_let_go_is_read_again_from_its_file_unless_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("1-1-1.md");
        let body = "已建立台账 **3** 项。\n";
        std::fs::write(&path, format!("---\ntitle: 甲\n---\n{body}")).unwrap();
        let fingerprint = crate::model::fnv1a64(body.as_bytes());
        let read = Body::file(path.clone(), fingerprint);
        assert_eq!(*read.read(), super::super::markdown::to_html(body));
        assert_eq!(read.changed(), None);

        // Changed after it was checked: nothing shown, and said.
        std::fs::write(&path, "---\ntitle: 甲\n---\n举报电话13812345678\n").unwrap();
        let changed = Body::file(path.clone(), fingerprint);
        assert_eq!(*changed.read(), "");
        assert_eq!(changed.changed(), Some(path.clone()));
        // Gone: the same.
        std::fs::remove_file(&path).unwrap();
        let gone = Body::file(path.clone(), fingerprint);
        assert_eq!(*gone.read(), "");
        assert_eq!(gone.changed(), Some(path));
    }

    #[test]
    fn a_body_kept_as_markdown_reads_as_the_html_it_would_have_been() {
        let markdown =
            "整改措施：\n\n- 建立台账\n- 按月通报\n\n## 整改进展\n\n已完成 <b>3</b> 项。";
        let body = Body::markdown(markdown.into());
        let expected = super::super::markdown::to_html(markdown);
        assert!(expected.contains("<li>建立台账</li>"), "{expected}");
        assert_eq!(*body.read(), expected);
        // Read again: the HTML made the first time.
        assert_eq!(*body.read(), expected);
        // Read from several threads at once: each sees the same HTML.
        let body = Body::markdown(markdown.into());
        std::thread::scope(|s| {
            let reads: Vec<_> = (0..4).map(|_| s.spawn(|| body.read().clone())).collect();
            for read in reads {
                assert_eq!(read.join().unwrap(), expected);
            }
        });
        assert_eq!(*Body::new("<p>甲</p>".into()).read(), "<p>甲</p>");
        assert_eq!(*Body::default().read(), "");
    }
}
