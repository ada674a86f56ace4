//! What a changed file on disk means for the site: its config, a data file, one page's
//! content, a template, a static file, UI strings, or nothing at all (an editor's
//! swap file, the output folder). The rebuild picks its work from these classes.
//!
//! Pure: it looks at paths (and, for paths without an extension, whether they are a
//! folder), never at file contents.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::source::{self, CONFIG_FILE};

/// One changed source, by kind. Paths are relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `site.yaml`: languages, titles, base URL; everything depends on it.
    Config,
    /// A YAML file below `content/data/`.
    Data(PathBuf),
    /// A UI strings file, `i18n/<lang>.yaml`.
    Strings(PathBuf),
    /// A Markdown file below `content/<lang>/`.
    Page(PathBuf),
    /// A file below `templates/`.
    Template(PathBuf),
    /// A file below `static/`.
    Static(PathBuf),
    /// A folder appeared, went or was renamed: which files it held is unknown.
    Structure(PathBuf),
}

impl Change {
    /// The source file or folder, relative to the site root.
    pub fn path(&self) -> &Path {
        match self {
            Change::Config => Path::new(CONFIG_FILE),
            Change::Data(p)
            | Change::Strings(p)
            | Change::Page(p)
            | Change::Template(p)
            | Change::Static(p)
            | Change::Structure(p) => p,
        }
    }
}

/// Changes collected from one batch of file events, without duplicates.
pub type ChangeSet = BTreeSet<Change>;

/// The source folders of a site, watched recursively (`site.yaml` beside them too).
pub const SOURCE_DIRS: &[&str] = &["content", "templates", "static", "i18n"];

/// Classifies a changed path relative to the site root. `is_dir` says whether it is
/// (or, for a removed path, was) a folder, when the event or the disk knows.
pub fn classify(rel: &Path, is_dir: Option<bool>) -> Option<Change> {
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    // Hidden files, swap and backup files: editors make and delete them while saving.
    if parts.iter().any(|p| source::is_ignored(std::ffi::OsStr::new(p))) {
        return None;
    }
    let ext = rel.extension().and_then(|e| e.to_str());
    let folder = is_dir.unwrap_or(ext.is_none());
    let owned = || rel.to_path_buf();
    match parts.as_slice() {
        [] => None,
        [name] if *name == CONFIG_FILE => Some(Change::Config),
        ["content" | "templates" | "static" | "i18n"] => Some(Change::Structure(owned())),
        ["content", "data", ..] if matches!(ext, Some("yaml" | "yml")) => Some(Change::Data(owned())),
        ["content", ..] if ext == Some("md") => Some(Change::Page(owned())),
        ["i18n", _] if ext == Some("yaml") => Some(Change::Strings(owned())),
        ["templates", ..] if !folder => Some(Change::Template(owned())),
        ["static", ..] if !folder => Some(Change::Static(owned())),
        ["content" | "templates" | "static" | "i18n", ..] if folder => Some(Change::Structure(owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(path: &str) -> Option<Change> {
        classify(Path::new(path), None)
    }

    #[test]
    fn each_kind_of_source_is_recognised() {
        assert_eq!(of("site.yaml"), Some(Change::Config));
        assert_eq!(
            of("content/en/convention/chapter-01/article-01.md"),
            Some(Change::Page("content/en/convention/chapter-01/article-01.md".into()))
        );
        assert_eq!(of("content/data/signatories.yaml"), Some(Change::Data("content/data/signatories.yaml".into())));
        assert_eq!(
            of("templates/partials/footer.html"),
            Some(Change::Template("templates/partials/footer.html".into()))
        );
        assert_eq!(of("static/style.css"), Some(Change::Static("static/style.css".into())));
        assert_eq!(of("i18n/fr.yaml"), Some(Change::Strings("i18n/fr.yaml".into())));
    }

    #[test]
    fn editors_temporary_files_are_ignored() {
        for path in [
            "content/en/.about.md.swp",
            "content/en/about.md~",
            "content/en/.#about.md",
            "content/en/#about.md#",
            "content/en/about.md.tmp",
            "templates/.base.html.kate-swp",
            "static/.goutputstream-XYZ",
        ] {
            assert_eq!(of(path), None, "{path}");
        }
    }

    #[test]
    fn files_outside_the_sources_are_ignored() {
        for path in ["public/index.html", "README.md", "target/debug/accord", "notes.txt"] {
            assert_eq!(of(path), None, "{path}");
        }
        // Vim's write test file has no extension but is no folder.
        assert_eq!(classify(Path::new("content/en/4913"), Some(false)), None);
        assert_eq!(
            classify(Path::new("content/en/convention"), Some(true)),
            Some(Change::Structure("content/en/convention".into()))
        );
    }
}
