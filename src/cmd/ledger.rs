//! `zhenggai import LEDGER.xlsx`: a rectification ledger into a report
//! folder (the library reads it; this prints and writes).

use super::{EXIT_CONTENT, EXIT_USAGE};
use std::path::Path;
use zhenggai::import::ledger::{import_ledger, LedgerImport, LedgerOptions};
use zhenggai::import::PlannedFile;
use zhenggai::say;

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
        eprintln!("{}", say!("错误：台账里没写它属于哪份通报；请用 --slug 写上报告的文件夹名，如 --slug wenling-yingji-2023", "error: --slug: a ledger does not say which notice it belongs to; name the report folder, e.g. --slug wenling-yingji-2023"));
        return EXIT_USAGE;
    };
    let imported = match import_ledger(ledger, options) {
        Ok(imported) => imported,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!(
                "{}",
                say!(
                    "错误：台账有 {} 处问题，什么也没写；改好后再导入",
                    "error: {} problem(s) in the ledger; nothing was written",
                    errors.len()
                )
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
                "{}",
                say!(
                    "…… 另有 {} 个问题文件",
                    "… and {} more problem file(s)",
                    problems.len() - DRY_RUN_PROBLEMS
                )
            );
        }
    } else {
        if folder.exists() && !force {
            eprintln!("{}", super::import::already_exists(&folder));
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
    let per_area: Vec<String> = imported.areas.iter().map(|(_, n)| n.to_string()).collect();
    let line = match dry_run {
        true => say!(
            "将写入 {}（{} 个文件）：{} 个方面，{} 个问题（{}）",
            "would write {} ({} files): {} areas, {} problems ({})",
            folder.display(),
            imported.files.len(),
            imported.areas.len(),
            imported.files.len() - 1,
            per_area.join(", ")
        ),
        false => say!(
            "已写入 {}（{} 个文件）：{} 个方面，{} 个问题（{}）",
            "wrote {} ({} files): {} areas, {} problems ({})",
            folder.display(),
            imported.files.len(),
            imported.areas.len(),
            imported.files.len() - 1,
            per_area.join(", ")
        ),
    };
    println!("{line}");
    println!("  {}", say!("report.md 里通报标题、单位、来源和日期写的是（请填写…）：照原件填好，再运行 zhenggai check", "report.md holds （请填写…） placeholders for the notice's title, unit, source and dates: fill them in, then run zhenggai check"));
    super::import::warn_personal_data(&folder, &imported.files, &[]);
    0
}

/// The columns as read, and those left out.
fn print_columns(imported: &LedgerImport) {
    let sheet = match imported.sheet.as_str() {
        "" => String::new(),
        name => say!("（工作表 {name}）", " (sheet {name})"),
    };
    println!("{}{sheet}:", say!("读到的列", "columns"));
    for (letter, header, field) in &imported.columns {
        println!("  {letter}  {header}  → {field}");
    }
    if !imported.internal.is_empty() {
        println!(
            "  {}",
            say!(
                "不导入（人名和佐证材料留在内部）：{}",
                "not imported (names of people and evidence stay internal): {}",
                imported.internal.join(", ")
            )
        );
    }
}
