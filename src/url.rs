//! The site's URL scheme, written once. A [`SitePath`] is where a page or file is in the
//! built site (`fr/convention/article-07/`, `sitemap.xml`), with the one rule between a
//! page's path and its output file (`…/index.html`); [`BaseUrl`] is the site's public
//! address from `site.yaml` and the only way to make a link or an absolute permalink
//! from a site path, so the site works at a domain root and under a sub-path alike.
//! [`paths`] says where every kind of page is.
//!
//! Pure: no I/O, no templates. It knows the kinds of content page (`content::PageKind`)
//! and nothing else of the site.

use std::fmt;

use serde::Serialize;

/// A site-relative output path: a page's folder ending in `/` (`en/status/`, or `` for
/// the site's root), or a file (`sitemap.xml`, `en/convention/guide.epub`). Never starts
/// with `/`; the base URL is not part of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SitePath(String);

/// The file a page's folder is written to.
const INDEX: &str = "index.html";

impl SitePath {
    /// A site path as written (`en/status/`, `404.html`); a leading `/` is dropped.
    pub fn new(path: impl Into<String>) -> SitePath {
        let path = path.into();
        match path.strip_prefix('/') {
            Some(rest) => SitePath(rest.to_owned()),
            None => SitePath(path),
        }
    }

    /// The site path of an output file: `en/about/index.html` is the page `en/about/`.
    pub fn of_output_file(file: &str) -> SitePath {
        SitePath::new(file.strip_suffix(INDEX).unwrap_or(file))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a page's folder (written as `…/index.html`) rather than a file.
    pub fn is_page(&self) -> bool {
        self.0.is_empty() || self.0.ends_with('/')
    }

    /// The output file: `en/about/` → `en/about/index.html`; a file is its own.
    pub fn output_file(&self) -> String {
        if self.is_page() { format!("{}{INDEX}", self.0) } else { self.0.clone() }
    }

    /// The language folder the path is in (`en` for `en/status/`), if any.
    pub fn first_segment(&self) -> &str {
        self.0.split('/').next().unwrap_or_default()
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The public address of the site. Internal links are paths below [`BaseUrl::path`],
/// so the site works at a domain root and under a sub-path alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: url::Url,
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let mut url = url::Url::parse(text).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("`{text}` must start with http:// or https://"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("`{text}` must not have a query or a fragment"));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(BaseUrl { url })
    }

    /// The path part, always starting and ending with `/` (`/` or `/treaty/`): what
    /// templates put before a site path (`site.base`).
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The full URL of a site path: `https://example.org/treaty/en/status/`.
    pub fn absolute(&self, path: &SitePath) -> String {
        format!("{}{}", self.url.as_str(), path.as_str())
    }

    /// The link to a site path, relative to the host: `/treaty/en/status/`.
    pub fn link(&self, path: &SitePath) -> String {
        format!("{}{}", self.path(), path.as_str())
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }
}

/// Site paths of every kind of page.
pub mod paths {
    use super::SitePath;
    use crate::content::PageKind;

    pub fn home(lang: &str) -> SitePath {
        SitePath(format!("{lang}/"))
    }
    pub fn overview(lang: &str) -> SitePath {
        SitePath(format!("{lang}/convention/"))
    }
    pub fn chapter(lang: &str, n: u32) -> SitePath {
        SitePath(format!("{lang}/convention/chapter-{n:02}/"))
    }
    pub fn article(lang: &str, n: u32) -> SitePath {
        SitePath(format!("{lang}/convention/article-{n:02}/"))
    }
    pub fn full(lang: &str) -> SitePath {
        SitePath(format!("{lang}/convention/full/"))
    }
    pub fn status(lang: &str) -> SitePath {
        SitePath(format!("{lang}/status/"))
    }
    pub fn participant(lang: &str, code: &crate::content::participant::ParticipantCode) -> SitePath {
        SitePath(format!("{lang}/status/{}/", code.as_str().to_ascii_lowercase()))
    }
    pub fn news(lang: &str) -> SitePath {
        SitePath(format!("{lang}/news/"))
    }
    pub fn search(lang: &str) -> SitePath {
        SitePath(format!("{lang}/search/"))
    }
    pub fn translations(lang: &str) -> SitePath {
        SitePath(format!("{lang}/about/translations/"))
    }
    pub fn glossary(lang: &str) -> SitePath {
        SitePath(format!("{lang}/glossary/"))
    }
    pub fn about(lang: &str) -> SitePath {
        SitePath(format!("{lang}/about/"))
    }
    /// The language's status feed (a file).
    pub fn feed(lang: &str) -> SitePath {
        SitePath(format!("{lang}/status/feed.xml"))
    }
    /// The output path of the guide as an EPUB (a file, not a folder).
    pub fn epub(lang: &str) -> SitePath {
        SitePath(format!("{lang}/convention/guide.epub"))
    }
    /// The language chooser, at the site's root.
    pub fn chooser() -> SitePath {
        SitePath(String::new())
    }
    pub fn not_found() -> SitePath {
        SitePath("404.html".to_owned())
    }
    pub fn sitemap() -> SitePath {
        SitePath("sitemap.xml".to_owned())
    }
    pub fn robots() -> SitePath {
        SitePath("robots.txt".to_owned())
    }
    /// A page of the language named in Markdown as `@/about/#team`: the target as
    /// written, fragment included, below the language's folder.
    pub fn internal(lang: &str, target: &str) -> SitePath {
        SitePath(format!("{lang}/{}", target.trim_start_matches('/')))
    }

    /// The site path of a content page.
    pub fn of_kind(lang: &str, kind: &PageKind) -> SitePath {
        match kind {
            PageKind::Home => home(lang),
            PageKind::Overview => overview(lang),
            PageKind::Chapter(n) => chapter(lang, *n),
            PageKind::Article { number, .. } => article(lang, *number),
            PageKind::NewsIndex => news(lang),
            PageKind::News(slug) => SitePath(format!("{lang}/news/{slug}/")),
            PageKind::Page(key) => SitePath(format!("{lang}/{key}/")),
        }
    }

    /// Site paths that accord generates itself; a content page may not take them.
    pub const RESERVED: &[&str] = &["status", "search", "about/translations", "data"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_written_to_its_folders_index_and_a_file_to_itself() {
        assert_eq!(paths::article("fr", 7).output_file(), "fr/convention/article-07/index.html");
        assert_eq!(paths::chooser().output_file(), "index.html");
        assert_eq!(paths::sitemap().output_file(), "sitemap.xml");
        assert_eq!(paths::epub("en").output_file(), "en/convention/guide.epub");
    }

    #[test]
    fn an_output_file_gives_back_its_site_path() {
        for path in [paths::article("fr", 7), paths::chooser(), paths::not_found(), paths::feed("ar")] {
            assert_eq!(SitePath::of_output_file(&path.output_file()), path);
        }
    }

    #[test]
    fn links_and_permalinks_carry_a_sub_path() {
        let base = BaseUrl::parse("https://example.org/sub").unwrap();
        assert_eq!(base.path(), "/sub/");
        assert_eq!(base.link(&paths::status("en")), "/sub/en/status/");
        assert_eq!(base.absolute(&paths::status("en")), "https://example.org/sub/en/status/");
        assert_eq!(base.absolute(&paths::chooser()), "https://example.org/sub/");
        assert_eq!(base.link(&paths::internal("en", "/about/#team")), "/sub/en/about/#team");
    }

    #[test]
    fn a_leading_slash_is_not_part_of_a_site_path() {
        assert_eq!(SitePath::new("/en/"), SitePath::new("en/"));
    }
}
