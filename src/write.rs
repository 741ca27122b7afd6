//! Write: put the rendered files on disk so that readers of `site/` only
//! ever see a complete old site or a complete new one. The new site is
//! written beside the old one and swapped in atomically (see `swap`); a
//! build killed at any point leaves the old site whole, and whatever it
//! left beside it is cleared by the next run.

use crate::output::OutputFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file zhenggai leaves in every output folder, so it never replaces a
/// folder it did not create (a mistyped `--out .` must not wipe a project).
pub(crate) const MARKER: &str = ".zhenggai-site";

/// The staging and backup folders used for one output folder.
struct Slots {
    out: PathBuf,
    staging: PathBuf,
    backup: PathBuf,
}

impl Slots {
    fn for_output(out: &Path) -> io::Result<Slots> {
        // A symbolic link (site -> /var/www/portal/current) is written
        // through: the folder it points to is what is replaced, beside
        // itself, and the link stays. Nothing is ever deleted through it.
        let resolved;
        let out = match fs::symlink_metadata(out) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(out)?;
                resolved = match out.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
                resolved.as_path()
            }
            _ => out,
        };
        let name = out
            .file_name()
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    crate::say!("输出位置没有文件夹名", "the output path has no folder name"),
                )
            })?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(Slots {
            out: out.to_path_buf(),
            staging: parent.join(format!(".{name}.zhenggai-new")),
            backup: parent.join(format!(".{name}.zhenggai-old")),
        })
    }

    /// Undoes what an interrupted earlier run left: restores a backup whose
    /// swap never finished and removes half-written staging folders.
    fn recover(&self) -> io::Result<()> {
        if self.backup.exists() && !self.out.exists() {
            fs::rename(&self.backup, &self.out)?;
        }
        remove_if_exists(&self.backup)?;
        remove_if_exists(&self.staging)
    }
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Refuses to replace a folder that is not a previous zhenggai output.
pub fn check_output_folder(out: &Path) -> Result<(), String> {
    if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) && !out.exists() {
        return Err(crate::say!(
            "{} 是一个链接，它指向的文件夹不存在：先建好那个文件夹，或者删掉这个链接",
            "{} is a symbolic link to a folder that does not exist; create the folder it points to, or remove the link",
            out.display()
        ));
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(crate::say!(
            "{} 已经存在，而且不是文件夹：用 --out 换一个输出位置",
            "{} exists and is not a folder",
            out.display()
        ));
    }
    let empty = fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if empty || out.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(crate::say!(
            "{} 已经存在，而且不是 zhenggai 生成的（生成时会整个替换它）：用 --out 换一个输出位置，或者先把它移走",
            "{} exists and was not written by zhenggai; choose another --out folder or remove it",
            out.display()
        ))
    }
}

/// A new site being written beside the old one. Files are written as they
/// are produced (a large portal's pages never need to fit in memory
/// together); `commit` swaps the folder in, and dropping it uncommitted
/// (an error on the way) removes it, leaving the old site as it was.
pub(crate) struct Staging {
    slots: Slots,
    /// Folders already created, so each is made once.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
    /// Held while this build writes: one build at a time per output
    /// folder. The lock dies with the process, so a killed build never
    /// leaves it stale.
    _lock: Option<Lock>,
}

/// The output folder's lock: a file beside it, flocked while a build
/// writes and removed when it is done, so no build leaves it behind.
pub(crate) struct Lock {
    path: PathBuf,
    _file: fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held: a build that opened it meanwhile finds
        // it gone and takes a new one (see `lock`).
        let _ = fs::remove_file(&self.path);
    }
}

/// Takes the output folder's lock, or says that another build has it.
fn lock(slots: &Slots) -> io::Result<Option<Lock>> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{flock, fstat, stat, FlockOperation};
        let name = slots
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = slots
            .staging
            .with_file_name(format!(".{name}.zhenggai-lock"));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        for _ in 0..16 {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            if flock(&file, FlockOperation::NonBlockingLockExclusive).is_err() {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    crate::say!(
                        "另一个 zhenggai 正在生成 {}（定时生成或预览）：等它结束后再运行",
                        "another zhenggai build is writing {} right now (a scheduled rebuild, or serve); wait for it to finish and run again",
                        slots.out.display()
                    ),
                ));
            }
            // The file may have been removed by the build that held it
            // just before we locked: then our lock is on nothing; again.
            let same = match (fstat(&file), stat(&path)) {
                (Ok(held), Ok(named)) => held.st_ino == named.st_ino && held.st_dev == named.st_dev,
                _ => false,
            };
            if same {
                return Ok(Some(Lock { path, _file: file }));
            }
        }
        Err(io::Error::other(crate::say!(
            "无法锁定输出文件夹",
            "cannot take the output folder's lock"
        )))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = slots;
        Ok(None)
    }
}

impl Staging {
    /// Prepares an empty staging folder for `out`, after undoing what an
    /// interrupted earlier run left and refusing a foreign `out`.
    pub(crate) fn begin(out: &Path) -> io::Result<Staging> {
        let slots = Slots::for_output(out)?;
        let lock = lock(&slots)?;
        slots.recover()?;
        check_output_folder(out).map_err(|m| io::Error::new(io::ErrorKind::AlreadyExists, m))?;
        fs::create_dir_all(&slots.staging)?;
        let staging = Staging {
            slots,
            folders: Mutex::new(HashSet::new()),
            committed: false,
            _lock: lock,
        };
        fs::write(
            staging.slots.staging.join(MARKER),
            b"This folder is written by zhenggai build; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes one file of the new site (callable from many threads).
    pub(crate) fn write(&self, file: &OutputFile) -> io::Result<()> {
        let path = self.slots.staging.join(&file.path);
        if let Some(parent) = path.parent() {
            let known = self.folders.lock().unwrap().contains(parent);
            if !known {
                fs::create_dir_all(parent)?;
                self.folders.lock().unwrap().insert(parent.to_path_buf());
            }
        }
        fs::write(path, &file.bytes)
    }

    /// Swaps the new site into place.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        self.committed = true;
        let result = swap(&self.slots);
        if result.is_err() {
            let _ = remove_if_exists(&self.slots.staging);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_if_exists(&self.slots.staging);
        }
    }
}

/// Removes a folder and everything in it, folders in parallel: the old
/// site has as many files as the new one, and deleting them one by one
/// took a tenth of a large build.
fn remove_tree(path: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(path)
}

/// Puts the staging folder in place of the output. On Linux one
/// `renameat2(RENAME_EXCHANGE)` swaps the two folders atomically, so
/// `out` is never missing, not even for an instant; the old site, now
/// under the staging name, is then deleted (a build killed before that
/// leaves it for the next run to remove). Elsewhere, or on a file system
/// without the call, two renames with the backup in between.
fn swap(slots: &Slots) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if slots.out.is_dir() {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, &slots.staging, CWD, &slots.out, RenameFlags::EXCHANGE).is_ok() {
            // The new site is in place; an old copy that cannot be
            // deleted now is removed by the next run.
            let _ = remove_tree(&slots.staging);
            return Ok(());
        }
    }
    if slots.out.exists() {
        fs::rename(&slots.out, &slots.backup)?;
        if let Err(e) = fs::rename(&slots.staging, &slots.out) {
            fs::rename(&slots.backup, &slots.out)?;
            return Err(e);
        }
        remove_tree(&slots.backup)
    } else {
        if let Some(parent) = slots.out.parent() {
            if !parent.as_os_str().is_empty() {
                fs::create_dir_all(parent)?;
            }
        }
        fs::rename(&slots.staging, &slots.out)
    }
}
