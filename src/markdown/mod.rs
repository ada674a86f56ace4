//! Markdown to HTML with pulldown-cmark, plus what a treaty site needs on top:
//! heading ids with permalink anchors, a table of contents, numbered paragraph
//! anchors, cross-references ("article 24", "articles 25 to 30") turned into links,
//! `@/path` links resolved inside the page's language, and fenced code highlighted
//! by syntect as CSS classes.
//!
//! Pure: no I/O and no knowledge of the site graph. The caller says how article
//! numbers become URLs and which numbers exist; problems come back as diagnostics.
//!
//! The pass itself ([`render`]) is here, with cross-references; `headings` makes heading
//! ids and puts a glossary's sections in order, `highlight` turns code into syntect's
//! classes, `raw_html` finds scripts in raw HTML.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::diag::{Code, Diagnostic, Location};
use crate::lines::Lines;

mod headings;
mod highlight;
mod raw_html;

pub use headings::slugify;
use headings::{SectionStart, heading_number, sort_sections, unique_id};
pub use highlight::{HIGHLIGHT_CLASS_STYLE, Highlighter, escape_attr, highlight_css};

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
    let lines = Lines::starting_at(body, cx.body_line);
    let line_of = |offset: usize| lines.position(offset).0;
    let column_of = |offset: usize| lines.position(offset).1;
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
                        &lines,
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
        // Each with the line it is on, for the message.
        for d in &mut problems {
            d.snippet = d.location.line.and_then(|line| lines.line_text(line)).map(str::to_owned);
        }
        return Err(problems);
    }
    if let Some(order) = cx.section_order {
        events = sort_sections(events, &mut out.toc, sections, order);
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    Ok(out)
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
    Diagnostic::error(Code::UnsafeHtml, Location::at(cx.file, line, column), message).with_hint(
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
    lines: &Lines<'_>,
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
                    let (line, column) = lines.position(mention_offset(lines.text(), start, text, whole.range()));
                    problems.push(
                        Diagnostic::error(
                            Code::CrossReference,
                            Location::at(cx.file, line, column),
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

/// Where a mention (`mention`, a range of `text`, the text event at byte `start` of
/// `body`) is written in `body`: exactly when the event's text up to it is the source's,
/// else (an entity or an escape before it in the same event) the event's start.
fn mention_offset(body: &str, start: usize, text: &str, mention: std::ops::Range<usize>) -> usize {
    let written = body.get(start..start + mention.end);
    if written.is_some() && written == text.get(..mention.end) { start + mention.start } else { start }
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

#[cfg(test)]
mod tests;
