//! A small fluent helper: copy a fixture site to a temporary folder, run the real
//! `accord` binary on it, and look at what it printed and wrote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use std::sync::OnceLock;

use accord::content::data::{self, ConventionData, SignatoriesData};
use scraper::{Html, Selector};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join(name), dir.path());
        Site { dir }
    }

    /// A copy of the repository's own site (content, data, templates, static, i18n): for
    /// the content test only (tests/it/content.rs); code tests use fixtures.
    pub fn real() -> Site {
        let dir = tempfile::tempdir().unwrap();
        for part in ["site.yaml", "content", "templates", "static", "i18n"] {
            let from = repo_root().join(part);
            if from.is_dir() {
                copy_tree(&from, &dir.path().join(part));
            } else if from.is_file() {
                fs::copy(&from, dir.path().join(part)).unwrap();
            }
        }
        Site { dir }
    }

    /// The mini site made clean for `check` (tests/fixtures/check/clean over
    /// base/minimal): every page translated and stamped, and complete French UI strings,
    /// copied from the built-in English ones so they never fall behind.
    pub fn check_base() -> Site {
        let site = Site::fixture("base/minimal").overlay("check/clean/site");
        let english = fs::read(repo_root().join("i18n/en.yaml")).unwrap();
        site.write("i18n/fr.yaml", english);
        site
    }

    /// `accord i18n stamp --root <site>` plus `args`, which must succeed.
    #[track_caller]
    pub fn stamp(&self, args: &[&str]) -> &Site {
        let output = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["i18n", "stamp", "--root"])
            .arg(self.path())
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "stamp failed:\n{}", String::from_utf8_lossy(&output.stderr));
        self
    }

    pub fn overlay(self, name: &str) -> Site {
        copy_tree(&fixtures().join(name), self.dir.path());
        self
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// `accord build --root <site>` plus `args`.
    pub fn build_with(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_accord"));
        cmd.arg("build").arg("--root").arg(self.path()).args(args);
        Run { output: cmd.output().unwrap(), out: self.out() }
    }

    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `accord check` plus `args`, run in the site folder (so paths print relative).
    pub fn check_with(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_accord"));
        cmd.current_dir(self.path()).arg("check").args(args);
        // Fetches must reach the test's own server on 127.0.0.1, never a proxy.
        for var in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"] {
            cmd.env_remove(var);
        }
        cmd.env("NO_PROXY", "127.0.0.1,localhost");
        Run { output: cmd.output().unwrap(), out: self.out() }
    }
}

pub struct Run {
    pub output: Output,
    pub out: PathBuf,
}

impl Run {
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    #[track_caller]
    pub fn assert_success(&self) -> &Run {
        assert!(self.output.status.success(), "build failed:\n{}", self.stderr());
        self
    }

    #[track_caller]
    pub fn assert_failure(&self) -> &Run {
        assert!(!self.output.status.success(), "build should have failed:\n{}", self.stdout());
        assert_eq!(self.output.status.code(), Some(1), "exit code: {}", self.stderr());
        self
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code(), Some(code), "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self
    }

    #[track_caller]
    pub fn stderr_contains(&self, text: &str) -> &Run {
        assert!(self.stderr().contains(text), "stderr lacks {text:?}:\n{}", self.stderr());
        self
    }

    /// The diagnostics of `check --format json`: (severity, code, file) of each.
    pub fn check_diagnostics(&self) -> Vec<(String, String, String)> {
        let report: serde_json::Value = serde_json::from_str(&self.stdout()).expect("check --format json");
        let field = |d: &serde_json::Value, k: &str| d[k].as_str().unwrap_or_default().to_owned();
        report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| (field(d, "severity"), field(d, "code"), field(d, "file")))
            .collect()
    }

    /// The warnings `build` printed on stderr (each begins with `warning:`).
    pub fn build_warnings(&self) -> Vec<String> {
        self.stderr().lines().filter(|l| l.starts_with("warning:")).map(str::to_owned).collect()
    }

    pub fn html(&self, rel: &str) -> Html {
        let text = fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Html::parse_document(&text)
    }
}

/// Every file below `dir`, relative path to bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Every HTML file below `dir`, parsed, by relative path.
pub fn html_pages(dir: &Path) -> Vec<(String, Html)> {
    snapshot(dir)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, Html::parse_document(&String::from_utf8(bytes).unwrap())))
        .collect()
}

pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

/// The text of the first element matching `selector`, whitespace collapsed.
pub fn text_of(html: &Html, selector: &str) -> String {
    html.select(&sel(selector)).next().map(|e| collapse(&e.text().collect::<String>())).unwrap_or_default()
}

pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn attr_of(html: &Html, selector: &str, attr: &str) -> Option<String> {
    html.select(&sel(selector)).next().and_then(|e| e.value().attr(attr)).map(str::to_owned)
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The multilingual fixture (`tests/fixtures/base/multilingual/`, its site.yaml says what it
/// holds), the site of most tests of pages in several languages.
pub const MULTILINGUAL: &str = "base/multilingual";

/// The article that [`MULTILINGUAL`] leaves untranslated in every language.
pub const FALLBACK_ARTICLE: u32 = 3;

/// [`MULTILINGUAL`], built once for the whole test binary.
pub fn multilingual() -> &'static (Site, Run) {
    static BUILT: OnceLock<(Site, Run)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = Site::fixture(MULTILINGUAL);
        let run = site.build_with(&["--quiet"]);
        run.assert_success();
        (site, run)
    })
}

/// A file of [`MULTILINGUAL`]'s sources.
fn multilingual_source(rel: &str) -> (PathBuf, String) {
    let path = fixtures().join(MULTILINGUAL).join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, text)
}

/// [`MULTILINGUAL`]'s convention.
pub fn convention() -> ConventionData {
    let (path, text) = multilingual_source("content/data/convention.yaml");
    data::parse_convention(&path, &text).unwrap()
}

/// [`MULTILINGUAL`]'s participants.
pub fn signatories(convention: &ConventionData) -> SignatoriesData {
    let (path, text) = multilingual_source("content/data/signatories.yaml");
    data::parse_signatories(&path, &text, convention).unwrap()
}

/// [`MULTILINGUAL`]'s languages, in site.yaml's order.
pub fn languages() -> Vec<String> {
    let (_, text) = multilingual_source("site.yaml");
    let config = accord::config::parse(Path::new("site.yaml"), &text, None).unwrap();
    config.languages.iter().map(|l| l.id.to_string()).collect()
}

/// An XML file of a build's output (sitemap, feed), to parse with roxmltree.
pub fn xml_text(run: &Run, rel: &str) -> String {
    fs::read_to_string(run.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
