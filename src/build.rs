//! The pipeline, end to end: load → validate → derive → render → write.
//! `check` stops after validation; `build` runs it all.

use crate::derive::{derive, SiteView};
use crate::diagnostics::Diagnostics;
use crate::load::{load_portal, Root};
use crate::model::Portal;
use crate::render::{theme::Theme, OutputFile, Renderer};
use crate::validate::{compare_declared, validate};
use std::path::{Path, PathBuf};
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
    let (portal, mut diags) = load_portal(&Root::new(root));
    let Some(portal) = portal else {
        return Err(diags);
    };
    diags.extend(validate(&portal));
    if diags.has_errors() {
        return Err(diags);
    }
    diags.extend(compare_declared(&portal));
    Ok((portal, diags))
}

/// Produces every output file in memory, without touching the disk.
pub fn render_site(
    root: &Path,
    portal: &Portal,
) -> Result<(SiteView, Vec<OutputFile>), Diagnostics> {
    let site = derive(portal);
    let theme = Theme::load(
        &root.join("theme"),
        &Root::new(root).display(Path::new("theme")),
    )
    .map_err(render_error)?;
    let renderer = Renderer::new(&theme, &site)?;
    let mut files = renderer.render_all()?;
    files.extend(crate::search::build_index(
        &site,
        &crate::search::language(),
    ));
    Ok((site, files))
}

/// A theme that cannot be read, as a diagnostic at the offending file.
pub fn render_error((path, message): (PathBuf, String)) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.error(&path, 0, 0, message);
    d
}

/// Runs the whole pipeline and swaps the new site into place.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    crate::write::check_output_folder(&options.out).map_err(BuildError::Output)?;
    let (mut portal, warnings) = load_and_check(&options.root).map_err(BuildError::Content)?;
    if let Some(url) = &options.base_url {
        portal.config.base_url = Some(url.clone());
    }
    let (site, files) = render_site(&options.root, &portal).map_err(BuildError::Content)?;
    crate::write::write_site(&options.out, &files)
        .map_err(|e| BuildError::Output(format!("cannot write {}: {e}", options.out.display())))?;
    Ok(BuildSummary {
        reports: site.reports.len(),
        problems: site.counts.total,
        files: files.len(),
        elapsed: started.elapsed(),
        warnings,
    })
}
