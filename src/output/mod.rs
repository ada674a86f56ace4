//! Where a build's files go: into memory (for `serve` and tests), or to disk through a
//! staging folder that is swapped in only once everything succeeded, so a failed build
//! never leaves a half-written site and the previous output stays as it was.
//!
//! `guard` decides what may be an output folder at all (never a source of the site, never
//! a folder of someone else's files); `disk` writes one, one build at a time, and `staged`
//! is the [`FileSink`] that writes a build's files there as they are rendered.

mod disk;
mod guard;
mod staged;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use disk::{OutputLock, WriteStats, cache_dir, write_staged};
pub use guard::{MARKER, check_output_dir};
pub use staged::StagedWriter;

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

/// Where a build's files go as they are rendered, one at a time and from many threads:
/// memory ([`SiteOutput`] behind a lock, for `serve`, `check` and tests) or, for `build`, a
/// staging folder written as pages arrive, so that a page's bytes need not be held until
/// the end. The build's rendering puts every file exactly once.
pub trait FileSink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), crate::diag::Diagnostic>;
}

/// A [`FileSink`] that keeps every file in memory.
#[derive(Debug, Default)]
pub struct MemorySink(std::sync::Mutex<SiteOutput>);

impl MemorySink {
    pub fn into_output(self) -> SiteOutput {
        self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl FileSink for MemorySink {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), crate::diag::Diagnostic> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path, bytes);
        Ok(())
    }
}

/// `path` made absolute against the working folder, with every part that exists resolved
/// (symbolic links, `..`), so that two spellings of one folder compare equal. Past the
/// first part that does not exist, nothing can be a link, so `..` there is taken
/// lexically: `site/nothere/../content` is `site/content`, and a guard comparing paths
/// must see that.
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                // What exists is resolved as the system resolves it (a link's `..` is
                // the parent of its target, not of the link).
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

/// accord's own files beside the output `out`, hidden: `.public.accord-<what>`.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.accord-{what}"))
}
