//! Links in the built site: every reference of every page (links, stylesheets, images,
//! scripts, forms) resolved the way a browser would, against the page's own URL under
//! the configured base URL, then looked up among the files accord wrote. A `#fragment`
//! must name an element of the target page. References that leave the site's host are
//! external links: collected here, fetched (on request) by `external`.
//!
//! Also builds the graph of navigation links that `orphans` walks.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use url::Url;

use super::Built;
use super::external::{ExternalLink, LinkStatus};
use super::findings::{Finding, merge, page_url};
use super::html::{PageFacts, Reference};
use super::origin::{Attribution, Cause};
use crate::config::LangId;
use crate::diag::{Code, Diagnostic, Location};

/// What the link validator found.
#[derive(Debug, Default)]
pub struct LinkResults {
    pub diagnostics: Vec<Diagnostic>,
    pub external: Vec<ExternalLink>,
    /// How many internal references were resolved and checked.
    pub checked: usize,
    /// Navigation links between built pages, by output path.
    pub graph: BTreeMap<String, BTreeSet<String>>,
}

/// Where a reference leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file of the built site (its output path), maybe with a decoded `#fragment`.
    File { path: String, fragment: Option<String> },
    /// Inside the site, but nothing was built there; the site path it asked for.
    Missing(String),
    /// On the site's host, but outside its base path.
    Outside,
    /// Another site; the URL without its fragment.
    External(String),
    /// `mailto:`, `tel:`, `javascript:`, `data:` or an empty reference: not checked.
    Ignored,
    /// Not a URL a browser could follow.
    Invalid(String),
}

/// The built site's address and files, for resolving references.
pub(crate) struct SiteIndex<'a> {
    root: Url,
    base_path: String,
    files: &'a BTreeMap<String, Vec<u8>>,
}

impl<'a> SiteIndex<'a> {
    pub fn new(base_url: &str, files: &'a BTreeMap<String, Vec<u8>>) -> Option<Self> {
        let root = Url::parse(base_url).ok()?;
        Some(SiteIndex { base_path: root.path().to_owned(), root, files })
    }

    /// The URL a built file is served at.
    pub fn url_of(&self, output_path: &str) -> Url {
        self.root.join(output_path).unwrap_or_else(|_| self.root.clone())
    }

    /// Resolves `raw`, found in a document at `document`.
    pub fn resolve(&self, document: &Url, raw: &str) -> Target {
        let raw = raw.trim_matches(|c: char| c.is_ascii_whitespace());
        if raw.is_empty() {
            return Target::Ignored;
        }
        let url = match document.join(raw) {
            Ok(url) => url,
            Err(e) => return Target::Invalid(e.to_string()),
        };
        if !matches!(url.scheme(), "http" | "https") {
            return Target::Ignored;
        }
        if url.host_str() != self.root.host_str() || url.port_or_known_default() != self.root.port_or_known_default() {
            let mut external = url;
            external.set_fragment(None);
            return Target::External(external.to_string());
        }
        let Some(rel) = url.path().strip_prefix(self.base_path.as_str()) else {
            return Target::Outside;
        };
        let rel = percent_decode_str(rel).decode_utf8_lossy();
        let fragment = url.fragment().map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
        let candidates = if rel.is_empty() || rel.ends_with('/') {
            vec![format!("{rel}index.html")]
        } else {
            // `/en/about` is served as `/en/about/` by static hosts.
            vec![rel.to_string(), format!("{rel}/index.html")]
        };
        match candidates.into_iter().find(|c| self.files.contains_key(c)) {
            Some(path) => Target::File { path, fragment },
            None => Target::Missing(format!("{}{rel}", self.base_path)),
        }
    }
}

/// Where one external link appears.
#[derive(Default)]
struct ExternalPlaces {
    locations: BTreeSet<Location>,
    snippets: BTreeMap<Location, String>,
    pages: BTreeSet<String>,
}

/// A page's problems, external links and navigation links, before merging.
#[derive(Default)]
struct PageResult {
    findings: Vec<Finding>,
    external: Vec<(String, Cause)>,
    edges: BTreeSet<String>,
    checked: usize,
}

/// Checks every reference of every built page.
pub fn check(built: &Built<'_>, facts: &BTreeMap<String, PageFacts>) -> LinkResults {
    let config = &built.loaded.model.config;
    let Some(site) = SiteIndex::new(config.base_url.as_str(), &built.output.files) else {
        return LinkResults::default();
    };
    let attribution = Attribution::new(built);
    let pages = in_language_order(built, facts.keys().map(String::as_str));
    let results: Vec<(String, PageResult)> = pages
        .par_iter()
        .map(|path| {
            let result = check_page(&site, &attribution, facts, path, &facts[*path]);
            (path.to_string(), result)
        })
        .collect();

    let mut out = LinkResults::default();
    let mut findings = Vec::new();
    let mut external: BTreeMap<String, ExternalPlaces> = BTreeMap::new();
    for (path, result) in results {
        findings.extend(result.findings);
        out.checked += result.checked;
        for (url, cause) in result.external {
            let entry = external.entry(url).or_default();
            if let Some(snippet) = cause.snippet {
                entry.snippets.insert(cause.location.clone(), snippet);
            }
            entry.locations.insert(cause.location);
            entry.pages.insert(path.clone());
        }
        out.graph.insert(path, result.edges);
    }
    out.diagnostics = merge(findings, &attribution);
    out.external = external
        .into_iter()
        .map(|(url, places)| ExternalLink {
            url,
            locations: places.locations.into_iter().collect(),
            snippets: places.snippets,
            pages: places.pages.len(),
            status: LinkStatus::Unchecked,
        })
        .collect();
    out
}

/// Output paths ordered by the site's languages (the default first), then by path, so
/// that a problem seen in every language is described as the default language shows it.
pub(crate) fn in_language_order<'p>(built: &Built<'_>, paths: impl Iterator<Item = &'p str>) -> Vec<&'p str> {
    let languages = &built.loaded.model.config.languages;
    let rank = |path: &str| {
        let lang =
            built.origins.get(path).map(|o| o.lang.as_str()).unwrap_or_else(|| path.split('/').next().unwrap_or(""));
        languages.iter().position(|l| l.id.as_str() == lang).unwrap_or(languages.len())
    };
    let mut paths: Vec<&str> = paths.collect();
    paths.sort_by_key(|path| (rank(path), *path));
    paths
}

fn check_page(
    site: &SiteIndex<'_>,
    attribution: &Attribution<'_>,
    facts: &BTreeMap<String, PageFacts>,
    path: &str,
    page: &PageFacts,
) -> PageResult {
    let mut result = PageResult::default();
    let mut document = site.url_of(path);
    if let Some(base) = &page.base_href
        && let Ok(url) = document.join(base)
    {
        document = url;
    }
    let lang = attribution.origin(path).map(|o| &o.lang);
    for reference in &page.references {
        let target = site.resolve(&document, &reference.url);
        let problem = match &target {
            Target::External(url) => {
                let cause = attribution.locate(path, &reference.url);
                result.external.push((url.clone(), cause));
                None
            }
            Target::Ignored => None,
            Target::File { path: to, fragment } => {
                result.checked += 1;
                if reference.is_navigation() && to != path {
                    result.edges.insert(to.clone());
                }
                missing_anchor(site, facts, to, fragment.as_deref(), reference)
            }
            Target::Missing(wanted) => {
                result.checked += 1;
                Some(missing_target(wanted, reference))
            }
            Target::Outside => {
                result.checked += 1;
                Some(Problem {
                    code: Code::BrokenLink,
                    message: format!(
                        "link `{}` leads outside the site, which lives at {}",
                        reference.url,
                        site.root.as_str()
                    ),
                    fix: Fix::Outside,
                })
            }
            Target::Invalid(error) => {
                result.checked += 1;
                Some(Problem {
                    code: Code::BrokenLink,
                    message: format!("`{}` is not a valid URL: {error}", reference.url),
                    fix: Fix::Url,
                })
            }
        };
        if let Some(problem) = problem {
            let cause = attribution.locate(path, &reference.url);
            let hint = problem.fix.hint(Maker::of(&cause.location.file));
            result.findings.push(finding(
                Diagnostic::error(problem.code, cause.location.clone(), problem.message).with_hint(hint),
                cause,
                neutral(&reference.url, lang),
                path,
            ));
        }
    }
    result
}

/// A broken reference, before it is traced to its cause.
struct Problem {
    code: Code,
    message: String,
    fix: Fix,
}

/// Who wrote a broken reference: the advice differs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Maker {
    Markdown,
    Data,
    Template,
}

impl Maker {
    fn of(file: &std::path::Path) -> Maker {
        if file.starts_with("content/data") {
            Maker::Data
        } else if file.starts_with("content") {
            Maker::Markdown
        } else {
            Maker::Template
        }
    }
}

/// What to do about a broken reference.
enum Fix {
    Page,
    File,
    Anchor,
    Outside,
    Url,
}

impl Fix {
    fn hint(&self, maker: Maker) -> &'static str {
        match (self, maker) {
            (Fix::Page, Maker::Markdown) => {
                "link to a page that exists; @/path/ links to a page in the same language, such as @/glossary/"
            }
            (Fix::Page, Maker::Data) => {
                "fix the URL in the data file; a URL on the site's own host must lead to a page the site has"
            }
            (Fix::Page, Maker::Template) => {
                "fix the URL in the template (or the data it is built from), or add the page"
            }
            (Fix::File, _) => "put the file in static/ (it is copied as is), or fix the path",
            (Fix::Anchor, _) => {
                "headings take their id from their text (`## Key terms` is #key-terms); an article's paragraphs are #p1, #p2 …"
            }
            (Fix::Outside, _) => {
                "link to pages of the site with @/path/ or a path below the base URL, to other sites with a full URL"
            }
            (Fix::Url, _) => "write a valid URL",
        }
    }
}

/// A finding for a problem with `cause`, merged with the same problem on other pages.
pub(crate) fn finding(mut diagnostic: Diagnostic, cause: Cause, key: String, page: &str) -> Finding {
    diagnostic.snippet = cause.snippet;
    Finding {
        diagnostic,
        key: (cause.pinned.then_some(cause.location), key),
        page: page_url(page),
        template: cause.template,
        names_page: false,
    }
}

fn missing_target(wanted: &str, reference: &Reference) -> Problem {
    let (what, fix) =
        if wanted.ends_with('/') || reference.is_navigation() { ("page", Fix::Page) } else { ("file", Fix::File) };
    Problem {
        code: Code::BrokenLink,
        message: format!("broken link `{}`: the built site has no {what} {wanted}", reference.url),
        fix,
    }
}

fn missing_anchor(
    site: &SiteIndex<'_>,
    facts: &BTreeMap<String, PageFacts>,
    to: &str,
    fragment: Option<&str>,
    reference: &Reference,
) -> Option<Problem> {
    let fragment = fragment.filter(|f| !f.is_empty())?;
    // HTML scrolls to the top for `#top` when no element has that id.
    if fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    let target = facts.get(to)?;
    if target.ids.contains(fragment) {
        return None;
    }
    Some(Problem {
        code: Code::BrokenAnchor,
        message: format!(
            "broken anchor `{}`: {}{} has no element with id `{fragment}`",
            reference.url,
            site.base_path,
            to.strip_suffix("index.html").unwrap_or(to)
        ),
        fix: Fix::Anchor,
    })
}

/// The same link in every language differs only by its language segment; this makes
/// it one key (`/en/x/` and `/fr/x/` are both `/*/x/`).
pub(crate) fn neutral(url: &str, lang: Option<&LangId>) -> String {
    let Some(lang) = lang else {
        return url.to_owned();
    };
    url.replacen(&format!("/{lang}/"), "/*/", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> BTreeMap<String, Vec<u8>> {
        ["en/index.html", "en/about/index.html", "style.css"].iter().map(|p| ((*p).to_owned(), Vec::new())).collect()
    }

    #[test]
    fn references_resolve_like_a_browser_under_a_sub_path() {
        let files = files();
        let site = SiteIndex::new("https://example.org/treaty/", &files).unwrap();
        let doc = site.url_of("en/about/index.html");
        let file = |p: &str, f: Option<&str>| Target::File { path: p.into(), fragment: f.map(str::to_owned) };
        assert_eq!(site.resolve(&doc, "../"), file("en/index.html", None));
        assert_eq!(site.resolve(&doc, "/treaty/style.css"), file("style.css", None));
        assert_eq!(
            site.resolve(&doc, "https://example.org/treaty/en/about#top"),
            file("en/about/index.html", Some("top"))
        );
        assert_eq!(site.resolve(&doc, "#%D0%BF"), file("en/about/index.html", Some("п")));
        assert_eq!(site.resolve(&doc, "/treaty/en/nope/"), Target::Missing("/treaty/en/nope/".into()));
        assert_eq!(site.resolve(&doc, "/en/about/"), Target::Outside);
        assert_eq!(
            site.resolve(&doc, "https://docs.example.org/en/X/1#p1"),
            Target::External("https://docs.example.org/en/X/1".into())
        );
        assert_eq!(site.resolve(&doc, "mailto:a@example.org"), Target::Ignored);
        assert_eq!(site.resolve(&doc, "  "), Target::Ignored);
    }

    #[test]
    fn language_segments_are_neutral() {
        let fr = LangId::parse("fr");
        assert_eq!(neutral("/treaty/fr/glossary/", fr.as_ref()), "/treaty/*/glossary/");
        assert_eq!(neutral("../x/", fr.as_ref()), "../x/");
        assert_eq!(neutral("/treaty/fr/glossary/", None), "/treaty/fr/glossary/");
    }
}
