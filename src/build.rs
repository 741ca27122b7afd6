//! The pipeline, end to end: load → validate → derive → render (with the
//! search index and the published files beside it) → write. `check` stops
//! after validation; `build` runs it all once. Watch mode (the serve
//! module's workspace) runs the same stages with caches between runs: the
//! same [`Checks`], [`Theme::load`], `derive_report` and, for a full
//! rebuild, the same [`produce`].

use crate::derive::{derive_on, SiteView};
use crate::diagnostics::{trace, Diagnostics};
use crate::load::{theme::Theme, Root};
use crate::model::Portal;
use crate::output::OutputFile;
use crate::render::{all_pages, Page, Renderer};
use crate::search::TermCache;
use crate::validate::{Checks, Settled};
use crate::write::Staging;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What `build` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The portal root (the folder holding `content/`).
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Overrides `base_url` from `portal.yaml`.
    pub base_url: Option<String>,
    /// Show a progress bar on stderr (the CLI asks for one on a terminal).
    pub progress: bool,
    /// The day the pages speak for (`2026-12-06`, as `--today` gives it);
    /// `None`: `SOURCE_DATE_EPOCH`, else today.
    pub today: Option<String>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub reports: usize,
    pub problems: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings found on the way (declared figures that disagree, …).
    pub warnings: Diagnostics,
}

/// Why a build stopped. Either way the previous output is untouched.
#[derive(Debug)]
pub enum BuildError {
    /// Content or theme errors, each at its file and line.
    Content(Diagnostics),
    /// The output could not be written.
    Output(String),
}

/// Loads and validates a portal: the shared front half of `check` and
/// `build`. Returns the portal and all findings (warnings included).
pub fn load_and_check(root: &Path) -> Result<(Portal, Diagnostics), Diagnostics> {
    load_and_check_except(root, None)
}

/// As [`load_and_check`], overlooking what is wrong inside the report
/// `except` (one about to be replaced by `import --force`: its errors are
/// going away; it stays in the portal, as reports following it need it),
/// as long as its files read.
pub fn load_and_check_except(
    root: &Path,
    except: Option<&str>,
) -> Result<(Portal, Diagnostics), Diagnostics> {
    // Each report is checked on its own as soon as it is read, and its
    // problems' text let go: the pages read it again (`model::Released`).
    let settled = Settled::default();
    let (portal, mut diags) = crate::load::load_portal(
        &Root::new(root),
        &|config, whole, partly, unread| settled.errors_alone(config, whole, partly, unread),
        Some(&|config, report| settled.settle(config, report)),
    );
    let Some(mut portal) = portal else {
        return Err(diags);
    };
    let replaced: Option<std::path::PathBuf> = except.and_then(|slug| {
        let report = portal.reports.iter().find(|r| r.slug == slug)?;
        Some(report.path.parent().unwrap_or(&report.path).to_path_buf())
    });
    diags.extend(crate::attachments::prepare(
        &mut portal,
        &crate::attachments::Cache::default(),
        None,
    ));
    // Only what looks across reports is left to check.
    let checks = Checks::settled(settled, &portal.config).run(&portal, Some(&Default::default()));
    match checks {
        Err(mut errors) if replaced.is_some() => {
            let folder = replaced.as_deref().expect("checked");
            errors.retain(|d| !d.path.starts_with(folder));
            diags.retain(|d| !d.path.starts_with(folder));
            diags.extend(errors);
            match diags.has_errors() {
                true => Err(diags),
                false => Ok((portal, diags)),
            }
        }
        Err(errors) => {
            diags.extend(errors);
            Err(diags)
        }
        Ok(_) if diags.has_errors() => Err(diags),
        Ok(warnings) => {
            diags.extend(warnings);
            Ok((portal, diags))
        }
    }
}

/// Compiles the portal's theme without rendering anything, so `check`
/// reports a broken template (at its file and line) as well.
pub fn check_theme(root: &Path) -> Diagnostics {
    match Theme::load(&Root::new(root)).and_then(|theme| crate::render::compile(&theme)) {
        Ok(_) => Diagnostics::default(),
        Err(diags) => diags,
    }
}

/// Runs the whole pipeline once and swaps the new site into place. Pages
/// are written as they are rendered, the content model is dropped report
/// by report as it is derived, and each problem's body once its page is
/// written and its text indexed: peak memory is about the derived site,
/// never every page of output.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    crate::write::check_output_folder(&options.out).map_err(BuildError::Output)?;
    // Jieba's dictionary takes a tenth of a second to load: do it while
    // the content loads.
    std::thread::spawn(crate::search::language);
    let bar = progress_bar(options.progress);
    let (mut portal, warnings) = load_and_check(&options.root).map_err(BuildError::Content)?;
    trace("loaded and checked", started);
    if let Some(url) = &options.base_url {
        portal.config.base_url = crate::model::base_url(url)
            .map_err(|message| BuildError::Output(format!("--base-url：{message}")))?;
    }
    if portal.config.base_url.is_some() {
        // A build for publication: what init wrote must be gone.
        let mut leftovers = Diagnostics::default();
        crate::validate::starter::check(&portal, &mut leftovers, true);
        if leftovers.has_errors() {
            return Err(BuildError::Content(leftovers));
        }
    }
    let today = match options.today.as_deref() {
        None => crate::derive::build_date(),
        Some(text) => match crate::model::Date::read(text) {
            Ok(day) if day.day.is_some() => day,
            _ => {
                return Err(BuildError::Output(crate::say!(
                    "--today：“{text}”要写到哪一天，如 2026-12-06",
                    "--today: “{text}” must be a day, such as 2026-12-06"
                )))
            }
        },
    };
    let site = derive_on(portal, today);
    trace("derived", started);
    let theme = Theme::load(&Root::new(&options.root)).map_err(BuildError::Content)?;
    let renderer = Renderer::new(&theme, &site)
        .map_err(BuildError::Content)?
        .releasing_bodies();
    let output_error = |e: std::io::Error| {
        BuildError::Output(crate::say!(
            "无法写入 {}：{e}",
            "cannot write {}: {e}",
            options.out.display()
        ))
    };
    let staging = Staging::begin(&options.out).map_err(output_error)?;
    let pages = all_pages(&site);
    bar.set_length(pages.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(if crate::lang::english() {
            "{spinner} {pos}/{len} pages [{bar:30}] {msg} {elapsed}"
        } else {
            "{spinner} {pos}/{len} 页 [{bar:30}] {msg} {elapsed}"
        })
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar.set_message(crate::say!(
        "正在写出问题页面并建立检索索引",
        "writing the problems' pages and building the search index"
    ));
    let emit = |file: OutputFile| {
        let result = staging.write(&file);
        if result.is_ok() && file.path.ends_with(".html") {
            bar.inc(1);
        }
        result
    };
    let pages_done = || {
        bar.set_message(crate::say!(
            "页面已写好，正在写出检索索引",
            "pages written; writing the search index"
        ))
    };
    let files = produce(&site, &renderer, &pages, None, emit, pages_done)
        .map_err(|e| e.or_write(output_error))?;
    trace("produced", started);
    changed_while_built(&site).map_err(BuildError::Content)?;
    bar.set_message(crate::say!("正在替换旧网站", "replacing the old site"));
    staging.commit().map_err(output_error)?;
    bar.finish_and_clear();
    trace("written", started);
    Ok(BuildSummary {
        reports: site.reports.len(),
        // Issue files, as `check` counts them (the site-wide figures count
        // a problem continued by a later notice once).
        problems: site.reports.iter().map(|r| r.counts.total).sum(),
        files,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Refuses a build in which a problem file changed between its check and
/// its page (its body is read twice): the page would show text that was
/// never checked. The old site stays; building again reads the new text.
fn changed_while_built(site: &SiteView) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for issue in site.reports.iter().flat_map(|r| r.issues.iter()) {
        if let Some(path) = issue.body_html.changed() {
            diags.error(
                &path,
                0,
                0,
                crate::say!(
                    "这个文件在生成网站的过程中被改动了（或读不了了）：网站没有更新，请再运行一次",
                    "this file changed (or could no longer be read) while the site was being built: the site was not updated; build again"
                ),
            );
        }
    }
    match diags.has_errors() {
        true => Err(diags),
        false => Ok(()),
    }
}

/// Why [`produce`] stopped: a template failed, or `emit` could not write.
pub(crate) enum ProduceError {
    Content(Diagnostics),
    Write(std::io::Error),
}

impl ProduceError {
    /// As a build error, a write error told by `write` (which knows where).
    pub(crate) fn or_write<E>(self, write: impl FnOnce(std::io::Error) -> E) -> E
    where
        E: From<Diagnostics>,
    {
        match self {
            ProduceError::Content(diags) => diags.into(),
            ProduceError::Write(e) => write(e),
        }
    }
}

impl From<Diagnostics> for BuildError {
    fn from(diags: Diagnostics) -> BuildError {
        BuildError::Content(diags)
    }
}

/// The back half of every full build (a one-shot build and watch mode's
/// first): the index's postings beside the published files, then `pages`
/// beside the index files (a releasing renderer renders each problem's
/// page as soon as its text is segmented), handing each file to `emit`
/// (from several threads) as soon as it is ready, and calling `pages_done`
/// when the last page is out. Returns the number of files emitted.
/// `search_terms` is watch mode's cache of segmented problems.
pub(crate) fn produce(
    site: &SiteView,
    renderer: &Renderer,
    pages: &[Page],
    search_terms: Option<&mut TermCache>,
    emit: impl Fn(OutputFile) -> std::io::Result<()> + Sync,
    pages_done: impl FnOnce() + Send,
) -> Result<usize, ProduceError> {
    let started = Instant::now();
    let written = AtomicUsize::new(0);
    let failed: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let emit = |file: OutputFile| match emit(file) {
        Ok(()) => {
            written.fetch_add(1, Ordering::Relaxed);
        }
        Err(e) => {
            failed.lock().unwrap().get_or_insert(e);
        }
    };
    // First the index's postings; then the other pages, while the index
    // and the open data are written.
    // A one-shot build renders each problem's page as soon as its text is
    // segmented, and lets its body go (`Renderer::releasing_bodies`): the
    // bodies are most of a large portal's text.
    let (problem_pages, other_pages): (Vec<Page>, Vec<Page>) =
        pages.iter().partition(|p| matches!(p, Page::Issue(..)));
    // The index numbers problems in site order, as the pages list them.
    let problems: usize = site.reports.iter().map(|r| r.issues.len()).sum();
    let fused = renderer.releases_bodies() && problem_pages.len() == problems;
    let (problem_pages, other_pages) = match fused {
        true => (problem_pages, other_pages),
        false => (Vec::new(), pages.to_vec()),
    };
    // A large portal's reports are finished one by one as their problems
    // are indexed, and their measures let go (`ReportStage`).
    let by_report = match fused && site.open_data_split {
        true => Some(ReportStage::new(site, &other_pages)),
        false => None,
    };
    let other_pages: Vec<Page> = match &by_report {
        Some(_) => other_pages
            .into_iter()
            .filter(|p| p.report().is_none())
            .collect(),
        None => other_pages,
    };
    let errors: Mutex<Diagnostics> = Mutex::new(Diagnostics::default());
    let render_problems = |docs: std::ops::Range<usize>| {
        if let Some(pages) = problem_pages.get(docs.clone()) {
            if let Err(diags) = renderer.render_only(pages, &emit) {
                errors.lock().unwrap().extend(diags);
            }
        }
        if let Some(stage) = &by_report {
            if let Err(diags) = stage.indexed(docs, renderer, &emit) {
                errors.lock().unwrap().extend(diags);
            }
        }
    };
    // Jieba's dictionary may still be loading: the index waits for it.
    let postings = crate::search::segment(
        site,
        &crate::search::language(),
        search_terms,
        render_problems,
    );
    let parts = match by_report {
        Some(stage) => {
            // Reports after the last problem (none in a generated portal).
            if let Err(diags) = stage.indexed(problems..problems, renderer, &emit) {
                errors.lock().unwrap().extend(diags);
            }
            Some(stage.into_parts())
        }
        None => None,
    };
    let shown_written = parts.is_some();
    let (pages, ()) = rayon::join(
        || {
            let result = renderer.render_each(&other_pages, emit);
            trace("produce: rendered", started);
            pages_done();
            let mut errors = errors.into_inner().unwrap();
            if let Err(diags) = result {
                errors.extend(diags);
            }
            match errors.has_errors() {
                true => Err(errors),
                false => Ok(()),
            }
        },
        || {
            rayon::join(
                || crate::search::write_index(site, &postings, shown_written, &emit),
                || {
                    crate::publish::the_rest(site, parts, &emit);
                    // The clean copies of attachments, made when checked.
                    for report in &site.reports {
                        crate::derive::attached::files(report).for_each(emit);
                    }
                },
            );
            trace("produce: indexed and published", started);
        },
    );
    pages.map_err(ProduceError::Content)?;
    if let Some(e) = failed.into_inner().unwrap() {
        return Err(ProduceError::Write(e));
    }
    Ok(written.into_inner())
}

/// The work a large portal's build does report by report, as soon as a
/// report's problems are indexed and their pages written: what search
/// results show of its problems, its own pages, its feed and its part of
/// the open data. Then its measures are let go: at a million problems
/// their text is most of a gigabyte, and nothing made after needs them (the
/// portal-wide pages and feed show the newest events, made with their
/// text when the site was derived).
struct ReportStage<'a> {
    site: &'a SiteView,
    documents: Vec<crate::search::Doc<'a>>,
    /// Where each report's problems end among the documents.
    ends: Vec<usize>,
    /// Each report's own pages but its problems'.
    pages: Vec<Vec<Page>>,
    /// The first report not finished yet.
    next: Mutex<usize>,
    /// The index entries of the open data's parts, by report.
    parts: Mutex<Vec<Option<serde_json::Value>>>,
}

impl<'a> ReportStage<'a> {
    fn new(site: &'a SiteView, pages: &[Page]) -> ReportStage<'a> {
        let mut ends = Vec::with_capacity(site.reports.len());
        let mut end = 0;
        for report in &site.reports {
            end += report.issues.len();
            ends.push(end);
        }
        let mut by_report = vec![Vec::new(); site.reports.len()];
        for page in pages {
            if let Some(r) = page.report() {
                by_report[r].push(*page);
            }
        }
        ReportStage {
            site,
            documents: crate::search::documents(site),
            ends,
            pages: by_report,
            next: Mutex::new(0),
            parts: Mutex::new(vec![None; site.reports.len()]),
        }
    }

    /// The documents `docs` are indexed and their pages written (called in
    /// document order): writes what results show of them, then finishes
    /// every report whose problems are all indexed by now.
    fn indexed(
        &self,
        docs: std::ops::Range<usize>,
        renderer: &Renderer,
        emit: &(impl Fn(OutputFile) + Sync),
    ) -> Result<(), Diagnostics> {
        use rayon::prelude::*;
        if !docs.is_empty() {
            crate::search::write_shown_of(&self.documents, docs.clone(), emit);
        }
        let finished = {
            let mut next = self.next.lock().unwrap();
            let first = *next;
            while *next < self.ends.len() && self.ends[*next] <= docs.end {
                *next += 1;
            }
            first..*next
        };
        let errors: Vec<Diagnostics> = finished
            .into_par_iter()
            .filter_map(|r| {
                let report = &self.site.reports[r];
                let rendered = renderer.render_only(&self.pages[r], emit);
                let (files, part) = crate::publish::of_report(self.site, report);
                files.into_iter().for_each(emit);
                self.parts.lock().unwrap()[r] = part;
                for issue in &report.issues {
                    issue.measures.release();
                }
                rendered.err()
            })
            .collect();
        // What was let go was allocated by other threads, which take it
        // back only when they next allocate of its size: each gives it back
        // now (a million problems, resident when indexed: 3.94 and 4.71 GB
        // in two runs without this, 3.93 GB in one with it; BENCHMARKS.md).
        // Safety: mi_collect only tidies the calling thread's own heap.
        #[cfg(not(feature = "system-alloc"))]
        rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
        let mut diags = Diagnostics::default();
        errors.into_iter().for_each(|d| diags.extend(d));
        match diags.has_errors() {
            true => Err(diags),
            false => Ok(()),
        }
    }

    /// The open data's index entries, in report order.
    fn into_parts(self) -> Vec<serde_json::Value> {
        self.parts
            .into_inner()
            .unwrap()
            .into_iter()
            .flatten()
            .collect()
    }
}

/// A bar counting pages written, drawn only when asked for (a terminal):
/// a large portal takes tens of seconds and should show it is moving.
fn progress_bar(shown: bool) -> indicatif::ProgressBar {
    if !shown {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .expect("a valid template"),
    );
    bar.set_message(crate::say!("正在读取内容", "reading content"));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Copies a folder (a test fixture) into another, for tests that change
/// a portal before building it.
#[cfg(test)]
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every file `produce` makes for the portal at `root` as if it were
    /// large (its open data split), by path; and how many of its problems
    /// still hold their measures afterwards.
    fn produced(root: &Path, one_shot: bool) -> (BTreeMap<String, Vec<u8>>, usize) {
        let (portal, _) = load_and_check(root).expect("the fixture builds");
        let today = crate::model::Date::read("2026-12-06").unwrap();
        let mut site = derive_on(portal, today);
        site.open_data_split = true;
        let theme = Theme::load(&Root::new(root)).expect("the theme loads");
        let renderer = Renderer::new(&theme, &site).expect("the templates compile");
        let renderer = match one_shot {
            true => renderer.releasing_bodies(),
            false => renderer,
        };
        let files = Mutex::new(BTreeMap::new());
        let emit = |file: OutputFile| {
            files.lock().unwrap().insert(file.path, file.bytes);
            Ok(())
        };
        if produce(&site, &renderer, &all_pages(&site), None, emit, || {}).is_err() {
            panic!("the fixture's pages render");
        }
        let holding = site
            .reports
            .iter()
            .flat_map(|r| r.issues.iter())
            .filter(|i| !i.measures.read().is_empty())
            .count();
        (files.into_inner().unwrap(), holding)
    }

    /// A large portal's one-shot build finishes each report as its problems
    /// are indexed, and lets its measures go: it makes the very files the
    /// whole-portal order makes (watch mode's), byte for byte.
    #[test]
    fn finishing_report_by_report_makes_the_same_files() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in ["followup", "base"] {
            let root = fixtures.join(name);
            let (whole, kept) = produced(&root, false);
            let (by_report, released) = produced(&root, true);
            assert!(kept > 0, "{name}: the fixture has measures");
            assert_eq!(released, 0, "{name}: every report's measures let go");
            assert!(whole.contains_key(crate::output::DATA_INDEX), "{name}");
            assert_eq!(
                whole.keys().collect::<Vec<_>>(),
                by_report.keys().collect::<Vec<_>>(),
                "{name}"
            );
            for (path, bytes) in &whole {
                assert!(by_report[path] == *bytes, "{name}: {path} differs");
            }
        }
    }

    /// The base fixture, with its second problem citing the first's
    /// document in the same words and many dated measures, derived.
    fn derived_with_a_document_cited_twice() -> SiteView {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        copy_tree(&fixture, dir.path());
        let b = dir.path().join("content/reports/r1/issues/b.md");
        let text = std::fs::read_to_string(&b).unwrap().replace(
            "measures:",
            "regulations:\n  - number: 测字[2023]1号\n    title: 测试制度\n    issued: 2023-04-20\n    kind: established\nmeasures:",
        );
        // More dated events than a report keeps among its newest.
        let many: String = (0..crate::derive::progress::LATEST_EVENTS + 20)
            .map(|k| {
                format!(
                    "\n  - date: 2023-{:02}-{:02}\n    text: 第{k}项。",
                    k % 12 + 1,
                    k % 28 + 1
                )
            })
            .collect();
        let text = text.replace("measures:", &format!("measures:{many}"));
        std::fs::write(&b, text).unwrap();
        let (portal, _) = load_and_check(dir.path()).expect("the fixture checks");
        derive_on(portal, crate::model::Date::read("2026-12-06").unwrap())
    }

    #[test]
    fn problems_citing_a_document_alike_share_one_citation() {
        let site = derived_with_a_document_cited_twice();
        let issues = &site.reports[0].issues;
        assert_eq!(issues.len(), 2);
        let (a, b) = (&issues[0].regulations[0], &issues[1].regulations[0]);
        assert_eq!(a.number.as_deref(), Some("测字[2023]1号"));
        assert!(std::sync::Arc::ptr_eq(a, b), "one view, shared");
        // Each citation still leads to its own problem's page.
        let citations = &site.reports[0].regulations[0].citations;
        let urls: Vec<String> = citations.iter().map(|c| c.url()).collect();
        assert_eq!(
            urls,
            [
                crate::output::issue_page("r1", &issues[0].slug),
                crate::output::issue_page("r1", &issues[1].slug)
            ]
        );
        let shown = serde_json::to_value(&*citations[1]).unwrap();
        assert_eq!(shown["url"], urls[1].as_str());
        assert_eq!(shown["issue_title"], "问题乙");
    }

    #[test]
    fn a_report_keeps_room_for_its_newest_events_only() {
        let site = derived_with_a_document_cited_twice();
        let report = &site.reports[0];
        let measures: usize = report.issues.iter().map(|i| i.measures.read().len()).sum();
        assert!(
            measures > crate::derive::progress::LATEST_EVENTS,
            "{measures} dated measures"
        );
        assert_eq!(
            report.newest_events.len(),
            crate::derive::progress::LATEST_EVENTS
        );
        assert_eq!(
            report.newest_events.capacity(),
            crate::derive::progress::LATEST_EVENTS
        );
    }
}
