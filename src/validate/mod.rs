//! Validate: checks that need more than one file (or more than the types
//! can say), each pinned to the key that is wrong.

mod declared;
pub mod identifiers;
mod imported;
pub mod personal;
mod progress;
pub(crate) mod starter;

use crate::diagnostics::Diagnostics;
use crate::load::frontmatter::{locate, Step};
use crate::model::{normalize_doc_number, normalize_title, Issue, Portal, PortalConfig, Report};
use crate::say;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Every check of a portal, with each report's findings kept between
/// runs: a build checks everything once; watch mode re-checks only the
/// reports whose files changed (and the portal-wide rules, every time).
#[derive(Default)]
pub struct Checks {
    /// Per report: what its own checks found, and what it cites.
    reports: HashMap<String, Findings>,
    /// The values the portal declared public when the reports were
    /// checked: when they change, every report is checked again.
    portal_allowed: Vec<String>,
}

/// What checking one report found, kept until its files change.
#[derive(Default)]
struct Findings {
    errors: Diagnostics,
    /// Declared figures that disagree, names to review.
    warnings: Diagnostics,
    /// The numbered documents its problems cite, for the portal-wide
    /// check that one number is one title.
    citations: Vec<Cited>,
}

/// One document number as a report cites it: every place, in file order
/// (problem file path, then position in its `regulations:`).
struct Cited {
    key: String,
    /// The title at the first place.
    title: String,
    /// Every place gives the same title (as [`same_title`] reads it): the
    /// places need no second look unless another report names it apart.
    agreed: bool,
    /// (problem, regulation) indices into the report as it was checked.
    places: Vec<(usize, usize)>,
}

/// Whether two titles name one document: equal, or equal once quotes and
/// spacing are set aside.
fn same_title(a: &str, b: &str) -> bool {
    a == b || normalize_title(a) == normalize_title(b)
}

impl Checks {
    /// Checks that start from the reports `settled` as they were read
    /// (under the portal file `config`): a run checks only the reports
    /// not among them, and what looks across reports.
    pub(crate) fn settled(settled: Settled, config: &PortalConfig) -> Checks {
        Checks {
            reports: settled.findings.into_inner().unwrap(),
            portal_allowed: personal::check::portal_allowed(config),
        }
    }

    /// Checks `portal`, re-checking the reports in `stale` (all, when
    /// `None`) and any not checked before. Returns the warnings (declared
    /// figures that disagree), or every error found.
    pub fn run(
        &mut self,
        portal: &Portal,
        stale: Option<&BTreeSet<String>>,
    ) -> Result<Diagnostics, Diagnostics> {
        let mut live = BTreeSet::new();
        let allowed = personal::check::portal_allowed(&portal.config);
        if allowed != self.portal_allowed {
            self.reports.clear();
            self.portal_allowed = allowed;
        }
        let mut to_check = Vec::new();
        for report in &portal.reports {
            live.insert(report.slug.as_str());
            if stale.is_none_or(|s| s.contains(&report.slug))
                || !self.reports.contains_key(&report.slug)
            {
                to_check.push(report);
            }
        }
        // Reports are checked apart from each other: on every core.
        let allowed = &self.portal_allowed;
        let checked: Vec<(String, Findings)> = to_check
            .par_iter()
            .map(|report| (report.slug.clone(), check_report(report, allowed)))
            .collect();
        self.reports.extend(checked);
        self.reports.retain(|slug, _| live.contains(slug.as_str()));
        let mut errors = validate_portal_wide(portal);
        check_regulations(portal, &self.reports, &mut errors);
        let mut warnings = Diagnostics::default();
        personal::check::portal_file(portal, &mut errors, &mut warnings);
        identifiers::check(portal, &mut errors, &mut warnings);
        starter::check_portal_file(portal, &mut warnings, false);
        for found in self.reports.values() {
            errors.extend(found.errors.clone());
            warnings.extend(found.warnings.clone());
        }
        if errors.has_errors() {
            Err(errors)
        } else {
            Ok(warnings)
        }
    }
}

/// Everything checked of one report on its own.
fn check_report(report: &Report, allowed: &[String]) -> Findings {
    let mut found = Findings {
        errors: validate_one_report(report),
        warnings: Diagnostics::default(),
        citations: citations(report),
    };
    declared::compare(report, &mut found.errors, &mut found.warnings);
    long_term_in_words(report, &mut found.warnings);
    starter::check_report(report, &mut found.warnings, false);
    personal::check::report(report, allowed, &mut found.errors, &mut found.warnings);
    found
}

/// The errors of each report on its own, for a portal some other file of
/// which could not be read: `check` tells them beside the reading errors,
/// so a clerk mends everything in one round (an imported notice's
/// placeholders no longer hide a phone number typed into another report).
/// `whole` are the reports every file of which was read: each gets every
/// check of a report. `partly` are the reports one of whose problem files
/// could not be read: their other files get the personal-data check, which
/// looks at one file at a time (a phone number is never hidden by a typo
/// beside it), and nothing else (the counts and numbering would miss the
/// unread problem). `unread` are the files that could not be read: their
/// text as typed gets the personal-data check too. The checks across
/// reports wait for a portal read whole: a follow-up to a report that
/// could not be read is no error of its own. Without the portal file's settings, nothing is checked (what
/// it allows to be published is unknown).
pub(crate) fn report_errors_alone(
    config: Option<&PortalConfig>,
    whole: &[&Report],
    partly: &[&Report],
    unread: &[crate::load::Unread],
) -> Diagnostics {
    let Some(config) = config else {
        return Diagnostics::default();
    };
    let allowed = personal::check::portal_allowed(config);
    let mut errors = Diagnostics::default();
    for (path, report) in unread {
        personal::check::unread_file(path, *report, &allowed, &mut errors);
    }
    let found: Vec<Diagnostics> = whole
        .par_iter()
        .map(|report| check_report(report, &allowed).errors)
        .chain(partly.par_iter().map(|report| {
            let (mut errors, mut warnings) = (Diagnostics::default(), Diagnostics::default());
            personal::check::report(report, &allowed, &mut errors, &mut warnings);
            errors
        }))
        .collect();
    for report in found {
        errors.extend(report);
    }
    errors
}

/// The checks that look across reports (and at the portal file).
fn validate_portal_wide(portal: &Portal) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if portal.config.name.trim().is_empty() {
        diags.error(
            &portal.config_path,
            1,
            1,
            say!("`name` 是空的：写上门户名称", "`name` is empty"),
        );
    }
    check_report_slugs(portal, &mut diags);
    progress::check_links(portal, &mut diags);
    diags
}

/// Report folders whose names differ only in case share one URL on the
/// case-insensitive hosts many government sites run on (IIS, macOS).
fn check_report_slugs(portal: &Portal, diags: &mut Diagnostics) {
    let mut sorted: Vec<&Report> = portal.reports.iter().collect();
    sorted.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut seen: BTreeMap<String, &Report> = BTreeMap::new();
    for report in sorted {
        match seen.get(&report.slug.to_lowercase()) {
            Some(first) => diags.error(
                &report.path,
                0,
                0,
                say!(
                    "报告文件夹 `{}` 和 `{}` 只差大小写：在很多服务器上它们是同一个网址，改掉其中一个的名字",
                    "the report folder `{}` differs from `{}` only in case: they would share one URL on many hosts; rename one",
                    report.slug,
                    first.slug
                ),
            ),
            None => {
                seen.insert(report.slug.to_lowercase(), report);
            }
        }
    }
}

/// The checks within one report and its issue files.
fn validate_one_report(report: &Report) -> Diagnostics {
    let mut diags = Diagnostics::default();
    validate_report(report, &mut diags);
    check_markup(
        &report.path,
        &report.intro,
        report.yaml_first_line + report.yaml.matches('\n').count() + 1,
        &mut diags,
    );
    for issue in &report.issues {
        validate_issue(report, issue, &mut diags);
        progress::check_issue(report, issue, &mut diags);
        check_markup(
            &issue.path,
            &issue.body,
            issue.yaml_first_line + issue.yaml.matches('\n').count() + 1,
            &mut diags,
        );
    }
    check_places(report, &mut diags);
    check_slugs(report, &mut diags);
    imported::check_report(report, &mut diags);
    diags
}

/// The reports of a one-shot load, each checked on its own as soon as it
/// was read whole (load's settle hook), and its problems' text let go
/// ([`crate::model::Released`]): what the checks found stands in for the
/// text when the portal is checked ([`Checks::settled`]), or when another
/// file could not be read ([`Settled::errors_alone`]).
#[derive(Default)]
pub(crate) struct Settled {
    findings: std::sync::Mutex<HashMap<String, Findings>>,
}

impl Settled {
    /// Checks `report` on its own and lets its problems' text go. A
    /// problem that lists or may show an attachment keeps its text: the
    /// attachments are prepared from it after loading, and its pictures
    /// are drawn from them.
    pub(crate) fn settle(&self, config: &PortalConfig, report: &mut Report) {
        let found = check_report(report, &personal::check::portal_allowed(config));
        for issue in &mut report.issues {
            if !issue.meta.attachments.is_empty() || crate::model::may_show_files(&issue.body) {
                continue;
            }
            issue.released = Some(crate::model::Released {
                fingerprint: crate::model::fnv1a64(issue.body.as_bytes()),
            });
            issue.body = "".into();
            issue.yaml = String::new();
        }
        self.findings
            .lock()
            .unwrap()
            .insert(report.slug.clone(), found);
    }

    /// [`report_errors_alone`], taking what was found of the reports
    /// settled.
    pub(crate) fn errors_alone(
        &self,
        config: Option<&PortalConfig>,
        whole: &[&Report],
        partly: &[&Report],
        unread: &[crate::load::Unread],
    ) -> Diagnostics {
        let findings = self.findings.lock().unwrap();
        let (settled, unsettled): (Vec<&Report>, Vec<&Report>) = whole
            .iter()
            .partition(|report| findings.contains_key(&report.slug));
        let mut errors = report_errors_alone(config, &unsettled, partly, unread);
        if config.is_some() {
            for report in settled {
                errors.extend(findings[&report.slug].errors.clone());
            }
        }
        errors
    }
}

/// A problem's front matter: read again from its file if it was let go,
/// only to point at a key in an error found across reports.
fn front_matter(issue: &Issue) -> std::borrow::Cow<'_, str> {
    match issue.released {
        None => std::borrow::Cow::Borrowed(&issue.yaml),
        Some(_) => crate::load::front_matter_again(&issue.path)
            .unwrap_or_default()
            .into(),
    }
}

/// `deadline: 长期坚持` is read as a long-term task; say so, and how to
/// write it plainly, so the clerk knows the page shows no deadline.
fn long_term_in_words(report: &Report, warnings: &mut Diagnostics) {
    for issue in &report.issues {
        if let Some(("deadline", line)) = crate::model::words::long_term_written(&issue.yaml) {
            warnings.warning(
                &issue.path,
                issue.yaml_first_line + line - 1,
                1,
                crate::say!(
                    "整改时限写的是“长期坚持”：已按长期坚持的事项处理，页面上不显示时限；更清楚的写法是删掉 deadline 这一行，写 long_term: true",
                    "the deadline says 长期坚持: the problem is treated as long-term and shows no deadline; write long_term: true instead of the deadline"
                ),
            );
        }
    }
}

/// A body's raw HTML nested or attributed past what any notice needs: a
/// paste from a broken page, refused before an HTML parser spends minutes
/// on it.
fn check_markup(path: &std::path::Path, body: &str, first_line: usize, diags: &mut Diagnostics) {
    let (depth, attributes) = crate::model::markup_depth(body);
    let limit = crate::model::MARKUP_LIMIT;
    if depth > limit || attributes > limit {
        diags.error(
            path,
            first_line,
            1,
            say!(
                "正文里的 HTML 标签套了 {depth} 层或带了 {attributes} 个属性（最多 {limit}）：像是从网页粘贴的乱码，请粘贴为纯文本",
                "the text's HTML tags nest {depth} deep or carry {attributes} attributes (at most {limit}): a paste from a broken page; paste it as plain text"
            ),
        );
    }
}

/// Converts a position inside front matter to a file position.
fn at(first_line: usize, yaml: &str, path: &[Step]) -> (usize, usize) {
    let (line, column) = locate(yaml, path);
    (first_line + line - 1, column)
}

fn validate_report(report: &Report, diags: &mut Diagnostics) {
    let m = &report.meta;
    let pos = |path: &[Step]| at(report.yaml_first_line, &report.yaml, path);
    for (key, value) in [
        ("title", &m.title),
        ("unit", &m.unit),
        ("source", &m.source),
    ] {
        if value.trim().is_empty() {
            let (l, c) = pos(&[Step::Key(key)]);
            diags.error(
                &report.path,
                l,
                c,
                say!("`{key}` 是空的：照通报填上", "`{key}` is empty"),
            );
        }
    }
    if m.inspection.start > m.inspection.end {
        let (l, c) = pos(&[Step::Key("inspection"), Step::Key("end")]);
        diags.error(
            &report.path,
            l,
            c,
            say!(
                "巡察结束日期（{}）早于开始日期（{}）：检查两个日期是否写反",
                "the inspection ends ({}) before it starts ({})",
                m.inspection.end,
                m.inspection.start
            ),
        );
    }
    // A notice that gives only totals lists no areas and no problems.
    if m.areas.is_empty() && !report.issues.is_empty() {
        let (l, c) = pos(&[Step::Key("areas")]);
        diags.error(
            &report.path,
            l,
            c,
            say!(
                "`areas` 是空的：按通报顺序写上反馈意见的各个方面（一、二、……）",
                "`areas` is empty; list the notice's areas (一、二、…) in order"
            ),
        );
    }
    for (a, area) in m.areas.iter().enumerate() {
        if area.title.trim().is_empty() {
            let (l, c) = pos(&[Step::Key("areas"), Step::Index(a), Step::Key("title")]);
            diags.error(
                &report.path,
                l,
                c,
                say!(
                    "第 {} 个方面没有写标题",
                    "area {} has an empty title",
                    a + 1
                ),
            );
        }
        if area.groups.is_empty() {
            let (l, c) = pos(&[Step::Key("areas"), Step::Index(a), Step::Key("groups")]);
            diags.error(
                &report.path,
                l,
                c,
                say!(
                    "第 {} 个方面下面没有写问题类别（groups）",
                    "area {} has no groups",
                    a + 1
                ),
            );
        }
        for (g, group) in area.groups.iter().enumerate() {
            if group.title.trim().is_empty() {
                let (l, c) = pos(&[
                    Step::Key("areas"),
                    Step::Index(a),
                    Step::Key("groups"),
                    Step::Index(g),
                    Step::Key("title"),
                ]);
                diags.error(
                    &report.path,
                    l,
                    c,
                    say!(
                        "第 {} 个方面的第 {} 类没有写标题",
                        "group {1} of area {0} has an empty title",
                        a + 1,
                        g + 1
                    ),
                );
            }
        }
    }
    if let Some(amount) = m.recovered_yuan {
        if !amount.is_finite() || amount < 0.0 {
            let (l, c) = pos(&[Step::Key("recovered_yuan")]);
            diags.error(
                &report.path,
                l,
                c,
                say!(
                    "`recovered_yuan` 要写不小于 0 的金额（单位：元）",
                    "`recovered_yuan` must be a non-negative amount in yuan"
                ),
            );
        }
    }
    for (i, fund) in m.funds.iter().enumerate() {
        let amount = fund.amount.trim();
        let decimal = amount.split_once('.').map_or(amount, |(w, f)| {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                ""
            } else {
                w
            }
        });
        if decimal.is_empty() || !decimal.bytes().all(|b| b.is_ascii_digit()) {
            let (l, c) = pos(&[Step::Key("funds"), Step::Index(i), Step::Key("amount")]);
            diags.error(
                &report.path,
                l,
                c,
                say!(
                    "`amount` 写的是“{}”：要照通报写成数字，如 12.34",
                    "`amount` `{}` must be a number as the notice writes it, such as 12.34",
                    fund.amount
                ),
            );
        }
        if !["元", "万元", "亿元"].contains(&fund.unit.trim()) {
            let (l, c) = pos(&[Step::Key("funds"), Step::Index(i), Step::Key("unit")]);
            diags.error(
                &report.path,
                l,
                c,
                say!(
                    "`unit` 写的是“{}”：要写 元、万元 或 亿元",
                    "`unit` `{}` must be 元, 万元 or 亿元",
                    fund.unit
                ),
            );
        }
        if fund.kind.trim().is_empty() {
            let (l, c) = pos(&[Step::Key("funds"), Step::Index(i), Step::Key("kind")]);
            diags.error(
                &report.path,
                l,
                c,
                say!(
                    "`kind` 是空的：写明是什么钱（追缴资金、挽回经济损失……）",
                    "`kind` is empty; name the money (追缴资金, 挽回经济损失 …)"
                ),
            );
        }
    }
}

fn validate_issue(report: &Report, issue: &Issue, diags: &mut Diagnostics) {
    let m = &issue.meta;
    let pos = |path: &[Step]| at(issue.yaml_first_line, &issue.yaml, path);
    let areas = &report.meta.areas;
    let area = if m.area == 0 || m.area as usize > areas.len() {
        let (l, c) = pos(&[Step::Key("area")]);
        diags.error(
            &issue.path,
            l,
            c,
            say!(
                "没有第 {} 个方面：{} 只列了 {} 个方面",
                "area {} does not exist: {} lists {} area(s)",
                m.area,
                report.path.display(),
                areas.len()
            ),
        );
        None
    } else {
        Some(&areas[m.area as usize - 1])
    };
    if let Some(area) = area {
        if m.group == 0 || m.group as usize > area.groups.len() {
            let (l, c) = pos(&[Step::Key("group")]);
            diags.error(
                &issue.path,
                l,
                c,
                say!(
                    "没有第 {} 类：{2} 的第 {1} 个方面只有 {3} 类",
                    "group {} does not exist: area {} of {} has {} group(s)",
                    m.group,
                    m.area,
                    report.path.display(),
                    area.groups.len()
                ),
            );
        }
    }
    if m.number == Some(0) {
        let (l, c) = pos(&[Step::Key("number")]);
        diags.error(
            &issue.path,
            l,
            c,
            say!("`number` 从 1 开始数", "`number` starts at 1"),
        );
    }
    match &m.title {
        Some(t) if t.trim().is_empty() => {
            let (l, c) = pos(&[Step::Key("title")]);
            diags.error(
                &issue.path,
                l,
                c,
                say!("`title` 是空的：写上巡察指出的问题", "`title` is empty"),
            );
        }
        None if m.number.is_some() => {
            let (l, c) = pos(&[Step::Key("number")]);
            diags.error(
                &issue.path,
                l,
                c,
                say!(
                    "带序号的问题要写 `title`（问题是什么）",
                    "a numbered sub-problem needs a `title`"
                ),
            );
        }
        _ => {}
    }
    for (i, measure) in m.measures.iter().enumerate() {
        if measure.text.trim().is_empty() {
            let (l, c) = pos(&[Step::Key("measures"), Step::Index(i), Step::Key("text")]);
            diags.error(
                &issue.path,
                l,
                c,
                say!(
                    "第 {} 条措施的 `text` 是空的：写上做了什么，或者删掉这一条",
                    "measure {} has an empty `text`",
                    i + 1
                ),
            );
        }
    }
    for (i, r) in m.regulations.iter().enumerate() {
        if r.title.trim().is_empty() {
            let (l, c) = pos(&[Step::Key("regulations"), Step::Index(i), Step::Key("title")]);
            diags.error(
                &issue.path,
                l,
                c,
                say!(
                    "第 {} 项制度的 `title` 是空的：写上制度名称（不带书名号）",
                    "regulation {} has an empty `title`",
                    i + 1
                ),
            );
        }
        if r.number.as_deref().is_some_and(|n| n.trim().is_empty()) {
            let (l, c) = pos(&[
                Step::Key("regulations"),
                Step::Index(i),
                Step::Key("number"),
            ]);
            diags.error(
                &issue.path,
                l,
                c,
                say!(
                    "`number` 是空的：写上文号，没有文号就删掉这一行",
                    "empty `number`: write the document number or leave the key out"
                ),
            );
        }
    }
}

/// Two files in one place, or a group that is both a problem and a parent.
fn check_places(report: &Report, diags: &mut Diagnostics) {
    let mut by_place: BTreeMap<(u32, u32, Option<u32>), &Issue> = BTreeMap::new();
    let mut sorted: Vec<&Issue> = report.issues.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for issue in sorted {
        let m = &issue.meta;
        let place = (m.area, m.group, m.number);
        // Found only for a message: locating reads the file's lines.
        let pos = || {
            at(
                issue.yaml_first_line,
                &issue.yaml,
                &[Step::Key(if m.number.is_some() {
                    "number"
                } else {
                    "group"
                })],
            )
        };
        if let Some(first) = by_place.get(&place) {
            let pos = pos();
            diags.error(
                &issue.path,
                pos.0,
                pos.1,
                say!(
                    "{} 已经由 {} 占用：两个文件写了同一个位置，改掉其中一个的 area、group 或 number",
                    "{} is already taken by {}",
                    place_label(place),
                    first.path.display()
                ),
            );
            continue;
        }
        // Only this group's places: a report of thousands of problems
        // is not searched once per problem.
        let group = (m.area, m.group, None)..=(m.area, m.group, Some(u32::MAX));
        let clash = by_place
            .range(group)
            .find(|((_, _, n), _)| n.is_none() != m.number.is_none());
        if let Some((_, other)) = clash {
            let pos = pos();
            diags.error(
                &issue.path,
                pos.0,
                pos.1,
                {
                    let single = if m.number.is_none() { &issue.path } else { &other.path };
                    say!(
                        "第 {1} 个方面第 {0} 类既有不带序号的问题文件 {2}，又有带序号的：如果 {2} 是之前留下的旧文件（比如重新导入前的），先删掉它；确实要分成几个问题时，把它改名为带序号的文件并加上 `number`",
                        "group {} of area {} is both a single problem ({}) and numbered sub-problems: if {2} is a stale file (from an earlier import, say), remove it first; otherwise rename it with a number and give it a `number`",
                        m.group,
                        m.area,
                        single.display()
                    )
                },
            );
            continue;
        }
        by_place.insert(place, issue);
    }
}

fn place_label((area, group, number): (u32, u32, Option<u32>)) -> String {
    match number {
        Some(n) => say!(
            "第 {area} 个方面第 {group} 类第 {n} 个问题",
            "area {area}, group {group}, number {n}"
        ),
        None => say!(
            "第 {area} 个方面第 {group} 类",
            "area {area}, group {group}"
        ),
    }
}

/// Slugs that differ only by case collide on case-insensitive hosts.
fn check_slugs(report: &Report, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &Issue> = BTreeMap::new();
    let mut sorted: Vec<&Issue> = report.issues.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for issue in sorted {
        let key = issue.slug.to_lowercase();
        if let Some(first) = seen.get(&key) {
            diags.error(
                &issue.path,
                0,
                0,
                say!(
                    "页面名 `{}` 已被 {} 使用（网址不分大小写）：改掉其中一个文件的名字",
                    "the page name `{}` is already used by {}; rename one of the files",
                    issue.slug,
                    first.path.display()
                ),
            );
        } else {
            seen.insert(key, issue);
        }
    }
}

/// The numbered documents `report` cites, grouped by number in the order
/// they are first cited (problem files in path order, as the portal-wide
/// check reads them).
fn citations(report: &Report) -> Vec<Cited> {
    let mut issues: Vec<(usize, &Issue)> = report
        .issues
        .iter()
        .enumerate()
        .filter(|(_, i)| i.meta.regulations.iter().any(|r| r.number.is_some()))
        .collect();
    issues.sort_by(|a, b| a.1.path.as_os_str().cmp(b.1.path.as_os_str()));
    let mut cited: Vec<Cited> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, issue) in issues {
        for (r, regulation) in issue.meta.regulations.iter().enumerate() {
            let Some(number) = regulation.number.as_deref() else {
                continue;
            };
            let key = normalize_doc_number(number);
            let slot = *at.entry(key.clone()).or_insert_with(|| {
                cited.push(Cited {
                    key,
                    title: regulation.title.clone(),
                    agreed: true,
                    places: Vec::new(),
                });
                cited.len() - 1
            });
            let group = &mut cited[slot];
            group.agreed = group.agreed && same_title(&group.title, &regulation.title);
            group.places.push((i, r));
        }
    }
    cited
}

/// One document number is one document: its title must agree wherever it
/// is cited. The first citation in file order (paths compared as bytes,
/// a stable and cheap order) names it; a later one that differs is the
/// error. Each report's citations are gathered when it is checked, so a
/// save in watch mode reads only the changed report's.
fn check_regulations(
    portal: &Portal,
    findings: &HashMap<String, Findings>,
    diags: &mut Diagnostics,
) {
    // A report's problem files lie under its folder: reports in the byte
    // order of the folder and the separator after it (as a problem file's
    // path spells it) put every problem file in path order.
    let mut reports: Vec<(&Report, &Findings)> = portal
        .reports
        .iter()
        .filter_map(|r| Some((r, findings.get(&r.slug)?)))
        .filter(|(_, f)| !f.citations.is_empty())
        .collect();
    reports.sort_by_cached_key(|(r, found)| {
        let folder = r.path.parent().unwrap_or(Path::new(""));
        let folder = folder.as_os_str().as_encoded_bytes();
        let cited = found.citations[0].places.first();
        let issue = cited.and_then(|&(i, _)| r.issues.get(i));
        let path = issue.map_or(&[][..], |i| i.path.as_os_str().as_encoded_bytes());
        match path.get(..folder.len() + 1) {
            Some(prefix) if path.starts_with(folder) => prefix.to_vec(),
            _ => [folder, &[std::path::MAIN_SEPARATOR as u8]].concat(),
        }
    });
    // Per number: the title it was first given, and where (a report and
    // its problem), looked up only to name it in an error.
    let mut first: rustc_hash::FxHashMap<&str, (&str, &Report, usize)> = Default::default();
    for (report, found) in reports {
        for cited in &found.citations {
            let Some(&(first_issue, _)) = cited.places.first() else {
                continue;
            };
            let (title, named_in, named_at) =
                *first
                    .entry(&cited.key)
                    .or_insert((&cited.title, report, first_issue));
            if cited.agreed && same_title(title, &cited.title) {
                continue; // every place agrees with the name: none to look at
            }
            let path = named_in
                .issues
                .get(named_at)
                .map_or(Path::new(""), |issue| issue.path.as_path());
            for &(at_issue, i) in &cited.places {
                let Some(issue) = report.issues.get(at_issue) else {
                    continue;
                };
                let Some(regulation) = issue.meta.regulations.get(i) else {
                    continue;
                };
                if same_title(title, &regulation.title) {
                    continue;
                }
                let number = regulation.number.as_deref().unwrap_or_default();
                let (l, c) = at(
                    issue.yaml_first_line,
                    &front_matter(issue),
                    &[Step::Key("regulations"), Step::Index(i), Step::Key("title")],
                );
                diags.error(
                    &issue.path,
                    l,
                    c,
                    say!(
                        "文件 {number} 在这里叫《{}》，在 {} 里却叫《{title}》：同一个文号只能是同一份文件，核对后改成一致",
                        "document {number} is titled 《{}》 here but 《{title}》 in {}",
                        regulation.title,
                        path.display()
                    ),
                );
            }
        }
    }
}
