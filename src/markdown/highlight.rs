//! Fenced code highlighted by syntect as CSS classes (`hl-…`), and the escaping the
//! Markdown pass shares with pulldown-cmark. Not the Markdown pass itself.

use std::fmt::Write as _;
use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Syntax highlighting, set up on first use: sites without code never pay for it.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

pub const HIGHLIGHT_CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

impl Highlighter {
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// `<pre><code>` with syntect's classes, or escaped plain text for an unknown language.
    pub(super) fn highlight(&self, code: &str, lang: &str) -> String {
        let mut out = String::with_capacity(code.len() * 2);
        let class_lang = lang.split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or("");
        let syntax = (!class_lang.is_empty()).then(|| self.syntaxes().find_syntax_by_token(class_lang)).flatten();
        let Some(syntax) = syntax else {
            out.push_str("<pre><code>");
            pulldown_cmark_escape_html(&mut out, code);
            out.push_str("</code></pre>\n");
            return out;
        };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, self.syntaxes(), HIGHLIGHT_CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            // Only regex failures inside syntect's own grammars land here; fall back to plain text.
            if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                let mut plain = String::from("<pre><code>");
                pulldown_cmark_escape_html(&mut plain, code);
                plain.push_str("</code></pre>\n");
                return plain;
            }
        }
        let _ = write!(out, "<pre class=\"code\" data-lang=\"{}\"><code>", escape_attr(class_lang));
        out.push_str(&generator.finalize());
        out.push_str("</code></pre>\n");
        out
    }
}

/// The stylesheet for highlighted code, from one of syntect's built-in themes.
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let light = &themes.themes["InspiredGitHub"];
    syntect::html::css_for_theme_with_class_style(light, HIGHLIGHT_CLASS_STYLE).unwrap_or_default()
}

/// HTML-escapes `text` onto `out` with pulldown-cmark's own escaper (`&`, `<`, `>`, `"`, `'`),
/// so that code blocks and attributes are escaped exactly as the rest of the Markdown is.
fn pulldown_cmark_escape_html(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape_html(&mut out, text);
    out
}
