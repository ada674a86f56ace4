//! Tracing a problem found in a built page back to what made it: a link written in
//! Markdown (the renderer records each with its line), raw HTML in a Markdown file, or a
//! template. For a template, the attribute whose fixed text matches the URL is looked for
//! in the page's template and the templates it extends, includes or imports; when
//! exactly one matches, that is the line. Otherwise the page's template is named.
//!
//! Template files are read as text here, not as HTML: they are not HTML until rendered.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;
use regex::Regex;

use crate::config::LangId;
use crate::diag::Location;
use crate::lines::Lines;
use crate::render::pages::PageOrigin;
use crate::render::template_sources;

use super::Built;
use super::findings::CommonTemplate;

/// Where a problem in a built page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cause {
    pub location: Location,
    /// The offending line, when the location has one.
    pub snippet: Option<String>,
    /// False when only the page's template could be named, not the line that made the
    /// problem; such causes are merged across templates.
    pub pinned: bool,
    /// The page's template, named in messages about unpinned causes.
    pub template: Option<String>,
}

/// Finds causes for one built site.
pub(crate) struct Attribution<'a> {
    origins: &'a BTreeMap<String, PageOrigin>,
    /// Content files' text by path.
    sources: HashMap<&'a Path, &'a str>,
    /// Data files (`content/data/…`), whose URLs templates show.
    data: Vec<(&'a Path, &'a str)>,
    /// Every Markdown link by language and URL: the files and lines that wrote it, for
    /// pages that show other pages' text (the whole convention on one page).
    markdown_links: HashMap<(LangId, String), BTreeSet<(&'a Path, usize)>>,
    templates: BTreeMap<String, TemplateInfo>,
    base: String,
}

struct TemplateInfo {
    path: PathBuf,
    text: String,
    /// Templates this one extends, includes or imports.
    uses: Vec<String>,
    attributes: Vec<TemplateAttribute>,
}

/// A URL-holding attribute in a template's text: its position and its fixed text, split
/// where template expressions and tags are.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TemplateAttribute {
    line: usize,
    column: usize,
    pieces: Vec<String>,
    starts_fixed: bool,
    ends_fixed: bool,
}

impl<'a> Attribution<'a> {
    pub fn new(built: &'a Built<'a>) -> Self {
        let sources = built.loaded.sources.pages.read().iter().map(|f| (f.path.as_path(), f.text.as_str())).collect();
        let templates = template_sources(&built.loaded.sources.templates)
            .into_iter()
            .map(|(name, (path, text))| {
                let info = TemplateInfo {
                    path,
                    uses: template_uses(text),
                    attributes: template_attributes(text),
                    text: text.to_owned(),
                };
                (name, info)
            })
            .collect();
        let data = built.loaded.sources.data.iter().map(|f| (f.path.as_path(), f.text.as_str())).collect();
        let mut markdown_links: HashMap<(LangId, String), BTreeSet<(&Path, usize)>> = HashMap::new();
        for origin in built.origins.values() {
            let Some(source) = origin.source.as_deref() else {
                continue;
            };
            for link in &origin.links {
                markdown_links.entry((origin.lang.clone(), link.url.clone())).or_default().insert((source, link.line));
            }
        }
        Attribution {
            origins: built.origins,
            sources,
            data,
            markdown_links,
            templates,
            base: built.loaded.model.config.base_url.path().to_owned(),
        }
    }

    pub fn origin(&self, page: &str) -> Option<&PageOrigin> {
        self.origins.get(page)
    }

    /// The cause of `url` appearing on `page` (an output path).
    pub fn locate(&self, page: &str, url: &str) -> Cause {
        let origin = self.origins.get(page);
        if let Some(origin) = origin
            && let Some(cause) = self.in_markdown(origin, url)
        {
            return cause;
        }
        let lang = origin.map(|o| &o.lang);
        if let Some(lang) = lang
            && let Some(cause) = self.in_other_markdown(url, lang)
        {
            return cause;
        }
        if let Some(cause) = self.in_data(url, lang) {
            return cause;
        }
        let template = origin.map(|o| o.template);
        match template {
            Some(name) => self.in_template(name, url),
            // Not rendered by accord: an HTML file copied from static/.
            None => Cause {
                location: Location::file(Path::new("static").join(page)),
                snippet: None,
                pinned: true,
                template: None,
            },
        }
    }

    /// The page's source file, or its template when it has none: where a problem with
    /// the page as a whole (such as nothing linking to it) is reported.
    pub fn page_file(&self, page: &str) -> (Location, bool) {
        match self.origins.get(page) {
            Some(PageOrigin { source: Some(path), .. }) => (Location::file(path), true),
            Some(origin) => (Location::file(self.template_path(origin.template)), false),
            None => (Location::file(Path::new("static").join(page)), true),
        }
    }

    fn template_path(&self, name: &str) -> PathBuf {
        self.templates.get(name).map_or_else(|| PathBuf::from("templates").join(name), |t| t.path.clone())
    }

    fn in_markdown(&self, origin: &PageOrigin, url: &str) -> Option<Cause> {
        let path = origin.source.as_deref()?;
        let text = self.sources.get(path).copied().unwrap_or_default();
        let decoded = decode(url);
        let line = match origin.links.iter().find(|l| l.url == url || decode(&l.url) == decoded) {
            Some(link) => link.line,
            // Raw HTML in the Markdown: the URL is written as is, best as an attribute.
            None => {
                let (double, single) = (format!("=\"{url}\""), format!("='{url}'"));
                first_occurrence(text, &[&double, &single]).or_else(|| first_occurrence(text, &[url]))?.0 + 1
            }
        };
        Some(self.markdown_cause(path, text, line, url, &origin.lang))
    }

    /// A link written in the Markdown of another page of the same language, when exactly
    /// one line wrote it.
    fn in_other_markdown(&self, url: &str, lang: &LangId) -> Option<Cause> {
        let found = self.markdown_links.get(&(lang.clone(), url.to_owned()))?;
        let [(path, line)] = found.iter().copied().collect::<Vec<_>>()[..] else {
            return None;
        };
        let text = self.sources.get(path).copied().unwrap_or_default();
        Some(self.markdown_cause(path, text, line, url, lang))
    }

    fn markdown_cause(&self, path: &Path, text: &str, line: usize, url: &str, lang: &LangId) -> Cause {
        let decoded = decode(url);
        let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
        let internal = format!("@/{}", self.without_language(url, lang));
        let column = [url, internal.as_str(), decoded.as_str()]
            .iter()
            .find_map(|needle| source_line.find(needle))
            .map(|byte| source_line[..byte].chars().count() + 1);
        Cause {
            location: Location { file: path.to_path_buf(), line: Some(line), column },
            snippet: Some(source_line.to_owned()),
            pinned: true,
            template: None,
        }
    }

    /// A URL a template took from a data file, written there as is or with `{lang}` for
    /// the page's language (as `official_text_url` is).
    fn in_data(&self, url: &str, lang: Option<&LangId>) -> Option<Cause> {
        let mut needles = vec![url.to_owned()];
        if let Some(lang) = lang {
            needles.push(url.replacen(&format!("/{lang}/"), "/{lang}/", 1));
        }
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        self.data.iter().find_map(|(path, text)| {
            let (line, source_line, column) = first_occurrence(text, &needles)?;
            Some(Cause {
                location: Location::at(path, line + 1, column),
                snippet: Some(source_line.to_owned()),
                pinned: true,
                template: None,
            })
        })
    }

    /// `/en/glossary/` → `glossary/` (the `@/` form a writer uses), given the base `/`.
    fn without_language<'u>(&self, url: &'u str, lang: &LangId) -> &'u str {
        url.strip_prefix(self.base.as_str())
            .and_then(|rest| rest.strip_prefix(lang.as_str()))
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(url)
    }

    fn in_template(&self, name: &str, url: &str) -> Cause {
        let mut matches = BTreeSet::new();
        for used in self.closure(name) {
            let Some(info) = self.templates.get(&used) else {
                continue;
            };
            for attribute in info.attributes.iter().filter(|a| a.matches(url)) {
                matches.insert((info.path.clone(), attribute.line, attribute.column));
            }
        }
        if let [(path, line, column)] = matches.into_iter().collect::<Vec<_>>().as_slice() {
            let text = self.templates.values().find(|t| &t.path == path).map_or("", |t| t.text.as_str());
            return Cause {
                location: Location::at(path, *line, *column),
                snippet: text.lines().nth(line - 1).map(str::to_owned),
                pinned: true,
                template: None,
            };
        }
        Cause {
            location: Location::file(self.template_path(name)),
            snippet: None,
            pinned: false,
            template: Some(name.to_owned()),
        }
    }

    /// A template and every template it uses, directly or not, in a stable order.
    fn closure(&self, name: &str) -> Vec<String> {
        let mut seen = vec![name.to_owned()];
        let mut i = 0;
        while i < seen.len() {
            if let Some(info) = self.templates.get(&seen[i]) {
                for used in &info.uses {
                    if !seen.contains(used) {
                        seen.push(used.clone());
                    }
                }
            }
            i += 1;
        }
        seen
    }
}

impl CommonTemplate for Attribution<'_> {
    /// The first template, in the first page template's order of use, that every page
    /// template uses: for pages made from `article.html` and `home.html`, `base.html`.
    fn common_template(&self, templates: &[String]) -> Option<PathBuf> {
        let (first, rest) = templates.split_first()?;
        let closures: Vec<Vec<String>> = rest.iter().map(|t| self.closure(t)).collect();
        self.closure(first).into_iter().find(|t| closures.iter().all(|c| c.contains(t))).map(|t| self.template_path(&t))
    }
}

/// Where `text` first holds one of `needles`: the 0-based line, that line, and the
/// 1-based column in characters. One search over the whole text, not one per line.
fn first_occurrence<'t>(text: &'t str, needles: &[&str]) -> Option<(usize, &'t str, usize)> {
    let byte = needles.iter().filter(|n| !n.is_empty()).filter_map(|n| text.find(n)).min()?;
    let lines = Lines::new(text);
    let (line, column) = lines.position(byte);
    Some((line - 1, lines.line_text(line).unwrap_or_default(), column))
}

fn decode(url: &str) -> String {
    percent_decode_str(url).decode_utf8_lossy().into_owned()
}

fn template_uses(text: &str) -> Vec<String> {
    static USES: OnceLock<Regex> = OnceLock::new();
    let re =
        USES.get_or_init(|| Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+["']([^"']+)["']"#).expect("valid"));
    re.captures_iter(text).map(|c| c[1].to_owned()).collect()
}

fn template_attributes(text: &str) -> Vec<TemplateAttribute> {
    static ATTRIBUTE: OnceLock<Regex> = OnceLock::new();
    static EXPRESSION: OnceLock<Regex> = OnceLock::new();
    let attribute = ATTRIBUTE.get_or_init(|| {
        Regex::new(r#"\b(?:href|src|srcset|action|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid")
    });
    let expression = EXPRESSION.get_or_init(|| Regex::new(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}").expect("valid"));
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for caps in attribute.captures_iter(line) {
            let Some(value) = caps.get(1).or_else(|| caps.get(2)) else {
                continue;
            };
            let value = value.as_str();
            let pieces: Vec<String> = expression.split(value).filter(|p| !p.is_empty()).map(str::to_owned).collect();
            let whole = caps.get(0).map_or(0, |m| m.start());
            found.push(TemplateAttribute {
                line: i + 1,
                column: line[..whole].chars().count() + 1,
                starts_fixed: expression.find(value).is_none_or(|m| m.start() != 0),
                ends_fixed: !expression.find_iter(value).any(|m| m.end() == value.len()),
                pieces,
            });
        }
    }
    found
}

impl TemplateAttribute {
    /// Whether this attribute could have produced `url`: its fixed pieces appear in the
    /// URL in order (anchored where the attribute starts or ends with fixed text), and at
    /// least one piece says something (a letter, digit or `#`), so `{{ a }}/{{ b }}`
    /// does not match everything.
    fn matches(&self, url: &str) -> bool {
        if !self.pieces.iter().any(|p| p.chars().any(|c| c.is_alphanumeric() || c == '#')) {
            return false;
        }
        let (Some(first), Some(last)) = (self.pieces.first(), self.pieces.last()) else {
            return false;
        };
        if (self.starts_fixed && !url.starts_with(first.as_str())) || (self.ends_fixed && !url.ends_with(last.as_str()))
        {
            return false;
        }
        let mut rest = url;
        for piece in &self.pieces {
            match rest.find(piece.as_str()) {
                Some(i) => rest = &rest[i + piece.len()..],
                None => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_attributes_keep_their_fixed_text() {
        let found = template_attributes(
            "<a href=\"{{ site.base }}{{ lang.code }}/about/translations/\">x</a>\n<img src='/logo.png'> <a href=\"{{ item.url }}\">",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].pieces, ["/about/translations/"]);
        assert!(!found[0].starts_fixed && found[0].ends_fixed);
        assert!(found[0].matches("/treaty/fr/about/translations/"));
        assert!(!found[0].matches("/treaty/fr/about/"));
        assert_eq!((found[1].line, found[1].column), (2, 6));
        assert!(found[1].matches("/logo.png"));
        assert!(!found[2].matches("/anything/"), "no fixed text, no match");
    }

    #[test]
    fn first_occurrence_names_line_and_column() {
        let text = "a: 1\nurl: https://x.org/é\nb: https://x.org/é\n";
        assert_eq!(first_occurrence(text, &["https://x.org/é"]), Some((1, "url: https://x.org/é", 6)));
        assert_eq!(first_occurrence(text, &["b:", "a:"]), Some((0, "a: 1", 1)));
        assert_eq!(first_occurrence(text, &["nowhere"]), None);
    }

    #[test]
    fn template_uses_are_found() {
        assert_eq!(
            template_uses("{% extends \"base.html\" %}{%- include 'partials/x.html' %}"),
            ["base.html", "partials/x.html"]
        );
    }
}
