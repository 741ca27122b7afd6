//! Watching the portal: native file events (or polling), filtered to the
//! files that matter and debounced, so one editor save is one rebuild
//! however the editor writes (in place, temp file and rename, or delete
//! and recreate).

use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events. Short, because a save caught
/// half-written is read again (see `SETTLE`) rather than reported.
pub(crate) const QUIET: Duration = Duration::from_millis(10);
/// How long to wait before reading again a file that failed to parse right
/// after it changed: it may still be being written.
pub const SETTLE: Duration = Duration::from_millis(60);
/// A file deleted in a burst is often being replaced (some editors and
/// tools save by deleting it and writing it anew, and a busy machine may
/// pause between the two): this long is waited for it to come back before
/// its deletion is rebuilt, so one save stays one rebuild.
const RETURN: Duration = Duration::from_millis(150);
/// A burst never delays a rebuild longer than this.
const MAX_WAIT: Duration = Duration::from_millis(1000);
/// How often `--poll` looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(300);

/// What the serve loop waits for.
pub enum Message {
    Files(notify::Result<Event>),
    Stop,
}

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watching(#[allow(dead_code)] Box<dyn Watcher + Send>);

/// Watches `content/` and `theme/` under `root` (which must be absolute),
/// sending events to `tx`.
pub fn start(root: &Path, poll: bool, tx: Sender<Message>) -> notify::Result<Watching> {
    let handler = move |event: notify::Result<Event>| {
        let _ = tx.send(Message::Files(event));
    };
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_EVERY)
            .with_compare_contents(true);
        Box::new(notify::PollWatcher::new(handler, config)?)
    } else {
        Box::new(notify::recommended_watcher(handler)?)
    };
    for folder in ["content", "theme"] {
        let path = root.join(folder);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(Watching(watcher))
}

/// Whether a changed path can affect the site: under `content/` or
/// `theme/`, and not an editor's swap, backup, temporary or hidden file.
pub(crate) fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let top = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    if !matches!(top.as_deref(), Some("content") | Some("theme")) {
        return false;
    }
    if rel
        .components()
        .any(|c| crate::load::is_ignored(&c.as_os_str().to_string_lossy()))
    {
        return false;
    }
    // Under content/ only Markdown, YAML, the kinds of file published as
    // attachments and folders (a report added or removed) matter; editors'
    // temporary files have other names.
    top.as_deref() == Some("theme")
        || matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "yaml" | "yml")
        )
        || crate::attachments::Kind::of(&path.to_string_lossy()).is_some()
        || (path.extension().is_none()
            && (path.is_dir() || !path.exists())
            && !looks_temporary(path))
}

/// Names like `sedAb12Cd` or `4913` (vim's probe file) that editors create
/// and rename or delete within a moment.
fn looks_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with("sed") || name.chars().all(|c| c.is_ascii_digit())
}

/// Waits for the first relevant change and gathers the rest of its burst.
/// Returns `None` when asked to stop. Errors of the watcher itself (a
/// folder it lost) go to `on_error`; watching goes on.
pub fn next_batch(
    root: &Path,
    rx: &Receiver<Message>,
    mut on_error: impl FnMut(&notify::Error),
) -> Option<BTreeSet<PathBuf>> {
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let mut started: Option<Instant> = None;
    let mut awaiting_return = false;
    loop {
        let message = match started {
            None => rx.recv().ok()?,
            Some(t) => {
                let left = MAX_WAIT.saturating_sub(t.elapsed());
                let quiet = if awaiting_return { RETURN } else { QUIET };
                match rx.recv_timeout(quiet.min(left)) {
                    Ok(message) => {
                        awaiting_return = false;
                        message
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        if !awaiting_return
                            && !left.is_zero()
                            && changed.iter().any(|path| !path.exists())
                        {
                            awaiting_return = true;
                            continue;
                        }
                        return Some(changed);
                    }
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
        match message {
            Message::Stop => return None,
            Message::Files(Ok(event)) => {
                if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                for path in event.paths {
                    if relevant(root, &path) {
                        changed.insert(path);
                        started.get_or_insert_with(Instant::now);
                    }
                }
            }
            Message::Files(Err(e)) => on_error(&e),
        }
    }
}
