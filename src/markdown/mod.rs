//! Markdown to HTML with pulldown-cmark, plus what a treaty site needs on top:
//! heading ids with permalink anchors, a table of contents, numbered paragraph
//! anchors, cross-references ("article 24", "articles 25 to 30") turned into links,
//! `@/path` links resolved inside the page's language, and fenced code highlighted
//! by syntect as CSS classes.
//!
//! Pure: no I/O and no knowledge of the site graph. The caller says how article
//! numbers become URLs and which numbers exist; problems come back as diagnostics.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diag::{Diagnostic, Location};

mod raw_html;

/// How one language writes mentions of articles. `pattern` must have a named group
/// `nums` holding the numbers and the words between them; every number in it is linked
/// (a range such as "25 to 30" links its two ends).
#[derive(Debug, Clone)]
pub struct CrossRefSyntax {
    pattern: Regex,
}

impl CrossRefSyntax {
    pub fn new(pattern: &str) -> Result<Self, String> {
        let pattern = Regex::new(pattern).map_err(|e| format!("invalid cross-reference pattern: {e}"))?;
        if !pattern.capture_names().any(|n| n == Some("nums")) {
            return Err("the cross-reference pattern needs a named group `nums`".into());
        }
        Ok(CrossRefSyntax { pattern })
    }
}

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
    fn highlight(&self, code: &str, lang: &str) -> String {
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

/// HTML-escapes `text` onto `out` with pulldown-cmark's own escaper (`&`, `<`, `>`, `"`),
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

/// An order of headings (a language's collation, for a glossary).
pub type HeadingOrder<'a> = &'a dyn Fn(&str, &str) -> Ordering;

/// What the caller knows that Markdown does not.
pub struct RenderContext<'a> {
    /// The file, for diagnostics, and the file line where the body starts.
    pub file: &'a Path,
    pub body_line: usize,
    pub xref: Option<&'a CrossRefSyntax>,
    /// The URL of an article in the page's language, or `None` if it does not exist.
    pub article_url: &'a dyn Fn(u32) -> Option<String>,
    /// Turns `@/glossary/` into a link inside the page's language.
    pub internal_link: &'a dyn Fn(&str) -> String,
    /// The article this page is, if any: a mention of it is not linked to itself.
    pub current_article: Option<u32>,
    /// Give top-level paragraphs ids `p1`, `p2` … and a link to themselves.
    pub paragraph_anchors: bool,
    /// Label of the paragraph and heading permalinks, for screen readers.
    pub permalink_label: &'a str,
    pub highlighter: &'a Highlighter,
    /// Let raw HTML carry `<script>`, event handlers and `javascript:` URLs (site.yaml's
    /// `allow_unsafe_html`); refused by default.
    pub allow_unsafe_html: bool,
    /// Put before every id the text makes (headings, paragraphs, footnotes) and the links
    /// to them, so that several texts can share one page (`a7-` on the full text); empty
    /// for a page of its own.
    pub id_prefix: &'a str,
    /// Levels to move every heading down, so that a text's headings sit below the heading
    /// the page gives it (2 under an `<h3>`); a heading never goes below `<h6>`.
    pub heading_offset: u8,
    /// Put the text's top-level `##` sections in this order of their headings (a
    /// glossary's terms, in its language's collation); what comes before the first one
    /// stays first. `None` keeps the writer's order.
    pub section_order: Option<HeadingOrder<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link found in the page, for `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingLink {
    pub url: String,
    pub line: usize,
}

/// An image the text shows, for `check`: its URL as written, the alt text a reader gets
/// (the text between its brackets), and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub url: String,
    pub alt: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub links: Vec<OutgoingLink>,
    /// In the order they end (an image in another's alt text comes before it).
    pub images: Vec<Image>,
    /// Articles this text refers to.
    pub cross_references: BTreeSet<u32>,
    pub has_code: bool,
    pub word_count: usize,
    /// The plain text of the first top-level paragraph, for a page that has no
    /// `description` of its own.
    pub first_paragraph: String,
}

/// The Markdown extensions accord enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `body`. Cross-references to articles that do not exist are errors.
pub fn render(body: &str, cx: &RenderContext<'_>) -> Result<Rendered, Vec<Diagnostic>> {
    // Events come in source order, so lines are counted on from the last offset asked
    // about; counting from the top each time made a page's links quadratic in its length.
    let counted = std::cell::Cell::new((0usize, cx.body_line));
    let line_of = |offset: usize| {
        let offset = offset.min(body.len());
        let (from, line) = match counted.get() {
            (at, line) if at <= offset => (at, line),
            _ => (0, cx.body_line),
        };
        let line = line + body.as_bytes()[from..offset].iter().filter(|b| **b == b'\n').count();
        counted.set((offset, line));
        line
    };
    let column_of = |offset: usize| {
        let offset = offset.min(body.len());
        let line_start = body[..offset].rfind('\n').map_or(0, |i| i + 1);
        body[line_start..offset].chars().count() + 1
    };
    let mut out = Rendered::default();
    let mut problems = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut depth = 0usize;
    let mut paragraph = 0usize;
    let mut in_link = 0usize;
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event<'_>>, String)> = None;
    let mut heading_on_top = false;
    // Where each top-level `##` section starts: its first event, its first contents entry, its heading.
    let mut sections: Vec<SectionStart> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut raw_block: Option<(usize, String)> = None;
    // Images being read, outermost first: an image's alt text may hold another image.
    let mut open_images: Vec<Image> = Vec::new();

    // 0: before the first paragraph, 1: in it, 2: after it.
    let mut first_paragraph = 0u8;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Paragraph) if depth == 0 && first_paragraph == 0 && heading.is_none() => {
                first_paragraph = 1;
            }
            Event::End(TagEnd::Paragraph) if depth == 1 && first_paragraph == 1 => first_paragraph = 2,
            Event::Text(t) | Event::Code(t) if first_paragraph == 1 => out.first_paragraph.push_str(t),
            Event::SoftBreak | Event::HardBreak if first_paragraph == 1 => out.first_paragraph.push(' '),
            _ => {}
        }
        // Raw HTML and links are checked before anything else, wherever they sit (in a
        // heading, a table, a footnote). A block of HTML comes a line per event: it is
        // read whole, as the browser will read it.
        if !cx.allow_unsafe_html {
            let fragment = match &event {
                Event::Start(Tag::HtmlBlock) => {
                    raw_block = Some((range.start, String::new()));
                    None
                }
                Event::Html(html) => match &mut raw_block {
                    Some((_, text)) => {
                        text.push_str(html);
                        None
                    }
                    None => Some((range.start, html.to_string())),
                },
                Event::End(TagEnd::HtmlBlock) => raw_block.take(),
                Event::InlineHtml(html) => Some((range.start, html.to_string())),
                _ => None,
            };
            if let Some((start, html)) = fragment {
                for hazard in raw_html::hazards(&html) {
                    let at = start + html.split_inclusive('\n').take(hazard.line - 1).map(str::len).sum::<usize>();
                    problems.push(unsafe_html_error(cx, line_of(at), column_of(at), &hazard));
                }
            }
        }
        // Images are read wherever they sit (a heading, a table, a footnote), with their
        // alt text: the words and code between the brackets.
        match &event {
            Event::Start(Tag::Image { dest_url, .. }) => open_images.push(Image {
                url: dest_url.to_string(),
                alt: String::new(),
                line: line_of(range.start),
                column: column_of(range.start),
            }),
            Event::Text(t) | Event::Code(t) => open_images.iter_mut().for_each(|image| image.alt.push_str(t)),
            Event::End(TagEnd::Image) => out.images.extend(open_images.pop()),
            _ => {}
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event
            && !cx.allow_unsafe_html
            && raw_html::is_script_url(dest_url)
        {
            let hazard =
                raw_html::Hazard { line: 1, element: "link".into(), attribute: None, what: "a javascript: URL" };
            problems.push(unsafe_html_error(cx, line_of(range.start), column_of(range.start), &hazard));
        }
        if let Some((_, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    out.has_code = true;
                    events.push(Event::Html(cx.highlighter.highlight(&text, &lang).into()));
                }
                _ => {}
            }
            continue;
        }
        if let Some((level, id, inner, text)) = &mut heading {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let (level, id, inner, text) = (*level, id.take(), std::mem::take(inner), std::mem::take(text));
                    heading = None;
                    let id = unique_id(id.unwrap_or_else(|| slugify(&text)), &mut used_ids);
                    let id = format!("{}{id}", cx.id_prefix);
                    let n = (heading_number(level) + cx.heading_offset).min(6);
                    if level == HeadingLevel::H2 && heading_on_top {
                        sections.push(SectionStart {
                            event: events.len(),
                            toc: out.toc.len(),
                            title: text.trim().to_owned(),
                        });
                    }
                    out.toc.push(TocEntry { level: n, id: id.clone(), title: text.trim().to_owned() });
                    events.push(Event::Html(format!("<h{n} id=\"{}\">", escape_attr(&id)).into()));
                    events.extend(inner);
                    // Permalinks are not text: site search (Pagefind) leaves them out.
                    events.push(Event::Html(
                        format!(
                            " <a class=\"anchor\" href=\"#{0}\" aria-label=\"{1}\" data-pagefind-ignore>#</a></h{n}>\n",
                            escape_attr(&id),
                            escape_attr(cx.permalink_label)
                        )
                        .into(),
                    ));
                }
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(&t);
                    inner.push(Event::Text(t));
                }
                other => inner.push(other),
            }
            continue;
        }
        match event {
            Event::FootnoteReference(label) if !cx.id_prefix.is_empty() => {
                events.push(Event::FootnoteReference(format!("{}{label}", cx.id_prefix).into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) if !cx.id_prefix.is_empty() => {
                depth += 1;
                events.push(Event::Start(Tag::FootnoteDefinition(format!("{}{label}", cx.id_prefix).into())));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading_on_top = depth == 0;
                heading = Some((level, id.map(|s| s.to_string()), Vec::new(), String::new()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Paragraph) if depth == 0 && cx.paragraph_anchors => {
                depth += 1;
                paragraph += 1;
                events.push(Event::Html(
                    format!(
                        "<p id=\"{0}p{paragraph}\"><a class=\"para\" href=\"#{0}p{paragraph}\" aria-label=\"{1} {paragraph}\" data-pagefind-ignore>{paragraph}</a> ",
                        escape_attr(cx.id_prefix),
                        escape_attr(cx.permalink_label)
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                depth += 1;
                in_link += 1;
                let url = match dest_url.strip_prefix("@/") {
                    Some(path) => CowStr::from((cx.internal_link)(path)),
                    None => dest_url,
                };
                out.links.push(OutgoingLink { url: url.to_string(), line: line_of(range.start) });
                events.push(Event::Start(Tag::Link { link_type, dest_url: url, title, id }));
            }
            Event::End(TagEnd::Link) => {
                depth -= 1;
                in_link -= 1;
                events.push(Event::End(TagEnd::Link));
            }
            Event::Text(text) if in_link == 0 => {
                out.word_count += text.split_whitespace().count();
                match cx.xref {
                    // An image's alt text is an attribute: a link in it would be markup as text.
                    Some(syntax) if open_images.is_empty() => link_cross_references(
                        &text,
                        range.start,
                        syntax,
                        cx,
                        &line_of,
                        &mut events,
                        &mut out,
                        &mut problems,
                    ),
                    _ => events.push(Event::Text(text)),
                }
            }
            Event::Start(tag) => {
                depth += 1;
                events.push(Event::Start(tag));
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                events.push(Event::End(tag));
            }
            other => events.push(other),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(order) = cx.section_order {
        events = sort_sections(events, &mut out.toc, sections, order);
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    Ok(out)
}

struct SectionStart {
    event: usize,
    toc: usize,
    title: String,
}

/// Reorders the sections that start at `starts` (each running to the next one, the last
/// to the end), and their contents entries with them, by their headings in `order`; ties
/// are broken by the heading's text and then by the writer's order, so that the result is
/// the same whatever order equal terms were written in.
fn sort_sections<'e>(
    mut events: Vec<Event<'e>>,
    toc: &mut Vec<TocEntry>,
    starts: Vec<SectionStart>,
    order: HeadingOrder<'_>,
) -> Vec<Event<'e>> {
    let Some(first) = starts.first() else {
        return events;
    };
    let mut toc_rest = toc.split_off(first.toc);
    let mut rest = events.split_off(first.event);
    let (event_base, toc_base) = (first.event, first.toc);
    // Cut from the back, so that each cut leaves the earlier sections' offsets valid.
    let mut chunks: Vec<(String, Vec<Event<'e>>, Vec<TocEntry>)> = Vec::with_capacity(starts.len());
    for start in starts.into_iter().rev() {
        let section = rest.split_off(start.event - event_base);
        let entries = toc_rest.split_off(start.toc - toc_base);
        chunks.push((start.title, section, entries));
    }
    chunks.reverse();
    chunks.sort_by(|a, b| order(&a.0, &b.0).then_with(|| a.0.cmp(&b.0)));
    for (_, section, entries) in chunks {
        events.extend(section);
        toc.extend(entries);
    }
    events
}

fn unsafe_html_error(cx: &RenderContext<'_>, line: usize, column: usize, hazard: &raw_html::Hazard) -> Diagnostic {
    let what = hazard.what;
    let message = match &hazard.attribute {
        Some(attribute) => format!(
            "this HTML carries {what} (`{attribute}` on <{}>), which accord does not publish by default",
            hazard.element
        ),
        None => format!("this {} carries {what}, which accord does not publish by default", hazard.element),
    };
    Diagnostic::error("unsafe-html", Location::at(cx.file, line, column), message).with_hint(
        "remove it; if this site really means to run scripts from its content, set `allow_unsafe_html: true` in site.yaml",
    )
}

/// Splits a text event around its article mentions, linking each number.
#[allow(clippy::too_many_arguments)]
fn link_cross_references<'a>(
    text: &str,
    start: usize,
    syntax: &CrossRefSyntax,
    cx: &RenderContext<'_>,
    line_of: &dyn Fn(usize) -> usize,
    events: &mut Vec<Event<'a>>,
    out: &mut Rendered,
    problems: &mut Vec<Diagnostic>,
) {
    let mut last = 0;
    for caps in syntax.pattern.captures_iter(text) {
        let (Some(whole), Some(nums)) = (caps.get(0), caps.name("nums")) else {
            continue;
        };
        events.push(Event::Text(text[last..whole.start()].to_owned().into()));
        let mut cursor = whole.start();
        let mut first = true;
        for number in numbers_in(nums.as_str(), nums.start()) {
            let n: u32 = text[number.clone()].parse().unwrap_or(0);
            let link_start = if first { cursor } else { number.start };
            events.push(Event::Text(text[cursor..link_start].to_owned().into()));
            match (cx.article_url)(n) {
                Some(_) if cx.current_article == Some(n) => {
                    events.push(Event::Text(text[link_start..number.end].to_owned().into()));
                }
                Some(url) => {
                    out.cross_references.insert(n);
                    events.push(Event::InlineHtml(format!("<a class=\"xref\" href=\"{}\">", escape_attr(&url)).into()));
                    events.push(Event::Text(text[link_start..number.end].to_owned().into()));
                    events.push(Event::InlineHtml("</a>".into()));
                }
                None => {
                    let line = line_of(start);
                    let column = None; // filled in from the source line by the caller
                    problems.push(
                        Diagnostic::error(
                            "cross-reference",
                            Location { file: cx.file.to_path_buf(), line: Some(line), column },
                            format!(
                                "\"{}\" refers to article {n}, which the convention does not have",
                                &text[whole.start()..whole.end()]
                            ),
                        )
                        .with_hint("articles are numbered as in content/data/convention.yaml"),
                    );
                    events.push(Event::Text(text[link_start..number.end].to_owned().into()));
                }
            }
            cursor = number.end;
            first = false;
        }
        events.push(Event::Text(text[cursor..whole.end()].to_owned().into()));
        last = whole.end();
    }
    events.push(Event::Text(text[last..].to_owned().into()));
}

/// Byte ranges (into the text) of the numbers in a `nums` group. A range such as
/// "25 to 30" yields its two ends; the articles between are implied.
fn numbers_in(nums: &str, offset: usize) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in nums.char_indices().chain(std::iter::once((nums.len(), ' '))) {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                found.push(offset + s..offset + i);
                start = None;
            }
            _ => {}
        }
    }
    found
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A heading id from its text: lowercase letters and digits of any script, dashes between.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() { "section".to_owned() } else { slug }
}

fn unique_id(id: String, used: &mut HashMap<String, usize>) -> String {
    let count = used.entry(id.clone()).or_insert(0);
    *count += 1;
    if *count == 1 { id } else { format!("{id}-{}", *count - 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> CrossRefSyntax {
        CrossRefSyntax::new(r"\b[Aa]rticles?\s+(?P<nums>\d+(?:(?:\s*,\s*|\s+and\s+|\s+to\s+|\s*[–-]\s*)\d+)*)").unwrap()
    }

    fn render_en(body: &str, anchors: bool) -> Result<Rendered, Vec<Diagnostic>> {
        render_en_in(body, anchors, "", 0)
    }

    fn render_en_in(
        body: &str,
        anchors: bool,
        id_prefix: &str,
        heading_offset: u8,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        render_en_sorted(body, anchors, id_prefix, heading_offset, None)
    }

    fn render_en_sorted(
        body: &str,
        anchors: bool,
        id_prefix: &str,
        heading_offset: u8,
        section_order: Option<HeadingOrder<'_>>,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let syntax = english();
        let highlighter = Highlighter::default();
        let url = |n: u32| (1..=68).contains(&n).then(|| format!("/en/convention/article-{n:02}/"));
        let internal = |p: &str| format!("/en/{p}");
        let cx = RenderContext {
            file: Path::new("content/en/x.md"),
            body_line: 4,
            xref: Some(&syntax),
            article_url: &url,
            internal_link: &internal,
            current_article: Some(60),
            paragraph_anchors: anchors,
            permalink_label: "Link to this",
            highlighter: &highlighter,
            allow_unsafe_html: false,
            id_prefix,
            heading_offset,
            section_order,
        };
        render(body, &cx)
    }

    #[test]
    fn sections_are_sorted_by_their_headings_with_the_intro_first_and_subsections_kept() {
        let body = "Intro.\n\n## beta\n\nB text.\n\n### beta detail\n\nMore.\n\n## Alpha\n\nA text.\n\n> ## quoted\n\n## gamma\n\nG text.\n";
        let by_lowercase = |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase());
        let out = render_en_sorted(body, false, "", 0, Some(&by_lowercase)).unwrap();
        let doc = scraper::Html::parse_fragment(&out.html);
        let blocks = scraper::Selector::parse("p, h2, h3").unwrap();
        let order: Vec<String> = doc.select(&blocks).map(|e| e.text().collect::<String>().trim().to_owned()).collect();
        assert_eq!(
            order,
            [
                "Intro.",
                "Alpha #",
                "A text.",
                "quoted #",
                "beta #",
                "B text.",
                "beta detail #",
                "More.",
                "gamma #",
                "G text."
            ]
        );
        let toc: Vec<&str> = out.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(toc, ["alpha", "quoted", "beta", "beta-detail", "gamma"]);
        // Without an order the writer's stays.
        let plain = render_en(body, false).unwrap();
        assert!(plain.html.find("id=\"beta\"") < plain.html.find("id=\"alpha\""));
    }

    #[test]
    fn raw_html_carrying_script_is_refused_at_its_line_and_column() {
        // The bug: `<script>`, `onclick=` and `javascript:` in content were published as
        // they were, to every reader.
        let body = "Intro.\n\nText <span onclick=\"x()\">hi</span>.\n\n<div>\n<script>alert(1)</script>\n</div>\n\nSee [this](javascript:alert(1)).\n";
        let errors = render_en(body, false).unwrap_err();
        let places: Vec<(Option<usize>, Option<usize>)> =
            errors.iter().map(|d| (d.location.line, d.location.column)).collect();
        // The body starts at line 4 of the file.
        assert_eq!(places, [(Some(6), Some(6)), (Some(9), Some(1)), (Some(12), Some(5))]);
        assert!(errors[0].message.contains("`onclick` on <span>"), "{}", errors[0].message);
        assert!(errors[1].message.contains("<script>"), "{}", errors[1].message);
        assert!(errors[2].message.contains("javascript:"), "{}", errors[2].message);
        assert!(errors.iter().all(|d| d.code == "unsafe-html"));
    }

    #[test]
    fn a_comment_over_several_lines_is_read_whole() {
        let html = render_en("Text.\n\n<!--\na note for editors\n-->\n\nMore.\n", false).unwrap().html;
        assert!(html.contains("More."), "{html}");
        let errors = render_en("Text.\n\n<!--\nnever closed\n\nMore.\n", false).unwrap_err();
        assert!(errors[0].message.contains("never closed"), "{}", errors[0].message);
        let errors = render_en("<div\n  class=\"x\"\n  onclick=\"steal()\">\nx\n</div>\n", false).unwrap_err();
        assert!(errors[0].message.contains("`onclick` on <div>"), "{}", errors[0].message);
    }

    #[test]
    fn ordinary_raw_html_is_published() {
        let html = render_en("<details><summary>More</summary>\n\nText.\n\n</details>\n", false).unwrap().html;
        assert!(html.contains("<details><summary>More</summary>"), "{html}");
    }

    #[test]
    fn cross_references_link_every_number() {
        let out = render_en("See article 24 and articles 25 to 30, and articles 7, 8 and 9.", false).unwrap();
        for n in [24, 25, 30, 7, 8, 9] {
            assert!(out.html.contains(&format!("href=\"/en/convention/article-{n:02}/\"")), "{n}: {}", out.html);
        }
        assert!(out.html.contains(">article 24</a>"), "{}", out.html);
        assert_eq!(out.cross_references.len(), 6);
    }

    #[test]
    fn a_mention_in_an_image_alt_text_stays_text() {
        // The bug: `![A map of article 24](m.png)` was published with
        // `alt="A map of &lt;a class=&quot;xref&quot; …&gt;article 24&lt;/a&gt;"`.
        let out = render_en("![A map of article 24](m.png) and article 25.", false).unwrap();
        let doc = scraper::Html::parse_fragment(&out.html);
        let img = doc.select(&scraper::Selector::parse("img").unwrap()).next().unwrap();
        assert_eq!(img.value().attr("alt"), Some("A map of article 24"));
        assert_eq!(out.cross_references, BTreeSet::from([25]), "{}", out.html);
    }

    #[test]
    fn an_article_does_not_link_to_itself() {
        let out = render_en("Article 60 works with article 25.", false).unwrap();
        assert!(!out.html.contains("article-60"), "{}", out.html);
        assert!(out.html.contains("href=\"/en/convention/article-25/\""));
    }

    #[test]
    fn unknown_article_is_an_error_with_line() {
        let err = render_en("Fine.\n\nBut article 99 is not.", false).unwrap_err();
        assert_eq!(err[0].location.line, Some(6));
        assert!(err[0].message.contains("article 99"));
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let out = render_en("## Key terms\n\n## Key terms\n\n## Права человека", false).unwrap();
        assert_eq!(
            out.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["key-terms", "key-terms-1", "права-человека"]
        );
        assert!(out.html.contains("<h2 id=\"key-terms\">Key terms <a class=\"anchor\" href=\"#key-terms\""));
    }

    #[test]
    fn an_id_prefix_and_heading_offset_reach_every_id_and_link_the_text_makes() {
        // The bug: the full text put 68 articles' "## Key terms" on one page as 68
        // `id="key-terms"` `<h2>`s, above their own article's `<h3>`.
        let out = render_en_in("Text.[^n]\n\n## Key terms\n\n###### Deep\n\n[^n]: A note.\n", true, "a7-", 2).unwrap();
        let html = &out.html;
        for expected in [
            "<h4 id=\"a7-key-terms\">",
            "href=\"#a7-key-terms\"",
            "<h6 id=\"a7-deep\">",
            "<p id=\"a7-p1\">",
            "href=\"#a7-p1\"",
            "id=\"a7-n\"",
            "href=\"#a7-n\"",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        assert!(!html.contains("id=\"key-terms\"") && !html.contains("id=\"p1\""), "{html}");
        assert_eq!(out.toc[0].level, 4);
        assert_eq!(out.toc[0].id, "a7-key-terms");
    }

    #[test]
    fn images_are_reported_with_their_alt_text_line_and_column_wherever_they_sit() {
        let body = "Text ![A *map*](map.png).\n\n## ![](icon.svg) Title\n\n| a |\n| --- |\n| x ![`code` b](t.png) |\n\n![outer ![inner](i.png)](o.png)\n";
        let out = render_en(body, false).unwrap();
        let found: Vec<(&str, &str, usize, usize)> =
            out.images.iter().map(|i| (i.url.as_str(), i.alt.as_str(), i.line, i.column)).collect();
        // The body starts at line 4 of the file; an image inside another ends first.
        assert_eq!(
            found,
            [
                ("map.png", "A map", 4, 6),
                ("icon.svg", "", 6, 4),
                ("t.png", "code b", 10, 5),
                ("i.png", "inner", 12, 9),
                ("o.png", "outer inner", 12, 1),
            ]
        );
    }

    #[test]
    fn the_first_paragraph_is_kept_as_plain_text() {
        let out = render_en("## Heading\n\n- a list\n\nSee *article 24*\nand `code`.\n\nSecond.", true).unwrap();
        assert_eq!(out.first_paragraph, "See article 24 and code.");
    }

    #[test]
    fn paragraphs_are_numbered_only_at_top_level() {
        let out = render_en("One.\n\n- item\n\nTwo.", true).unwrap();
        assert!(out.html.contains("<p id=\"p1\">") && out.html.contains("<p id=\"p2\">"), "{}", out.html);
        assert!(!out.html.contains("id=\"p3\""));
    }

    #[test]
    fn internal_links_and_code() {
        let out = render_en("[Glossary](@/glossary/)\n\n```rust\nfn main() {}\n```\n", false).unwrap();
        assert!(out.html.contains("href=\"/en/glossary/\""));
        assert!(out.has_code);
        assert!(out.html.contains("hl-"), "{}", out.html);
    }

    #[test]
    fn text_is_escaped() {
        // `<` not starting a tag, `&` and `"` are text, and must reach the page escaped
        // (the old test accepted the raw `<b>` too, so it could not fail).
        let out = render_en("5 < 6 & \"seven\" > 4", false).unwrap();
        assert!(out.html.contains("5 &lt; 6 &amp; "), "{}", out.html);
        assert!(out.html.contains(" &gt; 4"), "{}", out.html);
        assert!(!out.html.contains("5 < 6"), "{}", out.html);
    }
}
