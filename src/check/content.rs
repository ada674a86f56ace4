//! Content that loads and renders but is still wrong: images without alt text (in
//! Markdown, where `![](x.png)` renders as `alt=""`, which says "decorative"; and in the
//! built pages, where an `<img>` has no `alt` at all), and front matter that breaks the
//! rules of docs/content-format.md without breaking the schema (a description too long
//! for search results, an article related to itself or listed twice).
//!
//! Schema errors themselves (unknown keys, bad dates) are found while loading.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::Built;
use super::findings::{Finding, merge};
use super::html::PageFacts;
use super::links::{finding, in_language_order, neutral};
use super::origin::Attribution;
use crate::build::LoadedSite;
use crate::content::{ContentFile, PageKind};
use crate::diag::{Code, Diagnostic, Location};
use crate::markdown;

/// Longer descriptions are cut off in search results (docs/content-format.md).
pub const DESCRIPTION_MAX_CHARS: usize = 160;

/// Rules on the content files themselves: images' alt text in Markdown, front matter.
pub(crate) fn check_sources(loaded: &LoadedSite) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let texts: BTreeMap<&std::path::Path, &str> =
        loaded.sources.pages.iter().map(|f| (f.path.as_path(), f.text.as_str())).collect();
    for translations in loaded.model.files.values() {
        for file in translations.values() {
            let text = texts.get(file.path.as_path()).copied().unwrap_or_default();
            out.extend(markdown_images_without_alt(file, text));
            out.extend(front_matter_rules(file, text));
        }
    }
    out
}

/// Rules on the built pages: images without an `alt` attribute.
pub(crate) fn check_pages(built: &Built<'_>, facts: &BTreeMap<String, PageFacts>) -> Vec<Diagnostic> {
    built_images_without_alt(built, facts)
}

/// `![](x.png)`: an image whose alt text is empty, at its line and column.
fn markdown_images_without_alt(file: &ContentFile, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    for (event, range) in Parser::new_ext(&file.body, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open = Some((range.start, dest_url.to_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = &mut open {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, url, alt)) = open.take()
                    && alt.trim().is_empty()
                {
                    let before = &file.body[..start];
                    let line = file.body_line + before.matches('\n').count();
                    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                    found.push(
                        Diagnostic::error(
                            Code::ImageAlt,
                            Location::at(&file.path, line, column),
                            format!("image `{url}` has no alt text"),
                        )
                        .with_hint(
                            "say what the image shows between the brackets: ![A map of the signatories](map.png)",
                        )
                        .with_source(text),
                    );
                }
            }
            _ => {}
        }
    }
    found
}

fn front_matter_rules(file: &ContentFile, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let at = |key: &str| Location::at(&file.path, file.line_of_key(key), 1);
    if let Some(description) = &file.front.description {
        let chars = description.chars().count();
        if chars > DESCRIPTION_MAX_CHARS {
            found.push(
                Diagnostic::warning(
                    Code::FrontMatter,
                    at("description"),
                    format!(
                        "`description` has {chars} characters; search results cut it after {DESCRIPTION_MAX_CHARS}"
                    ),
                )
                .with_hint("one plain sentence of at most 160 characters")
                .with_source(text),
            );
        }
    }
    if let PageKind::Article { number, .. } = &file.kind {
        let mut seen = Vec::new();
        for related in &file.front.related {
            let problem = if related == number {
                Some(format!("article {number} lists itself in `related`"))
            } else if seen.contains(related) {
                Some(format!("`related` lists article {related} twice"))
            } else {
                None
            };
            if let Some(message) = problem {
                found.push(Diagnostic::warning(Code::FrontMatter, at("related"), message).with_source(text));
            }
            seen.push(*related);
        }
    }
    found
}

/// `<img>` without `alt` in built pages: from raw HTML in Markdown or from a template.
fn built_images_without_alt(built: &Built<'_>, facts: &BTreeMap<String, PageFacts>) -> Vec<Diagnostic> {
    let attribution = Attribution::new(built);
    let mut findings: Vec<Finding> = Vec::new();
    for path in in_language_order(built, facts.keys().map(String::as_str)) {
        let lang = attribution.origin(path).map(|o| &o.lang);
        for src in &facts[path].images_without_alt {
            let cause = attribution.locate(path, src);
            let diagnostic = Diagnostic::error(
                Code::ImageAlt,
                cause.location.clone(),
                format!("image `{src}` has no alt attribute"),
            )
            .with_hint("describe the image in alt=\"…\", or write alt=\"\" if it is only decoration");
            findings.push(finding(diagnostic, cause, neutral(src, lang), path));
        }
    }
    merge(findings, &attribution)
}
