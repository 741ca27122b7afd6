//! Watching the portal: native file events (or polling), filtered to the
//! files that matter and debounced, so one editor save is one rebuild
//! however the editor writes (in place, temp file and rename, or delete
//! and recreate).

use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeSet, VecDeque};
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

/// Whether a change (or a stop) came in since the last batch: messages
/// waiting in `rx` are moved to `backlog`, where [`next_batch`] reads them
/// first. Lets a long rebuild give way to a newer save.
pub fn newer_change(root: &Path, rx: &Receiver<Message>, backlog: &mut VecDeque<Message>) -> bool {
    while let Ok(message) = rx.try_recv() {
        backlog.push_back(message);
    }
    // A stop waits for the rebuild to finish: the folder is then whole.
    backlog.iter().any(|message| match message {
        Message::Stop => false,
        Message::Files(Ok(event)) => {
            !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|path| relevant(root, path))
        }
        Message::Files(Err(_)) => false,
    })
}

/// Waits for the first relevant change and gathers the rest of its burst,
/// reading `backlog` before `rx`. Returns `None` when asked to stop.
/// Errors of the watcher itself (a folder it lost) go to `on_error`;
/// watching goes on.
pub fn next_batch(
    root: &Path,
    rx: &Receiver<Message>,
    backlog: &mut VecDeque<Message>,
    mut on_error: impl FnMut(&notify::Error),
) -> Option<BTreeSet<PathBuf>> {
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let mut started: Option<Instant> = None;
    let mut awaiting_return = false;
    loop {
        let message = match (backlog.pop_front(), started) {
            (Some(message), _) => message,
            (None, None) => rx.recv().ok()?,
            (None, Some(t)) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, ModifyKind};

    fn files(kind: EventKind, path: PathBuf) -> Message {
        Message::Files(Ok(Event::new(kind).add_path(path)))
    }

    /// A rebuild that looks for a newer save leaves what it read for the
    /// next batch: nothing is lost, and only a relevant change counts.
    #[test]
    fn a_newer_save_is_seen_during_a_rebuild_and_kept_for_the_next_batch() {
        let root = Path::new("/portal");
        let (tx, rx) = std::sync::mpsc::channel();
        let mut backlog = VecDeque::new();
        assert!(!newer_change(root, &rx, &mut backlog));
        let swap = root.join("content/reports/r1/issues/.a.md.swp");
        tx.send(files(EventKind::Modify(ModifyKind::Any), swap))
            .unwrap();
        let read = root.join("content/reports/r1/issues/a.md");
        let access = EventKind::Access(AccessKind::Any);
        tx.send(files(access, read.clone())).unwrap();
        assert!(!newer_change(root, &rx, &mut backlog), "no save yet");
        let saved = root.join("content/reports/r1/issues/b.md");
        let modify = EventKind::Modify(ModifyKind::Any);
        tx.send(files(modify, saved.clone())).unwrap();
        assert!(newer_change(root, &rx, &mut backlog));
        assert_eq!(backlog.len(), 3);
        let batch = next_batch(root, &rx, &mut backlog, |_| {}).unwrap();
        assert_eq!(batch, BTreeSet::from([saved]));
        assert!(backlog.is_empty());
    }
}
