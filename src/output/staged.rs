//! A [`FileSink`] for `build`: each file is written into the staging folder as it
//! arrives (only if staging does not hold those bytes already), and only the set of paths
//! is kept, so a build need not hold its pages until the end. [`StagedWriter::finish`]
//! removes what the site no longer has and swaps the staging folder in; dropped without
//! `finish` (a render error, a write error), the published output is untouched.
//!
//! The staging folder holds an earlier output (see `disk`): every file in it is compared
//! byte for byte before it is kept, so a staging folder a failed build left half-written
//! is still a valid starting point for the next one.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::disk::{
    EntryKind, MARKER_TEXT, OutputLock, WriteStats, ancestors, existing_entries, modified, remove_if_present,
    same_bytes, set_modified, swap_in, unchanged_since,
};
use super::guard::MARKER;
use super::{FileSink, absolute, sibling};
use crate::diag::{Code, Diagnostic, Failure, Location};

/// Writes a build into the staging folder beside `out` as its files arrive, then swaps it
/// in on [`finish`](Self::finish). Holding the output's [`OutputLock`] is required.
#[derive(Debug)]
pub struct StagedWriter<'lock> {
    out: PathBuf,
    staging: PathBuf,
    /// The output readers have now, if any: an unchanged file takes its time from there.
    published: Option<PathBuf>,
    /// What staging held when opened: files and folders only (anything else is removed
    /// then, so that no write can follow a symbolic link out of the folder).
    existing: BTreeMap<String, EntryKind>,
    /// The paths put so far: all that is kept of the files.
    paths: Mutex<HashSet<String>>,
    /// Entries of `existing` that stood where a new file or its folder goes, removed.
    cleared: Mutex<HashSet<String>>,
    written: AtomicUsize,
    /// A write failed: the staging folder is removed on drop, to free the space.
    io_failed: AtomicBool,
    finished: bool,
    _lock: &'lock OutputLock,
}

impl<'lock> StagedWriter<'lock> {
    /// Opens the staging folder of `out`, creating it if needed, for one build.
    pub fn open(out: &Path, lock: &'lock OutputLock) -> Result<Self, Failure> {
        let out = absolute(out);
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let staging = sibling(&out, "staging");
        let retired = sibling(&out, "old");
        fs::create_dir_all(&parent).map_err(|e| fail("create the output's parent folder", &parent, e))?;
        // Left over only if an earlier build was interrupted between two renames.
        remove_if_present(&retired).map_err(|e| fail("clear an old retired folder", &retired, e))?;
        fs::create_dir_all(&staging).map_err(|e| fail("create the staging folder", &staging, e))?;
        let mut existing = existing_entries(&staging).map_err(|(path, e)| fail("read", &path, e))?;
        let others: Vec<String> =
            existing.iter().filter(|(_, kind)| **kind == EntryKind::Other).map(|(p, _)| p.clone()).collect();
        for path in others {
            let target = staging.join(&path);
            remove_entry(&target).map_err(|e| fail("remove", &target, e))?;
            existing.remove(&path);
        }
        let published = out.is_dir().then(|| out.clone());
        let marker = staging.join(MARKER);
        if existing.get(MARKER) != Some(&EntryKind::File) {
            if existing.contains_key(MARKER) {
                remove_entry(&marker).map_err(|e| fail("remove", &marker, e))?;
            }
            fs::write(&marker, MARKER_TEXT).map_err(|e| fail("write", &marker, e))?;
        }
        if let Some(time) = published.as_ref().and_then(|out| modified(&out.join(MARKER)))
            && modified(&marker) != Some(time)
        {
            set_modified(&marker, time).map_err(|e| fail("write", &marker, e))?;
        }
        Ok(StagedWriter {
            out,
            staging,
            published,
            existing,
            paths: Mutex::default(),
            cleared: Mutex::default(),
            written: AtomicUsize::new(0),
            io_failed: AtomicBool::new(false),
            finished: false,
            _lock: lock,
        })
    }

    /// Removes what the site no longer has and swaps the staging folder in.
    pub fn finish(mut self) -> Result<WriteStats, Failure> {
        let paths = std::mem::take(&mut *lock(&self.paths));
        let folders: BTreeSet<&str> = paths.iter().flat_map(|p| ancestors(p)).collect();
        // Reversed, a folder's contents come before the folder.
        for path in self.existing.keys().rev() {
            if paths.contains(path) || folders.contains(path.as_str()) || path == MARKER {
                continue;
            }
            let target = self.staging.join(path);
            if let Err(e) = remove_entry(&target) {
                self.io_failed.store(true, Ordering::Relaxed);
                return Err(fail("remove", &target, e));
            }
        }
        let published = self.published.is_some();
        swap_in(&self.staging, &self.out, published)?;
        self.finished = true;
        Ok(WriteStats { written: self.written.load(Ordering::Relaxed) })
    }

    /// Writes one file; `Err` names the file that could not be written and why.
    /// `count`: whether a write counts in the stats (not for a path put again).
    fn write(&self, path: &str, bytes: &[u8], count: bool) -> Result<(), (PathBuf, io::Error)> {
        self.make_room(path)?;
        let target = self.staging.join(path);
        let in_staging = self.existing.get(path) == Some(&EntryKind::File) && same_bytes(&target, bytes);
        let published_time = self.published.as_ref().and_then(|out| unchanged_since(&out.join(path), bytes));
        if count && published_time.is_none() {
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        if !in_staging {
            fs::write(&target, bytes).map_err(|e| (target.clone(), e))?;
        }
        match published_time {
            Some(time) if modified(&target) != Some(time) => set_modified(&target, time).map_err(|e| (target, e)),
            _ => Ok(()),
        }
    }

    /// Clears what staging holds in the way of `path` (a file where its folder goes, a
    /// folder where it goes) and creates its folder.
    fn make_room(&self, path: &str) -> Result<(), (PathBuf, io::Error)> {
        let in_the_way = ancestors(path)
            .filter(|folder| self.existing.get(*folder) == Some(&EntryKind::File))
            .chain((self.existing.get(path) == Some(&EntryKind::Folder)).then_some(path));
        for entry in in_the_way {
            let mut cleared = lock(&self.cleared);
            if cleared.insert(entry.to_owned()) {
                let target = self.staging.join(entry);
                remove_entry(&target).map_err(|e| (target, e))?;
            }
        }
        let Some((folder, _)) = path.rsplit_once('/') else { return Ok(()) };
        if self.existing.get(folder) == Some(&EntryKind::Folder) {
            return Ok(());
        }
        let target = self.staging.join(folder);
        fs::create_dir_all(&target).map_err(|e| (target, e))
    }
}

impl FileSink for StagedWriter<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        // Put twice, the last bytes win, as in memory, and the file counts once.
        let first = lock(&self.paths).insert(path.clone());
        self.write(&path, &bytes, first).map_err(|(target, e)| {
            self.io_failed.store(true, Ordering::Relaxed);
            Diagnostic::error(Code::Output, Location::file(&target), format!("cannot write: {e}"))
        })
    }
}

impl Drop for StagedWriter<'_> {
    fn drop(&mut self) {
        if !self.finished && self.io_failed.load(Ordering::Relaxed) {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn fail(what: &str, path: &Path, err: io::Error) -> Failure {
    Failure::single(Diagnostic::error(Code::Output, Location::file(path), format!("cannot {what}: {err}")))
}

/// Removes a file, link or folder (with what it holds); one already gone is fine, as is
/// one whose folder has become a file of this build.
fn remove_entry(path: &Path) -> io::Result<()> {
    let removed = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) => Err(e),
    };
    match removed {
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => Ok(()),
        other => other,
    }
}
