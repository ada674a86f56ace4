//! What raw HTML in Markdown may not carry unless the site allows it: a `<script>`
//! element, an event-handler attribute (`onclick=` …) or a `javascript:` (or
//! `vbscript:`) URL. Content is written by editors and translators alike, and a page is
//! published to every reader, so such markup is refused at its line rather than run.
//!
//! The fragment is read with html5ever's tokenizer (the WHATWG rules), so the attribute
//! values are those a browser sees: entities decoded (`jav&#x61;script:`), and tabs and
//! newlines inside a URL's scheme removed as the URL parser removes them.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// One piece of active content found in a raw HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hazard {
    /// The line within the fragment, from 1.
    pub line: usize,
    /// The element, and the attribute if the hazard is one.
    pub element: String,
    pub attribute: Option<String>,
    pub what: &'static str,
}

/// The active content in `fragment`, in document order.
pub fn hazards(fragment: &str) -> Vec<Hazard> {
    let tokenizer = Tokenizer::new(Finder::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(fragment));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.into_inner()
}

#[derive(Default)]
struct Finder {
    found: RefCell<Vec<Hazard>>,
}

impl TokenSink for Finder {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        let element = tag.name.to_string();
        let mut found = self.found.borrow_mut();
        if element == "script" {
            found.push(Hazard { line, element: "HTML".into(), attribute: None, what: "a <script> element" });
        }
        for attr in &tag.attrs {
            let name = attr.name.local.to_string();
            let what = if name.starts_with("on") {
                Some("an event-handler attribute")
            } else if is_script_url(&attr.value) {
                Some("a javascript: URL")
            } else {
                None
            };
            if let Some(what) = what {
                found.push(Hazard { line, element: element.clone(), attribute: Some(name), what });
            }
        }
        TokenSinkResult::Continue
    }
}

/// Whether a URL runs script when followed: its scheme, as the URL parser reads it
/// (leading spaces and control characters, and tabs and newlines anywhere, ignored).
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:") || cleaned.starts_with("vbscript:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_scripts_handlers_and_script_urls_as_a_browser_reads_them() {
        let found = hazards(
            "<div>\n<script>alert(1)</script>\n<img src=x OnError=\"alert(1)\">\n<a href=\" jav&#x61;\tscript:alert(1)\">x</a>\n</div>",
        );
        let summary: Vec<(usize, &str, Option<&str>)> =
            found.iter().map(|h| (h.line, h.element.as_str(), h.attribute.as_deref())).collect();
        assert_eq!(summary, [(2, "HTML", None), (3, "img", Some("onerror")), (4, "a", Some("href"))]);
    }

    #[test]
    fn ordinary_markup_passes() {
        let found = hazards(
            "<details><summary>More</summary><p class=\"note\" id=\"one\"><a href=\"https://example.org/javascript:\">x</a></p></details>",
        );
        assert_eq!(found, []);
        assert!(!is_script_url("https://example.org/?javascript:"));
        assert!(is_script_url("JAVASCRIPT:void(0)"));
    }
}
