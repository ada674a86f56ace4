//! Reading the site folder: which files there are and what they hold.
//!
//! Walks `content/`, `templates/`, `static/` and `i18n/` with walkdir and reads
//! them in parallel. Every I/O problem carries its path; text that is not UTF-8 is
//! reported with the line and column of the first bad byte. Nothing here parses.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Failure, Location};

/// A text file of the site, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A file copied as is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Relative to `static/`: also its path in the output.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Everything read from the site folder, sorted by path.
#[derive(Debug, Clone)]
pub struct SiteSources {
    pub root: PathBuf,
    pub config: SourceFile,
    /// Markdown files below `content/<lang>/`.
    pub pages: Vec<SourceFile>,
    /// YAML files below `content/data/`.
    pub data: Vec<SourceFile>,
    /// The site's own templates (they override the built-in ones).
    pub templates: Vec<SourceFile>,
    /// UI strings: `i18n/<lang>.yaml`.
    pub strings: Vec<SourceFile>,
    pub static_files: Vec<StaticFile>,
}

pub const CONFIG_FILE: &str = "site.yaml";

/// Reads the whole site folder. All unreadable files are reported together.
pub fn read_site(root: &Path) -> Result<SiteSources, Failure> {
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        return Err(Diagnostic::error(
            "io",
            Location::file(&config_path),
            format!("no {CONFIG_FILE} in {}", root.display()),
        )
        .with_hint("run accord in the site folder or pass --root DIR")
        .into());
    }
    let mut problems = Diagnostics::default();
    let config = read_text(root, Path::new(CONFIG_FILE)).map_err(Failure::single)?;

    let content = root.join("content");
    let data_dir = content.join("data");
    let page_paths: Vec<PathBuf> = list_files(root, &content, &mut problems)
        .into_iter()
        .filter(|p| !p.starts_with("content/data") && has_extension(p, "md"))
        .collect();
    let data_paths: Vec<PathBuf> = list_files(root, &data_dir, &mut problems)
        .into_iter()
        .filter(|p| has_extension(p, "yaml") || has_extension(p, "yml"))
        .collect();
    let template_paths = list_files(root, &root.join("templates"), &mut problems);
    let string_paths: Vec<PathBuf> =
        list_files(root, &root.join("i18n"), &mut problems).into_iter().filter(|p| has_extension(p, "yaml")).collect();
    let static_paths = list_files(root, &root.join("static"), &mut problems);

    let pages = read_all(root, &page_paths, &mut problems);
    let data = read_all(root, &data_paths, &mut problems);
    let templates = read_all(root, &template_paths, &mut problems);
    let strings = read_all(root, &string_paths, &mut problems);
    let static_results: Vec<Result<StaticFile, Diagnostic>> = static_paths
        .par_iter()
        .map(|rel| {
            let bytes = fs::read(root.join(rel)).map_err(|e| io_diagnostic(rel, &e))?;
            let path = rel.strip_prefix("static").unwrap_or(rel).to_path_buf();
            Ok(StaticFile { path, bytes })
        })
        .collect();
    let static_files = problems.keep_ok(static_results);
    problems.finish()?;
    Ok(SiteSources { root: root.to_path_buf(), config, pages, data, templates, strings, static_files })
}

/// Only the site's templates, for `serve` after a template edit.
pub fn read_templates(root: &Path) -> Result<Vec<SourceFile>, Failure> {
    let mut problems = Diagnostics::default();
    let paths = list_files(root, &root.join("templates"), &mut problems);
    let templates = read_all(root, &paths, &mut problems);
    problems.finish()?;
    Ok(templates)
}

/// Reads one text file given relative to the root; the error names the relative path.
pub fn read_text(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = fs::read(root.join(rel)).map_err(|e| io_diagnostic(rel, &e))?;
    let text = decode_utf8(rel, bytes)?;
    Ok(SourceFile { path: rel.to_path_buf(), text })
}

/// UTF-8 or a diagnostic at the first invalid byte. A leading BOM is dropped.
pub fn decode_utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.remove(0);
            }
            Ok(text)
        }
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::error("encoding", Location::at(rel, line, column), "file is not valid UTF-8")
                .with_hint("save the file as UTF-8"))
        }
    }
}

fn io_diagnostic(rel: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", Location::file(rel), format!("cannot read file: {err}"))
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e == ext)
}

/// Files below `dir`, relative to `root`, sorted, hidden files and editors' backups skipped.
fn list_files(root: &Path, dir: &Path, problems: &mut Diagnostics) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    // Symbolic links are followed, but only to what is inside the site folder: a link to
    // anything else (`static/key -> ~/.ssh/id_ed25519`) would publish it.
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name())) {
        match entry {
            Ok(e) if e.path_is_symlink() && !e.path().canonicalize().is_ok_and(|t| t.starts_with(&inside)) => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                let target = std::fs::read_link(e.path()).map(|t| t.display().to_string()).unwrap_or_default();
                problems.push(
                    Diagnostic::error(
                        "io",
                        Location::file(rel),
                        format!("this is a symbolic link to `{target}`, outside the site folder"),
                    )
                    .with_hint("accord publishes only files inside the site folder: copy the file in instead"),
                );
            }
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                files.push(rel);
            }
            Ok(e) if e.file_type().is_dir() => {
                if e.depth() > 0 && has_file_extension(e.path()) {
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                    problems.push(
                        Diagnostic::error("io", Location::file(rel), "this is a folder where a file is expected")
                            .with_hint("a content, template or data file must be a regular file"),
                    );
                }
            }
            Ok(e) => {
                // A FIFO would block the build, a device would be read without end, and
                // skipping either silently drops a page: each is an error.
                let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                problems.push(
                    Diagnostic::error(
                        "io",
                        Location::file(rel),
                        format!("this is {}, not a regular file", special_kind(&e.file_type())),
                    )
                    .with_hint("accord reads only regular files (and symbolic links to them inside the site)"),
                );
            }
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                let rel = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path);
                problems.push(Diagnostic::error("io", Location::file(rel), format!("cannot read: {err}")));
            }
        }
    }
    files
}

/// Folders named like the files accord reads (`about.md/`, `en.yaml/`).
fn has_file_extension(path: &Path) -> bool {
    ["md", "yaml", "yml", "html", "xml", "txt"].iter().any(|ext| has_extension(path, ext))
}

/// What a file that is neither a regular file nor a folder is, in words.
fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// Hidden files, editors' swap and backup files: never part of the site.
pub fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

fn read_all(root: &Path, paths: &[PathBuf], problems: &mut Diagnostics) -> Vec<SourceFile> {
    let results: Vec<Result<SourceFile, Diagnostic>> = paths.par_iter().map(|rel| read_text(root, rel)).collect();
    problems.keep_ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode_utf8(Path::new("a.md"), b"ok\nab\xff".to_vec()).unwrap_err();
        assert_eq!((err.location.line, err.location.column), (Some(2), Some(3)));
    }
}
