//! `accord init [DIR]`: a small, complete site for a new convention, to edit from.
//!
//! It writes `site.yaml`, a home page, an overview, a chapter with two articles, the two
//! data files with placeholders that say they are placeholders, a `.gitignore` for the
//! built site, and the JSON Schemas (`schema/`) that the YAML files name on their first
//! line, so that an editor with a YAML language server validates and completes them. The
//! files come from `assets/init-site/`, embedded in the binary by the build script; the
//! schemas are generated from the types accord reads (`crate::schema`).
//!
//! Nothing a user owns is ever overwritten: a folder that exists and is not empty is
//! refused, and every file is created with `create_new`, so one that appeared meanwhile
//! stops the run instead of being replaced.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Failure, Location};

/// What `init` wrote.
#[derive(Debug)]
pub struct InitReport {
    pub dir: PathBuf,
    /// Relative to `dir`, in the order written.
    pub files: Vec<PathBuf>,
}

/// The files to edit first, with what to do in each: what `accord init` prints.
pub const NEXT_STEPS: &[(&str, &str)] = &[
    ("site.yaml", "the address the site will be published at, its languages and its title"),
    ("content/data/convention.yaml", "the convention's titles, dates, entry-into-force rule, chapters and articles"),
    ("content/data/signatories.yaml", "who has signed and ratified, and the date the records are complete up to"),
    ("content/en/", "the home page, the overview and one Markdown file per article (article-NN.md)"),
];

/// Every file `init` writes, relative to the new site: the starter site and the schemas.
pub fn files() -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> =
        crate::theme::INIT_SITE.iter().map(|(path, text)| (PathBuf::from(path), (*text).to_owned())).collect();
    for (name, schema) in crate::schema::all() {
        files.push((Path::new("schema").join(name), crate::schema::to_text(&schema)));
    }
    files
}

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<InitReport, Failure> {
    let error =
        |path: &Path, message: String| Failure::single(Diagnostic::error(Code::Init, Location::file(path), message));
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Failure::single(
                    Diagnostic::error(
                        Code::Init,
                        Location::file(dir),
                        "this folder is not empty: accord init writes a new site only into an empty or new folder",
                    )
                    .with_hint("name a new folder, e.g. `accord init my-treaty`; nothing was written"),
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| error(dir, format!("cannot create the folder: {e}")))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(error(dir, "this is a file, not a folder; nothing was written".into()));
        }
        Err(e) => return Err(error(dir, format!("cannot read the folder: {e}"))),
    }
    let mut written = Vec::new();
    for (rel, text) in files() {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| error(parent, format!("cannot create the folder: {e}")))?;
        }
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                error(&path, "this file appeared while accord init was writing; it was left as it is".into())
            } else {
                error(&path, format!("cannot create the file: {e}"))
            }
        })?;
        file.write_all(text.as_bytes()).map_err(|e| error(&path, format!("cannot write the file: {e}")))?;
        written.push(rel);
    }
    Ok(InitReport { dir: dir.to_owned(), files: written })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = init(dir.path()).unwrap_err();
        assert!(err.diagnostics[0].message.contains("not empty"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn init_refuses_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("site");
        fs::write(&file, "mine").unwrap();
        assert!(init(&file).is_err());
        assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
    }

    #[test]
    fn init_writes_the_starter_site_and_its_schemas_into_a_new_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new-site");
        let report = init(&target).unwrap();
        for rel in ["site.yaml", "content/data/convention.yaml", "content/en/_index.md", "schema/site.schema.json"] {
            assert!(report.files.contains(&PathBuf::from(rel)), "{rel} not written");
            assert!(target.join(rel).is_file(), "{rel} missing");
        }
    }

    #[test]
    fn every_yaml_file_init_writes_names_a_schema_it_writes() {
        let files = files();
        for (rel, text) in files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "yaml")) {
            let first = text.lines().next().unwrap_or_default();
            let target = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{}: no schema line", rel.display()));
            let resolved = rel.parent().unwrap().join(target);
            let normal: PathBuf = resolved.components().fold(PathBuf::new(), |mut acc, c| {
                match c {
                    std::path::Component::ParentDir => {
                        acc.pop();
                    }
                    other => acc.push(other),
                }
                acc
            });
            assert!(files.iter().any(|(p, _)| *p == normal), "{} names {}", rel.display(), normal.display());
        }
    }
}
