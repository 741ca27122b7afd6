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

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use zhenggai::diagnostics::Diagnostics;

/// Exit code for a run whose content (or output folder) has errors.
const EXIT_CONTENT: i32 = 1;
/// Exit code for a command line that cannot be run as given.
const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "zhenggai",
    version,
    about = "Build a public disclosure portal for inspection rectification (巡察整改公开) from one file per problem.",
    long_about = "zhenggai builds a searchable static website from a portal folder: content/portal.yaml, \
one folder per report (content/reports/<slug>/report.md) and one Markdown file per problem \
(content/reports/<slug>/issues/*.md). Errors are reported as path:line:col: message.\n\n\
Exit codes: 0 success, 1 content errors, 2 usage errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the static site into the output folder (default: ROOT/site).
    ///
    /// The new site is written beside the old one and swapped in only when
    /// complete: a failed build leaves the previous site exactly as it was.
    Build {
        /// Portal root: the folder that holds content/ (and optionally theme/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/site].
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Absolute URL the site will be served from (for feeds, the sitemap,
        /// open data and the 404 page; links between pages stay relative).
        /// Overrides portal.yaml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// No progress bar and no warnings: errors and a one-line summary
        /// (for scripts and scheduled rebuilds).
        #[arg(long, short)]
        quiet: bool,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages.
    ///
    /// Watches content/ and theme/. A broken edit keeps the last good site
    /// served and shows the errors in the browser until it is fixed.
    Serve {
        /// Portal root: the folder that holds content/ (and optionally theme/).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/site].
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = 4000)]
        port: u16,
        /// Address to listen on. Anything but 127.0.0.1 exposes the preview
        /// to other machines.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Look for changes by polling instead of file-system events (for
        /// network shares, WSL2 and containers, where events get lost).
        #[arg(long)]
        poll: bool,
    },
    /// Import a published notice (text, .docx or a saved .html page) or a
    /// rectification ledger (整改台账: .xlsx, .xls, .ods, .csv) as a report with
    /// one issue file per problem.
    ///
    /// Writes content/reports/<slug>/ under ROOT: report.md (inspection facts,
    /// areas, declared figures, contact) and issues/*.md (measures with dates,
    /// regulations with document numbers). A notice's statuses are inferred and
    /// marked `# inferred` in the files; a ledger's are read from its status
    /// column. What the source does not state is written as a （请填写…）
    /// placeholder that `check` refuses until it is filled in. A ledger's names of
    /// people (责任领导, 责任人) and evidence (佐证材料) are never imported.
    Import {
        /// The notice: a text file (UTF-8 or GBK), a Word .docx, or a saved web
        /// page (.html); or a ledger: .xlsx, .xlsm, .xls, .ods or .csv (UTF-8 or GBK).
        notice: PathBuf,
        /// Portal root to write into.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Folder name of the report [default: publication date and a short
        /// hash of the unit].
        #[arg(long)]
        slug: Option<String>,
        /// Print the files instead of writing them.
        #[arg(long)]
        dry_run: bool,
        /// Overwrite an existing report folder of the same name.
        #[arg(long)]
        force: bool,
        /// The notice follows up this earlier report (its folder name): its
        /// problems are linked to the earlier ones where the title is the
        /// same, and the rest are listed for you to decide.
        #[arg(long, value_name = "REPORT")]
        follows: Option<String>,
        /// A ledger's sheet to read [default: the first].
        #[arg(long)]
        sheet: Option<String>,
        /// A ledger's columns, named outright where its headers are not
        /// recognised: `title=C,status=H,deadline=G` (fields: number, area,
        /// group, title, measures, progress, department, deadline, status,
        /// internal, ignore).
        #[arg(long, value_name = "FIELD=COLUMN,...")]
        columns: Option<String>,
    },
    /// Start a new portal: writes a portal.yaml and one small report with two
    /// problems that show every field, ready to build.
    Init {
        /// Folder to create the portal in.
        dir: PathBuf,
        /// Also copy the default theme into DIR/theme/ to customise.
        #[arg(long)]
        theme: bool,
        /// Write into a folder that is not empty (overwrites only the
        /// starter files).
        #[arg(long)]
        force: bool,
    },
    /// Add a problem file to a report, with the next free number of a group
    /// and every field in place.
    New {
        /// The report: its folder name under content/reports/.
        report: String,
        /// Area (一、二、…) as a number, counted from 1.
        #[arg(long)]
        area: u32,
        /// Group ((一)、(二)、…) within the area, counted from 1.
        #[arg(long)]
        group: u32,
        /// Portal root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Validate the content without writing anything, and warn where the
    /// figures a report declares differ from what its issue files add up to.
    Check {
        /// Portal root: the folder that holds content/.
        #[arg(default_value = ".")]
        root: PathBuf,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    match Cli::parse().command {
        Command::Build {
            root,
            out,
            base_url,
            quiet,
        } => build::run(root, out, base_url, quiet),
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
            },
        ),
        Command::Init { dir, theme, force } => scaffold::init(&dir, theme, force),
        Command::New {
            report,
            area,
            group,
            root,
        } => scaffold::new(&root, &report, area, group),
        Command::Check { root } => check::run(&root),
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
