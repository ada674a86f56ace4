//! Content files: front matter split and parsed (with line numbers that point into
//! the file), and each Markdown file's identity worked out from its path.
//!
//! A page's identity is its path below its language folder:
//! `content/fr/convention/chapter-02/article-07.md` is the French translation of
//! article 7. This module does not render Markdown and does not know the site graph;
//! it only says what each file is and what its front matter holds.

pub mod data;
pub mod participant;
pub mod reported;

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Component, Path};
use std::sync::Arc;

use arcstr::{ArcStr, Substr};
use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Location};

/// What a content file is, from its path below `content/<lang>/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum PageKind {
    Home,
    Overview,
    Chapter(u32),
    Article {
        chapter: u32,
        number: u32,
    },
    NewsIndex,
    News(String),
    /// Any other page: `about.md`, `glossary.md`, `about/team.md` …
    Page(String),
}

impl PageKind {
    /// `home`, `chapter`, `news-index` …: templates read it as `page.kind`.
    pub fn name(&self) -> &'static str {
        self.into()
    }
}

/// A page's identity across languages: its path below the language folder,
/// without the extension and with `_index` dropped (`convention/chapter-02`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct PageKey(String);

impl PageKey {
    pub fn new(key: impl Into<String>) -> Self {
        PageKey(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Front matter keys. Unknown keys are an error; which keys a kind of page may use is
/// checked in [`parse_page`].
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Front matter", description = "The YAML between `---` lines at the top of a Markdown page.")]
pub struct FrontMatter {
    /// The page's title (an article's or chapter's comes from the data when left out).
    pub title: Option<String>,
    /// A sentence for search engines and link previews.
    pub description: Option<String>,
    /// A news item's date (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(schema_with = "crate::schema::optional_date")]
    pub date: Option<jiff::civil::Date>,
    /// Article numbers an article page links to as related.
    #[serde(default)]
    pub related: Vec<u32>,
    /// The hash of the default-language source this translation was made from
    /// (written by `accord i18n stamp`).
    pub source_hash: Option<String>,
}

const FRONT_MATTER_HINT: &str =
    "front matter takes: title, description, date (YYYY-MM-DD), related (article numbers), source_hash";

/// A parsed content file.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Relative to the site root, for messages.
    pub path: std::path::PathBuf,
    pub lang: String,
    pub key: PageKey,
    pub kind: PageKind,
    pub front: FrontMatter,
    /// The Markdown below the front matter.
    pub body: Body,
    /// The file line on which the body starts (1-based).
    pub body_line: usize,
    /// Where the front matter's keys and values are, for messages.
    pub front_spans: crate::yaml::Index,
    /// The file's hash without its own `source_hash` line: what a translation of it records.
    pub source_hash: String,
}

impl ContentFile {
    /// Where a front matter key or value is written (`related`, `related[2]`); the file's
    /// first line when it is not there.
    pub fn front_location(&self, path: &str) -> Location {
        front_location(&self.path, &self.front_spans, path)
    }

    /// The whole file's text, front matter included (the text `body` is a view into), for
    /// quoting a line of it in a message; `None` when the body is read on demand.
    pub fn text(&self) -> Option<&str> {
        match &self.body {
            Body::Held(body) => Some(body.parent()),
            Body::OnDemand { .. } => None,
        }
    }

    /// Gives `f` the Markdown below the front matter: held, or read again from the file.
    pub fn with_body<R>(&self, f: impl FnOnce(&str) -> R) -> Result<R, Diagnostic> {
        match &self.body {
            Body::Held(body) => Ok(f(body)),
            Body::OnDemand { root, range, fingerprint } => crate::source::with_text(root, &self.path, |text| {
                // `get`, not indexing: a changed file whose hash happened to match must
                // still be an error, never a panic on a range that no longer fits.
                match text.get(range.clone()) {
                    Some(body) if fingerprint_of(text) == *fingerprint => Ok(f(body)),
                    _ => Err(Diagnostic::error(
                        Code::Io,
                        Location::file(&self.path),
                        "the file changed while the site was being built",
                    )
                    .with_hint("build again once it is saved")),
                }
            })?,
        }
    }
}

/// A page's Markdown: held as a view into the file's text (not a copy), or where to
/// find it in the file again, with the hash of the file's text as it was parsed, so that a
/// file changed between the two reads is an error rather than a page made of two versions.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Held(Substr),
    OnDemand { root: Arc<Path>, range: Range<usize>, fingerprint: u128 },
}

/// The front matter and body of a file.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// File line of the body's first line (1-based).
    pub body_line: usize,
}

/// Splits `---` front matter from the body. A file without front matter is all body.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    // A byte-order mark, as some Windows editors write, is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return Ok(Split { yaml: None, body: text, body_line: 1 });
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Ok(Split { yaml: Some(&rest[..offset]), body, body_line: i + 3 });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(Code::FrontMatter, Location::at(path, 1, 1), "front matter is not closed")
        .with_hint("end the front matter with a line of three dashes: ---")
        .with_source(text))
}

/// Parses a content file at `path` (relative to the site root, below `content/<lang>/`).
pub fn parse_page(path: &Path, text: &ArcStr) -> Result<ContentFile, Diagnostic> {
    parse_with(path, text, |range| Body::Held(text.substr(range)))
}

/// [`parse_page`] for a text that is not kept: its body is read again from the file below
/// `root` when it is rendered ([`ContentFile::with_body`]).
pub fn parse_page_on_demand(path: &Path, text: &str, root: &Arc<Path>) -> Result<ContentFile, Diagnostic> {
    parse_with(path, text, |range| Body::OnDemand { root: Arc::clone(root), range, fingerprint: fingerprint_of(text) })
}

/// What a page read on demand is compared with when it is read again: a fast hash of its
/// whole text, kept only for the length of one build.
fn fingerprint_of(text: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

/// A parsed page whose body, given its byte range in `text`, `body` makes.
fn parse_with(path: &Path, text: &str, body: impl FnOnce(Range<usize>) -> Body) -> Result<ContentFile, Diagnostic> {
    let (lang, key, kind) = identify(path)?;
    let split = split_front_matter(path, text)?;
    let (front, front_spans) = match split.yaml {
        Some(yaml) if !yaml.trim().is_empty() => {
            crate::yaml::read_part::<FrontMatter>(Code::FrontMatter, path, text, yaml, 1)
                .map_err(|d| d.with_hint(FRONT_MATTER_HINT))?
        }
        _ => (FrontMatter::default(), crate::yaml::Index::empty(path)),
    };
    check_keys_for_kind(path, text, &front_spans, &kind, &front)?;
    // The body is the end of the text.
    let body = body(text.len() - split.body.len()..text.len());
    Ok(ContentFile {
        path: path.to_path_buf(),
        lang,
        key,
        kind,
        front,
        body,
        body_line: split.body_line,
        front_spans,
        source_hash: source_hash_of(text),
    })
}

/// Article and chapter titles come from the data; a `title` there would silently disagree.
fn check_keys_for_kind(
    path: &Path,
    text: &str,
    spans: &crate::yaml::Index,
    kind: &PageKind,
    front: &FrontMatter,
) -> Result<(), Diagnostic> {
    let misplaced = |key: &str, why: &str| {
        Err(Diagnostic::error(
            Code::FrontMatter,
            front_location(path, spans, key),
            format!("`{key}` is not allowed here: {why}"),
        )
        .with_source(text))
    };
    match kind {
        PageKind::Article { .. } | PageKind::Chapter(_) if front.title.is_some() => misplaced(
            "title",
            "article and chapter titles come from content/data (convention.yaml, titles/<lang>.yaml)",
        ),
        PageKind::Chapter(_) | PageKind::Home | PageKind::Overview | PageKind::Page(_) | PageKind::NewsIndex
            if !front.related.is_empty() =>
        {
            misplaced("related", "only articles list related articles")
        }
        PageKind::News(_) if front.date.is_none() => Err(Diagnostic::error(
            Code::FrontMatter,
            Location::at(path, 1, 1),
            "a news item needs a `date` (YYYY-MM-DD)",
        )),
        PageKind::News(_) | PageKind::Page(_) if front.title.is_none() => Err(Diagnostic::error(
            Code::FrontMatter,
            Location::at(path, 1, 1),
            "this page needs a `title` in its front matter",
        )),
        _ => Ok(()),
    }
}

/// Where `at` is in the front matter of `path`, or its first line.
fn front_location(path: &Path, spans: &crate::yaml::Index, at: &str) -> Location {
    match spans.locate(at) {
        found @ Location { line: Some(_), .. } => found,
        _ => Location::at(path, 1, 1),
    }
}

/// Works out language, key and kind from `content/<lang>/<rest>.md`.
fn identify(path: &Path) -> Result<(String, PageKey, PageKind), Diagnostic> {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let bad = |message: &str| Diagnostic::error(Code::ContentPath, Location::file(path), message.to_owned());
    let [content, lang, rest @ ..] = parts.as_slice() else {
        return Err(bad("a page must be inside content/<language>/"));
    };
    if content != "content" || rest.is_empty() {
        return Err(bad("a page must be inside content/<language>/"));
    }
    let mut segments: Vec<&str> = rest.iter().map(String::as_str).collect();
    let file = segments.pop().unwrap_or_default();
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if stem != "_index" {
        segments.push(stem);
    }
    if let Some(s) = segments.iter().find(|s| !is_url_safe(s)) {
        return Err(bad(&format!("`{s}` cannot be part of a URL"))
            .with_hint("use lowercase letters, digits and dashes in file and folder names"));
    }
    let key = PageKey(segments.join("/"));
    let kind = match segments.as_slice() {
        [] => PageKind::Home,
        ["convention"] => PageKind::Overview,
        ["convention", chapter] => match number_after(chapter, "chapter-") {
            Some(n) => PageKind::Chapter(n),
            None => return Err(bad("a folder in convention/ must be named chapter-NN")),
        },
        ["convention", chapter, article] => {
            match (number_after(chapter, "chapter-"), number_after(article, "article-")) {
                (Some(chapter), Some(number)) => PageKind::Article { chapter, number },
                _ => {
                    return Err(bad("an article file must be convention/chapter-NN/article-NN.md")
                        .with_hint("for example content/en/convention/chapter-02/article-07.md"));
                }
            }
        }
        ["convention", ..] => {
            return Err(bad("convention/ holds only chapter-NN/article-NN.md files"));
        }
        ["news"] => PageKind::NewsIndex,
        ["news", slug] => PageKind::News((*slug).to_owned()),
        _ => PageKind::Page(key.0.clone()),
    };
    Ok((lang.clone(), key, kind))
}

fn is_url_safe(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn number_after(segment: &str, prefix: &str) -> Option<u32> {
    let digits = segment.strip_prefix(prefix)?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok())?
}

/// A short, stable hash of a file: the first 16 hex digits of its BLAKE3 hash, with line
/// ends made `\n` and trailing whitespace dropped. Stable across platforms and Rust
/// versions, unlike `DefaultHasher`; blake3 is the hash the build already uses.
pub fn content_hash(text: &str) -> String {
    let normalized = if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n")) } else { Cow::Borrowed(text) };
    let mut hex = blake3::hash(normalized.trim_end().as_bytes()).to_hex().to_string();
    hex.truncate(16);
    hex
}

/// The hash of a translation's source, ignoring its own `source_hash` line so that
/// stamping a file does not change what it is compared with.
pub fn source_hash_of(text: &str) -> String {
    const STAMP: &str = "source_hash:";
    // Most files have no stamp (no source has one): hashed without a copy.
    if !text.starts_with(STAMP) && !text.contains("\nsource_hash:") {
        return content_hash(text);
    }
    let without_stamp: String = text.split_inclusive('\n').filter(|l| !l.starts_with(STAMP)).collect();
    content_hash(&without_stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_keys_and_items_are_located_at_their_file_position() {
        let text = "---\ndescription: À propos\nrelated: [3, 99]\n---\nBody\n";
        let file = parse_page(Path::new("content/fr/convention/chapter-01/article-02.md"), &text.into());
        let file = file.expect("parses");
        let at = |path: &str| {
            let at = file.front_location(path);
            (at.line, at.column)
        };
        assert_eq!(at("related"), (Some(3), Some(1)));
        assert_eq!(at("related[1]"), (Some(3), Some(14)));
        assert_eq!(at("description"), (Some(2), Some(1)));
        assert_eq!(at("date"), (Some(1), Some(1)), "a key not written: the file's first line");
    }

    #[test]
    fn a_kind_is_named_for_templates_in_kebab_case() {
        assert_eq!(PageKind::NewsIndex.name(), "news-index");
        assert_eq!(PageKind::Article { chapter: 2, number: 7 }.name(), "article");
        assert_eq!(PageKind::Page("about".into()).name(), "page");
    }

    #[test]
    fn article_identity_comes_from_path() {
        let page = parse_page(
            Path::new("content/fr/convention/chapter-02/article-07.md"),
            &"---\nrelated: [8]\n---\nTexte\n".into(),
        )
        .unwrap();
        assert_eq!(page.lang, "fr");
        assert_eq!(page.key.as_str(), "convention/chapter-02/article-07");
        assert_eq!(page.kind, PageKind::Article { chapter: 2, number: 7 });
        assert_eq!(page.body_line, 4);
    }

    #[test]
    fn unknown_key_is_located_and_names_allowed_keys() {
        let err =
            parse_page(Path::new("content/en/about.md"), &"---\ntitle: A\ncolour: red\n---\n".into()).unwrap_err();
        assert_eq!(err.location.line, Some(3));
        assert!(err.message.contains("unknown field `colour`"), "{}", err.message);
        assert!(err.message.contains("description"), "{}", err.message);
        assert_eq!(err.snippet.as_deref(), Some("colour: red"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(parse_page(Path::new("content/en/about.md"), &"---\ntitle: A\n".into()).is_err());
    }

    #[test]
    fn stamping_does_not_change_the_source_hash() {
        let a = "---\ntitle: A\n---\nbody\n";
        let b = "---\ntitle: A\nsource_hash: 0123\n---\nbody\n";
        assert_eq!(source_hash_of(a), source_hash_of(b));
        assert_eq!(source_hash_of(a), content_hash(a), "an unstamped file is hashed as it is");
        let crlf_stamped = "---\r\ntitle: A\r\nsource_hash: 0123\r\n---\r\nbody\r\n";
        assert_eq!(source_hash_of(a), source_hash_of(crlf_stamped));
        assert_eq!(source_hash_of(a), source_hash_of("source_hash: 0123\n---\ntitle: A\n---\nbody\n"));
        assert_ne!(source_hash_of(a), source_hash_of("---\ntitle: B\n---\nbody\n"));
    }

    #[test]
    fn the_content_hash_is_blake3_of_the_normalized_text() {
        // BLAKE3's published hash of the empty input begins af1349b9f5f9a1a6.
        assert_eq!(content_hash(""), "af1349b9f5f9a1a6");
        assert_eq!(content_hash("\n \r\n"), "af1349b9f5f9a1a6", "trailing whitespace is dropped");
        assert_eq!(content_hash("a\r\nb\r\n"), content_hash("a\nb"), "line ends are normalized");
        assert_ne!(content_hash("a\nb"), content_hash("a\n b"));
    }
}
