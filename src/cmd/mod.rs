//! The command line (the binary's side of the crate, as in mdBook): parses
//! arguments, runs a command through the library, prints what it found and
//! turns the outcome into an exit code. The library returns results and
//! prints nothing; one module here per command.

mod build;
mod check;
mod import;
mod ledger;
mod scaffold;
mod serve;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::{Path, PathBuf};
use zhenggai::diagnostics::Diagnostics;

/// Exit code for a run whose content (or output folder) has errors.
const EXIT_CONTENT: i32 = 1;
/// Exit code for a command line that cannot be run as given.
const EXIT_USAGE: i32 = 2;

/// A help text in the chosen language (clap evaluates these when the
/// command line is built, after the language is chosen).
fn t(zh: &'static str, en: &'static str) -> &'static str {
    if zhenggai::lang::english() {
        en
    } else {
        zh
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "zhenggai",
    version,
    about = t("把每个问题一个文件的内容，生成巡察整改公开网站。",
        "Build a public disclosure portal for inspection rectification (巡察整改公开) from one file per problem."),
    long_about = t("zhenggai 把一个门户文件夹生成可检索的静态网站：content/portal.yaml（门户设置）、\
每份报告一个文件夹（content/reports/<文件夹名>/report.md）、每个问题一个 Markdown 文件\
（content/reports/<文件夹名>/issues/*.md）。错误写作“文件:行:列: 说明”。\n\n\
退出码：0 成功，1 内容有错，2 命令行写得不对。\n\
英文提示：加 --lang en，或设环境变量 ZHENGGAI_LANG=en。",
        "zhenggai builds a searchable static website from a portal folder: content/portal.yaml, \
one folder per report (content/reports/<slug>/report.md) and one Markdown file per problem \
(content/reports/<slug>/issues/*.md). Errors are reported as path:line:col: message.\n\n\
Exit codes: 0 success, 1 content errors, 2 usage errors.\n\
Chinese messages are the default; --lang en or ZHENGGAI_LANG=en gives English."),
)]
struct Cli {
    /// Language of messages and help: zh (default) or en.
    #[arg(long, global = true, value_name = "LANG", help = t("提示和帮助的语言：zh（默认）或 en", "Language of messages and help: zh (default) or en"))]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    #[command(
        about = t("生成网站，写到输出文件夹（默认 site/）。", "Build the static site into the output folder (default: ROOT/site)."),
        long_about = t("生成网站，写到输出文件夹（默认 site/）。\n\n新网站先写在旧网站旁边，写完整了才换上：生成失败时，原来的网站一点不变。",
            "Build the static site into the output folder (default: ROOT/site).\n\nThe new site is written beside the old one and swapped in only when complete: a failed build leaves the previous site exactly as it was.")
    )]
    Build {
        #[arg(default_value = ".", help = t(ROOT_ZH, ROOT_EN))]
        root: PathBuf,
        #[arg(long, short, value_name = "DIR", help = t("输出文件夹（默认：门户文件夹下的 site）", "Output folder [default: ROOT/site]"))]
        out: Option<PathBuf>,
        #[arg(long, value_name = "URL", help = t(
            "网站对外的完整网址，如 https://www.example.gov.cn/zhenggai/（用于订阅、网站地图、开放数据和 404 页；页面之间仍用相对链接）。优先于 portal.yaml 的 base_url。正式发布时要给。",
            "Absolute URL the site will be served from (for feeds, the sitemap, open data and the 404 page; links between pages stay relative). Overrides portal.yaml."))]
        base_url: Option<String>,
        #[arg(long, value_name = "DATE", help = t(
            "页面按哪一天生成，如 2026-12-06（默认：今天；设了环境变量 SOURCE_DATE_EPOCH 时按它）。此后已过的整改时限按这一天说明",
            "The day the pages speak for, such as 2026-12-06 [default: today, or SOURCE_DATE_EPOCH when set]; deadlines passed since a report are stated as of it"))]
        today: Option<String>,
        #[arg(long, short, help = t("不显示进度和警告，只显示错误和一行小结（用于脚本和定时生成）",
            "No progress bar and no warnings: errors and a one-line summary (for scripts and scheduled rebuilds)"))]
        quiet: bool,
    },
    #[command(
        about = t("本机预览：生成网站，在 127.0.0.1 上打开，改了文件就自动重新生成并刷新页面。",
            "Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages."),
        long_about = t("本机预览：生成网站，在 127.0.0.1 上打开，改了文件就自动重新生成并刷新页面。\n\n监视 content/ 和 theme/。改错了，浏览器里显示错在哪里，网站保持上一次正确的样子，改好后自动恢复。",
            "Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages.\n\nWatches content/ and theme/. A broken edit keeps the last good site served and shows the errors in the browser until it is fixed.")
    )]
    Serve {
        #[arg(default_value = ".", help = t(ROOT_ZH, ROOT_EN))]
        root: PathBuf,
        #[arg(long, short, value_name = "DIR", help = t("输出文件夹（默认：门户文件夹下的 site）", "Output folder [default: ROOT/site]"))]
        out: Option<PathBuf>,
        #[arg(long, short, default_value_t = 4000, help = t("端口号（默认 4000）；0 表示自动挑一个空闲端口", "Port to listen on; 0 picks a free one"))]
        port: u16,
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR", help = t(
            "监听的地址（默认 127.0.0.1，只有本机能看）。改成别的地址，别的电脑也能看到预览。",
            "Address to listen on. Anything but 127.0.0.1 exposes the preview to other machines."))]
        bind: std::net::IpAddr,
        #[arg(long, help = t("定时查看文件有没有改（用于网络共享盘、WSL2 和容器，那里文件变动的通知会丢）",
            "Look for changes by polling instead of file-system events (for network shares, WSL2 and containers, where events get lost)"))]
        poll: bool,
    },
    #[command(
        about = t("导入巡察整改通报（.docx、.doc、.pdf、.txt、.html）或整改台账（.xlsx、.xls、.ods、.csv），每个问题生成一个文件。",
            "Import a published notice (.docx, .doc, .pdf, text or a saved .html page) or a rectification ledger (整改台账: .xlsx, .xls, .ods, .csv) as a report with one issue file per problem."),
        long_about = t("导入巡察整改通报（.docx、.doc、.pdf、.txt、.html）或整改台账（.xlsx、.xls、.ods、.csv），每个问题生成一个文件。\n\n\
写到门户的 content/reports/<文件夹名>/：report.md（巡察情况、方面、公布的数字、联系方式）和 issues/*.md（带日期的整改措施、带文号的制度）。\
通报写明的整改状态，文件里标着“# 通报所述：…”；没写明的是推断的，标着“# 推断自…，请核对”；台账的状态读自状态列。原文没写的内容写成（请填写…），填好以前 check 不让发布。\
台账里的人名（责任领导、责任人）和佐证材料不导入。",
            "Import a published notice or a rectification ledger as a report with one issue file per problem.\n\n\
Writes content/reports/<slug>/ under ROOT: report.md (inspection facts, areas, declared figures, contact) and issues/*.md (measures with dates, regulations with document numbers). \
A notice's statuses are inferred and marked `# inferred` in the files; a ledger's are read from its status column. What the source does not state is written as a （请填写…） placeholder that `check` refuses until it is filled in. \
A ledger's names of people (责任领导, 责任人) and evidence (佐证材料) are never imported.")
    )]
    Import {
        #[arg(help = t("通报文件（.txt（UTF-8 或 GBK）、.docx、.doc、.wps、.pdf、另存的网页 .html）或台账（.xlsx、.xlsm、.xls、.ods、.csv）",
            "The notice: text (UTF-8 or GBK), .docx, .doc, .wps, .pdf or a saved page (.html); or a ledger: .xlsx, .xlsm, .xls, .ods or .csv"))]
        notice: PathBuf,
        #[arg(long, default_value = ".", help = t("写入哪个门户文件夹（默认：当前文件夹）", "Portal root to write into"))]
        root: PathBuf,
        #[arg(long, help = t("报告的文件夹名（英文字母、数字和 -；默认：发布日期加单位名的短码）",
            "Folder name of the report [default: publication date and a short hash of the unit]"))]
        slug: Option<String>,
        #[arg(long, help = t("只显示要写的文件，不写", "Print the files instead of writing them"))]
        dry_run: bool,
        #[arg(long, help = t("替换同名的报告；原来的报告先备份到门户的 backups/ 下", "Replace an existing report of the same name; the old one is kept under backups/"))]
        force: bool,
        #[arg(long, value_name = "REPORT", help = t(
            "这份通报是对之前某份报告的跟进（写它的文件夹名）：标题相同的问题自动关联，其余的列出来由你决定",
            "The notice follows up this earlier report (its folder name): problems with the same title are linked, the rest are listed for you to decide"))]
        follows: Option<String>,
        #[arg(long, help = t("台账读哪个工作表（默认：第一个）", "A ledger's sheet to read [default: the first]"))]
        sheet: Option<String>,
        #[arg(long, value_name = "REPORT", help = t(
            "用台账更新已有的报告（写它的文件夹名）：只改台账里变了的状态、时限、措施和责任单位，其余原样保留",
            "Update an existing report (its folder name) from the ledger: only the statuses, deadlines, measures and departments the ledger changed"))]
        update: Option<String>,
        #[arg(long, value_name = "DATE", help = t(
            "--update 时进展截至的日期，如 2024-03-31（不写时读台账里的“截至…”一行）",
            "With --update: the day progress is stated to, such as 2024-03-31 (else the ledger's 截至… line)"))]
        as_of: Option<String>,
        #[arg(long, value_name = "FIELD=COLUMN,...", help = t(
            "台账的列认不出时，直接指定：title=C,status=H,deadline=G（可用的字段：number 序号, area 方面, group 类别, title 问题, measures 措施, progress 进展, department 责任单位, deadline 时限, status 状态, reason 时限调整原因, key 问题标识, internal 内部, ignore 不用）",
            "A ledger's columns, named outright where its headers are not recognised: title=C,status=H,deadline=G (fields: number, area, group, title, measures, progress, department, deadline, status, reason, key, internal, ignore)"))]
        columns: Option<String>,
    },
    #[command(
        about = t("新建门户：写一个 portal.yaml 和一份带两个问题的示例报告，每个字段都有，可以直接生成。发布前要把示例内容换成自己的。",
            "Start a new portal: writes a portal.yaml and one small report with two problems that show every field, ready to build.")
    )]
    Init {
        #[arg(help = t("新门户放在哪个文件夹", "Folder to create the portal in"))]
        dir: PathBuf,
        #[arg(long, help = t("同时把默认主题复制到 文件夹/theme/，以便修改样式", "Also copy the default theme into DIR/theme/ to customise"))]
        theme: bool,
        #[arg(long, help = t("文件夹不是空的也写（只覆盖示例文件）", "Write into a folder that is not empty (overwrites only the starter files)"))]
        force: bool,
    },
    #[command(
        about = t("在报告里新加一个问题文件：用该类别的下一个编号，每个字段都写好。",
            "Add a problem file to a report, with the next free number of a group and every field in place.")
    )]
    New {
        #[arg(help = t("报告：content/reports/ 下它的文件夹名", "The report: its folder name under content/reports/"))]
        report: String,
        #[arg(long, help = t("第几个方面（一、二、…），从 1 数起", "Area (一、二、…) as a number, counted from 1"))]
        area: u32,
        #[arg(long, help = t("该方面里的第几类（（一）、（二）、…），从 1 数起", "Group ((一)、(二)、…) within the area, counted from 1"))]
        group: u32,
        #[arg(long, default_value = ".", help = t("门户文件夹（默认：当前文件夹）", "Portal root"))]
        root: PathBuf,
    },
    #[command(
        about = t("检查内容，什么也不写；报告公布的数字和问题文件对不上时提示。",
            "Validate the content without writing anything, and warn where the figures a report declares differ from what its issue files add up to."),
        long_about = t("检查内容，什么也不写；报告公布的数字和问题文件对不上时提示。\n\n\
加 --fix 时，只改机械性的输入错误（字段名后的全角冒号“：”、用全角空格缩进），并逐条说明改了什么；别的内容从不改动。",
            "Validate the content without writing anything, and warn where the figures a report declares differ from what its issue files add up to.\n\n\
With --fix, only mechanical slips are repaired (a full-width colon after a field name, full-width spaces used as indentation), each change stated; nothing else is ever rewritten.")
    )]
    Check {
        #[arg(default_value = ".", help = t(ROOT_ZH, ROOT_EN))]
        root: PathBuf,
        #[arg(long, help = t("修好机械性的输入错误（全角冒号、全角空格缩进），并说明改了哪里",
            "Repair mechanical slips (full-width colons, full-width indentation) and say what changed"))]
        fix: bool,
    },
}

const ROOT_ZH: &str = "门户文件夹：放 content/（和 theme/）的那个文件夹（默认：当前文件夹）";
const ROOT_EN: &str = "Portal root: the folder that holds content/ (and optionally theme/)";

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = match parse_command_line() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            today,
            quiet,
        } => build::run(root, out, base_url, today, quiet),
        Command::Serve {
            root,
            out,
            port,
            bind,
            poll,
        } => serve::run(root, out, bind, port, poll),
        Command::Import {
            notice,
            root,
            slug,
            dry_run,
            force,
            follows,
            sheet,
            columns,
            update,
            as_of,
        } => import::run(
            &notice,
            &root,
            import::Options {
                slug: slug.as_deref(),
                dry_run,
                force,
                follows: follows.as_deref(),
                sheet: sheet.as_deref(),
                columns: columns.as_deref(),
                update: update.as_deref(),
                as_of: as_of.as_deref(),
            },
        ),
        Command::Init { dir, theme, force } => scaffold::init(&dir, theme, force),
        Command::New {
            report,
            area,
            group,
            root,
        } => scaffold::new(&root, &report, area, group),
        Command::Check { root, fix } => check::run(&root, fix),
    }
}

/// `site/` inside the portal root (shown as `site` when the root is `.`).
fn default_out(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from("site")
    } else {
        root.join("site")
    }
}

/// Prints findings to stderr, one per line, sorted by file and line.
fn print_diagnostics(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}

/// Reads the command line: the language first (it decides every later
/// text, help included), then the rest through clap, whose own words
/// (headings, errors) are put into the chosen language here.
fn parse_command_line() -> Result<Cli, i32> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let requested = args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1)?.to_str().map(str::to_string),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        }
    });
    if let Some(wanted) = requested.as_deref() {
        let known = ["zh", "en", "zh_CN", "zh-CN", "english", "chinese"];
        if !known.iter().any(|k| k.eq_ignore_ascii_case(wanted))
            && !wanted.to_ascii_lowercase().starts_with("en")
        {
            eprintln!("错误：--lang 只能写 zh（中文，默认）或 en（英文），不认识“{wanted}”\nerror: --lang takes zh or en");
            return Err(EXIT_USAGE);
        }
    }
    zhenggai::lang::choose(requested.as_deref());
    let command = localise(Cli::command());
    let usage_of = |name: Option<&str>| {
        let mut command = localise(Cli::command());
        let mut command = match name.and_then(|n| command.find_subcommand_mut(n)) {
            Some(sub) => sub.clone(),
            None => command,
        };
        command.render_usage().to_string()
    };
    let matches = match command.try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return Err(usage_error(e, usage_of)),
    };
    Cli::from_arg_matches(&matches).map_err(|e| usage_error(e, usage_of))
}

/// clap's fixed words (headings, the help and version flags) in the
/// chosen language, for the command and every subcommand.
fn localise(command: clap::Command) -> clap::Command {
    if zhenggai::lang::english() {
        return command;
    }
    let command = command
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .global(true)
                .help("显示这份说明（--help 更详细）"),
        )
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("显示版本号"),
        )
        .mut_args(chinese_heading);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names.iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| {
            sub.help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
                .disable_help_flag(true)
                .mut_args(chinese_heading)
        })
    })
}

/// An argument listed under 参数 or 选项, its default said in its own
/// (Chinese) help rather than clap's English `[default: …]`.
fn chinese_heading(arg: clap::Arg) -> clap::Arg {
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let hide = !arg.get_default_values().is_empty();
    // What to type, in words a clerk reads (`<报告文件夹名>`, not `<REPORT>`).
    let name = match arg.get_id().as_str() {
        "root" => "门户文件夹",
        "out" | "dir" => "文件夹",
        "base_url" => "网址",
        "today" | "as_of" => "日期",
        "port" => "端口",
        "bind" => "地址",
        "notice" => "通报或台账文件",
        "slug" => "文件夹名",
        "follows" | "update" | "report" => "报告文件夹名",
        "sheet" => "工作表",
        "columns" => "字段=列,…",
        "area" | "group" => "序号",
        "lang" => "语言",
        _ => "",
    };
    let arg = if !name.is_empty() && arg.get_action().takes_values() {
        arg.value_name(name)
    } else {
        arg
    };
    arg.help_heading(heading).hide_default_value(hide)
}

/// Prints a command-line mistake in the chosen language with the usage
/// line and where to read more, and returns the exit code (0 for --help
/// and --version, which clap also reports as "errors").
fn usage_error(error: clap::Error, usage_of: impl Fn(Option<&str>) -> String) -> i32 {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return EXIT_USAGE;
        }
        _ => {}
    }
    if zhenggai::lang::english() {
        let _ = error.print();
        return EXIT_USAGE;
    }
    let context = |kind: ContextKind| -> String {
        match error.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let suggestion = {
        let arg = context(ContextKind::SuggestedArg);
        let sub = context(ContextKind::SuggestedSubcommand);
        let hint = if !arg.is_empty() { arg } else { sub };
        if hint.is_empty() {
            String::new()
        } else {
            format!("是不是要写 {hint}？")
        }
    };
    let message = match error.kind() {
        ErrorKind::UnknownArgument => format!("没有 {argument} 这个选项。{suggestion}"),
        ErrorKind::InvalidSubcommand => format!(
            "没有 {} 这个命令。{suggestion}可用的命令：build、serve、import、init、new、check。",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingSubcommand => {
            "要写一个命令：build、serve、import、init、new 或 check。".to_string()
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必须写的参数：{argument}。"),
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if value.is_empty() {
                format!("{argument} 后面要写一个值。")
            } else if valid.is_empty() {
                format!("{argument} 的值 {value} 不对。")
            } else {
                format!("{argument} 的值 {value} 不对，可以写：{valid}。")
            }
        }
        ErrorKind::ValueValidation => {
            format!(
                "{argument} 的值 {value} 不对：要写{}。",
                expected_value(&argument)
            )
        }
        ErrorKind::ArgumentConflict => format!(
            "{argument} 不能和 {} 一起用。",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("多写了一个值：{value}。")
        }
        ErrorKind::InvalidUtf8 => "参数里有无法识别的字符（不是 UTF-8）。".to_string(),
        _ => format!("命令行写得不对：{}", error.to_string().trim()),
    };
    let subcommand = std::env::args()
        .skip(1)
        .find(|a| ["build", "serve", "import", "init", "new", "check"].contains(&a.as_str()));
    eprintln!("错误：{message}");
    eprintln!();
    let usage = usage_of(subcommand.as_deref());
    let usage = usage.trim_start_matches("Usage: ");
    match &subcommand {
        Some(_) => eprintln!("用法：zhenggai {usage}"),
        None => eprintln!("用法：{usage}"),
    }
    let more = match &subcommand {
        Some(sub) => format!("zhenggai {sub} --help"),
        None => "zhenggai --help".to_string(),
    };
    eprintln!("查看说明：{more}");
    EXIT_USAGE
}

/// What a value that failed to parse should look like, by its option.
fn expected_value(argument: &str) -> &'static str {
    if argument.contains("port") {
        "端口号（0 到 65535 之间的数字）"
    } else if argument.contains("bind") {
        "一个 IP 地址，如 127.0.0.1"
    } else if argument.contains("area") || argument.contains("group") {
        "从 1 数起的整数"
    } else {
        "合适的值"
    }
}
