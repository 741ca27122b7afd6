//! `zhenggai import NOTICE`: a published notice into a report folder.

use super::{print_diagnostics, EXIT_CONTENT, EXIT_USAGE};
use std::collections::BTreeSet;
use std::path::Path;
use zhenggai::import::follow::{link, FollowUp};
use zhenggai::import::ledger::LedgerOptions;
use zhenggai::import::{import_text, read::read_notice, write_report, Imported};

/// How to import.
pub struct Options<'a> {
    pub slug: Option<&'a str>,
    pub dry_run: bool,
    pub force: bool,
    /// The earlier report this notice follows up.
    pub follows: Option<&'a str>,
    /// A ledger's sheet.
    pub sheet: Option<&'a str>,
    /// A ledger's columns named outright.
    pub columns: Option<&'a str>,
}

/// Whether a file is a ledger (a spreadsheet), by its extension.
fn is_ledger(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(
        extension.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "ods" | "csv")
    )
}

/// Imports `notice` into `root`'s content (or prints the files with
/// `dry_run`); an existing report folder is replaced only with `force`.
pub fn run(notice: &Path, root: &Path, options: Options) -> i32 {
    let Options {
        slug,
        dry_run,
        force,
        follows,
        sheet,
        columns,
    } = options;
    if let Some(Err(message)) = slug.map(zhenggai::model::check_slug) {
        eprintln!("error: --slug: {message}");
        return EXIT_USAGE;
    }
    if is_ledger(notice) {
        if follows.is_some() {
            eprintln!("error: --follows links a notice's problems by their titles; import the ledger, then link its problems with `continues:`");
            return EXIT_USAGE;
        }
        let options = LedgerOptions { sheet, columns };
        return super::ledger::run(notice, root, slug, &options, dry_run, force);
    }
    if sheet.is_some() || columns.is_some() {
        eprintln!("error: --sheet and --columns are for ledgers (.xlsx, .xls, .ods, .csv)");
        return EXIT_USAGE;
    }
    // The earlier report, and what the portal's notices continue already:
    // read from a portal that checks, so every link written is to a
    // problem that exists and is not continued twice.
    let earlier = match follows {
        None => None,
        Some(wanted) => match zhenggai::build::load_and_check(root) {
            Ok((portal, _)) => {
                // (continued problem, the report continuing it)
                let taken: Vec<(String, String)> = portal
                    .reports
                    .iter()
                    .flat_map(|r| r.issues.iter().map(move |i| (r, i)))
                    .filter_map(|(r, i)| {
                        let target = i.meta.continues.as_deref()?;
                        Some((target.trim_end_matches(".md").to_string(), r.slug.clone()))
                    })
                    .collect();
                match portal.reports.into_iter().find(|r| r.slug == wanted) {
                    Some(report) => Some((report, taken)),
                    None => {
                        eprintln!(
                            "error: --follows {wanted}: there is no report folder {}/content/reports/{wanted}/",
                            root.display()
                        );
                        return EXIT_CONTENT;
                    }
                }
            }
            Err(diags) => {
                print_diagnostics(&diags);
                eprintln!(
                    "error: --follows {wanted}: the portal has errors; fix them first (zhenggai check), so that links go to problems that exist"
                );
                return EXIT_CONTENT;
            }
        },
    };
    let text = match read_notice(notice) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{}: error: {message}", notice.display());
            return EXIT_CONTENT;
        }
    };
    let mut imported = import_text(&text, slug);
    let follow_up = earlier.map(|(earlier, taken)| {
        // A report re-imported with --force replaces its own links.
        let taken: BTreeSet<String> = taken
            .into_iter()
            .filter(|(_, by)| *by != imported.slug)
            .map(|(target, _)| target)
            .collect();
        link(&mut imported, &earlier, &taken)
    });
    if let Some(slug) = follows.filter(|f| *f == imported.slug) {
        eprintln!(
            "error: --follows {slug} is the report being imported; a notice follows an earlier one"
        );
        return EXIT_USAGE;
    }
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
        if !written(write_report(&imported.files, &folder, root)) {
            return EXIT_CONTENT;
        }
    }
    print_summary(&imported, notice, &folder, dry_run);
    let contact: Vec<&str> = [&imported.contact.phone, &imported.contact.email]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    warn_personal_data(&folder, &imported.files, &contact);
    if let Some(found) = follow_up {
        print_follow_up(&found, &folder, follows.unwrap_or_default());
    }
    0
}

/// Says what writing a report did: where the report it replaced was
/// kept, or the error. False when nothing was written.
pub(super) fn written(result: Result<Option<std::path::PathBuf>, String>) -> bool {
    match result {
        Ok(Some(backup)) => {
            println!(
                "the report it replaced was moved to {} (delete it when you no longer need it)",
                backup.display()
            );
            true
        }
        Ok(None) => true,
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
    }
}

/// Personal data in the files an import writes (or would write), marked
/// for staff at its line: `check` refuses to publish it until it is
/// removed or declared public.
pub(super) fn warn_personal_data(
    folder: &Path,
    files: &[zhenggai::import::PlannedFile],
    contact: &[&str],
) {
    // The notice's own feedback contact is published on purpose.
    let public = |value: &str| {
        let digits = |s: &str| {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        };
        contact.iter().any(|c| digits(c).contains(&digits(value)))
    };
    for file in files {
        for finding in zhenggai::validate::personal::find(&file.text) {
            if public(&finding.value) {
                continue;
            }
            let before = &file.text[..finding.start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            println!(
                "{}:{line}:{column}: warning: personal data: a {} ({}); remove it before publishing, or declare it under `public_data:` if it is legally public",
                folder.join(&file.path).display(),
                finding.kind,
                finding.masked()
            );
        }
    }
}

/// What `--follows` linked, and what it left for staff, with the lines to
/// add where they decide a problem does continue an earlier one.
fn print_follow_up(found: &FollowUp, folder: &Path, earlier: &str) {
    println!(
        "  follows {earlier}: {} problem(s) linked (the same title), {} left for you to decide",
        found.linked.len(),
        found.undecided.len()
    );
    for (file, target) in &found.linked {
        println!(
            "    linked {}: continues {target}",
            folder.join(file).display()
        );
    }
    for (file, candidates) in &found.undecided {
        if candidates.is_empty() {
            println!(
                "    not linked {}: nothing in {earlier} looks like it (a new problem?)",
                folder.join(file).display()
            );
            continue;
        }
        println!(
            "    not linked {}: if it continues one of these, add `continues: <it>` to the file:",
            folder.join(file).display()
        );
        for (target, why) in candidates {
            println!("      {target} ({why})");
        }
    }
}

fn print_summary(imported: &Imported, notice: &Path, folder: &Path, dry_run: bool) {
    let n = &imported.notice;
    // What check will refuse comes first, before the figures.
    for said in &imported.disagreements {
        println!("{}: 注意：{said}", notice.display());
    }
    let total: usize = imported.per_area.iter().sum();
    let verb = if dry_run { "将写入" } else { "已写入" };
    println!(
        "{verb} {}（{} 个文件）：{}",
        folder.display(),
        imported.files.len(),
        n.title.as_deref().unwrap_or("（未找到标题）")
    );
    let per_area: Vec<String> = imported.per_area.iter().map(|c| c.to_string()).collect();
    let per_area = if per_area.len() > 1 {
        format!("（{}）", per_area.join("、"))
    } else {
        String::new()
    };
    println!(
        "  {} 个方面，{} 个问题{per_area}，{} 条措施，{} 项制度和文件",
        imported.per_area.len(),
        total,
        imported.measures,
        imported.regulations
    );
    let c = &imported.contact;
    let contact: Vec<&str> = [
        ("电话", &c.phone),
        ("地址", &c.address),
        ("邮编", &c.postcode),
        ("邮箱", &c.email),
    ]
    .iter()
    .filter(|(_, v)| v.is_some())
    .map(|(k, _)| *k)
    .collect();
    println!(
        "  联系方式：{}",
        if contact.is_empty() {
            "未找到".to_string()
        } else {
            contact.join("、")
        }
    );
    let s = &imported.statistics;
    let declared: Vec<String> = s
        .declared()
        .into_iter()
        .map(|(key, value)| format!("{}{value}", declared_label(key)))
        .collect();
    println!(
        "  通报所述数字：{}",
        if declared.is_empty() {
            "无".to_string()
        } else {
            declared.join("，")
        }
    );
    if total > 0 {
        println!(
            "  通报写明状态的问题 {} 个；推断状态的 {} 个{}",
            imported.stated,
            imported.inferred.len(),
            if imported.inferred.is_empty() {
                String::new()
            } else {
                format!(
                    "（{} 个已完成、{} 个整改中，逐个列在下面，请对照通报核对）",
                    imported.inferred_done, imported.inferred_open
                )
            }
        );
    }
    for guess in &imported.inferred {
        println!(
            "    {}：{}（推断自{}）",
            folder.join(&guess.file).display(),
            if guess.open { "整改中" } else { "已完成" },
            guess.from
        );
    }
    for (line, message) in &imported.warnings {
        println!(
            "{}:{}:1: warning: {message}",
            notice.display(),
            (*line).max(1)
        );
    }
}

/// A `declared:` key in the words of the notice.
fn declared_label(key: &str) -> &'static str {
    match key {
        "problems" => "问题",
        "tasks" => "整改任务",
        "areas" => "方面",
        "done" => "已完成",
        "basically_done" => "基本完成",
        "in_progress" => "正在整改",
        "unfinished" => "未完成",
        "long_term" => "长期坚持",
        "regulations_established" => "建立制度",
        "regulations_revised" => "完善制度",
        _ => "制度",
    }
}
