//! Incremental rebuilds for watch mode: the pipeline's incremental entry.
//! It runs the stages `build` runs (the same checks, theme loading,
//! per-report derivation and, for a full rebuild, the same [`produce`]) but
//! keeps what did not change between rebuilds: parsed issue files, each
//! report's findings, the derived reports, and each document's search
//! terms. After a change it re-renders the
//! portal-wide pages and the pages of the reports whose files changed, and
//! writes only files whose bytes changed, so the folder ends byte-identical
//! to a full build.

use crate::build::produce;
use crate::derive::{assemble, derive_report, progress::Links, ReportView};
use crate::diagnostics::{trace, Diagnostics};
use crate::load::{load_portal_cached, theme::Theme, ParseCache, Root};
use crate::model::Report;
use crate::output::OutputFile;
use crate::render::{all_pages, Page, Renderer};
use crate::search::{self, TermCache};
use crate::validate::Checks;
use crate::write::Staging;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A derived report kept between rebuilds, with what it was derived from.
/// (Its template value is not kept: at 100,000 problems those took a
/// gigabyte, and pages read reports field by field as a build does.)
struct CachedReport {
    fingerprint: u64,
    view: Arc<ReportView>,
}

/// What one rebuild did, for the one-line log.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Pages rendered (the rest were unchanged and kept).
    pub pages_rendered: usize,
    /// Files whose bytes changed and were written.
    pub files_written: usize,
    /// Files removed (deleted problems, shrunken index).
    pub files_removed: usize,
    /// When the changed pages were on disk (before the search index).
    pub pages_done: Duration,
    /// Every file written or removed, from the output folder, in the
    /// order it happened (so a preview reloads only the pages that
    /// changed); after a full rebuild, every file of the site.
    pub changed_files: Vec<String>,
    /// How many of them were written before the site was assembled again
    /// (the changed reports' pages, rendered into the last site).
    pub written_early: usize,
    /// A newer save came in once the changed reports' pages were written:
    /// the portal-wide pages, index and open data are left to the next
    /// rebuild, which makes them whole anyway.
    pub deferred: bool,
    pub total: Duration,
    pub warnings: Diagnostics,
}

/// Watch mode's state between rebuilds.
pub struct Workspace {
    root: PathBuf,
    out: PathBuf,
    /// The day the preview speaks for, fixed when it starts.
    today: crate::model::Date,
    parsed: ParseCache,
    reports: HashMap<String, CachedReport>,
    report_outputs: HashMap<String, BTreeSet<String>>,
    search_terms: TermCache,
    /// Every file in the output folder: path → hash of its bytes.
    written: BTreeMap<String, u64>,
    theme: Option<Arc<Theme>>,
    config_fingerprint: u64,
    /// The portal as last read in full, kept current since.
    portal: Option<crate::model::Portal>,
    /// Issue files that fail to parse since then: path → (shown path, error).
    broken: BTreeMap<PathBuf, (PathBuf, crate::load::frontmatter::Located)>,
    /// Each report's findings, kept for the reports that did not change.
    checks: Checks,
    /// Clean copies of attachments, made again only for a changed file.
    attachments: crate::attachments::Cache,
    /// Reports linked to another by a follow-up at the last rebuild.
    linked: BTreeSet<String>,
    /// Where each report's page sent readers for its overdue problems (a
    /// page of the portal-wide list, which other reports can move).
    due_links: HashMap<String, Option<String>>,
    /// The site as last assembled. A save's pages are first rendered into
    /// it with the changed reports swapped in, so the page being edited
    /// is on disk before the portal-wide lists and figures are made
    /// again (a tenth of a second at 100,000 problems); they are then
    /// rendered once more into the new site, and written again only
    /// where that changed a byte.
    site: Option<crate::derive::SiteView>,
    /// Reports whose issue files were read again since the last rebuild
    /// that succeeded: a save in one report while another file is broken
    /// is rebuilt (and checked) once the broken file is mended.
    pending: BTreeSet<String>,
    /// A full rebuild was started (a new theme or portal file) and has not
    /// succeeded yet: the next one is full too.
    full_pending: bool,
}

impl Workspace {
    /// A workspace for the portal at `root`, writing to `out`.
    pub fn new(root: &Path, out: &Path) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            today: crate::derive::build_date(),
            parsed: ParseCache::default(),
            reports: HashMap::new(),
            report_outputs: HashMap::new(),
            search_terms: TermCache::default(),
            written: BTreeMap::new(),
            theme: None,
            config_fingerprint: 0,
            portal: None,
            broken: BTreeMap::new(),
            checks: Checks::default(),
            attachments: crate::attachments::Cache::default(),
            linked: BTreeSet::new(),
            due_links: HashMap::new(),
            site: None,
            pending: BTreeSet::new(),
            full_pending: false,
        }
    }

    /// [`rebuild_announcing`](Self::rebuild_announcing), surviving a panic
    /// in any stage: the preview keeps serving the last good site, shows
    /// the failure as an error, and the next save starts again from a
    /// clean state.
    pub fn rebuild_safely(
        &mut self,
        changed: &[PathBuf],
        pages_ready: &mut dyn FnMut(&[String]),
        newer_save: &mut dyn FnMut() -> bool,
    ) -> Result<Rebuild, Diagnostics> {
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.rebuild_announcing(changed, pages_ready, newer_save)
        }));
        attempt.unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            *self = Workspace::new(&self.root, &self.out);
            let mut diags = Diagnostics::default();
            let at = changed.first().cloned().unwrap_or_else(|| self.root.join("content"));
            diags.error(
                &at,
                0,
                0,
                crate::say!(
                    "生成时出现内部错误（{what}）；预览仍是上一次正确的网站。请把这条信息和刚保存的文件一起报告给开发者",
                    "internal error while building ({what}); the last good site is still served. Please report this, with the file you saved"
                ),
            );
            Err(diags)
        })
    }

    /// Rebuilds after `changed` files (absolute paths; empty for the first
    /// build). On content errors the output folder is left as it was.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Diagnostics> {
        self.rebuild_announcing(changed, &mut |_| {}, &mut || false)
    }

    /// [`rebuild`](Self::rebuild), calling `pages_ready` with the files
    /// written as soon as the changed reports' pages are on disk, long
    /// before the search index and open data of a large portal: a preview
    /// reloads the page being edited then. When `newer_save` says another
    /// save came in by then, the rest waits for the rebuild after it (a
    /// clerk saving every few seconds sees each page at once, not after
    /// the index of the save before).
    pub fn rebuild_announcing(
        &mut self,
        changed: &[PathBuf],
        pages_ready: &mut dyn FnMut(&[String]),
        newer_save: &mut dyn FnMut() -> bool,
    ) -> Result<Rebuild, Diagnostics> {
        let started = Instant::now();
        let root = Root::new(&self.root);
        let changed_reports = self.read(changed, &root)?;
        trace("read", started);
        let refused = crate::attachments::prepare(
            self.portal.as_mut().expect("read keeps a portal"),
            &self.attachments,
            changed_reports.as_ref(),
        );
        let portal = self.portal.as_ref().expect("read keeps a portal");
        trace("attachments prepared", started);

        let warnings = match self.checks.run(portal, changed_reports.as_ref()) {
            Err(mut errors) => {
                errors.extend(refused);
                return Err(errors);
            }
            Ok(_) if refused.has_errors() => return Err(refused),
            Ok(mut warnings) => {
                warnings.extend(refused);
                warnings
            }
        };
        let live: BTreeSet<&str> = portal.reports.iter().map(|r| r.slug.as_str()).collect();
        trace("validated", started);

        let theme_dir = self.root.join("theme");
        if self.theme.is_none() || changed.iter().any(|p| p.starts_with(&theme_dir)) {
            self.theme = Some(Arc::new(Theme::load(&root)?));
            self.reports.clear(); // every page may look different
        }
        let config_fingerprint =
            fingerprint(&serde_json::to_string(&portal.config).unwrap_or_default());
        if config_fingerprint != self.config_fingerprint {
            self.config_fingerprint = config_fingerprint;
            self.reports.clear();
        }
        let full = self.full_pending || self.reports.is_empty() || self.written.is_empty();
        self.full_pending = full;
        if full {
            // Kept reports have let their bodies go: every page is rendered,
            // so every report is derived again.
            self.reports.clear();
        }

        // Derive the reports whose files changed (in parallel, as a build
        // does); keep the others. A report linked to another by a follow-up
        // shows some of its problems, so it is looked at whenever it is
        // linked (or was).
        let links = Links::build(portal);
        let (cached, was_linked, today) = (&self.reports, &self.linked, self.today);
        let looked_at: Vec<(&str, bool, Option<CachedReport>)> = portal
            .reports
            .par_iter()
            .map(|report| {
                let shown = links.shown_in(&report.slug);
                let linked = !shown.is_empty();
                let known = changed_reports
                    .as_ref()
                    .is_some_and(|s| !s.contains(&report.slug));
                let was_linked = was_linked.contains(&report.slug);
                if known && cached.contains_key(&report.slug) && !linked && !was_linked {
                    return (report.slug.as_str(), linked, None); // the watcher named no file of it
                }
                let mut h = std::collections::hash_map::DefaultHasher::new();
                (config_fingerprint, &report.yaml, &report.intro).hash(&mut h);
                for issue in &report.issues {
                    (&issue.slug, &issue.yaml, &issue.body).hash(&mut h);
                }
                for (rel, copy) in &report.attachments {
                    (rel, &copy.cleaned.sha256).hash(&mut h);
                }
                shown.hash(&mut h);
                let print = h.finish();
                if cached
                    .get(&report.slug)
                    .is_some_and(|c| c.fingerprint == print)
                {
                    return (report.slug.as_str(), linked, None);
                }
                let view = Arc::new(derive_report(report, &portal.config.contact, &links, today));
                let fresh = CachedReport {
                    fingerprint: print,
                    view,
                };
                (report.slug.as_str(), linked, Some(fresh))
            })
            .collect();
        let mut linked = BTreeSet::new();
        let mut changed_slugs = BTreeSet::new();
        for (slug, is_linked, fresh) in looked_at {
            if is_linked {
                linked.insert(slug.to_string());
            }
            if let Some(fresh) = fresh {
                self.reports.insert(slug.to_string(), fresh);
                changed_slugs.insert(slug.to_string());
            }
        }
        self.linked = linked;
        let removed: Vec<String> = self
            .reports
            .keys()
            .filter(|s| !live.contains(s.as_str()))
            .cloned()
            .collect();
        for slug in &removed {
            self.reports.remove(slug);
        }

        trace("derived", started);
        // The search index knows an unchanged report's problems by its
        // fingerprint, without making their text.
        self.search_terms.report_prints = self
            .reports
            .iter()
            .map(|(slug, cached)| (slug.clone(), cached.fingerprint))
            .collect();
        let mut summary = Rebuild {
            warnings,
            ..Rebuild::default()
        };
        if !full && changed_reports.is_some() && removed.is_empty() {
            let files = self.render_into_last_site(&changed_slugs)?;
            self.write_changed(&files, &mut summary.changed_files)
                .map_err(|e| output_error(&self.out, e))?;
            // Known as the report's files at once, so a rebuild that fails
            // after this still removes them when the problem goes.
            for path in &summary.changed_files {
                if let Some(slug) = crate::output::report_of(path) {
                    let outputs = self.report_outputs.entry(slug.to_string()).or_default();
                    outputs.insert(path.clone());
                }
            }
            summary.written_early = summary.changed_files.len();
            if !summary.changed_files.is_empty() {
                summary.pages_done = started.elapsed();
                trace("edited pages written", started);
                pages_ready(&summary.changed_files);
            }
        }
        let announced = summary.changed_files.len();
        let site = assemble(
            &self.portal.as_ref().expect("read keeps a portal").config,
            self.reports.values().map(|c| c.view.clone()).collect(),
            self.today,
        );
        trace("assembled", started);
        let theme = self.theme.clone().expect("theme loaded above");
        let renderer = Renderer::new(&theme, &site)?;
        // A full rebuild renders every problem's page once, as a build
        // does: each body goes as soon as its page is out.
        let renderer = if full {
            renderer.releasing_bodies()
        } else {
            renderer
        };
        trace("renderer ready", started);
        // The changed reports' own pages come first: the page being edited
        // is on disk before the portal-wide lists and the search index.
        // A report page links to the page of the overdue list that holds
        // its problems; other reports' changes can move them to another.
        let due_links: HashMap<String, Option<String>> = site
            .reports
            .iter()
            .enumerate()
            .map(|(r, report)| (report.slug.clone(), renderer.due_href(r)))
            .collect();
        let relinked: BTreeSet<String> = due_links
            .iter()
            .filter(|(slug, link)| self.due_links.get(*slug) != Some(*link))
            .map(|(slug, _)| slug.clone())
            .collect();
        let (report_pages, site_pages): (Vec<Page>, Vec<Page>) = all_pages(&site)
            .into_iter()
            .filter(|page| {
                full || match (report_of(*page), page) {
                    (None, _) => true,
                    (Some(r), Page::Report(_)) => {
                        let slug = &site.reports[r].slug;
                        changed_slugs.contains(slug) || relinked.contains(slug)
                    }
                    (Some(r), _) => changed_slugs.contains(&site.reports[r].slug),
                }
            })
            .partition(|page| report_of(*page).is_some());
        summary.pages_rendered = report_pages.len() + site_pages.len();
        if full {
            // First build (or theme/portal change): the build's own back
            // half, into a new folder swapped in whole.
            let staging = Staging::begin(&self.out).map_err(|e| output_error(&self.out, e))?;
            let written = Mutex::new(BTreeMap::new());
            let pages = [report_pages, site_pages].concat();
            let emit = |file: OutputFile| {
                staging.write(&file)?;
                let hash = fingerprint_bytes(&file.bytes);
                written.lock().unwrap().insert(file.path, hash);
                Ok(())
            };
            let out = &self.out;
            produce(
                &site,
                &renderer,
                &pages,
                Some(&mut self.search_terms),
                emit,
                || {},
            )
            .map_err(|e| e.or_write(|e| output_error(out, e)))?;
            staging.commit().map_err(|e| output_error(&self.out, e))?;
            self.written = written.into_inner().unwrap();
            self.report_outputs = outputs_by_report(self.written.keys());
            summary.files_written = self.written.len();
            summary.changed_files = self.written.keys().cloned().collect();
            self.due_links = due_links;
            summary.pages_done = started.elapsed();
            summary.total = started.elapsed();
            drop(renderer);
            self.site = Some(site);
            self.pending.clear();
            self.full_pending = false;
            self.release_bodies();
            pages_ready(&summary.changed_files);
            return Ok(summary);
        }

        let mut files = renderer.render_pages(&report_pages)?;
        // A changed report's attachments are its files too: written where
        // their bytes changed, removed when no longer listed.
        for report in &site.reports {
            if changed_slugs.contains(&report.slug) {
                files.extend(crate::derive::attached::files(report));
            }
        }
        // A report's folder also holds its feed, written with the other
        // published files once the pages are on disk.
        let produced: BTreeSet<String> = files
            .iter()
            .map(|f| f.path.clone())
            .chain(
                site.reports
                    .iter()
                    .map(|r| crate::output::report_feed(&r.slug)),
            )
            .collect();
        self.write_changed(&files, &mut summary.changed_files)
            .map_err(|e| output_error(&self.out, e))?;
        for slug in changed_slugs.iter().chain(&removed) {
            let old = self.report_outputs.remove(slug).unwrap_or_default();
            let now: BTreeSet<String> = produced
                .iter()
                .filter(|p| crate::output::report_of(p) == Some(slug.as_str()))
                .cloned()
                .collect();
            for stale in old.difference(&now) {
                self.remove(stale, &mut summary.changed_files);
            }
            if !removed.contains(slug) {
                self.report_outputs.insert(slug.clone(), now);
            }
        }
        if announced == 0 {
            summary.pages_done = started.elapsed();
        }
        trace("report pages written", started);
        if summary.changed_files.len() > announced {
            pages_ready(&summary.changed_files[announced..]);
        }
        // Between the portal-wide parts (a second or more each at 100,000
        // problems), a newer save takes over: they are made whole again by
        // the rebuild after it.
        let announced = summary.changed_files.len();
        if newer_save() {
            drop(renderer);
            return Ok(self.defer(summary, announced, due_links, site, started, pages_ready));
        }
        let files = renderer.render_pages(&site_pages)?;
        self.write_changed(&files, &mut summary.changed_files)
            .map_err(|e| output_error(&self.out, e))?;
        if newer_save() {
            drop(renderer);
            return Ok(self.defer(summary, announced, due_links, site, started, pages_ready));
        }
        // What the portal-wide part of the site is now: pages of lists
        // that got shorter, facets that emptied and index files no longer
        // made are removed once everything else is written.
        let mut fresh: BTreeSet<String> = files.into_iter().map(|f| f.path).collect();
        // Feeds, open data and sitemap span reports: made again on every
        // change, written where their bytes changed.
        let published = Mutex::new(Vec::new());
        crate::publish::each(&site, &|file| published.lock().unwrap().push(file));
        let mut published = published.into_inner().unwrap();
        // Made on two threads: in a fixed order, so writes are too.
        published.sort_by(|a, b| a.path.cmp(&b.path));
        self.write_changed(&published, &mut summary.changed_files)
            .map_err(|e| output_error(&self.out, e))?;
        fresh.extend(published.into_iter().map(|f| f.path));
        if newer_save() {
            drop(renderer);
            return Ok(self.defer(summary, announced, due_links, site, started, pages_ready));
        }

        let index = Mutex::new(Vec::new());
        let postings = search::segment(
            &site,
            &search::language(),
            Some(&mut self.search_terms),
            |_| {},
        );
        search::write_index(&site, &postings, false, &|file| {
            index.lock().unwrap().push(file)
        });
        let mut index = index.into_inner().unwrap();
        index.sort_by(|a, b| a.path.cmp(&b.path));
        self.write_changed(&index, &mut summary.changed_files)
            .map_err(|e| output_error(&self.out, e))?;
        fresh.extend(index.into_iter().map(|f| f.path));
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|p| crate::output::report_of(p).is_none() && !fresh.contains(p.as_str()))
            .cloned()
            .collect();
        for path in stale {
            self.remove(&path, &mut summary.changed_files);
        }
        self.due_links = due_links;
        self.count_files(&mut summary);
        summary.total = started.elapsed();
        if summary.changed_files.len() > announced {
            pages_ready(&summary.changed_files[announced..]);
        }
        drop(renderer);
        self.site = Some(site);
        self.pending.clear();
        self.release_bodies();
        Ok(summary)
    }

    /// Ends a rebuild that gives way to a newer save: what it wrote is
    /// announced and counted, and the site kept; the portal-wide files not
    /// yet made are left to the next rebuild.
    fn defer(
        &mut self,
        mut summary: Rebuild,
        announced: usize,
        due_links: HashMap<String, Option<String>>,
        site: crate::derive::SiteView,
        started: Instant,
        pages_ready: &mut dyn FnMut(&[String]),
    ) -> Rebuild {
        summary.deferred = true;
        self.due_links = due_links;
        self.count_files(&mut summary);
        summary.total = started.elapsed();
        if summary.changed_files.len() > announced {
            pages_ready(&summary.changed_files[announced..]);
        }
        self.site = Some(site);
        self.pending.clear();
        // The bodies stay: the search index has not read this rebuild's
        // reports yet, and the next rebuild may keep them unchanged.
        summary
    }

    /// Counts the files a rebuild wrote and removed. A page written before
    /// the site was assembled may be written again: each file counts once.
    fn count_files(&self, summary: &mut Rebuild) {
        let touched: BTreeSet<&String> = summary.changed_files.iter().collect();
        summary.files_removed = touched
            .iter()
            .filter(|path| !self.written.contains_key(**path))
            .count();
        summary.files_written = touched.len() - summary.files_removed;
    }

    /// Lets every kept problem's body (HTML) go once its page is written:
    /// a later save renders problem pages only of the reports it derives
    /// again, and the search index knows the others by fingerprint. At
    /// 100,000 problems the bodies are hundreds of megabytes.
    fn release_bodies(&self) {
        use rayon::prelude::*;
        self.reports.par_iter().for_each(|(_, cached)| {
            for issue in &cached.view.issues {
                issue.release_body();
            }
        });
    }

    /// The pages of the reports in `slugs`, rendered into the site as last
    /// assembled with their new views swapped in: what a save changed on
    /// them, before the portal-wide parts are made again. Nothing when
    /// there is no such site or a report is new to it.
    fn render_into_last_site(
        &mut self,
        slugs: &BTreeSet<String>,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let (Some(site), Some(theme)) = (self.site.as_mut(), self.theme.as_ref()) else {
            return Ok(Vec::new());
        };
        if slugs.is_empty() {
            return Ok(Vec::new());
        }
        let mut swapped = BTreeSet::new();
        for slug in slugs {
            let Some(r) = site.reports.iter().position(|v| &v.slug == slug) else {
                return Ok(Vec::new());
            };
            let Some(cached) = self.reports.get(slug) else {
                return Ok(Vec::new());
            };
            site.reports[r] = cached.view.clone();
            swapped.insert(r);
        }
        let renderer = Renderer::new(theme, site)?;
        let pages: Vec<Page> = all_pages(site)
            .into_iter()
            .filter(|page| page.report().is_some_and(|r| swapped.contains(&r)))
            .collect();
        let files = Mutex::new(Vec::new());
        renderer.render_only(&pages, &|file| files.lock().unwrap().push(file))?;
        let mut files = files.into_inner().unwrap();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Writes the files whose bytes differ from what is on disk, each by a
    /// temporary file and a rename, so a reader never sees half a page;
    /// adds their paths to `written`.
    fn write_changed(
        &mut self,
        files: &[OutputFile],
        written: &mut Vec<String>,
    ) -> std::io::Result<()> {
        for file in files {
            let hash = fingerprint_bytes(&file.bytes);
            if self.written.get(&file.path) == Some(&hash) {
                continue;
            }
            let target = self.out.join(&file.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temp = target.with_file_name(format!(
                ".{}.zhenggai-tmp",
                target.file_name().unwrap_or_default().to_string_lossy()
            ));
            let mut handle = std::fs::File::create(&temp)?;
            handle.write_all(&file.bytes)?;
            drop(handle);
            std::fs::rename(&temp, &target)?;
            self.written.insert(file.path.clone(), hash);
            written.push(file.path.clone());
        }
        Ok(())
    }

    /// Whether there is a site to serve: written by this workspace, or left
    /// by an earlier build.
    pub fn has_site(&self) -> bool {
        !self.written.is_empty() || self.out.join(crate::output::HOME).is_file()
    }

    /// Brings `self.portal` up to date. When the watcher named only issue
    /// files of known reports, those files are read again and swapped into
    /// the kept portal (no walk over every file); anything else is a full
    /// read. Returns the reports that changed, or `None` after a full read.
    fn read(
        &mut self,
        changed: &[PathBuf],
        root: &Root,
    ) -> Result<Option<BTreeSet<String>>, Diagnostics> {
        let fast = self.portal.is_some()
            && !changed.is_empty()
            && changed.iter().all(|p| self.issue_report(p).is_some());
        if !fast {
            self.parsed.force = changed.iter().cloned().collect();
            if let Some(portal) = self.portal.take() {
                self.parsed.lend(portal.reports);
            }
            // A file that cannot be read does not hide the others' errors:
            // the reports saved since the last rebuild that succeeded are
            // checked on their own (the others were checked then; before
            // any rebuild, every report is), those with a broken file for
            // personal data only.
            let contents = self.root.join("content/reports");
            let saved = changed.iter().filter_map(|path| {
                let rel = path.strip_prefix(&contents).ok()?;
                let slug = rel.components().next()?.as_os_str().to_string_lossy();
                Some(slug.into_owned())
            });
            self.pending.extend(saved);
            let (every, saved) = (self.site.is_none(), &self.pending);
            let alone = |config: Option<&crate::model::PortalConfig>,
                         whole: &[&Report],
                         partly: &[&Report],
                         unread: &[crate::load::Unread]| {
                let keep = |r: &&Report| every || saved.contains(&r.slug);
                let whole: Vec<&Report> = whole.iter().copied().filter(keep).collect();
                let partly: Vec<&Report> = partly.iter().copied().filter(keep).collect();
                crate::validate::report_errors_alone(config, &whole, &partly, unread)
            };
            let (portal, diags) = load_portal_cached(root, &mut self.parsed, &alone);
            self.broken.clear();
            self.portal = portal;
            return match self.portal {
                Some(_) => {
                    // Read whole: every report is checked and rebuilt.
                    self.pending.clear();
                    Ok(None)
                }
                None => Err(diags),
            };
        }
        let mut slugs = BTreeSet::new();
        for path in changed {
            let slug = self.issue_report(path).expect("checked above");
            let rel = path.strip_prefix(&self.root).unwrap_or(path).to_path_buf();
            let shown = root.display(&rel);
            let portal = self.portal.as_mut().expect("checked above");
            let report = portal
                .reports
                .iter_mut()
                .find(|r| r.slug == slug)
                .expect("known report");
            report.issues.retain(|i| i.path != shown);
            self.broken.remove(path);
            if path.is_file() {
                match self.parsed.reread(root, &rel) {
                    Ok(issue) => {
                        // A file named wrongly was read: it is kept, so
                        // its report is checked whole, as `check` does.
                        if let Some(message) = crate::load::slug_error(&issue) {
                            self.broken.insert(
                                path.clone(),
                                (shown, crate::load::frontmatter::Located::new(0, 0, message)),
                            );
                        }
                        report.issues.push(issue);
                    }
                    Err(e) => {
                        self.broken.insert(path.clone(), (shown, e));
                    }
                }
            }
            slugs.insert(slug);
        }
        // Reports read again by an earlier save that did not rebuild (a
        // file was broken) are rebuilt with these.
        self.pending.extend(slugs);
        if self.broken.is_empty() {
            return Ok(Some(self.pending.clone()));
        }
        let mut diags = Diagnostics::default();
        for (shown, e) in self.broken.values() {
            e.report(shown, &mut diags);
        }
        // The reports saved since the last rebuild are checked on their
        // own (one with a broken file for personal data only), so a clerk
        // sees every error of the round at once.
        let portal = self.portal.as_ref().expect("checked above");
        // The files that could not be read (a wrongly named one was read),
        // searched as typed; their reports were read partly.
        let unread: Vec<crate::load::Unread> = self
            .broken
            .values()
            .filter(|(shown, _)| {
                !portal
                    .reports
                    .iter()
                    .any(|r| r.issues.iter().any(|i| &i.path == shown))
            })
            .map(|(shown, _)| {
                let report = crate::load::report_holding(&portal.reports, shown);
                (shown.as_path(), report)
            })
            .collect();
        let (partly, whole): (Vec<&Report>, Vec<&Report>) = portal
            .reports
            .iter()
            .filter(|r| self.pending.contains(&r.slug))
            .partition(|r| {
                unread
                    .iter()
                    .any(|(_, of)| of.is_some_and(|of| of.slug == r.slug))
            });
        diags.extend(crate::validate::report_errors_alone(
            Some(&portal.config),
            &whole,
            &partly,
            &unread,
        ));
        Err(diags)
    }

    /// The report an issue file belongs to, if `path` is an issue file
    /// (`content/reports/<slug>/issues/…/*.md`) of a report already known.
    fn issue_report(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(self.root.join("content/reports")).ok()?;
        let mut parts = rel.components();
        let slug = parts.next()?.as_os_str().to_string_lossy().into_owned();
        let issues = parts.next()?.as_os_str().to_string_lossy().into_owned();
        let is_md = path.extension().is_some_and(|e| e == "md") && !path.is_dir();
        let known = self.portal.as_ref()?.reports.iter().any(|r| r.slug == slug);
        (issues == "issues" && is_md && known && parts.next().is_some()).then_some(slug)
    }

    /// Removes a file no longer made; adds its path to `removed` when it
    /// was there.
    fn remove(&mut self, path: &str, removed: &mut Vec<String>) {
        self.written.remove(path);
        if std::fs::remove_file(self.out.join(path)).is_ok() {
            removed.push(path.to_string());
        }
    }
}

/// The report a page belongs to, if any.
fn report_of(page: Page) -> Option<usize> {
    page.report()
}

fn outputs_by_report<'a>(
    paths: impl Iterator<Item = &'a String>,
) -> HashMap<String, BTreeSet<String>> {
    let mut map: HashMap<String, BTreeSet<String>> = HashMap::new();
    for path in paths {
        if let Some(slug) = crate::output::report_of(path) {
            map.entry(slug.to_string())
                .or_default()
                .insert(path.clone());
        }
    }
    map
}

fn fingerprint(text: &str) -> u64 {
    fingerprint_bytes(text.as_bytes())
}

fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn output_error(out: &Path, e: impl std::fmt::Display) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.error(
        out,
        0,
        0,
        crate::say!("无法写入网站：{e}", "cannot write the site: {e}"),
    );
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::build::copy_tree;

    /// A copy of the test fixture `name` (after `prepare` adds to it), in
    /// a temporary folder, with a workspace that has built it once.
    fn built_from(
        name: &str,
        prepare: impl FnOnce(&Path),
    ) -> (tempfile::TempDir, PathBuf, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &root,
        );
        prepare(&root);
        let root = root.canonicalize().unwrap();
        let mut workspace = Workspace::new(&root, &root.join("site"));
        workspace.rebuild(&[]).unwrap();
        (dir, root, workspace)
    }

    /// A file saved twice within one timestamp tick, same size: the fast
    /// path reads the second save; a full reload after it (another file
    /// changed) must not fall back to the first.
    #[test]
    fn a_full_reload_after_a_fast_one_never_reuses_an_older_parse() {
        let (_dir, root, mut workspace) = built_from("base", |_| {});
        let issue = root.join("content/reports/r1/issues/a.md");
        let page = root.join("site/reports/r1/issues/a.html");
        let stamp = std::fs::metadata(&issue).unwrap().modified().unwrap();
        let text = std::fs::read_to_string(&issue).unwrap();
        assert!(text.contains("问题甲"));
        std::fs::write(&issue, text.replace("问题甲", "问题乙")).unwrap();
        let file = std::fs::File::options().write(true).open(&issue).unwrap();
        file.set_modified(stamp).unwrap();
        drop(file);
        workspace.rebuild(std::slice::from_ref(&issue)).unwrap();
        assert!(std::fs::read_to_string(&page).unwrap().contains("问题乙"));
        let report = root.join("content/reports/r1/report.md");
        let text = std::fs::read_to_string(&report).unwrap();
        std::fs::write(&report, format!("{text}\n")).unwrap();
        workspace.rebuild(std::slice::from_ref(&report)).unwrap();
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.contains("问题乙") && !html.contains("问题甲"));
    }

    /// A file that cannot be read does not hide another report's errors
    /// in the preview either: every report saved since the last rebuild
    /// (a save's own, or an earlier one's) is checked on its own, on the
    /// fast path and on a full reload; the broken report's other files
    /// for personal data only (the rest would read the unread file as a
    /// gap).
    #[test]
    fn a_broken_file_does_not_hide_another_reports_errors() {
        let (_dir, root, mut workspace) = built_from("base", |root| {
            let reports = root.join("content/reports");
            copy_tree(&reports.join("r1"), &reports.join("r2"));
            copy_tree(&reports.join("r1"), &reports.join("r3"));
        });
        let texts = |diags: &Diagnostics| -> Vec<String> {
            diags.sorted().iter().map(|d| d.to_string()).collect()
        };
        let phone = |path: &Path, with: bool| {
            let text = std::fs::read_to_string(path).unwrap();
            let text = text.replace("\n联系人电话 13812345678\n", "");
            let text = match with {
                true => format!("{text}\n联系人电话 13812345678\n"),
                false => text,
            };
            std::fs::write(path, text).unwrap();
        };
        // How many phone numbers each report is said to hold.
        fn phone_errors<const N: usize>(errors: &[String], reports: [&str; N]) -> [usize; N] {
            reports.map(|report| {
                errors
                    .iter()
                    .filter(|e| e.contains(&format!("{report}/issues/")) && e.contains("手机号码"))
                    .count()
            })
        }
        // r1: one file that cannot be read, another with a phone number:
        // the personal-data check reads each file on its own, so the
        // number is told beside the typo; nothing else of r1 is (its
        // counts would miss the unread problem).
        let broken = root.join("content/reports/r1/issues/a.md");
        let text = std::fs::read_to_string(&broken).unwrap();
        std::fs::write(&broken, text.replace("status: done", "status: [done")).unwrap();
        let beside = root.join("content/reports/r1/issues/b.md");
        phone(&beside, true);
        let saved = [broken.clone(), beside.clone()];
        let errors = texts(&workspace.rebuild(&saved).unwrap_err());
        assert_eq!(phone_errors(&errors, ["r1"]), [1], "{errors:?}");
        assert_eq!(errors.len(), 2, "the typo and the number only: {errors:?}");
        assert!(
            errors.iter().any(|e| e.contains("r1/issues/a.md")),
            "{errors:?}"
        );

        // A later save in another report, while r1's file stays broken.
        let other = root.join("content/reports/r2/issues/b.md");
        phone(&other, true);
        let errors = texts(&workspace.rebuild(std::slice::from_ref(&other)).unwrap_err());
        assert!(
            errors.iter().any(|e| e.contains("r1/issues/a.md")),
            "{errors:?}"
        );
        assert_eq!(phone_errors(&errors, ["r1", "r2"]), [1, 1], "{errors:?}");

        // A full reload (a report file changed) says the same.
        let report = root.join("content/reports/r3/report.md");
        let text = std::fs::read_to_string(&report).unwrap();
        std::fs::write(&report, format!("{text}\n")).unwrap();
        let errors = texts(
            &workspace
                .rebuild(std::slice::from_ref(&report))
                .unwrap_err(),
        );
        assert!(
            errors.iter().any(|e| e.contains("r1/issues/a.md")),
            "{errors:?}"
        );
        assert_eq!(phone_errors(&errors, ["r1", "r2"]), [1, 1], "{errors:?}");
        // And so does the save after it (a full reload again), with its own.
        let third = root.join("content/reports/r3/issues/a.md");
        phone(&third, true);
        let errors = texts(&workspace.rebuild(std::slice::from_ref(&third)).unwrap_err());
        assert_eq!(
            phone_errors(&errors, ["r1", "r2", "r3"]),
            [1, 1, 1],
            "{errors:?}"
        );

        // All mended: the site is built again.
        for path in [&beside, &other, &third] {
            phone(path, false);
        }
        let text = std::fs::read_to_string(&broken).unwrap();
        std::fs::write(&broken, text.replace("status: [done", "status: done")).unwrap();
        workspace.rebuild(&[broken, beside, other, third]).unwrap();
    }

    /// A number typed into the file whose typo stops the rebuild is told
    /// with the typo in the preview too (its text is searched as typed).
    #[test]
    fn a_number_in_the_broken_file_is_told_with_its_typo() {
        let (_dir, root, mut workspace) = built_from("base", |_| {});
        let broken = root.join("content/reports/r1/issues/a.md");
        let text = std::fs::read_to_string(&broken).unwrap();
        let text = text.replace("status: done", "status: [done");
        std::fs::write(&broken, format!("{text}\n联系人电话 13812345678\n")).unwrap();
        let errors: Vec<String> = workspace
            .rebuild(std::slice::from_ref(&broken))
            .unwrap_err()
            .sorted()
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors.iter().any(|e| e.contains("`[` 没有对应的 `]`")),
            "{errors:?}"
        );
        assert!(errors.iter().any(|e| e.contains("手机号码")), "{errors:?}");
    }

    /// A file saved under a name that cannot be a web address was still
    /// read: the preview checks it (and its report) as `check` does, so a
    /// phone number in it is told with the name.
    #[test]
    fn a_wrongly_named_file_is_still_checked() {
        let (_dir, root, mut workspace) = built_from("base", |_| {});
        let issues = root.join("content/reports/r1/issues");
        let text = std::fs::read_to_string(issues.join("b.md")).unwrap();
        let copy = issues.join("b 副本.md");
        std::fs::write(&copy, format!("{text}\n联系人电话 13812345678\n")).unwrap();
        let errors: Vec<String> = workspace
            .rebuild(std::slice::from_ref(&copy))
            .unwrap_err()
            .sorted()
            .iter()
            .map(|d| d.to_string())
            .collect();
        let about_copy = |what: &str| {
            errors
                .iter()
                .filter(|e| e.contains("b 副本.md") && e.contains(what))
                .count()
        };
        assert_eq!(about_copy("文件名"), 1, "{errors:?}");
        assert_eq!(about_copy("手机号码"), 1, "{errors:?}");
        std::fs::remove_file(&copy).unwrap();
        workspace.rebuild(std::slice::from_ref(&copy)).unwrap();
    }

    /// A save's edited page is written and announced first, rendered into
    /// the site as last assembled; the portal-wide lists, the search index
    /// and the open data follow, and the folder ends as a full build makes
    /// it.
    #[test]
    fn the_edited_page_is_announced_before_the_portal_wide_files() {
        let (dir, root, mut workspace) = built_from("base", |_| {});
        let issue = root.join("content/reports/r1/issues/a.md");
        let text = std::fs::read_to_string(&issue).unwrap();
        std::fs::write(&issue, text.replace("问题甲", "问题甲改过")).unwrap();
        let mut batches: Vec<Vec<String>> = Vec::new();
        let done = workspace
            .rebuild_announcing(
                std::slice::from_ref(&issue),
                &mut |paths| batches.push(paths.to_vec()),
                &mut || false,
            )
            .unwrap();
        let first = &batches[0];
        assert!(
            done.written_early > 0,
            "written before the site was assembled"
        );
        assert_eq!(first.len(), done.written_early);
        assert!(first.contains(&"reports/r1/issues/a.html".to_string()));
        assert!(
            first.iter().all(|p| p.starts_with("reports/r1/")),
            "only the edited report's pages come first: {first:?}"
        );
        let later: Vec<&String> = batches[1..].iter().flatten().collect();
        assert!(later.iter().any(|p| p.starts_with("search/")));
        assert!(later.contains(&&"problems.html".to_string()));
        assert_eq!(
            batches.concat(),
            done.changed_files,
            "every file written is announced once it is on disk"
        );
        let differ = differences_from_a_full_build(&root, &dir.path().join("full"));
        assert!(differ.is_empty(), "{differ:?}");
    }

    /// A save followed at once by another: its pages are written, the
    /// portal-wide part waits, and the next rebuild (whatever it changes)
    /// leaves the folder as a full build makes it.
    #[test]
    fn a_newer_save_defers_the_portal_wide_part_to_the_next_rebuild() {
        let (dir, root, mut workspace) = built_from("base", |_| {});
        let issue = root.join("content/reports/r1/issues/a.md");
        let text = std::fs::read_to_string(&issue).unwrap();
        // A problem with measures and a body: its body is indexed too.
        let edited = text.replace("问题甲", "问题甲又改");
        std::fs::write(&issue, format!("{edited}\n正文写明了台账补录的经过。\n")).unwrap();
        let done = workspace
            .rebuild_announcing(std::slice::from_ref(&issue), &mut |_| {}, &mut || true)
            .unwrap();
        assert!(done.deferred);
        let read = |rel: &str| std::fs::read_to_string(root.join("site").join(rel)).unwrap();
        assert!(read("reports/r1/issues/a.html").contains("问题甲又改"));
        assert!(
            !read("problems.html").contains("问题甲又改"),
            "the lists wait"
        );

        // The next batch names the same file, unchanged (the second half
        // of a slow write): the report is kept, and its body indexed.
        let done = workspace.rebuild(std::slice::from_ref(&issue)).unwrap();
        assert!(!done.deferred);
        assert!(read("problems.html").contains("问题甲又改"));
        let differ = differences_from_a_full_build(&root, &dir.path().join("full"));
        assert!(differ.is_empty(), "{differ:?}");
    }

    /// A save in one report while a file of another is broken is not lost:
    /// once the broken file is mended, both reports are rebuilt and
    /// checked, and the folder is as a full build makes it.
    #[test]
    fn a_save_made_while_another_file_is_broken_is_rebuilt_when_it_is_mended() {
        // A second report, not linked to the first.
        let (dir, root, mut workspace) = built_from("base", |root| {
            copy_tree(
                &root.join("content/reports/r1"),
                &root.join("content/reports/r2"),
            )
        });
        let broken = root.join("content/reports/r1/issues/a.md");
        let good = std::fs::read_to_string(&broken).unwrap();
        std::fs::write(&broken, good.replacen("---", "---\n[", 1)).unwrap();
        assert!(workspace.rebuild(std::slice::from_ref(&broken)).is_err());

        let other = root.join("content/reports/r2/issues/b.md");
        let text = std::fs::read_to_string(&other).unwrap();
        std::fs::write(&other, text.replace("问题乙", "坏着时改的问题乙")).unwrap();
        assert!(workspace.rebuild(std::slice::from_ref(&other)).is_err());

        std::fs::write(&broken, good).unwrap();
        workspace.rebuild(std::slice::from_ref(&broken)).unwrap();
        let page = root.join("site/reports/r2/issues/b.html");
        assert!(std::fs::read_to_string(page)
            .unwrap()
            .contains("坏着时改的问题乙"));
        let differ = differences_from_a_full_build(&root, &dir.path().join("full"));
        assert!(differ.is_empty(), "{differ:?}");
    }

    /// A report's page links to the page of the portal's overdue list that
    /// holds its problems. A newer report with many overdue problems moves
    /// them to a later page: watch mode must rewrite the older report's
    /// page too, though none of its files changed.
    #[test]
    fn a_report_whose_overdue_problems_move_to_another_page_is_rewritten() {
        let (dir, root, mut workspace) = built_from("followup", |_| {});
        let older = root.join("site/reports/followup-2024/index.html");
        let link = "problems/overdue.html#r-followup-2024";
        assert!(std::fs::read_to_string(&older).unwrap().contains(link));

        let newer = root.join("content/reports/later-2024");
        std::fs::create_dir_all(newer.join("issues")).unwrap();
        let report = "---\ntitle: 虚构测试局第三次通报（测试数据）\nunit: 虚构测试局\nsource: 虚构巡察办\npublished: 2024-06-01\ninspection:\n  team: 虚构巡察组\n  start: 2022-10-01\n  end: 2022-11-30\n  feedback: 2023-01-10\nareas:\n  - title: 逾期事项\n    groups:\n      - title: 逾期问题\n---\n虚构。\n";
        let mut changed = vec![newer.join("report.md")];
        std::fs::write(&changed[0], report).unwrap();
        for n in 1..=60 {
            let path = newer.join(format!("issues/1-1-{n}.md"));
            let text = format!("---\narea: 1\ngroup: 1\nnumber: {n}\ntitle: 虚构逾期问题{n}\nstatus: in_progress\ndeadline: 2024-01-31\nmeasures:\n  - date: 2024-02-01\n    text: 正在推进。\n---\n");
            std::fs::write(&path, text).unwrap();
            changed.push(path);
        }
        workspace.rebuild(&changed).unwrap();
        let full = dir.path().join("full");
        let differ = differences_from_a_full_build(&root, &full);
        let page = std::fs::read_to_string(&older).unwrap();
        assert!(!page.contains(link), "the old link stayed");
        let fresh = std::fs::read_to_string(full.join("reports/followup-2024/index.html"));
        assert_eq!(page, fresh.unwrap());
        assert!(differ.is_empty(), "{differ:?}");
    }

    /// Builds `root` afresh into `full` and lists the files where the
    /// watched output folder differs from it.
    fn differences_from_a_full_build(root: &Path, full: &Path) -> Vec<String> {
        crate::build::build(&crate::build::BuildOptions {
            root: root.to_path_buf(),
            out: full.to_path_buf(),
            base_url: None,
            progress: false,
            today: None,
        })
        .unwrap();
        let mut incremental = files(&root.join("site"));
        let mut fresh = files(full);
        incremental.remove(crate::write::MARKER);
        fresh.remove(crate::write::MARKER);
        fresh
            .keys()
            .chain(incremental.keys())
            .filter(|k| fresh.get(*k) != incremental.get(*k))
            .cloned()
            .collect()
    }

    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap();
                (
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    /// A follow-up link, a history entry and a deadline change edited in
    /// one report change the other report's pages too: after each edit the
    /// incremental rebuild leaves the folder as a full build makes it.
    #[test]
    fn edits_to_progress_and_links_rebuild_both_reports_as_a_full_build_would() {
        let (dir, root, mut workspace) = built_from("followup", |_| {});
        let first_page = root.join("site/reports/first-2023/issues/1-1-1.html");
        assert!(std::fs::read_to_string(&first_page)
            .unwrap()
            .contains("此问题的后续整改见"));
        let issue = root.join("content/reports/followup-2024/issues/1-1-1.md");
        let original = std::fs::read_to_string(&issue).unwrap();
        let edits = [
            original.replace("continues: first-2023/1-1-1\n", ""),
            original.replace("需与新系统上线同步实施", "系统上线推迟"),
            original.replace("    note: 台账全部录入新系统\n", ""),
            original.clone(),
        ];
        for (n, text) in edits.iter().enumerate() {
            std::fs::write(&issue, text).unwrap();
            workspace.rebuild(std::slice::from_ref(&issue)).unwrap();
            let full = dir.path().join(format!("full-{n}"));
            let differ = differences_from_a_full_build(&root, &full);
            assert!(differ.is_empty(), "edit {n}: {differ:?}");
        }
        // The link removed, the first notice's page stopped linking forward.
        std::fs::write(&issue, &edits[0]).unwrap();
        workspace.rebuild(std::slice::from_ref(&issue)).unwrap();
        assert!(!std::fs::read_to_string(&first_page)
            .unwrap()
            .contains("此问题的后续整改见"));
    }
}
