//! What `check` needs to know about one built page, read with a real HTML5 parser
//! (scraper, on html5ever): the ids an anchor can point at, every reference the page
//! makes (`href`, `src`, `srcset`, `action` …) and the images that have no `alt`.
//!
//! Only reads; it does not resolve URLs or decide what is broken (see `links`).

use std::collections::HashSet;

use scraper::{ElementRef, Html};

/// One reference from a page to another resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The element and attribute it was found in, such as `a` and `href`.
    pub element: String,
    pub attr: &'static str,
    /// The attribute's value as the browser sees it (entities decoded).
    pub url: String,
}

impl Reference {
    /// Whether following it is navigation (a link or a form), as opposed to loading a
    /// resource: only navigation makes a page reachable for `orphans`.
    pub fn is_navigation(&self) -> bool {
        matches!((self.element.as_str(), self.attr), ("a" | "area", "href") | ("form", "action"))
    }
}

/// Facts about one page.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    /// Every `id`, and every `name` of an `<a>` (the old form of an anchor).
    pub ids: HashSet<String>,
    pub references: Vec<Reference>,
    /// The `src` of each `<img>` that has no `alt` attribute at all (`alt=""` marks a
    /// decorative image and is fine).
    pub images_without_alt: Vec<String>,
    /// The document's `<base href>`, which relative links resolve against.
    pub base_href: Option<String>,
}

/// Attributes that hold one URL, by element.
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("form", "action"),
    ("object", "data"),
];

/// Parses a page and collects its facts.
pub fn page_facts(text: &str) -> PageFacts {
    let document = Html::parse_document(text);
    let mut facts = PageFacts::default();
    for node in document.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let value = element.value();
        let name = value.name();
        if let Some(id) = value.id() {
            facts.ids.insert(id.to_owned());
        }
        if name == "a"
            && let Some(anchor) = value.attr("name")
        {
            facts.ids.insert(anchor.to_owned());
        }
        if name == "base" {
            facts.base_href = facts.base_href.take().or_else(|| value.attr("href").map(str::to_owned));
            continue;
        }
        for (_, attr) in URL_ATTRIBUTES.iter().filter(|(e, _)| *e == name) {
            if let Some(url) = value.attr(attr) {
                facts.references.push(Reference { element: name.to_owned(), attr, url: url.to_owned() });
            }
        }
        if matches!(name, "img" | "source")
            && let Some(srcset) = value.attr("srcset")
        {
            for url in srcset_urls(srcset) {
                facts.references.push(Reference { element: name.to_owned(), attr: "srcset", url });
            }
        }
        if name == "img" && value.attr("alt").is_none() {
            facts.images_without_alt.push(value.attr("src").unwrap_or_default().to_owned());
        }
    }
    facts
}

/// The URLs of a `srcset`: comma-separated candidates, each a URL and a descriptor.
fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset.split(',').filter_map(|candidate| candidate.split_whitespace().next()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_ids_references_and_images_without_alt() {
        let facts = page_facts(
            r##"<!DOCTYPE html><html><head><link rel="stylesheet" href="/style.css"></head>
            <body><h2 id="terms">Terms</h2><a name="old"></a>
            <a href="/en/a/?x=1&amp;y=2#terms">a</a><form action="/en/search/"></form>
            <img src="/a.png"><img src="/b.png" alt=""><img srcset="/c.png 1x, /d.png 2x" alt="c">
            </body></html>"##,
        );
        assert!(facts.ids.contains("terms") && facts.ids.contains("old"));
        let urls: Vec<&str> = facts.references.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, ["/style.css", "/en/a/?x=1&y=2#terms", "/en/search/", "/a.png", "/b.png", "/c.png", "/d.png"]);
        assert_eq!(facts.images_without_alt, ["/a.png"]);
        assert!(facts.references[1].is_navigation() && facts.references[2].is_navigation());
        assert!(!facts.references[0].is_navigation());
    }
}
