//! HTML made by the Markdown pass, written again as XHTML for the EPUB: every attribute
//! with a quoted value (`data-pagefind-ignore=""`), void elements closed (`<br />`),
//! entities that XML does not know written as characters (`&nbsp;`), comments left out.
//!
//! Read with html5ever's tokenizer (the WHATWG rules the site's own pages are read by in
//! `check`), so raw HTML in content gets the same reading a browser gives it. Tags are
//! not balanced: the Markdown pass writes them balanced; raw HTML that leaves one open
//! makes a document `epubcheck` refuses, as it should.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};

/// Elements that have no end tag in HTML.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// `html` (a fragment) as XHTML.
pub fn to_xhtml(html: &str) -> String {
    crate::html::tokenize(html, Writer::default()).out.into_inner()
}

#[derive(Default)]
struct Writer {
    out: RefCell<String>,
}

/// Text escaped as the Markdown pass escapes it (pulldown-cmark's escaper): `&`, `<`, `>`
/// in text; quotes as well in an attribute value.
fn escape(out: &mut String, text: &str, attribute: bool) {
    // Writing to a String cannot fail.
    let _ = if attribute {
        pulldown_cmark_escape::escape_html(out, text)
    } else {
        pulldown_cmark_escape::escape_html_body_text(out, text)
    };
}

impl TokenSink for Writer {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut out = self.out.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let void = VOID.contains(&name);
                match tag.kind {
                    TagKind::StartTag => {
                        out.push('<');
                        out.push_str(name);
                        for attr in &tag.attrs {
                            out.push(' ');
                            out.push_str(&attr.name.local);
                            out.push_str("=\"");
                            escape(&mut out, &attr.value, true);
                            out.push('"');
                        }
                        out.push_str(if void || tag.self_closing { " />" } else { ">" });
                        return match name {
                            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                            "style" => TokenSinkResult::RawData(RawKind::Rawtext),
                            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                            _ => TokenSinkResult::Continue,
                        };
                    }
                    TagKind::EndTag if !void => {
                        out.push_str("</");
                        out.push_str(name);
                        out.push('>');
                    }
                    TagKind::EndTag => {}
                }
            }
            Token::CharacterTokens(text) => escape(&mut out, &text, false),
            Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::NullCharacterToken
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_the_markdown_pass_makes_becomes_well_formed_xml() {
        // The bug: the EPUB's documents carried `data-pagefind-ignore` without a value,
        // which no XML parser reads.
        let html = "<p id=\"p1\"><a class=\"para\" href=\"#p1\" data-pagefind-ignore>1</a> A&nbsp;b &amp; c<br>d<img src=\"x.png\" alt=\"\"></p><!-- note --><hr>";
        let xhtml = to_xhtml(html);
        assert_eq!(
            xhtml,
            "<p id=\"p1\"><a class=\"para\" href=\"#p1\" data-pagefind-ignore=\"\">1</a> A\u{a0}b &amp; c<br />d<img src=\"x.png\" alt=\"\" /></p><hr />"
        );
    }

    #[test]
    fn text_and_attributes_are_escaped_as_the_markdown_pass_escapes_them() {
        let xhtml = to_xhtml("<p title=\"l&#39;&quot;a&quot; &lt;b&gt;\">l'\"a\" &lt;b&gt; &amp;</p>");
        assert_eq!(xhtml, "<p title=\"l&#39;&quot;a&quot; &lt;b&gt;\">l'\"a\" &lt;b&gt; &amp;</p>");
    }
}
