//! Reading the site folder: which files there are and what they hold.
//!
//! Walks `content/`, `templates/`, `static/` and `i18n/` with walkdir and reads
//! them in parallel. Every I/O problem carries its path; text that is not UTF-8 is
//! reported with the line and column of the first bad byte. Symbolic links are
//! followed only to what is inside the site folder, and a loop of them is an error: one
//! rule ([`check_inside`]), which `serve` applies too before re-reading a file. Nothing
//! here parses.

use std::cell::Cell;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use arcstr::ArcStr;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, Diagnostics, Failure, Location};

/// A text file of the site, with its path relative to the site root. Its text is shared,
/// not copied, with what is parsed from it (a content file's body is a view into it).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: ArcStr,
}

/// A file copied as is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Relative to `static/`: also its path in the output.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// How a read takes the Markdown pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageText {
    /// Read whole and held, for what renders a page again or quotes it later (`serve`,
    /// `check`, `accord i18n`).
    Held,
    /// Only listed: `load` reads each one as it parses it and keeps no page's text,
    /// which is read again when the page is rendered. A build's memory then does not grow
    /// with its pages' text.
    OnDemand,
    /// Held while the pages' files come to at most this many bytes, else on demand
    /// (`build`): a small site's pages cost less held than read again (rendered up to three
    /// times each: its page, the whole convention on one page, the EPUB).
    HeldUpTo(u64),
}

/// The Markdown files below `content/<lang>/`, as [`PageText`] asked.
#[derive(Debug, Clone)]
pub enum Pages {
    Read(Vec<SourceFile>),
    Listed(Vec<PathBuf>),
}

impl Pages {
    /// The pages read whole; none when they were only listed.
    pub fn read(&self) -> &[SourceFile] {
        match self {
            Pages::Read(files) => files,
            Pages::Listed(_) => &[],
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Pages::Read(files) => files.is_empty(),
            Pages::Listed(paths) => paths.is_empty(),
        }
    }
}

/// Everything read from the site folder, sorted by path.
#[derive(Debug, Clone)]
pub struct SiteSources {
    pub root: PathBuf,
    pub config: SourceFile,
    pub pages: Pages,
    /// YAML files below `content/data/`.
    pub data: Vec<SourceFile>,
    /// The site's own templates (they override the built-in ones).
    pub templates: Vec<SourceFile>,
    /// UI strings: `i18n/<lang>.yaml`.
    pub strings: Vec<SourceFile>,
    pub static_files: Vec<StaticFile>,
}

pub const CONFIG_FILE: &str = "site.yaml";

/// `Err` when `root` has no `site.yaml` at all: a usage error, told before anything is
/// read or written. (What kind of file it is, `read_site` says.)
pub fn require_site_folder(root: &Path) -> Result<(), Diagnostic> {
    if root.join(CONFIG_FILE).exists() { Ok(()) } else { Err(not_a_site_folder(root)) }
}

/// The usage error for a `--root` that is not a site folder.
pub fn not_a_site_folder(root: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::Usage,
        Location::file(root.join(CONFIG_FILE)),
        format!("no {CONFIG_FILE} in {}: not a site folder", root.display()),
    )
    .with_hint("run accord in the site folder or pass --root DIR")
}

/// Reads the whole site folder, its pages as `pages` says. All unreadable files read here
/// are reported together; a listed page is read (and its errors reported) when it is loaded.
pub fn read_site(root: &Path, pages: PageText) -> Result<SiteSources, Failure> {
    let config_path = root.join(CONFIG_FILE);
    match std::fs::metadata(&config_path) {
        Ok(meta) if meta.is_file() => {}
        Ok(meta) => {
            let what = if meta.is_dir() { "a folder" } else { special_kind(&meta.file_type()) };
            return Err(Diagnostic::error(
                Code::Io,
                Location::file(CONFIG_FILE),
                format!("{CONFIG_FILE} is {what}, not a regular file"),
            )
            .with_hint("site.yaml must be a regular file")
            .into());
        }
        Err(_) => {
            return Err(Diagnostic::error(
                Code::Io,
                Location::file(&config_path),
                format!("no {CONFIG_FILE} in {}", root.display()),
            )
            .with_hint("run accord in the site folder or pass --root DIR")
            .into());
        }
    }
    let mut problems = Diagnostics::default();
    check_inside(root, Path::new(CONFIG_FILE)).map_err(Failure::single)?;
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

    let held = match pages {
        PageText::Held => true,
        PageText::OnDemand => false,
        PageText::HeldUpTo(budget) => fit_in(root, &page_paths, budget),
    };
    let pages = if held { Pages::Read(read_all(root, &page_paths, &mut problems)) } else { Pages::Listed(page_paths) };
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

/// Whether the files at `paths` come to `budget` bytes or less. Stops at the first file
/// past it, so that a large site is not stat'ed through; a file it cannot stat does not fit
/// (reading it will say why).
fn fit_in(root: &Path, paths: &[PathBuf], budget: u64) -> bool {
    let mut left = budget;
    paths.iter().all(|rel| match fs::metadata(root.join(rel)) {
        Ok(meta) => left.checked_sub(meta.len()).map(|rest| left = rest).is_some(),
        Err(_) => false,
    })
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
///
/// The text is read straight into its shared buffer (`ArcStr::init_with`): one allocation
/// of the file's size, where reading into a `Vec` and converting copied it into a second
/// one (at 100,000 pages, 0.8 GB of fresh memory more for the kernel to zero). A leading
/// byte-order mark is dropped. An empty file, invalid UTF-8 (for its located error) or a
/// size that changed while it was read takes the copying path, [`decode_utf8`].
pub fn read_text(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    let path = root.join(rel);
    let read_error = |e: std::io::Error| io_diagnostic(rel, &e);
    let mut file = fs::File::open(&path).map_err(read_error)?;
    let len = file.metadata().map_err(read_error)?.len();
    // arcstr allocates nothing for an empty text, so `init_with` takes a length of one or more.
    if let Ok(len) = usize::try_from(len)
        && len > 0
    {
        let mut read = Ok(());
        let text = ArcStr::init_with(len, |buf| read = file.read_exact(buf));
        let at_end = read.is_ok() && file.read(&mut [0u8]).is_ok_and(|n| n == 0);
        if let Ok(text) = text
            && at_end
        {
            let text = if text.starts_with(BOM) { ArcStr::from(&text[BOM.len_utf8()..]) } else { text };
            return Ok(SourceFile { path: rel.to_path_buf(), text });
        }
    }
    let bytes = fs::read(&path).map_err(read_error)?;
    let text = decode_utf8(rel, bytes)?;
    Ok(SourceFile { path: rel.to_path_buf(), text: ArcStr::from(text) })
}

thread_local! {
    /// Each thread's buffer for [`with_text`], kept from one file to the next.
    static BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// A buffer larger than this is let go after its file rather than kept for the next.
const KEPT_BUFFER: usize = 4 << 20;

/// Reads a text file into this thread's reusable buffer and gives `f` its text (a leading
/// BOM dropped), for a file parsed or rendered and then let go: no allocation per file. On
/// this project's virtual machine, fresh memory (the kernel zeroing it) was most of what
/// reading many files cost (bench/README.md, issue 19). Errors as [`read_text`]'s.
pub fn with_text<R>(root: &Path, rel: &Path, f: impl FnOnce(&str) -> R) -> Result<R, Diagnostic> {
    let mut buffer = BUFFER.take();
    buffer.clear();
    let result = match fs::File::open(root.join(rel)).and_then(|mut file| file.read_to_end(&mut buffer)) {
        Err(err) => Err(io_diagnostic(rel, &err)),
        Ok(_) => match std::str::from_utf8(&buffer) {
            Ok(text) => Ok(f(text.strip_prefix(BOM).unwrap_or(text))),
            Err(err) => Err(utf8_diagnostic(rel, &buffer, err)),
        },
    };
    if buffer.capacity() <= KEPT_BUFFER {
        BUFFER.set(buffer);
    }
    result
}

/// The byte-order mark a file may start with; never part of its text.
const BOM: char = '\u{feff}';

/// UTF-8 or a diagnostic at the first invalid byte. A leading BOM is dropped.
pub fn decode_utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with(BOM) {
                text.remove(0);
            }
            Ok(text)
        }
        Err(err) => Err(utf8_diagnostic(rel, err.as_bytes(), err.utf8_error())),
    }
}

/// `bytes` are not UTF-8: the error at the first bad byte's line and column.
fn utf8_diagnostic(rel: &Path, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let valid = std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or_default();
    let (line, column) = crate::lines::Lines::new(valid).position(valid.len());
    Diagnostic::error(Code::Encoding, Location::at(rel, line, column), "file is not valid UTF-8")
        .with_hint("save the file as UTF-8")
}

fn io_diagnostic(rel: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, Location::file(rel), format!("cannot read file: {err}"))
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
    let inside = canonical_root(root);
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(walk_problem(root, dir, &err));
                continue;
            }
        };
        if entry.path_is_symlink()
            && let Err(problem) = leads_inside(&inside, root, entry.path())
        {
            problems.push(problem);
            // A linked folder outside the site is not even listed.
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        let file_type = entry.file_type();
        if file_type.is_file() {
            files.push(rel);
        } else if file_type.is_dir() {
            if entry.depth() > 0 && has_file_extension(entry.path()) {
                problems.push(
                    Diagnostic::error(Code::Io, Location::file(rel), "this is a folder where a file is expected")
                        .with_hint("a content, template or data file must be a regular file"),
                );
            }
        } else {
            // A FIFO would block the build, a device would be read without end, and
            // skipping either silently drops a page: each is an error.
            problems.push(
                Diagnostic::error(
                    Code::Io,
                    Location::file(rel),
                    format!("this is {}, not a regular file", special_kind(&file_type)),
                )
                .with_hint("accord reads only regular files (and symbolic links to them inside the site)"),
            );
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

/// Whether the file at `rel` (relative to `root`) may be read: the symbolic-link rule
/// of [`list_files`], for `serve`, which re-reads one changed file without a walk.
pub fn check_inside(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    leads_inside(&canonical_root(root), root, &root.join(rel))
}

fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// The rule: symbolic links are followed, but only to what is inside the site folder
/// (`inside`, canonical); anything else (`static/key -> ~/.ssh/id_ed25519`) would publish
/// it. A link that leads back into itself is an error too, never a silent skip.
fn leads_inside(inside: &Path, root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    match path.canonicalize() {
        Ok(target) if target.starts_with(inside) => Ok(()),
        Ok(_) => {
            let message = match fs::read_link(path) {
                Ok(target) => format!("this is a symbolic link to `{}`, outside the site folder", target.display()),
                // The path itself is no link: a folder on its way is.
                Err(_) => "this path leads through a symbolic link to outside the site folder".to_owned(),
            };
            Err(Diagnostic::error(Code::Io, Location::file(rel), message)
                .with_hint("accord publishes only files inside the site folder: copy the file in instead"))
        }
        Err(err) if is_loop(&err) => Err(loop_diagnostic(rel)),
        Err(err) => Err(io_diagnostic(rel, &err)),
    }
}

fn loop_diagnostic(rel: &Path) -> Diagnostic {
    Diagnostic::error(Code::Io, Location::file(rel), "this symbolic link leads back into itself (a loop)")
        .with_hint("point the link at a file or folder of the site, or remove it")
}

/// A loop of symbolic links: `ELOOP` (std has no stable `ErrorKind` for it).
fn is_loop(err: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        err.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = err;
        false
    }
}

/// A walk error, relative to the root; loops (a link to itself, or to a folder that
/// holds it) say so.
fn walk_problem(root: &Path, dir: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
    let rel = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path);
    if err.loop_ancestor().is_some() || err.io_error().is_some_and(is_loop) {
        return loop_diagnostic(&rel);
    }
    Diagnostic::error(Code::Io, Location::file(rel), format!("cannot read: {err}"))
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
    fn read_text_reads_a_file_whole_strips_a_bom_and_locates_bad_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8]); 4] = [
            ("plain.md", "été\nline 2\n".as_bytes()),
            ("empty.md", b""),
            ("bom.md", b"\xef\xbb\xbfhi"),
            ("bad.md", b"ok\nab\xff"),
        ];
        for (name, bytes) in cases {
            fs::write(dir.path().join(name), bytes).unwrap();
        }
        let read = |name: &str| read_text(dir.path(), Path::new(name));
        assert_eq!(read("plain.md").unwrap().text.as_str(), "été\nline 2\n");
        assert_eq!(read("empty.md").unwrap().text.as_str(), "");
        assert_eq!(read("bom.md").unwrap().text.as_str(), "hi");
        let err = read("bad.md").unwrap_err();
        assert_eq!((err.location.line, err.location.column), (Some(2), Some(3)));
        assert!(read("missing.md").is_err());

        // Through the reused buffer: the same texts and errors, a short file after a long one whole.
        let with = |name: &str| with_text(dir.path(), Path::new(name), str::to_owned);
        for name in ["plain.md", "empty.md", "bom.md", "plain.md"] {
            assert_eq!(with(name).unwrap(), read(name).unwrap().text.as_str(), "{name}");
        }
        let err = with("bad.md").unwrap_err();
        assert_eq!((err.location.line, err.location.column), (Some(2), Some(3)));
        assert!(with("missing.md").is_err());
    }

    #[test]
    fn pages_fit_a_budget_up_to_their_total_size() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), "12345").unwrap();
        fs::write(dir.path().join("b.md"), "123").unwrap();
        let paths = [PathBuf::from("a.md"), PathBuf::from("b.md")];
        assert!(fit_in(dir.path(), &paths, 8));
        assert!(!fit_in(dir.path(), &paths, 7));
        assert!(!fit_in(dir.path(), &[PathBuf::from("missing.md")], 100));
    }
}
