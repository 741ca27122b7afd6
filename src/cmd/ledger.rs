//! `zhenggai import LEDGER.xlsx`: a rectification ledger into a report
//! folder (the library reads it; this prints and writes).

use super::{EXIT_CONTENT, EXIT_USAGE};
use std::path::Path;
use zhenggai::import::ledger::{import_ledger, LedgerImport, LedgerOptions};
use zhenggai::import::PlannedFile;

/// Rows a dry run prints in full.
const DRY_RUN_PROBLEMS: usize = 3;

/// Imports `ledger` as the report `slug` under `root` (or prints what it
/// would write); every error is printed, and any error writes nothing.
pub fn run(
    ledger: &Path,
    root: &Path,
    slug: Option<&str>,
    options: &LedgerOptions,
    dry_run: bool,
    force: bool,
) -> i32 {
    let Some(slug) = slug else {
        eprintln!("error: --slug: a ledger does not say which notice it belongs to; name the report folder, e.g. --slug wenling-yingji-2023");
        return EXIT_USAGE;
    };
    let imported = match import_ledger(ledger, options) {
        Ok(imported) => imported,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!(
                "error: {} problem(s) in the ledger; nothing was written",
                errors.len()
            );
            return EXIT_CONTENT;
        }
    };
    let folder = root.join("content/reports").join(slug);
    print_columns(&imported);
    if dry_run {
        let problems: Vec<&PlannedFile> = imported.files.iter().skip(1).collect();
        for file in imported
            .files
            .iter()
            .take(1)
            .chain(problems.iter().take(DRY_RUN_PROBLEMS).copied())
        {
            println!(
                "=== {} ===\n{}",
                folder.join(&file.path).display(),
                file.text
            );
        }
        if problems.len() > DRY_RUN_PROBLEMS {
            println!(
                "… and {} more problem file(s)",
                problems.len() - DRY_RUN_PROBLEMS
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
        if !super::import::written(zhenggai::import::write_report(
            &imported.files,
            &folder,
            root,
        )) {
            return EXIT_CONTENT;
        }
    }
    let verb = if dry_run { "would write" } else { "wrote" };
    let per_area: Vec<String> = imported.areas.iter().map(|(_, n)| n.to_string()).collect();
    println!(
        "{verb} {} ({} files): {} areas, {} problems ({})",
        folder.display(),
        imported.files.len(),
        imported.areas.len(),
        imported.files.len() - 1,
        per_area.join(", ")
    );
    println!("  report.md holds （请填写…） placeholders for the notice's title, unit, source and dates: fill them in, then run zhenggai check");
    super::import::warn_personal_data(&folder, &imported.files, &[]);
    0
}

/// The columns as read, and those left out.
fn print_columns(imported: &LedgerImport) {
    let sheet = match imported.sheet.as_str() {
        "" => String::new(),
        name => format!(" (sheet {name})"),
    };
    println!("columns{sheet}:");
    for (letter, header, field) in &imported.columns {
        println!("  {letter}  {header}  → {field}");
    }
    if !imported.internal.is_empty() {
        println!(
            "  not imported (names of people and evidence stay internal): {}",
            imported.internal.join(", ")
        );
    }
}
