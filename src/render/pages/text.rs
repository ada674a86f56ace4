//! The Markdown pass of a page: where its text is shown ([`TextPlacement`]: the ids'
//! prefix, how far headings move down, where links lead) and the rendering of one
//! variant's text, for its page, the whole convention on one page and the EPUB.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::config::LangId;
use crate::content::{PageKey, PageKind};
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::markdown::{self, RenderContext, Rendered};
use crate::model::PageVariant;
use crate::render::views;
use crate::url::paths;

use super::RenderInput;

/// Rendered Markdown by language and page, as `serve` keeps it between rebuilds.
pub type MarkdownCache = BTreeMap<(LangId, PageKey), Rendered>;

/// A variant's Markdown placed on its own page: links to the reader's language's pages.
/// A fallback page links articles in the reader's language but reads mentions with the
/// source language's syntax.
pub(crate) fn render_for_page(input: &RenderInput<'_>, v: &PageVariant<'_>) -> Result<Rendered, Vec<Diagnostic>> {
    let model = input.model;
    let base = &model.config.base_url;
    let lang = v.lang.as_str();
    let article_url = |n: u32| model.convention.has_article(n).then(|| base.link(&paths::article(lang, n)));
    let internal = |p: &str| base.link(&paths::internal(lang, p));
    let placement =
        TextPlacement { id_prefix: "", heading_offset: 0, article_url: &article_url, internal_link: &internal };
    render_text(input, v, &placement)
}

/// The Markdown of `variants` for their pages, in parallel, or every problem once.
pub(crate) fn render_markdown(input: &RenderInput<'_>, variants: &[PageVariant<'_>]) -> Result<MarkdownCache, Failure> {
    let results: Vec<_> =
        variants.par_iter().map(|v| render_for_page(input, v).map(|r| ((v.lang.clone(), v.key.clone()), r))).collect();
    let mut problems = Diagnostics::default();
    let mut out = BTreeMap::new();
    // A broken source breaks every fallback of it: reported once (the diagnostics dedup).
    for result in results {
        match result {
            Ok((k, r)) => {
                out.insert(k, r);
            }
            Err(ds) => problems.extend(ds),
        }
    }
    problems.finish()?;
    Ok(out)
}

/// Where a text is shown: what its ids start with, how far its headings move down, and
/// where its links lead (the site's pages, or the files of an EPUB).
pub(crate) struct TextPlacement<'a> {
    pub id_prefix: &'a str,
    pub heading_offset: u8,
    pub article_url: &'a dyn Fn(u32) -> Option<String>,
    pub internal_link: &'a dyn Fn(&str) -> String,
}

/// One variant's Markdown, placed as `placement` says.
pub(crate) fn render_text(
    input: &RenderInput<'_>,
    v: &PageVariant<'_>,
    placement: &TextPlacement<'_>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let model = input.model;
    let file_lang = model.config.lang_by_code(&v.file.lang).unwrap_or(&model.config.default_lang);
    let source_strings = input.i18n.get(file_lang);
    // The anchors' labels sit inside the body, which a fallback marks with the
    // source's lang: they are read in that language (WCAG 3.1.2).
    let permalink_label = source_strings.text("permalink");
    // Terms are in the text's language, which is the source's on an untranslated page.
    let collation = |a: &str, b: &str| source_strings.locale.compare(a, b);
    let cx = RenderContext {
        file: &v.file.path,
        body_line: v.file.body_line,
        xref: Some(&source_strings.xref),
        article_url: placement.article_url,
        internal_link: placement.internal_link,
        current_article: match v.kind {
            PageKind::Article { number, .. } => Some(*number),
            _ => None,
        },
        paragraph_anchors: matches!(v.kind, PageKind::Article { .. }),
        permalink_label: &permalink_label,
        highlighter: input.highlighter,
        allow_unsafe_html: model.config.allow_unsafe_html,
        id_prefix: placement.id_prefix,
        heading_offset: placement.heading_offset,
        section_order: views::is_glossary(v.kind).then_some(&collation as &dyn Fn(&str, &str) -> _),
    };
    v.file.with_body(|body| markdown::render(body, &cx)).map_err(|d| vec![d])?
}
