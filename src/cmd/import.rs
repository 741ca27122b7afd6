//! `zhenggai import NOTICE`: a published notice into a report folder.

use super::{EXIT_CONTENT, EXIT_USAGE};
use std::path::Path;
use zhenggai::import::{import_text, read::read_notice, write_files, Imported};

/// Imports `notice` into `root`'s content (or prints the files with
/// `dry_run`); an existing report folder is replaced only with `force`.
pub fn run(notice: &Path, root: &Path, slug: Option<&str>, dry_run: bool, force: bool) -> i32 {
    if let Some(Err(message)) = slug.map(zhenggai::model::check_slug) {
        eprintln!("error: --slug: {message}");
        return EXIT_USAGE;
    }
    let text = match read_notice(notice) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{}: error: {message}", notice.display());
            return EXIT_CONTENT;
        }
    };
    let imported = import_text(&text, slug);
    let folder = root.join("content/reports").join(&imported.slug);
    if dry_run {
        for file in &imported.files {
            println!(
                "=== {} ===\n{}",
                folder.join(&file.path).display(),
                file.text
            );
        }
    } else {
        if folder.exists() && !force {
            eprintln!(
                "error: {} already exists; choose another --slug or pass --force to overwrite it",
                folder.display()
            );
            return EXIT_CONTENT;
        }
        if let Err(message) = write_files(&imported, &folder) {
            eprintln!("error: {message}");
            return EXIT_CONTENT;
        }
    }
    print_summary(&imported, notice, &folder, dry_run);
    0
}

fn print_summary(imported: &Imported, notice: &Path, folder: &Path, dry_run: bool) {
    let n = &imported.notice;
    let total: usize = imported.per_area.iter().sum();
    let verb = if dry_run { "would write" } else { "wrote" };
    println!(
        "{verb} {} ({} files): {}",
        folder.display(),
        imported.files.len(),
        n.title.as_deref().unwrap_or("(title not found)")
    );
    let per_area: Vec<String> = imported.per_area.iter().map(|c| c.to_string()).collect();
    println!(
        "  {} areas, {} problems ({}), {} measures, {} regulations and documents",
        imported.per_area.len(),
        total,
        per_area.join(", "),
        imported.measures,
        imported.regulations
    );
    let c = &n.contact;
    let contact: Vec<&str> = [
        ("phone", &c.phone),
        ("address", &c.address),
        ("postcode", &c.postcode),
        ("email", &c.email),
    ]
    .iter()
    .filter(|(_, v)| v.is_some())
    .map(|(k, _)| *k)
    .collect();
    println!(
        "  contact: {}",
        if contact.is_empty() {
            "none found".to_string()
        } else {
            contact.join(", ")
        }
    );
    let s = &n.statistics;
    let declared: Vec<String> = s
        .declared()
        .into_iter()
        .map(|(key, value)| format!("{value} {}", key.replace('_', " ")))
        .collect();
    println!(
        "  declared: {}; statuses stated by the notice: {}; inferred from the text: {} done, {} in progress (marked `# inferred` in the files; check them)",
        if declared.is_empty() { "no figures".to_string() } else { declared.join(", ") },
        imported.stated,
        imported.inferred_done,
        imported.inferred_open
    );
    for (line, message) in &imported.warnings {
        println!(
            "{}:{}:1: warning: {message}",
            notice.display(),
            (*line).max(1)
        );
    }
}
