//! `zhenggai import NOTICE`: a published notice into a report folder.

use super::{print_diagnostics, EXIT_CONTENT, EXIT_USAGE};
use std::collections::BTreeSet;
use std::path::Path;
use zhenggai::import::follow::{link, FollowUp};
use zhenggai::import::ledger::LedgerOptions;
use zhenggai::import::{import_text, read::read_notice, write_report, Imported};
use zhenggai::say;

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
    /// The report a ledger updates in place.
    pub update: Option<&'a str>,
    /// With `update`: the day progress is stated to.
    pub as_of: Option<&'a str>,
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
        update,
        as_of,
    } = options;
    if update.is_some() || as_of.is_some() {
        let Some(report) = update.filter(|_| is_ledger(notice)) else {
            eprintln!(
                "{}",
                say!(
                    "错误：--update 和 --as-of 用于用整改台账（.xlsx、.xls、.ods、.csv）更新已有报告：zhenggai import 台账.xlsx --update 报告文件夹名",
                    "error: --update and --as-of update an existing report from a ledger (.xlsx, .xls, .ods, .csv): zhenggai import LEDGER.xlsx --update REPORT"
                )
            );
            return EXIT_USAGE;
        };
        if slug.is_some() || force || follows.is_some() {
            eprintln!(
                "{}",
                say!(
                    "错误：--update 不和 --slug、--force、--follows 一起用",
                    "error: --update does not go with --slug, --force or --follows"
                )
            );
            return EXIT_USAGE;
        }
        let options = LedgerOptions { sheet, columns };
        return super::ledger::update(notice, root, report, &options, as_of, dry_run);
    }
    if let Some(Err(message)) = slug.map(zhenggai::model::check_slug) {
        eprintln!(
            "{}",
            say!("错误：--slug：{message}", "error: --slug: {message}")
        );
        return EXIT_USAGE;
    }
    if is_ledger(notice) {
        if follows.is_some() {
            eprintln!("{}", say!("错误：--follows 按标题关联通报里的问题，台账用不了；先导入台账，再在问题文件里写 `continues:` 关联", "error: --follows links a notice's problems by their titles; import the ledger, then link its problems with `continues:`"));
            return EXIT_USAGE;
        }
        let options = LedgerOptions { sheet, columns };
        return super::ledger::run(notice, root, slug, &options, dry_run, force);
    }
    if sheet.is_some() || columns.is_some() {
        eprintln!(
            "{}",
            say!(
                "错误：--sheet 和 --columns 只用于台账（.xlsx、.xls、.ods、.csv）",
                "error: --sheet and --columns are for ledgers (.xlsx, .xls, .ods, .csv)"
            )
        );
        return EXIT_USAGE;
    }
    let text = match read_notice(notice) {
        Ok(text) => text,
        Err(message) => {
            eprintln!(
                "{}: {}{message}",
                notice.display(),
                say!("错误：", "error: ")
            );
            return EXIT_CONTENT;
        }
    };
    let mut imported = import_text(&text, slug);
    if let Some(slug) = follows.filter(|f| *f == imported.slug) {
        eprintln!(
            "{}",
            say!(
                "错误：--follows {slug} 就是正在导入的这份报告；--follows 要写之前的那份",
                "error: --follows {slug} is the report being imported; a notice follows an earlier one"
            )
        );
        return EXIT_USAGE;
    }
    // The earlier report, and what the portal's notices continue already:
    // read from a portal that checks, so every link written is to a
    // problem that exists and is not continued twice.
    let earlier = match follows {
        None => None,
        // A report replaced with --force is left out: what is wrong in
        // it (statuses still to confirm) is going away.
        Some(wanted) => match zhenggai::build::load_and_check_except(
            root,
            force.then_some(imported.slug.as_str()),
        ) {
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
                            "{}",
                            say!(
                                "错误：--follows {wanted}：没有报告文件夹 {}/content/reports/{wanted}/；写之前那份报告的文件夹名",
                                "error: --follows {wanted}: there is no report folder {}/content/reports/{wanted}/",
                                root.display()
                            )
                        );
                        return EXIT_CONTENT;
                    }
                }
            }
            Err(diags) => {
                print_diagnostics(&diags);
                eprintln!(
                    "{}",
                    say!(
                        "错误：--follows {wanted}：门户内容有错，先改好（运行 zhenggai check 查看），关联才能指向确实存在的问题",
                        "error: --follows {wanted}: the portal has errors; fix them first (zhenggai check), so that links go to problems that exist"
                    )
                );
                return EXIT_CONTENT;
            }
        },
    };
    let follow_up = earlier.map(|(earlier, taken)| {
        // A report re-imported with --force replaces its own links.
        let taken: BTreeSet<String> = taken
            .into_iter()
            .filter(|(_, by)| *by != imported.slug)
            .map(|(target, _)| target)
            .collect();
        link(&mut imported, &earlier, &taken)
    });
    let folder = root.join("content/reports").join(&imported.slug);
    if dry_run {
        for file in &imported.files {
            println!(
                "=== {} ===\n{}",
                folder.join(&file.path).display(),
                file.text
            );
        }
        if folder.exists() && !force {
            eprintln!(
                "{}",
                say!(
                    "注意：{} 已经存在：真正导入时会拒绝写入；要替换它就加 --force，要另存就用 --slug 起个新文件夹名",
                    "note: {} exists already: the import itself will refuse to write; add --force to replace it, or --slug to name a new folder",
                    folder.display()
                )
            );
        }
    } else {
        if folder.exists() && !force {
            eprintln!("{}", already_exists(&folder));
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

/// The refusal to write over a report folder without `--force`.
pub(super) fn already_exists(folder: &Path) -> String {
    say!(
        "错误：{} 已经存在；换一个 --slug，或者加 --force 替换它（原来的报告会先备份到 backups/）",
        "error: {} already exists; choose another --slug or pass --force to replace it (the old report is kept under backups/)",
        folder.display()
    )
}

/// Says what writing a report did: where the report it replaced was
/// kept, or the error. False when nothing was written.
pub(super) fn written(result: Result<Option<std::path::PathBuf>, String>) -> bool {
    match result {
        Ok(Some(backup)) => {
            println!(
                "{}",
                say!(
                    "被替换的报告已移到 {}（确认不再需要时可以删除）",
                    "the report it replaced was moved to {} (delete it when you no longer need it)",
                    backup.display()
                )
            );
            true
        }
        Ok(None) => true,
        Err(message) => {
            eprintln!("{}{message}", say!("错误：", "error: "));
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
                "{}:{line}:{column}: {}",
                folder.join(&file.path).display(),
                say!(
                    "警告：个人信息：{}（{}）；发布前删掉，或者确属依法公开的，写进 `public_data:` 并注明理由",
                    "warning: personal data: a {} ({}); remove it before publishing, or declare it under `public_data:` if it is legally public",
                    finding.kind,
                    finding.masked()
                )
            );
        }
    }
}

/// What `--follows` linked, and what it left for staff, with the lines to
/// add where they decide a problem does continue an earlier one.
fn print_follow_up(found: &FollowUp, folder: &Path, earlier: &str) {
    println!(
        "  {}",
        say!(
            "跟进 {earlier}：{} 个问题已关联（标题相同），{} 个由你决定",
            "follows {earlier}: {} problem(s) linked (the same title), {} left for you to decide",
            found.linked.len(),
            found.undecided.len()
        )
    );
    for (file, target) in &found.linked {
        println!(
            "    {}",
            say!(
                "已关联 {}：接续 {target}",
                "linked {}: continues {target}",
                folder.join(file).display()
            )
        );
    }
    for (file, candidates) in &found.undecided {
        if candidates.is_empty() {
            println!(
                "    {}",
                say!(
                    "未关联 {}：{earlier} 里没有相近的问题（是新问题吗？）",
                    "not linked {}: nothing in {earlier} looks like it (a new problem?)",
                    folder.join(file).display()
                )
            );
            continue;
        }
        println!(
            "    {}",
            say!(
                "未关联 {}：如果它接续下面某个问题，在文件里加一行 `continues: 那个问题`：",
                "not linked {}: if it continues one of these, add `continues: <it>` to the file:",
                folder.join(file).display()
            )
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
        println!("{}: {}{said}", notice.display(), say!("注意：", "note: "));
    }
    let total: usize = imported.per_area.iter().sum();
    let title = n
        .title
        .clone()
        .unwrap_or_else(|| say!("（未找到标题）", "(no title found)"));
    let (shown, files) = (folder.display(), imported.files.len());
    println!(
        "{}",
        match dry_run {
            true => say!(
                "将写入 {shown}（{files} 个文件）：{title}",
                "would write {shown} ({files} files): {title}"
            ),
            false => say!(
                "已写入 {shown}（{files} 个文件）：{title}",
                "wrote {shown} ({files} files): {title}"
            ),
        }
    );
    let per_area: Vec<String> = imported.per_area.iter().map(|c| c.to_string()).collect();
    let per_area = if per_area.len() > 1 {
        format!("（{}）", per_area.join("、"))
    } else {
        String::new()
    };
    let (areas, measures, regulations) = (
        imported.per_area.len(),
        imported.measures,
        imported.regulations,
    );
    println!(
        "{}",
        say!(
            "  {areas} 个方面，{total} 个问题{per_area}，{measures} 条措施，{regulations} 项制度和文件",
            "  {areas} areas, {total} problems{per_area}, {measures} measures, {regulations} regulations and documents"
        )
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
    let contact = match contact.is_empty() {
        true => say!("未找到", "none found"),
        false => contact.join("、"),
    };
    println!(
        "{}",
        say!("  联系方式：{contact}", "  feedback contact: {contact}")
    );
    let s = &imported.statistics;
    let declared: Vec<String> = s
        .declared()
        .into_iter()
        .map(|(key, value)| format!("{}{value}", declared_label(key)))
        .collect();
    let declared = match declared.is_empty() {
        true => say!("无", "none"),
        false => declared.join("，"),
    };
    println!(
        "{}",
        say!(
            "  通报所述数字：{declared}",
            "  figures the notice declares: {declared}"
        )
    );
    if total > 0 {
        let (stated, inferred) = (imported.stated, imported.inferred.len());
        let (done, open) = (imported.inferred_done, imported.inferred_open);
        let listed = match inferred {
            0 => String::new(),
            _ => say!(
                "（{done} 个已完成、{open} 个整改中，逐个列在下面：对照通报核对，改对以后删掉文件里的“# 推断自…”说明；在此之前 check 和 build 不会发布）",
                " ({done} done, {open} in progress, listed below: compare each with the notice, correct it, then delete the “# 推断自…” note in its file; until then check and build refuse to publish)"
            ),
        };
        let unstated = match imported.unstated {
            0 => String::new(),
            n => say!(
                "；既没写状态、也没列措施的 {n} 个（status 留了占位文字：照通报或实际情况填上）",
                "; {n} with neither a status nor a measure (their status is a placeholder: fill it in from the notice or the facts)"
            ),
        };
        println!(
            "{}",
            say!(
                "  通报写明状态的问题 {stated} 个；推断状态的 {inferred} 个{listed}{unstated}",
                "  problems whose status the notice states: {stated}; inferred: {inferred}{listed}{unstated}"
            )
        );
    }
    for guess in &imported.inferred {
        let file = folder.join(&guess.file);
        let (file, from) = (file.display(), &guess.from);
        println!(
            "{}",
            match guess.open {
                true => say!(
                    "    {file}：整改中（推断自{from}）",
                    "    {file}: in progress (inferred from {from})"
                ),
                false => say!(
                    "    {file}：已完成（推断自{from}）",
                    "    {file}: done (inferred from {from})"
                ),
            }
        );
    }
    for (line, message) in &imported.warnings {
        println!(
            "{}:{}:1: {}{message}",
            notice.display(),
            (*line).max(1),
            say!("警告：", "warning: ")
        );
    }
    // The warnings point at the notice; what to fill in is in the files.
    let placeholders = imported
        .files
        .iter()
        .filter(|f| f.text.contains(zhenggai::model::PLACEHOLDER))
        .count();
    if placeholders > 0 {
        let shown = folder.display();
        println!(
            "{}",
            say!(
                "占位文字（“（请填写…）”）在 {shown} 里的 {placeholders} 个文件中：照通报填好，再运行 zhenggai check",
                "placeholders (“（请填写…）”) are in {placeholders} files under {shown}: fill them in from the notice, then run zhenggai check"
            )
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
