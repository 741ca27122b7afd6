//! `zhenggai import LEDGER.xlsx`: a rectification ledger into a report
//! folder (the library reads it; this prints and writes).

use super::{EXIT_CONTENT, EXIT_USAGE};
use std::path::Path;
use zhenggai::import::ledger::update::update_from_ledger;
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
    // The file first: one that cannot be read is told before a missing
    // --slug.
    let imported = match import_ledger(ledger, options) {
        Ok(imported) => imported,
        Err(errors) => {
            let summary = say!(
                "错误：台账有 {} 处问题，什么也没写；改好后再导入",
                "error: {} problem(s) in the ledger; nothing was written",
                errors.len()
            );
            return refused(&errors, &summary);
        }
    };
    let Some(slug) = slug else {
        eprintln!("{}", say!("错误：台账里没写它属于哪份通报；请用 --slug 写上报告的文件夹名，如 --slug wenling-yingji-2023", "error: --slug: a ledger does not say which notice it belongs to; name the report folder, e.g. --slug wenling-yingji-2023"));
        return EXIT_USAGE;
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
    let verb = match dry_run {
        true => say!("将写入", "would write"),
        false => say!("已写入", "wrote"),
    };
    let line = say!(
        "{verb} {}（{} 个文件）：{} 个方面，{} 个问题（{}）",
        "{verb} {} ({} files): {} areas, {} problems ({})",
        folder.display(),
        imported.files.len(),
        imported.areas.len(),
        imported.files.len() - 1,
        per_area.join(", ")
    );
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
    print_unread(&imported.unread);
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

/// Names the filled columns nothing read, and how to read one.
fn print_unread(unread: &[String]) {
    if let Some(first) = unread.first() {
        let letter = first.split(' ').next().unwrap_or(first);
        println!(
            "  {}",
            say!(
                "认不出、没有导入的列：{}（要导入就用 --columns 指明，如 --columns progress={letter}）",
                "columns not recognised and not imported: {} (name one with --columns, e.g. --columns progress={letter})",
                unread.join("、")
            )
        );
    }
}

/// `import LEDGER --update REPORT`: prints what changes per problem, and
/// writes the changed files (each replaced whole, never half-written);
/// any refusal writes nothing.
pub fn update(
    ledger: &Path,
    root: &Path,
    report: &str,
    options: &LedgerOptions,
    as_of: Option<&str>,
    dry_run: bool,
) -> i32 {
    if let Err(message) = zhenggai::model::check_slug(report) {
        eprintln!(
            "{}",
            say!("错误：--update：{message}", "error: --update: {message}")
        );
        return EXIT_USAGE;
    }
    let folder = root.join("content/reports").join(report);
    let update = match update_from_ledger(ledger, &folder, report, options, as_of) {
        Ok(update) => update,
        Err(errors) => {
            let summary = say!(
                "错误：共 {} 处问题，什么也没改；改好台账后再更新",
                "error: {} problem(s); nothing was changed",
                errors.len()
            );
            return refused(&errors, &summary);
        }
    };
    for (file, said) in &update.changes {
        println!("  {}: {}", folder.join(file).display(), said.join("，"));
    }
    for note in &update.notes {
        println!("  {note}");
    }
    print_unread(&update.unread);
    if update.files.is_empty() {
        println!(
            "{}",
            say!(
                "台账和报告 {} 一致，没有要改的",
                "the ledger agrees with the report {}: nothing to change",
                report
            )
        );
        return 0;
    }
    if dry_run {
        println!(
            "{}",
            say!(
                "将修改 {} 个文件（去掉 --dry-run 才会写入）",
                "would change {} file(s) (without --dry-run they are written)",
                update.files.len()
            )
        );
        return 0;
    }
    for file in &update.files {
        let path = folder.join(&file.path);
        let temporary = path.with_extension("md.zhenggai-update");
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&temporary, &file.text))
            .and_then(|_| std::fs::rename(&temporary, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temporary);
            eprintln!(
                "{}",
                say!(
                    "错误：无法写入 {}：{e}",
                    "error: cannot write {}: {e}",
                    path.display()
                )
            );
            return EXIT_CONTENT;
        }
    }
    println!(
        "{}",
        say!(
            "已更新 {}：{} 个文件；运行 zhenggai check 核对，再预览、发布",
            "updated {}: {} file(s); run zhenggai check, then preview and publish",
            folder.display(),
            update.files.len()
        )
    );
    0
}

/// Prints every error of a ledger, each at its cell, then what was (not)
/// done; the exit code of refused content.
fn refused(errors: &[String], summary: &str) -> i32 {
    for e in errors {
        eprintln!("{e}");
    }
    eprintln!("{summary}");
    EXIT_CONTENT
}
