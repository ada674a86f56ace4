//! What raw HTML in Markdown may not carry unless the site allows it: a `<script>`
//! element, an event-handler attribute (`onclick=` …), a `javascript:` (or `vbscript:`)
//! URL, a document of its own (`srcdoc`, a `data:` URL other than an image), and the
//! elements that change how the rest of the page is read: `<noscript>` (which a browser
//! with scripting reads as raw text, so markup hidden in an attribute inside it becomes
//! real), `<meta http-equiv>`, `<base>`, and a comment that is never closed. Content is
//! written by editors and translators alike, and a page is published to every reader, so
//! such markup is refused at its line rather than run.
//!
//! The fragment is read with html5ever's tokenizer (the WHATWG rules), so the attribute
//! values are those a browser sees: entities decoded (`jav&#x61;script:`), and tabs and
//! newlines inside a URL's scheme removed as the URL parser removes them.

use std::cell::RefCell;

use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};

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
    crate::html::tokenize(fragment, Finder::default()).found.into_inner()
}

#[derive(Default)]
struct Finder {
    found: RefCell<Vec<Hazard>>,
}

impl TokenSink for Finder {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let line = usize::try_from(line).unwrap_or(usize::MAX);
        let tag = match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => tag,
            Token::ParseError(message) if is_unclosed_comment(&message) => {
                self.found.borrow_mut().push(Hazard {
                    line,
                    element: "HTML".into(),
                    attribute: None,
                    what: "a comment that is never closed (`<!--` without `-->`: the browser hides the rest of the page)",
                });
                return TokenSinkResult::Continue;
            }
            _ => return TokenSinkResult::Continue,
        };
        let element = tag.name.to_string();
        let mut found = self.found.borrow_mut();
        let whole = match element.as_str() {
            "script" => Some("a <script> element"),
            "noscript" => Some("a <noscript> element"),
            "base" => Some("a <base> element"),
            "meta" if tag.attrs.iter().any(|a| &*a.name.local == "http-equiv") => Some("a <meta http-equiv> element"),
            _ => None,
        };
        if let Some(what) = whole {
            found.push(Hazard { line, element: "HTML".into(), attribute: None, what });
        }
        for attr in &tag.attrs {
            let name = attr.name.local.to_string();
            let what = if name.starts_with("on") {
                Some("an event-handler attribute")
            } else if name == "srcdoc" {
                Some("a document of its own")
            } else if is_script_url(&attr.value) {
                Some("a javascript: URL")
            } else if is_document_data_url(&element, &attr.value) {
                Some("a data: URL that is a document, not an image")
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

/// html5ever's words for a comment still open at the end of the input.
fn is_unclosed_comment(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("eof") && message.contains("comment")
}

/// A `data:` URL that a browser would load as a document (HTML, SVG with its scripts, …),
/// anywhere but as the source of an `<img>`, where only raster images are allowed.
fn is_document_data_url(element: &str, url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(40)
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("data:") else { return false };
    let raster =
        ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"].iter().any(|t| rest.starts_with(t));
    !(raster && matches!(element, "img" | "source"))
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
    fn scripts_disguised_in_entities_documents_and_page_changers_are_found() {
        // The bugs a sweep found: entities inside the scheme got past a text pre-filter;
        // srcdoc, data: documents, <noscript>, <meta http-equiv>, <base> and an unclosed
        // comment were published.
        let cases = [
            ("<a href=\"java&#115;cript:alert(1)\">x</a>", "a javascript: URL"),
            ("<a href=\"&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74:alert(1)\">x</a>", "a javascript: URL"),
            ("<svg><a xlink:href=\"javas&#99;ript:alert(1)\"><text>x</text></a></svg>", "a javascript: URL"),
            ("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", "a document of its own"),
            ("<object data=\"data:text/html,<script>alert(1)</script>\"></object>", "data: URL"),
            ("<svg><use href=\"data:image/svg+xml,<svg onload=alert(1)>\"/></svg>", "data: URL"),
            ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<noscript>"),
            ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", "<meta http-equiv>"),
            ("<base href=\"https://evil.example/\">", "<base>"),
            ("<!-- never closed\n\nthe rest of the page", "never closed"),
        ];
        for (html, what) in cases {
            let found = hazards(html);
            assert!(found.iter().any(|h| h.what.contains(what)), "{html}: {found:?}");
        }
        assert_eq!(hazards("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"\">"), []);
        assert_eq!(hazards("<!-- a closed comment --><p>text</p>"), []);
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
