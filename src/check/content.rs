//! Content that loads and renders but is still wrong: images without alt text (in
//! Markdown, where `![](x.png)` renders as `alt=""`, which says "decorative"; and in the
//! built pages, where an `<img>` has no `alt` at all), and front matter that breaks the
//! rules of docs/content-format.md without breaking the schema (a description too long
//! for search results, an article related to itself or listed twice).
//!
//! Schema errors themselves (unknown keys, bad dates) are found while loading.

use std::collections::BTreeMap;

use super::Built;
use super::findings::{Finding, merge};
use super::html::PageFacts;
use super::links::{finding, in_language_order, neutral};
use super::origin::Attribution;
use crate::build::LoadedSite;
use crate::content::{ContentFile, PageKind};
use crate::diag::{Code, Diagnostic, Location};
use crate::markdown::Image;
use crate::render::pages::MarkdownCache;

/// Longer descriptions are cut off in search results (docs/content-format.md).
pub const DESCRIPTION_MAX_CHARS: usize = 160;

/// Rules on the content files' front matter.
pub(crate) fn check_sources(loaded: &LoadedSite) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, text) in files_and_texts(loaded) {
        out.extend(front_matter_rules(file, text));
    }
    out
}

/// Rules on the content files' Markdown, from the Markdown pass of each file's own page:
/// images without alt text.
pub(crate) fn check_markdown(loaded: &LoadedSite, markdown: &MarkdownCache) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, text) in files_and_texts(loaded) {
        let rendered = loaded
            .model
            .config
            .lang_by_code(&file.lang)
            .and_then(|lang| markdown.get(&(lang.clone(), file.key.clone())));
        if let Some(rendered) = rendered {
            out.extend(markdown_images_without_alt(file, &rendered.images, text));
        }
    }
    out
}

/// Rules on the built pages: images without an `alt` attribute.
pub(crate) fn check_pages(built: &Built<'_>, facts: &BTreeMap<String, PageFacts>) -> Vec<Diagnostic> {
    built_images_without_alt(built, facts)
}

/// Every content file with its text.
fn files_and_texts(loaded: &LoadedSite) -> impl Iterator<Item = (&ContentFile, &str)> {
    loaded.model.files.values().flat_map(BTreeMap::values).filter_map(|file| Some((&**file, file.text()?)))
}

/// `![](x.png)`: an image whose alt text is empty, at its line and column.
fn markdown_images_without_alt(file: &ContentFile, images: &[Image], text: &str) -> Vec<Diagnostic> {
    images
        .iter()
        .filter(|image| image.alt.trim().is_empty())
        .map(|image| {
            Diagnostic::error(
                Code::ImageAlt,
                Location::at(&file.path, image.line, image.column),
                format!("image `{}` has no alt text", image.url),
            )
            .with_hint("say what the image shows between the brackets: ![A map of the signatories](map.png)")
            .with_source(text)
        })
        .collect()
}

fn front_matter_rules(file: &ContentFile, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(description) = &file.front.description {
        let chars = description.chars().count();
        if chars > DESCRIPTION_MAX_CHARS {
            found.push(
                Diagnostic::warning(
                    Code::FrontMatter,
                    file.front_location("description"),
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
        for (i, related) in file.front.related.iter().enumerate() {
            let problem = if related == number {
                Some(format!("article {number} lists itself in `related`"))
            } else if seen.contains(related) {
                Some(format!("`related` lists article {related} twice"))
            } else {
                None
            };
            if let Some(message) = problem {
                let at = file.front_location(&format!("related[{i}]"));
                found.push(Diagnostic::warning(Code::FrontMatter, at, message).with_source(text));
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
