//! Watching the site's sources: `site.yaml` and the site folder itself (not
//! recursively, so a `target/` or `public/` beside the sources costs nothing), and
//! `content/`, `templates/`, `static/`, `i18n/` recursively, including those that appear
//! later. notify-debouncer-full merges an editor's burst of events (temporary file,
//! rename over the original, truncate then write) into one batch.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, CreateKind, RemoveKind};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

use crate::serve::change::{self, Change, ChangeSet, SOURCE_DIRS};

/// How long the debouncer waits for more events on a path before handing it on, and
/// how often it looks. Short enough to feel instant; long enough that a write that
/// follows its truncate within a few milliseconds lands in the same batch.
const DEBOUNCE: Duration = Duration::from_millis(25);
const TICK: Duration = Duration::from_millis(5);

/// What the rebuild thread receives.
pub enum WatchMessage {
    Files(DebounceEventResult),
    /// The server is stopping.
    Stop,
}

/// The watcher; dropping it stops watching.
pub struct SiteWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching `root` (canonical). Events arrive on `sender`.
    pub fn start(root: &Path, sender: Sender<WatchMessage>) -> Result<SiteWatcher, String> {
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result| {
            let _ = sender.send(WatchMessage::Files(result));
        })
        .map_err(|e| e.to_string())?;
        let mut watcher = SiteWatcher { debouncer, root: root.to_path_buf(), watched: BTreeSet::new() };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        watcher.refresh();
        Ok(watcher)
    }

    /// Watches the source folders that exist now and were not watched; forgets those
    /// that are gone (a folder that comes back is watched again).
    pub fn refresh(&mut self) {
        for name in SOURCE_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() {
                if !self.watched.contains(&dir) && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if self.watched.remove(&dir) {
                let _ = self.debouncer.unwatch(&dir);
            }
        }
    }

    /// The changes a batch of events stands for.
    pub fn changes(&self, events: &[DebouncedEvent]) -> ChangeSet {
        let mut changes = ChangeSet::new();
        for event in events {
            if event.need_rescan() {
                // The kernel dropped events: no telling what changed.
                changes.insert(Change::Structure(PathBuf::from("content")));
                continue;
            }
            let is_dir = match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => None,
                EventKind::Access(_) => continue,
                EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder) => Some(true),
                EventKind::Create(CreateKind::File) | EventKind::Remove(RemoveKind::File) => Some(false),
                _ => None,
            };
            for path in &event.paths {
                let Ok(rel) = path.strip_prefix(&self.root) else {
                    continue;
                };
                let is_dir = if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
                    // The event says "file" for any new link. A link is what it leads to,
                    // and one that leads nowhere (a loop) may hide anything: a folder, so
                    // that the rebuild walks it and reports it rather than skip it.
                    Some(path.is_dir() || !path.exists())
                } else {
                    is_dir.or_else(|| path.exists().then(|| path.is_dir()))
                };
                if let Some(change) = change::classify(rel, is_dir) {
                    changes.insert(change);
                }
            }
        }
        changes
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::time::Instant;

    use notify_debouncer_full::notify::Event;

    use super::*;

    /// Issue #14: a link made while serving is announced as a new *file*; one without an
    /// extension that loops (`content/en/loop -> loop`, `content/en/again -> .`) was then
    /// no source at all, and the loop was silently skipped instead of reported.
    #[test]
    fn a_new_symbolic_link_loop_is_a_change_not_skipped() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/en")).unwrap();
        let (sender, _receiver) = std::sync::mpsc::channel();
        let watcher = SiteWatcher::start(&root, sender).unwrap();
        for (link, target) in [("content/en/loop", "loop"), ("content/en/again", ".")] {
            std::os::unix::fs::symlink(target, root.join(link)).unwrap();
            let created = Event::new(EventKind::Create(CreateKind::File)).add_path(root.join(link));
            let changes = watcher.changes(&[DebouncedEvent::new(created, Instant::now())]);
            assert_eq!(changes, ChangeSet::from([Change::Structure(link.into())]), "{link}");
        }
    }
}
