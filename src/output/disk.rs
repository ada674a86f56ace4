//! Where a build's files go: into memory (for `serve` and tests), or to disk through a
//! staging folder that is swapped in only once everything succeeded, so a failed build
//! never leaves a half-written site and the previous output stays as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Failure, Location};

/// A built site: output paths (`en/convention/article-07/index.html`) to bytes, sorted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SiteOutput {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl SiteOutput {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn html_pages(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(p, _)| p.ends_with(".html"))
    }
}

/// Refuses output folders that would overwrite or delete the site's sources.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root_abs = absolute(root);
    let out_abs = absolute(out);
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            "output",
            Location::file(out),
            format!("refusing to write the site into {}: {why}", out.display()),
        )
        .with_hint("choose a folder of its own, such as public/"))
    };
    if root_abs.starts_with(&out_abs) {
        return refuse("it is the site folder or contains it");
    }
    if out_abs.join("content").exists() || out_abs.join("site.yaml").exists() {
        return refuse("it holds a site's sources (content/ or site.yaml)");
    }
    if root_abs.join("content").starts_with(&out_abs) || out_abs.starts_with(root_abs.join("content")) {
        return refuse("it overlaps content/");
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    // Canonicalize what exists; a folder still to be made is judged by its parent.
    match joined.canonicalize() {
        Ok(p) => p,
        Err(_) => match (joined.parent(), joined.file_name()) {
            (Some(parent), Some(name)) => absolute(parent).join(name),
            _ => joined,
        },
    }
}

/// Writes `site` to `out` atomically: into a sibling staging folder first, then swapped in.
///
/// The staging folder is kept between builds: after the swap it holds the previous output,
/// and the next build brings it up to date rather than writing every file anew. Only files
/// whose bytes changed are written, files the site no longer has are removed, and folders
/// are reused. On most file systems creating and deleting files and folders costs far more
/// than comparing bytes already in the page cache (on ext4, fresh inodes next to just-deleted
/// ones were most of a rebuild's time), so a rebuild of an unchanged site writes nothing
/// but the swap. Files left untouched keep their modification times, which also makes
/// `rsync`-style deployment upload only what changed.
pub fn write_staged(site: &SiteOutput, out: &Path) -> Result<(), Failure> {
    let out = absolute(out);
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let staging = sibling(&out, "staging");
    let retired = sibling(&out, "old");
    let fail = |what: &str, path: &Path, err: io::Error| {
        Failure::single(Diagnostic::error("output", Location::file(path), format!("cannot {what}: {err}")))
    };
    fs::create_dir_all(&parent).map_err(|e| fail("create the output's parent folder", &parent, e))?;
    // Left over only if an earlier build was interrupted between two renames.
    remove_if_present(&retired).map_err(|e| fail("clear an old retired folder", &retired, e))?;

    if let Err((path, err)) = sync_tree(site, &staging) {
        // A half-synced staging folder is still a valid starting point for the next build,
        // since every file in it is compared byte for byte; it is removed only to free space.
        let _ = fs::remove_dir_all(&staging);
        return Err(fail("write", &path, err));
    }
    if out.exists() {
        fs::rename(&out, &retired).map_err(|e| fail("move the previous output aside", &out, e))?;
    }
    if let Err(e) = fs::rename(&staging, &out) {
        // Put the previous site back rather than leave nothing.
        let _ = fs::rename(&retired, &out);
        return Err(fail("move the new output into place", &out, e));
    }
    // The previous output becomes the next build's staging folder. Should that rename fail,
    // the next build starts from an empty one.
    if retired.exists() && fs::rename(&retired, &staging).is_err() {
        remove_if_present(&retired).map_err(|e| fail("remove the previous output", &retired, e))?;
    }
    Ok(())
}

/// Where builds into `out` keep what makes the next build faster (the search index of
/// each language): `.public.accord-cache` beside `public`. Deleting it is always safe.
pub fn cache_dir(out: &Path) -> PathBuf {
    sibling(&absolute(out), "cache")
}

/// accord's own folders beside the output `out`, hidden: `.public.accord-<what>`.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.accord-{what}"))
}

/// Makes the folder `dir` hold exactly the files of `site`, touching only what differs.
fn sync_tree(site: &SiteOutput, dir: &Path) -> Result<(), (PathBuf, io::Error)> {
    fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let existing = existing_entries(dir)?;

    // What the site no longer has goes first, so that a file may become a folder and back.
    let folders: BTreeSet<&str> = site.files.keys().flat_map(|p| ancestors(p)).collect();
    for (path, kind) in existing.iter().rev() {
        let keep = match kind {
            EntryKind::Folder => folders.contains(path.as_str()),
            EntryKind::File => site.files.contains_key(path),
            EntryKind::Other => false,
        };
        if !keep {
            let target = dir.join(path);
            let removed =
                if *kind == EntryKind::Folder { fs::remove_dir_all(&target) } else { fs::remove_file(&target) };
            match removed {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err((target, e)),
                _ => {}
            }
        }
    }
    for folder in folders.iter().filter(|f| existing.get(**f) != Some(&EntryKind::Folder)) {
        let target = dir.join(folder);
        fs::create_dir_all(&target).map_err(|e| (target, e))?;
    }
    site.files.par_iter().try_for_each(|(path, bytes)| {
        let target = dir.join(path);
        if existing.get(path) == Some(&EntryKind::File) && same_bytes(&target, bytes) {
            return Ok(());
        }
        fs::write(&target, bytes).map_err(|e| (target, e))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Folder,
    /// A symbolic link or anything else accord never writes: always replaced.
    Other,
}

/// Everything under `dir`, by path relative to it with `/` separators, sorted so that a
/// folder comes before what it holds.
fn existing_entries(dir: &Path) -> Result<BTreeMap<String, EntryKind>, (PathBuf, io::Error)> {
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
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// Whether the file at `path` holds exactly `bytes` (a file that cannot be read does not).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.len() == bytes.len() as u64 => fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
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

    fn expected(site: &SiteOutput) -> BTreeMap<String, String> {
        site.files.iter().map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap())).collect()
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
            write_staged(build, &out).unwrap();
            assert_eq!(tree(&out), expected(build));
        }
        // Left beside the output: the staging folder only, for the next build.
        let mut beside: Vec<String> =
            fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        beside.sort();
        assert_eq!(beside, [".public.accord-staging", "public"]);
    }

    #[test]
    fn unchanged_files_are_not_written_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = site(&[("same/index.html", "same"), ("edited/index.html", "before")]);
        let second = site(&[("same/index.html", "same"), ("edited/index.html", "after!")]);
        // Two builds, so that the staging folder holds a full earlier output.
        write_staged(&first, &out).unwrap();
        write_staged(&first, &out).unwrap();
        let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options().write(true).open(out.join("same/index.html")).unwrap().set_modified(past).unwrap();
        fs::File::options().write(true).open(out.join("edited/index.html")).unwrap().set_modified(past).unwrap();
        // The staging folder now holds that output: the next-but-one build syncs into it.
        write_staged(&second, &out).unwrap();
        write_staged(&second, &out).unwrap();
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
        write_staged(&build, &out).unwrap();
        write_staged(&build, &out).unwrap();
        let staging = tmp.path().join(".public.accord-staging");
        // Same length, other bytes; and a stray file.
        fs::write(staging.join("index.html"), "wrong").unwrap();
        fs::write(staging.join("en/stray.html"), "stray").unwrap();
        #[cfg(unix)]
        {
            fs::remove_file(staging.join("en/index.html")).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", staging.join("en/index.html")).unwrap();
        }
        write_staged(&build, &out).unwrap();
        assert_eq!(tree(&out), expected(&build));
        assert!(fs::symlink_metadata(out.join("en/index.html")).unwrap().is_file());
    }

    #[test]
    fn the_cache_sits_beside_the_output() {
        let dir = cache_dir(Path::new("/srv/site/public"));
        assert_eq!(dir, Path::new("/srv/site/.public.accord-cache"));
    }
}
