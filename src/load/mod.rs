//! Load: read `content/` into the model, collecting every file's errors
//! instead of stopping at the first.
//!
//! Layout: `content/portal.yaml`, `content/reports/<slug>/report.md` and
//! `content/reports/<slug>/issues/**/<issue>.md`.

pub mod frontmatter;
mod messages;
pub mod slips;
pub mod theme;

use crate::diagnostics::Diagnostics;
use crate::model::{Issue, IssueMeta, Portal, PortalConfig, Report, ReportMeta};
use crate::say;
use frontmatter::Located;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Files larger than this are refused: a problem's file is a few kilobytes,
/// and a pasted database dump should not hang the build.
pub(crate) const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Paths as they appear in messages: relative to where the user stands
/// when the portal root is the current folder, else prefixed with it.
#[derive(Debug, Clone)]
pub(crate) struct Root {
    pub dir: PathBuf,
}

impl Root {
    /// A portal rooted at `dir` (the folder holding `content/`).
    pub(crate) fn new(dir: impl Into<PathBuf>) -> Root {
        Root { dir: dir.into() }
    }

    /// The path shown in messages for a file given relative to the root.
    pub(crate) fn display(&self, rel: &Path) -> PathBuf {
        if self.dir.as_os_str().is_empty() || self.dir == Path::new(".") {
            rel.to_path_buf()
        } else {
            self.dir.join(rel)
        }
    }

    fn content(&self) -> PathBuf {
        self.dir.join("content")
    }
}

/// What watch mode knows of the issue files between loads, so a full
/// load re-reads only the files that changed. A file is reused while its
/// size and modification time stay the same and the watcher has not named
/// it. The parsed issues themselves are not kept here: the portal holds
/// them, and lends them back ([`ParseCache::lend`]) just before a full
/// load, so a large portal's content is in memory once, not twice.
#[derive(Default)]
pub(crate) struct ParseCache {
    /// Each file's stamp when it was last parsed.
    stamps: Mutex<HashMap<PathBuf, Stamp>>,
    /// The files that failed to parse, with why.
    failed: Mutex<HashMap<PathBuf, Located>>,
    /// The last load's issues, by file, while a new load runs.
    lent: Mutex<HashMap<PathBuf, Issue>>,
    seen: Mutex<HashSet<PathBuf>>,
    /// Files to re-read whatever their stamp says (absolute paths).
    pub force: HashSet<PathBuf>,
}

/// What tells a file changed without reading it.
type Stamp = (Option<std::time::SystemTime>, u64);

fn stamp_of(path: &Path) -> Stamp {
    match std::fs::metadata(path) {
        Ok(m) => (m.modified().ok(), m.len()),
        Err(_) => (None, 0),
    }
}

impl ParseCache {
    fn get_or_parse(
        &self,
        path: &Path,
        parse: impl FnOnce() -> Result<Issue, Located>,
    ) -> Result<Issue, Located> {
        self.seen.lock().unwrap().insert(path.to_path_buf());
        let stamp = stamp_of(path);
        let unchanged = !self.force.contains(path)
            && stamp.0.is_some()
            && self.stamps.lock().unwrap().get(path) == Some(&stamp);
        if unchanged {
            if let Some(issue) = self.lent.lock().unwrap().remove(path) {
                return Ok(issue);
            }
            if let Some(error) = self.failed.lock().unwrap().get(path) {
                return Err(error.clone());
            }
        }
        let result = parse();
        self.record(path, stamp, &result);
        result
    }

    /// Remembers what parsing `path` at `stamp` gave.
    fn record(&self, path: &Path, stamp: Stamp, result: &Result<Issue, Located>) {
        self.stamps
            .lock()
            .unwrap()
            .insert(path.to_path_buf(), stamp);
        let mut failed = self.failed.lock().unwrap();
        match result {
            Ok(_) => failed.remove(path),
            Err(error) => failed.insert(path.to_path_buf(), error.clone()),
        };
    }

    /// Hands the issues of the last load back before a full load, which
    /// takes each one whose file is unchanged instead of parsing it again.
    /// (Watch mode's root is absolute, so an issue's path is its file's.)
    pub(crate) fn lend(&mut self, reports: Vec<Report>) {
        let lent = self.lent.get_mut().unwrap();
        for report in reports {
            for issue in report.issues {
                lent.insert(issue.path.clone(), issue);
            }
        }
    }

    /// Reads one issue file again whatever its stamp says and keeps the
    /// result: watch mode's fast path reads a changed file this way, so a
    /// later full load never reuses an older parse of it (on file systems
    /// whose coarse timestamps miss a quick second save).
    pub(crate) fn reread(&self, root: &Root, rel: &Path) -> Result<Issue, Located> {
        let path = root.dir.join(rel);
        let stamp = stamp_of(&path);
        let result = read_issue(root, rel);
        self.record(&path, stamp, &result);
        result
    }

    /// Drops entries for files the last load did not see (deleted files).
    fn prune(&mut self) {
        let seen = std::mem::take(self.seen.get_mut().unwrap());
        self.stamps
            .get_mut()
            .unwrap()
            .retain(|path, _| seen.contains(path));
        self.failed
            .get_mut()
            .unwrap()
            .retain(|path, _| seen.contains(path));
        self.lent.get_mut().unwrap().clear();
        self.force.clear();
    }
}

/// What to do with the reports read when another file could not be read:
/// given the portal file's settings (if they read), the reports read
/// whole and those missing a problem file that could not be read, it
/// returns their findings, so a clerk sees every error in one round
/// (`validate::report_errors_alone`).
pub(crate) type Alone<'a> =
    &'a dyn Fn(Option<&PortalConfig>, &[&Report], &[&Report], &[Unread]) -> Diagnostics;

/// What a one-shot load does with each report read whole (no error in
/// its own files), as soon as it is read, given the portal file's
/// settings: check it and let its text go (`validate::Settled`), so a
/// large portal's text is never in memory all at once.
pub(crate) type Settle<'a> = &'a (dyn Fn(&PortalConfig, &mut Report) + Sync);

/// A content file that could not be read, by the path shown for it, with
/// the report it belongs to if that read: its text is still searched for
/// personal data (`validate::personal::check::unread_file`).
pub(crate) type Unread<'a> = (&'a Path, Option<&'a Report>);

/// Reads the whole portal: the model when every file parsed (it may still
/// fail validation), and all findings either way; when another file could
/// not be read, with `alone`'s findings of the reports read. (No
/// cache: a one-shot build must not hold a second copy of every file.)
/// Each report is handed to `settle` (if any) as soon as it is read, once
/// the portal file has been read.
pub(crate) fn load_portal(
    root: &Root,
    alone: Alone,
    settle: Option<Settle>,
) -> (Option<Portal>, Diagnostics) {
    let (portal, reports, config, mut diags) = load_all(root, None, settle);
    if portal.is_none() {
        let found = findings_alone(&reports, &config, &diags, alone);
        diags.extend(found);
    }
    (portal, diags)
}

/// As [`load_portal`], reusing the issue files parsed into `cache`
/// before; when another file is wrong, the reports read are kept in the
/// cache for the next load.
pub(crate) fn load_portal_cached(
    root: &Root,
    cache: &mut ParseCache,
    alone: Alone,
) -> (Option<Portal>, Diagnostics) {
    let (portal, unused, config, mut diags) = load_all(root, Some(cache), None);
    cache.prune();
    if portal.is_none() {
        let found = findings_alone(&unused, &config, &diags, alone);
        diags.extend(found);
    }
    cache.lend(unused);
    (portal, diags)
}

/// `alone`'s findings of the reports read: whole, or partly (a file in
/// the report's folder could not be read), and of the `.md` files that
/// could not be read. A report whose only errors are names (its folder's,
/// a file's) was read whole.
fn findings_alone(
    reports: &[Report],
    config: &Option<(PortalConfig, String)>,
    diags: &Diagnostics,
    alone: Alone,
) -> Diagnostics {
    let broken: Vec<&Path> = diags
        .iter()
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| d.path.as_path())
        .collect();
    let (partly, whole): (Vec<&Report>, Vec<&Report>) = reports.iter().partition(|report| {
        let folder = report.path.parent().unwrap_or(&report.path);
        let read = |path: &Path| {
            path == folder || path == report.path || report.issues.iter().any(|i| i.path == path)
        };
        broken
            .iter()
            .any(|path| path.starts_with(folder) && !read(path))
    });
    let was_read = |path: &Path| {
        reports
            .iter()
            .any(|r| r.path == path || r.issues.iter().any(|i| i.path == path))
    };
    let mut unread: Vec<Unread> = Vec::new();
    for &path in &broken {
        let is_md = path.extension().is_some_and(|e| e == "md");
        if is_md && !was_read(path) && !unread.iter().any(|(p, _)| *p == path) {
            unread.push((path, report_holding(reports, path)));
        }
    }
    alone(
        config.as_ref().map(|(config, _)| config),
        &whole,
        &partly,
        &unread,
    )
}

/// The report whose folder holds `path` (a file of it, read or not).
pub(crate) fn report_holding<'a>(reports: &'a [Report], path: &Path) -> Option<&'a Report> {
    reports.iter().find(|r| {
        let folder = r.path.parent().unwrap_or(&r.path);
        path.starts_with(folder)
    })
}

/// What [`load_all`] read: the portal; or, when another file is wrong,
/// the reports read and the portal file's settings if they read; and
/// every finding.
type Read = (
    Option<Portal>,
    Vec<Report>,
    Option<(PortalConfig, String)>,
    Diagnostics,
);

/// Reads the portal file and every report (see [`Read`]).
fn load_all(root: &Root, cache: Option<&ParseCache>, settle: Option<Settle>) -> Read {
    let mut diags = Diagnostics::default();
    let content = root.content();
    if !content.is_dir() {
        diags.error(
            &root.display(Path::new("content")),
            0,
            0,
            say!(
                "这里没有 content/ 文件夹：请在门户文件夹（放 content/portal.yaml 和 content/reports/ 的那个）里运行 zhenggai，或者把门户文件夹写在命令后面",
                "no content/ folder here; run zhenggai in a portal root (the folder holding content/portal.yaml and content/reports/)"
            ),
        );
        return (None, Vec::new(), None, diags);
    }

    let config = load_config(root, &mut diags);
    let settle = config
        .as_ref()
        .zip(settle)
        .map(|((config, _), settle)| (config, settle));
    let reports = load_reports(root, &mut diags, cache, settle);
    match config {
        Some((config, config_text)) if !diags.has_errors() => {
            let config_path = root.display(Path::new("content/portal.yaml"));
            (
                Some(Portal {
                    config,
                    config_path,
                    config_text,
                    reports,
                }),
                Vec::new(),
                None,
                diags,
            )
        }
        config => (None, reports, config, diags),
    }
}

/// The portal's settings and the file's text.
fn load_config(root: &Root, diags: &mut Diagnostics) -> Option<(PortalConfig, String)> {
    let rel = Path::new("content/portal.yaml");
    let shown = root.display(rel);
    let bytes = match read_limited(&root.dir.join(rel)) {
        Ok(b) => b,
        Err(message) => {
            diags.error(&shown, 0, 0, message);
            return None;
        }
    };
    let parsed = frontmatter::decode(&bytes).and_then(|text| {
        frontmatter::with_placeholders(text, frontmatter::parse::<PortalConfig>(text, 1))
    });
    match parsed {
        Ok(mut config) => {
            let raw = config.base_url.take().unwrap_or_default();
            match crate::model::base_url(&raw) {
                Ok(url) => config.base_url = url,
                Err(message) => {
                    let text = frontmatter::decode(&bytes).unwrap_or_default();
                    let (line, column) =
                        frontmatter::locate(text, &[frontmatter::Step::Key("base_url")]);
                    diags.error(&shown, line, column, format!("base_url: {message}"));
                    return None;
                }
            }
            let text = frontmatter::decode(&bytes).unwrap_or_default().to_string();
            Some((config, text))
        }
        Err(e) => {
            e.report(&shown, diags);
            None
        }
    }
}

fn load_reports(
    root: &Root,
    diags: &mut Diagnostics,
    cache: Option<&ParseCache>,
    settle: Option<(&PortalConfig, Settle)>,
) -> Vec<Report> {
    let reports_dir = root.content().join("reports");
    let mut folders = Vec::new();
    match std::fs::read_dir(&reports_dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() && !is_ignored(&name) {
                    // A report folder linked from outside the portal is
                    // published like the rest: said, so it is a choice.
                    let linked = entry.file_type().is_ok_and(|t| t.is_symlink());
                    let outside = entry
                        .path()
                        .canonicalize()
                        .ok()
                        .zip(root.dir.canonicalize().ok())
                        .is_some_and(|(real, portal)| !real.starts_with(portal));
                    if linked && outside {
                        diags.warning(
                            &root.display(&Path::new("content/reports").join(&name)),
                            0,
                            0,
                            say!(
                                "这个报告文件夹是指向门户以外的链接，它会和其他报告一样发布：确认确实要这样",
                                "this report folder is a link to a folder outside the portal; it is published like the others: check that this is meant"
                            ),
                        );
                    }
                    folders.push(name);
                }
            }
        }
        Err(_) => {
            diags.error(
                &root.display(Path::new("content/reports")),
                0,
                0,
                say!(
                    "没有 content/reports/ 文件夹：每份报告放在 content/reports/<文件夹名>/report.md",
                    "no content/reports/ folder; each report lives in content/reports/<slug>/report.md"
                ),
            );
            return Vec::new();
        }
    }
    folders.sort();
    let results: Vec<(Option<Report>, Diagnostics)> = folders
        .par_iter()
        .map(|slug| {
            let (mut report, diags) = load_report(root, slug, cache);
            if let (Some(report), Some((config, settle))) = (&mut report, settle) {
                if !diags.has_errors() {
                    settle(config, report);
                }
            }
            (report, diags)
        })
        .collect();
    let mut reports = Vec::new();
    for (report, found) in results {
        diags.extend(found);
        reports.extend(report);
    }
    reports
}

fn load_report(
    root: &Root,
    slug: &str,
    cache: Option<&ParseCache>,
) -> (Option<Report>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let folder = Path::new("content/reports").join(slug);
    let rel = folder.join("report.md");
    if !root.dir.join(&rel).is_file() {
        diags.error(
            &root.display(&folder),
            0,
            0,
            say!(
                "报告文件夹里没有 report.md：每份报告都要有（写通报标题、被巡察单位、巡察情况和各个方面）",
                "report folder has no report.md; every report needs one (its title, unit, inspection and areas)"
            ),
        );
    }
    if let Err(message) = crate::model::check_slug(slug) {
        diags.error(
            &root.display(&folder),
            0,
            0,
            say!("报告文件夹名：{message}", "report folder name: {message}"),
        );
    }
    let report = if root.dir.join(&rel).is_file() {
        match read_markdown::<ReportMeta>(root, &rel) {
            Ok(doc) => Some(Report {
                slug: slug.to_string(),
                path: root.display(&rel),
                meta: doc.meta,
                intro: doc.body,
                issues: Vec::new(),
                yaml_first_line: doc.yaml_first_line,
                yaml: doc.yaml,
                attachments: Default::default(),
            }),
            Err(e) => {
                e.report(&root.display(&rel), &mut diags);
                None
            }
        }
    } else {
        None
    };
    let issues = load_issues(root, &folder.join("issues"), &mut diags, cache);
    let report = report.map(|mut r| {
        r.issues = issues;
        r
    });
    (report, diags)
}

fn load_issues(
    root: &Root,
    folder: &Path,
    diags: &mut Diagnostics,
    cache: Option<&ParseCache>,
) -> Vec<Issue> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root.dir.join(folder))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name().to_string_lossy();
                if name.ends_with(".md") {
                    let rel = e
                        .path()
                        .strip_prefix(&root.dir)
                        .unwrap_or(e.path())
                        .to_path_buf();
                    files.push(rel);
                }
            }
            // A pipe, device or socket named like an issue file: said, not
            // skipped (reading it could block or never end).
            Ok(e)
                if !e.file_type().is_dir() && e.file_name().to_string_lossy().ends_with(".md") =>
            {
                let rel = e.path().strip_prefix(&root.dir).unwrap_or(e.path());
                diags.error(
                    &root.display(rel),
                    0,
                    0,
                    say!(
                        "这不是普通文件（是设备、管道或套接字）：问题文件要是普通文件",
                        "not a regular file (a device, pipe or socket): an issue file must be an ordinary file"
                    ),
                );
            }
            Ok(_) => {}
            Err(err) => {
                let at = err
                    .path()
                    .map(|p| p.strip_prefix(&root.dir).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| folder.to_path_buf());
                if err.loop_ancestor().is_some() {
                    diags.error(
                        &root.display(&at),
                        0,
                        0,
                        say!(
                            "符号链接绕成了圈：删掉这个链接",
                            "symbolic link loop; remove the link"
                        ),
                    );
                } else if err
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                    && err.depth() == 0
                {
                    // A report without an issues/ folder simply has no problems yet.
                } else {
                    diags.error(
                        &root.display(&at),
                        0,
                        0,
                        say!("读不了：{}", "cannot read: {}", io_reason(&err)),
                    );
                }
            }
        }
    }
    let results: Vec<Result<Issue, (PathBuf, Located)>> = files
        .par_iter()
        .map(|rel| {
            match cache {
                Some(cache) => cache.get_or_parse(&root.dir.join(rel), || read_issue(root, rel)),
                None => read_issue(root, rel),
            }
            .map_err(|e| (rel.clone(), e))
        })
        .collect();
    let mut issues = Vec::new();
    for result in results {
        match result {
            Ok(issue) => {
                if let Err(message) = crate::model::check_slug(&issue.slug) {
                    diags.error(
                        &issue.path,
                        0,
                        0,
                        say!("文件名：{message}", "file name: {message}"),
                    );
                }
                issues.push(issue);
            }
            Err((rel, e)) => e.report(&root.display(&rel), diags),
        }
    }
    issues
}

/// Reads one issue file (`rel` is relative to the portal root).
pub(crate) fn read_issue(root: &Root, rel: &Path) -> Result<Issue, Located> {
    let mut doc = read_markdown::<IssueMeta>(root, rel)?;
    if crate::model::words::long_term_written(&doc.yaml).is_some() {
        doc.meta.long_term = true;
    }
    let slug = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Issue {
        slug,
        path: root.display(rel),
        meta: doc.meta,
        body: doc.body.into(),
        yaml_first_line: doc.yaml_first_line,
        yaml: doc.yaml,
        released: None,
    })
}

/// The error for an issue file whose name cannot be a URL, if any.
pub(crate) fn slug_error(issue: &Issue) -> Option<String> {
    crate::model::check_slug(&issue.slug)
        .err()
        .map(|m| say!("文件名：{m}", "file name: {m}"))
}

fn io_reason(err: &walkdir::Error) -> String {
    if let Some(target) = err.path().and_then(|p| std::fs::read_link(p).ok()) {
        if err
            .io_error()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
        {
            return say!(
                "符号链接断了：它指向的 `{}` 不存在",
                "broken symbolic link: its target `{}` does not exist",
                target.display()
            );
        }
    }
    match err.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            say!("没有读取权限", "permission denied")
        }
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

/// A content file's body read again (its front matter not parsed): the
/// text a one-shot build let go after checking it, for its page.
pub(crate) fn body_again(path: &Path) -> Result<String, String> {
    text_again(path, |split| split.body)
}

/// A content file's front matter read again, as [`body_again`]: to
/// point at a key in an error found after the text was let go.
pub(crate) fn front_matter_again(path: &Path) -> Result<String, String> {
    text_again(path, |split| split.yaml)
}

fn text_again(
    path: &Path,
    part: impl for<'a> Fn(frontmatter::Split<'a>) -> &'a str,
) -> Result<String, String> {
    let bytes = read_limited(path)?;
    let text = frontmatter::decode(&bytes).map_err(|e| e.message)?;
    let split = frontmatter::split(text).map_err(|e| e.message)?;
    Ok(part(split).to_string())
}

/// A parsed Markdown file with front matter.
#[derive(Debug)]
pub struct Document<T> {
    pub meta: T,
    pub body: String,
    pub yaml: String,
    pub yaml_first_line: usize,
}

/// Parses a content file's bytes: UTF-8 (a BOM allowed), front matter
/// split from the body, YAML into `T`. Every failure is located; no input
/// panics (the fuzz target `frontmatter` holds it to that).
pub fn parse_document<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<Document<T>, Located> {
    let text = frontmatter::decode(bytes)?;
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(e) => return frontmatter::with_placeholders(text, Err(e)),
    };
    let meta = frontmatter::with_placeholders(
        text,
        frontmatter::parse(split.yaml, split.yaml_first_line),
    )?;
    Ok(Document {
        meta,
        body: split.body.to_string(),
        yaml: split.yaml.to_string(),
        yaml_first_line: split.yaml_first_line,
    })
}

fn read_markdown<T: serde::de::DeserializeOwned>(
    root: &Root,
    rel: &Path,
) -> Result<Document<T>, Located> {
    let bytes = read_limited(&root.dir.join(rel)).map_err(|message| Located::new(0, 0, message))?;
    parse_document(&bytes)
}

/// Reads a file, refusing ones too large to be content.
pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    read_regular(path, MAX_FILE_BYTES, &say!("内容文件", "content files"))
}

/// Reads a regular file of at most `limit` bytes. A device, a pipe or a
/// link to one (`portal.yaml -> /dev/zero`) is refused before a byte is
/// read, and the limit holds even when the size the file system reports
/// is wrong: nothing past it is ever read.
pub(crate) fn read_regular(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => match std::fs::read_link(path) {
            Ok(target) => say!(
                "符号链接断了：它指向的 `{}` 不存在",
                "broken symbolic link: its target `{}` does not exist",
                target.display()
            ),
            Err(_) => say!("文件不存在", "file not found"),
        },
        std::io::ErrorKind::PermissionDenied => {
            say!("读不了：没有读取权限", "cannot read: permission denied")
        }
        _ => say!("读不了：{e}", "cannot read: {e}"),
    })?;
    if !meta.is_file() {
        return Err(say!(
            "这不是普通文件（是文件夹、设备、管道或套接字）：内容要是普通文件",
            "not a regular file (a folder, device, pipe or socket): content must be ordinary files"
        ));
    }
    let too_large = |size: u64| {
        say!(
            "文件太大（{:.1} MB）；{what}最大 {} MB",
            "file is too large ({:.1} MB); {what} are at most {} MB",
            size as f64 / 1_048_576.0,
            limit / 1_048_576
        )
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                say!("读不了：没有读取权限", "cannot read: permission denied")
            }
            _ => say!("读不了：{e}", "cannot read: {e}"),
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Names that editors and systems leave beside real files: hidden files,
/// backups (`x.md~`, `#x.md#`) and swap files (`.x.md.swp`).
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal_copy() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
            let target = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let root = dir.path().canonicalize().unwrap();
        (dir, root)
    }

    /// A full load in watch mode takes back the issues of the last one
    /// whose files did not change (no second copy is kept in between),
    /// reads again the ones that did, and after a load that failed on
    /// another file still has what it read.
    #[test]
    fn a_full_load_takes_back_unchanged_issues_and_reads_changed_ones() {
        let (_dir, root) = portal_copy();
        let root = Root::new(&root);
        let mut cache = ParseCache::default();
        let (portal, _) =
            load_portal_cached(&root, &mut cache, &|_, _, _, _| Diagnostics::default());
        let portal = portal.unwrap();
        let issues = |p: &Portal| -> Vec<String> {
            let mut titles: Vec<String> = p.reports[0]
                .issues
                .iter()
                .filter_map(|i| i.meta.title.clone())
                .collect();
            titles.sort();
            titles
        };
        assert_eq!(issues(&portal), ["问题乙", "问题甲"]);
        assert!(cache.lent.get_mut().unwrap().is_empty());

        let a = root.dir.join("content/reports/r1/issues/a.md");
        let text = std::fs::read_to_string(&a).unwrap();
        std::fs::write(&a, text.replace("问题甲", "问题甲改")).unwrap();
        cache.lend(portal.reports);
        let b = root.dir.join("content/reports/r1/issues/b.md");
        assert!(cache.lent.get_mut().unwrap().contains_key(&b));
        let (portal, _) =
            load_portal_cached(&root, &mut cache, &|_, _, _, _| Diagnostics::default());
        let portal = portal.unwrap();
        assert_eq!(issues(&portal), ["问题乙", "问题甲改"]);
        assert!(
            cache.lent.get_mut().unwrap().is_empty(),
            "all taken or let go"
        );

        // The portal file broken: no portal, but the issues are kept...
        let config = root.dir.join("content/portal.yaml");
        let good = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, "name: [\n").unwrap();
        cache.lend(portal.reports);
        let (broken, diags) =
            load_portal_cached(&root, &mut cache, &|_, _, _, _| Diagnostics::default());
        assert!(broken.is_none() && diags.has_errors());
        assert_eq!(cache.lent.get_mut().unwrap().len(), 2);
        // ...and taken back when it is mended.
        std::fs::write(&config, good).unwrap();
        let (portal, _) =
            load_portal_cached(&root, &mut cache, &|_, _, _, _| Diagnostics::default());
        assert_eq!(issues(&portal.unwrap()), ["问题乙", "问题甲改"]);
        assert!(cache.lent.get_mut().unwrap().is_empty());
    }
}
