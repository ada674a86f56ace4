//! What `check` needs to know about one built page, read with a real HTML5 parser
//! (html5ever's tokenizer, which implements the WHATWG tokenizing rules: entities,
//! attribute quoting, raw text in `<script>` and `<style>` …): the ids an anchor can point
//! at, every reference the page makes (`href`, `src`, `srcset`, `action` …) and the
//! images that have no `alt`.
//!
//! Only tags and attributes matter here, so no tree is built: tokenizing alone is about
//! twice as fast as building scraper's DOM for every page. Content inside `<noscript>` is
//! read like any other, so its links are checked too. This module only reads; it does
//! not resolve URLs or decide what is broken (see `links`).

use std::cell::RefCell;
use std::collections::HashSet;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};

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
    crate::html::tokenize(text, Collector::default()).facts.into_inner()
}

#[derive(Default)]
struct Collector {
    facts: RefCell<PageFacts>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        self.facts.borrow_mut().add(&tag);
        // What the tree builder would tell the tokenizer: these elements hold raw text,
        // in which `<` starts no tag.
        match &*tag.name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

impl PageFacts {
    fn add(&mut self, tag: &Tag) {
        let name: &str = &tag.name;
        let attr = |wanted: &str| tag.attrs.iter().find(|a| &*a.name.local == wanted).map(|a| &*a.value);
        if let Some(id) = attr("id") {
            self.ids.insert(id.to_owned());
        }
        if name == "a"
            && let Some(anchor) = attr("name")
        {
            self.ids.insert(anchor.to_owned());
        }
        if name == "base" {
            if self.base_href.is_none() {
                self.base_href = attr("href").map(str::to_owned);
            }
            return;
        }
        for (_, wanted) in URL_ATTRIBUTES.iter().filter(|(e, _)| *e == name) {
            if let Some(url) = attr(wanted) {
                self.references.push(Reference { element: name.to_owned(), attr: wanted, url: url.to_owned() });
            }
        }
        if matches!(name, "img" | "source")
            && let Some(srcset) = attr("srcset")
        {
            for url in srcset_urls(srcset) {
                self.references.push(Reference { element: name.to_owned(), attr: "srcset", url });
            }
        }
        if name == "img" && attr("alt").is_none() {
            self.images_without_alt.push(attr("src").unwrap_or_default().to_owned());
        }
    }
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

    #[test]
    fn raw_text_holds_no_tags_but_noscript_is_read() {
        let facts = page_facts(
            r#"<script>if (a <b) { x = "<a href='/in-script'>" }</script><style>a[href="/in-style"]{}</style>
            <textarea><a href="/in-textarea"></textarea><noscript><a href="/in-noscript">x</a></noscript>
            <svg><a href="/in-svg"><title>t</title></a></svg>"#,
        );
        let urls: Vec<&str> = facts.references.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, ["/in-noscript", "/in-svg"]);
    }
}
