//! The theme: templates and static files built into the binary, each
//! replaceable by a file of the same name in the portal's `theme/` folder
//! (as mdBook does), so a portal customises one file without forking all.
//! Read here with the content, so that render only renders.

use super::Root;
use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme, embedded at compile time. Paths are relative to
/// `theme/`; a test in `tests/cli.rs` checks that every file in the
/// folder is listed here.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../../theme/templates/base.html"),
    ),
    (
        "templates/contact.html",
        include_str!("../../theme/templates/contact.html"),
    ),
    (
        "templates/macros.html",
        include_str!("../../theme/templates/macros.html"),
    ),
    (
        "templates/index.html",
        include_str!("../../theme/templates/index.html"),
    ),
    (
        "templates/report.html",
        include_str!("../../theme/templates/report.html"),
    ),
    (
        "templates/issue.html",
        include_str!("../../theme/templates/issue.html"),
    ),
    (
        "templates/regulations.html",
        include_str!("../../theme/templates/regulations.html"),
    ),
    (
        "templates/feedback.html",
        include_str!("../../theme/templates/feedback.html"),
    ),
    (
        "templates/problems.html",
        include_str!("../../theme/templates/problems.html"),
    ),
    (
        "templates/404.html",
        include_str!("../../theme/templates/404.html"),
    ),
    (
        "templates/search.html",
        include_str!("../../theme/templates/search.html"),
    ),
    (
        "templates/updates.html",
        include_str!("../../theme/templates/updates.html"),
    ),
    (
        "templates/due.html",
        include_str!("../../theme/templates/due.html"),
    ),
    (
        "templates/area.html",
        include_str!("../../theme/templates/area.html"),
    ),
    (
        "templates/notices.html",
        include_str!("../../theme/templates/notices.html"),
    ),
    (
        "static/style.css",
        include_str!("../../theme/static/style.css"),
    ),
    ("static/site.js", include_str!("../../theme/static/site.js")),
    (
        "static/prefs.js",
        include_str!("../../theme/static/prefs.js"),
    ),
    (
        "static/search.js",
        include_str!("../../theme/static/search.js"),
    ),
    (
        "static/favicon.svg",
        include_str!("../../theme/static/favicon.svg"),
    ),
];

/// One theme file and where it came from (for error messages).
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    /// Raw bytes: static files may be images; templates must be UTF-8.
    pub bytes: Vec<u8>,
    /// The local override's path, or `None` for the built-in file.
    pub origin: Option<PathBuf>,
}

/// The effective theme: built-in files overlaid with local ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The built-in theme alone.
    pub(crate) fn embedded() -> Theme {
        let files = EMBEDDED
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    ThemeFile {
                        bytes: text.as_bytes().to_vec(),
                        origin: None,
                    },
                )
            })
            .collect();
        Theme { files }
    }

    /// The portal's theme: the built-in one overlaid with `<root>/theme/`
    /// if it exists. An unreadable or non-UTF-8 template is an error at
    /// its path.
    pub(crate) fn load(root: &Root) -> Result<Theme, Diagnostics> {
        let shown = root.display(Path::new("theme"));
        Theme::overlay(&root.dir.join("theme"), &shown).map_err(|(path, message)| {
            let mut diags = Diagnostics::default();
            diags.error(&path, 0, 0, message);
            diags
        })
    }

    fn overlay(dir: &Path, shown: &Path) -> Result<Theme, (PathBuf, String)> {
        let mut theme = Theme::embedded();
        if !dir.is_dir() {
            return Ok(theme);
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                (
                    shown.to_path_buf(),
                    crate::say!("读不了主题：{e}", "cannot read theme: {e}"),
                )
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = rel.to_string_lossy().replace('\\', "/");
            if super::is_ignored(entry.file_name().to_string_lossy().as_ref()) {
                continue;
            }
            let shown_path = shown.join(rel);
            let bytes = super::read_limited(entry.path()).map_err(|m| (shown_path.clone(), m))?;
            if name.starts_with("templates/") && std::str::from_utf8(&bytes).is_err() {
                return Err((
                    shown_path,
                    crate::say!(
                        "模板文件不是 UTF-8 编码：另存为 UTF-8",
                        "template is not valid UTF-8"
                    ),
                ));
            }
            theme.files.insert(
                name,
                ThemeFile {
                    bytes,
                    origin: Some(shown_path),
                },
            );
        }
        Ok(theme)
    }

    /// Templates, by name without the `templates/` prefix.
    pub(crate) fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(name, file)| name.strip_prefix("templates/").map(|n| (n, file)))
    }

    /// Static files, by path under `static/` (copied to `assets/`).
    pub(crate) fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(name, file)| name.strip_prefix("static/").map(|n| (n, file)))
    }

    /// Where a template came from, as shown in errors.
    pub(crate) fn template_origin(&self, name: &str) -> PathBuf {
        self.files
            .get(&format!("templates/{name}"))
            .and_then(|f| f.origin.clone())
            .unwrap_or_else(|| PathBuf::from(format!("<built-in theme>/templates/{name}")))
    }
}
