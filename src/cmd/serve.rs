//! `zhenggai serve`: build, serve on 127.0.0.1, watch `content/` and
//! `theme/`, rebuild what a change touches, and reload the open pages. A
//! broken edit keeps the last good site served and shows the errors in the
//! browser until the file is fixed. The parts (the incremental pipeline,
//! the HTTP server, the watcher) are the library's `serve` module; this
//! loop ties them together and keeps the log.

use super::{default_out, print_diagnostics, EXIT_CONTENT, EXIT_USAGE};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use zhenggai::diagnostics::Diagnostics;
use zhenggai::say;
use zhenggai::serve::{http, watch, workspace::Workspace};

/// What `serve` was asked for.
struct Options {
    root: PathBuf,
    out: PathBuf,
    bind: IpAddr,
    /// 0 picks a free port.
    port: u16,
    /// Poll the files instead of native events (network shares, WSL2,
    /// containers).
    poll: bool,
}

/// Builds, serves and rebuilds until Ctrl-C; returns the exit code.
pub fn run(root: PathBuf, out: Option<PathBuf>, bind: IpAddr, port: u16, poll: bool) -> i32 {
    let out = out.unwrap_or_else(|| default_out(&root));
    let options = Options {
        root,
        out,
        bind,
        port,
        poll,
    };
    let root = match options.root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            eprintln!(
                "{}",
                say!(
                    "错误：打不开 {}：{e}",
                    "error: cannot open {}: {e}",
                    options.root.display()
                )
            );
            return EXIT_CONTENT;
        }
    };
    let out = if options.out.is_absolute() {
        options.out.clone()
    } else {
        std::env::current_dir()
            .unwrap_or_default()
            .join(&options.out)
    };
    if let Err(message) = zhenggai::write::check_output_folder(&out) {
        eprintln!("{}{message}", say!("错误：", "error: "));
        return EXIT_CONTENT;
    }
    if !root.join("content").is_dir() {
        eprintln!(
            "{}",
            say!(
                "错误：{} 里没有 content/ 文件夹；请在门户文件夹（放 content/portal.yaml 的那个）里运行 zhenggai serve，或者把它写在命令后面",
                "error: {} has no content/ folder; run zhenggai serve in a portal root (the folder holding content/portal.yaml)",
                root.display()
            )
        );
        return EXIT_CONTENT;
    }
    let hub = Arc::new(http::Hub::default());
    let mut workspace = Workspace::new(&root, &out);
    let mut shown_warnings = Vec::new();
    rebuild(
        &mut workspace,
        &hub,
        &[],
        &root,
        &mut shown_warnings,
        &mut || false,
    );
    return_freed_memory();

    let server = match http::Server::bind((options.bind, options.port)) {
        Ok(server) => Arc::new(server),
        Err(e) => {
            eprintln!(
                "{}",
                say!(
                    "错误：无法在 {}:{} 上打开预览：{e}；可能这个端口已被占用（比如另一个 zhenggai serve 还开着），用 --port 换一个端口（0 表示自动挑）",
                    "error: cannot listen on {}:{}: {e}; choose another port with --port (0 picks a free one)",
                    options.bind,
                    options.port
                )
            );
            return EXIT_USAGE;
        }
    };
    let address = server.address().map(|a| a.to_string()).unwrap_or_default();
    if !options.bind.is_loopback() {
        eprintln!(
            "{}",
            say!(
                "警告：预览开在 {address} 上：网络上的其他电脑也能看到",
                "warning: serving on {address}: other machines on the network can read the preview"
            )
        );
    }
    let http_thread = http::spawn(server.clone(), out.clone(), hub.clone());

    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(watch::Message::Stop);
    }) {
        eprintln!(
            "{}",
            say!(
                "警告：无法接管 Ctrl-C：{e}",
                "warning: Ctrl-C handler not installed: {e}"
            )
        );
    }
    let _watching = match watch::start(&root, options.poll, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "{}",
                say!(
                    "错误：无法监视 {} 的变动：{e}；试试加 --poll",
                    "error: cannot watch {}: {e}; try --poll",
                    root.display()
                )
            );
            server.unblock();
            return EXIT_CONTENT;
        }
    };
    println!(
        "{}",
        say!(
            "预览地址 http://{address}/ （网站在 {}）；正在{}监视 content/ 和 theme/，保存即更新（按 Ctrl-C 停止）",
            "serving http://{address}/ from {} — watching content/ and theme/{} (Ctrl-C to stop)",
            out.display(),
            match (options.poll, zhenggai::lang::english()) {
                (true, true) => " by polling",
                (true, false) => "定时",
                _ => "",
            }
        )
    );
    // Messages read while a rebuild looked for a newer save.
    let mut backlog = std::collections::VecDeque::new();
    while let Some(changed) = watch::next_batch(&root, &rx, &mut backlog, |e| {
        eprintln!("{}{e}", say!("监视：", "watch: "))
    }) {
        let changed: Vec<PathBuf> = changed.into_iter().collect();
        let mut newer = || watch::newer_change(&root, &rx, &mut backlog);
        rebuild(
            &mut workspace,
            &hub,
            &changed,
            &root,
            &mut shown_warnings,
            &mut newer,
        );
        return_freed_memory();
    }
    server.unblock();
    let _ = http_thread.join();
    println!("{}", say!("已停止", "stopped"));
    0
}

/// Hands the memory a rebuild freed back to the system now, while the
/// preview waits for the next save. Left to itself, the allocator does it
/// on the next save's first allocations, which at 100,000 problems held
/// the edited page back by 50-70 ms.
fn return_freed_memory() {
    // Safety: mi_collect only tidies the calling thread's heap (and, with
    // `force`, frees what threads left); it takes no pointers.
    #[cfg(not(feature = "system-alloc"))]
    {
        rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
        unsafe { libmimalloc_sys::mi_collect(true) };
    }
}

/// One rebuild with its log line and browser notification. Warnings are
/// printed when they differ from the last ones printed (`shown`), not
/// again on every save. `newer_save` tells whether another save came in.
fn rebuild(
    workspace: &mut Workspace,
    hub: &http::Hub,
    changed: &[PathBuf],
    root: &Path,
    shown: &mut Vec<String>,
    newer_save: &mut dyn FnMut() -> bool,
) {
    let what = describe(changed, root);
    let mut announce = |paths: &[String]| hub.reload_pages(paths);
    let mut result = workspace.rebuild_safely(changed, &mut announce, newer_save);
    if let Err(diags) = &result {
        // A file caught half-written fails to parse; give it a moment.
        // (The root is absolute here, so findings carry the watcher's paths.)
        let names_a_changed_file = diags.sorted().iter().any(|d| changed.contains(&d.path));
        if names_a_changed_file {
            std::thread::sleep(watch::SETTLE);
            result = workspace.rebuild_safely(changed, &mut announce, newer_save);
        }
    }
    match result {
        Ok(done) => {
            let warnings = lines(&done.warnings);
            if warnings != *shown {
                print_diagnostics(&done.warnings);
                *shown = warnings;
            }
            println!(
                "{}",
                say!(
                    "已更新{what}：生成 {} 页，写入 {} 个文件，删除 {} 个；页面 {} 毫秒，共 {} 毫秒",
                    "rebuilt{what}: {} pages rendered, {} files written, {} removed; pages in {} ms, all in {} ms",
                    done.pages_rendered,
                done.files_written,
                done.files_removed,
                done.pages_done.as_millis(),
                done.total.as_millis()
                )
            );
            if done.deferred {
                println!(
                    "{}",
                    say!(
                        "  又有文件保存了：列表、搜索索引和公开数据留到下一次成功更新时再生成",
                        "  another save came in: the lists, search index and open data wait for the next rebuild that succeeds"
                    )
                );
            }
            // The pages whose files changed were told as they were
            // written; a save that changed no output (a touch, the second
            // half of a slow write) reloads nothing, unless errors shown
            // over the pages are now mended.
            if hub.showing_errors() {
                hub.reload();
            }
        }
        Err(diags) => {
            print_diagnostics(&diags);
            let kept = if workspace.has_site() {
                say!(
                    "预览仍是上一次正确的网站",
                    "still serving the last good site"
                )
            } else {
                say!(
                    "改好之前没有可预览的网站",
                    "nothing to serve until they are fixed"
                )
            };
            println!(
                "{}",
                say!(
                    "未更新{what}：{} 处错误；{kept}",
                    "not rebuilt{what}: {} error(s); {kept}",
                    diags.error_count()
                )
            );
            hub.errors(&lines(&diags));
        }
    }
}

fn lines(diags: &Diagnostics) -> Vec<String> {
    diags.sorted().iter().map(|d| d.to_string()).collect()
}

fn describe(changed: &[PathBuf], root: &Path) -> String {
    match changed {
        [] => String::new(),
        [one] => say!(
            "（{} 改动后）",
            " after {}",
            one.strip_prefix(root).unwrap_or(one).display()
        ),
        [first, rest @ ..] => say!(
            "（{} 等 {} 个文件改动后）",
            " after {} and {} other file(s)",
            first.strip_prefix(root).unwrap_or(first).display(),
            rest.len() + 1
        ),
    }
}
