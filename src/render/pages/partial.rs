//! Re-rendering part of the site, for `serve`'s incremental rebuilds: the Markdown of
//! chosen pages, and the pages that an edit to one content file's body changes, each
//! looked up in the page plan by its path.
//!
//! It renders the plan's entries with the same code as [`render_site`](super::render_site),
//! so a page rendered here is byte-identical to the one a full build makes (serve's tests
//! compare the two after every kind of edit); only the Markdown comes from the cache
//! `serve` keeps. It does not decide *when* a partial render is enough: `serve` does, and
//! falls back to a full render for anything but a body edit.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

pub use super::MarkdownCache;
use super::text::render_markdown;
use super::{PageSpec, Pass, PlannedPage, RenderInput, SitePlan, finish};
use crate::config::LangId;
use crate::content::{PageKey, PageKind};
use crate::diag::Failure;
use crate::model::PageVariant;
use crate::url::{SitePath, paths};

/// The Markdown of every page variant `wanted` selects.
pub fn render_markdown_of(
    input: &RenderInput<'_>,
    wanted: impl Fn(&PageVariant<'_>) -> bool,
) -> Result<MarkdownCache, Failure> {
    let variants: Vec<PageVariant<'_>> = input.model.variants().into_iter().filter(|v| wanted(v)).collect();
    render_markdown(input, &variants)
}

/// What changes when only the body of one content file changed (its front matter, its
/// path and the set of files are as before).
pub struct BodyEdit<'a> {
    pub key: &'a PageKey,
    /// The edited file, relative to the site root.
    pub file: &'a Path,
    /// Whether a translation's state (translated or stale) changed with the source's hash.
    pub states_changed: bool,
}

/// The files a body edit changes, as output path and bytes: the page in every language
/// (its own, its translations and the fallbacks that show its text), the whole
/// convention on one page in the languages that show the file (for an article), the
/// translation status pages when a translation's state changed, and the EPUB of the
/// languages that show the file.
///
/// `markdown` must hold every variant's Markdown, the edited file's already re-rendered.
pub fn render_body_edit(
    input: &RenderInput<'_>,
    markdown: &MarkdownCache,
    edit: &BodyEdit<'_>,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let model = input.model;
    let plan = SitePlan::build(model);
    let of_key: Vec<(&SitePath, &PageVariant<'_>)> = plan
        .iter()
        .filter_map(|(path, page)| match &page.spec {
            PageSpec::Content(v) if v.key == edit.key => Some((path, v)),
            _ => None,
        })
        .collect();
    let showing: BTreeSet<&LangId> =
        of_key.iter().filter(|(_, v)| v.file.path == edit.file).map(|(_, v)| v.lang).collect();
    let is_article = of_key.iter().any(|(_, v)| matches!(v.kind, PageKind::Article { .. }));
    // The EPUB of each language that shows the text holds it too (its identifier, a hash
    // of the book, changes with any part of it, so the whole book is made again).
    let in_book = of_key.iter().any(|(_, v)| crate::render::epub::holds(v));

    let mut wanted: BTreeSet<SitePath> = of_key.iter().map(|(path, _)| (*path).clone()).collect();
    for language in &model.config.languages {
        let lang = language.id.as_str();
        if is_article && showing.contains(&language.id) {
            wanted.insert(paths::full(lang));
        }
        if edit.states_changed {
            wanted.insert(paths::translations(lang));
        }
        if in_book && showing.contains(&language.id) {
            wanted.insert(paths::epub(lang));
        }
    }
    render_entries(input, &plan, markdown, wanted.iter().filter_map(|p| plan.get(p).map(|page| (p, page))))
}

/// The pages at `wanted` (output paths such as `en/about/index.html`) that are pages of
/// a language: content pages, the pages made from the data and the generated pages.
/// Others (the language chooser, 404, feeds, data files) are left out.
///
/// `markdown` must hold every variant's Markdown.
pub fn render_paths(
    input: &RenderInput<'_>,
    markdown: &MarkdownCache,
    wanted: &BTreeSet<String>,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let plan = SitePlan::build(input.model);
    let entries = wanted.iter().filter_map(|file| plan.get_file(file)).filter(|(_, page)| page.is_language_page());
    render_entries(input, &plan, markdown, entries)
}

/// Renders entries of the plan in parallel with their languages' shared values; sorted by
/// output path.
fn render_entries<'p>(
    input: &RenderInput<'_>,
    plan: &'p SitePlan<'p>,
    markdown: &MarkdownCache,
    entries: impl Iterator<Item = (&'p SitePath, &'p PlannedPage<'p>)>,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let entries: Vec<(&SitePath, &PlannedPage<'_>)> = entries.collect();
    let langs: BTreeSet<&LangId> = entries.iter().map(|(_, page)| &page.lang).collect();
    let langs: Vec<&LangId> = langs.into_iter().collect();
    let pass = Pass::new(input, plan, &langs, Some(markdown), false);
    let results = entries
        .par_iter()
        .map(|(path, page)| pass.render_entry(path, page).map(|out| (path.output_file(), out.bytes)))
        .collect();
    let mut files = finish(results)?;
    files.sort();
    Ok(files)
}
