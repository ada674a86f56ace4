//! Writing a built site to disk: synced into a staging folder beside the output, then
//! exchanged with it in one step, one build at a time.
//!
//! The staging folder is kept between builds: after the swap it holds the previous output,
//! and the next build brings it up to date rather than writing every file anew. A file
//! whose bytes are those already published is not written, and keeps the published
//! file's modification time, so `rsync`-style uploads send only what changed however many
//! times the site is rebuilt. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: there
//! is no instant without an output folder. Elsewhere, or on a file system without it, it
//! is two renames, with a moment between them in which the folder is missing.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::staged::StagedWriter;
use super::{FileSink, SiteOutput, absolute, sibling};
use crate::diag::{Code, Diagnostic, Failure, Location};

/// What writing the output did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes differ from the output published before (new or changed).
    pub written: usize,
}

/// Held while a build writes into an output folder: a lock on `.public.accord-lock`
/// beside it. The operating system releases it when the process ends, however it ends,
/// so a killed build never leaves the folder locked.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Takes the lock of the output `out`, waiting while another build holds it;
    /// `on_wait` is called once before waiting.
    pub fn acquire(out: &Path, on_wait: impl FnOnce(&Path)) -> Result<Self, Failure> {
        let out = absolute(out);
        let path = sibling(&out, "lock");
        let fail = |what: &str, err: io::Error| {
            Failure::single(Diagnostic::error(Code::Output, Location::file(&path), format!("cannot {what}: {err}")))
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| fail("create the output's parent folder", e))?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| fail("open the output's lock file", e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                on_wait(&out);
                file.lock().map_err(|e| fail("lock the output", e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(fail("lock the output", e)),
        }
        Ok(OutputLock { _file: file })
    }
}

/// Writes `site` to `out`: into the sibling staging folder first, then swapped in. The
/// caller holds the output's [`OutputLock`].
pub fn write_staged(site: &SiteOutput, out: &Path, lock: &OutputLock) -> Result<WriteStats, Failure> {
    let writer = StagedWriter::open(out, lock)?;
    site.files
        .par_iter()
        .try_for_each(|(path, bytes)| writer.put(path.clone(), bytes.clone()))
        .map_err(Failure::single)?;
    writer.finish()
}

/// Publishes the synced folder `staging` as `out` (`published`: whether `out` exists);
/// afterwards `staging` holds the previous output, or nothing.
pub(super) fn swap_in(staging: &Path, out: &Path, published: bool) -> Result<(), Failure> {
    let retired = sibling(out, "old");
    let fail = |what: &str, path: &Path, err: io::Error| {
        Failure::single(Diagnostic::error(Code::Output, Location::file(path), format!("cannot {what}: {err}")))
    };
    if !published {
        return fs::rename(staging, out).map_err(|e| fail("move the new output into place", out, e));
    }
    match exchange(staging, out) {
        Ok(()) => return Ok(()),
        Err(e) if !exchange_unsupported(&e) => return Err(fail("swap the new output into place", out, e)),
        Err(_) => {}
    }
    fs::rename(out, &retired).map_err(|e| fail("move the previous output aside", out, e))?;
    if let Err(e) = fs::rename(staging, out) {
        // Put the previous site back rather than leave nothing.
        let _ = fs::rename(&retired, out);
        return Err(fail("move the new output into place", out, e));
    }
    // The previous output becomes the next build's staging folder. Should that rename fail,
    // the next build starts from an empty one.
    if fs::rename(&retired, staging).is_err() {
        remove_if_present(&retired).map_err(|e| fail("remove the previous output", &retired, e))?;
    }
    Ok(())
}

/// Swaps two folders in one step (Linux 3.15 and later, on most local file systems).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The errors that say the system or the file system cannot exchange (then: two renames).
fn exchange_unsupported(err: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if let Some(code) = err.raw_os_error() {
        use rustix::io::Errno;
        let errno = Errno::from_raw_os_error(code);
        return [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP].contains(&errno);
    }
    err.kind() == io::ErrorKind::Unsupported
}

/// Where builds into `out` keep what makes the next build faster (the search index of
/// each language): `.public.accord-cache` beside `public`. Deleting it is always safe.
pub fn cache_dir(out: &Path) -> PathBuf {
    sibling(&absolute(out), "cache")
}

pub(super) const MARKER_TEXT: &str =
    "This folder was written by accord, which replaces its whole contents on every build.\n";

/// The modification time of the file at `path` if it holds exactly `bytes`.
pub(super) fn unchanged_since(path: &Path, bytes: &[u8]) -> Option<SystemTime> {
    same_bytes(path, bytes).then(|| modified(path)).flatten()
}

pub(super) fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

pub(super) fn set_modified(path: &Path, time: SystemTime) -> io::Result<()> {
    File::options().write(true).open(path)?.set_modified(time)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EntryKind {
    File,
    Folder,
    /// A symbolic link or anything else accord never writes: always replaced.
    Other,
}

/// Everything under `dir`, by path relative to it with `/` separators, sorted so that a
/// folder comes before what it holds.
pub(super) fn existing_entries(dir: &Path) -> Result<BTreeMap<String, EntryKind>, (PathBuf, io::Error)> {
    let mut entries = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            (path, io::Error::other(e))
        })?;
        let Ok(relative) = entry.path().strip_prefix(dir) else { continue };
        let kind = match entry.file_type() {
            t if t.is_file() => EntryKind::File,
            t if t.is_dir() => EntryKind::Folder,
            _ => EntryKind::Other,
        };
        let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        entries.insert(key, kind);
    }
    Ok(entries)
}

/// The folders a site path is in: `en/convention/index.html` gives `en`, `en/convention`.
pub(super) fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// Whether the file at `path` holds exactly `bytes` (a file that cannot be read does not).
pub(super) fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.len() == bytes.len() as u64 => fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

pub(super) fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::guard::MARKER;
    use super::*;

    fn site(files: &[(&str, &str)]) -> SiteOutput {
        let mut site = SiteOutput::default();
        for (path, text) in files {
            site.insert(*path, text.as_bytes());
        }
        site
    }

    /// Every file under `dir`, by relative path, with its text.
    fn tree(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                (rel, fs::read_to_string(e.path()).unwrap())
            })
            .collect()
    }

    /// The files a build of `site` leaves: the site's and the marker.
    fn expected(site: &SiteOutput) -> BTreeMap<String, String> {
        let mut files: BTreeMap<String, String> =
            site.files.iter().map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap())).collect();
        files.insert(MARKER.to_owned(), MARKER_TEXT.to_owned());
        files
    }

    fn write(site: &SiteOutput, out: &Path) -> WriteStats {
        let lock = OutputLock::acquire(out, |_| panic!("nothing else holds the lock")).unwrap();
        write_staged(site, out, &lock).unwrap()
    }

    #[test]
    fn each_build_leaves_exactly_its_own_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let builds = [
            site(&[("index.html", "one"), ("en/a/index.html", "a"), ("en/b/index.html", "b")]),
            // b removed, a changed, a file where a folder was and a folder where a file was.
            site(&[("index.html", "one"), ("en/a/index.html", "a2"), ("en/b", "now a file"), ("x/index.html", "x")]),
            site(&[("index.html", "two"), ("en/b/index.html", "b again"), ("x", "a file again")]),
            site(&[("index.html", "two")]),
        ];
        for build in &builds {
            write(build, &out);
            assert_eq!(tree(&out), expected(build));
        }
        // Left beside the output: the staging folder only, for the next build.
        let mut beside: Vec<String> =
            fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        beside.sort();
        assert_eq!(beside, [".public.accord-lock", ".public.accord-staging", "public"]);
    }

    #[test]
    fn unchanged_files_are_not_written_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = site(&[("same/index.html", "same"), ("edited/index.html", "before")]);
        let second = site(&[("same/index.html", "same"), ("edited/index.html", "after!")]);
        // Two builds, so that the staging folder holds a full earlier output.
        write(&first, &out);
        write(&first, &out);
        let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options().write(true).open(out.join("same/index.html")).unwrap().set_modified(past).unwrap();
        fs::File::options().write(true).open(out.join("edited/index.html")).unwrap().set_modified(past).unwrap();
        // The staging folder now holds that output: the next-but-one build syncs into it.
        write(&second, &out);
        write(&second, &out);
        let modified = |p: &str| fs::metadata(out.join(p)).unwrap().modified().unwrap();
        assert_eq!(modified("same/index.html"), past);
        assert_ne!(modified("edited/index.html"), past);
        assert_eq!(tree(&out), expected(&second));
    }

    #[test]
    fn a_file_tampered_with_in_staging_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = site(&[("index.html", "right"), ("en/index.html", "right too")]);
        write(&build, &out);
        write(&build, &out);
        let staging = tmp.path().join(".public.accord-staging");
        // Same length, other bytes; and a stray file.
        fs::write(staging.join("index.html"), "wrong").unwrap();
        fs::write(staging.join("en/stray.html"), "stray").unwrap();
        #[cfg(unix)]
        {
            fs::remove_file(staging.join("en/index.html")).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", staging.join("en/index.html")).unwrap();
        }
        write(&build, &out);
        assert_eq!(tree(&out), expected(&build));
        assert!(fs::symlink_metadata(out.join("en/index.html")).unwrap().is_file());
    }

    #[test]
    fn unchanged_files_keep_their_modification_time_across_any_number_of_rebuilds() {
        // The bug: the output and the staging folder each had a copy of every file, written
        // at different times, so an unchanged file's time alternated between two values.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = site(&[("same/index.html", "same"), ("index.html", "home")]);
        assert_eq!(write(&build, &out).written, 2);
        let past = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        set_modified(&out.join("same/index.html"), past).unwrap();
        let first = modified(&out.join("index.html")).unwrap();
        for _ in 0..5 {
            assert_eq!(write(&build, &out).written, 0, "a rebuild with nothing changed writes nothing");
            assert_eq!(modified(&out.join("same/index.html")), Some(past));
            assert_eq!(modified(&out.join("index.html")), Some(first));
        }
        let edited = site(&[("same/index.html", "same"), ("index.html", "home, edited")]);
        assert_eq!(write(&edited, &out).written, 1);
        assert_eq!(modified(&out.join("same/index.html")), Some(past));
        assert_eq!(tree(&out), expected(&edited));
    }

    #[test]
    fn a_second_build_waits_while_the_first_holds_the_output() {
        // The bug: two builds into one folder synced the same staging folder at once and
        // published pages of both.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = OutputLock::acquire(&out, |_| panic!("the output is free")).unwrap();
        let (waiting, told) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let out = out.clone();
            move || {
                let lock = OutputLock::acquire(&out, |_| waiting.send(()).unwrap()).unwrap();
                write_staged(&site(&[("index.html", "second")]), &out, &lock).unwrap();
            }
        });
        told.recv().unwrap();
        write_staged(&site(&[("index.html", "first")]), &out, &first).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "first");
        drop(first);
        second.join().unwrap();
        assert_eq!(tree(&out), expected(&site(&[("index.html", "second")])));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_swap_is_one_exchange_on_linux() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("which"), "a").unwrap();
        fs::write(b.join("which"), "b").unwrap();
        match exchange(&a, &b) {
            Err(e) if exchange_unsupported(&e) => eprintln!("this file system cannot exchange: {e}"),
            result => {
                result.unwrap();
                assert_eq!(fs::read_to_string(a.join("which")).unwrap(), "b");
                assert_eq!(fs::read_to_string(b.join("which")).unwrap(), "a");
            }
        }
    }

    #[test]
    fn a_writer_dropped_without_finish_leaves_the_published_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = site(&[("index.html", "published"), ("en/index.html", "en")]);
        write(&build, &out);
        let lock = OutputLock::acquire(&out, |_| panic!("the output is free")).unwrap();
        let writer = StagedWriter::open(&out, &lock).unwrap();
        writer.put("index.html".into(), b"half a build".to_vec()).unwrap();
        writer.put("new/index.html".into(), b"new".to_vec()).unwrap();
        drop(writer);
        assert_eq!(tree(&out), expected(&build));
        // The next build starts from that staging folder and still publishes exactly itself.
        drop(lock);
        let next = site(&[("index.html", "next")]);
        assert_eq!(write(&next, &out).written, 1);
        assert_eq!(tree(&out), expected(&next));
    }

    #[test]
    fn files_are_written_as_they_arrive_and_only_the_paths_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&site(&[("a/index.html", "a"), ("b", "a file where a folder goes")]), &out);
        write(&site(&[("a/index.html", "a"), ("b", "a file where a folder goes")]), &out);
        let lock = OutputLock::acquire(&out, |_| panic!("the output is free")).unwrap();
        let writer = StagedWriter::open(&out, &lock).unwrap();
        let staging = tmp.path().join(".public.accord-staging");
        writer.put("b/index.html".into(), b"b".to_vec()).unwrap();
        // On disk in staging before finish, not published yet.
        assert_eq!(fs::read_to_string(staging.join("b/index.html")).unwrap(), "b");
        assert!(out.join("b").is_file());
        writer.put("a".into(), b"a file where a folder was".to_vec()).unwrap();
        assert_eq!(writer.finish().unwrap().written, 2);
        assert_eq!(tree(&out), expected(&site(&[("a", "a file where a folder was"), ("b/index.html", "b")])));
    }

    #[test]
    fn the_cache_sits_beside_the_output() {
        let dir = cache_dir(Path::new("/srv/site/public"));
        assert_eq!(dir, Path::new("/srv/site/.public.accord-cache"));
    }
}
