//! Where a build's files go: into memory (for `serve` and tests), or to disk through a
//! staging folder that is swapped in only once everything succeeded, so a failed build
//! never leaves a half-written site and the previous output stays as it was.

use std::collections::BTreeMap;
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
pub fn write_staged(site: &SiteOutput, out: &Path) -> Result<(), Failure> {
    let out = absolute(out);
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.accord-staging"));
    let retired = parent.join(format!(".{name}.accord-old"));
    let fail = |what: &str, path: &Path, err: io::Error| {
        Failure::single(Diagnostic::error("output", Location::file(path), format!("cannot {what}: {err}")))
    };
    fs::create_dir_all(&parent).map_err(|e| fail("create the output's parent folder", &parent, e))?;
    remove_if_present(&staging).map_err(|e| fail("clear an old staging folder", &staging, e))?;
    remove_if_present(&retired).map_err(|e| fail("clear an old retired folder", &retired, e))?;

    let written = write_tree(site, &staging);
    if let Err((path, err)) = written {
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
    remove_if_present(&retired).map_err(|e| fail("remove the previous output", &retired, e))?;
    Ok(())
}

fn write_tree(site: &SiteOutput, dir: &Path) -> Result<(), (PathBuf, io::Error)> {
    fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    let mut folders: Vec<PathBuf> =
        site.files.keys().filter_map(|p| Path::new(p).parent().map(|d| dir.join(d))).collect();
    folders.dedup();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| (folder.clone(), e))?;
    }
    site.files.par_iter().try_for_each(|(path, bytes)| {
        let target = dir.join(path);
        fs::write(&target, bytes).map_err(|e| (target, e))
    })
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}
