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
    let errors: Mutex<Diagnostics> = Mutex::new(Diagnostics::default());
    let render_problems = |docs: std::ops::Range<usize>| {
        if let Some(pages) = problem_pages.get(docs) {
            if let Err(diags) = renderer.render_only(pages, &emit) {
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
                || crate::search::write_index(site, &postings, &emit),
                || {
                    crate::publish::each(site, &emit);
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
