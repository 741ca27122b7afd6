//! Attachments as pages show them: the clean copies made by
//! `crate::attachments`, with their titles, formats and sizes, and the
//! `<img>` a Markdown body's pictures become.

use super::markdown::escape;
use super::views::AttachmentView;
use crate::attachments::{rel_path, Prepared};
use crate::model::{Attachment, Report};
use std::path::Path;
use std::sync::Arc;

/// The attachments a file lists, in its order, with their clean copies.
/// One without a copy (refused, so the build stops anyway; or between
/// saves in watch mode) is left out rather than linked to nothing.
pub(crate) fn views(report: &Report, md: &Path, list: &[Attachment]) -> Vec<AttachmentView> {
    let folder = report.path.parent().unwrap_or(Path::new(""));
    list.iter()
        .filter_map(|a| {
            let prepared = report.attachments.get(&rel_path(md, &a.file, folder))?;
            let title = a
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| stem(&prepared.rel));
            Some(view(prepared, title, a.alt.clone()))
        })
        .collect()
}

fn view(prepared: &Prepared, title: String, alt: Option<String>) -> AttachmentView {
    let cleaned = &prepared.cleaned;
    AttachmentView {
        title,
        path: prepared.output.clone(),
        url: crate::output::link(&prepared.output),
        kind: cleaned.kind.key(),
        kind_label: cleaned.kind.label(),
        bytes: cleaned.bytes.len(),
        size_label: size_label(cleaned.bytes.len()),
        sha256: cleaned.sha256.clone(),
        is_image: cleaned.kind.is_image(),
        width: cleaned.dimensions.map(|d| d.0),
        height: cleaned.dimensions.map(|d| d.1),
        alt,
    }
}

/// A file name without its folders and extension: the title a file gets
/// when none is written.
fn stem(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

/// A size as Chinese government pages write it: 36 KB, 1.2 MB.
pub(crate) fn size_label(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Draws a body's `![alt](file)` from its clean copy, for a page at
/// `page` (a site path): the `<img>` with its published width and height.
pub(crate) fn picture<'a>(
    report: &'a Report,
    md: &'a Path,
    page: &'a str,
) -> impl Fn(&str, &str) -> Option<String> + 'a {
    let folder = report.path.parent().unwrap_or(Path::new(""));
    move |dest: &str, alt: &str| {
        let dest = crate::attachments::decoded(dest);
        let prepared: &Arc<Prepared> = report.attachments.get(&rel_path(md, &dest, folder))?;
        if !prepared.cleaned.kind.is_image() || alt.trim().is_empty() {
            return None;
        }
        let (width, height) = prepared.cleaned.dimensions?;
        Some(format!(
            r#"<img src="{}{}" alt="{}" width="{width}" height="{height}" loading="lazy">"#,
            crate::output::to_root(page),
            crate::output::link(&prepared.output),
            escape(alt.trim())
        ))
    }
}

/// Each report's clean copies, as files of the site.
pub(crate) fn files(
    report: &crate::derive::ReportView,
) -> impl Iterator<Item = crate::output::OutputFile> + '_ {
    report.files.iter().map(|p| crate::output::OutputFile {
        path: p.output.clone(),
        bytes: p.cleaned.bytes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_titles_read_as_pages_write_them() {
        assert_eq!(size_label(10), "1 KB");
        assert_eq!(size_label(36 * 1024 + 1), "37 KB");
        assert_eq!(size_label(1_258_291), "1.2 MB");
        assert_eq!(stem("issues/附件/整改方案.docx"), "整改方案");
        assert_eq!(stem("说明"), "说明");
    }
}
